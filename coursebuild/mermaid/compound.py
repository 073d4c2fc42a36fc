"""Clusters inside one layered layout (dagre's compound graphs): subgraphs whose members
are ranked and ordered among the outside nodes, kept contiguous in every layer, and boxed.

A cluster's title takes a rank of its own at the start of the flow (or its end, when the
flow runs upwards on screen), so edges entering the cluster pass beside the title.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class LCluster:
    key: str
    parent: str | None  # None: directly in the laid-out graph
    title: tuple[float, float] = (0.0, 0.0)  # cross-axis and flow-axis size (0: no title)
    head: int = -1  # title rank before the members (-1), after them (+1), none (0)


@dataclass
class Nesting:
    """The clusters of one layout, with each one's span of ranks once ranked."""

    clusters: dict[str, LCluster] = field(default_factory=dict)
    low: dict[str, int] = field(default_factory=dict)
    high: dict[str, int] = field(default_factory=dict)

    _chains: dict[str, list[str]] = field(default_factory=dict)

    def chain(self, key: str | None) -> list[str]:
        """``key`` and the clusters containing it, innermost first (do not modify)."""
        if key is None:
            return []
        found = self._chains.get(key)
        if found is None:
            found = [key, *self.chain(self.clusters[key].parent)]
            self._chains[key] = found
        return found

    def depth(self, key: str | None) -> int:
        return len(self.chain(key))

    def innermost_first(self, keys: Sequence[str]) -> list[str]:
        """``keys`` and every cluster containing one, the innermost first."""
        seen: set[str] = set()
        for key in keys:
            self.upwards(key, seen)
        return sorted(seen, key=self.depth, reverse=True)

    def upwards(self, key: str | None, seen: set[str]) -> list[str]:
        """``key`` and its containing clusters up to the first one in ``seen`` (excluded),
        now added to ``seen``: each cluster is walked once for all a layer's nodes."""
        out: list[str] = []
        while key is not None and key not in seen:
            seen.add(key)
            out.append(key)
            key = self.clusters[key].parent
        return out


def spans(nesting: Nesting, members: Sequence[str | None], ranks: Sequence[int]) -> None:
    """First and last rank of every cluster's members (nested members included)."""
    low, high = nesting.low, nesting.high
    low.clear()
    high.clear()
    for member, rank in zip(members, ranks, strict=True):
        if member is not None:
            low[member] = min(low.get(member, rank), rank)
            high[member] = max(high.get(member, rank), rank)
    for key in nesting.innermost_first(list(low)):
        parent = nesting.clusters[key].parent
        if parent is not None:
            low[parent] = min(low.get(parent, low[key]), low[key])
            high[parent] = max(high.get(parent, high[key]), high[key])


def title_ranks(nesting: Nesting, ranks: list[int]) -> tuple[list[int], dict[str, int]]:
    """Insert a rank for each title before (after) the first (last) rank of its cluster;
    nested clusters starting on one rank stack their titles, the outer one outermost.
    Returns the new ranks of ``ranks`` and each title's rank."""
    before: dict[int, int] = {}
    after: dict[int, int] = {}
    slots: dict[str, int] = {}
    for key, cluster in nesting.clusters.items():
        if key not in nesting.low or cluster.head == 0:
            continue
        edge = nesting.low if cluster.head < 0 else nesting.high
        slot = sum(
            1
            for outer in nesting.chain(cluster.parent)
            if nesting.clusters[outer].head == cluster.head and edge.get(outer) == edge[key]
        )
        slots[key] = slot
        table = before if cluster.head < 0 else after
        table[edge[key]] = max(table.get(edge[key], 0), slot + 1)
    top = max(ranks, default=0)
    mapping: list[int] = []
    offset = 0
    for rank in range(top + 1):
        offset += before.get(rank, 0)
        mapping.append(rank + offset)
        offset += after.get(rank, 0)
    titles: dict[str, int] = {}
    for key, slot in slots.items():
        if nesting.clusters[key].head < 0:
            rank = nesting.low[key]
            titles[key] = mapping[rank] - before[rank] + slot
        else:
            rank = nesting.high[key]
            titles[key] = mapping[rank] + after[rank] - slot
    return [mapping[r] for r in ranks], titles


def dummy_parents(
    nesting: Nesting, source: str | None, target: str | None, first: int, last: int
) -> list[str | None]:
    """Cluster of each dummy of an edge from rank ``first`` to ``last``: it stays in the
    source's clusters until it passes their last rank, then enters the target's clusters
    once it reaches their first rank (dagre's parentDummyChains)."""
    up = nesting.chain(source)
    down = nesting.chain(target)
    common = next((c for c in up if c in down), None)
    path: list[str | None] = [*(up[: up.index(common)] if common else up), common]
    descent = list(reversed(down[: down.index(common)] if common else down))
    out: list[str | None] = []
    index = 0
    for rank in range(first + 1, last):
        while index < len(path) - 1 and nesting.high[str(path[index])] < rank:
            index += 1
        current = path[index]
        if index == len(path) - 1:
            while descent and nesting.low.get(descent[0], rank + 1) <= rank:
                current = descent.pop(0)
                path.append(current)
                index = len(path) - 1
        out.append(current)
    return out
