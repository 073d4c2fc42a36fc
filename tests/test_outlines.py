"""A build with some stale outputs parses in full (and draws) only the chapters it renders; the
others are outlined from what the manifest remembers. Whatever it parses, every page it writes
is the page a cold build writes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coursebuild import diagrams, parsing
from coursebuild.incremental import MANIFEST
from coursebuild.pipeline import BuildOptions, BuildResult, build_handouts, build_slides
from tests.conftest import write_course

DIAGRAM = "```mermaid\nflowchart LR\n  A --> B\n```\n"
CHAPTERS = {
    "00-index": "# ⚙️ Cours `outlines`\n\n## Plan\n\n- [[01-un#Détails|Un]]\n- [[02-deux]]\n",
    "01-un": "# 📖 Un\n\n## Détails\n\nTexte <b>brut</b>.\n\n" + DIAGRAM,
    "02-deux": "# 🔷 Deux\n\nVoir [[01-un#Détails]].\n\n## Schéma\n\n" + DIAGRAM,
}
CONFIG = "title: Cours de test\nlang: fr\nindex: 00-index\n"


@pytest.fixture
def course(tmp_path: Path) -> Path:
    return write_course(tmp_path / "course", CHAPTERS, CONFIG)


@pytest.fixture
def work(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """The chapters each build parses in full and draws the diagrams of, by stem."""
    done: dict[str, list[str]] = {"parsed": [], "drawn": []}
    parse, draw = parsing.parse_chapter, diagrams.render_chapter_diagrams

    def parse_chapter(path: Path, text: str):  # a title's lines, parsed alone, do not count
        if text == path.read_text(encoding="utf-8"):
            done["parsed"].append(path.stem)
        return parse(path, text)

    def render_chapter_diagrams(course, chapter, diagnostics) -> None:
        done["drawn"].append(chapter.stem)
        draw(course, chapter, diagnostics)

    monkeypatch.setattr(parsing, "parse_chapter", parse_chapter)
    monkeypatch.setattr(diagrams, "render_chapter_diagrams", render_chapter_diagrams)
    return done


def slides(course: Path, out: Path) -> BuildResult:
    result = build_slides(BuildOptions(course, out, jobs=1))
    assert result.ok, [str(d) for d in result.diagnostics.items]
    return result


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def rebuilt(course: Path, tmp_path: Path, work: dict[str, list[str]],
            change: tuple[str, str, str]) -> BuildResult:
    """Build, change one chapter (stem, old, new), build again: that build's result, its
    counts in ``work``; every file under slides/ is the same as a cold build's."""
    slides(course, tmp_path / "out")
    edit(course / f"{change[0]}.md", *change[1:])
    for done in work.values():
        done.clear()
    result = slides(course, tmp_path / "out")
    counted = {name: list(done) for name, done in work.items()}
    cold = tmp_path / "cold"
    shutil.rmtree(cold, ignore_errors=True)
    slides(course, cold)
    work.update(counted)
    assert files(tmp_path / "out" / "slides") == files(cold / "slides")
    return result


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != MANIFEST}


def test_one_edit_parses_and_draws_only_the_edited_chapter(
        course: Path, tmp_path: Path, work: dict[str, list[str]]) -> None:
    result = rebuilt(course, tmp_path, work, ("02-deux", "Voir", "Lire"))
    assert {p.name for p in result.written} == {"02-deux.html", "index.html"}
    assert work == {"parsed": ["02-deux"], "drawn": ["02-deux"]}


def test_the_index_deck_edited_shows_every_title_outlined(
        course: Path, tmp_path: Path, work: dict[str, list[str]]) -> None:
    result = rebuilt(course, tmp_path, work, ("00-index", "[[02-deux]]", "[[02-deux|Deux]]"))
    assert {p.name for p in result.written} == {"00-index.html", "index.html"}
    assert work["parsed"] == ["00-index"]
    deck = (tmp_path / "out" / "slides" / "00-index.html").read_text(encoding="utf-8")
    assert "assets/emoji/1f537.svg" in deck  # 02-deux's title, in the agenda, drawn


def test_a_renamed_heading_rebuilds_the_decks_linking_to_it(
        course: Path, tmp_path: Path, work: dict[str, list[str]]) -> None:
    result = rebuilt(course, tmp_path, work, ("01-un", "## Détails", "## Précisions"))
    assert {p.name for p in result.written} == {
        "00-index.html", "01-un.html", "02-deux.html", "index.html"}
    assert set(work["parsed"]) == {"00-index", "01-un", "02-deux"}
    messages = {(d.path.name, d.message.split(":")[0]) for d in result.diagnostics.items}
    assert messages == {("00-index.md", "unresolved wiki-link [[01-un#Détails|Un]]"),
                        ("02-deux.md", "unresolved wiki-link [[01-un#Détails]]"),
                        ("01-un.md", "raw HTML is shown as text, not rendered")}


def test_the_warnings_of_the_chapters_not_parsed_are_reported(
        course: Path, tmp_path: Path, work: dict[str, list[str]]) -> None:
    first = slides(course, tmp_path / "out").diagnostics.items
    edit(course / "02-deux.md", "Voir", "Lire")
    work["parsed"].clear()
    again = slides(course, tmp_path / "out").diagnostics.items
    assert work["parsed"] == ["02-deux"]
    assert [str(d) for d in again] == [str(d) for d in first] and len(first) == 2
    assert all(d.path.name == "01-un.md" and "raw HTML" in d.message for d in first)


def test_a_chapter_embedding_notes_is_built_from_every_chapter_parsed(
        course: Path, tmp_path: Path, work: dict[str, list[str]]) -> None:
    edit(course / "02-deux.md", "Voir [[01-un#Détails]].", "![[01-un#Détails]]")
    result = rebuilt(course, tmp_path, work, ("02-deux", "A --> B", "A --> C"))
    assert {p.name for p in result.written} == {"02-deux.html", "index.html"}
    assert "01-un" in work["parsed"]  # the passage embedded is 01-un's own parse


def test_a_title_its_lines_alone_do_not_give_is_parsed_in_full(
        course: Path, tmp_path: Path, work: dict[str, list[str]]) -> None:
    """A reference link's definition is further down the file than its title."""
    edit(course / "01-un.md", "# 📖 Un", "# 📖 Un [site][s]")
    (course / "01-un.md").write_text((course / "01-un.md").read_text(encoding="utf-8")
                                     + "\n[s]: https://example.org\n", encoding="utf-8")
    rebuilt(course, tmp_path, work, ("02-deux", "Voir", "Lire"))
    assert sorted(work["parsed"]) == ["01-un", "02-deux"]
    landing = (tmp_path / "out" / "slides" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://example.org"' in landing


def test_handouts_without_a_book_parse_only_the_edited_chapter(
        course: Path, tmp_path: Path, work: dict[str, list[str]]) -> None:
    edit(course / "course.yaml", "lang: fr", "lang: fr\nhandouts:\n  kinds: [reading]")
    options = BuildOptions(course, tmp_path / "out", jobs=1)
    assert len(build_handouts(options).written) == 3
    edit(course / "02-deux.md", "Voir", "Lire")
    work["parsed"].clear()
    assert [p.name for p in build_handouts(options).written] == ["02-deux.pdf"]
    assert work["parsed"] == ["02-deux"]


def test_a_chapter_outlined_keeps_its_no_paper_note(
        course: Path, tmp_path: Path, work: dict[str, list[str]],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """What is too long for paper is remembered: the landing page rebuilt without parsing a
    chapter still says it has no PDF."""
    from coursebuild import paper_bound

    monkeypatch.setattr(paper_bound, "MAX_CHAPTER_PAGES", 0)  # every chapter is too long
    rebuilt(course, tmp_path, work, ("02-deux", "Voir", "Lire"))
    assert work["parsed"] == ["02-deux"]
    landing = (tmp_path / "out" / "slides" / "index.html").read_text(encoding="utf-8")
    assert landing.count("Pas de PDF : trop long pour le papier") == 3
