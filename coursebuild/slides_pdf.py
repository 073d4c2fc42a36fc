"""The slides PDF from the pages its fit measure laid out: each slide laid out once, most of them.

``slide_scale.fit_slides`` lays out every slide of the chapter, with no fit CSS, before it
searches the fit of those that do not fit; most slides fit as they are. That first layout is the
slides PDF's own HTML (``fits`` empty) in the PDF's own place, so the pages of the slides the
fit CSS leaves alone are the final PDF's pages. Only the slides it changes (a fit, a code span
that wraps) are laid out again: the final HTML once more, the other slides hidden (and left
empty when only the package's stylesheets style them), so that every selector matches as in
the whole. The PDF's pages are both sets, in slide order
(``Document.copy``: each page carries its bookmarks, links and anchors; the tags are made from
the page boxes when the PDF is written).

Put together only when it is provably the whole layout's pages: one page per slide in both
layouts; and each slide laid out again, alone, on a page like its page in the whole (size,
margins, background, no margin box: nothing that counts pages) with the same text (nothing
counted across slides: counters, footnotes, cross-references). Anything else lays the whole
HTML out again, as does a measure read from another worker (no layout in this process)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial
from xml.etree.ElementTree import Element

import weasyprint
from weasyprint.document import Page

from .pdf import Layout, Place, lay_out
from .slide_scale import PAGE, Measured, Render, box_classes, descendants

FULL_LAYOUT = {"always": False}  # True: every slide laid out again (the tests compare both)
VERSION = "70."  # the WeasyPrint whose Document.copy was measured (docs/decisions.md)
HIDDEN = "display: none !important;"


def assembled(measured: Measured, render: Render, place: Place, *,
              own_styles: bool = False) -> Layout | None:
    """The slides PDF's pages (``render(None, css)`` draws its HTML with ``css`` as the fit
    CSS), from ``measured``'s layout and one layout of the slides the fit changes; None when
    they cannot be shown to be the whole HTML's layout in ``place``. ``own_styles``: only the
    package's stylesheets and templates style the slides, none of the course's; the hidden
    slides are then left empty too (see ``_empty_slides``)."""
    first = measured.layout
    if first is None or FULL_LAYOUT["always"] or not weasyprint.__version__.startswith(VERSION):
        return None
    ids = _one_slide_per_page(first.document.pages)
    css = measured.fitting.css()
    changed = measured.fitting.changed()
    if ids is None or not changed <= set(ids):
        return None
    if not changed:  # the first layout is the PDF's HTML: no fit CSS
        return first
    hidden = ", ".join(f"#{page}" for page in ids if page not in changed)
    again = lay_out(render(None, f"{css}\n{hidden} {{ {HIDDEN} }}" if hidden else css), place,
                    partial(_empty_slides, keep=changed) if own_styles else None)
    redone = _one_slide_per_page(again.document.pages)
    if redone != [page for page in ids if page in changed]:
        return None
    whole = dict(zip(ids, first.document.pages, strict=True))
    alone = dict(zip(redone, again.document.pages, strict=True))
    if not all(_same_place(whole[page], alone[page]) for page in redone):
        return None
    pages = [alone.get(page) or whole[page] for page in ids]
    return Layout(first.document.copy(pages), [*first.refused, *again.refused])


def _empty_slides(root: Element, keep: set[str]) -> None:
    """Every slide but ``keep`` left empty (it is hidden): WeasyPrint computes the style of
    every element, hidden or not, which costs more than laying out a slide or two. What is in
    a hidden slide reaches a shown one only through a selector that looks into another slide
    (a ``:has()`` on a slide or on what holds them): the package's stylesheets have none (their
    ``:has()`` look inside a slide's body); a course's own stylesheets or templates might."""
    for element in root.iter():
        if PAGE in (element.get("class") or "").split() and element.get("id") not in keep:
            element[:] = []
            element.text = None


def _one_slide_per_page(pages: list[Page]) -> list[str] | None:
    """The page id of each page's slide; None unless every page holds exactly one slide."""
    found = [list(_slide_ids(page._page_box)) for page in pages]  # noqa: SLF001 (the boxes)
    return [ids[0] for ids in found] if all(len(ids) == 1 for ids in found) else None


def _slide_ids(page: object) -> Iterator[str]:
    return ((box.element.get("id") or "") for box in descendants(page)  # type: ignore[attr-defined]
            if PAGE in box_classes(box))


def _same_place(whole: Page, alone: Page) -> bool:
    """Whether a slide laid out alone is on a page like its page in the whole layout, and
    says the same (its fit aside, which changes only sizes and line breaks)."""
    return _page_look(whole) == _page_look(alone) and _text(whole) == _text(alone)


def _page_look(page: Page) -> tuple:
    """What @page rules that depend on a page's place (:first, :left, :nth(), counters in the
    margins) would change: the page's size, margins, background and margin boxes."""
    box = page._page_box  # noqa: SLF001 (the laid-out page)
    sides = ("top", "right", "bottom", "left")
    edges = tuple(getattr(box, f"{kind}_{side}") for kind in ("margin", "padding")
                  for side in sides)
    borders = tuple(getattr(box, f"border_{side}_width") for side in sides)
    style = box.style
    return (page.width, page.height, tuple(sorted(page.bleed.items())), edges, borders,
            str(style["background_color"]), str(style["background_image"]),
            box.page_type.name, box.page_type.blank,
            [type(child).__name__ for child in box.children])


def _text(page: Page) -> str:
    """Every word the page draws, without the spaces between them (where lines break)."""
    return re.sub(r"\s+", "", "".join(_texts(page._page_box)))  # noqa: SLF001


def _texts(page: object) -> Iterator[str]:
    return (box.text for box in descendants(page)  # type: ignore[attr-defined]
            if type(box).__name__ == "TextBox")
