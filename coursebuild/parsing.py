"""Markdown to model: parse a chapter once and split its token stream into sections and slides."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from markdown_it.token import Token

from .config import load_front_matter
from .emoji import strip_emoji
from .errors import ContentError
from .markdown import parser
from .markdown.annotations import is_callout, set_diagram, set_in_notes, source_line, wiki_ref
from .markdown.blocks import NOTE_PREFIXES, SLIDE_HEADINGS, slugify, top_level_blocks
from .markdown.bounds import reported_at
from .markdown.callouts import AUDIENCE_KINDS, callout_kind
from .markdown.directives import SLIDE as SLIDE_DIRECTIVE
from .markdown.divs import NOTES_AWARE, take_notes
from .model import Chapter, Diagram, FrontMatter, Heading, Resource, Section, Slide

RESOURCE_WORDS = ("ressources", "resources", "références", "references", "sources")


def parse_chapter(path: Path, text: str) -> Chapter:
    """One chapter file to its model (raises ContentError on bad input)."""
    with reported_at(path):  # the bounds on Markdown's work, checked while parsing
        tokens = parser().parse(text)
        splitter = _Splitter(path)
        for block in top_level_blocks(tokens):
            splitter.feed(block)
        chapter = splitter.finish()  # parses the front matter's subtitle too
    if not chapter.slides:
        raise ContentError(path, 1, "empty chapter: write at least a '# Title' heading")
    return chapter


def title_lines(chapter: Chapter, text: str) -> int:
    """How many of the file's first lines, parsed alone, give the chapter's title heading as
    the whole file gives it (0 when none do: a reference link or a footnote defined further
    down, or no title): a build that does not parse the chapter in full parses those to show
    its title."""
    title = chapter.title
    if title is None or not title.inline.map:
        return 0
    last = title.inline.map[1]
    for end in (last, last + 1):  # a setext heading's underline is the line after its words
        try:
            head = parse_head(chapter.path, text, end)
        except ContentError:
            return 0
        if head.title and _same_tokens(head.title.inline, title.inline):
            return end
    return 0


def parse_head(path: Path, text: str, lines: int) -> Chapter:
    """The chapter's first ``lines`` lines (as Markdown counts them), parsed."""
    head = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")[:lines]
    return parse_chapter(path, "\n".join(head) + "\n")


def _same_tokens(one: Token, other: Token) -> bool:
    """The same tokens, what later stages annotate (``meta``) left aside."""
    fields = ("type", "tag", "nesting", "attrs", "map", "content", "markup", "info", "hidden")
    one_children, other_children = one.children or [], other.children or []
    return all(getattr(one, name) == getattr(other, name) for name in fields) and \
        len(one_children) == len(other_children) and \
        all(_same_tokens(a, b) for a, b in zip(one_children, other_children, strict=True))


def plain_text(inline: Token) -> str:
    """The words of an inline token, without markup or emoji (wiki-link labels included)."""
    words = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline"):
            words.append(child.content)
        elif child.type in ("wikilink", "wikiembed"):
            ref = wiki_ref(child)
            words.append(ref.label or ref.target)
        elif child.type in ("softbreak", "hardbreak"):
            words.append(" ")
    return " ".join(strip_emoji("".join(words)).split())


def block_line(block: list[Token]) -> int:
    return next((t.map[0] + 1 for t in block if t.map), 1)


@dataclass
class _Splitter:
    """Walks top-level blocks and opens slides at headings, ``---`` and notes."""

    path: Path
    title: Heading | None = None
    front: FrontMatter = field(default_factory=FrontMatter)
    sections: list[Section] = field(default_factory=list)
    resources: list[Resource] = field(default_factory=list)
    diagrams: list[Diagram] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)
    suffixes: dict[str, int] = field(default_factory=dict)  # next -N to try per slug
    in_notes: bool = False

    def feed(self, block: list[Token]) -> None:
        first = block[0]
        if first.type == "front_matter":
            self.front = front_matter(first.content, self.path, (first.map or [0])[0] + 2)
        elif first.type == "heading_open" and first.tag in SLIDE_HEADINGS:
            self._heading(block)
        elif first.type == "hr":
            self._open_slide("continuation", block_line(block))
        else:
            self._content(block)

    def finish(self) -> Chapter:
        for section in self.sections:
            _drop_empty_section_slide(section)
        first = self.sections[0].slides[0] if self.sections and self.sections[0].slides else None
        if self.front.subtitle and first and first.kind == "title":
            # the front matter's subtitle, as if it were the blockquote under the title
            first.subtitle = parser().parse("> " + " ".join(self.front.subtitle.split()))
        return Chapter(self.path.stem, self.path, self.title, self.sections, self.front,
                       self.resources, self.diagrams)

    def _heading(self, block: list[Token]) -> None:
        level = int(block[0].tag[1])
        heading = self._make_heading(level, block[1])
        if level == 1:
            self.title = self.title or heading
            self.sections.append(Section(heading))
            self._open_slide("title", heading.line, heading)
        elif level == 2:
            is_resources = any(word in heading.text.lower() for word in RESOURCE_WORDS)
            self.sections.append(Section(heading, is_resources=is_resources))
            self._open_slide("section", heading.line, heading)
        else:
            self._open_slide("slide", heading.line, heading)

    def _make_heading(self, level: int, inline: Token) -> Heading:
        text = plain_text(inline)
        anchor = base = slugify(text)
        n = self.suffixes.get(base, 2)  # where the last search stopped: n headings "a" cost n
        while anchor in self.anchors:
            anchor, n = f"{base}-{n}", n + 1
        self.suffixes[base] = n
        self.anchors.add(anchor)
        return Heading(level, inline, text, anchor, (inline.map or [0])[0] + 1)

    def _open_slide(self, kind: str, line: int, heading: Heading | None = None) -> None:
        settings = self._settings_only()
        if not self.sections:
            self.sections.append(Section(None))
        slide = Slide(kind, line, heading, body=settings)  # type: ignore[arg-type]
        self.sections[-1].slides.append(slide)
        self.in_notes = False

    def _settings_only(self) -> list[Token]:
        """A slide without a heading that holds only ``<!-- .slide: -->`` directives (written
        after ``---`` or at the top of the file, above the heading, as reveal-md decks do):
        taken out, its directives belong to the slide that opens now."""
        slides = [slide for section in self.sections for slide in section.slides]
        last = slides[-1] if slides else None
        if last is None or last.heading or last.notes or last.subtitle or not last.body \
                or not _settings(last.body):
            return []
        next(s for s in reversed(self.sections) if last in s.slides).slides.remove(last)
        return last.body

    def _content(self, block: list[Token]) -> None:
        if not self.sections:
            self._open_slide("slide", block_line(block))
        slide = self.sections[-1].slides[-1]
        block, notes = take_notes(block)  # ``::: notes``: the speaker's, wherever it is
        if notes:
            self._collect(notes)
            _mark_in_notes(notes)
            slide.notes += notes
        if not block:
            return
        if _starts_notes(block):
            self.in_notes = True
        self._collect(block)
        if self.in_notes and not _for_the_slide(block):
            _mark_in_notes(block)
            slide.notes += block
        elif slide.kind == "title" and _settings(slide.body) and not slide.subtitle \
                and _is_quote(block):
            slide.subtitle = block  # the first plain quote under the title; the rest is body
        else:
            slide.body += block

    def _collect(self, block: list[Token]) -> None:
        for token in block:
            if token.type == "fence" and token.info.strip().split(" ")[:1] == ["mermaid"]:
                diagram = Diagram(token.content, _diagram_kind(token.content), token.map[0] + 2)
                set_diagram(token, diagram)
                self.diagrams.append(diagram)
            elif token.type == "inline" and self._in_resources():
                self.resources += _links(token)

    def _in_resources(self) -> bool:
        return bool(self.sections) and self.sections[-1].is_resources


def front_matter(text: str, path: Path, first_line: int) -> FrontMatter:
    """A chapter's front matter, validated against its schema."""
    values = load_front_matter(text, path, first_line)
    slides = values.pop("slides", {})
    figures = values.pop("markdown", {}).get("implicit_figures")
    return FrontMatter(**values, transition=slides.get("transition", ""),
                       incremental=slides.get("incremental"), implicit_figures=figures)


def _settings(body: list[Token]) -> bool:
    """Whether a slide's body holds nothing but ``<!-- .slide: -->`` directives (or nothing)."""
    return all(token.type == SLIDE_DIRECTIVE for token in body)


def _is_quote(block: list[Token]) -> bool:
    """A plain ``>`` quote: not a callout, which stays in the slide's body."""
    return block[0].type == "blockquote_open" and not is_callout(block[0])


def _for_the_slide(block: list[Token]) -> bool:
    """A students' text, answer or solution callout written among the notes belongs to the
    slide all the same (the notes go on after it): the notes are the instructor's alone."""
    return callout_kind(block[0]) in AUDIENCE_KINDS


def _mark_in_notes(block: list[Token]) -> None:
    """Callouts nested in a note are part of it (the speaker's): never a fragment, never off
    to the students; nor are its lists and divs ever fragments."""
    for token in block:
        if callout_kind(token) is not None or token.type in (*NOTES_AWARE, "fence"):
            set_in_notes(token)


def _starts_notes(block: list[Token]) -> bool:
    if block[0].type != "paragraph_open" or not block[1].children:
        return False
    first = block[1].children[0]
    for prefix in NOTE_PREFIXES:
        if first.type == "text" and first.content.startswith(prefix):
            first.content = first.content[len(prefix) :].lstrip()
            return True
    return False


def _drop_empty_section_slide(section: Section) -> None:
    """A ``##`` with nothing under it before its first ``###`` makes no slide of its own."""
    slides = section.slides
    if len(slides) > 1 and slides[0].kind == "section" and not slides[0].body:
        slides[1].notes = slides[0].notes + slides[1].notes
        del slides[0]


def _diagram_kind(source: str) -> str:
    for line in source.splitlines():
        words = line.split()
        if words and not line.lstrip().startswith("%%"):
            return words[0]
    return ""


def _links(inline: Token) -> list[Resource]:
    found: list[Resource] = []
    children = inline.children or []
    for i, child in enumerate(children):
        if child.type == "link_open" and str(child.attrGet("href") or "").startswith("http"):
            label_parts = []
            for inner in children[i + 1 :]:
                if inner.type == "link_close":
                    break
                label_parts.append(inner.content)
            label = "".join(label_parts).strip()
            found.append(Resource(label, str(child.attrGet("href")), source_line(child) or 0))
    return found
