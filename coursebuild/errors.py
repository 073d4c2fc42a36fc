"""Content problems: one error type carrying path, line and message, and a collector for them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Literal

import click

Severity = Literal["error", "warning"]


class ContentError(click.ClickException):
    """A problem in the course's content, reported as ``path:line: message``.

    A ``ClickException``, so the CLI has one exit path: Click prints it with ``show`` and exits
    1, whichever command raised it.
    """

    exit_code = 1

    def __init__(self, path: Path | str, line: int | None, message: str) -> None:
        super().__init__(message)  # sets ``message``
        self.path = Path(path)
        self.line = line

    def __reduce__(self) -> tuple:
        """Rebuilt from all three fields when it crosses from a worker process."""
        return (type(self), (self.path, self.line, self.message))

    def __str__(self) -> str:
        return format_location(self.path, self.line, self.message)

    def format_message(self) -> str:
        return str(self)

    def show(self, file: IO[str] | None = None) -> None:
        """``path:line: message`` on stderr, without Click's ``Error:`` prefix."""
        click.echo(str(self), file=file, err=file is None)

    def each(self) -> list[ContentError]:
        """The problems this error reports: itself (several for ``ContentErrors``)."""
        return [self]


class ContentErrors(ContentError):
    """The problems a config schema found together (every typo of a ``course.yaml``), so one
    run reports all of them: each is printed as its own ``path:line: message`` line. Its own
    path, line and message are the first problem's."""

    def __init__(self, errors: list[ContentError]) -> None:
        first = errors[0]
        super().__init__(first.path, first.line, first.message)
        self.errors = [problem for error in errors for problem in error.each()]

    def __reduce__(self) -> tuple:
        return (type(self), (self.errors,))

    def __str__(self) -> str:
        return "\n".join(str(error) for error in self.errors)

    def each(self) -> list[ContentError]:
        return list(self.errors)


def raise_all(errors: list[ContentError]) -> None:
    """Raise the problems found, if any, together."""
    if errors:
        raise ContentErrors(errors)


def format_location(path: Path, line: int | None, message: str) -> str:
    """``path:line: message`` (or ``path: message`` when no line applies)."""
    where = f"{display_path(path)}:{line}" if line else str(display_path(path))
    return f"{where}: {message}"


@dataclass(frozen=True)
class Diagnostic:
    """One reported problem; warnings become errors under ``--strict``."""

    severity: Severity
    path: Path
    line: int | None
    message: str
    paper_only: bool = False  # keeps the chapter off paper only: its deck is still built

    def __str__(self) -> str:
        prefix = "" if self.severity == "error" else "warning: "
        return format_location(self.path, self.line, prefix + self.message)


@dataclass
class Diagnostics:
    """Collects every problem of a build, so one run reports all of them, each once: a
    template shared by every chapter fails the same way for each of them."""

    strict: bool = False
    items: list[Diagnostic] = field(default_factory=list)
    _seen: set[Diagnostic] = field(default_factory=set, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._seen.update(self.items)

    def warn(self, path: Path, line: int | None, message: str) -> None:
        severity: Severity = "error" if self.strict else "warning"
        self.append(Diagnostic(severity, Path(path), line, message))

    def error(self, path: Path, line: int | None, message: str) -> None:
        self.append(Diagnostic("error", Path(path), line, message))

    def add(self, exc: ContentError) -> None:
        for problem in exc.each():
            self.error(problem.path, problem.line, problem.message)

    def extend(self, other: Diagnostics) -> None:
        for item in other.items:
            self.append(item)

    def append(self, item: Diagnostic) -> None:
        """Keep ``item`` unless the same problem was already reported."""
        if item not in self._seen:
            self._seen.add(item)
            self.items.append(item)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    def refuse_paper(self, exc: ContentError) -> None:
        """An error that keeps a chapter out of the PDFs (too many pages), not out of the deck."""
        self.append(Diagnostic("error", exc.path, exc.line, exc.message, paper_only=True))

    def errors_in(self, path: Path) -> bool:
        """Whether the file at ``path`` has an error that keeps it out of every output."""
        return any(d.path == Path(path) and not d.paper_only for d in self.errors)


def display_path(path: Path) -> Path:
    """Paths under the current directory are shown relative to it, as compilers do."""
    try:
        return path.resolve().relative_to(Path.cwd())
    except ValueError:
        return path
