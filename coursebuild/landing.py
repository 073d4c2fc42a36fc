"""The course's landing page, ``slides/index.html``: every chapter with its deck and handouts
(the students' edition; the instructor's too when course.yaml's ``handouts.instructor_links``
says so)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import jinja2
from markupsafe import Markup

from .errors import Diagnostics
from .handout_kinds import BOOK, EVERY_FILE_KIND, INSTRUCTOR_BOOK, HandoutKind
from .html import Target, render_inline
from .model import Course
from .templating import render_template
from .views import EMOJI_CREDIT, EMOJI_CREDIT_URL, CourseView, labels_for

if TYPE_CHECKING:
    from .incremental import Recorded


@dataclass(frozen=True)
class HandoutLink:
    label: str
    href: str


@dataclass(frozen=True)
class Entry:
    title: Markup
    deck: str  # "" when the chapter has no deck on disk
    is_index: bool
    handouts: list[HandoutLink]
    failed: bool = False  # the chapter's last build failed: its outputs, if any, are older
    links: list[HandoutLink] = field(default_factory=list)  # beside the title (its deck's link)
    paper_note: str = ""  # why the chapter has no PDFs, or only older ones


@dataclass(frozen=True)
class Outputs:
    """What the landing page may link: the files that exist once this build is written."""

    decks: set[str]  # deck file names in slides/
    pdfs: set[str]  # PDF file names in handouts/
    failed: set[str]  # stems of the chapters whose build failed
    no_paper: set[str] = field(default_factory=set)  # stems too long for paper (deck built)


def landing_outputs(course: Course, on_record: Recorded, pages: set[str],
                    diagnostics: Diagnostics, no_paper: set[str]) -> Outputs:
    """The decks and PDFs there are once this build's pages are written: this build's, and
    those the builds' manifests record."""
    stems = course.chapter_files or {c.stem: c.path for c in course.chapters}
    decks = {f"{stem}.html" for stem in stems
             if f"{stem}.html" in pages or f"{stem}.html" in on_record.decks}
    failed = {stem for stem, path in stems.items() if diagnostics.errors_in(path)}
    return Outputs(decks, set(on_record.pdfs), failed, no_paper)


def render_landing(env: jinja2.Environment, course: Course, target: Target, outputs: Outputs,
                   course_view: CourseView) -> str:
    labels: dict = labels_for(course.config.lang)
    book = BOOK.file_name() in outputs.pdfs
    if book:  # its emoji drawn like the content's (Twemoji), not left to the reader's fonts
        labels = {**labels, "course_pdf": _with_emoji(labels[BOOK.name], target)}
    instructor_book = _linked(INSTRUCTOR_BOOK, course) and \
        INSTRUCTOR_BOOK.file_name() in outputs.pdfs
    if instructor_book:
        labels = {**labels, "instructor_pdf": _with_emoji(labels[INSTRUCTOR_BOOK.name], target)}
    stems = list(course.chapter_files) or [chapter.stem for chapter in course.chapters]
    entries = [_entry(stem, course, target, outputs, labels) for stem in stems]
    return render_template(
        env, "index.html", course=course_view, entries=entries, labels=labels,
        course_pdf=f"../handouts/{BOOK.file_name()}" if book else "",
        course_pdf_previous=book and bool(outputs.failed),
        instructor_pdf=f"../handouts/{INSTRUCTOR_BOOK.file_name()}" if instructor_book else "",
        credits={"emoji": EMOJI_CREDIT, "emoji_url": EMOJI_CREDIT_URL, "fonts": labels["fonts"]},
    )


def _linked(kind: HandoutKind, course: Course) -> bool:
    """The students' PDFs are linked; the instructor's only when course.yaml says so."""
    return not kind.instructor or course.config.handouts.instructor_links


def _with_emoji(text: str, target: Target) -> Markup:
    from .markdown import parser

    inline = parser().parseInline(text)[0]
    return Markup(render_inline(inline, target))


def _entry(stem: str, course: Course, target: Target, outputs: Outputs, labels: dict) -> Entry:
    chapter = course.find(stem)
    title = render_inline(chapter.title.inline, target) if chapter and chapter.title else stem
    handouts = [HandoutLink(kind.label_for(course.config.lang),
                            f"../handouts/{kind.file_name(stem)}")
                for kind in EVERY_FILE_KIND if not kind.book and _linked(kind, course)
                and kind.file_name(stem) in outputs.pdfs]
    deck = f"{stem}.html" if f"{stem}.html" in outputs.decks else ""
    is_index = chapter is not None and chapter is course.index
    return Entry(Markup(title), deck, is_index, handouts, stem in outputs.failed,
                 handouts, _paper_note(stem, outputs, handouts, labels))


def _paper_note(stem: str, outputs: Outputs, handouts: list[HandoutLink], labels: dict) -> str:
    if stem not in outputs.no_paper or stem in outputs.failed:
        return ""
    return labels["no_paper_previous"] if handouts else labels["no_paper"]
