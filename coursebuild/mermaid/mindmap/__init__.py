"""``mindmap``: a parser, a two-sided tree layout and an SVG writer over the shared text
measurement, theme and SVG primitives of :mod:`coursebuild.mermaid`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .parser import is_mindmap

if TYPE_CHECKING:
    from ..svg import EmojiHref

__all__ = ["is_mindmap", "render_mindmap"]


def render_mindmap(source: str, id_prefix: str, emoji_href: EmojiHref | None) -> str:
    """Parse, lay out and draw one mindmap to a self-contained ``<svg>``."""
    from .layout import compute_layout
    from .parser import parse
    from .svg import render_svg

    chart = parse(source)
    return render_svg(chart, compute_layout(chart), id_prefix, emoji_href)
