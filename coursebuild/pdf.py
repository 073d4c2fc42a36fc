"""WeasyPrint, confined: it reads only the course folder and the package's own assets.

Reproducible: the same HTML gives the same bytes. The PDF carries a date only when
``SOURCE_DATE_EPOCH`` gives one (reproducible-builds.org), and never the wall clock."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element

import pydyf
import weasyprint
from weasyprint.document import Document
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from .drawn_once import drawn_once
from .paths import NODE_MODULES, TEMPLATES
from .pdf_jobs import EPOCH_VARIABLE

PDF_OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_tags": True}


class ConfinedFetcher(URLFetcher):
    """A URL fetcher that refuses the network and every file outside the allowed folders."""

    def __init__(self, allowed: list[Path]) -> None:
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)
        self.allowed = [folder.resolve() for folder in allowed]
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict | None = None):  # type: ignore[override]
        reason = self._refusal(url)
        if reason:
            self.refused.append(f"{reason}: {url[:200]}")
            raise ValueError(f"refused {url[:200]}: {reason}")
        return super().fetch(url, headers)

    def _refusal(self, url: str) -> str:
        parts = urlsplit(url)
        if parts.scheme == "data":
            return ""
        if parts.scheme != "file":
            return "handouts never use the network"
        path = Path(unquote(parts.path)).resolve()
        if not any(path.is_relative_to(folder) for folder in self.allowed):
            return "outside the course folder"
        return ""


# Parsed images (the emoji SVGs above all) shared by the documents a process renders.
IMAGES: dict = {}
_FONTS: list[FontConfiguration] = []


# Parsed stylesheets shared by the documents a process renders: (url, media, content digest) ->
# the parsed sheet and the @page rules it adds to a document (see shared_stylesheets).
_SHEETS: dict[tuple[str, str, str], tuple[weasyprint.CSS, list]] = {}
SHARED_SHEETS_VERSION = "70."  # the WeasyPrint whose CSS(...) keywords shared_stylesheets knows
# what a parse may add to its document: page_rules first (a kept sheet adds only those)
SHARED_LISTS = ("page_rules", "layers", "counter_style", "color_profiles")
PARSES = {"count": 0}  # stylesheets a process has parsed (the tests read it)
LAYOUTS = {"count": 0}  # documents a process has laid out (the tests read it)


@contextmanager
def shared_stylesheets() -> Iterator[None]:
    """Within it, a linked stylesheet is parsed once per process, not once per document: the
    slides' fit search lays out a chapter's slides a dozen times, each parse of theme.css
    costing about as much as laying out a few slides. Only sheets whose parse adds nothing to
    a document but their selectors and @page rules are kept (no @font-face, @import, @layer,
    @counter-style or colour profile), and only files the document's fetcher may read, keyed
    by their content; the @page rules a kept sheet adds are added again to each document, and
    the sheet handed to it shares that document's lists (WeasyPrint reads every @page rule of
    a document through each of its sheets: never another document's)."""
    import weasyprint.css as styles

    if not weasyprint.__version__.startswith(SHARED_SHEETS_VERSION):
        yield  # it reaches into how WeasyPrint hands a sheet its document's lists: only the
        return  # version it was measured and tested with; any other parses every sheet

    parse = styles.CSS

    def cached(**kwargs: object) -> weasyprint.CSS:
        key = _sheet_key(kwargs)
        if key is None or not kwargs.keys() >= set(SHARED_LISTS):
            return parse(**kwargs)
        page_rules: list = kwargs["page_rules"]  # type: ignore[assignment]
        if key in _SHEETS:  # its selectors, with this document's shared lists, as parsed
            sheet, rules = _SHEETS[key]
            page_rules.extend(rules)
            reused = object.__new__(type(sheet))
            reused.__dict__.update(sheet.__dict__, page_rules=page_rules,
                                   layers=kwargs["layers"])
            return reused
        before = _added(kwargs)
        sheet = parse(**kwargs)
        PARSES["count"] += 1
        after = _added(kwargs)
        if after[1:] == before[1:]:
            _SHEETS[key] = (sheet, page_rules[before[0]:after[0]])
        return sheet

    styles.CSS = cached
    try:
        yield
    finally:
        styles.CSS = parse


def _sheet_key(kwargs: dict) -> tuple[str, str, str] | None:
    url, fetcher = kwargs.get("url"), kwargs.get("url_fetcher")
    if not isinstance(url, str) or not isinstance(fetcher, ConfinedFetcher):
        return None
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.query or parts.fragment or fetcher._refusal(url):  # noqa: SLF001
        return None
    try:
        text = Path(unquote(parts.path)).read_bytes()
    except OSError:
        return None
    if any(word in text.lower() for word in (b"@font-face", b"@import", b"@layer",
                                              b"@counter-style", b"@color-profile")):
        return None
    return url, str(kwargs.get("media_type")), hashlib.sha256(text).hexdigest()


def _added(kwargs: dict) -> tuple[int, ...]:
    """How much a parse added to what the document's sheets share."""
    return tuple(len(kwargs.get(name) or ()) for name in SHARED_LISTS)  # type: ignore[arg-type]


def font_configuration() -> FontConfiguration:
    """The process's one font configuration: fontconfig set up, and the @font-face fonts
    fetched and unpacked, once for every document a process lays out (slide measures too)."""
    if not _FONTS:
        _FONTS.append(FontConfiguration())
    return _FONTS[0]


@dataclass
class PdfResult:
    data: bytes
    refused: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Place:
    """Where a PDF's HTML is laid out: what its fetcher may read (the course, the package's
    assets, ``extra``: the generated stylesheets), the folder its links are relative to (where
    the PDF goes) and the date it carries (None: none). Two layouts of one place and one HTML
    are the same layout."""

    course_root: Path
    extra: Path
    out_dir: Path
    epoch: int | None = None

    @property
    def base(self) -> str:
        return self.out_dir.resolve().as_uri() + "/"

    def fetcher(self) -> ConfinedFetcher:
        return ConfinedFetcher([self.course_root, NODE_MODULES, TEMPLATES, self.extra])


@dataclass
class Layout:
    """Laid-out pages, and the files their layout was refused."""

    document: Document
    refused: list[str]
    source: weasyprint.HTML | None = None  # what to lay out again (None: pages put together)


def lay_out(html: str, place: Place, edit: Callable[[Element], None] | None = None) -> Layout:
    """``html`` laid out as every PDF and every slide measure is: confined, with the
    process's font configuration, image cache and parsed stylesheets, and PDF_OPTIONS;
    ``edit`` changes its parsed tree first."""
    fetcher = place.fetcher()
    source = weasyprint.HTML(string=html, base_url=place.base, url_fetcher=fetcher)
    if edit is not None:
        edit(source.etree_element)
    with _font_dates(place.epoch):
        return Layout(_render(source), fetcher.refused, source)


def html_to_pdf(html: str, course_root: Path, extra: Path, out_dir: Path, *,
                epoch: int | None = None, fit_pages: bool = False,
                laid_out: Layout | None = None, repeated_images: bool = False) -> PdfResult:
    """A tagged PDF (PDF/UA-1) from ``html``. Resources are absolute file: URLs; links are
    relative to ``out_dir``, where the PDF goes. ``extra`` holds generated stylesheets.
    ``epoch``: the PDF's creation and modification date (None: no date). ``fit_pages``: a
    diagram pushed to the next page after a large gap is scaled down to the gap, within the
    paper's label sizes (``fit_diagrams``). ``laid_out``: ``html``'s pages, laid out already
    in this place (the slides PDF's, put together from its fit measure: slides_pdf.py).
    ``repeated_images``: its SVG images are shown many times each (``drawn_once``)."""
    place = Place(course_root, extra, out_dir, epoch)
    return write(fitted(laid_out or lay_out(html, place), place, fit_pages), place,
                 repeated_images=repeated_images)


def fitted(layout: Layout, place: Place, fit_pages: bool = True) -> Layout:
    """``layout`` with its pushed diagrams fitted to the gaps before them (``fit_diagrams``)
    when ``fit_pages`` and it can be laid out again."""
    if fit_pages and layout.source is not None:
        source = layout.source
        with _font_dates(place.epoch):
            layout.document = fit_diagrams(layout.document, lambda: _render(source))
    return layout


def write(layout: Layout, place: Place, options: dict | None = None, *,
          repeated_images: bool = False) -> PdfResult:
    """The PDF of laid-out pages: dated by the place's epoch, links relative to its folder;
    ``options``: WeasyPrint's, instead of PDF_OPTIONS (tagged PDF/UA-1). ``repeated_images``:
    an SVG image shown again is drawn once, as a form (``drawn_once``): for the slides PDF
    and the notes pages, whose every slide repeats the same emoji; a document's emoji and QR
    codes are shown once or twice each, and were measured slower to write so (7 %)."""
    with _font_dates(place.epoch), drawn_once() if repeated_images else nullcontext():
        _date(layout.document, place.epoch)
        data = layout.document.write_pdf(
            finisher=lambda _doc, pdf: relative_links(pdf, place.base),
            **(PDF_OPTIONS if options is None else options))
    return PdfResult(data, list(dict.fromkeys(layout.refused)))


def _render(source: weasyprint.HTML) -> Document:
    LAYOUTS["count"] += 1
    with shared_stylesheets():
        return source.render(font_config=font_configuration(), cache=IMAGES, **PDF_OPTIONS)


def _date(document: Document, epoch: int | None) -> None:
    """The PDF's dates (Info and XMP): the epoch's, else none (never the time of the build)."""
    stamp = None
    if epoch is not None:
        stamp = datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    document.metadata.created = document.metadata.modified = stamp


@contextmanager
def _font_dates(epoch: int | None) -> Iterator[None]:
    """The fonts WeasyPrint embeds carry a modification date (their ``head`` table): fontTools
    stamps the fonts it writes (WOFF files unpacked, a variable font's static instance) with
    the clock, unless ``SOURCE_DATE_EPOCH`` is set. Set it to the epoch, or to 0 (1970-01-01)
    without one, while the PDF is laid out and written."""
    before = os.environ.get(EPOCH_VARIABLE)
    os.environ[EPOCH_VARIABLE] = str(epoch or 0)
    try:
        yield
    finally:
        if before is None:
            del os.environ[EPOCH_VARIABLE]
        else:
            os.environ[EPOCH_VARIABLE] = before


def relative_links(pdf: pydyf.PDF, base: str) -> None:
    """Links to sibling PDFs become relative (GoToR), so the folder can be moved or copied:
    WeasyPrint would write them as absolute file: URLs, and name the URL as the link's
    description (``Contents``), which would hold the build's folder."""
    for obj in pdf.objects:
        action = obj.get("A") if isinstance(obj, pydyf.Dictionary) else None
        if not isinstance(action, pydyf.Dictionary) or action.get("S") != "/URI":
            continue
        uri = str(action["URI"].string)
        if uri.startswith(base):
            name, _, anchor = unquote(uri[len(base):]).partition("#")
            action["S"] = "/GoToR"
            action["F"] = pydyf.String(name)
            action["D"] = pydyf.String(anchor) if anchor else pydyf.Array([0, "/Fit"])
            del action["URI"]
            if "Contents" in obj:
                obj["Contents"] = pydyf.String(f"{name}#{anchor}" if anchor else name)


# A diagram WeasyPrint pushed to the next page (figures never break) leaves the page before
# it part empty. When the page before ends with at least this share of its height empty, the
# diagram is drawn smaller to fit there, if its labels stay within the paper's sizes.
LARGE_GAP = 0.2
FIT_PASSES = 3  # layouts beyond the first, at most (usually one, when a document needs any)
SLACK_PX = 4.0  # rounding between our arithmetic and WeasyPrint's
_FORCED = {"page", "left", "right", "recto", "verso"}
_FLOWING = ("LineBox", "BlockReplacedBox", "InlineReplacedBox")


@dataclass
class PushedDiagram:
    """A diagram that starts a page after a large gap, and the scale that brings it back."""

    figure: object  # WeasyPrint's box of the <figure>
    ratio: float  # of its present size, at most 1


def fit_diagrams(document: Document, render: Callable[[], Document]) -> Document:
    """Lay out again while a diagram was pushed past a large gap and fits it when smaller:
    one diagram per run of pages (pages between forced breaks), since each one shrunk
    moves what follows it."""
    for _ in range(FIT_PASSES):
        pushed = list(pushed_diagrams(document))
        if not pushed:
            break
        for diagram in pushed:
            shrink(diagram)
        document = render()
    return document


def pushed_diagrams(document: Document) -> Iterator[PushedDiagram]:
    """The first diagram of each run of pages that could close the gap before its page."""
    pages = [page._page_box for page in document.pages]
    done_run = False
    for before, page in zip(pages, pages[1:], strict=False):
        if _forced_break(before, page):
            done_run = False
        if done_run:
            continue
        found = _pushed(before, page)
        if found is not None:
            done_run = True
            yield found


def shrink(diagram: PushedDiagram) -> None:
    """Scale the figure's drawing in the HTML tree WeasyPrint lays out again."""
    figure = diagram.figure.element  # type: ignore[attr-defined]
    box = next(child for child in figure if child.get("class") == "diagram-box")
    style = _inline_style(box.get("style", ""))
    for key in ("width", "height"):
        style[key] = f"{float(style[key].removesuffix('px')) * diagram.ratio:.1f}px"
    box.set("style", "; ".join(f"{key}: {value}" for key, value in style.items()))
    figure.set("data-scale", f"{float(figure.get('data-scale')) * diagram.ratio:.4f}")


def _inline_style(text: str) -> dict[str, str]:
    pairs = (item.split(":", 1) for item in text.split(";") if ":" in item)
    return {key.strip(): value.strip() for key, value in pairs}


def _resizable(figure: object) -> bool:
    """A drawing the build sized in px, with its scale (what ``shrink`` changes)."""
    element = figure.element  # type: ignore[attr-defined]
    boxes = [child for child in element if child.get("class") == "diagram-box"]
    style = _inline_style(boxes[0].get("style", "")) if boxes else {}
    sized = all(_is_px(style.get(key, "")) for key in ("width", "height"))
    return sized and _is_px(element.get("data-scale", "") + "px")


def _is_px(value: str) -> bool:
    try:
        return float(value.removesuffix("px")) > 0 and value.endswith("px")
    except ValueError:
        return False


def _pushed(before: object, page: object) -> PushedDiagram | None:
    top = page.content_box_y()  # type: ignore[attr-defined]
    bottom = top + page.height  # type: ignore[attr-defined]
    gap = bottom - _used_bottom(before)
    if gap < LARGE_GAP * page.height:  # type: ignore[attr-defined]
        return None
    figure = next((box for box in _boxes(page) if _is_diagram(box)
                   and box.position_y < top + gap), None)
    if figure is None or not _resizable(figure):
        return None
    drawing = figure.children[0]
    above = figure.position_y - top + _truncated_margin(page)
    room = gap - above - figure.margin_top - (figure.border_height() - drawing.margin_height())
    ratio = (room - figure.margin_bottom - SLACK_PX) / drawing.height
    floor = _label_floor_scale() / float(figure.element.get("data-scale"))
    return PushedDiagram(figure, ratio) if floor <= ratio < 1.0 else None


def _label_floor_scale() -> float:
    """The smallest drawing scale on paper: labels at the paper's smallest size."""
    from .mermaid.fonts import FONT_SIZE
    from .paper_column import PAPER_LABEL_PT, PX_PER_PT

    return PAPER_LABEL_PT[0] * PX_PER_PT / FONT_SIZE


def _boxes(page: object) -> Iterator:
    """Every box of a page's content (not its margin boxes), in document order."""
    stack = [page.children[0]]  # type: ignore[attr-defined]
    while stack:
        box = stack.pop()
        yield box
        stack.extend(reversed(getattr(box, "children", None) or []))


def _used_bottom(page: object) -> float:
    """Where the page's content ends: the lowest line or image, with its margin."""
    flowing = (box for box in _boxes(page) if type(box).__name__ in _FLOWING
               and box.is_in_normal_flow())
    top = page.content_box_y()  # type: ignore[attr-defined]
    return max((box.position_y + box.margin_height() for box in flowing), default=top)


def _is_diagram(box: object) -> bool:
    element = getattr(box, "element", None)
    return (getattr(box, "element_tag", "") == "figure" and element is not None
            and "diagram" in (element.get("class") or "").split()
            and bool(getattr(box, "children", None)))


def _truncated_margin(page: object) -> float:
    """The top margin the first box of a page lost at the break (it has it on the page
    before)."""
    lost = 0.0
    box = page.children[0]  # type: ignore[attr-defined]
    while box is not None:
        margin = box.style["margin_top"]
        if getattr(margin, "unit", None) == "px":
            lost = max(lost, margin.value - (box.margin_top or 0.0))
        children = getattr(box, "children", None)
        box = children[0] if children else None
    return lost


def _forced_break(before: object, page: object) -> bool:
    """Whether a box starts ``page`` with a forced break (a chapter on a new page)."""
    earlier = {id(box.element) for box in _boxes(before) if getattr(box, "element", None)
               is not None}
    return any(box.style["break_before"] in _FORCED for box in _boxes(page)
               if getattr(box, "element", None) is not None and id(box.element) not in earlier)
