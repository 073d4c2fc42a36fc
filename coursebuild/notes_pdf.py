"""The notes pages' thumbnails painted from the slides PDF: each slide laid out once.

A notes page shows three slides, each the slides PDF's page at about a quarter of its size.
Laying each thumbnail out again as HTML cost three quarters of the notes pages' time (21.7
of 27 CPU-s for the course). When the slides PDF of the same edition has just been made,
in the same worker, the notes pages are laid out with empty thumbnails instead (a figure
naming the slide, bearing its bookmark: notes-print.html with ``stamped``) and each slide's
page is painted into its thumbnail afterwards, as a form XObject scaled to the thumbnail's
box: the same drawing, at the same scale, as the thumbnail laid out in HTML.

What the thumbnail's own tags were (the slide's headings, lists, links) is the slides PDF's:
in the notes pages the painted slide is an artifact inside the figure that names it (its
marked content removed: its tags belong to the other file), and its links stay in the
slides PDF, whose page prints every URL it links to.

Stamped only when the slides PDF has one page per thumbnail, each of the thumbnail's size
ratio; anything else lays the thumbnails out (``handouts.chapter_pdf``)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from weasyprint.document import Document

from .slide_scale import box_classes, descendants

STAMP = "stamp"  # the class of a thumbnail left empty (notes-print.html)
PX_TO_PT = 0.75  # CSS px to PDF points (WeasyPrint's page transform)
MARKED = (b"BDC", b"BMC", b"EMC")  # marked-content operators: the tags of the slides PDF


@dataclass(frozen=True)
class Thumbnail:
    """Where a slide's page is painted: the notes page (from 0), the slide's page id, and the
    thumbnail's box in PDF points (left, bottom, width, height)."""

    page: int
    page_id: str
    box: tuple[float, float, float, float]


def thumbnails(document: Document) -> list[Thumbnail]:
    """The empty thumbnails of laid-out notes pages, in order."""
    found = []
    for number, page in enumerate(document.pages):
        height = page.height * PX_TO_PT
        for box in descendants(page._page_box):  # noqa: SLF001 (the laid-out boxes)
            if STAMP not in box_classes(box):
                continue
            x, y = box.padding_box_x(), box.padding_box_y()  # type: ignore[attr-defined]
            width, tall = box.padding_width(), box.padding_height()  # type: ignore[attr-defined]
            found.append(Thumbnail(number, box.element.get("data-page") or "",  # type: ignore[attr-defined]
                                   (x * PX_TO_PT, height - (y + tall) * PX_TO_PT,
                                    width * PX_TO_PT, tall * PX_TO_PT)))
    return found


def stampable(slides_pdf: bytes, page_ids: list[str], places: list[Thumbnail]) -> bool:
    """Whether each thumbnail has its page in ``slides_pdf``: one page per slide of
    ``page_ids`` (the slides PDF's order), each as wide for its height as its thumbnail."""
    import pikepdf

    with pikepdf.open(io.BytesIO(slides_pdf)) as slides:
        if len(slides.pages) != len(page_ids) or sorted(t.page_id for t in places) != sorted(
                page_ids):
            return False
        sizes = {tuple(float(v) for v in page.mediabox) for page in slides.pages}
    if len(sizes) != 1:
        return False
    x0, y0, x1, y1 = sizes.pop()
    ratio = (x1 - x0) / (y1 - y0)
    return all(abs(t.box[2] / t.box[3] - ratio) < 0.01 for t in places)


def stamped(notes_pdf: bytes, slides_pdf: bytes, page_ids: list[str],
            places: list[Thumbnail]) -> bytes:
    """``notes_pdf`` with each thumbnail painted: the slides PDF's page of its slide, scaled
    to the thumbnail's width, an artifact in the page's content."""
    import pikepdf

    with pikepdf.open(io.BytesIO(notes_pdf)) as notes, \
            pikepdf.open(io.BytesIO(slides_pdf)) as slides:
        forms: dict[str, pikepdf.Object] = {}
        untagged: set[tuple[int, int]] = set()
        isolated: set[int] = set()
        for place in places:
            index = page_ids.index(place.page_id)
            if place.page_id not in forms:
                form = notes.copy_foreign(slides.pages[index].as_form_xobject())
                _untagged(form, untagged)
                forms[place.page_id] = form
            page = notes.pages[place.page]
            if place.page not in isolated:  # the page's own drawing leaves no state behind
                page.contents_add(pikepdf.Stream(notes, b"q\n"), prepend=True)
                page.contents_add(pikepdf.Stream(notes, b"\nQ\n"))
                isolated.add(place.page)
            name = f"/Slide{index + 1}"
            page.add_resource(forms[place.page_id], pikepdf.Name.XObject, pikepdf.Name(name),
                              replace_existing=True)
            page.contents_add(pikepdf.Stream(notes, _drawing(
                name, place.box, slides.pages[index].mediabox)))
        out = io.BytesIO()
        notes.save(out, deterministic_id=True)
        return out.getvalue()


def _drawing(name: str, box: tuple[float, float, float, float], mediabox: object) -> bytes:
    """Paints form ``name`` (a page of ``mediabox``) in ``box``, scaled to its width, from
    its top left corner: an artifact."""
    x0, y0, x1, y1 = (float(v) for v in mediabox)  # type: ignore[attr-defined]
    left, bottom, width, height = box
    scale = min(width / (x1 - x0), height / (y1 - y0))
    top = bottom + height
    return (f"/Artifact BMC q {scale:.6f} 0 0 {scale:.6f} {left - x0 * scale:.4f} "
            f"{top - y1 * scale:.4f} cm {name} Do Q EMC\n").encode()


def _untagged(form: object, seen: set[tuple[int, int]]) -> None:
    """``form`` and the forms it paints without their marked content (the slides PDF's tags)."""
    import pikepdf

    key = form.objgen  # type: ignore[attr-defined]
    if key in seen:
        return
    seen.add(key)
    operations = pikepdf.parse_content_stream(form)
    kept = [op for op in operations if bytes(op.operator) not in MARKED]
    if len(kept) != len(operations):
        form.write(pikepdf.unparse_content_stream(kept))  # type: ignore[attr-defined]
    if "/StructParents" in form:  # type: ignore[operator]
        del form["/StructParents"]  # type: ignore[attr-defined]
    xobjects = form.get("/Resources", {}).get("/XObject", {})  # type: ignore[attr-defined]
    for inner in xobjects.values():
        if inner.get("/Subtype") == "/Form":
            _untagged(inner, seen)
