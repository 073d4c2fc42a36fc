"""The shipped module speaks with one vocabulary and one voice (docs/glossary.md).

The chapters' running text (code, links and URLs left out: a command is `crictl pods`, a cited
page keeps its English title) never uses a variant the glossary set aside, and every chapter
has the teaching structure the module promises: objectives as a list, a recap with its quiz
(each quiz slide's answers: test_course_content), and, in chapters 02 to 07, a lab with expected
results, a clean-up step and solutions. All of it read from the parsed course, as the build
reads it. The index (00) is the author's own text, kept verbatim: it is not held to these rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from markdown_it.token import Token

from coursebuild.markdown.callouts import callout_kind
from coursebuild.model import Chapter, Course
from coursebuild.pipeline import BuildOptions, prepare
from tests.conftest import CHAPTERS

pytestmark = pytest.mark.course
STEMS = sorted(path.stem for path in CHAPTERS.glob("0[1-8]-*.md"))  # the index, 00, is verbatim
LABS = {f"0{n}" for n in range(2, 8)}  # chapters 02 to 07 each have a hands-on lab

# variant set aside -> the word the glossary chose; matched in running text only
FORBIDDEN = {
    r"\b(?:le|du|au) CRI\b(?!-)": "la CRI (de la CRI, à la CRI): the Container Runtime Interface",
    r"\bgradu[ée]": "diplômé (a CNCF graduated project)",
    r"\bpods?\b": "Pod / Pods (the Kubernetes object, capitalised)",
    r"(?i)\bhigh-level\b|\blow-level\b": "de haut niveau / de bas niveau (the English term "
                                         "only in italics, as a foreign word)",
    r"(?i)\bflow\b": "parcours",
    r"(?i)\bdebug": "débogage, déboguer",
    r"(?i)\bflags?\b": "option",
    r"(?i)\bsandbox[ée]": "isolé, à isolation renforcée",
    r"(?i)\bmanifests\b|\bmanifest\b": "manifeste",
    r"fausse à moitié": "à moitié fausse",
    "[\u00a0\u202f]": "a plain space: the build adds French non-breaking spaces itself",
}
ITALIC_ALLOWED = r"(?i)\bhigh-level\b|\blow-level\b"  # a foreign word in italics is quoted


@pytest.fixture(scope="module")
def course() -> Course:
    return prepare(BuildOptions(CHAPTERS, CHAPTERS))[0]


def inlines(chapter: Chapter) -> Iterator[Token]:
    """Every inline token of the chapter as parsed: headings, slides' text and speaker notes."""
    if chapter.title:
        yield chapter.title.inline
    for slide in chapter.slides:
        if slide.heading:
            yield slide.heading.inline
        yield from (t for t in (*slide.subtitle, *slide.body, *slide.notes) if t.type == "inline")


def running_text(chapter: Chapter) -> Iterator[tuple[int, str, bool]]:
    """Each piece of running text of a chapter: its line, the text, and whether it is in
    italics. Code, wiki-links, link text and targets, and raw HTML are out."""
    for token in inlines(chapter):
        line = token.map[0] + 1 if token.map else 0
        link = italic = 0
        for child in token.children or []:
            link += {"link_open": 1, "link_close": -1}.get(child.type, 0)
            italic += {"em_open": 1, "em_close": -1}.get(child.type, 0)
            if child.type == "text" and not link:
                yield line, child.content, italic > 0


@pytest.mark.parametrize("stem", STEMS)
def test_no_variant_the_glossary_set_aside(course: Course, stem: str) -> None:
    chapter = course.chapter(stem)
    found = []
    for line, text, italic in running_text(chapter):
        for pattern, chosen in FORBIDDEN.items():
            if italic and pattern == ITALIC_ALLOWED:
                continue
            found += [f"{chapter.path.name}:{line}: {m.group(0)!r} -> {chosen}"
                      for m in re.finditer(pattern, text)]
    assert not found, "\n".join(found)


def test_the_rules_catch_what_they_name() -> None:
    """The patterns match the variants (so the test above could fail) and spare the choices."""
    caught = {"le CRI": True, "du CRI": True, "le CRI-O": False, "la CRI": False,
              "gradué": True, "diplômé": False, "les pods": True, "les Pods": False,
              "high-level": True, "flag": True, "option": False, "manifests": True,
              "manifestes": False, "debug": True, "débogage": False, "sandboxés": True,
              "à\u00a0:": True}
    for text, forbidden in caught.items():
        assert any(re.search(p, text) for p in FORBIDDEN) is forbidden, text


def _section(chapter: Chapter, title: str):
    return next((section for section in chapter.sections
                 if section.heading and section.heading.text.startswith(title)), None)


def _tokens(section) -> list[Token]:
    return [t for slide in section.slides for t in slide.body]


def _objective_lines(chapter: Chapter, tokens: list[Token]) -> list[str]:
    """The source lines of the objectives that hold a ✅ (a paragraph of ✅ lines is shown as
    a list too: only the source says whether each has its ``- ``)."""
    source = chapter.path.read_text(encoding="utf-8").splitlines()
    return [source[number] for token in tokens if token.type == "inline" and token.map
            for number in range(*token.map) if "✅" in source[number]]


@pytest.mark.parametrize("stem", STEMS)
def test_teaching_structure(course: Course, stem: str) -> None:
    """The answers of each quiz slide are checked by test_course_content."""
    chapter = course.chapter(stem)
    objectives = _section(chapter, "Objectifs")
    assert objectives is not None and objectives.heading.level == 2, "## 🎯 Objectifs"
    lines = _objective_lines(chapter, _tokens(objectives))
    assert lines and all(re.match(r"- ✅ [A-ZÀ-Ý]", line) for line in lines), \
        "objectives: '- ✅ Verbe…' list items, each starting with a capital"
    recap = _section(chapter, "Récapitulatif")
    assert recap is not None and recap.heading.level == 2, "## 📝 Récapitulatif"
    quizzes = [slide for slide in chapter.slides
               if slide.heading and slide.heading.text.startswith("Quiz")]
    assert quizzes and all(q in recap.slides and q.heading.level == 3 for q in quizzes), \
        "quiz slides: ### ❓ Quiz, under the recap"
    labs = [section for section in chapter.sections
            if section.heading and section.heading.level == 2
            and section.heading.text.startswith("TP : ")]
    if stem[:2] in LABS:
        assert len(labs) == 1, "a lab: ## 🧪 TP : …"
        lab = _tokens(labs[0])
        headings = [slide.heading.text for slide in labs[0].slides if slide.heading]
        text = " ".join(t.content for t in lab if t.type == "inline")
        assert "Résultat attendu" in text and "Nettoyage" in headings, \
            "the lab gives the expected result of its steps and a clean-up step"
        assert any(re.search(r"\b1\b", heading) for heading in headings), "numbered steps"
        assert any(callout_kind(t) == "solution" for t in lab), \
            "the lab's solutions, for the instructor's edition"


IMPERATIVE = re.compile(r"(?:^|[.!?:]\s+)([A-ZÉÈÀ][a-zéèêëàâîïôûç]+ez)\b")
NOT_VERBS = {"Chez", "Assez"}


@pytest.mark.parametrize("stem", STEMS)
def test_speaker_notes_use_the_infinitive(course: Course, stem: str) -> None:
    """Speaker notes are stage directions in the infinitive ("Montrer…", "Demander…"), never
    the "vous" imperative; a question quoted for the room (« … ») may say "vous"."""
    chapter = course.chapter(stem)
    found = []
    for slide in chapter.slides:
        for token in (t for t in slide.notes if t.type == "inline"):
            words = "".join(c.content for c in token.children or [] if c.type == "text")
            direction = re.sub(r"«[^»]*»", "", words.removeprefix("Note:")).strip()
            found += [f"{chapter.path.name}:{token.map[0] + 1 if token.map else 0}: {m.group(1)}"
                      for m in IMPERATIVE.finditer(direction) if m.group(1) not in NOT_VERBS]
    assert not found, "\n".join(found)
