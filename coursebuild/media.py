"""The media stage: images and code blocks as the course asks for them. Paragraphs holding
only an image with alt text are marked as figures in each chapter that draws Pandoc's implicit
figures (course.yaml's ``markdown.implicit_figures``, or the chapter's front matter); image
attributes that are not drawn and code line steps that are not understood are reported at
their line."""

from __future__ import annotations

from collections.abc import Iterator

from markdown_it.token import Token

from .code_lines import code_info, past_the_end
from .errors import Diagnostics
from .markdown.annotations import source_line
from .markdown.figures import mark_figures
from .markdown.image_attrs import image_attrs
from .model import Chapter, Course


def prepare_media(course: Course, diagnostics: Diagnostics) -> None:
    for chapter in course.chapters:
        prepare_chapter_media(course, chapter, diagnostics)


def prepare_chapter_media(course: Course, chapter: Chapter, diagnostics: Diagnostics) -> None:
    """One chapter's (or embedded note's) figures marked, what it does not draw reported."""
    if draws_figures(course, chapter):
        for slide in chapter.slides:
            mark_figures(slide.body)
            mark_figures(slide.notes)
    for token in _tokens(chapter):
        _report(token, chapter, diagnostics)


def draws_figures(course: Course, chapter: Chapter) -> bool:
    chosen = chapter.front.implicit_figures
    return course.config.markdown.implicit_figures if chosen is None else chosen


def _tokens(chapter: Chapter) -> Iterator[Token]:
    """Every block token of the chapter's slides and notes, and the children of inline ones."""
    for slide in chapter.slides:
        heading = [slide.heading.inline] if slide.heading else []
        for token in [*heading, *slide.subtitle, *slide.body, *slide.notes]:
            yield token
            yield from token.children or []


def _report(token: Token, chapter: Chapter, diagnostics: Diagnostics) -> None:
    if token.type == "image":
        message = image_attrs(token).message()
        if message:
            diagnostics.warn(chapter.path, source_line(token), message)
    elif token.type == "fence" and token.map:
        info = code_info(token.info)
        if info.problem:
            diagnostics.warn(chapter.path, token.map[0] + 1, info.problem)
        beyond = past_the_end(info, token.content.count("\n"))
        if beyond:
            diagnostics.warn(chapter.path, token.map[0] + 1,
                             f"code line steps name lines the block does not have: "
                             f"{', '.join(map(str, beyond[:10]))} (it has "
                             f"{_lines(token.content.count(chr(10)))})")


def _lines(count: int) -> str:
    return f"{count} line" + ("" if count == 1 else "s")
