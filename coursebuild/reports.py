"""How a command reports its diagnostics: ``text`` for people (``path:line: message`` on
stderr), ``json`` for programs, ``github`` for GitHub Actions' annotations (both on stdout)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import click

from .errors import Diagnostic, display_path

FORMATS = ("text", "json", "github")
JSON_VERSION = 1  # bumped when a field changes meaning or goes away


def counts(items: list[Diagnostic]) -> dict[str, int]:
    errors = sum(1 for item in items if item.severity == "error")
    return {"error": errors, "warning": len(items) - errors}


def summary(items: list[Diagnostic]) -> str:
    found = counts(items)
    return f"{found['error']} error(s), {found['warning']} warning(s)"


def json_report(items: list[Diagnostic]) -> str:
    """One JSON object: ``version``, ``ok``, ``counts`` ({error, warning}) and ``diagnostics``,
    each {file, line, severity, message} (``line`` is null when no line applies)."""
    found = counts(items)
    return json.dumps({
        "version": JSON_VERSION,
        "ok": found["error"] == 0,
        "counts": found,
        "diagnostics": [{"file": _file(item.path), "line": item.line,
                         "severity": item.severity, "message": item.message}
                        for item in items],
    }, ensure_ascii=False, indent=2)


def github_command(item: Diagnostic) -> str:
    """A workflow command (``::error file=…,line=…::message``) that GitHub Actions shows as an
    annotation on the file's line; properties and message escaped as GitHub documents."""
    properties = [f"file={_property(_file(item.path))}"]
    if item.line:
        properties.append(f"line={item.line}")
    return f"::{item.severity} {','.join(properties)}::{_data(item.message)}"


def github_report(items: list[Diagnostic], quiet: bool) -> str:
    return "\n".join(github_command(item) for item in items
                     if item.severity == "error" or not quiet)


def _data(text: str) -> str:
    """A command's message: ``%``, CR and LF would end or change the command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    """A property's value: its data escapes, and ``:`` and ``,``, which separate properties."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _file(path: Path) -> str:
    return display_path(path).as_posix()


def print_report(items: list[Diagnostic], output_format: str, quiet: bool,
                 text_summary: Callable[[], str] | None) -> None:
    """Print the diagnostics in ``output_format``. ``text_summary``: the line a person reads
    last (not under ``quiet``); None prints no summary (a run stopped by an error)."""
    if output_format == "json":
        click.echo(json_report(items))
        return
    if output_format == "github":
        report = github_report(items, quiet)
        if report:
            click.echo(report)
    else:
        for item in items:
            if item.severity == "error" or not quiet:
                click.echo(str(item), err=True)
    if text_summary and not quiet:
        click.echo(text_summary(), err=True)
