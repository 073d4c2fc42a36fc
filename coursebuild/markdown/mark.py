"""``==highlight==`` (Obsidian, Pandoc's ``mark`` extension, markdown-it-mark) as ``<mark>``.
The text between may hold other inline markup; it may not start or end with a space."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

MARK = "=="


def mark_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("emphasis", "mark", _mark)


def _mark(state: StateInline, silent: bool) -> bool:
    src, start = state.src, state.pos
    if not src.startswith(MARK, start) or src.startswith("=", start + 2):
        return False
    if start + 2 >= state.posMax or src[start + 2].isspace():
        return False
    end = src.find(MARK, start + 3)
    while end >= 0 and (src[end - 1].isspace() or src.startswith("=", end + 2)):
        end = src.find(MARK, end + 1)
    if end < 0 or end + 2 > state.posMax:
        return False
    if silent:
        return True
    old_max = state.posMax
    state.pos, state.posMax = start + 2, end
    state.push("mark_open", "mark", 1).markup = MARK
    state.md.inline.tokenize(state)
    state.push("mark_close", "mark", -1).markup = MARK
    state.pos, state.posMax = end + 2, old_max
    return True
