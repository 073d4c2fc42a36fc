"""The time axis as d3 draws it for mermaid: ``scaleTime().ticks()`` (d3's choice of a
tick interval for about ten ticks, or the chart's ``tickInterval``) and ``timeFormat``
(``axisFormat``: ``%Y-%m-%d``, ``%b %d``, ``%H:%M``…)."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from datetime import datetime, timedelta

from . import bounds
from .dates import DAYS, EPOCH, MONTHS

_SECOND, _MINUTE, _HOUR, _DAY = 1000, 60_000, 3_600_000, 86_400_000
_WEEK, _MONTH, _YEAR = 7 * _DAY, 30 * _DAY, 365 * _DAY
# d3-time's tickIntervals: (unit, step, duration in ms)
_INTERVALS = (
    ("second", 1, _SECOND), ("second", 5, 5 * _SECOND), ("second", 15, 15 * _SECOND),
    ("second", 30, 30 * _SECOND), ("minute", 1, _MINUTE), ("minute", 5, 5 * _MINUTE),
    ("minute", 15, 15 * _MINUTE), ("minute", 30, 30 * _MINUTE), ("hour", 1, _HOUR),
    ("hour", 3, 3 * _HOUR), ("hour", 6, 6 * _HOUR), ("hour", 12, 12 * _HOUR),
    ("day", 1, _DAY), ("day", 2, 2 * _DAY), ("week", 1, _WEEK), ("month", 1, _MONTH),
    ("month", 3, 3 * _MONTH), ("year", 1, _YEAR),
)  # fmt: skip
_TICK_INTERVAL = re.compile(r"([1-9]\d*)(millisecond|second|minute|hour|day|week|month)\Z")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _ms(moment: datetime) -> int:
    return (moment - EPOCH) // timedelta(milliseconds=1)


def _tick_increment(start: float, stop: float, count: int) -> float:
    """d3-array's tickStep: a step of 1, 2 or 5 times a power of ten."""
    step = (stop - start) / max(0, count)
    if step <= 0:
        return 1.0
    power = math.floor(math.log10(step))
    error = step / 10**power
    factor = next((f for f, least in ((10, 50), (5, 10), (2, 2)) if error >= math.sqrt(least)), 1)
    return float(factor * 10**power)


def _floor(moment: datetime, unit: str, step: int, weekday: str) -> datetime:
    """The start of ``moment``'s interval (d3's ``interval.every(step)`` floors to a
    multiple of ``step`` of the field: seconds, minutes, hours, day of month, month, year)."""
    if unit == "millisecond":
        ms = _ms(moment)
        return EPOCH + timedelta(milliseconds=ms - ms % step)
    if unit == "second":
        return moment.replace(microsecond=0, second=moment.second - moment.second % step)
    if unit == "minute":
        return moment.replace(microsecond=0, second=0,
                              minute=moment.minute - moment.minute % step)  # fmt: skip
    if unit == "hour":
        return moment.replace(microsecond=0, second=0, minute=0,
                              hour=moment.hour - moment.hour % step)  # fmt: skip
    day = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    if unit == "day":
        return day - timedelta(days=(day.day - 1) % step)
    if unit == "week":
        first = _WEEKDAYS.index(weekday)
        return day - timedelta(days=(day.weekday() - first) % 7)
    if unit == "month":
        return day.replace(day=1, month=day.month - (day.month - 1) % step)
    return day.replace(day=1, month=1, year=max(1, day.year - day.year % step))


def _next(moment: datetime, unit: str, step: int) -> datetime:
    if unit == "millisecond":
        return moment + timedelta(milliseconds=step)
    if unit in ("second", "minute", "hour", "day"):
        nxt = moment + timedelta(**{f"{unit}s": step})
        if unit == "day" and nxt.month != moment.month:  # d3 restarts the count each month
            nxt = nxt.replace(day=1) if nxt.day <= step else nxt
        return nxt
    if unit == "week":
        return moment + timedelta(weeks=step)
    if unit == "month":
        total = moment.year * 12 + moment.month - 1 + step
        return moment.replace(year=total // 12, month=total % 12 + 1)
    return moment.replace(year=moment.year + step)


def _range(start: datetime, stop: datetime, unit: str, step: int, weekday: str,
           limit: int) -> Iterator[datetime]:
    """The interval's boundaries from ``start`` (rounded up) to ``stop`` included."""
    tick = _floor(start, unit, step, weekday)
    if tick < start:
        tick = _next(tick, unit, step)
        tick = _floor(tick, unit, step, weekday) if unit in ("day", "month") else tick
    count = 0
    while tick <= stop and count < limit:
        yield tick
        count += 1
        try:
            tick = _next(tick, unit, step)
        except (ValueError, OverflowError):
            return
        if unit == "week":
            continue
        tick = max(tick, _floor(tick, unit, step, weekday))


def _chosen(start: datetime, stop: datetime, custom: str, weekday: str) -> tuple[str, int]:
    found = _TICK_INTERVAL.match(custom.strip())
    if found:
        step, unit = int(found.group(1)), found.group(2)
        length = {"millisecond": 1, "second": _SECOND, "minute": _MINUTE, "hour": _HOUR,
                  "day": _DAY, "week": _WEEK, "month": _MONTH}[unit] * step  # fmt: skip
        if (_ms(stop) - _ms(start)) / length <= bounds.MAX_TICKS:
            return unit, step
    target = (_ms(stop) - _ms(start)) / 10
    index = next((i for i, row in enumerate(_INTERVALS) if row[2] > target), len(_INTERVALS))
    if index == len(_INTERVALS):
        years = _tick_increment(start.year, stop.year + 1, 10)
        return "year", max(1, int(years))
    if index == 0:
        return "millisecond", max(1, int(_tick_increment(_ms(start), _ms(stop), 10)))
    before, after = _INTERVALS[index - 1], _INTERVALS[index]
    unit, step, _ = before if target / before[2] < after[2] / target else after
    return unit, step


def ticks(start: datetime, stop: datetime, custom: str = "",
          weekday: str = "sunday") -> list[datetime]:
    """The tick dates of the axis from ``start`` to ``stop``."""
    if stop <= start:
        return [start]
    unit, step = _chosen(start, stop, custom, weekday)
    if unit == "week" and not _TICK_INTERVAL.match(custom.strip()):
        weekday = "sunday"  # d3's automatic weeks start on Sunday
    return list(_range(start, stop, unit, step, weekday, bounds.MAX_TICKS))


_DIRECTIVE = re.compile(r"%([-_0]?)(.)")


def _field(moment: datetime, code: str) -> tuple[str, str] | None:  # noqa: PLR0911
    """The value of ``%code`` and its default padding ('0', ' ' or '')."""
    weekday = (moment.weekday() + 1) % 7
    numbers = {
        "d": (moment.day, 2), "e": (moment.day, 2), "H": (moment.hour, 2),
        "I": (moment.hour % 12 or 12, 2), "j": (moment.timetuple().tm_yday, 3),
        "L": (moment.microsecond // 1000, 3), "f": (moment.microsecond, 6),
        "m": (moment.month, 2), "M": (moment.minute, 2), "S": (moment.second, 2),
        "u": (moment.isoweekday(), 1), "w": (weekday, 1), "y": (moment.year % 100, 2),
        "Y": (moment.year, 4), "q": ((moment.month - 1) // 3 + 1, 1),
        "U": (int(moment.strftime("%U")), 2), "W": (int(moment.strftime("%W")), 2),
        "V": (moment.isocalendar()[1], 2), "G": (moment.isocalendar()[0], 4),
        "g": (moment.isocalendar()[0] % 100, 2),
    }  # fmt: skip
    if code in numbers:
        value, width = numbers[code]
        return f"{value:0{width}d}" if width > 1 else str(value), " " if code == "e" else "0"
    texts = {
        "a": DAYS[weekday][:3], "A": DAYS[weekday], "b": MONTHS[moment.month - 1][:3],
        "B": MONTHS[moment.month - 1], "p": "AM" if moment.hour < 12 else "PM",
        "Q": str(_ms(moment)), "s": str(_ms(moment) // 1000), "Z": "+0000", "%": "%",
        "x": f"{moment.month}/{moment.day}/{moment.year}",
        "X": f"{moment.hour % 12 or 12}:{moment:%M:%S} {'AM' if moment.hour < 12 else 'PM'}",
    }  # fmt: skip
    if code == "c":
        return f"{texts['x']}, {texts['X']}", ""
    return (texts[code], "") if code in texts else None


def time_format(moment: datetime, spec: str) -> str:
    """d3's ``timeFormat(spec)(moment)``; an unknown directive is kept as written."""
    def one(found: re.Match[str]) -> str:
        pad, code = found.groups()
        got = _field(moment, code)
        if got is None:
            return found.group(0)
        value, default = got
        if not default or not value[:1].isdigit() and value[:1] != " ":
            return value
        stripped = value.lstrip("0 ") or "0"
        chosen = default if not pad else {"-": "", "_": " ", "0": "0"}[pad]
        return stripped.rjust(len(value), chosen) if chosen else stripped

    return _DIRECTIVE.sub(one, spec)
