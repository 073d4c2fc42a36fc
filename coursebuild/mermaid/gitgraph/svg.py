"""Git graph SVG: presentation attributes only, text and emoji drawn by the flowchart's text
writer so every type looks the same. Lanes, then arrows, then commits, then their labels."""

from __future__ import annotations

from ..routing import fmt
from ..styles import FONT_FAMILY, Paint
from ..svg import DEFAULT_TITLE, EmojiHref, _attrs, _esc, _Writer, svg_head
from ..text import flat
from .layout import NOTCH, RADIUS, GitLayout, Label, PlacedArrow, PlacedCommit, PlacedLane
from .model import CHERRY_PICK, HIGHLIGHT, MERGE, REVERSE, GitGraph
from .theme import Colours, resolve


class _Draw:
    def __init__(self, graph: GitGraph, emoji_href: EmojiHref | None) -> None:
        self.writer = _Writer(emoji_href)
        self.colours: Colours = resolve(graph.theme)

    def text(self, label: Label, colour: str) -> list[str]:
        paint = Paint("none", "none", 0.0, None, colour, False)
        top = label.y + (label.height - label.text.height) / 2
        return self.writer.text_block(label.text, label.x + label.width / 2, top, paint)

    def lane(self, lane: PlacedLane) -> str:
        x1, y1, x2, y2 = lane.line
        c = self.colours
        line = _attrs(x1=x1, y1=y1, x2=x2, y2=y2, stroke=c.line, stroke_width=1.0,
                      stroke_dasharray="2")
        parts = [f"<line {line}/>"]
        if lane.label is not None:
            box = lane.label
            rect = _attrs(x=box.x, y=box.y, width=box.width, height=box.height, rx=4,
                          fill=c.git[lane.colour])
            parts.append(f"<rect {rect}/>")
            parts += self.text(box, c.label[lane.colour])
        return f'<g {_attrs(data_branch=lane.name)}>{"".join(parts)}</g>'

    def arrow(self, arrow: PlacedArrow) -> str:
        d = _rounded(arrow.points, arrow.radius)
        path = _attrs(d=d, fill="none", stroke=self.colours.git[arrow.colour], stroke_width=8.0,
                      stroke_linecap="round", stroke_linejoin="round")
        return f'<path data-from="{_esc(arrow.source)}" data-to="{_esc(arrow.target)}" {path}/>'

    def bullet(self, placed: PlacedCommit) -> str:
        symbol = placed.commit.symbol
        kind = {HIGHLIGHT: "highlight", CHERRY_PICK: "cherry-pick", MERGE: "merge",
                REVERSE: "reverse"}.get(symbol, "normal")  # fmt: skip
        head = _attrs(data_commit=placed.commit.id, data_kind=kind)
        return f"<g {head}>{''.join(self._shapes(placed, symbol))}</g>"

    def _shapes(self, placed: PlacedCommit, symbol: int) -> list[str]:
        """Mermaid's symbols: a circle; a double one for a merge; a cross on it for a revert;
        a square in a square for a highlight; a circle with a cherry for a cherry-pick."""
        c = self.colours
        x, y = placed.cx, placed.cy
        if symbol == HIGHLIGHT:
            outer = _attrs(x=x - 10, y=y - 10, width=20, height=20, fill=c.inv[placed.colour])
            inner = _attrs(x=x - 6, y=y - 6, width=12, height=12, fill=c.inner)
            return [f"<rect {outer}/>", f"<rect {inner}/>"]
        if symbol == CHERRY_PICK:
            mark = "#000000" if c.dark else "#ffffff"
            stem = _path([(x + 3, y + 1), (x, y - 5), (x - 3, y + 1)])
            return [f"<circle {_attrs(cx=x, cy=y, r=RADIUS, fill=c.hole)}/>",
                    f"<circle {_attrs(cx=x - 3, cy=y + 2, r=2.75, fill=mark)}/>",
                    f"<circle {_attrs(cx=x + 3, cy=y + 2, r=2.75, fill=mark)}/>",
                    f"<path {_attrs(d=stem, fill='none', stroke=mark)}/>"]  # fmt: skip
        shapes = [f"<circle {_attrs(cx=x, cy=y, r=RADIUS, fill=c.git[placed.colour])}/>"]
        if symbol == MERGE:
            shapes.append(f"<circle {_attrs(cx=x, cy=y, r=6, fill=c.inner)}/>")
        elif symbol == REVERSE:
            cross = (_path([(x - 5, y - 5), (x + 5, y + 5)])
                     + _path([(x - 5, y + 5), (x + 5, y - 5)]))
            shapes.append(f"<path {_attrs(d=cross, stroke=c.inner, stroke_width=3)}/>")
        return shapes

    def labels(self, placed: PlacedCommit) -> str:
        c = self.colours
        parts = []
        label = placed.label
        if label is not None:
            rect = _attrs(x=label.x, y=label.y, width=label.width, height=label.height,
                          fill=c.commit_bkg, fill_opacity=0.5)
            inner = f"<rect {rect}/>" + "".join(self.text(label, c.commit_text))
            if label.angle:
                turn = f"rotate({fmt(label.angle)} {fmt(label.x + label.width)} {fmt(label.y)})"
                parts.append(f'<g data-label="" transform="{turn}">{inner}</g>')
            else:
                parts.append(f'<g data-label="">{inner}</g>')
        for tag in placed.tags:
            x1, y1, x2, y2 = tag.x, tag.y, tag.x + tag.width, tag.y + tag.height
            mid = (y1 + y2) / 2
            points = " ".join(f"{fmt(px)},{fmt(py)}" for px, py in (
                (x1 - NOTCH, mid), (x1, y1), (x2, y1), (x2, y2), (x1, y2)))  # fmt: skip
            poly = _attrs(points=points, fill=c.tag_bkg, stroke=c.tag_border, stroke_width=1.0)
            hole = _attrs(cx=x1 - NOTCH / 2 + 1, cy=mid, r=1.5, fill=c.hole)
            text = "".join(self.text(tag, c.tag_text))
            parts.append(f'<g data-tag=""><polygon {poly}/><circle {hole}/>{text}</g>')
        return "".join(parts)


def _rounded(points: list[tuple[float, float]], radius: float) -> str:
    """A polyline whose turns are rounded (each turn's radius at most half its legs)."""
    d = f"M{fmt(points[0][0])},{fmt(points[0][1])}"
    for i in range(1, len(points) - 1):
        (ax, ay), (bx, by), (cx, cy) = points[i - 1], points[i], points[i + 1]
        leg_in = abs(bx - ax) + abs(by - ay)
        leg_out = abs(cx - bx) + abs(cy - by)
        r = min(radius, leg_in / 2, leg_out / 2)
        sx = bx - r * _sign(bx - ax)
        sy = by - r * _sign(by - ay)
        ex = bx + r * _sign(cx - bx)
        ey = by + r * _sign(cy - by)
        d += f"L{fmt(sx)},{fmt(sy)}Q{fmt(bx)},{fmt(by)} {fmt(ex)},{fmt(ey)}"
    d += f"L{fmt(points[-1][0])},{fmt(points[-1][1])}"
    return d


def _path(points: list[tuple[float, float]]) -> str:
    return "M" + "L".join(f"{fmt(x)},{fmt(y)}" for x, y in points)


def _sign(value: float) -> float:
    return (value > 0) - (value < 0)



def describe(graph: GitGraph) -> str:
    """The <desc> text: the author's description, then the branches and commits in words."""
    parts = [flat(graph.description)] if graph.description else []
    parts.append("Branches : " + ", ".join(flat(n) for n in graph.lanes()) + ".")
    shown = []
    for commit in graph.ordered_commits()[:60]:
        what = {MERGE: "merge", CHERRY_PICK: "cherry-pick"}.get(commit.kind, "commit")
        tags = f" [{', '.join(commit.tags)}]" if commit.tags else ""
        shown.append(f"{what} {commit.id} on {flat(commit.branch)}{tags}")
    if shown:
        parts.append("Commits : " + "; ".join(shown) + ".")
    return " ".join(parts)


def render_svg(graph: GitGraph, layout: GitLayout, prefix: str,
               emoji_href: EmojiHref | None) -> str:
    draw = _Draw(graph, emoji_href)
    body = [draw.lane(lane) for lane in layout.lanes]
    body += [draw.arrow(arrow) for arrow in layout.arrows]
    body += [draw.bullet(commit) for commit in layout.commits]
    body += [draw.labels(commit) for commit in layout.commits]
    dx, dy = layout.shift
    out = [f'<g transform="translate({fmt(dx)} {fmt(dy)})">{"".join(body)}</g>']
    if layout.title is not None:
        paint = Paint("none", "none", 0.0, None, draw.colours.title, False)
        out += draw.writer.text_block(layout.title, layout.width / 2, layout.title_top, paint)
    title = flat(graph.acc_title or graph.title or "") or DEFAULT_TITLE
    w, h = fmt(layout.width), fmt(layout.height)
    head = svg_head(prefix, w, h, title, describe(graph), "gitGraph", FONT_FAMILY)
    return head + "".join(out) + "</svg>"
