"""Mindmap SVG: presentation attributes only; links under the nodes, each node's shape
filled with its branch's colour, text and emoji drawn by the flowchart's text writer."""

from __future__ import annotations

from ..routing import fmt
from ..styles import FONT_FAMILY, Paint
from ..svg import DEFAULT_TITLE, EmojiHref, _attrs, _Writer, svg_head
from ..text import flat
from .layout import MindmapLayout, PlacedLink, PlacedNode
from .model import Mindmap, Node
from .theme import darker, label_colour, section_fills

Point = tuple[float, float]


def _link(link: PlacedLink, fills: list[str]) -> str:
    (x1, y1), (x2, y2) = link.start, link.end
    bend = (x2 - x1) / 2
    d = (f"M{fmt(x1)},{fmt(y1)} C{fmt(x1 + bend)},{fmt(y1)} {fmt(x2 - bend)},{fmt(y2)} "
         f"{fmt(x2)},{fmt(y2)}")  # fmt: skip
    attrs = _attrs(d=d, fill="none", stroke=fills[link.child.colour], stroke_width=link.width,
                   stroke_linecap="round")
    return f"<path data-link=\"\" {attrs}/>"


def _perimeter(left: float, top: float, right: float, bottom: float,
               step: float) -> list[tuple[Point, Point, Point]]:
    """The sides of a rectangle cut into segments about ``step`` long (one per short side),
    clockwise from the top left: (start, end, outward normal) each."""
    segments: list[tuple[Point, Point, Point]] = []
    count = max(2, round((right - left) / step))
    xs = [left + (right - left) * i / count for i in range(count + 1)]
    for a, b in zip(xs, xs[1:], strict=False):
        segments.append(((a, top), (b, top), (0.0, -1.0)))
    segments.append(((right, top), (right, bottom), (1.0, 0.0)))
    for a, b in zip(reversed(xs), list(reversed(xs))[1:], strict=False):
        segments.append(((a, bottom), (b, bottom), (0.0, 1.0)))
    segments.append(((left, bottom), (left, top), (-1.0, 0.0)))
    return segments


def _bumpy(placed: PlacedNode, spiky: bool) -> str:
    """A cloud (round bumps) or a bang (spikes) whose outermost points are on the box, the
    middle of each side among them."""
    box = placed.box
    bump = placed.bump
    left, right = box.left + bump, box.right - bump
    top, bottom = box.top + bump, box.bottom - bump
    parts = [f"M{fmt(left)},{fmt(top)}"]
    for (x0, y0), (x1, y1), (nx, ny) in _perimeter(left, top, right, bottom,
                                                     18.0 if spiky else 34.0):
        mx, my = (x0 + x1) / 2 + nx * bump, (y0 + y1) / 2 + ny * bump
        if spiky:
            parts.append(f"L{fmt(mx)},{fmt(my)} L{fmt(x1)},{fmt(y1)}")
        else:  # a quadratic whose middle point is (mx, my)
            cx, cy = 2 * mx - (x0 + x1) / 2, 2 * my - (y0 + y1) / 2
            parts.append(f"Q{fmt(cx)},{fmt(cy)} {fmt(x1)},{fmt(y1)}")
    return " ".join(parts) + " Z"


def shape_svg(placed: PlacedNode, fill: str, line: str = "") -> str:
    """The node's outline, filled (``line``: the outline's colour, else darker than the fill)."""
    box, shape = placed.box, placed.node.shape
    line = line or darker(fill)
    if shape == "circle":
        return f"<circle {_attrs(cx=box.cx, cy=box.cy, r=box.width / 2, fill=fill, stroke=line)}/>"
    if shape in ("cloud", "bang"):
        return f"<path {_attrs(d=_bumpy(placed, shape == 'bang'), fill=fill, stroke=line)}/>"
    if shape == "hexagon":
        d = box.height / 4
        points = ((box.left, box.cy), (box.left + d, box.top), (box.right - d, box.top),
                  (box.right, box.cy), (box.right - d, box.bottom), (box.left + d, box.bottom))
        shown = " ".join(f"{fmt(x)},{fmt(y)}" for x, y in points)
        return f"<polygon {_attrs(points=shown, fill=fill, stroke=line)}/>"
    radius = {"rect": 0.0, "rounded": 12.0}.get(shape, 5.0)
    rect = _attrs(x=box.left, y=box.top, width=box.width, height=box.height, rx=radius,
                  fill=fill, stroke=None if shape == "default" else line)
    if shape != "default":
        return f"<rect {rect}/>"
    under = _attrs(x1=box.left + 2, y1=box.bottom - 1.5, x2=box.right - 2, y2=box.bottom - 1.5,
                   stroke=line, stroke_width=3.0)
    return f"<rect {rect}/><line {under}/>"


class _Colours:
    """The fill, outline and label colour of each of the twelve cScale colours, worked out
    once per diagram."""

    def __init__(self, variables: dict[str, str]) -> None:
        self.fills = section_fills(variables)
        self.lines = [darker(fill) for fill in self.fills]
        self.labels = [label_colour(variables, i, fill) for i, fill in enumerate(self.fills)]


def _node(placed: PlacedNode, colours: _Colours, writer: _Writer) -> str:
    node = placed.node
    fill = colours.fills[placed.colour]
    paint = Paint("none", "none", 0.0, None, colours.labels[placed.colour], False)
    text = placed.text
    top = placed.box.cy - text.height / 2
    label = "".join(writer.text_block(text, placed.box.cx, top, paint))
    head = _attrs(data_node=node.id.strip(), data_shape=node.shape, data_classes=node.classes,
                  data_icon=node.icon, data_colour=placed.colour)
    return f"<g {head}>{shape_svg(placed, fill, colours.lines[placed.colour])}{label}</g>"



def _outline(node: Node, budget: list[int]) -> str:
    budget[0] -= 1
    text = flat(node.text)
    if not node.children or budget[0] <= 0:
        return text
    inner = "; ".join(_outline(c, budget) for c in node.children if budget[0] > 0)
    return f"{text} ({inner})"


def describe(chart: Mindmap) -> str:
    """The <desc> text: the root, then each branch with what hangs from it."""
    if chart.root is None:
        return "Carte mentale vide."
    return "Carte mentale : " + _outline(chart.root, [80]) + "."


def render_svg(chart: Mindmap, layout: MindmapLayout, prefix: str,
               emoji_href: EmojiHref | None) -> str:
    colours = _Colours(chart.theme)
    writer = _Writer(emoji_href)
    body = [_link(link, colours.fills) for link in layout.links]
    body += [_node(placed, colours, writer) for placed in layout.nodes]
    root_text = flat(chart.root.text) if chart.root else ""
    title = flat(chart.title or "") or root_text or DEFAULT_TITLE
    w, h = fmt(layout.width), fmt(layout.height)
    head = svg_head(prefix, w, h, title, describe(chart), "mindmap", FONT_FAMILY)
    return head + "".join(body) + "</svg>"
