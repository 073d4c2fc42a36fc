"""The proper graph of a layered layout: every node, plus a dummy per rank an edge crosses,
a title node per cluster title and a left and right border node per rank a cluster spans."""

from __future__ import annotations

from dataclasses import dataclass, field

from .compound import Nesting

NODE_SEP = 50.0
REAL, DUMMY, LABEL, TITLE, LEFT, RIGHT = range(6)  # kinds of proper nodes
HALF_SEP = {REAL: NODE_SEP / 2, DUMMY: 6.0, LABEL: 10.0, TITLE: 12.0, LEFT: 0.0, RIGHT: 0.0}


@dataclass
class ProperGraph:
    """The graph with one dummy node per layer crossed by an edge."""

    widths: list[float]
    heights: list[float]
    kinds: list[int]
    ranks: list[int]
    up: list[list[int]]
    down: list[list[int]]
    chains: dict[int, list[int]] = field(default_factory=dict)
    label_dummy: dict[int, int] = field(default_factory=dict)
    members: list[str | None] = field(default_factory=list)  # innermost cluster of each
    nesting: Nesting = field(default_factory=Nesting)
    titles: dict[str, int] = field(default_factory=dict)  # cluster -> its title node
    borders: dict[tuple[str, int], tuple[int, int]] = field(default_factory=dict)

    def add(
        self, width: float, height: float, kind: int, rank: int, member: str | None = None
    ) -> int:
        self.members.append(member)
        self.widths.append(width)
        self.heights.append(height)
        self.kinds.append(kind)
        self.ranks.append(rank)
        self.up.append([])
        self.down.append([])
        return len(self.widths) - 1

    def link(self, u: int, v: int) -> None:
        self.down[u].append(v)
        self.up[v].append(u)
