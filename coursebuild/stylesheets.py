"""A course's own stylesheets must be self-contained: no @import, no url() but data: URLs.

The deck copies a stylesheet alone, and nothing may be fetched from the network or read from
outside the course, so every reference to another file is refused, with its line. The check runs
on tinycss2's tokens, which are decoded (``u\\72l(``, ``@\\69mport``, ``URL(`` are ``url(`` and
``@import``), so an escape or a case cannot hide a reference."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import Any

import tinycss2

from .files import read_text

# Functions whose string arguments are URLs, after any vendor prefix (-webkit-image-set(...)).
URL_FUNCTIONS = {"url", "src", "image", "image-set"}
SCRIPT_FUNCTIONS = {"expression"}  # old Internet Explorer ran their argument as script
VENDOR_PREFIX = re.compile(r"^-[a-z]+-")
MAX_CSS_DEPTH = 32  # nested blocks and functions; real stylesheets nest a few levels
# What opens and closes a level; comments, strings and escaped characters do neither.
NESTING = re.compile(r"/\*.*?(?:\*/|$)|\"(?:\\.|[^\"\\\n])*\"?|'(?:\\.|[^'\\\n])*'?|\\.|[()\[\]{}]",
                     re.DOTALL)
ONLY_DATA = "a course stylesheet may only use data: URLs (nothing is fetched or read outside it)"


def css_refusals(path: Path) -> list[tuple[int, str]]:
    """(line, message) for each @import and each URL that is not a data: URL in a file."""
    return css_text_refusals(read_text(path))


def css_text_refusals(text: str, allowed: Collection[str] = ()) -> list[tuple[int, str]]:
    """(line, message) for each @import, expression() and URL that is not a data: URL in CSS
    given as text (a template is checked after Jinja rendered it). ``allowed``: URLs the build
    wrote itself (the package's fonts), accepted as they are written."""
    deep = _too_deep(text)
    if deep:  # before tinycss2 builds the tree: 2 MB of "(" took it 6 s and 530 MB
        return [(deep, f"blocks and functions nested deeper than {MAX_CSS_DEPTH} levels (the "
                       "bound for a course stylesheet)")]
    try:
        rules = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
    except ValueError:  # Python refuses to read an integer of more than 4,300 digits
        found = re.search(r"\d{4300}", text)
        line = text.count("\n", 0, found.start()) + 1 if found else 1
        return [(line, "a number of more than 4,300 digits: not CSS any browser reads")]
    return [(node.source_line, message) for node in _walk(rules)
            for message in _refused(node, allowed)]


def _too_deep(text: str) -> int:
    """The line where blocks and functions nest deeper than MAX_CSS_DEPTH, or 0."""
    depth = 0
    for match in NESTING.finditer(text):
        char = match.group()
        if char in "([{":
            depth += 1
            if depth > MAX_CSS_DEPTH:
                return text.count("\n", 0, match.start()) + 1
        elif char in ")]}":
            depth = max(0, depth - 1)
    return 0


def _refused(node: Any, allowed: Collection[str]) -> Iterator[str]:
    if node.type in ("at-rule", "at-keyword") and _at_keyword(node) == "import":
        yield "refused @import: a course stylesheet must be self-contained"
    elif node.type == "url" and _fetches(node.value, allowed):
        yield f"refused url({node.value.strip()[:80]}): {ONLY_DATA}"
    elif node.type == "function":
        name = VENDOR_PREFIX.sub("", node.lower_name, count=1)
        if name in SCRIPT_FUNCTIONS:
            yield f"refused {node.lower_name}(): a course stylesheet cannot run script"
        elif name in URL_FUNCTIONS:
            for arg in node.arguments:
                if arg.type == "string" and _fetches(arg.value, allowed):
                    yield f"refused {node.lower_name}({arg.value.strip()[:80]}): {ONLY_DATA}"


def _at_keyword(node: Any) -> str:
    return node.lower_at_keyword if node.type == "at-rule" else node.lower_value


def _fetches(url: str, allowed: Collection[str]) -> bool:
    """A URL other than data: (which holds what it shows) and the ones the build vouches for."""
    return not url.strip().lower().startswith("data:") and url not in allowed


def _walk(nodes: list) -> Iterator[Any]:
    """Every node, in source order; iterative, as tinycss2's parser is."""
    stack = list(reversed(nodes))
    while stack:
        node = stack.pop()
        yield node
        for attribute in ("arguments", "content", "prelude"):  # reversed: prelude comes first
            children = getattr(node, attribute, None)
            if isinstance(children, list):
                stack += reversed(children)
