"""The diagram stage: mermaid flowcharts drawn to SVG at build time, once per diagram."""

from __future__ import annotations

import re

from .emoji import emoji_data_uri
from .errors import Diagnostics
from .mermaid import MermaidError, UnsupportedDiagram, render_mermaid
from .model import Course
from .structure import slugify

MAX_DIAGRAM_LINES = 3000  # 2,000 nodes draw in about a second; beyond, time grows faster


def render_diagrams(course: Course, diagnostics: Diagnostics) -> None:
    """Fill each diagram's ``svg``; report syntax errors at their line in the Markdown file."""
    for chapter in course.chapters:
        for number, diagram in enumerate(chapter.diagrams, start=1):
            prefix = f"{slugify(chapter.stem)}-d{number}-"
            if diagram.source.count("\n") > MAX_DIAGRAM_LINES:
                diagram.error = "too large"
                diagnostics.error(chapter.path, diagram.line - 1,
                                  f"diagram of more than {MAX_DIAGRAM_LINES} lines: split it")
                continue
            try:
                diagram.svg = render_mermaid(diagram.source, id_prefix=prefix,
                                             emoji_href=emoji_data_uri)
                diagram.width, diagram.height = natural_size(diagram.svg)
            except UnsupportedDiagram as exc:
                diagram.error = "unsupported"
                diagnostics.warn(chapter.path, diagram.line - 1,
                                 f"'{exc.kind}' diagrams are not drawn at build time: the deck "
                                 "draws it with mermaid.js, the handouts show its source")
            except MermaidError as exc:
                diagram.error = "syntax"
                diagnostics.error(chapter.path, diagram.line + exc.line - 1,
                                  f"mermaid: {exc.message}")


def natural_size(svg: str) -> tuple[float, float]:
    """The drawing's size from the viewBox the renderer wrote on its root element."""
    found = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg[:600])
    return (float(found.group(1)), float(found.group(2))) if found else (0.0, 0.0)
