"""The laid-out sequence diagram: every element in absolute coordinates, ready to draw."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..geometry import Box
from ..text import TextBlock
from .model import ArrowHead, ArrowLine


@dataclass
class PlacedParticipant:
    id: str
    kind: str
    text: TextBlock
    head: Box  # the box (or figure) drawn above the lifeline
    foot: Box | None  # drawn below; None when not mirrored
    lifeline: tuple[float, float]  # top and bottom y
    destroyed: bool = False


@dataclass
class PlacedMessage:
    x1: float
    x2: float
    y: float
    line: ArrowLine
    head: ArrowHead
    tail: ArrowHead
    text: TextBlock
    text_top: float
    text_cx: float
    number: int | None = None
    self_loop: bool = False
    source: str = ""
    target: str = ""
    source_dot: bool = False  # a central connection drawn as a dot on the lifeline
    target_dot: bool = False


@dataclass
class PlacedNote:
    box: Box
    text: TextBlock


@dataclass
class PlacedFrame:
    kind: str
    box: Box
    label: TextBlock
    sections: list[tuple[float, TextBlock]] = field(default_factory=list)
    fill: str | None = None  # ``rect``: a coloured background, no outline


@dataclass
class PlacedGroup:
    box: Box
    label: TextBlock
    fill: str | None


@dataclass
class SequenceLayout:
    width: float
    height: float
    title: TextBlock | None = None
    participants: list[PlacedParticipant] = field(default_factory=list)
    messages: list[PlacedMessage] = field(default_factory=list)
    notes: list[PlacedNote] = field(default_factory=list)
    activations: list[Box] = field(default_factory=list)
    frames: list[PlacedFrame] = field(default_factory=list)
    groups: list[PlacedGroup] = field(default_factory=list)
    extent: tuple[float, float] = (0.0, 0.0)  # smallest and largest x drawn
