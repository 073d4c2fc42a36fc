"""The diagram stage: mermaid flowcharts drawn to SVG at build time, once per diagram."""

from __future__ import annotations

import re

from .emoji import emoji_data_uri
from .errors import Diagnostic, Diagnostics
from .markdown.blocks import slugify
from .mermaid import MermaidError, UnsupportedDiagram, render_mermaid
from .model import Chapter, Course, Diagram, Slide

# Parsing is linear in the source, but not every character counts towards a work bound
# (``A & A & …``, comments, styles): this caps it at well under a second.  The real bounds
# are on the work itself (coursebuild/mermaid/bounds.py).
MAX_DIAGRAM_CHARS = 250_000


def render_diagrams(course: Course, diagnostics: Diagnostics) -> None:
    """Fill each diagram's ``svg``; report syntax errors at their line in the Markdown file."""
    for chapter in course.chapters:
        render_chapter_diagrams(course, chapter, diagnostics)


def render_chapter_diagrams(course: Course, chapter: Chapter, diagnostics: Diagnostics) -> None:
    """One chapter's (or embedded note's) diagrams, reported at its own lines."""
    for number, diagram in enumerate(chapter.diagrams, start=1):
        from .mermaid import diagram_warnings  # with a diagram: none, no parser

        prefix = f"{slugify(chapter.stem)}-d{number}-"
        try:
            _render(diagram, prefix, mermaid_theme(course))
            for line, message in diagram_warnings(diagram.source):
                diagnostics.warn(chapter.path, diagram.line + line - 1, f"mermaid: {message}")
        except UnsupportedDiagram as exc:
            diagram.error = "unsupported"
            diagnostics.warn(chapter.path, diagram.line - 1,
                             f"'{exc.kind}' diagrams are not drawn at build time: the deck "
                             "draws it with mermaid.js, the handouts say so in a note")
        except MermaidError as exc:
            diagram.error = "syntax"
            diagnostics.error(chapter.path, diagram.line + exc.line - 1,
                              f"mermaid: {exc.message}")
    compact_too_large(course, chapter)
    warn_too_large(course, chapter, diagnostics)


def advise_contrast(course: Course, chapter: Chapter, diagram: Diagram,
                    diagnostics: Diagnostics) -> None:
    """A warning at each style or classDef whose label reads below 3:1 on its fill. Advice on
    the author's own colours, which are drawn as written: ``--strict`` keeps it a warning."""
    from .mermaid.contrast import low_contrast

    for line, message in low_contrast(diagram.source, mermaid_theme(course)):
        diagnostics.append(Diagnostic("warning", chapter.path, diagram.line + line - 1,
                                      f"mermaid: {message}"))


def compact_too_large(course: Course, chapter: Chapter) -> None:
    """A diagram its slide cannot hold at the deck's label size is drawn again with compact
    spacing (shorter links, tighter boxes): one drawing still serves the deck and the paper."""
    from .deck import SIZES
    from .fit import fit_slide

    prefixes = {id(d): f"{slugify(chapter.stem)}-d{n}-"
                for n, d in enumerate(chapter.diagrams, start=1)}
    for slide in _with_diagrams(chapter):
        for diagram in fit_slide(slide, SIZES[course.config.slides.size]).too_large:
            diagram.svg = render_mermaid(diagram.source, id_prefix=prefixes[id(diagram)],
                                         emoji_href=emoji_data_uri, compact=True,
                                         theme=mermaid_theme(course))
            diagram.width, diagram.height = natural_size(diagram.svg)


def warn_too_large(course: Course, chapter: Chapter, diagnostics: Diagnostics) -> None:
    """A diagram its slide cannot hold at the deck's label size (the deck shrinks it)."""
    from .deck import SIZES
    from .fit import TOO_LARGE, fit_slide

    for slide in _with_diagrams(chapter):
        for diagram in fit_slide(slide, SIZES[course.config.slides.size]).too_large:
            diagnostics.warn(chapter.path, diagram.line - 1, TOO_LARGE)


def _with_diagrams(chapter: Chapter) -> list[Slide]:
    """The slides that hold a diagram (only they can hold one too large: the others' fit is
    the text's alone, the deck's business)."""
    from .fit import slide_diagrams

    return [slide for slide in chapter.slides if slide_diagrams(slide.body)] \
        if chapter.diagrams else []


def mermaid_theme(course: Course) -> str:
    """The mermaid theme of the diagrams that name none: a dark course's are drawn with
    mermaid's ``dark`` colours (decks and handouts alike), the others with its default."""
    return "dark" if course.config.theme == "dark" else "default"


def _render(diagram: Diagram, prefix: str, theme: str) -> None:
    """Draw one diagram, or check what mermaid.js will be given if it is not a flowchart."""
    _check_size(diagram.source)
    try:
        diagram.svg = render_mermaid(diagram.source, id_prefix=prefix,
                                     emoji_href=emoji_data_uri, theme=theme)
    except UnsupportedDiagram:
        from .mermaid.delegated import check_delegated

        check_delegated(diagram.source)
        raise
    diagram.width, diagram.height = natural_size(diagram.svg)


def _check_size(source: str) -> None:
    if len(source) > MAX_DIAGRAM_CHARS:
        line = source.count("\n", 0, MAX_DIAGRAM_CHARS) + 1
        raise MermaidError(line, f"diagram longer than {MAX_DIAGRAM_CHARS:,} characters "
                           "(the size bound) : split it")


def natural_size(svg: str) -> tuple[float, float]:
    """The drawing's size from the viewBox the renderer wrote on its root element."""
    found = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg[:600])
    return (float(found.group(1)), float(found.group(2))) if found else (0.0, 0.0)
