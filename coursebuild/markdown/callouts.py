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
    """One pass over the tokens, into a new list (inserting at each callout was quadratic)."""
    tokens = state.tokens
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        out.append(tokens[i])
        header = _header_at(tokens, i)
        if header is None:
            i += 1
        else:
            replacement, consumed = _convert(tokens, i, header)
            out += replacement
            i += 1 + consumed
    tokens[:] = out


def _header_at(tokens: list[Token], i: int) -> tuple[str, str, str] | None:
    if i + 2 >= len(tokens):
        return None
    opening, paragraph, inline = tokens[i : i + 3]
    if opening.type != "blockquote_open" or paragraph.type != "paragraph_open":
        return None
    return _parse_header(inline.content)


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


def _convert(tokens: list[Token], i: int,
             header: tuple[str, str, str]) -> tuple[list[Token], int]:
    """The tokens that follow the callout's opening, and how many of the old ones they replace:
    the title, then the paragraph's rest if the header line has words after it."""
    kind, title, rest = header
    opening, paragraph, inline, closing = tokens[i : i + 4]
    opening.attrSet("class", f"callout callout-{kind}")
    opening.meta = {**(opening.meta or {}), "callout": kind}
    title_inline = Token("inline", "", 0, content=title, map=inline.map, children=[])
    title_tokens = [
        Token("callout_title_open", "p", 1, attrs={"class": "callout-title"}),
        title_inline,
        Token("callout_title_close", "p", -1),
    ]
    if not rest.strip():
        return title_tokens, 3
    inline.content = rest
    if inline.map:
        inline.map = [inline.map[0] + 1, inline.map[1]]
    return [*title_tokens, paragraph, inline, closing], 3
