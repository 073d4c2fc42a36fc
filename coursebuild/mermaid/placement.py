"""Coordinate assignment along layers: weighted neighbour averages, then the closest
non-overlapping positions (isotonic regression by pooling adjacent violators); finally
each cluster border straightened over its ranks, pushing what overlaps it aside."""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence

Weighted = list[list[tuple[int, float, float]]]  # neighbour, weight, offset
SETTLED = 0.5  # px: stop iterating once no node moves more than this
LONELY = 0.01  # weight keeping a node without neighbours where it is


def _offsets(gaps: Sequence[float]) -> list[float]:
    offsets = [0.0]
    for gap in gaps:
        offsets.append(offsets[-1] + gap)
    return offsets


def _pool(shifted: Sequence[float], weights: Sequence[float]) -> list[float]:
    """Weighted isotonic regression: the non-decreasing sequence closest to ``shifted``."""
    sums: list[float] = []
    masses: list[float] = []
    counts: list[int] = []
    for z, w in zip(shifted, weights, strict=True):
        mass, total, count = w, w * z, 1
        while sums and sums[-1] * mass > total * masses[-1]:
            mass += masses.pop()
            total += sums.pop()
            count += counts.pop()
        sums.append(total)
        masses.append(mass)
        counts.append(count)
    fitted: list[float] = []
    for total, mass, count in zip(sums, masses, counts, strict=True):
        fitted.extend([total / mass] * count)
    return fitted


def fit_ordered(
    desired: Sequence[float], weights: Sequence[float], gaps: Sequence[float]
) -> list[float]:
    """Positions x minimising sum w(x - d)^2 subject to x[i+1] - x[i] >= gaps[i]."""
    offsets = _offsets(gaps)
    shifted = [d - o for d, o in zip(desired, offsets, strict=True)]
    return [y + o for y, o in zip(_pool(shifted, weights), offsets, strict=True)]


def _relax(
    layer: list[int],
    xs: list[float],
    neighbours: Weighted,
    offsets: list[float],
    totals: list[float],
) -> float:
    """Move one layer towards its neighbours; return the largest move."""
    shifted: list[float] = []
    weights: list[float] = []
    for node, offset in zip(layer, offsets, strict=True):
        total = totals[node]
        if total:
            pull = 0.0
            for u, w, d in neighbours[node]:
                pull += (xs[u] + d) * w
            shifted.append(pull / total - offset)
            weights.append(total)
        else:
            shifted.append(xs[node] - offset)
            weights.append(LONELY)
    moved = 0.0
    for node, y, offset in zip(layer, _pool(shifted, weights), offsets, strict=True):
        x = y + offset
        moved = max(moved, abs(xs[node] - x))
        xs[node] = x
    return moved


def assign_coordinates(
    layers: list[list[int]],
    widths: Sequence[float],
    gaps: list[list[float]],
    neighbours: Weighted,
    iterations: int,
) -> list[float]:
    """Cross-axis centres of every node (``gaps``: least distance between neighbours in
    each layer); the leftmost edge ends up at 0."""
    xs = [0.0] * len(widths)
    all_offsets = [_offsets(layer_gaps) for layer_gaps in gaps]
    for layer, offsets in zip(layers, all_offsets, strict=True):
        for node, offset in zip(layer, offsets, strict=True):
            xs[node] = offset - offsets[-1] / 2
    order = list(range(len(layers)))
    totals = [sum(w for _, w, _ in entries) for entries in neighbours]
    for step in range(iterations):
        moved = 0.0
        for r in order if step % 2 == 0 else reversed(order):
            moved = max(moved, _relax(layers[r], xs, neighbours, all_offsets[r], totals))
        if moved < SETTLED and step % 2 == 1:
            break
    left = min((xs[v] - widths[v] / 2 for layer in layers for v in layer), default=0.0)
    return [x - left for x in xs]


def legalize(
    layers: list[list[int]],
    xs: list[float],
    gaps: list[list[float]],
    merged: dict[int, tuple[int, int]],
    keep: frozenset[int] | None = None,
) -> None:
    """Give the nodes of ``merged`` (node -> (representative, side)) one position per
    representative: the leftmost (side -1) or rightmost (+1) of theirs; then push every
    node right of its left neighbour by at least the gap, in topological order.

    With ``keep`` (a box was widened: these representatives to the right), first pull
    left whatever stands too close to the left of a node, but ``keep``."""
    want: dict[int, float] = {}
    for node, (rep, side) in merged.items():
        old = want.get(rep, xs[node])
        want[rep] = min(old, xs[node]) if side < 0 else max(old, xs[node])
    order, after = _constraints(layers, gaps, merged, want, xs)
    if keep is not None:
        for a in reversed(order):
            if a not in keep:
                for b, gap in after.get(a, []):
                    want[a] = min(want[a], want[b] - gap)
    for a in order:
        for b, gap in after.get(a, []):
            want[b] = max(want[b], want[a] + gap)
    for layer in layers:
        for v in layer:
            xs[v] = want[merged[v][0] if v in merged else v]


def _constraints(
    layers: list[list[int]],
    gaps: list[list[float]],
    merged: dict[int, tuple[int, int]],
    want: dict[int, float],
    xs: list[float],
) -> tuple[list[int], dict[int, list[tuple[int, float]]]]:
    """Positions that must stay apart (left one -> right one, gap), in topological order."""
    after: dict[int, list[tuple[int, float]]] = {}
    count: dict[int, int] = {}
    for layer, layer_gaps in zip(layers, gaps, strict=True):
        names = [merged[v][0] if v in merged else v for v in layer]
        for v in names:
            count.setdefault(v, 0)
            want.setdefault(v, xs[v])
        for a, b, gap in zip(names, names[1:], layer_gaps, strict=False):
            after.setdefault(a, []).append((b, gap))
            count[b] += 1
    queue = deque(v for v, n in count.items() if n == 0)
    order: list[int] = []
    while queue:
        a = queue.popleft()
        order.append(a)
        for b, _ in after.get(a, []):
            count[b] -= 1
            if count[b] == 0:
                queue.append(b)
    return order, after
