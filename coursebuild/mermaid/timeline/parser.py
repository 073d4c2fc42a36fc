"""Timeline source to the :class:`Timeline` model.

The tokens follow mermaid's ``timeline.jison``, tried in its order at each position of a
line: ``%%`` and ``#`` comments, ``title …``, ``accTitle:``/``accDescr:``, ``section …``
(up to a colon), an event ``: text`` (a colon then a space; a colon not followed by a
space stays in the text) and a period (up to ``:`` or ``#``). Keywords are case-insensitive.
An event before any period is an error, as mermaid fails on it.
"""

from __future__ import annotations

import re

from ..directives import (
    acc_descr_block,
    declares,
    directive_lines,
    front_matter,
    front_matter_title,
    source_lines,
    theme_pairs,
)
from ..errors import MermaidError
from ..sequence.theme import THEME_KEYS as SEQUENCE_KEYS
from ..tally import TextBudget
from ..text import decode_label
from . import bounds
from .model import Period, Section, Timeline

COLOURS = 12  # mermaid's THEME_COLOR_LIMIT: cScale0 … cScale11
THEME_KEYS = SEQUENCE_KEYS | {f"cScale{i}" for i in range(COLOURS)} | {
    f"cScaleLabel{i}" for i in range(COLOURS)
}
_HEADER = re.compile(r"timeline(?:[ \t]+(LR|TD))?(?![\w-])", re.I)
_COMMENT = re.compile(r"%%(?!\{)|[^}]%%")
_TITLE = re.compile(r"title\s(.+)$", re.I)
_ACC = re.compile(r"(accTitle|accDescr)\s*:\s*(.*)$", re.I)
_ACC_BLOCK = re.compile(r"accDescr\s*\{(.*)$", re.I)
_SECTION = re.compile(r"section\s([^:\n]+)", re.I)
_EVENT = re.compile(r":\s((?:[^:\n]|:(?!\s))+)")
_EMPTY_EVENT = re.compile(r":\s*$")
_PERIOD = re.compile(r"[^#:\n]+")
_MULTICOLOR = re.compile(r"[\"']?disableMulticolor[\"']?\s*:\s*[\"']?((?i:true|false))")
_TRAILING_COMMENT = re.compile(r"\s%%(?!\{).*$")


def is_timeline(source: str) -> bool:
    """Whether the first statement is ``timeline`` (after front matter and directives)."""
    return declares(source, _HEADER)


def parse(source: str) -> Timeline:
    """Parse ``timeline`` source; raise :class:`MermaidError` at the faulty line."""
    return _Parser().run(source)


def _text(raw: str) -> str:
    return decode_label(_TRAILING_COMMENT.sub("", raw).strip())


class _Parser:
    def __init__(self) -> None:
        self.chart = Timeline()
        self.budget = TextBudget(bounds.MAX_LABEL_CHARS)  # characters of text
        self.events = 0
        self.header = False

    def run(self, source: str) -> Timeline:
        lines = source_lines(source)
        body, index = front_matter(lines)
        for text in body:
            self._settings(text, front=not text.startswith((" ", "\t")))
        while index < len(lines):
            index = self._line(lines, index)
        if not self.header:
            raise MermaidError(max(1, index), "expected 'timeline' on the first line")
        return self.chart

    def _settings(self, text: str, front: bool = False) -> None:
        title = front_matter_title(text.strip())
        if front and title is not None:
            self.chart.title = decode_label(title)
        self.chart.theme.update(theme_pairs(text, THEME_KEYS))
        flag = _MULTICOLOR.search(text)
        if flag:
            self.chart.multicolor = flag.group(1).lower() != "true"

    def _line(self, lines: list[str], index: int) -> int:
        text = lines[index].strip()
        line = index + 1
        if text.startswith("%%{"):
            body, after = directive_lines(lines, index)
            for piece in body:
                self._settings(piece)
            return after
        if not text or text.startswith(("%%", "#")):
            return line
        if not self.header:
            found = _HEADER.match(text)
            if not found:
                raise MermaidError(line, "expected 'timeline' on the first line")
            self.header = True
            self.chart.direction = (found.group(1) or "LR").upper()
            text = text[found.end() :].strip()
            if not text:
                return line
        block = _ACC_BLOCK.match(text)
        if block:
            parts, after = acc_descr_block(lines, index, block.group(1))
            self.chart.description = "\n".join(parts)
            return after
        self._tokens(text, line)
        return line

    def _tokens(self, text: str, line: int) -> None:
        """Read one line's tokens left to right, as mermaid's lexer does."""
        pos = 0
        while pos < len(text):
            if text[pos].isspace():
                pos += 1
                continue
            rest = text[pos:]
            if _COMMENT.match(rest) or rest.startswith("#"):
                return
            if self._whole_line(rest, line):
                return
            found = _SECTION.match(rest)
            if found:
                self.budget.spend(found.group(1), line)
                if len(self.chart.sections) >= bounds.MAX_SECTIONS:
                    raise MermaidError(line, f"more than {bounds.MAX_SECTIONS} sections")
                self.chart.sections.append(Section(_text(found.group(1)), line))
                pos += found.end()
                continue
            found = _EVENT.match(rest)
            if found:
                self._event(found.group(1), line)
                pos += found.end()
                continue
            if _EMPTY_EVENT.match(rest):  # ``2014 :`` : mermaid reads an empty period
                return
            found = _PERIOD.match(rest)
            if not found:
                raise MermaidError(line, f"unexpected '{rest[0]}' : an event is ': text'")
            self._period(found.group(0), line)
            pos += found.end()

    def _whole_line(self, rest: str, line: int) -> bool:
        found = _TITLE.match(rest)
        if found:
            self.budget.spend(found.group(1), line)
            self.chart.title = _text(found.group(1))
            return True
        found = _ACC.match(rest)
        if found:
            value = found.group(2).strip()
            if found.group(1).lower() == "acctitle":
                self.chart.acc_title = value
            else:
                self.chart.description = value
            return True
        return False


    def _period(self, raw: str, line: int) -> None:
        self.budget.spend(raw, line)
        if len(self.chart.periods) >= bounds.MAX_PERIODS:
            raise MermaidError(line, f"more than {bounds.MAX_PERIODS} periods : split the timeline")
        section = len(self.chart.sections) - 1 if self.chart.sections else None
        self.chart.periods.append(Period(_text(raw), line, section))

    def _event(self, raw: str, line: int) -> None:
        if not self.chart.periods:
            raise MermaidError(line, "an event (': text') before any period : write '2014 : text'")
        self.budget.spend(raw, line)
        self.events += 1
        if self.events > bounds.MAX_EVENTS:
            raise MermaidError(line, f"more than {bounds.MAX_EVENTS} events : split the timeline")
        self.chart.periods[-1].events.append(_text(raw))
