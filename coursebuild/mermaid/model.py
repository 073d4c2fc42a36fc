"""The parsed flowchart: plain dataclasses, no layout information."""

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
)


@dataclass
class Node:
    id: str
    label: str
    shape: str = "rect"
    classes: list[str] = field(default_factory=list)
    style: StyleMap = field(default_factory=dict)
    line: int = 0


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


@dataclass
class Subgraph:
    id: str
    title: str
    children: list[str] = field(default_factory=list)  # node ids and subgraph ids
    direction: Direction | None = None
    classes: list[str] = field(default_factory=list)
    style: StyleMap = field(default_factory=dict)
    line: int = 0


@dataclass
class Flowchart:
    direction: Direction = "TB"
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    subgraphs: dict[str, Subgraph] = field(default_factory=dict)
    class_defs: dict[str, StyleMap] = field(default_factory=dict)
    root: list[str] = field(default_factory=list)  # top-level node and subgraph ids
    title: str | None = None
    description: str | None = None
