"""The colours of a mindmap: mermaid's ``cScale`` sequence (the root cScale0, each of the
root's branches the next, cycling through cScale1 … 11), labels in ``cScaleLabelN`` or the
colour that reads on the fill (the timeline's, shared)."""

from __future__ import annotations

from tinycss2 import color4

from ..timeline.theme import label_colour, section_fills

__all__ = ["darker", "label_colour", "section_fills"]


def darker(fill: str, amount: float = 0.25) -> str:
    """``fill`` mixed with ``amount`` of black (an outline, the underline of a plain node)."""
    parsed = color4.parse_color(fill)
    if not isinstance(parsed, color4.Color):
        return "#333333"
    red, green, blue = parsed.to("srgb")[:3]
    return "#" + "".join(f"{round(max(0.0, min(1.0, v)) * (1 - amount) * 255):02x}"
                         for v in (red, green, blue))  # fmt: skip
