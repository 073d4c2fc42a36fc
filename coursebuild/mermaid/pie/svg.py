"""Pie chart SVG: presentation attributes only, text and emoji drawn by the flowchart's text
writer so every type looks the same."""

from __future__ import annotations

from ..fonts import baseline_offset
from ..routing import fmt
from ..styles import FONT_FAMILY, Paint
from ..svg import DEFAULT_TITLE, EmojiHref, _attrs, _esc, _Writer, svg_head
from ..text import flat, styled_lines
from .layout import LEGEND_BOX, LegendEntry, PieLayout, PlacedSlice, legend_text, point
from .model import PieChart


def _paint(colour: str) -> Paint:
    return Paint("none", "none", 0.0, None, colour, False)


def slice_path(layout: PieLayout, placed: PlacedSlice) -> str:
    """The slice's outline: centre, arc clockwise, back to the centre (a whole circle alone)."""
    cx, cy, r = layout.cx, layout.cy, layout.radius
    if placed.end - placed.start >= 359.999:
        return (f"M{fmt(cx)},{fmt(cy - r)} A{fmt(r)},{fmt(r)} 0 1,1 {fmt(cx)},{fmt(cy + r)} "
                f"A{fmt(r)},{fmt(r)} 0 1,1 {fmt(cx)},{fmt(cy - r)} Z")  # fmt: skip
    x1, y1 = point(cx, cy, r, placed.start)
    x2, y2 = point(cx, cy, r, placed.end)
    large = 1 if placed.end - placed.start > 180 else 0
    return (f"M{fmt(cx)},{fmt(cy)} L{fmt(x1)},{fmt(y1)} "
            f"A{fmt(r)},{fmt(r)} 0 {large},1 {fmt(x2)},{fmt(y2)} Z")  # fmt: skip


def _slice(layout: PieLayout, placed: PlacedSlice, label: str) -> str:
    theme = layout.theme
    fill = theme.colours[placed.index % len(theme.colours)]
    path = _attrs(d=slice_path(layout, placed), fill=fill, stroke=theme.stroke,
                  stroke_width=theme.stroke_width, opacity=theme.opacity)  # fmt: skip
    head = _attrs(data_slice=label, data_start=placed.start, data_end=placed.end)
    return f"<g {head}><path {path}/></g>"


def _label(layout: PieLayout, placed: PlacedSlice, writer: _Writer) -> str:
    top = placed.label_y - placed.label.height / 2
    theme = layout.theme  # outside the pie, on the page: in the legend's colour
    paint = _paint(theme.legend_colour if placed.outside else theme.section_colour)
    parts = writer.text_block(placed.label, placed.label_x, top, paint)
    where = "outside" if placed.outside else "inside"
    return f'<g data-percent="{where}">{"".join(parts)}</g>'


def _legend(layout: PieLayout, entry: LegendEntry, writer: _Writer) -> str:
    colour = layout.theme.colours[entry.index % len(layout.theme.colours)]
    square = _attrs(x=entry.x, y=entry.y, width=LEGEND_BOX, height=LEGEND_BOX, fill=colour,
                    stroke=colour)  # fmt: skip
    left = entry.x + LEGEND_BOX + 4
    top = entry.y + LEGEND_BOX / 2 - entry.text.height / 2
    paint = _paint(layout.theme.legend_colour)
    lines = styled_lines(entry.text.lines)
    if any(writer._has_emoji(spans) for spans in lines):  # images placed from the left
        text = "".join(writer.text_block(entry.text, left + entry.text.width / 2, top, paint))
    else:  # anchored at its start: the same left edge whatever the reader's font
        shown = _attrs(
            x=left,
            y=top + baseline_offset(entry.text.size),
            text_anchor="start",
            font_family=FONT_FAMILY,
            font_size=entry.text.size,
            fill=paint.color,
        )
        text = f"<text {shown}>{_esc(''.join(entry.text.lines))}</text>"
    return f'<g data-legend=""><rect {square}/>{text}</g>'


def describe(chart: PieChart) -> str:
    """The <desc> text: the author's description, then the sections and their values."""
    parts = [flat(chart.description)] if chart.description else []
    shown = [legend_text(PieChart(chart.sections, True), i) for i in range(len(chart.sections))]
    if shown:
        parts.append("Sections : " + "; ".join(shown[:40]) + ".")
    return " ".join(parts)


def render_svg(
    chart: PieChart, layout: PieLayout, prefix: str, emoji_href: EmojiHref | None
) -> str:
    writer = _Writer(emoji_href)
    theme = layout.theme
    outer = _attrs(
        cx=layout.cx,
        cy=layout.cy,
        r=layout.radius + theme.outer_width / 2,
        fill="none",
        stroke=theme.outer_stroke,
        stroke_width=theme.outer_width,
    )
    body = [f"<circle {outer}/>"]
    body += [_slice(layout, s, chart.sections[s.index].label) for s in layout.slices]
    body += [_label(layout, s, writer) for s in layout.slices if s.label_shown]
    if layout.title is not None:
        body += writer.text_block(layout.title, layout.cx, layout.title_top,
                                  _paint(theme.title_colour))  # fmt: skip
    body += [_legend(layout, entry, writer) for entry in layout.legend]
    title = flat(chart.acc_title or chart.title or "") or DEFAULT_TITLE
    w, h = fmt(layout.width), fmt(layout.height)
    head = svg_head(prefix, w, h, title, describe(chart), "pie", FONT_FAMILY)
    return head + "".join(body) + "</svg>"
