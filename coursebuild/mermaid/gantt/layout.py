"""Gantt layout as mermaid draws it: a time scale across the plot, one row per task in
writing order (``displayMode: compact`` packs a section's tasks into shared rows), section
bands in alternating colours with their names in a column at the left, the axis with grid
lines and tick labels below (and above with ``topAxis``), bars coloured by state, milestones
as diamonds, ``vert`` markers as vertical lines with their label under the axis.

Sizes are ours, for 16 px labels on a slide: taller bars than mermaid's 20 px, a plot about
as wide as mermaid's default 1200 px page, task labels inside their bar when they fit, else
beside it (right, or left when the right runs out), never over another bar or label."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ..geometry import Box
from ..text import TextBlock, measure
from ..timeline.layout import wrap
from . import bounds
from .axis import ticks, time_format
from .model import Gantt, Task
from .schedule import excluded_day

BAR_HEIGHT = 24.0  # a 16 px label's line box
ROW_GAP = 2.0
LABEL_PAD = 6.0  # between a bar's edge and a label beside it, or inside it
MARGIN = 8.0
PAGE_WIDTH = 960.0  # at the deck's label size, the widest a slide holds (mermaid: 1200)
MIN_PLOT = 480.0
SECTION_WIDTH = 220.0  # the widest a section name's column gets before wrapping
SECTION_PAD = 10.0
TICK_GAP = 6.0  # between the rows and the tick labels
TICK_SPACE = 12.0  # the least space between two tick labels
HEADING_GAP = 10.0


@dataclass
class PlacedTask:
    task: Task
    box: Box  # the bar, or the milestone's diamond's bounds, or the vert line's span
    label: TextBlock
    label_box: Box
    inside: bool
    row: int


@dataclass
class PlacedSection:
    name: TextBlock | None
    box: Box  # the band, across the section column and the plot
    name_box: Box | None
    colour: int  # 0-3, mermaid's four section styles


@dataclass
class Tick:
    x: float
    label: TextBlock | None  # None: thinned out so labels do not overlap
    bottom: Box | None = None
    top: Box | None = None


@dataclass
class GanttLayout:
    width: float
    height: float
    plot: tuple[float, float, float, float]  # left, top, right, bottom of the rows
    title: TextBlock | None = None
    title_top: float = 0.0
    sections: list[PlacedSection] = field(default_factory=list)
    tasks: list[PlacedTask] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    excluded: list[Box] = field(default_factory=list)
    shift: float = 0.0  # moves the whole drawing right, for a label left of the plot


class _Scale:
    def __init__(self, start: datetime, stop: datetime, left: float, width: float) -> None:
        self.start, self.span = start, (stop - start).total_seconds()
        self.left, self.width = left, width

    def __call__(self, moment: datetime) -> float:
        return self.left + (moment - self.start).total_seconds() / self.span * self.width


def axis_format(chart: Gantt) -> str:
    written = chart.axis_format.strip() or chart.config.get("axisFormat", "")
    if written:
        return written
    return "%d" if chart.date_format.strip() == "D" else "%Y-%m-%d"


def _categories(chart: Gantt) -> list[str]:
    seen: dict[str, None] = {}
    for task in chart.tasks:
        if "vert" not in task.tags:
            seen.setdefault(task.section, None)
    return list(seen)


def _domain(chart: Gantt) -> tuple[datetime, datetime]:
    """The scale's first and last instants (a chart of one instant: a day around it)."""
    starts = [t.start for t in chart.tasks if t.start is not None]
    ends = [t.end for t in chart.tasks if t.end is not None]
    start = min(starts, default=datetime(1970, 1, 1))
    stop = max(ends, default=start)
    if stop <= start:
        start, stop = start - timedelta(hours=12), start + timedelta(hours=12)
    return start, stop


def _axis(chart: Gantt, start: datetime, stop: datetime) -> tuple[list[datetime],
                                                                   list[TextBlock]]:
    interval = chart.tick_interval or chart.config.get("tickInterval", "")
    weekday = chart.weekday if chart.weekday != "sunday" else chart.config.get("weekday", "sunday")
    dates = ticks(start, stop, interval, weekday.lower()) if chart.tasks else []
    return dates, [measure(time_format(d, axis_format(chart)), wrap=False) for d in dates]


def compute_layout(chart: Gantt) -> GanttLayout:
    rows = [t for t in chart.tasks if "vert" not in t.tags]
    names = {name: wrap(name.strip(), SECTION_WIDTH) for name in _categories(chart)}
    column = max((b.width for b in names.values()), default=0.0)
    column = column + 2 * SECTION_PAD if column else 0.0
    start, stop = _domain(chart)
    tick_dates, labels = _axis(chart, start, stop)
    half = max((b.width / 2 for b in labels), default=0.0)  # a tick label at either end
    plot_left = MARGIN + max(column, half)
    plot_width = max(MIN_PLOT, PAGE_WIDTH - plot_left - MARGIN - half)
    scale = _Scale(start, stop, plot_left, plot_width)
    out = GanttLayout(PAGE_WIDTH, 0.0, (plot_left, 0.0, plot_left + plot_width, 0.0))
    y = MARGIN
    if chart.title:
        out.title = wrap(chart.title, PAGE_WIDTH - 2 * MARGIN, bold=True)
        out.title_top = y
        y += out.title.height + HEADING_GAP
    top_axis = chart.top_axis or chart.config.get("topAxis", "").lower() == "true"
    label_height = max((b.height for b in labels), default=0.0)
    if top_axis:
        y += label_height + TICK_GAP
    plot_top = y
    bottom = _rows(chart, rows, names, scale, out, plot_top)
    right = max([plot_left + plot_width] + [p.label_box.right for p in out.tasks])
    out.plot = (plot_left, plot_top, plot_left + plot_width, bottom)
    for band in out.sections:  # bands run under the whole plot
        band.box = Box((MARGIN + right) / 2, band.box.cy, right - MARGIN, band.box.height)
    _ticks(out, scale, tick_dates, labels, top_axis)
    y = bottom + TICK_GAP + label_height
    y = _verts(chart, scale, out, plot_top, bottom, y)
    _excluded(chart, scale, out)
    _extent_of_drawing(out, right)
    out.height = y + MARGIN
    return out


def _extent_of_drawing(out: GanttLayout, right: float) -> None:
    """The width, and the shift keeping a label that overhangs the plot's left inside."""
    boxes = [p.label_box for p in out.tasks] + [
        box for tick in out.ticks for box in (tick.bottom, tick.top) if box is not None
    ]
    left = min([MARGIN] + [b.left for b in boxes])
    right = max([right] + [b.right for b in boxes])
    out.shift = MARGIN - left
    out.width = right + out.shift + MARGIN
    if out.title is not None:
        out.width = max(out.width, out.title.width + 2 * MARGIN)


def _rows(chart: Gantt, rows: list[Task], names: dict[str, TextBlock], scale: _Scale,
          out: GanttLayout, top: float) -> float:
    """The section bands and their tasks from ``top``; the y below the last band."""
    categories = list(names)
    groups: list[tuple[str, list[Task]]] = []
    for task in rows:
        if groups and groups[-1][0] == task.section:
            groups[-1][1].append(task)
        else:
            groups.append((task.section, [task]))
    y, row_index = top, 0
    plot_right = scale.left + scale.width
    for section, members in groups:
        band_top = y
        lanes = _lanes(members, scale, plot_right, chart.display_mode == "compact")
        for lane in lanes:
            height = max([BAR_HEIGHT] + [p.label.height for p in lane])
            for placed in lane:
                _place_row(placed, y + ROW_GAP / 2, height, row_index)
                out.tasks.append(placed)
            y += height + ROW_GAP
            row_index += 1
        name = names[section]
        needed = name.height + 2 * SECTION_PAD if name.lines else 0.0
        y = max(y, band_top + needed)
        height = y - band_top
        name_box = None
        if name.lines:
            name_box = Box(MARGIN + SECTION_PAD + name.width / 2, band_top + height / 2,
                           name.width, name.height)  # fmt: skip
        out.sections.append(PlacedSection(name if name.lines else None,
                                          Box(0.0, band_top + height / 2, 0.0, height),
                                          name_box, categories.index(section) % 4))  # fmt: skip
    out.tasks.sort(key=lambda p: p.task.order)
    return y


def _place_row(placed: PlacedTask, top: float, height: float, row: int) -> None:
    cy = top + height / 2
    placed.row = row
    placed.box = Box(placed.box.cx, cy, placed.box.width, placed.box.height)
    placed.label_box = Box(placed.label_box.cx, cy, placed.label_box.width, placed.label_box.height)


def _placed(task: Task, scale: _Scale, plot_right: float) -> PlacedTask:
    """A task's bar (or diamond) and label on the x axis; rows come later."""
    assert task.start is not None and task.end is not None
    x1, x2 = scale(task.start), scale(max(task.drawn_end, task.start))
    label = measure(task.label, wrap=False)
    if "milestone" in task.tags:
        mid = (scale(task.start) + scale(task.end)) / 2
        box = Box(mid, 0.0, BAR_HEIGHT, BAR_HEIGHT)
        x1, x2 = box.left, box.right
        inside = False
    else:
        box = Box((x1 + x2) / 2, 0.0, x2 - x1, BAR_HEIGHT)
        inside = label.width + 2 * LABEL_PAD <= x2 - x1
    if inside:
        cx = (x1 + x2) / 2
    elif x2 + LABEL_PAD + label.width <= plot_right or x1 - LABEL_PAD - label.width < scale.left:
        cx = x2 + LABEL_PAD + label.width / 2
    else:
        cx = x1 - LABEL_PAD - label.width / 2
    return PlacedTask(task, box, label, Box(cx, 0.0, label.width, label.height), inside, 0)


def _lanes(members: list[Task], scale: _Scale, plot_right: float,
           compact: bool) -> list[list[PlacedTask]]:
    """One lane per task, or (compact) mermaid's packing of tasks by start into the first
    lane they fit, counting the room their label takes beside the bar."""
    placed = [_placed(t, scale, plot_right) for t in members]
    if not compact:
        return [[p] for p in placed]
    lanes: list[list[PlacedTask]] = []
    ends: list[float] = []
    for p in sorted(placed, key=lambda p: (_extent(p)[0], p.task.order)):
        left, right = _extent(p)
        for i, end in enumerate(ends):
            if left >= end:
                lanes[i].append(p)
                ends[i] = right + 1
                break
        else:
            lanes.append([p])
            ends.append(right + 1)
    return lanes


def _extent(p: PlacedTask) -> tuple[float, float]:
    return min(p.box.left, p.label_box.left), max(p.box.right, p.label_box.right)


def _ticks(out: GanttLayout, scale: _Scale, dates: list[datetime], labels: list[TextBlock],
           top_axis: bool) -> None:
    """Every grid line; labels thinned to every k-th when they would touch."""
    xs = [scale(d) for d in dates]
    step = 1
    while step < len(xs) and any(
        xs[j] - xs[i] < (labels[i].width + labels[j].width) / 2 + TICK_SPACE
        for i, j in zip(range(0, len(xs), step), range(step, len(xs), step), strict=False)
    ):
        step += 1
    left, top, _, bottom = out.plot
    for i, (x, label) in enumerate(zip(xs, labels, strict=True)):
        if i % step:
            out.ticks.append(Tick(x, None))
            continue
        low = Box(x, bottom + TICK_GAP + label.height / 2, label.width, label.height)
        high = None
        if top_axis:
            high = Box(x, top - TICK_GAP - label.height / 2, label.width, label.height)
        out.ticks.append(Tick(x, label, low, high))


def _verts(chart: Gantt, scale: _Scale, out: GanttLayout, top: float, bottom: float,
           y: float) -> float:
    """``vert`` markers: a line over the rows, the label under the axis on the first line
    of labels where it touches no other; the y below them."""
    lines: list[list[Box]] = []
    for task in chart.tasks:
        if "vert" not in task.tags or task.start is None:
            continue
        x = scale(task.start)
        label = measure(task.label, wrap=False)
        level = next((i for i, boxes in enumerate(lines)
                      if all(abs(b.cx - x) > (b.width + label.width) / 2 + TICK_SPACE
                             for b in boxes)), len(lines))  # fmt: skip
        if level == len(lines):
            lines.append([])
        line_top = y + TICK_GAP + level * (label.height + 4)
        label_box = Box(x, line_top + label.height / 2, label.width, label.height)
        lines[level].append(label_box)
        box = Box(x, (top + bottom) / 2, 2.0, bottom - top)
        out.tasks.append(PlacedTask(task, box, label, label_box, False, -1))
    if not lines:
        return y
    tallest = max(b.height for boxes in lines for b in boxes)
    return y + TICK_GAP + len(lines) * (tallest + 4)


def _excluded(chart: Gantt, scale: _Scale, out: GanttLayout) -> None:
    """Shaded ranges of excluded days (as mermaid: over at most five years)."""
    if not chart.excludes and not chart.includes:
        return
    start = scale.start.replace(hour=0, minute=0, second=0, microsecond=0)
    stop = scale.start + timedelta(seconds=scale.span)
    if (stop - start).days > bounds.MAX_SHADED_DAYS:
        return
    left, top, _, bottom = out.plot
    day, run = start, None
    while day <= stop:
        if excluded_day(chart, day):
            run = run or day
        elif run is not None:
            out.excluded.append(_shade(scale, run, day, top, bottom))
            run = None
        day += timedelta(days=1)
    if run is not None:
        out.excluded.append(_shade(scale, run, day, top, bottom))


def _shade(scale: _Scale, first: datetime, after: datetime, top: float, bottom: float) -> Box:
    x1 = max(scale(first), scale.left)
    x2 = min(scale(after), scale.left + scale.width)
    return Box((x1 + x2) / 2, (top + bottom) / 2, max(0.0, x2 - x1), bottom - top)
