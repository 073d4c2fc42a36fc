"""The colours of a timeline: mermaid's ``cScale`` sequence (one colour per section, or
per period without sections), with the sequence theme for the title and the axis."""

from __future__ import annotations

import colorsys

from tinycss2 import color4

from ..css_values import colour
from ..sequence.theme import Theme, resolve
from ..styles import theme_name
from .parser import COLOURS

# mermaid 11's default cScale0 … cScale11: the primary, secondary and tertiary colours and
# hue turns of the primary, each darkened by 10 % (as its theme computes them).


def _hex(hue: float, saturation: float, lightness: float) -> str:
    red, green, blue = colorsys.hls_to_rgb(hue / 360, lightness / 100, saturation / 100)
    return "#" + "".join(f"{round(v * 255):02x}" for v in (red, green, blue))


_DEFAULT = tuple(_hex(hue, 100, light) for hue, light in (
    (240, 76.27), (60, 73.53), (80, 76.27), (270, 76.27), (300, 76.27), (330, 76.27),
    (0, 76.27), (30, 76.27), (90, 76.27), (150, 76.27), (180, 76.27), (210, 76.27),
))  # fmt: skip
_DARK = tuple(_hex(hue, 60, 28) for hue in (220, 60, 80, 270, 300, 330, 0, 30, 90,
                                                     150, 180, 210))  # fmt: skip
_FOREST = tuple(_hex(hue, 45, 70) for hue in (78, 60, 80, 108, 138, 168, 198, 228, 258,
                                                      318, 348, 18))  # fmt: skip
_NEUTRAL = ("#555555", "#f4f4f4", "#b0b0b0", "#777777", "#999999", "#cccccc", "#666666",
            "#aaaaaa", "#888888", "#dddddd", "#444444", "#bbbbbb")  # fmt: skip
PALETTES = {"dark": _DARK, "forest": _FOREST, "neutral": _NEUTRAL}


def section_fills(variables: dict[str, str]) -> list[str]:
    """The twelve fills: the named theme's sequence, each ``cScaleN`` given laid over it."""
    base = PALETTES.get(theme_name(variables), _DEFAULT)
    return [colour(variables.get(f"cScale{i}", "")) or base[i] for i in range(COLOURS)]


def label_colour(variables: dict[str, str], index: int, fill: str) -> str:
    """``cScaleLabelN`` when given, else dark or white text, whichever reads on ``fill``."""
    given = colour(variables.get(f"cScaleLabel{index}", ""))
    if given:
        return given
    light = _luminance(fill)
    # the text of higher contrast: white, or the near-black of the labels
    return "#ffffff" if (1.05 / (light + 0.05)) > ((light + 0.05) / 0.0602) else "#1a1a1a"


def _luminance(fill: str) -> float:
    parsed = color4.parse_color(fill)
    if not isinstance(parsed, color4.Color):
        return 1.0
    channels = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
                for c in parsed.to("srgb")[:3]]  # fmt: skip
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]


def base_theme(variables: dict[str, str]) -> Theme:
    """Title and axis colours, as a sequence diagram draws its title and signals."""
    return resolve(variables)
