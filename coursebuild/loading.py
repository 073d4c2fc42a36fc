"""The parse stage: the course as the model, every chapter parsed once, the course's own files
(stylesheets, logo, CSS templates) confined and checked."""

from __future__ import annotations

from pathlib import Path

from .config import CourseConfig, load_course_config
from .course_files import check_template_css, course_files
from .errors import ContentError, Diagnostics
from .files import read_text
from .model import Course
from .sources import chapter_paths


def load_course(source: Path, diagnostics: Diagnostics,
                config: CourseConfig | None = None) -> Course:
    """Every chapter parsed once; a chapter with errors is reported and left out. ``config``:
    course.yaml as the build already read it (else it is read here)."""
    from .parsing import parse_chapter

    config = config or load_course_config(source / "course.yaml")
    chapters = []
    for path in chapter_paths(source, config):
        try:
            chapters.append(parse_chapter(path, read_text(path)))
        except ContentError as exc:
            diagnostics.add(exc)
    course = Course(config, source, chapters)
    course.extra_css, course.logo = course_files(source, config, diagnostics)
    check_template_css(source, diagnostics)
    if config.index and course.index is None:
        diagnostics.error(source / "course.yaml", None, f"index chapter '{config.index}' not found")
    return course
