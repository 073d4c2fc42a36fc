"""Gantt SVG: presentation attributes only, text and emoji drawn by the flowchart's text
writer so every type looks the same. ``todayMarker`` is never drawn: a build does not read
the clock."""

from __future__ import annotations

from ..contrast import MIN_CONTRAST, contrast
from ..routing import fmt
from ..styles import FONT_FAMILY, Paint
from ..svg import DEFAULT_TITLE, EmojiHref, _attrs, _Writer, svg_head
from ..text import TextBlock, flat
from .layout import GanttLayout, PlacedTask
from .model import Gantt
from .theme import Theme, resolve


def _paint(theme: Theme, tags: frozenset[str]) -> tuple[str, str]:
    """(fill, stroke) of a bar by its state, as mermaid's task classes colour it."""
    if "active" in tags:
        stroke = theme.critBorderColor if "crit" in tags else theme.activeTaskBorderColor
        return theme.activeTaskBkgColor, stroke
    if "done" in tags:
        stroke = theme.critBorderColor if "crit" in tags else theme.doneTaskBorderColor
        return theme.doneTaskBkgColor, stroke
    if "crit" in tags:
        return theme.critBkgColor, theme.critBorderColor
    return theme.taskBkgColor, theme.taskBorderColor


class _Draw:
    def __init__(self, chart: Gantt, emoji_href: EmojiHref | None) -> None:
        self.writer = _Writer(emoji_href)
        self.theme = resolve(chart.theme)
        self.given = set(chart.theme)

    def text(self, block: TextBlock, cx: float, cy: float, colour: str, bold: bool = False,
             italic: bool = False) -> str:
        paint = Paint("none", "none", 0.0, None, colour, bold, italic)
        return "".join(self.writer.text_block(block, cx, cy - block.height / 2, paint))

    def task(self, placed: PlacedTask, prefix: str) -> str:
        task, box, theme = placed.task, placed.box, self.theme
        fill, stroke = _paint(theme, task.tags)
        if "vert" in task.tags:
            line = _attrs(x1=box.cx, y1=box.top, x2=box.cx, y2=box.bottom,
                          stroke=theme.vertLineColor, stroke_width=2.0)
            label = self.text(placed.label, placed.label_box.cx, placed.label_box.cy,
                              theme.vertLineColor)  # fmt: skip
            return f'<g data-kind="vert"><line {line}/>{label}</g>'
        if "milestone" in task.tags:
            corners = ((box.cx, box.top), (box.right, box.cy), (box.cx, box.bottom),
                       (box.left, box.cy))  # fmt: skip
            points = " ".join(f"{fmt(x)},{fmt(y)}" for x, y in corners)
            paint = _attrs(fill=fill, stroke=stroke, stroke_width=2.0)
            shape = f'<polygon points="{points}" {paint}/>'
        else:
            rect = _attrs(x=box.left, y=box.top, width=max(box.width, 0.0), height=box.height,
                          rx=3.0, fill=fill, stroke=stroke, stroke_width=2.0)
            shape = f"<rect {rect}/>"
        if placed.inside:
            plain_task = not task.tags & {"active", "done", "crit"}
            key = "taskTextColor" if plain_task else "taskTextDarkColor"
            colour = getattr(theme, key)
            if key not in self.given:  # the theme's colour, unless it does not read on the bar
                colour = readable(colour, fill)
        else:
            colour = theme.taskTextOutsideColor
        label = self.text(placed.label, placed.label_box.cx, placed.label_box.cy, colour,
                          italic="milestone" in task.tags)  # fmt: skip
        kind = "milestone" if "milestone" in task.tags else "task"
        head = _attrs(id=f"{prefix}-task-{task.id}", data_kind=kind,
                      data_state=" ".join(sorted(task.tags)) or None)
        return f"<g {head}>{shape}{label}</g>"


def readable(text: str, fill: str) -> str:
    """``text``, or white or near-black, whichever reads on ``fill`` when ``text`` does not."""
    ratio = contrast(text, fill)
    if ratio is None or ratio >= MIN_CONTRAST:
        return text
    return max(("#ffffff", "#1a1a1a"), key=lambda c: contrast(c, fill) or 0.0)


def _bands(layout: GanttLayout, draw: _Draw) -> list[str]:
    theme = draw.theme
    fills = (theme.sectionBkgColor, theme.altSectionBkgColor, theme.sectionBkgColor2,
             theme.altSectionBkgColor)
    out = []
    for band in layout.sections:
        box = band.box
        rect = _attrs(x=box.left, y=box.top, width=box.width, height=box.height,
                      fill=fills[band.colour], fill_opacity=0.2, stroke="none")
        name = ""
        if band.name is not None and band.name_box is not None:
            name = draw.text(band.name, band.name_box.cx, band.name_box.cy, theme.titleColor,
                             bold=True)  # fmt: skip
        out.append(f'<g data-kind="section" data-colour="{band.colour}"><rect {rect}/>{name}</g>')
    return out


def _grid(layout: GanttLayout, draw: _Draw) -> list[str]:
    _, top, _, bottom = layout.plot
    out = []
    for tick in layout.ticks:
        line = _attrs(x1=tick.x, y1=top, x2=tick.x, y2=bottom, stroke=draw.theme.gridColor,
                      stroke_width=1.0)
        parts = [f"<line {line}/>"]
        for box in (tick.bottom, tick.top):
            if box is not None and tick.label is not None:
                parts.append(draw.text(tick.label, box.cx, box.cy, draw.theme.textColor))
        out.append(f'<g data-kind="tick">{"".join(parts)}</g>')
    return out



def describe(chart: Gantt) -> str:
    """The <desc> text: the author's description, then each task and its dates."""
    parts = [flat(chart.description)] if chart.description else []
    shown = []
    for task in chart.tasks[:60]:
        if task.start is None or task.end is None:
            continue
        when = f"{task.start:%Y-%m-%d}"
        if task.end != task.start:
            when += f" → {task.end:%Y-%m-%d}"
        shown.append(f"{flat(task.label)} ({when})")
    if shown:
        parts.append("Planning : " + " | ".join(shown) + ".")
    return " ".join(parts)


def render_svg(chart: Gantt, layout: GanttLayout, prefix: str,
               emoji_href: EmojiHref | None) -> str:
    draw = _Draw(chart, emoji_href)
    body = [f'<g transform="translate({fmt(layout.shift)} 0)">'] if layout.shift else []
    body += _bands(layout, draw)
    for box in layout.excluded:
        rect = _attrs(x=box.left, y=box.top, width=box.width, height=box.height,
                      fill=draw.theme.excludeBkgColor, stroke="none")
        body.append(f'<rect data-kind="excluded" {rect}/>')
    body += _grid(layout, draw)
    body += [draw.task(p, prefix) for p in layout.tasks]
    if layout.shift:
        body.append("</g>")
    if layout.title is not None:
        body.append(draw.text(layout.title, layout.width / 2,
                              layout.title_top + layout.title.height / 2,
                              draw.theme.titleColor, bold=True))  # fmt: skip
    title = flat(chart.acc_title or chart.title or "") or DEFAULT_TITLE
    head = svg_head(prefix, fmt(layout.width), fmt(layout.height), title, describe(chart),
                    "gantt", FONT_FAMILY)  # fmt: skip
    return head + "".join(body) + "</svg>"
