"""Mindmap layout: a two-sided tree around the root, as mermaid's mindmaps read.

The root's branches are split between its right and its left (the first ones on the right,
top to bottom, the others on the left, clockwise, so both sides are about as tall); each
subtree takes a horizontal band of its own, its children stacked in it and each node
centred on its band, every level one gap further out than its parent. Bands of siblings never
overlap, and a node's descendants are all further out than it, so no two boxes overlap and a
link (from the parent's side to the child's) crosses nothing. Linear in the nodes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .. import spacing
from ..geometry import Box
from ..text import TextBlock
from ..timeline.layout import wrap
from .model import Mindmap, Node

MARGIN = 12.0


@dataclass(frozen=True)
class Room:
    """The room a mindmap leaves: mermaid's with ``NORMAL`` spacing, tighter with
    ``COMPACT`` (a diagram too large for its slide is drawn again with it)."""

    text_width: float  # longer labels wrap (mermaid's maxNodeWidth: 200)
    root_gap: float  # from the root to its branches
    level_gap: float  # from a node to its children
    branch_gap: float  # between two of the root's branches
    sibling_gap: float  # between two deeper siblings
    pad_scale: float  # of PADS, CIRCLE_PAD and BUMPS


NORMAL_ROOM = Room(200.0, 44.0, 30.0, 18.0, 10.0, 1.0)
COMPACT_ROOM = Room(150.0, 26.0, 18.0, 8.0, 4.0, 0.6)


def room() -> Room:
    return COMPACT_ROOM if spacing.current() == spacing.COMPACT else NORMAL_ROOM


# What a 1280x720 slide's body holds of a diagram drawn at the deck's label size (18.8 px for
# 16 px here: coursebuild/fit.py), in px of the drawing. A mindmap wider than this is tried
# again with its labels wrapped narrower (taller, less wide) before it is left too large.
SLIDE_ROOM = (899.0, 407.0)
NARROWER = (160.0, 120.0)  # the wrap widths tried, after the room's own

# inside each shape, around its text: (horizontal, vertical)
PADS = {"default": (12.0, 7.0), "rect": (16.0, 10.0), "rounded": (16.0, 10.0),
        "hexagon": (14.0, 10.0), "cloud": (26.0, 18.0), "bang": (30.0, 22.0)}  # fmt: skip
CIRCLE_PAD = 8.0
BUMPS = {"cloud": 10.0, "bang": 14.0}  # how far a cloud's bumps, a bang's spikes reach out


@dataclass
class PlacedNode:
    node: Node
    box: Box
    text: TextBlock
    side: int  # 1 right of the root, -1 left, 0 the root
    colour: int  # index into the twelve cScale colours: 0 for the root, its branch + 1 below
    pad: tuple[float, float] = (0.0, 0.0)  # between the text and the outline (a circle: x)
    bump: float = 0.0  # a cloud's or a bang's outline: how far out from its inner rectangle


@dataclass
class PlacedLink:
    parent: PlacedNode
    child: PlacedNode
    start: tuple[float, float]  # on the parent's border, on the child's side
    end: tuple[float, float]  # on the child's border, facing the parent
    width: float  # mermaid's stroke per depth: 11, 8, 5, then 2


@dataclass
class MindmapLayout:
    width: float
    height: float
    nodes: list[PlacedNode] = field(default_factory=list)
    links: list[PlacedLink] = field(default_factory=list)


def text_block(node: Node, width: float) -> TextBlock:
    return wrap(node.text, width)


def padding(node: Node) -> tuple[tuple[float, float], float]:
    """Between the text and the outline (x, y), and the bumps of a cloud or a bang."""
    scale = room().pad_scale
    if node.shape == "circle":
        return (CIRCLE_PAD * scale, CIRCLE_PAD * scale), 0.0
    px, py = PADS[node.shape]
    return (px * scale, py * scale), BUMPS.get(node.shape, 0.0) * scale


def node_size(node: Node, text: TextBlock) -> tuple[float, float]:
    """The shape's box around its text (a circle's box is its square)."""
    tw, th = max(text.width, 8.0), max(text.height, text.line_height)
    (px, py), _ = padding(node)
    if node.shape == "circle":
        diameter = 2 * (math.hypot(tw / 2, th / 2) + px)
        return diameter, diameter
    height = th + 2 * py
    if node.shape == "hexagon":
        return tw + 2 * px + height / 2, height  # a point of height / 4 each side
    return tw + 2 * px, height


def link_width(depth: int) -> float:
    return max(2.0, 17.0 - 3.0 * (depth + 1))


class _Tree:
    def __init__(self, text_width: float) -> None:
        self.text_width = text_width
        self.size: dict[int, tuple[float, float]] = {}
        self.text: dict[int, TextBlock] = {}
        self.band: dict[int, float] = {}
        self.out = MindmapLayout(0.0, 0.0)

    def measure(self, root: Node) -> None:
        """Each node's size and its subtree's band height, children before parents."""
        order: list[Node] = []
        stack = [root]
        while stack:
            node = stack.pop()
            order.append(node)
            stack.extend(node.children)
        for node in reversed(order):
            text = text_block(node, self.text_width)
            self.text[id(node)] = text
            self.size[id(node)] = node_size(node, text)
            self.band[id(node)] = max(self.size[id(node)][1], self.stacked(node.children))

    def stacked(self, nodes: list[Node]) -> float:
        if not nodes:
            return 0.0
        gap = room().branch_gap if nodes[0].depth == 1 else room().sibling_gap
        return sum(self.band[id(n)] for n in nodes) + gap * (len(nodes) - 1)

    def place(self, node: Node, anchor: float, top: float, side: int,
              parent: PlacedNode) -> None:
        """``node`` and its subtree in the band from ``top``, its inner side at ``anchor``
        (recursion as deep as the tree: bounds.MAX_DEPTH)."""
        width, height = self.size[id(node)]
        box = Box(anchor + side * width / 2, top + self.band[id(node)] / 2, width, height)
        colour = 0 if node.section is None else node.section + 1
        pad, bump = padding(node)
        placed = PlacedNode(node, box, self.text[id(node)], side, colour, pad, bump)
        self.out.nodes.append(placed)
        inner = box.left if side > 0 else box.right
        outer = parent.box.right if side > 0 else parent.box.left
        self.out.links.append(PlacedLink(parent, placed, (outer, parent.box.cy),
                                         (inner, box.cy), link_width(node.depth)))
        self.children(placed, node.children, side)

    def children(self, placed: PlacedNode, children: list[Node], side: int) -> None:
        box = placed.box
        outer = box.right if side > 0 else box.left
        anchor = outer + side * (room().root_gap if placed.node.depth == 0 else room().level_gap)
        total = self.stacked(children)
        top = box.cy - total / 2
        gap = room().branch_gap if placed.node.depth == 0 else room().sibling_gap
        for child in children:
            self.place(child, anchor, top, side, placed)
            top += self.band[id(child)] + gap


def split(bands: list[float]) -> int:
    """How many of the root's branches go right: both sides as even as they can be."""
    if len(bands) <= 1:
        return len(bands)
    total = sum(bands)
    best, best_k, run = math.inf, 1, 0.0
    for k in range(1, len(bands)):
        run += bands[k - 1]
        gap = abs(total - 2 * run)
        if gap < best - 1e-9 or (abs(gap - best) <= 1e-9 and k <= (len(bands) + 1) // 2):
            best, best_k = gap, k
    return best_k


def compute_layout(chart: Mindmap) -> MindmapLayout:
    """The layout at the room's wrap width or, if it does not fit a slide, at the narrower
    wrap that fits it, else the one that fits it best."""
    if chart.root is None:
        return MindmapLayout(2 * MARGIN, 2 * MARGIN)
    room_w, room_h = SLIDE_ROOM
    best, best_scale = None, 0.0
    widest = room().text_width
    for width in (widest, *(w for w in NARROWER if w < widest)):
        out = _layout(chart.root, width)
        scale = min(room_w / out.width, room_h / out.height)
        if scale >= 1.0 or (best is None and out.height > room_h):
            return out  # it fits; or it is too tall already, and narrower is taller
        if scale > best_scale + 1e-9:
            best, best_scale = out, scale
    assert best is not None
    return best


def _layout(root: Node, text_width: float) -> MindmapLayout:
    tree = _Tree(text_width)
    tree.measure(root)
    width, height = tree.size[id(root)]
    pad, bump = padding(root)
    placed_root = PlacedNode(root, Box(0.0, 0.0, width, height), tree.text[id(root)], 0, 0,
                             pad, bump)
    tree.out.nodes.append(placed_root)
    branches = root.children
    k = split([tree.band[id(c)] for c in branches])
    tree.children(placed_root, branches[:k], 1)
    tree.children(placed_root, list(reversed(branches[k:])), -1)
    return _normalised(tree.out)


def _normalised(out: MindmapLayout) -> MindmapLayout:
    """Everything moved so the drawing starts at the margin."""
    left = min(p.box.left for p in out.nodes)
    top = min(p.box.top for p in out.nodes)
    right = max(p.box.right for p in out.nodes)
    bottom = max(p.box.bottom for p in out.nodes)
    dx, dy = MARGIN - left, MARGIN - top
    for placed in out.nodes:
        placed.box = placed.box.moved(dx, dy)
    for link in out.links:
        link.start = (link.start[0] + dx, link.start[1] + dy)
        link.end = (link.end[0] + dx, link.end[1] + dy)
    out.width = right - left + 2 * MARGIN
    out.height = bottom - top + 2 * MARGIN
    return out
