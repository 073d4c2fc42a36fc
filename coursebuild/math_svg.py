"""Math drawn at build time: LaTeX to SVG by ziamath (pure Python, the STIX Two Math font's
glyphs as paths), one drawing for the deck and every PDF, nothing installed, no browser.

Chosen over MathJax run by Node after measuring both (``bench/math_candidates.py``): both draw
the thirty formulas of the benchmark, ziamath needs no Node at run time and 4 MB, not 43.

A formula the renderer cannot read (an unknown command, unbalanced braces, a ``\\begin``
without its ``\\end``) is shown as its LaTeX source in code, and ``check`` warns at its line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from html import escape
from typing import TYPE_CHECKING

from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import OptionsDict

from .errors import Diagnostics
from .markdown.annotations import source_line
from .markdown.math import DISPLAY_TOKENS, MATH_TOKENS
from .model import Chapter, Course

if TYPE_CHECKING:  # the XML and logging modules come with the first formula
    import xml.etree.ElementTree as ET

FONT_PX = 24.0  # ziamath's size: 1 em of the drawing
# STIX Two's x-height is 0.87 of Inter's (0.473 and 0.546 em): drawn at 1.12 em, a formula's
# letters come close to the text's without its operators and scripts looking large.
SCALE = 1.12
# A formula longer than this is shown as its source: the drawing's work and size grow with it
# (a 30x30 matrix, 1,000 characters: 1 s and 1.4 MB of SVG).
MAX_LATEX = 2000

_UNREAD = re.compile(r"^\\[A-Za-z]+$")


@dataclass(frozen=True)
class MathDrawing:
    """A formula drawn (``svg`` set, sizes in em of the text around it) or the reason not."""

    latex: str
    display: bool
    svg: str = ""
    problem: str = ""
    height: float = 0.0  # in em of the text around it


def math_problem(latex: str, display: bool = False) -> str:
    """Why ``latex`` is not drawn ('' when it is)."""
    return draw(latex, display).problem


@cache
def draw(latex: str, display: bool) -> MathDrawing:
    """The formula's SVG, drawn once per process (every page and PDF of a build shares it)."""
    latex = latex.strip()
    problem = _brace_problem(latex) or \
        ("formula too long to draw" if len(latex) > MAX_LATEX else "")
    if problem:
        return MathDrawing(latex, display, problem=problem)
    try:
        element = _svg_element(latex, display)
    except Exception as exc:  # ziamath raises many kinds: each is LaTeX it cannot draw
        _reset_font()
        return MathDrawing(latex, display, problem=_exception_problem(exc))
    unread = _unread_command(element[1])
    if unread:
        return MathDrawing(latex, display, problem=f"unknown command {unread}")
    svg = element[0]
    height = float(svg.attrib["viewBox"].split()[3]) * SCALE / FONT_PX
    return MathDrawing(latex, display, svg=_finished(svg, latex), height=height)


def _svg_element(latex: str, display: bool) -> tuple[ET.Element, ET.Element]:
    """The drawing, and the MathML it was drawn from."""
    _keep_logging_unconfigured()
    import xml.etree.ElementTree as ET

    import ziamath
    from ziamath.tex import tex2mml

    ziamath.config.svg2 = False  # plain paths: no <symbol> ids shared by the page's formulas
    mathml = ET.fromstring(tex2mml(latex, inline=not display))
    mathml.attrib["mathcolor"] = "currentColor"  # the text's colour, in the deck and on paper
    if not display:
        mathml[0].attrib["displaystyle"] = "false"
    return ziamath.Math(mathml, FONT_PX, title=latex).svgxml(), mathml


@cache
def _keep_logging_unconfigured() -> None:
    """ziafont logs through ``logging.debug()``, which configures the root logger on first use
    (``basicConfig``): every library's messages, WeasyPrint's CSS notes included, would then be
    printed under the build's output. A handler that drops them keeps the root logger as the
    build found it: nothing printed unless an application configures logging itself."""
    import logging

    root = logging.getLogger()
    if not root.handlers:
        root.addHandler(logging.NullHandler())


def _reset_font() -> None:
    """The shared font back in math mode: ziamath switches it to text mode while it lays out
    ``\\text{}`` and back after, so a failure there would leave later formulas drawn without
    the font's script-size glyphs."""
    from ziamath.zmath import loadedfonts

    loadedfonts["default"].language("math", "")


def _finished(svg: ET.Element, latex: str) -> str:
    """Sized in em of the text around it, its baseline on the text's, named by its source."""
    import xml.etree.ElementTree as ET

    _, top, width, height = (float(v) for v in svg.attrib["viewBox"].split())
    depth = top + height  # below the baseline
    em = SCALE / FONT_PX
    for name in ("width", "height"):
        svg.attrib.pop(name, None)
    _merge_glyphs(svg)
    svg.attrib.update({
        "class": "math-svg",
        "role": "img",
        "aria-label": latex,
        "focusable": "false",
        "style": f"width: {width * em:.3f}em; height: {height * em:.3f}em; "
                 f"vertical-align: {-depth * em:.3f}em",
    })
    return ET.tostring(svg, encoding="unicode", short_empty_elements=True)


def _merge_glyphs(svg: ET.Element) -> None:
    """The glyphs (plain filled paths, one per glyph) as one path: WeasyPrint styles every
    element of an inline SVG as it styles HTML, and the page's formulas are hundreds of them
    (a third of the CPU a PDF of 100 formulas takes). Their outlines wind one way, so the
    union draws the same."""
    glyphs = [child for child in svg if child.tag == "path"
              and set(child.attrib) == {"d", "fill"} and child.attrib["fill"] == "currentColor"]
    if len(glyphs) < 2:
        return
    glyphs[0].attrib["d"] = " ".join(glyph.attrib["d"] for glyph in glyphs)
    for glyph in glyphs[1:]:
        svg.remove(glyph)


def _brace_problem(latex: str) -> str:
    depth = 0
    for found in re.finditer(r"\\.|[{}]", latex, re.DOTALL):
        brace = found.group()
        depth += {"{": 1, "}": -1}.get(brace, 0)
        if depth < 0:
            return "unbalanced braces: '}' without '{'"
    return f"unbalanced braces: {depth} '{{' not closed" if depth else ""


def _unread_command(mathml: ET.Element) -> str:
    """A ``\\command`` latex2mathml did not know: it passes it on as a name or text."""
    for element in mathml.iter():
        text = (element.text or "").strip()
        if _UNREAD.match(text):
            return text
    return ""


_EXCEPTIONS = {
    "MissingEndError": "\\begin without its \\end",
    "MissingBeginError": "\\end without its \\begin",
    "ExtraLeftOrMissingRightError": "\\left without its \\right",
    "MissingRightError": "\\left without its \\right",
    "MissingLeftError": "\\right without its \\left",
    "DoubleSubscriptsError": "double subscript",
    "DoubleSuperscriptsError": "double superscript",
    "NoAvailableTokensError": "a command is missing its argument",
    "RecursionError": "formula nested too deeply",
    # latex2mathml passes some characters on unescaped: '&' outside an alignment, '<' in \text
    "ParseError": "a character it cannot place ('&' outside a matrix or aligned, '<' in \\text)",
}


def _exception_problem(exc: Exception) -> str:
    name = type(exc).__name__
    return _EXCEPTIONS.get(name) or f"cannot draw it ({name}{': ' + str(exc) if str(exc) else ''})"


def math_html(latex: str, display: bool) -> str:
    """The formula as the page shows it: drawn, or its source in code when it cannot be."""
    drawing = draw(latex, display)
    if display:
        inner = drawing.svg or f"<code>{escape(drawing.latex)}</code>"
        kind = "math-display" if drawing.svg else "math-display math-source"
        return f'<span class="math {kind}">{inner}</span>'
    if drawing.svg:
        return f'<span class="math math-inline">{drawing.svg}</span>'
    return f'<code class="math math-source">{escape(drawing.latex)}</code>'


def render_math_inline(self: RendererHTML, tokens: list[Token], idx: int,
                       options: OptionsDict, env: dict) -> str:
    token = tokens[idx]
    return math_html(token.content, token.type in DISPLAY_TOKENS)


def render_math_block(self: RendererHTML, tokens: list[Token], idx: int,
                      options: OptionsDict, env: dict) -> str:
    html = math_html(tokens[idx].content, display=True)
    return f'<div class="math-block">{html}</div>\n'


def warn_math(course: Course, diagnostics: Diagnostics) -> None:
    """A warning at the line of each formula that is shown as its source, saying why."""
    for chapter in course.chapters:
        warn_chapter_math(chapter, diagnostics)


def warn_chapter_math(chapter: Chapter, diagnostics: Diagnostics) -> None:
    """``warn_math`` for one chapter (or embedded note), at its own lines."""
    for token, line in _math_tokens(chapter):
        problem = math_problem(token.content, token.type in DISPLAY_TOKENS)
        if problem:
            diagnostics.warn(chapter.path, line, f"math: {problem}; shown as its LaTeX source")


def _math_tokens(chapter: Chapter) -> Iterator[tuple[Token, int | None]]:
    from .html import chapter_tokens

    for token in chapter_tokens(chapter):
        if token.type in MATH_TOKENS:
            yield token, token.map[0] + 1 if token.map else None
        for child in token.children or []:
            if child.type in MATH_TOKENS:
                yield child, source_line(child)
