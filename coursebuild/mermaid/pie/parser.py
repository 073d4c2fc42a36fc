"""Pie source to the :class:`PieChart` model, as mermaid's ``pie.langium`` reads it.

``pie`` (optionally ``showData``, optionally a title), then one ``"label" : value`` per line,
``title``/``accTitle``/``accDescr`` lines and ``%%`` comments; keywords are case-sensitive.
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
from .model import PieChart, Section
from .theme import THEME_KEYS

_DECLARED = re.compile(r"pie(\s|$)")  # the keyword alone or followed by a space
_HEADER = re.compile(r"pie(?:\s+(showData))?(?:\s+(title(?:\s.*)?))?$")
_COMMENT = re.compile(r"%%(?!\{).*$")
_SECTION = re.compile(
    r"""(?P<label>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')\s*:\s*(?P<value>[^\s%]+)\s*(?:%%.*)?$"""
)
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?$")
_TITLE = re.compile(r"title(?:\s+(.*))?$")
_ACC = re.compile(r"(accTitle|accDescr)\s*:\s*(.*)$")
_ACC_BLOCK = re.compile(r"accDescr\s*\{(.*)$")
_TEXT_POSITION = re.compile(r"""["']?textPosition["']?\s*:\s*["']?(\d+(?:\.\d+)?)""")
_ESCAPE = re.compile(r"\\(.)")
MAX_SECTIONS = 1000  # a bound on the work one diagram may ask for, checked at its line


def _header_index(lines: list[str], chart: PieChart) -> int:
    """The index of the header line, after front matter, directives and comments."""
    body, index = front_matter(lines)
    _front_matter(body, chart)
    while index < len(lines):
        text = lines[index].strip()
        if text.startswith("%%{"):
            directive, index = directive_lines(lines, index)
            _settings(directive, chart)
            continue
        if _COMMENT.sub("", text).strip():
            return index
        index += 1
    return index


def is_pie(source: str) -> bool:
    """Whether the first statement is ``pie`` (the keyword alone or followed by a space)."""
    return declares(source, _DECLARED)


def parse(source: str) -> PieChart:
    """Parse ``pie`` source; raise :class:`MermaidError` at the faulty line (1-based)."""
    lines = source_lines(source)
    chart = PieChart()
    index = _header_index(lines, chart)
    if index >= len(lines):
        raise MermaidError(max(1, len(lines)), "expected 'pie'")
    _header(_clean(lines[index]), index + 1, chart)
    index += 1
    while index < len(lines):
        index = _statement(lines, index, chart)
    return chart


def _clean(text: str) -> str:
    return _COMMENT.sub("", text).strip()


def _header(text: str, line: int, chart: PieChart) -> None:
    found = _HEADER.match(text)
    if found is None:
        raise MermaidError(line, f"expected 'pie', optionally 'showData' and a title: {text!r}")
    chart.show_data = found.group(1) is not None
    if found.group(2):
        _title(found.group(2), chart)


def _title(text: str, chart: PieChart) -> None:
    found = _TITLE.match(text)
    chart.title = (found.group(1) or "").strip() if found else None


def _statement(lines: list[str], index: int, chart: PieChart) -> int:
    raw = lines[index].strip()
    if raw.startswith("%%{"):
        directive, after = directive_lines(lines, index)
        _settings(directive, chart)
        return after
    block = _ACC_BLOCK.match(raw)
    if block:
        parts, after = acc_descr_block(lines, index, block.group(1))
        chart.description = "\n".join(parts)
        return after
    line = index + 1
    section = _SECTION.match(raw)  # before comments: a quoted label may hold "%%"
    if section:
        _section(section.group("label"), section.group("value"), line, chart)
        return index + 1
    text = _clean(raw)
    if not text:
        return index + 1
    if _TITLE.match(text):
        _title(text, chart)
    elif acc := _ACC.match(text):
        if acc.group(1) == "accTitle":
            chart.acc_title = acc.group(2).strip()
        else:
            chart.description = acc.group(2).strip()
    else:
        raise MermaidError(line, f"expected '\"label\" : value', a title or a comment: {text!r}")
    return index + 1


def _section(quoted: str, raw: str, line: int, chart: PieChart) -> None:
    label = _ESCAPE.sub(r"\1", quoted[1:-1])
    if _NUMBER.match(raw) is None:
        raise MermaidError(line, f"{label!r} : expected a number, not {raw!r}")
    value = float(raw)
    if value < 0:
        raise MermaidError(
            line, f'"{label}" has invalid value: {raw}. Negative values are not allowed in pie '
            "charts. All slice values must be >= 0.",
        )  # fmt: skip
    if len(chart.sections) >= MAX_SECTIONS:
        raise MermaidError(line, f"more than {MAX_SECTIONS} sections : a bound, split the chart")
    if all(section.label != label for section in chart.sections):  # mermaid keeps the first
        chart.sections.append(Section(label, value, line))


def _front_matter(body: list[str], chart: PieChart) -> None:
    for text in body:
        title = front_matter_title(text)
        if title is not None:
            chart.title = title
    _settings(body, chart)


def _settings(lines: list[str], chart: PieChart) -> None:
    """themeVariables and ``textPosition`` of a directive or the front matter's config."""
    for text in lines:
        chart.theme.update(theme_pairs(text, THEME_KEYS))
        position = _TEXT_POSITION.search(text)
        if position:
            chart.text_position = min(1.0, float(position.group(1)))
