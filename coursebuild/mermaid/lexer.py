"""Source preprocessing (front matter, directives, comments) and a statement cursor."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .errors import MermaidError

_OPENERS = "[({"
_CLOSERS = "])}"
_ACC_DESCR_BLOCK = re.compile(r"accDescr\s*\{(.*)$")
_TOKEN = re.compile(r"[<xo]?(?:-{2,}|={2,}|-\.+-|~{3,})[>ox]?|\w+(?:[-.]\w+)*|:::|\S")


@dataclass(frozen=True)
class Statement:
    line: int
    text: str


@dataclass
class Source:
    """The statements of a diagram plus what the front matter said."""

    statements: list[Statement] = field(default_factory=list)
    title: str | None = None


def preprocess(source: str) -> Source:
    """Split a diagram into statements, each tagged with its 1-based line number."""
    lines = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    result = Source()
    index = _skip_front_matter(lines, result)
    while index < len(lines):
        index = _consume_line(lines, index, result)
    return result


def _skip_front_matter(lines: list[str], result: Source) -> int:
    first = next((i for i, text in enumerate(lines) if text.strip()), None)
    if first is None or lines[first].strip() != "---":
        return 0
    for i in range(first + 1, len(lines)):
        text = lines[i].strip()
        if text == "---":
            return i + 1
        match = re.match(r"title\s*:\s*(.+)$", text)
        if match:
            result.title = match.group(1).strip().strip("\"'")
    raise MermaidError(first + 1, "unclosed front matter : expected a closing '---'")


def _consume_line(lines: list[str], index: int, result: Source) -> int:
    text = lines[index].strip()
    if text.startswith("%%{"):
        return _skip_directive(lines, index)
    block = _ACC_DESCR_BLOCK.match(text)
    if block:
        return _acc_descr_block(lines, index, block.group(1), result)
    for piece in split_statements(strip_comment(text)):
        result.statements.append(Statement(index + 1, piece))
    return index + 1


def _skip_directive(lines: list[str], index: int) -> int:
    for i in range(index, len(lines)):
        if "}%%" in lines[i]:
            return i + 1
    raise MermaidError(index + 1, "unclosed directive '%%{' : expected '}%%'")


def _acc_descr_block(lines: list[str], index: int, first: str, result: Source) -> int:
    parts: list[str] = []
    chunk, i = first, index
    while "}" not in chunk:
        parts.append(chunk.strip())
        i += 1
        if i >= len(lines):
            raise MermaidError(index + 1, "unclosed 'accDescr {' : expected '}'")
        chunk = lines[i]
    parts.append(chunk.split("}", 1)[0].strip())
    text = " ".join(p for p in parts if p)
    result.statements.append(Statement(index + 1, f"accDescr: {text}"))
    return i + 1


def strip_comment(text: str) -> str:
    """Drop a ``%%`` comment (outside quotes) from a line."""
    if text.startswith("%%"):
        return ""
    quoted = False
    for i, ch in enumerate(text):
        if ch == '"':
            quoted = not quoted
        elif not quoted and text.startswith("%%", i):
            return text[:i].rstrip()
    return text


def split_statements(text: str) -> list[str]:
    """Split a line on ``;`` outside quotes, brackets and ``|edge labels|``."""
    pieces: list[str] = []
    depth = 0
    quoted = piped = False
    start = 0
    for i, ch in enumerate(text):
        if ch == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif ch == "|" and depth == 0:
            piped = not piped
        elif ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS:
            depth = max(0, depth - 1)
        elif ch == ";" and depth == 0 and not piped:
            pieces.append(text[start:i])
            start = i + 1
    pieces.append(text[start:])
    return [p.strip() for p in pieces if p.strip()]


@dataclass
class Cursor:
    """A position in one statement, with helpers that raise located errors."""

    text: str
    line: int
    pos: int = 0

    def skip_ws(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def at_end(self) -> bool:
        return self.pos >= len(self.text)

    def rest(self) -> str:
        return self.text[self.pos :]

    def match(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        found = pattern.match(self.text, self.pos)
        if found:
            self.pos = found.end()
        return found

    def startswith(self, prefix: str) -> bool:
        return self.text.startswith(prefix, self.pos)

    def found(self) -> str:
        """A short description of what is at the cursor, for error messages."""
        if self.at_end():
            return "end of line"
        token = _TOKEN.match(self.text, self.pos)
        shown = token.group(0) if token else self.text[self.pos]
        return f"'{shown[:20]}'"

    def error(self, expected: str) -> MermaidError:
        return MermaidError(self.line, f"unexpected {self.found()} : expected {expected}")
