"""Pauses (``. . .``), reveal.js directives (``<!-- .element: -->``, ``<!-- .slide: -->``) and
fragments on paper (issue 15): the plugins, ``check``'s warnings, the deck in Chromium, and
the PDFs (final state, ``handouts.fragments: steps``, a slide's background)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from markupsafe import Markup
from PIL import Image
from pypdf import PdfReader

from coursebuild.errors import Diagnostics
from coursebuild.fragment_steps import at_step, extra_pages, fragments, step_of
from coursebuild.loading import load_course
from coursebuild.markdown import parser
from coursebuild.markdown.directives import Directive, parse_directive
from coursebuild.markdown.pauses import with_pauses
from coursebuild.paper_bound import estimate_chapter
from coursebuild.pipeline import BuildOptions, build_handouts, build_slides, check
from coursebuild.slide_settings import is_dark
from coursebuild.views import SlideView
from tests.conftest import FIXTURES, needs_chromium, write_course


@pytest.mark.parametrize(("comment", "attrs", "problems"), [
    ('<!-- .element: class="fragment" -->', (("class", "fragment"),), 0),
    ('<!-- .element class="fragment" -->', (("class", "fragment"),), 0),
    ('<!--.element: class="fragment fade-in-then-out" data-fragment-index="2"-->',
     (("class", "fragment fade-in-then-out"), ("data-fragment-index", "2")), 0),
    ('<!-- .element: class="fragment bogus" -->', (("class", "fragment"),), 1),
    ('<!-- .element: class="fade-up" -->', (), 1),
    ('<!-- .element: data-fragment-index="x" -->', (), 1),
    ('<!-- .element: style="color: red" onclick="x()" -->', (), 2),
    ('<!-- .slide: data-background-color="#123456" -->',
     (("data-background-color", "#123456"),), 0),
    ('<!-- .slide: data-background-color="red; background: url(x)" -->', (), 1),
    ('<!-- .slide: data-background-color="notacolour" -->', (), 1),
    ('<!-- .slide: data-background-opacity="1.5" data-transition="zoom-in fade-out" -->',
     (("data-transition", "zoom-in fade-out"),), 1),
    ('<!-- .slide: data-transition="spin" data-background="#fff" -->', (), 2),
])
def test_a_directive_keeps_its_whitelisted_attributes(comment: str, attrs: tuple,
                                                     problems: int) -> None:
    found = parse_directive(comment)
    assert found is not None and found.attrs == attrs and len(found.problems) == problems


@pytest.mark.parametrize("comment", [
    "<!-- un commentaire -->", "<!-- .elements: class=\"fragment\" -->",
    "<!-- .element: class=\"fragment\" --> et du texte", "<div>.element</div>",
])
def test_other_html_is_no_directive(comment: str) -> None:
    assert parse_directive(comment) is None


@pytest.mark.parametrize(("line", "is_pause"), [
    (". . .", True), (". . .  ", True), ("   . . .", True), ("...", False),
    (". . . et plus", False), (".  .  .", False), ("    . . .", False),
])
def test_a_pause_is_a_line_of_three_spaced_dots(line: str, is_pause: bool) -> None:
    tokens = parser().parse(f"Avant\n\n{line}\n\nAprès\n")
    assert any(t.type == "pause" for t in tokens) is is_pause


def test_a_pause_line_ends_the_paragraph_or_list_before_it() -> None:
    for text in ("Avant\n. . .\nAprès\n", "- avant\n. . .\n- après\n"):
        types = [t.type for t in parser().parse(text) if t.level == 0]
        assert "pause" in types and types.index("pause") not in (0, len(types) - 1), text
        assert all(". . ." not in t.content for t in parser().parse(text)), text


def test_with_pauses_wraps_what_follows_each_pause_up_to_the_footnotes() -> None:
    tokens = parser().parse("A\n\n. . .\n\nB\n\n. . .\n\nC\n\n. . .\n")
    kinds = [t.type for t in with_pauses(tokens) if t.level == 0 and t.type != "inline"]
    assert kinds == ["paragraph_open", "paragraph_close", "pause", "pause_open",
                     "paragraph_open", "paragraph_close", "pause_close", "pause", "pause_open",
                     "paragraph_open", "paragraph_close", "pause_close", "pause"]


def test_an_ordinary_comment_stays_raw_html() -> None:
    types = [t.type for t in parser().parse("<!-- note -->\n\nTexte <!-- note -->\n")]
    assert types[0] == "html_block"
    inline = parser().parse("Texte <!-- note -->\n")[1]
    assert [c.type for c in inline.children or []] == ["text", "html_inline"]


def _view(body: str, heading: str = "") -> SlideView:
    return SlideView("s", "slide", 1, 1.0, Markup(heading), Markup(""), Markup(""),
                     Markup(body), Markup('<p class="fragment">note</p>'))


def test_steps_follow_reveal_js_order() -> None:
    """Indexed fragments first, by index (equal indices together), then the others in page
    order; the speaker notes' are not the slide's."""
    view = _view('<p class="fragment">a</p><aside class="notes"><p class="fragment">n</p>'
                 '</aside><p class="fragment" data-fragment-index="3">b</p>'
                 '<li class="fragment" data-fragment-index="3">c</li>',
                 heading='<span class="fragment">h</span>')
    found = fragments(view)
    assert [f.field for f in found] == ["heading", "body", "body", "body"]
    steps = step_of(found)
    assert [steps[f.order] for f in found] == [2, 3, 1, 1]


def test_a_step_hides_only_later_fragments_and_never_a_fade_out() -> None:
    view = _view('<p class="fragment">a</p>\n<p class="fragment fade-out">b</p>'
                 '<p class="fragment">c</p>')
    found = fragments(view)
    first = str(at_step(view, found, step_of(found), 1).body)
    assert first == ('<p class="fragment">a</p>\n<p data-step-later class="fragment fade-out">'
                     'b</p><p data-step-hidden class="fragment">c</p>')
    assert str(at_step(view, found, step_of(found), 3).body) == str(view.body)


@pytest.mark.parametrize(("colour", "dark"), [
    ("#1a2340", True), ("navy", True), ("#ffffff", False), ("rgb(250, 240, 200)", False),
    ("hsl(0, 0%, 10%)", True), ("transparent", False),
])
def test_dark_backgrounds_as_reveal_js_judges_them(colour: str, dark: bool) -> None:
    assert is_dark(colour) is dark


CHAPTER = """# Fragments

## Pauses

### Trois temps

Premier temps.

. . .

Deuxième temps.

. . .

- Troisième temps

### Directives

Un paragraphe au clic <!-- .element: class="fragment fade-up" -->

- Premier point <!-- .element: class="fragment" -->
- Second point <!-- .element: class="fragment" -->

```python
print("bonjour")
```
<!-- .element: class="fragment fade-out" -->

### Fond sombre

<!-- .slide: data-background-color="#1a2340" -->

Du texte clair sur un fond sombre.

### Fond image

<!-- .slide: data-background-image="images/halves.png" data-background-opacity="0.5" -->

Une image de fond.

### Effets

Rouge au clic <!-- .element: class="fragment highlight-red" -->

Barré au clic <!-- .element: class="fragment strike" -->
"""

PAGE_STEPS = [1, 3, 5, 1, 1, 3]  # final state and a step per click, slide by slide


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("directives")
    course = write_course(root / "course", {"01-fragments": CHAPTER})
    shutil.copytree(FIXTURES / "course" / "images", course / "images")
    halves = Image.new("RGB", (64, 36), (255, 0, 0))  # red above, blue below
    halves.paste((0, 0, 255), (0, 18, 64, 36))
    halves.save(course / "images" / "halves.png")
    out = root / "out"
    assert build_slides(BuildOptions(course, out)).ok
    assert build_handouts(BuildOptions(course, out)).ok
    return course, out


def test_check_has_nothing_to_say(built: tuple[Path, Path], tmp_path: Path) -> None:
    result = check(BuildOptions(built[0], tmp_path, strict=True))
    assert result.ok and [str(d) for d in result.diagnostics.items] == []


BAD = """# Mauvais

## Réglages

### Une

<!-- .slide: data-background-video="film.mp4" data-background-color="#123" -->

Texte <!-- .element: class="fragment bogus" data-fragment-index="deux" -->

<!-- un commentaire ordinaire -->

<!-- .slide: data-background-image="images/absente.png" -->

---

<!-- .element: class="fragment" -->
"""


def test_check_warns_at_each_ignored_attribute(tmp_path: Path) -> None:
    course = write_course(tmp_path / "course", {"01-bad": BAD})
    result = check(BuildOptions(course, tmp_path / "out"))
    said = [(d.line, d.severity, d.message) for d in result.diagnostics.items]
    assert [(line, severity) for line, severity, _ in said] == [
        (7, "warning"), (9, "warning"), (9, "warning"), (11, "warning"), (13, "error"),
        (17, "warning")]
    messages = [message for _, _, message in said]
    assert "data-background-video ignored" in messages[0]
    assert "class bogus ignored" in messages[1] and "data-fragment-index='deux'" in messages[2]
    assert messages[3].startswith("raw HTML is shown as text")
    assert "missing image" in messages[4] and "nothing before it" in messages[5]


def _pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_every_pdf_shows_every_fragment_and_no_marker(built: tuple[Path, Path]) -> None:
    pdfs = sorted((built[1] / "handouts").glob("*.pdf"))
    assert len(pdfs) == 6
    for pdf in pdfs:
        text = _pdf_text(pdf)
        for words in ("Premier temps", "Deuxième temps", "Troisième temps", "Second point",
                      "bonjour", "Une image de fond"):
            assert words in text, (pdf.name, words)
        assert ". . ." not in text and "<!--" not in text and ".element" not in text, pdf.name


def _pixel(pdf: Path, page: int, at: tuple[float, float], tmp_path: Path) -> tuple[int, ...]:
    """The colour at ``at`` (fractions of the page's width and height) of a page of ``pdf``."""
    stem = tmp_path / f"{pdf.stem}-{page}"
    subprocess.run(["pdftoppm", "-png", "-r", "20", "-f", str(page), "-l", str(page),
                    "-singlefile", str(pdf), str(stem)], check=True)
    with Image.open(f"{stem}.png") as image:
        rgb = image.convert("RGB")
        return rgb.getpixel((int(at[0] * rgb.width), int(at[1] * rgb.height)))


def test_the_slides_pdf_draws_a_slide_background(built: tuple[Path, Path],
                                                 tmp_path: Path) -> None:
    slides = built[1] / "handouts" / "01-fragments-slides.pdf"
    assert len(PdfReader(slides).pages) == len(PAGE_STEPS)
    for corner in ((0.01, 0.01), (0.5, 0.9)):  # the page's corner too: the deck's window
        assert _pixel(slides, 4, corner, tmp_path) == pytest.approx((0x1a, 0x23, 0x40), abs=3)
    # halves.png covers the page, at half opacity over the white page
    assert _pixel(slides, 5, (0.5, 0.1), tmp_path) == pytest.approx((255, 128, 128), abs=6)
    assert _pixel(slides, 5, (0.5, 0.9), tmp_path) == pytest.approx((128, 128, 255), abs=6)
    assert _pixel(slides, 2, (0.5, 0.9), tmp_path) == (255, 255, 255)
    reading = built[1] / "handouts" / "01-fragments.pdf"
    assert all(_pixel(reading, 1, (x, 0.5), tmp_path) == (255, 255, 255) for x in (0.05, 0.95))


def _red_pixels(pdf: Path, page: int, tmp_path: Path) -> int:
    stem = tmp_path / f"{pdf.stem}-red-{page}"
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", str(page), "-l", str(page),
                    "-singlefile", str(pdf), str(stem)], check=True)
    with Image.open(f"{stem}.png") as image:
        rgb = image.convert("RGB")
        return sum(1 for x in range(rgb.width) for y in range(rgb.height)
                   if (p := rgb.getpixel((x, y)))[0] > 150 and p[1] < 90 and p[2] < 90)


def test_a_highlight_is_drawn_in_the_final_state(built: tuple[Path, Path],
                                                 tmp_path: Path) -> None:
    slides = built[1] / "handouts" / "01-fragments-slides.pdf"
    assert _red_pixels(slides, 6, tmp_path) > 20
    assert _red_pixels(slides, 2, tmp_path) == 0


def test_the_dark_slide_prints_light_text(built: tuple[Path, Path], tmp_path: Path) -> None:
    slides = built[1] / "handouts" / "01-fragments-slides.pdf"
    stem = tmp_path / "dark"
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "4", "-l", "4", "-singlefile",
                    str(slides), str(stem)], check=True)
    with Image.open(f"{stem}.png") as image:
        lightest = max(sum(image.convert("RGB").getpixel((x, y))) for x in range(image.width)
                       for y in range(0, image.height, 2))
    assert lightest > 3 * 200  # text drawn light on the dark colour


def test_steps_print_a_page_per_click(built: tuple[Path, Path], tmp_path: Path) -> None:
    course = tmp_path / "course"
    shutil.copytree(built[0], course)
    (course / "course.yaml").write_text(
        "title: Cours de test\nlang: fr\nhandouts:\n  kinds: [slides]\n  fragments: steps\n",
        encoding="utf-8")
    assert build_handouts(BuildOptions(course, tmp_path / "out")).ok
    pdf = tmp_path / "out" / "handouts" / "01-fragments-slides.pdf"
    pages = [page.extract_text() for page in PdfReader(pdf).pages]
    steps = [n for n in PAGE_STEPS for _ in range(n)]
    assert len(pages) == sum(PAGE_STEPS) == len(steps)
    directives = [text for text in pages if "Directives" in text]
    # the paragraph (page 2), then each item, the code (fade-out) on every page
    assert ["Un paragraphe" in text for text in directives] == [False, True, True, True, True]
    assert ["Second point" in text for text in directives] == [False] * 3 + [True] * 2
    assert all("bonjour" in text for text in directives)
    assert all("2 / 6" in text for text in pages[1:4])  # the slide's number, repeated
    chapter = load_course(course, Diagnostics()).chapters[0]
    assert estimate_chapter(chapter, steps=True).pages["slides"] == len(pages)
    effects = sum(PAGE_STEPS[:-1]) + 1  # the effects' slide, before its first click
    assert all("Rouge au clic" in text and "Barré" in text for text in pages[effects - 1 :])
    assert _red_pixels(pdf, effects, tmp_path) == 0 < _red_pixels(pdf, effects + 1, tmp_path)
    assert extra_pages(chapter) == len(pages) - len(PAGE_STEPS)


@needs_chromium
def test_the_deck_steps_through_each_pause_and_directive(browser,
                                                         built: tuple[Path, Path]) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    deck = (built[1] / "slides" / "01-fragments.html").as_uri()
    try:
        for anchor, clicks in (("trois-temps", 2), ("directives", 4)):
            page.goto(f"{deck}#/{anchor}")
            page.wait_for_function("() => window.Reveal && Reveal.isReady()")
            page.reload()  # a fresh deck at that slide: no fragment shown yet
            page.wait_for_function("() => window.Reveal && Reveal.isReady()")
            for _ in range(clicks):
                assert page.evaluate("Reveal.availableFragments().next"), anchor
                page.evaluate("Reveal.nextFragment()")
            assert not page.evaluate("Reveal.availableFragments().next"), anchor
        page.goto(f"{deck}#/fond-sombre")
        page.reload()
        page.wait_for_function("() => document.querySelector('#fond-sombre')"
                               ".classList.contains('has-dark-background')")
        state = page.evaluate("""() => {
            const slide = document.querySelector('#fond-sombre');
            const colour = getComputedStyle(slide.querySelector('.slide-content p')).color;
            const footer = getComputedStyle(document.querySelector('.deck-footer')).color;
            const rgb = c => c.match(/\\d+/g).map(Number);
            return [slide.dataset.backgroundColor, rgb(colour), rgb(footer)];
        }""")
    finally:
        page.close()
    assert state[0] == "#1a2340"
    assert min(state[1]) > 200  # light text on the dark background
    assert min(state[2]) > 150  # and the deck's footer, outside the slide, follows


def test_a_directive_never_changes_what_it_is_not_on() -> None:
    """The directive's own tokens, and nothing else, become directives (a raw comment after it
    stays raw HTML)."""
    tokens = parser().parse('Texte <!-- .element: class="fragment" -->\n\n<!-- brut -->\n')
    children = tokens[1].children or []
    assert [c.type for c in children] == ["text", "element_directive"]
    assert isinstance(children[1].meta["directive"], Directive)
    assert tokens[0].attrGet("class") == "fragment" and tokens[3].type == "html_block"


def test_settings_above_a_heading_belong_to_its_slide() -> None:
    """As in reveal-md decks: after ``---`` or at the top of the file, a slide directive written
    above the heading sets the slide the heading opens (no slide of its own), the title's
    subtitle quote kept."""
    from coursebuild.parsing import parse_chapter

    text = ('<!-- .slide: data-background-color="#111" -->\n\n# Titre\n\n> Sous-titre\n\n'
            "## Partie\n\n### Une\n\nTexte\n\n---\n\n"
            '<!-- .slide: data-transition="fade" -->\n\n### Deux\n\nTexte\n')
    slides = parse_chapter(Path("x.md"), text).slides
    assert [(s.kind, s.heading.text if s.heading else "") for s in slides] == [
        ("title", "Titre"), ("slide", "Une"), ("slide", "Deux")]
    assert slides[0].subtitle and [t.type for t in slides[0].body] == ["slide_directive"]
    assert [t.type for t in slides[2].body][0] == "slide_directive"


@pytest.mark.parametrize(("image", "said"), [
    ("../dehors.png", "refused"), ("https://example.org/fond.png", "refused remote image"),
    ("images/absente.png", "missing image"),
])
def test_a_background_image_is_confined_as_images_are(tmp_path: Path, image: str,
                                                      said: str) -> None:
    (tmp_path / "dehors.png").write_bytes((FIXTURES / "course" / "images" / "pixel.png")
                                          .read_bytes())
    chapter = f'# Fond\n\n## Un\n\n<!-- .slide: data-background-image="{image}" -->\n\nTexte\n'
    course = write_course(tmp_path / "course", {"01-fond": chapter})
    result = check(BuildOptions(course, tmp_path / "out"))
    errors = [(d.line, d.message) for d in result.diagnostics.items if d.severity == "error"]
    assert len(errors) == 1 and errors[0][0] == 5 and said in errors[0][1], errors


@needs_chromium
def test_the_dark_theme_prints_dark_text_on_a_light_background(browser, tmp_path: Path) -> None:
    chapter = ('# Sombre\n\n## Clair\n\n### Fond clair\n\n'
               '<!-- .slide: data-background-color="#fff8e1" -->\n\nTexte et `code`.\n')
    course = write_course(tmp_path / "course", {"01-clair": chapter},
                          "title: Cours\nlang: fr\ntheme: dark\n")
    assert build_slides(BuildOptions(course, tmp_path / "out")).ok
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    try:
        page.goto((tmp_path / "out" / "slides" / "01-clair.html").as_uri() + "#/fond-clair")
        page.wait_for_function("() => document.querySelector('#fond-clair')"
                               ".classList.contains('has-light-background')")
        text, code = page.evaluate("""() => ['.slide-content p', '.slide-content code'].map(
            (s) => getComputedStyle(document.querySelector('#fond-clair ' + s)).color
                   .match(/\\d+/g).map(Number))""")
    finally:
        page.close()
    assert max(text) < 80 and min(code) > 200  # dark text; code light in its dark box


def test_the_slides_pdf_shows_fragments_a_stylesheet_hides(tmp_path: Path) -> None:
    """The contract for every construct's fragments: in the slides PDF a slide is in its final
    state, whatever a stylesheet does to ``.fragment`` (reveal.css hides them in the deck)."""
    chapter = ("# Caché\n\n## Partie\n\n### Une\n\nVisible\n\n. . .\n\nAu clic\n\n"
               'Puis effacé <!-- .element: class="fragment fade-out" -->\n')
    course = write_course(tmp_path / "course", {"01-cache": chapter},
                          "title: Cours\nlang: fr\ncss: [cache.css]\n"
                          "handouts:\n  kinds: [slides]\n")
    (course / "cache.css").write_text(".reveal .slides .fragment { visibility: hidden; "
                                      "opacity: 0; }\n", encoding="utf-8")
    assert build_handouts(BuildOptions(course, tmp_path / "out")).ok
    text = _pdf_text(tmp_path / "out" / "handouts" / "01-cache-slides.pdf")
    assert "Visible" in text and "Au clic" in text and "Puis effacé" in text
    config = (course / "course.yaml").read_text(encoding="utf-8")
    (course / "course.yaml").write_text(config + "  fragments: steps\n", encoding="utf-8")
    assert build_handouts(BuildOptions(course, tmp_path / "out")).ok
    pages = [p.extract_text() for p in PdfReader(tmp_path / "out" / "handouts" /
                                                 "01-cache-slides.pdf").pages]
    # before the pause's click, what it holds is hidden, a fragment inside it too
    assert ["Au clic" in t for t in pages[1:]] == ["Puis effacé" in t for t in pages[1:]] \
        == [False, True, True]
