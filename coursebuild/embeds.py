"""Obsidian transclusion: ``![[note]]`` shows a whole note, ``![[note#heading]]`` one section
of it (the heading and what follows it, up to the next heading of the same or a higher level),
inside the slide that embeds it.

A note is a chapter of the course or any other Markdown file of the course folder, found as
wiki-links find chapters (by name, case ignored; output folders, hidden folders and files
outside the course folder are never read). The passage is the note's own parsed tokens, resolved
against its own file (links, images, diagrams, and the warnings they give, at its own lines),
between an ``embed_open`` and an ``embed_close`` token: a box in the slide, whose source line
links to the original. Its headings are demoted (h4 and below) so that they never open slides;
the box goes through the slide's fit like any other block. Its speaker notes join the embedding
slide's notes, in a box of their own.

What cannot be embedded is shown as a link, with a warning at the embed's line: a missing note
or heading (did you mean …?), a block reference (``#^id``), an embed that would contain itself
(a cycle), one nested deeper than ``MAX_DEPTH``, one outside a paragraph (a heading, a table
cell)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it.token import Token

from .confine import resolve_inside, shown
from .errors import ContentError, Diagnostics
from .links import (
    FileIndex,
    _closest,
    _did_you_mean,
    _folded,
    find_chapter,
    find_heading,
    is_note_embed,
    legacy_slug,
    resolve_chapter,
)
from .markdown.annotations import annotation, set_embed, set_link, source_line, wiki_ref
from .markdown.blocks import slugify, top_level_blocks
from .model import Chapter, ChapterLink, ChapterOutline, Course, EmbedSource, Heading

MAX_DEPTH = 6  # embeds inside embeds followed this deep; deeper ones are links
MAX_EMBEDS = 100  # passages copied into one chapter, nested ones included: the work is bounded
MAX_EMBEDDED_BLOCKS = 20_000  # and their blocks (paragraphs, lists…): a few hundred pages
TOP_LEVEL = 4  # an embedded passage's first heading is an h4, the next levels h5, h6


@dataclass(frozen=True)
class _Block:
    """A top-level block of a note, in reading order."""

    tokens: list[Token]
    anchor: str  # the slide it is on (where a link to it goes)
    heading: Heading | None = None  # set on a heading block
    notes: bool = False  # speaker notes


@dataclass(frozen=True)
class _Note:
    chapter: Chapter
    blocks: list[_Block]
    is_chapter: bool


@dataclass(frozen=True)
class _Passage:
    """What one embed shows."""

    note: _Note
    blocks: list[_Block]
    source: EmbedSource
    key: tuple[Path, str]  # (file, heading's anchor): what a cycle comes back to
    name: str  # in messages: ``02-Containerd#Historique``


Stack = tuple[tuple[tuple[Path, str], str], ...]  # (key, name) of the passages being expanded


def transclude(course: Course, diagnostics: Diagnostics) -> None:
    """Replace every note embed of the course's chapters by the passage it names (or, when it
    cannot be embedded, say why and leave it a link)."""
    library = _Library(course, diagnostics)
    changed = []
    for chapter in course.chapters:
        if not any(_note_embeds(t) for t in _inlines(chapter)):
            continue
        expander = _Expander(library, diagnostics)
        stack: Stack = (((chapter.path, ""), chapter.stem),)
        for slide in chapter.slides:
            if slide.heading and _note_embeds(slide.heading.inline):
                expander.not_here(slide.heading.inline, chapter)
            body, from_body = expander.expand(slide.body, chapter, stack)
            notes, from_notes = expander.expand(slide.notes, chapter, stack)
            changed.append((slide, body, notes + from_body + from_notes))
    for slide, body, notes in changed:  # every passage was read from the chapters as parsed
        slide.body, slide.notes = body, notes


def embeds_notes(chapter: Chapter) -> bool:
    """Whether the chapter has a note embed (before ``transclude``)."""
    return any(_note_embeds(token) for token in _inlines(chapter))


def embedded_notes(chapter: Chapter) -> set[Path]:
    """The notes a transcluded chapter embeds (an edit to one rebuilds the chapter)."""
    found = set()
    for slide in chapter.slides:
        for token in (*slide.body, *slide.notes):
            source = annotation(token).embed if token.type == "embed_open" else None
            if source is not None:
                found.add(source.path)
    return found


@dataclass
class _Library:
    """The notes embeds name, each read, parsed and resolved once."""

    course: Course
    diagnostics: Diagnostics
    index: FileIndex = field(init=False)
    notes: dict[Path, _Note | str] = field(default_factory=dict)
    other_files: list[Path] | None = None

    def __post_init__(self) -> None:
        self.index = FileIndex(self.course.root)

    def find(self, target: str) -> _Note | str:
        """The note ``target`` names: a chapter, else a Markdown file of the course folder."""
        name = re.sub(r"\.md$", "", target, flags=re.IGNORECASE)
        chapter = find_chapter(self.course, name)
        if isinstance(chapter, Chapter):
            return self._note(chapter.path, chapter)
        assert not isinstance(chapter, ChapterOutline), "a build with note embeds parses them all"
        files = self._files(name)
        if not files and "differ only in case" in chapter:
            return chapter
        if not files:
            names = [c.stem for c in self.course.chapters] + [p.stem for p in self._others()]
            return f"no note named '{name}'{_did_you_mean(_closest(name, names))}"
        return self._note(files[0], None)

    def this(self, chapter: Chapter) -> _Note | str:
        """The note an embed is written in (``![[#heading]]``)."""
        known = self.notes.get(chapter.path)
        return known if known is not None else self._note(chapter.path, chapter)

    def _others(self) -> list[Path]:
        """The course folder's Markdown files that are no chapter, the shallowest first."""
        if self.other_files is None:
            chapters = {c.path.resolve() for c in self.course.chapters}
            self.other_files = sorted(
                (p for p in self.index.notes() if p.resolve() not in chapters),
                key=lambda p: (len(p.parts), str(p)))
        return self.other_files

    def _files(self, name: str) -> list[Path]:
        wanted = "/" + _folded(name.strip("/"))
        return [path for path in self._others()
                if _folded("/" + path.relative_to(self.course.root).with_suffix("").as_posix())
                .endswith(wanted)]

    def _note(self, path: Path, chapter: Chapter | None) -> _Note | str:
        if path not in self.notes:
            self.notes[path] = _Note(chapter, list(_blocks(chapter)), True) if chapter \
                else self._read(path)
        return self.notes[path]

    def _read(self, path: Path) -> _Note | str:
        """A note that is no chapter: confined, parsed, resolved and drawn like one."""
        from .diagrams import render_chapter_diagrams
        from .files import read_text
        from .math_svg import warn_chapter_math
        from .media import prepare_chapter_media
        from .parsing import parse_chapter

        inside = resolve_inside(path, [self.course.root])
        if isinstance(inside, str):
            return f"refused {shown(path.name)}: {inside}"
        try:
            chapter = parse_chapter(path, read_text(inside))
        except ContentError as exc:
            if exc.message.startswith("empty chapter"):
                return f"{path.name} is empty"
            self.diagnostics.add(exc)
            return f"{path.name} has errors"
        # every stage of pipeline.prepare a chapter goes through, for this one note
        resolve_chapter(chapter, self.course, self.diagnostics, self.index)
        prepare_chapter_media(self.course, chapter, self.diagnostics)
        render_chapter_diagrams(self.course, chapter, self.diagnostics)
        warn_chapter_math(chapter, self.diagnostics)
        return _Note(chapter, list(_blocks(chapter)), False)


@dataclass
class _Expander:
    """Expands the embeds of one chapter (its budget of passages is its own)."""

    library: _Library
    diagnostics: Diagnostics
    budget: int = MAX_EMBEDS
    blocks_left: int = field(default_factory=lambda: MAX_EMBEDDED_BLOCKS)

    def expand(self, tokens: list[Token], where: Chapter,
               stack: Stack) -> tuple[list[Token], list[Token]]:
        """``tokens`` with each note embed of a paragraph replaced by its passage; and the
        passages' speaker notes. ``where``: the file the tokens come from."""
        out: list[Token] = []
        notes: list[Token] = []
        i = 0
        while i < len(tokens):
            token = tokens[i]
            if token.type == "paragraph_open" and i + 2 < len(tokens) \
                    and _note_embeds(tokens[i + 1]):
                body, more = self._paragraph(tokens[i : i + 3], where, stack)
                out += body
                notes += more
                i += 3
                continue
            if token.type == "inline" and _note_embeds(token):
                self.not_here(token, where)
            out.append(token)
            i += 1
        return out, notes

    def not_here(self, inline: Token, where: Chapter) -> None:
        for child in _note_embeds(inline):
            self.diagnostics.warn(where.path, source_line(child),
                                  f"{wiki_ref(child).raw} is shown as a link: a note is "
                                  "embedded from a paragraph of its own, not from a heading "
                                  "or a table cell")

    def _paragraph(self, block: list[Token], where: Chapter,
                   stack: Stack) -> tuple[list[Token], list[Token]]:
        """A paragraph cut around its embeds: its text, then each passage as a box."""
        out: list[Token] = []
        notes: list[Token] = []
        run: list[Token] = []
        embeds = {id(child) for child in _note_embeds(block[1])}
        for child in block[1].children or []:
            passage = self._passage(child, where, stack) if id(child) in embeds else None
            if passage is None:
                run.append(child)
                continue
            out += _paragraph_of(run, block)
            run = []
            out += passage[0]
            notes += passage[1]
        return out + _paragraph_of(run, block), notes

    def _passage(self, embed: Token, where: Chapter,
                 stack: Stack) -> tuple[list[Token], list[Token]] | None:
        """The boxed passage an embed shows, and its boxed notes; None: it stays a link."""
        ref = wiki_ref(embed)
        found = self._find(embed, where)
        problem = found if isinstance(found, str) else self._refusal(found, stack, embed)
        if problem:
            self.diagnostics.warn(where.path, source_line(embed),
                                  f"{ref.raw} is shown as a link: {problem}")
            return None
        assert isinstance(found, _Passage)
        self.budget -= 1
        self.blocks_left -= len(found.blocks)
        inner: Stack = (*stack, (found.key, found.name))
        body, notes = self._contents(found, inner)
        return _boxed(body, found.source), _boxed(notes, found.source)

    def _refusal(self, passage: _Passage, stack: Stack, embed: Token) -> str:
        keys = [key for key, _ in stack]
        if _holds(passage, embed):  # a section that embeds itself
            return f"embed cycle {passage.name} → {passage.name}"
        if passage.key in keys:
            names = [name for _, name in stack[keys.index(passage.key):]]
            return f"embed cycle {' → '.join([*names, passage.name])}"
        if len(stack) > MAX_DEPTH:
            return f"embeds nested more than {MAX_DEPTH} deep"
        if self.budget <= 0:
            return f"more than {MAX_EMBEDS} passages embedded in one chapter"
        if len(passage.blocks) > self.blocks_left:
            return f"more than {MAX_EMBEDDED_BLOCKS} blocks of text embedded in one chapter"
        return ""

    def _contents(self, passage: _Passage, stack: Stack) -> tuple[list[Token], list[Token]]:
        levels = [b.heading.level for b in passage.blocks if b.heading]
        top = min(levels, default=1)
        body = [t for b in passage.blocks if not b.notes for t in _demoted(b, top)]
        notes = [t for b in passage.blocks if b.notes for t in b.tokens]
        where = passage.note.chapter
        body, from_body = self.expand(body, where, stack)
        notes, from_notes = self.expand(notes, where, stack)
        return body, from_body + notes + from_notes

    def _find(self, embed: Token, where: Chapter) -> _Passage | str:
        ref = wiki_ref(embed)
        if not ref.target and not ref.heading:
            return "it names no note"
        note = self.library.find(ref.target) if ref.target else self.library.this(where)
        if isinstance(note, str):
            return note
        chapter = note.chapter
        link = ChapterLink(chapter.stem) if note.is_chapter else None
        if ref.heading.startswith("^"):
            if link is not None:
                set_link(embed, link)  # shown as a link to the chapter
            return _block_reference(note, ref.heading)
        label = ref.label if ref.label and not _is_size(ref.label) else ""
        if not ref.heading:
            source = EmbedSource(label or chapter.plain_title, chapter.path, link)
            return _Passage(note, note.blocks, source, (chapter.path, ""), chapter.stem)
        heading = _heading(note, ref.heading)
        if isinstance(heading, str):
            return heading
        blocks = _extent(note.blocks, heading)
        if not blocks:
            return f"nothing under '{heading.text}' in {chapter.stem}"
        if link is not None:
            link = ChapterLink(chapter.stem, blocks[0].anchor)
        label = label or f"{chapter.plain_title} > {heading.text}"
        return _Passage(note, blocks, EmbedSource(label, chapter.path, link),
                        (chapter.path, heading.anchor), f"{chapter.stem}#{heading.text}")


def _holds(passage: _Passage, embed: Token) -> bool:
    return any(child is embed for block in passage.blocks for token in block.tokens
               if token.type == "inline" for child in token.children or [])


def _is_size(label: str) -> bool:
    """``|300`` or ``|300x200``: an image's size, meaningless for a note."""
    return re.fullmatch(r"\d+(x\d+)?", label.strip()) is not None


def _heading(note: _Note, wanted: str) -> Heading | str:
    """A heading of the note: one that opens a slide (as wiki-links find them), else one
    inside a slide (h4 to h6)."""
    found = find_heading(note.chapter, wanted)
    if isinstance(found, Heading):
        return found
    slug = slugify(wanted)
    for block in note.blocks:
        heading = block.heading
        if heading and heading.level > 3 and (
                slug == heading.anchor or _folded(wanted) == legacy_slug(heading.text)):
            return heading
    return found


def _extent(blocks: list[_Block], heading: Heading) -> list[_Block]:
    """The heading's block and what follows, up to a heading of its level or a higher one."""
    start = next((i for i, b in enumerate(blocks) if b.heading is heading), None)
    if start is None:  # a heading of the navigation line: nothing to show
        return []
    end = start + 1
    while end < len(blocks) and (blocks[end].heading is None
                                 or blocks[end].heading.level > heading.level):
        end += 1
    return blocks[start:end]


def _block_reference(note: _Note, ref: str) -> str:
    """Why ``#^id`` is not embedded, with the heading above the block when it is found."""
    ident = ref[1:].strip()
    ending = re.compile(rf"(^|\s)\^{re.escape(ident)}\s*$")
    above = None
    for block in note.blocks:
        above = block.heading or above
        if any(t.type == "inline" and ending.search(t.content) for t in block.tokens):
            where = f": the block is under '{above.text}' (embed that section: " \
                    f"![[{note.chapter.stem}#{above.text}]])" if above else ""
            return f"block references (#^{ident}) are not embedded{where}"
    return f"block references (#^{ident}) are not embedded, and there is no block ^{ident} " \
           f"in {note.chapter.stem}"


def _blocks(chapter: Chapter) -> list[_Block]:
    """A chapter's blocks in reading order: headings, body, notes (its navigation line left
    out: it belongs to its own deck's footer)."""
    from .views import navigation_slide

    navigation = navigation_slide(chapter)
    blocks: list[_Block] = []
    for section in chapter.sections:
        anchor = section.heading.anchor if section.heading else ""
        if section.heading and all(s.heading is not section.heading for s in section.slides):
            blocks.append(_Block(_heading_tokens(section.heading), anchor, section.heading))
        for slide in section.slides:
            if slide is navigation:
                continue
            anchor = slide.anchor or anchor
            if slide.heading:
                blocks.append(_Block(_heading_tokens(slide.heading), anchor, slide.heading))
            for block in top_level_blocks([*slide.subtitle, *slide.body]):
                blocks.append(_Block(block, anchor, _body_heading(block)))
            blocks += [_Block(block, anchor, notes=True) for block in top_level_blocks(slide.notes)]
    return blocks


def _heading_tokens(heading: Heading) -> list[Token]:
    tag = f"h{heading.level}"
    where = [heading.line - 1, heading.line]
    return [Token("heading_open", tag, 1, map=where, block=True, markup="#" * heading.level),
            heading.inline,
            Token("heading_close", tag, -1, block=True, markup="#" * heading.level)]


def _body_heading(block: list[Token]) -> Heading | None:
    """A heading inside a slide (h4 to h6), as a ``Heading``, so an embed can name it."""
    from .parsing import plain_text

    if block[0].type != "heading_open":
        return None
    text = plain_text(block[1])
    line = (block[0].map or [0])[0] + 1
    return Heading(int(block[0].tag[1]), block[1], text, slugify(text), line)


def _demoted(block: _Block, top: int) -> list[Token]:
    """A block as it sits in the box: a heading one of h4 to h6, never one that opens a slide."""
    if block.heading is None:
        return block.tokens
    tag = f"h{min(6, TOP_LEVEL + block.heading.level - top)}"
    opening, inline, closing = block.tokens
    return [_retagged(opening, tag), inline, _retagged(closing, tag)]


def _retagged(token: Token, tag: str) -> Token:
    copy = Token(token.type, tag, token.nesting, map=token.map, block=True, markup=token.markup)
    copy.attrs = dict(token.attrs)
    return copy


def _boxed(tokens: list[Token], source: EmbedSource) -> list[Token]:
    if not tokens:
        return []
    opening = Token("embed_open", "div", 1, block=True)
    set_embed(opening, source)
    return [opening, *tokens, Token("embed_close", "div", -1, block=True)]


def _paragraph_of(run: list[Token], block: list[Token]) -> list[Token]:
    """The paragraph's text around its embeds (line breaks at its ends dropped), if any."""
    while run and run[0].type in ("softbreak", "hardbreak"):
        run = run[1:]
    while run and run[-1].type in ("softbreak", "hardbreak"):
        run = run[:-1]
    if not run or all(t.type == "text" and not t.content.strip() for t in run):
        return []
    run = [_stripped(run[0], str.lstrip), *run[1:]]
    run = [*run[:-1], _stripped(run[-1], str.rstrip)]
    inline = block[1]
    part = Token("inline", "", 0, map=inline.map, level=inline.level, children=run,
                 content="".join(t.content for t in run))
    return [block[0], part, block[2]]


def _stripped(token: Token, strip: Callable[[str], str]) -> Token:
    """A text token without the space that stood between it and an embed (a copy: the parsed
    token serves every page)."""
    if token.type != "text" or strip(token.content) == token.content:
        return token
    return Token(token.type, token.tag, token.nesting, content=strip(token.content),
                 meta=dict(token.meta or {}))


def _note_embeds(token: Token) -> list[Token]:
    """The note embeds of an inline token."""
    if token.type != "inline":
        return []
    return [child for child in token.children or []
            if child.type == "wikiembed" and is_note_embed(wiki_ref(child).target)]


def _inlines(chapter: Chapter) -> list[Token]:
    found = []
    for slide in chapter.slides:
        found += [slide.heading.inline] if slide.heading else []
        found += [t for t in (*slide.body, *slide.notes) if t.type == "inline"]
    return found
