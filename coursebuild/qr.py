"""QR codes for printed links: a reader of a paper handout scans instead of typing a URL.

Drawn at build time by ``segno`` (pure Python, no network) as a small SVG data URI."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import segno

QR_BORDER = 2  # modules of light margin drawn around the code (the page around it is light too)


def qr_code(url: str) -> segno.QRCode:
    """The code of ``url``: a regular QR code (phones do not all read Micro QR), level L: printed on
    paper, kept clean, it needs no more, and its modules stay large enough to scan at 14 mm."""
    import segno  # here: only a printed link with a QR code needs it, never a deck

    return segno.make_qr(url, error="l", boost_error=False)


@lru_cache(maxsize=512)
def qr_data_uri(url: str) -> str:
    """``url`` as a QR code in an SVG data URI, dark modules on white (also on a dark page)."""
    return qr_code(url).svg_data_uri(scale=1, border=QR_BORDER, dark="#000", light="#fff",
                                     omitsize=True)


def qr_html(url: str) -> str:
    """The ``<img>`` printed beside a link's URL (tagged PDFs want every image named)."""
    return f'<img class="qr" alt="QR code" src="{qr_data_uri(url)}">'
