"""The shipped module speaks with one vocabulary and one voice (docs/glossary.md).

The chapters' running text (code, links and URLs left out: a command is `crictl pods`, a cited
page keeps its English title) never uses a variant the glossary set aside, and every chapter
has the teaching structure the module promises: objectives as a list, a recap, a quiz with
answers, and, in chapters 02 to 07, a lab with expected results and a clean-up step. The index
(00) is the author's own text, kept verbatim: it is not held to these rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

CHAPTERS = sorted((Path(__file__).resolve().parent.parent / "chapters").glob("0[1-8]-*.md"))
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


def running_text(path: Path) -> Iterator[tuple[int, str, bool]]:
    """Each piece of running text of a chapter: its line, the text, and whether it is in
    italics. Code (spans, blocks), link text and targets, raw HTML and front matter are out."""
    text = path.read_text(encoding="utf-8")
    if text.startswith("---\n"):
        text = "\n" * text[4:].index("\n---") + text[text.index("\n---", 4) + 4:]
    for token in MarkdownIt("commonmark").enable("table").parse(text):
        if token.type != "inline" or not token.children:
            continue
        line = token.map[0] + 1 if token.map else 0
        link = italic = 0
        for child in token.children:
            link += {"link_open": 1, "link_close": -1}.get(child.type, 0)
            italic += {"em_open": 1, "em_close": -1}.get(child.type, 0)
            if child.type == "text" and not link:
                for part in re.split(r"\[\[[^\]]*\]\]", child.content):  # wiki-links
                    yield line, part, italic > 0


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_no_variant_the_glossary_set_aside(chapter: Path) -> None:
    found = []
    for line, text, italic in running_text(chapter):
        for pattern, chosen in FORBIDDEN.items():
            if italic and pattern == ITALIC_ALLOWED:
                continue
            found += [f"{chapter.name}:{line}: {m.group(0)!r} -> {chosen}"
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


def _headings(path: Path) -> list[tuple[int, str]]:
    return [(len(m.group(1)), m.group(2)) for m in
            re.finditer(r"^(#{1,6}) (.*)$", _outside_fences(path), re.MULTILINE)]


def _outside_fences(path: Path) -> str:
    lines, fence = [], ""
    for line in path.read_text(encoding="utf-8").splitlines():
        marker = re.match(r"^\s*(```+|~~~+)", line)
        if marker and (not fence or marker.group(1).startswith(fence)):
            fence = "" if fence else marker.group(1)
            continue
        lines.append("" if fence else line)
    return "\n".join(lines)


def _section(path: Path, title: str) -> str:
    """The text from the level-2 heading containing ``title`` to the next level-2 heading."""
    match = re.search(rf"^## [^\n]*{re.escape(title)}[^\n]*\n(.*?)(?=^## |\Z)",
                      _outside_fences(path), re.MULTILINE | re.DOTALL)
    return match.group(1) if match else ""


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_teaching_structure(chapter: Path) -> None:
    headings = _headings(chapter)
    assert (2, "🎯 Objectifs") in headings, "objectives"
    objectives = _section(chapter, "Objectifs")
    items = re.findall(r"^- ✅ (\S)", objectives, re.MULTILINE)
    assert items and all(first.isupper() for first in items), \
        "objectives: a list of '- ✅ Verbe…' items, each starting with a capital"
    assert not re.search(r"^✅", objectives, re.MULTILINE), "an objective without '- '"
    assert (2, "📝 Récapitulatif") in headings, "a recap"
    quizzes = [title for level, title in headings if "Quiz" in title]
    assert quizzes, "a quiz"
    assert all((3, title) in headings for title in quizzes), "quiz slides are level 3"
    recap = _section(chapter, "Récapitulatif")
    assert recap.count("[!answer]") >= len(quizzes), "every quiz slide has its answers"
    labs = [title for level, title in headings if level == 2 and title.startswith("🧪 TP : ")]
    if chapter.name[:2] in LABS:
        assert len(labs) == 1, "a lab: ## 🧪 TP : …"
        lab = _section(chapter, "🧪 TP : ")
        assert "Résultat attendu" in lab and "Nettoyage" in lab, \
            "the lab gives the expected result of its steps and a clean-up step"
        assert re.search(r"^### .*\b1\b", lab, re.MULTILINE) or re.search(r"^1\. ", lab,
                                                                             re.MULTILINE), \
            "the lab's steps are numbered"
        assert "[!solution]" in lab, "the lab's solutions, for the instructor's edition"


IMPERATIVE = re.compile(r"(?:^|[.!?:]\s+)([A-ZÉÈÀ][a-zéèêëàâîïôûç]+ez)\b")
NOT_VERBS = {"Chez", "Assez"}


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_speaker_notes_use_the_infinitive(chapter: Path) -> None:
    """Speaker notes are stage directions in the infinitive ("Montrer…", "Demander…"), never
    the "vous" imperative; a question quoted for the room (« … ») may say "vous"."""
    found = []
    for number, line in enumerate(chapter.read_text(encoding="utf-8").splitlines(), 1):
        if not line.startswith("Note:"):
            continue
        direction = re.sub(r"«[^»]*»|`[^`]*`", "", line[len("Note:"):]).strip()
        found += [f"{chapter.name}:{number}: {m.group(1)}"
                  for m in IMPERATIVE.finditer(direction) if m.group(1) not in NOT_VERBS]
    assert not found, "\n".join(found)
