"""How well a styled node's label reads on its fill: WCAG 2 contrast of the label colour on
the fill, for each ``style`` and ``classDef`` line of a flowchart.

The author's colours are drawn as written; a line whose label reads below ``MIN_CONTRAST``
is reported, so the author can choose. A colour the line does not set is the theme's (the
label's default colour, the node's default fill). Colours that are not opaque are not judged:
what shows through them depends on the page."""

from __future__ import annotations

from tinycss2 import color4

from .css_values import colour, paint
from .errors import MermaidError, UnsupportedDiagram
from .model import Declaration, Flowchart
from .parser import parse
from .styles import NODE_FILL, TEXT_COLOR, page_theme, themed

# WCAG 2's least contrast for large text and for the parts of a graphic one must see (1.4.3,
# 1.4.11): a diagram's labels are short and bold-ish, but projected, so never under it.
MIN_CONTRAST = 3.0


def luminance(value: str) -> float | None:
    """WCAG 2 relative luminance of an opaque colour (None: not a colour, or see-through)."""
    parsed = color4.parse_color(value)
    if not isinstance(parsed, color4.Color):
        return None
    red, green, blue, alpha = parsed.to("srgb")
    if alpha < 1.0:
        return None
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
              for c in (red, green, blue)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(text: str, fill: str) -> float | None:
    """WCAG 2 contrast ratio of two opaque colours, from 1 to 21 (None: not both opaque)."""
    first, second = luminance(text), luminance(fill)
    if first is None or second is None:
        return None
    lighter, darker = max(first, second), min(first, second)
    return (lighter + 0.05) / (darker + 0.05)


def low_contrast(source: str, theme: str = "default") -> tuple[tuple[int, str], ...]:
    """(line in the diagram, message) for each ``style``/``classDef`` whose label colour on
    its fill reads below MIN_CONTRAST, with ``theme`` for a diagram that names none; nothing
    for other diagrams, or one that does not parse (its error is reported elsewhere)."""
    try:
        with page_theme(theme):
            chart = parse(source)
    except (MermaidError, UnsupportedDiagram, RecursionError, MemoryError):
        return ()
    found = []
    for declaration in chart.declarations:
        message = _judged(chart, declaration)
        if message:
            found.append((declaration.line, message))
    return tuple(found)


def _judged(chart: Flowchart, declaration: Declaration) -> str:
    styles = declaration.styles
    if "fill" not in styles and "color" not in styles:
        return ""
    fill = paint(styles.get("fill", "")) or themed(chart, "fill", NODE_FILL)
    text = colour(styles.get("color", "")) or themed(chart, "color", TEXT_COLOR)
    ratio = contrast(text, fill)
    if ratio is None or ratio >= MIN_CONTRAST:
        return ""
    whose = "label" if "color" in styles else "the theme's label colour"
    return (f"low contrast: {whose} {text} on fill {fill} is {_shown(ratio)}:1, under "
            f"{MIN_CONTRAST:g}:1 (WCAG), hard to read projected: a darker fill or label "
            "colour reads better")


def _shown(ratio: float) -> str:
    """The ratio to one decimal, or two where one would round up to the minimum itself."""
    shown = f"{ratio:.1f}"
    return f"{ratio:.2f}" if float(shown) >= MIN_CONTRAST else shown
