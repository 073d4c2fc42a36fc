"""A :class:`StateDiagram` as a :class:`Flowchart`, drawn by the flowchart's layout and writer.

States become rounded nodes (a state with descriptions: its name in bold over them), ``[*]``
the start dot and the end ring, fork/join bars (across the flow), choice diamonds; composite
states become subgraphs titled with their name, their concurrency regions untitled subgraphs
with a dashed frame; notes become yellow boxes tied to their state by a dotted line."""

from __future__ import annotations

from ..model import Direction, Edge, Flowchart, Node, Subgraph
from ..shapes import STATE_FORK_ACROSS
from ..text import STYLES
from .model import ROOT, Note, State, StateDiagram

_BOLD = chr(0xE000 + 2 * STYLES.index("bold")), chr(0xE001 + 2 * STYLES.index("bold"))
NOTE_STYLE = {"fill": "#fff5ad", "stroke": "#aaaa33", "color": "#333"}
REGION_STYLE = {"fill": "none", "stroke-dasharray": "5 5"}
_MARKS = {"start": "start", "end": "stop", "choice": "choice"}
# what the <desc> says of the marks drawn without a label
_MARK_NAMES = {"start": "début", "end": "fin", "fork": "fourche", "join": "jonction",
               "choice": "choix"}  # fmt: skip


def label_of(state: State) -> str:
    """The text drawn in a state: its name, in bold over its descriptions if it has any."""
    if not state.details:
        return state.label
    name = "\n".join(f"{_BOLD[0]}{part}{_BOLD[1]}" for part in state.label.split("\n"))
    return "\n".join([name, *state.details])


def _direction(diagram: StateDiagram, scope: str) -> Direction:
    state = diagram.states.get(scope)
    while state is not None and state.direction is None:
        state = diagram.states.get(state.parent)
    return state.direction if state is not None and state.direction else diagram.direction


def _shape(diagram: StateDiagram, state: State) -> str:
    if state.kind in ("fork", "join"):
        across = _direction(diagram, state.parent) in ("LR", "RL")
        return STATE_FORK_ACROSS if across else "fork"
    return _MARKS.get(state.kind, "round")


def note_id(note: Note, number: int) -> str:
    return f"{note.target or note.id}----note-{number}"


def note_node(note: Note, number: int) -> Node:
    return Node(note_id(note, number), note.text, "rect", style=dict(NOTE_STYLE), line=note.line)


def notes_beside(diagram: StateDiagram) -> dict[int, Note]:
    """The notes drawn beside their state, on the side they name, where the layered layout
    would put them a rank away (on either side): ``left of``/``right of`` a simple state in a
    top-down or bottom-up flow, on a state without self-loops (they go beside it too)."""
    loops = {t.source for t in diagram.transitions if t.source == t.target}
    found: dict[int, Note] = {}
    for number, note in enumerate(diagram.notes):
        target = diagram.states.get(note.target)
        if (target is None or target.composite or note.target in loops
                or _direction(diagram, target.parent) not in ("TB", "BT")):  # fmt: skip
            continue
        found[number] = note
    return found


def to_flowchart(diagram: StateDiagram, skip: frozenset[int] = frozenset()) -> Flowchart:
    """The diagram as a flowchart; the notes numbered in ``skip`` are left out (placed beside
    their state once the rest is laid out, :mod:`.beside`)."""
    chart = Flowchart(
        direction=diagram.direction, class_defs=diagram.class_defs, title=diagram.title,
        description=diagram.description, heading=diagram.heading, theme=diagram.theme,
        warnings=diagram.warnings, declarations=diagram.declarations,
    )  # fmt: skip
    members: dict[str, list[str]] = {ROOT: []}
    for state in diagram.states.values():
        if state.composite:
            region = state.kind == "region"
            chart.subgraphs[state.id] = Subgraph(
                state.id, "" if region else state.label, direction=state.direction,
                classes=list(state.classes),
                style=dict(REGION_STYLE if region else {}) | state.style, line=state.line,
            )  # fmt: skip
            members.setdefault(state.id, [])
        else:
            chart.nodes[state.id] = Node(
                state.id, label_of(state) if state.kind == "state" else _MARK_NAMES[state.kind],
                _shape(diagram, state), list(state.classes), dict(state.style), state.line,
                state.link,
            )  # fmt: skip
        members.setdefault(state.parent, []).append(state.id)
    for transition in diagram.transitions:
        chart.edges.append(Edge(transition.source, transition.target, len(chart.edges),
                                label=transition.label, line=transition.line))  # fmt: skip
    for number, note in enumerate(diagram.notes):
        if number in skip:
            continue
        node = note_node(note, number)
        chart.nodes[node.id] = node
        target = diagram.states.get(note.target)
        members.setdefault(target.parent if target else ROOT, []).append(node.id)
        if target is None:
            continue
        ends = (node.id, note.target) if note.position == "left of" else (note.target, node.id)
        chart.edges.append(Edge(*ends, len(chart.edges), stroke="dotted", end=None,
                                line=note.line))  # fmt: skip
    for scope, items in members.items():
        if scope == ROOT or scope not in chart.subgraphs:
            chart.root.extend(items)
        else:
            chart.subgraphs[scope].children.extend(items)
    return chart
