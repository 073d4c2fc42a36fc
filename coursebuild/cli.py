"""The command line: ``coursebuild`` (installed), ``python -m coursebuild``, and the
repository's ``python build.py``, the same Click group."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from pathlib import Path

import click

from . import __version__
from .errors import ContentError, Diagnostic, Diagnostics
from .jobs import default_jobs
from .paths import ROOT
from .pipeline import (
    BuildOptions,
    BuildResult,
    build_all,
    build_handouts,
    build_slides,
    check,
)
from .reports import FORMATS, print_report, summary

DEBUG = "coursebuild.debug"  # key in Click's ctx.meta, which every context of a run shares
COURSE_FILE = "course.yaml"


def _epilog(command: click.Command, ctx: click.Context, formatter: click.HelpFormatter) -> None:
    """The command's examples, naming the program as it was run: ``{prog}`` becomes
    ``coursebuild``, ``python -m coursebuild`` or ``python build.py``."""
    if command.epilog:
        formatter.write_paragraph()
        formatter.write_text(command.epilog.replace("{prog}", ctx.find_root().command_path))


class CourseCommand(click.Command):
    """A command whose examples (its epilog) name the program as it was run."""

    format_epilog = _epilog


class CourseCLI(click.Group):
    """The one exit path: a ContentError from any command, nested or not, reaches Click, which
    prints ``path:line: message`` and exits 1; under ``--debug`` its traceback comes first."""

    command_class = CourseCommand
    group_class = type  # ``new`` is a CourseCLI too
    format_epilog = _epilog

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except ContentError:
            if ctx.meta.get(DEBUG):
                traceback.print_exc()
            raise


# --- where the course is, and where its outputs go, when --source and --out are not given ---

@dataclass(frozen=True)
class RepositoryDefaults:
    """``python build.py`` (DESIGN.md): the repository's course, chapters/, and its outputs in
    the repository's slides/ and handouts/, so the Makefile's targets build what they always
    built."""

    root: Path = ROOT
    shown = {"source": "chapters/", "out": "the repository"}

    def source(self, ctx: click.Context) -> Path:
        return self.root / "chapters"

    def out(self, source: Path) -> Path:
        return self.root

    def next_step(self, prog: str, folder: Path) -> str:
        return f"{prog} all --source {folder} --out {folder}"


@dataclass(frozen=True)
class WorkingFolderDefaults:
    """``coursebuild`` and ``python -m coursebuild``: the course is the current folder, and its
    outputs go to slides/ and handouts/ inside the course (or inside --source when given)."""

    shown = {"source": "the current folder, if it is a course", "out": "the course folder"}

    def source(self, ctx: click.Context) -> Path:
        here = Path.cwd()
        if is_course_folder(here):
            return here
        prog = ctx.find_root().command_path
        raise click.UsageError(
            f"no course here: {here} has no {COURSE_FILE} and no Markdown chapter (*.md). "
            f"Run {prog} inside a course folder, give --source DIR, or start a course with "
            f"'{prog} new course NAME'.", ctx)

    def out(self, source: Path) -> Path:
        return source

    def next_step(self, prog: str, folder: Path) -> str:
        return f"cd {folder} && {prog} all"


Defaults = RepositoryDefaults | WorkingFolderDefaults
REPOSITORY = RepositoryDefaults()  # when no entry point said otherwise: build.py, tests
WORKING_FOLDER = WorkingFolderDefaults()


def is_course_folder(folder: Path) -> bool:
    """A folder with a course.yaml, or with Markdown chapters at its top level."""
    return (folder / COURSE_FILE).is_file() or any(p.is_file() for p in folder.glob("*.md"))


def entry_defaults(ctx: click.Context) -> Defaults:
    """The defaults of the entry point that started this run (``ctx.obj``, set by ``main``)."""
    found = ctx.find_root().obj
    return found if isinstance(found, Defaults) else REPOSITORY


class FolderOption(click.Option):
    """``--source`` or ``--out``: its default comes from the entry point, and says so in the
    help."""

    def get_help_extra(self, ctx: click.Context) -> dict:
        extra = dict(super().get_help_extra(ctx))
        extra["default"] = entry_defaults(ctx).shown[str(self.name)]
        return extra


def _default_source(ctx: click.Context, _param: click.Parameter, value: Path | None) -> Path:
    """The folder given, made absolute (the stages build file URIs from it), or the default."""
    return value.absolute() if value is not None else entry_defaults(ctx).source(ctx)


def _default_out(ctx: click.Context, _param: click.Parameter, value: Path | None) -> Path:
    """When --out is not given, Click processes it after --source (declared before it)."""
    return value.absolute() if value is not None else entry_defaults(ctx).out(ctx.params["source"])


# --- options: each command takes those it uses -------------------------------------------------

def _remember_debug(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
    if value:
        ctx.meta[DEBUG] = True
    return value


FOLDER = click.Path(file_okay=False, path_type=Path)
source_option = click.option("--source", type=FOLDER, cls=FolderOption, callback=_default_source,
                             help="The course folder (course.yaml and the chapters).")
out_option = click.option("--out", type=FOLDER, cls=FolderOption, callback=_default_out,
                          help="Where slides/ and handouts/ go.")
strict_option = click.option("--strict", is_flag=True, help="Treat warnings as errors.")
quiet_option = click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
verbose_option = click.option("-v", "--verbose", is_flag=True, help="Print every file written.")
debug_option = click.option("--debug", is_flag=True, expose_value=False, callback=_remember_debug,
                            help="Show a traceback for content errors.")
jobs_option = click.option("-j", "--jobs", type=click.IntRange(min=1), default=default_jobs(),
                           show_default="the number of cores",
                           help="PDFs rendered in parallel (processes).")
force_option = click.option("--force", is_flag=True,
                            help="Rebuild every output, even those whose sources did not change.")
format_option = click.option("--format", "output_format", type=click.Choice(FORMATS),
                             default="text", show_default=True,
                             help="text: path:line: message on stderr; json: one report object "
                                  "on stdout; github: GitHub Actions annotations on stdout.")


def options(*chosen: Callable) -> Callable:
    """Apply ``chosen`` options in the order given (the order --help lists them)."""

    def apply(command: Callable) -> Callable:
        for option in reversed(chosen):
            command = option(command)
        return command

    return apply


WHERE = (source_option, out_option)
BUILD_OPTIONS = (*WHERE, strict_option, quiet_option, verbose_option, debug_option)


def run(step: Callable[[BuildOptions], BuildResult]) -> Callable:
    """Run a build step, print its diagnostics, exit 1 if any is an error. Each command passes
    the options it takes; the others keep their defaults here."""

    @wraps(step)
    def command(source: Path, out: Path, strict: bool, quiet: bool, verbose: bool = False,
                jobs: int | None = None, force: bool = False,
                output_format: str = "text") -> None:
        progress = None if quiet else Progress(verbose=verbose)
        options = BuildOptions(source=source, out=out, strict=strict,
                               jobs=jobs or default_jobs(), force=force, on_write=progress)
        try:
            result = step(options)
        except ContentError as exc:
            if output_format == "text":
                raise  # Click prints it (every problem, if several), as always
            print_report(Diagnostics(items=_as_diagnostics(exc)).items, output_format, quiet,
                         None)
            sys.exit(1)
        if progress:
            progress.finish()
        print_report(result.diagnostics.items, output_format, quiet, lambda: _summary(result))
        sys.exit(0 if result.ok else 1)

    return command


def _as_diagnostics(exc: ContentError) -> list[Diagnostic]:
    return [Diagnostic("error", problem.path, problem.line, problem.message)
            for problem in exc.each()]


def _summary(result: BuildResult) -> str:
    counts = summary(result.diagnostics.items)
    if not result.writes:
        return f"checked: {counts}"
    if not result.written:
        return f"up to date, nothing written: {counts}"
    return f"{len(result.written)} file(s) written, {counts}"


class Progress:
    """On a terminal, one line that counts the files written; elsewhere (CI, a pipe), a plain
    line per file."""

    def __init__(self, verbose: bool) -> None:
        self.live = sys.stderr.isatty() and not verbose
        self.shown = False

    def __call__(self, path: Path, done: int, total: int) -> None:
        line = f"[{done}/{total}] {_shown(path)}"
        if self.live:
            click.echo(f"\r\033[K{line}", err=True, nl=False)
            self.shown = True
        else:
            click.echo(line, err=True)

    def finish(self) -> None:
        if self.shown:
            click.echo("\r\033[K", err=True, nl=False)


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


@click.group(cls=CourseCLI, epilog="""\b
Examples:
  {prog} new course mine     start a course in mine/
  {prog} all --source mine   decks and PDFs of the course in mine/
  {prog} check --format github    annotations for a GitHub Actions job

\b
Shell completion (bash; zsh and fish alike, with zsh_source, fish_source):
  eval "$(_COURSEBUILD_COMPLETE=bash_source coursebuild)"

Run '{prog} COMMAND --help' for a command's options and an example.""")
@click.version_option(__version__, prog_name="coursebuild")
def cli() -> None:
    """Build the course in --source into slides/ (reveal.js) and handouts/ (PDF).

    The coursebuild command, run inside a course folder (one with course.yaml, or with
    Markdown chapters), builds that course into its slides/ and handouts/.
    """


@cli.command(epilog="""\b
Examples:
  {prog} slides                        the course's decks (see --source)
  {prog} slides -v --out /tmp/site     into /tmp/site/slides/, naming each file""")
@options(*BUILD_OPTIONS, force_option)
@run
def slides(options: BuildOptions) -> BuildResult:
    """Build the decks and the landing page into slides/."""
    return build_slides(options)


@cli.command(epilog="""\b
Example:
  {prog} handouts -j 2 --force    every PDF again, two at a time""")
@options(*BUILD_OPTIONS, jobs_option, force_option)
@run
def handouts(options: BuildOptions) -> BuildResult:
    """Build the PDF handouts into handouts/ (WeasyPrint)."""
    return build_handouts(options)


@cli.command(name="all", epilog="""\b
Example:
  {prog} all --strict    decks and PDFs; any warning fails the build (exit 1)""")
@options(*BUILD_OPTIONS, jobs_option, force_option)
@run
def all_command(options: BuildOptions) -> BuildResult:
    """Build the handouts, then the decks and the landing page (which links the PDFs)."""
    return build_all(options)


@cli.command(name="serve", epilog="""\b
Example:
  {prog} serve --port 8080 -q    http://127.0.0.1:8080/, printing errors only""")
@options(*BUILD_OPTIONS)
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port on 127.0.0.1 (0: any free port).")
def serve_command(source: Path, out: Path, strict: bool, quiet: bool, verbose: bool,
                  port: int) -> None:
    """Build, serve slides/ on http://127.0.0.1:PORT/, rebuild and reload on every change."""
    from .serve import serve

    options = BuildOptions(source=source, out=out, strict=strict)
    try:
        serve(options, port=port, echo=lambda line: click.echo(line, err=True), quiet=quiet,
              verbose=verbose)
    except OSError as exc:
        raise click.UsageError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror}") from None


@cli.group(epilog="""\b
Examples:
  {prog} new course mine --title "Containers" --lang en
  {prog} new chapter "Networking"
""")
def new() -> None:
    """Start a new course, or add a chapter to one."""


@new.command(name="course", epilog="""\b
Example:
  {prog} new course mine --lang en    mine/ with course.yaml, an index and a chapter""")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--title", default="", help="Course title (default: from the folder's name).")
@click.option("--lang", default="fr", show_default=True,
              help="Language code; fr writes French text, any other English.")
@debug_option
def new_course_command(folder: Path, title: str, lang: str) -> None:
    """Create a course in FOLDER that builds at once."""
    from .scaffold import new_course

    for path in new_course(folder, title=title, lang=lang):
        click.echo(f"wrote {_shown(path)}")
    ctx = click.get_current_context()
    prog = ctx.find_root().command_path
    click.echo(f"next: {entry_defaults(ctx).next_step(prog, folder)}", err=True)


@new.command(name="chapter", epilog="""\b
Example:
  {prog} new chapter "Volumes and storage"    the next NN-volumes-and-storage.md""")
@click.argument("title")
@options(source_option, debug_option)
def new_chapter_command(title: str, source: Path) -> None:
    """Add the next numbered chapter TITLE and link it from the index."""
    from .scaffold import add_chapter

    added = add_chapter(source, title)
    click.echo(f"wrote {_shown(added.path)}")
    for path in added.edited:
        click.echo(f"updated {_shown(path)}")
    for note in added.notes:
        click.echo(f"note: {note}", err=True)


@cli.command(name="check", epilog="""\b
Examples:
  {prog} check --strict            warnings fail too (exit 1)
  {prog} check --format json       one JSON report on stdout
  {prog} check --format github     ::error file=…,line=…:: annotations for GitHub Actions""")
@options(*WHERE, strict_option, quiet_option, debug_option, format_option)
@run
def check_command(options: BuildOptions) -> BuildResult:
    """Validate config, links, images, diagrams and templates; write nothing."""
    return check(options)


def main() -> None:
    """The console script's entry point (and ``python -m coursebuild``'s): the course is the
    current folder."""
    cli.main(prog_name="coursebuild", obj=WORKING_FOLDER)
