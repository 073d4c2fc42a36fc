"""ER diagram SVG: entity boxes (header and striped attribute rows with column rules), lines
solid (identifying) or dashed (non-identifying) with crow's-foot markers drawn as paths at
each end, labels on a background mid-line. Presentation attributes only; text and emoji
through the flowcharts' writer."""

from __future__ import annotations

import math

from ..diagram import label_size
from ..geometry import Point
from ..routing import fmt
from ..styles import FONT_FAMILY, Paint
from ..svg import DEFAULT_TITLE, EmojiHref, _attrs, _Writer, svg_head
from ..text import TextBlock, flat, plain
from .layout import PAD_X, EntityBox, ErLayout, PlacedRel, shown_type
from .model import (
    MD_PARENT,
    ONE_OR_MORE,
    ONLY_ONE,
    ZERO_OR_MORE,
    ZERO_OR_ONE,
    ErDiagram,
)

BAR = 8.0  # half the length of a marker's bar
FOOT = 18.0  # a crow's foot's length along the line
RADIUS = 5.0  # a zero's circle
CORNER = 12.0  # how far a bend is rounded
WORDS = {ZERO_OR_ONE: "zero or one", ZERO_OR_MORE: "zero or more",
         ONE_OR_MORE: "one or more", ONLY_ONE: "exactly one", MD_PARENT: "parent"}  # fmt: skip


def _paint(colour: str) -> Paint:
    return Paint("none", "none", 0.0, None, colour, False)


def _left_cell(writer: _Writer, block: TextBlock, left: float, top: float, colour: str
               ) -> list[str]:  # fmt: skip
    return writer.text_block(block, left + block.width / 2, top, _paint(colour))


def _entity(entity: EntityBox, layout: ErLayout, writer: _Writer) -> str:
    box, paint, theme = entity.box, entity.paint, layout.theme
    frame = _attrs(x=box.left, y=box.top, width=box.width, height=box.height, fill=paint.fill,
                   stroke="none")  # fmt: skip
    out = [f"<rect {frame}/>"]
    header_top = box.top + (entity.header_height - entity.header.height) / 2
    out += writer.text_block(entity.header, box.cx, header_top, _paint(paint.text))
    top = box.top + entity.header_height
    for r, row in enumerate(entity.rows):
        stripe = theme.row_odd if r % 2 == 0 else theme.row_even or paint.fill
        rect = _attrs(x=box.left, y=top, width=box.width, height=entity.row_height,
                      fill=stripe)  # fmt: skip
        out.append(f'<rect {rect} data-row="{r}"/>')
        x = box.left
        for c, cell in enumerate(row):
            cell_top = top + (entity.row_height - cell.height) / 2
            out += _left_cell(writer, cell, x + PAD_X, cell_top, theme.text)
            x += entity.columns[c]
        top += entity.row_height
    line = _attrs(stroke=paint.stroke, stroke_width=paint.stroke_width)
    if entity.rows:
        rule = box.top + entity.header_height
        out.append(f'<path d="M{fmt(box.left)},{fmt(rule)} H{fmt(box.right)}" {line}/>')
        x = box.left
        for width in entity.columns[:-1]:
            x += width
            out.append(f'<path d="M{fmt(x)},{fmt(rule)} V{fmt(box.bottom)}" {line}/>')
    outline = _attrs(x=box.left, y=box.top, width=box.width, height=box.height, fill="none",
                     stroke=paint.stroke, stroke_width=paint.stroke_width,
                     stroke_dasharray=paint.dasharray)  # fmt: skip
    out.append(f"<rect {outline}/>")
    return f'<g data-entity="{_safe(entity.name)}">{"".join(out)}</g>'


def _safe(text: str) -> str:
    from ..svg import _esc

    return _esc(text)


def line_path(points: list[Point], loop: bool) -> str:
    """The line through ``points``: straight ends, bends rounded (a loop keeps its corners)."""
    d = [f"M{fmt(points[0][0])},{fmt(points[0][1])}"]
    for i in range(1, len(points) - 1):
        p, b, n = points[i - 1], points[i], points[i + 1]
        if loop:
            d.append(f"L{fmt(b[0])},{fmt(b[1])}")
            continue
        into, out = _towards(b, p, CORNER), _towards(b, n, CORNER)
        d.append(f"L{fmt(into[0])},{fmt(into[1])} Q{fmt(b[0])},{fmt(b[1])} "
                 f"{fmt(out[0])},{fmt(out[1])}")  # fmt: skip
    d.append(f"L{fmt(points[-1][0])},{fmt(points[-1][1])}")
    return " ".join(d)


def _towards(a: Point, b: Point, most: float) -> Point:
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = math.hypot(dx, dy)
    if length == 0:
        return a
    step = min(most, length / 2)
    return (a[0] + dx / length * step, a[1] + dy / length * step)


def marker(end: Point, toward: Point, kind: str, colour: str, background: str) -> str:
    """The cardinality ``kind`` drawn at ``end`` (on a box's border), along the line to
    ``toward``: bars, a circle (zero), a crow's foot (many)."""
    dx, dy = toward[0] - end[0], toward[1] - end[1]
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    nx, ny = -uy, ux

    def at(along: float, across: float = 0.0) -> str:
        return f"{fmt(end[0] + ux * along + nx * across)},{fmt(end[1] + uy * along + ny * across)}"

    def bar(along: float) -> str:
        return f"M{at(along, -BAR)} L{at(along, BAR)}"

    def circle(along: float) -> str:
        cx, cy = end[0] + ux * along, end[1] + uy * along
        return (f'<circle {_attrs(cx=cx, cy=cy, r=RADIUS, fill=background, stroke=colour)} '
                f'stroke-width="1.5"/>')  # fmt: skip

    foot = f"M{at(0, -BAR)} L{at(FOOT)} L{at(0, BAR)} M{at(0)} L{at(FOOT)}"
    paths, extra = [], ""
    if kind == ONLY_ONE:
        paths = [bar(9), bar(15)]
    elif kind == ZERO_OR_ONE:
        paths, extra = [bar(9)], circle(20)
    elif kind == ONE_OR_MORE:
        paths = [foot, bar(22)]
    elif kind == ZERO_OR_MORE:
        paths, extra = [foot], circle(18 + RADIUS + 1)
    else:  # MD_PARENT: a small open diamond, as mermaid's
        paths = [f"M{at(0)} L{at(8, -5)} L{at(16)} L{at(8, 5)} Z"]
    drawn = _attrs(d=" ".join(paths), fill="none", stroke=colour, stroke_width=1.5)
    return f'<g data-cardinality="{kind}"><path {drawn}/>{extra}</g>'


def _relationship(placed: PlacedRel, layout: ErLayout, writer: _Writer) -> str:
    theme = layout.theme
    pts = placed.points
    rel = placed.rel
    d = line_path(pts, placed.loop)
    drawn = _attrs(d=d, fill="none", stroke=theme.line, stroke_width=1.5,
                   stroke_dasharray=None if rel.identifying else "8,8")  # fmt: skip
    out = [f"<path {drawn}/>"]
    out.append(marker(pts[0], pts[1], rel.card_a, theme.line, theme.background))
    out.append(marker(pts[-1], pts[-2], rel.card_b, theme.line, theme.background))
    if placed.label_centre is not None and placed.label.lines:
        w, h = label_size(placed.label)
        cx, cy = placed.label_centre
        rect = _attrs(x=cx - w / 2, y=cy - h / 2, width=w, height=h, fill=theme.label_fill,
                      opacity=0.85)  # fmt: skip
        out.append(f"<rect {rect}/>")
        out += writer.text_block(placed.label, cx, cy - placed.label.height / 2,
                                 _paint(theme.text))  # fmt: skip
    kind = "identifying" if rel.identifying else "non-identifying"
    head = _attrs(data_from=rel.a, data_to=rel.b, data_kind=kind)
    return f"<g {head}>{''.join(out)}</g>"


def describe(chart: ErDiagram) -> str:
    """The <desc> text: the author's description, the entities and the relationships."""
    parts = [flat(chart.description)] if chart.description else []
    names = [plain(e.label) for e in chart.entities.values()]
    if names:
        parts.append("Entities : " + ", ".join(names[:60]) + ".")
    rels = []
    for rel in chart.relationships[:60]:
        a, b = chart.entities[rel.a].label, chart.entities[rel.b].label
        words = f"{plain(a)} ({WORDS[rel.card_a]}) to {plain(b)} ({WORDS[rel.card_b]})"
        rels.append(f"{words} : {plain(rel.label)}" if rel.label else words)
    if rels:
        parts.append("Relationships : " + "; ".join(rels) + ".")
    return " ".join(parts)


def render_svg(chart: ErDiagram, layout: ErLayout, prefix: str,
               emoji_href: EmojiHref | None) -> str:  # fmt: skip
    writer = _Writer(emoji_href)
    body: list[str] = []
    if layout.title is not None:
        body += writer.text_block(layout.title, layout.width / 2, layout.title_top,
                                  _paint(layout.theme.text))  # fmt: skip
    body += [_relationship(p, layout, writer) for p in layout.relationships if not p.label.lines]
    body += [_entity(e, layout, writer) for e in layout.entities]
    body += [_relationship(p, layout, writer) for p in layout.relationships if p.label.lines]
    title = flat(chart.acc_title or chart.title or "") or DEFAULT_TITLE
    w, h = fmt(layout.width), fmt(layout.height)
    head = svg_head(prefix, w, h, title, describe(chart), "er", FONT_FAMILY)
    return head + "".join(body) + "</svg>"


__all__ = ["render_svg", "describe", "marker", "line_path", "shown_type"]
