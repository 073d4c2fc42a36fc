"""Style declarations (``style``, ``classDef``, ``linkStyle``) and the default theme."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import TypeVar

from . import css_values
from .css_values import property_name, refused
from .errors import MermaidError
from .model import Edge, Flowchart, Node, StyleMap, Subgraph
from .shapes import drawn_kind

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
T = TypeVar("T")


def parse_style_list(text: str, line: int) -> StyleMap:
    """``fill:#f9f,stroke:#333,stroke-width:4px`` to a dict (commas inside () kept).

    Raises :class:`MermaidError` for a value that could load something, however spelt."""
    found = refused(text)
    if found:
        raise MermaidError(
            line,
            f"refused '{found}' in a style : expected colours, lengths, "
            "dash arrays or font weights (a diagram loads nothing)",
        )
    styles: StyleMap = {}
    last = ""
    for item in _split_top_level(text):
        if ":" not in item and last == "stroke-dasharray":  # ``stroke-dasharray: 1, 10``
            styles[last] += f", {item}"
            continue
        if ":" not in item:  # mermaid accepts it, and the browser ignores it: so do we
            continue
        key, value = item.split(":", 1)
        last, value = property_name(key), value.strip().rstrip(";").strip()
        if not last or not value:
            raise MermaidError(line, f"unexpected '{item[:40]}' : expected 'property:value'")
        styles[last] = value
    return styles


def _split_top_level(text: str) -> list[str]:
    items: list[str] = []
    depth = start = 0
    for i, ch in enumerate(text):
        depth += (ch == "(") - (ch == ")")
        if ch == "," and depth == 0:
            items.append(text[start:i])
            start = i + 1
    items.append(text[start:])
    return [item.strip() for item in items if item.strip()]


# themeVariables (``%%{init}%%`` or the front matter's ``config``) to the defaults they set.
_THEME_DEFAULTS = {
    "fill": ("primaryColor", "mainBkg"),
    "stroke": ("primaryBorderColor", "nodeBorder"),
    "color": ("primaryTextColor", "nodeTextColor", "textColor"),
    "line": ("lineColor",),
    "cluster_fill": ("clusterBkg",),
    "cluster_stroke": ("clusterBorder",),
    "cluster_color": ("titleColor", "primaryTextColor", "textColor"),
    "label_fill": ("edgeLabelBackground",),
    "title_color": ("titleColor", "textColor", "primaryTextColor"),
}


_BASE_ONLY = ("primaryColor", "primaryBorderColor")  # other themes fix the node colours
_ROLES = ("fill", "stroke", "color", "line", "cluster_fill", "cluster_stroke", "cluster_color",
          "label_fill", "title_color")  # fmt: skip
# The colours mermaid 11 draws a flowchart with under its other named themes, one per role
# in the order of _ROLES (values as mermaid computes them from its theme files; ``default``
# is the built-in colours above).
_PALETTE_VALUES = {
    "dark": ("#1f2020", "#cccccc", "#cccccc", "#d3d3d3", "#474949", "rgba(255, 255, 255, 0.25)",
             "#f9fffe", "#585858", "#cccccc"),
    "forest": ("#cde498", "#13540c", "#000000", "#000000", "#cdffb2", "#6eaa49", "#333333",
               "#e8e8e8", "#000000"),
    "neutral": ("#eeeeee", "#999999", "#000000", "#666666", "#fcfcfc", "#707070", "#333333",
                "#ffffff", "#000000"),
    "base": ("#fff4dd", "#eeddbb", "#333333", "#0b0b0b", "#f6f9ff", "#cfdbf3", "#090600",
             "#f4ddff", "#333333"),
}  # fmt: skip
PALETTES: dict[str, dict[str, str]] = {
    name: dict(zip(_ROLES, values, strict=True)) for name, values in _PALETTE_VALUES.items()
}
_PALETTE_KEY = "palette:"  # the named theme's colours, kept under these keys beside the variables


THEMES = ("default", "dark", "forest", "neutral", "base")  # mermaid's named themes
# The theme of a diagram that names none: the page's (a dark deck draws its diagrams dark).
# A context variable, like the spacing, so that the parsers need no extra argument.
_page_theme: ContextVar[str] = ContextVar("page_theme", default="default")


@contextmanager
def page_theme(name: str) -> Iterator[None]:
    """Diagrams that name no theme are drawn with ``name`` (one of ``THEMES``) meanwhile."""
    if name not in THEMES:
        raise ValueError(f"unknown mermaid theme {name!r}: expected one of {THEMES}")
    token = _page_theme.set(name)
    try:
        yield
    finally:
        _page_theme.reset(token)


def theme_name(raw: dict[str, str]) -> str:
    """The named theme (``%%{init: {"theme": …}}%%`` or the front matter's ``config``), else
    the page's (``page_theme``)."""
    return raw.get("theme", _page_theme.get()).strip().strip("\"'").lower()


def theme_values(raw: dict[str, str]) -> StyleMap:
    """The named theme's palette, and the colour themeVariables that are plain colours
    (anything else is not used); as in mermaid, ``primaryColor`` and ``primaryBorderColor``
    colour the nodes only with the ``base`` theme (``mainBkg`` and ``nodeBorder`` do with any)."""
    name = theme_name(raw)
    values = {
        key: found for key, value in raw.items()
        if (name == "base" or key not in _BASE_ONLY) and (found := css_values.colour(value))
    }  # fmt: skip
    for role, colour in PALETTES.get(name, {}).items():
        values[_PALETTE_KEY + role] = colour
    return values


def themed(chart: Flowchart, role: str, default: str) -> str:
    """The colour for ``role`` (see _THEME_DEFAULTS): a themeVariable that sets it, else the
    named theme's, else the built-in one."""
    for key in _THEME_DEFAULTS[role]:
        if key in chart.theme:
            return chart.theme[key]
    return chart.theme.get(_PALETTE_KEY + role, default)


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


def _bold(weight: str | None) -> bool:
    if weight is None:
        return False
    return weight in {"bold", "bolder"} or (weight.isdigit() and int(weight) >= 600)


@dataclass(frozen=True)
class Paint:
    """Resolved presentation values for a node, cluster or edge."""

    fill: str
    stroke: str
    stroke_width: float
    dasharray: str | None
    color: str
    bold: bool
    italic: bool = False


def _value(styles: StyleMap, key: str, read: Callable[[str], T | None]) -> T | None:
    """The drawn form of a style value, or None if it is absent or not a form we draw."""
    raw = styles.get(key)
    return None if raw is None else read(raw)


def paint(styles: StyleMap, fill: str, stroke: str, width: float, color: str = TEXT_COLOR) -> Paint:
    own_width = _value(styles, "stroke-width", css_values.length)
    return Paint(
        fill=_value(styles, "fill", css_values.paint) or fill,
        stroke=_value(styles, "stroke", css_values.paint) or stroke,
        stroke_width=width if own_width is None else own_width,
        dasharray=_value(styles, "stroke-dasharray", css_values.dash_array),
        color=_value(styles, "color", css_values.colour) or color,
        bold=_bold(_value(styles, "font-weight", css_values.font_weight)),
        italic=_value(styles, "font-style", css_values.font_style) in {"italic", "oblique"},
    )


_MARK_COLOURS = {  # kind -> (theme key, default) of its fill
    "fork": ("line", EDGE_COLOR),
    "sm_circ": ("line", EDGE_COLOR),
    "f_circ": ("stroke", NODE_STROKE),
    "fr_circ": ("fill", NODE_FILL),
}


def node_paint(chart: Flowchart, node: Node) -> Paint:
    kind = drawn_kind(node.shape)
    if kind == "text":  # mermaid's text block: no outline, unless styled
        styles = {"fill": "none", "stroke": "none", **node_style(chart, node)}
        return paint(styles, "none", "none", 1.0, themed(chart, "color", TEXT_COLOR))
    if kind in _MARK_COLOURS:  # marks filled with the line or the border colour
        fill_key, fill_default = _MARK_COLOURS[kind]
        fill = themed(chart, fill_key, fill_default)
        line = themed(chart, "line", EDGE_COLOR)
        stroke = fill if kind != "fr_circ" else line
        dot = themed(chart, "stroke", NODE_STROKE)
        return paint(node_style(chart, node), fill, stroke, 2.0 if kind == "fr_circ" else 1.0, dot)
    return paint(
        node_style(chart, node), themed(chart, "fill", NODE_FILL),
        themed(chart, "stroke", NODE_STROKE), 1.0, themed(chart, "color", TEXT_COLOR),
    )  # fmt: skip


def cluster_paint(chart: Flowchart, subgraph: Subgraph) -> Paint:
    return paint(
        cluster_style(chart, subgraph), themed(chart, "cluster_fill", CLUSTER_FILL),
        themed(chart, "cluster_stroke", CLUSTER_STROKE), 1.0,
        themed(chart, "cluster_color", TEXT_COLOR),
    )  # fmt: skip


def edge_paint(edge: Edge, chart: Flowchart | None = None) -> Paint:
    line = themed(chart, "line", EDGE_COLOR) if chart else EDGE_COLOR
    color = themed(chart, "color", TEXT_COLOR) if chart else TEXT_COLOR
    base = paint(edge.style, "none", line, EDGE_WIDTH[edge.stroke], color)
    dash = base.dasharray or (DOTTED_DASH if edge.stroke == "dotted" else None)
    return replace(base, fill="none", dasharray=dash)
