"""Style declarations (``style``, ``classDef``, ``linkStyle``) and the default theme."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import MermaidError
from .model import Edge, Flowchart, Node, StyleMap, Subgraph

FONT_FAMILY = "Inter, 'DejaVu Sans', sans-serif"
TEXT_COLOR = "#333"
NODE_FILL = "#ECECFF"
NODE_STROKE = "#9370DB"
CLUSTER_FILL = "#ffffde"
CLUSTER_STROKE = "#aaaa33"
EDGE_COLOR = "#333333"
EDGE_LABEL_FILL = "#e8e8e8"
EDGE_WIDTH = {"normal": 2.0, "thick": 3.5, "dotted": 2.0, "invisible": 0.0}
DOTTED_DASH = "3"


def parse_style_list(text: str, line: int) -> StyleMap:
    """``fill:#f9f,stroke:#333,stroke-width:4px`` to a dict (commas inside () kept)."""
    styles: StyleMap = {}
    for item in _split_top_level(text):
        if ":" not in item:
            raise MermaidError(line, f"unexpected '{item}' : expected 'property:value'")
        key, value = item.split(":", 1)
        key, value = key.strip().lower(), value.strip().rstrip(";").strip()
        if not key or not value:
            raise MermaidError(line, f"unexpected '{item}' : expected 'property:value'")
        styles[key] = value
    return styles


def _split_top_level(text: str) -> list[str]:
    items: list[str] = []
    depth = 0
    current = ""
    for ch in text:
        depth += ch == "("
        depth -= ch == ")"
        if ch == "," and depth == 0:
            items.append(current)
            current = ""
        else:
            current += ch
    items.append(current)
    return [item.strip() for item in items if item.strip()]


def _merged(chart: Flowchart, classes: list[str], own: StyleMap, default: bool) -> StyleMap:
    merged: StyleMap = {}
    if default:
        merged.update(chart.class_defs.get("default", {}))
    for name in classes:
        merged.update(chart.class_defs.get(name, {}))
    merged.update(own)
    return merged


def node_style(chart: Flowchart, node: Node) -> StyleMap:
    return _merged(chart, node.classes, node.style, default=True)


def cluster_style(chart: Flowchart, subgraph: Subgraph) -> StyleMap:
    return _merged(chart, subgraph.classes, subgraph.style, default=False)


def _safe(value: str | None) -> str | None:
    """Refuse values that would reference something outside the SVG."""
    if value is None or "url(" in value.lower() or "<" in value or '"' in value:
        return None
    return value


def _length(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return float(value.strip().removesuffix("px"))
    except ValueError:
        return None


def _is_bold(value: str | None) -> bool:
    if value is None:
        return False
    value = value.strip().lower()
    return value in {"bold", "bolder"} or (value.isdigit() and int(value) >= 600)


@dataclass(frozen=True)
class Paint:
    """Resolved presentation values for a node, cluster or edge."""

    fill: str
    stroke: str
    stroke_width: float
    dasharray: str | None
    color: str
    bold: bool


def paint(styles: StyleMap, fill: str, stroke: str, width: float) -> Paint:
    own_width = _length(styles.get("stroke-width"))
    return Paint(
        fill=_safe(styles.get("fill")) or fill,
        stroke=_safe(styles.get("stroke")) or stroke,
        stroke_width=width if own_width is None else own_width,
        dasharray=_safe(styles.get("stroke-dasharray")),
        color=_safe(styles.get("color")) or TEXT_COLOR,
        bold=_is_bold(styles.get("font-weight")),
    )


def node_paint(chart: Flowchart, node: Node) -> Paint:
    return paint(node_style(chart, node), NODE_FILL, NODE_STROKE, 1.0)


def cluster_paint(chart: Flowchart, subgraph: Subgraph) -> Paint:
    return paint(cluster_style(chart, subgraph), CLUSTER_FILL, CLUSTER_STROKE, 1.0)


def edge_paint(edge: Edge) -> Paint:
    base = paint(edge.style, "none", EDGE_COLOR, EDGE_WIDTH[edge.stroke])
    dash = base.dasharray or (DOTTED_DASH if edge.stroke == "dotted" else None)
    return Paint("none", base.stroke, base.stroke_width, dash, base.color, base.bold)
