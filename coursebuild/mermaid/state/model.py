"""The parsed state diagram: plain dataclasses, no layout information.

Scopes are the root (``ROOT``), composite states and their concurrency regions; every
state belongs to one scope, as mermaid's layout data gives it (``parentId``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ..model import Declaration, Direction, StyleMap

ROOT = "root"
Kind = Literal["state", "start", "end", "fork", "join", "choice", "region"]


@dataclass
class State:
    id: str
    kind: Kind = "state"
    descriptions: list[str] = field(default_factory=list)  # decoded, in the order written
    parent: str = ROOT  # the scope drawn around it: a composite state, a region, or ROOT
    composite: bool = False  # has a body ``{ … }`` (or is a concurrency region)
    direction: Direction | None = None  # ``direction`` inside its body
    classes: list[str] = field(default_factory=list)
    style: StyleMap = field(default_factory=dict)
    line: int = 0
    link: str | None = None  # ``click s href "…"``: an http(s) address

    @property
    def label(self) -> str:
        """The name drawn: the first description (mermaid's), else the id."""
        return self.descriptions[0] if self.descriptions else self.id

    @property
    def details(self) -> list[str]:
        """The descriptions drawn under the name."""
        return self.descriptions[1:]


@dataclass
class Transition:
    source: str
    target: str
    label: str = ""
    line: int = 0


@dataclass
class Note:
    target: str  # a state id; "" for a floating note (``note "…" as N``)
    position: Literal["left of", "right of", "floating"]
    text: str
    line: int = 0
    id: str = ""


@dataclass
class StateDiagram:
    direction: Direction = "TB"
    states: dict[str, State] = field(default_factory=dict)  # in order of first mention
    transitions: list[Transition] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    class_defs: dict[str, StyleMap] = field(default_factory=dict)
    title: str | None = None  # the front matter's ``title`` or ``accTitle``
    description: str | None = None
    heading: str | None = None  # the front matter's ``title``, drawn above the diagram
    theme: StyleMap = field(default_factory=dict)
    theme_raw: StyleMap = field(default_factory=dict)  # themeVariables as written
    warnings: list[tuple[int, str]] = field(default_factory=list)
    declarations: list[Declaration] = field(default_factory=list)
    hide_empty_description: bool = False
