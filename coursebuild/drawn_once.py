"""An SVG image drawn once per PDF, however often it is shown.

WeasyPrint parses an SVG image once (the process's image cache, ``pdf.IMAGES``), but draws it
anew at each use: every path's ``d`` parsed again, every length computed again. A course's
PDFs show the same few images many times (an emoji in every heading of a kind, the same
icon on every slide), and drawing them was a third of writing a slides PDF. Within
``drawn_once()``, an image shown a third time at the same size in a document is drawn once
more, into a form XObject of the document's resources, and every later use paints that form
(the first two uses are drawn in place: an image shown once or twice costs nothing more).

The form is the image's own drawing, in its own coordinate space, as PDF says a form is
painted: what depends on where it is drawn (gradients and patterns, whose matrix WeasyPrint
computes from the current transformation) is computed in the form's space, where PDF
resolves it. Only the WeasyPrint whose stream this was written against; any other draws
every image as it always does."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import weasyprint
from weasyprint.images import SVGImage

VERSION = "70."  # the WeasyPrint whose Stream.add_group and SVGImage.draw this knows

FORM_FROM = 3  # the use that draws the form: an image shown twice is drawn twice in place
DRAWN = {"forms": 0, "uses": 0}  # forms drawn and images painted by a process (tests read it)


@contextmanager
def drawn_once() -> Iterator[None]:
    """Within it, each SVG image is drawn once per document and size (see the module)."""
    if not weasyprint.__version__.startswith(VERSION):
        yield
        return
    draw = SVGImage.draw

    def painted(self: SVGImage, stream: object, width: float, height: float,
                style: object) -> None:
        forms = _forms(stream)
        key = (id(self), width, height)
        image, name, uses = forms.get(key, (self, None, 0))  # the image kept: its id is
        forms[key] = (image, name, uses + 1)  # never another's while it is drawn
        if name is None and uses + 1 < FORM_FROM:  # its first uses: drawn in place
            draw(self, stream, width, height, style)
            return
        if name is None:  # shown again: drawn once more, into the form every later use paints
            group = stream.add_group(0, 0, width, height)  # type: ignore[attr-defined]
            draw(self, group, width, height, style)
            name = group.id
            forms[key] = (image, name, uses + 1)
            DRAWN["forms"] += 1
        DRAWN["uses"] += 1
        stream.draw_x_object(name)  # type: ignore[attr-defined]

    SVGImage.draw = painted  # type: ignore[method-assign]
    try:
        yield
    finally:
        SVGImage.draw = draw  # type: ignore[method-assign]


def _forms(stream: object) -> dict:
    """The forms of the document ``stream`` draws for, by image and size: kept with the
    document's resources (every page's stream and every group of one document share them)."""
    resources = stream._resources  # type: ignore[attr-defined]  # noqa: SLF001
    xobjects = resources["XObject"]
    forms = getattr(xobjects, "_drawn_once", None)
    if forms is None:
        forms = {}
        xobjects._drawn_once = forms  # type: ignore[attr-defined]  # noqa: SLF001
    return forms
