"""A parsed pie chart: its sections in source order, title, flags and theme values."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Section:
    label: str
    value: float
    line: int  # 1-based, in the diagram source


@dataclass
class PieChart:
    sections: list[Section] = field(default_factory=list)
    show_data: bool = False
    title: str | None = None
    acc_title: str | None = None
    description: str | None = None
    theme: dict[str, str] = field(default_factory=dict)  # themeVariables, values unchecked
    text_position: float = 0.75  # the labels' distance from the centre, in radii
