"""Gives every inline token the source line it comes from, for ``path:line`` messages."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore


def line_numbers_plugin(md: MarkdownIt) -> None:
    md.core.ruler.after("inline", "inline_lines", _number_children)


def _number_children(state: StateCore) -> None:
    for token in state.tokens:
        if token.type != "inline" or not token.map or not token.children:
            continue
        line = token.map[0] + 1
        for child in token.children:
            child.meta = {**(child.meta or {}), "line": line}
            if child.type in ("softbreak", "hardbreak"):
                line += 1
