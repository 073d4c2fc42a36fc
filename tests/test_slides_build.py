"""A whole course (the tests' small one) builds into an offline folder: landing page, decks,
exactly the assets."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coursebuild.pipeline import BuildOptions, build_handouts, build_slides
from tests.conftest import SMALL, write_course


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    result = build_slides(BuildOptions(SMALL, out))
    assert result.ok, [str(d) for d in result.diagnostics.items]
    return out / "slides"


def html_files(slides: Path) -> list[Path]:
    return sorted(slides.glob("*.html"))


def test_one_deck_per_chapter_and_a_landing_page(built: Path) -> None:
    stems = sorted(p.stem for p in SMALL.glob("*.md"))
    assert [p.stem for p in html_files(built)] == sorted([*stems, "index"])


def test_nothing_is_loaded_from_the_network(built: Path) -> None:
    for page in html_files(built):
        html = page.read_text(encoding="utf-8")
        loaded = re.findall(r'<(?:script|img|link)\b[^>]*?(?:src|href)="([^"]+)"', html)
        assert loaded, page
        for url in (u for u in loaded if not u.startswith("data:")):
            assert not re.match(r"^(https?:)?//", url), (page.name, url)
            assert (built / url.split("#")[0]).is_file(), (page.name, url)
    for css in built.glob("assets/*.css"):
        for url in re.findall(r"url\(([^)]+)\)", css.read_text(encoding="utf-8")):
            assert (css.parent / url.strip("'\"")).is_file(), url


def test_assets_hold_exactly_what_the_decks_use(built: Path) -> None:
    used = set()
    for page in html_files(built):
        used |= set(re.findall(r'src="assets/emoji/([^"]+)"', page.read_text(encoding="utf-8")))
    copied = {p.name for p in (built / "assets" / "emoji").iterdir()}
    assert copied == used
    reveal = sorted(p.relative_to(built / "assets").as_posix()
                    for p in (built / "assets" / "reveal").rglob("*") if p.is_file())
    assert reveal == ["reveal/plugin/notes.js", "reveal/reset.css", "reveal/reveal.css",
                      "reveal/reveal.js"]
    assert len(list((built / "assets" / "fonts").glob("*.woff2"))) == 5


def test_decks_have_lang_notes_numbers_and_hash_navigation(built: Path) -> None:
    html = (built / "01-Introduction.html").read_text(encoding="utf-8")
    assert '<html lang="fr" class="theme-light">' in html
    assert '<aside class="notes">' in html
    assert "plugins: [RevealNotes]" in html
    assert "hash: true" in html
    assert 'slideNumber: "c/t"' in html


def test_landing_page_lists_every_chapter_with_its_emoji_heading(built: Path) -> None:
    html = (built / "index.html").read_text(encoding="utf-8")
    expected = [("01-Introduction", "📖"), ("02-Moteur", "🔷"), ("03-Baleine", "🐳")]
    for stem, emoji in expected:
        entry = re.search(rf'<a class="deck" href="{stem}.html">(.*?)</a>', html)
        assert entry and f'alt="{emoji}"' in entry.group(1)
    assert "Twemoji" in html and "CC-BY 4.0" in html


def test_landing_page_links_the_handouts_a_build_wrote(tmp_path: Path) -> None:
    """The landing page links the PDFs the handouts build recorded writing, and follows a later
    handouts build without any edit to the chapters; a PDF dropped in by hand is not linked."""
    course = write_course(tmp_path / "course", {"01-un": "# Un\n\n## Partie\n\nTexte.\n",
                                                "02-deux": "# Deux\n\nTexte.\n"},
                          "title: Essai\nlang: fr\nhandouts:\n  kinds: [reading]\n")
    out = tmp_path / "out"
    (out / "handouts").mkdir(parents=True)
    (out / "handouts" / "02-deux-notes.pdf").write_bytes(b"%PDF-1.7\n")  # no build wrote it
    assert build_slides(BuildOptions(course, out)).ok
    landing = out / "slides" / "index.html"
    assert ".pdf" not in landing.read_text(encoding="utf-8")

    assert build_handouts(BuildOptions(course, out)).ok
    assert build_slides(BuildOptions(course, out)).ok
    html = landing.read_text(encoding="utf-8")
    assert 'href="../handouts/01-un.pdf"' in html and 'href="../handouts/02-deux.pdf"' in html
    assert "02-deux-notes.pdf" not in html and "-slides.pdf" not in html


def test_resources_show_labels_and_open_in_a_new_tab(built: Path) -> None:
    html = (built / "00-Accueil.html").read_text(encoding="utf-8")
    link = re.search(r'<a href="https://cri-o.io/"([^>]*)>([^<]*)</a>', html)
    assert link and 'target="_blank"' in link.group(1) and link.group(2) == "CRI-O"


def test_wiki_links_point_at_decks(built: Path) -> None:
    html = (built / "00-Accueil.html").read_text(encoding="utf-8")
    assert '<a class="wikilink" href="01-Introduction.html">' in html
    assert "unresolved" not in html
