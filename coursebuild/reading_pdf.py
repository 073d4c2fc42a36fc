"""A reading handout (``<stem>.pdf``, ``<stem>-instructor.pdf``), laid out once for itself and
for the book of its edition: its pages are laid out without their footer, and that PDF is the
book's part for the chapter (kept in the book's part cache, ``part_cache.py``, where the book
job finds it: ``book.py``); the reading is that PDF with its "n / N" stamped over each page from
the overlay the books use (``book.footers_pdf``), so it looks as it did when it printed its
own. Its ids stay plain (other PDFs link to ``<stem>.pdf#anchor``): the merge prefixes them."""

from __future__ import annotations

import jinja2

from .book import book_of, footers_pdf, kept_part
from .book_merge import stamped
from .book_parts import PartHtml
from .handout_kinds import HandoutKind
from .handouts import printed_chapter
from .model import Chapter, Course
from .part_cache import PartCache
from .pdf import PdfResult, Place


def reading_pdf(env: jinja2.Environment, course: Course, chapter: Chapter, kind: HandoutKind,
                place: Place) -> PdfResult:
    """``chapter``'s reading of ``kind``, laid out in ``place`` (or kept, when the book of its
    edition has the same part already), its footers stamped."""
    book = book_of(course, kind)
    cache = PartCache.for_output(place.out_dir, book.name) if book else PartCache(None)
    html = printed_chapter(env, course, chapter, kind, place).html
    part = kept_part(cache, place, PartHtml(chapter.stem, html))
    footers = footers_pdf(env, course, place, len(part.pages))
    return PdfResult(stamped(part.data, footers), part.refused)
