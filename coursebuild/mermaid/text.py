"""Label text: entity decoding, line breaks, wrapping, measurement and emoji runs."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache

import emoji

from .fonts import FONT_SIZE, LINE_HEIGHT, text_width

MAX_LINE_CHARS = 28
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_MERMAID_ENTITY = re.compile(r"(?<!&)#(\d+|[A-Za-z]+);")
_HUGE_NUMERIC_ENTITY = re.compile(r"&#\d{8,};?")  # html.unescape: int() of 4,300 digits fails


def decode_label(raw: str) -> str:
    """Mermaid label source to plain text; ``<br>`` becomes a newline."""
    parts = _BREAK.split(raw)
    return "\n".join(_decode_part(part) for part in parts)


def _decode_part(part: str) -> str:
    part = _TAG.sub("", part)
    part = _MERMAID_ENTITY.sub(lambda m: _mermaid_entity(m.group(1)), part)
    part = _HUGE_NUMERIC_ENTITY.sub("\ufffd", part)
    return " ".join(html.unescape(part).split())


def _mermaid_entity(name: str) -> str:
    if name.isdigit():
        return f"&#{name};"
    return f"&{name};"


def wrap_line(line: str, limit: int = MAX_LINE_CHARS) -> list[str]:
    """Split a long line at spaces into balanced lines of at most ``limit`` characters."""
    if len(line) <= limit or " " not in line:
        return [line]
    best = _greedy(line.split(" "), limit)
    target = len(best)
    for narrower in range(limit - 1, 0, -1):
        attempt = _greedy(line.split(" "), narrower)
        if len(attempt) != target:
            break
        best = attempt
    return best


def _greedy(words: list[str], limit: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if current and len(candidate) > limit:
            lines.append(current)
            current = word
        else:
            current = candidate
    lines.append(current)
    return lines


@dataclass(frozen=True)
class TextBlock:
    """A measured, wrapped label: one entry per rendered line."""

    lines: tuple[str, ...]
    widths: tuple[float, ...]
    bold: bool
    size: float = FONT_SIZE

    @property
    def width(self) -> float:
        return max(self.widths, default=0.0)

    @property
    def line_height(self) -> float:
        return LINE_HEIGHT * self.size

    @property
    def height(self) -> float:
        return self.line_height * len(self.lines) if self.lines else 0.0


@lru_cache(maxsize=2048)
def measure(label: str, bold: bool = False, wrap: bool = True) -> TextBlock:
    """Wrap and measure a decoded label (newlines are hard breaks)."""
    if not label.strip():
        return TextBlock((), (), bold)
    lines: list[str] = []
    for hard in label.split("\n"):
        lines.extend(wrap_line(hard) if wrap else [hard])
    widths = tuple(text_width(line, bold) for line in lines)
    return TextBlock(tuple(lines), widths, bold)


@dataclass(frozen=True)
class Run:
    """A piece of a line: plain text, or one emoji."""

    text: str
    is_emoji: bool


def split_emoji(line: str) -> list[Run]:
    """Cut a line into text and emoji runs (``emoji.emoji_list`` finds them)."""
    runs: list[Run] = []
    cursor = 0
    for found in emoji.emoji_list(line):
        if found["match_start"] > cursor:
            runs.append(Run(line[cursor : found["match_start"]], False))
        runs.append(Run(found["emoji"], True))
        cursor = found["match_end"]
    if cursor < len(line):
        runs.append(Run(line[cursor:], False))
    return runs
