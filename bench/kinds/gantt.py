"""gantt: the settings, the sections and each task (id, label, section, tags, row) with its
start and end relative to the chart's first start (mermaid fills a date without a day with
today's, we with a fixed day: offsets compare the schedule itself)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from mermaid_structure import norm_label, norm_ours

from kinds import MERMAID_DIAGRAMS, MERMAID_DOCS, MERMAID_RENDERING, Kind

_EXTRACT = """(db) => {
  const pad = (n, k) => String(n).padStart(k || 2, '0');
  const iso = (d) => (d instanceof Date && !isNaN(d.getTime()))
    ? pad(d.getFullYear(), 4) + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + 'T' +
      pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds()) + '.' +
      pad(d.getMilliseconds(), 3)
    : null;
  const tasks = db.getTasks().map((t) => ({
    id: t.id, task: t.task, section: t.section, start: iso(t.startTime), end: iso(t.endTime),
    renderEnd: iso(t.renderEndTime), tags: ['active', 'done', 'crit', 'milestone', 'vert']
      .filter((k) => !!t[k]), order: t.order}));
  return {
    title: db.getDiagramTitle() || '', accTitle: db.getAccTitle() || '',
    accDescr: db.getAccDescription() || '',
    dateFormat: db.getDateFormat() || '', axisFormat: db.getAxisFormat() || '',
    tickInterval: db.getTickInterval() || '', todayMarker: db.getTodayMarker() || '',
    excludes: Array.from(db.getExcludes()), includes: Array.from(db.getIncludes()),
    inclusive: !!db.endDatesAreInclusive(), topAxis: !!db.topAxisEnabled(),
    weekday: db.getWeekday(), sections: Array.from(db.getSections()), tasks,
  };
}"""

_PARSED = "%Y-%m-%dT%H:%M:%S.%f"


def _offsets(rows: list[tuple[Any, Any, Any]]) -> list[tuple[float | None, ...]]:
    """(start, end, drawn end) of each task in seconds after the chart's first start."""
    starts = [r[0] for r in rows if r[0] is not None]
    if not starts:
        return [(None, None, None) for _ in rows]
    first = min(starts)

    def rel(moment: datetime | None) -> float | None:
        return None if moment is None else round((moment - first).total_seconds(), 3)

    return [(rel(a), rel(b), rel(c)) for a, b, c in rows]


def _date(text: str | None) -> datetime | None:
    return None if text is None else datetime.strptime(text, _PARSED)


def _settings(**values: Any) -> dict[str, Any]:
    return {key: (value.strip() if isinstance(value, str) else value)
            for key, value in values.items()}  # fmt: skip


def theirs(data: dict[str, Any]) -> dict[str, Any]:
    tasks = data["tasks"]
    times = _offsets([(_date(t["start"]), _date(t["end"]), _date(t["renderEnd"])) for t in tasks])
    return {
        "title": norm_label(data["title"]),
        "accessibility": (norm_label(data["accTitle"]), norm_label(data["accDescr"])),
        "settings": _settings(
            dateFormat=data["dateFormat"], axisFormat=data["axisFormat"],
            tickInterval=data["tickInterval"], todayMarker=data["todayMarker"],
            excludes=data["excludes"], includes=data["includes"],
            inclusive=data["inclusive"], topAxis=data["topAxis"], weekday=data["weekday"]),
        "sections": [norm_label(s) for s in data["sections"]],
        "tasks": [(t["id"], norm_label(t["task"]), norm_label(t["section"]), sorted(t["tags"]),
                   t["order"]) for t in tasks],  # fmt: skip
        "times": times,
    }


def ours(chart: Any) -> dict[str, Any]:
    tasks = chart.tasks
    times = _offsets([(t.start, t.end, t.render_end) for t in tasks])
    return {
        "title": norm_ours(chart.title or ""),
        "accessibility": (norm_ours(chart.acc_title or ""), norm_ours(chart.description or "")),
        "settings": _settings(
            dateFormat=chart.date_format, axisFormat=chart.axis_format,
            tickInterval=chart.tick_interval, todayMarker=chart.today_marker,
            excludes=chart.excludes, includes=chart.includes,
            inclusive=chart.inclusive_end_dates, topAxis=chart.top_axis, weekday=chart.weekday),
        "sections": [norm_label(s) for s in chart.sections],  # kept as written, like mermaid
        "tasks": [(t.id, norm_ours(t.label), norm_label(t.section), sorted(t.tags), t.order)
                  for t in tasks],  # fmt: skip
        "times": times,
    }


def samples() -> list[tuple[str, str]]:
    """A large chart: 40 sections of 10 tasks chained by ``after``, weekends excluded."""
    lines = ["gantt", "    title Large", "    dateFormat YYYY-MM-DD", "    excludes weekends"]
    for s in range(40):
        lines.append(f"    section Part {s}")
        for t in range(10):
            n = s * 10 + t
            start = "2024-01-01" if n == 0 else f"after t{n - 1}"
            tag = ("crit, " if n % 7 == 0 else "") + ("done, " if n < 50 else "")
            lines.append(f"        Task {n} : {tag}t{n}, {start}, {1 + n % 4}d")
    return [("gantt 400 tasks", "\n".join(lines))]


KIND = Kind(
    name="gantt",
    header=re.compile(r"gantt\b"),
    syntax_pages=(MERMAID_DOCS + "gantt.md",),
    specs=(MERMAID_DIAGRAMS + "gantt/",),
    rendering=(MERMAID_RENDERING + "gantt",),
    extract_js=_EXTRACT,
    parser="coursebuild.mermaid.gantt.parser:parse",
    theirs=theirs,
    ours=ours,
    features={
        "section": r"^\s*section\b",
        "after": r"\bafter\s",
        "until": r"\buntil\s",
        "excludes": r"^\s*excludes\b",
        "includes": r"^\s*includes\b",
        "milestone": r"\bmilestone\b",
        "vert": r"\bvert\b",
        "crit/active/done": r"\b(?:crit|active|done)\b",
        "dateFormat": r"^\s*dateFormat\b",
        "axisFormat": r"^\s*axisFormat\b",
        "tickInterval": r"^\s*tickInterval\b",
        "inclusiveEndDates": r"\binclusiveEndDates\b",
        "todayMarker": r"\btodayMarker\b",
        "click": r"^\s*click\b",
        "front matter": r"\A\s*---\n",
        "%%{init}%%": r"%%\{",
        "comment %%": r"^\s*%%(?!\{)",
        "accTitle/accDescr": r"\bacc(?:Title|Descr)\b",
        "non-ASCII text": r"[^\x00-\x7f]",
    },
    samples=samples,
)
