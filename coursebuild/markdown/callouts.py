"""Obsidian callouts: ``> [!note] Title`` turns a blockquote into a titled box."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

KINDS = {"note", "abstract", "summary", "info", "todo", "tip", "hint", "important", "success",
         "check", "done", "question", "help", "faq", "warning", "caution", "attention",
         "failure", "fail", "missing", "danger", "error", "bug", "example", "quote", "cite"}


def callouts_plugin(md: MarkdownIt) -> None:
    md.core.ruler.before("inline", "callouts", _find_callouts)


def _find_callouts(state: StateCore) -> None:
    tokens = state.tokens
    i = 0
    while i < len(tokens) - 2:
        opening, paragraph, inline = tokens[i : i + 3]
        if opening.type == "blockquote_open" and paragraph.type == "paragraph_open":
            header = _parse_header(inline.content)
            if header:
                _convert(tokens, i, header)
        i += 1


def _parse_header(content: str) -> tuple[str, str, str] | None:
    first, _, rest = content.partition("\n")
    if not first.startswith("[!") or "]" not in first:
        return None
    kind, _, title = first[2:].partition("]")
    kind = kind.strip().lower()
    if kind not in KINDS:
        return None
    title = title.lstrip("+-").strip() or kind.capitalize()
    return kind, title, rest


def _convert(tokens: list[Token], i: int, header: tuple[str, str, str]) -> None:
    kind, title, rest = header
    opening, _, inline = tokens[i : i + 3]
    opening.attrSet("class", f"callout callout-{kind}")
    opening.meta = {**(opening.meta or {}), "callout": kind}
    title_inline = Token("inline", "", 0, content=title, map=inline.map, children=[])
    title_tokens = [
        Token("callout_title_open", "p", 1, attrs={"class": "callout-title"}),
        title_inline,
        Token("callout_title_close", "p", -1),
    ]
    if rest.strip():
        inline.content = rest
        if inline.map:
            inline.map = [inline.map[0] + 1, inline.map[1]]
        tokens[i + 1 : i + 1] = title_tokens
    else:
        tokens[i + 1 : i + 4] = title_tokens
