"""``stateDiagram-v2`` and ``stateDiagram``: a parser to :class:`StateDiagram`, translated to
a flowchart (:mod:`.chart`) and drawn by the flowchart's layered layout and SVG writer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .parser import is_state

if TYPE_CHECKING:
    from ..svg import EmojiHref

__all__ = ["is_state", "render_state"]


def render_state(source: str, id_prefix: str, emoji_href: EmojiHref | None) -> str:
    """Parse, lay out and draw one state diagram to a self-contained ``<svg>``."""
    from ..layout import compute_layout
    from ..svg import render_svg
    from .chart import to_flowchart
    from .parser import parse

    chart = to_flowchart(parse(source))
    svg = render_svg(chart, compute_layout(chart), id_prefix, emoji_href)
    return svg.replace("<svg ", '<svg data-diagram="state" ', 1)
