"""The laid-out diagram: every node, subgraph box and edge route in absolute
coordinates, ready to be drawn."""

from __future__ import annotations

from dataclasses import dataclass, field

from .geometry import Box, Point
from .model import Direction
from .scopes import EdgePlan
from .shapes import ShapeGeometry
from .styles import Paint
from .text import TextBlock

CLUSTER_PAD = 14.0
DIAGRAM_PAD = 8.0
LABEL_PAD_X = 6.0
LABEL_PAD_Y = 2.0
LOOP_REACH = 36.0  # how far a self-loop bulges out of its node
FLOW: dict[Direction, Point] = {"TB": (0, 1), "BT": (0, -1), "LR": (1, 0), "RL": (-1, 0)}


@dataclass
class PlacedNode:
    id: str
    box: Box
    geometry: ShapeGeometry
    text: TextBlock
    paint: Paint

    def outline(self) -> tuple[Point, ...]:
        return tuple((self.box.cx + x, self.box.cy + y) for x, y in self.geometry.outline)


@dataclass
class PlacedCluster:
    id: str
    box: Box
    title: TextBlock
    paint: Paint
    depth: int
    title_x: float = 0.0


@dataclass
class PlacedEdge:
    plan: EdgePlan
    points: list[Point]  # start anchor, bends/terminals, end anchor (anchors unclipped)
    start_shape: tuple[Point, ...] | None  # outline to clip against; None = already on a border
    end_shape: tuple[Point, ...] | None
    flow: Point
    paint: Paint
    label: TextBlock | None = None
    label_center: Point | None = None
    borders: frozenset[int] = frozenset()  # indices of points crossed along the flow
    ports: tuple[float | None, float | None] = (None, None)  # where on its face each end
    # meets its node, from -1 to 1 across the flow (None: by the edge's own slope)
    # a self-loop's side of its node (1: right of the flow, -1: left) and how far beyond the
    # node's other loops on that side it bulges (several loops on one node do not overlap)
    loop: tuple[float, float] = (1.0, 0.0)


@dataclass
class PlacedDiagram:
    """A flowchart laid out: every node, cluster and edge at its place (in points)."""

    width: float
    height: float
    direction: Direction
    nodes: dict[str, PlacedNode] = field(default_factory=dict)
    clusters: list[PlacedCluster] = field(default_factory=list)
    edges: list[PlacedEdge] = field(default_factory=list)

    def shift(self, dx: float, dy: float) -> None:
        """Move every placed element by (dx, dy)."""
        for node in self.nodes.values():
            node.box = node.box.moved(dx, dy)
        for cluster in self.clusters:
            cluster.box = cluster.box.moved(dx, dy)
            cluster.title_x += dx
        for edge in self.edges:
            edge.points = [(x + dx, y + dy) for x, y in edge.points]
            if edge.start_shape:
                edge.start_shape = tuple((x + dx, y + dy) for x, y in edge.start_shape)
            if edge.end_shape:
                edge.end_shape = tuple((x + dx, y + dy) for x, y in edge.end_shape)
            if edge.label_center:
                edge.label_center = (edge.label_center[0] + dx, edge.label_center[1] + dy)


def label_size(text: TextBlock) -> tuple[float, float]:
    return (text.width + 2 * LABEL_PAD_X, text.height + 2 * LABEL_PAD_Y)
