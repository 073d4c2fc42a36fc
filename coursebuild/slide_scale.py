"""How a slide's body is fitted on paper: exactly as the deck's ``fit.js`` fits it.

In the browser, ``fit.js`` first lets an inline code span break when it is longer than its
line (or than ``CELL_CODE`` characters in a table cell: ``.wraps``), then checks whether a
slide's body (``.slide-content``) fits the room
under its heading; when it does not, it searches (9 halvings of 0.5..1) the largest ``--fit``,
the scale of the body's type, at which it fits, text reflowing; a body that still does not fit
at the smallest type is zoomed whole. WeasyPrint runs no JavaScript, so the print renderers do
the same search in WeasyPrint, with the same stylesheets and fonts: the chapter's slides are
laid out once, and only the slides that do not fit are laid out again, together, at each step
(first at the smallest type: a body too large there is zoomed and searched no further).
The result is CSS: a rule per code span that wraps and per fitted slide (``Fitting.css``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from .files import write_atomic
from .pdf import Layout, Place, lay_out

MIN_TYPE = 0.5  # fit.js: the smallest --fit before the body is zoomed instead
STEPS = 9  # fit.js: halvings of MIN_TYPE..1, to 1/1024
TOLERANCE = 1.0  # fit.js: a body fits when it overflows its room by at most 1 px
URL_GAP = 6.0  # px between a body and the URLs printed under it
PAGE = "print-slide"  # the class of a slide's page in slides-print.html (its id names it)
CONTENT = "slide-content"  # the box fit.js fits
CENTRED = ("slide-title", "slide-divider")  # centred slides, which fit.js never scales
URLS = "slide-urls"
CELL_CODE = 24  # fit.js: inline code longer than this (characters) wraps in a table cell
LINE_BOXES = ("p", "li", "td", "th", "h1", "h2", "h3", "h4", "div")  # fit.js: a code span's line
WRAPS = "white-space: normal; overflow-wrap: anywhere;"  # theme.css: code.wraps

# What a renderer is asked for: the HTML of the slides whose page ids are given (None: all), with
# the given CSS in the page's head.
Render = Callable[[set[str] | None, str], str]


@dataclass(frozen=True)
class Fit:
    """What fit.js sets on a slide's body: ``--fit`` (its type's scale) and, when even the
    smallest type does not fit, a zoom (WeasyPrint: a transform of the body, laid out as wide
    as the zoom makes it)."""

    type_scale: float = 1.0
    zoom: float = 1.0
    width: float = 0.0  # the body's width before the zoom, px

    @property
    def scale(self) -> float:
        """How much smaller the body's text is than on a slide that fits: ``data-fit``."""
        return self.type_scale * self.zoom


@dataclass(frozen=True)
class SlideBoxes:
    """A laid-out slide's body against its room, in CSS px of the slide."""

    page_id: str
    fitted: bool  # a body slide with a .slide-content: fit.js fits it
    room: tuple[float, float]  # width and height of the room under the heading
    size: tuple[float, float]  # the body's natural width and height (its overflow included)
    wraps: tuple[str, ...] = ()  # selectors of the inline code spans fit.js lets break

    def fits(self) -> bool:
        return all(s <= r + TOLERANCE for s, r in zip(self.size, self.room, strict=True))


@dataclass(frozen=True)
class Fitting:
    """What fit.js does to a chapter's slides: the code spans it lets break, each slide's fit
    that is not 1 (by page id)."""

    wraps: tuple[str, ...] = ()
    fits: dict[str, Fit] = field(default_factory=dict)

    def css(self) -> str:
        wraps = [f"{selector} {{ {WRAPS} }}" for selector in self.wraps]
        return "\n".join([*wraps, fit_css(self.fits)]).strip()

    def changed(self) -> set[str]:
        """The page ids of the slides the CSS changes: each rule selects inside one of them."""
        return set(self.fits) | {selector.split(" ", 1)[0].removeprefix("#")
                                 for selector in self.wraps}


@dataclass(frozen=True)
class Measured:
    """What ``fit_slides`` found; in the process that measured (not when it read another
    worker's measure), the first measure's layout too: every slide, with no fit CSS, laid out
    in the place the measure was given (the slides PDF reuses its pages: slides_pdf.py)."""

    fitting: Fitting
    layout: Layout | None = None


def fit_slides(render: Render, place: Place, key: str) -> Measured:
    """What fit.js does to the slides ``render`` draws, as it does it in the browser.
    The slides PDF and the notes pages of a chapter measure the same pages, often at the same
    time in two workers: the first measures, the other waits and reads what it found in
    ``place.extra`` (a build's scratch folder) under ``key`` (what the chapter's slides say)."""
    known = place.extra / f"fits-{hashlib.sha256(key.encode()).hexdigest()[:20]}.json"
    with _locked(known.with_suffix(".lock")):
        if known.exists():
            found = json.loads(known.read_text("utf-8"))
            return Measured(Fitting(tuple(found["wraps"]),
                                    {page: Fit(**fit) for page, fit in found["fits"].items()}))
        measure = _Measure(place)
        fitting = _search(render, measure)
        write_atomic(known, json.dumps({"wraps": fitting.wraps, "fits": {
            page: asdict(fit) for page, fit in fitting.fits.items()}}))
    return Measured(fitting, measure.first)


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """``path`` held by this process alone (POSIX ``flock``; on Windows, ``msvcrt.locking``
    of its first byte, which retries for 10 s before it gives up)."""
    with path.open("a") as lock:
        try:
            import fcntl
        except ImportError:  # Windows
            import msvcrt

            lock.seek(0)
            msvcrt.locking(lock.fileno(), msvcrt.LK_LOCK, 1)  # type: ignore[attr-defined]
            try:
                yield
            finally:
                lock.seek(0)
                msvcrt.locking(lock.fileno(), msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
            return
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _search(render: Render, measure: _Measure) -> Fitting:
    """fit.js's search, every slide that does not fit laid out again at each step. A body
    that does not fit at the smallest type fits at no larger one (smaller type never makes a
    body larger), so fit.js's search ends at the smallest type for it, every step failing:
    it is measured there first, zoomed, and left out of the search (9 layouts fewer)."""
    slides = {boxes.page_id: boxes for boxes in measure(render(None, ""))}
    wraps = tuple(selector for boxes in slides.values() for selector in boxes.wraps)
    wrapped = {boxes.page_id for boxes in slides.values() if boxes.wraps}
    if wrapped:  # laid out again, those slides alone, with their code spans wrapping
        slides.update((b.page_id, b) for b in measure(render(wrapped, Fitting(wraps).css())))
    todo = [b.page_id for b in slides.values() if b.fitted and not b.fits()]
    zoomed = {}  # the bodies too large at the smallest type: fit.js zooms them
    if todo:  # measured first at the smallest type, where fit.js ends when nothing fits
        smallest = dict.fromkeys(todo, Fit(MIN_TYPE))
        for boxes in measure(render(set(todo), Fitting(wraps, smallest).css())):
            if not boxes.fits():
                zoomed[boxes.page_id] = _zoomed(Fit(MIN_TYPE), boxes)
    search = [page for page in todo if page not in zoomed]
    low = dict.fromkeys(search, MIN_TYPE)
    high = dict.fromkeys(search, 1.0)
    for _ in range(STEPS if search else 0):
        middle = {page: Fit((low[page] + high[page]) / 2) for page in search}
        for boxes in measure(render(set(search), Fitting(wraps, middle).css())):
            (low if boxes.fits() else high)[boxes.page_id] = middle[boxes.page_id].type_scale
    fits = {page: zoomed.get(page) or Fit(_four_places(low[page])) for page in todo}
    return Fitting(wraps, fits)


def _four_places(value: float) -> float:
    """JavaScript's ``toFixed(4)``: half up, on the exact binary value."""
    return float(Decimal(value).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP))


def _zoomed(fit: Fit, boxes: SlideBoxes) -> Fit:
    (room_w, room_h), (width, height) = boxes.room, boxes.size
    return Fit(fit.type_scale, min(room_h / height, room_w / width), room_w)


def fit_css(fits: dict[str, Fit]) -> str:
    """The rules that set each fitted slide's body as fit.js sets it in the deck (theme.css:
    the body's type at --fit, a diagram's kept at the slide's)."""
    rules = []
    for page, fit in sorted(fits.items()):
        body = f"#{page} .{CONTENT}"
        rules.append(f"{body} {{ font-size: {fit.type_scale:.10g}em; }}")
        rules.append(f"{body} figure.diagram {{ font-size: {1 / fit.type_scale:.10g}em; }}")
        if fit.zoom < 1.0:
            rules.append(f"{body} {{ width: {fit.width / fit.zoom:.3f}px; transform-origin: 0 0; "
                         f"transform: scale({fit.zoom:.6f}); }}")
    return "\n".join(rules)


class _Measure:
    """Lays pages out as the PDFs are (``pdf.lay_out``, in ``place``) and reads each slide's
    boxes; keeps the first layout (every slide, no fit CSS): the slides PDF's pages."""

    def __init__(self, place: Place) -> None:
        self.place = place
        self.first: Layout | None = None

    def __call__(self, html: str) -> list[SlideBoxes]:
        layout = lay_out(html, self.place)
        self.first = self.first or layout
        roots = (page._page_box for page in layout.document.pages)  # noqa: SLF001 (the boxes)
        return [slide_boxes(box) for root in roots for box in descendants(root)
                if PAGE in box_classes(box)]


def slide_boxes(page: object) -> SlideBoxes:
    """Reads one laid-out page of slides-print.html: its section, body, heading and URLs."""
    section = next(b for b in descendants(page) if _tag(b) == "section")
    content = next((b for b in descendants(section) if CONTENT in box_classes(b)), None)
    page_id = _element(page).get("id") or ""
    if content is None or any(name in box_classes(section) for name in CENTRED):
        return SlideBoxes(page_id, False, (0.0, 0.0), (0.0, 0.0))
    body = next(b for b in descendants(section) if "slide-body" in box_classes(b))
    urls = next((b for b in descendants(page) if URLS in box_classes(b)), None)
    top = section.border_box_y()  # type: ignore[attr-defined]
    bottom = top + body.border_height() - body.padding_bottom  # type: ignore[attr-defined]
    if urls is not None:
        bottom = min(bottom, urls.border_box_y() - URL_GAP)  # type: ignore[attr-defined]
    x, y = content.content_box_x(), content.content_box_y()  # type: ignore[attr-defined]
    height = max(max(_bottom(b) for b in descendants(content)) - y,
                 content.height)  # type: ignore[attr-defined]
    width = max((_right(b) for b in descendants(content)), default=x) - x
    return SlideBoxes(page_id, True, (content.width, bottom - y),  # type: ignore[attr-defined]
                      (width, height), tuple(_wrapping(page, page_id)))


def _wrapping(page: object, page_id: str) -> Iterator[str]:
    """fit.js's ``wrapLongCode``: the inline code spans longer than their line (or than
    CELL_CODE characters in a table cell), as selectors from the page's id."""
    path: dict[object, str] = {}
    tag: dict[object, str] = {}
    line: dict[object, object] = {}  # a box's closest LINE_BOXES block, by element
    for box, parent in _with_parents(page):
        element = _element(box)
        if element is None or element in path:
            continue
        parent_element = _element(parent) if parent is not None else None
        if parent_element is None or parent_element not in path:
            path[element], line[element] = f"#{page_id}", box
            continue
        index = list(parent_element).index(element) + 1
        path[element], tag[element] = f"{path[parent_element]} > :nth-child({index})", _tag(box)
        block = box if _tag(box) in LINE_BOXES and not _is_line_part(box) else None
        line[element] = block or line[parent_element]
        inline = tag[element] == "code" and tag.get(parent_element) != "pre"
        if inline and _long(box, line[parent_element]):
            yield path[element]


def _long(code: object, block: object) -> bool:
    if _tag(block) in ("td", "th"):
        return len("".join(_element(code).itertext())) > CELL_CODE
    return code.margin_width() > block.border_width()  # type: ignore[attr-defined]


def _with_parents(box: object, parent: object = None) -> Iterator[tuple[object, object]]:
    yield box, parent
    for child in getattr(box, "children", None) or ():
        yield from _with_parents(child, box)


def _bottom(box: object) -> float:
    if _is_line_part(box):
        return box.position_y + box.height  # type: ignore[attr-defined]
    return box.border_box_y() + box.border_height()  # type: ignore[attr-defined]


def _right(box: object) -> float:
    if type(box).__name__ == "LineBox":  # as wide as its block; its text may be narrower
        return box.position_x  # type: ignore[attr-defined]
    if type(box).__name__ == "TextBox":
        return box.position_x + box.width  # type: ignore[attr-defined]
    return box.border_box_x() + box.border_width()  # type: ignore[attr-defined]


def _is_line_part(box: object) -> bool:
    return type(box).__name__ in ("LineBox", "TextBox")


def descendants(box: object) -> Iterator[object]:
    yield box
    for child in getattr(box, "children", None) or ():
        yield from descendants(child)


def _element(box: object):  # noqa: ANN202 (an ElementTree element)
    return getattr(box, "element", None)


def _tag(box: object) -> str:
    return getattr(box, "element_tag", "") or ""


def box_classes(box: object) -> list[str]:
    element = _element(box)
    if element is None or _is_line_part(box) or type(box).__name__ == "InlineBox":
        return []
    return (element.get("class") or "").split()
