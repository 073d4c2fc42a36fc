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

from ..geometry import Box
from ..text import TextBlock
from ..timeline.layout import wrap
from .model import Mindmap, Node

MAX_TEXT_WIDTH = 200.0  # mermaid's maxNodeWidth: longer labels wrap
ROOT_GAP = 44.0  # from the root to its branches
LEVEL_GAP = 30.0  # from a node to its children
BRANCH_GAP = 18.0  # between two of the root's branches
SIBLING_GAP = 10.0  # between two deeper siblings
MARGIN = 12.0
# inside each shape, around its text: (horizontal, vertical)
PADS = {"default": (12.0, 7.0), "rect": (16.0, 10.0), "rounded": (16.0, 10.0),
        "hexagon": (14.0, 10.0), "cloud": (26.0, 18.0), "bang": (30.0, 22.0)}  # fmt: skip
CIRCLE_PAD = 8.0


@dataclass
class PlacedNode:
    node: Node
    box: Box
    text: TextBlock
    side: int  # 1 right of the root, -1 left, 0 the root
    colour: int  # index into the twelve cScale colours: 0 for the root, its branch + 1 below


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


def text_block(node: Node) -> TextBlock:
    return wrap(node.text, MAX_TEXT_WIDTH)


def node_size(node: Node, text: TextBlock) -> tuple[float, float]:
    """The shape's box around its text (a circle's box is its square)."""
    tw, th = max(text.width, 8.0), max(text.height, text.line_height)
    if node.shape == "circle":
        diameter = 2 * (math.hypot(tw / 2, th / 2) + CIRCLE_PAD)
        return diameter, diameter
    px, py = PADS[node.shape]
    height = th + 2 * py
    if node.shape == "hexagon":
        return tw + 2 * px + height / 2, height  # a point of height / 4 each side
    return tw + 2 * px, height


def link_width(depth: int) -> float:
    return max(2.0, 17.0 - 3.0 * (depth + 1))


class _Tree:
    def __init__(self) -> None:
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
            text = text_block(node)
            self.text[id(node)] = text
            self.size[id(node)] = node_size(node, text)
            self.band[id(node)] = max(self.size[id(node)][1], self.stacked(node.children))

    def stacked(self, nodes: list[Node]) -> float:
        if not nodes:
            return 0.0
        gap = BRANCH_GAP if nodes[0].depth == 1 else SIBLING_GAP
        return sum(self.band[id(n)] for n in nodes) + gap * (len(nodes) - 1)

    def place(self, node: Node, anchor: float, top: float, side: int,
              parent: PlacedNode) -> None:
        """``node`` and its subtree in the band from ``top``, its inner side at ``anchor``
        (recursion as deep as the tree: bounds.MAX_DEPTH)."""
        width, height = self.size[id(node)]
        box = Box(anchor + side * width / 2, top + self.band[id(node)] / 2, width, height)
        colour = 0 if node.section is None else node.section + 1
        placed = PlacedNode(node, box, self.text[id(node)], side, colour)
        self.out.nodes.append(placed)
        inner = box.left if side > 0 else box.right
        outer = parent.box.right if side > 0 else parent.box.left
        self.out.links.append(PlacedLink(parent, placed, (outer, parent.box.cy),
                                         (inner, box.cy), link_width(node.depth - 1)))
        self.children(placed, node.children, side)

    def children(self, placed: PlacedNode, children: list[Node], side: int) -> None:
        box = placed.box
        outer = box.right if side > 0 else box.left
        anchor = outer + side * (ROOT_GAP if placed.node.depth == 0 else LEVEL_GAP)
        total = self.stacked(children)
        top = box.cy - total / 2
        gap = BRANCH_GAP if placed.node.depth == 0 else SIBLING_GAP
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
    tree = _Tree()
    root = chart.root
    if root is None:
        return MindmapLayout(2 * MARGIN, 2 * MARGIN)
    tree.measure(root)
    width, height = tree.size[id(root)]
    placed_root = PlacedNode(root, Box(0.0, 0.0, width, height), tree.text[id(root)], 0, 0)
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
