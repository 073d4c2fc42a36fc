"""Timeline SVG: presentation attributes only, text and emoji drawn by the flowchart's text
writer so every type looks the same."""

from __future__ import annotations

from ..routing import fmt
from ..styles import FONT_FAMILY, Paint
from ..svg import DEFAULT_TITLE, EmojiHref, _attrs, _esc, _Writer, svg_head
from ..text import flat
from .layout import PlacedBox, PlacedPeriod, TimelineLayout
from .model import Timeline
from .theme import base_theme, label_colour, section_fills


class _Draw:
    def __init__(self, chart: Timeline, emoji_href: EmojiHref | None) -> None:
        self.writer = _Writer(emoji_href)
        self.variables = chart.theme
        self.fills = section_fills(chart.theme)
        self.theme = base_theme(chart.theme)

    def box(self, placed: PlacedBox, kind: str, radius: float) -> str:
        if placed.colour is None:
            theme = self.theme  # a period before the first section: the node colours
            fill, stroke, text = theme.actor_fill, theme.actor_stroke, theme.actor_text
        else:
            fill = self.fills[placed.colour]
            stroke, text = "none", label_colour(self.variables, placed.colour, fill)
        box = placed.box
        rect = _attrs(x=box.left, y=box.top, width=box.width, height=box.height, rx=radius,
                      fill=fill, stroke=stroke, stroke_width=1.0 if stroke != "none" else None)
        top = box.cy - placed.text.height / 2
        paint = Paint("none", "none", 0.0, None, text, placed.text.bold)
        label = self.writer.text_block(placed.text, box.cx, top, paint)
        head = _attrs(data_kind=kind, data_colour=placed.colour)
        return f"<g {head}><rect {rect}/>{''.join(label)}</g>"


def _period(placed: PlacedPeriod, draw: _Draw) -> str:
    x, top, bottom = placed.stem
    parts = []
    if placed.events:
        line = _attrs(x1=x, y1=top, x2=x, y2=bottom, stroke=draw.theme.signal,
                      stroke_width=2.0, stroke_dasharray="5 4")
        parts.append(f"<line {line}/>")
    parts.append(draw.box(placed.period, "period", 6.0))
    parts += [draw.box(event, "event", 4.0) for event in placed.events]
    return f'<g data-period="">{"".join(parts)}</g>'



def describe(chart: Timeline) -> str:
    """The <desc> text: the author's description, then each period and its events."""
    parts = [flat(chart.description)] if chart.description else []
    shown = []
    for period in chart.periods[:60]:
        events = "; ".join(flat(e) for e in period.events)
        shown.append(f"{flat(period.text)} : {events}" if events else flat(period.text))
    if shown:
        parts.append("Chronologie : " + " | ".join(shown) + ".")
    return " ".join(parts)


def render_svg(chart: Timeline, layout: TimelineLayout, prefix: str,
               emoji_href: EmojiHref | None) -> str:
    draw = _Draw(chart, emoji_href)
    body = [draw.box(section, "section", 6.0) for section in layout.sections]
    x1, x2, y = layout.axis
    colour = draw.theme.signal
    marker_id = f"{prefix}-timeline-arrow"
    axis = _attrs(x1=x1, y1=y, x2=x2 - 2, y2=y, stroke=colour, stroke_width=3.0,
                  marker_end=f"url(#{marker_id})")
    if chart.periods:
        body.append(f'<line data-axis="" {axis}/>')
    body += [_period(p, draw) for p in layout.periods]
    if layout.title is not None:
        paint = Paint("none", "none", 0.0, None, draw.theme.title_text, True)
        body += draw.writer.text_block(layout.title, layout.width / 2, layout.title_top, paint)
    title = flat(chart.acc_title or chart.title or "") or DEFAULT_TITLE
    w, h = fmt(layout.width), fmt(layout.height)
    marker = (f'<marker id="{_esc(marker_id)}" viewBox="0 0 10 10" refX="8" refY="5" '
              'markerWidth="12" markerHeight="12" markerUnits="userSpaceOnUse" orient="auto">'
              f'<path d="M0,0 L10,5 L0,10 z" fill="{_esc(colour)}"/></marker>')  # fmt: skip
    head = svg_head(prefix, w, h, title, describe(chart), "timeline", FONT_FAMILY)
    return head + f"<defs>{marker}</defs>" + "".join(body) + "</svg>"
