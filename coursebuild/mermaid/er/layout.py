"""ER geometry: each entity a box (its name in a header, its attributes in a table of type,
name, keys and comment columns, as mermaid draws it), placed by the flowcharts' layered
layout with the relationships' labels as label nodes; each relationship a line from border
to border, its label at the layout's label spot. A relationship of an entity with itself is
a loop on the box's right side, its room reserved in the layout."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import spacing
from ..bounds import MAX_LAYOUT_CELLS
from ..diagram import label_size
from ..errors import MermaidError
from ..geometry import Box, Point, ray_exit
from ..layered import CellBudget, LayoutTooLarge, LEdge, LNode, layered_layout
from ..layering import break_cycles
from ..text import TextBlock, decode_label, measure
from .model import ErDiagram, Relationship
from .theme import BoxPaint, ErTheme, box_paint, resolve

PAD_X = 10.0  # left and right of a cell's text
PAD_Y = 5.0  # above and below an attribute row's text
HEADER_PAD_Y = 8.0
MIN_WIDTH = 100.0
MIN_HEIGHT = 60.0  # an entity without attributes
EDGE = 12.0  # around the drawing
LOOP_OUT = 34.0  # how far a loop reaches right of its box
LOOP_STEP = 18.0  # between the loops of one entity
TITLE_GAP = 10.0
STUB = 26.0  # the straight end of a line leaving a box aside of its next bend
MARKER_GAP = 40.0  # along the flow, between a box and a label: room for the markers
MARKER_GAP_COMPACT = 30.0  # the markers' own length, for a diagram too tall for its slide
_GENERIC = re.compile(r"~([^~]+)~(?!\w)")


@dataclass
class EntityBox:
    name: str
    box: Box
    header: TextBlock
    header_height: float
    columns: list[float]  # widths of the attribute table's columns
    rows: list[list[TextBlock]]  # one TextBlock per column and row
    row_height: float
    paint: BoxPaint


@dataclass
class PlacedRel:
    rel: Relationship
    points: list[Point]  # from the border of ``a``'s box to the border of ``b``'s
    label: TextBlock
    label_centre: Point | None
    loop: bool = False


@dataclass
class ErLayout:
    width: float
    height: float
    theme: ErTheme
    entities: list[EntityBox] = field(default_factory=list)
    relationships: list[PlacedRel] = field(default_factory=list)
    title: TextBlock | None = None
    title_top: float = EDGE


def shown_type(text: str) -> str:
    """An attribute type as mermaid shows it: ``~T~`` generics as ``<T>``."""
    for _ in range(8):
        replaced = _GENERIC.sub(r"<\1>", text)
        if replaced == text:
            break
        text = replaced
    return text


def markdown(text: str) -> str:
    """Mermaid draws ER text as markdown: ``**bold**``, ``_italic_`` on each line."""
    return "\n".join(decode_label(f"`{line}`") if line.strip() else line
                     for line in text.split("\n"))  # fmt: skip


def _cells(chart: ErDiagram, name: str) -> list[list[TextBlock]]:
    attributes = chart.entities[name].attributes
    has_keys = any(a.keys for a in attributes)
    has_comment = any(a.comment for a in attributes)
    rows = []
    for a in attributes:
        row = [measure(shown_type(a.type), wrap=False), measure(markdown(a.name), wrap=False)]
        if has_keys:
            row.append(measure(", ".join(a.keys), wrap=False))
        if has_comment:
            row.append(measure(markdown(a.comment), wrap=False))
        rows.append(row)
    return rows


def _roomy() -> bool:
    """Mermaid's spacing (not the compact one of a diagram too tall for its slide)."""
    return spacing.current().rank_sep >= spacing.NORMAL.rank_sep


def _entity_box(chart: ErDiagram, name: str, theme: ErTheme) -> EntityBox:
    entity = chart.entities[name]
    header = measure(markdown(decode_label(entity.label)))
    rows = _cells(chart, name)
    declarations = [s for c in entity.classes for s in chart.class_defs.get(c, [])]
    paint = box_paint(theme, [*chart.class_defs.get("default", []), *declarations,
                              *entity.styles])  # fmt: skip
    columns = [0.0] * (len(rows[0]) if rows else 0)
    for row in rows:
        for i, cell in enumerate(row):
            columns[i] = max(columns[i], cell.width + 2 * PAD_X)
    pad_y, header_pad = (PAD_Y, HEADER_PAD_Y) if _roomy() else (3.0, 5.0)
    row_height = max((c.height for r in rows for c in r), default=0.0) + 2 * pad_y
    width = max(MIN_WIDTH, header.width + 2 * PAD_X, sum(columns))
    if columns:
        columns[-1] += width - sum(columns)
        header_height = header.height + 2 * header_pad
        height = header_height + row_height * len(rows)
    else:
        least = MIN_HEIGHT if _roomy() else header.height + 2 * header_pad + 8
        header_height = height = max(least, header.height + 2 * header_pad)
    return EntityBox(name, Box(0, 0, width, height), header, header_height, columns, rows,
                     row_height, paint)  # fmt: skip


def _frame(size: tuple[float, float], direction: str) -> tuple[float, float]:
    return size if direction in ("TB", "BT") else (size[1], size[0])


def _absolute(point: Point, direction: str) -> Point:
    x, y = point
    return {"TB": (x, y), "BT": (x, -y), "LR": (y, x), "RL": (-y, x)}[direction]


def _label_block(rel: Relationship) -> TextBlock:
    return measure(markdown(rel.label))


def _label_slot(label: TextBlock, direction: str) -> tuple[float, float]:
    """A label's room in the layout (cross, flow): its box, and room for the markers along
    the flow on either side."""
    cross, flow = _frame(label_size(label), direction)
    gap = MARKER_GAP if _roomy() else MARKER_GAP_COMPACT
    room = max(0.0, gap - spacing.current().rank_sep / 2)  # the layout's gap is added
    return cross, flow + 2 * room


def _edges(chart: ErDiagram, labels: list[TextBlock], direction: str) -> list[LEdge]:
    """The relationships between two entities, those closing a cycle reversed."""
    index = {name: i for i, name in enumerate(chart.entities)}
    kept = [(i, r) for i, r in enumerate(chart.relationships) if r.a != r.b]
    back = break_cycles(len(index), [(index[r.a], index[r.b]) for _, r in kept])
    return [
        LEdge(i, r.a, r.b, label=_label_slot(labels[i], direction) if r.label else None,
              reversed=n in back)
        for n, (i, r) in enumerate(kept)
    ]  # fmt: skip


def _stack(found: list[int], labels: list[TextBlock]) -> tuple[float, float]:
    """The width and height of the loops' labels stacked one above the other."""
    sizes = [label_size(labels[i]) for i in found]
    return max(w for w, _ in sizes), sum(h + 4 for _, h in sizes)


def _nodes(boxes: dict[str, EntityBox], loops: dict[str, list[int]], labels: list[TextBlock],
           direction: str) -> list[LNode]:  # fmt: skip
    """The layout's nodes: each box, with room for its loops on both sides across the flow
    (they alternate between the two sides; the room is as much on both, so the box stays
    centred in its slot)."""
    nodes = []
    for name, entity in boxes.items():
        width, height = entity.box.width, entity.box.height
        if name in loops:
            reach = LOOP_OUT + LOOP_STEP * (len(loops[name]) - 1) + 6
            stack_w, stack_h = _stack(loops[name], labels)
            if direction in ("TB", "BT"):
                width, height = width + 2 * (reach + stack_w), max(height, stack_h)
            else:
                width, height = max(width, stack_w), height + 2 * (reach + stack_h)
        nodes.append(LNode(name, *_frame((width, height), direction)))
    return nodes


def compute_layout(chart: ErDiagram) -> ErLayout:
    theme = resolve(chart.theme)
    direction = chart.direction if chart.direction in ("TB", "BT", "LR", "RL") else "TB"
    boxes = {name: _entity_box(chart, name, theme) for name in chart.entities}
    labels = [_label_block(r) for r in chart.relationships]
    loops: dict[str, list[int]] = {}
    for i, rel in enumerate(chart.relationships):
        if rel.a == rel.b:
            loops.setdefault(rel.a, []).append(i)
    nodes = _nodes(boxes, loops, labels, direction)
    edges = _edges(chart, labels, direction)
    try:
        result = layered_layout(nodes, edges, CellBudget(MAX_LAYOUT_CELLS))
    except LayoutTooLarge as exc:
        line = chart.relationships[exc.key].line if exc.key is not None else 1
        raise MermaidError(line, "diagram too large to lay out : split it") from None
    centres = {k: _absolute(p, direction) for k, p in result.pos.items()}
    placed_boxes = {
        name: Box(*centres[name], e.box.width, e.box.height) for name, e in boxes.items()
    }
    rels: list[PlacedRel] = []
    for i, rel in enumerate(chart.relationships):
        if rel.a == rel.b:
            continue
        bends = [_absolute(p, direction) for p in result.bends.get(i, [])]
        points = _clipped(placed_boxes[rel.a], bends, placed_boxes[rel.b])
        centre = _absolute(result.labels[i], direction) if i in result.labels else None
        if rel.label and centre is None:
            centre = _midpoint(points)
        rels.append(PlacedRel(rel, points, labels[i], centre if rel.label else None))
    for name, items in loops.items():
        rels += _loops(chart, placed_boxes[name], items, labels, direction)
    rels.sort(key=lambda p: chart.relationships.index(p.rel))
    layout = ErLayout(0.0, 0.0, theme)
    for name, entity in boxes.items():
        entity.box = placed_boxes[name]
        layout.entities.append(entity)
    layout.relationships = rels
    _fit(layout, chart)
    return layout


def _inside(point: Point, box: Box) -> bool:
    return box.left < point[0] < box.right and box.top < point[1] < box.bottom


def _clipped(a: Box, bends: list[Point], b: Box) -> list[Point]:
    """The polyline from ``a``'s border through ``bends`` to ``b``'s border, each end leaving
    its face straight for the markers' length where there is room."""
    middle = [p for p in bends if not _inside(p, a) and not _inside(p, b)]
    start, start_stub = _port(a, middle[0] if middle else (b.cx, b.cy))
    end, end_stub = _port(b, middle[-1] if middle else (a.cx, a.cy))
    return [start, *start_stub, *middle, *end_stub[::-1], end]


def _port(box: Box, toward: Point) -> tuple[Point, list[Point]]:
    """Where a line to ``toward`` leaves ``box``, and a straight stub out of that face (none
    when ``toward`` is too close): out of the face that ``toward`` lies beyond, in line with
    it where the face spans it; else on the ray from the centre, without a stub."""
    x, y = toward
    inset = 8.0
    if y >= box.bottom or y <= box.top:
        sign = 1.0 if y >= box.bottom else -1.0
        face = box.bottom if sign > 0 else box.top
        px = min(max(x, box.left + inset), box.right - inset)
        stub = [(px, face + sign * STUB)] if abs(y - face) > STUB + 4 and px != x else []
        return (px, face), stub
    if x >= box.right or x <= box.left:
        sign = 1.0 if x >= box.right else -1.0
        face = box.right if sign > 0 else box.left
        py = min(max(y, box.top + inset), box.bottom - inset)
        stub = [(face + sign * STUB, py)] if abs(x - face) > STUB + 4 and py != y else []
        return (face, py), stub
    return ray_exit((box.cx, box.cy), toward, box.corners()) or (box.cx, box.bottom), []


def _midpoint(points: list[Point]) -> Point:
    lengths = [((q[0] - p[0]) ** 2 + (q[1] - p[1]) ** 2) ** 0.5
               for p, q in zip(points, points[1:], strict=False)]  # fmt: skip
    half = sum(lengths) / 2
    for (p, q), length in zip(zip(points, points[1:], strict=False), lengths, strict=True):
        if half <= length and length > 0:
            t = half / length
            return (p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t)
        half -= length
    return points[0]


def _loops(
    chart: ErDiagram, box: Box, items: list[int], labels: list[TextBlock], direction: str
) -> list[PlacedRel]:
    """Loops on the sides of ``box`` across the flow, the first right of it (below it left to
    right), the second on the opposite side, and so on, nested outward on each side, their
    labels stacked beyond them: on a small box, two loops on one side would share their ends."""
    placed: list[PlacedRel] = []
    for side, group in enumerate((items[0::2], items[1::2])):
        if group:
            placed += _loops_on_side(chart, box, group, labels, direction, 1.0 - 2 * side)
    return placed


def _loops_on_side(chart: ErDiagram, box: Box, items: list[int], labels: list[TextBlock],
                   direction: str, sign: float) -> list[PlacedRel]:  # fmt: skip
    right = direction in ("TB", "BT")
    if right:
        face, middle, half = (box.right if sign > 0 else box.left), box.cy, box.height / 2
    else:
        face, middle, half = (box.bottom if sign > 0 else box.top), box.cx, box.width / 2

    def at(out: float, along: float) -> Point:
        out *= sign
        return (face + out, middle + along) if right else (middle + along, face + out)

    reach = LOOP_OUT + LOOP_STEP * (len(items) - 1) + 6
    _, stack_h = _stack(items, labels)
    cursor = -stack_h / 2 if right else 0.0
    placed: list[PlacedRel] = []
    for k, i in enumerate(items):
        out = LOOP_OUT + LOOP_STEP * k
        along = min(half - 4, 12 + 18 * k)
        points = [at(0, -along), at(out, -along), at(out, along), at(0, along)]
        w, h = label_size(labels[i])
        if right:
            centre = (face + sign * (reach + w / 2), middle + cursor + (h + 4) / 2)
        else:
            centre = (middle, face + sign * (reach + cursor + (h + 4) / 2))
        cursor += h + 4
        rel = chart.relationships[i]
        placed.append(PlacedRel(rel, points, labels[i], centre if rel.label else None, True))
    return placed


def _fit(layout: ErLayout, chart: ErDiagram) -> None:
    """Move everything so the drawing starts at EDGE (below the title), and size it."""
    xs: list[float] = []
    ys: list[float] = []
    for entity in layout.entities:
        xs += [entity.box.left, entity.box.right]
        ys += [entity.box.top, entity.box.bottom]
    for placed in layout.relationships:
        xs += [p[0] for p in placed.points]
        ys += [p[1] for p in placed.points]
        if placed.label_centre is not None:
            w, h = label_size(placed.label)
            xs += [placed.label_centre[0] - w / 2, placed.label_centre[0] + w / 2]
            ys += [placed.label_centre[1] - h / 2, placed.label_centre[1] + h / 2]
    if not xs:
        xs, ys = [0.0], [0.0]
    title = measure(decode_label(chart.title)) if chart.title else None
    head = title.height + TITLE_GAP if title else 0.0
    left, top = min(xs) - EDGE, min(ys) - EDGE - head
    width = max(max(xs) - left + EDGE, (title.width + 2 * EDGE) if title else 0.0)
    extra = (width - (max(xs) - left + EDGE)) / 2
    dx, dy = -left + extra, -top
    for entity in layout.entities:
        entity.box = entity.box.moved(dx, dy)
    for placed in layout.relationships:
        placed.points = [(x + dx, y + dy) for x, y in placed.points]
        if placed.label_centre is not None:
            placed.label_centre = (placed.label_centre[0] + dx, placed.label_centre[1] + dy)
    layout.width = width
    layout.height = max(ys) + dy + EDGE
    layout.title = title
