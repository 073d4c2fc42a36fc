"""Incremental builds: only what changed is rebuilt; nothing changed, nothing written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from coursebuild.incremental import MANIFEST
from coursebuild.pipeline import BuildOptions, build_handouts, build_slides
from tests.conftest import FIXTURES, write_course

CHAPTERS = {
    "00-index": "# ⚙️ Cours\n\n## Plan\n\n- [[01-un#Détails|Un]]\n- [[02-deux]]\n",
    "01-un": "# 📖 Un\n\n## Détails\n\nTexte.\n\n![Pixel](images/pixel.png)\n",
    "02-deux": "# 🔷 Deux\n\nVoir [[01-un]].\n",
}


@pytest.fixture
def course(tmp_path: Path) -> Path:
    folder = write_course(tmp_path / "course", CHAPTERS)
    (folder / "images").mkdir()
    pixel = (FIXTURES / "course" / "images" / "pixel.png").read_bytes()
    (folder / "images" / "pixel.png").write_bytes(pixel)
    return folder


def slides(course: Path, **options) -> set[str]:
    result = build_slides(BuildOptions(course, course.parent, jobs=1, **options))
    assert result.ok, [str(d) for d in result.diagnostics.items]
    return {p.name for p in result.written}


def edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_a_rebuild_with_nothing_changed_writes_nothing(course: Path) -> None:
    assert slides(course) == {"00-index.html", "01-un.html", "02-deux.html", "index.html"}
    before = {p: p.stat().st_mtime_ns for p in (course.parent / "slides").rglob("*")}
    assert slides(course) == set()
    after = {p: p.stat().st_mtime_ns for p in (course.parent / "slides").rglob("*")}
    assert after == before


def test_editing_one_chapter_rebuilds_it_and_the_landing_page(course: Path) -> None:
    slides(course)
    edit(course / "02-deux.md", "Voir", "Lire")
    assert slides(course) == {"02-deux.html", "index.html"}
    assert "Lire" in (course.parent / "slides" / "02-deux.html").read_text(encoding="utf-8")


def test_renaming_a_heading_rebuilds_the_decks_that_may_link_to_it(course: Path) -> None:
    slides(course)
    edit(course / "01-un.md", "## Détails", "## Précisions")
    edit(course / "00-index.md", "#Détails", "#Précisions")
    assert slides(course) == {"00-index.html", "01-un.html", "02-deux.html", "index.html"}
    deck = (course.parent / "slides" / "00-index.html").read_text(encoding="utf-8")
    assert 'href="01-un.html#/precisions"' in deck


def test_a_changed_image_is_copied_again_and_its_deck_rebuilt(course: Path) -> None:
    slides(course)
    image = course / "images" / "pixel.png"
    image.write_bytes(image.read_bytes() + b"\0")
    os.utime(image, ns=(1, 1))
    assert slides(course) == {"01-un.html"}
    copy = course.parent / "slides" / "assets" / "files" / "images" / "pixel.png"
    assert copy.read_bytes() == image.read_bytes()


def test_templates_and_config_rebuild_everything(course: Path) -> None:
    slides(course)
    (course / "templates").mkdir()
    (course / "templates" / "slide.html").write_text(
        '{% extends "default/slide.html" %}', encoding="utf-8")
    assert len(slides(course)) == 4
    edit(course / "course.yaml", "Cours de test", "Cours renommé")
    assert len(slides(course)) == 4


def test_force_rebuilds_and_deleting_outputs_means_a_cold_build(course: Path) -> None:
    slides(course)
    assert len(slides(course, force=True)) == 4
    (course.parent / "slides" / MANIFEST).unlink()
    assert len(slides(course)) == 4
    (course.parent / "slides" / "01-un.html").unlink()
    assert slides(course) == {"01-un.html"}


def test_removed_emoji_leave_the_assets(course: Path) -> None:
    slides(course)
    emoji = course.parent / "slides" / "assets" / "emoji"
    assert (emoji / "1f537.svg").is_file()
    edit(course / "02-deux.md", "🔷 ", "")
    slides(course)
    assert not (emoji / "1f537.svg").exists()


def test_warnings_are_repeated_by_a_build_with_nothing_to_do(course: Path) -> None:
    edit(course / "02-deux.md", "[[01-un]]", "[[99-absent]]")
    slides(course)
    result = build_slides(BuildOptions(course, course.parent, jobs=1))
    assert result.written == []
    assert [d.message for d in result.diagnostics.items] == [
        "unresolved wiki-link [[99-absent]]: no chapter named '99-absent'"]


def test_a_chapter_with_an_error_is_retried_until_fixed(course: Path) -> None:
    slides(course)
    edit(course / "02-deux.md", "Voir", "![x](images/none.png) Voir")
    result = build_slides(BuildOptions(course, course.parent, jobs=1))
    assert not result.ok and {p.name for p in result.written} == {"index.html"}
    again = build_slides(BuildOptions(course, course.parent, jobs=1))
    assert not again.ok  # reported again, not forgotten by the manifest
    edit(course / "02-deux.md", "![x](images/none.png) Voir", "Lire")
    assert "02-deux.html" in slides(course)


def test_handouts_rebuild_only_the_edited_chapter_and_the_book(course: Path) -> None:
    edit(course / "course.yaml", "lang: fr", "lang: fr\nhandouts:\n  kinds: [reading, course]")
    options = BuildOptions(course, course.parent, jobs=1)
    first = {p.name for p in build_handouts(options).written}
    assert first == {"00-index.pdf", "01-un.pdf", "02-deux.pdf", "course.pdf"}
    assert build_handouts(options).written == []
    edit(course / "02-deux.md", "Voir", "Lire")
    assert {p.name for p in build_handouts(options).written} == {"02-deux.pdf", "course.pdf"}


def test_an_edited_course_stylesheet_or_logo_rebuilds_the_decks(course: Path) -> None:
    (course / "style.css").write_text("h1 { color: red }\n", encoding="utf-8")
    (course / "course.yaml").write_text("title: T\ncss: [style.css]\nlogo: images/pixel.png\n",
                                        encoding="utf-8")
    slides(course)
    (course / "style.css").write_text("h1 { color: blue }\n", encoding="utf-8")
    assert "index.html" in slides(course)
    copied = course.parent / "slides" / "assets" / "files" / "style.css"
    assert copied.read_text(encoding="utf-8") == "h1 { color: blue }\n"
    pixel = course / "images" / "pixel.png"
    os.utime(pixel, ns=(pixel.stat().st_atime_ns, pixel.stat().st_mtime_ns + 10**9))
    assert "index.html" in slides(course)
