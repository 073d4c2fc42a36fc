"""A book (course.pdf, course-instructor.pdf) from parts laid out on their own
(``book_parts.py``), each kept between builds (``part_cache.py``) and merged (``book_merge.py``):
an edited chapter lays out its own part again, and the front and back matter only when the
page numbers they print changed. A chapter's part is its reading handout of the book's
edition without footers, kept by the job that made the reading (``reading_pdf.py``): a build
lays each chapter out once. Every chapter starts on a right-hand page, as the book's CSS
asks; the page footers ("n / N") are stamped last from one document of the book's length
(``footers``: one per page count, the readings' too). Footnotes are numbered per chapter
(each part numbers its own)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass

import jinja2
import pikepdf

from .book_merge import PartPdf, merge, open_part
from .book_parts import BACK, FRONT, JUMP, PartHtml, book_parts
from .handout_kinds import BOOK, READING, HandoutKind, course_kinds, kind_named
from .handouts import book_prefix, book_target, styles
from .model import Course
from .part_cache import CachedPart, PageKind, PartCache, part_digest
from .pdf import PdfResult, Place, fitted, lay_out, write
from .templating import render_template
from .views import course_view

FOOTERS = "footers"  # the overlays' cache (one per page count, beside the books')
FRONT_PASSES = 3  # front matter layouts at most: its page count moves every number after it
FOOTERS_TEMPLATE = "book-footers.html"
UNTAGGED = {"pdf_variant": None, "pdf_tags": False}  # the footers: drawn as an artifact


@dataclass
class LaidPart:
    """A part's PDF, opened, and its pages' kinds."""

    part: PartPdf
    pages: list[PageKind]
    refused: list[str]


def book_pdf(env: jinja2.Environment, course: Course, kind: HandoutKind,
             place: Place) -> PdfResult:
    """``kind``'s book, laid out in ``place``: from the parts kept between builds
    (``part_cache.py``) where their inputs are the same, laying out the others."""
    parts = book_parts(env, course, kind, place)
    cache = PartCache.for_output(place.out_dir, kind.name)
    get = _getter(cache, place)
    chapters = [get(part) for part in parts.chapters]
    for part, laid_part in zip(parts.chapters, chapters, strict=True):
        laid_part.part.prefix = book_prefix(part.name)  # its names and links, in the book
    front_pages = cache.pages_of(FRONT) or 2
    for _ in range(FRONT_PASSES):
        starts = _starts(front_pages, [len(c.pages) for c in chapters])
        pages = _pages(chapters, starts)
        back = get(parts.back(pages)) if parts.back else None
        if back is not None:
            pages |= _pages([back], starts[-1:])
        front = get(parts.front(pages))
        if len(front.pages) == front_pages:
            break
        front_pages = len(front.pages)
    laid = [front, *chapters, *([back] if back else [])]
    for part, start in zip(laid[1:], starts, strict=False):
        part.part.blank_before = start > _next_page(laid, part)
    footed = _footed(laid)
    files = {name(c.stem): book_prefix(c.stem) for c in course.chapters
             for name in (READING.file_name, kind_named(kind.chapters_as).file_name)}
    data = merge([part.part for part in laid], footers_pdf(env, course, place, len(footed)),
                 footed, files)
    cache.keep_only({FRONT, BACK, *(p.name for p in parts.chapters)})
    refused = [reason for part in laid for reason in part.refused]
    return PdfResult(data, list(dict.fromkeys(refused)))


def book_of(course: Course, kind: HandoutKind) -> HandoutKind | None:
    """The book the course builds whose chapters are ``kind``'s PDFs (its edition's)."""
    return next((book for book in course_kinds(course.config.handouts)
                 if book.book and book.chapters_as == kind.name), None)


def footers_pdf(env: jinja2.Environment, course: Course, place: Place,
                count: int) -> pikepdf.Pdf:
    """The page footers of a PDF of ``count`` pages (the "n / N" of every reading handout
    and book), kept between builds, one per page count."""
    get = _getter(PartCache.for_output(place.out_dir, FOOTERS), place)
    return get(PartHtml(str(count), _footers_html(env, course, BOOK, place, count)),
               tagged=False).part.pdf


def _starts(front_pages: int, counts: list[int]) -> list[int]:
    """The book page (from 1) each chapter's part starts on, then the back matter's: each on
    a right-hand (odd) page."""
    starts, page = [], front_pages + 1
    for count in [*counts, 0]:
        page += page % 2 == 0
        starts.append(page)
        page += count
    return starts


def _next_page(laid: list[LaidPart], part: LaidPart) -> int:
    """The book page after the parts before ``part``, blank pages counted."""
    page = 1
    for earlier in laid:
        if earlier is part:
            return page
        page += earlier.part.blank_before + len(earlier.pages)
    return page


def _pages(parts: list[LaidPart], starts: list[int]) -> dict[str, int]:
    """The book page of each named destination of ``parts`` (keyed as the parts link it)."""
    return {JUMP + part.part.prefix + name: start + index
            for part, start in zip(parts, starts, strict=False)
            for name, (index, _, _) in part.part.destinations.items()}


def _footed(laid: list[LaidPart]) -> list[bool]:
    """Which book pages carry a footer: neither the cover nor a blank page."""
    footed = []
    for part in laid:
        footed += [False] if part.part.blank_before else []
        footed += [not page.blank and page.name != "cover" for page in part.pages]
    return footed


def _footers_html(env: jinja2.Environment, course: Course, kind: HandoutKind, place: Place,
                  count: int) -> str:  # the same for every kind that prints "n / N"
    target = book_target(course, [], kind)
    return render_template(env, FOOTERS_TEMPLATE, count=count,
                           course=course_view(course, target),
                           **asdict(styles(course, None, kind, place.extra)))


def counts_pages(margin_box: object) -> bool:
    """Whether a margin box prints a page number or the page count (``counter(page)``,
    ``counter(pages)``): what a part cannot know of the book it goes into."""
    content = margin_box.style["content"]  # type: ignore[attr-defined]
    return isinstance(content, tuple) and any(
        kind in ("counter()", "counters()") and value and value[0] in ("page", "pages")
        for kind, value in content)


def _getter(cache: PartCache, place: Place) -> Callable[..., LaidPart]:
    """A part's PDF: kept, if its inputs are the same, else laid out (and kept)."""

    def get(part: PartHtml, tagged: bool = True) -> LaidPart:
        kept = kept_part(cache, place, part, tagged)
        return LaidPart(open_part(kept.data), kept.pages, kept.refused)

    return get


def kept_part(cache: PartCache, place: Place, part: PartHtml,
              tagged: bool = True) -> CachedPart:
    """``part`` laid out in ``place``: kept in ``cache`` if its inputs are the same, else laid
    out (and kept)."""
    digest = part_digest(part.html, place.extra, f"epoch={place.epoch}", str(tagged))
    kept = cache.get(part.name, digest)
    if kept is None:
        kept = _lay_out_part(part.html, place, tagged)
        cache.put(part.name, digest, kept)
    return kept


def _lay_out_part(html: str, place: Place, tagged: bool) -> CachedPart:
    """A part (``tagged``): its pages without the margin boxes that count pages, which the
    merge stamps with the book's numbers; footers (not ``tagged``): those margin boxes alone.
    Whichever margin box a course's stylesheet numbers its pages in."""
    layout = fitted(lay_out(html, place), place, fit_pages=tagged)
    for page in layout.document.pages:
        box = page._page_box  # noqa: SLF001 (the laid-out boxes)
        box.children = [child for child in box.children
                        if type(child).__name__ != "MarginBox" or counts_pages(child) != tagged]
    pages = [PageKind(bool(page._page_box.page_type.blank),  # noqa: SLF001
                      str(page._page_box.page_type.name or ""))  # noqa: SLF001
             for page in layout.document.pages]
    result = write(layout, place, None if tagged else UNTAGGED)
    return CachedPart(result.data, pages, result.refused)
