"""The parsed sequence diagram: participants, then the events in the order they are drawn."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ArrowLine = Literal["solid", "dotted"]
ArrowHead = Literal[
    "none", "arrow", "open", "cross", "half-top", "half-bottom", "stick-top", "stick-bottom"
]
Placement = Literal["left", "right", "over"]
BlockKind = Literal["loop", "alt", "opt", "par", "par_over", "critical", "break", "rect"]

# Each arrow of mermaid's grammar: line, head at the target, head at the source.
ARROWS: dict[str, tuple[ArrowLine, ArrowHead, ArrowHead]] = {
    "<<-->>": ("dotted", "arrow", "arrow"),
    "<<->>": ("solid", "arrow", "arrow"),
    "-->>": ("dotted", "arrow", "none"),
    "->>": ("solid", "arrow", "none"),
    "-->": ("dotted", "none", "none"),
    "->": ("solid", "none", "none"),
    "--x": ("dotted", "cross", "none"),
    "-x": ("solid", "cross", "none"),
    "--)": ("dotted", "open", "none"),
    "-)": ("solid", "open", "none"),
    "--|\\": ("dotted", "half-top", "none"),
    "--|/": ("dotted", "half-bottom", "none"),
    "--\\\\": ("dotted", "stick-top", "none"),
    "--//": ("dotted", "stick-bottom", "none"),
    "-|\\": ("solid", "half-top", "none"),
    "-|/": ("solid", "half-bottom", "none"),
    "-\\\\": ("solid", "stick-top", "none"),
    "-//": ("solid", "stick-bottom", "none"),
    "/|--": ("dotted", "none", "half-top"),
    "\\|--": ("dotted", "none", "half-bottom"),
    "//--": ("dotted", "none", "stick-top"),
    "\\\\--": ("dotted", "none", "stick-bottom"),
    "/|-": ("solid", "none", "half-top"),
    "\\|-": ("solid", "none", "half-bottom"),
    "//-": ("solid", "none", "stick-top"),
    "\\\\-": ("solid", "none", "stick-bottom"),
}
SECTION_WORDS = {"else": "alt", "and": "par", "option": "critical"}  # section -> its block


@dataclass
class Participant:
    """A lifeline: ``kind`` is ``participant``, ``actor`` or a ``@{ type }`` shape name."""

    id: str
    label: str
    kind: str = "participant"
    line: int = 1
    box: int | None = None  # index into SequenceDiagram.boxes
    created_at: int | None = None  # index of the event that creates it
    destroyed_at: int | None = None  # index of the event that destroys it


@dataclass
class Message:
    source: str
    target: str
    arrow: str  # the arrow as written, a key of ARROWS
    text: str
    line: int
    number: float | None = None  # autonumber, when shown (mermaid allows decimals)
    activate: bool = False  # ``+``: the target activates
    deactivate: bool = False  # ``-``: the source deactivates
    source_dot: bool = False  # ``()`` before the arrow: a central connection at the source
    target_dot: bool = False  # ``()`` after the arrow
    wrap: bool = False  # ``wrap:`` before the text: long lines are wrapped

    @property
    def kind(self) -> str:
        return self.arrow


@dataclass
class Note:
    placement: Placement
    actors: tuple[str, ...]
    text: str
    line: int
    wrap: bool = False


@dataclass
class Activation:
    actor: str
    start: bool
    line: int


@dataclass
class BlockStart:
    kind: BlockKind
    label: str  # for ``rect``: its colour
    line: int


@dataclass
class BlockSection:
    """``else`` / ``and`` / ``option`` inside an open block."""

    word: str
    label: str
    line: int


@dataclass
class BlockEnd:
    line: int


Event = Message | Note | Activation | BlockStart | BlockSection | BlockEnd


@dataclass
class Block:
    """A summary of one frame, for callers that compare structure."""

    kind: BlockKind
    label: str
    sections: list[str] = field(default_factory=list)
    depth: int = 0


@dataclass
class Box:
    label: str
    colour: str | None
    participants: list[str] = field(default_factory=list)


@dataclass
class SequenceDiagram:
    participants: dict[str, Participant] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)
    title: str | None = None
    acc_title: str | None = None
    description: str | None = None
    theme: dict[str, str] = field(default_factory=dict)  # themeVariables as written
    mirror: bool = True  # participants drawn again below the lifelines (``mirrorActors``)

    @property
    def messages(self) -> list[Message]:
        return [e for e in self.events if isinstance(e, Message)]

    @property
    def notes(self) -> list[Note]:
        return [e for e in self.events if isinstance(e, Note)]

    @property
    def blocks(self) -> list[Block]:
        found: list[Block] = []
        open_: list[Block] = []
        for event in self.events:
            if isinstance(event, BlockStart):
                open_.append(Block(event.kind, event.label, depth=len(open_)))
                found.append(open_[-1])
            elif isinstance(event, BlockSection):
                open_[-1].sections.append(event.label)
            elif isinstance(event, BlockEnd):
                open_.pop()
        return found
