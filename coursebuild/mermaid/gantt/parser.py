"""Gantt source to the :class:`Gantt` model.

Tokens come from :mod:`.lexer` (mermaid's ``gantt.jison`` rules in its order); statements
follow its grammar: settings (``dateFormat``, ``axisFormat``, ``tickInterval``,
``excludes``/``includes``, ``weekday``/``weekend``, ``inclusiveEndDates``, ``topAxis``,
``todayMarker``), ``title``, ``accTitle``/``accDescr``, ``section``, ``click`` (read and
ignored: a slide has no script) and tasks ``label : [tags,] [id,] [start,] end``. Dates are
then computed as mermaid's ``ganttDb`` does (:mod:`.schedule`).
"""

from __future__ import annotations

import re

from ..css_values import refused
from ..directives import (
    declares,
    directive_lines,
    front_matter,
    front_matter_title,
    source_lines,
    theme_pairs,
)
from ..errors import MermaidError
from ..tally import TextBudget
from ..text import decode_label
from . import bounds
from .lexer import Token, tokens
from .model import TAGS, Gantt, Task
from .schedule import compile_tasks
from .theme import THEME_KEYS

_HEADER = re.compile(r"gantt\b", re.I)
_CONFIG = re.compile(
    r"[\"']?(displayMode|topAxis|axisFormat|tickInterval|weekday)[\"']?\s*:\s*"
    r"(?:\"([^\"]*)\"|'([^']*)'|([^\s,'\"{}]+))"
)
_SETTINGS = ("dateFormat", "axisFormat", "tickInterval", "includes", "excludes", "todayMarker")


def is_gantt(source: str) -> bool:
    """Whether the first statement is ``gantt`` (after front matter and directives)."""
    return declares(source, _HEADER)


def parse(source: str) -> Gantt:
    """Parse ``gantt`` source and compute its dates; raise :class:`MermaidError` at the
    faulty line."""
    parser = _Parser()
    chart = parser.run(source)
    compile_tasks(chart)
    return chart


class _Parser:
    def __init__(self) -> None:
        self.chart = Gantt()
        self.budget = TextBudget(bounds.MAX_LABEL_CHARS)  # characters of text
        self.auto_ids = 0
        self.rows = 0

    def run(self, source: str) -> Gantt:
        lines = source_lines(source)
        body, index = front_matter(lines)
        for text in body:
            if not text.strip().startswith("#"):  # a YAML comment
                self._settings(text, front=not text.startswith((" ", "\t")))
        kept = [""] * index
        while index < len(lines):
            if lines[index].strip().startswith("%%{"):
                found, after = directive_lines(lines, index)
                for piece in found:
                    self._settings(piece)
                kept += [""] * (after - index)
                index = after
                continue
            kept.append(lines[index])
            index += 1
        self._statements(tokens("\n".join(kept)), len(kept))
        return self.chart

    def _settings(self, text: str, front: bool = False) -> None:
        title = front_matter_title(text.strip())
        if front and title is not None:
            self.chart.title = decode_label(title)
        self.chart.theme.update(theme_pairs(text, THEME_KEYS))
        for found in _CONFIG.finditer(text):
            key = found.group(1)
            value = next(v for v in found.groups()[1:] if v is not None).strip()
            if key == "displayMode":
                self.chart.display_mode = value
            else:
                self.chart.config[key] = value

    def _statements(self, found: list[Token], last_line: int) -> None:
        items = [t for t in found if t.kind != "NL"]
        if not items or items[0].kind != "gantt":
            line = items[0].line if items else max(1, last_line)
            raise MermaidError(line, "expected 'gantt' on the first line")
        pos = 1
        while pos < len(items):
            pos = self._statement(items, pos)

    def _statement(self, items: list[Token], pos: int) -> int:
        token = items[pos]
        kind, text = token.kind, token.text
        if kind == "taskTxt":
            following = items[pos + 1] if pos + 1 < len(items) else None
            if following is None or following.kind != "taskData" or following.line != token.line:
                raise MermaidError(token.line, f"a task needs its dates after a colon: "
                                   f"'{text.strip()} : 2024-01-01, 3d'")  # fmt: skip
            self._task(text, following.text[1:], token.line)
            return pos + 2
        if kind in ("acc_title", "acc_descr"):
            value = items[pos + 1].text.strip() if pos + 1 < len(items) else ""
            if kind == "acc_title":
                self.chart.acc_title = value
            else:
                self.chart.description = value
            return pos + 2
        if kind == "click":
            return self._click(items, pos)
        self._simple(token)
        return pos + 1

    def _simple(self, token: Token) -> None:
        kind, text, chart = token.kind, token.text, self.chart
        if kind in _SETTINGS:
            value = text[len(kind) + 1 :]
            if kind == "todayMarker" and (loading := refused(value)):
                raise MermaidError(token.line, f"'{loading}' in todayMarker : a style here "
                                   "may not load anything")  # fmt: skip
            if kind in ("includes", "excludes"):
                merged = getattr(chart, kind) + re.split(r"[\s,]+", value.lower())
                setattr(chart, kind, list(dict.fromkeys(t for t in merged if t)))
            else:
                setattr(chart, {"dateFormat": "date_format", "axisFormat": "axis_format",
                                "tickInterval": "tick_interval",
                                "todayMarker": "today_marker"}[kind], value)  # fmt: skip
        elif kind == "inclusiveEndDates":
            chart.inclusive_end_dates = True
        elif kind == "topAxis":
            chart.top_axis = True
        elif kind in ("weekday", "weekend"):
            setattr(chart, kind, text.split()[-1].lower())
        elif kind == "title":
            self.budget.spend(text, token.line)
            chart.title = decode_label(text[6:].lstrip())
        elif kind == "acc_descr_multiline_value":
            chart.description = "\n".join(part.strip() for part in text.strip().split("\n"))
        elif kind == "section":
            self._section(text[8:], token.line)
        else:
            raise MermaidError(token.line, _unexpected(token))

    def _click(self, items: list[Token], pos: int) -> int:
        """``click id`` then ``call f(args)`` and/or ``href "url"``: read, not drawn."""
        kinds = []
        pos += 1
        while pos < len(items) and items[pos].kind in ("callbackname", "callbackargs", "href"):
            kinds.append(items[pos].kind)
            pos += 1
        allowed = (["callbackname"], ["callbackname", "callbackargs"],
                   ["callbackname", "href"], ["callbackname", "callbackargs", "href"],
                   ["href", "callbackname"], ["href", "callbackname", "callbackargs"], ["href"])
        if kinds not in [list(a) for a in allowed]:
            raise MermaidError(items[pos - 1].line,
                               "'click id' takes 'call name(args)' and/or 'href \"url\"'")
        self.chart.warnings.append((items[pos - 1].line, "'click' is not drawn : the task is "
                                    "drawn without a link or a callback"))  # fmt: skip
        return pos


    def _section(self, text: str, line: int) -> None:
        self.budget.spend(text, line)
        if len(self.chart.sections) >= bounds.MAX_SECTIONS:
            raise MermaidError(line, f"more than {bounds.MAX_SECTIONS} sections : split the chart")
        self.chart.sections.append(text)

    def _task(self, label: str, data: str, line: int) -> None:
        self.budget.spend(label, line)
        chart = self.chart
        if len(chart.tasks) >= bounds.MAX_TASKS:
            raise MermaidError(line, f"more than {bounds.MAX_TASKS} tasks : split the chart")
        parts = data.split(",")
        tags: set[str] = set()
        while parts and parts[0].strip() in TAGS:
            tags.add(parts.pop(0).strip())
        if not parts:
            raise MermaidError(line, "a task needs an end or a duration after its tags")
        parts = [p.strip() for p in parts]
        if len(parts) > 3:
            raise MermaidError(line, "a task is 'label : [tags,] [id,] [start,] end' "
                               f"(tags first), not {len(parts)} values")  # fmt: skip
        if len(parts) == 3:
            task_id = parts[0]
        else:
            self.auto_ids += 1
            task_id = f"task{self.auto_ids}"
        start = parts[-2] if len(parts) >= 2 else ""
        prev = chart.tasks[-1].id if chart.tasks else None
        section = chart.sections[-1] if chart.sections else ""
        order = -1
        if "vert" not in tags:
            order, self.rows = self.rows, self.rows + 1
        chart.tasks.append(Task(decode_label(label.strip()), line, task_id, section,
                                frozenset(tags), start, parts[-1], prev, order=order))  # fmt: skip


def _unexpected(token: Token) -> str:
    if token.kind == "date":
        return f"unexpected date '{token.text}' : a task is 'label : {token.text}, 3d'"
    if token.kind == "gantt":
        return "'gantt' again : one chart per diagram"
    shown = token.text.strip()[:40] or token.text[:1]
    return f"unexpected '{shown}'"
