"""Source preprocessing (front matter, directives, comments) and a statement cursor."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .directives import (
    acc_descr_block,
    directive_lines,
    front_matter,
    front_matter_title,
    theme_pairs,
)
from .errors import MermaidError

_OPENERS = "[({"
_CLOSERS = "])}"
_ACC_DESCR_BLOCK = re.compile(r"accDescr\s*\{(.*)$")
_TOKEN = re.compile(r"[<xo]?(?:-{2,}|={2,}|-?\.+-|~{3,})[>ox]?|\w+(?:[-.]\w+)*|:::|\S")
# A link at the end of a line or the start of the next joins the two lines (as mermaid's
# lexer, whose link tokens swallow the white space, newlines included, around them).
_LINK_AT_END = re.compile(r"(?:[<xo]?(?:-{2,}|={2,})[->ox]?|-?\.+-[>ox]?)$")
_LINK_AT_START = re.compile(r"<?(?:-{2,}[->ox]|={2,}[=>ox]|-?\.+-|~{3,})")
_INHERIT_DIR = re.compile(r"[\"']?inheritDir[\"']?\s*:\s*true")
_OPEN_CHARS = re.compile(r'["\[\](){}|]')
_CLOSED = (False, 0, False, "")  # no quote, bracket, ``|edge label|`` or link text open
# A line's links, and the starts of ``-- text -->`` links: mermaid reads such text over newlines
# up to the link's end (``-`` for ``--``, ``=`` for ``==``, ``.`` for ``-.``).
_DOTS = re.compile(r"\.{2,}")
_LINK_MARKS = re.compile(r"--|==|-\.")
_LINK_OR_TEXT_START = re.compile(
    r"(?P<link>[xo<]?(?:-{2,}[-xo>]|={2,}[=xo>]|-?\.+-[xo>]?)|~{3,})|(?P<start>[xo<]?(?:--|==|-\.))"
)
_TEXT_END = {
    "-": re.compile(r"[xo<]?-{2,}[-xo>]"),
    "=": re.compile(r"[xo<]?={2,}[=xo>]"),
    ".": re.compile(r"[xo<]?-?\.+-[xo>]?"),
}
MAX_JOINED_LINES = 20  # an unclosed quote, bracket or |label| joins at most this many lines
MAX_FAILED_JOIN_LINES = 20_000  # then lines that leave a quote or bracket open stand alone
THEME_KEYS = (
    "primaryColor", "primaryTextColor", "primaryBorderColor", "lineColor", "textColor",
    "clusterBkg", "clusterBorder", "edgeLabelBackground", "titleColor", "mainBkg",
    "nodeBorder", "nodeTextColor", "background", "fontFamily", "theme",
)  # fmt: skip


@dataclass(frozen=True)
class Statement:
    line: int
    text: str


@dataclass
class Source:
    """The statements of a diagram plus what the front matter said."""

    statements: list[Statement] = field(default_factory=list)
    title: str | None = None
    theme: dict[str, str] = field(default_factory=dict)  # themeVariables, values unchecked
    join_budget: int = MAX_FAILED_JOIN_LINES  # lines left to scan for joins that fail
    inherit_dir: bool = False  # ``flowchart: {inheritDir: true}``: subgraphs take the chart's


def preprocess(source: str) -> Source:
    """Split a diagram into statements, each tagged with its 1-based line number."""
    lines = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    result = Source()
    index = _skip_front_matter(lines, result)
    while index < len(lines):
        index = _consume_line(lines, index, result)
    return result


def _skip_front_matter(lines: list[str], result: Source) -> int:
    body, after = front_matter(lines)
    for line in body:
        text = line.strip()
        title = front_matter_title(text)
        if title is not None:
            result.title = title
        _theme_values(text, result)
    return after


def _theme_values(text: str, result: Source) -> None:
    if _INHERIT_DIR.search(text):
        result.inherit_dir = True
    result.theme.update(theme_pairs(text, THEME_KEYS))


def _consume_line(lines: list[str], index: int, result: Source) -> int:
    text = lines[index].strip()
    if text.startswith("%%{"):
        return _skip_directive(lines, index, result)
    block = _ACC_DESCR_BLOCK.match(text)
    if block:
        return _acc_descr_block(lines, index, block.group(1), result)
    if not result.statements:  # the header line stands alone
        text, after = strip_comment(text), index + 1
    else:
        text, after = _logical_line(lines, index, result)
    for piece in split_statements(text):
        result.statements.append(Statement(index + 1, piece))
    return after


def _logical_line(lines: list[str], index: int, result: Source) -> tuple[str, int]:
    """One line, joined with the next ones while a quote, bracket or ``|edge label|`` is open,
    or while a link ends this line or starts the next (mermaid reads those as one statement)."""
    first = strip_comment(lines[index].strip())
    state = _after(lines, index, _CLOSED)
    if state != _CLOSED and result.join_budget <= 0:
        return first, index + 1
    after, last = index + 1, first
    while after < len(lines) and after - index < MAX_JOINED_LINES:
        if state == _CLOSED:
            following = strip_comment(lines[after].strip())
            if not following or not (_LINK_AT_END.search(last) or _LINK_AT_START.match(following)):
                break
            last = following
        state = _after(lines, after, state)
        after += 1
    if state != _CLOSED:  # never closed: the first line alone, for a precise error
        result.join_budget -= after - index
        return first, index + 1
    return _joined(lines, index, after), after


def _joined(lines: list[str], index: int, after: int) -> str:
    """Lines ``index`` to ``after`` as one: a newline inside a quote, bracket or ``|label|``
    (indentation kept, for YAML blocks in ``@{ … }``), else a space."""
    text = strip_comment(lines[index].strip())
    state = _after(lines, index, _CLOSED)
    for i in range(index + 1, after):
        if state != _CLOSED:
            text = f"{text}\n{strip_comment(lines[i].rstrip())}"
        else:
            text = f"{text} {strip_comment(lines[i].strip())}"
        state = _after(lines, i, state)
    return text


State = tuple[bool, int, bool, str]  # quote, bracket depth, |label|, link text open


def _after(lines: list[str], index: int, state: State) -> State:
    """The open state after line ``index``: each line is scanned once for each way in."""
    line = lines[index]
    quoted, depth, piped, link = state
    if state[:3] == _CLOSED[:3] and (link or _LINK_MARKS.search(line)):
        link = _link_text_after(line, link)
    if not _OPEN_CHARS.search(line):  # most lines: nothing opens or closes
        return quoted, depth, piped, link
    quoted, floor, net = _effect(line, state[0])
    piped = _piped_after(line, (state[0], depth, piped)) if "|" in line else piped
    return quoted, max(depth, floor) + net, piped, link


@lru_cache(maxsize=4096)
def _link_text_after(line: str, link: str) -> str:
    """Which ``-- text -->`` link text is open after a line entered with ``link`` open (its
    end's kind, or ""): quotes, brackets and ``|labels|`` of the line are not read."""
    # a run of dots reads as one (the patterns then never backtrack over a long run)
    text, pos = _DOTS.sub(".", _masked(strip_comment(line.strip()))), 0
    while True:
        if link:
            end = _TEXT_END[link].search(text, pos)
            if end is None:
                return link
            pos, link = end.end(), ""
            continue
        found = _LINK_OR_TEXT_START.search(text, pos)
        if found is None:
            return ""
        pos = found.end()
        start = (found.group("start") or "").lstrip("xo<")
        link = "." if start == "-." else start[:1]


def _masked(text: str) -> str:
    """``text`` with what is inside quotes, brackets and ``|labels|`` blanked."""
    out: list[str] = []
    quoted = piped = False
    depth = 0
    for ch in text:
        inside = quoted or piped or depth > 0
        if ch == '"':
            quoted = not quoted
        elif quoted:
            pass
        elif ch == "|" and depth == 0:
            piped = not piped
        elif ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS:
            depth = max(0, depth - 1)
        out.append(" " if inside or ch in '"|[](){}' else ch)
    return "".join(out)


@lru_cache(maxsize=4096)
def _piped_after(line: str, state: tuple[bool, int, bool]) -> bool:
    """Whether an ``|edge label|`` is open after a line entered in ``state``: mermaid's text
    between pipes runs over newlines, like a quote. Pipes count outside quotes and brackets."""
    quoted, depth, piped = state
    for ch in strip_comment(line.strip()):
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
    return piped


@lru_cache(maxsize=4096)
def _effect(line: str, quoted: bool) -> tuple[bool, int, int]:
    """What a line does to the open state, entered (un)quoted: whether a quote is open after
    it, and how it moves the bracket depth ``d`` (outside quotes, never below 0) to
    ``max(d, floor) + net``."""
    depth = lowest = 0
    for ch in strip_comment(line.strip()):
        if ch == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS:
            depth -= 1
            lowest = min(lowest, depth)
    return quoted, -lowest, depth


def _skip_directive(lines: list[str], index: int, result: Source) -> int:
    body, after = directive_lines(lines, index)
    for line in body:
        _theme_values(line, result)
    return after


def _acc_descr_block(lines: list[str], index: int, first: str, result: Source) -> int:
    parts, after = acc_descr_block(lines, index, first)
    result.statements.append(Statement(index + 1, f"accDescr: {' '.join(parts)}"))
    return after


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
