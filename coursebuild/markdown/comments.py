"""Obsidian's ``%%comments%%``: inline and as blocks, they produce no token, so no output
(deck, speaker notes, PDFs, check) ever holds them. An unclosed ``%%`` stays text."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline

MARK = "%%"


def comments_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before("fence", "comment_block", _block,
                          {"alt": ["paragraph", "reference", "blockquote", "list"]})
    md.inline.ruler.before("emphasis", "comment_inline", _inline)


def _line(state: StateBlock, line: int) -> str:
    start = state.bMarks[line] + state.tShift[line]
    return state.src[start:state.eMarks[line]]


def _block(state: StateBlock, startLine: int, endLine: int, silent: bool) -> bool:
    """A line starting with ``%%`` opens a comment ending at the next line ending with ``%%``
    (the same line when it ends there too): those lines are dropped."""
    if state.sCount[startLine] - state.blkIndent >= 4:
        return False
    first = _line(state, startLine).rstrip()
    if not first.startswith(MARK):
        return False
    closes_here = len(first) >= 4 and first.endswith(MARK)
    if not closes_here and MARK in first[2:]:
        return False  # "%%a%% text": an inline comment, then text
    line = startLine
    if not closes_here:
        line += 1
        while line < endLine and not _line(state, line).rstrip().endswith(MARK):
            line += 1
        if line >= endLine:
            return False  # never closed: not a comment
    if not silent:
        state.line = line + 1
    return True


def _inline(state: StateInline, silent: bool) -> bool:
    pos = state.pos
    if not state.src.startswith(MARK, pos):
        return False
    end = state.src.find(MARK, pos + 2)
    if end < 0:
        return False
    end += 2
    if pos == 0 or state.src[pos - 1] == " ":  # "a %%x%% b" reads "a b"
        while end < state.posMax and state.src[end] == " ":
            end += 1
    state.pos = end
    return True
