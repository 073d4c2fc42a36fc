"""A chapter is laid out once for its reading handout and the book of that edition
(reading_pdf.py): the book's part of a chapter is its reading without the footer; the
reading's own "n / N" is stamped; its link to another chapter's reading becomes an internal
link in the book, landing on the heading's page."""

from __future__ import annotations

import re
from collections import Counter
from io import BytesIO
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from coursebuild import pdf as pdf_module
from coursebuild.errors import Diagnostics
from coursebuild.pdf_jobs import pdf_jobs, phases
from coursebuild.pipeline import BuildOptions, build_handouts, prepare
from tests.conftest import write_course
from tests.test_book_parts import CHAPTERS

TITLES = {"00-index": "Cours de test", "01-un": "Premier", "02-deux": "Deuxième"}


def _config(kinds: str) -> str:
    return f"title: Cours de test\nlang: fr\nhandouts:\n  kinds: [{kinds}]\n"


@pytest.fixture
def built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Counter, int]:
    """A cold build of readings and book in one process: each layout's chapter titles."""
    folder = write_course(tmp_path / "course", CHAPTERS, _config("reading, course"))
    laid: Counter = Counter()
    render = pdf_module._render  # noqa: SLF001

    def counted(source: object) -> object:
        root = source.etree_element  # type: ignore[attr-defined]
        laid.update("".join(h.itertext()) for h in root.iter("h1")
                    if "chapter-title" in (h.get("class") or ""))
        return render(source)

    monkeypatch.setattr(pdf_module, "_render", counted)
    start = pdf_module.LAYOUTS["count"]
    result = build_handouts(BuildOptions(folder, tmp_path / "out", jobs=1))
    assert result.ok, [str(d) for d in result.diagnostics.items]
    return tmp_path / "out" / "handouts", laid, pdf_module.LAYOUTS["count"] - start


def test_a_cold_build_lays_out_each_chapter_once(built: tuple[Path, Counter, int]) -> None:
    handouts, laid, layouts = built
    assert sorted(p.name for p in handouts.glob("*.pdf")) == [
        "00-index.pdf", "01-un.pdf", "02-deux.pdf", "course.pdf"]
    assert laid == Counter({title: 1 for title in TITLES.values()})
    counts = {len(PdfReader(handouts / f"{stem}.pdf").pages) for stem in TITLES}
    # besides the chapters: the front matter (twice at most, its page count guessed), one
    # footers overlay per page count of a reading or the book
    assert layouts <= len(TITLES) + 2 + len(counts) + 1


def test_each_reading_page_carries_its_number(built: tuple[Path, Counter, int]) -> None:
    handouts = built[0]
    for stem in TITLES:
        texts = [page.extract_text() for page in PdfReader(handouts / f"{stem}.pdf").pages]
        for number, text in enumerate(texts, start=1):
            assert re.search(rf"(^|\n)\s*{number} / {len(texts)}\s*$", text), (stem, number)
    assert len(PdfReader(handouts / "02-deux.pdf").pages) > 1


def test_a_readings_link_to_another_chapter_lands_on_its_page_in_the_book(
        built: tuple[Path, Counter, int]) -> None:
    handouts = built[0]
    reading = pikepdf.open(handouts / "01-un.pdf")
    actions = [a.A for page in reading.pages for a in page.obj.get("/Annots", [])
               if "/A" in a and a.A.get("/S") == "/GoToR"]
    assert [(str(a.F), str(a.D)) for a in actions] == [("02-deux.pdf", "cible")], \
        "the reading links to the other reading, at the anchor"
    book = pikepdf.open(handouts / "course.pdf")
    texts = [page.extract_text() for page in PdfReader(handouts / "course.pdf").pages]
    index = {page.obj.objgen: n for n, page in enumerate(book.pages)}
    names = book.Root.Names.Dests.Names
    dests = {str(k): index[v[0].objgen] for k, v in zip(names[::2], names[1::2], strict=True)}
    links = [(n, str(a.Dest)) for n, page in enumerate(book.pages)
             for a in page.obj.get("/Annots", []) if "/Dest" in a]
    source = next(n for n, name in links if name == "02-deux--cible" and "la cible" in texts[n])
    assert "Premier" in texts[source] or "Suite" in texts[source]
    assert "Ici." in texts[dests["02-deux--cible"]]
    assert "02-deux--top" in dests and "top" not in dests, "every chapter's names prefixed"
    assert not any("/A" in a and a.A.get("/S") == "/GoToR" for page in book.pages
                   for a in page.obj.get("/Annots", []))


def test_the_book_keeps_each_chapters_resources_and_two_outline_levels(
        built: tuple[Path, Counter, int]) -> None:
    handouts = built[0]
    texts = [page.extract_text() for page in PdfReader(handouts / "course.pdf").pages]
    resources = [n for n, text in enumerate(texts) if "https://example.org" in text]
    assert resources and all("Ici." in "".join(texts[n - 1:n + 1]) for n in resources[-1:])
    depths: list[int] = []
    with pikepdf.open(handouts / "course.pdf").open_outline() as outline:
        stack = [(item, 1) for item in outline.root]
        while stack:
            item, depth = stack.pop()
            depths.append(depth)
            stack += [(child, depth + 1) for child in item.children]
    assert max(depths) == 2 and depths.count(1) >= 4


def test_a_book_waits_for_the_readings_it_is_made_of(tmp_path: Path) -> None:
    folder = write_course(tmp_path / "course", CHAPTERS, _config("reading, slides, course"))
    course, _ = prepare(BuildOptions(folder, tmp_path / "out"))
    todo = {"course.pdf", *(f"{stem}{suffix}.pdf" for stem in TITLES
                            for suffix in ("", "-slides"))}
    first, last = phases(pdf_jobs(course, course.chapters, todo, Diagnostics()))
    assert [stem for _, stem in last] == [""] and all(stem for _, stem in first)
    no_reading = todo - {f"{stem}.pdf" for stem in TITLES}
    first, last = phases(pdf_jobs(course, course.chapters, no_reading, Diagnostics()))
    assert last == [] and first[0][1] == "", "no reading made: the book first, as before"


def test_the_instructor_book_is_made_of_the_instructor_readings(tmp_path: Path) -> None:
    folder = write_course(tmp_path / "course", CHAPTERS,
                          _config("reading, instructor, course, course-instructor"))
    result = build_handouts(BuildOptions(folder, tmp_path / "out", jobs=1))
    assert result.ok, [str(d) for d in result.diagnostics.items]
    handouts = tmp_path / "out" / "handouts"
    texts = [p.extract_text() for p in PdfReader(handouts / "course-instructor.pdf").pages]
    assert any("Oui." in text for text in texts), "the answer, in place"
    assert not any("Oui." in text for text in
                   (p.extract_text() for p in PdfReader(handouts / "course.pdf").pages))
    reading = PdfReader(BytesIO((handouts / "01-un-instructor.pdf").read_bytes()))
    assert "Oui." in "".join(page.extract_text() for page in reading.pages)


def test_the_reading_header_carries_the_course_name_as_written(tmp_path: Path) -> None:
    """The running header's course name is set by CSS (string-set), every character but
    letters and digits escaped: a space after an escape is kept."""
    folder = write_course(tmp_path / "course", {"01-un": CHAPTERS["01-un"]},
                          "title: Cours - l'essai\nlang: fr\nhandouts:\n  kinds: [reading]\n")
    assert build_handouts(BuildOptions(folder, tmp_path / "out", jobs=1)).ok
    pages = PdfReader(tmp_path / "out" / "handouts" / "01-un.pdf").pages
    assert pages and all("Cours - l'essai Premier" in page.extract_text().replace("\xa0", " ")
                         for page in pages)


def test_a_course_numbering_its_pages_elsewhere_is_numbered_once(tmp_path: Path) -> None:
    """A course's stylesheet that prints "Page n" bottom right (and nothing bottom centre):
    each reading page says it once, and each book page its book-wide number, once."""
    folder = write_course(tmp_path / "course", CHAPTERS,
                          _config("reading, course") + "css: [pages.css]\n")
    (folder / "pages.css").write_text(
        '@page { @bottom-center { content: none; } '
        '@bottom-right { content: "Page " counter(page); } }', "utf-8")
    assert build_handouts(BuildOptions(folder, tmp_path / "out", jobs=1)).ok
    handouts = tmp_path / "out" / "handouts"
    for name in ("01-un.pdf", "course.pdf"):
        for number, page in enumerate(PdfReader(handouts / name).pages, start=1):
            text = page.extract_text() or ""
            if "Page" not in text:  # the cover, a blank page
                continue
            assert re.findall(r"Page \d+", text) == [f"Page {number}"], (name, number)
