"""The parsed flowchart: plain dataclasses, no layout information.

Labels are plain text, with newlines for line breaks and the formatting marks of
:mod:`.text` (bold, italic, underline, strike-through); ``text.plain`` removes them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Direction = Literal["TB", "BT", "LR", "RL"]
Marker = Literal["arrow", "circle", "cross"]
Stroke = Literal["normal", "thick", "dotted", "invisible"]
StyleMap = dict[str, str]

SHAPES = (
    "rect",
    "round",
    "stadium",
    "subroutine",
    "cylinder",
    "circle",
    "doublecircle",
    "odd",
    "diamond",
    "hexagon",
    "lean_right",
    "lean_left",
    "trapezoid",
    "trapezoid_alt",
    "ellipse",
    "triangle",
    "flip_triangle",
    "text",
    "fork",
)


@dataclass
class Node:
    id: str
    label: str
    shape: str = "rect"  # a kind of SHAPES, or a shape name of ``@{ shape: … }`` as written
    classes: list[str] = field(default_factory=list)
    style: StyleMap = field(default_factory=dict)
    line: int = 0
    link: str | None = None  # ``click A href "…"``: an http(s) address, already checked


@dataclass
class Edge:
    source: str
    target: str
    index: int
    stroke: Stroke = "normal"
    start: Marker | None = None
    end: Marker | None = "arrow"
    label: str = ""
    length: int = 1
    style: StyleMap = field(default_factory=dict)
    line: int = 0
    id: str | None = None  # ``A e1@--> B``
    curve: str | None = None  # ``e1@{ curve: linear }`` or ``linkStyle … interpolate``


@dataclass
class Subgraph:
    id: str
    title: str
    children: list[str] = field(default_factory=list)  # node ids and subgraph ids
    direction: Direction | None = None
    classes: list[str] = field(default_factory=list)
    style: StyleMap = field(default_factory=dict)
    line: int = 0


@dataclass(frozen=True)
class Declaration:
    """One ``style`` or ``classDef`` line as written: what it styles, and its values."""

    line: int  # in the diagram
    keyword: Literal["style", "classDef"]
    target: str  # a node or subgraph id, or the class names
    styles: StyleMap


@dataclass
class Flowchart:
    direction: Direction = "TB"
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    subgraphs: dict[str, Subgraph] = field(default_factory=dict)
    class_defs: dict[str, StyleMap] = field(default_factory=dict)
    root: list[str] = field(default_factory=list)  # top-level node and subgraph ids
    title: str | None = None  # the front matter's ``title`` (drawn) or ``accTitle``
    description: str | None = None
    heading: str | None = None  # the front matter's ``title``, drawn above the diagram
    theme: StyleMap = field(default_factory=dict)  # themeVariables that passed the checks
    warnings: list[tuple[int, str]] = field(default_factory=list)  # (line, message)
    declarations: list[Declaration] = field(default_factory=list)  # style, classDef lines
