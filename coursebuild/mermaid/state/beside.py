"""Notes beside their state in a top-down state diagram, on the side they name.

The layered layout puts every node in a rank, so a note linked to its state would sit a rank
above or below it, on whichever side the ordering chose: a ``note right of`` could land on
the left. Instead the state's slot is widened (``compute_layout``'s ``room``) and, once the
diagram is laid out, each note is placed on its side, level with its state, tied to it by a
short dotted line."""

from __future__ import annotations

from ..diagram import FLOW, PlacedDiagram, PlacedEdge
from ..geometry import Box
from ..layout import compute_layout, measure_nodes
from ..model import Edge, Flowchart
from ..scopes import ROOT, EdgePlan
from ..styles import edge_paint
from .chart import note_node, notes_beside, to_flowchart
from .model import StateDiagram

GAP = 24.0  # between a state and its note, and between two notes on one side


def lay_out(diagram: StateDiagram) -> tuple[Flowchart, PlacedDiagram]:
    """The diagram as a flowchart, laid out, with its side notes placed beside their state."""
    beside = notes_beside(diagram)
    chart = to_flowchart(diagram, skip=frozenset(beside))
    nodes = {number: note_node(note, number) for number, note in beside.items()}
    measured = measure_nodes(Flowchart(nodes={node.id: node for node in nodes.values()}))
    widths: dict[tuple[str, str], float] = {}  # the notes on one side of a state, in all
    room: dict[str, tuple[float, float]] = {}
    for number, note in beside.items():
        side = (note.target, note.position)
        box = measured[nodes[number].id].box
        widths[side] = widths.get(side, 0.0) + box.width + GAP
        across, along = room.get(note.target, (0.0, 0.0))
        room[note.target] = (max(across, widths[side]), max(along, box.height))
    placed = compute_layout(chart, room=room)
    cursor: dict[tuple[str, str], float] = {}  # how far out the next note on that side goes
    for number, note in beside.items():
        node, state = nodes[number], placed.nodes[note.target].box
        shown = measured[node.id]
        width, height = shown.box.width, shown.box.height
        side = (note.target, note.position)
        offset = cursor.get(side, 0.0) + GAP
        cursor[side] = offset + width
        right = note.position == "right of"
        cx = state.right + offset + width / 2 if right else state.left - offset - width / 2
        shown.box = Box(cx, state.cy, width, height)
        chart.nodes[node.id], placed.nodes[node.id] = node, shown
        edge = Edge(node.id, note.target, len(chart.edges), "dotted", None, None, line=note.line)
        chart.edges.append(edge)
        near = (shown.box.left if right else shown.box.right, state.cy)
        far = (state.right if right else state.left, state.cy)
        placed.edges.append(PlacedEdge(EdgePlan(edge, ROOT), [near, far], None, None,
                                       FLOW[chart.direction], edge_paint(edge, chart)))
    return chart, placed
