"""Timeline layout, left to right as mermaid draws it: the title, a band per section over
its periods, a row of period boxes, the axis arrow, and each period's events stacked below
it on a vertical line. Every label is wrapped to its box's width."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..fonts import text_width
from ..geometry import Box
from ..text import TextBlock, measure, plain
from .model import Timeline

BOX_WIDTH = 150.0  # mermaid's period and event width
PAD = 10.0  # inside a box, around its text
COLUMN_GAP = 30.0  # between two periods' columns
ROW_GAP = 20.0  # between the bands, the periods and the axis
EVENT_GAP = 10.0  # between two events of a period
AXIS_GAP = 25.0  # from the period row to the axis, and the axis to the first event
MARGIN = 16.0
HEADING_GAP = 14.0


@dataclass
class PlacedBox:
    box: Box
    text: TextBlock
    colour: int | None  # index into the twelve section colours; None: the plain node colour


@dataclass
class PlacedPeriod:
    period: PlacedBox
    events: list[PlacedBox]
    stem: tuple[float, float, float]  # x, top and bottom of the line through the events


@dataclass
class TimelineLayout:
    width: float
    height: float
    title: TextBlock | None = None
    title_top: float = 0.0
    sections: list[PlacedBox] = field(default_factory=list)
    periods: list[PlacedPeriod] = field(default_factory=list)
    axis: tuple[float, float, float] = (0.0, 0.0, 0.0)  # x1, x2, y


def wrap(label: str, width: float, bold: bool = False) -> TextBlock:
    """``label`` wrapped at spaces to lines of at most ``width`` px (a longer word alone)."""
    lines: list[str] = []
    for hard in label.split("\n"):
        current = ""
        for word in hard.split(" "):
            candidate = f"{current} {word}" if current else word
            if current and text_width(plain(candidate), bold) > width:
                lines.append(current)
                current = word
            else:
                current = candidate
        lines.append(current)
    return measure("\n".join(lines), bold, wrap=False)


def _widest_word(labels: list[str], bold: bool) -> float:
    words = [w for label in labels for w in plain(label).split()]
    return max((text_width(w, bold) for w in words), default=0.0)


def _column_widths(chart: Timeline) -> list[float]:
    """Each period's column: mermaid's 150 px, wider for a word that does not fit."""
    return [max(BOX_WIDTH, _widest_word([p.text], True) + 2 * PAD,
                _widest_word(p.events, False) + 2 * PAD)
            for p in chart.periods]  # fmt: skip


def _colour(chart: Timeline, index: int, section: int | None) -> int | None:
    if chart.sections:
        return None if section is None else section % 12
    return index % 12 if chart.multicolor else 0


def compute_layout(chart: Timeline) -> TimelineLayout:
    widths = _column_widths(chart)
    lefts, empty, x = _columns(chart, widths)
    right = max(x - COLUMN_GAP, MARGIN + BOX_WIDTH)
    out = TimelineLayout(width=right + MARGIN, height=0.0)
    y = MARGIN
    if chart.title:
        out.title = wrap(chart.title, max(right - MARGIN, 400.0), bold=True)
        out.title_top = y
        y += out.title.height + HEADING_GAP
    y = _sections(chart, out, lefts, widths, empty, y)
    bottom = _periods(chart, out, lefts, widths, y)
    out.axis = (MARGIN / 2, right + MARGIN / 2, out.axis[2])
    out.height = bottom + MARGIN
    if out.title is not None:
        out.width = max(out.width, out.title.width + 2 * MARGIN)
    return out


def _periods(chart: Timeline, out: TimelineLayout, lefts: list[float], widths: list[float],
             y: float) -> float:
    """The period boxes in a row at ``y``, the axis below them and each period's events
    stacked under the axis; the lowest y drawn."""
    texts = [wrap(p.text, w - 2 * PAD, bold=True)
             for p, w in zip(chart.periods, widths, strict=True)]  # fmt: skip
    row = max((t.height for t in texts), default=0.0) + 2 * PAD
    axis_y = y + row + AXIS_GAP
    out.axis = (0.0, 0.0, axis_y)
    bottom = axis_y + 4.0  # the arrow head
    for i, (period, text) in enumerate(zip(chart.periods, texts, strict=True)):
        cx = lefts[i] + widths[i] / 2
        colour = _colour(chart, i, period.section)
        head = PlacedBox(Box(cx, y + row / 2, widths[i], row), text, colour)
        events, top = [], axis_y + AXIS_GAP
        for event in period.events:
            block = wrap(event, widths[i] - 2 * PAD)
            height = block.height + 2 * PAD
            events.append(PlacedBox(Box(cx, top + height / 2, widths[i], height), block, colour))
            top += height + EVENT_GAP
        stem_bottom = events[-1].box.top if events else axis_y
        out.periods.append(PlacedPeriod(head, events, (cx, y + row, stem_bottom)))
        if events:
            bottom = max(bottom, events[-1].box.bottom)
    return bottom


def _columns(chart: Timeline, widths: list[float]) -> tuple[list[float], dict[int, float], float]:
    """The left of each period's column, and of the column kept for each section without
    periods (mermaid draws it as one empty column); the x after the last column."""
    lefts = [0.0] * len(widths)
    empty: dict[int, float] = {}
    x = MARGIN
    order = [None, *range(len(chart.sections))]
    for section in order:
        members = [i for i, p in enumerate(chart.periods) if p.section == section]
        if section is not None and not members:
            empty[section] = x
            x += BOX_WIDTH + COLUMN_GAP
        for i in members:
            lefts[i] = x
            x += widths[i] + COLUMN_GAP
    return lefts, empty, x


def _sections(chart: Timeline, out: TimelineLayout, lefts: list[float], widths: list[float],
              empty: dict[int, float], y: float) -> float:
    """The bands, each over exactly its periods; the y below them."""
    spans: list[tuple[int, float, float]] = []
    for index in range(len(chart.sections)):
        columns = [i for i, p in enumerate(chart.periods) if p.section == index]
        if columns:
            spans.append((index, lefts[columns[0]], lefts[columns[-1]] + widths[columns[-1]]))
        else:
            spans.append((index, empty[index], empty[index] + BOX_WIDTH))
    if not spans:
        return y
    texts = [wrap(chart.sections[i].text, end - start - 2 * PAD, bold=True)
             for i, start, end in spans]  # fmt: skip
    height = max(t.height for t in texts) + 2 * PAD
    for (index, left, right), text in zip(spans, texts, strict=True):
        box = Box((left + right) / 2, y + height / 2, right - left, height)
        out.sections.append(PlacedBox(box, text, index % 12))
    return y + height + ROW_GAP
