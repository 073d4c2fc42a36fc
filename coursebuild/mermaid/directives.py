"""What every diagram type reads the same way before its own grammar: ``%%{init: …}%%``
directives (theme values) and ``accDescr { … }`` blocks, which may run over several lines."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .errors import MermaidError

_FRONT_TITLE = re.compile(r"title\s*:\s*(.+)$")
_THEME_PAIR = re.compile(r"[\"']?(\w+)[\"']?\s*:\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s,'\"{}]+))")


def theme_pairs(text: str, keys: tuple[str, ...] | frozenset[str]) -> Iterator[tuple[str, str]]:
    """``key: value`` pairs of ``text`` whose key is one of ``keys`` (quotes dropped)."""
    for found in _THEME_PAIR.finditer(text):
        if found.group(1) in keys:
            value = next(v for v in found.groups()[1:] if v is not None)
            yield found.group(1), value.strip()


def directive_lines(lines: list[str], index: int) -> tuple[list[str], int]:
    """The lines of the directive opened at ``lines[index]``, and the index after it."""
    for i in range(index, len(lines)):
        if "}%%" in lines[i]:
            return lines[index : i + 1], i + 1
    raise MermaidError(index + 1, "unclosed directive '%%{' : expected '}%%'")


def acc_descr_block(lines: list[str], index: int, first: str) -> tuple[list[str], int]:
    """The non-empty lines of the ``accDescr {`` block opened at ``lines[index]`` (``first`` is
    what follows the brace there), and the index after the closing brace."""
    parts: list[str] = []
    chunk, i = first, index
    while "}" not in chunk:
        parts.append(chunk.strip())
        i += 1
        if i >= len(lines):
            raise MermaidError(index + 1, "unclosed 'accDescr {' : expected '}'")
        chunk = lines[i]
    parts.append(chunk.split("}", 1)[0].strip())
    return [part for part in parts if part], i + 1


def front_matter(lines: list[str]) -> tuple[list[str], int]:
    """The lines inside a leading ``---`` … ``---`` block, and the index after it (none: an
    empty list and 0)."""
    first = next((i for i, text in enumerate(lines) if text.strip()), None)
    if first is None or lines[first].strip() != "---":
        return [], 0
    for i in range(first + 1, len(lines)):
        if lines[i].strip() == "---":
            return lines[first + 1 : i], i + 1
    raise MermaidError(first + 1, "unclosed front matter : expected a closing '---'")


def source_lines(source: str) -> list[str]:
    """A diagram's lines, whatever its line ends."""
    return source.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def declares(source: str, header: re.Pattern[str]) -> bool:
    """Whether the diagram's first statement (after the front matter, directives and ``%%``
    comments) matches ``header``: how a type knows a diagram is its own. Only the lines before
    that statement are read, so an error further down is the parser's to report."""
    lines = source_lines(source)
    try:
        _, index = front_matter(lines)
        while index < len(lines):
            text = lines[index].strip()
            if text.startswith("%%{"):
                _, index = directive_lines(lines, index)
                continue
            if text and not text.startswith("%%"):
                return header.match(text) is not None
            index += 1
    except MermaidError:
        return False
    return False


def front_matter_title(line: str) -> str | None:
    """The title a front-matter line sets (``title:`` at its start, unquoted); None for any
    other line. Pass the line as it is to read only the top-level key."""
    found = _FRONT_TITLE.match(line)
    return found.group(1).strip().strip("\"'") if found else None
