"""The files a course brings besides its chapters: course.yaml's stylesheets and logo, and its
CSS template overrides, each confined to the course folder and checked self-contained."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ContentError, Diagnostics

if TYPE_CHECKING:
    import jinja2

    from .config import CourseConfig


def course_files(root: Path, config: CourseConfig,
                 diagnostics: Diagnostics) -> tuple[list[Path], Path | None]:
    """The stylesheets and the logo course.yaml names, confined to the course folder."""
    css = [_course_file(root, ref, "stylesheet", diagnostics, config.line_of("css", number))
           for number, ref in enumerate(config.css)]
    logo = config.logo and _course_file(root, config.logo, "image", diagnostics,
                                        config.line_of("logo"))
    return [path for path in css if path], logo or None


def _course_file(root: Path, ref: str, kind: str, diagnostics: Diagnostics,
                 line: int | None) -> Path | None:
    """The file a course.yaml value names; a problem is reported at the value's line."""
    from .links import local_file

    found = (local_file(root, root, ref, None, kind) if isinstance(ref, str)
             else f"{kind} {ref!r} is not a file name")
    if isinstance(found, str):
        diagnostics.error(root / "course.yaml", line, found)
        return None
    if kind == "stylesheet":
        return found if _self_contained(found, diagnostics) else None
    return found


def check_template_css(source: Path, diagnostics: Diagnostics) -> None:
    """Every CSS template override of the course, checked self-contained."""
    for override in _template_css(source, diagnostics):
        _self_contained(override, diagnostics)


def _template_css(source: Path, diagnostics: Diagnostics) -> list[Path]:
    """The course's CSS template overrides; a symbolic link under ``templates/`` is an error
    (``confine.plain_files``), whether a page uses it or not, as in a build."""
    from .confine import plain_files

    folder = source / "templates"
    try:
        return [p for p in plain_files(folder) if p.parent == folder and p.suffix == ".css"]
    except ContentError as exc:
        diagnostics.add(exc)
        return []


def _self_contained(css: Path, diagnostics: Diagnostics) -> bool:
    from .stylesheets import css_refusals

    try:
        refusals = css_refusals(css)
    except ContentError as exc:
        diagnostics.add(exc)
        return False
    for line, message in refusals:
        diagnostics.error(css, line, message)
    return not refusals


def check_stylesheets(env: jinja2.Environment, diagnostics: Diagnostics) -> None:
    """Every CSS template, rendered as a build renders it (a course's own is checked once
    rendered): decks' and PDFs' alike."""
    from .assets import STYLESHEETS, fonts_css
    from .handout_kinds import stylesheets
    from .templating import render_template

    renders = [lambda: fonts_css(env, lambda path: path.name)]
    renders += [lambda name=name: render_template(env, name)
                for name in sorted({*STYLESHEETS, *stylesheets()})]
    for render in renders:
        try:
            render()
        except ContentError as exc:
            diagnostics.add(exc)
