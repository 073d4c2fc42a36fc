"""How full a slide is, and how big its diagrams are drawn.

Every slide is set at full size. Only a slide whose body does not fit under its heading has its
body scaled down, in the browser (``fit.js``, which measures): the heading never shrinks.
This module estimates the same at build time, for what cannot measure (``check``, which warns
about a slide that would be scaled below ``TOO_FULL``) and to place diagrams.

Diagrams are drawn at one label size for every deck (``LABEL_PX``), whatever their natural size
and whatever the scale of the text beside them (the deck's CSS keeps a diagram's em the slide's
own). A diagram is set below the text, or beside it when it is narrow and the text would
otherwise be set small. One that cannot fit its slide at that size, even with the text at
``TEXT_FLOOR``, is scaled down to fit, and reported.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from markdown_it.token import Token

from .code_lines import code_info, number_column
from .markdown.annotations import annotation, wiki_ref
from .markdown.blocks import top_level_blocks
from .markdown.callouts import HANDOUT, callout_kind
from .markdown.divs import COLUMNS, div_of
from .math_svg import draw
from .mermaid.fonts import FONT_SIZE
from .model import Diagram, Slide

# The slide's geometry, in px of a 1280x720 (or 1024x768) slide, as theme.css sets it.
SLIDE_PADDING = (112.0, 58.0)  # horizontal and vertical padding of .slide-body
HEADING_PX = 112.0  # .slide-head: the eyebrow's line and the h2 with its rule and margin
EYEBROW_PX = 26.0  # .slide-head of a slide without a heading
HEADING_LINE_PX = 46.4 * 1.15  # one more line of a heading (1.45 em)
HEADING_CHAR_PX = 25.0  # the average width of a character of a heading
LINE_PX = 32.0 * 1.35  # one line of body text at full size
CHAR_PX = 15.0  # a character of body text at full size (Inter, 32 px: 14.9 on French prose)
CODE_LINE = 0.72 * 1.4 / 1.35  # a line of code, in lines of body text (0.72 em, line-height 1.4)
CODE_CHAR_PX = 0.72 * 32.0 * 0.6  # a character of code (JetBrains Mono: 0.6 em)
# Label text of every diagram on a slide, in px of the slide (1280x720 or 1024x768). Reveal
# shows a 1280x720 slide at 0.96 in a 1280x720 window (margin 0.04): 18.8 px is 18.05 px there,
# just over the 18 px floor, so that the most diagrams fit their slide at that size.
LABEL_PX = 18.8
DECK_SCALE = LABEL_PX / FONT_SIZE  # the drawing's scale: its labels are FONT_SIZE px
FIGURE_MARGIN_PX = 14.0  # below each diagram (0.44em)
SIDE_GAP_PX = 32.0  # between a diagram set beside the text and the text
SIDE_MIN_TEXT = 0.3  # the least share of the slide's width the text beside a diagram gets
FULL_WIDTH_AT = 0.86  # a diagram stays below text that fits at this scale, else it may go beside
TEXT_FLOOR = 0.62  # the least scale of the text beside a diagram before the diagram shrinks
# ``check`` warns about a slide whose body would be scaled below this: its text under 21 px on
# a 1280x720 slide (32 px at full size), smaller than its code at full size, is hard to read
# from the back of a room. The estimate runs 0-10 % under what the browser measures, so a
# slide warned about needs no more than about 70 %: twelve long bullets and a four-line code
# block do not reach it (about 74 %), sixteen bullets and the code block do (59 %).
TOO_FULL = 0.65
TOO_LARGE = "diagram too large for one slide: split it, or give it a slide of its own"


def too_full_message(scale: float) -> str:
    return f"slide too full: {math.floor(scale * 100)} % scale; split it"


@dataclass
class SlideFit:
    """The scale a slide's body needs to fit (1.0: it fits at full size, estimated), and the
    size, in slide px, of each diagram it holds."""

    scale: float = 1.0
    sizes: dict[int, tuple[float, float]] = field(default_factory=dict)  # by diagram line
    too_large: list[Diagram] = field(default_factory=list)
    side: set[int] = field(default_factory=set)  # diagrams set beside the text, by line


@dataclass(frozen=True)
class Room:
    """A slide's free area under its heading, in slide px."""

    width: float
    height: float


def slide_room(slide: Slide, size: tuple[int, int] = (1280, 720)) -> Room:
    width = size[0] - SLIDE_PADDING[0]
    head = EYEBROW_PX
    if slide.heading:  # a long heading takes two lines (or more)
        chars = len(slide.heading.text) + 2  # its emoji
        head = HEADING_PX + (math.ceil(chars * HEADING_CHAR_PX / width) - 1) * HEADING_LINE_PX
    return Room(width, size[1] - SLIDE_PADDING[1] - head)


def fit_slide(slide: Slide, size: tuple[int, int] = (1280, 720)) -> SlideFit:
    """Diagrams at the deck's label size; the text around them at the scale that fits: below
    the diagram, or beside a narrow one when the text would otherwise be set small."""
    room = slide_room(slide, size)
    diagrams = slide_diagrams(slide.body)
    if not diagrams:
        return SlideFit(_scale_to_fit(slide.body, room.width, room.height))
    sizes = {d.line: (d.width * DECK_SCALE, d.height * DECK_SCALE) for d in diagrams}
    below = _below(slide.body, sizes, room)
    if below >= FULL_WIDTH_AT:
        return SlideFit(below, sizes)
    text = [b for b in top_level_blocks(slide.body) if not slide_diagrams(b)]
    beside = _beside(slide.body, sizes, room) if text and _top_level(slide.body) else 0.0
    if max(below, beside) >= TEXT_FLOOR:
        side = set(sizes) if beside > below else set()
        return SlideFit(max(below, beside), sizes, side=side)
    return _shrunk(slide.body, diagrams, sizes, room)


def _below(body: list[Token], sizes: dict[int, tuple[float, float]], room: Room) -> float:
    """The text's scale with every diagram below or between its blocks (0: they do not fit)."""
    drawn = sum(h + FIGURE_MARGIN_PX for _, h in sizes.values())
    if max(w for w, _ in sizes.values()) > room.width or drawn >= room.height:
        return 0.0
    return _scale_to_fit(body, room.width, room.height - drawn)


def _beside(body: list[Token], sizes: dict[int, tuple[float, float]], room: Room) -> float:
    """The text's scale in the column beside the slide's one diagram (0: no such column)."""
    if len(sizes) > 1:
        return 0.0
    width, height = next(iter(sizes.values()))
    column = room.width - width - SIDE_GAP_PX
    if column < room.width * SIDE_MIN_TEXT or height > room.height:
        return 0.0
    return _scale_to_fit(body, column, room.height)


def _top_level(body: list[Token]) -> bool:
    """Whether the slide's diagrams are blocks of their own (not inside a list or a quote)."""
    return all(t.level == 0 for t in body if t.type == "fence" and annotation(t).diagram)


def side_first(body: list[Token], fit: SlideFit) -> list[Token]:
    """The body with a diagram set beside the text first, so that it floats beside it."""
    first = [t for t in body if t.type == "fence" and _line(t) in fit.side]
    return first + [t for t in body if t not in first] if first else body


def _line(token: Token) -> int:
    diagram = annotation(token).diagram
    return diagram.line if diagram is not None else -1


def _scale_to_fit(body: list[Token], width: float, height: float) -> float:
    """The largest scale of the text (to 1/256) at which its estimated height fits."""
    if text_px(body, 1.0, width) <= height:
        return 1.0
    low, high = 0.0, 1.0
    for _ in range(8):
        middle = (low + high) / 2
        low, high = (middle, high) if text_px(body, middle, width) <= height else (low, middle)
    return low


def text_px(body: list[Token], scale: float, width: float) -> float:
    """The text's estimated height, in slide px, at ``scale`` in a column ``width`` px wide
    (drawn diagrams count nothing here)."""
    if scale <= 0.0:
        return math.inf
    return estimate_lines(body, width / (CHAR_PX * scale), scale) * LINE_PX * scale


def _shrunk(body: list[Token], diagrams: list[Diagram], sizes: dict[int, tuple[float, float]],
            room: Room) -> SlideFit:
    """The slide's diagrams scaled down together to fit what the text at its floor leaves."""
    room_h = room.height - text_px(body, TEXT_FLOOR, room.width)
    total_h = sum(h + FIGURE_MARGIN_PX for _, h in sizes.values())
    tall = max(0.25, room_h / total_h) if total_h > room_h else 1.0
    fit = SlideFit(TEXT_FLOOR)
    for diagram in diagrams:
        w, h = sizes[diagram.line]
        scale = min(tall, room.width / w if w > room.width else 1.0)
        fit.sizes[diagram.line] = (w * scale, h * scale)
        if scale < 1.0:
            fit.too_large.append(diagram)
    return fit


def slide_diagrams(tokens: list[Token]) -> list[Diagram]:
    """The drawn diagrams (SVG at build time) among a slide's tokens, nested ones included."""
    found = (annotation(t).diagram for t in tokens if t.type == "fence")
    return [d for d in found if d is not None and d.svg and d.width and d.height]


# --- The text's height, in lines of body text ---------------------------------------------------
# Each block's lines at a given width (in characters of body text at full size) and scale (code
# and tables have their own width, in proportion); margins and paddings in lines as well.
BLOCK_GAP = 0.45  # the margin below a paragraph, a list, a code block (0.6 em)
ITEM_GAP = 0.2  # between two items of a list (0.15 em above and below)
INDENT_CHARS = 2.3  # a list's indent (1.1 em), in characters
TABLE_TYPE = 0.72  # a table's type, in body text
TABLE_ROW_PADDING = 0.33  # a table row's padding (0.3 em above and below) and rule
CELL_PADDING_CHARS = 2.4  # a cell's padding (0.6 em on either side), in characters of the table
MIN_COLUMN = 0.08  # the least share of a table's width a column gets
QUOTE_PADDING = 0.6  # a quote's or callout's padding (0.4 em above and below)
IMAGE_LINES = 11.0  # an image: at most 480 px high
UNDRAWN_DIAGRAM_LINES = 9.0  # a diagram drawn in the browser (mermaid.js)


def estimate_lines(tokens: list[Token], chars: float, scale: float = 1.0) -> float:
    """Lines of body text the tokens take in a column ``chars`` characters wide; drawn
    diagrams count nothing here (``fit_slide`` adds them)."""
    return sum(_block_lines(block, chars, scale) for block in top_level_blocks(tokens))


def _block_lines(block: list[Token], chars: float, scale: float) -> float:
    first = block[0]
    if first.type == "fence":
        return _fence_lines(first, chars, scale)
    if first.type == "math_block":  # display math: its drawing's height (math_svg.py)
        return max(1.0, draw(first.content, True).height * 32.0 / LINE_PX) + BLOCK_GAP
    if first.type == "table_open":
        return _table_lines(block, chars) + BLOCK_GAP
    if first.type == "heading_open":
        return 1.3
    if first.type in ("bullet_list_open", "ordered_list_open"):
        return _list_lines(block, chars, scale) + BLOCK_GAP
    if first.type == "embed_open":  # an embedded passage: a box, and its source line
        return estimate_lines(block[1:-1], chars - 2, scale) + QUOTE_PADDING + 0.7
    if first.type == "blockquote_open":
        if callout_kind(first) == HANDOUT:
            return 0.0  # students' text: printed, never on the slide
        return estimate_lines(block[1:-1], chars - 2, scale) + QUOTE_PADDING
    if first.type == "div_open":
        return _div_lines(block, chars, scale)
    inlines = [t for t in block if t.type == "inline"]
    return sum(_text_lines(t, chars) for t in inlines) + BLOCK_GAP


def _div_lines(block: list[Token], chars: float, scale: float) -> float:
    """A fenced div's content; ``::: columns`` side by side: the tallest column, each in an
    equal share of the width."""
    inner = block[1:-1]
    div = div_of(block[0])
    columns = [c[1:-1] if c[0].type == "div_open" else c for c in top_level_blocks(inner)]
    if div is None or not div.has(COLUMNS) or not columns:
        return estimate_lines(inner, chars, scale)
    share = chars / len(columns)
    return max(estimate_lines(column, share, scale) for column in columns)


def _fence_lines(fence: Token, chars: float, scale: float) -> float:
    diagram = annotation(fence).diagram
    if diagram is not None:
        return 0.0 if diagram.svg and diagram.width else UNDRAWN_DIAGRAM_LINES
    code = fence.content.rstrip("\n").split("\n")
    numbers = number_column(code_info(fence.info), len(code))  # their column narrows the code
    code_chars = max(8.0, (chars * CHAR_PX * scale - 32.0) / (CODE_CHAR_PX * scale) - numbers)
    lines = sum(max(1, math.ceil(len(line) / code_chars)) for line in code)
    return lines * CODE_LINE + 0.55 + BLOCK_GAP  # the box's padding, its margin


def _table_lines(block: list[Token], chars: float) -> float:
    """A table's rows: each as many lines as its fullest cell takes in its column, columns
    sharing the width in proportion to their longest cell (as a browser's table layout does)."""
    rows: list[list[int]] = []
    for token in block:
        if token.type == "tr_open":
            rows.append([])
        elif token.type == "inline" and rows:
            rows[-1].append(sum(len(line) for line in visible_lines(token)))
    columns = max((len(row) for row in rows), default=0)
    if not columns:
        return 0.0
    longest = [max((row[c] for row in rows if c < len(row)), default=0) + 1
               for c in range(columns)]
    width = max(8.0, chars / TABLE_TYPE - columns * CELL_PADDING_CHARS)
    shares = [max(MIN_COLUMN, n / sum(longest)) for n in longest]
    lines = sum(max((math.ceil(n / (width * share / sum(shares)))
                     for n, share in zip(row, shares, strict=False)), default=1)
                for row in rows) if sum(longest) > width else len(rows)
    return lines * TABLE_TYPE + len(rows) * TABLE_ROW_PADDING


def _list_lines(block: list[Token], chars: float, scale: float) -> float:
    """A list's items, nested lists included (each level indented and set at 0.9)."""
    total = 0.0
    depth = 0
    for token in block:
        if token.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif token.type == "list_item_open":
            total += ITEM_GAP
        elif token.type == "inline":
            size = 0.9 ** (depth - 1)
            width = chars / size - INDENT_CHARS * depth
            total += _text_lines(token, max(8.0, width)) * size
        elif token.type == "fence":
            total += _fence_lines(token, chars - INDENT_CHARS * depth, scale)
    return total


def _text_lines(inline: Token, chars: float) -> float:
    if any(child.type == "image" or (child.type == "wikiembed" and annotation(child).link is None)
           for child in inline.children or []):  # a note's embed not transcluded is a link
        return IMAGE_LINES
    return sum(max(1, math.ceil(len(line) / chars)) for line in visible_lines(inline))


def visible_lines(inline: Token) -> list[str]:
    """The text a reader sees of an inline token, line by line: link targets, markup and
    soft breaks are not; inline code counts its box, an emoji two characters."""
    lines = [""]
    for child in inline.children or []:
        if child.type == "hardbreak":
            lines.append("")
        elif child.type == "softbreak":
            lines[-1] += " "
        elif child.type == "code_inline":
            lines[-1] += child.content + " "
        elif child.type == "emoji":
            lines[-1] += "  "
        elif child.type in ("wikilink", "wikiembed"):
            ref = wiki_ref(child)
            lines[-1] += ref.label or ref.target
        elif child.type in ("text", "html_inline"):
            lines[-1] += child.content
    return lines
