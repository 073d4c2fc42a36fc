"""Crossing reduction: barycentre sweeps, adjacent transpositions, exact crossing counts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .compound import Nesting

Layers = list[list[int]]
Adjacency = list[list[int]]


def positions(layers: Layers, count: int) -> list[int]:
    pos = [0] * count
    for layer in layers:
        for index, node in enumerate(layer):
            pos[node] = index
    return pos


def count_crossings(layers: Layers, down: Adjacency, pos: list[int]) -> int:
    total = 0
    for upper, lower in zip(layers, layers[1:], strict=False):
        total += _crossings_between(upper, down, pos, len(lower))
    return total


def _crossings_between(upper: list[int], down: Adjacency, pos: list[int], width: int) -> int:
    """Inversions among edge endpoints, with a Fenwick tree (Barth–Jünger–Mutzel)."""
    tree = [0] * (width + 1)
    seen = crossings = 0
    for node in upper:
        for target in sorted(pos[v] for v in down[node]):
            index = target + 1
            at_most = 0
            while index > 0:
                at_most += tree[index]
                index -= index & -index
            crossings += seen - at_most
            index = target + 1
            while index <= width:
                tree[index] += 1
                index += index & -index
            seen += 1
    return crossings


@dataclass(frozen=True)
class OrderOptions:
    sweeps: int
    transpose: bool
    bias: int = 1  # +1 keeps equal barycentres in place, -1 mirrors them
    members: Sequence[str | None] = ()  # innermost cluster of each node
    nesting: Nesting = field(default_factory=Nesting)
    # where each cluster goes among its siblings (the same in every layer)
    places: dict[str, float] = field(default_factory=dict)
    wants: dict[str, list[float]] = field(default_factory=dict)  # barycentres this sweep


def _sort_layer(
    layer: list[int], neighbours: Adjacency, pos: list[int], opts: OrderOptions
) -> list[int]:
    """Barycentre order (ties broken by ``bias``), clusters kept together;
    nodes without neighbours keep their slot."""
    movable = [v for v in layer if neighbours[v]]

    def key(v: int) -> tuple[float, int]:
        total = sum(pos[u] for u in neighbours[v])
        return (total / len(neighbours[v]), opts.bias * pos[v])

    if opts.nesting.clusters and any(opts.members[v] is not None for v in layer):
        keys = {v: key(v)[0] if neighbours[v] else float(pos[v]) for v in layer}
        return grouped(layer, keys, opts)
    keyed = sorted(movable, key=key)
    feed = iter(keyed)
    return [next(feed) if neighbours[v] else v for v in layer]


def grouped(layer: list[int], keys: dict[int, float], opts: OrderOptions) -> list[int]:
    """Order ``layer`` by ``keys`` keeping each cluster's nodes together; sibling clusters
    keep the order of ``opts.places`` (so that their boxes never swap between layers)."""
    kids, totals = _tree(layer, keys, opts)

    def weight(item: int | str) -> float:
        if isinstance(item, int):
            return keys[item]
        return totals[item][0] / totals[item][1]

    out: list[int] = []

    def emit(group: str | None) -> None:
        items = sorted(kids.get(group, []), key=weight)
        boxes = iter(sorted((i for i in items if isinstance(i, str)), key=_place(opts, weight)))
        for item in items:
            if isinstance(item, int):
                out.append(item)
            else:
                emit(next(boxes))

    emit(None)
    for cluster, (total, count) in totals.items():
        opts.places.setdefault(cluster, total / count)
        want = opts.wants.setdefault(cluster, [0.0, 0.0])
        want[0] += total
        want[1] += count
    return out


def _tree(
    layer: list[int], keys: dict[int, float], opts: OrderOptions
) -> tuple[dict[str | None, list[int | str]], dict[str, list[float]]]:
    """The clusters of a layer as a tree (group -> nodes and clusters directly in it),
    and each cluster's sum and count of its nodes' keys."""
    nesting = opts.nesting
    kids: dict[str | None, list[int | str]] = {}
    totals: dict[str, list[float]] = {}
    for v in layer:
        member = opts.members[v]
        kids.setdefault(member, []).append(v)
        for cluster in nesting.upwards(member, set(totals)) if member not in totals else ():
            totals[cluster] = [0.0, 0.0]
            kids.setdefault(nesting.clusters[cluster].parent, []).append(cluster)
        if member is not None:
            totals[member][0] += keys[v]
            totals[member][1] += 1
    for cluster in nesting.innermost_first(list(totals)):
        parent = nesting.clusters[cluster].parent
        if parent is not None:
            totals[parent][0] += totals[cluster][0]
            totals[parent][1] += totals[cluster][1]
    return kids, totals


def _place(opts: OrderOptions, weight: object) -> object:
    return lambda c: opts.places.get(c, weight(c))  # type: ignore[operator]


def _pair_crossings(a: int, b: int, sides: tuple[Adjacency, Adjacency], pos: list[int]) -> int:
    total = 0
    for neighbours in sides:
        for x in neighbours[a]:
            px = pos[x]
            total += sum(1 for y in neighbours[b] if pos[y] < px)
    return total


def _transpose(layers: Layers, sides: tuple[Adjacency, Adjacency], pos: list[int],
               opts: OrderOptions) -> None:  # fmt: skip
    """Swap neighbours while that removes crossings; in a layer with clusters, a node and
    a neighbouring cluster swap as a whole (two clusters never: their order is global)."""
    members = opts.members if opts.nesting.clusters else ()
    for _ in range(4):
        improved = False
        for layer in layers:
            for i in range(len(layer) - 1):
                a, b = layer[i], layer[i + 1]
                if members and members[a] != members[b]:
                    improved |= _swap_blocks(layer, i, sides, pos, opts)
                elif _pair_crossings(a, b, sides, pos) > _pair_crossings(b, a, sides, pos):
                    layer[i], layer[i + 1] = b, a
                    pos[a], pos[b] = i + 1, i
                    improved = True
        if not improved:
            return


def _child_of(item: int, common: str | None, opts: OrderOptions) -> str | None:
    """The cluster directly under ``common`` that holds ``item`` (None: item itself)."""
    chain = opts.nesting.chain(opts.members[item])
    cut = chain.index(common) if common is not None else len(chain)
    return chain[cut - 1] if cut > 0 else None


def _swap_blocks(
    layer: list[int], i: int, sides: tuple[Adjacency, Adjacency], pos: list[int],
    opts: OrderOptions,
) -> bool:  # fmt: skip
    a, b = layer[i], layer[i + 1]
    inner_b = opts.nesting.chain(opts.members[b])
    common = next((c for c in opts.nesting.chain(opts.members[a]) if c in inner_b), None)
    left, right = _child_of(a, common, opts), _child_of(b, common, opts)
    if left is not None and right is not None:
        return False
    start, end = i, i + 2
    if left is not None:
        while start > 0 and left in opts.nesting.chain(opts.members[layer[start - 1]]):
            start -= 1
    if right is not None:
        while end < len(layer) and right in opts.nesting.chain(opts.members[layer[end]]):
            end += 1
    first, second = layer[start : i + 1], layer[i + 1 : end]
    before = sum(_pair_crossings(x, y, sides, pos) for x in first for y in second)
    after = sum(_pair_crossings(y, x, sides, pos) for x in first for y in second)
    if after >= before:
        return False
    layer[start:end] = second + first
    for index in range(start, end):
        pos[layer[index]] = index
    return True


def reduce_crossings(
    layers: Layers, up: Adjacency, down: Adjacency, opts: OrderOptions
) -> tuple[Layers, int]:
    """Alternate down/up barycentre sweeps, keeping the best ordering seen."""
    if opts.nesting.clusters:
        layers = _initial_groups(layers, opts)
    pos = positions(layers, len(up))
    best = [list(layer) for layer in layers]
    best_count = count_crossings(layers, down, pos)
    stale = 0
    for sweep in range(max(opts.sweeps, 2)):
        if sweep >= 2 and (best_count == 0 or stale >= 4):
            break
        downward = sweep % 2 == 0
        _sweep(layers, up if downward else down, pos, downward, opts)
        _update_places(opts)
        if opts.transpose:
            _transpose(layers, (up, down), pos, opts)
        crossings = count_crossings(layers, down, pos)
        stale = 0 if crossings < best_count else stale + 1
        if crossings <= best_count:
            best, best_count = [list(layer) for layer in layers], crossings
    return best, best_count


def _sweep(
    layers: Layers, neighbours: Adjacency, pos: list[int], downward: bool, opts: OrderOptions
) -> None:
    indices = range(1, len(layers)) if downward else range(len(layers) - 2, -1, -1)
    for r in indices:
        layers[r] = _sort_layer(layers[r], neighbours, pos, opts)
        for index, node in enumerate(layers[r]):
            pos[node] = index
    first = 0 if downward else len(layers) - 1
    if layers and opts.nesting.clusters:  # its sibling clusters in this sweep's order too
        layers[first] = grouped(layers[first], {v: float(pos[v]) for v in layers[first]}, opts)
        for index, node in enumerate(layers[first]):
            pos[node] = index


def _initial_groups(layers: Layers, opts: OrderOptions) -> Layers:
    """Make each cluster contiguous in every layer, clusters in order of first appearance."""
    placed: set[str] = set()
    for r, layer in enumerate(layers):
        for i, v in enumerate(layer):
            for cluster in opts.nesting.upwards(opts.members[v], placed):
                opts.places[cluster] = r * 1e6 + i
    layers = [grouped(layer, {v: float(i) for i, v in enumerate(layer)}, opts) for layer in layers]
    opts.wants.clear()
    return layers


def _update_places(opts: OrderOptions) -> None:
    """Sibling clusters are next ordered by the mean barycentre of their nodes."""
    for cluster, (total, count) in opts.wants.items():
        opts.places[cluster] = total / count
    opts.wants.clear()
