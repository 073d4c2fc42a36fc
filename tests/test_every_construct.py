"""Issue 15's done-when: a course that uses every authoring construct instructors bring from
Obsidian, reveal.js and Pandoc/Quarto (tests/fixtures/every_construct) passes ``check
--strict`` with nothing to say, builds its decks and every PDF kind, shows in Chromium each
fragment step, columns side by side and math drawn, and prints no syntax on paper."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from coursebuild.cli import cli
from coursebuild.handout_kinds import BOOK_STEM, BOOKS, CHAPTER_KINDS
from coursebuild.pipeline import BuildOptions, build_handouts, build_slides
from tests.conftest import FIXTURES, needs_chromium
from tests.handout_checks import page_texts

COURSE = FIXTURES / "every_construct"
LITERALS = ("$", "==", "[^", ":::", ". . .", "%%", "[!", "![[", "<!--", "{width", "[1|")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("every") / "course"
    shutil.copytree(COURSE, folder)
    out = folder.parent / "out"
    for build in (build_slides, build_handouts):
        result = build(BuildOptions(folder, out, jobs=2, strict=True))
        assert result.ok and not result.diagnostics.items, \
            [str(d) for d in result.diagnostics.items]
    return out


def test_check_strict_has_nothing_to_say() -> None:
    result = CliRunner().invoke(cli, ["check", "--strict", "--source", str(COURSE)])
    assert result.exit_code == 0, result.output
    assert "0 error(s), 0 warning(s)" in result.output, result.output


def test_every_pdf_kind_is_built_and_prints_no_syntax(built: Path) -> None:
    pdfs = sorted((built / "handouts").glob("*.pdf"))
    expected = {f"{chapter.stem}{kind.suffix}.pdf" for chapter in COURSE.glob("*.md")
                for kind in CHAPTER_KINDS} | {f"{BOOK_STEM}{kind.suffix}.pdf" for kind in BOOKS}
    assert {p.name for p in pdfs} == expected
    for pdf in pdfs:
        text = "\n".join(page_texts(pdf))
        for literal in LITERALS:
            assert literal not in text, (pdf.name, literal)


@needs_chromium
def test_the_deck_steps_through_fragments_columns_and_math(browser, built: Path) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    try:
        page.goto((built / "slides" / "02-mise-en-page.html").as_uri())
        page.wait_for_function("() => window.Reveal && Reveal.isReady()")
        found = page.evaluate("""() => {
            const out = {};
            for (const section of document.querySelectorAll('.slides section:not(.stack)')) {
                const at = Reveal.getIndices(section);
                Reveal.slide(at.h, at.v, -1);
                const title = (section.querySelector('h2, h3') || {}).textContent || '';
                let steps = 0;
                while (Reveal.availableFragments().next && steps < 20) {
                    Reveal.nextFragment(); steps += 1;
                }
                const columns = [...section.querySelectorAll('.column')]
                    .map(c => c.getBoundingClientRect()).map(r => ({x: r.left, y: r.top}));
                const maths = [...section.querySelectorAll('svg.math, .math svg')]
                    .map(m => m.getBoundingClientRect()).map(r => r.width * r.height);
                out[title.trim()] = {steps, columns, maths};
            }
            return out;
        }""")
    finally:
        page.close()
    assert found["Fragments"]["steps"] >= 4  # one pause, three list items
    assert found["Directives reveal.js"]["steps"] >= 1
    assert found["Code pas à pas"]["steps"] >= 1
    left, right = found["Colonnes"]["columns"]
    assert right["x"] > left["x"] + 100 and abs(right["y"] - left["y"]) < 2
    assert len(found["Mathématiques"]["maths"]) == 2
    assert all(area > 100 for area in found["Mathématiques"]["maths"])
