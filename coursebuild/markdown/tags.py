"""Obsidian's ``#tags`` in text, shown small as tags. A tag follows a space or a line's start
(never ``C#``, never a URL's ``#anchor``), starts with a letter or ``_`` and holds letters,
digits, ``_ - /`` (``#1`` is no tag, as in Obsidian). Code is never read."""

from __future__ import annotations

from html import escape

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import OptionsDict

BEFORE = frozenset(" \t\n([{\"'«")


def tags_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("emphasis", "tag", _tag)
    md.add_render_rule("tag", _render_tag)


def _is_tag_char(char: str) -> bool:
    return char.isalnum() or char in "_-/"


def _tag(state: StateInline, silent: bool) -> bool:
    src, pos = state.src, state.pos
    if src[pos] != "#" or (pos > 0 and src[pos - 1] not in BEFORE):
        return False
    end = pos + 1
    while end < state.posMax and _is_tag_char(src[end]):
        end += 1
    name = src[pos + 1 : end].rstrip("/-")
    if not name or not (name[0].isalpha() or name[0] == "_"):
        return False
    if not silent:
        token = state.push("tag", "span", 0)
        token.content = name
        token.markup = "#"
    state.pos = pos + 1 + len(name)
    return True


def _render_tag(self: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict,
                env: dict) -> str:
    return f'<span class="tag">#{escape(tokens[idx].content)}</span>'
