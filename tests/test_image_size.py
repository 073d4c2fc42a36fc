"""Obsidian's image sizes (``![[img.png|300]]``, ``![[img.png|300x200]]``, ``![alt|300](img)``)
in the deck, in every PDF kind and in ``check``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest

from coursebuild.markdown.image_size import SizedLabel, sized_label
from coursebuild.pipeline import BuildOptions, build_handouts, build_slides, check
from tests.conftest import FIXTURES, needs_chromium, write_course


@pytest.mark.parametrize(("label", "embed", "expected"), [
    ("300", True, SizedLabel("", 300)),
    ("300x200", True, SizedLabel("", 300, 200)),
    ("Un schéma|300", False, SizedLabel("Un schéma", 300)),
    ("Un schéma|300x200", True, SizedLabel("Un schéma", 300, 200)),
    ("|300", False, SizedLabel("", 300)),
    ("Avec | barre|40", False, SizedLabel("Avec | barre", 40)),
    ("2024", False, SizedLabel("2024")),  # an image's alt text needs the bar to be a size
    ("Un schéma", True, SizedLabel("Un schéma")),
    ("a|b", True, SizedLabel("a|b")),
    ("x|0", True, SizedLabel("x|0")),
    ("x|12x", True, SizedLabel("x|12x")),
])
def test_a_label_gives_its_alt_text_and_size(label: str, embed: bool,
                                             expected: SizedLabel) -> None:
    assert sized_label(label, embed=embed) == expected


CHAPTER = ("# Images\n\n## Tailles\n\n### Une\n\n![[pixel.png|120]]\n\n"
           "### Deux\n\n![Un pixel|200x100](images/pixel.png)\n")


@pytest.fixture(scope="module")
def sized(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("sized")
    course = write_course(root / "course", {"01-images": CHAPTER})
    shutil.copytree(FIXTURES / "course" / "images", course / "images")
    out = root / "out"
    assert build_slides(BuildOptions(course, out)).ok
    assert build_handouts(BuildOptions(course, out)).ok
    return course, out


def test_check_has_nothing_to_say(sized: tuple[Path, Path], tmp_path: Path) -> None:
    result = check(BuildOptions(sized[0], tmp_path, strict=True))
    assert result.ok and [str(d) for d in result.diagnostics.items] == []


def _image_widths(pdf: Path) -> list[float]:
    """The placed width, in points, of every image drawn in ``pdf``."""
    widths = []
    document = pypdfium2.PdfDocument(pdf)
    for page in document:
        for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]):
            left, _, right, _ = obj.get_bounds()
            widths.append(round(right - left, 1))
    return widths


def test_the_reading_pdfs_draw_each_image_at_its_size(sized: tuple[Path, Path]) -> None:
    for name in ("01-images.pdf", "01-images-instructor.pdf", "course.pdf"):
        widths = _image_widths(sized[1] / "handouts" / name)
        assert 90.0 in widths and 150.0 in widths, (name, widths)  # 120 and 200 CSS px


def test_every_pdf_kind_is_built(sized: tuple[Path, Path]) -> None:
    names = {p.name for p in (sized[1] / "handouts").glob("*.pdf")}
    assert {"01-images.pdf", "01-images-slides.pdf", "01-images-notes.pdf",
            "01-images-instructor.pdf", "course.pdf", "course-instructor.pdf"} <= names


@needs_chromium
def test_the_deck_draws_each_image_at_its_size(browser, sized: tuple[Path, Path]) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    try:
        page.goto((sized[1] / "slides" / "01-images.html").as_uri())
        page.wait_for_function("window.Reveal && Reveal.isReady()")
        sizes = page.evaluate("""() => [...document.querySelectorAll('.slides img:not(.emoji)')]
            .map((img) => [img.style.width, img.style.height, img.offsetWidth])""")
    finally:
        page.close()
    assert sizes == [["120px", "", 120], ["200px", "100px", 200]]
