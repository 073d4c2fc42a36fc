"""The parsed gantt chart: settings, sections and tasks with their computed times."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

TAGS = ("active", "done", "crit", "milestone", "vert")  # mermaid's task tags, in its order


@dataclass
class Task:
    label: str  # decoded label
    line: int
    id: str
    section: str  # the section's text ('' before the first section)
    tags: frozenset[str]
    start_spec: str  # '' : after the previous task
    end_spec: str
    prev_id: str | None  # the task written before this one
    start: datetime | None = None
    end: datetime | None = None
    render_end: datetime | None = None  # the end drawn when excluded days pushed ``end``
    order: int = -1  # the row, in writing order (-1 for ``vert`` markers)
    guessed: bool = False  # ``after``/``until`` naming no task: mermaid uses today, we do not

    @property
    def drawn_end(self) -> datetime:
        assert self.start is not None and self.end is not None
        return self.render_end or self.end


@dataclass
class Gantt:
    title: str | None = None
    acc_title: str | None = None
    description: str | None = None
    date_format: str = ""
    axis_format: str = ""
    tick_interval: str = ""
    today_marker: str = ""  # read, never drawn: a build does not read the clock
    excludes: list[str] = field(default_factory=list)
    includes: list[str] = field(default_factory=list)
    inclusive_end_dates: bool = False
    top_axis: bool = False
    weekday: str = "sunday"
    weekend: str = "saturday"
    display_mode: str = ""
    sections: list[str] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    config: dict[str, str] = field(default_factory=dict)  # gantt settings of the init/config
    theme: dict[str, str] = field(default_factory=dict)  # themeVariables, values unchecked
    warnings: list[tuple[int, str]] = field(default_factory=list)  # (line, what is not drawn)
