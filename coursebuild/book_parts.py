"""The book's HTML in parts, each laid out on its own (``book.py``): the front matter (cover
and contents), one part per chapter, the back matter (the instructor's gathered answers). A
chapter's part is its reading handout of the book's edition (``handout_kinds``: the book's
``chapters_as``), laid out once for both (``reading_pdf.py``): plain ids, links to other
chapters to their reading PDFs, which the merge prefixes and makes internal
(``book_merge.py``). The front and back matter link through a marker file (``JUMP``) and print
page numbers as literal text, given once the chapters' parts are laid out; no part prints page
footers (they are stamped over the whole book)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, replace

import jinja2
from markupsafe import Markup

from .handout_kinds import HandoutKind, kind_named
from .handouts import (
    book_chapter,
    book_prefix,
    book_target,
    gathered_answers,
    printed_chapter,
    strings_css,
    styles,
)
from .model import Chapter, ChapterLink, Course
from .pdf import Place
from .templating import render_template, typeset
from .views import EMOJI_CREDIT, course_view, labels_for

BOOK_LINK = ".coursebuild-book.pdf"  # no file: the marker the merge rewrites
JUMP = f"{BOOK_LINK}#"  # before an anchor elsewhere in the book
FRONT, BACK = "front", "back"  # the parts' names beside the chapters' stems


@dataclass(frozen=True)
class PartHtml:
    """A part of the book before layout: its name (a chapter's stem, FRONT or BACK), HTML."""

    name: str
    html: str


Numbered = Callable[[dict[str, int]], PartHtml]  # a part, given the page of each link


@dataclass(frozen=True)
class BookParts:
    """What a book prints, part by part, in order: the front matter, the chapters (their
    readings' HTML), the back matter (None: nothing gathered); the front and back given each
    link's page number (keyed by href, ``JUMP`` + anchor)."""

    front: Numbered
    chapters: list[PartHtml]
    back: Numbered | None


def book_parts(env: jinja2.Environment, course: Course, kind: HandoutKind,
               place: Place) -> BookParts:
    """``kind``'s book in parts, its chapters' readings as laid out in ``place``."""
    page = {"instructor": kind.instructor, "labels": labels_for(course.config.lang),
            "credits": EMOJI_CREDIT, "jump": JUMP,
            **asdict(styles(course, None, kind, place.extra))}
    edition = page["labels"]["instructor_edition"] if kind.instructor else ""
    name = typeset(course.config.title, course.config.lang)  # every reading sets it
    reading = kind_named(kind.chapters_as)
    printed = [printed_chapter(env, course, chapter, reading, place)
               for chapter in course.chapters]
    chapters = [PartHtml(chapter.stem, done.html)
                for chapter, done in zip(course.chapters, printed, strict=True)]
    # the contents list each reading's headings, under the names the book gives them
    views = [replace(done.view, prefix=book_prefix(chapter.stem)) if done.view else
             book_chapter(course, chapter, book_target(course, [chapter], kind,
                                                       part_href(chapter)))
             for chapter, done in zip(course.chapters, printed, strict=True)]
    target = book_target(course, course.chapters, kind, lambda link: JUMP + _anchor(link))
    answers = gathered_answers(course, target, JUMP) if kind.instructor else []
    common = {**page, "course": course_view(course, target), "chapters": views,
              "resources": [], "answers": answers}

    def front(pages: dict[str, int]) -> PartHtml:
        return PartHtml(FRONT, render_template(env, kind.template, part=FRONT, pages=pages,
                                               part_css=Markup(""), **common))

    def back(pages: dict[str, int]) -> PartHtml:
        return PartHtml(BACK, render_template(env, kind.template, part=BACK, pages=pages,
                                              part_css=strings_css(name, edition),
                                              **common))

    return BookParts(front, chapters, back if answers else None)


def part_href(chapter: Chapter) -> Callable[[ChapterLink], str]:
    """Links of ``chapter``'s part: inside it, to the anchor; elsewhere, through the marker."""
    def href(link: ChapterLink) -> str:
        return ("#" if link.stem == chapter.stem else JUMP) + _anchor(link)

    return href


def _anchor(link: ChapterLink) -> str:
    return f"{book_prefix(link.stem)}{link.anchor or 'top'}"
