"""The slides PDF put together from the pages its fit measure laid out (``slides_pdf.py``) is
the PDF of the whole layout: read back, both ways, page by page (text, outline, links, tags).
The chapter has a slide too long for its room (fitted) and a table whose code spans wrap, so
both sources of pages are used; a course whose stylesheet numbers pages or slides, fragments
stepped on pages, or a measure read from another worker's file lay the whole HTML out."""

from __future__ import annotations

import io
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from coursebuild import slides_pdf
from coursebuild.handout_kinds import SLIDES
from coursebuild.handouts import PrintedChapter, printed_chapter, write_generated_css
from coursebuild.pdf import LAYOUTS, Place
from coursebuild.pipeline import BuildOptions, prepare
from coursebuild.templating import environment
from tests.conftest import write_course
from tests.handout_checks import bookmarks, struct_elements

MANY = "\n".join(f"- Point {n} : containerd gère les conteneurs" for n in range(1, 31))
CHAPTER = f"""# Chapitre d'essai

Un sous-titre.

## Trop long

{MANY}

## Un tableau

| Couche | containerd | CRI-O |
|---|---|---|
| Socket | `unix:///run/containerd/containerd.sock` | `unix:///var/run/crio/crio.sock` |

## Liens

- Voir [la documentation](https://containerd.io/docs/) pour tout
- Et la [[02-Suite#Renvois|suite]]

## Court

Une ligne, `du code`.
"""
SECOND = """# Deuxième chapitre

## Renvois

- Retour au [[01-Essai#Court|premier chapitre]]
- Et [un site](https://example.org/page)

## Court

Une ligne.
"""
CONFIG = "title: Cours d'essai\nlang: fr\nhandouts:\n  kinds: [slides]\n"
EPOCH = 1700000000


def course_folder(folder: Path, config: str = CONFIG, css: str = "") -> Path:
    """The test course; ``css``: a stylesheet of its own (course.yaml ``css``)."""
    if css:
        config += "css: [pages.css]\n"
    course = write_course(folder, {"01-Essai": CHAPTER, "02-Suite": SECOND}, config)
    if css:
        (course / "pages.css").write_text(css, "utf-8")
    return course


def printed(course_root: Path, out: Path, scratch: Path) -> tuple[PrintedChapter, Place]:
    """The first chapter's slides PDF before layout, measured in this process."""
    course, _ = prepare(BuildOptions(course_root, out))
    env = environment(course_root)
    write_generated_css(env, scratch)
    place = Place(course_root, scratch, out, EPOCH)
    return printed_chapter(env, course, course.chapter("01-Essai"), SLIDES, place), place


def both_ways(course_root: Path, tmp: Path) -> tuple[bytes, bytes]:
    """The first chapter's slides PDF put together, then laid out whole (a fresh measure each)."""
    made = []
    for full in (False, True):
        course, _ = prepare(BuildOptions(course_root, tmp))
        scratch = tmp / f"scratch-{full}"
        write_generated_css(environment(course_root), scratch)
        place = Place(course_root, scratch, tmp, EPOCH)
        slides_pdf.FULL_LAYOUT["always"] = full
        try:
            made.append(SLIDES.pdf(environment(course_root), course,
                                   course.chapter("01-Essai"), place).data)
        finally:
            slides_pdf.FULL_LAYOUT["always"] = False
    return made[0], made[1]


def outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """Each bookmark: its depth, title and target page."""
    return [(depth, item.title, reader.get_destination_page_number(item))
            for depth, item in bookmarks(reader.outline)]


def links(reader: PdfReader) -> list[list[str]]:
    """Each page's link annotations: where each goes (a URI, another file, a page here)."""
    pages = []
    for page in reader.pages:
        targets = []
        for annotation in (a.get_object() for a in page.get("/Annots", [])):
            if annotation.get("/Subtype") != "/Link":
                continue
            action = annotation.get("/A", {})
            destination = action.get("/D", annotation.get("/Dest"))
            if isinstance(destination, list):  # a page of this PDF, by its number
                destination = reader.get_page_number(destination[0].get_object())
            targets.append(f"{action.get('/S')} {action.get('/URI', action.get('/F', ''))} "
                           f"{destination}")
        pages.append(sorted(targets))
    return pages


def tag_kinds(reader: PdfReader) -> Counter[str]:
    """How many structure elements of each type the tags hold."""
    return Counter(str(node["/S"]) for node in struct_elements(reader) if "/S" in node)


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return course_folder(tmp_path_factory.mktemp("reuse-course"))


@pytest.fixture(scope="module")
def made(course: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, bytes]:
    return both_ways(course, tmp_path_factory.mktemp("reuse"))


@pytest.fixture(scope="module")
def pdfs(made: tuple[bytes, bytes]) -> tuple[PdfReader, PdfReader]:
    return PdfReader(io.BytesIO(made[0])), PdfReader(io.BytesIO(made[1]))


def drawn(pdf: bytes, folder: Path) -> list[bytes]:
    """Each page's pixels, as poppler draws it at 30 dpi."""
    folder.mkdir()
    (folder / "slides.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(folder / "slides.pdf"),
                    str(folder / "page")], check=True)
    return [Image.open(png).convert("RGB").tobytes() for png in sorted(folder.glob("page*.png"))]


@pytest.fixture(scope="module")
def measured(course: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """An output and a scratch folder where the first chapter's slides were measured."""
    out = tmp_path_factory.mktemp("reuse-measured")
    printed(course, out, out / "scratch")
    return out, out / "scratch"


def test_both_sources_of_pages_are_used(course: Path, tmp_path: Path) -> None:
    """The fit changes some slides (a list too long even at the smallest type: zoomed, code
    spans that wrap in a table) and leaves others:
    the PDF holds pages of the first measure and pages laid out again."""
    chapter, place = printed(course, tmp_path, tmp_path / "s")
    assert chapter.own_styles  # the hidden slides laid out empty
    assert chapter.measured is not None and chapter.measured.layout is not None
    fitting = chapter.measured.fitting
    assert fitting.fits and fitting.wraps  # a slide fitted, a code span wrapped
    layout = chapter.laid_out(place)
    assert layout is not None
    first = chapter.measured.layout.document.pages
    kept = [page for page in layout.document.pages if any(page is p for p in first)]
    assert 0 < len(kept) < len(layout.document.pages)
    assert len(layout.document.pages) - len(kept) == len(fitting.changed())


def test_same_pages_and_text(pdfs: tuple[PdfReader, PdfReader]) -> None:
    put_together, whole = pdfs
    assert len(put_together.pages) == len(whole.pages) == 5
    texts = [[page.extract_text() for page in pdf.pages] for pdf in pdfs]
    assert texts[0] == texts[1]
    assert all("/ 5" in text for text in texts[0])  # every slide numbered out of the deck's


def test_same_pixels(made: tuple[bytes, bytes], tmp_path: Path) -> None:
    """Every page drawn the same: the fitted slides' pages are the fitted ones."""
    put_together, whole = drawn(made[0], tmp_path / "a"), drawn(made[1], tmp_path / "b")
    assert len(put_together) == 5
    assert put_together == whole


def test_same_outline(pdfs: tuple[PdfReader, PdfReader]) -> None:
    put_together, whole = pdfs
    assert outline(put_together) == outline(whole)
    assert len(outline(put_together)) >= 5


def test_same_links(pdfs: tuple[PdfReader, PdfReader]) -> None:
    put_together, whole = pdfs
    assert links(put_together) == links(whole)
    found = [link for page in links(whole) for link in page]
    assert any("https://containerd.io/docs/" in link for link in found)  # a web page
    assert "/GoToR 02-Suite.pdf renvois" in found  # another chapter's PDF


def test_same_tags_and_metadata(pdfs: tuple[PdfReader, PdfReader]) -> None:
    put_together, whole = pdfs
    assert "/StructTreeRoot" in put_together.trailer["/Root"]
    assert tag_kinds(put_together) == tag_kinds(whole)
    assert {"/H1", "/H2", "/Table"} <= set(tag_kinds(put_together))
    assert put_together.metadata == whole.metadata
    assert put_together.metadata.title and put_together.metadata.creation_date


def test_a_second_measure_from_the_shared_file_lays_the_whole_out(
        course: Path, measured: tuple[Path, Path]) -> None:
    """The notes pages' worker measured first: no layout here, the whole HTML is laid out."""
    layouts = LAYOUTS["count"]
    again, place = printed(course, *measured)
    assert LAYOUTS["count"] == layouts  # read, not measured
    assert again.measured is not None and again.measured.layout is None
    assert again.measured.fitting.changed()
    assert again.laid_out(place) is None


def test_fragments_stepped_on_pages_lay_the_whole_out(tmp_path: Path) -> None:
    course = course_folder(tmp_path / "course", CONFIG + "  fragments: steps\n")
    chapter, place = printed(course, tmp_path, tmp_path / "s")
    assert chapter.laid_out(place) is None


@pytest.mark.parametrize("css", [
    "@page { @bottom-right { content: counter(page); font-size: 8px } }",  # numbers pages
    "body { counter-reset: slide } .print-slide { counter-increment: slide }"
    " .slide-head h2::before { content: counter(slide) '. ' }",  # numbers slides
], ids=["page-counter", "slide-counter"])
def test_a_course_stylesheet_counting_across_slides_lays_the_whole_out(
        css: str, tmp_path: Path) -> None:
    """A slide laid out again alone would be counted from 1: never put together then (the
    PDF is then the whole HTML's layout, as with ``FULL_LAYOUT``)."""
    course = course_folder(tmp_path / "course", css=css)
    chapter, place = printed(course, tmp_path, tmp_path / "s")
    layouts = LAYOUTS["count"]
    assert chapter.measured is not None and chapter.measured.fitting.changed()
    assert chapter.laid_out(place) is None  # tried (one layout), refused
    assert LAYOUTS["count"] == layouts + 1


def test_a_course_stylesheet_of_its_own_keeps_the_hidden_slides_whole(tmp_path: Path) -> None:
    """With a course's own stylesheet (it might look into other slides), the slides laid out
    again are laid out among all the others, hidden but whole: the same PDF still."""
    course = course_folder(tmp_path / "course", css=".slide-head h2 { color: #0b5394; }")
    chapter, place = printed(course, tmp_path, tmp_path / "s")
    assert not chapter.own_styles
    assert chapter.laid_out(place) is not None
    put_together, whole = (PdfReader(io.BytesIO(data)) for data in both_ways(course, tmp_path))
    assert [p.extract_text() for p in put_together.pages] == \
        [p.extract_text() for p in whole.pages]
    assert outline(put_together) == outline(whole)
    assert links(put_together) == links(whole)
