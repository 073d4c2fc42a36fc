"""Each task's start and end, computed as mermaid's ``ganttDb.getTasks`` does: passes over
the tasks in writing order until every ``after``/previous-task reference is known (at most
eleven), ends pushed past excluded days, and nothing read from the clock: where mermaid would
use today (an ``after``/``until`` naming no task, a reference never resolved), the chart's
first written date is used and the task is marked ``guessed``."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from functools import lru_cache

from ..errors import MermaidError
from . import bounds
from .dates import (
    REFERENCE_DAY,
    add_duration,
    format_date,
    from_ms,
    parse_duration,
    parse_loose,
    parse_strict,
)
from .model import Gantt, Task

_AFTER = re.compile(r"after\s+([\w\- ]+)", re.A)
_UNTIL = re.compile(r"until\s+([\w\- ]+)", re.A)
_WEEKEND = {"friday": 5, "saturday": 6}
_DAY = timedelta(days=1)
_PASSES = 11
FIRST_DRAWN, LAST_DRAWN = datetime(2, 1, 1), datetime(9998, 12, 31)  # room for the axis
_FURTHEST = timedelta(days=10_000)  # mermaid gives up pushing an end past excluded days


class _Schedule:
    def __init__(self, chart: Gantt) -> None:
        self.chart = chart
        self.fmt = chart.date_format.strip()
        self.by_id = {task.id: task for task in chart.tasks}  # the last task of an id wins
        self.walked = 0
        self.anchor = self._anchor()

    def _anchor(self) -> datetime:
        """The first date written as a start: stands for mermaid's "today"."""
        for task in self.chart.tasks:
            if task.start_spec and not _AFTER.match(task.start_spec):
                try:
                    found = self._date(task.start_spec, task.line)
                except MermaidError:
                    continue
                if found is not None:
                    return found
        return REFERENCE_DAY

    def _date(self, text: str, line: int) -> datetime | None:
        if self.fmt in ("x", "X") and text.isdigit():
            return from_ms(int(text))
        found = parse_strict(text, self.fmt)
        if found is None:
            found = parse_loose(text)
        if found is None:
            raise MermaidError(line, f"invalid date '{text}' : dateFormat is "
                               f"'{self.fmt or 'not set'}'")  # fmt: skip
        return found

    def start(self, task: Task) -> tuple[datetime | None, bool]:
        found = _AFTER.match(task.start_spec)
        if not found:
            return self._date(task.start_spec, task.line), False
        latest: Task | None = None
        for name in found.group(1).split(" "):
            other = self.by_id.get(name)
            if other is not None and (latest is None or _later(other.end, latest.end)):
                latest = other
        if latest is None:
            return self.anchor, True
        return latest.end, False

    def end(self, task: Task, start: datetime) -> tuple[datetime | None, bool]:
        spec = task.end_spec
        found = _UNTIL.match(spec)
        if found:
            earliest: Task | None = None
            for name in found.group(1).split(" "):
                other = self.by_id.get(name)
                if other is not None and (earliest is None or _later(earliest.start, other.start)):
                    earliest = other
            if earliest is None:
                return self.anchor, True
            return earliest.start, False  # None: not known yet, try again next pass
        moment = parse_strict(spec, self.fmt)
        if moment is not None:
            return (moment + _DAY if self.chart.inclusive_end_dates else moment), False
        duration = parse_duration(spec)
        if duration is None:
            return start, False
        try:
            return add_duration(start, *duration), False
        except OverflowError:
            raise MermaidError(task.line, f"'{spec}' ends after the year 9999") from None

    def push_past_excludes(self, task: Task) -> None:
        """mermaid's ``checkTaskDates``: each excluded day within the task moves its end one
        day later; ``render_end`` is the end drawn."""
        if not self.chart.excludes or parse_strict(task.end_spec, "YYYY-MM-DD") is not None:
            return
        assert task.start is not None and task.end is not None
        day, end = task.start + _DAY, task.end
        furthest = end + _FURTHEST
        render: datetime | None = None
        invalid = False
        while day <= end:
            self.walked += 1
            if self.walked > bounds.MAX_EXCLUDED_DAYS:
                raise MermaidError(task.line, "excluded days over too long a span : "
                                   "shorten the tasks or drop 'excludes'")  # fmt: skip
            if not invalid:
                render = end
            invalid = excluded_day(self.chart, day)
            if invalid:
                end += _DAY
                if end > furthest:
                    raise MermaidError(task.line, "every day after the task is excluded "
                                       "(10 000 days tried) : check 'excludes'")  # fmt: skip
            day += _DAY
        task.end, task.render_end = end, render

    def one(self, task: Task) -> bool:
        if not task.start_spec:
            if task.prev_id is None:
                raise MermaidError(task.line, "the first task needs a start: "
                                   "'label : 2024-01-01, 3d'")  # fmt: skip
            previous = self.by_id[task.prev_id]
            start, guessed = previous.end, False
        else:
            start, guessed = self.start(task)
        if start is None:
            return False
        task.start = start
        end, guessed_end = self.end(task, start)
        if end is None:
            return False
        task.end, task.render_end = end, None
        task.guessed = guessed or guessed_end
        self.push_past_excludes(task)
        return True


def excluded_day(chart: Gantt, day: datetime) -> bool:
    """mermaid's ``isInvalidDate``: an excluded day that no ``includes`` brings back."""
    return _excluded_day(day, chart.date_format.strip(), chart.weekend, tuple(chart.excludes),
                         tuple(chart.includes))  # fmt: skip


@lru_cache(maxsize=32768)
def _excluded_day(day: datetime, fmt: str, weekend: str, excludes: tuple[str, ...],
                  includes: tuple[str, ...]) -> bool:
    written = format_date(day, fmt)
    only = format_date(day, "YYYY-MM-DD")
    if written in includes or only in includes:
        return False
    first = _WEEKEND.get(weekend, 6)
    if "weekends" in excludes and day.isoweekday() in (first, first + 1):
        return True
    if format_date(day, "dddd").lower() in excludes:
        return True
    return written in excludes or only in excludes


def _later(a: datetime | None, b: datetime | None) -> bool:
    """JavaScript's ``a > b`` on dates that may be undefined (then false)."""
    return a is not None and b is not None and a > b


def _one(schedule: _Schedule, task: Task) -> bool:
    try:
        return schedule.one(task)
    except OverflowError:
        raise MermaidError(task.line, "a date after the year 9999 : not drawn") from None


def compile_tasks(chart: Gantt) -> None:
    """Fill each task's ``start``/``end`` (``render_end``); unresolved ones lie at the
    chart's first date, zero long, marked ``guessed``."""
    schedule = _Schedule(chart)
    for _ in range(_PASSES):
        done = [_one(schedule, task) for task in chart.tasks]
        if all(done):
            break
    for task in chart.tasks:
        if task.start is None or task.end is None:
            task.start = task.end = schedule.anchor
            task.guessed = True
        for moment in (task.start, task.end):
            if not FIRST_DRAWN <= moment <= LAST_DRAWN:
                raise MermaidError(task.line, f"{moment:%Y-%m-%d} : dates are drawn from "
                                   "the year 2 to the year 9998")  # fmt: skip
