"""How full a slide is, and how big its diagrams are drawn.

Text is estimated in lines and turned into a density class (smaller type on fuller slides).
Diagrams are drawn at one label size for every deck (``LABEL_PX``), whatever their natural
size: they never shrink with the slide's type, and the text beside them does. A diagram that
cannot fit its slide's free area at that size is scaled down to fit, and reported.

The deck scales each slide to fit in the browser as well (``fit.js``); this build-time estimate
is what print media get (WeasyPrint runs no JavaScript), and it keeps the browser's scaling small.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from markdown_it.token import Token

from .markdown.annotations import annotation
from .markdown.blocks import top_level_blocks
from .mermaid.fonts import FONT_SIZE
from .model import Diagram, Slide

LINE_CHARS = 52  # characters per line of body text on a 16:9 slide
THRESHOLDS = (11.0, 14.5, 19.0)  # estimated lines above which density goes up one step
TYPE_SCALES = (1.0, 0.86, 0.74, 0.62)  # the body's type at each density (theme.css)
# Label text of every diagram on a slide, in px of the slide (1280x720 or 1024x768). Reveal
# shows a 1280x720 slide at 0.96 in a 1280x720 window (margin 0.04): 18.8 px is 18.05 px there,
# just over the 18 px floor, so that the most diagrams fit their slide at that size.
LABEL_PX = 18.8
DECK_SCALE = LABEL_PX / FONT_SIZE  # the drawing's scale: its labels are FONT_SIZE px
LINE_PX = 32.0 * 1.35  # one line of body text at density 0 (theme.css)
SLIDE_PADDING = (120.0, 72.0)  # horizontal and vertical padding of a slide (print.css)
HEADING_PX = 96.0  # the eyebrow and the h2 with their margins
FIGURE_MARGIN_PX = 14.0  # below each diagram (0.4em)
SIDE_GAP_PX = 32.0  # between a diagram set beside the text and the text
SIDE_MIN_TEXT = 0.3  # the least share of the slide's width the text beside a diagram gets
TOO_LARGE = "diagram too large for one slide: split it, or give it a slide of its own"


@dataclass
class SlideFit:
    """A slide's density class and the size, in slide px, of each diagram it holds."""

    density: int
    sizes: dict[int, tuple[float, float]] = field(default_factory=dict)  # by diagram line
    too_large: list[Diagram] = field(default_factory=list)
    side: set[int] = field(default_factory=set)  # diagrams set beside the text, by line


def density(slide: Slide) -> int:
    """0 fits at full size; 1, 2, 3 are progressively smaller type."""
    return fit_slide(slide).density


def fit_slide(slide: Slide, size: tuple[int, int] = (1280, 720)) -> SlideFit:
    """Diagrams at the deck's label size; the text around them at the density that fits:
    below the diagram, or beside a narrow one when the text would otherwise be set small."""
    diagrams = slide_diagrams(slide.body)
    if not diagrams:
        text = estimate_lines(slide.body)
        return SlideFit(sum(text > limit for limit in THRESHOLDS))
    room = Room(size[0] - SLIDE_PADDING[0],
                size[1] - SLIDE_PADDING[1] - (HEADING_PX if slide.heading else 0.0))
    sizes = {d.line: (d.width * DECK_SCALE, d.height * DECK_SCALE) for d in diagrams}
    besides = range(4) if _top_level(slide.body) else range(0)
    tries = [(level, False) for level in (0, 1)] + [(level, True) for level in besides]
    for level, side in tries + [(level, False) for level in (2, 3)]:
        if _fits(slide.body, sizes, room, level, side):
            return SlideFit(level, sizes, side=set(sizes) if side else set())
    return _shrunk(diagrams, sizes, room.width, room.height - _text_px(slide.body, 3))


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


@dataclass(frozen=True)
class Room:
    """A slide's free area under its heading, in slide px."""

    width: float
    height: float


def _fits(body: list[Token], sizes: dict[int, tuple[float, float]], room: Room, level: int,
          side: bool) -> bool:
    widths = [w for w, _ in sizes.values()]
    drawn = sum(h + FIGURE_MARGIN_PX for _, h in sizes.values())
    if not side:
        return max(widths) <= room.width and _text_px(body, level) + drawn <= room.height
    beside = room.width - widths[0] - SIDE_GAP_PX
    if len(sizes) > 1 or beside < room.width * SIDE_MIN_TEXT or drawn > room.height:
        return False
    return _text_px(body, level, beside / room.width) <= room.height


def _text_px(body: list[Token], level: int, width_share: float = 1.0) -> float:
    """The text's estimated height at a density, in a column of ``width_share`` of the slide."""
    scale = TYPE_SCALES[level]
    return estimate_lines(body, LINE_CHARS * width_share / scale) * LINE_PX * scale


def _narrow(sizes: dict[int, tuple[float, float]], room_w: float) -> bool:
    return all(w <= room_w for w, _ in sizes.values())


def _shrunk(diagrams: list[Diagram], sizes: dict[int, tuple[float, float]], room_w: float,
            room_h: float) -> SlideFit:
    """The slide's diagrams scaled down together to fit what the smallest type leaves."""
    total_h = sum(h + FIGURE_MARGIN_PX for _, h in sizes.values())
    tall = max(0.25, room_h / total_h) if total_h > room_h else 1.0
    fit = SlideFit(len(TYPE_SCALES) - 1)
    for diagram in diagrams:
        w, h = sizes[diagram.line]
        scale = min(tall, room_w / w if w > room_w else 1.0)
        fit.sizes[diagram.line] = (w * scale, h * scale)
        if scale < 1.0:
            fit.too_large.append(diagram)
    return fit


def slide_diagrams(tokens: list[Token]) -> list[Diagram]:
    """The drawn diagrams (SVG at build time) among a slide's tokens, nested ones included."""
    found = (annotation(t).diagram for t in tokens if t.type == "fence")
    return [d for d in found if d is not None and d.svg and d.width and d.height]


def estimate_lines(tokens: list[Token], chars: float = LINE_CHARS) -> float:
    """Text lines of ``chars`` characters (density 0's by default); drawn diagrams count
    nothing here (``fit_slide`` adds them)."""
    return sum(_block_lines(block, chars) for block in top_level_blocks(tokens))


def _block_lines(block: list[Token], chars: float) -> float:
    first = block[0]
    if first.type == "fence":
        diagram = annotation(first).diagram
        if diagram is not None:
            return 0.0 if diagram.svg and diagram.width else 9.0
        return 0.7 * first.content.count("\n") + 1
    if first.type == "table_open":
        return 1.3 * sum(t.type == "tr_open" for t in block)
    if first.type == "heading_open":
        return 1.3
    inlines = [t for t in block if t.type == "inline"]
    return sum(_text_lines(t, chars) for t in inlines) + 0.3 * (len(inlines) - 1)


def _text_lines(inline: Token, chars: float) -> float:
    if any(child.type in ("image", "wikiembed") for child in inline.children or []):
        return 7.0
    return sum(max(1, math.ceil(len(line) / chars)) for line in inline.content.splitlines())
