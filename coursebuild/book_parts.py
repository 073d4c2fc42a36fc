"""The book's HTML in parts, each laid out on its own (``book.py``): the front matter (cover
and contents), one part per chapter, the back matter (gathered resources, and the instructor's
gathered answers). A chapter's part depends on that chapter alone: its diagrams' scale, the
names it keeps whole and its QR codes are its own, and a link that leaves it points to a marker
file (``JUMP``) that survives into its PDF as a GoToR action, which the merge turns into an
internal link (``book_merge.py``). The front and back matter print page numbers as literal
text, given once the chapters' parts are laid out; no part prints page footers (the merge
stamps them over the whole book)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass

import jinja2
from markupsafe import Markup

from .handout_kinds import HandoutKind
from .handouts import (
    PrintChapterView,
    book_chapter,
    book_prefix,
    book_target,
    gathered_answers,
    styles,
)
from .model import Chapter, ChapterLink, Course
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
    """What a book prints, part by part, in order: the front matter, the chapters, the back
    matter (None: nothing gathered); the front and back given each link's page number
    (keyed by href, ``JUMP`` + anchor)."""

    front: Numbered
    chapters: list[PartHtml]
    back: Numbered | None


def book_parts(env: jinja2.Environment, course: Course, kind: HandoutKind,
               generated: object) -> BookParts:
    """``kind``'s book in parts; ``generated``: the folder of the generated stylesheets."""
    page = {"instructor": kind.instructor, "labels": labels_for(course.config.lang),
            "credits": EMOJI_CREDIT, "jump": JUMP,
            **asdict(styles(course, None, kind, generated))}  # type: ignore[arg-type]
    views = [book_chapter(course, c, book_target(course, [c], kind, part_href(c)))
             for c in course.chapters]
    edition = page["labels"]["instructor_edition"] if kind.instructor else ""
    carried = _course_names(course, views)
    chapters = [PartHtml(view.stem, render_template(
        env, kind.template, part="chapter", chapters=[view], resources=[], answers=[],
        course=course_view(course, book_target(course, [chapter], kind)),
        part_css=strings_css(carried[n], edition), **page))
        for n, (view, chapter) in enumerate(zip(views, course.chapters, strict=True))]
    target = book_target(course, course.chapters, kind, lambda link: JUMP + _anchor(link))
    resources = [{"title": view.title, "links": chapter.resources}
                 for view, chapter in zip(views, course.chapters, strict=True)
                 if chapter.resources]
    answers = gathered_answers(course, target, JUMP) if kind.instructor else []
    common = {**page, "course": course_view(course, target), "chapters": views,
              "resources": resources, "answers": answers}

    def front(pages: dict[str, int]) -> PartHtml:
        return PartHtml(FRONT, render_template(env, kind.template, part=FRONT, pages=pages,
                                               part_css=Markup(""), **common))

    def back(pages: dict[str, int]) -> PartHtml:
        return PartHtml(BACK, render_template(env, kind.template, part=BACK, pages=pages,
                                              part_css=strings_css(carried[-1], edition),
                                              **common))

    return BookParts(front, chapters, back if resources or answers else None)


def part_href(chapter: Chapter) -> Callable[[ChapterLink], str]:
    """Links of ``chapter``'s part: inside it, to the anchor; elsewhere, through the marker."""
    def href(link: ChapterLink) -> str:
        return ("#" if link.stem == chapter.stem else JUMP) + _anchor(link)

    return href


def _anchor(link: ChapterLink) -> str:
    return f"{book_prefix(link.stem)}{link.anchor or 'top'}"


def _course_names(course: Course, views: list[PrintChapterView]) -> list[str]:
    """The course's name the top-left header carries into each chapter's part, then into the
    back matter: set by each chapter that prints it (handout-chapter.html), so none before the
    first (the index bears the course's title itself)."""
    name = typeset(course.config.title, course.config.lang)
    carried, shown = [], ""
    for view in views:
        carried.append(shown)
        shown = name if view.title_text.strip() != course.config.title.strip() else shown
    return [*carried, shown]


def strings_css(course_name: str, edition: str) -> Markup:
    """CSS that sets a part's running strings (handout.css: string(course), string(edition))
    to what the book's earlier pages set them to."""
    pairs = [f"{name} {css_string(text)}" for name, text in (("course", course_name),
                                                              ("edition", edition)) if text]
    return Markup(f" body {{ string-set: {', '.join(pairs)}; }}" if pairs else "")


def css_string(text: str) -> str:
    """``text`` as a CSS string, every character but letters, digits and spaces escaped (it
    goes inside a <style> element: no markup can close it)."""
    return '"' + "".join(c if c.isalnum() and c.isascii() or c == " " else f"\\{ord(c):06x}"
                         for c in text) + '"'
