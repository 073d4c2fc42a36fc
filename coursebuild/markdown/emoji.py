"""Splits text tokens around emoji, so every emoji renders as an image with itself as alt text."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from ..emoji import find_emoji


def emoji_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("emoji", _split_emoji)


def _split_emoji(state: StateCore) -> None:
    for token in state.tokens:
        if token.type == "inline" and token.children:
            token.children = [part for child in token.children for part in _split(child)]


def _split(token: Token) -> list[Token]:
    if token.type != "text":
        return [token]
    matches = find_emoji(token.content)
    if not matches:
        return [token]
    parts: list[Token] = []
    pos = 0
    for match in matches:
        parts.append(_text(token, token.content[pos : match.start]))
        parts.append(_emoji(token, match.emoji))
        pos = match.end
    parts.append(_text(token, token.content[pos:]))
    return [part for part in parts if part.content]


def _text(source: Token, content: str) -> Token:
    token = Token("text", "", 0, content=content, meta=dict(source.meta or {}))
    return token


def _emoji(source: Token, char: str) -> Token:
    return Token("emoji", "img", 0, content=char, meta=dict(source.meta or {}))
