"""``:rocket:`` shortcodes (GitHub, Slack, Obsidian plugins) become the emoji they name, drawn as
every emoji is; an unknown ``:word:`` and one glued to letters (``12:30:45``, ``a:x:c``) stay
text; code is never read."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_+-")


def shortcodes_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("emphasis", "shortcode", _shortcode)


def emoji_for(name: str) -> str | None:
    """The emoji named ``:name:`` (GitHub's aliases and Unicode's names), or None."""
    import emoji as emoji_data  # here: a text without ``:word:`` never loads its tables

    code = f":{name}:"
    found = emoji_data.emojize(code, language="alias")
    return None if found == code else found


def _shortcode(state: StateInline, silent: bool) -> bool:
    src, pos = state.src, state.pos
    if src[pos] != ":" or (pos > 0 and src[pos - 1].isalnum()):
        return False
    end = pos + 1
    while end < state.posMax and src[end].lower() in NAME_CHARS:
        end += 1
    if end == pos + 1 or end >= state.posMax or src[end] != ":":
        return False
    if end + 1 < len(src) and src[end + 1].isalnum():
        return False
    char = emoji_for(src[pos + 1 : end])
    if char is None:
        return False
    if not silent:
        token = state.push("emoji", "img", 0)
        token.content = char
        token.markup = src[pos : end + 1]
    state.pos = end + 1
    return True
