"""Obsidian's callouts as instructors write them: kinds of their own (``[!recette]``) with the
default look, ``[!tip]-`` folded (the body at the next click in the deck, expanded on paper),
``[!tip]+`` open, and the kind's name as the title when there is none.

HTML per audience from Markdown of the tests' own; ``check --strict``; the deck in Chromium."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from coursebuild.html import Target, render_blocks
from coursebuild.markdown import parser
from coursebuild.markdown.annotations import set_in_notes
from coursebuild.markdown.callouts import callout
from coursebuild.pipeline import BuildOptions, build_slides, check
from tests.conftest import needs_chromium, write_course

FOLDED = """> [!tip]- Une astuce repliée
> Le corps vient au clic.

- Un point
  > [!example]- Dans la liste
  > Corps dans la liste.

> [!note]- Extérieur
> Corps extérieur.
>
> > [!question]- Intérieur
> > Corps intérieur.

> [!info]+ Ouvert
> Montré d'emblée.

> [!recette]
> Une recette.
"""
BODIES = ("Le corps vient au clic.", "Corps dans la liste.", "Corps extérieur.",
          "Corps intérieur.")
PAPER = ("students", "instructor")  # every PDF kind renders for one of these


def _html(markdown: str, audience: str = "deck", lang: str = "fr") -> str:
    target = Target(chapter_href=str, file_src=str, emoji_src=str, audience=audience, lang=lang)
    return render_blocks(parser().parse(markdown), target)


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _fragments(html: str) -> list[str]:
    """The text of each fragment's element, outermost first (nested ones inside theirs)."""
    texts = []
    for found in re.finditer(r'<div class="callout-body fragment">', html):
        depth, i, end = 1, found.end(), found.end()
        while depth:
            nxt = re.search(r"<(/?)div\b", html[i:])
            assert nxt, "a fragment's body is closed"
            depth += -1 if nxt.group(1) else 1
            end, i = i + nxt.start(), i + nxt.end()
        texts.append(_text(html[found.end() : end]))
    return texts


# --- Kinds of the author's own ------------------------------------------------------------------

@pytest.mark.parametrize("audience", ["deck", *PAPER])
def test_a_kind_of_ones_own_is_a_callout_with_the_default_look(audience: str) -> None:
    html = _html("> [!recette] Ma recette\n> Des crêpes.\n", audience)
    assert html.startswith('<blockquote class="callout callout-recette">')
    assert '<p class="callout-title">Ma recette</p>' in html and "[!" not in html


@pytest.mark.parametrize(("header", "title"), [
    ("[!recette]", "Recette"), ("[!TODO]-", "Todo"), ("[!пример]", "Пример"),
    ("[!my-type]+", "My-type"), ("[!summary]", "Summary"),
])
def test_without_a_title_the_kinds_name_capitalised(header: str, title: str) -> None:
    html = _html(f"> {header}\n> corps\n", "students")
    assert f'<p class="callout-title">{title}</p>' in html


@pytest.mark.parametrize(("lang", "answer"), [("fr", "Réponse"), ("en", "Answer")])
def test_answers_keep_their_title_in_the_course_language(lang: str, answer: str) -> None:
    assert f'<p class="callout-title">{answer}</p>' in _html("> [!answer]-\n> oui\n",
                                                             "instructor", lang)


def test_check_strict_has_no_warning_for_own_kinds_and_folds(tmp_path: Path) -> None:
    first, rest = FOLDED.split("> [!note]")
    chapter = (f"# Replis\n\n## Une\n\n{first}\n## Deux\n\n> [!note]{rest}\n"
               "## Trois\n\n> [!пример]- Пример\n> текст\n")
    course = write_course(tmp_path / "course", {"01-replis": chapter})
    result = check(BuildOptions(course, tmp_path / "out", strict=True))
    assert result.diagnostics.items == [], [str(d) for d in result.diagnostics.items]


# --- Folding ------------------------------------------------------------------------------------

def test_in_the_deck_a_folded_body_is_a_fragment_and_its_title_stays() -> None:
    html = _html(FOLDED)
    assert html.count("callout-folded") == 4
    assert _fragments(html) == ["Le corps vient au clic.", "Corps dans la liste.",
                                "Corps extérieur. Intérieur Corps intérieur.",
                                "Corps intérieur."]
    for title in ("Une astuce repliée", "Dans la liste", "Extérieur", "Intérieur"):
        assert f'<p class="callout-title">{title}</p>\n<div class="callout-body fragment">' \
            in html
    assert "Montré d'emblée" not in " ".join(_fragments(html))  # "+": open at once
    assert html.count("<blockquote") == html.count("</blockquote>")
    assert html.count("<div") == html.count("</div>")


@pytest.mark.parametrize("audience", PAPER)
def test_on_paper_every_callout_is_expanded(audience: str) -> None:
    html = _html(FOLDED, audience)
    assert "fragment" not in html and "callout-folded" not in html
    for body in (*BODIES, "Montré d'emblée."):
        assert body in _text(html)


@pytest.mark.parametrize("text", ["> [!todo]-\n", "> [!tip]- Rien dessous\n"])
def test_a_folded_callout_with_no_body_makes_no_empty_step(text: str) -> None:
    assert "fragment" not in _html(text)


def test_answers_and_handouts_are_as_before_when_folded() -> None:
    html = _html("> [!answer]- R\n> oui\n\n> [!handout]-\n> pour eux\n")
    assert '<blockquote class="callout callout-answer fragment">' in html
    assert "callout-body" not in html and '<aside class="notes handout">' in html


def test_in_the_speaker_notes_a_folded_callout_is_shown() -> None:
    """A callout the parser marks as in the notes (``parsing._mark_in_notes``) is no fragment:
    reveal.js would count it as a step of the slide."""
    tokens = parser().parse("> [!tip]- Dans les notes\n> Dit à voix haute.\n")
    set_in_notes(tokens[0])
    html = render_blocks(tokens, Target(chapter_href=str, file_src=str, emoji_src=str))
    assert "fragment" not in html and "Dit à voix haute." in html


def test_the_fold_is_recorded_on_custom_kinds() -> None:
    found = callout(parser().parse("> [!recette]- Repliée\n> corps\n")[0])
    assert found is not None and (found.kind, found.fold, found.titled) == ("recette", "-", True)


# --- The deck in Chromium -----------------------------------------------------------------------

DECK = """# Replis

## Repliés

> [!tip]- Une astuce repliée
> Le corps vient au clic.

## Après

Fin.
"""

STATE = """() => {
  const box = document.querySelector('#replies blockquote.callout-tip');
  const body = box.querySelector('.callout-body');
  const title = box.querySelector('.callout-title');
  return {h: Reveal.getIndices().h, f: Reveal.getIndices().f,
          opacity: getComputedStyle(body).opacity, visibility: getComputedStyle(body).visibility,
          titleShown: getComputedStyle(title).visibility === 'visible'
                      && getComputedStyle(title).opacity === '1',
          next: Reveal.availableFragments().next};
}"""


@pytest.fixture(scope="module")
def fold_deck(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = write_course(tmp_path_factory.mktemp("fold") / "course", {"01-replis": DECK})
    out = tmp_path_factory.mktemp("fold-out")
    assert build_slides(BuildOptions(folder, out, jobs=1)).ok
    return out / "slides" / "01-replis.html"


@needs_chromium
def test_a_folded_body_is_hidden_until_one_step(browser, fold_deck: Path) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    try:
        page.goto(fold_deck.as_uri() + "#/replies")
        page.wait_for_function("() => window.Reveal && Reveal.isReady()")
        before = page.evaluate(STATE)
        assert before["visibility"] == "hidden" and before["opacity"] == "0"
        assert before["titleShown"] and before["next"]
        page.keyboard.press("ArrowRight")
        page.wait_for_function("() => getComputedStyle(document.querySelector("
                               "'#replies .callout-body')).opacity === '1'")
        after = page.evaluate(STATE)
        assert after["h"] == before["h"]  # the same slide, one step on
        assert after["visibility"] == "visible" and after["titleShown"]
        assert not after["next"]
    finally:
        page.close()


def test_a_folded_callout_written_in_the_notes_adds_no_step_to_the_slide(tmp_path: Path) -> None:
    """Parsed from a chapter: a callout under ``Note:`` belongs to the notes, shown whole in
    the speaker view, and the slide gets no click for it."""
    course = write_course(tmp_path / "c", {"01-a": (
        "# A\n\n## P\n\n### Diapo\n\n- un point\n\nNote: à dire.\n\n"
        "> [!tip]- Astuce\n> Le corps replié.\n")})
    assert build_slides(BuildOptions(course, tmp_path / "out")).ok
    html = (tmp_path / "out" / "slides" / "01-a.html").read_text(encoding="utf-8")
    notes = html[html.index('<aside class="notes">'):]
    assert "Le corps replié." in notes
    assert "fragment" not in html.split('<aside class="notes">')[0].split('id="diapo"')[-1]
    assert "fragment" not in notes
