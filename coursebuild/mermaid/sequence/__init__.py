"""``sequenceDiagram``: a parser, a layout and an SVG writer over the shared text
measurement, theme and SVG primitives of :mod:`coursebuild.mermaid`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .lexer import is_sequence

if TYPE_CHECKING:
    from ..svg import EmojiHref

__all__ = ["is_sequence", "render_sequence"]


def render_sequence(source: str, id_prefix: str, emoji_href: EmojiHref | None) -> str:
    """Parse, lay out and draw one sequence diagram to a self-contained ``<svg>``."""
    # here: a flowchart, which only asks ``is_sequence``, never parses or lays a sequence out
    from .layout import compute_layout
    from .parser import parse
    from .svg import render_svg

    chart = parse(source)
    return render_svg(chart, compute_layout(chart), id_prefix, emoji_href)
