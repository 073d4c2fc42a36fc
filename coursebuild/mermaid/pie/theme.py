"""The colours and sizes of a pie chart: mermaid's default theme, with the pie
``themeVariables`` (from ``%%{init}%%`` or the front matter's ``config``) laid over it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..css_values import colour
from ..styles import theme_name

# mermaid 11's default theme, pie1 … pie12 (its HSL adjustments of primaryColor #ECECFF,
# secondaryColor #ffffde and tertiaryColor, as hex)
PIE_COLOURS = ("#ececff", "#ffffde", "#b5ff20", "#b9b9ff", "#ffff45", "#d7ff86", "#ff86ff",
               "#20ffff", "#ff2020", "#ff20ff", "#20ff90", "#ff5353")  # fmt: skip
SIZE_KEYS = ("pieTitleTextSize", "pieSectionTextSize", "pieLegendTextSize",
             "pieOuterStrokeWidth", "pieStrokeWidth")  # fmt: skip
COLOUR_KEYS = ("pieStrokeColor", "pieOuterStrokeColor", "pieTitleTextColor",
               "pieSectionTextColor", "pieLegendTextColor")  # fmt: skip
THEME_KEYS = frozenset(
    (*SIZE_KEYS, *COLOUR_KEYS, "pieOpacity", "theme", *(f"pie{i}" for i in range(1, 13)))
)
MIN_TEXT = 16.0  # legible: the deck's label size at scale 1
MAX_TEXT = 48.0
_PX = re.compile(r"(\d+(?:\.\d+)?)\s*(?:px)?$")


@dataclass(frozen=True)
class PieTheme:
    colours: tuple[str, ...] = PIE_COLOURS
    title_size: float = 25.0
    section_size: float = 17.0
    legend_size: float = 17.0
    outer_width: float = 2.0
    stroke_width: float = 2.0
    stroke: str = "black"
    outer_stroke: str = "black"
    title_colour: str = "black"
    section_colour: str = "#333"
    legend_colour: str = "black"
    opacity: float = 0.7


# mermaid 11's forest and base themes, pie1 … pie12 (computed the same way from their
# primary, secondary and tertiary colours), with their text colours
FOREST = ("#cde498", "#cdffb2", "#e1efc0", "#8cb42f", "#6aff19", "#33b42f", "#70d990",
          "#d99070", "#98cde4", "#1a6330", "#63301a", "#1a4d63")  # fmt: skip
BASE = ("#fff4dd", "#f4ddff", "#f6f9ff", "#ffe4aa", "#e4aaff", "#c3d7ff", "#c5ffaa", "#ffaac5",
        "#ddfff4", "#a3ff77", "#ff77a3", "#aaffe4")  # fmt: skip
# The dark theme (named, or the page's): mermaid's text colours for it over the default slice
# colours, opaque so that the dark page does not muddy them (its own dark slice colours are
# not carried over, nor the neutral theme's: both derive from its colour scale).
NAMED = {
    "dark": PieTheme(title_colour="lightgrey", legend_colour="lightgrey",
                     outer_stroke="lightgrey", opacity=1.0),
    "forest": PieTheme(colours=FOREST, section_colour="#000000"),
    "base": PieTheme(colours=BASE, title_colour="#333", legend_colour="#333"),
}  # fmt: skip


def _px(value: str | None, default: float, low: float, high: float) -> float:
    found = _PX.match(value.strip()) if value else None
    return default if found is None else min(high, max(low, float(found.group(1))))


def _colour(variables: dict[str, str], key: str, default: str) -> str:
    return colour(variables[key]) or default if key in variables else default


def resolve(variables: dict[str, str]) -> PieTheme:
    """The theme for these themeVariables; a value that is not a plain colour or a size in
    px is ignored, and text sizes are kept between 16 and 48 px."""
    base = NAMED.get(theme_name(variables), PieTheme())
    colours = tuple(_colour(variables, f"pie{i + 1}", c) for i, c in enumerate(base.colours))
    opacity = _px(variables.get("pieOpacity"), base.opacity, 0.0, 1.0)
    return PieTheme(
        colours=colours,
        title_size=_px(variables.get("pieTitleTextSize"), base.title_size, MIN_TEXT, MAX_TEXT),
        section_size=_px(variables.get("pieSectionTextSize"), base.section_size, MIN_TEXT,
                         MAX_TEXT),
        legend_size=_px(variables.get("pieLegendTextSize"), base.legend_size, MIN_TEXT,
                        MAX_TEXT),
        outer_width=_px(variables.get("pieOuterStrokeWidth"), base.outer_width, 0.0, 20.0),
        stroke_width=_px(variables.get("pieStrokeWidth"), base.stroke_width, 0.0, 20.0),
        stroke=_colour(variables, "pieStrokeColor", base.stroke),
        outer_stroke=_colour(variables, "pieOuterStrokeColor", base.outer_stroke),
        title_colour=_colour(variables, "pieTitleTextColor", base.title_colour),
        section_colour=_colour(variables, "pieSectionTextColor", base.section_colour),
        legend_colour=_colour(variables, "pieLegendTextColor", base.legend_colour),
        opacity=opacity,
    )  # fmt: skip
