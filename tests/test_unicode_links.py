"""Headings in every script get anchors of their own (GitHub's slugs), and wiki-links find
chapters and headings whatever their case (Obsidian's way), in the deck, the PDFs and check."""

from __future__ import annotations

import contextlib
import re
import subprocess
import zlib
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from coursebuild.links import legacy_slug
from coursebuild.markdown.blocks import slugify
from coursebuild.pipeline import BuildOptions, build_handouts, build_slides, check, prepare
from tests.conftest import needs_chromium, write_course


@pytest.mark.parametrize(("text", "slug"), [
    ("Первый слайд", "первый-слайд"),
    ("Введение в сети", "введение-в-сети"),  # й, ё: kept whole, not stripped of their mark
    ("Ещё раз: й", "ещё-раз-й"),
    ("第一章 概述", "第一章-概述"),
    ("网络（二）", "网络-二"),  # full-width punctuation is a separator
    ("Ελληνικά ΆΛΦΑ", "ελληνικά-άλφα"),
    ("हिन्दी भाषा", "हिन्दी-भाषा"),  # Devanagari's vowel signs are marks: kept
    ("العربية", "العربية"),
    ("🔷 containerd 2.0", "containerd-2-0"),
    ("🚀", "slide"),
    ("Côté nœud : Straße", "cote-nœud-straße"),
    ("می‌خواهم", "میخواهم"),  # a joiner inside a word is dropped, as GitHub does
    ("👩‍💻 Dev", "dev"),
    ("co­ope­ra­tion", "cooperation"),  # soft hyphens
])
def test_letters_of_every_script_are_kept_lower_cased(text: str, slug: str) -> None:
    assert slugify(text) == slug


@pytest.mark.parametrize("text", [
    "Architecture et composants", "Réseau des pods", "L'écosystème : containerd & CRI-O",
    "Étape 2 : le scheduler", "À propos", "ﬁn de ½ journée", "İstanbul", "e\u0301te",
    "snake_case et CamelCase", "x² + y²",
])
def test_latin_headings_keep_the_anchors_they_had(text: str) -> None:
    """Where the ASCII-only slugs kept every letter (all but œ, æ, ß, ø…), nothing changes."""
    assert slugify(text) == legacy_slug(text)


@pytest.mark.parametrize("text", ["Первый слайд", "第一章 概述", "a b", "\u0301x", "x\u200by"])
def test_a_slug_is_a_valid_id_and_hash(text: str) -> None:
    slug = slugify(text)
    assert slug and not re.search(r"[\s#/%?\"'<>&]", slug)
    assert not slug.startswith("-") and not slug.endswith("-") and "--" not in slug


def _chapters() -> dict[str, str]:
    return {
        "01-Intro": "# Intro\n\n## Liens\n\n"
                    "- [[02-ru#Первый слайд|vers le slide russe]]\n"
                    "- [[03-中文#第二部分]]\n"
                    "- [[02-RU]]\n"
                    "- [[02-Ru#ПЕРВЫЙ СЛАЙД|en capitales]]\n",
        "02-Ru": "# Сети\n\n## Введение\n\nТекст.\n\n## Первый слайд\n\nТекст первого слайда.\n\n"
                 "### Historique\n\n[[01-intro#LIENS|retour]]\n",
        "03-中文": "# 网络\n\n## 第一部分\n\n文本。\n\n## 第二部分\n\n文本二。\n",
    }


CONFIG = ("title: Cours Unicode\nlang: fr\nindex: 01-Intro\n"
          "handouts:\n  kinds: [reading, slides, notes, instructor, course, course-instructor]\n")


@pytest.fixture(scope="module")
def unicode_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_course(tmp_path_factory.mktemp("unicode") / "c", _chapters(), CONFIG)


def test_wiki_links_find_chapters_and_headings_whatever_their_case(unicode_course: Path) -> None:
    course, diagnostics = prepare(BuildOptions(unicode_course, unicode_course))
    assert not diagnostics.items, [str(d) for d in diagnostics.items]
    ru = course.chapter("02-Ru")
    assert ru is not None
    assert list(dict.fromkeys(h.anchor for h in ru.headings())) == [
        "сети", "введение", "первый-слайд", "historique"]
    assert check(BuildOptions(unicode_course, unicode_course, strict=True)).ok


@pytest.mark.parametrize(("link", "message"), [
    ("[[02-Rus]]", "no chapter named '02-Rus' (did you mean '02-Ru'?)"),
    ("[[Ru]]", "no chapter named 'Ru' (did you mean '02-Ru'?)"),
    ("[[02-Ru#Первый слайт]]", "no heading 'Первый слайт' in 02-Ru (did you mean 'Первый слайд'?)"),
    ("[[02-Ru#historiqe]]", "(did you mean 'Historique'?)"),
    ("[[zzz]]", "no chapter named 'zzz'"),
])
def test_an_unresolved_wiki_link_suggests_the_closest_name(tmp_path: Path, link: str,
                                                           message: str) -> None:
    chapters = {**_chapters(), "04-Bad": f"# Bad\n\n## Un\n\n{link}\n"}
    course = write_course(tmp_path / "c", chapters)
    result = check(BuildOptions(course, course))
    warnings = [d.message for d in result.diagnostics.items if "04-Bad" in str(d.path)]
    assert len(warnings) == 1 and message in warnings[0], warnings
    assert ("did you mean" in warnings[0]) == ("did you mean" in message)


def test_chapters_differing_only_in_case_are_not_guessed(tmp_path: Path) -> None:
    course = write_course(tmp_path / "c", {"01-Ab": "# A\n", "02-aB": "# B\n"})
    if len({p.name for p in course.glob("*.md")}) < 2:
        pytest.skip("a case-insensitive file system")
    (course / "03-x.md").write_text("# X\n\n[[01-Ab]] [[02-aB]] [[01-ab]] [[03-X]]\n",
                                    encoding="utf-8")
    assert not check(BuildOptions(course, course)).diagnostics.items
    (course / "01-aB.md").write_text("# C\n", encoding="utf-8")
    messages = [d.message for d in check(BuildOptions(course, course)).diagnostics.items]
    assert messages == ["unresolved wiki-link [[01-ab]]: '01-ab' names 2 chapters that differ "
                        "only in case (01-Ab, 01-aB): write it as one of them"]


def test_the_old_ascii_anchor_still_resolves(tmp_path: Path) -> None:
    """``[[ch#sur-le-nud]]`` was how a link named "Sur le nœud" by its anchor before slugs
    kept œ: it still leads there."""
    course = write_course(tmp_path / "c", {"01-a": "# A\n\n## Sur le nœud\n\nx\n",
                                           "02-b": "# B\n\n[[01-a#sur-le-nud]]\n"})
    _, diagnostics = prepare(BuildOptions(course, course))
    assert not diagnostics.items, [str(d) for d in diagnostics.items]


def _pdf_links(pdf: Path) -> tuple[set[str], set[str]]:
    """The named destinations of a PDF, and the names its links go to."""
    listed = subprocess.run(["pdfinfo", "-dests", str(pdf)], capture_output=True, text=True,
                            check=True).stdout
    dests = set(re.findall(r'"(.*)"$', listed, re.M))
    data = pdf.read_bytes()
    chunks = [data]
    for match in re.finditer(rb"stream\r?\n", data):
        with contextlib.suppress(zlib.error):  # not every stream is deflated
            chunks.append(zlib.decompressobj().decompress(data[match.end():]))
    links = set()
    for match in re.finditer(rb"/Dest\s*(\((?:[^()\\]|\\.)*\)|<[0-9a-fA-F]+>)", b"".join(chunks)):
        name = match[1]
        if name.startswith(b"<"):
            raw = bytes.fromhex(name[1:-1].decode())
            links.add(raw[2:].decode("utf-16-be") if raw[:2] == b"\xfe\xff" else raw.decode())
        else:
            links.add(name[1:-1].decode("latin-1"))
    return dests, links


def test_every_pdf_kind_builds_and_its_links_land_on_unicode_anchors(
        unicode_course: Path, tmp_path: Path) -> None:
    result = build_handouts(BuildOptions(unicode_course, tmp_path, jobs=1))
    assert result.ok and not result.diagnostics.items, [str(d) for d in result.diagnostics.items]
    pdfs = sorted((tmp_path / "handouts").glob("*.pdf"))
    assert {p.name for p in pdfs} >= {"02-Ru.pdf", "02-Ru-slides.pdf", "02-Ru-notes.pdf",
                                      "02-Ru-instructor.pdf", "03-中文.pdf", "course.pdf",
                                      "course-instructor.pdf"}
    for book in ("course.pdf", "course-instructor.pdf"):
        dests, links = _pdf_links(tmp_path / "handouts" / book)
        assert {"02-ru--первый-слайд", "03-中文--第二部分", "01-intro--liens"} <= links
        assert links <= dests, links - dests


@needs_chromium
def test_a_link_to_a_cyrillic_heading_opens_its_slide(browser, unicode_course: Path,
                                                      tmp_path: Path) -> None:
    assert build_slides(BuildOptions(unicode_course, tmp_path, jobs=1)).ok
    slides = tmp_path / "slides"
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    try:
        for text, deck, slide_id, title in [
            ("vers le slide russe", "02-Ru.html", "первый-слайд", "Первый слайд"),
            ("en capitales", "02-Ru.html", "первый-слайд", "Первый слайд"),
            ("03-中文 > 第二部分", "03-中文.html", "第二部分", "第二部分"),
        ]:
            page.goto((slides / "01-Intro.html").as_uri())
            page.wait_for_function("() => window.Reveal && Reveal.isReady()")
            page.evaluate("Reveal.slide(Reveal.getIndices(document.getElementById('liens')).h)")
            with page.expect_navigation():  # another deck: a page of its own
                page.get_by_role("link", name=text, exact=True).click()
            page.wait_for_function("() => window.Reveal && Reveal.isReady()")
            assert page.evaluate("Reveal.getCurrentSlide().id") == slide_id
            url = urlsplit(page.url)
            assert unquote(url.path).rsplit("/", 1)[-1] == deck
            assert unquote(url.fragment) == f"/{slide_id}"  # reveal.js's hash, decoded
            indices = page.evaluate("Reveal.getIndices()")
            assert indices["h"] > 0  # not the title slide
            assert page.evaluate("Reveal.getCurrentSlide().querySelector('h2').textContent") \
                == title
    finally:
        page.close()


@needs_chromium
def test_a_unicode_hash_opens_its_slide_and_survives_a_reload(browser, unicode_course: Path,
                                                               tmp_path: Path) -> None:
    """reveal.js writes the current slide's id in the address (``#/первый-слайд``) and reads
    it back when the page is opened or reloaded."""
    assert build_slides(BuildOptions(unicode_course, tmp_path, jobs=1)).ok
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    try:
        page.goto((tmp_path / "slides" / "02-Ru.html").as_uri() + "#/введение")
        page.wait_for_function("() => window.Reveal && Reveal.isReady()")
        assert page.evaluate("Reveal.getCurrentSlide().id") == "введение"
        page.evaluate("Reveal.next()")
        page.wait_for_function("() => decodeURIComponent(location.hash) === '#/первый-слайд'")
        page.reload()
        page.wait_for_function("() => window.Reveal && Reveal.isReady()")
        assert page.evaluate("Reveal.getCurrentSlide().id") == "первый-слайд"
        assert page.evaluate("Reveal.getIndices().h") > 0
    finally:
        page.close()
