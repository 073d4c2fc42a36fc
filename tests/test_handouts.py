"""The handouts of a whole course (the tests' small one), read back from the PDFs: text,
outline, links, metadata, page counts, and rendered pixels."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from coursebuild.handouts import render_reading, write_generated_css
from coursebuild.pipeline import BuildOptions, build_handouts, prepare
from coursebuild.templating import environment
from coursebuild.views import navigation_slide
from tests.conftest import SMALL, write_course
from tests.handout_checks import (
    has_colour,
    outline_titles,
    page_texts,
    render_page,
    text_outside_page,
)

A4 = (595, 842)
SLIDE = (960, 540)  # 1280 × 720 CSS px in points


@pytest.fixture(scope="session")
def handouts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("handouts-out")
    result = build_handouts(BuildOptions(SMALL, out, jobs=2))
    assert result.ok, [str(d) for d in result.diagnostics.items]
    return out / "handouts"


@pytest.fixture(scope="session")
def texts(handouts: Path) -> Callable[[str], list[str]]:
    """Each PDF's page texts, extracted once for every test that reads them."""
    extracted: dict[str, list[str]] = {}

    def read(name: str) -> list[str]:
        if name not in extracted:
            extracted[name] = page_texts(handouts / name)
        return extracted[name]

    return read


@pytest.fixture(scope="session")
def course():
    course, _ = prepare(BuildOptions(SMALL, SMALL))
    return course


def test_every_kind_of_pdf_is_written(handouts: Path, course) -> None:
    names = {p.name for p in handouts.glob("*.pdf")}
    for chapter in course.chapters:
        for suffix in ("", "-slides", "-notes", "-instructor"):
            assert f"{chapter.stem}{suffix}.pdf" in names
    assert {"course.pdf", "course-instructor.pdf"} <= names


@pytest.mark.parametrize("name, size", [
    ("02-Moteur.pdf", A4), ("02-Moteur-notes.pdf", A4),
    ("02-Moteur-slides.pdf", SLIDE), ("course.pdf", A4)])
def test_page_sizes(handouts: Path, name: str, size: tuple[int, int]) -> None:
    for page in PdfReader(handouts / name).pages:
        box = page.mediabox
        assert (round(float(box.width)), round(float(box.height))) == size


def test_metadata_language_and_tags(handouts: Path) -> None:
    reader = PdfReader(handouts / "03-Baleine.pdf")
    assert reader.metadata.title.startswith("La baleine · Cours d'essai")
    assert reader.metadata.author == "Équipe de test"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "fr"
    assert bool(root["/MarkInfo"]["/Marked"])  # tagged (PDF/UA-1)
    assert "/StructTreeRoot" in root


def test_reading_handout_has_all_headings_in_outline_and_text(handouts: Path, course,
                                                               texts) -> None:
    chapter = course.chapter("02-Moteur")
    titles = outline_titles(handouts / "02-Moteur.pdf")
    text = "\n".join(texts("02-Moteur.pdf"))
    headings = chapter.headings()
    assert {heading.level for heading in headings} == {1, 2, 3}
    for heading in headings:
        assert heading.text in titles
        assert heading.text.split(" ")[0] in text


def test_speaker_notes_are_the_instructors_alone(handouts: Path, course, texts) -> None:
    """Printed in the instructor's edition, in no file of the students'."""
    chapter = course.chapter("01-Introduction")
    notes = [" ".join(t.children[0].content.split()[:4]) for s in chapter.slides
             for t in s.notes if t.type == "inline" and t.children]
    assert notes

    def text(name: str) -> str:
        return " ".join(" ".join(texts(name)).split())

    instructor = text("01-Introduction-instructor.pdf")
    assert [note for note in notes if note not in instructor] == []
    for name in ("01-Introduction.pdf", "01-Introduction-slides.pdf",
                 "01-Introduction-notes.pdf", "course.pdf"):
        assert [note for note in notes if note in text(name)] == [], name
    assert notes[0] in text("course-instructor.pdf")


def test_every_resource_url_is_printed(handouts: Path, course, texts) -> None:
    book = "".join("".join(texts("course.pdf")).split())
    for chapter in course.chapters:
        text = "".join("".join(texts(f"{chapter.stem}.pdf")).split())
        assert chapter.resources, chapter.stem
        for resource in chapter.resources:
            assert resource.url in text, (chapter.stem, resource.url)
            assert resource.url in book


def test_wiki_links_point_to_the_other_pdfs(handouts: Path) -> None:
    targets = set()
    for page in PdfReader(handouts / "00-Accueil.pdf").pages:
        for annot in page.get("/Annots", []):
            action = annot.get_object().get("/A", {})
            if action.get("/S") == "/GoToR":
                targets.add(action["/F"])
    assert {"01-Introduction.pdf", "03-Baleine.pdf"} <= targets


def test_book_links_are_internal(handouts: Path) -> None:
    reader = PdfReader(handouts / "course.pdf")
    kinds = [annot.get_object().get("/A", {}).get("/S") or annot.get_object().get("/Dest")
             and "dest" for page in reader.pages for annot in page.get("/Annots", [])]
    assert "/GoToR" not in kinds
    assert kinds.count("dest") + kinds.count("/GoTo") > 20


def test_slides_pdf_has_one_page_per_slide(handouts: Path, course) -> None:
    """One page per slide the deck shows: the navigation line after the final ``---`` is the
    footer, not a page; the index gets its agenda slide."""
    for stem in ("00-Accueil", "02-Moteur"):
        chapter = course.chapter(stem)
        slides = (len(chapter.slides) - (navigation_slide(chapter) is not None)
                  + (chapter is course.index))
        assert len(PdfReader(handouts / f"{stem}-slides.pdf").pages) == slides
        assert len(PdfReader(handouts / f"{stem}-notes.pdf").pages) == math.ceil(slides / 3)


@pytest.mark.parametrize("name", ["02-Moteur-slides.pdf", "00-Accueil-slides.pdf",
                                  "course.pdf", "01-Introduction.pdf", "01-Introduction-notes.pdf"])
def test_no_text_runs_outside_the_page(handouts: Path, name: str, texts) -> None:
    assert text_outside_page(handouts / name, texts(name)) == []


def test_toc_page_numbers_match_where_chapters_start(handouts: Path, course, texts) -> None:
    # French spacing glues a dash typed between spaces to the word before it (no-break space)
    pages = [text.replace("\xa0", " ") for text in texts("course.pdf")]
    toc = "\n".join(t for t in pages[:4] if "Sommaire" in t or "...." in t)
    for chapter in course.chapters:
        found = re.search(re.escape(chapter.plain_title) + r"\s*\.{3,}\s*(\d+)", toc)
        assert found, chapter.plain_title
        start = int(found.group(1))
        assert start % 2 == 1, "chapters start on a right-hand page"
        first_lines = pages[start - 1].split("\n")[:4]
        if chapter.plain_title != course.config.title:  # the index says its title once
            assert first_lines[0] == course.config.title.upper()  # the chapter's title block
        assert chapter.plain_title.split(" ")[0] in " ".join(first_lines)


def test_emoji_headings_are_drawn_not_boxes(handouts: Path, tmp_path: Path) -> None:
    # 🔷 (Twemoji's large blue diamond, #5DADEC) beside the chapter's title, on paper.
    first_page = render_page(handouts / "02-Moteur.pdf", 1, tmp_path)
    assert has_colour(first_page, "#5dadec")


def test_emoji_reach_weasyprint_as_svg_images(tmp_path: Path, course) -> None:
    env = environment(SMALL)
    write_generated_css(env, tmp_path)
    html = render_reading(env, course, course.chapter("03-Baleine"), tmp_path)
    assert re.search(r'<img class="emoji" draggable="false" alt="🐳" src="file://[^"]+/1f433\.svg"',
                     html)
    text_outside_tags = re.sub(r"<[^>]+>", "", html)
    assert "🐳" not in text_outside_tags.replace('alt="🐳"', "")


def test_long_code_lines_wrap_instead_of_being_cut(tmp_path: Path) -> None:
    long_line = "ctr run --rm --runtime io.containerd.runc.v2 " + "--label k=v " * 20 + "END"
    course = write_course(tmp_path / "c", {"c": f"# C\n\n```bash\n{long_line}\n```\n"},
                          config="title: T\nhandouts:\n  kinds: [reading]\n")
    result = build_handouts(BuildOptions(course, tmp_path, jobs=1))
    assert result.ok
    pdf = tmp_path / "handouts" / "c.pdf"
    assert "".join(long_line.split()) in "".join(" ".join(page_texts(pdf)).split())
    assert text_outside_page(pdf) == []


def test_letter_paper_and_speaker_notes_option(tmp_path: Path) -> None:
    config = ("title: T\nhandouts:\n  paper: Letter\n  kinds: [notes]\n"
              "  notes_lines: speaker\n")
    course = write_course(tmp_path / "c", {"c": "# C\n\n## S\n\nVu.\n\nNote: dit à voix haute\n"},
                          config=config)
    assert build_handouts(BuildOptions(course, tmp_path, jobs=1)).ok
    reader = PdfReader(tmp_path / "handouts" / "c-notes-instructor.pdf")  # the lecturer's
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    assert "dit à voix haute" in reader.pages[0].extract_text()
    assert not (tmp_path / "handouts" / "c.pdf").exists()
    assert not (tmp_path / "handouts" / "c-notes.pdf").exists()


STACK_COLOURS = ["#ff9800", "#326ce5", "#4caf50", "#00d8ff", "#2496ed", "#e91e63", "#607d8b"]


@pytest.mark.parametrize("name", ["00-Accueil.pdf", "00-Accueil-slides.pdf"])
def test_stack_diagram_is_in_colour_on_paper(handouts: Path, tmp_path: Path, name: str,
                                             texts) -> None:
    page = next(i for i, text in enumerate(texts(name), start=1) if "Linux Kernel" in text)
    image = render_page(handouts / name, page, tmp_path, dpi=50)
    missing = [colour for colour in STACK_COLOURS if not has_colour(image, colour)]
    assert missing == []


def test_the_overflow_check_sees_text_off_the_page(tmp_path: Path) -> None:
    import weasyprint

    pdf = tmp_path / "overflow.pdf"
    weasyprint.HTML(string='<p style="margin-left: 250mm">dehors</p><p>dedans</p>').write_pdf(pdf)
    assert text_outside_page(pdf) == ["page 1: 'dehors'"]
