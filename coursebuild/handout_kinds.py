"""The handout kinds, one row each: the PDF's name, template, stylesheets, landing-page label
and renderer. Every module that names a kind (config, landing page, build cache, PDF job,
paper bound) reads this table: a new kind is one more row.

Light on purpose (config and the build cache import it): the renderers are loaded only when a
PDF is rendered."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jinja2

    from .model import Chapter, Course

BOOK_FILE = "course.pdf"


@dataclass(frozen=True)
class Label:
    """What the landing page calls a kind's PDF, by language."""

    fr: str
    en: str

    def for_lang(self, lang: str) -> str:
        return self.fr if lang.split("-")[0] == "fr" else self.en


@dataclass(frozen=True)
class PaperCost:
    """What a chapter's PDF of a kind costs WeasyPrint (``paper_bound.py``): pages and work."""

    page_ms: float  # layout per page, beyond the content's (ms of CPU, as measured)
    content_share: float  # how much of the chapter's body it lays out (notes: slides and notes)
    slides_per_page: int = 0  # pages counted from the slides; 0: from the text's height

    def pages(self, text_pages: int, slides: int) -> int:
        return math.ceil(slides / self.slides_per_page) if self.slides_per_page else text_pages


Renderer = Callable[["jinja2.Environment", "Course", "Chapter | None", "HandoutKind", Path], str]


@dataclass(frozen=True)
class HandoutKind:
    """One kind of PDF: a chapter's (``<stem><suffix>.pdf``) or the whole course's (the book)."""

    name: str  # as written in course.yaml's handouts: kinds
    suffix: str  # after the chapter's stem in the file name; the book's file is BOOK_FILE
    template: str  # the page template, in templates/
    stylesheets: tuple[str, ...]  # after fonts.css and pygments.css
    label: Label  # the link on the landing page
    renderer: Renderer  # the HTML handed to WeasyPrint, given the row itself
    paper_cost: PaperCost | None = None  # chapters only: the book costs its chapters' readings
    book: bool = False  # one PDF for the course, not one per chapter
    slide_page: bool = False  # pages the size of a slide, not of the paper
    slide_diagrams: bool = False  # diagrams sized as the deck sizes them, not to the column

    def file_name(self, stem: str = "") -> str:
        return BOOK_FILE if self.book else f"{stem}{self.suffix}.pdf"

    def label_for(self, lang: str) -> str:
        return self.label.for_lang(lang)

    def render(self, env: jinja2.Environment, course: Course, chapter: Chapter | None,
               generated: Path) -> str:
        """The HTML WeasyPrint lays out: ``chapter``'s PDF of this kind, or the book's."""
        return self.renderer(env, course, chapter, self, generated)


def _render_chapter(env: jinja2.Environment, course: Course, chapter: Chapter | None,
                    kind: HandoutKind, generated: Path) -> str:
    from .handouts import render_chapter  # the renderers load only when a PDF is rendered

    assert chapter is not None, f"a {kind.name} PDF is a chapter's"
    return render_chapter(env, course, chapter, generated, kind)


def _render_book(env: jinja2.Environment, course: Course, chapter: Chapter | None,
                 kind: HandoutKind, generated: Path) -> str:
    from .handouts import render_book

    return render_book(env, course, generated)


READING = HandoutKind(
    "reading", "", "handout.html", ("theme.css", "handout.css"),
    Label("Polycopié (PDF)", "Handout (PDF)"), _render_chapter, PaperCost(10.0, 1.0))
SLIDES = HandoutKind(
    "slides", "-slides", "slides-print.html", ("theme.css", "print.css"),
    Label("Diapositives (PDF)", "Slides (PDF)"), _render_chapter, PaperCost(8.0, 1.0, 1),
    slide_page=True, slide_diagrams=True)
NOTES = HandoutKind(  # thumbnails are the deck's slides: the deck's stylesheet, not handout.css
    "notes", "-notes", "notes-print.html", ("theme.css", "print.css"),
    Label("Notes (PDF)", "Notes pages (PDF)"), _render_chapter, PaperCost(30.0, 1.3, 3),
    slide_diagrams=True)
BOOK = HandoutKind(
    "course", "", "course.html", ("theme.css", "handout.css"),
    Label("📘 Le module complet en un PDF", "📘 The whole course as one PDF"), _render_book,
    book=True)

KINDS: tuple[HandoutKind, ...] = (READING, SLIDES, NOTES, BOOK)
"""Every kind, in the order the landing page lists a chapter's PDFs."""
KIND_NAMES: tuple[str, ...] = tuple(kind.name for kind in KINDS)
CHAPTER_KINDS: tuple[HandoutKind, ...] = tuple(kind for kind in KINDS if not kind.book)


def kind_named(name: str) -> HandoutKind:
    return next(kind for kind in KINDS if kind.name == name)


def chosen(names: tuple[str, ...] | list[str]) -> tuple[HandoutKind, ...]:
    """The kinds course.yaml asks for, in the table's order."""
    return tuple(kind for kind in KINDS if kind.name in names)


def stylesheets() -> tuple[str, ...]:
    """Every kind's stylesheets, each once."""
    return tuple(sorted({name for kind in KINDS for name in kind.stylesheets}))
