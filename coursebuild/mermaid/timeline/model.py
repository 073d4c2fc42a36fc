"""The parsed timeline: sections holding periods, each period its events."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Period:
    text: str  # decoded label (newlines for ``<br>``)
    line: int
    section: int | None  # index into ``Timeline.sections``; None before the first section
    events: list[str] = field(default_factory=list)


@dataclass
class Section:
    text: str
    line: int


@dataclass
class Timeline:
    title: str | None = None
    acc_title: str | None = None
    description: str | None = None
    direction: str = "LR"  # ``TD`` is read, and drawn left to right too
    sections: list[Section] = field(default_factory=list)
    periods: list[Period] = field(default_factory=list)
    theme: dict[str, str] = field(default_factory=dict)  # themeVariables, values unchecked
    multicolor: bool = True  # ``timeline: {disableMulticolor: true}`` turns it off
