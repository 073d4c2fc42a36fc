"""A Sugiyama-style layered layout of one graph, top to bottom.

Sizes are given along the cross axis (``width``) and the flow axis (``height``); callers
rotate the result for LR/RL/BT.  Nodes with ``pin`` are terminals forced above (-1) or
below (+1) every other node: they stand for where an edge leaves a subgraph's box.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .bounds import MAX_LAYOUT_CELLS
from .geometry import Point
from .layering import assign_ranks
from .ordering import OrderOptions, reduce_crossings
from .placement import assign_coordinates

NODE_SEP = 50.0
RANK_SEP = 50.0
SMALL = 600  # proper-graph size (nodes + edges) below which extra effort is affordable
HALF_SEP = {0: NODE_SEP / 2, 1: 6.0, 2: 10.0}  # real node, edge dummy, label dummy


@dataclass
class LNode:
    key: str
    width: float
    height: float
    pin: int = 0
    hint: float = 0.0  # terminals are ordered by this (where the edge goes outside)


@dataclass
class LEdge:
    key: int
    src: str
    dst: str
    minlen: int = 1
    label: tuple[float, float] | None = None  # cross-axis and flow-axis size
    reversed: bool = False
    src_port: float = 0.0  # cross-axis offset of the attachment point from the centre
    dst_port: float = 0.0


class LayoutTooLarge(Exception):
    """The layout would need more cells than its budget; ``key`` is the edge that crossed
    it (None: the nodes alone)."""

    def __init__(self, key: int | None) -> None:
        super().__init__(f"layout too large at edge {key}")
        self.key = key


@dataclass
class CellBudget:
    """Cells of the proper graph (nodes, plus one dummy per rank an edge crosses) that the
    layouts of one diagram may still allocate; the work of a layout grows with them."""

    left: int

    def spend(self, cells: int, key: int | None) -> None:
        self.left -= cells
        if self.left < 0:
            raise LayoutTooLarge(key)


@dataclass
class LResult:
    pos: dict[str, Point] = field(default_factory=dict)
    bends: dict[int, list[Point]] = field(default_factory=dict)  # in src -> dst order
    labels: dict[int, Point] = field(default_factory=dict)


@dataclass
class _Proper:
    """The graph with one dummy node per layer crossed by an edge."""

    widths: list[float]
    heights: list[float]
    kinds: list[int]
    ranks: list[int]
    up: list[list[int]]
    down: list[list[int]]
    chains: dict[int, list[int]] = field(default_factory=dict)
    label_dummy: dict[int, int] = field(default_factory=dict)
    ports: dict[tuple[int, int], float] = field(default_factory=dict)  # (node, neighbour)

    def add(self, width: float, height: float, kind: int, rank: int) -> int:
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


def _oriented(edge: LEdge, index: dict[str, int]) -> tuple[int, int]:
    u, v = index[edge.src], index[edge.dst]
    return (v, u) if edge.reversed else (u, v)


def _ranks(nodes: list[LNode], edges: list[LEdge], index: dict[str, int]) -> list[int]:
    free = [e for e in edges if not nodes[index[e.src]].pin and not nodes[index[e.dst]].pin]
    rank_edges = [(*_oriented(e, index), e.minlen) for e in free if e.src != e.dst]
    ranks = assign_ranks(len(nodes), rank_edges)
    inner = [r for n, r in zip(nodes, ranks, strict=True) if not n.pin] or [0]
    low, high = min(inner), max(inner)
    ranks = [
        low - 1 if n.pin < 0 else high + 1 if n.pin > 0 else r
        for n, r in zip(nodes, ranks, strict=True)
    ]
    base = min(ranks)
    return [r - base for r in ranks]


def _needs_label_ranks(edges: list[LEdge]) -> bool:
    pairs = Counter(frozenset((e.src, e.dst)) for e in edges)
    return any(e.label for e in edges) or any(n > 1 for n in pairs.values())


def _build(
    nodes: list[LNode], edges: list[LEdge], index: dict[str, int], budget: CellBudget
) -> _Proper:
    ranks = _ranks(nodes, edges, index)
    scale = 2 if _needs_label_ranks(edges) else 1
    budget.spend(sum(1 for node in nodes if not node.pin), None)  # terminals: by the caller
    proper = _Proper([], [], [], [], [], [])
    for node, rank in zip(nodes, ranks, strict=True):
        proper.add(node.width, node.height, 0, rank * scale)
    for edge in edges:
        if edge.src != edge.dst:
            u, v = _oriented(edge, index)
            budget.spend(abs(ranks[v] - ranks[u]) * scale, edge.key)  # dummies + 1, before
            _add_chain(proper, edge, u, v)
    return proper


def _add_chain(proper: _Proper, edge: LEdge, u: int, v: int) -> None:
    first, last = proper.ranks[u], proper.ranks[v]
    port_u, port_v = (
        (edge.dst_port, edge.src_port) if edge.reversed else (edge.src_port, edge.dst_port)
    )
    label_rank = _label_rank(first, last) if edge.label else None
    chain: list[int] = []
    previous = u
    for rank in range(first + 1, last):
        if rank == label_rank and edge.label:
            dummy = proper.add(edge.label[0], edge.label[1], 2, rank)
            proper.label_dummy[edge.key] = dummy
        else:
            dummy = proper.add(0.0, 0.0, 1, rank)
        proper.link(previous, dummy)
        chain.append(dummy)
        previous = dummy
    proper.link(previous, v)
    proper.chains[edge.key] = chain
    after_u = chain[0] if chain else v
    before_v = chain[-1] if chain else u
    if port_u:
        proper.ports[(u, after_u)] = port_u
    if port_v:
        proper.ports[(v, before_v)] = port_v


def _label_rank(first: int, last: int) -> int:
    middle = (first + last) // 2
    return middle if middle % 2 == 1 or middle + 1 >= last else middle + 1


def _initial_layers(proper: _Proper, nodes: list[LNode], flip: bool) -> list[list[int]]:
    """Depth-first order from the real nodes, in input order (successors mirrored if flip)."""
    layers: list[list[int]] = [[] for _ in range(max(proper.ranks, default=0) + 1)]
    seen = [False] * len(proper.ranks)
    for root in sorted(range(len(nodes)), key=lambda v: proper.ranks[v]):
        stack = [root]
        while stack:
            node = stack.pop()
            if seen[node]:
                continue
            seen[node] = True
            layers[proper.ranks[node]].append(node)
            stack.extend(proper.down[node] if flip else reversed(proper.down[node]))
    for r in _pinned_layers(proper, nodes):
        layers[r].sort(key=lambda v: nodes[v].hint)
    return layers


def _pinned_layers(proper: _Proper, nodes: list[LNode]) -> frozenset[int]:
    return frozenset(proper.ranks[i] for i, node in enumerate(nodes) if node.pin)


def _spread(proper: _Proper, xs: list[float]) -> float:
    """Total sideways run of the edges: lower is straighter."""
    ports = proper.ports
    return sum(
        abs(xs[u] + ports.get((u, v), 0.0) - xs[v] - ports.get((v, u), 0.0))
        for u, targets in enumerate(proper.down)
        for v in targets
    )


def _budget(size: int, small: int, large: int, work: int) -> int:
    """Iterations affordable for a proper graph of ``size`` nodes + edges."""
    return max(large, min(small, work // max(size, 1)))


def _weights(proper: _Proper) -> list[list[tuple[int, float, float]]]:
    """Neighbours with edge weights and the offset that keeps the edge straight
    (ports: an edge may attach off-centre, e.g. where it leaves a subgraph)."""
    weight = {(0, 0): 1.0, (0, 1): 2.0, (1, 0): 2.0, (1, 1): 8.0}
    neighbours: list[list[tuple[int, float, float]]] = [[] for _ in proper.kinds]
    for u, targets in enumerate(proper.down):
        for v in targets:
            w = weight[(min(proper.kinds[u], 1), min(proper.kinds[v], 1))]
            delta = proper.ports.get((u, v), 0.0) - proper.ports.get((v, u), 0.0)
            neighbours[u].append((v, w, -delta))
            neighbours[v].append((u, w, delta))
    return neighbours


def _rank_positions(proper: _Proper, layers: list[list[int]], gap: float) -> list[float]:
    heights = [max((proper.heights[v] for v in layer), default=0.0) for layer in layers]
    centres: list[float] = []
    y = 0.0
    for index, height in enumerate(heights):
        if index:
            y += heights[index - 1] / 2 + gap + height / 2
        else:
            y = height / 2
        centres.append(y)
    return centres


def layered_layout(
    nodes: list[LNode], edges: list[LEdge], budget: CellBudget | None = None
) -> LResult:
    """Place ``nodes`` in layers and return centres, edge bend points and label centres.

    Raises :class:`LayoutTooLarge` before allocating past ``budget``."""
    if not nodes:
        return LResult()
    index = {node.key: i for i, node in enumerate(nodes)}
    proper = _build(nodes, edges, index, budget or CellBudget(MAX_LAYOUT_CELLS))
    size = len(proper.ranks) + sum(len(d) for d in proper.down)
    halves = [HALF_SEP[kind] for kind in proper.kinds]
    weights = _weights(proper)
    variants = [(False, 1), (False, -1), (True, 1), (True, -1)] if size < SMALL else [(False, 1)]
    best: tuple[float, list[float], list[list[int]]] | None = None
    frozen = _pinned_layers(proper, nodes)
    candidates = []
    for flip, bias in variants:
        opts = OrderOptions(_budget(size, 24, 2, 150_000), size < SMALL, bias, proper.ports, frozen)
        layers, crossings = reduce_crossings(
            _initial_layers(proper, nodes, flip), proper.up, proper.down, opts
        )
        if flip and not frozen:  # mirror back: same quality, declaration order kept
            layers = [layer[::-1] for layer in layers]
        candidates.append((crossings, layers))
    fewest = min(crossings for crossings, _ in candidates)
    tried: list[list[list[int]]] = []
    for crossings, layers in candidates:
        if crossings > fewest or layers in tried:
            continue
        tried.append(layers)
        xs = assign_coordinates(
            layers, proper.widths, halves, weights, _budget(size, 30, 3, 30_000)
        )
        score = _spread(proper, xs)
        if best is None or score < best[0] - 1e-6:
            best = (score, xs, layers)
    assert best is not None
    _, xs, layers = best
    doubled = _needs_label_ranks(edges)
    ys = _rank_positions(proper, layers, RANK_SEP / 2 if doubled else RANK_SEP)
    return _result(nodes, edges, proper, xs, ys)


def _result(
    nodes: list[LNode], edges: list[LEdge], proper: _Proper, xs: list[float], ys: list[float]
) -> LResult:
    result = LResult()
    for i, node in enumerate(nodes):
        result.pos[node.key] = (xs[i], ys[proper.ranks[i]])
    for edge in edges:
        chain = proper.chains.get(edge.key, [])
        points = [(xs[d], ys[proper.ranks[d]]) for d in chain]
        result.bends[edge.key] = points[::-1] if edge.reversed else points
        dummy = proper.label_dummy.get(edge.key)
        if dummy is not None:
            result.labels[edge.key] = (xs[dummy], ys[proper.ranks[dummy]])
    return result
