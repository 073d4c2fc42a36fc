"""Math (issue 15): ``$…$`` and ``$$…$$`` drawn at build time to SVG (math_svg.py), the same
drawing in the deck and every PDF; prices and shell variables stay text (Pandoc's rule); bad
LaTeX is shown as its source, with a warning at its line."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pypdfium2
import pytest
from pypdf import PdfReader

from coursebuild.html import Target, render_blocks
from coursebuild.markdown import parser
from coursebuild.math_svg import draw, math_html, math_problem
from coursebuild.pipeline import BuildOptions, build_handouts, build_slides, check, prepare
from tests.conftest import ROOT, needs_chromium, write_course
from tests.handout_checks import page_texts, struct_elements


def math_tokens(source: str) -> list[tuple[str, str]]:
    """(type, LaTeX) of every formula the parser finds in ``source``."""
    found = []
    for token in parser().parse(source):
        if token.type.startswith("math"):
            found.append((token.type, token.content.strip()))
        for child in token.children or []:
            if child.type.startswith("math"):
                found.append((child.type, child.content))
    return found


def html(source: str) -> str:
    target = Target(chapter_href=lambda link: "", file_src=str, emoji_src=str)
    return render_blocks(parser().parse(source), target)


# Pandoc's rule: no space after the opening $, none before the closing $, no digit right after
# it; a code span's $ never closes a formula.
@pytest.mark.parametrize(("source", "expected"), [
    ("L'aire $\\pi r^2$ ici.", [("math_inline", "\\pi r^2")]),
    ("Collé a$x$ b et $y$.", [("math_inline", "x"), ("math_inline", "y")]),
    ("Un café $5 et un livre $10.", []),
    ("Il coûte $5, ou $x$ euros.", [("math_inline", "x")]),
    ("Les variables $HOME et $PATH.", []),
    ("L'invite $ ls -l puis $ cd.", []),
    ("Tapez `echo $HOME` puis `$ ls`.", []),
    ("La variable $HOME et l'invite `$ ls`.", []),
    ("Entre 3$ et 4$ seulement.", []),
    ("Pas $x$5 ici.", []),
    ("Échappé \\$x$ aussi.", []),
    ("Centrée $$E = mc^2$$ en ligne.", [("math_inline_double", "E = mc^2")]),
    ("$$\n\\int_0^1 x\\,dx\n$$\n", [("math_block", "\\int_0^1 x\\,dx")]),
    ("$$a = b$$\n", [("math_block", "a = b")]),
    ("- point $\\alpha$\n", [("math_inline", "\\alpha")]),
    ("| a |\n|---|\n| $\\beta$ |\n", [("math_inline", "\\beta")]),
    ("> [!note]\n> $$x^2$$\n", [("math_block", "x^2")]),
    ("Note[^1].\n\n[^1]: Avec $O(n)$.\n", [("math_inline", "O(n)")]),
    ("```sh\necho $HOME $PATH\n```\n", []),
    ("$$\na\n\nb\n$$\n", []),  # a blank line ends it, as in LaTeX: nothing swallowed
])
def test_what_is_math(source: str, expected: list[tuple[str, str]]) -> None:
    assert math_tokens(source) == expected


def test_text_around_dollars_that_are_not_math_is_kept() -> None:
    out = html("La variable $HOME et l'invite `$ ls`, $5 et $10.\n")
    assert "La variable $HOME et l'invite <code>$ ls</code>, $5 et $10." in out


def test_a_formula_is_an_accessible_svg_of_paths_in_em() -> None:
    out = math_html("\\frac{a}{b} + \\sqrt[3]{x}", display=False)
    svg = re.search(r"<svg[^>]*>", out).group()
    assert 'role="img"' in svg and 'aria-label="\\frac{a}{b} + \\sqrt[3]{x}"' in svg
    assert "<title>\\frac{a}{b} + \\sqrt[3]{x}</title>" in out
    assert out.count("<path") == 1  # the glyphs, as one path (WeasyPrint styles each element)
    assert out.count(" M ") >= 4 and "<text" not in out and "<symbol" not in out
    assert 'fill="currentColor"' in out and "font-family" not in out
    sizes = dict(re.findall(r"(width|height|vertical-align): (-?[\d.]+)em", svg))
    assert 2.0 < float(sizes["width"]) < 6.0 and 1.5 < float(sizes["height"]) < 3.5
    assert -1.5 < float(sizes["vertical-align"]) < -0.3  # the denominator below the baseline


def test_display_math_is_centred_and_inline_math_is_not() -> None:
    assert 'class="math math-display"' in math_html("x", display=True)
    assert 'class="math math-inline"' in math_html("x", display=False)
    out = html("$$\nx^2\n$$\n")
    assert out.startswith('<div class="math-block"><span class="math math-display"><svg')


def test_inline_math_is_set_smaller_than_display_math() -> None:
    inline = draw("\\sum_{i=1}^{n} i", False).svg
    display = draw("\\sum_{i=1}^{n} i", True).svg
    height = re.compile(r"height: ([\d.]+)em")
    assert float(height.search(inline).group(1)) < float(height.search(display).group(1))


def test_a_slide_of_display_math_counts_the_drawings_height() -> None:
    """``check``'s estimate of how full a slide is counts a display formula by its height."""
    from coursebuild.fit import estimate_lines

    tall = estimate_lines(parser().parse("$$\n\\int_0^1 \\frac{a}{b}\\,dx\n$$\n"), 70)
    flat = estimate_lines(parser().parse("$$\nx = 1\n$$\n"), 70)
    assert tall > flat >= 1.0


def test_a_formula_that_fails_changes_no_later_drawing() -> None:
    before = draw("\\pi r^2", False)
    draw.cache_clear()
    assert draw("\\text{<b>x</b>}", False).problem  # fails inside ziamath's text layout
    assert draw("\\pi r^2", False) == before


def test_each_formula_is_drawn_once() -> None:
    assert draw("a^2 + b^2 = c^2", False) is draw("a^2 + b^2 = c^2", False)


@pytest.mark.parametrize(("latex", "problem"), [
    ("\\foo{x}", "unknown command \\foo"),
    ("\\frac{a}{b", "unbalanced braces: 1 '{' not closed"),
    ("a}", "unbalanced braces: '}' without '{'"),
    ("\\begin{pmatrix} a \\end{bmatrix}", "\\begin without its \\end"),
    ("\\left( x", "\\left without its \\right"),
    ("x" * 2001, "formula too long to draw"),
    ("a & b", "a character it cannot place ('&' outside a matrix or aligned, '<' in \\text)"),
    ("{" * 600 + "x" + "}" * 600, "formula nested too deeply"),
])
def test_bad_latex_says_why(latex: str, problem: str) -> None:
    assert math_problem(latex) == problem


@pytest.mark.parametrize("latex", ["\\{a\\}", "\\text{if } x", "\\mathbb{R}^n",
                                   "\\operatorname{argmax}_x", "\\$5"])
def test_good_latex_has_no_problem(latex: str) -> None:
    assert math_problem(latex) == ""


def test_bad_latex_is_shown_as_its_source_in_code() -> None:
    out = html("Inconnue : $\\foo{x}$.\n\n$$\n\\frac{a}{b\n$$\n")
    assert '<code class="math math-source">\\foo{x}</code>' in out
    assert '<span class="math math-display math-source"><code>\\frac{a}{b</code></span>' in out
    assert "<svg" not in out


@pytest.mark.parametrize("latex", ["\\text{</svg><script>alert(1)</script>}",
                                   "\\text{<b>x</b>}", 'x" onload="alert(1)'])
def test_a_formula_never_writes_markup_of_its_own(latex: str) -> None:
    for display in (False, True):
        out = math_html(latex, display)
        assert _tags_and_attributes(out) <= {
            "span", "code", "svg", "title", "path", "rect", "class", "xmlns", "xmlns:xlink",
            "viewbox", "role", "aria-label", "focusable", "style", "d", "fill", "x", "y",
            "width", "height"}


def _tags_and_attributes(html_text: str) -> set[str]:
    from html.parser import HTMLParser

    found: set[str] = set()

    class Collector(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list) -> None:
            found.add(tag)
            found.update(name for name, _ in attrs)

    Collector().feed(html_text)
    return found


BAD = """# Maths

## Une

Bien : $x^2$.

Inconnue : $\\foo{x}$.

$$
\\begin{pmatrix} a \\end{bmatrix}
$$

- dans une liste $\\frac{a}{b$
"""


def test_check_warns_at_the_line_of_bad_latex(tmp_path: Path) -> None:
    folder = write_course(tmp_path / "c", {"01-maths": BAD})
    result = check(BuildOptions(folder, folder / "out"))
    messages = [(d.line, d.message) for d in result.diagnostics.items]
    assert messages == [
        (7, "math: unknown command \\foo; shown as its LaTeX source"),
        (9, "math: \\begin without its \\end; shown as its LaTeX source"),
        (13, "math: unbalanced braces: 1 '{' not closed; shown as its LaTeX source"),
    ]
    assert all(d.severity == "warning" for d in result.diagnostics.items)


CHAPTER = """# Maths

## En ligne

La moyenne $\\bar{x} = \\frac{1}{n}\\sum_i x_i$ et $x$ ici, pour $5 ou $10.

## Centrée

$$
\\int_0^1 x^2\\,dx = \\frac{1}{3}
$$

Note: la note dit $\\alpha$.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = write_course(tmp_path_factory.mktemp("math-course"), {"01-maths": CHAPTER})
    out = folder / "out"
    for build in (build_slides, build_handouts):
        result = build(BuildOptions(folder, out, jobs=1))
        assert result.ok and not result.diagnostics.items, \
            [str(d) for d in result.diagnostics.items]
    return out


def test_the_deck_holds_drawings_not_dollars(built: Path) -> None:
    deck = (built / "slides" / "01-maths.html").read_text(encoding="utf-8")
    assert deck.count('class="math-svg"') == 4  # the notes' formula too
    assert "$\\" not in deck and "$$" not in deck
    assert "pour $5 ou $10." in deck


def test_every_pdf_draws_the_formulas_and_prints_no_dollar(built: Path) -> None:
    pdfs = sorted((built / "handouts").glob("*.pdf"))
    assert len(pdfs) >= 6
    for pdf in pdfs:
        text = "\n".join(page_texts(pdf))
        assert "La moyenne" in text, pdf.name
        assert "$" not in text.replace("pour $5 ou $10", ""), pdf.name
        assert "\\frac" not in text and "\\int" not in text, pdf.name


def test_the_pdfs_name_each_formula_by_its_source(built: Path) -> None:
    """WeasyPrint tags the drawing as a figure whose alternative text is the LaTeX."""
    alts = _alt_texts(built / "handouts" / "01-maths.pdf")
    assert "\\bar{x} = \\frac{1}{n}\\sum_i x_i" in alts
    assert "\\int_0^1 x^2\\,dx = \\frac{1}{3}" in alts


def _alt_texts(pdf: Path) -> list[str]:
    return [str(node["/Alt"]) for node in struct_elements(PdfReader(pdf)) if "/Alt" in node]


def test_the_slides_pdf_draws_display_math_below_the_heading(built: Path) -> None:
    """The slide of the display formula has dark pixels under its heading: the formula is
    the only thing there."""
    document = pypdfium2.PdfDocument(built / "handouts" / "01-maths-slides.pdf")
    page = next(p for p in document if "Centrée" in p.get_textpage().get_text_range())
    bitmap = page.render(scale=1.0, grayscale=True)
    pixels = bytes(bitmap.buffer)
    width, height = bitmap.width, bitmap.height
    below = [pixels[y * bitmap.stride + x] for y in range(height // 5, height * 9 // 10)
             for x in range(width)]  # under the heading, above the footer
    assert sum(value < 100 for value in below) > 200


def test_a_hundred_formulas_build_in_reasonable_time(tmp_path: Path) -> None:
    """Not a timing assertion (see bench/math_candidates.py): a chapter of 100 distinct
    formulas parses, draws and renders, each one drawn."""
    formulas = "\n\n".join(f"Ligne {i} : $\\frac{{x_{{{i}}}}}{{{i} + y}} = \\sqrt{{{i}}}$."
                           for i in range(100))
    folder = write_course(tmp_path / "c", {"01-cent": f"# Cent\n\n## Une\n\n{formulas}\n"})
    started = time.perf_counter()
    course, diagnostics = prepare(BuildOptions(folder, folder / "out"))
    out = html(f"{formulas}\n")
    print(f"100 formulas: {time.perf_counter() - started:.2f} s")
    assert not diagnostics.items and out.count("<svg") == 100


@needs_chromium
def test_in_the_deck_a_formula_is_drawn_on_its_lines_baseline(browser, built: Path) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    try:
        page.goto((built / "slides" / "01-maths.html").as_uri())
        page.wait_for_function("() => window.Reveal && Reveal.isReady()")
        page.evaluate("Reveal.slide(1)")
        page.wait_for_function("() => Reveal.getIndices().h === 1")
        found = page.evaluate("""() => {
            const slide = Reveal.getCurrentSlide();
            return [...slide.querySelectorAll('.math-inline')].map(span => {
                const svg = span.querySelector('svg');
                const box = svg.getBoundingClientRect();
                const [, top, , height] = svg.getAttribute('viewBox').split(' ').map(Number);
                // a zero-height inline block sits with its bottom on the line's baseline
                const mark = document.createElement('span');
                mark.style.cssText = 'display: inline-block; width: 0; height: 0';
                span.after(mark);
                const baseline = mark.getBoundingClientRect().bottom;
                mark.remove();
                return {width: box.width, height: box.height, baseline,
                        drawn: box.top + (-top / height) * box.height,
                        colour: getComputedStyle(svg).color,
                        text: getComputedStyle(span.parentElement).color};
            });
        }""")
    finally:
        page.close()
    assert len(found) == 2
    for formula in found:
        assert formula["width"] > 10 and formula["height"] > 10
        assert abs(formula["drawn"] - formula["baseline"]) < 2.5, formula
        assert formula["colour"] == formula["text"]  # currentColor: the text's own


def test_drawing_math_leaves_the_build_quiet() -> None:
    """ziafont logs through ``logging.debug()``, which would configure the root logger and let
    every library's messages (WeasyPrint's CSS notes) print under the build's output."""
    code = ("import logging\n"
            "from coursebuild.math_svg import draw\n"
            "assert draw(r'\\frac{a}{b} + \\text{é} + \\alpha_i', False).svg\n"
            "logging.getLogger('weasyprint').warning('NOT QUIET')\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "NOT QUIET" not in done.stderr + done.stdout
