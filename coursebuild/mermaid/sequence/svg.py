"""Sequence diagram SVG: presentation attributes only, text and emoji drawn by the
flowchart's text writer so both types look the same."""

from __future__ import annotations

from ..geometry import Box
from ..routing import fmt
from ..styles import CLUSTER_STROKE, EDGE_COLOR, FONT_FAMILY, NODE_FILL, NODE_STROKE, Paint
from ..svg import DEFAULT_TITLE, EmojiHref, _attrs, _esc, _Writer
from ..text import measure, plain
from .diagram import (
    PlacedFrame,
    PlacedGroup,
    PlacedMessage,
    PlacedNote,
    PlacedParticipant,
    SequenceLayout,
)
from .model import SequenceDiagram

NOTE_FILL = "#fff5ad"
ACTIVATION_FILL = "#f4f4f4"
ACTIVATION_STROKE = "#666666"
LIFELINE = NODE_STROKE
FRAME_STROKE = NODE_STROKE
TEXT = Paint("none", "none", 0.0, None, "#333", False)
BOLD = Paint("none", "none", 0.0, None, "#333", True)
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

    def url(self, head: str, end: str) -> str | None:
        if head == "none":
            return None
        marker_id = f"{self.prefix}-seq-{head}-{end}"
        if (head, end) not in self.defs:
            ref = 5 if head == "cross" else 9
            body = HEADS[head].format(c=EDGE_COLOR)
            if end == "start":
                ref, body = 10 - ref, f'<g transform="matrix(-1 0 0 1 10 0)">{body}</g>'
            self.defs[(head, end)] = (
                f'<marker id="{_esc(marker_id)}" viewBox="0 0 10 10" refX="{ref}" refY="5" '
                'markerWidth="12" markerHeight="12" markerUnits="userSpaceOnUse" '
                f'orient="auto">{body}</marker>'
            )
        return f"url(#{marker_id})"


def _rect(box: Box, **extra: str | float | None) -> str:
    return f"<rect {_attrs(x=box.left, y=box.top, width=box.width, height=box.height, **extra)}/>"


def _line(x1: float, y1: float, x2: float, y2: float, **extra: str | float | None) -> str:
    return f"<line {_attrs(x1=x1, y1=y1, x2=x2, y2=y2, **extra)}/>"


def _participant(p: PlacedParticipant, box: Box, writer: _Writer) -> str:
    head = _attrs(data_participant=p.id, data_kind=p.kind)
    figure = FIGURES.get(p.kind)
    if figure is not None:
        parts = figure(box) + writer.text_block(
            p.text, box.cx, box.bottom - p.text.height, TEXT
        )
    else:
        shape = BOXES.get(p.kind)
        parts = shape(box) if shape else [_rect(box, rx=3.0, ry=3.0, **_shape_values())]
        parts += writer.text_block(p.text, box.cx, box.cy - p.text.height / 2, TEXT)
    return f"<g {head}>{''.join(parts)}</g>"


def _stick_figure(box: Box) -> list[str]:
    cx, top = box.cx, box.top
    stroke = _attrs(fill="none", stroke=NODE_STROKE, stroke_width=2.0)
    d = (
        f"M{fmt(cx)},{fmt(top + 20)} V{fmt(top + 33)} M{fmt(cx - 14)},{fmt(top + 24)} "
        f"H{fmt(cx + 14)} M{fmt(cx - 12)},{fmt(top + 42)} L{fmt(cx)},{fmt(top + 33)} "
        f"L{fmt(cx + 12)},{fmt(top + 42)}"
    )
    circle = _attrs(cx=cx, cy=top + 10, r=10.0, fill=NODE_FILL)
    return [f"<circle {circle} {stroke}/>", f'<path d="{d}" {stroke}/>']


def _stroke(width: float = 2.0, fill: str = NODE_FILL) -> str:
    return _attrs(fill=fill, stroke=NODE_STROKE, stroke_width=width)


def _path(d: str, fill: str = NODE_FILL, width: float = 2.0) -> str:
    return f'<path d="{d}" {_stroke(width, fill)}/>'


def _boundary(box: Box) -> list[str]:
    cx, y = box.cx, box.top + 20
    circle = _attrs(cx=cx + 6, cy=y, r=14.0)
    d = f"M{fmt(cx - 24)},{fmt(y - 12)} V{fmt(y + 12)} M{fmt(cx - 24)},{fmt(y)} H{fmt(cx - 8)}"
    return [_path(d, "none"), f"<circle {circle} {_stroke()}/>"]


def _control(box: Box) -> list[str]:
    cx, y = box.cx, box.top + 22
    head = f"M{fmt(cx + 6)},{fmt(y - 20)} L{fmt(cx)},{fmt(y - 14)} L{fmt(cx + 6)},{fmt(y - 8)}"
    return [f"<circle {_attrs(cx=cx, cy=y, r=14.0)} {_stroke()}/>", _path(head, "none")]


def _entity(box: Box) -> list[str]:
    cx, y = box.cx, box.top + 18
    d = f"M{fmt(cx - 14)},{fmt(y + 18)} H{fmt(cx + 14)}"
    return [f"<circle {_attrs(cx=cx, cy=y, r=14.0)} {_stroke()}/>", _path(d, "none")]


def _database(box: Box) -> list[str]:
    left, right, top, bottom = box.cx - 16, box.cx + 16, box.top + 6, box.top + 36
    arc = "A16,5 0 0 0"
    body = (f"M{fmt(left)},{fmt(top)} V{fmt(bottom)} {arc} {fmt(right)},{fmt(bottom)} "
            f"V{fmt(top)} {arc} {fmt(left)},{fmt(top)} Z")  # fmt: skip
    rim = f"M{fmt(left)},{fmt(top)} {arc} {fmt(right)},{fmt(top)}"
    return [_path(body), _path(rim, "none"), _path(f"M{fmt(left)},{fmt(top)} A16,5 0 0 1 "
                                                   f"{fmt(right)},{fmt(top)}", "none")]


def _collections(box: Box) -> list[str]:
    back = Box(box.cx + 5, box.cy - 5, box.width, box.height)
    return [_rect(back, **_shape_values()), _rect(box, **_shape_values())]


def _queue(box: Box) -> list[str]:
    left, right, top, bottom = box.left, box.right - 6, box.top, box.bottom
    ry = box.height / 2
    body = (f"M{fmt(left + 6)},{fmt(top)} H{fmt(right)} A6,{fmt(ry)} 0 0 1 {fmt(right)},"
            f"{fmt(bottom)} H{fmt(left + 6)} A6,{fmt(ry)} 0 0 1 {fmt(left + 6)},{fmt(top)} Z")
    rim = f"M{fmt(right)},{fmt(top)} A6,{fmt(ry)} 0 0 0 {fmt(right)},{fmt(bottom)}"
    return [_path(body, width=1.0), _path(rim, "none", width=1.0)]


def _shape_values() -> dict[str, str | float]:
    return {"fill": NODE_FILL, "stroke": NODE_STROKE, "stroke_width": 1.0}


FIGURES = {
    "actor": _stick_figure, "boundary": _boundary, "control": _control, "entity": _entity,
    "database": _database,
}  # fmt: skip
BOXES = {"collections": _collections, "queue": _queue}  # drawn at the box's size, text inside


def _lifeline(p: PlacedParticipant) -> str:
    top, bottom = p.lifeline
    parts = [_line(p.head.cx, top, p.head.cx, bottom, stroke=LIFELINE, stroke_width=1.0)]
    return f"<g {_attrs(data_lifeline=p.id)}>{''.join(parts)}</g>"


def _message(m: PlacedMessage, markers: _Markers, writer: _Writer) -> str:
    style = _attrs(fill="none", stroke=EDGE_COLOR, stroke_width=1.5,
                   stroke_dasharray="4 3" if m.line == "dotted" else None,
                   marker_end=markers.url(m.head, "end"),
                   marker_start=markers.url(m.tail, "start"))  # fmt: skip
    if m.self_loop:
        x, y = m.x1, m.y
        d = f"M{fmt(x)},{fmt(y)} C{fmt(x + 60)},{fmt(y - 10)} {fmt(x + 60)},{fmt(y + 40)} " \
            f"{fmt(x)},{fmt(y + 30)}"  # fmt: skip
    else:
        d = f"M{fmt(m.x1)},{fmt(m.y)} L{fmt(m.x2)},{fmt(m.y)}"
    parts = [f'<path d="{d}" {style}/>']
    for x, shown in ((m.x1, m.source_dot), (m.x2, m.target_dot)):
        if shown:
            parts.append(f"<circle {_attrs(cx=x, cy=m.y, r=DOT_RADIUS, fill=EDGE_COLOR)}/>")
    parts += writer.text_block(m.text, m.text_cx, m.text_top, TEXT)
    if m.number is not None:
        parts += _number(m, writer)
    head = _attrs(data_from=m.source, data_to=m.target, data_line=m.line, data_head=m.head,
                  data_tail=m.tail)  # fmt: skip
    return f"<g {head}>{''.join(parts)}</g>"


def _number(m: PlacedMessage, writer: _Writer) -> list[str]:
    shown = int(m.number) if float(m.number).is_integer() else round(m.number, 6)
    # the deck's label size applies to the numbers too: they are drawn at the label size
    small = measure(f"{shown:g}" if isinstance(shown, float) else str(shown), True, False)
    radius = max(12.0, small.width / 2 + 4)
    circle = f"<circle {_attrs(cx=m.x1, cy=m.y, r=radius, fill=EDGE_COLOR)}/>"
    white = Paint("none", "none", 0.0, None, "#ffffff", True)
    return [circle] + writer.text_block(small, m.x1, m.y - small.height / 2, white)


def _note(note: PlacedNote, writer: _Writer) -> str:
    rect = _rect(note.box, fill=NOTE_FILL, stroke=CLUSTER_STROKE, stroke_width=1.0)
    text = writer.text_block(note.text, note.box.cx, note.box.cy - note.text.height / 2, TEXT)
    return f"<g data-note=\"\">{rect}{''.join(text)}</g>"


def _frame(frame: PlacedFrame, writer: _Writer) -> str:
    box = frame.box
    parts = [_rect(box, fill="none", **_dash_values())]
    tab = measure(frame.kind.replace("_over", ""), bold=True, wrap=False)
    right, bottom = box.left + tab.width + 16, box.top + tab.height + 2
    points = (
        f"{fmt(box.left)},{fmt(box.top)} {fmt(right)},{fmt(box.top)} {fmt(right)},"
        f"{fmt(bottom - 6)} {fmt(right - 6)},{fmt(bottom)} {fmt(box.left)},{fmt(bottom)}"
    )
    parts.append(f'<polygon points="{points}" {_attrs(fill=NODE_FILL, stroke=FRAME_STROKE)}/>')
    parts += writer.text_block(tab, box.left + tab.width / 2 + 8, box.top + 1, BOLD)
    label_cx = (right + box.right) / 2
    parts += writer.text_block(frame.label, label_cx, box.top + 1, TEXT)
    for y, text in frame.sections:
        parts.append(_line(box.left, y, box.right, y, **_dash_values()))
        parts += writer.text_block(text, box.cx, y + 2, TEXT)
    return f"<g {_attrs(data_frame=frame.kind)}>{''.join(parts)}</g>"


def _dash_values() -> dict[str, str | float]:
    return {"stroke": FRAME_STROKE, "stroke_width": 1.5, "stroke_dasharray": "2 2"}


def _rect_fill(frame: PlacedFrame) -> str:
    return f"<g data-frame=\"rect\">{_rect(frame.box, fill=frame.fill, stroke='none')}</g>"


def _group(group: PlacedGroup, writer: _Writer) -> str:
    fill = group.fill or "none"
    rect = _rect(group.box, fill=fill, stroke="#666666", stroke_width=1.0)
    text = writer.text_block(group.label, group.box.cx, group.box.top + 4, BOLD)
    return f"<g data-box=\"\">{rect}{''.join(text)}</g>"


def _flat(text: str) -> str:
    return " ".join(plain(text).split())


def describe(chart: SequenceDiagram) -> str:
    """The <desc> text: the author's description, then participants and messages in words."""
    names = {p.id: _flat(p.label) or p.id for p in chart.participants.values()}
    parts = [_flat(chart.description)] if chart.description else []
    if names:
        parts.append("Participants : " + ", ".join(names.values()) + ".")
    shown = [f"{names[m.source]} → {names[m.target]} ({_flat(m.text)})"
             for m in chart.messages[:40]]  # fmt: skip
    if shown:
        parts.append("Messages : " + "; ".join(shown) + ".")
    return " ".join(parts)


def _body(layout: SequenceLayout, markers: _Markers, writer: _Writer) -> list[str]:
    body = [_group(g, writer) for g in layout.groups]
    body += [_rect_fill(f) for f in layout.frames if f.fill]
    body += [_lifeline(p) for p in layout.participants]
    body += [_rect(a, fill=ACTIVATION_FILL, stroke=ACTIVATION_STROKE, stroke_width=1.0)
             for a in layout.activations]  # fmt: skip
    body += [_frame(f, writer) for f in layout.frames if not f.fill]
    body += [_message(m, markers, writer) for m in layout.messages]
    body += [_note(n, writer) for n in layout.notes]
    for p in layout.participants:
        body.append(_participant(p, p.head, writer))
        if p.foot is not None:
            body.append(_participant(p, p.foot, writer))
    return body


def render_svg(
    chart: SequenceDiagram, layout: SequenceLayout, prefix: str, emoji_href: EmojiHref | None
) -> str:
    writer = _Writer(emoji_href)
    markers = _Markers(prefix)
    body = _body(layout, markers, writer)
    if layout.title is not None:
        body += writer.text_block(layout.title, layout.width / 2, 10.0, BOLD)
    title = _flat(chart.acc_title or chart.title or "") or DEFAULT_TITLE
    w, h = fmt(layout.width), fmt(layout.height)
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'class="mermaid-diagram" role="img" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        f'aria-labelledby="{_esc(prefix)}-title" aria-describedby="{_esc(prefix)}-desc" '
        f'data-diagram="sequence" font-family="{_esc(FONT_FAMILY)}">'
        f'<title id="{_esc(prefix)}-title">{_esc(title)}</title>'
        f'<desc id="{_esc(prefix)}-desc">{_esc(describe(chart))}</desc>'
    )
    defs = f"<defs>{''.join(markers.defs.values())}</defs>" if markers.defs else ""
    return head + defs + "".join(body) + "</svg>"
