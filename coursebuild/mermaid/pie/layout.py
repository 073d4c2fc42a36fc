"""Pie chart geometry as mermaid draws it: a 185 px radius pie, slices clockwise from 12
o'clock in source order, percentages at ``textPosition`` radii, the legend to the right.

Like mermaid, a section under 1 % of the total (a 0 among them) gets no slice, and the
others share the full circle; every section keeps its colour and its legend entry."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from ..fonts import text_width
from ..text import TextBlock
from .model import PieChart
from .theme import PieTheme, resolve

RADIUS = 185.0
MARGIN = 40.0
LEGEND_BOX = 18.0
LEGEND_GAP = 4.0
LEGEND_OFFSET = 216.0  # from the centre to the legend's squares, as mermaid's 12 × 18
HALF = RADIUS + MARGIN  # mermaid's 450 px square around the pie
EDGE = 10.0


@dataclass(frozen=True)
class PlacedSlice:
    index: int  # of its section
    start: float  # degrees clockwise from 12 o'clock
    end: float
    label: TextBlock
    label_x: float  # centre of the percentage
    label_y: float
    label_shown: bool = True  # False: it fits nowhere inside its slice


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
    legend_half = row * len(texts) / 2
    title_width = title.width if title else 0.0
    title_height = title.height if title else 0.0
    cx = max(HALF, title_width / 2 + EDGE)
    legend_x = cx + LEGEND_OFFSET
    cy = max(HALF, legend_half + EDGE)
    title_top = cy - RADIUS - theme.outer_width - title_height - 4
    if title_top < EDGE:
        cy += EDGE - title_top
        title_top = EDGE
    top = cy - legend_half
    if title and cx + title_width / 2 > legend_x:  # the title reaches above the legend
        top = max(top, title_top + title_height + LEGEND_GAP)
    longest = max((t.width for t in texts), default=0.0)
    width = max(legend_x + LEGEND_BOX + LEGEND_GAP + longest + MARGIN, cx + title_width / 2 + EDGE)
    height = max(cy + HALF, top + 2 * legend_half + EDGE)
    layout = PieLayout(width, height, cx, cy, RADIUS, theme, title=title, title_top=title_top)
    layout.slices = _slices(chart, cx, cy, theme)
    layout.legend = [LegendEntry(i, legend_x, top + i * row, text) for i, text in enumerate(texts)]
    return layout


def _slices(chart: PieChart, cx: float, cy: float, theme: PieTheme) -> list[PlacedSlice]:
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
        spot = _label_spot(cx, cy, (start, end), label, chart.text_position)
        x, y = spot or point(cx, cy, RADIUS * chart.text_position, (start + end) / 2)
        slices.append(PlacedSlice(i, start, end, label, x, y, spot is not None))
        start = end
    return slices


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
    further out or in along the slice's bisector; None when it fits nowhere (the label is
    then left out, where mermaid would draw it across the slice's edges)."""
    steps = sorted(
        {round(position + d / 20, 2) for d in range(-12, 5)}, key=lambda r: abs(r - position)
    )
    for ratio in (r for r in steps if 0 <= r <= 1):
        x, y = point(cx, cy, RADIUS * ratio, (span[0] + span[1]) / 2)
        if all(inside(cx, cy, span, *corner) for corner in label_corners(x, y, label)):
            return x, y
    return None
