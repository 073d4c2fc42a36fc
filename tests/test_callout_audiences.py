"""Callouts by audience: ``[!handout]`` (students' text, never projected), ``[!answer]`` and
``[!solution]`` (a fragment in the deck, absent for students, printed for the instructor).

HTML per audience from a chapter of the tests' own; the deck driven in Chromium: an answer is
hidden until the next click, students' text is in the speaker notes, never on the slide."""

from __future__ import annotations

from pathlib import Path

import pytest

from coursebuild.html import Target, render_blocks
from coursebuild.markdown import parser
from coursebuild.markdown.callouts import answer_blocks, answer_id, callout, callout_kind
from coursebuild.parsing import parse_chapter
from coursebuild.pipeline import BuildOptions, build_slides, check
from tests.conftest import needs_chromium, write_course

QUIZ = """# 🧪 Quiz

## Questions

1. Quel composant parle CRI au kubelet ?
   > [!answer]- Réponse 1
   > Le **runtime de haut niveau** (containerd, CRI-O) :
   > ```sh
   > crictl ps
   > ```
2. Qui crée réellement le conteneur ?

> [!answer]-
> - runc, le runtime de bas niveau
> - lancé par le shim
>
> > [!note] Imbriqué
> > Une note dans la réponse.

> [!handout] Pour aller plus loin
> Texte pour les élèves, jamais projeté.

Note: Question à la salle. ⏱ 2 min

> [!solution]
> Écrite après la note, elle reste sur la diapositive.

## Exercice

- Écrire la configuration.
  > [!solution]+
  > `runtime_type = "io.containerd.runc.v2"`

> [!warning]- Attention
> Un callout ordinaire, replié.

> [!inconnu] Un type à soi
> Le même aspect qu'une note, comme dans Obsidian.

> [!deux mots] Pas un callout
> Une citation.
"""
ANSWER_TEXTS = ("Le runtime de haut niveau", "runc, le runtime de bas niveau",
                "Une note dans la réponse", "Écrite après la note", "io.containerd.runc.v2")
HANDOUT_TEXT = "Texte pour les élèves, jamais projeté."
ALWAYS = ("Quel composant parle CRI", "Qui crée réellement", "Écrire la configuration",
          "Un callout ordinaire", "Un type à soi", "Le même aspect qu'une note",
          "[!deux mots] Pas un callout")


def _slides_html(audience: str) -> str:
    chapter = parse_chapter(Path("quiz.md"), QUIZ)
    target = Target(chapter_href=str, file_src=str, emoji_src=str, audience=audience)
    return "\n".join(render_blocks(slide.body, target) + render_blocks(slide.notes, target)
                     for slide in chapter.slides)


def _text(html: str) -> str:
    """The HTML's text, tags and the typography's no-break spaces left out."""
    import re
    from html import unescape

    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).replace("\u202f", " ")
                    .replace("\u00a0", " ").split())


# --- Parsing ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("header", "kind", "fold", "titled"), [
    ("[!answer]-", "answer", "-", False),
    ("[!Answer]+ Réponses", "answer", "+", True),
    ("[!solution]", "solution", "", False),
    ("[!handout] À lire", "handout", "", True),
    ("[!HANDOUT]-", "handout", "-", False),
    ("[!tip]- Plié", "tip", "-", True),
    ("[!note]+", "note", "+", False),
    ("[!warning] -5 degrés", "warning", "", True),  # the fold marker sits right after "]"
    ("[!Recette]- Ma recette", "recette", "-", True),  # any word is a kind, as in Obsidian
    ("[!пример]", "пример", "", False),
    ("[!my-type]+", "my-type", "+", False),
])
def test_header_kind_fold_and_title(header: str, kind: str, fold: str, titled: bool) -> None:
    tokens = parser().parse(f"> {header}\n> corps\n")
    found = callout(tokens[0])
    assert (callout_kind(tokens[0]), found and found.fold, found and found.titled) == \
        (kind, fold, titled)


def test_a_title_keeps_a_dash_not_right_after_the_bracket() -> None:
    tokens = parser().parse("> [!warning] -5 degrés\n> corps\n")
    titles = [t.content for t in tokens if t.type == "inline"]
    assert titles[0] == "-5 degrés"


@pytest.mark.parametrize("text", ["> [!deux mots]- Titre\n> corps\n", "> [!]\n> corps\n",
                                  "> [!-x] corps\n", "> [answer]\n> corps\n",
                                  "> Une citation\n"])
def test_what_obsidian_takes_for_no_kind_is_a_quote(text: str) -> None:
    tokens = parser().parse(text)
    assert callout_kind(tokens[0]) is None
    assert tokens[0].attrGet("class") is None


def test_the_lines_under_the_header_are_blocks_as_in_obsidian() -> None:
    """Under the header line, ``4.`` starts a list (in a paragraph it could not), and each
    line keeps its own line number."""
    tokens = parser().parse("x\n\n> [!answer]- Réponses\n> 4. `crictl pods`\n> 5. `handler`\n")
    html = render_blocks(tokens, Target(chapter_href=str, file_src=str, emoji_src=str))
    assert '<ol start="4">' in html and html.count("<li>") == 2
    items = [t for t in tokens if t.type == "list_item_open"]
    assert [t.map[0] + 1 for t in items if t.map] == [4, 5]


def test_nesting_under_the_header_is_bounded_at_its_line() -> None:
    from coursebuild.markdown.bounds import MAX_BLOCK_LEVEL, BoundExceeded

    with pytest.raises(BoundExceeded) as raised:
        parser().parse("a\n\n> [!note]\n> 4. " + "> " * MAX_BLOCK_LEVEL + "x\n")
    assert raised.value.line == 4


def test_answer_blocks_in_order_nested_ones_included() -> None:
    chapter = parse_chapter(Path("quiz.md"), QUIZ)
    tokens = [t for slide in chapter.slides for t in [*slide.body, *slide.notes]]
    blocks = answer_blocks(tokens)
    texts = [_text(render_blocks(block, Target(chapter_href=str, file_src=str, emoji_src=str)))
             for block in blocks]
    assert len(blocks) == 4  # the nested note is part of the second answer, not a block
    for block in blocks:
        assert block[0].type == "blockquote_open" and block[-1].type == "blockquote_close"
    assert [callout_kind(b[0]) for b in blocks] == ["answer", "answer", "solution", "solution"]
    assert "Le runtime de haut niveau" in texts[0] and "crictl ps" in texts[0]
    assert "Une note dans la réponse" in texts[1]


def test_a_callout_for_the_slide_written_after_note_stays_on_the_slide() -> None:
    chapter = parse_chapter(Path("quiz.md"), QUIZ)
    questions = chapter.slides[1]
    body = _text(render_blocks(questions.body, Target(chapter_href=str, file_src=str,
                                                      emoji_src=str)))
    notes = _text(render_blocks(questions.notes, Target(chapter_href=str, file_src=str,
                                                        emoji_src=str)))
    assert "Écrite après la note" in body and "Écrite après la note" not in notes
    assert notes.startswith("Question à la salle")


# --- Rendering per audience ---------------------------------------------------------------------

def test_students_get_no_answer_and_the_handout_text() -> None:
    html = _slides_html("students")
    text = _text(html)
    for answer in ANSWER_TEXTS:
        assert answer not in text
    assert "callout-answer" not in html and "callout-solution" not in html
    assert HANDOUT_TEXT in text and "Pour aller plus loin" in text
    assert '<div class="handout">' in html and "aside" not in html
    for kept in ALWAYS:
        assert kept in text


def test_instructor_gets_answers_in_place_with_ids_and_the_handout_text() -> None:
    html = _slides_html("instructor")
    text = _text(html)
    for answer in [*ANSWER_TEXTS, HANDOUT_TEXT, *ALWAYS]:
        assert answer in text
    assert "fragment" not in html
    assert html.count('class="callout callout-answer" id="answer-') == 2
    assert html.count('class="callout callout-solution" id="answer-') == 2
    # in place: the first answer inside the first question's item, before the second question
    assert text.index("Quel composant") < text.index("Le runtime de haut") < \
        text.index("Qui crée réellement")
    assert "crictl ps" in text and "<li>runc, le runtime de bas niveau</li>" in html
    assert "Réponse 1" in text and "Réponse" in text.replace("Réponse 1", "")  # default title


def test_deck_answers_are_fragments_and_the_handout_goes_to_the_notes() -> None:
    html = _slides_html("deck")
    assert html.count("callout-answer fragment") == 2
    assert html.count("callout-solution fragment") == 2
    assert '<aside class="notes handout">' in html
    aside = html[html.index('<aside class="notes handout">'):]
    assert HANDOUT_TEXT in _text(aside[: aside.index("</aside>")])
    for kept in [*ANSWER_TEXTS, *ALWAYS]:
        assert kept in _text(html)


def test_the_default_titles_follow_the_course_language() -> None:
    tokens = parser().parse("> [!answer]-\n> oui\n\n> [!solution]\n> ceci\n")
    english = Target(chapter_href=str, file_src=str, emoji_src=str, lang="en",
                     audience="instructor")
    assert _text(render_blocks(tokens, english)) == "Answer oui Solution ceci"
    french = Target(chapter_href=str, file_src=str, emoji_src=str, audience="instructor")
    assert _text(render_blocks(tokens, french)) == "Réponse oui Solution ceci"


def test_answer_ids_take_the_page_prefix() -> None:
    tokens = parser().parse("x\n\n> [!answer]\n> oui\n")
    target = Target(chapter_href=str, file_src=str, emoji_src=str, audience="instructor",
                    anchor_prefix="ch3-")
    opening = next(t for t in tokens if t.type == "blockquote_open")
    assert answer_id(opening, "ch3-") == "ch3-answer-3"
    assert 'id="ch3-answer-3"' in render_blocks(tokens, target)


def test_inside_the_notes_an_answer_is_no_fragment_and_a_handout_no_aside() -> None:
    chapter = parse_chapter(Path("n.md"), "# T\n\n## S\n\nCorps.\n\nNote: dit.\n\n"
                                          "- point\n  > [!answer]\n  > réponse\n"
                                          "- autre\n  > [!handout]\n  > pour eux\n")
    notes = render_blocks(chapter.slides[1].notes,
                          Target(chapter_href=str, file_src=str, emoji_src=str))
    assert "fragment" not in notes and "<aside" not in notes
    assert "réponse" in notes and "pour eux" in notes


def test_rendering_for_students_leaves_the_tokens_as_parsed() -> None:
    chapter = parse_chapter(Path("quiz.md"), QUIZ)
    before = [len(slide.body) for slide in chapter.slides]
    target = Target(chapter_href=str, file_src=str, emoji_src=str, audience="students")
    for slide in chapter.slides:
        render_blocks(slide.body, target)
    assert [len(slide.body) for slide in chapter.slides] == before
    deck = Target(chapter_href=str, file_src=str, emoji_src=str)
    assert "Le runtime de haut niveau" in _text(render_blocks(chapter.slides[1].body, deck))


# --- check and the deck -------------------------------------------------------------------------

def test_check_passes_with_the_new_kinds(tmp_path: Path) -> None:
    course = write_course(tmp_path / "course", {"01-quiz": QUIZ})
    result = check(BuildOptions(course, tmp_path / "out"))
    assert not [d for d in result.diagnostics.items if d.severity == "error"], \
        [str(d) for d in result.diagnostics.items]


STATE = """() => {
  const a = document.querySelector('#questions blockquote.callout-answer');
  const style = getComputedStyle(a);
  const handout = document.querySelector('#questions aside.handout');
  const line = a.querySelector('li, p:not(.callout-title)');
  return {h: Reveal.getIndices().h, v: Reveal.getIndices().v,
          opacity: parseFloat(style.opacity), visibility: style.visibility,
          fontPx: parseFloat(getComputedStyle(line).fontSize),
          fg: getComputedStyle(a).color, bg: style.backgroundColor,
          handoutShown: handout.getClientRects().length > 0,
          notes: Reveal.getSlideNotes()};
}"""


SHORT_QUIZ = """# Quiz

## Questions

1. Quel composant parle CRI au kubelet ?
2. Qui crée réellement le conteneur ?

> [!answer]- Réponses
> 1. Le runtime de haut niveau : `containerd`
> 2. `runc`, lancé par le shim

> [!handout]
> Texte pour les élèves, jamais projeté.

Note: Question à la salle. ⏱ 2 min

## Après

Fin.
"""


@pytest.fixture(scope="module")
def quiz_deck(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A quiz slide that fits at full size (so the answer is read at the deck's body size)."""
    folder = write_course(tmp_path_factory.mktemp("quiz") / "course", {"01-quiz": SHORT_QUIZ})
    out = tmp_path_factory.mktemp("quiz-out")
    assert build_slides(BuildOptions(folder, out, jobs=1)).ok
    return out / "slides" / "01-quiz.html"


def _luminance(rgb: str) -> float:
    channels = [int(v) / 255 for v in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@needs_chromium
def test_an_answer_is_hidden_until_the_next_click(browser, quiz_deck: Path) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    try:
        page.goto(quiz_deck.as_uri() + "#/questions")
        page.wait_for_function("() => window.Reveal && Reveal.isReady()")
        before = page.evaluate(STATE)
        assert before["opacity"] == 0 and before["visibility"] == "hidden"
        assert not before["handoutShown"]
        assert HANDOUT_TEXT in before["notes"]  # the speaker view's notes: handout text too
        assert "Question à la salle" in before["notes"]
        page.keyboard.press("ArrowRight")
        page.wait_for_function("() => getComputedStyle(document.querySelector("
                               "'#questions blockquote.callout-answer')).opacity === '1'")
        after = page.evaluate(STATE)
        assert (after["h"], after["v"]) == (before["h"], before["v"])  # same slide, one step
        assert after["visibility"] == "visible" and not after["handoutShown"]
        assert after["fontPx"] >= 24  # body size on a 720 px slide, not small print
        light, dark = sorted((_luminance(after["fg"]), _luminance(after["bg"])), reverse=True)
        assert (light + 0.05) / (dark + 0.05) >= 7  # WCAG AAA: legible from the back
    finally:
        page.close()
