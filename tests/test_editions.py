"""The two editions of the handouts, read back from the PDFs: the students' (no speaker note,
no answer) and the instructor's (notes set apart, answers in place and gathered at the end of
the book, planned durations); the landing page's links; each edition an output of its own."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from coursebuild.handouts import format_minutes
from coursebuild.pipeline import BuildOptions, build_all, build_handouts, prepare
from tests.conftest import write_course
from tests.handout_checks import outline_titles

# Each section's timing marks, in minutes (the notes write them as "⏱ N min" or "⏱ N s").
FIRST_MARKS = (3.0, 2.5)
SECOND_MARKS = (1.5,)
LATER_MARKS = (4.0,)
NOTES = ("Question à la salle demandez qui connaît runc", "Laissez chercher les étudiants",
         "Corrigez au tableau avec eux", "Racontez la fusion des projets")
ANSWERS = ("runc est le lanceur de référence", "config-solution.json contient la correction",
           "Kata isole chaque pod dans une machine virtuelle")
HANDOUT = "Texte pour les étudiants jamais projeté sur la baleine bleue"

QUIZ = f"""# Le quiz

> Un chapitre d'essai

## Première partie

Texte projeté sur la diapositive.

> [!handout]
> {HANDOUT}.

Note: {NOTES[0]}. ⏱ {FIRST_MARKS[0]:g} min

### Le quiz

1. Quel outil lance les conteneurs ?

> [!answer]- Réponses
> 1) {ANSWERS[0]}.

Note: {NOTES[1]}. ⏱ {str(FIRST_MARKS[1]).replace(".", ",")} min

## Exercice

Écrivez un fichier de configuration.

> [!solution]-
> {ANSWERS[1]}.

Note: {NOTES[2]}. ⏱ {round(SECOND_MARKS[0] * 60)} s

## Sans minutage

Une partie sans marque de temps.
"""

LATER = f"""# La suite

## Isolation

Les runtimes isolés.

Note: {NOTES[3]}. ⏱ {LATER_MARKS[0]:g} min

### Question

Comment Kata isole-t-il un pod ?

> [!answer]-
> {ANSWERS[2]}.
"""

STUDENT_FILES = ("01-quiz.pdf", "01-quiz-slides.pdf", "01-quiz-notes.pdf", "02-suite.pdf",
                 "02-suite-slides.pdf", "02-suite-notes.pdf", "course.pdf")
INSTRUCTOR_FILES = ("01-quiz-instructor.pdf", "02-suite-instructor.pdf", "course-instructor.pdf")
EVERY_KIND = "[reading, slides, notes, instructor, course, course-instructor]"


def page_texts(pdf: Path, *, layout: bool = False) -> list[str]:
    """Each page's text, as poppler reads it (``layout``: each line as it is drawn, so that a
    heading and the duration floated beside it are read on one line)."""
    command = ["pdftotext", *(["-layout"] if layout else []), str(pdf), "-"]
    text = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return text.split("\f")[:-1]


def squeezed(text: str) -> str:
    """Text without its spaces, so that a line break or French spacing never hides a phrase."""
    return re.sub(r"\s+", "", text)


def course_yaml(kinds: str, more: str = "") -> str:
    return f"title: Cours de test\nlang: fr\nhandouts:\n  kinds: {kinds}\n{more}"


@pytest.fixture(scope="session")
def editions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both editions of a two-chapter course, built once (decks too: the landing page)."""
    folder = tmp_path_factory.mktemp("editions")
    course = write_course(folder / "course", {"01-quiz": QUIZ, "02-suite": LATER},
                          course_yaml(EVERY_KIND))
    result = build_all(BuildOptions(course, folder / "out", jobs=2))
    assert result.ok, [str(d) for d in result.diagnostics.items]
    return folder / "out"


@pytest.fixture(scope="session")
def texts(editions: Path) -> Callable[[str], str]:
    """Each PDF's text, squeezed, extracted once."""
    read: dict[str, str] = {}

    def text(name: str) -> str:
        if name not in read:
            read[name] = squeezed(" ".join(page_texts(editions / "handouts" / name)))
        return read[name]

    return text


@pytest.fixture(scope="session")
def speaker(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One chapter, notes pages with the speaker notes, instructor files linked."""
    folder = tmp_path_factory.mktemp("speaker")
    config = course_yaml("[notes, instructor]", "  notes_lines: speaker\n"
                         "  instructor_links: true\n")
    course = write_course(folder / "course", {"01-quiz": QUIZ}, config)
    result = build_all(BuildOptions(course, folder / "out", jobs=2))
    assert result.ok, [str(d) for d in result.diagnostics.items]
    return folder


def test_every_file_of_both_editions_is_written(editions: Path) -> None:
    written = {path.name for path in (editions / "handouts").glob("*.pdf")}
    assert written == {*STUDENT_FILES, *INSTRUCTOR_FILES}


@pytest.mark.parametrize("name", STUDENT_FILES)
def test_students_pdfs_have_no_note_and_no_answer(texts, name: str) -> None:
    text = texts(name)
    leaked = [phrase for phrase in (*NOTES, *ANSWERS) if squeezed(phrase) in text]
    assert leaked == []
    assert "enseignant" not in text.lower()  # no notes box, no edition's name


@pytest.mark.parametrize("name", STUDENT_FILES)
def test_students_pdfs_keep_what_is_projected(texts, name: str) -> None:
    """The same files still hold the slides' own text (the checks above see real text)."""
    stem = "02-suite" if name.startswith("02") else "01-quiz"
    shown = "Lesruntimesisolés" if stem == "02-suite" else "Texteprojetésurladiapositive"
    assert shown in texts(name)


@pytest.mark.parametrize("name", INSTRUCTOR_FILES)
def test_instructor_pdfs_have_notes_answers_and_durations(texts, name: str) -> None:
    text = texts(name)
    chapters = ("01", "02") if name.startswith("course") else (name[:2],)
    notes = [n for n, chapter in zip(NOTES, ("01", "01", "01", "02"), strict=True)
             if chapter in chapters]
    answers = [a for a, chapter in zip(ANSWERS, ("01", "01", "02"), strict=True)
               if chapter in chapters]
    assert [phrase for phrase in (*notes, *answers) if squeezed(phrase) not in text] == []
    assert squeezed("NOTES DE L'ENSEIGNANT") in text
    assert squeezed("ÉDITION DE L'ENSEIGNANT") in text


@pytest.mark.parametrize("name", ["01-quiz.pdf", "01-quiz-instructor.pdf", "course.pdf",
                                  "course-instructor.pdf"])
def test_students_text_is_in_both_editions(texts, name: str) -> None:
    assert squeezed(HANDOUT) in texts(name)


@pytest.mark.parametrize("name", ["01-quiz-slides.pdf", "01-quiz-notes.pdf"])
def test_students_text_is_not_projected(texts, name: str) -> None:
    assert squeezed(HANDOUT) not in texts(name)


def test_planned_durations_are_the_sums_of_the_marks(editions: Path) -> None:
    first = page_texts(editions / "handouts" / "01-quiz-instructor.pdf", layout=True)[0]
    lines = [squeezed(line) for line in first.split("\n")]
    total = sum(FIRST_MARKS) + sum(SECOND_MARKS)
    planned = squeezed(f"Durée prévue : {format_minutes(total, 'fr')}")
    assert any(line.endswith(planned) for line in lines), lines
    for heading, marks in (("Premièrepartie", FIRST_MARKS), ("Exercice", SECOND_MARKS)):
        shown = squeezed(format_minutes(sum(marks), "fr"))
        assert f"{heading}{shown}" in lines, (heading, lines)
    assert "Sansminutage" in lines  # no mark, no duration


def test_durations_stay_out_of_the_outline(editions: Path) -> None:
    titles = outline_titles(editions / "handouts" / "01-quiz-instructor.pdf")
    assert {"Première partie", "Exercice", "Sans minutage"} <= set(titles), titles
    assert not [title for title in titles if re.search(r"\d\s*min", title)]


def test_book_durations_per_chapter(texts) -> None:
    later = squeezed(f"Durée prévue : {format_minutes(sum(LATER_MARKS), 'fr')}")
    assert later in texts("course-instructor.pdf")


@pytest.mark.parametrize(("total", "lang", "shown"), [
    (7.0, "fr", "7\u00a0min"), (5.5, "fr", "5,5\u00a0min"), (5.5, "en", "5.5\u00a0min"),
    (0.5, "fr", "30\u00a0s"), (75.0, "fr", "1\u00a0h\u00a015"), (12.25, "en", "12.2\u00a0min"),
])
def test_minutes_as_a_lecturer_reads_them(total: float, lang: str, shown: str) -> None:
    assert format_minutes(total, lang) == shown


def _destinations(reader: PdfReader, page: int) -> list[str]:
    """The named destinations the links of ``page`` go to, each once, in order (a link drawn
    in several boxes has an annotation per box)."""
    names: list[str] = []
    for annot in reader.pages[page].get("/Annots", []):
        annot = annot.get_object()
        action = annot.get("/A", {})
        dest = annot.get("/Dest") or (action.get("/D") if action.get("/S") == "/GoTo" else None)
        if isinstance(dest, str) and dest not in names:
            names.append(dest)
    return names


def test_book_gathers_the_answers_in_an_appendix_that_links_back(editions: Path) -> None:
    pdf = editions / "handouts" / "course-instructor.pdf"
    pages = [squeezed(text) for text in page_texts(pdf)]
    start = next(n for n, text in enumerate(pages) if text.startswith("CoursdetestRéponses"))
    appendix = "".join(pages[start:])
    places = [appendix.find(squeezed(answer)) for answer in ANSWERS]
    assert -1 not in places and places == sorted(places)  # every answer, by chapter, in order
    assert appendix.find("Lequiz") < appendix.find("Lasuite")
    assert "Réponses" in "".join(outline_titles(pdf))
    reader = PdfReader(pdf)
    names = [name for n in range(start, len(pages)) for name in _destinations(reader, n)]
    targets = [reader.get_page_number(reader.named_destinations[name].page) for name in names]
    assert len(targets) == len(ANSWERS), names
    for answer, page in zip(ANSWERS, targets, strict=True):
        assert page < start and squeezed(answer) in pages[page]  # in place, in its chapter


def test_students_book_has_no_appendix(texts) -> None:
    assert "Réponses" not in texts("course.pdf")


def test_landing_links_only_the_students_files_by_default(editions: Path) -> None:
    page = (editions / "slides" / "index.html").read_text(encoding="utf-8")
    linked = set(re.findall(r'href="\.\./handouts/([^"]+)"', page))
    assert linked == set(STUDENT_FILES)


def test_speaker_notes_pages_are_the_instructors(speaker: Path) -> None:
    handouts = speaker / "out" / "handouts"
    assert {path.name for path in handouts.glob("*.pdf")} == {
        "01-quiz-notes-instructor.pdf", "01-quiz-instructor.pdf"}
    text = squeezed(" ".join(page_texts(handouts / "01-quiz-notes-instructor.pdf")))
    assert squeezed(NOTES[0]) in text


def test_landing_links_the_instructors_files_when_asked(speaker: Path) -> None:
    page = (speaker / "out" / "slides" / "index.html").read_text(encoding="utf-8")
    linked = re.findall(r'href="\.\./handouts/([^"]+)"', page)
    assert linked == ["01-quiz-notes-instructor.pdf", "01-quiz-instructor.pdf"]
    assert "Notes de l&#39;enseignant (PDF)" in page or "Notes de l'enseignant (PDF)" in page


def test_an_edited_note_rebuilds_the_instructors_pdfs(speaker: Path, tmp_path: Path) -> None:
    shutil.copytree(speaker, tmp_path, dirs_exist_ok=True)
    course, out = tmp_path / "course", tmp_path / "out"
    assert build_handouts(BuildOptions(course, out, jobs=2)).ok  # in its new folder
    assert build_handouts(BuildOptions(course, out, jobs=1)).written == []  # up to date
    chapter = course / "01-quiz.md"
    edited = chapter.read_text(encoding="utf-8").replace(NOTES[1], "Nouvelle consigne orale")
    chapter.write_text(edited, encoding="utf-8")
    result = build_handouts(BuildOptions(course, out, jobs=2))
    assert result.ok
    assert {path.name for path in result.written} == {
        "01-quiz-notes-instructor.pdf", "01-quiz-instructor.pdf"}
    text = squeezed(" ".join(page_texts(out / "handouts" / "01-quiz-instructor.pdf")))
    assert "Nouvelleconsigneorale" in text and squeezed(NOTES[1]) not in text


def test_paper_bound_counts_the_instructors_edition(tmp_path: Path) -> None:
    from coursebuild.paper_bound import estimate_chapter

    long_notes = "".join(f"\n## Partie {n}\n\nCourt.\n\nNote: {'Longue consigne. ' * 120}\n"
                         for n in range(6))
    course = write_course(tmp_path / "c", {"c": f"# C\n{long_notes}"}, course_yaml(EVERY_KIND))
    parsed, _ = prepare(BuildOptions(course, course))
    estimate = estimate_chapter(parsed.chapters[0])
    assert estimate.pages["instructor"] > estimate.pages["reading"]
    assert estimate.work["instructor"] > estimate.work["reading"]
    assert estimate.total(["reading", "instructor"]) > estimate.total(["reading"])
