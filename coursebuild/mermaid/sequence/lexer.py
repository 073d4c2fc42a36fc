"""Sequence source to statements: front matter, directives, comments and ``;`` removed."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..directives import (
    acc_descr_block,
    directive_lines,
    front_matter,
    front_matter_title,
    theme_pairs,
)
from ..errors import MermaidError
from .theme import THEME_KEYS

_SEPARATOR = re.compile(r"#(?:\d+|[A-Za-z]+);|;|#|%%(?!\{)")  # entities are not separators
_WHOLE_LINE = re.compile(r"(accTitle|accDescr)\s*:", re.IGNORECASE)
_ACC_BLOCK = re.compile(r"accDescr\s*\{(.*)$", re.IGNORECASE)
_FLAG = re.compile(
    r"[\"']?(mirrorActors|wrap|showSequenceNumbers)[\"']?\s*:\s*[\"']?((?i:true|false))"
)


@dataclass(frozen=True)
class Statement:
    line: int
    text: str


@dataclass
class Source:
    statements: list[Statement] = field(default_factory=list)
    title: str | None = None
    description: str | None = None
    theme: dict[str, str] = field(default_factory=dict)  # themeVariables, values unchecked
    flags: dict[str, bool] = field(default_factory=dict)  # mirrorActors, wrap, showSequenceNumbers


def preprocess(source: str) -> Source:
    """Split a diagram into statements, each tagged with its 1-based line number."""
    lines = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    result = Source()
    index = _front_matter(lines, result)
    while index < len(lines):
        index = _line(lines, index, result)
    return result


def is_sequence(source: str) -> bool:
    """Whether the first statement is ``sequenceDiagram`` (mermaid's detector is case-sensitive).

    Only the lines before the header are read, so an error further down is the parser's to
    report at its line."""
    lines = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    index = 0
    try:
        index = _front_matter(lines, Source())
    except MermaidError:
        return False
    while index < len(lines):
        text = lines[index].strip()
        if text.startswith("%%{"):
            index = _directive_end(lines, index)
            continue
        words = split_statements(text)
        if words:
            return words[0].split()[0] == "sequenceDiagram"
        index += 1
    return False


def _directive_end(lines: list[str], index: int) -> int:
    for i in range(index, len(lines)):
        if "}%%" in lines[i]:
            return i + 1
    return len(lines)


def _front_matter(lines: list[str], result: Source) -> int:
    body, after = front_matter(lines)
    for line in body:
        text = line.strip()
        title = front_matter_title(line)
        if title is not None:
            result.title = title
        _theme_values(text, result)
    return after


def _line(lines: list[str], index: int, result: Source) -> int:
    text = lines[index].strip()
    if text.startswith("%%{"):
        return _directive(lines, index, result)
    block = _ACC_BLOCK.match(text)
    if block:
        return _acc_descr_block(lines, index, block.group(1), result)
    if _WHOLE_LINE.match(text):
        result.statements.append(Statement(index + 1, text))
        return index + 1
    for piece in split_statements(text):
        result.statements.append(Statement(index + 1, piece))
    return index + 1


def split_statements(text: str) -> list[str]:
    """Cut a line at ``;``, and drop what follows ``#`` or ``%%`` (entities are kept)."""
    pieces: list[str] = []
    start = 0
    for found in _SEPARATOR.finditer(text):
        mark = found.group(0)
        if len(mark) > 2:  # an entity such as #59;
            continue
        pieces.append(text[start : found.start()])
        start = found.end()
        if mark != ";":
            start = len(text)
            break
    pieces.append(text[start:])
    return [piece.strip() for piece in pieces if piece.strip()]


def _theme_values(text: str, result: Source) -> None:
    for flag in _FLAG.finditer(text):
        result.flags[flag.group(1)] = flag.group(2).lower() == "true"
    result.theme.update(theme_pairs(text, THEME_KEYS))


def _directive(lines: list[str], index: int, result: Source) -> int:
    body, after = directive_lines(lines, index)
    for line in body:
        _theme_values(line, result)
    return after


def _acc_descr_block(lines: list[str], index: int, first: str, result: Source) -> int:
    parts, after = acc_descr_block(lines, index, first)
    result.description = "\n".join(parts)
    return after
