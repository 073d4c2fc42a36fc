"""Read the geometry back out of a rendered diagram, for tests.

``read_svg(render_mermaid(...))`` gives nodes (shape outline, colours, text lines with
their extent measured with the same font metrics), edges (end points, markers, colour)
and subgraph boxes, so that assertions can be made on geometry rather than on bytes.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from coursebuild.mermaid.fonts import ascent_px, descent_px, text_width
from coursebuild.mermaid.geometry import Point, ellipse_points, point_in_polygon

SVG_NS = "{http://www.w3.org/2000/svg}"
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e-?\d+)?")


@dataclass(frozen=True)
class TextLine:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    fill: str
    bold: bool


@dataclass
class SvgNode:
    id: str
    kind: str
    tag: str
    outline: list[Point]
    fill: str
    stroke: str
    stroke_width: float
    dasharray: str | None
    lines: list[TextLine] = field(default_factory=list)
    images: list[tuple[float, float, float, float]] = field(default_factory=list)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        xs = [p[0] for p in self.outline]
        ys = [p[1] for p in self.outline]
        return (min(xs), min(ys), max(xs), max(ys))

    @property
    def center(self) -> Point:
        x0, y0, x1, y1 = self.bbox
        return ((x0 + x1) / 2, (y0 + y1) / 2)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    def contains(self, point: Point, tolerance: float = 0.5) -> bool:
        """Inside the outline (polygons), or within ``tolerance`` of it."""
        if point_in_polygon(point, self.outline):
            return True
        return _distance_to_outline(point, self.outline) <= tolerance


@dataclass
class SvgEdge:
    source: str
    target: str
    index: int
    stroke_kind: str
    start: str
    end: str
    points: list[Point]
    colour: str
    width: float
    dasharray: str | None
    marker_start: str | None
    marker_end: str | None

    @property
    def first(self) -> Point:
        return self.points[0]

    @property
    def last(self) -> Point:
        return self.points[-1]


@dataclass
class SvgCluster:
    id: str
    box: tuple[float, float, float, float]
    fill: str
    stroke: str
    title: str


@dataclass
class SvgDiagram:
    root: ET.Element
    width: float
    height: float
    title: str
    desc: str
    nodes: dict[str, SvgNode]
    edges: list[SvgEdge]
    clusters: dict[str, SvgCluster]
    edge_labels: dict[int, tuple[tuple[float, float, float, float], str]]
    marker_ids: list[str]


def _numbers(text: str) -> list[float]:
    return [float(n) for n in _NUMBER.findall(text)]


def _distance_to_outline(point: Point, outline: list[Point]) -> float:
    best = math.inf
    for i, a in enumerate(outline):
        b = outline[(i + 1) % len(outline)]
        best = min(best, _segment_distance(point, a, b))
    return best


def _segment_distance(p: Point, a: Point, b: Point) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = dx * dx + dy * dy
    t = (
        0.0
        if length == 0
        else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length))
    )
    return math.dist(p, (a[0] + t * dx, a[1] + t * dy))


def _outline(shape: ET.Element) -> list[Point]:
    tag = shape.tag.removeprefix(SVG_NS)
    get = shape.get
    if tag == "rect":
        x, y = float(get("x", 0)), float(get("y", 0))
        w, h = float(get("width", 0)), float(get("height", 0))
        return [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]
    if tag == "circle":
        cx, cy, r = float(get("cx", 0)), float(get("cy", 0)), float(get("r", 0))
        return [(cx + x, cy + y) for x, y in ellipse_points(r, r, count=96)]
    if tag == "polygon":
        values = _numbers(get("points", ""))
        return list(zip(values[0::2], values[1::2], strict=True))
    return _cylinder_outline(get("d", ""))


def _cylinder_outline(d: str) -> list[Point]:
    """``M l,top A rx,ry 0 0 1 r,top L r,bottom A … Z``: upper lid arc, lower base arc."""
    left, top, rx, ry, _, _, _, right, _, _, bottom = _numbers(d)[:11]
    cx = (left + right) / 2
    upper = [(cx + x, top + y) for x, y in ellipse_points(rx, ry, count=96) if y <= 0]
    lower = [(cx + x, bottom + y) for x, y in ellipse_points(rx, ry, count=96) if y >= 0]
    return sorted(upper) + sorted(lower, reverse=True)


def _text_line(element: ET.Element) -> TextLine:
    text = "".join(element.itertext())
    bold = element.get("font-weight") == "bold"
    size = float(element.get("font-size", 16))
    width = text_width(element.text or "", bold, size)
    for span in element:  # formatted pieces: <tspan font-weight="bold">…</tspan>
        span_bold = bold or span.get("font-weight") == "bold"
        width += text_width(span.text or "", span_bold, size) + text_width(
            span.tail or "", bold, size
        )
    x, y = float(element.get("x", 0)), float(element.get("y", 0))
    anchor = element.get("text-anchor", "start")
    x0 = x - width / 2 if anchor == "middle" else x
    return TextLine(
        text, x0, y - ascent_px(size), x0 + width, y + descent_px(size),
        element.get("fill", ""), bold,
    )  # fmt: skip


def _node(group: ET.Element) -> SvgNode:
    shape = group[0]
    node = SvgNode(
        id=group.get("data-id", ""),
        kind=group.get("data-shape", ""),
        tag=shape.tag.removeprefix(SVG_NS),
        outline=_outline(shape),
        fill=shape.get("fill", ""),
        stroke=shape.get("stroke", ""),
        stroke_width=float(shape.get("stroke-width", 1)),
        dasharray=shape.get("stroke-dasharray"),
    )
    for child in group:
        if child.tag == f"{SVG_NS}text":
            node.lines.append(_text_line(child))
        elif child.tag == f"{SVG_NS}image":
            x, y = float(child.get("x", 0)), float(child.get("y", 0))
            node.images.append(
                (x, y, x + float(child.get("width", 0)), y + float(child.get("height", 0)))
            )
    return node


def _edge(group: ET.Element) -> SvgEdge:
    path = group.find(f"{SVG_NS}path")
    assert path is not None
    values = _numbers(path.get("d", ""))
    return SvgEdge(
        source=group.get("data-from", ""),
        target=group.get("data-to", ""),
        index=int(group.get("data-index", -1)),
        stroke_kind=group.get("data-stroke", ""),
        start=group.get("data-start", "none"),
        end=group.get("data-end", "none"),
        points=list(zip(values[0::2], values[1::2], strict=True)),
        colour=path.get("stroke", ""),
        width=float(path.get("stroke-width", 0)),
        dasharray=path.get("stroke-dasharray"),
        marker_start=path.get("marker-start"),
        marker_end=path.get("marker-end"),
    )


def _cluster(group: ET.Element) -> SvgCluster:
    rect = group[0]
    x, y = float(rect.get("x", 0)), float(rect.get("y", 0))
    box = (x, y, x + float(rect.get("width", 0)), y + float(rect.get("height", 0)))
    title = " ".join(t.text or "" for t in group.iter(f"{SVG_NS}text"))
    return SvgCluster(
        group.get("data-cluster", ""), box, rect.get("fill", ""), rect.get("stroke", ""), title
    )


def _edge_label(group: ET.Element) -> tuple[tuple[float, float, float, float], str]:
    rect = group[0]
    x, y = float(rect.get("x", 0)), float(rect.get("y", 0))
    box = (x, y, x + float(rect.get("width", 0)), y + float(rect.get("height", 0)))
    return box, " ".join(t.text or "" for t in group.iter(f"{SVG_NS}text"))


def _groups(root: ET.Element) -> list[ET.Element]:
    """The drawing's groups, including those inside a link (``<a>``)."""
    found = []
    for child in root:
        if child.tag == f"{SVG_NS}g":
            found.append(child)
        elif child.tag == f"{SVG_NS}a":
            found.extend(child.findall(f"{SVG_NS}g"))
    return found


def read_svg(svg: str) -> SvgDiagram:
    root = ET.fromstring(svg)
    _, _, width, height = _numbers(root.get("viewBox", "0 0 0 0"))
    diagram = SvgDiagram(
        root, width, height,
        root.findtext(f"{SVG_NS}title", ""), root.findtext(f"{SVG_NS}desc", ""),
        {}, [], {}, {},
        [m.get("id", "") for m in root.iter(f"{SVG_NS}marker")],
    )  # fmt: skip
    for group in _groups(root):
        if group.get("data-id") is not None:
            node = _node(group)
            diagram.nodes[node.id] = node
        elif group.get("data-from") is not None:
            diagram.edges.append(_edge(group))
        elif group.get("data-cluster") is not None:
            cluster = _cluster(group)
            diagram.clusters[cluster.id] = cluster
        elif group.get("data-edge-label") is not None:
            diagram.edge_labels[int(group.get("data-edge-label", -1))] = _edge_label(group)
    return diagram
