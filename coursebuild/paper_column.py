"""The reading handout's text column and its diagrams' one scale: the numbers the handouts lay
out with, here without the PDF machinery, so that the deck build's paper estimate
(``paper_bound.py``, for the landing page) imports no WeasyPrint; ``handouts.py`` and
``pdf.py`` take them from here."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Diagram

COLUMN_PX = 640.0  # the text column of an A4 or Letter page (handout.css margins), CSS px
PAGE_ROOM_PX = 880.0  # the tallest drawing a page takes whole (figures never break)
PAPER_LABEL_PT = (8.0, 10.0)  # one label size per document, within these
PX_PER_PT = 96.0 / 72.0
LABEL_PX = 16.0  # the size diagrams draw their labels at (``mermaid.fonts.FONT_SIZE``)


def paper_scale(diagrams: list[Diagram]) -> float:
    """One scale for a document's drawn diagrams: labels as large as the widest diagram lets
    them be in the column, between 8 and 10 pt."""
    drawn = [d for d in diagrams if d.svg and d.width]
    low, high = (pt * PX_PER_PT / LABEL_PX for pt in PAPER_LABEL_PT)
    widest = max((d.width for d in drawn), default=0.0)
    fits = COLUMN_PX / widest if widest else high
    return max(low, min(high, fits))


def paper_drawn_size(diagram: Diagram, scale: float) -> tuple[float, float]:
    """A drawn diagram's size on the page at the document's ``scale`` (as ``html.diagram_size``
    sizes it for a handout), made smaller when it passes the column or a page's room."""
    if not diagram.width or not diagram.height:
        return COLUMN_PX, PAGE_ROOM_PX
    scale = min(scale, COLUMN_PX / diagram.width, PAGE_ROOM_PX / diagram.height)
    return diagram.width * scale, diagram.height * scale
