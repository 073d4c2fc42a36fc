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
    from ..svg import render_svg
    from .beside import lay_out
    from .parser import parse

    chart, placed = lay_out(parse(source))
    svg = render_svg(chart, placed, id_prefix, emoji_href)
    return svg.replace("<svg ", '<svg data-diagram="state" ', 1)
