"""Node shapes: size from the label, outline for edge clipping, and the SVG element."""

from __future__ import annotations

import math
from dataclasses import dataclass

from . import spacing
from .geometry import Point, ellipse_points

PAD_X = 15.0
ROUND_RADIUS = 5.0


@dataclass(frozen=True)
class ShapeGeometry:
    """A shape centred on (0, 0): bounding size, outline polygon and where the text sits."""

    kind: str
    width: float
    height: float
    outline: tuple[Point, ...]
    text_dy: float = 0.0  # text block centre offset (cylinder)
    ry: float = 0.0  # cylinder lid radius
    labelled: bool = True  # False: a fixed mark, drawn without its label (as mermaid does)
    figure: tuple[Point, ...] = ()  # a polygon drawn instead of the outline (edges clip to it)


def _rect_outline(w: float, h: float) -> tuple[Point, ...]:
    return ((-w / 2, -h / 2), (w / 2, -h / 2), (w / 2, h / 2), (-w / 2, h / 2))


def _rect(kind: str, tw: float, th: float) -> ShapeGeometry:
    w, h = tw + 2 * PAD_X, th + 2 * spacing.current().pad_y
    if kind == "subroutine":
        w += 16
    return ShapeGeometry(kind, w, h, _rect_outline(w, h))


def _stadium(kind: str, tw: float, th: float) -> ShapeGeometry:
    h = th + 2 * spacing.current().pad_y
    w = tw + h
    r = h / 2
    arc = [(w / 2 - r + x, y) for x, y in ellipse_points(r, r) if x >= 0]
    arc.sort(key=lambda p: p[1])
    left = [(-x, -y) for x, y in arc]
    return ShapeGeometry(kind, w, h, tuple(arc + left))


def _circle(kind: str, tw: float, th: float) -> ShapeGeometry:
    corner = math.hypot(tw / 2, th / 2) + 6
    r = max((tw + 2 * PAD_X) / 2, (th + 2 * spacing.current().pad_y) / 2, corner)
    if kind == "doublecircle":
        r += 5
    return ShapeGeometry(kind, 2 * r, 2 * r, tuple(ellipse_points(r, r)))


def _diamond(kind: str, tw: float, th: float) -> ShapeGeometry:
    cx, cy = tw / 2 + 8, th / 2 + 6
    t = math.sqrt(cy / cx)
    a, b = cx * (1 + t), cy * (1 + 1 / t)
    return ShapeGeometry(kind, 2 * a, 2 * b, ((0, -b), (a, 0), (0, b), (-a, 0)))


def _hexagon(kind: str, tw: float, th: float) -> ShapeGeometry:
    h = th + 2 * spacing.current().pad_y
    m = h / 4
    w = tw + 2 * PAD_X + 2 * m
    outline = ((-w / 2 + m, -h / 2), (w / 2 - m, -h / 2), (w / 2, 0),
               (w / 2 - m, h / 2), (-w / 2 + m, h / 2), (-w / 2, 0))  # fmt: skip
    return ShapeGeometry(kind, w, h, outline)


def _odd(kind: str, tw: float, th: float) -> ShapeGeometry:
    h = th + 2 * spacing.current().pad_y
    notch = min(h / 2, 22.0)
    w = tw + 2 * PAD_X + notch
    outline = ((-w / 2, -h / 2), (w / 2, -h / 2), (w / 2, h / 2), (-w / 2, h / 2),
               (-w / 2 + notch, 0))  # fmt: skip
    return ShapeGeometry(kind, w, h, outline)


_SLANTS = {  # (top-left, top-right, bottom-right, bottom-left) inset factors
    "lean_right": (1, 0, 1, 0),
    "lean_left": (0, 1, 0, 1),
    "trapezoid": (1, 1, 0, 0),
    "trapezoid_alt": (0, 0, 1, 1),
}


def _slanted(kind: str, tw: float, th: float) -> ShapeGeometry:
    h = th + 2 * spacing.current().pad_y
    d = min(h * 0.4, 30.0)
    w = tw + 2 * PAD_X + d
    tl, tr, br, bl = _SLANTS[kind]
    outline = ((-w / 2 + d * tl, -h / 2), (w / 2 - d * tr, -h / 2),
               (w / 2 - d * br, h / 2), (-w / 2 + d * bl, h / 2))  # fmt: skip
    return ShapeGeometry(kind, w, h, outline)


def _cylinder(kind: str, tw: float, th: float) -> ShapeGeometry:
    w = tw + 2 * PAD_X
    ry = min(w / 2 / (2.5 + w / 50), 18.0)
    h = th + 2 * spacing.current().pad_y + 2 * ry
    top = [(x, -h / 2 + ry + y) for x, y in ellipse_points(w / 2, ry) if y <= 0]
    bottom = [(x, h / 2 - ry + y) for x, y in ellipse_points(w / 2, ry) if y >= 0]
    top.sort(key=lambda p: p[0])
    bottom.sort(key=lambda p: -p[0])
    return ShapeGeometry(kind, w, h, tuple(top + bottom), text_dy=ry / 2, ry=ry)


def _ellipse(kind: str, tw: float, th: float) -> ShapeGeometry:
    rx, ry = (tw + 2 * PAD_X) / math.sqrt(2), (th + 2 * spacing.current().pad_y) / math.sqrt(2)
    return ShapeGeometry(kind, 2 * rx, 2 * ry, tuple(ellipse_points(rx, ry)))


def _triangle(kind: str, tw: float, th: float) -> ShapeGeometry:
    h = th + 2 * spacing.current().pad_y
    w = max(tw + 2 * PAD_X, h) * 2
    h *= 2
    apex, base = (-h / 2, h / 2) if kind == "triangle" else (h / 2, -h / 2)
    outline = ((0, apex), (w / 2, base), (-w / 2, base))
    return ShapeGeometry(kind, w, h, outline, text_dy=h / 6 if kind == "triangle" else -h / 6)


STATE_FORK_ACROSS = "state-fork-across"  # not a name of mermaid's: no flowchart can ask for it
# Shapes mermaid draws as a fixed mark without their label: name -> (kind, width, height).
_MARKS: dict[str, tuple[str, float, float]] = {
    **dict.fromkeys(("sm-circ", "start", "small-circle", "stateStart"), ("sm_circ", 14, 14)),
    **dict.fromkeys(("fr-circ", "stop", "framed-circle", "stateEnd"), ("fr_circ", 14, 14)),
    **dict.fromkeys(("f-circ", "junction", "filled-circle"), ("f_circ", 14, 14)),
    **dict.fromkeys(("fork", "join", "forkJoin"), ("fork", 70, 10)),
    STATE_FORK_ACROSS: ("fork", 10, 70),  # a state diagram's fork or join bar, drawn across
    **dict.fromkeys(("cross-circ", "summary", "crossed-circle"), ("cross_circ", 60, 60)),
    **dict.fromkeys(("hourglass", "collate"), ("hourglass", 30, 30)),
    **dict.fromkeys(("bolt", "com-link", "lightning-bolt"), ("bolt", 35, 70)),
    "choice": ("diamond", 28, 28),
    "anchor": ("circle", 2, 2),
}
ROUND_MARKS = ("sm_circ", "fr_circ", "f_circ", "cross_circ")
_FIGURES: dict[str, tuple[Point, ...]] = {  # centred on (0, 0)
    "hourglass": ((-15, -15), (15, -15), (-15, 15), (15, 15)),  # two triangles, tip to tip
    "bolt": ((17.5, -35), (-17.5, 3.5), (3.5, 3.5), (-17.5, 35), (17.5, -3.5), (-3.5, -3.5)),
}


def _mark(name: str) -> ShapeGeometry:
    kind, w, h = _MARKS[name]
    if kind in ROUND_MARKS or kind == "circle":
        outline = tuple(ellipse_points(w / 2, h / 2))
    elif kind == "diamond":
        outline = ((0, -h / 2), (w / 2, 0), (0, h / 2), (-w / 2, 0))
    else:
        outline = _rect_outline(w, h)
    return ShapeGeometry(kind, w, h, outline, labelled=False, figure=_FIGURES.get(kind, ()))


_BUILDERS = {
    "rect": _rect,
    "round": _rect,
    "subroutine": _rect,
    "stadium": _stadium,
    "circle": _circle,
    "doublecircle": _circle,
    "diamond": _diamond,
    "hexagon": _hexagon,
    "odd": _odd,
    "lean_right": _slanted,
    "lean_left": _slanted,
    "trapezoid": _slanted,
    "trapezoid_alt": _slanted,
    "cylinder": _cylinder,
    "ellipse": _ellipse,
    "triangle": _triangle,
    "flip_triangle": _triangle,
    "text": _rect,
}

# Every shape name of mermaid's ``A@{ shape: … }`` (short names and aliases) to the outline
# drawn here: its own where there is one, else the nearest.
_NAMED: dict[str, tuple[str, ...]] = {
    "rect": ("rect", "proc", "process", "rectangle", "squareRect", "notch-rect", "card",
             "notched-rectangle", "lin-rect", "lined-rectangle", "lined-process", "lin-proc",
             "shaded-process", "div-rect", "div-proc", "divided-rectangle", "divided-process",
             "win-pane", "internal-storage", "window-pane", "st-rect", "procs", "processes",
             "stacked-rectangle", "tag-rect", "tagged-rectangle", "tag-proc", "tagged-process",
             "doc", "document", "docs", "documents", "st-doc", "stacked-document", "tag-doc",
             "tagged-document", "lin-doc", "lined-document", "flag", "paper-tape", "bow-rect",
             "stored-data", "bow-tie-rectangle", "brace", "comment", "brace-l", "brace-r",
             "braces", "bang", "cloud", "note", "rectWithTitle", "labelRect", "iconSquare", "icon",
             "imageSquare", "kanbanItem", "classBox", "erBox", "requirementBox"),
    "round": ("rounded", "event", "roundedRect", "state", "iconRounded", "defaultMindmapNode",
              "delay", "half-rounded-rectangle"),
    "stadium": ("stadium", "terminal", "pill"),
    "subroutine": ("fr-rect", "subprocess", "subproc", "framed-rectangle", "subroutine"),
    "cylinder": ("cyl", "db", "database", "cylinder", "datastore", "data-store", "h-cyl", "das",
                 "horizontal-cylinder", "lin-cyl", "disk", "lined-cylinder"),
    "circle": ("circle", "circ", "iconCircle", "mindmapCircle"),
    "doublecircle": ("dbl-circ", "double-circle", "doublecircle"),
    "diamond": ("diam", "decision", "diamond", "question"),
    "hexagon": ("hex", "hexagon", "prepare"),
    "lean_right": ("lean-r", "lean-right", "in-out", "lean_right", "sl-rect", "manual-input",
                   "sloped-rectangle"),
    "lean_left": ("lean-l", "lean-left", "out-in", "lean_left"),
    "trapezoid": ("trap-b", "priority", "trapezoid-bottom", "trapezoid", "curv-trap",
                  "curved-trapezoid", "display", "notch-pent", "loop-limit", "notched-pentagon"),
    "trapezoid_alt": ("trap-t", "manual", "trapezoid-top", "inv-trapezoid", "inv_trapezoid"),
    "odd": ("odd", "rect_left_inv_arrow"),
    "triangle": ("tri", "extract", "triangle"),
    "flip_triangle": ("flip-tri", "manual-file", "flipped-triangle"),
    "text": ("text",),
}  # fmt: skip
SHAPE_NAMES: dict[str, str] = {
    **{name: kind for kind, names in _NAMED.items() for name in names},
    **{name: mark[0] for name, mark in _MARKS.items() if name != STATE_FORK_ACROSS},
}


def drawn_kind(shape: str) -> str:
    """The outline drawn for a node's shape (a classic kind, or a name from ``@{ shape }``)."""
    if shape in _MARKS:
        return _MARKS[shape][0]
    return shape if shape in _BUILDERS else SHAPE_NAMES.get(shape, "rect")


def node_geometry(kind: str, text_width: float, text_height: float) -> ShapeGeometry:
    """The geometry of a node of ``kind`` (see :func:`drawn_kind`) around a text block."""
    if kind in _MARKS:
        return _mark(kind)
    drawn = drawn_kind(kind)
    return _BUILDERS[drawn](drawn, text_width, text_height)
