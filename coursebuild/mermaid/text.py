"""Label text: entity decoding, line breaks, wrapping, measurement and emoji runs."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import emoji

from .fonts import FONT_SIZE, LINE_HEIGHT, text_width

MAX_LINE_CHARS = 28
_BREAK = re.compile(r"<br\s*/?>|\n", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_FORMAT_TAG = re.compile(r"<(/?)(b|strong|i|em|u|ins|s|del|strike)\s*>", re.IGNORECASE)

# Formatting marks inside a decoded label (private-use characters, removed from the source
# first): each style has an opening and a closing mark.
STYLES = ("bold", "italic", "underline", "strike")
_OPEN = {style: chr(0xE000 + 2 * i) for i, style in enumerate(STYLES)}
_CLOSE = {style: chr(0xE001 + 2 * i) for i, style in enumerate(STYLES)}
_MARK = re.compile("[\ue000-\ue007]")
_TAG_STYLE = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strike",
    "del": "strike",
    "strike": "strike",
}
_MD_SPANS = (
    (re.compile(r"\*\*(.+?)\*\*|__(.+?)__"), "bold"),
    (re.compile(r"\*(.+?)\*|(?<![\w\\])_(.+?)_(?!\w)"), "italic"),
    (re.compile(r"~~(.+?)~~"), "strike"),
)
_MERMAID_ENTITY = re.compile(r"(?<!&)#(\d+|[A-Za-z]+);")
_HUGE_NUMERIC_ENTITY = re.compile(r"&#\d{8,};?")  # html.unescape: int() of 4,300 digits fails


def decode_label(raw: str) -> str:
    """Mermaid label source to text with formatting marks; ``<br>`` becomes a newline.

    A markdown string (backticks inside the quotes) reads ``**bold**``, ``*italic*`` and
    newlines; other labels read ``<b>``, ``<i>``, ``<u>``, ``<s>`` (and their synonyms):
    any other tag is dropped."""
    raw = _MARK.sub("", raw)
    if len(raw) >= 2 and raw[0] == raw[-1] == "`":
        return _markdown(raw[1:-1])
    parts = _BREAK.split(raw)
    return "\n".join(_decode_part(part) for part in parts)


def plain(label: str) -> str:
    """A decoded label without its formatting marks."""
    return _MARK.sub("", label)



def flat(label: str) -> str:
    """A label as one line of plain text (line breaks and runs of spaces as one space): how
    a diagram's alt text names it."""
    return " ".join(plain(label).split())

def _markdown(text: str) -> str:
    lines = []
    for line in _BREAK.split(text):
        line = _MERMAID_ENTITY.sub(lambda m: _mermaid_entity(m.group(1)), line)
        line = " ".join(html.unescape(_HUGE_NUMERIC_ENTITY.sub("\ufffd", line)).split())
        for pattern, style in _MD_SPANS:
            line = pattern.sub(
                lambda m, s=style: _OPEN[s] + (m.group(1) or m.group(2) or "") + _CLOSE[s], line
            )
        lines.append(line)
    return "\n".join(lines).strip("\n")


def _format_tag(found: re.Match[str]) -> str:
    style = _TAG_STYLE[found.group(2).lower()]
    return (_CLOSE if found.group(1) else _OPEN)[style]


def _decode_part(part: str) -> str:
    part = _FORMAT_TAG.sub(_format_tag, part)
    part = _TAG.sub("", part)
    part = _MERMAID_ENTITY.sub(lambda m: _mermaid_entity(m.group(1)), part)
    part = _HUGE_NUMERIC_ENTITY.sub("\ufffd", part)
    return " ".join(html.unescape(part).split())


def _mermaid_entity(name: str) -> str:
    if name.isdigit():
        return f"&#{name};"
    return f"&{name};"


def _visible_len(text: str) -> int:
    return len(text) - len(_MARK.findall(text))


def wrap_line(line: str, limit: int = MAX_LINE_CHARS) -> list[str]:
    """Split a long line at spaces into balanced lines of at most ``limit`` characters."""
    size = _visible_len if _MARK.search(line) else len
    if size(line) <= limit or " " not in line:
        return [line]
    best = _greedy(line.split(" "), limit, size)
    target = len(best)
    for narrower in range(limit - 1, 0, -1):
        attempt = _greedy(line.split(" "), narrower, size)
        if len(attempt) != target:
            break
        best = attempt
    return best


def _greedy(words: list[str], limit: int, size: Callable[[str], int] = len) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if current and size(candidate) > limit:
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
    if not _MARK.search(label):
        return TextBlock(tuple(lines), tuple(text_width(line, bold) for line in lines), bold)
    widths = tuple(
        sum(text_width(span.text, bold or "bold" in span.styles) for span in spans)
        for spans in styled_lines(tuple(lines))
    )
    return TextBlock(tuple(lines), widths, bold)


@dataclass(frozen=True)
class Span:
    """A piece of a label line in one set of styles."""

    text: str
    styles: frozenset[str]


def styled_lines(lines: tuple[str, ...]) -> list[list[Span]]:
    """Each line cut into spans at its formatting marks; a style runs on over line ends."""
    depth = dict.fromkeys(STYLES, 0)
    result: list[list[Span]] = []
    for line in lines:
        spans: list[Span] = []
        for i, piece in enumerate(re.split(r"([\ue000-\ue007])", line)):
            if i % 2:
                style = STYLES[(ord(piece) - 0xE000) // 2]
                step = 1 if piece == _OPEN[style] else -1
                depth[style] = max(0, depth[style] + step)
            elif piece:
                spans.append(Span(piece, frozenset(s for s in STYLES if depth[s])))
        result.append(spans)
    return result


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
