"""Small 2-D helpers: points, boxes and ray/polygon intersection."""

from __future__ import annotations

import math
from dataclasses import dataclass

Point = tuple[float, float]


@dataclass(frozen=True)
class Box:
    """An axis-aligned box given by its centre and size."""

    cx: float
    cy: float
    width: float
    height: float

    @property
    def left(self) -> float:
        return self.cx - self.width / 2

    @property
    def right(self) -> float:
        return self.cx + self.width / 2

    @property
    def top(self) -> float:
        return self.cy - self.height / 2

    @property
    def bottom(self) -> float:
        return self.cy + self.height / 2

    def moved(self, dx: float, dy: float) -> Box:
        return Box(self.cx + dx, self.cy + dy, self.width, self.height)

    def corners(self) -> tuple[Point, ...]:
        return (
            (self.left, self.top),
            (self.right, self.top),
            (self.right, self.bottom),
            (self.left, self.bottom),
        )


def ellipse_points(rx: float, ry: float, cy: float = 0.0, count: int = 48) -> list[Point]:
    return [
        (rx * math.cos(2 * math.pi * i / count), cy + ry * math.sin(2 * math.pi * i / count))
        for i in range(count)
    ]


def ray_exit(origin: Point, toward: Point, polygon: tuple[Point, ...]) -> Point | None:
    """Where the ray from ``origin`` (inside ``polygon``) to ``toward`` leaves the polygon."""
    ox, oy = origin
    dx, dy = toward[0] - ox, toward[1] - oy
    if dx == 0 and dy == 0:
        return None
    best: float | None = None
    for i, (ax, ay) in enumerate(polygon):
        bx, by = polygon[(i + 1) % len(polygon)]
        t = _ray_segment(ox, oy, dx, dy, ax, ay, bx, by)
        if t is not None and (best is None or t < best):
            best = t
    if best is None:
        return None
    return (ox + dx * best, oy + dy * best)


def _ray_segment(
    ox: float, oy: float, dx: float, dy: float, ax: float, ay: float, bx: float, by: float
) -> float | None:
    ex, ey = bx - ax, by - ay
    denom = dx * ey - dy * ex
    if abs(denom) < 1e-12:
        return None
    t = ((ax - ox) * ey - (ay - oy) * ex) / denom
    u = ((ax - ox) * dy - (ay - oy) * dx) / denom
    if t >= 0 and -1e-9 <= u <= 1 + 1e-9:
        return t
    return None


def point_in_polygon(point: Point, polygon: tuple[Point, ...] | list[Point]) -> bool:
    x, y = point
    inside = False
    for i, (ax, ay) in enumerate(polygon):
        bx, by = polygon[i - 1]
        if (ay > y) != (by > y) and x < (bx - ax) * (y - ay) / (by - ay) + ax:
            inside = not inside
    return inside


def unit(dx: float, dy: float) -> Point:
    length = math.hypot(dx, dy)
    if length == 0:
        return (0.0, 0.0)
    return (dx / length, dy / length)
