"""Font metrics (Inter, from the bundled Fontsource files) for measuring labels."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from functools import cache, lru_cache
from pathlib import Path

from coursebuild.paths import font_file
from coursebuild.user_cache import cache_root, keep

FONT_SIZE = 16.0
LINE_HEIGHT = 1.5  # in em, like mermaid's HTML labels
METRICS_FORMAT = "1"  # of the metrics kept in the user's cache folder
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
    """Inter's metrics, once per weight: read from the font file the first time, then kept
    in the user's cache folder (reading a font costs 40 ms of a chapter's deck, most of it
    importing fontTools), keyed by the file's path, size and date."""
    path = font_file("inter", weight)
    kept = _kept_metrics(path)
    if kept is not None:
        return kept
    metrics = _read_metrics(path)
    where = _metrics_file(path)
    if where is not None:
        keep(where, json.dumps(asdict(metrics), sort_keys=True).encode("utf-8"))
    return metrics


def _read_metrics(path: Path) -> FontMetrics:
    from fontTools.ttLib import TTFont  # here: only a diagram measures its labels

    font = TTFont(str(path), lazy=True)
    try:
        hmtx = font["hmtx"]
        advances = {code: hmtx[glyph][0] for code, glyph in font.getBestCmap().items()}
        hhea = font["hhea"]
        return FontMetrics(font["head"].unitsPerEm, hhea.ascent, -hhea.descent, advances)
    finally:
        font.close()


def _metrics_file(path: Path) -> Path | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    key = f"{METRICS_FORMAT}\0{path.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}"
    digest = hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return cache_root() / "font-metrics" / f"{digest}.json"


def _kept_metrics(path: Path) -> FontMetrics | None:
    """The metrics kept for ``path``, if any and whole."""
    where = _metrics_file(path)
    try:
        facts = json.loads(where.read_text("utf-8")) if where is not None else None
        if facts is None:
            return None
        return FontMetrics(int(facts["units_per_em"]), int(facts["ascent"]),
                           int(facts["descent"]),
                           {int(code): int(width) for code, width in facts["advances"].items()})
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


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
