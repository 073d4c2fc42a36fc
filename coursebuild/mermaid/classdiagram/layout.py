"""Class diagram layout through the flowchart pipeline: each class (and note) becomes a
node of the size its three compartments need, each namespace a subgraph, each relation a
link; the layered layout places them and routes the links to the box borders. The boxes,
markers and labels are then drawn by :mod:`.svg`."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..diagram import DIAGRAM_PAD, PlacedCluster, PlacedDiagram, PlacedEdge
from ..geometry import Box, Point, unit
from ..layout import compute_layout as flow_layout
from ..model import Edge, Flowchart, Node, Subgraph
from ..routing import Route, route
from ..styles import Paint, node_paint, theme_values
from ..text import TextBlock, measure
from .model import ClassDiagram, ClassNode, EndKind, Member, Relation

PAD_X = 12.0  # inside a class box, left and right of the text
HEAD_PAD = 8.0  # above and below the name (and its annotations)
SECTION_PAD = 6.0  # above and below the members, and the methods
EMPTY_SECTION = 10.0  # height of a compartment without members
MIN_WIDTH = 80.0
NOTE_PAD = 10.0
CARD_GAP = 4.0
HEADING_GAP = 10.0
# each end kind: its length along the line and its width across it
MARKER_SIZE: dict[str, tuple[float, float]] = {
    "extension": (16.0, 14.0), "composition": (18.0, 10.0), "aggregation": (18.0, 10.0),
    "dependency": (10.0, 10.0), "lollipop": (12.0, 12.0),
}  # fmt: skip


@dataclass
class Row:
    text: TextBlock
    member: Member | None = None  # None: a name or an annotation (centred)


@dataclass
class PlacedClass:
    node: ClassNode
    box: Box
    head: list[Row]  # annotations (« ») then the name
    members: list[Row]
    methods: list[Row]
    dividers: tuple[float, ...]  # y of the line under the name and under the members, or ()
    paint: Paint


@dataclass
class PlacedNote:
    id: str
    box: Box
    text: TextBlock


@dataclass
class PlacedLabel:
    text: TextBlock
    centre: Point

    def box(self) -> Box:
        return Box(self.centre[0], self.centre[1], self.text.width + 4, self.text.height)


@dataclass
class PlacedRelation:
    relation: Relation | None  # None: the dashed link of a note to its class
    edge: PlacedEdge
    route: Route
    ends: tuple[EndKind, EndKind]
    title: PlacedLabel | None = None
    cards: list[PlacedLabel] = field(default_factory=list)


@dataclass
class ClassLayout:
    width: float
    height: float
    classes: dict[str, PlacedClass] = field(default_factory=dict)
    notes: list[PlacedNote] = field(default_factory=list)
    clusters: list[PlacedCluster] = field(default_factory=list)
    relations: list[PlacedRelation] = field(default_factory=list)
    flow: Flowchart = field(default_factory=Flowchart)
    heading: TextBlock | None = None


def note_key(index: int) -> str:
    return f"note:{index}"


def namespace_key(name: str) -> str:
    return f"ns:{name}"


def _rows(items: list[Member]) -> list[Row]:
    return [Row(measure(m.text, wrap=False), m) for m in items]


def _section(rows: list[Row]) -> float:
    if not rows:
        return EMPTY_SECTION
    return sum(r.text.height for r in rows) + 2 * SECTION_PAD


def measure_class(
    node: ClassNode, hide_empty: bool = False
) -> tuple[float, float, list[Row], list[Row], list[Row]]:
    """Width, height and the rows of a class box (``hide_empty``: a class without members
    is its name alone)."""
    head = [Row(measure(f"«{a}»", wrap=False)) for a in node.annotations]
    head.append(Row(measure(node.label, bold=True, wrap=False)))
    members, methods = _rows(node.members), _rows(node.methods)
    width = max([r.text.width for r in head + members + methods] + [MIN_WIDTH - 2 * PAD_X])
    height = sum(r.text.height for r in head) + 2 * HEAD_PAD
    if not (hide_empty and _bare(node)):
        height += _section(members) + _section(methods)
    return width + 2 * PAD_X, height, head, members, methods


def _bare(node: ClassNode) -> bool:
    return not node.members and not node.methods


def _flowchart(chart: ClassDiagram) -> tuple[Flowchart, dict[str, tuple[float, float]]]:
    flow = Flowchart(direction=chart.direction, class_defs=chart.class_defs)
    flow.theme = theme_values(chart.theme)
    sizes: dict[str, tuple[float, float]] = {}
    owners: dict[str | None, list[str]] = {}
    for node in chart.classes.values():
        if node.interface:
            text = measure(node.label, wrap=False)
            flow.nodes[node.id] = Node(node.id, "", "text", line=node.line)
            sizes[node.id] = (text.width + 8, text.height + 4)
        else:
            flow.nodes[node.id] = Node(node.id, "", "rect", list(node.css_classes),
                                       dict(node.style), node.line)  # fmt: skip
            width, height, *_ = measure_class(node, chart.hide_empty)
            sizes[node.id] = (width, height)
        owners.setdefault(node.namespace, []).append(node.id)
    for index, note in enumerate(chart.notes):
        key = note_key(index)
        text = measure(note.text)
        flow.nodes[key] = Node(key, "", "rect", line=note.line)
        sizes[key] = (text.width + 2 * NOTE_PAD, text.height + 2 * NOTE_PAD)
        owners.setdefault(note.namespace, []).append(key)
    for space in chart.namespaces.values():
        key = namespace_key(space.id)
        children = list(owners.get(space.id, []))
        flow.subgraphs[key] = Subgraph(key, space.label, children, line=space.line)
        if space.parent:
            owners.setdefault(space.parent, []).append(key)
    for space in chart.namespaces.values():  # child namespaces, once every one is known
        key = namespace_key(space.id)
        flow.subgraphs[key].children = list(owners.get(space.id, []))
    flow.root = [item for item in owners.get(None, [])]
    flow.root += [namespace_key(s.id) for s in chart.namespaces.values() if s.parent is None]
    for index, rel in enumerate(chart.relations):
        flow.edges.append(Edge(
            rel.id1, rel.id2, index, "dotted" if rel.dotted else "normal",
            "arrow" if rel.type1 != "none" else None, "arrow" if rel.type2 != "none" else None,
            rel.title or _room_for_cardinalities(rel), line=rel.line,
        ))  # fmt: skip
    for index, note in enumerate(chart.notes):
        if note.target in chart.classes:
            flow.edges.append(Edge(note_key(index), note.target, len(flow.edges), "dotted",
                                   None, None, line=note.line))  # fmt: skip
    return flow, sizes


def _room_for_cardinalities(rel: Relation) -> str:
    """A link's label for the layout only, when it has cardinalities and no label: as tall as
    both, so that the gap between the boxes holds each beside its end (a short gap put them
    side by side, or one on a box). Only ``rel.title`` is drawn."""
    if not (rel.card1 or rel.card2):
        return ""
    return "<br>".join((rel.card1 or "·", "·", rel.card2 or "·"))  # a line between them


def compute_layout(chart: ClassDiagram) -> ClassLayout:
    """Lay out a parsed class diagram; every coordinate of the result is absolute."""
    flow, sizes = _flowchart(chart)
    diagram = flow_layout(flow, sizes)
    heading = measure(chart.title, wrap=False) if chart.title else None
    if heading is not None:
        diagram.shift(0.0, heading.height + HEADING_GAP)
        diagram.height += heading.height + HEADING_GAP
        diagram.width = max(diagram.width, heading.width + 2 * DIAGRAM_PAD)
    layout = _assemble(chart, flow, diagram)
    _fit(layout, chart, flow, diagram)
    layout.heading = heading
    return layout


def _assemble(chart: ClassDiagram, flow: Flowchart, diagram: PlacedDiagram) -> ClassLayout:
    layout = ClassLayout(diagram.width, diagram.height, flow=flow)
    for node in chart.classes.values():
        placed = diagram.nodes[node.id]
        box = placed.box
        if node.interface:
            row = Row(measure(node.label, wrap=False))
            layout.classes[node.id] = PlacedClass(node, box, [row], [], [], (), placed.paint)
            continue
        _, _, head, members, methods = measure_class(node, chart.hide_empty)
        first = box.top + sum(r.text.height for r in head) + 2 * HEAD_PAD
        second = first + _section(members)
        dividers = () if chart.hide_empty and _bare(node) else (first, second)
        paint = node_paint(flow, flow.nodes[node.id])
        layout.classes[node.id] = PlacedClass(node, box, head, members, methods,
                                              dividers, paint)  # fmt: skip
    for index, note in enumerate(chart.notes):
        placed = diagram.nodes[note_key(index)]
        layout.notes.append(PlacedNote(note.id, placed.box, measure(note.text)))
    layout.clusters = diagram.clusters
    _place_relations(layout, chart, diagram)
    return layout


def _place_relations(layout: ClassLayout, chart: ClassDiagram, diagram: PlacedDiagram) -> None:
    """Route every link; a relation's label at its middle, each cardinality near its end,
    beside the line and clear of the boxes, the labels and the other cardinalities."""
    relations: list[Relation | None] = [*chart.relations]
    relations += [None] * (len(diagram.edges) - len(chart.relations))
    taken = _Grid()
    for box in [c.box for c in layout.classes.values()] + [n.box for n in layout.notes]:
        taken.add(box)
    for edge, rel in zip(diagram.edges, relations, strict=True):
        path = route(edge)
        ends: tuple[EndKind, EndKind] = (rel.type1, rel.type2) if rel else ("none", "none")
        placed = PlacedRelation(rel, edge, path, ends)
        if rel is not None and rel.title and edge.label is not None:
            placed.title = PlacedLabel(edge.label, path.label_center)
            taken.add(placed.title.box())
        layout.relations.append(placed)
    for placed in layout.relations:
        rel, points = placed.relation, placed.edge.points
        if rel is None or len(points) < 2:
            continue
        path = placed.route
        first, last = points[1], points[-2]
        if placed.edge.plan.self_loop:  # away from the box, where the loop leaves it
            box = layout.classes[rel.id1].box
            first = (2 * path.tip_start[0] - box.cx, 2 * path.tip_start[1] - box.cy)
            last = (2 * path.tip_end[0] - box.cx, 2 * path.tip_end[1] - box.cy)
        for text, tip, toward, kind in (
            (rel.card1, path.tip_start, first, rel.type1),
            (rel.card2, path.tip_end, last, rel.type2),
        ):
            if text:
                card = _free_card(measure(text, wrap=False), tip, toward, kind, taken)
                taken.add(card.box())
                placed.cards.append(card)


def _free_card(block: TextBlock, tip: Point, toward: Point, kind: EndKind,
               taken: _Grid) -> PlacedLabel:  # fmt: skip
    """The first place beside the line, on either side and stepping away, free of ``taken``."""
    first = _card(block, tip, toward, kind)
    for step in range(12):
        for side in (1.0, -1.0):
            card = _card(block, tip, toward, kind, side, 4.0 * step)
            if not taken.hits(card.box()):
                return card
    return first


class _Grid:
    """Boxes bucketed by cell, so that a label is checked against its neighbours only."""

    CELL = 64.0

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], list[Box]] = {}

    def _keys(self, box: Box) -> list[tuple[int, int]]:
        x0, x1 = int(box.left // self.CELL), int(box.right // self.CELL)
        y0, y1 = int(box.top // self.CELL), int(box.bottom // self.CELL)
        return [(x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)]

    def add(self, box: Box) -> None:
        for key in self._keys(box):
            self.cells.setdefault(key, []).append(box)

    def hits(self, box: Box) -> bool:
        return any(_overlap(box, other) for key in self._keys(box)
                   for other in self.cells.get(key, ()))  # fmt: skip


def _overlap(a: Box, b: Box) -> bool:
    return a.left < b.right and b.left < a.right and a.top < b.bottom and b.top < a.bottom


def _card(text: TextBlock, tip: Point, toward: Point, kind: EndKind, side: float = 1.0,
          further: float = 0.0) -> PlacedLabel:  # fmt: skip
    """A cardinality beside the line, just past its end marker."""
    dx, dy = toward[0] - tip[0], toward[1] - tip[1]
    if math.hypot(dx, dy) < 1e-6:
        dx, dy = 0.0, 1.0
    ux, uy = unit(dx, dy)
    along = MARKER_SIZE.get(kind, (0.0, 0.0))[0] + CARD_GAP
    half_w, half_h = text.width / 2 + 2, text.height / 2
    # far enough along the line that the label clears the box, and aside of the line
    along += abs(ux) * half_w + abs(uy) * half_h
    nx, ny = -uy * side, ux * side
    aside = abs(nx) * half_w + abs(ny) * half_h + CARD_GAP + further
    return PlacedLabel(text, (tip[0] + ux * along + nx * aside, tip[1] + uy * along + ny * aside))


def extent(layout: ClassLayout) -> tuple[float, float, float, float]:
    boxes = [c.box for c in layout.classes.values()] + [n.box for n in layout.notes]
    boxes += [c.box for c in layout.clusters]
    for rel in layout.relations:
        boxes += [label.box() for label in rel.cards]
        if rel.title:
            boxes.append(rel.title.box())
    extents = [(b.left, b.top, b.right, b.bottom) for b in boxes]
    extents += [r.route.extent for r in layout.relations]
    if not extents:
        return (0.0, 0.0, 0.0, 0.0)
    return (min(e[0] for e in extents), min(e[1] for e in extents),
            max(e[2] for e in extents), max(e[3] for e in extents))  # fmt: skip


def _fit(layout: ClassLayout, chart: ClassDiagram, flow: Flowchart,
         diagram: PlacedDiagram) -> None:  # fmt: skip
    """Move the drawing so that nothing pokes out of the canvas (labels, curves)."""
    left, top, right, bottom = extent(layout)
    dx = DIAGRAM_PAD - left if left < DIAGRAM_PAD else 0.0
    dy = DIAGRAM_PAD - top if top < DIAGRAM_PAD and not chart.title else 0.0
    if dx or dy:
        diagram.shift(dx, dy)
        shifted = _assemble(chart, flow, diagram)
        layout.classes, layout.notes = shifted.classes, shifted.notes
        layout.clusters, layout.relations = shifted.clusters, shifted.relations
    layout.width = max(diagram.width + dx, right + dx + DIAGRAM_PAD)
    layout.height = max(diagram.height + dy, bottom + dy + DIAGRAM_PAD)
