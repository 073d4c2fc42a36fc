"""Clusters across the layers of a layered layout: border nodes around each cluster's
members in every rank it spans, the least gaps between neighbours, one straight border per
side, titles centred with the entering edges beside them, and the boxes."""

from __future__ import annotations

from typing import Protocol

from .geometry import Point
from .placement import fit_ordered
from .proper import DUMMY, HALF_SEP, LEFT, RIGHT, ProperGraph

CLUSTER_PAD = 14.0  # inside a cluster's border
CLUSTER_GAP = 10.0  # outside a cluster's border, from its neighbours
TITLE_GAP = 6.0


class Budget(Protocol):
    """The layout's cell budget (``layered.CellBudget``)."""

    def spend(self, cells: int, key: int | None) -> None: ...


def add_borders(proper: ProperGraph, budget: Budget, last: int | None) -> None:
    """A placeholder in every rank a cluster spans but holds nothing in (so that no
    outside node is placed inside its box), and its left and right border nodes."""
    nesting = proper.nesting
    present: dict[str, set[int]] = {}
    for member, rank in zip(proper.members, proper.ranks, strict=True):
        if member is not None:
            present.setdefault(member, set()).add(rank)
    for key in nesting.innermost_first(list(present)):
        parent = nesting.clusters[key].parent
        if parent is not None:
            present.setdefault(parent, set()).update(present[key])
    for key in nesting.clusters:
        if key not in nesting.low:
            continue
        budget.spend(2 * (nesting.high[key] - nesting.low[key] + 1), last)
        for rank in range(nesting.low[key], nesting.high[key] + 1):
            if rank not in present[key]:
                proper.add(0.0, 0.0, DUMMY, rank, key)
            left = proper.add(0.0, 0.0, LEFT, rank, key)
            proper.borders[(key, rank)] = (left, proper.add(0.0, 0.0, RIGHT, rank, key))


def bordered(proper: ProperGraph, layer: list[int]) -> list[int]:
    """The layer with each cluster's left and right border nodes around its members."""
    out: list[int] = []
    open_: list[str] = []  # outermost first
    opened: set[str] = set()
    rank = proper.ranks[layer[0]] if layer else 0
    previous: str | None = None
    for node in layer:
        member = proper.members[node]
        if member != previous:
            entering = proper.nesting.upwards(member, set(opened))
            outer = proper.nesting.clusters[entering[-1]].parent if entering else member
            while open_ and open_[-1] != outer:
                opened.discard(open_[-1])
                out.append(proper.borders[(open_.pop(), rank)][1])
            for key in reversed(entering):
                open_.append(key)
                opened.add(key)
                out.append(proper.borders[(key, rank)][0])
            previous = member
        out.append(node)
    while open_:
        out.append(proper.borders[(open_.pop(), rank)][1])
    return out


def _inner_pad(proper: ProperGraph, node: int) -> float:
    cluster = proper.nesting.clusters[str(proper.members[node])]
    if cluster.head == 0 and cluster.title[0]:
        return CLUSTER_PAD / 2 + cluster.title[0] + TITLE_GAP
    return CLUSTER_PAD


def _pair_gap(proper: ProperGraph, a: int, b: int) -> float:
    """Least distance between the centres of neighbours ``a`` and ``b`` of one layer."""
    kinds, widths = proper.kinds, proper.widths
    if kinds[a] == LEFT:
        room = _inner_pad(proper, a)
    elif kinds[a] == RIGHT:
        room = CLUSTER_GAP
    else:
        room = widths[a] / 2 + (0.0 if kinds[b] == RIGHT else HALF_SEP[kinds[a]])
    if kinds[b] == RIGHT:
        return room + CLUSTER_PAD
    if kinds[b] == LEFT:
        return room + CLUSTER_GAP
    return room + widths[b] / 2 + (0.0 if kinds[a] == LEFT else HALF_SEP[kinds[b]])


def layer_gaps(proper: ProperGraph, layers: list[list[int]]) -> list[list[float]]:
    return [
        [_pair_gap(proper, a, b) for a, b in zip(layer, layer[1:], strict=False)]
        for layer in layers
    ]


def merged_borders(proper: ProperGraph) -> dict[int, tuple[int, int]]:
    """Every border node -> (the node standing for that border of its cluster, side)."""
    merged: dict[int, tuple[int, int]] = {}
    for key, low in proper.nesting.low.items():
        first = proper.borders[(key, low)]
        for rank in range(low, proper.nesting.high[key] + 1):
            left, right = proper.borders[(key, rank)]
            merged[left] = (first[0], -1)
            merged[right] = (first[1], 1)
    return merged


def centre_titles(
    proper: ProperGraph, placed: list[list[int]], xs: list[float], gaps: list[list[float]]
) -> frozenset[int]:
    """Centre each title in its box, the edges entering beside it; widen the box where
    they need more room.  Returns the right borders moved right."""
    nesting = proper.nesting
    raised = set()
    for key in sorted(proper.titles, key=nesting.depth, reverse=True):
        title, rank = proper.titles[key], proper.ranks[proper.titles[key]]
        layer = placed[rank]
        left, right = proper.borders[(key, rank)]
        centre = (xs[left] + xs[right]) / 2
        _seat_title(proper, layer, title, centre, xs)
        gaps[rank] = row = layer_gaps(proper, [layer])[0]
        i, t, j = layer.index(left), layer.index(title), layer.index(right)
        half = max(sum(row[i:t]), sum(row[t:j]), (xs[right] - xs[left]) / 2)
        desired = [xs[v] for v in layer[i : j + 1]]
        weights = [1.0] * len(desired)
        for index, x in ((0, centre - half), (t - i, centre), (j - i, centre + half)):
            desired[index], weights[index] = x, 1e9
        fitted = fit_ordered(desired, weights, row[i:j])
        if fitted[-1] > xs[right] + 1e-6:
            raised.add(proper.borders[(key, nesting.low[key])][1])
        for v, x in zip(layer[i : j + 1], fitted, strict=True):
            xs[v] = x
        for other in range(nesting.low[key], nesting.high[key] + 1):
            low, high = proper.borders[(key, other)]
            xs[low], xs[high] = fitted[0], fitted[-1]
    return frozenset(raised)


def _seat_title(
    proper: ProperGraph, layer: list[int], title: int, centre: float, xs: list[float]
) -> None:
    """Move the title, in its layer, after the edges that come from the left of its box's
    centre (outside the box: above it, or below when the title is at the flow's end), so
    that no edge reaches its side of the box over the title."""
    member = proper.members[title]
    outside = proper.up if proper.nesting.clusters[str(member)].head < 0 else proper.down
    layer.remove(title)
    inner = [i for i, v in enumerate(layer) if proper.members[v] == member]
    before = [i for i in inner if outside[layer[i]] and xs[outside[layer[i]][0]] < centre]
    at = before[-1] + 1 if before else inner[0] + 1 if inner else len(layer)
    layer.insert(at, title)


Boxes = dict[str, tuple[float, float, float, float]]  # left, top, right, bottom


def cluster_boxes(
    proper: ProperGraph, xs: list[float], ys: list[float]
) -> tuple[Boxes, dict[str, Point]]:
    """Each cluster's box (its members and nested boxes, padded) and title centre."""
    boxes: Boxes = {}
    titles: dict[str, Point] = {}
    nesting = proper.nesting
    tops: dict[str, float] = {}
    bottoms: dict[str, float] = {}
    for node, member in enumerate(proper.members):
        if member is None or proper.kinds[node] >= LEFT:
            continue
        y, half = ys[proper.ranks[node]], proper.heights[node] / 2
        tops[member] = min(tops.get(member, y - half), y - half)
        bottoms[member] = max(bottoms.get(member, y + half), y + half)
    for key in nesting.innermost_first(list(nesting.low)):
        cluster = nesting.clusters[key]
        top = tops[key] - (CLUSTER_PAD / 2 if cluster.head < 0 else CLUSTER_PAD)
        bottom = bottoms[key] + (CLUSTER_PAD / 2 if cluster.head > 0 else CLUSTER_PAD)
        parent = cluster.parent
        if parent is not None:
            tops[parent] = min(tops.get(parent, top), top - CLUSTER_PAD / 2)
            bottoms[parent] = max(bottoms.get(parent, bottom), bottom + CLUSTER_PAD / 2)
        left, right = proper.borders[(key, nesting.low[key])]
        boxes[key] = (xs[left], top, xs[right], bottom)
        if key in proper.titles:
            titles[key] = _title_centre(proper, key, xs, ys)
    side = _side_titles(proper, xs, ys, boxes)
    return boxes, titles | side


def _side_titles(
    proper: ProperGraph, xs: list[float], ys: list[float], boxes: Boxes
) -> dict[str, Point]:
    """Titles in a cluster's cross-start pad (LR and RL): centred along the flow, or else
    over the nearest rank where no edge crosses that side of the box."""
    nesting = proper.nesting
    sided = [k for k, c in nesting.clusters.items() if c.head == 0 and c.title[0] and k in boxes]
    if not sided:
        return {}
    bands = [0.0] * len(ys)
    for node, rank in enumerate(proper.ranks):
        bands[rank] = max(bands[rank], proper.heights[node] / 2)
    blocked = _blocked_gaps(proper, xs, ys, bands, frozenset(sided))
    out: dict[str, Point] = {}
    for key in sided:
        left, top, _, bottom = boxes[key]
        half = nesting.clusters[key].title[1] / 2
        spots = [(top + bottom) / 2] + sorted(
            (ys[r] for r in range(nesting.low[key], nesting.high[key] + 1)),
            key=lambda y: abs(y - (top + bottom) / 2),
        )
        free = [
            y for y in spots
            if top <= y - half and y + half <= bottom
            and all(y + half <= a or b <= y - half for a, b in blocked.get(key, []))
        ]  # fmt: skip
        centre = free[0] if free else spots[0]
        out[key] = (left + CLUSTER_PAD / 2 + nesting.clusters[key].title[0] / 2, centre)
    return out


def _blocked_gaps(
    proper: ProperGraph, xs: list[float], ys: list[float], bands: list[float], keys: frozenset[str]
) -> dict[str, list[tuple[float, float]]]:
    """Per cluster of ``keys``, the flow intervals where an edge crosses its cross-start
    side (between the ranks of an edge's end inside and its end outside, before it)."""
    nesting = proper.nesting
    blocked: dict[str, list[tuple[float, float]]] = {}
    for u, targets in enumerate(proper.down):
        for v in targets:
            if proper.members[u] == proper.members[v]:
                continue  # no border crossed
            inner_u, inner_v = nesting.chain(proper.members[u]), nesting.chain(proper.members[v])
            for key in keys.intersection(inner_u).symmetric_difference(keys.intersection(inner_v)):
                outside = v if key in inner_u else u
                left = xs[proper.borders[(key, nesting.low[key])][0]]
                if xs[outside] < left:
                    ru, rv = proper.ranks[u], proper.ranks[v]
                    gap = (ys[ru] + bands[ru], ys[rv] - bands[rv])
                    blocked.setdefault(key, []).append(gap)
    return blocked


def _title_centre(proper: ProperGraph, key: str, xs: list[float], ys: list[float]) -> Point:
    title = proper.titles[key]
    return (xs[title], ys[proper.ranks[title]])
