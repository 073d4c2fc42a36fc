"""The notes pages' thumbnails painted from the slides PDF (``notes_pdf.py``): every word of
each slide where the thumbnails laid out in HTML put it, the same bookmarks, each thumbnail a
figure naming its slide, the painted slide an artifact; made by the worker that made the
slides PDF, and only when the two are provably the same pages."""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pytest

from coursebuild import handouts as handouts_module
from coursebuild.errors import Diagnostics
from coursebuild.handout_kinds import NOTES, SLIDES, SPEAKER_NOTES
from coursebuild.pdf_jobs import pdf_jobs
from coursebuild.pipeline import BuildOptions, build_handouts, prepare
from tests.conftest import write_course
from tests.test_slides_pdf import CHAPTER, drawn_words

CONFIG = "title: Cours d'essai\nlang: fr\nhandouts:\n  kinds: [slides, notes]\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The notes pages painted, and laid out in HTML (stamping refused), from one course."""
    course = write_course(tmp_path_factory.mktemp("stamp-course"), {"01-Essai": CHAPTER},
                          CONFIG)
    made = {}
    for name, allowed in (("painted", True), ("laid-out", False)):
        out = tmp_path_factory.mktemp(f"stamp-{name}")
        with pytest.MonkeyPatch.context() as patch:
            if not allowed:
                patch.setattr(handouts_module, "stamps_thumbnails", lambda *_: False)
            result = build_handouts(BuildOptions(course, out, jobs=1))
        assert result.ok, [str(d) for d in result.diagnostics.items]
        made[name] = out / "handouts" / "01-Essai-notes.pdf"
    return made


def content(page: pikepdf.Page) -> str:
    """A page's content streams, in order, as text."""
    streams = page.obj.Contents
    streams = streams if isinstance(streams, pikepdf.Array) else [streams]
    return b"\n".join(stream.read_bytes() for stream in streams).decode("latin-1")


def painted_slides(pdf: Path) -> list[str]:
    """The slides' pages painted in each notes page (their names in its resources)."""
    with pikepdf.open(pdf) as document:
        names = set()
        for page in document.pages:
            names |= set(re.findall(r"/(Slide\d+) Do", content(page)))
        return sorted(names)


def test_the_thumbnails_are_painted(built: dict[str, Path]) -> None:
    assert painted_slides(built["painted"]) == [f"Slide{n}" for n in range(1, 7)]
    assert painted_slides(built["laid-out"]) == []


def test_every_word_where_the_laid_out_thumbnail_has_it(built: dict[str, Path]) -> None:
    """The painted page is the laid-out thumbnail (plus the slides PDF's footer line)."""
    painted, laid_out = drawn_words(built["painted"]), drawn_words(built["laid-out"])
    assert len(painted) == len(laid_out)
    for old, new in zip(laid_out, painted, strict=True):
        remaining = list(new)
        for word in old:
            match = next((w for w in remaining if w.text == word.text
                          and abs(w.x - word.x) < 0.6 and abs(w.y - word.y) < 0.6), None)
            assert match is not None, f"{word} not drawn where it was"
            remaining.remove(match)


def outline(pdf: Path) -> list[tuple[int, str, int]]:
    with pikepdf.open(pdf) as document, document.open_outline() as tree:
        pages = {page.objgen: n for n, page in enumerate(document.pages)}
        found = []

        def walk(items: list, depth: int) -> None:
            for item in items:
                target = item.destination[0].objgen if item.destination else None
                found.append((depth, " ".join(item.title.split()), pages.get(target, -1)))
                walk(item.children, depth + 1)

        walk(tree.root, 0)
        return found


def test_the_same_bookmarks(built: dict[str, Path]) -> None:
    assert outline(built["painted"]) == outline(built["laid-out"])
    assert len(outline(built["painted"])) >= 7  # the chapter, the title slide, five headings


def test_each_thumbnail_is_a_figure_and_the_slide_an_artifact(built: dict[str, Path]) -> None:
    with pikepdf.open(built["painted"]) as document:
        alts = []

        def walk(node: object) -> None:
            if isinstance(node, pikepdf.Dictionary):
                if node.get("/S") == "/Figure":
                    alts.append(str(node.get("/Alt", "")))
                kids = node.get("/K")
                for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                    walk(kid)

        walk(document.Root.StructTreeRoot)
        thumbnails = [alt for alt in alts if alt.startswith("Diapositive")]
        assert thumbnails[:2] == ["Diapositive 1\N{NO-BREAK SPACE}: Chapitre d'essai",
                                  "Diapositive 2\N{NO-BREAK SPACE}: Trente"]
        assert len(thumbnails) == 6
        for page in document.pages:
            for drawing in re.findall(r"(?s)/Artifact BMC(.*?)EMC", content(page)):
                assert "Do" in drawing and "BDC" not in drawing
        for number in range(1, 7):  # the slides' own marked content is gone from the form
            form = document.pages[0].Resources.XObject[f"/Slide{number}"]
            assert b"BDC" not in form.read_bytes() and "/StructParents" not in form


def test_the_worker_that_makes_the_slides_makes_the_notes(tmp_path: Path) -> None:
    course_root = write_course(tmp_path / "c", {"01-Essai": CHAPTER, "02-Suite": CHAPTER},
                               CONFIG)
    course, _ = prepare(BuildOptions(course_root, tmp_path / "out"))
    todo = {"01-Essai-slides.pdf", "01-Essai-notes.pdf", "02-Suite-notes.pdf"}
    jobs = pdf_jobs(course, course.chapters, todo, Diagnostics())
    assert [(tuple(k.name for k in kinds), stem) for kinds, stem in jobs] == [
        (("slides", "notes"), "01-Essai"), (("notes",), "02-Suite")]


def test_laid_out_when_they_cannot_be_the_same(tmp_path: Path) -> None:
    """The instructor's notes pages show the instructor's slides (answers shown); a course's
    own templates or stylesheet may style a thumbnail apart from its slide; with fragment
    steps a slide is several pages."""
    course_root = write_course(tmp_path / "c", {"01-Essai": CHAPTER}, CONFIG)
    course, _ = prepare(BuildOptions(course_root, tmp_path / "out"))
    assert handouts_module.stamps_thumbnails(course, NOTES)
    assert not handouts_module.stamps_thumbnails(course, SPEAKER_NOTES)
    assert not handouts_module.stamps_thumbnails(course, SLIDES)
    (course_root / "templates").mkdir()
    assert not handouts_module.stamps_thumbnails(course, NOTES)
    (course_root / "templates").rmdir()
    (course_root / "course.yaml").write_text(CONFIG + "  fragments: steps\n", "utf-8")
    stepped, _ = prepare(BuildOptions(course_root, tmp_path / "out"))
    assert not handouts_module.stamps_thumbnails(stepped, NOTES)
