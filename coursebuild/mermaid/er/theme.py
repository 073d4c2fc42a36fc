"""The colours of an ER diagram: the flowchart's palette for the named theme (entity fill and
border, lines, text), mermaid's striped attribute rows, themeVariables laid over them, then
each entity's classes and ``style`` (plain colours and widths only)."""

from __future__ import annotations

from dataclasses import dataclass

from ..css_values import colour, length
from ..styles import (
    EDGE_COLOR,
    EDGE_LABEL_FILL,
    NODE_FILL,
    NODE_STROKE,
    PALETTES,
    TEXT_COLOR,
    theme_name,
)

ROW_ODD = "#ffffff"  # mermaid's attributeBackgroundColorOdd / Even
ROW_EVEN = ""  # the entity's fill, as mermaid 11 draws the even rows
_DARK_ROWS = ("#2b2d2d", "")


@dataclass(frozen=True)
class ErTheme:
    fill: str = NODE_FILL
    stroke: str = NODE_STROKE
    text: str = TEXT_COLOR
    line: str = EDGE_COLOR
    label_fill: str = EDGE_LABEL_FILL
    row_odd: str = ROW_ODD
    row_even: str = ROW_EVEN  # "": the entity's own fill
    background: str = "#ffffff"  # inside the zero-markers' circles


@dataclass(frozen=True)
class BoxPaint:
    fill: str
    stroke: str
    stroke_width: float
    text: str
    dasharray: str | None = None


def _pick(variables: dict[str, str], keys: tuple[str, ...], default: str) -> str:
    for key in keys:
        found = colour(variables.get(key, ""))
        if found:
            return found
    return default


def resolve(variables: dict[str, str]) -> ErTheme:
    name = theme_name(variables)
    palette = PALETTES.get(name, {})
    dark = name == "dark"
    base = ErTheme(
        fill=palette.get("fill", NODE_FILL), stroke=palette.get("stroke", NODE_STROKE),
        text=palette.get("color", TEXT_COLOR), line=palette.get("line", EDGE_COLOR),
        label_fill=palette.get("label_fill", EDGE_LABEL_FILL),
        row_odd=_DARK_ROWS[0] if dark else ROW_ODD, row_even=_DARK_ROWS[1] if dark else ROW_EVEN,
        background="#333333" if dark else "#ffffff",
    )  # fmt: skip
    fill_keys = ("mainBkg", "primaryColor") if name == "base" else ("mainBkg",)
    stroke_keys = ("nodeBorder", "primaryBorderColor") if name == "base" else ("nodeBorder",)
    return ErTheme(
        fill=_pick(variables, fill_keys, base.fill),
        stroke=_pick(variables, stroke_keys, base.stroke),
        text=_pick(variables, ("nodeTextColor", "primaryTextColor", "textColor"), base.text),
        line=_pick(variables, ("lineColor",), base.line),
        label_fill=_pick(variables, ("edgeLabelBackground",), base.label_fill),
        row_odd=_pick(variables, ("attributeBackgroundColorOdd",), base.row_odd),
        row_even=_pick(variables, ("attributeBackgroundColorEven",), base.row_even),
        background=base.background,
    )  # fmt: skip


def box_paint(theme: ErTheme, declarations: list[str]) -> BoxPaint:
    """An entity's paint: the theme's, then its classes' and its own declarations in order
    (``fill``, ``stroke``, ``stroke-width``, ``color``, ``stroke-dasharray``)."""
    fill, stroke, width, text, dash = theme.fill, theme.stroke, 1.0, theme.text, None
    for item in declarations:
        key, _, value = item.partition(":")
        key, value = key.strip().lower(), value.strip()
        if key == "fill":
            fill = colour(value) or fill
        elif key == "stroke":
            stroke = colour(value) or stroke
        elif key == "color":
            text = colour(value) or text
        elif key == "stroke-width":
            found = length(value)
            width = min(found, 10.0) if found is not None else width
        elif key == "stroke-dasharray" and value.replace(" ", "").replace(",", "").isdigit():
            dash = value
    return BoxPaint(fill, stroke, width, text, dash)
