"""Helpers over a parsed token stream that every stage uses: top-level blocks, and the slug an
anchor is made of."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from markdown_it.token import Token

# How a chapter is cut into slides, shared by the parser (parsing.py) and the plugins that
# place things per slide (footnotes.py): the headings that open a slide, and the paragraph
# openings that start a slide's speaker notes.
SLIDE_HEADINGS = ("h1", "h2", "h3")
NOTE_PREFIXES = ("Note:", "Notes:")

__all__ = ["slug_words", "slugify", "top_level_blocks"]


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
    """A heading's anchor, GitHub's way with letters of every script: ``Architecture et
    composants`` -> ``architecture-et-composants``, ``Первый слайд`` -> ``первый-слайд``,
    ``第一章 概述`` -> ``第一章-概述``: ``slug_words`` lower-cased, ``slide`` when no word is
    left (a heading of emoji only)."""
    return slug_words(text).lower() or "slide"


def slug_words(text: str) -> str:
    """The letters, marks and digits of ``text``, of every script, each other run of
    characters (spaces, punctuation, emoji) made one ``-``; case kept. A Latin letter that
    decomposes to ASCII is written in ASCII, as slugs here always were (``Réseau`` ->
    ``Reseau``), so anchors made before letters of every script were kept do not change."""
    kept: list[str] = []
    after_ascii = False  # a combining mark after a letter written in ASCII is dropped
    for char in unicodedata.normalize("NFC", text):
        decomposed = unicodedata.normalize("NFKD", char)
        category = unicodedata.category(char)
        if decomposed[0].isascii() and decomposed[0].isalnum():
            kept.append(decomposed.encode("ascii", "ignore").decode())
            after_ascii = True
        elif category[0] == "M" and after_ascii:
            continue
        elif category[0] in "LN":
            kept.append(char)
            after_ascii = False
        elif category[0] == "M" and kept and kept[-1] != "-":
            kept.append(char)
        elif category == "Cf" and char != "\u200b":  # joiners, soft hyphens, direction marks
            continue  # are inside a word; a zero-width space separates words
        else:
            kept.append("-")
            after_ascii = False
    words = re.sub(r"[^0-9A-Za-z\x80-\U0010ffff]+", "-", "".join(kept))  # "℀" gave "a/c"
    return re.sub(r"-{2,}", "-", words).strip("-")
