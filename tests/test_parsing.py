"""Slide splitting on the token stream, and the seed index as a deck a lecturer would project."""

from __future__ import annotations

from pathlib import Path

import pytest

from coursebuild.errors import ContentError
from coursebuild.markdown.annotations import wiki_ref
from coursebuild.markdown.blocks import slugify
from coursebuild.parsing import parse_chapter
from tests.conftest import CHAPTERS, FIXTURES

SEED = FIXTURES / "seed-index.md"  # a copy of the seed index: editing chapters/ changes nothing
SEED_STEMS = ["01-Introduction-Runtimes", "02-Containerd", "03-CRI-O", "04-runc",
              "05-CRI-Interface", "06-Docker-et-Runtimes", "07-Architecture-Complete",
              "08-rkt-Histoire"]


def seed():
    return parse_chapter(SEED, SEED.read_text(encoding="utf-8"))


@pytest.mark.course
def test_seed_index_is_verbatim_from_shared() -> None:
    shipped = CHAPTERS / "00-Container-Runtimes.md"
    shared = CHAPTERS.parent.parent / "shared" / "seed" / "00-Container-Runtimes.md"
    if not shared.is_file():
        pytest.skip("shared/ is not beside this checkout")
    assert shipped.read_bytes() == shared.read_bytes()


def test_seed_title_slide_has_the_blockquote_as_subtitle() -> None:
    first = seed().slides[0]
    assert first.kind == "title"
    assert first.heading.text == "Container Runtimes - L'écosystème complet"
    assert first.subtitle[2].content.startswith("Comprendre l'architecture")
    assert first.body == []


def test_seed_gives_each_chapter_entry_its_own_slide() -> None:
    contents = seed().sections[1]
    assert contents.heading.text == "Contenu"
    targets = [wiki_ref(s.heading.inline.children[0]).target for s in contents.slides]
    assert targets == SEED_STEMS
    assert all(slide.kind == "slide" and slide.body for slide in contents.slides)


def test_seed_objectives_diagram_resources_and_start() -> None:
    chapter = seed()
    titles = [s.heading.text if s.heading else None for s in chapter.slides]
    assert titles[9:] == ["Objectifs d'apprentissage", "Schéma général", "Ressources", None]
    assert len(chapter.diagrams) == 1 and chapter.diagrams[0].kind == "graph"
    assert chapter.diagrams[0].line == 62
    assert [r.url for r in chapter.resources] == [
        "https://containerd.io/", "https://cri-o.io/",
        "https://github.com/opencontainers/runtime-spec",
        "https://kubernetes.io/docs/concepts/architecture/cri/"]
    start = chapter.slides[-1]
    assert start.kind == "continuation"
    assert "Commencer" in start.body[1].content


def test_notes_run_to_the_end_of_the_slide(tmp_path: Path) -> None:
    text = "# T\n\n## A\n\nvisible\n\nNote: dit\n\n- aussi dit\n\n### B\n\nvisible B\n"
    chapter = parse_chapter(tmp_path / "c.md", text)
    a, b = chapter.slides[1:]
    assert [t.content for t in a.body if t.type == "inline"] == ["visible"]
    assert [t.content for t in a.notes if t.type == "inline"] == ["Note: dit", "aussi dit"]
    assert a.notes[1].children[0].content == "dit"
    assert b.notes == []


def test_hr_always_splits_and_empty_section_heading_makes_no_slide(tmp_path: Path) -> None:
    text = "# T\n\n## Vide\n\n### Un\n\nx\n\n---\n\ny\n"
    chapter = parse_chapter(tmp_path / "c.md", text)
    assert [s.kind for s in chapter.slides] == ["title", "slide", "continuation"]
    assert chapter.sections[1].heading.text == "Vide"


def test_anchors_are_unique(tmp_path: Path) -> None:
    chapter = parse_chapter(tmp_path / "c.md", "# T\n\n## Quiz\n\n## Quiz\n\n## Quiz\n")
    assert [s.anchor for s in chapter.slides[1:]] == ["quiz", "quiz-2", "quiz-3"]


@pytest.mark.parametrize("text, slug", [
    ("Architecture et composants", "architecture-et-composants"),
    ("Déprécation de dockershim", "deprecation-de-dockershim"),
    ("CRI - Container Runtime Interface", "cri-container-runtime-interface"),
    ("???", "slide"),
])
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_empty_chapter_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as caught:
        parse_chapter(tmp_path / "vide.md", "\n\n")
    message = "vide.md:1: empty chapter: write at least a '# Title' heading"
    assert str(caught.value).endswith(message)


def test_front_matter_subtitle_replaces_the_blockquote(tmp_path: Path) -> None:
    text = "---\nsubtitle: Un <autre> sous-titre\n---\n# T\n\n> L'ancien\n"
    chapter = parse_chapter(tmp_path / "c.md", text)
    inline = [t for t in chapter.slides[0].subtitle if t.type == "inline"]
    assert [t.content for t in inline] == ["Un <autre> sous-titre"]


@pytest.mark.parametrize("after_title, subtitle, body", [
    ("> Sous-titre\n\n> Une citation\n", "Sous-titre", ["Une citation"]),
    ("> Sous-titre\n\n> [!note] Attention\n> Un rappel\n", "Sous-titre", ["Attention", "rappel"]),
    ("> [!tip] Astuce\n> Un conseil\n", "", ["Astuce", "conseil"]),
], ids=["two-quotes", "quote-then-callout", "callout-only"])
def test_only_the_first_plain_quote_under_the_title_is_its_subtitle(
        tmp_path: Path, after_title: str, subtitle: str, body: list[str]) -> None:
    """Nothing under the title is lost: a second quote or a callout stays in the slide."""
    path = tmp_path / "c.md"
    chapter = parse_chapter(path, f"# Titre\n\n{after_title}")
    title = chapter.slides[0]
    words = " ".join(t.content for t in title.subtitle if t.type == "inline")
    assert words == subtitle
    text = " ".join(t.content for t in title.body if t.type == "inline")
    assert all(word in text for word in body), text


@pytest.mark.parametrize(("markdown", "checklists", "items"), [
    ("- ✅ un\n- ✅ deux\n", 1, 2),  # a bullet list of checks: one list, one marker each
    ("✅ un\n✅ deux\n", 1, 2),  # a paragraph of checks
    ("- un\n  - ✅ deux\n  - ❌ trois\n", 1, 3),  # nested: only the inner list is one
], ids=["bullets", "paragraph", "nested"])
def test_a_list_of_checks_is_one_checklist(tmp_path: Path, markdown: str, checklists: int,
                                           items: int) -> None:
    path = tmp_path / "c.md"
    tokens = parse_chapter(path, f"# C\n\n## Liste\n\n{markdown}").slides[-1].body
    lists = [t for t in tokens if t.type == "bullet_list_open"]
    assert sum(t.attrGet("class") == "checklist" for t in lists) == checklists
    assert sum(t.type == "list_item_open" for t in tokens) == items  # no bullet around a mark


def test_a_list_with_one_unchecked_item_keeps_its_bullets(tmp_path: Path) -> None:
    body = parse_chapter(tmp_path / "c.md", "# C\n\n- ✅ un\n- deux\n").slides[-1].body
    assert body[0].type == "bullet_list_open" and body[0].attrGet("class") is None
