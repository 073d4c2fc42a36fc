"""The parsed class diagram: plain dataclasses, no layout information.

Labels (class labels, notes, relation labels, cardinalities) are decoded (see
:func:`..text.decode_label`); members are plain text as mermaid shows them (``List~int~``
already ``List<int>``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Direction = Literal["TB", "BT", "LR", "RL"]
# what an end of a relation carries, mermaid's relationType (``none``: a plain end)
EndKind = Literal["none", "aggregation", "extension", "composition", "dependency", "lollipop"]


@dataclass
class Member:
    text: str  # as drawn: visibility, name, (parameters) and `` : return type``
    method: bool
    classifier: str = ""  # ``$`` static (underlined), ``*`` abstract (italic)


@dataclass
class ClassNode:
    id: str
    label: str  # the displayed name, with ``<T>`` for a generic
    line: int
    generic: str = ""
    members: list[Member] = field(default_factory=list)
    methods: list[Member] = field(default_factory=list)
    annotations: list[str] = field(default_factory=list)
    css_classes: list[str] = field(default_factory=list)
    style: dict[str, str] = field(default_factory=dict)
    namespace: str | None = None
    interface: bool = False  # a lollipop interface (a small circle and its name)


@dataclass
class Relation:
    id1: str
    id2: str
    type1: EndKind  # the end at id1
    type2: EndKind  # the end at id2
    dotted: bool
    line: int
    title: str = ""
    card1: str = ""  # cardinality near id1
    card2: str = ""


@dataclass
class Note:
    id: str
    text: str
    line: int
    target: str | None = None  # ``note for A``
    namespace: str | None = None


@dataclass
class Namespace:
    id: str
    label: str
    line: int
    parent: str | None = None


@dataclass
class ClassDiagram:
    direction: Direction = "TB"
    classes: dict[str, ClassNode] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    namespaces: dict[str, Namespace] = field(default_factory=dict)
    class_defs: dict[str, dict[str, str]] = field(default_factory=dict)
    title: str | None = None  # the front matter's title, drawn above
    acc_title: str | None = None
    description: str | None = None
    theme: dict[str, str] = field(default_factory=dict)  # themeVariables, values unchecked
    hide_empty: bool = False  # ``class: {hideEmptyMembersBox: true}``: a name box alone
    warnings: list[tuple[int, str]] = field(default_factory=list)  # (line, what is not drawn)
