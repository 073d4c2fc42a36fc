"""The command line: ``coursebuild`` (installed), ``python -m coursebuild``, and the
repository's ``python build.py``, the same Click group."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from functools import wraps
from pathlib import Path

import click

from . import __version__
from .errors import ContentError
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

HERE = ROOT  # the repository: its chapters/ are the default course
DEBUG = "coursebuild.debug"  # key in Click's ctx.meta, which every context of a run shares


class CourseCLI(click.Group):
    """The one exit path: a ContentError from any command, nested or not, reaches Click, which
    prints ``path:line: message`` and exits 1; under ``--debug`` its traceback comes first."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except ContentError:
            if ctx.meta.get(DEBUG):
                traceback.print_exc()
            raise


def _remember_debug(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
    if value:
        ctx.meta[DEBUG] = True
    return value


debug_option = click.option("--debug", is_flag=True, expose_value=False, callback=_remember_debug,
                            help="Show a traceback for content errors.")


def common_options(command: Callable) -> Callable:
    """Options every command takes: where the course is, where outputs go, how strict."""
    options = [
        click.option("--source", type=click.Path(file_okay=False, path_type=Path),
                     default=HERE / "chapters", show_default="chapters/",
                     help="The course folder (course.yaml and the chapters)."),
        click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=HERE,
                     show_default="the repository", help="Where slides/ and handouts/ go."),
        click.option("--strict", is_flag=True, help="Treat warnings as errors."),
        click.option("-q", "--quiet", is_flag=True, help="Print errors only."),
        click.option("-v", "--verbose", is_flag=True, help="Print every file written."),
        debug_option,
        click.option("-j", "--jobs", type=click.IntRange(min=1), default=default_jobs(),
                     show_default="the number of cores", help="Chapters built in parallel."),
        click.option("--force", is_flag=True,
                     help="Rebuild every output, even those whose sources did not change."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def run(step: Callable[[BuildOptions], BuildResult]) -> Callable:
    """Run a build step, print its diagnostics, exit 1 if any is an error."""

    @wraps(step)
    def command(source: Path, out: Path, strict: bool, quiet: bool, verbose: bool,
                jobs: int, force: bool) -> None:
        progress = None if quiet else Progress(verbose=verbose)
        options = BuildOptions(source=source, out=out, strict=strict, jobs=jobs, force=force,
                               on_write=progress)
        result = step(options)
        if progress:
            progress.finish()
        report(result, quiet)
        sys.exit(0 if result.ok else 1)

    return command


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


def report(result: BuildResult, quiet: bool) -> None:
    for item in result.diagnostics.items:
        if item.severity == "error" or not quiet:
            click.echo(str(item), err=True)
    if not quiet:
        errors = len(result.diagnostics.errors)
        warnings = len(result.diagnostics.items) - errors
        counts = f"{errors} error(s), {warnings} warning(s)"
        if not result.writes:
            click.echo(f"checked: {counts}", err=True)
        elif not result.written:
            click.echo(f"up to date, nothing written: {counts}", err=True)
        else:
            click.echo(f"{len(result.written)} file(s) written, {counts}", err=True)


@click.group(cls=CourseCLI)
@click.version_option(__version__, prog_name="coursebuild")
def cli() -> None:
    """Build the course in --source into slides/ (reveal.js) and handouts/ (PDF)."""


@cli.command()
@common_options
@run
def slides(options: BuildOptions) -> BuildResult:
    """Build the decks and the landing page into slides/."""
    return build_slides(options)


@cli.command()
@common_options
@run
def handouts(options: BuildOptions) -> BuildResult:
    """Build the PDF handouts into handouts/ (WeasyPrint)."""
    return build_handouts(options)


@cli.command(name="all")
@common_options
@run
def all_command(options: BuildOptions) -> BuildResult:
    """Build the handouts, then the decks and the landing page (which links the PDFs)."""
    return build_all(options)


@cli.command(name="serve")
@common_options
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port on 127.0.0.1 (0: any free port).")
def serve_command(source: Path, out: Path, strict: bool, quiet: bool, verbose: bool,
                  jobs: int, force: bool, port: int) -> None:
    """Build, serve slides/ on http://127.0.0.1:PORT/, rebuild and reload on every change."""
    from .serve import serve

    options = BuildOptions(source=source, out=out, strict=strict, jobs=jobs, force=force)
    try:
        serve(options, port=port, echo=lambda line: click.echo(line, err=True))
    except OSError as exc:
        raise click.UsageError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror}") from None


@cli.group()
def new() -> None:
    """Start a new course, or add a chapter to one."""


@new.command(name="course")
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
    click.echo(f"next: python build.py slides --source {folder} --out {folder}-build", err=True)


@new.command(name="chapter")
@click.argument("title")
@click.option("--source", type=click.Path(file_okay=False, path_type=Path),
              default=HERE / "chapters", show_default="chapters/", help="The course folder.")
@debug_option
def new_chapter_command(title: str, source: Path) -> None:
    """Add the next numbered chapter TITLE and link it from the index."""
    from .scaffold import add_chapter

    added = add_chapter(source, title)
    click.echo(f"wrote {_shown(added.path)}")
    for path in added.edited:
        click.echo(f"updated {_shown(path)}")
    for note in added.notes:
        click.echo(f"note: {note}", err=True)


@cli.command(name="check")
@common_options
@run
def check_command(options: BuildOptions) -> BuildResult:
    """Validate config, links, images, diagrams and templates; write nothing."""
    return check(options)


def main() -> None:
    """The console script's entry point."""
    cli(prog_name="coursebuild")
