"""The table of handout kinds drives the PDFs' names, the landing page's links, the build
cache's digests and the check of ``handouts: kinds`` in course.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest

from coursebuild.config import load_course_config
from coursebuild.errors import ContentError
from coursebuild.handout_kinds import BOOK, KINDS, chosen, course_kinds, kind_named
from coursebuild.incremental import ChapterFacts, handout_digests
from coursebuild.sources import Sources
from coursebuild.views import labels_for

ROWS = [  # name, PDF of chapter "01-a", fr label, en label
    ("reading", "01-a.pdf", "Polycopié (PDF)", "Handout (PDF)"),
    ("slides", "01-a-slides.pdf", "Diapositives (PDF)", "Slides (PDF)"),
    ("notes", "01-a-notes.pdf", "Notes (PDF)", "Notes pages (PDF)"),
    ("instructor", "01-a-instructor.pdf", "Édition de l'enseignant (PDF)",
     "Instructor's edition (PDF)"),
    ("course", "course.pdf", "📘 Le module complet en un PDF", "📘 The whole course as one PDF"),
    ("course-instructor", "course-instructor.pdf",
     "📕 Le module complet, édition de l'enseignant (PDF)",
     "📕 The whole course, instructor's edition (PDF)"),
]
INSTRUCTOR = {"instructor", "course-instructor"}


def test_every_kind_has_a_row() -> None:
    assert [row[0] for row in ROWS] == [kind.name for kind in KINDS]


@pytest.mark.parametrize(("name", "pdf", "fr", "en"), ROWS, ids=[row[0] for row in ROWS])
def test_pdf_name_and_labels(name: str, pdf: str, fr: str, en: str) -> None:
    kind = kind_named(name)
    assert kind.file_name("01-a") == pdf
    assert labels_for("fr")[name] == fr
    assert labels_for("en-GB")[name] == en


def _sources(tmp_path: Path, kinds: list[str], more: str = "") -> Sources:
    (tmp_path / "course.yaml").write_text(f"title: T\nhandouts:\n  kinds: {kinds}\n{more}",
                                          "utf-8")
    config = load_course_config(tmp_path / "course.yaml")
    return Sources(root=tmp_path, config=config, chapters={"01-a": tmp_path / "01-a.md"},
                   digests={"01-a": "d1"}, toolchain="t", templates="tp", config_digest="c")


@pytest.mark.parametrize(("name", "pdf", "fr", "en"), ROWS, ids=[row[0] for row in ROWS])
def test_digests_follow_the_chosen_kinds(tmp_path: Path, name: str, pdf: str, fr: str,
                                         en: str) -> None:
    sources = _sources(tmp_path, [name])
    facts = {"01-a": ChapterFacts("A", [], [], [])}
    digests = handout_digests(sources, facts, chosen(sources.config.handouts.kinds))
    assert set(digests) == {pdf}
    every = handout_digests(sources, facts, KINDS)
    assert set(every) == {row[1] for row in ROWS}
    assert len(set(every.values())) == len(KINDS)  # the kind's name is in its digest


def test_each_row_says_its_edition() -> None:
    assert {kind.name for kind in KINDS if kind.instructor} == INSTRUCTOR
    assert all(kind.speaker is None or kind.speaker.instructor for kind in KINDS)


def test_speaker_notes_pages_are_the_instructors(tmp_path: Path) -> None:
    """With notes_lines: speaker, the notes kind is written under the instructor's name."""
    path = tmp_path / "course.yaml"
    path.write_text("title: T\nhandouts:\n  kinds: [notes]\n  notes_lines: speaker\n", "utf-8")
    (kind,) = course_kinds(load_course_config(path).handouts)
    assert (kind.file_name("01-a"), kind.instructor) == ("01-a-notes-instructor.pdf", True)
    assert kind.label_for("fr") == "Notes de l'enseignant (PDF)"
    path.write_text("title: T\nhandouts:\n  kinds: [notes]\n", "utf-8")
    (kind,) = course_kinds(load_course_config(path).handouts)
    assert (kind.file_name("01-a"), kind.instructor) == ("01-a-notes.pdf", False)


@pytest.mark.parametrize("links", [False, True])
def test_landing_links_a_chapter_pdfs_in_table_order(tmp_path: Path, links: bool) -> None:
    """The students' PDFs; the instructor's too only with handouts: instructor_links."""
    from coursebuild.deck import deck_target
    from coursebuild.landing import Outputs, _entry
    from coursebuild.model import Course

    more = f"  instructor_links: {str(links).lower()}\nlang: en\n"
    config = _sources(tmp_path, ["reading", "notes", "instructor"], more).config
    course = Course(root=tmp_path, config=config, chapters=[])
    outputs = Outputs(decks=set(), pdfs={"01-a-notes.pdf", "01-a.pdf", "01-a-instructor.pdf",
                                         BOOK.file_name()}, failed=set())
    entry = _entry("01-a", course, deck_target(tmp_path), outputs, labels_for("en"))
    assert [(link.label, link.href) for link in entry.handouts] == [
        ("Handout (PDF)", "../handouts/01-a.pdf"),
        ("Notes pages (PDF)", "../handouts/01-a-notes.pdf"),
        *([("Instructor's edition (PDF)", "../handouts/01-a-instructor.pdf")] if links else [])]


@pytest.mark.parametrize(("kinds", "line", "message"), [
    ("[readng]", 4, "'kinds' must be one of reading, slides, notes, instructor, course, "
                    "course-instructor, not 'readng' (did you mean 'reading'?)"),
    ("[course-instructr]", 4, "not 'course-instructr' (did you mean 'course-instructor'?)"),
    ("[reading, instructeur]", 4, "not 'instructeur' (did you mean 'instructor'?)"),
    ("\n    - slides\n    - note", 6, "not 'note' (did you mean 'notes'?)"),
    ("[reading, pdf]", 4, "not 'pdf'"),
])
def test_unknown_kind_is_an_error_at_its_line(tmp_path: Path, kinds: str, line: int,
                                              message: str) -> None:
    path = tmp_path / "course.yaml"
    path.write_text(f"title: T\nlang: en\nhandouts:\n  kinds: {kinds}\n", "utf-8")
    with pytest.raises(ContentError) as caught:
        load_course_config(path)
    assert caught.value.line == line
    assert message in caught.value.message


def test_default_kinds_are_every_row(tmp_path: Path) -> None:
    (tmp_path / "course.yaml").write_text("title: T\n", "utf-8")
    assert load_course_config(tmp_path / "course.yaml").handouts.kinds == tuple(
        kind.name for kind in KINDS)


def test_every_chapter_kind_has_a_paper_cost() -> None:
    from coursebuild.handout_kinds import CHAPTER_KINDS
    from coursebuild.paper_bound import KINDS as PAPER_KINDS

    assert all(kind.paper_cost for kind in CHAPTER_KINDS)
    assert tuple(kind.name for kind in CHAPTER_KINDS) == PAPER_KINDS


def test_suffixes_are_spelled_only_in_the_table() -> None:
    package = Path(__file__).parent.parent / "coursebuild"
    spelled = {path.name for path in package.rglob("*.py")
               for suffix in ('"-slides"', '"-notes"', "-notes.pdf", "-slides.pdf")
               if suffix in path.read_text("utf-8")}
    assert spelled == {"handout_kinds.py"}
