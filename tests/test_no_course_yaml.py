"""A folder of chapters without course.yaml builds with defaults: the title is the `#` heading
of its index (a chapter named 00-…, index or README) or of its first chapter, the language is
guessed from its words (else English), and a warning names the file to create (an error under
--strict). Incremental builds and `serve` notice the file when it is created."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import watchfiles
from click.testing import CliRunner
from pypdf import PdfReader

from coursebuild.cli import cli
from coursebuild.errors import ContentError
from coursebuild.language import detect_language
from coursebuild.pipeline import BuildOptions, build_handouts, build_slides, check
from coursebuild.serve import ChangeFilter
from coursebuild.sources import read_sources

FRENCH = ("# Introduction aux conteneurs\n\nUn conteneur est un processus isolé. Il partage le "
          "noyau avec les autres processus de la machine, et les outils que nous verrons dans ce "
          "cours le rendent simple à utiliser.\n\n## Pourquoi\n\n- Pour la portabilité des "
          "applications\n- Pour la densité sur les serveurs\n")
ENGLISH = ("# Welcome\n\nThis is the index of the course. It lists the chapters, and it tells "
           "you what you will need: a laptop with a terminal, and the tools that we install in "
           "the first session.\n\n- [[01-basics]]\n")
BASICS = "# The basics\n\nA process is a program that runs on the machine.\n"
SAMPLES = {  # a few sentences of prose per language, with some code words mixed in
    "de": "Ein Container ist ein isolierter Prozess. Er teilt sich den Kern mit den anderen "
          "Prozessen, und die Werkzeuge, die wir in diesem Kurs sehen, machen ihn einfach. "
          "Das ist nicht schwer: `docker run` startet ihn, und wir werden sehen, wie es geht.",
    "es": "Un contenedor es un proceso aislado. Comparte el núcleo con los otros procesos de la "
          "máquina, y las herramientas que veremos en este curso lo hacen simple de usar. "
          "Para esto, `docker run` lo inicia, y los detalles están en el capítulo siguiente.",
    "it": "Un container è un processo isolato. Condivide il kernel con gli altri processi della "
          "macchina, e gli strumenti che vedremo in questo corso lo rendono semplice da usare. "
          "Non è difficile: `docker run` lo avvia, e anche il resto è come nel capitolo dei file.",
    "pt": "Um contêiner é um processo isolado. Ele partilha o núcleo com os outros processos da "
          "máquina, e as ferramentas que veremos neste curso o tornam simples de usar. "
          "Não é difícil: `docker run` o inicia, e os detalhes estão no capítulo seguinte.",
    "nl": "Een container is een geïsoleerd proces. Het deelt de kern met de andere processen op "
          "de machine, en de hulpmiddelen die we in deze cursus zien maken het eenvoudig. "
          "Het is niet moeilijk: `docker run` start het, en er is ook een hoofdstuk over.",
    "en": "A container is an isolated process. It shares the kernel with the other processes "
          "of the machine, and the tools that we will see in this course make it simple to use.",
    "fr": FRENCH,
}


def _folder(tmp_path: Path, chapters: dict[str, str]) -> Path:
    folder = tmp_path / "mine"
    folder.mkdir()
    for stem, text in chapters.items():
        (folder / f"{stem}.md").write_text(text, encoding="utf-8")
    return folder


def _warnings(diagnostics: list) -> list[str]:
    return [str(d) for d in diagnostics if "course.yaml" in d.message]


def test_a_folder_holding_one_chapter_builds_its_deck(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"01-x": FRENCH})
    result = build_slides(BuildOptions(folder, tmp_path / "out", jobs=1))
    assert result.ok
    deck = (tmp_path / "out" / "slides" / "01-x.html").read_text(encoding="utf-8")
    assert '<html lang="fr"' in deck and "Introduction aux conteneurs" in deck
    landing = (tmp_path / "out" / "slides" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<title>[^<]*Introduction aux conteneurs", landing)
    [warning] = result.diagnostics.items
    assert (warning.severity, warning.path, warning.line) == ("warning", folder / "course.yaml",
                                                              None)
    assert warning.message == ("no course.yaml: built with title 'Introduction aux conteneurs' "
                               "and lang 'fr'; create this file to set them")


def test_the_index_is_the_chapter_named_as_one(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"README": ENGLISH, "01-basics": BASICS})
    sources = read_sources(folder)
    assert (sources.config.index, sources.config.lang) == ("README", "en")
    result = build_slides(BuildOptions(folder, tmp_path / "out", jobs=1))
    assert result.ok
    assert "title 'Welcome' and lang 'en'" in _warnings(result.diagnostics.items)[0]
    index = (tmp_path / "out" / "slides" / "README.html").read_text(encoding="utf-8")
    assert "The basics" in index  # the index's agenda lists the chapters
    chapter = (tmp_path / "out" / "slides" / "01-basics.html").read_text(encoding="utf-8")
    assert "Chapter 1" in chapter and "Welcome" in chapter  # the kicker: number · course title


@pytest.mark.parametrize("stems, index", [
    (["00-Accueil", "01-a"], "00-Accueil"), (["0_intro", "1_a"], "0_intro"),
    (["01-a", "index"], "index"), (["01-a", "02-b"], ""), (["007-agent"], ""),
])
def test_which_chapter_is_the_index(tmp_path: Path, stems: list[str], index: str) -> None:
    folder = _folder(tmp_path, {stem: f"# {stem}\n" for stem in stems})
    assert read_sources(folder).config.index == index


@pytest.mark.parametrize("lang", sorted(SAMPLES))
def test_the_language_is_guessed_from_function_words(lang: str) -> None:
    assert detect_language([SAMPLES[lang]]) == lang


@pytest.mark.parametrize("text", ["# Kubernetes\n", "```\nls -la /tmp\n```\n", ""])
def test_too_little_prose_is_english(text: str) -> None:
    assert detect_language([text]) == "en"


def test_check_warns_and_strict_refuses(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"01-x": FRENCH})
    out = tmp_path / "out"
    assert [d.severity for d in check(BuildOptions(folder, out)).diagnostics.items] == ["warning"]
    strict = check(BuildOptions(folder, out, strict=True))
    assert not strict.ok and "create this file" in strict.diagnostics.errors[0].message


def test_the_cli_prints_the_warning_at_the_file_to_create(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"01-x": FRENCH})
    result = CliRunner().invoke(cli, ["slides", "--source", str(folder), "--out",
                                      str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "course.yaml: warning: no course.yaml: built with title" in result.output


def test_creating_course_yaml_rebuilds(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"01-x": FRENCH})
    options = BuildOptions(folder, tmp_path / "out", jobs=1)
    deck = tmp_path / "out" / "slides" / "01-x.html"
    assert build_slides(options).written
    assert build_slides(options).written == []  # nothing changed: nothing written
    (folder / "course.yaml").write_text("title: Mon cours\nlang: de\n", encoding="utf-8")
    assert deck in build_slides(options).written
    assert '<html lang="de"' in deck.read_text(encoding="utf-8")
    (folder / "course.yaml").unlink()  # and back to the defaults
    assert deck in build_slides(options).written
    assert '<html lang="fr"' in deck.read_text(encoding="utf-8")


def test_a_new_index_title_rebuilds_every_deck(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"00-index": ENGLISH, "01-basics": BASICS})
    options = BuildOptions(folder, tmp_path / "out", jobs=1)
    deck = tmp_path / "out" / "slides" / "01-basics.html"
    build_slides(options)
    assert "Welcome" in deck.read_text(encoding="utf-8")
    (folder / "00-index.md").write_text(ENGLISH.replace("Welcome", "Bienvenue"), "utf-8")
    assert deck in build_slides(options).written  # its kicker names the course
    assert "Bienvenue" in deck.read_text(encoding="utf-8")


def test_serve_watches_for_course_yaml(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"01-x": FRENCH})
    watched = ChangeFilter(tmp_path / "out")
    assert watched(watchfiles.Change.added, str(folder / "course.yaml"))


def test_handouts_carry_the_default_title(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"01-x": FRENCH})
    result = build_handouts(BuildOptions(folder, tmp_path / "out", jobs=1))
    assert result.ok
    book = (tmp_path / "out" / "handouts" / "course.pdf").read_bytes()
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(book)).pages)
    assert "Introduction aux conteneurs" in text


def test_a_folder_without_chapters_is_not_a_course(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {})
    with pytest.raises(ContentError, match="no course.yaml and no Markdown chapter"):
        read_sources(folder)


def test_a_broken_course_yaml_link_is_not_a_missing_file(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"01-x": FRENCH})
    (folder / "course.yaml").symlink_to(tmp_path / "nowhere.yaml")
    with pytest.raises(ContentError):
        read_sources(folder)


def test_new_chapter_works_in_a_folder_of_chapters_without_course_yaml(tmp_path: Path) -> None:
    (tmp_path / "01-intro.md").write_text("# Intro\n\nSome text in English for the course.\n",
                                          encoding="utf-8")
    result = CliRunner().invoke(cli, ["new", "chapter", "Second part", "--source", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "02-Second-part.md").is_file()
    assert not (tmp_path / "course.yaml").exists()  # nothing to add a chapter to: not created
    assert "[[02-Second-part|" in (tmp_path / "01-intro.md").read_text(encoding="utf-8")
    assert build_slides(BuildOptions(tmp_path, tmp_path / "out")).ok
