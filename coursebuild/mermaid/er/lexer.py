"""The tokens of mermaid's ``erDiagram.jison``, tried in its order (the first rule that
matches wins, as jison does; a rule ending in a letter ends at a word boundary) in its
states: the attribute block ``{ … }``, ``style``/``classDef`` lines, ``accTitle``/``accDescr``
values. Case-insensitive, like mermaid's lexer."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..errors import MermaidError

_F = re.IGNORECASE | re.ASCII


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    line: int  # 1-based


# (states, pattern, token kind or None to skip, action): the action "push:<state>" enters a
# state, "pop" leaves it; the first state is INITIAL.
_Rule = tuple[frozenset[str], re.Pattern[str], str | None, str]


def _rule(states: str, pattern: str, kind: str | None, action: str = "") -> _Rule:
    return frozenset(states.split()), re.compile(pattern, _F), kind, action


_CARDINALITIES = [
    (r"one or zero\b", "ZERO_OR_ONE"), (r"one or more\b", "ONE_OR_MORE"),
    (r"one or many\b", "ONE_OR_MORE"), (r"1\+", "ONE_OR_MORE"), (r"\|o\b", "ZERO_OR_ONE"),
    (r"zero or one\b", "ZERO_OR_ONE"), (r"zero or more\b", "ZERO_OR_MORE"),
    (r"zero or many\b", "ZERO_OR_MORE"), (r"0\+", "ZERO_OR_MORE"), (r"\}o\b", "ZERO_OR_MORE"),
    (r"many\(0\)", "ZERO_OR_MORE"), (r"many\(1\)", "ONE_OR_MORE"), (r"many\b", "ZERO_OR_MORE"),
    (r"\}\|", "ONE_OR_MORE"), (r"one\b", "ONLY_ONE"), (r"only one\b", "ONLY_ONE"),
    (r"[0-9]+\.[0-9]+", "DECIMAL_NUM"), (r"1(?=\s+[A-Za-z_\"'])", "ONLY_ONE"),
    (r"1(?=\s+[0-9])", "ONLY_ONE"), (r"1(?=(\-\-|\.\.|\.\-|\-\.))", "ONLY_ONE"),
    (r"1\b", "ENTITY_ONE"), (r"[0-9]+", "NUM"), (r"\|\|", "ONLY_ONE"), (r"o\|", "ZERO_OR_ONE"),
    (r"o\{", "ZERO_OR_MORE"), (r"\|\{", "ONE_OR_MORE"), (r"u(?=[\.\-\|])", "MD_PARENT"),
    (r"\.\.", "NON_IDENTIFYING"), (r"\-\-", "IDENTIFYING"), (r"to\b", "IDENTIFYING"),
    (r"optionally to\b", "NON_IDENTIFYING"), (r"\.\-", "NON_IDENTIFYING"),
    (r"\-\.", "NON_IDENTIFYING"),
]  # fmt: skip

RULES: list[_Rule] = [
    _rule("I", r"accTitle\s*:\s*", "acc_title", "push:acc_title"),
    _rule("acc_title", r"[^\n]*", "acc_title_value", "pop"),
    _rule("I", r"accDescr\s*:\s*", "acc_descr", "push:acc_descr"),
    _rule("acc_descr", r"[^\n]*", "acc_descr_value", "pop"),
    _rule("I", r"accDescr\s*\{\s*", None, "push:acc_descr_multiline"),
    _rule("acc_descr_multiline", r"\}", None, "pop"),
    _rule("acc_descr_multiline", r"[^}]*", "acc_descr_multiline_value"),
    *(
        _rule("I", rf".*direction\s+{d}[^\n]*", f"direction_{d.lower()}")
        for d in ("TB", "BT", "RL", "LR")
    ),
    _rule("I", r"\n+", "NEWLINE"),
    _rule("I", r"\s+", None),
    _rule("I", r"\"[^\"%\r\n\v\b\\]+\"", "ENTITY_NAME"),
    _rule("I", r"\"[^\"]*\"", "WORD"),
    _rule("I", r"erDiagram\b", "ER_DIAGRAM"),
    _rule("I", r"\{", "BLOCK_START", "push:block"),
    _rule("I", r"\#", "BRKT"),
    _rule("I", r",", "COMMA"),
    _rule("I", r":::", "STYLE_SEPARATOR"),
    _rule("I", r":", "COLON"),
    _rule("block", r"\s+", None),
    _rule("block", r"\b(?:PK|FK|UK)\b", "ATTRIBUTE_KEY"),
    _rule("block", r"[^\s]*~.*~[^\s]*", "ATTRIBUTE_WORD"),
    _rule(
        "block",
        "[\\*A-Za-z_\u00c0-\uffff][A-Za-z0-9\\-_\\[\\]\\(\\)\u00c0-\uffff\\*]*",
        "ATTRIBUTE_WORD",
    ),
    _rule("block", r"\"[^\"]*\"", "COMMENT"),
    _rule("block", r"\}", "BLOCK_STOP", "pop"),
    _rule("block", r".", "CHAR"),
    _rule("I", r"\[", "SQS"),
    _rule("I", r"\]", "SQE"),
    _rule("I", r"style\b", "STYLE", "push:style"),
    _rule("style", r"\n+", "NEWLINE", "pop"),
    _rule("style", r"\s+", None),
    _rule("style", r":", "COLON"),
    _rule("style", r",", "COMMA"),
    _rule("style", r"\#", "BRKT"),
    _rule("I", r"classDef\b", "CLASSDEF", "push:style"),
    _rule("I", r"class\b", "CLASS"),
    *(_rule("I", pattern, kind) for pattern, kind in _CARDINALITIES),
    _rule("style", r"(?:[^\x00-\x7f]|\w|\-|\*)+", "STYLE_TEXT"),
    _rule("style", r";", "SEMI"),
    _rule("I", r"(?:[^\x00-\x7f]|\w|\-|\*|\.)+", "UNICODE_TEXT"),
    _rule("I", r".", "CHAR"),
]


def tokens(text: str, first_line: int = 1) -> Iterator[Token]:
    """The tokens of ``text`` (the diagram without its front matter, directives and comment
    lines, which are blanked), then ``EOF``."""
    stack = ["I"]
    pos, line = 0, first_line
    end = len(text)
    while pos < end:
        state = stack[-1]
        for states, pattern, kind, action in RULES:
            if state not in states:
                continue
            found = pattern.match(text, pos)
            if found is None or (found.end() == pos and action != "pop"):
                continue
            matched = found.group()
            if kind is not None:
                yield Token(kind, matched, line)
            if action.startswith("push:"):
                stack.append(action[5:])
            elif action == "pop" and len(stack) > 1:
                stack.pop()
            line += matched.count("\n")
            pos = found.end()
            break
        else:
            shown = text[pos : pos + 12].split("\n")[0]
            raise MermaidError(
                line,
                f"unexpected {shown!r}"
                + (
                    " in a style : expected 'property:value' pairs of letters, digits, '-' and '#'"
                    if state == "style"
                    else ""
                ),
            )
    yield Token("EOF", "", line)
