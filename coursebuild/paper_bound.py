"""How much paper a chapter makes: its PDFs' pages and layout work, estimated from the model.

WeasyPrint's layout is where a handout's time and memory go. So paper is bounded before
anything is laid out: a chapter whose PDFs would pass ``MAX_CHAPTER_PAGES`` is refused paper
with an error at the chapter (its deck is still built), and the book is refused past
``MAX_BOOK_PAGES``. Pages are counted by the work they cost, in pages of plain text: highlighted
code, emoji, table cells, diagrams and SVG images cost WeasyPrint far more than the room they
take.
The sizes follow ``templates/handout.css``; the costs were measured (``bench/stress.py``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from markdown_it.token import Token
from pygments.token import Text

from .errors import ContentError, Diagnostics
from .fragment_steps import extra_pages
from .handout_kinds import (
    BOOKS,
    CHAPTER_KINDS,
    INSTRUCTOR,
    READING,
    STUDENTS,
    HandoutKind,
    kind_named,
)
from .html import code_tokens, for_audience
from .markdown.annotations import annotation, wiki_ref
from .markdown.blocks import top_level_blocks
from .model import Chapter, Course, Diagram
from .paper_column import paper_drawn_size, paper_scale

# Fixed, not settings: they are what bounds a build's time and memory (bench/stress.py). The
# shipped chapters take 40 to 75 pages' worth each, their book about 150. The largest chapter
# allowed (56 pages to read, 182 slides) builds `all` in 42 s and 340 MB a process on the
# shared two-core machine (40 CPU-s: about 20 s on two free cores); a book at the bound keeps
# one process at about 600 MB.
MAX_CHAPTER_PAGES = 400  # a chapter's PDFs together (every chapter kind), in work pages
MAX_BOOK_PAGES = 500  # a book (course.pdf, course-instructor.pdf), each, in work pages

KINDS = tuple(kind.name for kind in CHAPTER_KINDS)  # each costs what its row's PaperCost says


@dataclass(frozen=True)
class Sheet:
    """The area a page's content flows in, in mm (``@page`` margins 22/18/20 mm)."""

    width: float
    height: float


SHEETS = {"A4": Sheet(174.0, 255.0), "Letter": Sheet(179.9, 237.4)}
FILL = 1.0  # share of a page's height that text fills (breaks avoided lose some; calibrated)
PT = 25.4 / 72  # mm per point
PX = 25.4 / 96  # mm per CSS pixel


@dataclass(frozen=True)
class Type:
    """A text style of the handout: font size in pt, line height in pt, advance in em."""

    size: float
    line_pt: float
    advance: float = 0.52  # the mean advance of Inter's characters in French text

    @property
    def line(self) -> float:
        return self.line_pt * PT

    def lines(self, chars: int, width: float) -> int:
        per_line = max(1, int(width / (self.size * self.advance * PT)))
        return max(1, math.ceil(chars / per_line))


BODY = Type(10.5, 10.5 * 1.45)
NOTES = Type(9.5, 9.5 * 1.45)
TABLE = Type(9.0, 9.0 * 1.45)
CODE = Type(8.3 * 0.88, 8.3 * 1.4, 0.6)  # the <pre>'s strut sets the line height
SOURCE = Type(8.0, 8.0 * 1.2, 0.6)  # a diagram drawn as its source
HEADING_SIZES = {"h1": 22.0, "h2": 15.0, "h3": 12.0}
COLLAPSED = 2.75  # mm of a heading's top margin shared with the bottom margin above it


@dataclass
class Tally:
    """What a chapter's body gives WeasyPrint to lay out."""

    height: float = 0.0  # mm of the reading handout
    lines: int = 0  # lines of text
    boxes: int = 0  # blocks: paragraphs, list items, headings, quotes, table cells
    spans: int = 0  # highlighted code: a box per token Pygments colours
    emoji: int = 0  # an image each
    svg_bytes: int = 0  # drawn diagrams
    svg_image_bytes: int = 0  # SVG images, drawn again at each use
    scale: float = 0.0  # the reading handout's one scale for the chapter's diagrams
    page: float = SHEETS["A4"].height  # mm of text a page holds

    def add(self, height: float, **counts: int) -> None:
        self.height += height
        for name, count in counts.items():
            setattr(self, name, getattr(self, name) + count)


# Layout costs in ms (CPU, WeasyPrint 6x on the shared two-core machine): a page of plain text
# costs about PAGE_MS; the estimate is stated in such pages.
PAGE_MS = 80.0
DOCUMENT_MS = 300.0  # fonts and stylesheets, once per PDF
COST_MS = {"lines": 1.2, "boxes": 2.0, "spans": 1.15, "emoji": 3.5, "svg_bytes": 0.0055,
           "svg_image_bytes": 0.0022}


@dataclass(frozen=True)
class PaperEstimate:
    """A chapter's PDFs: pages a reader would count, and layout work in pages of text."""

    stem: str
    pages: dict[str, int]  # kind -> pages
    work: dict[str, int]  # kind -> pages of plain text that cost as much to lay out
    mostly: str  # what costs most: text, highlighted code, emoji, diagrams or SVG images

    def total(self, kinds: Collection[str]) -> int:
        return sum(self.work[kind] for kind in KINDS if kind in kinds)

    def describe(self, kinds: Collection[str]) -> str:
        counts = [f"{kind} {self.pages[kind]}" for kind in KINDS if kind in kinds]
        if counts and counts[0].startswith(READING.name):
            counts[0] += " page" if self.pages[READING.name] == 1 else " pages"
        return ", ".join(counts) + ("" if self.mostly == "text" else f"; mostly {self.mostly}")


COSTLIEST = {"lines": "text", "boxes": "text", "spans": "highlighted code", "emoji": "emoji",
             "svg_bytes": "diagrams", "svg_image_bytes": "SVG images"}


def estimate_chapter(chapter: Chapter, paper: str = "A4", steps: bool = False) -> PaperEstimate:
    """Each chapter kind's pages and work, from what its edition prints: the students' reading
    has no speaker note and no answer, the instructor's has both. ``steps``: the slides PDF
    prints a page per fragment step (``handouts.fragments``)."""
    sheet = SHEETS.get(paper, SHEETS["A4"])
    tallies = {audience: chapter_tally(chapter, sheet.width, sheet.height, audience)
               for audience in (STUDENTS, INSTRUCTOR)}
    pages, work = {}, {}
    for kind in CHAPTER_KINDS:
        paper = kind.paper_cost
        assert paper is not None, f"the {kind.name} row has no PaperCost"
        tally = tallies[INSTRUCTOR if kind.instructor and not kind.slide_diagrams else STUDENTS]
        text_pages = max(1, math.ceil(tally.height / (sheet.height * FILL)))
        stepped = extra_pages(chapter) if steps and kind.slide_page else 0
        pages[kind.name] = paper.pages(text_pages, len(chapter.slides) + stepped)
        work[kind.name] = math.ceil((DOCUMENT_MS + sum(_costs(tally).values())
                                     * paper.content_share
                                     + pages[kind.name] * paper.page_ms) / PAGE_MS)
    costs = _costs(tallies[STUDENTS])
    by_kind = {kind: sum(ms for name, ms in costs.items() if COSTLIEST[name] == kind)
               for kind in COSTLIEST.values()}
    return PaperEstimate(chapter.stem, pages, work, max(by_kind, key=by_kind.__getitem__))


def _costs(tally: Tally) -> dict[str, float]:
    return {name: getattr(tally, name) * cost for name, cost in COST_MS.items()}


def keep_within_bounds(course: Course, chapters: list[Chapter], diagnostics: Diagnostics, *,
                       book: bool) -> list[Chapter]:
    """The chapters whose PDFs are within the bound; the others are refused paper (an error at
    the chapter that leaves its deck alone), and so is the book past its own bound."""
    refusals = paper_refusals(course, chapters, book=book)
    for refusal in refusals:
        diagnostics.refuse_paper(refusal)
    refused = {refusal.path for refusal in refusals}
    return [chapter for chapter in chapters if chapter.path not in refused]


def paper_refusals(course: Course, chapters: list[Chapter], *, book: bool) -> list[ContentError]:
    """An error at each of ``chapters`` whose PDFs would pass ``MAX_CHAPTER_PAGES``; with
    ``book``, one at ``course.yaml`` if the book would pass ``MAX_BOOK_PAGES`` (only when no
    chapter is refused: the book, all chapters or none, is not built then anyway)."""
    kinds = course.config.handouts.kinds
    paper = course.config.handouts.paper
    steps = course.config.handouts.fragments == "steps"
    estimates = {c.stem: estimate_chapter(c, paper, steps) for c in course.chapters}
    refused = [_chapter_refusal(c, estimates[c.stem], kinds) for c in chapters
               if estimates[c.stem].total(kinds) > MAX_CHAPTER_PAGES]
    if refused or not book:
        return refused
    return _book_refusal(course, list(estimates.values()))


def course_paper_refusals(course: Course, diagnostics: Diagnostics) -> list[ContentError]:
    """The chapters without errors (and the book) too long for paper, as a handouts build
    would refuse them."""
    buildable = [c for c in course.chapters if not diagnostics.errors_in(c.path)]
    return paper_refusals(course, buildable, book=bool(_chosen_books(course)))


def paper_refused(course: Course, diagnostics: Diagnostics) -> set[str]:
    """Chapters too long for paper: their deck is built, their PDFs (if any) are older."""
    refused = {refusal.path for refusal in course_paper_refusals(course, diagnostics)}
    outlined = {outline.stem for outline in course.outlines if outline.no_paper}
    return {chapter.stem for chapter in course.chapters if chapter.path in refused} | outlined


def _chapter_refusal(chapter: Chapter, estimate: PaperEstimate,
                     kinds: Collection[str]) -> ContentError:
    return ContentError(chapter.path, None,
                        f"its handouts would take about {estimate.total(kinds)} pages' worth of "
                        f"layout ({estimate.describe(kinds)}), more than the {MAX_CHAPTER_PAGES} "
                        "a chapter's handouts may have: split the chapter"
                        + (" or its diagrams" if estimate.mostly == "diagrams" else ""))


def _chosen_books(course: Course) -> list[HandoutKind]:
    return [kind for kind in BOOKS if kind.name in course.config.handouts.kinds]


def book_work(estimates: list[PaperEstimate], book: HandoutKind = BOOKS[0]) -> int:
    """A book lays every chapter out again, in one document, as its row's chapter kind (the
    students' reading handout, or the instructor's)."""
    laid_out_as = kind_named(book.chapters_as or READING.name).name
    return 2 + sum(estimate.work[laid_out_as] for estimate in estimates)


def _book_refusal(course: Course, estimates: list[PaperEstimate]) -> list[ContentError]:
    """One error for the books past their bound (the instructor's is the longer one)."""
    over = [(kind, work) for kind in _chosen_books(course)
            if (work := book_work(estimates, kind)) > MAX_BOOK_PAGES]
    if not over:
        return []
    files = ", ".join(kind.file_name() for kind, _ in over)
    names = " and ".join(f"'{kind.name}'" for kind, _ in over)
    return [ContentError(course.root / "course.yaml", None,
                         f"the book ({files}) would take about {max(w for _, w in over)} pages' "
                         f"worth of layout, more than the {MAX_BOOK_PAGES} it may have: leave "
                         f"{names} out of handouts: kinds, or split the course")]


def chapter_tally(chapter: Chapter, width: float, page: float = SHEETS["A4"].height,
                  audience: str = STUDENTS) -> Tally:
    """What ``audience``'s reading handout lays out: the instructor's adds the speaker notes,
    in their box, and the answers."""
    # the title block (course, title, byline); diagrams at the reading handout's scale
    tally = Tally(height=45.0, lines=4, boxes=4, scale=paper_scale(chapter.diagrams), page=page)
    instructor = audience == INSTRUCTOR
    if instructor:  # the edition's name and the planned duration
        tally.add(10.0, lines=2, boxes=2)
    for slide in chapter.slides:
        if slide.heading and slide.kind in ("section", "slide"):
            _heading(tally, "h2" if slide.kind == "section" else "h3", len(slide.heading.text),
                     width)
        _flow(tally, for_audience(slide.body, audience), width, BODY)
        if slide.notes and instructor:  # a ruled box, its label, then the notes
            tally.add(9.0, lines=1, boxes=2)
            _flow(tally, slide.notes, width - 9.0, NOTES)
    return tally


def _heading(tally: Tally, tag: str, chars: int, width: float) -> None:
    size = HEADING_SIZES.get(tag, 10.5)
    lines = Type(size, size * 1.2).lines(chars, width)
    # handout.css margins, the top one collapsed with the block above (p 2.5, code 3 mm)
    margin = {"h2": 12.5 - COLLAPSED, "h3": 7.0 - COLLAPSED}.get(tag, 5.5)
    tally.add(lines * size * 1.2 * PT + margin, lines=lines, boxes=1)


def _flow(tally: Tally, tokens: list[Token], width: float, style: Type) -> None:
    for block in top_level_blocks(tokens):
        rule = BLOCK_RULES.get(block[0].type, _nested)
        rule(tally, block, width, style)


def _fence(tally: Tally, block: list[Token], width: float, style: Type) -> None:
    diagram = annotation(block[0]).diagram
    if diagram is not None:
        _diagram(tally, diagram, width)
    else:
        _code(tally, block[0].content, block[0].info.strip().split(" ")[0], width)


def _code(tally: Tally, code: str, lang: str, width: float) -> None:
    lines = sum(CODE.lines(len(line), width - 6.0) for line in code.rstrip("\n").split("\n"))
    tally.add(lines * CODE.line + 8.0, lines=lines, boxes=1, spans=_spans(code, lang))


@lru_cache(maxsize=4096)  # each block is tallied for both editions, and again for the landing page
def _spans(code: str, lang: str) -> int:
    """The coloured runs of ``code``, as the highlighter (``html.highlight_code``) writes them:
    each is an inline box, and they, not the lines, are what code costs to lay out."""
    spans, last = 0, Text
    for token_type, _ in code_tokens(code, lang):
        spans += token_type is not last and token_type is not Text
        last = token_type
    return spans



def _diagram(tally: Tally, diagram: Diagram, width: float) -> None:
    if not diagram.svg:  # drawn as its source, in a framed box
        lines = sum(SOURCE.lines(len(line), width - 8.0) for line in diagram.source.split("\n"))
        tally.add(lines * SOURCE.line + 14.0, lines=lines, boxes=2)
        return
    # drawn as the reading handout draws it (html.diagram_size at the chapter's one scale);
    # a figure never breaks: one that meets a page's end moves on and leaves the rest blank
    _, drawn_h = paper_drawn_size(diagram, tally.scale)
    height = drawn_h * PX + 6.0
    room = tally.page - tally.height % tally.page
    blank = room if height > room and height <= tally.page else 0.0
    tally.add(blank + height, svg_bytes=len(diagram.svg), boxes=1)


def _table(tally: Tally, block: list[Token], width: float, style: Type) -> None:
    rows: list[list[Token]] = []
    for token in block:
        if token.type == "tr_open":
            rows.append([])
        elif token.type == "inline" and rows:
            rows[-1].append(token)
    widths = _column_widths([[_chars(cell) for cell in row] for row in rows], width)
    for row in rows:
        cells = zip(row, widths, strict=False)  # a row may have fewer cells than the header
        lines = max([TABLE.lines(_chars(cell), w) for cell, w in cells] or [1])
        tally.add(lines * TABLE.line + 2.6, lines=lines, boxes=len(row) + 1,
                  emoji=sum(_emoji(cell) for cell in row))
    tally.add(3.0)


def _column_widths(rows: list[list[int]], width: float) -> list[float]:
    """As the automatic table layout shares them: by the longest text of each column."""
    columns = max([len(row) for row in rows] or [1])
    longest = [max([row[i] for row in rows if i < len(row)] or [1]) or 1 for i in range(columns)]
    return [width * chars / sum(longest) - 4.0 for chars in longest]


def _heading_block(tally: Tally, block: list[Token], width: float, style: Type) -> None:
    _heading(tally, block[0].tag, _chars(block[1]), width)
    tally.add(0.0, emoji=_emoji(block[1]))


def _nested(tally: Tally, block: list[Token], width: float, style: Type) -> None:
    """Paragraphs, lists and quotes: the lines of their text at the width their indents leave."""
    indent = 0.0
    for token in block:
        indent += INDENTS.get(token.type, 0.0)
        if token.nesting == 1 and not token.hidden:
            tally.add(MARGINS.get(token.type, 0.0), boxes=1)
        if token.type == "inline":
            _text(tally, token, width - indent, style)
        elif token.type in ("fence", "code_block") and token.level:
            _fence(tally, [token], width - indent, style)


INDENTS = {"bullet_list_open": 6.0, "bullet_list_close": -6.0, "ordered_list_open": 6.0,
           "ordered_list_close": -6.0, "blockquote_open": 9.5, "blockquote_close": -9.5}
MARGINS = {"paragraph_open": 2.5, "bullet_list_open": 2.5, "ordered_list_open": 2.5,
           "list_item_open": 1.2, "blockquote_open": 7.0}


def _text(tally: Tally, inline: Token, width: float, style: Type) -> None:
    images = [annotation(child).file for child in inline.children or []
              if child.type in ("image", "wikiembed")]
    svg = sum(_svg_size(path) for path in images if isinstance(path, Path))
    lines = style.lines(_chars(inline), width)
    tally.add(lines * style.line + len(images) * 40.0, lines=lines, boxes=len(images),
              emoji=_emoji(inline), svg_image_bytes=svg)


def _svg_size(path: Path) -> int:
    """An SVG image is drawn anew wherever it is used, at a cost that grows with its size."""
    try:
        return path.stat().st_size if path.suffix.lower() == ".svg" else 0
    except OSError:
        return 0


def _raw_html(tally: Tally, block: list[Token], width: float, style: Type) -> None:
    lines = style.lines(len(block[0].content), width)  # shown as text, in a paragraph
    tally.add(lines * style.line + 2.5, lines=lines, boxes=1)


def _chars(inline: Token) -> int:
    """Characters as laid out: an emoji is an image a little wider than a letter, and an
    external link is followed by its address in brackets."""
    total = 0
    for child in inline.children or []:
        if child.type == "emoji":
            total += 2
        elif child.type == "link_open":
            total += len(str(child.attrGet("href") or "")) + 3
        elif child.type in ("wikilink", "wikiembed"):
            ref = wiki_ref(child)
            total += len(ref.label or ref.target)
        else:
            total += len(child.content)
    return total


def _emoji(inline: Token) -> int:
    return sum(child.type == "emoji" for child in inline.children or [])


BlockRule = Callable[[Tally, list[Token], float, Type], None]
BLOCK_RULES: dict[str, BlockRule] = {
    "fence": _fence,
    "code_block": lambda tally, block, width, style: _code(tally, block[0].content, "", width),
    "table_open": _table,
    "heading_open": _heading_block,
    "hr": lambda tally, block, width, style: None,
    "html_block": _raw_html,
}
