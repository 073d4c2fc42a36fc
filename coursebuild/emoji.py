"""Emoji as images from the Twemoji SVG set: find them in text, name their files."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .paths import EMOJI_SVG

ZWJ = "\u200d"
VS15 = "\ufe0e"  # text presentation selector
VS16 = "\ufe0f"
KEYCAP = "\u20e3"  # COMBINING ENCLOSING KEYCAP
LOW_STARTERS = "©®"  # the only characters below FIRST_STARTER an emoji starts with, but # * 0-9
FIRST_STARTER = "\u203c"  # ‼: every other character an emoji starts with is at or above it


# Below U+1F000 most emoji characters are drawn as text unless followed by U+FE0F (© ® ™ ↔ …);
# these are the ones Unicode gives Emoji_Presentation=Yes (emoji-data.txt), drawn as emoji alone.
_EMOJI_PRESENTATION_RANGES = (
    (0x231A, 0x231B), (0x23E9, 0x23EC), (0x23F0, 0x23F0), (0x23F3, 0x23F3), (0x25FD, 0x25FE),
    (0x2614, 0x2615), (0x2648, 0x2653), (0x267F, 0x267F), (0x2693, 0x2693), (0x26A1, 0x26A1),
    (0x26AA, 0x26AB), (0x26BD, 0x26BE), (0x26C4, 0x26C5), (0x26CE, 0x26CE), (0x26D4, 0x26D4),
    (0x26EA, 0x26EA), (0x26F2, 0x26F3), (0x26F5, 0x26F5), (0x26FA, 0x26FA), (0x26FD, 0x26FD),
    (0x2705, 0x2705), (0x270A, 0x270B), (0x2728, 0x2728), (0x274C, 0x274C), (0x274E, 0x274E),
    (0x2753, 0x2755), (0x2757, 0x2757), (0x2795, 0x2797), (0x27B0, 0x27B0), (0x27BF, 0x27BF),
    (0x2B1B, 0x2B1C), (0x2B50, 0x2B50), (0x2B55, 0x2B55),
)


def is_emoji_presentation(match: str) -> bool:
    """True when ``match`` is drawn as an emoji, not as a text symbol like © or ↔."""
    if len(match) > 1 or ord(match) >= 0x1F000:
        return True
    code = ord(match)
    return any(low <= code <= high for low, high in _EMOJI_PRESENTATION_RANGES)


@dataclass(frozen=True)
class EmojiMatch:
    start: int
    end: int
    emoji: str


def find_emoji(text: str) -> list[EmojiMatch]:
    """Every emoji in ``text``, ZWJ sequences, keycaps, flags and modifiers included."""
    if not may_hold_emoji(text):
        return []
    import emoji as emoji_data  # here: most text has no emoji, and its tables take a while

    return [EmojiMatch(m["match_start"], m["match_end"], m["emoji"])
            for m in emoji_data.emoji_list(text) if is_emoji_presentation(m["emoji"])]


def may_hold_emoji(text: str) -> bool:
    """Whether ``text`` has a character an emoji starts with: most text has none, and the emoji
    package's tokenizer, which looks at every character, need not see it (nor its tables be
    loaded: the first checks need no table)."""
    if text.isascii() or (max(text) < FIRST_STARTER and not any(c in text for c in LOW_STARTERS)):
        return False
    return not _starters().isdisjoint(text)


@cache
def _starters() -> frozenset[str]:
    """The characters emoji start with, but # * and the digits: the emoji these start (keycaps)
    all hold U+20E3, which stands for them."""
    import emoji as emoji_data

    return frozenset(key[0] for key in emoji_data.EMOJI_DATA if not key[0].isascii()) | {KEYCAP}


def strip_emoji(text: str) -> str:
    """``text`` without its emoji (for slugs and plain titles)."""
    if not may_hold_emoji(text):
        return text.replace(VS15, "").replace(VS16, "").strip()  # the package drops both
    import emoji as emoji_data

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
