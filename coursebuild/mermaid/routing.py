"""Edge paths: clip at node borders, smooth cubic curves through the bend points,
and room for the end markers."""

from __future__ import annotations

import math
from dataclasses import dataclass

from .diagram import LOOP_REACH, PlacedEdge, label_size
from .geometry import Point, point_in_polygon, ray_exit, unit

MARKER_LENGTH = 9.0


@dataclass(frozen=True)
class Route:
    d: str
    start: Point  # where the drawn path starts (after room for a start marker)
    end: Point
    tip_start: Point  # where the edge meets the border (marker tip)
    tip_end: Point
    label_center: Point
    extent: tuple[float, float, float, float]  # bounds of every path point and control


def fmt(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _clip(centre: Point, toward: Point, outline: tuple[Point, ...] | None) -> Point:
    if outline is None:
        return centre
    return ray_exit(centre, toward, outline) or centre


def _face(
    centre: Point,
    neighbour: Point,
    outline: tuple[Point, ...] | None,
    flow: Point,
    port: float | None = None,
) -> tuple[Point, Point | None]:
    """Where an edge towards ``neighbour`` meets the outline, and its outward tangent;
    on a notched outline (a flag, an hourglass), where the way from ``neighbour`` first
    meets it, so that the edge never runs through a point of the shape to reach the notch."""
    point, tangent = _face_point(centre, neighbour, outline, flow, port)
    if outline is None or point_in_polygon(neighbour, outline):
        return point, tangent
    entry = ray_exit(neighbour, point, outline)
    if entry is None or math.dist(entry, point) < 0.5:
        return point, tangent
    return entry, unit(*_sub(neighbour, entry))


def _face_point(
    centre: Point,
    neighbour: Point,
    outline: tuple[Point, ...] | None,
    flow: Point,
    port: float | None = None,
) -> tuple[Point, Point | None]:
    """Where an edge towards ``neighbour`` meets the outline, and its outward tangent.

    An edge whose neighbour lies beyond the node along the flow meets the face across the
    flow (the top or bottom in a TB diagram), nearer the corner the further aside the
    neighbour is, and leaves along the flow: it never runs along its rank, over the
    neighbouring nodes.  Otherwise (None) it leaves towards the neighbour."""
    if outline is None:
        return centre, None
    axis = 0 if flow[0] else 1
    cross = 1 - axis
    along = [p[axis] for p in outline]
    across = [p[cross] for p in outline]
    half_flow = (max(along) - min(along)) / 2
    half_cross = (max(across) - min(across)) / 2
    ahead = neighbour[axis] - centre[axis]
    if abs(ahead) <= half_flow + 1:
        return _clip(centre, neighbour, outline), None
    aside = (neighbour[cross] - centre[cross]) / max(abs(ahead), 1.0)  # the slope
    toward = [0.0, 0.0]
    toward[cross] = centre[cross] + 0.8 * half_cross * (math.tanh(aside) if port is None else port)
    toward[axis] = centre[axis] + math.copysign(2 * half_flow, ahead)
    tangent = [0.0, 0.0]
    tangent[axis] = math.copysign(1.0, ahead)
    point = _clip(centre, (toward[0], toward[1]), outline)
    return point, (tangent[0], tangent[1])


def _scale(v: Point, k: float) -> Point:
    return (v[0] * k, v[1] * k)


def _add(a: Point, b: Point) -> Point:
    return (a[0] + b[0], a[1] + b[1])


def _sub(a: Point, b: Point) -> Point:
    return (a[0] - b[0], a[1] - b[1])


def _flow_tangent(prev: Point, nxt: Point, flow: Point) -> Point:
    along = (nxt[0] - prev[0]) * flow[0] + (nxt[1] - prev[1]) * flow[1]
    return _scale(flow, -1.0 if along < 0 else 1.0)


def _end_tangent(
    anchor: Point | None, border: Point, neighbour: Point, flow: Point, outward: bool
) -> Point:
    """Direction of travel at an end: towards/away from the node centre, else along the flow."""
    if anchor is not None and anchor != border:
        direction = unit(*_sub(border, anchor))
        return direction if outward else _scale(direction, -1.0)
    if outward:
        return _flow_tangent(border, neighbour, flow)
    return _flow_tangent(neighbour, border, flow)


def route(edge: PlacedEdge) -> Route:
    if edge.plan.self_loop:
        return _loop(edge)
    pts = list(edge.points)
    anchor_start = pts[0] if edge.start_shape else None
    anchor_end = pts[-1] if edge.end_shape else None
    pts[0], out_start = _face(pts[0], pts[1], edge.start_shape, edge.flow, edge.ports[0])
    pts[-1], out_end = _face(pts[-1], pts[-2], edge.end_shape, edge.flow, edge.ports[1])
    t_start = out_start or _end_tangent(anchor_start, pts[0], pts[1], edge.flow, outward=True)
    t_end = _scale(out_end, -1.0) if out_end else None
    t_end = t_end or _end_tangent(anchor_end, pts[-1], pts[-2], edge.flow, outward=False)
    tips = (pts[0], pts[-1])
    if edge.plan.edge.start:
        pts[0] = _shorten(pts[0], pts[1], t_start, +1)
    if edge.plan.edge.end:
        pts[-1] = _shorten(pts[-1], pts[-2], t_end, -1)
    tangents = [t_start]
    tangents += [_inner_tangent(pts, i, edge) for i in range(1, len(pts) - 1)]
    tangents.append(t_end)
    d, controls = _curve(pts, tangents, edge.flow)
    centre = edge.label_center or _midpoint(pts)
    return Route(d, pts[0], pts[-1], tips[0], tips[1], centre, _extent(controls))


def _extent(points: list[Point]) -> tuple[float, float, float, float]:
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return (min(xs), min(ys), max(xs), max(ys))


def _inner_tangent(pts: list[Point], i: int, edge: PlacedEdge) -> Point:
    """Cross subgraph borders square to the flow; elsewhere follow the neighbours."""
    if i in edge.borders:
        return _flow_tangent(pts[i - 1], pts[i + 1], edge.flow)
    return unit(*_sub(pts[i + 1], pts[i - 1]))


def _shorten(point: Point, neighbour: Point, tangent: Point, sign: int) -> Point:
    room = math.dist(point, neighbour)
    step = min(MARKER_LENGTH, room * 0.8)
    return _add(point, _scale(tangent, sign * step))


def _control_length(a: Point, b: Point, tangent: Point, flow: Point) -> float:
    distance = math.dist(a, b)
    if tangent in (flow, _scale(flow, -1.0)):
        along = abs((b[0] - a[0]) * flow[0] + (b[1] - a[1]) * flow[1])
        return min(along / 2, distance)
    return distance / 3


def _curve(pts: list[Point], tangents: list[Point], flow: Point) -> tuple[str, list[Point]]:
    parts = [f"M{fmt(pts[0][0])},{fmt(pts[0][1])}"]
    controls = list(pts)
    for i in range(len(pts) - 1):
        a, b = pts[i], pts[i + 1]
        c1 = _add(a, _scale(tangents[i], _control_length(a, b, tangents[i], flow)))
        c2 = _sub(b, _scale(tangents[i + 1], _control_length(a, b, tangents[i + 1], flow)))
        controls += [c1, c2]
        parts.append(
            f"C{fmt(c1[0])},{fmt(c1[1])} {fmt(c2[0])},{fmt(c2[1])} {fmt(b[0])},{fmt(b[1])}"
        )
    return " ".join(parts), controls


def _midpoint(pts: list[Point]) -> Point:
    lengths = [math.dist(a, b) for a, b in zip(pts, pts[1:], strict=False)]
    half = sum(lengths) / 2
    for (a, b), length in zip(zip(pts, pts[1:], strict=False), lengths, strict=True):
        if half <= length and length > 0:
            t = half / length
            return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)
        half -= length
    return pts[len(pts) // 2]


def _loop(edge: PlacedEdge) -> Route:
    """A self-loop on the node's right side (below it for LR/RL), or its left (above) for
    ``edge.loop``'s side -1; ``edge.loop``'s distance moves it past the node's other loops."""
    centre = edge.points[0]
    flow = (abs(edge.flow[0]), abs(edge.flow[1]))
    sign, beyond = edge.loop
    side = (flow[1] * sign, flow[0] * sign)
    outline = edge.start_shape
    rim = _clip(centre, _add(centre, _scale(side, 1e4)), outline)
    depth = _extent(list(outline or [centre]))
    spread = min((depth[2] - depth[0]) * flow[0] + (depth[3] - depth[1]) * flow[1], 60.0) / 4
    a = _clip(centre, _add(rim, _scale(flow, -spread)), outline)
    b = _clip(centre, _add(rim, _scale(flow, spread)), outline)
    reach_out = LOOP_REACH + beyond / 0.75  # the curve's bulge is 3/4 of its handles' reach
    wide = LOOP_REACH / 3 + (24.0 if beyond else 0.0)  # an outer loop clears the inner label
    c1 = _add(a, _add(_scale(side, reach_out), _scale(flow, -wide)))
    c2 = _add(b, _add(_scale(side, reach_out), _scale(flow, wide)))
    start = _add(a, _scale(unit(*_sub(c1, a)), MARKER_LENGTH)) if edge.plan.edge.start else a
    end = _add(b, _scale(unit(*_sub(c2, b)), MARKER_LENGTH)) if edge.plan.edge.end else b
    d = (
        f"M{fmt(start[0])},{fmt(start[1])} C{fmt(c1[0])},{fmt(c1[1])} "
        f"{fmt(c2[0])},{fmt(c2[1])} {fmt(end[0])},{fmt(end[1])}"
    )
    reach = _add(_scale(_add(a, b), 0.5), _scale(side, reach_out * 0.75))
    label = edge.label
    across = label_size(label)[0 if side[0] else 1] if label else 0.0
    offset = across / 2 + 10 if label else 0.0
    centre_label = _add(reach, _scale(side, offset))
    return Route(d, start, end, a, b, centre_label, _extent([start, c1, c2, end]))
