"""SVG output: presentation attributes only (no <style>, no classes, no foreignObject)."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from .diagram import (
    CLUSTER_PAD,
    DIAGRAM_PAD,
    PlacedCluster,
    PlacedDiagram,
    PlacedEdge,
    PlacedNode,
    label_size,
)
from .fonts import baseline_offset, text_width
from .geometry import Box
from .model import Flowchart, Marker
from .routing import MARKER_LENGTH, Route, fmt, route
from .shapes import ROUND_MARKS
from .styles import EDGE_LABEL_FILL, FONT_FAMILY, TEXT_COLOR, Paint, edge_paint, themed
from .text import Span, TextBlock, flat, measure, split_emoji, styled_lines

EmojiHref = Callable[[str], "str | None"]
DEFAULT_TITLE = "Diagramme"
HEADING_GAP = 10.0  # between the front matter's title and the drawing
HEADING_SCALE = 1.125  # the title's size against the labels'
_SPAN_ATTRS = {
    "bold": ("font-weight", "bold"),
    "italic": ("font-style", "italic"),
    "underline": ("text-decoration", "underline"),
    "strike": ("text-decoration", "line-through"),
}


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _attrs(**values: str | float | None) -> str:
    parts = []
    for key, value in values.items():
        if value is None:
            continue
        shown = fmt(value) if isinstance(value, float | int) else _esc(value)
        parts.append(f'{key.rstrip("_").replace("_", "-")}="{shown}"')
    return " ".join(parts)


def _paint_attrs(paint: Paint) -> str:
    return _attrs(
        fill=paint.fill, stroke=paint.stroke, stroke_width=paint.stroke_width,
        stroke_dasharray=paint.dasharray,
    )  # fmt: skip


class _Markers:
    """One <marker> per (shape, end, colour), with ids under the diagram's prefix."""

    SHAPES = {
        ("arrow", "end"): ('<path d="M0,0 L10,5 L0,10 z" fill="{c}"/>', 0),
        ("arrow", "start"): ('<path d="M10,0 L0,5 L10,10 z" fill="{c}"/>', 10),
        ("circle", "end"): ('<circle cx="5" cy="5" r="4.5" fill="{c}"/>', 0),
        ("circle", "start"): ('<circle cx="5" cy="5" r="4.5" fill="{c}"/>', 10),
        ("cross", "end"): ('<path d="M1,1 L9,9 M1,9 L9,1" stroke="{c}" stroke-width="2"/>', 0),
        ("cross", "start"): ('<path d="M1,1 L9,9 M1,9 L9,1" stroke="{c}" stroke-width="2"/>', 10),
    }

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.ids: dict[tuple[str, str, str], str] = {}
        self.defs: list[str] = []

    def url(self, kind: Marker, end: str, colour: str) -> str:
        key = (kind, end, colour)
        if key not in self.ids:
            marker_id = f"{self.prefix}-{kind}-{end}-{len(self.ids)}"
            self.ids[key] = marker_id
            body, ref_x = self.SHAPES[(kind, end)]
            self.defs.append(
                f'<marker id="{_esc(marker_id)}" viewBox="0 0 10 10" refX="{ref_x}" refY="5" '
                f'markerWidth="{fmt(MARKER_LENGTH)}" markerHeight="{fmt(MARKER_LENGTH)}" '
                f'markerUnits="userSpaceOnUse" orient="auto">{body.format(c=_esc(colour))}</marker>'
            )
        return f"url(#{self.ids[key]})"


class _Writer:
    def __init__(self, emoji_href: EmojiHref | None) -> None:
        self.emoji_href = emoji_href
        self.hrefs: dict[str, str | None] = {}

    def href(self, symbol: str) -> str | None:
        if self.emoji_href is None:
            return None
        if symbol not in self.hrefs:
            found = self.emoji_href(symbol)
            self.hrefs[symbol] = found if found and found.startswith("data:") else None
        return self.hrefs[symbol]

    def text_block(self, block: TextBlock, cx: float, top: float, paint: Paint) -> list[str]:
        out: list[str] = []
        styled = styled_lines(block.lines)
        for i, (spans, width) in enumerate(zip(styled, block.widths, strict=True)):
            line_top = top + i * block.line_height
            if self._has_emoji(spans):
                out.extend(self._positioned(spans, cx - width / 2, line_top, block, paint))
            elif any(span.styles for span in spans):
                out.append(self._styled_line(spans, cx, line_top, block, paint))
            else:
                line = "".join(span.text for span in spans)
                baseline = line_top + baseline_offset(block.size)
                out.append(
                    f'<text x="{fmt(cx)}" y="{fmt(baseline)}" text-anchor="middle" '
                    f"{self._font(block, paint)}>{_esc(line)}</text>"
                )
        return out

    def _has_emoji(self, spans: list[Span]) -> bool:
        """Whether a line holds an emoji drawn as an image (Twemoji)."""
        if self.emoji_href is None:
            return False
        return any(
            run.is_emoji and self.href(run.text)
            for span in spans
            if not span.text.isascii()
            for run in split_emoji(span.text)
        )

    def _styled_line(
        self, spans: list[Span], cx: float, top: float, block: TextBlock, paint: Paint
    ) -> str:
        """A line in several styles: one ``<text>``, a ``<tspan>`` per styled piece."""
        baseline = top + baseline_offset(block.size)
        parts = []
        for span in spans:
            if not span.styles:
                parts.append(_esc(span.text))
                continue
            attrs: dict[str, list[str]] = {}
            for style in sorted(span.styles):
                name, value = _SPAN_ATTRS[style]
                attrs.setdefault(name, []).append(value)
            shown = " ".join(f'{k}="{" ".join(v)}"' for k, v in attrs.items())
            parts.append(f"<tspan {shown}>{_esc(span.text)}</tspan>")
        return (
            f'<text x="{fmt(cx)}" y="{fmt(baseline)}" text-anchor="middle" '
            f'xml:space="preserve" {self._font(block, paint)}>{"".join(parts)}</text>'
        )

    def _font(self, block: TextBlock, paint: Paint, styles: frozenset[str] = frozenset()) -> str:
        lines = [_SPAN_ATTRS[s][1] for s in sorted(styles) if s in ("underline", "strike")]
        return _attrs(
            font_family=FONT_FAMILY, font_size=block.size,
            font_weight="bold" if block.bold or "bold" in styles else None,
            font_style="italic" if paint.italic or "italic" in styles else None,
            text_decoration=" ".join(lines) or None, fill=paint.color,
        )  # fmt: skip

    def _positioned(
        self, spans: list[Span], x: float, top: float, block: TextBlock, paint: Paint
    ) -> list[str]:
        """A line with emoji images: each piece placed from the left, in its own style."""
        out = []
        size = block.size
        baseline = top + baseline_offset(size)
        for span in spans:
            bold = block.bold or "bold" in span.styles
            font = self._font(block, paint, span.styles)
            for run in split_emoji(span.text):
                href = self.href(run.text) if run.is_emoji else None
                if href:
                    y = top + (block.line_height - size) / 2
                    ref = _esc(href)
                    out.append(
                        f'<image x="{fmt(x)}" y="{fmt(y)}" width="{fmt(size)}" '
                        f'height="{fmt(size)}" href="{ref}" xlink:href="{ref}" '
                        f'preserveAspectRatio="xMidYMid meet"/>'
                    )
                    x += size
                    continue
                text = run.text
                stripped = text.lstrip(" ")
                x += text_width(text[: len(text) - len(stripped)], bold, size)
                if stripped.strip():
                    out.append(
                        f'<text x="{fmt(x)}" y="{fmt(baseline)}" text-anchor="start" '
                        f"{font}>{_esc(stripped)}</text>"
                    )
                x += text_width(stripped, bold, size)
        return out


def _round_mark(node: PlacedNode) -> list[str]:
    """The small circles mermaid draws without a label (start, stop, junction, summary)."""
    box, paint, kind = node.box, node.paint, node.geometry.kind
    r = box.width / 2
    out = [f"<circle {_attrs(cx=box.cx, cy=box.cy, r=r)} {_paint_attrs(paint)}/>"]
    if kind == "fr_circ":  # a dot inside a ring, in the border colour
        dot = _attrs(cx=box.cx, cy=box.cy, r=r * 5 / 14, fill=paint.color, stroke=paint.color)
        out.append(f"<circle {dot}/>")
    if kind == "cross_circ":
        d = r * 0.7071
        cross = (
            f"M{fmt(box.cx - d)},{fmt(box.cy + d)} L{fmt(box.cx + d)},{fmt(box.cy - d)} "
            f"M{fmt(box.cx + d)},{fmt(box.cy + d)} L{fmt(box.cx - d)},{fmt(box.cy - d)}"
        )
        line = _attrs(fill="none", stroke=paint.stroke, stroke_width=paint.stroke_width)
        out.append(f'<path d="{cross}" {line}/>')
    return out


def _shape(node: PlacedNode) -> list[str]:
    box, geo, paint = node.box, node.geometry, node.paint
    style = _paint_attrs(paint)
    kind = geo.kind
    if kind in ROUND_MARKS:
        return _round_mark(node)
    if kind in ("rect", "round", "subroutine", "stadium", "text", "fork"):
        radius = {"round": 5.0, "stadium": box.height / 2}.get(kind)
        rect = _attrs(
            x=box.left, y=box.top, width=box.width, height=box.height, rx=radius, ry=radius
        )
        out = [f"<rect {rect} {style}/>"]
        if kind == "subroutine":
            for x in (box.left + 8, box.right - 8):
                line = _attrs(x1=x, y1=box.top, x2=x, y2=box.bottom)
                out.append(
                    f"<line {line} {_attrs(stroke=paint.stroke, stroke_width=paint.stroke_width)}/>"
                )
        return out
    if kind == "ellipse":
        return [
            f"<ellipse {_attrs(cx=box.cx, cy=box.cy, rx=box.width / 2, ry=box.height / 2)}"
            f" {style}/>"
        ]
    if kind in ("circle", "doublecircle"):
        out = [f"<circle {_attrs(cx=box.cx, cy=box.cy, r=box.width / 2)} {style}/>"]
        if kind == "doublecircle":
            out.append(f"<circle {_attrs(cx=box.cx, cy=box.cy, r=box.width / 2 - 5)} {style}/>")
        return out
    if kind == "cylinder":
        return _cylinder(box, geo.ry, style, paint)
    drawn = [(box.cx + x, box.cy + y) for x, y in geo.figure] or node.outline()
    points = " ".join(f"{fmt(x)},{fmt(y)}" for x, y in drawn)
    return [f'<polygon points="{points}" {style}/>']


def _cylinder(box: Box, ry: float, style: str, paint: Paint) -> list[str]:
    rx = box.width / 2
    top, bottom = box.top + ry, box.bottom - ry
    arc = f"A{fmt(rx)},{fmt(ry)} 0 0 1"
    body = (
        f"M{fmt(box.left)},{fmt(top)} {arc} {fmt(box.right)},{fmt(top)} "
        f"L{fmt(box.right)},{fmt(bottom)} {arc} {fmt(box.left)},{fmt(bottom)} Z"
    )
    rim = f"M{fmt(box.left)},{fmt(top)} A{fmt(rx)},{fmt(ry)} 0 0 0 {fmt(box.right)},{fmt(top)}"
    rim_style = _attrs(fill="none", stroke=paint.stroke, stroke_width=paint.stroke_width)
    return [f'<path d="{body}" {style}/>', f'<path d="{rim}" {rim_style}/>']


def _node(node: PlacedNode, writer: _Writer, link: str | None) -> str:
    top = node.box.cy + node.geometry.text_dy - node.text.height / 2
    parts = _shape(node)
    if node.geometry.labelled:
        parts += writer.text_block(node.text, node.box.cx, top, node.paint)
    head = _attrs(data_id=node.id, data_shape=node.geometry.kind)
    drawn = f"<g {head}>{''.join(parts)}</g>"
    if link is None:
        return drawn
    ref = _esc(link)
    box = node.box
    area = " ".join(fmt(v) for v in (box.left, box.top, box.width, box.height))
    return f'<a href="{ref}" xlink:href="{ref}" data-box="{area}">{drawn}</a>'


def _cluster(cluster: PlacedCluster, writer: _Writer) -> str:
    box = cluster.box
    rect = _attrs(x=box.left, y=box.top, width=box.width, height=box.height, rx=5.0, ry=5.0)
    parts = [f"<rect {rect} {_paint_attrs(cluster.paint)}/>"]
    top = box.top + CLUSTER_PAD / 2
    parts += writer.text_block(cluster.title, cluster.title_x, top, cluster.paint)
    return f"<g {_attrs(data_cluster=cluster.id)}>{''.join(parts)}</g>"


_STRAIGHT = {"linear"}
_CUBICS = re.compile(r"M[^A-Za-z]*(?:C[^A-Za-z]*)*")
_STEPS = {"step", "stepBefore", "stepAfter"}


def _with_curve(d: str, curve: str | None) -> str:
    """The route drawn as mermaid's ``curve`` asks: straight segments for ``linear``, square
    steps for ``step``/``stepBefore``/``stepAfter``; any other curve stays a smooth one."""
    if curve not in _STRAIGHT and curve not in _STEPS or not _CUBICS.fullmatch(d):
        return d
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", d)]
    points = [(numbers[0], numbers[1])] + [
        (numbers[i + 4], numbers[i + 5]) for i in range(2, len(numbers) - 5, 6)
    ]
    if curve in _STEPS:
        points = _steps(points, curve)
    head, *rest = points
    return f"M{fmt(head[0])},{fmt(head[1])} " + " ".join(f"L{fmt(x)},{fmt(y)}" for x, y in rest)


def _steps(points: list[tuple[float, float]], curve: str) -> list[tuple[float, float]]:
    stepped = [points[0]]
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        if curve == "stepBefore":
            stepped.append((x0, y1))
        elif curve == "stepAfter":
            stepped.append((x1, y0))
        else:
            stepped += [((x0 + x1) / 2, y0), ((x0 + x1) / 2, y1)]
        stepped.append((x1, y1))
    return stepped


def _edge(edge: PlacedEdge, path: Route, markers: _Markers) -> str:
    e = edge.plan.edge
    paint = edge.paint
    ends = {
        "marker_start": markers.url(e.start, "start", paint.stroke) if e.start else None,
        "marker_end": markers.url(e.end, "end", paint.stroke) if e.end else None,
    }
    attrs = _attrs(d=_with_curve(path.d, e.curve), fill="none", stroke=paint.stroke,
                   stroke_width=paint.stroke_width, stroke_dasharray=paint.dasharray,
                   **ends)  # fmt: skip
    head = _attrs(data_from=e.source, data_to=e.target, data_index=e.index, data_stroke=e.stroke,
                  data_start=e.start or "none", data_end=e.end or "none")  # fmt: skip
    return f"<g {head}><path {attrs}/></g>"


def _edge_label(edge: PlacedEdge, path: Route, writer: _Writer, fill: str) -> str:
    assert edge.label is not None
    width, height = label_size(edge.label)
    cx, cy = path.label_center
    rect = _attrs(x=cx - width / 2, y=cy - height / 2, width=width, height=height, rx=3.0, ry=3.0,
                  fill=fill, fill_opacity=0.9)  # fmt: skip
    parts = [f"<rect {rect}/>"]
    parts += writer.text_block(edge.label, cx, cy - edge.label.height / 2, edge.paint)
    return f"<g {_attrs(data_edge_label=edge.plan.edge.index)}>{''.join(parts)}</g>"



def describe(chart: Flowchart) -> str:
    """The <desc> text: the author's description, then nodes and links in words."""
    names = {n.id: flat(n.label) or n.id for n in chart.nodes.values()}
    names.update({s.id: flat(s.title) or s.id for s in chart.subgraphs.values()})
    links = []
    for e in chart.edges:
        if e.stroke != "invisible":
            extra = f" ({flat(e.label)})" if e.label else ""
            links.append(f"{names[e.source]} → {names[e.target]}{extra}")
    parts = [chart.description] if chart.description else []
    parts.append("Nœuds : " + ", ".join(names[n] for n in chart.nodes) + ".")
    if links:
        parts.append("Liens : " + "; ".join(links) + ".")
    return " ".join(parts)


def _extent(diagram: PlacedDiagram, routes: list[Route]) -> tuple[float, float, float, float]:
    boxes = [node.box for node in diagram.nodes.values()] + [c.box for c in diagram.clusters]
    for edge, path in zip(diagram.edges, routes, strict=True):
        if edge.label is not None and edge.label.lines:
            boxes.append(Box(*path.label_center, *label_size(edge.label)))
    extents = [(b.left, b.top, b.right, b.bottom) for b in boxes] + [r.extent for r in routes]
    return (
        min(e[0] for e in extents),
        min(e[1] for e in extents),
        max(e[2] for e in extents),
        max(e[3] for e in extents),
    )


def _fit(diagram: PlacedDiagram, routes: list[Route]) -> list[Route]:
    """Grow the canvas (and shift the drawing) if a curve or loop pokes out of it."""
    if not diagram.nodes and not diagram.clusters:
        return routes
    left, top, right, bottom = _extent(diagram, routes)
    dx = DIAGRAM_PAD - left if left < 0 else 0.0
    dy = DIAGRAM_PAD - top if top < 0 else 0.0
    if dx or dy:
        diagram.shift(dx, dy)
        routes = [route(edge) for edge in diagram.edges]
    diagram.width += dx
    diagram.height += dy
    if right + dx > diagram.width:
        diagram.width = right + dx + DIAGRAM_PAD
    if bottom + dy > diagram.height:
        diagram.height = bottom + dy + DIAGRAM_PAD
    return routes


def _heading(chart: Flowchart, diagram: PlacedDiagram, writer: _Writer) -> list[str]:
    """The front matter's title, centred above the drawing, which moves down to make room."""
    if not chart.heading:
        return []
    block = measure(chart.heading, wrap=False)
    scale = HEADING_SCALE
    block = TextBlock(
        block.lines, tuple(w * scale for w in block.widths), False, block.size * scale
    )
    shift = block.height + HEADING_GAP
    diagram.shift(0.0, shift)
    diagram.height += shift
    diagram.width = max(diagram.width, block.width + 2 * DIAGRAM_PAD)
    colour = themed(chart, "title_color", TEXT_COLOR)
    paint = Paint("none", "none", 0.0, None, colour, False)
    return writer.text_block(block, diagram.width / 2, DIAGRAM_PAD, paint)


def _body(
    chart: Flowchart, diagram: PlacedDiagram, writer: _Writer, markers: _Markers
) -> list[str]:
    routes = _fit(diagram, [route(edge) for edge in diagram.edges])
    body = [_cluster(c, writer) for c in diagram.clusters]
    for edge, path in zip(diagram.edges, routes, strict=True):
        edge.paint = edge_paint(edge.plan.edge, chart)
        if edge.plan.edge.stroke != "invisible":
            body.append(_edge(edge, path, markers))
    body += [_node(node, writer, _node_link(chart, node.id)) for node in diagram.nodes.values()]
    label_fill = themed(chart, "label_fill", EDGE_LABEL_FILL)
    for edge, path in zip(diagram.edges, routes, strict=True):
        if edge.label is not None and edge.label.lines and edge.plan.edge.stroke != "invisible":
            body.append(_edge_label(edge, path, writer, label_fill))
    return body


def _node_link(chart: Flowchart, node_id: str) -> str | None:
    node = chart.nodes.get(node_id)
    return node.link if node else None


def render_svg(
    chart: Flowchart, diagram: PlacedDiagram, prefix: str, emoji_href: EmojiHref | None
) -> str:
    writer = _Writer(emoji_href)
    markers = _Markers(prefix)
    heading = _heading(chart, diagram, writer)
    body = heading + _body(chart, diagram, writer, markers)
    title = chart.title or DEFAULT_TITLE
    w, h = fmt(diagram.width), fmt(diagram.height)
    head = svg_head(prefix, w, h, title, describe(chart))
    defs = f"<defs>{''.join(markers.defs)}</defs>" if markers.defs else ""
    return head + defs + "".join(body) + "</svg>"


def svg_head(prefix: str, width: str, height: str, title: str, description: str,
             kind: str = "", font_family: str = "") -> str:
    """A diagram's opening ``<svg>`` tag (its size, its role, named by its ``<title>`` and
    described by its ``<desc>``, which follow it); ``kind``: ``data-diagram`` and the
    ``font-family`` the type's text is set in."""
    named = f' data-diagram="{kind}" font-family="{_esc(font_family)}"' if kind else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'class="mermaid-diagram" role="img" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" aria-labelledby="{_esc(prefix)}-title" '
        f'aria-describedby="{_esc(prefix)}-desc"{named}>'
        f'<title id="{_esc(prefix)}-title">{_esc(title)}</title>'
        f'<desc id="{_esc(prefix)}-desc">{_esc(description)}</desc>'
    )
