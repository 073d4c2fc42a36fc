"""``check``: render every page a build would render, in memory, to find what only rendering
finds (template errors, stylesheets refused once rendered, chapters too long for paper); and
advice builds do not repeat: the slides too full to read once the deck has scaled them to fit,
diagram colours that read badly."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ContentError, Diagnostics

if TYPE_CHECKING:
    from .model import Chapter, Course


def check_course(course: Course, chapters: list[Chapter], out: Path,
                 diagnostics: Diagnostics) -> None:
    """Each chapter's deck and reading handouts (both editions) rendered; then the stylesheets
    and the paper bound. Problems go to ``diagnostics`` (each once: a template error repeats
    per chapter)."""
    from .course_files import check_stylesheets
    from .deck import deck_target, render_deck
    from .handout_kinds import INSTRUCTOR_READING
    from .handouts import render_chapter, render_reading
    from .paper_bound import course_paper_refusals
    from .templating import environment

    env = environment(course.root)
    renders = (lambda c: render_deck(env, course, c, deck_target(course.root)),
               lambda c: render_reading(env, course, c, out / "handouts"),
               lambda c: render_chapter(env, course, c, out / "handouts", INSTRUCTOR_READING))
    for chapter in chapters:
        for render in renders:  # each template is checked, whatever the other one does
            try:
                render(chapter)
            except ContentError as exc:
                diagnostics.add(exc)
    check_stylesheets(env, diagnostics)
    for refusal in course_paper_refusals(course, diagnostics):
        diagnostics.refuse_paper(refusal)
    warn_too_full(course, chapters, diagnostics)
    advise_contrast(course, chapters, diagnostics)
    warn_divs(chapters, diagnostics)


def warn_divs(chapters: list[Chapter], diagnostics: Diagnostics) -> None:
    """Fenced divs not closed, ``:::`` closing nothing, attributes left out: at their line."""
    from .html import chapter_tokens
    from .markdown.divs import div_warnings

    for chapter in chapters:
        for line, message in div_warnings(chapter_tokens(chapter)):
            diagnostics.warn(chapter.path, line, message)


def advise_contrast(course: Course, chapters: list[Chapter], diagnostics: Diagnostics) -> None:
    """The low-contrast style lines of each drawn diagram, at their line."""
    from .diagrams import advise_contrast as advise

    for chapter in chapters:
        for diagram in chapter.diagrams:
            if not diagram.error:
                advise(course, chapter, diagram, diagnostics)


def warn_too_full(course: Course, chapters: list[Chapter], diagnostics: Diagnostics) -> None:
    """A slide whose body the deck would scale below ``TOO_FULL`` (estimated), at its line; a
    slide with a diagram too large is already reported at the diagram's line."""
    from .deck import SIZES
    from .fit import TOO_FULL, fit_slide, too_full_message

    size = SIZES[course.config.slides.size]
    for chapter in chapters:
        for slide in chapter.slides:
            fit = fit_slide(slide, size)
            if fit.scale < TOO_FULL and not fit.too_large:
                diagnostics.warn(chapter.path, slide.line, too_full_message(fit.scale))
