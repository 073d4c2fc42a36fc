"""Diagrams that mermaid.js draws in the deck (the types not drawn at build time).

Their source goes to the browser as it is, so the lines mermaid.js turns into CSS (style
statements, ``rect``/``box`` colours, ``%%{init}%%`` directives and front matter, which may
carry ``themeCSS``) are checked like a flowchart's styles: nothing they hold may load
anything, however it is spelt.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .css_values import refused
from .errors import MermaidError

STYLE_STATEMENTS = frozenset({"style", "classDef", "linkStyle", "cssClass", "rect", "box"})
_STRING_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|x([0-9a-fA-F]{2})|(\\))")


def check_delegated(source: str) -> None:
    """Raise :class:`MermaidError` at the first styling line that could load something."""
    for number, text in _styling_lines(source.splitlines()):
        found = refused(text) or refused(_unquoted(text))
        if found:
            raise MermaidError(
                number,
                f"refused '{found}' in a style : expected colours, lengths, dash arrays or "
                "font weights (a diagram loads nothing)",
            )


def _styling_lines(lines: list[str]) -> Iterator[tuple[int, str]]:
    first = next((i for i, text in enumerate(lines) if text.strip()), -1)
    block = ""  # the closing mark of the front matter or directive we are in
    for i, text in enumerate(lines):
        stripped = text.strip()
        opened = not block and (stripped.startswith("%%{") or (i == first and stripped == "---"))
        if opened:
            block = "}%%" if stripped.startswith("%%{") else "---"
        words = stripped.split(None, 1)
        if block or (words and words[0] in STYLE_STATEMENTS):
            yield i + 1, text
        if (
            block == "}%%"
            and "}%%" in stripped
            or block == "---"
            and not opened
            and stripped == "---"
        ):
            block = ""


def _unquoted(text: str) -> str:
    """``text`` with JSON and YAML string escapes decoded, as a directive's value is."""
    return _STRING_ESCAPE.sub(_string_escape, text)


def _string_escape(match: re.Match[str]) -> str:
    if match.group(4):
        return "\\"
    code = int(match.group(1) or match.group(2) or match.group(3), 16)
    return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
