"""Dates as mermaid's gantt reads them, in pure Python: dayjs's strict parsing and its
formatting (the tokens of ``dateFormat``), JavaScript's ``Date`` fallback for ISO-like
starts, and dayjs's durations (``3d``, ``1.5w``, ``2h``…). Times are naive ``datetime``s:
a build's chart does not depend on the machine's time zone, and never on its clock."""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import lru_cache

# A chart whose dates name no day (``dateFormat HH:mm``) lies on this day; mermaid uses
# today's, which a reproducible build cannot.
REFERENCE_DAY = datetime(1970, 1, 1)
EPOCH = datetime(1970, 1, 1)

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip
DAYS = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")

_FORMAT_TOKENS = re.compile(
    r"\[([^\]]*)]|Q|wo|ww|w|WW|W|zzz|z|gggg|GGGG|Do|X|x|k{1,2}|YYYY|YY|M{1,4}|D{1,2}|"
    r"d{1,4}|H{1,2}|h{1,2}|a|A|m{1,2}|s{1,2}|Z{1,2}|SSS"
)
_PARSE_TOKENS = re.compile(
    r"(\[[^[]*\])|([-_:/.,()\s]+)|(A|a|Q|YYYY|YY?|ww?|MM?M?M?|Do|DD?|hh?|HH?|mm?|ss?|S{1,3}|z|ZZ?)"
)
_WORD = r"\d*[^-_:/,()\s\d]+"
_PARSE_PATTERNS = {
    "A": _WORD, "a": _WORD, "Q": r"\d", "S": r"\d", "SS": r"\d\d", "SSS": r"\d{3}",
    "s": r"\d\d?", "ss": r"\d\d", "m": r"\d\d?", "mm": r"\d\d", "H": r"\d\d?", "h": r"\d\d?",
    "HH": r"\d\d", "hh": r"\d\d", "D": r"\d\d?", "DD": r"\d\d", "Do": _WORD, "M": r"\d\d?",
    "MM": r"\d\d", "MMM": _WORD, "MMMM": _WORD, "Y": r"[+-]?\d+", "YY": r"\d\d",
    "YYYY": r"\d{4}", "Z": r"[+-]\d\d:?(?:\d\d)?|Z", "ZZ": r"[+-]\d\d:?(?:\d\d)?|Z",
    "w": r"\d\d?", "ww": r"\d\d",
}  # fmt: skip


def _ordinal(n: int) -> str:
    v = n % 100
    suffixes = ("th", "st", "nd", "rd")
    index = (v - 20) % 10 if v >= 20 else v
    return f"{n}{suffixes[index] if 0 < index < 4 else 'th'}"


def _ms(moment: datetime) -> int:
    return (moment - EPOCH) // timedelta(milliseconds=1)


def _iso_week(moment: datetime) -> tuple[int, int]:
    year, week, _ = moment.isocalendar()
    return year, week


def _locale_week(moment: datetime) -> int:
    """dayjs's ``w`` in English: weeks start on Sunday, the week holding 1 January is 1."""
    start = datetime(moment.year + 1, 1, 1)
    start -= timedelta(days=(start.weekday() + 1) % 7)
    if moment >= start:
        return 1
    first = datetime(moment.year, 1, 1)
    first -= timedelta(days=(first.weekday() + 1) % 7)
    return (moment - first).days // 7 + 1


def _weekday(m: datetime) -> str:
    return DAYS[(m.weekday() + 1) % 7]


_TOKENS: dict[str, Callable[[datetime], str]] = {
    "YYYY": lambda m: f"{m.year:04d}", "YY": lambda m: f"{m.year:04d}"[-2:],
    "M": lambda m: str(m.month), "MM": lambda m: f"{m.month:02d}",
    "MMM": lambda m: MONTHS[m.month - 1][:3], "MMMM": lambda m: MONTHS[m.month - 1],
    "D": lambda m: str(m.day), "DD": lambda m: f"{m.day:02d}",
    "d": lambda m: str((m.weekday() + 1) % 7), "dd": lambda m: _weekday(m)[:2],
    "ddd": lambda m: _weekday(m)[:3], "dddd": _weekday,
    "H": lambda m: str(m.hour), "HH": lambda m: f"{m.hour:02d}",
    "h": lambda m: str(m.hour % 12 or 12), "hh": lambda m: f"{m.hour % 12 or 12:02d}",
    "a": lambda m: "am" if m.hour < 12 else "pm", "A": lambda m: "AM" if m.hour < 12 else "PM",
    "m": lambda m: str(m.minute), "mm": lambda m: f"{m.minute:02d}",
    "s": lambda m: str(m.second), "ss": lambda m: f"{m.second:02d}",
    "SSS": lambda m: f"{m.microsecond // 1000:03d}", "Z": lambda m: "+00:00",
    "ZZ": lambda m: "+0000", "Q": lambda m: str((m.month - 1) // 3 + 1),
    "Do": lambda m: _ordinal(m.day), "k": lambda m: str(m.hour or 24),
    "kk": lambda m: f"{m.hour or 24:02d}", "X": lambda m: str(_ms(m) // 1000),
    "x": lambda m: str(_ms(m)), "z": lambda m: "UTC",
    "zzz": lambda m: "Coordinated Universal Time",
    "W": lambda m: str(_iso_week(m)[1]), "WW": lambda m: f"{_iso_week(m)[1]:02d}",
    "w": lambda m: str(_locale_week(m)), "ww": lambda m: f"{_locale_week(m):02d}",
    "wo": lambda m: _ordinal(_locale_week(m)), "GGGG": lambda m: str(_iso_week(m)[0]),
    "gggg": lambda m: str(m.year),
}  # fmt: skip


@lru_cache(maxsize=64)
def _format_parts(fmt: str) -> tuple[str | Callable[[datetime], str], ...]:
    """``fmt`` as literal text and token writers, in order."""
    parts: list[str | Callable[[datetime], str]] = []
    pos = 0
    for found in _FORMAT_TOKENS.finditer(fmt):
        parts.append(fmt[pos : found.start()])
        parts.append(found.group(1) if found.group(1) is not None else _TOKENS[found.group(0)])
        pos = found.end()
    parts.append(fmt[pos:])
    return tuple(part for part in parts if part != "")


def format_date(moment: datetime, fmt: str) -> str:
    """``moment`` written with a dayjs format string (core tokens and advancedFormat's)."""
    parts = _format_parts(fmt or "YYYY-MM-DDTHH:mm:ssZ")
    return "".join(part if isinstance(part, str) else part(moment) for part in parts)


def _month_index(word: str, full: bool) -> int | None:
    for i, name in enumerate(MONTHS):
        if (name if full else name[:3]).lower() == word.lower():
            return i + 1
    return None


@lru_cache(maxsize=64)
def _pattern(fmt: str) -> tuple[re.Pattern[str], list[str]] | None:
    """A regex reading ``fmt``'s fields, and the token of each group."""
    parts: list[str] = []
    tokens: list[str] = []
    pos = 0
    for found in _PARSE_TOKENS.finditer(fmt):
        parts.append(re.escape(fmt[pos : found.start()]))
        pos = found.end()
        text = found.group(0)
        if found.group(3):
            parts.append(f"({_PARSE_PATTERNS[text]})")
            tokens.append(text)
        else:
            parts.append(re.escape(text[1:-1] if found.group(1) else text))
    parts.append(re.escape(fmt[pos:]))
    try:
        return re.compile("".join(parts) + r"\Z"), tokens
    except re.error:
        return None


def _fields(tokens: list[str], values: tuple[str, ...]) -> dict[str, int] | None:
    got: dict[str, int] = {}
    for token, value in zip(tokens, values, strict=True):
        number = int(re.sub(r"\D", "", value) or "0") if token not in ("A", "a") else 0
        if token in ("MMM", "MMMM"):
            month = _month_index(value, token == "MMMM")
            if month is None:
                return None
            got["month"] = month
        elif token in ("A", "a"):
            got["pm"] = 1 if value.lower() == "pm" else 0
        elif token == "YY":
            got["year"] = number + (1900 if number > 68 else 2000)
        elif token[0] in "YMDHhmsQ" or token == "Do":
            key = {"Y": "year", "M": "month", "D": "day", "H": "hour", "h": "hour",
                   "m": "minute", "s": "second", "Q": "quarter"}.get(token[0], "day")  # fmt: skip
            got[key] = -number if token == "Y" and value.startswith("-") else number
        elif token[0] == "S":
            got["ms"] = number * {1: 100, 2: 10, 3: 1}[len(token)]
    return got


def _assemble(got: dict[str, int]) -> datetime | None:
    if "quarter" in got and "month" not in got:
        got["month"] = (got["quarter"] - 1) * 3 + 1
    if got.get("pm") == 1 and got.get("hour", 0) < 12:
        got["hour"] = got.get("hour", 0) + 12
    elif got.get("pm") == 0 and got.get("hour") == 12:
        got["hour"] = 0
    named_day = "year" in got or "month" in got
    year = got.get("year") or REFERENCE_DAY.year
    month = got.get("month") or (1 if named_day else REFERENCE_DAY.month)
    day = got.get("day") or (1 if named_day else REFERENCE_DAY.day)
    try:
        base = datetime(year, 1, 1)
        base = _add_months(base, month - 1)
        return base + timedelta(days=day - 1, hours=got.get("hour", 0),
                                minutes=got.get("minute", 0), seconds=got.get("second", 0),
                                milliseconds=got.get("ms", 0))  # fmt: skip
    except (ValueError, OverflowError):
        return None


def parse_strict(text: str, fmt: str) -> datetime | None:
    """``dayjs(text, fmt, true)``: the date when ``text`` is exactly ``fmt``'s writing of it."""
    fmt = fmt.strip()
    if fmt in ("x", "X"):
        if not re.fullmatch(r"-?\d+(?:\.\d+)?", text):
            return None
        moment = from_ms(float(text) * (1000 if fmt == "X" else 1))
        return moment if moment and format_date(moment, fmt) == text else None
    if not fmt:
        return None
    built = _pattern(fmt)
    if built is None:
        return None
    found = built[0].match(text)
    if found is None:
        return None
    got = _fields(built[1], found.groups())
    moment = _assemble(got) if got is not None else None
    if moment is None or format_date(moment, fmt) != text:
        return None
    return moment


def from_ms(value: float) -> datetime | None:
    try:
        return EPOCH + timedelta(milliseconds=int(value))
    except (OverflowError, ValueError):
        return None


_ISO = re.compile(
    r"([+-]\d{6}|\d{1,5})(?:-(\d\d?)(?:-(\d\d?))?)?"
    r"(?:[T ](\d\d):(\d\d)(?::(\d\d)(?:\.(\d{1,3})\d*)?)?)?\s*(Z|[+-]\d\d:?\d\d)?"
)
_SLASHED = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})|(\d{1,2})/(\d{1,2})/(\d{4})")


def parse_loose(text: str) -> datetime | None:
    """What JavaScript's ``new Date(text)`` reads of the usual forms (ISO dates and times,
    ``2014/01/31``, ``01/31/2014``, ``Jan 31 2014``), mermaid's fallback for a start that does
    not follow ``dateFormat``; a year beyond ±10 000 is refused, as mermaid does."""
    if text.isdigit() and len(text) <= 2:  # V8 reads a lone number as a year or a month
        return _lone_number(int(text))
    found = _ISO.fullmatch(text)
    if found:
        year, month, day, hour, minute, second, ms, zone = found.groups()
        if int(month or 1) > 12 or int(day or 1) > 31 or int(hour or 0) > 24:
            return None
        fields = (year, month or 1, day or 1, hour or 0, minute or 0, second or 0,
                  (ms or "0").ljust(3, "0"))  # fmt: skip
        moment = _safe(*(int(v) for v in fields))
        if moment is not None and zone and zone != "Z":
            sign = -1 if zone[0] == "+" else 1
            digits = zone[1:].replace(":", "")
            moment += sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        return moment
    found = _SLASHED.fullmatch(text)
    if found:
        if found.group(1):
            return _safe(int(found.group(1)), int(found.group(2)), int(found.group(3)))
        return _safe(int(found.group(6)), int(found.group(4)), int(found.group(5)))
    return _named_month(text)


def _lone_number(value: int) -> datetime | None:
    if value == 0:
        return datetime(2000, 1, 1)
    if value <= 12:
        return datetime(2001, value, 1)
    if value < 32:
        return None
    return datetime(value + (2000 if value < 50 else 1900), 1, 1)


def _named_month(text: str) -> datetime | None:
    words = re.findall(r"[A-Za-z]+|\d+", text)
    months = [m for w in words if len(w) >= 3 and (m := _month_prefix(w))]
    numbers = [int(w) for w in words if w.isdigit()]
    if len(months) != 1 or len(numbers) < 2:
        return None
    year = next((n for n in numbers if n > 31), numbers[-1])
    day = next((n for n in numbers if n != year), 1)
    return _safe(year, months[0], day)


def _month_prefix(word: str) -> int | None:
    return next((i + 1 for i, name in enumerate(MONTHS)
                 if name.lower().startswith(word.lower())), None)  # fmt: skip


def _safe(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0,
          ms: int = 0) -> datetime | None:
    """JavaScript's overflowing ``Date`` (31 February is 3 March), or None out of range."""
    if not 1 <= month <= 12 or not 1 <= year <= 9999:
        return None
    try:
        return datetime(year, month, 1) + timedelta(days=day - 1, hours=hour, minutes=minute,
                                                    seconds=second, milliseconds=ms)
    except OverflowError:
        return None


def _add_months(moment: datetime, months: int) -> datetime:
    """dayjs's month arithmetic: the day kept, or the month's last when it has fewer."""
    total = moment.year * 12 + moment.month - 1 + months
    year, month = divmod(total, 12)
    day = min(moment.day, monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


_DURATION = re.compile(r"(\d+(?:\.\d+)?)([Mdhmswy]|ms)\Z")
_STEP_MS = {"h": 3_600_000, "m": 60_000, "s": 1000, "ms": 1}


def parse_duration(text: str) -> tuple[float, str] | None:
    found = _DURATION.match(text.strip())
    return (float(found.group(1)), found.group(2)) if found else None


def add_duration(moment: datetime, value: float, unit: str) -> datetime:
    """``dayjs(moment).add(value, unit)``: days and weeks rounded to whole days, months and
    years truncated, shorter units to the millisecond. Raises OverflowError out of range."""
    try:
        if unit == "d":
            return moment + timedelta(days=_js_round(value))
        if unit == "w":
            return moment + timedelta(days=_js_round(7 * value))
        if unit == "M":
            return _add_months(moment, int(value))
        if unit == "y":
            return _add_months(moment, 12 * int(value))
        return moment + timedelta(milliseconds=int(value * _STEP_MS[unit]))
    except ValueError as exc:  # a year beyond 9999
        raise OverflowError(str(exc)) from None


def _js_round(value: float) -> int:
    return int((value + 0.5) // 1)
