"""The reveal.js deck and the landing page: model to view objects to HTML."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from .fit import fit_slide, side_first
from .html import Target, render_blocks, render_inline
from .model import Chapter, ChapterLink, Course, Slide
from .templating import render_template

SIZES = {"16:9": (1280, 720), "4:3": (1024, 768)}


@dataclass(frozen=True)
class SlideView:
    id: str
    kind: str
    line: int
    density: int
    heading: Markup
    eyebrow: Markup
    subtitle: Markup
    body: Markup
    notes: Markup


@dataclass(frozen=True)
class SectionView:
    id: str  # set when no slide of the section carries the heading's anchor itself
    anchor: str
    heading: Markup
    is_resources: bool
    slides: list[SlideView]


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
class CourseView:
    """What every page says of the course (deck, landing page, PDFs)."""

    title: str
    title_html: Markup
    subtitle: str
    short_title: str
    author: str
    date: str
    lang: str
    theme: str
    slide_numbers: bool
    extra_css: list[str]  # URLs of the course's stylesheets
    logo: str  # URL of the logo, or ""


def course_view(course: Course, target: Target) -> CourseView:
    config = course.config
    index = course.index
    has_title = index is not None and index.title is not None
    title_html = render_inline(index.title.inline, target) if has_title else escape(config.title)
    return CourseView(
        title=config.title, title_html=Markup(title_html), subtitle=config.subtitle,
        short_title=config.title.split(" - ")[0], author=config.author, date=config.date,
        lang=config.lang, theme=config.theme, slide_numbers=config.slides.slide_numbers,
        extra_css=[_use(path, target) for path in course.extra_css],
        logo=_use(course.logo, target) if course.logo else "",
    )


def _use(path: Path, target: Target) -> str:
    """The URL a page uses for one of the course's files (which the deck then copies)."""
    target.used_files.add(path)
    return target.file_src(path)


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


def section_view(section, target: Target) -> SectionView:
    eyebrow = render_inline(section.heading.inline, target) if section.heading else ""
    views = [_slide_view(slide, eyebrow, target) for slide in section.slides]
    anchor = section.heading.anchor if section.heading else ""
    own_slide = any(view.id == anchor for view in views)
    return SectionView("" if own_slide else anchor, anchor, Markup(eyebrow),
                       section.is_resources, views)


def _slide_view(slide: Slide, eyebrow: str, target: Target) -> SlideView:
    heading = render_inline(slide.heading.inline, target) if slide.heading else ""
    show_eyebrow = slide.kind in ("slide", "continuation")
    fit = fit_slide(slide, target.slide_size)
    target.diagram_sizes.update(fit.sizes)
    target.diagram_side.update(fit.side)
    return SlideView(
        id=slide.anchor, kind=slide.kind, line=slide.line, density=fit.density,
        heading=Markup(heading), eyebrow=Markup(eyebrow if show_eyebrow else ""),
        subtitle=Markup(render_blocks(slide.subtitle, target)),
        body=Markup(render_blocks(side_first(slide.body, fit), target)),
        notes=Markup(render_blocks(slide.notes, target)),
    )
