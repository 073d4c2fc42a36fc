"""Pie chart geometry as mermaid draws it, a little tighter (a 150 px radius, not 185, so
that a pie and a few lines of text fit one slide at the deck's label size): slices clockwise
from 12 o'clock in source order, percentages at ``textPosition`` radii, the title above, the
legend to the right.

Like mermaid, a section under 1 % of the total (a 0 among them) gets no slice, and the
others share the full circle; every section keeps its colour and its legend entry."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

from ..fonts import text_width
from ..text import TextBlock
from .model import PieChart
from .theme import PieTheme, resolve

RADIUS = 150.0  # mermaid's is 185 in a 450 px square: smaller, a pie fits a slide with text
LEGEND_BOX = 18.0
LEGEND_GAP = 4.0
LEGEND_OFFSET = 31.0  # from the pie's edge to the legend's squares, as mermaid's 216 - 185
EDGE = 10.0  # around the drawing
TITLE_GAP = 6.0  # between the title and the pie
OUTSIDE_GAP = 4.0  # between the pie and a percentage drawn outside it


@dataclass(frozen=True)
class PlacedSlice:
    index: int  # of its section
    start: float  # degrees clockwise from 12 o'clock
    end: float
    label: TextBlock
    label_x: float  # centre of the percentage
    label_y: float
    outside: bool = False  # the label fits nowhere inside its slice: drawn beside it
    label_shown: bool = True  # False: outside, it would cover another label


@dataclass(frozen=True)
class LegendEntry:
    index: int
    x: float  # the square's top left corner
    y: float
    text: TextBlock


@dataclass
class PieLayout:
    width: float
    height: float
    cx: float
    cy: float
    radius: float
    theme: PieTheme
    slices: list[PlacedSlice] = field(default_factory=list)
    legend: list[LegendEntry] = field(default_factory=list)
    title: TextBlock | None = None
    title_top: float = 0.0


def block(text: str, size: float, bold: bool = False) -> TextBlock:
    """One unwrapped line measured at ``size`` px."""
    if not text.strip():
        return TextBlock((), (), bold, size)
    return TextBlock((text,), (text_width(text, bold, size),), bold, size)


def percent(value: float, total: float) -> str:
    """``value`` as a whole percentage of ``total``, rounded as JavaScript's ``toFixed(0)``."""
    exact = Decimal(value / total * 100) if total else Decimal(0)
    return f"{exact.quantize(Decimal(1), rounding=ROUND_HALF_UP)}%"


def number(value: float) -> str:
    """A value as JavaScript prints it (``5``, ``42.96``)."""
    return str(int(value)) if value.is_integer() else repr(value)


def point(cx: float, cy: float, radius: float, degrees: float) -> tuple[float, float]:
    """The point at ``degrees`` clockwise from 12 o'clock."""
    angle = math.radians(degrees)
    return cx + radius * math.sin(angle), cy - radius * math.cos(angle)


def legend_text(chart: PieChart, index: int) -> str:
    section = chart.sections[index]
    return f"{section.label} [{number(section.value)}]" if chart.show_data else section.label


def compute_layout(chart: PieChart) -> PieLayout:
    theme = resolve(chart.theme)
    title = block(chart.title, theme.title_size) if chart.title else None
    texts = [block(legend_text(chart, i), theme.legend_size) for i in range(len(chart.sections))]
    row = max(LEGEND_BOX, theme.legend_size * 1.15) + LEGEND_GAP
    legend_height = row * len(texts) - (LEGEND_GAP if texts else 0.0)
    title_width = title.width if title else 0.0
    title_bottom = EDGE + title.height + TITLE_GAP if title else EDGE
    slices = _slices(chart, theme)
    ring = RADIUS + theme.outer_width
    ring += outside_reach(slices, ring)
    cx = max(EDGE + ring, title_width / 2 + EDGE)
    cy = title_bottom + ring
    legend_x = cx + ring + LEGEND_OFFSET
    top = cy - legend_height / 2  # centred on the pie, as mermaid sets it
    over_title = title is not None and cx + title_width / 2 > legend_x
    top = max(top, title_bottom if over_title else EDGE)
    longest = max((t.width for t in texts), default=0.0)
    width = max(legend_x + LEGEND_BOX + LEGEND_GAP + longest + EDGE, cx + title_width / 2 + EDGE)
    height = max(cy + ring + EDGE, top + legend_height + EDGE)
    layout = PieLayout(width, height, cx, cy, RADIUS, theme, title=title, title_top=EDGE)
    layout.slices = [replace(s, label_x=s.label_x + cx, label_y=s.label_y + cy) for s in slices]
    layout.legend = [LegendEntry(i, legend_x, top + i * row, text) for i, text in enumerate(texts)]
    return layout


def _slices(chart: PieChart, theme: PieTheme) -> list[PlacedSlice]:
    """The slices around (0, 0), each percentage inside its slice where it fits, else just
    outside the pie on the slice's bisector (left out if it would cover another label)."""
    total = sum(s.value for s in chart.sections)
    if total <= 0:
        return []
    kept = [i for i, s in enumerate(chart.sections) if s.value / total * 100 >= 1]
    shared = sum(chart.sections[i].value for i in kept)
    slices: list[PlacedSlice] = []
    start = 0.0
    for i in kept:
        value = chart.sections[i].value
        end = start + value / shared * 360
        label = block(percent(value, total), theme.section_size)
        spot = _label_spot(0.0, 0.0, (start, end), label, chart.text_position)
        if spot is None:
            beside = _outside_spot((start + end) / 2, label, RADIUS + theme.outer_width)
            slices.append(PlacedSlice(i, start, end, label, *beside, outside=True))
        else:
            slices.append(PlacedSlice(i, start, end, label, *spot))
        start = end
    boxes = [_box(s) for s in slices if not s.outside]
    for n, placed in enumerate(slices):
        if placed.outside:
            box = _box(placed)
            if any(_overlap(box, other) for other in boxes):
                slices[n] = replace(placed, label_shown=False)
            else:
                boxes.append(box)
    return slices


def _outside_spot(degrees: float, label: TextBlock, ring: float) -> tuple[float, float]:
    """The label's centre just outside the ring, on the bisector."""
    w, h = label.width / 2 + 1, label.size * 0.37 + 1
    angle = math.radians(degrees)
    reach = abs(math.sin(angle)) * w + abs(math.cos(angle)) * h
    return point(0.0, 0.0, ring + OUTSIDE_GAP + reach, degrees)


Rect = tuple[float, float, float, float]


def _box(placed: PlacedSlice) -> Rect:
    corners = label_corners(placed.label_x, placed.label_y, placed.label)
    return (corners[0][0], corners[0][1], corners[3][0], corners[3][1])


def _overlap(a: Rect, b: Rect) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def outside_reach(slices: list[PlacedSlice], ring: float) -> float:
    """How far the labels drawn outside the pie reach beyond its ring (0: none)."""
    reach = 0.0
    for placed in slices:
        if placed.outside and placed.label_shown:
            left, top, right, bottom = _box(placed)
            reach = max(reach, -left, -top, right, bottom)
    return max(0.0, reach - ring)


def inside(cx: float, cy: float, span: tuple[float, float], x: float, y: float) -> bool:
    """Whether (x, y) lies in the slice from ``span[0]`` to ``span[1]`` degrees."""
    dx, dy = x - cx, y - cy
    if math.hypot(dx, dy) > RADIUS:
        return False
    angle = math.degrees(math.atan2(dx, -dy)) % 360
    return span[0] <= angle <= span[1] or span[1] - span[0] >= 360


def label_corners(x: float, y: float, label: TextBlock) -> list[tuple[float, float]]:
    """The corners of a label's box centred on (x, y): its width, and the height of its digits
    and ``%`` (0.73 em in Inter, centred on the line's middle), 1 px more each way."""
    w, h = label.width / 2 + 1, label.size * 0.37 + 1
    return [(x - w, y - h), (x + w, y - h), (x - w, y + h), (x + w, y + h)]


def _label_spot(
    cx: float, cy: float, span: tuple[float, float], label: TextBlock, position: float
) -> tuple[float, float] | None:
    """Where the percentage fits inside its slice: at ``textPosition`` as mermaid puts it, else
    further out or in along the slice's bisector; None when it fits nowhere (where mermaid
    draws it across the slice's edges)."""
    steps = sorted({position, *(k / 20 for k in range(2, 20))}, key=lambda r: abs(r - position))
    for ratio in (r for r in steps if 0 <= r <= 1):
        x, y = point(cx, cy, RADIUS * ratio, (span[0] + span[1]) / 2)
        if all(inside(cx, cy, span, *corner) for corner in label_corners(x, y, label)):
            return x, y
    return None
