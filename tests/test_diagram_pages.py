"""A diagram too tall for what is left of a page goes to the next page whole, leaving a gap.
In a reading handout and the book it is drawn smaller to fit the gap instead, when its labels
stay at the paper's smallest size or larger (8 pt); read back from the PDFs with poppler."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import pytest

from coursebuild.handout_kinds import BOOK, READING, HandoutKind
from coursebuild.handouts import write_generated_css
from coursebuild.paper_column import PAPER_LABEL_PT, paper_scale
from coursebuild.pdf import html_to_pdf
from coursebuild.pipeline import BuildOptions, build_handouts, prepare
from coursebuild.templating import environment
from tests.conftest import write_course

SENTENCE = "Une phrase de texte qui remplit la page, ligne après ligne, avant le schéma."
CHAIN = "\n".join(f"  N{i}[Étape {i}] --> N{i + 1}[Étape {i + 1}]" for i in range(8))
CONFIG = "title: Cours de test\nlang: fr\nhandouts:\n  kinds: [reading, course]\n"
STEP = 5  # sentences: a few lines, far less than a page
MARGIN_PT = 60.0  # header and footer bands of a page, left out of its content


def chapter(paragraphs: int) -> str:
    """Text, then a heading and a tall, narrow diagram (labels at 10 pt in the column)."""
    text = "\n\n".join([SENTENCE] * paragraphs)
    return (f"# Chapitre\n\n## Texte\n\n{text}\n\nDernier paragraphe.\n\n## Le schéma\n\n"
            f"```mermaid\nflowchart TB\n{CHAIN}\n```\n\nFin.\n")


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    top: float
    bottom: float


def words(pdf: bytes) -> tuple[list[Word], float]:
    """Every word of the PDF with its page and box (pdftotext -bbox), and the page height."""
    found = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True,
                           check=True).stdout
    body = found.decode().split("<body>", 1)[1].rsplit("</body>", 1)[0]  # no DOCTYPE
    pages = list(ElementTree.fromstring(f"<body>{body}</body>").iter("page"))
    height = float(pages[0].get("height"))
    return [Word(number, word.text or "", float(word.get("yMin")), float(word.get("yMax")))
            for number, page in enumerate(pages, start=1)
            for word in page if word.tag.endswith("word")], height


@dataclass(frozen=True)
class Layout:
    text_page: int  # the page of the paragraph before the diagram
    diagram_page: int  # the page of the diagram's labels
    empty: float  # share of the text page's content area left empty under its text
    label_height: float  # of a label's word box, in pt (proportional to its font size)


def layout(pdf: bytes) -> Layout:
    found, height = words(pdf)
    last = next(w for w in found if w.text == "Dernier")
    labels = [w for w in found if w.text == "Étape"]
    assert len(labels) == 9 and len({w.page for w in labels}) == 1
    content = [w for w in found if w.page == last.page and MARGIN_PT < w.top < height - MARGIN_PT]
    area = height - 2 * MARGIN_PT
    bottom = max(w.bottom for w in content)
    return Layout(last.page, labels[0].page, (height - MARGIN_PT - bottom) / area,
                  labels[0].bottom - labels[0].top)


def unfitted(source: Path, kind: HandoutKind) -> bytes:
    """The PDF as WeasyPrint lays it out in one pass: diagrams never resized to a gap."""
    course, _ = prepare(BuildOptions(source, source.parent / "out"))
    env = environment(course.root)
    with tempfile.TemporaryDirectory() as scratch:
        write_generated_css(env, Path(scratch), course.config.theme)
        html = kind.render(env, course, None if kind.book else course.chapters[0], Path(scratch))
        return html_to_pdf(html, course.root, Path(scratch), Path(scratch)).data


def first_pushed(folder: Path, kind: HandoutKind) -> tuple[Path, Layout]:
    """The shortest text before which the diagram no longer fits its page (binary search):
    there, the gap it leaves is the largest, and the least shrinking closes it."""
    def course(paragraphs: int) -> Path:
        return write_course(folder / f"p{paragraphs}", {"01-chapitre": chapter(paragraphs)},
                            CONFIG)

    seen: dict[int, Layout] = {}

    def pushed(paragraphs: int) -> bool:
        seen[paragraphs] = layout(unfitted(course(paragraphs), kind))
        return seen[paragraphs].diagram_page > seen[paragraphs].text_page

    low, high = 0, STEP  # low: fits on the text's page; high: pushed (steps shorter than
    while not pushed(high):  # a page of text, so that the text stays on one page)
        low, high = high, high + STEP
        assert high < 20 * STEP, "the diagram never leaves its text's page"
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (low, middle) if pushed(middle) else (middle, high)
    return course(high), seen[high]


@pytest.fixture(scope="module")
def reading_course(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Layout]:
    """The reading handout's first pushed course, found once for the tests that use it."""
    return first_pushed(tmp_path_factory.mktemp("reading"), READING)


def _first_pushed(kind: HandoutKind, folder: Path,
                  reading: tuple[Path, Layout]) -> tuple[Path, Layout]:
    """A copy of the reading course (the tests change their copy), or the book's search."""
    if kind is not READING:
        return first_pushed(folder, kind)
    copy = folder / "course"
    shutil.copytree(reading[0], copy)
    return copy, reading[1]


@pytest.mark.parametrize("kind", [READING, BOOK], ids=["reading", "book"])
def test_a_pushed_diagram_fits_the_gap_at_legible_labels(
        tmp_path: Path, kind: HandoutKind, reading_course: tuple[Path, Layout]) -> None:
    source, before = _first_pushed(kind, tmp_path, reading_course)
    assert before.empty > 0.3, "the premise: the diagram leaves its text's page mostly empty"
    course, _ = prepare(BuildOptions(source, tmp_path / "out"))
    low, high = PAPER_LABEL_PT
    assert paper_scale(course.chapters[0].diagrams) == pytest.approx(
        high * 96 / 72 / 16), "the premise: labels at the largest paper size"

    assert build_handouts(BuildOptions(source, tmp_path / "out", jobs=1)).ok
    after = layout((tmp_path / "out" / "handouts" / kind.file_name("01-chapitre")).read_bytes())
    assert after.diagram_page == after.text_page, "the diagram is drawn in the gap"
    assert after.empty < 0.15, "the page is no longer left mostly empty"
    label_pt = high * after.label_height / before.label_height
    assert label_pt >= low - 0.05, f"labels at {label_pt:.2f} pt, under the {low} pt floor"
    assert label_pt < high, "drawn smaller than the document's size"


def test_a_diagram_that_would_get_too_small_stays_on_the_next_page(
        tmp_path: Path, reading_course: tuple[Path, Layout]) -> None:
    """With less room than 8 pt labels need, the diagram keeps its size on the next page."""
    source, before = _first_pushed(READING, tmp_path, reading_course)
    text = (source / "01-chapitre.md").read_text("utf-8")
    more = text.replace("Dernier", "\n\n".join([SENTENCE] * 4) + "\n\nDernier")
    (source / "01-chapitre.md").write_text(more, "utf-8")
    crowded = layout(unfitted(source, READING))
    assert crowded.diagram_page > crowded.text_page and crowded.empty > 0.2

    assert build_handouts(BuildOptions(source, tmp_path / "out", jobs=1)).ok
    after = layout((tmp_path / "out" / "handouts" / READING.file_name("01-chapitre"))
                   .read_bytes())
    assert after.diagram_page > after.text_page
    assert after.label_height == pytest.approx(before.label_height, abs=0.01)
