"""``gitGraph``: a parser, a layout and an SVG writer over the shared text measurement,
theme and SVG primitives of :mod:`coursebuild.mermaid`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .parser import is_gitgraph

if TYPE_CHECKING:
    from ..svg import EmojiHref

__all__ = ["is_gitgraph", "render_gitgraph"]


def render_gitgraph(source: str, id_prefix: str, emoji_href: EmojiHref | None) -> str:
    """Parse, lay out and draw one git graph to a self-contained ``<svg>``."""
    from .layout import compute_layout
    from .parser import parse
    from .svg import render_svg

    graph = parse(source)
    return render_svg(graph, compute_layout(graph), id_prefix, emoji_href)
