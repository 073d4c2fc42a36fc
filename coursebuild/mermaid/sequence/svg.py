"""Sequence diagram SVG: presentation attributes only, text and emoji drawn by the
flowchart's text writer so both types look the same."""

from __future__ import annotations

from dataclasses import dataclass

from ..geometry import Box
from ..routing import fmt
from ..styles import FONT_FAMILY, Paint
from ..svg import DEFAULT_TITLE, EmojiHref, _attrs, _esc, _Writer, svg_head
from ..text import TextBlock, flat, measure
from .diagram import (
    PlacedFrame,
    PlacedGroup,
    PlacedMessage,
    PlacedNote,
    PlacedParticipant,
    SequenceLayout,
)
from .figures import rect, shape
from .model import SequenceDiagram
from .theme import Theme, is_dark, resolve

HEADS = {
    "arrow": '<path d="M0,0 L10,5 L0,10 z" fill="{c}"/>',
    "open": '<path d="M1,1 L9,5 L1,9" fill="none" stroke="{c}" stroke-width="1.5"/>',
    "cross": '<path d="M1,1 L9,9 M1,9 L9,1" stroke="{c}" stroke-width="2"/>',
    "half-top": '<path d="M0,0 L10,5 L0,5 z" fill="{c}"/>',
    "half-bottom": '<path d="M0,5 L10,5 L0,10 z" fill="{c}"/>',
    "stick-top": '<path d="M0,0 L10,5" fill="none" stroke="{c}" stroke-width="1.5"/>',
    "stick-bottom": '<path d="M0,10 L10,5" fill="none" stroke="{c}" stroke-width="1.5"/>',
}
DOT_RADIUS = 4.0


class _Markers:
    """One marker per head and end; a start marker is the end one mirrored (WeasyPrint does
    not read ``orient="auto-start-reverse"``)."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.defs: dict[tuple[str, str], str] = {}

    def url(self, head: str, end: str, colour: str) -> str | None:
        if head == "none":
            return None
        marker_id = f"{self.prefix}-seq-{head}-{end}"
        if (head, end) not in self.defs:
            ref = 5 if head == "cross" else 9
            body = HEADS[head].format(c=_esc(colour))
            if end == "start":
                ref, body = 10 - ref, f'<g transform="matrix(-1 0 0 1 10 0)">{body}</g>'
            self.defs[(head, end)] = (
                f'<marker id="{_esc(marker_id)}" viewBox="0 0 10 10" refX="{ref}" refY="5" '
                'markerWidth="12" markerHeight="12" markerUnits="userSpaceOnUse" '
                f'orient="auto">{body}</marker>'
            )
        return f"url(#{marker_id})"


def _line(x1: float, y1: float, x2: float, y2: float, **extra: str | float | None) -> str:
    return f"<line {_attrs(x1=x1, y1=y1, x2=x2, y2=y2, **extra)}/>"


def _text(colour: str, bold: bool = False) -> Paint:
    return Paint("none", "none", 0.0, None, colour, bold)


@dataclass
class _Draw:
    """What every element is drawn with: the text writer, the markers, the colours."""

    writer: _Writer
    markers: _Markers
    theme: Theme

    def text(self, block: TextBlock, cx: float, top: float, paint: Paint) -> list[str]:
        return self.writer.text_block(block, cx, top, paint)


def _participant(p: PlacedParticipant, box: Box, draw: _Draw) -> str:
    head = _attrs(data_participant=p.id, data_kind=p.kind)
    drawing, below = shape(p.kind)
    top = box.bottom - p.text.height if below else box.cy - p.text.height / 2
    parts = drawing(box, draw.theme) + draw.text(p.text, box.cx, top, _text(draw.theme.actor_text))
    return f"<g {head}>{''.join(parts)}</g>"


def _lifeline(p: PlacedParticipant, draw: _Draw) -> str:
    top, bottom = p.lifeline
    line = _line(p.head.cx, top, p.head.cx, bottom, stroke=draw.theme.lifeline, stroke_width=1.0)
    return f"<g {_attrs(data_lifeline=p.id)}>{line}</g>"


def _message(m: PlacedMessage, draw: _Draw) -> str:
    colour = draw.theme.signal
    style = _attrs(fill="none", stroke=colour, stroke_width=1.5,
                   stroke_dasharray="4 3" if m.line == "dotted" else None,
                   marker_end=draw.markers.url(m.head, "end", colour),
                   marker_start=draw.markers.url(m.tail, "start", colour))  # fmt: skip
    if m.self_loop:
        x, y = m.x1, m.y
        d = f"M{fmt(x)},{fmt(y)} C{fmt(x + 60)},{fmt(y - 10)} {fmt(x + 60)},{fmt(y + 40)} " \
            f"{fmt(x)},{fmt(y + 30)}"  # fmt: skip
    else:
        d = f"M{fmt(m.x1)},{fmt(m.y)} L{fmt(m.x2)},{fmt(m.y)}"
    parts = [f'<path d="{d}" {style}/>']
    for x, shown in ((m.x1, m.source_dot), (m.x2, m.target_dot)):
        if shown:
            parts.append(f"<circle {_attrs(cx=x, cy=m.y, r=DOT_RADIUS, fill=colour)}/>")
    parts += draw.text(m.text, m.text_cx, m.text_top, _text(draw.theme.signal_text))
    if m.number is not None:
        parts += _number(m, m.number, draw)
    head = _attrs(data_from=m.source, data_to=m.target, data_line=m.line, data_head=m.head,
                  data_tail=m.tail)  # fmt: skip
    return f"<g {head}>{''.join(parts)}</g>"


def _number(m: PlacedMessage, number: float, draw: _Draw) -> list[str]:
    shown = f"{int(number)}" if float(number).is_integer() else f"{round(number, 6):g}"
    # drawn at the label size: the deck's one label size applies to the numbers too
    digits = measure(shown, True, False)
    radius = max(12.0, digits.width / 2 + 4)
    circle = f"<circle {_attrs(cx=m.x1, cy=m.y, r=radius, fill=draw.theme.signal)}/>"
    paint = _text(draw.theme.number_text, True)
    return [circle, *draw.text(digits, m.x1, m.y - digits.height / 2, paint)]


def _note(note: PlacedNote, draw: _Draw) -> str:
    theme = draw.theme
    box = rect(note.box, fill=theme.note_fill, stroke=theme.note_stroke, stroke_width=1.0)
    top = note.box.cy - note.text.height / 2
    text = draw.text(note.text, note.box.cx, top, _text(theme.note_text))
    return f'<g data-note="">{box}{"".join(text)}</g>'


def _frame(frame: PlacedFrame, draw: _Draw) -> str:
    box, theme = frame.box, draw.theme
    dash = {"stroke": theme.frame_stroke, "stroke_width": 1.5, "stroke_dasharray": "2 2"}
    parts = [rect(box, fill="none", **dash)]
    tab = measure(frame.kind.replace("_over", ""), bold=True, wrap=False)
    right, bottom = box.left + tab.width + 16, box.top + tab.height + 2
    points = (
        f"{fmt(box.left)},{fmt(box.top)} {fmt(right)},{fmt(box.top)} {fmt(right)},"
        f"{fmt(bottom - 6)} {fmt(right - 6)},{fmt(bottom)} {fmt(box.left)},{fmt(bottom)}"
    )
    tab_paint = _attrs(fill=theme.frame_fill, stroke=theme.frame_stroke)
    parts.append(f'<polygon points="{points}" {tab_paint}/>')
    bold = _text(theme.frame_text, True)
    parts += draw.text(tab, box.left + tab.width / 2 + 8, box.top + 1, bold)
    parts += draw.text(frame.label, (right + box.right) / 2, box.top + 1, _text(theme.frame_text))
    for y, text in frame.sections:
        parts.append(_line(box.left, y, box.right, y, **dash))
        parts += draw.text(text, box.cx, y + 2, _text(theme.frame_text))
    return f"<g {_attrs(data_frame=frame.kind)}>{''.join(parts)}</g>"


def _rect_fill(frame: PlacedFrame) -> str:
    return f'<g data-frame="rect">{rect(frame.box, fill=frame.fill, stroke="none")}</g>'


def _group(group: PlacedGroup, draw: _Draw) -> str:
    box = rect(group.box, fill=group.fill or "none", stroke="#666666", stroke_width=1.0)
    dark = group.fill is not None and is_dark(group.fill)  # mermaid keeps it dark: unreadable
    paint = _text("#ffffff" if dark else draw.theme.actor_text, True)
    text = draw.text(group.label, group.box.cx, group.box.top + 4, paint)
    return f'<g data-box="">{box}{"".join(text)}</g>'



def describe(chart: SequenceDiagram) -> str:
    """The <desc> text: the author's description, then participants and messages in words."""
    names = {p.id: flat(p.label) or p.id for p in chart.participants.values()}
    parts = [flat(chart.description)] if chart.description else []
    if names:
        parts.append("Participants : " + ", ".join(names.values()) + ".")
    shown = [f"{names[m.source]} → {names[m.target]} ({flat(m.text)})"
             for m in chart.messages[:40]]  # fmt: skip
    if shown:
        parts.append("Messages : " + "; ".join(shown) + ".")
    return " ".join(parts)


def _body(layout: SequenceLayout, draw: _Draw) -> list[str]:
    theme = draw.theme
    body = [_group(g, draw) for g in layout.groups]
    body += [_rect_fill(f) for f in layout.frames if f.fill]
    body += [_lifeline(p, draw) for p in layout.participants]
    body += [rect(a, fill=theme.activation_fill, stroke=theme.activation_stroke, stroke_width=1.0)
             for a in layout.activations]  # fmt: skip
    body += [_frame(f, draw) for f in layout.frames if not f.fill]
    body += [_message(m, draw) for m in layout.messages]
    body += [_note(n, draw) for n in layout.notes]
    for p in layout.participants:
        body.append(_participant(p, p.head, draw))
        if p.foot is not None:
            body.append(_participant(p, p.foot, draw))
    return body


def render_svg(
    chart: SequenceDiagram, layout: SequenceLayout, prefix: str, emoji_href: EmojiHref | None
) -> str:
    draw = _Draw(_Writer(emoji_href), _Markers(prefix), resolve(chart.theme))
    body = _body(layout, draw)
    if layout.title is not None:
        paint = _text(draw.theme.title_text, True)
        body += draw.text(layout.title, layout.width / 2, 10.0, paint)
    title = flat(chart.acc_title or chart.title or "") or DEFAULT_TITLE
    w, h = fmt(layout.width), fmt(layout.height)
    head = svg_head(prefix, w, h, title, describe(chart), "sequence", FONT_FAMILY)
    markers = draw.markers.defs
    defs = f"<defs>{''.join(markers.values())}</defs>" if markers else ""
    return head + defs + "".join(body) + "</svg>"
