"""``build.py new``: a scaffolded course builds at once; new chapters are numbered and linked."""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from pathlib import Path

import pytest

from coursebuild.config import load_course_config
from coursebuild.errors import ContentError
from coursebuild.pipeline import BuildOptions, build_slides, check
from coursebuild.scaffold import (
    MAX_STEM_BYTES,
    add_chapter,
    new_chapter,
    new_course,
    stem_words,
    write_new,
)
from tests.conftest import write_course


def diagnostics(folder: Path, out: Path) -> list[str]:
    return [str(d) for d in check(BuildOptions(folder, out, strict=True)).diagnostics.items]


def entries(index: Path) -> list[str]:
    """The stems of the index's ``### [[stem|…]]`` entries, in order."""
    return re.findall(r"^### \[\[([^|\]]+)", index.read_text(encoding="utf-8"), re.MULTILINE)


def last_line(path: Path) -> str:
    return path.read_text(encoding="utf-8").rstrip().splitlines()[-1]


@pytest.mark.parametrize(("lang", "index", "first", "word"), [
    ("fr", "00-Sommaire", "01-Prise-en-main", "Objectifs"),
    ("en", "00-Index", "01-Getting-started", "Objectives"),
])
def test_new_course_is_clean_under_strict_check_and_builds(
        tmp_path: Path, lang: str, index: str, first: str, word: str) -> None:
    folder = tmp_path / "mon-cours"
    written = new_course(folder, lang=lang)
    assert written == [folder / "course.yaml", folder / f"{index}.md", folder / f"{first}.md",
                       folder / "images" / "markdown-to-slides.svg"]
    assert all(p.is_file() for p in written)
    config = load_course_config(folder / "course.yaml")
    assert (config.title, config.author, config.lang, config.index) == ("Mon cours", "", lang,
                                                                        index)
    assert word in (folder / f"{first}.md").read_text(encoding="utf-8")
    assert diagnostics(folder, tmp_path / "out") == []
    result = build_slides(BuildOptions(folder, tmp_path / "out", strict=True))
    assert result.ok, [str(d) for d in result.diagnostics.items]
    slides = tmp_path / "out" / "slides"
    assert sorted(p.name for p in slides.glob("*.html")) == sorted(
        [f"{index}.html", f"{first}.html", "index.html"])
    assert f'<html lang="{lang}"' in (slides / f"{first}.html").read_text(encoding="utf-8")


def test_first_chapter_shows_every_authoring_feature(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    new_course(folder)
    text = (folder / "01-Prise-en-main.md").read_text(encoding="utf-8")
    for feature in ("\n# ", "\n## ", "\n### ", "\n---\n", "\nNote: ", "\n|---|", "```bash",
                    "```mermaid", "\n    style ", "> [!tip]", "](images/markdown-to-slides.svg)",
                    "[[00-Sommaire|", "## 📚 Ressources", "](https://"):
        assert feature in f"\n{text}", feature
    index = (folder / "00-Sommaire.md").read_text(encoding="utf-8")
    for feature in ("# 🎓 C\n\n> ", "## 📑 Contenu", "### [[01-Prise-en-main|🚀 Prise en main]]",
                    "\n✅ ", "```mermaid", "## 📚 Ressources"):
        assert feature in index, feature
    svg = (folder / "images" / "markdown-to-slides.svg").read_text(encoding="utf-8")
    assert svg.startswith("<svg xmlns=\"http://www.w3.org/2000/svg\"")


def test_new_course_title_with_yaml_characters_round_trips(tmp_path: Path) -> None:
    title = 'Kubernetes : le "réseau" # avancé | M2'
    new_course(tmp_path / "k8s", title=title, lang="en-GB")
    config = load_course_config(tmp_path / "k8s" / "course.yaml")
    assert (config.title, config.lang, config.index) == (title, "en-GB", "00-Index")
    assert f"# 🎓 {title}\n" in (tmp_path / "k8s" / "00-Index.md").read_text(encoding="utf-8")


def test_new_course_in_an_existing_empty_folder(tmp_path: Path) -> None:
    folder = tmp_path / "vide"
    folder.mkdir()
    assert len(new_course(folder, title="  ")) == 4
    assert load_course_config(folder / "course.yaml").title == "Vide"


def test_new_course_refuses_a_non_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("à garder", encoding="utf-8")
    with pytest.raises(ContentError, match="not empty") as caught:
        new_course(tmp_path)
    assert caught.value.path == tmp_path
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_new_course_refuses_a_bad_language_code(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="language code"):
        new_course(tmp_path / "c", lang="fr; rm")
    assert not (tmp_path / "c").exists()


def test_new_chapter_twice_numbers_links_and_stays_clean(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    new_course(folder)
    second = new_chapter(folder, "Réseau des pods")
    third = new_chapter(folder, "  Stockage   persistant ")
    assert second == folder / "02-Reseau-des-pods.md"
    assert third == folder / "03-Stockage-persistant.md"
    index = folder / "00-Sommaire.md"
    assert entries(index) == ["01-Prise-en-main", "02-Reseau-des-pods", "03-Stockage-persistant"]
    assert "### [[03-Stockage-persistant|🔷 Stockage persistant]]\n- À compléter\n\n## 🎯" in (
        index.read_text(encoding="utf-8"))
    assert second.read_text(encoding="utf-8").startswith("# 📖 Réseau des pods\n\n> ")
    assert last_line(folder / "01-Prise-en-main.md") == (
        "🏠 [[00-Sommaire|Sommaire]] · ➡️ [[02-Reseau-des-pods|📖 Réseau des pods]]")
    assert last_line(second) == (
        "⬅️ [[01-Prise-en-main|🚀 Prise en main]] · 🏠 [[00-Sommaire|Sommaire]]"
        " · ➡️ [[03-Stockage-persistant|🔷 Stockage persistant]]")
    assert last_line(third) == (
        "⬅️ [[02-Reseau-des-pods|📖 Réseau des pods]] · 🏠 [[00-Sommaire|Sommaire]]")
    assert diagnostics(folder, tmp_path / "out") == []


def test_new_chapter_reports_the_files_it_edited(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    new_course(folder, lang="en")
    added = add_chapter(folder, "⚙️ Configuration")
    assert added.path == folder / "02-Configuration.md"
    assert added.edited == [folder / "00-Index.md", folder / "01-Getting-started.md"]
    assert added.notes == []
    assert added.path.read_text(encoding="utf-8").startswith("# ⚙️ Configuration\n\n> One")
    assert entries(folder / "00-Index.md")[-1] == "02-Configuration"


@pytest.mark.parametrize("title", ["Prise en main", "prise-en-MAIN", "Prisé en main !"])
def test_new_chapter_refuses_a_title_that_exists(tmp_path: Path, title: str) -> None:
    folder = tmp_path / "c"
    new_course(folder)
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    with pytest.raises(ContentError, match="already exists") as caught:
        new_chapter(folder, title)
    assert caught.value.path == folder / "01-Prise-en-main.md"
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before


def test_new_chapter_needs_a_course_folder(tmp_path: Path) -> None:
    """A folder with neither course.yaml nor a chapter is no course (one with chapters only
    is: tests/test_no_course_yaml.py)."""
    with pytest.raises(ContentError, match="not a course folder") as caught:
        new_chapter(tmp_path, "Titre")
    assert caught.value.path == tmp_path / "course.yaml"


@pytest.mark.parametrize(("title", "message"), [
    ("", "empty title"), ("   ", "empty title"), ("a | b", "cannot contain"),
    ("[[x]]", "cannot contain"), ("!!!", "no letter or digit"),
])
def test_new_chapter_refuses_unusable_titles(tmp_path: Path, title: str, message: str) -> None:
    folder = tmp_path / "c"
    new_course(folder)
    with pytest.raises(ContentError, match=re.escape(message)):
        new_chapter(folder, title)
    assert sorted(p.name for p in folder.glob("*.md")) == ["00-Sommaire.md",
                                                           "01-Prise-en-main.md"]


@pytest.mark.parametrize(("title", "words"), [
    ("Réseau des pods", "Reseau-des-pods"),
    ("L'écosystème : containerd & CRI-O", "L-ecosysteme-containerd-CRI-O"),
    ("Cœur du noyau", "Coeur-du-noyau"),
    ("🔷 containerd 2.0", "containerd-2-0"),
    ("Введение в сети", "Введение-в-сети"),
    ("Ещё раз: й", "Ещё-раз-й"),  # й and ё keep their marks
    ("网络（二）概述", "网络-二-概述"),
    ("Ελληνικά ΆΛΦΑ", "Ελληνικά-ΆΛΦΑ"),
    ("हिन्दी भाषा", "हिन्दी-भाषा"),
    ('a/b\\c:d*e?f"g<h>i|j', "a-b-c-d-e-f-g-h-i-j"),
    (".bashrc", "bashrc"),
    ("e\u0301te\u200b\u202eX", "ete-X"),  # decomposed é; zero-width and bidi controls
])
def test_stem_words(title: str, words: str) -> None:
    assert stem_words(title) == words


@pytest.mark.parametrize("title", ["word " * 60, "网络" * 100, "Сеть-" * 50, "हि" * 80])
def test_stem_words_fit_every_file_system(title: str) -> None:
    """A name is at most 255 bytes nearly everywhere: the stem stays far under it, cut between
    words when there are words, never between a letter and its marks."""
    words = stem_words(title)
    assert 0 < len(words.encode()) <= MAX_STEM_BYTES
    assert not words.endswith("-")
    assert title.replace(" ", "-").startswith(words)
    after = title.replace(" ", "-")[len(words)]
    assert after == "-" or unicodedata.category(after)[0] != "M"
    if " " in title or "-" in title:
        assert after == "-"


@pytest.mark.parametrize(("title", "stem"), [
    ("Введение в сети", "02-Введение-в-сети"),
    ("网络 概述", "02-网络-概述"),
    ("🔷 Ελληνικά", "02-Ελληνικά"),
])
def test_new_chapter_takes_a_title_in_any_script(tmp_path: Path, title: str, stem: str) -> None:
    folder = tmp_path / "c"
    new_course(folder)
    path = new_chapter(folder, title)
    assert path == folder / f"{stem}.md" and path.is_file()
    label = title if title.startswith("🔷") else f"📖 {title}"
    assert path.read_text(encoding="utf-8").startswith(f"# {label}\n")
    assert entries(folder / "00-Sommaire.md")[-1] == stem
    assert last_line(folder / "01-Prise-en-main.md").endswith(f"➡️ [[{stem}|{label}]]")
    assert diagnostics(folder, tmp_path / "out") == []
    with pytest.raises(ContentError, match="already exists"):  # its case differs: the same
        new_chapter(folder, title.upper())
    result = build_slides(BuildOptions(folder, tmp_path / "out", jobs=1))
    assert result.ok and (tmp_path / "out" / "slides" / f"{stem}.html").is_file()


def test_explicit_chapters_list_gets_the_stem_and_keeps_comments(tmp_path: Path) -> None:
    config = ("title: Cours\n"
              "# l'ordre des chapitres\n"
              "chapters:\n"
              "  - 00-plan    # le sommaire\n"
              "  - 05-intro\n"
              "# fin de la liste\n"
              "theme: dark\n")
    folder = write_course(tmp_path / "c", {
        "00-plan": "# Plan\n\n## Contenu\n\n### [[05-intro|Intro]]\n- a\n",
        "05-intro": "# Intro\n\nTexte.\n\n---\n\n🏠 [[00-plan|Plan]]\n",
        "09-brouillon": "# Brouillon\n",
    }, config=config)
    path = new_chapter(folder, "Suite")
    assert path == folder / "10-Suite.md"
    assert (folder / "course.yaml").read_text(encoding="utf-8") == config.replace(
        "  - 05-intro\n", "  - 05-intro\n  - 10-Suite\n")
    assert load_course_config(folder / "course.yaml").chapters == ("00-plan", "05-intro",
                                                                   "10-Suite")
    assert last_line(path) == "⬅️ [[05-intro|Intro]] · 🏠 [[00-plan|Sommaire]]"
    assert last_line(folder / "05-intro.md") == "🏠 [[00-plan|Plan]] · ➡️ [[10-Suite|🔍 Suite]]"
    assert diagnostics(folder, tmp_path / "out") == []


def test_flow_chapters_list_gets_the_stem(tmp_path: Path) -> None:
    config = "title: Cours\nchapters: [00-plan, 01-un]  # ordre\n"
    folder = write_course(tmp_path / "c", {"00-plan": "# Plan\n", "01-un": "# Un\n"},
                          config=config)
    new_chapter(folder, "Deux")
    assert (folder / "course.yaml").read_text(encoding="utf-8") == (
        "title: Cours\nchapters: [00-plan, 01-un, 02-Deux]  # ordre\n")


def test_index_without_entries_gets_a_contents_section(tmp_path: Path) -> None:
    folder = write_course(tmp_path / "c", {"00-index": "# Cours\n\nBienvenue.\n\n\n"},
                          config="title: Cours\nlang: en\n")
    new_chapter(folder, "First steps")
    assert (folder / "00-index.md").read_text(encoding="utf-8") == (
        "# Cours\n\nBienvenue.\n\n## 📑 Contents\n\n"
        "### [[01-First-steps|💡 First steps]]\n- To be written\n")
    assert last_line(folder / "01-First-steps.md") == "🏠 [[00-index|Contents]]"
    assert diagnostics(folder, tmp_path / "out") == []


def test_entries_after_a_fence_and_crlf_line_endings_are_kept(tmp_path: Path) -> None:
    index = ("# Cours\r\n\r\n### [[01-un|Un]]\r\n- a\r\n\r\n```mermaid\r\ngraph TD\r\n"
             "### [[not-an-entry]]\r\n```\r\n\r\n---\r\n\r\nFin\r\n")
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "course.yaml").write_text("title: Cours\n", encoding="utf-8")
    (folder / "00-index.md").write_bytes(index.encode("utf-8"))
    (folder / "01-un.md").write_text("# Un\n", encoding="utf-8")
    new_chapter(folder, "Deux")
    assert (folder / "00-index.md").read_bytes().decode("utf-8") == index.replace(
        "```\r\n\r\n---", "```\r\n\r\n### [[02-Deux|📖 Deux]]\r\n- À compléter\r\n\r\n---")


def test_previous_chapter_without_a_navigation_line_is_left_alone(tmp_path: Path) -> None:
    folder = write_course(tmp_path / "c", {
        "00-index": "# Cours\n\n### [[01-un|Un]]\n",
        "01-un": "# Un\n\nTexte, sans navigation.\n",
    })
    before = (folder / "01-un.md").read_bytes()
    added = add_chapter(folder, "Deux")
    assert (folder / "01-un.md").read_bytes() == before
    assert added.edited == [folder / "00-index.md"]
    assert added.notes == ["01-un.md: no navigation line to extend; "
                           "add '➡️ [[02-Deux|📖 Deux]]' by hand if you want one"]


def test_index_that_already_links_the_new_stem_is_left_alone(tmp_path: Path) -> None:
    folder = write_course(tmp_path / "c", {
        "00-index": "# Cours\n\n### [[01-un|Un]]\n\nBientôt : [[02-Deux]]\n",
        "01-un": "# Un\n\n---\n\n🏠 [[00-index|Sommaire]] · ➡️ [[02-Deux|Deux]]\n",
    })
    added = add_chapter(folder, "Deux")
    assert added.edited == []
    assert len(added.notes) == 2
    assert diagnostics(folder, tmp_path / "out") == []


def test_write_new_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("original", encoding="utf-8")
    with pytest.raises(ContentError, match="already exists"):
        write_new(path, "new")
    assert path.read_text(encoding="utf-8") == "original"


def test_new_files_follow_the_umask_and_edited_files_keep_their_mode(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    new_course(folder)
    mask = os.umask(0o022)
    os.umask(mask)
    assert stat.S_IMODE((folder / "course.yaml").stat().st_mode) == 0o666 & ~mask
    (folder / "01-Prise-en-main.md").chmod(0o640)
    new_chapter(folder, "Deux")
    assert stat.S_IMODE((folder / "01-Prise-en-main.md").stat().st_mode) == 0o640
    assert "➡️ [[02-Deux|" in last_line(folder / "01-Prise-en-main.md")


def test_read_only_index_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    new_course(folder)
    (folder / "00-Sommaire.md").chmod(0o444)
    with pytest.raises(ContentError, match="read-only") as caught:
        new_chapter(folder, "Deux")
    assert caught.value.path == folder / "00-Sommaire.md"
    assert not (folder / "02-Deux.md").exists()


def test_read_only_previous_chapter_is_left_alone(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    new_course(folder)
    previous = folder / "01-Prise-en-main.md"
    previous.chmod(0o444)
    before = previous.read_bytes()
    added = add_chapter(folder, "Deux")
    assert previous.read_bytes() == before
    assert added.edited == [folder / "00-Sommaire.md"]
    assert added.notes and "read-only" in added.notes[0]
