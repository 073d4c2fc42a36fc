"""A parsed entity-relationship diagram: entities (with their attributes) in the order they
were first named, relationships in source order, classes and styles."""

from __future__ import annotations

from dataclasses import dataclass, field

# the cardinalities, as mermaid names them (``MD_PARENT``: the ``u`` marker, drawn as one)
ZERO_OR_ONE = "ZERO_OR_ONE"
ZERO_OR_MORE = "ZERO_OR_MORE"
ONE_OR_MORE = "ONE_OR_MORE"
ONLY_ONE = "ONLY_ONE"
MD_PARENT = "MD_PARENT"


@dataclass(frozen=True)
class Attribute:
    type: str
    name: str
    keys: tuple[str, ...] = ()  # "PK", "FK", "UK" as written (mermaid keeps the case)
    comment: str = ""


@dataclass
class Entity:
    name: str
    line: int
    alias: str = ""  # the label drawn instead of the name
    attributes: list[Attribute] = field(default_factory=list)
    classes: list[str] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)  # ``style`` declarations, in order

    @property
    def label(self) -> str:
        return self.alias or self.name


@dataclass(frozen=True)
class Relationship:
    a: str  # entity names: ``a`` is written first
    b: str
    label: str
    card_a: str  # the marker at ``a`` (written left of the line)
    card_b: str  # the marker at ``b``
    identifying: bool  # ``--``/``to``: solid; ``..``/``optionally to``: dashed
    line: int


@dataclass
class ErDiagram:
    entities: dict[str, Entity] = field(default_factory=dict)
    relationships: list[Relationship] = field(default_factory=list)
    class_defs: dict[str, list[str]] = field(default_factory=dict)
    direction: str = "TB"
    title: str | None = None  # the front matter's
    acc_title: str | None = None
    description: str | None = None
    theme: dict[str, str] = field(default_factory=dict)  # themeVariables, values unchecked
