"""``build()`` as a table of contents: read, parse, resolve, render, write.

The modules that parse and render (markdown-it, Jinja2, Pygments, WeasyPrint) are imported
inside the stages that use them: a build with nothing to rebuild only reads and hashes files."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from .config import CourseConfig
from .errors import ContentError, ContentErrors, Diagnostic, Diagnostics
from .files import write_atomic
from .incremental import (
    ChapterFacts,
    Manifest,
    chapter_facts,
    kept_book_warning,
    load_manifests,
    recorded,
    remember,
    remembered_facts,
    rendered_chapters,
    stale,
    target_digests,
    up_to_date,
)
from .jobs import default_jobs
from .output_folder import build_lock, check_out_folder, remove_stale_temp_files
from .paths import NODE_MODULES, asset_roots
from .sources import Sources, read_sources

if TYPE_CHECKING:
    from .model import Chapter, Course

TARGETS = ("handouts", "slides")  # handouts first: the landing page links the PDFs


@dataclass(frozen=True)
class BuildOptions:
    source: Path
    out: Path
    strict: bool = False
    jobs: int = field(default_factory=default_jobs)
    force: bool = False  # rebuild everything, whatever the manifests say
    on_write: Callable[[Path, int, int], None] | None = None  # (file, done, total)


@dataclass
class BuildResult:
    diagnostics: Diagnostics
    written: list[Path] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)  # stage -> seconds
    writes: bool = True  # False for `check`, which validates and writes nothing

    @property
    def ok(self) -> bool:
        return not self.diagnostics.errors

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - start


def build_slides(options: BuildOptions) -> BuildResult:
    """Decks, landing page and assets; chapters with errors keep their previous deck."""
    return build(options, ("slides",))


def build_handouts(options: BuildOptions) -> BuildResult:
    """The PDFs of every chapter without errors, and the book when no chapter has any."""
    return build(options, ("handouts",))


def build_all(options: BuildOptions) -> BuildResult:
    return build(options, TARGETS)


def build(options: BuildOptions, targets: tuple[str, ...]) -> BuildResult:
    """Check the output folder, hold its lock, clear what killed builds left, then build."""
    check_out_folder(options.out, options.source)
    with build_lock(options.out):
        remove_stale_temp_files(options.out)
        return _build(options, targets)


def _build(options: BuildOptions, targets: tuple[str, ...]) -> BuildResult:
    from .paper_bound import paper_refused

    result = BuildResult(Diagnostics(strict=options.strict))
    with result.stage("read"):
        check_installed()
        sources = read_sources(options.source)
        roots = (options.source.resolve(), *asset_roots())
        manifests, discarded = load_manifests(options.out, targets, roots)
    repeated = None if options.force or discarded else up_to_date(sources, manifests, targets,
                                                                  options.out)
    if repeated is not None:  # nothing to rebuild: the last build's warnings, again
        for path, line, message in repeated:
            result.diagnostics.warn(path, line, message)
        return result
    remembered = {} if options.force or discarded else remembered_facts(sources, manifests,
                                                                         targets)
    with result.stage("parse"):
        course, diagnostics = _prepare_rendered(options, sources, manifests, targets, remembered)
    result.diagnostics = diagnostics
    _add_all(diagnostics, discarded)
    no_paper = paper_refused(course, diagnostics)
    facts = _facts(course, diagnostics, sources, remembered, no_paper)
    failed = _failed(sources, diagnostics)
    # what the landing page marks: failed chapters, and chapters too long for paper
    marked = failed | {f"{stem} (no paper)" for stem in no_paper}
    for target in targets:
        write = write_handouts if target == "handouts" else partial(write_slides,
                                                                    no_paper=no_paper)
        manifest = manifests[target]
        digests = target_digests(target, sources, facts, recorded(manifests), marked)
        todo = set(digests) if options.force else stale(digests, manifest, options.out / target)
        assert not rendered_chapters(target, todo, sources) & {o.stem for o in course.outlines}, \
            "an outlined chapter's output is stale: _prepare_rendered parses those in full"
        written = write(course, options, result, todo, manifests) if todo else set()
        kept = kept_book_warning(todo - written, options.out / target, failed | no_paper)
        _add_all(result.diagnostics, [kept] if kept else [])
        remember(manifest, digests, written, facts, sources, result.ok)
        manifest.save(options.out / target)
    return result


def _prepare_rendered(options: BuildOptions, sources: Sources, manifests: dict[str, Manifest],
                      targets: tuple[str, ...], remembered: dict[str, ChapterFacts],
                      ) -> tuple[Course, Diagnostics]:
    """``prepare`` for the outputs this build renders: the chapters that changed parsed in
    full, the others outlined from what the manifests ``remembered`` (their warnings reported
    again); the chapters whose outputs are then stale too (a renamed heading, a new title:
    every deck may link to it) are parsed in full as well."""
    course, diagnostics = prepare(options, sources.config, remembered)
    outlined = {outline.stem for outline in course.outlines}
    if outlined:
        # no digest of a chapter's outputs holds what is too long for paper: set() will do
        facts = _facts(course, diagnostics, sources, remembered, set())
        rendered = set()
        for target in targets:
            digests = target_digests(target, sources, facts, recorded(manifests), set())
            todo = stale(digests, manifests[target], options.out / target)
            rendered |= rendered_chapters(target, todo, sources)
        if rendered & outlined:
            course, diagnostics = prepare(options, sources.config, {
                stem: known for stem, known in remembered.items() if stem not in rendered})
    for outline in course.outlines:
        for line, message in remembered[outline.stem].warnings:
            diagnostics.warn(outline.path, line, message)
    return course, diagnostics


def _facts(course: Course, diagnostics: Diagnostics, sources: Sources,
           remembered: dict[str, ChapterFacts], no_paper: set[str]) -> dict[str, ChapterFacts]:
    """Every chapter's facts (an outlined chapter's as remembered); ``no_paper``: the chapters
    too long for paper."""
    known = {outline.stem: remembered[outline.stem] for outline in course.outlines}
    known |= chapter_facts(course, diagnostics, no_paper)
    # in course order (the digests follow it); a chapter that did not parse is rebuilt next time
    return {stem: known.get(stem) or ChapterFacts(stem, [], [], []) for stem in sources.chapters}


def _add_all(diagnostics: Diagnostics, items: list[Diagnostic]) -> None:
    """Diagnostics a stage already made (warnings stay warnings, even under --strict)."""
    for item in items:
        diagnostics.append(item)


def _failed(sources: Sources, diagnostics: Diagnostics) -> set[str]:
    return {stem for stem, path in sources.chapters.items() if diagnostics.errors_in(path)}


def prepare(options: BuildOptions, config: CourseConfig | None = None,
            outlined: Mapping[str, ChapterFacts] | None = None) -> tuple[Course, Diagnostics]:
    """Read, parse, resolve, draw and transclude (``![[note]]``): everything every command
    needs before it renders.
    ``config``: course.yaml as the build already read it (else it is read here).
    ``outlined``: chapters the build renders nothing of, by stem, with what the last build
    remembered of them: outlined (``ChapterOutline``), not parsed, unless a chapter parsed
    embeds notes (which may be any chapter)."""
    from .diagrams import render_diagrams
    from .embeds import embeds_notes, transclude
    from .links import resolve_course
    from .loading import load_course
    from .math_svg import warn_math
    from .media import prepare_media

    diagnostics = Diagnostics(strict=options.strict)
    course = load_course(options.source, diagnostics, config, outlined)
    if course.outlines and any(embeds_notes(chapter) for chapter in course.chapters):
        return prepare(options, config)
    resolve_course(course, diagnostics)
    prepare_media(course, diagnostics)
    render_diagrams(course, diagnostics)
    warn_math(course, diagnostics)
    transclude(course, diagnostics)
    return course, diagnostics


def check(options: BuildOptions) -> BuildResult:
    """Everything a build validates, templates and paper included; nothing written."""
    from .checking import check_course

    try:
        course, diagnostics = prepare(options)
    except ContentErrors as exc:  # course.yaml does not fit its schema
        return BuildResult(_config_problems(options, exc), writes=False)
    check_course(course, _buildable(course, diagnostics), options.out, diagnostics)
    return BuildResult(diagnostics, writes=False)


def _config_problems(options: BuildOptions, exc: ContentErrors) -> Diagnostics:
    """course.yaml's problems, and every chapter's (its front matter's) too, so one run of
    ``check`` lists every config problem: the chapters are read as a course without a
    ``chapters:`` list reads them."""
    from .confine import confine, is_file
    from .files import read_text
    from .parsing import parse_chapter

    diagnostics = Diagnostics(strict=options.strict)
    diagnostics.add(exc)
    for path in sorted(p for p in options.source.glob("*.md") if is_file(p)):
        try:
            parse_chapter(path, read_text(confine(path, [options.source], ref=path.name)))
        except ContentError as problem:
            diagnostics.add(problem)
    return diagnostics


def check_installed() -> None:
    """The npm packages must be there: say how to get them, rather than fail on a copy."""
    if not (NODE_MODULES / "reveal.js" / "dist" / "reveal.js").is_file():
        raise ContentError(NODE_MODULES, None, "front-end packages are missing: run `npm ci` "
                           "(or `make slides`, which installs everything)")


def write_slides(course: Course, options: BuildOptions, result: BuildResult, todo: set[str],
                 manifests: dict[str, Manifest], no_paper: set[str]) -> set[str]:
    """Render the stale decks (and the landing page), then bring assets/ in line.
    ``no_paper``: the chapters too long for paper (the landing page says so)."""
    from .slide_pages import render_pages, write_slide_assets
    from .templating import environment

    env = environment(options.source)
    with result.stage("render"):
        manifest = manifests["slides"]
        pages = render_pages(env, course, _buildable(course, result.diagnostics), todo,
                             recorded(manifests), manifest, result.diagnostics, no_paper)
    with result.stage("write"):
        write_slide_assets(env, course, pages, options.out / "slides", manifest,
                           result.diagnostics)
        _write_all(pages, options.out / "slides", options, result)
    return set(pages)


def write_handouts(course: Course, options: BuildOptions, result: BuildResult, todo: set[str],
                   manifests: dict[str, Manifest]) -> set[str]:
    """Render the stale PDFs (in ``options.jobs`` processes), then write them."""
    from .pdf_jobs import pdf_jobs, render_pdfs

    out = options.out / "handouts"
    jobs = pdf_jobs(course, _buildable(course, result.diagnostics), todo, result.diagnostics)
    with result.stage("render"):
        pdfs = render_pdfs(course, jobs, out, options.jobs, result.diagnostics)
    with result.stage("write"):
        _write_all(pdfs, out, options, result)
    return set(pdfs)


def _write_all(files: dict[str, str | bytes], folder: Path, options: BuildOptions,
               result: BuildResult) -> None:
    for number, (name, data) in enumerate(sorted(files.items()), start=1):
        write_atomic(folder / name, data)
        result.written.append(folder / name)
        if options.on_write:
            options.on_write(folder / name, number, len(files))


def _buildable(course: Course, diagnostics: Diagnostics) -> list[Chapter]:
    return [c for c in course.chapters if not diagnostics.errors_in(c.path)]
