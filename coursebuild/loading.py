"""The parse stage: the course as the model, every chapter parsed once, the course's own files
(stylesheets, logo, CSS templates) confined and checked."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from .config import CourseConfig
from .confine import shown
from .course_files import check_template_css, course_files
from .errors import ContentError, Diagnostics
from .files import read_text
from .model import Course
from .sources import CONFIG_FILE, chapter_paths, has_config, read_config


def load_course(source: Path, diagnostics: Diagnostics,
                config: CourseConfig | None = None) -> Course:
    """Every chapter parsed once; a chapter with errors is reported and left out. ``config``:
    course.yaml as the build already read it (else it is read here)."""
    from .parsing import parse_chapter

    config = config or read_config(source)[0]
    chapters, paths = [], chapter_paths(source, config)
    for path in paths:
        try:
            chapters.append(parse_chapter(path, read_text(path)))
        except ContentError as exc:
            diagnostics.add(exc)
    course = Course(config, source, chapters)
    course.extra_css, course.logo = course_files(source, config, diagnostics)
    check_template_css(source, diagnostics)
    if not has_config(source):
        _use_defaults(course, paths[0].stem if paths else "", diagnostics)
    if config.index and course.index is None:
        diagnostics.error(source / "course.yaml", None, f"index chapter '{config.index}' not found")
    return course


def _use_defaults(course: Course, first_stem: str, diagnostics: Diagnostics) -> None:
    """A folder without course.yaml: its title is the ``#`` heading of its index, or of its
    first chapter (the folder's name when that chapter did not parse); a warning names the file
    to create (an error under ``--strict``: a course states its title, the one key course.yaml
    requires)."""
    first = course.index or course.chapter(first_stem)
    title = first.plain_title if first else course.root.resolve().name
    course.config = dataclasses.replace(course.config, title=title)
    diagnostics.warn(course.root / CONFIG_FILE, None,
                     f"no {CONFIG_FILE}: built with title '{shown(title)}' and lang "
                     f"'{course.config.lang}'; create this file to set them")
