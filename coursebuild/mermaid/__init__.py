"""Mermaid flowcharts rendered to self-contained SVG in pure Python.

The same SVG goes into the reveal.js deck and the WeasyPrint handout, so both show the
identical diagram offline.  Flowcharts (``graph``/``flowchart``) and ``sequenceDiagram``
are drawn; other types raise :class:`UnsupportedDiagram`.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING

from .errors import MermaidError, UnsupportedDiagram

if TYPE_CHECKING:
    from .contrast import low_contrast
    from .delegated import check_delegated
    from .styles import THEMES
    from .svg import EmojiHref

__all__ = [
    "THEMES",
    "MermaidError",
    "UnsupportedDiagram",
    "check_delegated",
    "diagram_warnings",
    "low_contrast",
    "render_mermaid",
    "render_uncached",
]


_LAZY = {"THEMES": ".styles", "check_delegated": ".delegated", "low_contrast": ".contrast"}

# The diagram types drawn here besides flowcharts, one row each: the subpackage, its test of a
# diagram's header, and its renderer (source, id_prefix, emoji_href) -> SVG. Imported only
# when a diagram is drawn. Its ``parser.parse`` gives a model whose ``warnings``, if it has
# them, are what the diagram asks for that is not drawn: (line in the diagram, message).
NATIVE_TYPES: tuple[tuple[str, str, str], ...] = (
    (".sequence", "is_sequence", "render_sequence"),
    (".timeline", "is_timeline", "render_timeline"),
    (".pie", "is_pie", "render_pie"),
    (".gitgraph", "is_gitgraph", "render_gitgraph"),
    (".mindmap", "is_mindmap", "render_mindmap"),
    (".state", "is_state", "render_state"),
    (".er", "is_er", "render_er"),
    (".classdiagram", "is_class", "render_class"),
    (".gantt", "is_gantt", "render_gantt"),
)


def __getattr__(name: str) -> object:
    """The package's other public names, imported on first use (PEP 562)."""
    if name in _LAZY:
        return getattr(import_module(_LAZY[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _native(source: str) -> tuple[ModuleType, str] | None:
    """The subpackage of ``NATIVE_TYPES`` that draws ``source`` and its renderer's name; None
    for a flowchart."""
    for module, test, render in NATIVE_TYPES:
        drawn = import_module(module, __name__)
        if getattr(drawn, test)(source):
            return drawn, render
    return None


@lru_cache(maxsize=256)
def diagram_warnings(source: str) -> tuple[tuple[int, str], ...]:
    """What a diagram asks for that is not drawn (icons, click callbacks, links...), as (line
    in the diagram, message): the ``warnings`` of its parse; nothing for a syntax error or a
    type drawn by mermaid.js."""
    native = _native(source)
    if native is None:
        from .parser import flowchart_warnings

        return flowchart_warnings(source)
    try:
        parsed = import_module(".parser", native[0].__name__).parse(source)
    except MermaidError:
        return ()
    return tuple(getattr(parsed, "warnings", ()))


def render_uncached(source: str, id_prefix: str = "m", emoji_href: EmojiHref | None = None) -> str:
    """Parse, lay out and draw ``source`` (no cache; the benchmark uses this)."""
    # imported here, not with the package: a chapter without a diagram never lays one out
    from .layout import compute_layout
    from .parser import parse
    from .svg import render_svg

    try:
        native = _native(source)
        if native is not None:
            drawn, render = native
            return str(getattr(drawn, render)(source, id_prefix, emoji_href))
        chart = parse(source)
        return render_svg(chart, compute_layout(chart), id_prefix, emoji_href)
    except (RecursionError, MemoryError) as exc:  # a safety net: the bounds come first
        raise MermaidError(
            1, f"diagram too large to draw ({type(exc).__name__}) : split it"
        ) from None


def _render(source: str, id_prefix: str, emoji_href: EmojiHref | None, compact: bool,
            theme: str) -> str:
    from . import spacing
    from .styles import page_theme

    with spacing.using(spacing.COMPACT if compact else spacing.NORMAL), page_theme(theme):
        return render_uncached(source, id_prefix, emoji_href)


_cached = lru_cache(maxsize=256)(_render)


def render_mermaid(
    source: str, *, id_prefix: str = "m", emoji_href: EmojiHref | None = None,
    compact: bool = False, theme: str = "default",
) -> str:
    """Return a self-contained ``<svg>`` element string for a flowchart.

    Raises :class:`MermaidError` (with ``line`` and ``message``) on a syntax error and
    :class:`UnsupportedDiagram` for other diagram types.  ``compact``: a flowchart drawn with
    tighter spacing (``spacing.COMPACT``), for a slide it does not fit otherwise.  ``theme``:
    the colours of a diagram that names no theme of its own (mermaid's named themes, ``THEMES``:
    ``dark`` for a dark page); its ``style``/``classDef`` colours are drawn as written.
    Results are cached by every argument; the callback is keyed by identity, so pass the same
    function object each time to benefit from the cache.
    """
    try:
        hash(emoji_href)
    except TypeError:  # an unhashable callable: render without caching
        return _render(source, id_prefix, emoji_href, compact, theme)
    return _cached(source, id_prefix, emoji_href, compact, theme)
