"""The paper bound: a chapter whose PDFs would be too much layout is refused paper at its path,
exit 1, its deck built, its previous PDFs intact, the other chapters' PDFs built; and the
estimate behind it agrees with the pages WeasyPrint makes of real chapters."""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from coursebuild import paper_bound
from coursebuild.cli import cli
from coursebuild.handout_kinds import kind_named
from coursebuild.handouts import write_generated_css
from coursebuild.model import Course
from coursebuild.paper_bound import estimate_chapter
from coursebuild.pdf import html_to_pdf
from coursebuild.pipeline import BuildOptions, prepare
from coursebuild.templating import environment
from tests.conftest import CHAPTERS, one_job, write_course

CONFIG = "title: Cours\nlang: fr\nhandouts:\n  kinds: [reading, slides, course]\n"
GOOD = {
    "01-ok": "# Court\n\n## Partie\n\nUn paragraphe.\n",
    "02-long": "# Long\n\n## Partie\n\nPour l'instant, court.\n",
}
BOUND = 40  # the chapter bound while testing: small chapters, built fast


def prose(paragraphs: int) -> str:
    sentence = "Le conteneur démarre un processus isolé dans ses espaces de noms. "
    return "\n\n".join(sentence * 6 for _ in range(paragraphs))


def diagrams(count: int, nodes: int) -> str:
    links = "\n".join(f"    n{i}[étape {i}] --> n{(i * 7 + 3) % nodes}" for i in range(nodes))
    return "\n\n".join(f"```mermaid\nflowchart TD\n{links}\n```" for _ in range(count))


def code(blocks: int) -> str:
    lines = "".join(f"def step_{i}(state: dict) -> dict:\n    return {{**state, 'n': {i}}}\n"
                    for i in range(8))
    return "\n".join(f"### Étape {n}\n\n```python\n{lines}```\n" for n in range(blocks))


@dataclass(frozen=True)
class Case:
    text: str  # appended to 02-long
    message: str  # a regular expression the output must hold
    files: tuple[tuple[str, str], ...] = ()  # (name, text) written into the course
    chapter_bound: int = BOUND
    book_bound: int = paper_bound.MAX_BOOK_PAGES


SVG = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300">'
       + "".join(f'<rect x="{i % 40 * 10}" y="{i // 40 * 10}" width="9" height="9" fill="#369"/>'
                 for i in range(1000)) + "</svg>\n")
CHAPTER_MESSAGE = (r"02-long\.md: its handouts would take about \d+ pages' worth of layout "
                   r"\(reading \d+ pages?, slides \d+{}\), more than the 40 a chapter's handouts "
                   r"may have: split the chapter{}")

CASES = {
    "long text, the book over its bound too": Case(prose(200), CHAPTER_MESSAGE.format("", ""),
                                                   book_bound=5),
    "many slides": Case("".join(f"\n---\n\nDiapo {n}.\n" for n in range(400)),
                        CHAPTER_MESSAGE.format("", "")),
    "large diagrams": Case(diagrams(3, 300),
                           CHAPTER_MESSAGE.format("; mostly diagrams", " or its diagrams")),
    "highlighted code": Case(code(12), CHAPTER_MESSAGE.format("; mostly highlighted code", "")),
    "emoji": Case(" ".join(["🐳"] * 600), CHAPTER_MESSAGE.format("; mostly emoji", "")),
    "an SVG image used again and again": Case(
        "\n\n".join(["![schéma](images/schema.svg)"] * 200),
        CHAPTER_MESSAGE.format("; mostly SVG images", ""), files=(("images/schema.svg", SVG),)),
    "the book": Case(prose(2), r"course\.yaml: the book \(course\.pdf\) would take about \d+ "
                     r"pages' worth of layout, more than the 5 it may have: leave 'course' out "
                     r"of handouts: kinds, or split the course",
                     chapter_bound=paper_bound.MAX_CHAPTER_PAGES, book_bound=5),
}
MARKER = "Marqueur de cette version."


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A course and its outputs, built once; each case works on a copy."""
    folder = tmp_path_factory.mktemp("built")
    course = write_course(folder / "course", GOOD, CONFIG)
    code, output = run("all", course, folder / "out")
    assert code == 0, output
    return folder


def run(command: str, course: Path, out: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [command, "--source", str(course), "--out", str(out),
                                      *one_job(command)])
    return result.exit_code, result.output


def pdfs(out: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted((out / "handouts").glob("*.pdf"))}


@pytest.mark.parametrize("name", list(CASES))
def test_paper_refused(built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                       name: str) -> None:
    case = CASES[name]
    monkeypatch.setattr(paper_bound, "MAX_CHAPTER_PAGES", case.chapter_bound)
    monkeypatch.setattr(paper_bound, "MAX_BOOK_PAGES", case.book_bound)
    shutil.copytree(built, tmp_path, dirs_exist_ok=True)
    course, out = tmp_path / "course", tmp_path / "out"
    before = pdfs(out)
    for name_ in ("01-ok.pdf", "01-ok-slides.pdf"):  # the other chapter's PDFs must be rebuilt
        (out / "handouts" / name_).unlink()
    for name_, text in case.files:
        (course / name_).parent.mkdir(parents=True, exist_ok=True)
        (course / name_).write_text(text, encoding="utf-8")
    chapter = course / "02-long.md"
    chapter.write_text(f"{chapter.read_text(encoding='utf-8')}\n{MARKER}\n\n{case.text}\n",
                       encoding="utf-8")

    code, output = run("all", course, out)

    assert re.search(case.message, output), output
    assert output.count("worth of layout") == 1, output  # the book needs every chapter anyway
    assert code == 1, output
    assert "Traceback" not in output
    assert MARKER in (out / "slides" / "02-long.html").read_text(encoding="utf-8")  # deck built
    after = pdfs(out)
    assert set(after) == set(before)  # the other chapter's PDFs are back, nothing else lost
    assert after["course.pdf"] == before["course.pdf"]  # the book is all chapters or none
    if name != "the book":
        assert after["02-long.pdf"] == before["02-long.pdf"]
        assert after["02-long-slides.pdf"] == before["02-long-slides.pdf"]
    else:
        assert after["02-long.pdf"] != before["02-long.pdf"]
    landing = (out / "slides" / "index.html").read_text(encoding="utf-8")
    assert "01-ok.pdf" in landing
    # the refused chapter's PDFs are still linked, marked as the previous version
    assert ("le chapitre est devenu trop long pour le papier" in landing) == (name != "the book")
    assert not list(out.rglob("*.tmp"))


@pytest.mark.parametrize("name", ["long text, the book over its bound too", "the book"])
def test_check_reports_what_handouts_would_refuse(built: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  name: str) -> None:
    case = CASES[name]
    monkeypatch.setattr(paper_bound, "MAX_CHAPTER_PAGES", case.chapter_bound)
    monkeypatch.setattr(paper_bound, "MAX_BOOK_PAGES", case.book_bound)
    course = write_course(tmp_path / "course", GOOD, CONFIG)
    chapter = course / "02-long.md"
    chapter.write_text(f"{chapter.read_text(encoding='utf-8')}\n{case.text}\n", encoding="utf-8")
    code, output = run("check", course, tmp_path / "out")
    assert code == 1, output
    assert re.search(case.message, output), output
    assert not (tmp_path / "out").exists()  # check writes nothing


def test_within_the_bound_nothing_is_refused(built: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The same chapters build when the bound is above them: the bound, not the content, refuses."""
    monkeypatch.setattr(paper_bound, "MAX_CHAPTER_PAGES", 10_000)
    shutil.copytree(built, tmp_path, dirs_exist_ok=True)
    chapter = tmp_path / "course" / "02-long.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n" + prose(3) + "\n",
                       encoding="utf-8")
    code, output = run("handouts", tmp_path / "course", tmp_path / "out")
    assert code == 0, output
    assert "worth of layout" not in output


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> tuple[Course, Path]:
    course, diagnostics = prepare(BuildOptions(CHAPTERS, CHAPTERS))
    assert not diagnostics.errors
    scratch = tmp_path_factory.mktemp("css")
    write_generated_css(environment(CHAPTERS), scratch, course.config.theme)
    return course, scratch


@pytest.mark.course
@pytest.mark.parametrize(("stem", "kind"), [
    ("00-Container-Runtimes", "reading"),
    ("00-Container-Runtimes", "slides"),
    ("00-Container-Runtimes", "notes"),
    ("03-CRI-O", "reading"),
])
def test_estimate_matches_real_pages(shipped: tuple[Course, Path], stem: str, kind: str) -> None:
    course, scratch = shipped
    chapter = course.chapter(stem)
    assert chapter is not None
    html = kind_named(kind).render(environment(CHAPTERS), course, chapter, scratch)
    real = len(PdfReader(io.BytesIO(html_to_pdf(html, CHAPTERS, scratch, scratch).data)).pages)
    estimated = estimate_chapter(chapter, course.config.handouts.paper).pages[kind]
    assert abs(estimated - real) <= max(1, real // 7), (estimated, real)


def chain(nodes: int, direction: str) -> str:
    links = "\n".join(f"    a{i}[étape {i}] --> a{i + 1}[étape {i + 1}]" for i in range(nodes))
    return f"```mermaid\nflowchart {direction}\n{links}\n```"


DIAGRAM_CHAPTERS = {  # prose and diagrams at the reading handout's one scale
    "tall": [(12, "TD"), (13, "TD"), (12, "TD"), (14, "TD")],  # one a page: figures never break
    "mixed": [(4, "TD"), (7, "LR"), (10, "TD"), (3, "LR"), (6, "TD")],
    "td-chains": [(3, "TD"), (5, "TD"), (8, "TD"), (4, "TD"), (6, "TD"), (2, "TD")],
}


@pytest.mark.parametrize("name", list(DIAGRAM_CHAPTERS))
def test_estimate_matches_real_pages_with_diagrams(tmp_path: Path, name: str) -> None:
    body = "\n\n".join(f"{prose(1)}\n\n{chain(n, d)}" for n, d in DIAGRAM_CHAPTERS[name])
    source = write_course(tmp_path / "c", {"x": f"# X\n\n## Partie\n\n{body}\n"})
    course, _ = prepare(BuildOptions(source, tmp_path / "out"))
    write_generated_css(environment(source), tmp_path, course.config.theme)
    chapter = course.chapters[0]
    html = kind_named("reading").render(environment(source), course, chapter, tmp_path)
    real = len(PdfReader(io.BytesIO(html_to_pdf(html, source, tmp_path, tmp_path).data)).pages)
    estimated = estimate_chapter(chapter, course.config.handouts.paper).pages["reading"]
    assert abs(estimated - real) <= max(1, real // 7), (estimated, real)
    if name == "tall":
        assert estimated == real  # the old 640x440 box made these three pages


ESTIMATES: dict[str, tuple[Callable[[], str], str]] = {
    "prose": (lambda: prose(40), "text"),
    "code": (lambda: code(10), "highlighted code"),
    "diagrams": (lambda: diagrams(2, 200), "diagrams"),
    "emoji": (lambda: " ".join(["🎯"] * 400), "emoji"),
}


@pytest.mark.parametrize("name", list(ESTIMATES))
def test_estimate_names_what_costs_most(tmp_path: Path, name: str) -> None:
    make, mostly = ESTIMATES[name]
    course = write_course(tmp_path / "c", {"x": f"# X\n\n## Partie\n\n{make()}\n"})
    parsed, _ = prepare(BuildOptions(course, tmp_path))
    small = estimate_chapter(parsed.chapters[0])
    assert small.mostly == mostly
    (course / "x.md").write_text(f"# X\n\n## Partie\n\n{make()}\n\n{make()}\n", encoding="utf-8")
    parsed, _ = prepare(BuildOptions(course, tmp_path))
    double = estimate_chapter(parsed.chapters[0])
    assert 1.3 * small.total(paper_bound.KINDS) < double.total(paper_bound.KINDS)
