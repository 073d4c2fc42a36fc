"""The handout kinds, one row each: the PDF's name, template, stylesheets, landing-page label,
renderer and edition. Every module that names a kind (config, landing page, build cache, PDF
job, paper bound) reads this table: a new kind is one more row.

Two editions: the students' (no speaker note, no answer) and the instructor's (speaker notes set
apart, answers printed, planned durations). ``audience`` says which a row belongs to; the notes
pages with ``handouts.notes_lines: speaker`` print the speaker notes, so they are written as the
instructor's row ``speaker`` names, under its own file name: a students' file never carries notes.

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

    from .config import HandoutsConfig
    from .model import Chapter, Course
    from .pdf import PdfResult, Place

BOOK_STEM = "course"  # the books' file names: course.pdf, course-instructor.pdf
BOOK_FILE = f"{BOOK_STEM}.pdf"
STUDENTS, INSTRUCTOR = "students", "instructor"  # the editions (html.Target.audience)


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
    audience: str = STUDENTS  # whose edition: STUDENTS (no notes, no answers) or INSTRUCTOR
    speaker: HandoutKind | None = None  # written instead with handouts.notes_lines: speaker
    chapters_as: str = ""  # a book: the chapter kind whose PDFs are its chapters (reading_pdf)

    def file_name(self, stem: str = "") -> str:
        return f"{BOOK_STEM if self.book else stem}{self.suffix}.pdf"

    @property
    def instructor(self) -> bool:
        return self.audience == INSTRUCTOR

    def label_for(self, lang: str) -> str:
        return self.label.for_lang(lang)

    def render(self, env: jinja2.Environment, course: Course, chapter: Chapter | None,
               generated: Path) -> str:
        """The HTML WeasyPrint lays out: ``chapter``'s PDF of this kind, or the book's."""
        return self.renderer(env, course, chapter, self, generated)

    def pdf(self, env: jinja2.Environment, course: Course, chapter: Chapter | None,
            place: Place, slides: bytes | None = None) -> PdfResult:
        """``chapter``'s PDF of this kind, or the book's, laid out in ``place``: documents fit
        their diagrams to the pages; the slides PDF reuses the pages its fit measure laid out,
        the notes pages paint ``slides`` (the chapter's slides PDF) in their thumbnails
        (``handouts.chapter_pdf``); the book is merged from parts kept between builds."""
        from .book import book_pdf
        from .handouts import chapter_pdf

        if chapter is not None and not self.book:
            return chapter_pdf(env, course, chapter, self, place, slides)
        return book_pdf(env, course, self, place)  # from its parts (book.py)


def _render_chapter(env: jinja2.Environment, course: Course, chapter: Chapter | None,
                    kind: HandoutKind, generated: Path) -> str:
    from .handouts import render_chapter  # the renderers load only when a PDF is rendered

    assert chapter is not None, f"a {kind.name} PDF is a chapter's"
    return render_chapter(env, course, chapter, generated, kind)


def _render_book(env: jinja2.Environment, course: Course, chapter: Chapter | None,
                 kind: HandoutKind, generated: Path) -> str:
    from .handouts import render_book

    return render_book(env, course, generated, kind)


READING = HandoutKind(
    "reading", "", "handout.html", ("theme.css", "handout.css"),
    Label("Polycopié (PDF)", "Handout (PDF)"), _render_chapter, PaperCost(10.0, 1.0))
SLIDES = HandoutKind(
    "slides", "-slides", "slides-print.html", ("theme.css", "print.css"),
    Label("Diapositives (PDF)", "Slides (PDF)"), _render_chapter, PaperCost(8.0, 1.0, 1),
    slide_page=True, slide_diagrams=True)
SPEAKER_NOTES = HandoutKind(  # NOTES with handouts.notes_lines: speaker: the lecturer's
    "notes", "-notes-instructor", "notes-print.html", ("theme.css", "print.css"),
    Label("Notes de l'enseignant (PDF)", "Instructor's notes pages (PDF)"), _render_chapter,
    PaperCost(30.0, 1.3, 3), slide_diagrams=True, audience=INSTRUCTOR)
NOTES = HandoutKind(  # thumbnails are the deck's slides: the deck's stylesheet, not handout.css
    "notes", "-notes", "notes-print.html", ("theme.css", "print.css"),
    Label("Notes (PDF)", "Notes pages (PDF)"), _render_chapter, PaperCost(30.0, 1.3, 3),
    slide_diagrams=True, speaker=SPEAKER_NOTES)
INSTRUCTOR_READING = HandoutKind(  # the reading handout with the notes and the answers
    "instructor", "-instructor", "handout.html", ("theme.css", "handout.css"),
    Label("Édition de l'enseignant (PDF)", "Instructor's edition (PDF)"), _render_chapter,
    PaperCost(10.0, 1.0), audience=INSTRUCTOR)
BOOK = HandoutKind(
    "course", "", "course.html", ("theme.css", "handout.css"),
    Label("📘 Le module complet en un PDF", "📘 The whole course as one PDF"), _render_book,
    book=True, chapters_as="reading")
INSTRUCTOR_BOOK = HandoutKind(
    "course-instructor", "-instructor", "course.html", ("theme.css", "handout.css"),
    Label("📕 Le module complet, édition de l'enseignant (PDF)",
          "📕 The whole course, instructor's edition (PDF)"), _render_book,
    book=True, audience=INSTRUCTOR, chapters_as="instructor")

KINDS: tuple[HandoutKind, ...] = (READING, SLIDES, NOTES, INSTRUCTOR_READING, BOOK,
                                  INSTRUCTOR_BOOK)
"""Every kind, in the order the landing page lists a chapter's PDFs."""
KIND_NAMES: tuple[str, ...] = tuple(kind.name for kind in KINDS)
CHAPTER_KINDS: tuple[HandoutKind, ...] = tuple(kind for kind in KINDS if not kind.book)
BOOKS: tuple[HandoutKind, ...] = tuple(kind for kind in KINDS if kind.book)
EVERY_FILE_KIND: tuple[HandoutKind, ...] = tuple(
    row for kind in KINDS for row in (kind, *((kind.speaker,) if kind.speaker else ())))
"""Every row a PDF may be written as (the speaker's notes pages too), in the table's order."""


def kind_named(name: str) -> HandoutKind:
    return next(kind for kind in KINDS if kind.name == name)


def chosen(names: tuple[str, ...] | list[str], *,
           speaker_notes: bool = False) -> tuple[HandoutKind, ...]:
    """The kinds course.yaml asks for, in the table's order; with ``speaker_notes``
    (``handouts.notes_lines: speaker``), each row's speaker edition instead of the row."""
    return tuple(kind.speaker if speaker_notes and kind.speaker else kind
                 for kind in KINDS if kind.name in names)


def course_kinds(handouts: HandoutsConfig) -> tuple[HandoutKind, ...]:
    """The rows a course's build writes: course.yaml's ``handouts: kinds``, as its
    ``notes_lines`` asks (the speaker's notes pages are the instructor's)."""
    return chosen(handouts.kinds, speaker_notes=handouts.notes_lines == "speaker")


def stylesheets() -> tuple[str, ...]:
    """Every kind's stylesheets, each once."""
    return tuple(sorted({name for kind in KINDS for name in kind.stylesheets}))
