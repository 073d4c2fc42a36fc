"""Emoji as images from the Twemoji SVG set: find them in text, name their files."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import emoji as emoji_data

from .paths import EMOJI_SVG

ZWJ = "\u200d"
VS16 = "\ufe0f"
CREDIT = "Emoji: Twemoji, © Twitter, Inc and other contributors, CC-BY 4.0"
CREDIT_URL = "https://github.com/jdecked/twemoji"


@dataclass(frozen=True)
class EmojiMatch:
    start: int
    end: int
    emoji: str


def find_emoji(text: str) -> list[EmojiMatch]:
    """Every emoji in ``text``, ZWJ sequences, keycaps, flags and modifiers included."""
    return [EmojiMatch(m["match_start"], m["match_end"], m["emoji"])
            for m in emoji_data.emoji_list(text)]


def strip_emoji(text: str) -> str:
    """``text`` without its emoji (for slugs and plain titles)."""
    return emoji_data.replace_emoji(text, "").replace(VS16, "").strip()


def twemoji_name(char: str) -> str:
    """Twemoji's file stem: code points in hex, FE0F dropped unless the sequence has a ZWJ."""
    if ZWJ not in char:
        char = char.replace(VS16, "")
    return "-".join(f"{ord(c):x}" for c in char)


@cache
def emoji_file(char: str, root: Path = EMOJI_SVG) -> Path | None:
    """The SVG drawing ``char``, or None when the set has none."""
    for name in (twemoji_name(char), twemoji_name(char.replace(VS16, ""))):
        path = root / f"{name}.svg"
        if path.is_file():
            return path
    return None


@cache
def emoji_data_uri(char: str) -> str | None:
    """The emoji's SVG as a data: URI, for self-contained SVG diagrams."""
    path = emoji_file(char)
    if path is None:
        return None
    return "data:image/svg+xml;base64," + base64.b64encode(path.read_bytes()).decode("ascii")
