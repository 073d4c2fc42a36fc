"""The reveal.js deck: model to view objects to HTML."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from .html import Target, render_inline
from .model import Chapter, ChapterLink, Course
from .templating import render_template
from .views import (
    SectionView,
    course_view,
    labels_for,
    navigation_html,
    navigation_slide,
    section_view,
)

SIZES = {"16:9": (1280, 720), "4:3": (1024, 768)}


def deck_target(root: Path) -> Target:
    """Links between decks, and assets under ``slides/assets/``."""
    return Target(
        chapter_href=deck_href,
        file_src=lambda path: "assets/files/" + path.relative_to(root.resolve()).as_posix(),
        emoji_src=lambda path: f"assets/emoji/{path.name}",
        diagram_fallback="mermaid-js",
    )


def deck_href(link: ChapterLink) -> str:
    return f"{link.stem}.html" + (f"#/{link.anchor}" if link.anchor else "")


def render_deck(env: jinja2.Environment, course: Course, chapter: Chapter, target: Target) -> str:
    width, height = SIZES[course.config.slides.size]
    target.slide_size = (width, height)
    target.lang = course.config.lang
    target.incremental = lists_incremental(course, chapter)
    navigation = navigation_slide(chapter)
    sections = [section_view(section, target, leave_out=navigation)
                for section in chapter.sections]
    return render_template(
        env, "deck.html",
        course=course_view(course, target),
        chapter=_chapter_view(course, chapter, [s for s in sections if s.slides], target),
        size={"width": width, "height": height},
    )


def lists_incremental(course: Course, chapter: Chapter) -> bool:
    """``slides.incremental``: the chapter's front matter, else ``course.yaml``."""
    chosen = chapter.front.incremental
    return course.config.slides.incremental if chosen is None else chosen


@dataclass(frozen=True)
class AgendaEntry:
    """A chapter as the index deck's agenda lists it."""

    number: int
    title: Markup
    href: str


@dataclass(frozen=True)
class DeckChapterView:
    """A chapter as its deck shows it."""

    stem: str
    title_text: str
    sections: list[SectionView]
    accent: str
    transition: str
    uses_mermaid_js: bool
    kicker: Markup  # above the title: the chapter's number and the module's name
    navigation: Markup  # the chapter's links to the previous, next and index chapters
    agenda: list[AgendaEntry]  # the index deck's: every other chapter, numbered
    agenda_id: str
    agenda_title: str
    agenda_line: int


def _chapter_view(course: Course, chapter: Chapter, sections: list[SectionView],
                  target: Target) -> DeckChapterView:
    labels = labels_for(course.config.lang)
    return DeckChapterView(
        stem=chapter.stem, title_text=chapter.plain_title, sections=sections,
        accent=chapter.front.accent or course.config.accent,
        transition=chapter.front.transition or course.config.slides.transition,
        kicker=kicker(course, chapter),
        navigation=navigation_html(navigation_slide(chapter), target),
        agenda=agenda(course, target) if chapter is course.index else [],
        agenda_id=_free_id(chapter, "agenda"), agenda_title=labels["contents"],
        agenda_line=chapter.slides[0].line if chapter.slides else 1,
        uses_mermaid_js=target.uses_mermaid_js,  # set while the sections were rendered
    )


def chapter_numbers(course: Course) -> dict[str, int]:
    """Each chapter's number: its place in the course, the index left out (it has none)."""
    stems = list(course.chapter_files) or [chapter.stem for chapter in course.chapters]
    numbered = [stem for stem in stems if stem != course.config.index]
    return {stem: n for n, stem in enumerate(numbered, start=1)}


def kicker(course: Course, chapter: Chapter) -> Markup:
    """What a chapter's title slide says above its title: "Chapitre 2 · <module>" (nothing for
    the index)."""
    number = chapter_numbers(course).get(chapter.stem)
    if number is None:
        return Markup("")
    label = labels_for(course.config.lang)["chapter"].format(n=number)
    return Markup('<span class="chapter-number">{}</span> · {}').format(label, course.config.title)


def agenda(course: Course, target: Target) -> list[AgendaEntry]:
    """Every chapter but the index, numbered, linked as ``target`` links chapters."""
    entries = []
    for stem, number in chapter_numbers(course).items():
        chapter = course.find(stem)
        title = render_inline(chapter.title.inline, target) if chapter and chapter.title else ""
        entries.append(AgendaEntry(number, Markup(title or escape(stem)),
                                   target.chapter_href(ChapterLink(stem))))
    return entries


def _free_id(chapter: Chapter, wanted: str) -> str:
    """``wanted``, or ``wanted-2``…: an id no heading of the chapter has."""
    taken = {heading.anchor for heading in chapter.headings()}
    n, found = 2, wanted
    while found in taken:
        found, n = f"{wanted}-{n}", n + 1
    return found
