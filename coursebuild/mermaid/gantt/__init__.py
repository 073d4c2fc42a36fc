"""``gantt``: a lexer and parser in mermaid's rule order, mermaid's date computation in pure
Python (no clock, no time zone), a layout and an SVG writer over the shared text
measurement, theme and SVG primitives of :mod:`coursebuild.mermaid`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .parser import is_gantt

if TYPE_CHECKING:
    from ..svg import EmojiHref

__all__ = ["is_gantt", "render_gantt"]


def render_gantt(source: str, id_prefix: str, emoji_href: EmojiHref | None) -> str:
    """Parse, schedule, lay out and draw one gantt chart to a self-contained ``<svg>``."""
    from ..errors import MermaidError
    from .layout import compute_layout
    from .parser import parse
    from .svg import render_svg

    chart = parse(source)
    try:
        layout = compute_layout(chart)
    except (OverflowError, ValueError):  # a safety net: the parser bounds the dates first
        raise MermaidError(1, "dates out of the range drawn : not drawn") from None
    return render_svg(chart, layout, id_prefix, emoji_href)
