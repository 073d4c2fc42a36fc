"""The reveal.js deck: model to view objects to HTML."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2

from .html import Target
from .model import Chapter, ChapterLink, Course
from .templating import render_template
from .views import SectionView, course_view, section_view

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
    sections = [section_view(section, target) for section in chapter.sections]
    return render_template(
        env, "deck.html",
        course=course_view(course, target),
        chapter=_chapter_view(course, chapter, sections, target),
        size={"width": width, "height": height},
    )


@dataclass(frozen=True)
class DeckChapterView:
    """A chapter as its deck shows it."""

    stem: str
    title_text: str
    sections: list[SectionView]
    accent: str
    transition: str
    uses_mermaid_js: bool


def _chapter_view(course: Course, chapter: Chapter, sections: list[SectionView],
                  target: Target) -> DeckChapterView:
    return DeckChapterView(
        stem=chapter.stem, title_text=chapter.plain_title, sections=sections,
        accent=chapter.front.accent or course.config.accent,
        transition=chapter.front.transition or course.config.slides.transition,
        uses_mermaid_js=target.uses_mermaid_js,  # set while the sections were rendered
    )
