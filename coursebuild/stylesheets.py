"""A course's own stylesheets must be self-contained: no @import, no url() but data: URLs.

The deck copies a stylesheet alone, and nothing may be fetched from the network or read from
outside the course, so every reference to another file is refused, with its line."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import tinycss2

from .config import read_text


def css_refusals(path: Path) -> list[tuple[int, str]]:
    """(line, message) for each @import and each url() that is not a data: URL."""
    rules = tinycss2.parse_stylesheet(read_text(path), skip_comments=True, skip_whitespace=True)
    found = []
    for node in _walk(rules):
        if node.type == "at-rule" and node.lower_at_keyword == "import":
            found.append((node.source_line, "refused @import: a course stylesheet must be "
                          "self-contained"))
        url = _url(node)
        if url is not None and not url.startswith("data:"):
            found.append((node.source_line, f"refused url({url[:80]}): a course stylesheet may "
                          "only use data: URLs (nothing is fetched or read outside it)"))
    return found


def _url(node) -> str | None:
    if node.type == "url":
        return node.value.strip()
    if node.type == "function" and node.lower_name in ("url", "src", "image-set"):
        strings = [arg.value for arg in node.arguments if arg.type == "string"]
        return strings[0].strip() if strings else ""
    return None


def _walk(nodes) -> Iterator:
    for node in nodes or []:
        yield node
        for attribute in ("prelude", "content", "arguments"):
            children = getattr(node, attribute, None)
            if isinstance(children, list):
                yield from _walk(children)
