"""``check``: render every page a build would render, in memory, to find what only rendering
finds (template errors, stylesheets refused once rendered, chapters too long for paper)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ContentError, Diagnostics

if TYPE_CHECKING:
    from .model import Chapter, Course


def check_course(course: Course, chapters: list[Chapter], out: Path,
                 diagnostics: Diagnostics) -> None:
    """Each chapter's deck and reading handout rendered; then the stylesheets and the paper
    bound. Problems go to ``diagnostics`` (each once: a template error repeats per chapter)."""
    from .course_files import check_stylesheets
    from .deck import deck_target, render_deck
    from .handouts import render_reading
    from .paper_bound import course_paper_refusals
    from .templating import environment

    env = environment(course.root)
    renders = (lambda c: render_deck(env, course, c, deck_target(course.root)),
               lambda c: render_reading(env, course, c, out / "handouts"))
    for chapter in chapters:
        for render in renders:  # each template is checked, whatever the other one does
            try:
                render(chapter)
            except ContentError as exc:
                diagnostics.add(exc)
    check_stylesheets(env, diagnostics)
    for refusal in course_paper_refusals(course, diagnostics):
        diagnostics.refuse_paper(refusal)
