"""Obsidian callouts: ``> [!note] Title`` turns a blockquote into a titled box.

Three kinds say who a block is for (see ``html.py``, which renders them per audience):
``[!handout]`` is students' text that is not projected, ``[!answer]`` and ``[!solution]`` are
revealed on the slide at the next click and printed only in the instructor's edition.
Any other word is a kind too, as in Obsidian (``[!recette]``): it gets the default look.
Obsidian's fold marker (``[!answer]-``, ``[!tip]+``) is accepted on every kind and recorded;
``html.py`` reveals a folded callout's body at a click in the deck and prints it expanded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from .bounds import BoundExceeded

HANDOUT = "handout"
ANSWER_KINDS = frozenset({"answer", "solution"})
AUDIENCE_KINDS = ANSWER_KINDS | {HANDOUT}  # titled only when the author gives a title
KINDS = {"note", "abstract", "summary", "info", "todo", "tip", "hint", "important", "success",
         "check", "done", "question", "help", "faq", "warning", "caution", "attention",
         "failure", "fail", "missing", "danger", "error", "bug", "example", "quote", "cite",
         *AUDIENCE_KINDS}
FOLDS = ("+", "-")
# Obsidian takes any word as a kind: letters of every script, digits, ``-`` and ``_``
# (it also takes spaces, which no CSS class can hold: those stay quotes here)
KIND = re.compile(r"[^\W_][\w-]*")


@dataclass(frozen=True)
class Callout:
    """What a callout's header line says (kept on its ``blockquote_open``)."""

    kind: str  # lower case: one of KINDS, or the author's own word (default look)
    fold: str  # Obsidian's fold marker: "-" (folded), "+" (open) or "" (not foldable)
    titled: bool  # the author wrote a title (else the kind's default, or none)


@dataclass(frozen=True)
class _Header:
    callout: Callout
    title: str
    rest: str  # the first paragraph's lines after the header line


def callouts_plugin(md: MarkdownIt) -> None:
    md.core.ruler.before("inline", "callouts", _find_callouts)


def callout(token: Token) -> Callout | None:
    """The callout a ``blockquote_open`` opens, if it is one."""
    found = (token.meta or {}).get("callout")
    return found if isinstance(found, Callout) else None


def callout_kind(token: Token) -> str | None:
    """The kind (lower case) of the callout ``token`` opens; None for anything else."""
    found = callout(token)
    return found.kind if found else None


def answer_blocks(tokens: list[Token]) -> list[list[Token]]:
    """Each answer or solution callout among ``tokens`` (inside lists and other callouts too),
    opening to closing, in order; one inside another answer is part of that one."""
    blocks: list[list[Token]] = []
    i = 0
    while i < len(tokens):
        if tokens[i].type == "blockquote_open" and callout_kind(tokens[i]) in ANSWER_KINDS:
            end = closing(tokens, i)
            blocks.append(tokens[i : end + 1])
            i = end + 1
        else:
            i += 1
    return blocks


def closing(tokens: list[Token], opening: int) -> int:
    """The index of the ``blockquote_close`` that ends the blockquote opened at ``opening``."""
    depth = 0
    for i in range(opening, len(tokens)):
        if tokens[i].type == "blockquote_open":
            depth += 1
        elif tokens[i].type == "blockquote_close":
            depth -= 1
            if depth == 0:
                return i
    return len(tokens) - 1


def answer_id(token: Token, prefix: str = "") -> str:
    """The id an answer's box has in the instructor's edition (``prefix``: the book's for its
    chapter), so that an appendix can link back to it."""
    line = token.map[0] + 1 if token.map else 0
    return f"{prefix}answer-{line}"


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
            replacement, consumed = _convert(state, tokens, i, header)
            out += replacement
            i += 1 + consumed
    tokens[:] = out


def _header_at(tokens: list[Token], i: int) -> _Header | None:
    if i + 2 >= len(tokens):
        return None
    opening, paragraph, inline = tokens[i : i + 3]
    if opening.type != "blockquote_open" or paragraph.type != "paragraph_open":
        return None
    return _parse_header(inline.content)


def _parse_header(content: str) -> _Header | None:
    first, _, rest = content.partition("\n")
    if not first.startswith("[!") or "]" not in first:
        return None
    kind, _, title = first[2:].partition("]")
    kind = kind.strip().lower()
    if not KIND.fullmatch(kind):
        return None
    fold = title[:1] if title[:1] in FOLDS else ""
    title = title[len(fold) :].strip()
    default = "" if kind in AUDIENCE_KINDS else kind.capitalize()
    return _Header(Callout(kind, fold, bool(title)), title or default, rest)


def _convert(state: StateCore, tokens: list[Token], i: int,
             header: _Header) -> tuple[list[Token], int]:
    """The tokens that follow the callout's opening, and how many of the old ones they replace:
    the title (if it has one), then the blocks of the lines under the header line, if the
    first paragraph goes on after it."""
    kind = header.callout.kind
    opening, paragraph, inline, closing_ = tokens[i : i + 4]
    opening.attrSet("class", f"callout callout-{kind}")
    opening.meta = {**(opening.meta or {}), "callout": header.callout}
    title_tokens = [
        Token("callout_title_open", "p", 1, attrs={"class": "callout-title"}),
        Token("inline", "", 0, content=header.title, map=inline.map, children=[]),
        Token("callout_title_close", "p", -1),
    ] if header.title else []
    if not header.rest.strip():
        return title_tokens, 3
    first_line = inline.map[0] + 1 if inline.map else 0
    return [*title_tokens, *_blocks(state, header.rest, opening.level + 1, first_line)], 3


def _blocks(state: StateCore, text: str, level: int, first_line: int) -> list[Token]:
    """``text`` parsed as the blocks it starts, as Obsidian does under a callout's header
    line: ``4. …`` there starts a list (it could not interrupt the paragraph it was in)."""
    found: list[Token] = []
    block = StateBlock(text, state.md, state.env, found)
    block.level = level  # the nesting bounds count the callout's own depth
    try:
        state.md.block.tokenize(block, 0, block.lineMax)
    except BoundExceeded as exc:  # at its line of the chapter, not of ``text``
        raise BoundExceeded(exc.line + first_line, exc.message) from None
    for token in found:
        if token.map:
            token.map = [token.map[0] + first_line, token.map[1] + first_line]
    return found
