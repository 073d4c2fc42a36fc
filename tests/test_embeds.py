"""Obsidian transclusion (``![[note]]``, ``![[note#heading]]``): what an embed finds, how much
of the note it shows, what it refuses (cycles, deep chains, block references, unknown notes),
and the embedded text in the deck, in the PDFs, in ``check`` and in incremental builds."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from coursebuild.cli import cli
from coursebuild.deck import deck_target, render_deck
from coursebuild.embeds import MAX_DEPTH, MAX_EMBEDS
from coursebuild.pipeline import BuildOptions, build_handouts, build_slides, prepare
from coursebuild.templating import environment
from tests.conftest import FIXTURES, needs_chromium, write_course

SOURCE = ("# Source\n\n## Définition\n\nUn conteneur est un processus isolé.\n\n"
          "### Détail\n\nLe détail de la définition.\n\n#### Plus fin\n\nTexte fin.\n\n"
          "### Autre détail\n\nSecond détail.\n\n## Suite\n\nHors de la définition.\n")


def course(tmp_path: Path, chapters: dict[str, str], notes: dict[str, str] | None = None) -> Path:
    root = write_course(tmp_path / "course", chapters)
    shutil.copytree(FIXTURES / "course" / "images", root / "images")
    for name, text in (notes or {}).items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def deck(root: Path, stem: str) -> tuple[str, list[str]]:
    """The chapter's deck, and every diagnostic of the course as ``path:line: message``."""
    prepared, diagnostics = prepare(BuildOptions(root, root))
    chapter = prepared.chapter(stem)
    assert chapter is not None, [str(d) for d in diagnostics.items]
    html = render_deck(environment(root), prepared, chapter, deck_target(root))
    shown = [f"{d.path.relative_to(root)}:{d.line}: {d.message}" for d in diagnostics.items]
    return html, shown


def boxes(html: str) -> list[str]:
    """The embedded passages of a deck, in order (their HTML up to their own box's end)."""
    found = []
    for start in [m.start() for m in re.finditer('<div class="note-embed">', html)]:
        depth, i = 0, start
        for tag in re.finditer(r"<div\b|</div>", html[start:]):
            depth += 1 if tag.group() == "<div" else -1
            if depth == 0:
                i = start + tag.end()
                break
        found.append(html[start:i])
    return found


# --- What an embed finds, and how much of it --------------------------------------------------

def test_a_section_is_the_heading_up_to_the_next_of_its_level(tmp_path: Path) -> None:
    root = course(tmp_path, {"a": "# A\n\n## Rappel\n\n![[source#Définition]]\n",
                             "source": SOURCE})
    html, warnings = deck(root, "a")
    assert warnings == []
    [box] = boxes(html)
    assert "Un conteneur est un processus isolé." in box
    assert "Le détail de la définition." in box and "Second détail." in box  # ### inside ##
    assert "Hors de la définition." not in box  # the next ## ends it
    assert 'href="source.html#/definition"' in box  # its source line links to the original


def test_a_subsection_stops_at_its_sibling(tmp_path: Path) -> None:
    root = course(tmp_path, {"a": "# A\n\n![[source#Détail]]\n\n![[source#plus fin]]\n",
                             "source": SOURCE})
    html, warnings = deck(root, "a")
    assert warnings == []
    detail, finer = boxes(html)
    assert "Texte fin." in detail and "Second détail." not in detail
    assert "Texte fin." in finer and "Le détail" not in finer  # an h4 inside a slide


def test_names_are_found_whatever_their_case(tmp_path: Path) -> None:
    root = course(tmp_path, {"a": "# A\n\n![[SOURCE#DÉFINITION]]\n\n![[Source.md]]\n",
                             "Source": SOURCE})
    html, warnings = deck(root, "a")
    assert warnings == []
    section, whole = boxes(html)
    assert "Un conteneur" in section and "Hors de la définition." not in section
    assert "Hors de la définition." in whole


def test_headings_inside_a_box_never_open_a_slide(tmp_path: Path) -> None:
    plain = course(tmp_path / "plain", {"a": "# A\n\n## Un\n\nTexte.\n", "source": SOURCE})
    embedding = course(tmp_path / "embeds",
                       {"a": "# A\n\n## Un\n\n![[source]]\n", "source": SOURCE})
    before, _ = deck(plain, "a")
    after, _ = deck(embedding, "a")
    assert after.count("<section") == before.count("<section")
    [box] = boxes(after)
    assert not re.search(r"<h[123]\b", box)
    assert re.findall(r"<(h\d)>", box) == ["h4", "h5", "h6", "h6", "h6", "h5"]


def test_a_heading_alone_names_a_section_of_the_same_note(tmp_path: Path) -> None:
    root = course(tmp_path, {"a": "# A\n\n## Un\n\n![[#Suite]]\n\n## Suite\n\nTexte suite.\n"})
    html, warnings = deck(root, "a")
    assert warnings == []
    [box] = boxes(html)
    assert "Texte suite." in box and 'href="a.html#/suite"' in box


def test_a_note_outside_the_chapters_is_resolved_against_its_own_folder(tmp_path: Path) -> None:
    note = ("# Note\n\nVoir [[nulle-part]] et ![Un pixel](../images/pixel.png).\n\n"
            "```mermaid\ngraph LR\n  A --> B\n```\n\nNote: à dire.\n")
    root = course(tmp_path, {"a": "# A\n\n## Un\n\n![[note]]\n"}, {"notes/note.md": note})
    html, warnings = deck(root, "a")
    [box, notes_box] = boxes(html)
    assert 'src="assets/files/images/pixel.png"' in box  # ../images from notes/
    assert "<svg" in box  # its diagram drawn
    assert "à dire." in notes_box and "à dire." not in box  # its notes join the slide's notes
    # its own problems, at its own file and line
    assert any(w.startswith("notes/note.md:3: unresolved wiki-link [[nulle-part]]")
               for w in warnings), warnings


def test_a_note_outside_the_chapters_goes_through_every_stage_a_chapter_does(
        tmp_path: Path) -> None:
    """Figures, image attributes and math are prepared for an embedded note as for a chapter,
    and their problems reported at the note's own lines."""
    note = ("# Note\n\n![Le schéma](../images/pixel.png)\n\n"
            "![](../images/pixel.png){width=50% .big}\n\nUne aire $\\nope x$.\n")
    root = course(tmp_path, {"a": "# A\n\n## Un\n\n![[note]]\n"}, {"notes/note.md": note})
    html, warnings = deck(root, "a")
    [box] = boxes(html)
    assert "<figcaption" in box and "Le schéma" in box  # a figure, as in a chapter
    assert any(w.startswith("notes/note.md:5:") and ".big" in w for w in warnings), warnings
    assert any(w.startswith("notes/note.md:7: math:") for w in warnings), warnings


def test_output_folders_and_links_outside_the_course_are_never_read(tmp_path: Path) -> None:
    root = course(tmp_path, {"a": "# A\n\n![[secret]]\n\n![[built]]\n"})
    outside = tmp_path / "outside.md"
    outside.write_text("# Dehors\n\nSECRET\n", encoding="utf-8")
    (root / "secret.md").symlink_to(outside)  # a chapter now: confined before it is read
    root.joinpath("course.yaml").write_text("title: T\nlang: fr\nchapters: [a]\n")
    (root / "slides").mkdir()
    (root / "slides" / "built.md").write_text("# Built\n\nBUILT\n", encoding="utf-8")
    html, warnings = deck(root, "a")
    assert "SECRET" not in html and "BUILT" not in html
    assert "a.md:5: ![[built]] is shown as a link: no note named 'built'" in warnings
    assert any(w.startswith("a.md:3: ![[secret]] is shown as a link: refused") for w in warnings)


# --- What stays a link ------------------------------------------------------------------------

def test_an_embed_cycle_is_a_link_and_a_warning_naming_it(tmp_path: Path) -> None:
    root = course(tmp_path, {"a": "# A\n\nTexte de A.\n\n![[b]]\n",
                             "b": "# B\n\nTexte de B.\n\n![[a]]\n"})
    html, warnings = deck(root, "a")
    assert "b.md:5: ![[a]] is shown as a link: embed cycle a → b → a" in warnings
    assert "a.md:5: ![[a]]" not in " ".join(warnings)
    [box] = boxes(html)
    assert "Texte de B." in box and '<a class="wikilink" href="a.html">a</a>' in box
    html_b, warnings_b = deck(root, "b")
    assert "a.md:5: ![[b]] is shown as a link: embed cycle b → a → b" in warnings_b


@pytest.mark.parametrize("embed", ["![[a]]", "![[A#Un]]"])
def test_a_chapter_or_section_that_embeds_itself_is_a_link(tmp_path: Path, embed: str) -> None:
    root = course(tmp_path, {"a": f"# A\n\n## Un\n\nTexte.\n\n{embed}\n"})
    html, warnings = deck(root, "a")
    assert boxes(html) == []
    assert [w for w in warnings if "cycle" in w] == \
        [f"a.md:7: {embed} is shown as a link: embed cycle "
         + ("a → a" if embed == "![[a]]" else "a#Un → a#Un")]
    assert '<a class="wikilink" href="a.html' in html


def test_a_chain_deeper_than_the_limit_ends_in_a_link(tmp_path: Path) -> None:
    notes = {f"n{i}": f"# N{i}\n\nNiveau {i}.\n\n![[n{i + 1}]]\n" for i in range(12)}
    root = course(tmp_path, {"n0": notes.pop("n0"), **{"n1": notes.pop("n1")}},
                  {f"{stem}.md": text for stem, text in notes.items()})
    html, warnings = deck(root, "n0")
    assert f"Niveau {MAX_DEPTH}." in html and f"Niveau {MAX_DEPTH + 1}." not in html
    assert f"n{MAX_DEPTH}.md:5: ![[n{MAX_DEPTH + 1}]] is shown as a link: embeds nested " \
           f"more than {MAX_DEPTH} deep" in warnings


def test_the_work_an_embed_causes_is_bounded(tmp_path: Path) -> None:
    """Five embeds a level, four levels: 780 passages, cut at MAX_EMBEDS."""
    fan = "\n\n".join("![[{}]]" for _ in range(5))
    notes = {f"f{i}.md": f"# F{i}\n\n" + fan.format(*[f"f{i + 1}"] * 5) + "\n" for i in range(1, 4)}
    notes["f4.md"] = "# F4\n\nFeuille.\n"
    root = course(tmp_path, {"a": "# A\n\n" + fan.format(*["f1"] * 5) + "\n"}, notes)
    html, warnings = deck(root, "a")
    assert len(boxes(html)) == MAX_EMBEDS
    assert any(f"more than {MAX_EMBEDS} passages embedded in one chapter" in w for w in warnings)


def test_the_text_an_embed_copies_is_bounded(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("coursebuild.embeds.MAX_EMBEDDED_BLOCKS", 50)
    notes = {"notes/big.md": "# Big\n\n" + "".join(f"Bloc {i}.\n\n" for i in range(30))}
    root = course(tmp_path, {"a": "# A\n\n![[big]]\n\n![[big]]\n"}, notes)
    html, warnings = deck(root, "a")
    assert len(boxes(html)) == 1
    assert "a.md:5: ![[big]] is shown as a link: more than 50 blocks of text embedded in " \
           "one chapter" in warnings


@pytest.mark.parametrize(("embed", "message"), [
    ("![[sourc]]", "no note named 'sourc' (did you mean 'source'?)"),
    ("![[source#Definiton]]", "no heading 'Definiton' in source (did you mean 'Définition'?)"),
    ("![[source#^bloc]]", "block references (#^bloc) are not embedded: the block is under "
                          "'Autre détail' (embed that section: ![[source#Autre détail]])"),
    ("![[source#^rien]]", "block references (#^rien) are not embedded, and there is no block "
                          "^rien in source"),
])
def test_what_cannot_be_embedded_is_a_link_with_a_warning(tmp_path: Path, embed: str,
                                                          message: str) -> None:
    text = SOURCE.replace("Second détail.", "Second détail. ^bloc")
    root = course(tmp_path, {"a": f"# A\n\n## Un\n\n{embed}\n", "source": text})
    html, warnings = deck(root, "a")
    assert warnings == [f"a.md:5: {embed} is shown as a link: {message}"]
    assert boxes(html) == [] and "![[" not in html


@pytest.mark.parametrize("line", ["### Voir ![[source#Suite]]", "| a |\n|---|\n| ![[source]] |"])
def test_an_embed_outside_a_paragraph_is_a_link(tmp_path: Path, line: str) -> None:
    root = course(tmp_path, {"a": f"# A\n\n## Un\n\n{line}\n", "source": SOURCE})
    html, warnings = deck(root, "a")
    assert boxes(html) == [] and "![[" not in html and 'href="source.html' in html
    assert any("is shown as a link: a note is embedded from a paragraph of its own" in w
               for w in warnings), warnings


def test_image_embeds_are_unchanged(tmp_path: Path) -> None:
    root = course(tmp_path, {"a": "# A\n\n![[pixel.png|40]]\n\n![[doc.pdf]]\n"},
                  {"doc.pdf": "%PDF-1.4\n"})
    prepared, diagnostics = prepare(BuildOptions(root, root))
    html = render_deck(environment(root), prepared, prepared.chapter("a"), deck_target(root))
    assert '<img class="embed" src="assets/files/images/pixel.png" alt="pixel" ' \
           'style="width: 40px">' in html
    assert [str(d.message) for d in diagnostics.errors] == \
        ["cannot use doc.pdf as image: expected .gif, .jpeg, .jpg, .png, .svg, .webp"]


# --- check, incremental builds, PDFs, Chromium ------------------------------------------------

def test_check_reports_embeds_at_their_file_and_line(tmp_path: Path) -> None:
    long_note = "# Long\n\n" + "".join(f"Paragraphe {i} de la note.\n\n" for i in range(40))
    root = course(tmp_path, {"a": "# A\n\n![[b]]\n\n## Trop\n\n![[long]]\n",
                             "b": "# B\n\nTexte.\n\n![[a]]\n\n![[zz]]\n"},
                  {"notes/long.md": long_note})
    result = CliRunner().invoke(cli, ["check", "--source", str(root), "--out", str(tmp_path)])
    assert "Traceback" not in result.output
    # the box is part of its slide: too much text embedded is the slide's "too full"
    assert re.search(r"a\.md:5: warning: slide too full", result.output), result.output
    assert re.search(r"b\.md:5: warning: !\[\[a\]\] is shown as a link: embed cycle a → b → a",
                     result.output), result.output
    assert re.search(r"b\.md:7: warning: !\[\[zz\]\] is shown as a link: no note named 'zz'",
                     result.output)
    strict = CliRunner().invoke(cli, ["check", "--strict", "--source", str(root),
                                      "--out", str(tmp_path)])
    assert strict.exit_code == 1


def test_an_edit_to_an_embedded_note_rebuilds_the_deck_that_embeds_it(tmp_path: Path) -> None:
    root = course(tmp_path, {"a": "# A\n\n![[source#Définition]]\n", "b": "# B\n\n![[n]]\n",
                             "source": SOURCE}, {"notes/n.md": "# N\n\nPremière version.\n"})
    out = tmp_path / "out"
    assert build_slides(BuildOptions(root, out)).ok
    assert build_slides(BuildOptions(root, out)).written == []  # nothing changed
    source = root / "source.md"
    source.write_text(SOURCE.replace("processus isolé", "processus bien isolé"), encoding="utf-8")
    written = {p.name for p in build_slides(BuildOptions(root, out)).written}
    assert {"a.html", "source.html"} <= written and "b.html" not in written
    assert "processus bien isolé" in (out / "slides" / "a.html").read_text(encoding="utf-8")
    note = root / "notes" / "n.md"  # a note that is no chapter: followed too
    note.write_text("# N\n\nSeconde version, plus longue.\n", encoding="utf-8")
    os.utime(note, ns=(note.stat().st_atime_ns, note.stat().st_mtime_ns + 10**9))
    written = {p.name for p in build_slides(BuildOptions(root, out)).written}
    assert "b.html" in written and "a.html" not in written
    assert "Seconde version" in (out / "slides" / "b.html").read_text(encoding="utf-8")


PAPER_NOTE = "# Fiche\n\n## Rappel\n\nPhrase unique de la fiche.\n\nNote: dite seulement.\n"


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("embeds-paper")
    root = course(tmp, {"01-a": "# Chapitre A\n\n## Un\n\nAvant.\n\n![[fiche#Rappel]]\n\nAprès.\n",
                        "02-b": "# Chapitre B\n\n## Deux\n\nTexte de B.\n"},
                  {"notes/fiche.md": PAPER_NOTE})
    out = tmp / "out"
    result = build_handouts(BuildOptions(root, out, jobs=1))
    assert result.ok, [str(d) for d in result.diagnostics.items]
    return out / "handouts"


def _pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


@pytest.mark.parametrize("name", ["01-a.pdf", "01-a-slides.pdf", "01-a-notes.pdf",
                                  "01-a-instructor.pdf", "course.pdf", "course-instructor.pdf"])
def test_every_pdf_prints_the_embedded_text_once(printed: Path, name: str) -> None:
    text = _pdf_text(printed / name)
    assert text.count("Phrase unique de la fiche.") == 1
    assert "![[" not in text and "fiche#Rappel" not in text
    assert "Fiche > Rappel" in text  # the box's source line
    assert text.index("Avant.") < text.index("Phrase unique") < text.index("Après.")
    instructor = "instructor" in name
    assert ("dite seulement." in text) == instructor  # its speaker notes stay the instructor's


def test_embedded_headings_are_no_bookmarks(printed: Path) -> None:
    def titles(items: list) -> list[str]:
        return [t for item in items for t in (titles(item) if isinstance(item, list)
                                              else [item.title])]

    for name in ("01-a.pdf", "course.pdf"):
        outline = titles(pypdf.PdfReader(printed / name).outline)
        assert "Un" in outline and "Rappel" not in outline, outline


@needs_chromium
def test_the_box_sits_in_its_slide_and_is_fitted(tmp_path: Path, browser) -> None:
    long_source = "# Source\n\n## Long\n\n" + "".join(
        f"- Point numéro {i} du passage embarqué, assez long pour remplir une ligne.\n"
        for i in range(14))
    root = course(tmp_path, {"a": "# A\n\n## Un\n\nIntroduction.\n\n![[source#Long]]\n",
                             "source": long_source})
    out = tmp_path / "out"
    assert build_slides(BuildOptions(root, out)).ok
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    try:
        page.goto((out / "slides" / "a.html").as_uri() + "#/un")
        page.wait_for_function("window.Reveal && Reveal.isReady()")
        page.wait_for_timeout(300)
        assert page.evaluate("Reveal.getTotalSlides()") == 2
        box = page.locator(".present .note-embed")
        assert box.count() == 1 and "Point numéro 13" in box.inner_text()
        bottom = page.evaluate("""() => {
            const slide = document.querySelector('section.present .slide-body');
            const box = slide.querySelector('.note-embed').getBoundingClientRect();
            return box.bottom - slide.getBoundingClientRect().bottom;
        }""")
        assert bottom <= 1  # fit.js scaled the body: the box ends inside the slide
    finally:
        page.close()
