"""The slides PDF and the notes pages' thumbnails: the deck as projected, read back from the PDFs
(text and where poppler draws each word) and, for the fit, against the deck in Chromium."""

from __future__ import annotations

import html
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from coursebuild.pipeline import BuildOptions, build_handouts, build_slides
from tests.conftest import needs_chromium, write_course
from tests.handout_checks import page_texts

THIRTY = "\n".join(f"- Élément numéro {n} de la liste" for n in range(1, 31))
SIXTEEN = "\n".join(f"- Point {n} : containerd gère les conteneurs et les snapshots"
                    for n in range(1, 17))
CODE = "\n".join(f"sudo ctr images pull docker.io/library/nginx:{n}  # ligne {n}"
                 for n in range(1, 9))
LONG_WORDS = " ".join(["anticonstitutionnellement", "incompréhensiblement"] * 14)
CHAPTER = f"""# Chapitre d'essai

Un sous-titre.

## Trente

{THIRTY}

## Seize et du code

{SIXTEEN}

```bash
{CODE}
sudo ctr run --rm docker.io/library/nginx:latest web  # DERNIERELIGNE
```

## Liens

- Voir [la documentation](https://containerd.io/docs/) pour tout
- Et [le dépôt](https://github.com/kubernetes/cri-api) aussi

## Mots longs

{LONG_WORDS}

## Un tableau

| Couche | containerd | CRI-O |
|---|---|---|
| Socket | `unix:///run/containerd/containerd.sock` | `unix:///var/run/crio/crio.sock` |
| Moniteur | `containerd-shim-runc-v2`, un par pod, et du texte | `conmon`, un par conteneur |
"""
CONFIG = "title: Cours d'essai - le module\nlang: fr\nhandouts:\n  kinds: [slides, notes]\n"
SLIDES = 6  # the title slide and five more
SLIDE_PT = (960.0, 540.0)  # 1280 x 720 CSS px


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_course(tmp_path_factory.mktemp("slides-pdf-course"), {"01-Essai": CHAPTER},
                        CONFIG)


@pytest.fixture(scope="module")
def handouts(course: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("slides-pdf-out")
    result = build_handouts(BuildOptions(course, out, jobs=2))
    assert result.ok, [str(d) for d in result.diagnostics.items]
    return out / "handouts"


@dataclass(frozen=True)
class Word:
    text: str
    x: float
    y: float  # top, in points from the page's top
    bottom: float


def drawn_words(pdf: Path) -> list[list[Word]]:
    """Each page's words as poppler draws them (only those inside the page), with their box."""
    xhtml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True,
                           capture_output=True, text=True).stdout
    pages = re.findall(r"<page [^>]*>(.*?)</page>", xhtml, re.S)
    found = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</word>'
    return [[Word(html.unescape(w), float(x), float(y), float(b))
             for x, y, b, w in re.findall(found, page)] for page in pages]


def after(words: list[Word], first: str, second: str) -> Word:
    """The word ``second`` that follows ``first``."""
    pairs = zip(words, words[1:], strict=False)
    return next(b for a, b in pairs if a.text == first and b.text == second)


def test_one_page_per_slide_of_the_deck_size(handouts: Path) -> None:
    pages = PdfReader(handouts / "01-Essai-slides.pdf").pages
    assert len(pages) == SLIDES
    assert {(round(float(p.mediabox.width)), round(float(p.mediabox.height)))
            for p in pages} == {(960, 540)}


def test_thirty_items_all_printed_inside_the_slide(handouts: Path) -> None:
    words = drawn_words(handouts / "01-Essai-slides.pdf")[1]
    items = [after(words, "numéro", str(n)) for n in range(1, 31)]
    footer = min(w.y for w in words if w.text == "Cours")  # the deck's footer line
    assert all(item.bottom < footer for item in items)
    assert items == sorted(items, key=lambda w: w.y)  # one under the other, in order


def test_bullets_and_code_print_the_last_code_line(handouts: Path) -> None:
    words = drawn_words(handouts / "01-Essai-slides.pdf")[2]
    last = next(w for w in words if w.text == "DERNIERELIGNE")
    footer = min(w.y for w in words if w.text == "Cours")
    assert last.bottom < footer
    assert after(words, "Point", "16").y < last.y


def test_every_page_carries_the_slide_number_and_the_deck_footer(handouts: Path) -> None:
    texts = page_texts(handouts / "01-Essai-slides.pdf")
    for number, text in enumerate(texts, start=1):
        assert f"{number} / {SLIDES}" in text
        assert "Cours d'essai" in text and "le module" not in text  # the short title
    assert f"2 / {SLIDES}" in texts[1]


def test_only_a_slide_that_does_not_fit_is_scaled(handouts: Path) -> None:
    """The heading keeps its size and place on every body slide; the links slide's text is
    at full size (32 px = 24 pt), the thirty items' is not."""
    pages = drawn_words(handouts / "01-Essai-slides.pdf")
    headings = [pages[n][0] for n in range(1, SLIDES)]
    assert len({round(w.y) for w in headings}) == 1
    assert len({round(w.bottom - w.y) for w in headings}) == 1
    full = after(pages[3], "Voir", "la")
    small = after(pages[1], "numéro", "1")
    assert full.bottom - full.y > 1.6 * (small.bottom - small.y)


def test_link_urls_are_printed_at_the_bottom_of_their_slide(handouts: Path) -> None:
    texts = page_texts(handouts / "01-Essai-slides.pdf")
    assert "https://containerd.io/docs/" in texts[3]
    assert "https://github.com/kubernetes/cri-api" in texts[3]
    assert "https://" not in texts[2]
    words = drawn_words(handouts / "01-Essai-slides.pdf")[3]
    url = next(w for w in words if w.text.startswith("https://containerd.io"))
    assert url.y > SLIDE_PT[1] * 0.85 and all(w.y <= url.y for w in words if w.text == "aussi")


def test_thumbnails_are_not_hyphenated(handouts: Path) -> None:
    """The deck never hyphenates: neither do the thumbnails (the notes pages' own text is
    set in the handout's type)."""
    text = " ".join(page_texts(handouts / "01-Essai-notes.pdf"))
    assert text.count("anticonstitutionnellement") == 14
    assert text.count("incompréhensiblement") == 14
    assert not re.search(r"[\u00ad\u2010]|\w-\s", text)


def test_thumbnails_are_the_slides_pdf_pages_smaller(handouts: Path) -> None:
    """Same layout and same fit: every word of a slide is where the slides PDF draws it, at
    the thumbnail's scale."""
    slide = drawn_words(handouts / "01-Essai-slides.pdf")[1]
    notes = drawn_words(handouts / "01-Essai-notes.pdf")[0]
    heading_s, heading_t = slide[0], next(w for w in notes if w.text == "Trente")
    ratio = 96 / 25.4 * 72 / SLIDE_PT[0]  # 96 mm of a 960 pt page
    for n in (1, 15, 30):
        on_slide, on_thumb = after(slide, "numéro", str(n)), after(notes, "numéro", str(n))
        assert on_thumb.y - heading_t.y == pytest.approx((on_slide.y - heading_s.y) * ratio,
                                                         abs=0.6)


FIT_SCRIPT = """() => [...document.querySelectorAll('.slide-content')].map(
  (c) => [c.closest('section').dataset.line, c.dataset.fit || '1',
          c.querySelectorAll('code.wraps').length])"""


@needs_chromium
def test_the_pdf_fits_a_slide_as_the_deck_does(browser, course: Path, tmp_path: Path) -> None:
    """fit.js's --fit in Chromium and the one the slides PDF sets, slide by slide."""
    from coursebuild.handout_kinds import SLIDES as KIND
    from coursebuild.handouts import write_generated_css
    from coursebuild.pipeline import prepare
    from coursebuild.templating import environment

    assert build_slides(BuildOptions(course, tmp_path, jobs=1)).ok
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    try:
        page.goto((tmp_path / "slides" / "01-Essai.html").as_uri())
        page.wait_for_function("document.querySelector('[data-fit]')")
        measured = page.evaluate(FIT_SCRIPT)
    finally:
        page.close()
    deck = {int(line): float(fit) for line, fit, _ in measured}
    wraps = {int(line): count for line, _, count in measured}
    loaded, _ = prepare(BuildOptions(course, course))
    write_generated_css(environment(course), tmp_path / "css")
    printed = KIND.render(environment(course), loaded, loaded.chapter("01-Essai"), tmp_path / "css")
    pages = re.findall(r'id="page--(\d+)".*?data-line="(\d+)"', printed, re.S)
    types = dict(re.findall(r"#page--(\d+) \.slide-content \{ font-size: ([\d.]+)em", printed))
    zooms = dict(re.findall(r"#page--(\d+) \.slide-content \{ width: [\d.]+px; "
                            r"transform-origin: 0 0; transform: scale\(([\d.]+)\)", printed))
    paper = {int(line): float(types.get(number, 1)) * float(zooms.get(number, 1))
             for number, line in pages}
    assert deck.keys() <= paper.keys()
    assert deck[min(line for line in deck if deck[line] < 1)] < 0.9  # some slide is fitted
    for line, fit in deck.items():
        assert paper[line] == pytest.approx(fit, abs=0.01), f"the slide at line {line}"
    code_wraps = {int(line): len(re.findall(rf"#page--{number} [^{{]*\{{ white-space: normal",
                                            printed)) for number, line in pages}
    assert sum(wraps.values()) > 0  # the table's long code spans
    assert {line: code_wraps[line] for line in wraps} == wraps
