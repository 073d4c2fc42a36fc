"""Participant shapes: a box, or a figure above its label (actor, boundary, control, entity,
database), or a box-sized shape with the label inside (collections, queue)."""

from __future__ import annotations

from collections.abc import Callable

from ..geometry import Box
from ..routing import fmt
from ..svg import _attrs
from .theme import Theme

Shape = Callable[[Box, Theme], list[str]]


def rect(box: Box, **extra: str | float | None) -> str:
    return f"<rect {_attrs(x=box.left, y=box.top, width=box.width, height=box.height, **extra)}/>"


def _stroke(theme: Theme, width: float = 2.0, fill: str | None = None) -> str:
    return _attrs(fill=fill or theme.actor_fill, stroke=theme.actor_stroke, stroke_width=width)


def _path(d: str, theme: Theme, fill: str | None = None, width: float = 2.0) -> str:
    return f'<path d="{d}" {_stroke(theme, width, fill)}/>'


def _circle(cx: float, cy: float, r: float, theme: Theme) -> str:
    return f"<circle {_attrs(cx=cx, cy=cy, r=r)} {_stroke(theme)}/>"


def _stick_figure(box: Box, theme: Theme) -> list[str]:
    cx, top = box.cx, box.top
    d = (
        f"M{fmt(cx)},{fmt(top + 20)} V{fmt(top + 33)} M{fmt(cx - 14)},{fmt(top + 24)} "
        f"H{fmt(cx + 14)} M{fmt(cx - 12)},{fmt(top + 42)} L{fmt(cx)},{fmt(top + 33)} "
        f"L{fmt(cx + 12)},{fmt(top + 42)}"
    )
    return [_circle(cx, top + 10, 10.0, theme), _path(d, theme, "none")]


def _boundary(box: Box, theme: Theme) -> list[str]:
    cx, y = box.cx, box.top + 20
    d = f"M{fmt(cx - 24)},{fmt(y - 12)} V{fmt(y + 12)} M{fmt(cx - 24)},{fmt(y)} H{fmt(cx - 8)}"
    return [_path(d, theme, "none"), _circle(cx + 6, y, 14.0, theme)]


def _control(box: Box, theme: Theme) -> list[str]:
    cx, y = box.cx, box.top + 22
    head = f"M{fmt(cx + 6)},{fmt(y - 20)} L{fmt(cx)},{fmt(y - 14)} L{fmt(cx + 6)},{fmt(y - 8)}"
    return [_circle(cx, y, 14.0, theme), _path(head, theme, "none")]


def _entity(box: Box, theme: Theme) -> list[str]:
    cx, y = box.cx, box.top + 18
    d = f"M{fmt(cx - 14)},{fmt(y + 18)} H{fmt(cx + 14)}"
    return [_circle(cx, y, 14.0, theme), _path(d, theme, "none")]


def _database(box: Box, theme: Theme) -> list[str]:
    left, right, top, bottom = box.cx - 16, box.cx + 16, box.top + 6, box.top + 36
    arc = "A16,5 0 0 0"
    body = (f"M{fmt(left)},{fmt(top)} V{fmt(bottom)} {arc} {fmt(right)},{fmt(bottom)} "
            f"V{fmt(top)} {arc} {fmt(left)},{fmt(top)} Z")  # fmt: skip
    rim = f"M{fmt(left)},{fmt(top)} {arc} {fmt(right)},{fmt(top)}"
    lid = f"M{fmt(left)},{fmt(top)} A16,5 0 0 1 {fmt(right)},{fmt(top)}"
    return [_path(body, theme), _path(rim, theme, "none"), _path(lid, theme, "none")]


def _collections(box: Box, theme: Theme) -> list[str]:
    back = Box(box.cx + 5, box.cy - 5, box.width, box.height)
    return [rect(back, **box_paint(theme)), rect(box, **box_paint(theme))]


def _queue(box: Box, theme: Theme) -> list[str]:
    left, right, top, bottom = box.left + 6, box.right - 6, box.top, box.bottom
    arc = f"A6,{fmt(box.height / 2)} 0 0"
    body = (f"M{fmt(left)},{fmt(top)} H{fmt(right)} {arc} 1 {fmt(right)},{fmt(bottom)} "
            f"H{fmt(left)} {arc} 1 {fmt(left)},{fmt(top)} Z")  # fmt: skip
    rim = f"M{fmt(right)},{fmt(top)} {arc} 0 {fmt(right)},{fmt(bottom)}"
    return [_path(body, theme, width=1.0), _path(rim, theme, "none", 1.0)]


def _box(box: Box, theme: Theme) -> list[str]:
    return [rect(box, rx=3.0, ry=3.0, **box_paint(theme))]


def box_paint(theme: Theme) -> dict[str, str | float]:
    return {"fill": theme.actor_fill, "stroke": theme.actor_stroke, "stroke_width": 1.0}


FIGURES: dict[str, Shape] = {
    "actor": _stick_figure, "boundary": _boundary, "control": _control, "entity": _entity,
    "database": _database,
}  # fmt: skip
BOXES: dict[str, Shape] = {"collections": _collections, "queue": _queue}


def shape(kind: str) -> tuple[Shape, bool]:
    """The drawing for a participant kind, and whether its label goes below it."""
    if kind in FIGURES:
        return FIGURES[kind], True
    return BOXES.get(kind, _box), False
