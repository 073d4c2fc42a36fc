"""Whole-diagram layout: measure, lay out each subgraph scope bottom-up, place globally,
and assemble each edge's route across subgraph borders."""

from __future__ import annotations

from dataclasses import dataclass, field

from .bounds import MAX_LAYOUT_CELLS
from .diagram import (
    CLUSTER_PAD,
    DIAGRAM_PAD,
    FLOW,
    LABEL_PAD_X,
    LOOP_REACH,
    Diagram,
    PlacedCluster,
    PlacedEdge,
    PlacedNode,
    label_size,
)
from .errors import MermaidError
from .geometry import Box, Point
from .layered import CellBudget, LayoutTooLarge, LEdge, LNode, layered_layout
from .model import Direction, Flowchart
from .scopes import ROOT, EdgePlan, ScopeTree, build_tree, plan_edges, scope_directions
from .shapes import node_geometry
from .styles import cluster_paint, edge_paint, node_paint
from .text import TextBlock, measure

TITLE_GAP = 6.0
TITLE_KEY = "\0title"
SECOND_PASS_LIMIT = 400  # nodes; above this, subgraph terminals keep their first order
MAX_PASSES = 2  # re-layouts while the order of subgraph terminals keeps changing


@dataclass
class _ScopeLayout:
    width: float
    height: float
    centres: dict[str, Point]
    bends: dict[int, list[Point]]
    terminals: dict[int, Point]
    labels: dict[int, Point]
    title_x: float = 0.0


@dataclass
class _Context:
    chart: Flowchart
    tree: ScopeTree
    plans: list[EdgePlan]
    directions: dict[str, Direction]
    sizes: dict[str, tuple[float, float]] = field(default_factory=dict)
    titles: dict[str, TextBlock] = field(default_factory=dict)
    edge_labels: dict[int, TextBlock] = field(default_factory=dict)
    internal: dict[str, list[EdgePlan]] = field(default_factory=dict)
    external: dict[str, list[EdgePlan]] = field(default_factory=dict)
    layouts: dict[str, _ScopeLayout] = field(default_factory=dict)
    hints: dict[tuple[str, int], float] = field(default_factory=dict)
    loop_room: dict[str, float] = field(default_factory=dict)
    budget: CellBudget = field(default_factory=lambda: CellBudget(MAX_LAYOUT_CELLS))


def _vertical(direction: Direction) -> bool:
    return direction in ("TB", "BT")


def _frame(size: tuple[float, float], direction: Direction) -> tuple[float, float]:
    """Absolute (width, height) to the layered engine's (cross, flow) sizes."""
    return size if _vertical(direction) else (size[1], size[0])


def _to_absolute(point: Point, direction: Direction) -> Point:
    x, y = point
    return {"TB": (x, y), "BT": (x, -y), "LR": (y, x), "RL": (-y, x)}[direction]


def _measure_nodes(chart: Flowchart) -> dict[str, PlacedNode]:
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
    for sub in chart.subgraphs.values():
        ctx.titles[sub.id] = measure(sub.title, cluster_paint(chart, sub).bold)
    for plan in plans:
        if plan.edge.label:
            ctx.edge_labels[plan.edge.index] = measure(plan.edge.label)
        if plan.lca is not None:
            ctx.internal.setdefault(plan.lca, []).append(plan)
        for scope in plan.out_scopes + plan.in_scopes:
            ctx.external.setdefault(scope, []).append(plan)
        if plan.self_loop:
            _reserve_loop(plan, ctx)
    return ctx


def _reserve_loop(plan: EdgePlan, ctx: _Context) -> None:
    """Widen a node's slot (across the flow) so that its self-loop and label fit."""
    item = plan.edge.source
    text = ctx.edge_labels.get(plan.edge.index)
    room = LOOP_REACH * 0.75 + 4
    if text is not None:
        vertical = _vertical(ctx.directions[ctx.tree.owner[item]])
        room += label_size(text)[0 if vertical else 1] + 10
    ctx.loop_room[item] = max(ctx.loop_room.get(item, 0.0), room)


def _slot(item: str, ctx: _Context) -> tuple[float, float]:
    """Absolute size an item takes in its scope's layout (itself plus self-loop room)."""
    width, height = ctx.sizes[item]
    extra = 2 * ctx.loop_room.get(item, 0.0)
    if _vertical(ctx.directions[ctx.tree.owner[item]]):
        return (width + extra, height)
    return (width, height + extra)


def _port(item: str, index: int, ctx: _Context, direction: Direction) -> float:
    """Cross-axis offset, from the centre of subgraph ``item``, where edge ``index`` crosses
    its border (0 for nodes)."""
    inner = ctx.layouts.get(item)
    if inner is None or index not in inner.terminals:
        return 0.0
    x, y = inner.terminals[index]
    return x - inner.width / 2 if _vertical(direction) else y - inner.height / 2


def _label_scope(plan: EdgePlan) -> str | None:
    """The scope whose layout reserves room for the edge's label."""
    if plan.lca is not None:
        return plan.lca
    crossed = plan.out_scopes or plan.in_scopes
    return crossed[0] if crossed else None


def _scope_graph(scope: str, ctx: _Context) -> tuple[list[LNode], list[LEdge]]:
    direction = ctx.directions[scope]
    nodes = [LNode(item, *_frame(_slot(item, ctx), direction)) for item in ctx.tree.children[scope]]
    edges = []
    for plan in ctx.internal.get(scope, []):
        text = ctx.edge_labels.get(plan.edge.index)
        size = _frame(label_size(text), direction) if text else None
        i = plan.edge.index
        ports = (_port(plan.src_rep, i, ctx, direction), _port(plan.dst_rep, i, ctx, direction))
        edges.append(
            LEdge(i, plan.src_rep, plan.dst_rep, plan.edge.length, size, plan.reversed, *ports)
        )
    for plan in ctx.external.get(scope, []):
        pin = plan.pin(scope)
        inside = plan.edge.source if scope in plan.out_scopes else plan.edge.target
        inner, key = ctx.tree.rep(inside, scope), f"\0terminal{plan.edge.index}"
        ctx.budget.spend(1, plan.edge.index)  # a terminal in every scope the edge leaves
        nodes.append(LNode(key, 0.0, 0.0, pin, ctx.hints.get((scope, plan.edge.index), 0.0)))
        port = _port(inner, plan.edge.index, ctx, direction)
        text = ctx.edge_labels.get(plan.edge.index) if _label_scope(plan) == scope else None
        size = _frame(label_size(text), direction) if text else None
        if pin > 0:
            edges.append(LEdge(plan.edge.index, inner, key, label=size, src_port=port))
        else:
            edges.append(LEdge(plan.edge.index, key, inner, label=size, dst_port=port))
    title_node = _title_node(scope, ctx)
    if title_node is not None:
        nodes.append(title_node)
    return nodes, edges


def _title_node(scope: str, ctx: _Context) -> LNode | None:
    """In a vertical subgraph whose edges cross the title's side, the title takes a slot
    among the terminals so that no edge runs through it."""
    direction = ctx.directions[scope]
    title = ctx.titles.get(scope)
    if title is None or not title.lines or not _vertical(direction):
        return None
    side = -1 if direction == "TB" else 1
    if not any(plan.pin(scope) == side for plan in ctx.external.get(scope, [])):
        return None
    hint = ctx.hints.get((scope, -1), 0.0)
    return LNode(TITLE_KEY, _title_width(title), 0.0, side, hint)


def _bounds(boxes: list[Box]) -> tuple[float, float, float, float]:
    if not boxes:
        return (0.0, 0.0, 0.0, 0.0)
    return (
        min(b.left for b in boxes),
        min(b.top for b in boxes),
        max(b.right for b in boxes),
        max(b.bottom for b in boxes),
    )


def _layout_scope(scope: str, ctx: _Context) -> _ScopeLayout:
    direction = ctx.directions[scope]
    nodes, edges = _scope_graph(scope, ctx)
    result = layered_layout(nodes, edges, ctx.budget)
    centres = {k: _to_absolute(p, direction) for k, p in result.pos.items()}
    bends = {k: [_to_absolute(p, direction) for p in pts] for k, pts in result.bends.items()}
    labels = {k: _to_absolute(p, direction) for k, p in result.labels.items()}
    boxes = [Box(*centres[item], *_slot(item, ctx)) for item in ctx.tree.children[scope]]
    boxes += [Box(x, y, 0, 0) for pts in bends.values() for x, y in pts]
    boxes += [Box(*labels[k], *label_size(ctx.edge_labels[k])) for k in labels]
    title = ctx.titles.get(scope)
    title_node = centres.pop(TITLE_KEY, None)
    if title_node is not None and title is not None:
        boxes.append(Box(title_node[0], boxes[0].cy, _title_width(title), 0))
    left, top, right, bottom = _bounds(boxes)
    pad = CLUSTER_PAD if scope != ROOT else DIAGRAM_PAD
    head = title.height + TITLE_GAP if title and title.lines else 0.0
    inner_width = max(right - left, _title_width(title) if title else 0.0)
    width, height = inner_width + 2 * pad, bottom - top + 2 * pad + head
    dx = pad + (inner_width - (right - left)) / 2 - left
    dy = pad + head - top
    layout = _ScopeLayout(
        width,
        height,
        {k: (x + dx, y + dy) for k, (x, y) in centres.items()},
        {k: [(x + dx, y + dy) for x, y in pts] for k, pts in bends.items()},
        {},
        {k: (x + dx, y + dy) for k, (x, y) in labels.items()},
        width / 2,
    )
    for plan in ctx.external.get(scope, []):
        _terminal(layout, plan, scope, ctx, pad + head)
    if title_node is not None and title is not None:
        layout.title_x = _title_x(layout, _title_width(title), title_node[0] + dx)
    return layout


def _title_x(layout: _ScopeLayout, width: float, slot: float) -> float:
    """Centre the title as mermaid does, unless an edge enters the box under it: then
    keep the slot the layout left for it between the entering edges."""
    centre = layout.width / 2
    reach = width / 2 + TITLE_GAP
    clear = all(abs(x - centre) > reach for x, y in layout.terminals.values() if y == 0.0)
    return centre if clear else slot


def _title_width(title: TextBlock) -> float:
    return title.width + 2 * LABEL_PAD_X


def _terminal(layout: _ScopeLayout, plan: EdgePlan, scope: str, ctx: _Context, top: float) -> None:
    """Snap an edge's terminal onto the scope border (below the title band ``top`` on a
    side border) and orient its bends along the edge."""
    index = plan.edge.index
    pin = plan.pin(scope)
    x, y = layout.centres.pop(f"\0terminal{index}")
    flow = FLOW[ctx.directions[scope]]
    sign = pin * (flow[0] + flow[1])
    pad = CLUSTER_PAD if scope != ROOT else DIAGRAM_PAD
    if flow[0] == 0:
        x = min(max(x, pad), layout.width - pad)
        y = layout.height if sign > 0 else 0.0
    else:
        y = min(max(y, top), layout.height - pad)
        x = layout.width if sign > 0 else 0.0
    layout.terminals[index] = (x, y)
    leaving = scope in plan.out_scopes
    if leaving != (pin > 0):
        layout.bends[index] = layout.bends[index][::-1]


def compute_layout(chart: Flowchart) -> Diagram:
    """Lay out a parsed flowchart; every coordinate of the result is absolute.

    Raises :class:`MermaidError` at the line of the link that makes the layout too large."""
    try:
        return _compute_layout(chart)
    except LayoutTooLarge as exc:
        line = chart.edges[exc.key].line if exc.key is not None else 1
        raise MermaidError(
            line,
            f"links cross more than {MAX_LAYOUT_CELLS:,} ranks in all "
            "(the layout bound) : shorten the longest links or split the "
            "diagram",
        ) from None


def _compute_layout(chart: Flowchart) -> Diagram:
    ctx = _context(chart)
    placed = _measure_nodes(chart)
    for node_id, node in placed.items():
        ctx.sizes[node_id] = (node.box.width, node.box.height)
    _layout_scopes(ctx)
    _refine_terminals(ctx)
    layouts = ctx.layouts
    offsets = _offsets(ctx, layouts)
    root = layouts[ROOT]
    diagram = Diagram(root.width, root.height, chart.direction)
    for node_id, node in placed.items():
        ox, oy = offsets[ctx.tree.owner[node_id]]
        cx, cy = layouts[ctx.tree.owner[node_id]].centres[node_id]
        node.box = Box(ox + cx, oy + cy, node.box.width, node.box.height)
        diagram.nodes[node_id] = node
    diagram.clusters = _clusters(ctx, layouts, offsets)
    boxes = {c.id: c.box for c in diagram.clusters}
    diagram.edges = [
        _route(plan, ctx, layouts, offsets, diagram.nodes, boxes) for plan in ctx.plans
    ]
    return diagram


def _refine_terminals(ctx: _Context) -> None:
    """Lay out again while the order of subgraph terminals changes, if the budget left
    pays for another pass (a pass costs what the first one did)."""
    cost = MAX_LAYOUT_CELLS - ctx.budget.left
    if not ctx.external or len(ctx.chart.nodes) > SECOND_PASS_LIMIT:
        return
    for _ in range(MAX_PASSES):
        before = _hint_order(ctx.hints)
        _hint_terminals(ctx)
        if _hint_order(ctx.hints) == before or ctx.budget.left < cost:
            return
        _layout_scopes(ctx)


def _layout_scopes(ctx: _Context) -> None:
    for scope in ctx.tree.post_order():
        ctx.layouts[scope] = _layout_scope(scope, ctx)
        ctx.sizes[scope] = (ctx.layouts[scope].width, ctx.layouts[scope].height)


def _hint_terminals(ctx: _Context) -> None:
    """Order each subgraph's terminals like the outside ends of their edges were placed
    by a first pass, so that edges entering a subgraph side by side do not cross."""
    offsets = _offsets(ctx, ctx.layouts)
    centres: dict[str, Point] = {}
    for scope, inner in ctx.layouts.items():
        ox, oy = offsets[scope]
        for item in ctx.tree.children[scope]:
            x, y = inner.centres[item]
            centres[item] = (x + ox, y + oy)
    for scope, plans in ctx.external.items():
        axis = 0 if _vertical(ctx.directions[scope]) else 1
        ox, oy = offsets[scope]
        ctx.hints[(scope, -1)] = (ox, oy)[axis] + ctx.sizes[scope][axis] / 2
        for plan in plans:
            other = plan.edge.target if scope in plan.out_scopes else plan.edge.source
            ctx.hints[(scope, plan.edge.index)] = centres[other][axis]


def _hint_order(hints: dict[tuple[str, int], float]) -> list[tuple[str, int]]:
    return sorted(hints, key=lambda key: (key[0], hints[key], key[1]))


def _offsets(ctx: _Context, layouts: dict[str, _ScopeLayout]) -> dict[str, Point]:
    offsets: dict[str, Point] = {ROOT: (0.0, 0.0)}
    for scope in reversed(ctx.tree.post_order()):
        if scope == ROOT:
            continue
        parent = ctx.tree.owner[scope]
        cx, cy = layouts[parent].centres[scope]
        px, py = offsets[parent]
        offsets[scope] = (px + cx - layouts[scope].width / 2, py + cy - layouts[scope].height / 2)
    return offsets


def _clusters(
    ctx: _Context, layouts: dict[str, _ScopeLayout], offsets: dict[str, Point]
) -> list[PlacedCluster]:
    clusters = []
    for scope in reversed(ctx.tree.post_order()):
        if scope == ROOT:
            continue
        ox, oy = offsets[scope]
        w, h = layouts[scope].width, layouts[scope].height
        sub = ctx.chart.subgraphs[scope]
        clusters.append(
            PlacedCluster(
                scope, Box(ox + w / 2, oy + h / 2, w, h), ctx.titles[scope],
                cluster_paint(ctx.chart, sub), len(ctx.tree.chain(scope)),
                ox + layouts[scope].title_x,
            )
        )  # fmt: skip
    return clusters


def _route(
    plan: EdgePlan,
    ctx: _Context,
    layouts: dict[str, _ScopeLayout],
    offsets: dict[str, Point],
    nodes: dict[str, PlacedNode],
    clusters: dict[str, Box],
) -> PlacedEdge:
    index = plan.edge.index

    def shifted(scope: str, points: list[Point]) -> list[Point]:
        ox, oy = offsets[scope]
        return [(x + ox, y + oy) for x, y in points]

    middle: list[Point] = []
    borders: list[int] = []
    for scope in plan.out_scopes:
        middle += shifted(scope, layouts[scope].bends[index])
        borders.append(len(middle))
        middle += shifted(scope, [layouts[scope].terminals[index]])
    label_center = None
    if plan.lca is not None:
        middle += shifted(plan.lca, layouts[plan.lca].bends[index])
    label_scope = _label_scope(plan)
    if label_scope is not None and index in layouts[label_scope].labels:
        label_center = shifted(label_scope, [layouts[label_scope].labels[index]])[0]
    for scope in reversed(plan.in_scopes):
        borders.append(len(middle))
        middle += shifted(scope, [layouts[scope].terminals[index]] + layouts[scope].bends[index])
    start, start_shape = _anchor(plan.edge.source, plan.edge.target, ctx, nodes, clusters)
    end, end_shape = _anchor(plan.edge.target, plan.edge.source, ctx, nodes, clusters)
    points = ([start] if start else []) + middle + ([end] if end else [])
    shift = 1 if start else 0
    flow_scope = (
        plan.lca if plan.lca is not None else (plan.out_scopes or plan.in_scopes or [ROOT])[-1]
    )
    if plan.self_loop:
        flow_scope = ctx.tree.owner[plan.edge.source]
    return PlacedEdge(
        plan, points, start_shape, end_shape, FLOW[ctx.directions[flow_scope]],
        edge_paint(plan.edge), ctx.edge_labels.get(index), label_center,
        frozenset(i + shift for i in borders),
    )  # fmt: skip


def _anchor(
    item: str, other: str, ctx: _Context, nodes: dict[str, PlacedNode], clusters: dict[str, Box]
) -> tuple[Point | None, tuple[Point, ...] | None]:
    """Centre and outline of an edge end, or (None, None) when the edge starts on the
    border of a subgraph that contains the other end."""
    if item in nodes:
        node = nodes[item]
        return (node.box.cx, node.box.cy), node.outline()
    if item in ctx.tree.chain(other):
        return None, None
    box = clusters[item]
    return (box.cx, box.cy), box.corners()
