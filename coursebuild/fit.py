"""How full a slide is: an estimate in text lines, turned into a density class.

The deck scales each slide to fit in the browser as well (``fit.js``); this build-time estimate
is what print media get (WeasyPrint runs no JavaScript), and it keeps the browser's scaling small.
"""

from __future__ import annotations

import math

from markdown_it.token import Token

from .model import Slide
from .structure import top_level_blocks

LINE_CHARS = 52  # characters per line of body text on a 16:9 slide
THRESHOLDS = (11.0, 14.5, 19.0)  # estimated lines above which density goes up one step


def density(slide: Slide) -> int:
    """0 fits at full size; 1, 2, 3 are progressively smaller type."""
    lines = estimate_lines(slide.body)
    return sum(lines > limit for limit in THRESHOLDS)


def estimate_lines(tokens: list[Token]) -> float:
    return sum(_block_lines(block) for block in top_level_blocks(tokens))


def _block_lines(block: list[Token]) -> float:
    first = block[0]
    if first.type == "fence":
        is_diagram = bool(first.meta and first.meta.get("diagram"))
        return 9.0 if is_diagram else 0.7 * first.content.count("\n") + 1
    if first.type == "table_open":
        return 1.3 * sum(t.type == "tr_open" for t in block)
    if first.type == "heading_open":
        return 1.3
    inlines = [t for t in block if t.type == "inline"]
    return sum(_text_lines(t) for t in inlines) + 0.3 * (len(inlines) - 1)


def _text_lines(inline: Token) -> float:
    if any(child.type in ("image", "wikiembed") for child in inline.children or []):
        return 7.0
    return sum(max(1, math.ceil(len(line) / LINE_CHARS)) for line in inline.content.splitlines())
