"""``build()`` as a table of contents: read, parse, resolve, render, write."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from .assets import check_installed, plan_assets, write_assets
from .config import load_course_config, read_text
from .deck import course_view, deck_target, render_deck
from .diagrams import render_diagrams
from .errors import ContentError, Diagnostics
from .files import write_atomic
from .handouts import RENDERERS, pdf_name, render_book, write_generated_css
from .jobs import default_jobs, run_all
from .landing import render_landing
from .links import resolve_course
from .model import Chapter, Course
from .pdf import html_to_pdf
from .structure import parse_chapter
from .templating import environment


@dataclass(frozen=True)
class BuildOptions:
    source: Path
    out: Path
    strict: bool = False
    jobs: int = field(default_factory=default_jobs)


@dataclass
class BuildResult:
    diagnostics: Diagnostics
    written: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.diagnostics.errors


def load_course(source: Path, diagnostics: Diagnostics) -> Course:
    """Every chapter parsed once; a chapter with errors is reported and left out."""
    config = load_course_config(source / "course.yaml")
    chapters = []
    for path in chapter_paths(source, config.chapters):
        try:
            chapters.append(parse_chapter(path, read_text(path)))
        except ContentError as exc:
            diagnostics.add(exc)
    course = Course(config, source, chapters)
    if config.index and course.index is None:
        diagnostics.error(source / "course.yaml", None, f"index chapter '{config.index}' not found")
    return course


def chapter_paths(source: Path, order: tuple[str, ...]) -> list[Path]:
    if not order:
        return sorted(p for p in source.glob("*.md") if p.is_file())
    paths = [source / f"{stem.removesuffix('.md')}.md" for stem in order]
    missing = [p for p in paths if not p.is_file()]
    if missing:
        raise ContentError(source / "course.yaml", None,
                           f"chapters: no file {missing[0].name} in {source}")
    return paths


def prepare(options: BuildOptions) -> tuple[Course, Diagnostics]:
    """Read, parse and resolve: everything every command needs before it renders."""
    diagnostics = Diagnostics(strict=options.strict)
    course = load_course(options.source, diagnostics)
    resolve_course(course, diagnostics)
    render_diagrams(course, diagnostics)
    return course, diagnostics


def build_slides(options: BuildOptions) -> BuildResult:
    """Decks, landing page and assets; chapters with errors keep their previous deck."""
    return _build(options, write_slides)


def build_handouts(options: BuildOptions) -> BuildResult:
    """The PDFs of every chapter without errors, and the book when no chapter has any."""
    return _build(options, write_handouts)


def build_all(options: BuildOptions) -> BuildResult:
    """Handouts first, so the landing page written by the slides step links every PDF."""
    return _build(options, write_handouts, write_slides)


def _build(options: BuildOptions, *steps: Callable[[Course, BuildOptions, BuildResult], None],
           ) -> BuildResult:
    check_installed()
    course, diagnostics = prepare(options)
    result = BuildResult(diagnostics)
    for step in steps:
        step(course, options, result)
    return result


def write_slides(course: Course, options: BuildOptions, result: BuildResult) -> None:
    env = environment(options.source)
    target = deck_target(options.source)
    decks = {chapter.stem: render_deck(env, course, chapter, target)
             for chapter in _buildable(course, result.diagnostics)}
    landing = render_landing(env, course, target, options.out, course_view(course, target))
    uses_mermaid_js = any(d.error == "unsupported" for c in course.chapters for d in c.diagrams)
    slides = options.out / "slides"
    write_assets(plan_assets(env, target, options.source, uses_mermaid_js), slides / "assets")
    for name, html in [*((f"{stem}.html", html) for stem, html in decks.items()),
                       ("index.html", landing)]:
        write_atomic(slides / name, html)
        result.written.append(slides / name)


def write_handouts(course: Course, options: BuildOptions, result: BuildResult) -> None:
    diagnostics = result.diagnostics
    kinds = course.config.handouts.kinds
    jobs = [("course", "")] if "course" in kinds and not diagnostics.errors else []
    jobs += [(kind, c.stem) for c in _buildable(course, diagnostics) for kind in kinds
             if kind in RENDERERS]
    out = options.out / "handouts"
    with tempfile.TemporaryDirectory(prefix="coursebuild-") as scratch:
        write_generated_css(environment(options.source), Path(scratch))
        work = partial(_render_pdf, course, Path(scratch), out)
        for kind, stem, data, refused in run_all(work, jobs, options.jobs):
            source = course.chapter(stem).path if stem else options.source / "course.yaml"
            for reason in refused:
                diagnostics.error(source, None, f"refused to read {reason}")
            write_atomic(out / pdf_name(stem, kind), data)
            result.written.append(out / pdf_name(stem, kind))


def _render_pdf(course: Course, scratch: Path, out_dir: Path, job: tuple[str, str]) -> tuple:
    kind, stem = job
    env = environment(course.root)
    if kind == "course":
        html = render_book(env, course, scratch)
    else:
        html = RENDERERS[kind](env, course, course.chapter(stem), scratch)
    pdf = html_to_pdf(html, course.root, scratch, out_dir)
    return kind, stem, pdf.data, pdf.refused


def check(options: BuildOptions) -> BuildResult:
    """Everything a build validates, nothing written."""
    course, diagnostics = prepare(options)
    env = environment(options.source)
    target = deck_target(options.source)
    for chapter in _buildable(course, diagnostics):
        try:
            render_deck(env, course, chapter, target)
        except ContentError as exc:
            diagnostics.add(exc)
    return BuildResult(diagnostics)


def _buildable(course: Course, diagnostics: Diagnostics) -> list[Chapter]:
    return [c for c in course.chapters if not diagnostics.errors_in(c.path)]
