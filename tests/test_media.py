"""Issue 15, images and code: Pandoc/Quarto image attributes (``{width=50%}``), implicit
figures, reveal.js code line-highlight steps and line numbers — in the deck, in every PDF kind
and in ``check``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest

from coursebuild.code_lines import (
    CodeInfo,
    code_info,
    number_column,
    numbered_code_html,
    parse_steps,
)
from coursebuild.html import Target, render_blocks
from coursebuild.markdown import parser
from coursebuild.markdown.annotations import annotation, set_file
from coursebuild.markdown.attributes import Attributes, scan_attributes
from coursebuild.markdown.figures import mark_figures
from coursebuild.markdown.image_attrs import ImageAttrs, css_length, image_attrs
from coursebuild.pipeline import BuildOptions, build_handouts, build_slides, check, prepare
from tests.conftest import FIXTURES, needs_chromium, write_course
from tests.handout_checks import page_texts


def html(source: str, *, audience: str = "deck", figures: bool = True) -> str:
    """``source`` rendered as the deck (or a PDF: ``audience``) would render it, each image
    resolved to its own path, lone images with alt text marked as figures (``figures``)."""
    tokens = parser().parse(source)
    for token in tokens:
        for child in token.children or []:
            if child.type == "image":
                set_file(child, Path(str(child.attrGet("src"))))
    if figures:
        mark_figures(tokens)
    target = Target(chapter_href=str, file_src=str, emoji_src=lambda path: path.name,
                    audience=audience)
    return render_blocks(tokens, target)


# Units: Pandoc's attribute blocks


@pytest.mark.parametrize(("text", "expected"), [
    ("{width=50%}", Attributes(pairs=(("width", "50%"),))),
    ('{width="300px" height=2.5in}', Attributes(pairs=(("width", "300px"), ("height", "2.5in")))),
    ("{#fig .a .b key='x y'}", Attributes("fig", ("a", "b"), (("key", "x y"),))),
    ('{ .python  startFrom="10" }', Attributes("", ("python",), (("startFrom", "10"),))),
    ("{}", Attributes()),
])
def test_an_attribute_block_is_read_as_pandoc_reads_it(text: str, expected: Attributes) -> None:
    assert scan_attributes(text, 0) == (expected, len(text))


@pytest.mark.parametrize("text", ["{see below}", '{"a": 1}', "{HOME}", "{width=50%",
                                  "{width=}", "no brace", "{.a.b=c}"])
def test_what_is_no_attribute_block_is_refused(text: str) -> None:
    assert scan_attributes(text, 0) is None


@pytest.mark.parametrize(("value", "css"), [
    ("50%", "50%"), ("300px", "300px"), ("300", "300px"), ("8cm", "8cm"), ("2.5in", "2.5in"),
    ("1.5em", "1.5em"), ("2rem", "2rem"), ("12pt", "12pt"), ("30mm", "30mm"),
    ("0", ""), ("50vw", ""), ("auto", ""), ("-3px", ""), ("1e3px", ""), ("50%;color:red", ""),
])
def test_only_a_css_length_is_a_size(value: str, css: str) -> None:
    assert css_length(value) == css


def first_image(source: str):  # noqa: ANN201 (a Token)
    children = parser().parseInline(source)[0].children or []
    return next(child for child in children if child.type == "image")


def test_width_and_height_are_kept_and_the_rest_dropped_as_written() -> None:
    found = image_attrs(first_image('![a](i.png){width=50% .big #fig height="8cm" border=1}'))
    assert found == ImageAttrs("50%", "8cm", ("#fig", ".big", "border=1"))
    assert found.style() == "width: 50%; height: 8cm"
    assert "#fig .big border=1" in found.message()


@pytest.mark.parametrize("source", [
    "Le texte {width=50%} reste", "la variable ${HOME}", 'le JSON {"a": 1, "b": [2]}',
    "`![a](i.png){width=50%}`", "![a](i.png) {width=50%}", "![a](i.png){voir plus bas}",
    "[lien](https://example.org){width=50%}",
])
def test_braces_elsewhere_stay_text(source: str) -> None:
    out = html(source)
    assert "{" in out and "style=" not in out, out


def test_an_image_with_a_width_is_drawn_at_that_width() -> None:
    out = html("Un ![schéma](i.png){width=50%} ici.")
    assert '<img src="i.png" alt="schéma" style="width: 50%">' in out


def test_pandoc_attributes_win_over_an_obsidian_size() -> None:
    assert 'style="width: 8cm"' in html("x ![a|300](i.png){width=8cm}")


# Units: implicit figures


def test_a_lone_image_with_alt_text_is_a_figure_captioned_by_it() -> None:
    out = html("![Le *schéma* de containerd|300](i.png)\n")
    assert out == ('<figure class="figure">\n<img src="i.png" alt="Le schéma de containerd" '
                   'style="width: 300px">\n<figcaption aria-hidden="true">Le <em>schéma</em> de '
                   "containerd</figcaption>\n</figure>\n")


@pytest.mark.parametrize("source", [
    "![](i.png)\n", "![|300](i.png)\n", "Un ![schéma](i.png) dans le texte\n",
    "![a](i.png) ![b](i.png)\n", "- ![dans une liste serrée](i.png)\n",
    "![[pixel.png|Un schéma]]\n",
])
def test_what_is_not_a_lone_image_with_alt_text_is_no_figure(source: str) -> None:
    assert "<figure" not in html(source)


def test_without_implicit_figures_a_lone_image_stays_an_image() -> None:
    assert html("![Un schéma](i.png)\n", figures=False) == \
        '<p><img src="i.png" alt="Un schéma"></p>\n'


# Units: code info strings


@pytest.mark.parametrize(("info", "expected"), [
    ("python", CodeInfo("python")),
    ("bash", CodeInfo("bash")),
    ("", CodeInfo("")),
    ("python [1|3-4]", CodeInfo("python", True, 1, (frozenset({1}), frozenset({3, 4})))),
    ("js [1,3|5-7|]", CodeInfo("js", True, 1,
                               (frozenset({1, 3}), frozenset({5, 6, 7}), frozenset()))),
    ("python [10: 1|3]", CodeInfo("python", True, 10, (frozenset({1}), frozenset({3})))),
    ("python []", CodeInfo("python", True)),
    ("python[2]", CodeInfo("python", True, 1, (frozenset({2}),))),
    ('{.python .numberLines startFrom="10"}', CodeInfo("python", True, 10)),
    ("{.python .number-lines start-from=5}", CodeInfo("python", True, 5)),
    ("python {.numberLines}", CodeInfo("python", True)),
    ('{.python code-line-numbers="1|3-4"}',
     CodeInfo("python", True, 1, (frozenset({1}), frozenset({3, 4})))),
    ('{.python code-line-numbers="true"}', CodeInfo("python", True)),
    ('{.python code-line-numbers="false"}', CodeInfo("python")),
    ("{python}", CodeInfo("python")),
    ("{.python}", CodeInfo("python")),
])
def test_an_info_string_gives_language_numbers_and_steps(info: str, expected: CodeInfo) -> None:
    assert code_info(info) == expected


@pytest.mark.parametrize(("info", "problem"), [
    ("python [1|x]", "code line steps not understood: [1|x]"),
    ('{.python code-line-numbers="1|a"}', "code line steps not understood: 'a'"),
    ('{.python startFrom="a"}', "startFrom must be a number, not 'a'"),
    ("{.python width=}", "code block attributes not understood"),
])
def test_an_info_string_not_understood_says_why(info: str, problem: str) -> None:
    assert problem in code_info(info).problem


def test_steps_split_on_bars_and_commas() -> None:
    assert parse_steps("1, 3-4 | 6") == ((frozenset({1, 3, 4}), frozenset({6})), "")
    assert parse_steps("") == ((), "")  # numbers only, as reveal.js's data-line-numbers=""


CODE = "import os\n\npath = os.getcwd()\nprint(path)\n"


def test_in_the_deck_each_step_after_the_first_is_a_fragment_laid_over_it() -> None:
    out = numbered_code_html(CODE, code_info("python [1|3-4|]"), deck=True)
    assert out.count("<pre") == 3 and out.count('class="code-step') == 3
    assert out.count(" fragment") == 2 and out.count('aria-hidden="true"') == 2
    first, second, third = out.split("<pre")[1:]
    assert first.count('class="code-line lit"') == 1 and "has-highlights" in first
    assert second.count('class="code-line lit"') == 2
    assert "lit" not in third and "has-highlights" not in third  # an empty step: all lines plain


def test_on_paper_every_line_is_printed_once_numbered_and_none_dimmed() -> None:
    out = numbered_code_html(CODE, code_info("python [1|3-4]"), deck=False)
    assert out.count("<pre") == 1 and out.count('class="code-line"') == 4
    assert "fragment" not in out and "lit" not in out and "numbered" in out


def test_numbers_start_where_asked_in_every_step() -> None:
    out = numbered_code_html(CODE, code_info("python [98: 1|2]"), deck=True)
    assert out.count('style="counter-reset: code-line 97"') == 2
    assert "digits-3" in out  # 98 to 101


@pytest.mark.parametrize(("info", "lines", "column"), [
    ("python", 5, 0), ("python []", 9, 3), ("python [90:]", 10, 3), ("python [95:]", 10, 4),
    ('{.c .numberLines startFrom="9995"}', 10, 7),
])
def test_the_numbers_column_is_as_wide_as_their_digits(info: str, lines: int,
                                                       column: int) -> None:
    """The characters a slide's fit takes from each line (theme.css's ``digits-N``)."""
    assert number_column(code_info(info), lines) == column


def test_plain_fences_render_as_before() -> None:
    """No numbers asked for: Pygments' own HTML, as the shipped course's code always was."""
    assert html("```bash\nls -l\n```\n").startswith(
        '<div class="highlight lang-bash"><pre><span></span><code>ls')
    assert html("```inconnu\nx\n```\n") == \
        '<div class="highlight lang-inconnu"><pre><span></span><code>x\n</code></pre></div>\n'
    assert 'class="highlight lang-inconnu code-lines' in html("```inconnu []\nx <b>\n```\n")
    assert "x &lt;b&gt;" in html("```inconnu []\nx <b>\n```\n")


def test_steps_in_the_speaker_notes_are_no_fragments(tmp_path: Path) -> None:
    course = write_course(tmp_path / "course", {"01-notes": (
        "# N\n\n## S\n\n### A\n\nTexte\n\nNote: à dire\n\n```python [1|2]\na = 1\nb = 2\n```\n")})
    built = build_slides(BuildOptions(course, tmp_path / "out"))
    assert built.ok
    deck = (tmp_path / "out" / "slides" / "01-notes.html").read_text("utf-8")
    assert "code-lines" in deck and "fragment" not in deck.split('class="notes"', 1)[1]


# A course using every construct: check, the deck, every PDF

CHAPTER = """# Médias

## Images

### Une figure

![Le schéma de containerd](images/pixel.png){width=200px}

### Une largeur relative

Avant ![](images/pixel.png){width=50%} après.

## Code

### Des étapes

```python [1|3-4]
import os

path = os.getcwd()
print(path)
```

### Des numéros

```{.bash .numberLines startFrom="10"}
ctr images ls
ctr run web
```
"""


@pytest.fixture(scope="module")
def media_course(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("media")
    course = write_course(root / "course", {"01-medias": CHAPTER})
    shutil.copytree(FIXTURES / "course" / "images", course / "images")
    out = root / "out"
    assert build_slides(BuildOptions(course, out)).ok
    assert build_handouts(BuildOptions(course, out)).ok
    return course, out


def test_check_has_nothing_to_say(media_course: tuple[Path, Path], tmp_path: Path) -> None:
    result = check(BuildOptions(media_course[0], tmp_path, strict=True))
    assert result.ok and [str(d) for d in result.diagnostics.items] == []


BAD = """# Mauvais

## A

### B

Texte
![x](images/pixel.png){.grand #id width=50vw style="color: red"}

```python [1|x]
print()
```

```python [1|9]
print()
```
"""


def test_check_warns_at_the_line_of_what_it_does_not_draw(tmp_path: Path) -> None:
    course = write_course(tmp_path / "course", {"01-bad": BAD})
    shutil.copytree(FIXTURES / "course" / "images", course / "images")
    found = [str(d) for d in check(BuildOptions(course, tmp_path / "out")).diagnostics.items]
    path = course / "01-bad.md"
    assert found == [
        f"{path}:8: warning: image attributes ignored: #id .grand width=50vw "
        'style="color: red" (only width and height with a length in px, %, em, rem, cm, mm, '
        "in, pt or a bare number of pixels are drawn)",
        f"{path}:10: warning: code line steps not understood: [1|x] (write lines and ranges "
        "such as [1,3-4|5] and split steps with |)",
        f"{path}:14: warning: code line steps name lines the block does not have: 9 "
        "(it has 1 line)",
    ]


@pytest.mark.parametrize(("config", "front", "figures"), [
    ("", "", 1),
    ("markdown:\n  implicit_figures: false\n", "", 0),
    ("markdown:\n  implicit_figures: false\n", "markdown:\n  implicit_figures: true\n", 1),
    ("", "markdown:\n  implicit_figures: false\n", 0),
])
def test_implicit_figures_is_one_line_of_course_yaml_or_front_matter(
        tmp_path: Path, config: str, front: str, figures: int) -> None:
    text = (f"---\n{front}---\n" if front else "") + "# F\n\n## S\n\n![Un schéma](i.png)\n"
    course = write_course(tmp_path / "course", {"01-f": text},
                          "title: Cours\n" + config)
    (course / "i.png").write_bytes((FIXTURES / "course" / "images" / "pixel.png").read_bytes())
    built, _ = prepare(BuildOptions(course, tmp_path / "out"))
    tokens = [t for s in built.chapters[0].slides for t in s.body]
    assert sum(annotation(t).figure for t in tokens) == figures


def test_implicit_figures_takes_true_or_false(tmp_path: Path) -> None:
    course = write_course(tmp_path / "course", {"01-f": "# F\n"},
                          "title: Cours\nmarkdown:\n  implicit_figure: false\n")
    result = check(BuildOptions(course, tmp_path / "out"))  # check lists every problem
    assert not result.ok
    assert any("did you mean 'implicit_figures'" in d.message for d in result.diagnostics.errors)


def _image_widths(pdf: Path) -> list[float]:
    widths = []
    for page in pypdfium2.PdfDocument(pdf):
        for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]):
            left, _, right, _ = obj.get_bounds()
            widths.append(round(right - left, 1))
    return widths


def test_the_reading_pdfs_honour_widths_a_percent_of_the_text_column(
        media_course: tuple[Path, Path]) -> None:
    for name in ("01-medias.pdf", "01-medias-instructor.pdf", "course.pdf"):
        widths = _image_widths(media_course[1] / "handouts" / name)
        assert 150.0 in widths, (name, widths)  # 200 CSS px
        # 50 % of the text column: A4's 210 mm less two 18 mm margins, 174 mm = 493.2 pt
        assert any(abs(width - 246.6) < 0.5 for width in widths), (name, widths)


def test_every_pdf_prints_the_caption_and_every_numbered_code_line(
        media_course: tuple[Path, Path]) -> None:
    for pdf in sorted((media_course[1] / "handouts").glob("*.pdf")):
        text = "\n".join(page_texts(pdf))
        assert "Le schéma de containerd" in text, pdf.name
        lines = [" ".join(line.split()) for line in text.splitlines()]
        for expected in ("1 import os", "3 path = os.getcwd()", "4 print(path)",
                         "10 ctr images ls", "11 ctr run web"):
            assert expected in lines, (pdf.name, expected)
        assert "{width" not in text and "[1|3-4]" not in text, pdf.name


def test_every_pdf_kind_is_built(media_course: tuple[Path, Path]) -> None:
    names = {p.name for p in (media_course[1] / "handouts").glob("*.pdf")}
    assert {"01-medias.pdf", "01-medias-slides.pdf", "01-medias-notes.pdf",
            "01-medias-instructor.pdf", "course.pdf", "course-instructor.pdf"} <= names


# In Chromium

@needs_chromium
def test_the_figure_caption_sits_under_its_image(browser, media_course: tuple[Path, Path]) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    try:
        page.goto((media_course[1] / "slides" / "01-medias.html").as_uri() + "#/une-figure")
        page.wait_for_function("window.Reveal && Reveal.isReady()")
        boxes = page.evaluate("""() => {
            const figure = document.querySelector('.present figure.figure');
            const img = figure.querySelector('img').getBoundingClientRect();
            const caption = figure.querySelector('figcaption').getBoundingClientRect();
            const width = figure.querySelector('img').offsetWidth;  // CSS px, unscaled
            return {img: [width, img.bottom, img.left + img.width / 2],
                    caption: [caption.top, caption.left + caption.width / 2, caption.height],
                    text: figure.querySelector('figcaption').textContent};
        }""")
    finally:
        page.close()
    assert boxes["text"] == "Le schéma de containerd"
    assert boxes["img"][0] == pytest.approx(200, abs=1)
    assert boxes["caption"][0] >= boxes["img"][1] - 0.5  # under the image
    assert boxes["caption"][1] == pytest.approx(boxes["img"][2], abs=2)  # centred under it
    assert boxes["caption"][2] >= 18  # legible on the projector (scaled to the window)


STEP_STATE = """() => {
    const pres = [...document.querySelectorAll('.present .code-steps > pre')];
    const shown = pres.filter((pre) => !pre.classList.contains('fragment')
                                       || pre.classList.contains('visible')).pop();
    const lit = [...shown.querySelectorAll('.code-line')]
        .map((line, i) => line.classList.contains('lit') ? i + 1 : 0).filter(Boolean);
    const dim = getComputedStyle(shown.querySelector('.code-line:not(.lit)')).opacity;
    return {next: Reveal.availableFragments().next, lit, dim};
}"""


@needs_chromium
def test_code_steps_are_fragments_that_change_the_lit_lines(
        browser, media_course: tuple[Path, Path]) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    try:
        page.goto((media_course[1] / "slides" / "01-medias.html").as_uri() + "#/des-etapes")
        page.wait_for_function("window.Reveal && Reveal.isReady()")
        first = page.evaluate(STEP_STATE)
        page.evaluate("Reveal.next()")
        page.wait_for_timeout(300)
        second = page.evaluate(STEP_STATE)
        copied = page.evaluate("""() => {
            const pre = document.querySelector('.present .code-steps > pre');
            const range = document.createRange(); range.selectNodeContents(pre);
            const selection = getSelection(); selection.removeAllRanges();
            selection.addRange(range); return selection.toString(); }""")
    finally:
        page.close()
    assert first == {"next": True, "lit": [1], "dim": "0.4"}  # the first step without a click
    assert second == {"next": False, "lit": [3, 4], "dim": "0.4"}
    assert copied.splitlines() == ["import os", "", "path = os.getcwd()", "print(path)"]
