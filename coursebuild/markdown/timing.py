"""Timing marks in the speaker notes: ``⏱ 3 min``, ``⏱ 1,5 min``, ``⏱ 90 s``.

The instructor's edition sums them per section and per chapter (the planned duration); the
mark itself stays in the notes' text. A mark inside code is an example, not a mark.
"""

from __future__ import annotations

import re

from markdown_it.token import Token

# The stopwatch (with or without its emoji variation selector), a number (decimal comma or
# point) and its unit: ``min`` or ``s`` (``minutes``, ``sec``, ``secondes`` are read too).
TIMING = re.compile(r"⏱\ufe0f?[ \u00a0\u202f]*(\d+(?:[.,]\d+)?)[ \u00a0\u202f]*"
                    r"(min(?:ute)?s?|s(?:ec(?:onde?)?s?)?)\b")
STOPWATCH = "\u23f1"  # ⏱
_TEXT = ("text", "emoji", "softbreak", "hardbreak")


def minutes(tokens: list[Token]) -> float:
    """The minutes the timing marks in ``tokens``' text add up to (0 if there are none)."""
    return sum((_mark_minutes(match) for text in _texts(tokens)
                for match in TIMING.finditer(text)), 0.0)


def _mark_minutes(match: re.Match[str]) -> float:
    value = float(match.group(1).replace(",", "."))
    return value if match.group(2).startswith("min") else value / 60


def _texts(tokens: list[Token]) -> list[str]:
    """The text of each inline token (code spans, fences and raw HTML left out)."""
    return ["".join(_words(child) for child in token.children or [])
            for token in tokens if token.type == "inline"]


def _words(child: Token) -> str:
    if child.type in ("softbreak", "hardbreak"):
        return " "
    return child.content if child.type in _TEXT else "\n"  # code breaks a mark in two
