"""The slides stage: the stale decks and the landing page rendered to HTML, and the files
under ``slides/assets/`` they need."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ContentError, Diagnostics

if TYPE_CHECKING:
    import jinja2

    from .incremental import Manifest, Recorded
    from .model import Chapter, Course


def render_pages(env: jinja2.Environment, course: Course, chapters: list[Chapter],
                 todo: set[str], on_record: Recorded, manifest: Manifest,
                 diagnostics: Diagnostics, no_paper: set[str]) -> dict[str, str]:
    """File name -> HTML for each stale deck of ``chapters`` and the landing page; each page's
    asset copies are recorded in ``manifest``. A template error in one page is reported and
    the next page goes on. ``no_paper``: the chapters too long for paper, as the build found
    them before rendering (one that fails here is marked failed, which the page says instead)."""
    from .assets import page_copies
    from .deck import deck_target, render_deck
    from .landing import landing_outputs, render_landing
    from .views import course_view

    pages: dict[str, str] = {}
    for chapter in chapters:
        name = f"{chapter.stem}.html"
        if name in todo:
            target = deck_target(course.root)
            with _reported(diagnostics):
                pages[name] = render_deck(env, course, chapter, target)
                manifest.copies[name] = page_copies(target, course.root)
    if "index.html" in todo:
        target = deck_target(course.root)
        outputs = landing_outputs(course, on_record, set(pages), diagnostics, no_paper)
        with _reported(diagnostics):
            pages["index.html"] = render_landing(env, course, target, outputs,
                                                 course_view(course, target))
            manifest.copies["index.html"] = page_copies(target, course.root)
    return pages


def write_slide_assets(env: jinja2.Environment, course: Course, pages: dict[str, str],
                       slides: Path, manifest: Manifest, diagnostics: Diagnostics) -> None:
    """Copy what the pages use (this build's and the kept ones'), write the generated
    stylesheets, prune what the last build wrote and no page uses any more."""
    from .assets import plan_assets, write_assets
    from .templating import environment

    copies = {name: Path(src) for page in pages.keys() | manifest.copies.keys()
              for name, src in manifest.copies.get(page, {}).items()}
    try:
        plan = plan_assets(env, copies, course.config.theme)
    except ContentError as exc:  # a course stylesheet refused: the defaults' instead
        diagnostics.add(exc)
        defaults = environment(course.root, course_templates=False)
        plan = plan_assets(defaults, copies, course.config.theme)
    manifest.assets = sorted(write_assets(plan, slides / "assets", set(manifest.assets)))


@contextmanager
def _reported(diagnostics: Diagnostics) -> Iterator[None]:
    """A content error inside is reported, and the build goes on with the next output."""
    try:
        yield
    except ContentError as exc:
        diagnostics.add(exc)
