"""Class diagram SVG: presentation attributes only; text and emoji drawn by the flowchart's
text writer, namespaces drawn as the flowchart draws its subgraphs."""

from __future__ import annotations

from dataclasses import replace

from ..diagram import DIAGRAM_PAD, PlacedCluster
from ..fonts import baseline_offset
from ..geometry import Point, unit
from ..routing import MARKER_LENGTH, fmt
from ..sequence.theme import resolve
from ..styles import (
    EDGE_LABEL_FILL,
    FONT_FAMILY,
    TEXT_COLOR,
    Paint,
    cluster_paint,
    edge_paint,
    theme_name,
    themed,
)
from ..svg import DEFAULT_TITLE, EmojiHref, _attrs, _Writer, svg_head
from ..text import flat
from .layout import (
    HEAD_PAD,
    MARKER_SIZE,
    PAD_X,
    SECTION_PAD,
    ClassLayout,
    PlacedClass,
    PlacedLabel,
    PlacedNote,
    PlacedRelation,
    Row,
)
from .model import ClassDiagram

RELATION_WIDTH = 1.5
DASH = "5 4"


class _Draw:
    def __init__(self, chart: ClassDiagram, layout: ClassLayout,
                 emoji_href: EmojiHref | None) -> None:  # fmt: skip
        self.writer = _Writer(emoji_href)
        self.flow = layout.flow
        self.line = themed(self.flow, "line", "#333333")
        self.text = themed(self.flow, "color", TEXT_COLOR)
        dark = theme_name(chart.theme) == "dark"
        background = self.flow.theme.get("background")
        self.hollow = background or (themed(self.flow, "fill", "#1f2020") if dark else "#ffffff")
        self.notes = resolve(chart.theme)
        self.label_fill = themed(self.flow, "label_fill", EDGE_LABEL_FILL)

    def rows(self, rows: list[Row], left: float, top: float, width: float,
             paint: Paint) -> tuple[list[str], float]:  # fmt: skip
        out: list[str] = []
        for row in rows:
            block = row.text
            if row.member is None:  # centred: a name or an annotation
                out += self.writer.text_block(block, left + width / 2, top, paint)
            else:
                italic = row.member.classifier == "*"
                shown = replace(paint, italic=paint.italic or italic)
                cx = left + PAD_X + block.width / 2
                out += _left(self.writer.text_block(block, cx, top, shown), cx, left + PAD_X)
                if row.member.classifier == "$":
                    y = top + baseline_offset(block.size) + 2
                    line = _attrs(x1=left + PAD_X, y1=y, x2=left + PAD_X + block.width, y2=y,
                                  stroke=paint.color, stroke_width=1.0)  # fmt: skip
                    out.append(f"<line {line}/>")
            top += block.height
        return out, top

    def klass(self, placed: PlacedClass) -> str:
        box, paint = placed.box, placed.paint
        head = _attrs(data_class=placed.node.id)
        if placed.node.interface:
            label_paint = Paint("none", "none", 0.0, None, self.text, False)
            block = placed.head[0].text
            text = self.writer.text_block(block, box.cx, box.cy - block.height / 2, label_paint)
            return f'<g {head} data-interface="">{"".join(text)}</g>'
        rect = _attrs(x=box.left, y=box.top, width=box.width, height=box.height,
                      fill=paint.fill, stroke=paint.stroke, stroke_width=paint.stroke_width,
                      stroke_dasharray=paint.dasharray)  # fmt: skip
        parts = [f"<rect {rect}/>"]
        name_paint = replace(paint, bold=True)
        top = box.top + HEAD_PAD
        for i, row in enumerate(placed.head):
            last = i == len(placed.head) - 1
            drawn, top = self.rows([row], box.left, top, box.width, name_paint if last else paint)
            parts += drawn
        for y in placed.dividers:
            line = _attrs(x1=box.left, y1=y, x2=box.right, y2=y, stroke=paint.stroke,
                          stroke_width=paint.stroke_width)  # fmt: skip
            parts.append(f"<line {line}/>")
        for rows, y in zip((placed.members, placed.methods), placed.dividers, strict=False):
            parts += self.rows(rows, box.left, y + SECTION_PAD, box.width, paint)[0]
        return f"<g {head}>{''.join(parts)}</g>"

    def note(self, placed: PlacedNote) -> str:
        box, theme = placed.box, self.notes
        rect = _attrs(
            x=box.left,
            y=box.top,
            width=box.width,
            height=box.height,
            fill=theme.note_fill,
            stroke=theme.note_stroke,
            stroke_width=1.0,
        )
        paint = Paint("none", "none", 0.0, None, theme.note_text, False)
        text = self.writer.text_block(placed.text, box.cx, box.cy - placed.text.height / 2, paint)
        return f"<g {_attrs(data_note=placed.id)}><rect {rect}/>{''.join(text)}</g>"

    def cluster(self, cluster: PlacedCluster) -> str:
        box = cluster.box
        sub = self.flow.subgraphs[cluster.id]
        paint = cluster_paint(self.flow, sub)
        rect = _attrs(
            x=box.left,
            y=box.top,
            width=box.width,
            height=box.height,
            rx=5.0,
            fill=paint.fill,
            stroke=paint.stroke,
            stroke_width=paint.stroke_width,
        )
        title = self.writer.text_block(cluster.title, cluster.title_x, box.top + 7, paint)
        head = _attrs(data_namespace=cluster.id.removeprefix("ns:"))
        return f"<g {head}><rect {rect}/>{''.join(title)}</g>"

    def relation(self, placed: PlacedRelation) -> str:
        edge = placed.edge.plan.edge
        paint = edge_paint(edge, self.flow)
        dotted = edge.stroke == "dotted"
        path = _attrs(
            d=placed.route.d,
            fill="none",
            stroke=paint.stroke,
            stroke_width=RELATION_WIDTH,
            stroke_dasharray=DASH if dotted else None,
        )
        parts = [f"<path {path}/>"]
        ends = (
            (placed.ends[0], placed.route.tip_start, placed.route.start),
            (placed.ends[1], placed.route.tip_end, placed.route.end),
        )
        for kind, tip, base in ends:
            if kind != "none":
                parts.append(self.marker(kind, tip, base, paint.stroke))
        rel = placed.relation
        head = _attrs(data_from=edge.source, data_to=edge.target,
                      data_kinds=f"{placed.ends[0]} {placed.ends[1]}",
                      data_line="dashed" if dotted else "solid",
                      data_note_link="" if rel is None else None)  # fmt: skip
        return f"<g {head}>{''.join(parts)}</g>"

    def marker(self, kind: str, tip: Point, base: Point, colour: str) -> str:
        dx, dy = base[0] - tip[0], base[1] - tip[1]
        if abs(dx) + abs(dy) < 1e-6:
            dx, dy = 0.0, 1.0
        ux, uy = unit(dx, dy)
        nx, ny = -uy, ux
        length, width = MARKER_SIZE[kind]

        def at(a: float, b: float) -> str:
            return f"{fmt(tip[0] + ux * a + nx * b)},{fmt(tip[1] + uy * a + ny * b)}"

        if kind == "dependency":  # an open arrow head, its shaft to the tip
            d = (f"M{at(length, -width / 2)} L{at(0, 0)} L{at(length, width / 2)} "
                 f"M{at(0, 0)} L{at(MARKER_LENGTH, 0)}")  # fmt: skip
            attrs = _attrs(d=d, fill="none", stroke=colour, stroke_width=RELATION_WIDTH,
                           stroke_linejoin="round", data_marker=kind)  # fmt: skip
            return f"<path {attrs}/>"
        hollow = kind in ("extension", "aggregation", "lollipop")
        fill = self.hollow if hollow else colour
        style = _attrs(fill=fill, stroke=colour, stroke_width=RELATION_WIDTH,
                       stroke_linejoin="round", data_marker=kind)  # fmt: skip
        if kind == "lollipop":
            r = length / 2
            centre = (tip[0] + ux * r, tip[1] + uy * r)
            return f"<circle {_attrs(cx=centre[0], cy=centre[1], r=r)} {style}/>"
        if kind in ("composition", "aggregation"):
            half = length / 2
            points = [at(0, 0), at(half, -width / 2), at(length, 0), at(half, width / 2)]
        else:
            points = [at(0, 0), at(length, -width / 2), at(length, width / 2)]
        return f'<polygon points="{" ".join(points)}" {style}/>'

    def label(self, label: PlacedLabel, background: bool) -> str:
        block = label.text
        cx, cy = label.centre
        parts = []
        if background:
            rect = _attrs(x=cx - block.width / 2 - 3, y=cy - block.height / 2,
                          width=block.width + 6, height=block.height, rx=3.0,
                          fill=self.label_fill, fill_opacity=0.9)  # fmt: skip
            parts.append(f"<rect {rect}/>")
        paint = Paint("none", "none", 0.0, None, self.text, False)
        parts += self.writer.text_block(block, cx, cy - block.height / 2, paint)
        kind = "data-relation-label" if background else "data-cardinality"
        return f'<g {kind}="">{"".join(parts)}</g>'


def _left(parts: list[str], cx: float, left: float) -> list[str]:
    """A member's line, anchored at its start (so that it stays aligned whatever the font
    the viewer substitutes); lines with emoji images are placed from the left already."""
    centred = f'<text x="{fmt(cx)}" '
    if len(parts) == 1 and parts[0].startswith(centred) and 'text-anchor="middle"' in parts[0]:
        moved = f'<text x="{fmt(left)}" ' + parts[0][len(centred) :]
        return [moved.replace('text-anchor="middle"', 'text-anchor="start"', 1)]
    return parts



def describe(chart: ClassDiagram) -> str:
    """The <desc> text: the author's description, then the classes and relations in words."""
    parts = [flat(chart.description)] if chart.description else []
    names = {c.id: flat(c.label) or c.id for c in chart.classes.values()}
    shown = [names[c.id] for c in chart.classes.values() if not c.interface][:80]
    if shown:
        parts.append("Classes : " + ", ".join(shown) + ".")
    links = []
    for rel in chart.relations[:80]:
        extra = f" ({flat(rel.title)})" if rel.title else ""
        links.append(f"{names.get(rel.id1, rel.id1)} — {names.get(rel.id2, rel.id2)}{extra}")
    if links:
        parts.append("Relations : " + "; ".join(links) + ".")
    return " ".join(parts)


def render_svg(chart: ClassDiagram, layout: ClassLayout, prefix: str,
               emoji_href: EmojiHref | None) -> str:  # fmt: skip
    draw = _Draw(chart, layout, emoji_href)
    body = [draw.cluster(c) for c in layout.clusters]
    body += [draw.relation(r) for r in layout.relations]
    body += [draw.klass(c) for c in layout.classes.values()]
    body += [draw.note(n) for n in layout.notes]
    for rel in layout.relations:
        if rel.title:
            body.append(draw.label(rel.title, True))
        body += [draw.label(card, False) for card in rel.cards]
    if layout.heading is not None:
        colour = themed(layout.flow, "title_color", TEXT_COLOR)
        paint = Paint("none", "none", 0.0, None, colour, False)
        body += draw.writer.text_block(layout.heading, layout.width / 2, DIAGRAM_PAD, paint)
    title = flat(chart.acc_title or chart.title or "") or DEFAULT_TITLE
    w, h = fmt(layout.width), fmt(layout.height)
    head = svg_head(prefix, w, h, title, describe(chart), "classDiagram", FONT_FAMILY)
    return head + "".join(body) + "</svg>"
