"""A Sugiyama-style layered layout of one graph, top to bottom.

Sizes are given along the cross axis (``width``) and the flow axis (``height``); callers
rotate the result for LR/RL/BT.  Nodes may belong to clusters (see ``compound``): ranked
and ordered with the other nodes, kept together in every layer, and boxed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from . import spacing
from .bounds import MAX_LAYOUT_CELLS
from .clusterboxes import (
    CLUSTER_PAD,
    TITLE_GAP,
    add_borders,
    bordered,
    centre_titles,
    cluster_boxes,
    layer_gaps,
    merged_borders,
)
from .compound import LCluster, Nesting, dummy_parents, spans, title_ranks
from .geometry import Point
from .layering import assign_ranks
from .ordering import OrderOptions, reduce_crossings
from .placement import assign_coordinates, legalize
from .proper import DUMMY, LABEL, LEFT, REAL, TITLE, ProperGraph

SMALL = 600  # proper-graph size (nodes + edges) below which extra effort is affordable
BORDER_PULL = 8.0  # keeps a cluster's border straight from rank to rank


@dataclass
class LNode:
    key: str
    width: float
    height: float
    cluster: str | None = None  # innermost cluster holding the node (see ``compound``)


@dataclass
class LEdge:
    key: int
    src: str
    dst: str
    minlen: int = 1
    label: tuple[float, float] | None = None  # cross-axis and flow-axis size
    reversed: bool = False
    after: tuple[str, ...] = ()  # nodes ``dst`` is ranked after too (ranking only, acyclic)


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
    clusters: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)
    titles: dict[str, Point] = field(default_factory=dict)  # centre of each cluster title
    upright: dict[int, frozenset[int]] = field(default_factory=dict)  # crossed along the flow


def _oriented(edge: LEdge, index: dict[str, int]) -> tuple[int, int]:
    u, v = index[edge.src], index[edge.dst]
    return (v, u) if edge.reversed else (u, v)


def _ranks(nodes: list[LNode], edges: list[LEdge], index: dict[str, int]) -> list[int]:
    rank_edges = [(*_oriented(e, index), e.minlen) for e in edges if e.src != e.dst]
    ends: dict[tuple[str, ...], int] = {}  # one ranking-only node after each ``after`` group
    for edge in (e for e in edges if e.after):
        end = ends.get(edge.after)
        if end is None:
            end = ends[edge.after] = len(nodes) + len(ends)
            rank_edges += [(index[a], end, 0) for a in edge.after]
        rank_edges.append((end, index[edge.dst], edge.minlen))
    return assign_ranks(len(nodes) + len(ends), rank_edges)[: len(nodes)]


def _needs_label_ranks(edges: list[LEdge]) -> bool:
    pairs = Counter(frozenset((e.src, e.dst)) for e in edges)
    return any(e.label for e in edges) or any(n > 1 for n in pairs.values())


def _build(
    nodes: list[LNode],
    edges: list[LEdge],
    index: dict[str, int],
    budget: CellBudget,
    nesting: Nesting,
) -> ProperGraph:
    scale = 2 if _needs_label_ranks(edges) else 1
    ranks = [r * scale for r in _ranks(nodes, edges, index)]
    budget.spend(len(nodes), None)
    proper = ProperGraph([], [], [], [], [], [], nesting=nesting)
    spans(nesting, [n.cluster for n in nodes], ranks)
    ranks, titles = title_ranks(nesting, ranks)
    for node, rank in zip(nodes, ranks, strict=True):
        proper.add(node.width, node.height, REAL, rank, node.cluster)
    for key, rank in titles.items():
        width, height = nesting.clusters[key].title
        proper.titles[key] = proper.add(width, height, TITLE, rank, key)
    spans(nesting, proper.members, proper.ranks)
    for edge in edges:
        if edge.src != edge.dst:
            u, v = _oriented(edge, index)
            budget.spend(abs(ranks[v] - ranks[u]), edge.key)  # dummies + 1, before
            _add_chain(proper, edge, u, v)
    add_borders(proper, budget, edges[-1].key if edges else None)
    return proper


def _add_chain(proper: ProperGraph, edge: LEdge, u: int, v: int) -> None:
    first, last = proper.ranks[u], proper.ranks[v]
    label_rank = _label_rank(first, last) if edge.label else None
    chain: list[int] = []
    previous = u
    parents = dummy_parents(proper.nesting, proper.members[u], proper.members[v], first, last)
    for rank, parent in zip(range(first + 1, last), parents, strict=True):
        if rank == label_rank and edge.label:
            dummy = proper.add(edge.label[0], edge.label[1], LABEL, rank, parent)
            proper.label_dummy[edge.key] = dummy
        else:
            dummy = proper.add(0.0, 0.0, DUMMY, rank, parent)
        proper.link(previous, dummy)
        chain.append(dummy)
        previous = dummy
    proper.link(previous, v)
    proper.chains[edge.key] = chain


def _label_rank(first: int, last: int) -> int:
    middle = (first + last) // 2
    return middle if middle % 2 == 1 or middle + 1 >= last else middle + 1


def _initial_layers(proper: ProperGraph, nodes: list[LNode], flip: bool) -> list[list[int]]:
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
    for node, kind in enumerate(proper.kinds):
        if not seen[node] and kind < LEFT:
            layers[proper.ranks[node]].append(node)
    return layers


def _spread(proper: ProperGraph, xs: list[float]) -> float:
    """Total sideways run of the edges: lower is straighter."""
    return sum(abs(xs[u] - xs[v]) for u, targets in enumerate(proper.down) for v in targets)


def _budget(size: int, small: int, large: int, work: int) -> int:
    """Iterations affordable for a proper graph of ``size`` nodes + edges."""
    return max(large, min(small, work // max(size, 1)))


def _weights(proper: ProperGraph) -> list[list[tuple[int, float, float]]]:
    """Neighbours with the weights pulling them in line (and no offset): edges, stronger
    between dummies; each cluster border from rank to rank; a title to its borders."""
    weight = {(0, 0): 1.0, (0, 1): 2.0, (1, 0): 2.0, (1, 1): 8.0}
    neighbours: list[list[tuple[int, float, float]]] = [[] for _ in proper.kinds]
    for u, targets in enumerate(proper.down):
        for v in targets:
            w = weight[(min(proper.kinds[u], 1), min(proper.kinds[v], 1))]
            neighbours[u].append((v, w, 0.0))
            neighbours[v].append((u, w, 0.0))
    for (key, rank), (left, right) in proper.borders.items():
        for side, node in ((0, left), (1, right)):
            below = proper.borders.get((key, rank + 1))
            if below is not None:
                neighbours[node].append((below[side], BORDER_PULL, 0.0))
                neighbours[below[side]].append((node, BORDER_PULL, 0.0))
    for key, title in proper.titles.items():  # a title is drawn between its borders
        left, right = proper.borders[(key, proper.ranks[title])]
        neighbours[title] += [(left, 1.0, 0.0), (right, 1.0, 0.0)]
    return neighbours


def _rank_positions(proper: ProperGraph, layers: list[list[int]], gap: float) -> list[float]:
    heights = [max((proper.heights[v] for v in layer), default=0.0) for layer in layers]
    nesting = proper.nesting
    borders = [0] * (len(layers) + 1)  # cluster borders between rank r - 1 and rank r
    for key in nesting.low:
        borders[nesting.low[key]] += 1
        borders[nesting.high[key] + 1] += 1
    centres: list[float] = []
    y = 0.0
    for index, height in enumerate(heights):
        if index:
            room = max(gap, borders[index] * CLUSTER_PAD + TITLE_GAP)
            y += heights[index - 1] / 2 + room + height / 2
        else:
            y = height / 2
        centres.append(y)
    return centres


def layered_layout(
    nodes: list[LNode],
    edges: list[LEdge],
    budget: CellBudget | None = None,
    clusters: list[LCluster] | None = None,
) -> LResult:
    """Place ``nodes`` in layers and return centres, edge bend points, label centres and
    the boxes of ``clusters`` (nodes name theirs in ``LNode.cluster``).

    Raises :class:`LayoutTooLarge` before allocating past ``budget``."""
    if not nodes:
        return LResult()
    index = {node.key: i for i, node in enumerate(nodes)}
    nesting = Nesting({c.key: c for c in clusters or []})
    proper = _build(nodes, edges, index, budget or CellBudget(MAX_LAYOUT_CELLS), nesting)
    size = len(proper.ranks) + sum(len(d) for d in proper.down)
    weights = _weights(proper)
    variants = [(False, 1), (False, -1), (True, 1), (True, -1)] if size < SMALL else [(False, 1)]
    best: tuple[float, list[float], list[list[int]]] | None = None
    candidates = []
    for flip, bias in variants:
        opts = OrderOptions(
            _budget(size, 24, 2, 150_000), size < SMALL, bias, proper.members, nesting,
        )  # fmt: skip
        layers, crossings = reduce_crossings(
            _initial_layers(proper, nodes, flip), proper.up, proper.down, opts
        )
        if flip:  # mirror back: same quality, declaration order kept
            layers = [layer[::-1] for layer in layers]
        candidates.append((crossings, layers))
    fewest = min(crossings for crossings, _ in candidates)
    tried: list[list[list[int]]] = []
    for crossings, layers in candidates:
        if crossings > fewest or layers in tried:
            continue
        tried.append(layers)
        placed = [bordered(proper, layer) for layer in layers]
        gaps = layer_gaps(proper, placed)
        xs = assign_coordinates(placed, proper.widths, gaps, weights, _budget(size, 30, 3, 30_000))
        merged = merged_borders(proper)
        legalize(placed, xs, gaps, merged)
        if proper.titles:
            raised = centre_titles(proper, placed, xs, gaps)
            legalize(placed, xs, gaps, merged, raised)
        score = _spread(proper, xs)
        if best is None or score < best[0] - 1e-6:
            best = (score, xs, layers)
    assert best is not None
    _, xs, layers = best
    doubled = _needs_label_ranks(edges)
    ys = _rank_positions(proper, layers, _rank_sep() / 2 if doubled else _rank_sep())
    result = _result(nodes, edges, proper, xs, ys)
    result.clusters, result.titles = cluster_boxes(proper, xs, ys)
    return result


def _result(
    nodes: list[LNode], edges: list[LEdge], proper: ProperGraph, xs: list[float], ys: list[float]
) -> LResult:
    result = LResult()
    for i, node in enumerate(nodes):
        result.pos[node.key] = (xs[i], ys[proper.ranks[i]])
    bands = [0.0] * len(ys)  # half the height of each rank's tallest node
    for node, rank in enumerate(proper.ranks):
        bands[rank] = max(bands[rank], proper.heights[node] / 2)
    for edge in edges:
        chain = proper.chains.get(edge.key, [])
        if edge.reversed:
            chain = chain[::-1]
        sign = -1.0 if edge.reversed else 1.0
        bends: list[Point] = []
        for d in chain:  # straight across the rank: no corner of its nodes cut
            x, y, band = xs[d], ys[proper.ranks[d]], bands[proper.ranks[d]]
            bends += [(x, y - sign * band), (x, y + sign * band)] if band else [(x, y)]
        result.bends[edge.key] = bends
        result.upright[edge.key] = frozenset(range(len(bends)))
        dummy = proper.label_dummy.get(edge.key)
        if dummy is not None:
            result.labels[edge.key] = (xs[dummy], ys[proper.ranks[dummy]])
    return result


def _rank_sep() -> float:
    return spacing.current().rank_sep
