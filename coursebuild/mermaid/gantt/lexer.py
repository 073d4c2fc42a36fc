"""Gantt source to tokens, as mermaid's ``gantt.jison`` lexer reads it: at each position
the first of its rules that matches wins (not the longest), in its order, so that e.g. a
line starting ``title`` is a title whatever follows, and ``5% done`` is a comment."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import MermaidError


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    line: int


_I = re.I
# (state, pattern, kind, next state): kind None skips the text; next state "pop" returns
# to the state before, "" stays.
_RULES: tuple[tuple[str, re.Pattern[str], str | None, str], ...] = tuple(
    (state, re.compile(pattern, _I), kind, after)
    for state, pattern, kind, after in (
        ("", r"accTitle\s*:\s*", "acc_title", "acc_title"),
        ("acc_title", r"[^\n]*", "acc_title_value", "pop"),
        ("", r"accDescr\s*:\s*", "acc_descr", "acc_descr"),
        ("acc_descr", r"[^\n]*", "acc_descr_value", "pop"),
        ("", r"accDescr\s*\{\s*", None, "acc_descr_multiline"),
        ("acc_descr_multiline", r"\}", None, "pop"),
        ("acc_descr_multiline", r"[^}]*", "acc_descr_multiline_value", ""),
        ("", r"%%[^\n]*", None, ""),
        ("", r"[^}]%+[^\n]*", None, ""),
        ("", r"\n+", "NL", ""),
        ("", r"\s+", None, ""),
        ("", r'href\s+"', None, "href"),
        ("href", r'"', None, "pop"),
        ("href", r'[^"]*', "href", ""),
        ("", r"call\s+", None, "callbackname"),
        ("callbackname", r"\(\s*\)", None, "pop"),
        ("callbackname", r"\(", None, "swap:callbackargs"),
        ("callbackname", r"[^(]*", "callbackname", ""),
        ("callbackargs", r"\)", None, "pop"),
        ("callbackargs", r"[^)]*", "callbackargs", ""),
        ("", r"click\s+", None, "click"),
        ("click", r"\s", None, "pop"),
        ("click", r"[^\s]*", "click", ""),
        ("", r"gantt\b", "gantt", ""),
        ("", r"dateFormat\s[^#\n;]+", "dateFormat", ""),
        ("", r"inclusiveEndDates\b", "inclusiveEndDates", ""),
        ("", r"topAxis\b", "topAxis", ""),
        ("", r"axisFormat\s[^#\n;]+", "axisFormat", ""),
        ("", r"tickInterval\s[^#\n;]+", "tickInterval", ""),
        ("", r"includes\s[^#\n;]+", "includes", ""),
        ("", r"excludes\s[^#\n;]+", "excludes", ""),
        ("", r"todayMarker\s[^\n;]+", "todayMarker", ""),
        ("", r"weekday\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
         "weekday", ""),
        ("", r"weekend\s+(?:friday|saturday)\b", "weekend", ""),
        ("", r"\d\d\d\d-\d\d-\d\d\b", "date", ""),
        ("", r"title\s[^\n]+", "title", ""),
        ("", r"accDescription\s[^#\n;]+", "accDescription", ""),
        ("", r"section\s[^\n]+", "section", ""),
        ("", r"[^:\n]+", "taskTxt", ""),
        ("", r":[^#\n;]+", "taskData", ""),
        ("", r":", ":", ""),
        ("", r".", "INVALID", ""),
    )
)
_BY_STATE: dict[str, list[tuple[re.Pattern[str], str | None, str]]] = {}
for _state, _pattern, _kind, _after in _RULES:
    _BY_STATE.setdefault(_state, []).append((_pattern, _kind, _after))


def tokens(source: str) -> list[Token]:
    """The tokens of ``source`` (its lines numbered from 1)."""
    out: list[Token] = []
    stack = [""]
    pos, line, opened = 0, 1, 1
    while pos < len(source):
        for pattern, kind, after in _BY_STATE[stack[-1]]:
            found = pattern.match(source, pos)
            if found is None:
                continue
            text = found.group(0)
            if kind is not None:
                out.append(Token(kind, text, line))
            if after == "pop":
                stack.pop()
            elif after.startswith("swap:"):
                stack[-1] = after[5:]
            elif after:
                stack.append(after)
                opened = line
            elif not text:  # an empty match that changes no state would loop forever
                raise MermaidError(line, f"unexpected {source[pos]!r}")
            line += text.count("\n")
            pos = found.end()
            break
        else:
            raise MermaidError(line, f"unexpected {source[pos]!r}")
    if stack[-1] == "acc_descr_multiline":
        raise MermaidError(opened, "unclosed 'accDescr {' : expected '}'")
    return out
