"""Whole-diagram layout: measure, lay out the diagram and each unlinked subgraph (a
*unit*, drawn as one block in its parent) bottom-up, place globally, assemble the edges.

As in mermaid (dagre's compound graphs), a subgraph linked to the outside is not a block:
its nodes are ranked and ordered among the outside nodes, kept together in each rank, and
boxed (a *cluster*)."""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field

from . import spacing
from .bounds import MAX_LAYOUT_CELLS
from .compound import LCluster
from .diagram import (
    CLUSTER_PAD,
    DIAGRAM_PAD,
    FLOW,
    LABEL_PAD_X,
    LOOP_REACH,
    PlacedCluster,
    PlacedDiagram,
    PlacedEdge,
    PlacedNode,
    label_size,
)
from .errors import MermaidError
from .geometry import Box, Point
from .layered import CellBudget, LayoutTooLarge, LEdge, LNode, LResult, layered_layout
from .layering import break_cycles
from .model import Direction, Flowchart
from .scopes import ROOT, EdgePlan, ScopeTree, build_tree, plan_edges, scope_directions
from .shapes import PAD_X, node_geometry
from .styles import cluster_paint, edge_paint, node_paint
from .text import TextBlock, measure

TITLE_GAP = 6.0


@dataclass
class _UnitLayout:
    width: float
    height: float
    centres: dict[str, Point]
    bends: dict[int, list[Point]]
    labels: dict[int, Point]
    upright: dict[int, frozenset[int]]  # bends that pass a title: crossed along the flow
    clusters: dict[str, Box] = field(default_factory=dict)
    title_x: dict[str, float] = field(default_factory=dict)  # the unit's own: key ""


@dataclass
class _Context:
    chart: Flowchart
    tree: ScopeTree
    plans: list[EdgePlan]
    directions: dict[str, Direction]
    units: set[str] = field(default_factory=set)
    sizes: dict[str, tuple[float, float]] = field(default_factory=dict)
    titles: dict[str, TextBlock] = field(default_factory=dict)
    edge_labels: dict[int, TextBlock] = field(default_factory=dict)
    layouts: dict[str, _UnitLayout] = field(default_factory=dict)
    loop_room: dict[str, float] = field(default_factory=dict)
    along_room: dict[str, float] = field(default_factory=dict)  # least length along the flow
    # each node's self-loops, in order: (edge index, the room it takes beside the node)
    loops: dict[str, list[tuple[int, float]]] = field(default_factory=dict)
    budget: CellBudget = field(default_factory=lambda: CellBudget(MAX_LAYOUT_CELLS))

    def unit(self, item: str) -> str:
        """The unit whose layout places ``item`` (a node, or a unit drawn as a block)."""
        scope = self.tree.owner[item]
        while scope not in self.units:
            scope = self.tree.owner[scope]
        return scope

    def cluster(self, item: str) -> str | None:
        """Innermost cluster (linked subgraph) holding ``item`` in its unit's layout."""
        scope = self.tree.owner[item]
        return None if scope in self.units else scope


def _vertical(direction: Direction) -> bool:
    return direction in ("TB", "BT")


def _frame(size: tuple[float, float], direction: Direction) -> tuple[float, float]:
    """Absolute (width, height) to the layered engine's (cross, flow) sizes."""
    return size if _vertical(direction) else (size[1], size[0])


def _to_absolute(point: Point, direction: Direction) -> Point:
    x, y = point
    return {"TB": (x, y), "BT": (x, -y), "LR": (y, x), "RL": (-y, x)}[direction]


def measure_nodes(chart: Flowchart) -> dict[str, PlacedNode]:
    placed = {}
    for node in chart.nodes.values():
        paint = node_paint(chart, node)
        text = measure(node.label, paint.bold)
        geometry = node_geometry(node.shape, text.width, text.height)
        placed[node.id] = PlacedNode(
            node.id, Box(0, 0, geometry.width, geometry.height), geometry, text, paint
        )
    return placed


def _context(chart: Flowchart) -> _Context:
    tree = build_tree(chart)
    plans = plan_edges(chart, tree)
    ctx = _Context(chart, tree, plans, scope_directions(chart, tree, plans))
    crossed = {s for p in plans for s in p.out_scopes + p.in_scopes}
    ctx.units = {ROOT} | {s for s in chart.subgraphs if s not in crossed}
    for sub in chart.subgraphs.values():
        ctx.titles[sub.id] = measure(sub.title, cluster_paint(chart, sub).bold)
    for plan in plans:
        if plan.edge.label:
            ctx.edge_labels[plan.edge.index] = measure(plan.edge.label)
        if plan.self_loop:
            _reserve_loop(plan, ctx)
    return ctx


def _reserve_loop(plan: EdgePlan, ctx: _Context) -> None:
    """Widen a node's slot (across the flow) so that its self-loops and labels fit: they go
    right, left, right… of the node, each one past the loops already on its side."""
    item = plan.edge.source
    text = ctx.edge_labels.get(plan.edge.index)
    room = LOOP_REACH * 0.75 + 4
    if text is not None:
        vertical = _vertical(ctx.directions[ctx.tree.owner[item]])
        room += label_size(text)[0 if vertical else 1] + 10
    loops = ctx.loops.setdefault(item, [])
    loops.append((plan.edge.index, room))
    sides = (sum(r for _, r in loops[0::2]), sum(r for _, r in loops[1::2]))
    ctx.loop_room[item] = max(sides)


def _place_loops(edges: list[PlacedEdge], ctx: _Context) -> None:
    """Each self-loop's side and its distance past the loops before it on that side."""
    by_index = {edge.plan.edge.index: edge for edge in edges if edge.plan.self_loop}
    for loops in ctx.loops.values():
        beyond = [0.0, 0.0]
        for number, (index, room) in enumerate(loops):
            side = number % 2
            if index in by_index:
                by_index[index].loop = (-1.0 if side else 1.0, beyond[side])
            beyond[side] += room


def _slot(item: str, ctx: _Context) -> tuple[float, float]:
    """Absolute size an item takes in its unit's layout (itself plus self-loop room)."""
    width, height = ctx.sizes[item]
    extra = 2 * ctx.loop_room.get(item, 0.0)
    along = ctx.along_room.get(item, 0.0)
    if _vertical(ctx.directions[ctx.unit(item)]):
        return (width + extra, max(height, along))
    return (max(width, along), height + extra)


def _items(unit: str, ctx: _Context) -> list[str]:
    """Nodes and blocks placed by ``unit``'s layout, in declaration order."""
    out: list[str] = []
    stack = list(reversed(ctx.tree.children[unit]))
    while stack:
        item = stack.pop()
        if ctx.tree.is_scope(item) and item not in ctx.units:
            stack.extend(reversed(ctx.tree.children[item]))
        else:
            out.append(item)
    return out


def _end(item: str, ctx: _Context) -> str | None:
    """The item of a layout that stands for an edge end (a cluster: its first member)."""
    while ctx.tree.is_scope(item) and item not in ctx.units:
        children = ctx.tree.children[item]
        if not children:
            return None
        item = children[0]
    return item


def _unit_edges(unit: str, ctx: _Context) -> list[LEdge]:
    direction = ctx.directions[unit]
    ends: list[tuple[EdgePlan, str, str]] = []
    for plan in ctx.plans:
        src, dst = _end(plan.edge.source, ctx), _end(plan.edge.target, ctx)
        if src is None or dst is None or src == dst or ctx.unit(src) != unit:
            continue
        ends.append((plan, src, dst))
    index = {item: i for i, item in enumerate(_items(unit, ctx))}
    back = break_cycles(len(index), [(index[s], index[d]) for _, s, d in ends])
    edges = []
    for i, (plan, src, dst) in enumerate(ends):
        text = ctx.edge_labels.get(plan.edge.index)
        size = _frame(label_size(text), direction) if text else None
        edges.append(LEdge(plan.edge.index, src, dst, plan.edge.length, size, i in back))
    _rank_after_clusters(ctx, ends, edges)
    return edges


def _rank_after_clusters(
    ctx: _Context, ends: list[tuple[EdgePlan, str, str]], edges: list[LEdge]
) -> None:
    """An edge from a subgraph drawn as a cluster ranks its target after the subgraph's
    last rank (as mermaid draws it: out of the subgraph's far side), unless the target
    may lead back into the subgraph: every such constraint follows one topological
    order of the items, so none makes a cycle, and the work stays linear."""
    position = _topological(edges)
    members: dict[str, tuple[str, ...]] = {}
    last: dict[str, int] = {}
    for (plan, _, dst), edge in zip(ends, edges, strict=True):
        source = plan.edge.source
        if edge.reversed or not ctx.tree.is_scope(source) or source in ctx.units:
            continue
        if source in ctx.tree.chain(dst):
            continue
        if source not in members:
            members[source] = tuple(_members(source, ctx))
            last[source] = max(position.get(m, -1) for m in members[source])
        if position.get(dst, -1) > last[source]:
            edge.after = members[source]


def _members(scope: str, ctx: _Context) -> list[str]:
    """The items of a cluster's unit layout that it holds (nested clusters included)."""
    out: list[str] = []
    stack = list(ctx.tree.children[scope])
    while stack:
        item = stack.pop()
        if ctx.tree.is_scope(item) and item not in ctx.units:
            stack.extend(ctx.tree.children[item])
        else:
            out.append(item)
    return out


def _topological(edges: list[LEdge]) -> dict[str, int]:
    """Position of every edge end in a topological order of the (acyclic, oriented) edges,
    ties broken by first appearance, so that a target declared later comes later."""
    down: dict[str, list[str]] = {}
    indegree: dict[str, int] = {}
    for edge in edges:
        src, dst = (edge.dst, edge.src) if edge.reversed else (edge.src, edge.dst)
        indegree.setdefault(src, 0)
        indegree[dst] = indegree.get(dst, 0) + 1
        down.setdefault(src, []).append(dst)
    first = {item: i for i, item in enumerate(indegree)}
    ready = [(first[item], item) for item, count in indegree.items() if count == 0]
    heapq.heapify(ready)
    position: dict[str, int] = {}
    while ready:
        _, item = heapq.heappop(ready)
        position[item] = len(position)
        for nxt in down.get(item, ()):
            indegree[nxt] -= 1
            if indegree[nxt] == 0:
                heapq.heappush(ready, (first[nxt], nxt))
    return position


def _unit_clusters(unit: str, ctx: _Context) -> list[LCluster]:
    direction = ctx.directions[unit]
    head = {"TB": -1, "BT": 1}.get(direction, 0)
    out = []
    for item in _items(unit, ctx):
        for scope in ctx.tree.chain(item):
            if scope in ctx.units:
                break
            title = ctx.titles[scope]
            size = (_title_width(title), title.height) if title.lines else (0.0, 0.0)
            if not _vertical(direction):
                size = (size[1], size[0])
            out.append(LCluster(scope, ctx.cluster(scope), size, head if title.lines else 0))
    return list({c.key: c for c in out}.values())


def _bounds(boxes: list[Box]) -> tuple[float, float, float, float]:
    if not boxes:
        return (0.0, 0.0, 0.0, 0.0)
    return (
        min(b.left for b in boxes),
        min(b.top for b in boxes),
        max(b.right for b in boxes),
        max(b.bottom for b in boxes),
    )


def _frame_box(box: tuple[float, float, float, float], direction: Direction) -> Box:
    a = _to_absolute((box[0], box[1]), direction)
    b = _to_absolute((box[2], box[3]), direction)
    left, right = min(a[0], b[0]), max(a[0], b[0])
    top, bottom = min(a[1], b[1]), max(a[1], b[1])
    return Box((left + right) / 2, (top + bottom) / 2, right - left, bottom - top)


def _layout_unit(unit: str, ctx: _Context) -> _UnitLayout:
    direction = ctx.directions[unit]
    items = _items(unit, ctx)
    nodes = [LNode(i, *_frame(_slot(i, ctx), direction), cluster=ctx.cluster(i)) for i in items]
    result = layered_layout(nodes, _unit_edges(unit, ctx), ctx.budget, _unit_clusters(unit, ctx))
    return _place_unit(unit, items, result, ctx)


def _place_unit(unit: str, items: list[str], result: LResult, ctx: _Context) -> _UnitLayout:
    direction = ctx.directions[unit]
    centres = {k: _to_absolute(p, direction) for k, p in result.pos.items()}
    bends = {k: [_to_absolute(p, direction) for p in pts] for k, pts in result.bends.items()}
    labels = {k: _to_absolute(p, direction) for k, p in result.labels.items()}
    clusters = {k: _frame_box(b, direction) for k, b in result.clusters.items()}
    boxes = [Box(*centres[item], *_slot(item, ctx)) for item in items] + list(clusters.values())
    boxes += [Box(x, y, 0, 0) for pts in bends.values() for x, y in pts]
    boxes += [Box(*labels[k], *label_size(ctx.edge_labels[k])) for k in labels]
    title = ctx.titles.get(unit)
    left, top, right, bottom = _bounds(boxes)
    pad = CLUSTER_PAD if unit != ROOT else DIAGRAM_PAD
    head = title.height + TITLE_GAP if title and title.lines else 0.0
    inner_width = max(right - left, _title_width(title) if title else 0.0)
    width, height = inner_width + 2 * pad, bottom - top + 2 * pad + head
    dx = pad + (inner_width - (right - left)) / 2 - left
    dy = pad + head - top
    layout = _UnitLayout(
        width,
        height,
        {k: (x + dx, y + dy) for k, (x, y) in centres.items()},
        {k: [(x + dx, y + dy) for x, y in pts] for k, pts in bends.items()},
        {k: (x + dx, y + dy) for k, (x, y) in labels.items()},
        result.upright,
        {k: b.moved(dx, dy) for k, b in clusters.items()},
        {ROOT: width / 2},
    )
    for key, box in layout.clusters.items():
        centre = result.titles.get(key)
        layout.title_x[key] = (
            _to_absolute(centre, direction)[0] + dx if centre is not None else box.cx
        )
    return layout


def _title_width(title: TextBlock) -> float:
    return title.width + 2 * LABEL_PAD_X


def compute_layout(
    chart: Flowchart, sizes: dict[str, tuple[float, float]] | None = None,
    room: dict[str, tuple[float, float]] | None = None,
) -> PlacedDiagram:
    """Lay out a parsed flowchart; every coordinate of the result is absolute. ``sizes``:
    (width, height) of nodes whose boxes the caller draws itself (a class diagram's).
    ``room``: (across, along) the room kept free around a node for what the caller places
    beside it (a state diagram's note): ``across`` the flow on either side, as self-loops get
    theirs, and at least ``along`` the flow, centred on the node.

    Raises :class:`MermaidError` at the line of the link that makes the layout too large."""
    try:
        return _compute_layout(chart, sizes or {}, room or {})
    except LayoutTooLarge as exc:
        line = chart.edges[exc.key].line if exc.key is not None else 1
        raise MermaidError(
            line,
            f"links cross more than {MAX_LAYOUT_CELLS:,} ranks in all "
            "(the layout bound) : shorten the longest links or split the "
            "diagram",
        ) from None


def _compute_layout(chart: Flowchart, sizes: dict[str, tuple[float, float]],
                    room: dict[str, tuple[float, float]]) -> PlacedDiagram:  # fmt: skip
    ctx = _context(chart)
    for item, (across, along) in room.items():
        ctx.loop_room[item] = ctx.loop_room.get(item, 0.0) + across
        ctx.along_room[item] = along
    placed = measure_nodes(chart)
    for node_id, (width, height) in sizes.items():  # a rectangle of the given size
        geometry = node_geometry("rect", width - 2 * PAD_X, height - 2 * spacing.current().pad_y)
        placed[node_id].box, placed[node_id].geometry = Box(0, 0, width, height), geometry
    for node_id, node in placed.items():
        ctx.sizes[node_id] = (node.box.width, node.box.height)
    for unit in ctx.tree.post_order():
        if unit in ctx.units:
            ctx.layouts[unit] = _layout_unit(unit, ctx)
            ctx.sizes[unit] = (ctx.layouts[unit].width, ctx.layouts[unit].height)
    offsets = _offsets(ctx)
    root = ctx.layouts[ROOT]
    diagram = PlacedDiagram(root.width, root.height, chart.direction)
    for node_id, node in placed.items():
        unit = ctx.unit(node_id)
        ox, oy = offsets[unit]
        cx, cy = ctx.layouts[unit].centres[node_id]
        node.box = Box(ox + cx, oy + cy, node.box.width, node.box.height)
        diagram.nodes[node_id] = node
    diagram.clusters = _clusters(ctx, offsets)
    boxes = {c.id: c.box for c in diagram.clusters}
    diagram.edges = [_route(plan, ctx, offsets, diagram.nodes, boxes) for plan in ctx.plans]
    _spread_ports(diagram.edges)
    _place_loops(diagram.edges, ctx)
    return diagram


def _offsets(ctx: _Context) -> dict[str, Point]:
    offsets: dict[str, Point] = {ROOT: (0.0, 0.0)}
    for unit in reversed(ctx.tree.post_order()):
        if unit == ROOT or unit not in ctx.units:
            continue
        parent = ctx.unit(unit)
        cx, cy = ctx.layouts[parent].centres[unit]
        px, py = offsets[parent]
        layout = ctx.layouts[unit]
        offsets[unit] = (px + cx - layout.width / 2, py + cy - layout.height / 2)
    return offsets


def _clusters(ctx: _Context, offsets: dict[str, Point]) -> list[PlacedCluster]:
    clusters = []
    for scope in reversed(ctx.tree.post_order()):
        if scope == ROOT:
            continue
        sub = ctx.chart.subgraphs[scope]
        if scope in ctx.units:
            ox, oy = offsets[scope]
            layout = ctx.layouts[scope]
            box = Box(ox + layout.width / 2, oy + layout.height / 2, layout.width, layout.height)
            title_x = ox + layout.title_x[ROOT]
        else:
            unit = ctx.unit(scope)
            ox, oy = offsets[unit]
            box = ctx.layouts[unit].clusters[scope].moved(ox, oy)
            title_x = ox + ctx.layouts[unit].title_x[scope]
        clusters.append(
            PlacedCluster(
                scope, box, ctx.titles[scope], cluster_paint(ctx.chart, sub),
                len(ctx.tree.chain(scope)), title_x,
            )
        )  # fmt: skip
    return clusters


def _route(
    plan: EdgePlan,
    ctx: _Context,
    offsets: dict[str, Point],
    nodes: dict[str, PlacedNode],
    clusters: dict[str, Box],
) -> PlacedEdge:
    index = plan.edge.index
    source, target = plan.edge.source, plan.edge.target
    end = _end(source, ctx)
    unit = ctx.unit(end) if end is not None else ROOT
    ox, oy = offsets[unit]
    layout = ctx.layouts[unit]
    middle = [(x + ox, y + oy) for x, y in layout.bends.get(index, [])]
    label_center = None
    if index in layout.labels:
        x, y = layout.labels[index]
        label_center = (x + ox, y + oy)
    dropped, middle = _outside(middle, clusters.get(source), clusters.get(target))
    upright = frozenset(i + 1 - dropped for i in layout.upright.get(index, ()))
    start, start_shape = _anchor(source, target, ctx, nodes, clusters)
    finish, end_shape = _anchor(target, source, ctx, nodes, clusters)
    points = [start, *middle, finish]
    flow_scope = ctx.unit(source) if plan.self_loop else unit
    return PlacedEdge(
        plan, points, start_shape, end_shape, FLOW[ctx.directions[flow_scope]],
        edge_paint(plan.edge), ctx.edge_labels.get(index), label_center,
        frozenset(i for i in upright if 0 < i < len(points) - 1),
    )  # fmt: skip


def _spread_ports(edges: list[PlacedEdge]) -> None:
    """Edges meeting one face of a node meet it side by side, in the order of where they
    come from, so that they do not cross as they arrive."""
    faces: dict[tuple[Point, int, float], list[tuple[float, int, int]]] = {}
    for index, edge in enumerate(edges):
        if edge.plan.self_loop or len(edge.points) < 2:
            continue
        axis = 0 if edge.flow[0] else 1
        for end, (anchor, neighbour, shape) in enumerate(
            ((edge.points[0], edge.points[1], edge.start_shape),
             (edge.points[-1], edge.points[-2], edge.end_shape))
        ):  # fmt: skip
            if shape is None:
                continue
            ahead = neighbour[axis] - anchor[axis]
            slope = (neighbour[1 - axis] - anchor[1 - axis]) / max(abs(ahead), 1.0)
            key = (anchor, 1 if ahead > 0 else -1, float(axis))
            faces.setdefault(key, []).append((slope, index, end))
    for group in faces.values():
        if len(group) < 2:
            continue
        group.sort()
        for rank, (_, index, end) in enumerate(group):
            spread = (2 * rank + 1) / len(group) - 1
            old = edges[index].ports
            edges[index].ports = (spread, old[1]) if end == 0 else (old[0], spread)


def _outside(points: list[Point], first: Box | None, last: Box | None) -> tuple[int, list[Point]]:
    """Drop the bends inside a subgraph box an edge starts or ends on; return how many
    were dropped at the start, and the rest."""

    def inside(point: Point, box: Box | None) -> bool:
        return (
            box is not None and box.left < point[0] < box.right and box.top < point[1] < box.bottom
        )

    dropped = 0
    while points and inside(points[0], first):
        points = points[1:]
        dropped += 1
    while points and inside(points[-1], last):
        points = points[:-1]
    return dropped, points


def _anchor(
    item: str, other: str, ctx: _Context, nodes: dict[str, PlacedNode], clusters: dict[str, Box]
) -> tuple[Point, tuple[Point, ...] | None]:
    """Centre and outline of an edge end; on the border (no outline) when the end is a
    subgraph that contains the other end."""
    if item in nodes:
        node = nodes[item]
        return (node.box.cx, node.box.cy), node.outline()
    box = clusters[item]
    if item in ctx.tree.chain(other):
        inner = nodes[other].box if other in nodes else clusters[other]
        if _vertical(ctx.directions[ctx.unit(other)]):
            return (inner.cx, box.top), None
        return (box.left, inner.cy), None
    centre = (box.cx, box.cy)
    if item not in ctx.units:  # a cluster: leave it in line with the node standing for it
        inner = _end(item, ctx)
        if inner is not None:
            rep = nodes[inner].box if inner in nodes else clusters[inner]
            vertical = _vertical(ctx.directions[ctx.unit(inner)])
            centre = (rep.cx, box.cy) if vertical else (box.cx, rep.cy)
    return centre, box.corners()
