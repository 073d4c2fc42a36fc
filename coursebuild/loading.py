"""The parse stage: the course as the model, every chapter parsed once, the course's own files
(stylesheets, logo, CSS templates) confined and checked."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from .config import CourseConfig
from .confine import shown
from .course_files import check_template_css, course_files
from .errors import ContentError, Diagnostics
from .files import read_text
from .model import ChapterOutline, Course, HeadingName
from .sources import CONFIG_FILE, chapter_paths, has_config, read_config

if TYPE_CHECKING:
    from .incremental import ChapterFacts


def load_course(source: Path, diagnostics: Diagnostics, config: CourseConfig | None = None,
                outlined: Mapping[str, ChapterFacts] | None = None) -> Course:
    """Every chapter parsed once, but those ``outlined`` (stem -> what the last build
    remembered of it), which are outlined; a chapter with errors is reported and left out.
    ``config``: course.yaml as the build already read it (else it is read here)."""
    from .parsing import parse_chapter

    config = config or read_config(source)[0]
    chapters, outlines, paths = [], [], chapter_paths(source, config)
    for path in paths:
        facts = (outlined or {}).get(path.stem)
        try:
            if facts is None:
                chapters.append(parse_chapter(path, read_text(path)))
            else:
                outlines.append(_outline(path, facts))
        except ContentError as exc:
            diagnostics.add(exc)
    course = Course(config, source, chapters, outlines=outlines,
                    chapter_files={path.stem: path for path in paths})
    course.extra_css, course.logo = course_files(source, config, diagnostics)
    check_template_css(source, diagnostics)
    if not has_config(source):
        _use_defaults(course, paths[0].stem if paths else "", diagnostics)
    if config.index and course.index is None:
        diagnostics.error(source / "course.yaml", None, f"index chapter '{config.index}' not found")
    return course


def _outline(path: Path, facts: ChapterFacts) -> ChapterOutline:
    """A chapter as a build that does not parse it in full shows it: its title heading parsed
    from the lines that hold it, its headings' names as the last build found them."""
    from .parsing import parse_head

    names = [HeadingName(text, anchor)
             for text, anchor in zip(facts.texts, facts.anchors, strict=True)]
    head = parse_head(path, read_text(path), facts.title_lines)
    return ChapterOutline(head, facts.title, names, facts.no_paper)


def _use_defaults(course: Course, first_stem: str, diagnostics: Diagnostics) -> None:
    """A folder without course.yaml: its title is the ``#`` heading of its index, or of its
    first chapter (the folder's name when that chapter did not parse); a warning names the file
    to create (an error under ``--strict``: a course states its title, the one key course.yaml
    requires)."""
    first = course.index or course.find(first_stem)
    title = first.plain_title if first else course.root.resolve().name
    course.config = dataclasses.replace(course.config, title=title)
    diagnostics.warn(course.root / CONFIG_FILE, None,
                     f"no {CONFIG_FILE}: built with title '{shown(title)}' and lang "
                     f"'{course.config.lang}'; create this file to set them")
