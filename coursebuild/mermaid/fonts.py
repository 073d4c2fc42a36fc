"""Font metrics (Inter, from the bundled Fontsource files) for measuring labels."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from coursebuild.paths import font_file

FONT_SIZE = 16.0
LINE_HEIGHT = 1.5  # in em, like mermaid's HTML labels
EMOJI_EM = 1.0
FALLBACK_EM = 0.6  # characters missing from the latin subset


@dataclass(frozen=True)
class FontMetrics:
    """Advance widths and vertical metrics of one font, in font units."""

    units_per_em: int
    ascent: int
    descent: int  # positive, below the baseline
    advances: dict[int, int]

    def em(self, units: float) -> float:
        return units / self.units_per_em


@cache
def load_metrics(weight: int = 400) -> FontMetrics:
    """Read Inter's metrics once per weight."""
    from fontTools.ttLib import TTFont  # here: only a diagram measures its labels

    font = TTFont(str(font_file("inter", weight)), lazy=True)
    try:
        hmtx = font["hmtx"]
        advances = {code: hmtx[glyph][0] for code, glyph in font.getBestCmap().items()}
        hhea = font["hhea"]
        return FontMetrics(font["head"].unitsPerEm, hhea.ascent, -hhea.descent, advances)
    finally:
        font.close()


def _plain_width_em(text: str, metrics: FontMetrics) -> float:
    fallback = FALLBACK_EM * metrics.units_per_em
    units = sum(metrics.advances.get(ord(ch), fallback) for ch in text)
    return metrics.em(units)


@lru_cache(maxsize=4096)
def text_width(text: str, bold: bool = False, size: float = FONT_SIZE) -> float:
    """Width in px of one line of text; each emoji counts as 1 em."""
    metrics = load_metrics(700 if bold else 400)
    if text.isascii() or all(ord(ch) in metrics.advances for ch in text):
        return _plain_width_em(text, metrics) * size
    import emoji  # here: fit.py reads FONT_SIZE, and most labels are plain

    total = 0.0
    cursor = 0
    for found in emoji.emoji_list(text):
        total += _plain_width_em(text[cursor : found["match_start"]], metrics)
        total += EMOJI_EM
        cursor = found["match_end"]
    total += _plain_width_em(text[cursor:], metrics)
    return total * size


def ascent_px(size: float = FONT_SIZE) -> float:
    metrics = load_metrics(400)
    return metrics.em(metrics.ascent) * size


def descent_px(size: float = FONT_SIZE) -> float:
    metrics = load_metrics(400)
    return metrics.em(metrics.descent) * size


def baseline_offset(size: float = FONT_SIZE) -> float:
    """Distance from the top of a line box to the baseline, centring ascent+descent."""
    line = LINE_HEIGHT * size
    return (line - ascent_px(size) - descent_px(size)) / 2 + ascent_px(size)
