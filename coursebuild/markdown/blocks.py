"""Helpers over a parsed token stream that every stage uses: top-level blocks, and the slug an
anchor is made of."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from markdown_it.token import Token

__all__ = ["slugify", "top_level_blocks"]


def top_level_blocks(tokens: list[Token]) -> Iterator[list[Token]]:
    """Group the flat token stream into top-level blocks (a list, a table, a paragraph...)."""
    start = 0
    depth = 0
    for i, token in enumerate(tokens):
        depth += token.nesting
        if depth == 0:
            yield tokens[start : i + 1]
            start = i + 1


def slugify(text: str) -> str:
    """``Architecture et composants`` -> ``architecture-et-composants``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "slide"
