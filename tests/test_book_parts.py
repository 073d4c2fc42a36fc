"""The books merged from per-chapter parts (book.py): a part is reused when another chapter
changes, links between chapters land on their page, the contents print the headings' real
pages, every page but the cover and the blank ones carries "n / N", the outline and tags
have the whole-book layout's shape, and a damaged kept part is laid out again."""

from __future__ import annotations

import os
import re
import time
from collections import Counter
from io import BytesIO
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from coursebuild import pdf as pdf_module
from coursebuild.handout_kinds import BOOK, INSTRUCTOR_BOOK, HandoutKind
from coursebuild.handouts import render_book, write_generated_css
from coursebuild.incremental import MANIFEST
from coursebuild.part_cache import CACHE_VARIABLE, PartCache, forget_unused
from coursebuild.pdf import Place, html_to_pdf
from coursebuild.pipeline import BuildOptions, build_handouts, prepare
from coursebuild.templating import environment
from tests.conftest import write_course

PARAGRAPH = "Un runtime de conteneur lance les processus isolés du noyau. " * 12

CHAPTERS = {
    "00-index": "# Cours de test\n\n## Plan\n\nVoir [[01-un#Suite|la suite]].\n",
    "01-un": ("# Premier\n\n## Début\n\n" + PARAGRAPH + "\n\n## Suite\n\n" + PARAGRAPH
              + "\n\nVoir [[02-deux#Cible|la cible]] plus loin.\n\n> [!answer]- Réponse\n"
              "> Oui.\n"),
    "02-deux": ("# Deuxième\n\n## Avant\n\n" + "\n\n".join([PARAGRAPH] * 6)
                + "\n\n## Cible\n\nIci.\n\n## Ressources\n\n- [Site](https://example.org)\n"),
}


def _course(tmp_path: Path) -> tuple:
    folder = write_course(tmp_path / "course", CHAPTERS,
                          "title: Cours de test\nlang: fr\nhandouts:\n  kinds: [course]\n")
    course, _ = prepare(BuildOptions(folder, tmp_path / "out"))
    css = tmp_path / "css"
    write_generated_css(environment(folder), css)
    return course, Place(course.root, css, tmp_path / "out" / "handouts")


def _book(course: object, place: Place, kind: HandoutKind = BOOK) -> bytes:
    result = kind.pdf(environment(course.root), course, None, place)  # type: ignore[attr-defined]
    assert result.refused == []
    return result.data


def _layouts() -> int:
    return pdf_module.LAYOUTS["count"]


@pytest.fixture
def built(tmp_path: Path) -> tuple:
    course, place = _course(tmp_path)
    return course, place, _book(course, place)


def test_a_part_is_reused_when_another_chapter_changes(built: tuple, tmp_path: Path) -> None:
    course, place, before = built
    assert _book(course, place) == before, "same inputs, same bytes, from the kept parts"
    path = course.root / "02-deux.md"
    path.write_text(path.read_text("utf-8").replace("Ici.", "Ici, là."), "utf-8")
    edited, _ = prepare(BuildOptions(course.root, tmp_path / "out"))
    start = _layouts()
    after = _book(edited, place)
    assert _layouts() - start == 1, "only the edited chapter's part is laid out again"
    assert after != before and "Ici, là." in "".join(_texts(after))


def test_a_link_to_another_chapter_lands_on_its_heading(built: tuple) -> None:
    _, _, data = built
    pdf = pikepdf.open(BytesIO(data))
    dests = _destinations(pdf)
    texts = _texts(data)
    found = [(n, str(a.Dest)) for n, page in enumerate(pdf.pages)
             for a in page.obj.get("/Annots", []) if str(a.get("/Dest", "")) == "02-deux--cible"]
    assert found[-1][0] > 1, "01-un's link to 02-deux#Cible is internal (the contents' too)"
    source, name = found[-1]
    assert "la cible" in texts[source]
    assert "Cible" in texts[dests[name]] and "Ici." in texts[dests[name]]
    assert not any(a.get("/A", {}).get("/S") == "/GoToR" for page in pdf.pages
                   for a in page.obj.get("/Annots", [])), "no link left to the marker file"


def test_contents_print_the_real_page_of_each_heading(built: tuple) -> None:
    texts = _texts(built[2])
    entries = re.findall(r"^(\S.*?)[ .]*\.{3,}\s*(\d+)$", texts[1], re.MULTILINE)
    assert len(entries) >= 6, texts[1]
    for title, number in entries:
        assert title.strip() in texts[int(number) - 1], (title, number)


def test_every_page_but_the_cover_and_blank_ones_carries_its_number(built: tuple) -> None:
    texts = _texts(built[2])
    total = len(texts)
    assert total % 2 == 1 or total > 4
    assert f"/ {total}" not in texts[0], "the cover has no footer"
    blank = [n for n, text in enumerate(texts) if not text.strip()]
    assert blank, "a chapter after an odd number of pages starts on the right: a blank page"
    for number, text in enumerate(texts, start=1):
        if number - 1 not in blank and number > 1:
            assert re.search(rf"(^|\n)\s*{number} / {total}\s*$", text), (number, text[-80:])


def test_outline_and_tags_have_the_whole_book_shape(built: tuple, tmp_path: Path) -> None:
    course, place, data = built
    env = environment(course.root)
    whole = html_to_pdf(render_book(env, course, place.extra), course.root, place.extra,
                        place.out_dir, fit_pages=True).data
    assert _outline(data) == _outline(whole)
    assert _tag_counts(data) == _tag_counts(whole)
    merged = pikepdf.open(BytesIO(data))
    root = merged.Root.StructTreeRoot
    assert len(root.K) == 1 and root.K[0].S == "/Document"
    lost = _unreachable_marked_content(merged)
    assert len(lost) <= len(_unreachable_marked_content(pikepdf.open(BytesIO(whole))))
    assert {page for page, _ in lost} <= set(range(len(merged.pages)))
    assert str(merged.Root.Lang) == "fr" and merged.Root.MarkInfo.Marked


def test_the_instructor_book_gathers_answers_with_their_page(tmp_path: Path) -> None:
    course, place = _course(tmp_path)
    texts = _texts(_book(course, place, INSTRUCTOR_BOOK))
    answers = next(n for n, text in enumerate(texts) if text.lstrip().startswith("Réponses"))
    number = int(re.search(r"p\. (\d+)", texts[answers]).group(1))
    assert "Oui." in texts[number - 1] and number - 1 < answers


def test_a_damaged_kept_part_is_laid_out_again(built: tuple) -> None:
    course, place, before = built
    kept = PartCache.for_output(place.out_dir, BOOK.name).folder / "01-un.pdf"
    kept.write_bytes(kept.read_bytes()[:100])
    start = _layouts()
    assert _book(course, place) == before
    assert _layouts() - start == 1
    assert kept.stat().st_size > 1000, "laid out and kept again"


def test_parts_of_removed_chapters_are_deleted(built: tuple, tmp_path: Path) -> None:
    course, place, _ = built
    (course.root / "02-deux.md").unlink()
    (course.root / "01-un.md").write_text(CHAPTERS["01-un"].replace("[[02-deux#Cible|la cible]]",
                                                                     "la cible"), "utf-8")
    smaller, _ = prepare(BuildOptions(course.root, tmp_path / "out"))
    _book(smaller, place)
    names = {p.name for p in PartCache.for_output(place.out_dir, BOOK.name).folder.iterdir()}
    assert "01-un.pdf" in names and not any(n.startswith("02-deux") for n in names)


def _texts(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(BytesIO(data)).pages]


def _destinations(pdf: pikepdf.Pdf) -> dict[str, int]:
    index = {page.obj.objgen: n for n, page in enumerate(pdf.pages)}
    names = pdf.Root.Names.Dests.Names
    return {str(k): index[v[0].objgen] for k, v in zip(names[::2], names[1::2], strict=True)}


def _outline(data: bytes) -> list[tuple[int, str, int]]:
    pdf = pikepdf.open(BytesIO(data))
    index = {page.obj.objgen: n for n, page in enumerate(pdf.pages)}
    found: list[tuple[int, str, int]] = []

    def walk(items: list, depth: int) -> None:
        for item in items:
            found.append((depth, item.title, index[item.destination[0].objgen]))
            walk(item.children, depth + 1)

    with pdf.open_outline() as outline:
        walk(outline.root, 0)
    return found


def _tag_counts(data: bytes) -> Counter:
    pdf = pikepdf.open(BytesIO(data))
    counts: Counter = Counter()
    stack = [pdf.Root.StructTreeRoot.K[0]]
    while stack:
        element = stack.pop()
        if isinstance(element, pikepdf.Dictionary) and "/S" in element:
            counts[str(element.S)] += 1
            kids = element.get("/K")
            stack += list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    return counts


def _unreachable_marked_content(pdf: pikepdf.Pdf) -> list[tuple[int, int]]:
    """(page, MCID) whose element in the parent tree is not in the tree under the Document
    element: WeasyPrint keeps the margin boxes' (running headers) out of it."""
    root = pdf.Root.StructTreeRoot
    reachable, stack = set(), [root.K[0]]
    while stack:
        element = stack.pop()
        if isinstance(element, pikepdf.Dictionary) and "/S" in element:
            reachable.add(element.objgen)
            kids = element.get("/K")
            stack += list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    nums = root.ParentTree.Nums
    tree = {int(k): v for k, v in zip(nums[::2], nums[1::2], strict=True)}
    return [(n, mcid) for n, page in enumerate(pdf.pages) if "/StructParents" in page.obj
            for mcid, element in enumerate(tree[int(page.obj.StructParents)])
            if element.objgen not in reachable]


def test_a_cache_that_cannot_be_written_still_builds(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    course, place = _course(tmp_path)
    (tmp_path / "not-a-folder").write_text("a file where the cache would be", "utf-8")
    monkeypatch.setenv(CACHE_VARIABLE, str(tmp_path / "not-a-folder"))
    start = _layouts()
    data = _book(course, place)
    assert _layouts() - start >= 4 and _texts(data)[-1].strip().endswith("/ 8")


def test_the_kept_parts_are_no_output(tmp_path: Path) -> None:
    folder = write_course(tmp_path / "course", CHAPTERS,
                          "title: Cours de test\nlang: fr\nhandouts:\n  kinds: [course]\n")
    assert build_handouts(BuildOptions(folder, tmp_path / "out", jobs=1)).ok
    handouts = tmp_path / "out" / "handouts"
    kept = PartCache.for_output(handouts, BOOK.name).folder
    assert (kept / "01-un.pdf").is_file()
    assert not kept.is_relative_to(tmp_path / "out"), "the output folder is published as it is"
    assert sorted(p.name for p in handouts.iterdir()) == [MANIFEST, "course.pdf"]
    manifest = (handouts / MANIFEST).read_text("utf-8")
    assert "01-un.pdf" not in manifest
    assert build_handouts(BuildOptions(folder, tmp_path / "out", jobs=1)).ok  # no-op
    assert (kept / "01-un.pdf").is_file()


def test_parts_of_output_folders_unused_for_a_month_are_deleted(tmp_path: Path) -> None:
    used, unused = PartCache.for_output(tmp_path / "a" / "handouts", BOOK.name), \
        PartCache.for_output(tmp_path / "b" / "handouts", BOOK.name)
    for cache in (used, unused):
        cache.folder.mkdir(parents=True)
        (cache.folder / "01-un.pdf").write_bytes(b"%PDF")
    month_ago = time.time() - 31 * 86400
    os.utime(unused.folder.parent, (month_ago, month_ago))
    forget_unused(used.folder.parent.parent)
    assert (used.folder / "01-un.pdf").is_file() and not unused.folder.parent.exists()
