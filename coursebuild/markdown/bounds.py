"""Bounds on the work a chapter's Markdown causes, checked while markdown-it parses it.

What costs, measured on two cores (figures for a 1.9 MB chapter before these bounds): lines
(the block parser visits each one: 200,000 lines of ``a`` took 4 s), blocks and table cells
(each makes tokens: 475,000 ``- a`` items took 23 s and 1.1 GB), characters that may start
inline markup (``*_`` repeated took 20 s and 900 MB) and nesting (each unclosed ``[`` rescans
its paragraph; quotes and lists recurse). markdown-it's own bound, ``maxNesting``, drops the
rest of the page silently: it is set above ours, which stop with an error at the line instead.
``reported_at`` turns that error into a ``ContentError`` for the chapter's file.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock, table
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from ..errors import ContentError

MAX_LINES = 100_000  # a 2 MB chapter of the shipped course's prose has 32,000
MAX_BLOCKS = 100_000  # paragraphs, headings, list items, table cells: the shipped 2 MB, 22,000
MAX_MARKUP = 250_000  # characters that may start inline markup (see _inline_work): 2 MB, 59,000
MAX_BLOCK_LEVEL = 32  # markdown-it levels: a quote counts one, a list two (the list, its item)
MAX_BRACKET_DEPTH = 32  # unclosed [ in one paragraph, ![ and [[ included
PARSER_NESTING = 4 * max(MAX_BLOCK_LEVEL, MAX_BRACKET_DEPTH)  # never reached: ours come first


class BoundExceeded(Exception):
    """A bound was passed at ``line`` (1-based) of the text being parsed."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@contextmanager
def reported_at(path: Path) -> Iterator[None]:
    """Bounds passed while parsing ``path`` become errors at its lines, never tracebacks."""
    try:
        yield
    except BoundExceeded as exc:
        raise ContentError(path, exc.line, exc.message) from None
    except RecursionError:  # the bounds keep recursion shallow; this is a safety net
        raise ContentError(path, None, "nested too deeply to parse") from None


def bounds_plugin(md: MarkdownIt) -> None:
    """Use it last: its block rule goes first, so it sees each block before any other rule."""
    md.options["maxNesting"] = PARSER_NESTING
    md.core.ruler.before("block", "line_bound", _line_bound)
    md.block.ruler.before(md.block.ruler.get_all_rules()[0], "block_bounds", _block_bounds)
    md.core.ruler.before("inline", "inline_bounds", _inline_bounds)


@dataclass
class _Tally:
    """What one parse has met so far (kept in the parse's ``env``)."""

    blocks: int = 0
    markup: int = 0
    blank_lines: list[int] | None = field(default=None, repr=False)  # found at the first table


def _tally(env: dict) -> _Tally:
    return env.setdefault("coursebuild.bounds", _Tally())


def _line_bound(state: StateCore) -> None:
    if state.src.count("\n") > MAX_LINES:
        raise BoundExceeded(MAX_LINES + 1, f"more than {MAX_LINES:,} lines in one chapter: "
                            "split it")


def _block_bounds(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Counts each block as it starts (a table: its cells); matches nothing, so the next rule
    parses the block."""
    tally = _tally(state.env)
    tally.blocks += 1 + _table_cells(state, start, end, tally)
    if tally.blocks > MAX_BLOCKS:
        raise BoundExceeded(start + 1, f"more than {MAX_BLOCKS:,} blocks (paragraphs, "
                            "headings, list items, table cells) in one chapter: split it")
    if state.level > MAX_BLOCK_LEVEL:
        raise BoundExceeded(start + 1, f"quotes and lists nested more than {MAX_BLOCK_LEVEL} "
                            "levels deep (a quote counts one, a list two)")
    return False


def _table_cells(state: StateBlock, start: int, end: int, tally: _Tally) -> int:
    """The cells of the table starting at ``start`` (as markdown-it sees it), counted up to the
    next blank line, before the table rule makes them; 0 if no table starts there."""
    if not table(state, start, end, True):
        return 0
    delimiter = state.getLines(start + 1, start + 2, state.blkIndent, False).strip()
    columns = delimiter.strip("|").count("|") + 1
    if tally.blank_lines is None:
        tally.blank_lines = [number for number, line in enumerate(state.src.split("\n"))
                             if not line.strip(" \t>")]  # blank, in a quote or not
    index = bisect.bisect_left(tally.blank_lines, start + 2)
    stop = tally.blank_lines[index] if index < len(tally.blank_lines) else end
    return columns * (min(stop, end) - start)


def _inline_bounds(state: StateCore) -> None:
    """Before inline parsing: the work it will do, and the nesting of brackets."""
    tally = _tally(state.env)
    for token in state.tokens:
        if token.type == "inline":
            tally.markup += _inline_work(token, state.md.inline.terminator_re,
                                         MAX_MARKUP - tally.markup)


def _inline_work(token: Token, terminators: re.Pattern[str], budget: int) -> int:
    """One count per character that may start markup, plus one for each ``[`` still open before
    it (a link's text is scanned again for each ``[`` around it); raises where ``budget`` is
    passed or brackets nest deeper than ``MAX_BRACKET_DEPTH``."""
    text = token.content
    work, escaped, depth = 0, -1, 0
    for match in terminators.finditer(text):
        pos = match.start()
        work += 1 + depth
        if work > budget:
            raise BoundExceeded(_line(token, pos), f"more than {MAX_MARKUP:,} characters of "
                                "inline markup (* _ [ ] ` < & \\ ..., each counted once more "
                                "for each [ still open before it) in one chapter: split it")
        if pos == escaped:
            continue
        if text[pos] == "\\":
            escaped = pos + 1
        elif text[pos] == "[":
            depth += 1
            if depth > MAX_BRACKET_DEPTH:
                raise BoundExceeded(_line(token, pos), f"more than {MAX_BRACKET_DEPTH} "
                                    "unclosed [ in one paragraph (links, images and "
                                    "wiki-links nest at most that deep)")
        elif text[pos] == "]" and depth:
            depth -= 1
    return work


def _line(token: Token, pos: int) -> int:
    first = token.map[0] + 1 if token.map else 1
    return first + token.content.count("\n", 0, pos)
