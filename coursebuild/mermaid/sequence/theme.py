"""The colours of a sequence diagram: the flowchart's theme, with mermaid's sequence
``themeVariables`` (from ``%%{init}%%`` or the front matter's ``config``) laid over it."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from tinycss2 import color4

from ..css_values import colour
from ..styles import CLUSTER_STROKE, EDGE_COLOR, NODE_FILL, NODE_STROKE, TEXT_COLOR, theme_name


@dataclass(frozen=True)
class Theme:
    actor_fill: str = NODE_FILL
    actor_stroke: str = NODE_STROKE
    actor_text: str = TEXT_COLOR
    lifeline: str = NODE_STROKE
    signal: str = EDGE_COLOR
    signal_text: str = TEXT_COLOR
    note_fill: str = "#fff5ad"
    note_stroke: str = CLUSTER_STROKE
    note_text: str = TEXT_COLOR
    frame_stroke: str = NODE_STROKE
    frame_fill: str = NODE_FILL
    frame_text: str = TEXT_COLOR
    activation_fill: str = "#f4f4f4"
    activation_stroke: str = "#666666"
    number_text: str = "#ffffff"
    title_text: str = TEXT_COLOR


# Each colour of the drawing and the themeVariables that set it, the first found winning.
VARIABLES: dict[str, tuple[str, ...]] = {
    "actor_fill": ("actorBkg", "mainBkg", "primaryColor"),
    "actor_stroke": ("actorBorder", "primaryBorderColor"),
    "actor_text": ("actorTextColor", "primaryTextColor", "textColor"),
    "lifeline": ("actorLineColor", "actorBorder", "primaryBorderColor"),
    "signal": ("signalColor", "lineColor", "textColor"),
    "signal_text": ("signalTextColor", "textColor"),
    "note_fill": ("noteBkgColor",),
    "note_stroke": ("noteBorderColor",),
    "note_text": ("noteTextColor", "textColor"),
    "frame_stroke": ("labelBoxBorderColor", "actorBorder", "primaryBorderColor"),
    "frame_fill": ("labelBoxBkgColor", "actorBkg", "primaryColor"),
    "frame_text": ("loopTextColor", "labelTextColor", "textColor"),
    "activation_fill": ("activationBkgColor",),
    "activation_stroke": ("activationBorderColor",),
    "number_text": ("sequenceNumberColor",),
    "title_text": ("titleColor", "textColor"),
}
THEME_KEYS = frozenset(key for keys in VARIABLES.values() for key in keys) | {"theme"}
# The colours mermaid 11 draws a sequence diagram with under its other named themes, one per
# field of Theme in order (values as mermaid computes them from its theme files).
_PALETTE_VALUES = {
    "dark": ("#1f2020", "#cccccc", "#d3d3d3", "#cccccc", "#d3d3d3", "#d3d3d3", "#474949",
             "#2f2f2f", "#b8b6b6", "#cccccc", "#1f2020", "#d3d3d3", "#474949", "#cccccc",
             "#000000", "#cccccc"),
    "forest": ("#cde498", "#a6cf47", "#000000", "#a6cf47", "#333333", "#333333", "#fff5ad",
               "#6eaa49", "#000000", "#326932", "#cde498", "#000000", "#f4f4f4", "#666666",
               "#ffffff", "#000000"),
    "neutral": ("#eeeeee", "#d4d4d4", "#333333", "#d4d4d4", "#333333", "#333333", "#666666",
                "#999999", "#ffffff", "#d4d4d4", "#eeeeee", "#333333", "#f4f4f4", "#666666",
                "#ffffff", "#000000"),
    "base": ("#fff4dd", "#eeddbb", "#333333", "#eeddbb", "#333333", "#333333", "#fff5ad",
             "#e4db95", "#333333", "#eeddbb", "#fff4dd", "#333333", "#f4ddff", "#e3aaff",
             "#f4f4f4", "#333333"),
}  # fmt: skip
PALETTES: dict[str, Theme] = {name: Theme(*values) for name, values in _PALETTE_VALUES.items()}


def resolve(variables: dict[str, str]) -> Theme:
    """The theme for these themeVariables, over the named theme's palette (``theme``, else
    the page's, else the default colours); a value that is not a plain colour is ignored."""
    name = theme_name(variables)
    checked = {key: found for key, value in variables.items() if (found := colour(value))}
    chosen: dict[str, str] = {}
    for role in fields(Theme):
        found = next((checked[key] for key in VARIABLES[role.name] if key in checked), None)
        if found is not None:
            chosen[role.name] = found
    return replace(PALETTES.get(name, Theme()), **chosen)


def is_dark(fill: str) -> bool:
    """Whether text on ``fill`` (an opaque enough colour) reads better in white."""
    parsed = color4.parse_color(fill)
    if not isinstance(parsed, color4.Color):
        return False
    red, green, blue, alpha = parsed.to("srgb")
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return alpha > 0.5 and luminance < 0.4
