"""Timing marks in speaker notes (``⏱ 3 min``, ``⏱ 1,5 min``, ``⏱ 90 s``): what they add up to."""

from __future__ import annotations

from pathlib import Path

import pytest

from coursebuild.markdown import parser
from coursebuild.markdown.timing import TIMING, minutes
from coursebuild.parsing import parse_chapter

CASES = [
    ("Question à la salle. ⏱ 3 min", 3.0),
    ("⏱ 1,5 min", 1.5),  # decimal comma
    ("⏱ 2.5 min", 2.5),  # decimal point
    ("⏱ 90 s", 1.5),
    ("⏱️ 2 min", 2.0),  # with the emoji variation selector
    ("⏱\u202f4\u00a0min", 4.0),  # the typography's no-break spaces
    ("⏱4min", 4.0),
    ("⏱ 2 minutes, puis ⏱ 30 secondes", 2.5),
    ("Démo ⏱ 3 min.\n\nQuestions ⏱ 2 min", 5.0),  # several marks, several paragraphs
    ("- installer ⏱ 1 min\n- lancer ⏱ 45 s", 1.75),  # in a list
    ("Pas de marque.", 0.0),
    ("≈ 3 min", 0.0),  # the old notation is not a mark
    ("⏱ 3 mn", 0.0),  # not a unit
    ("⏱ 2 sacs", 0.0),
    ("Dans le code `⏱ 9 min` : un exemple", 0.0),
    ("```\n⏱ 4 min\n```", 0.0),  # a fence
    ("Vrai ⏱ 1 min, exemple `⏱ 9 min`", 1.0),
    ("`⏱` 2 min", 0.0),  # the stopwatch in code, the number outside: no mark
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:30] for c in CASES])
def test_minutes(text: str, expected: float) -> None:
    assert minutes(parser().parse(text)) == pytest.approx(expected)


def test_no_tokens_no_minutes() -> None:
    assert minutes([]) == 0.0


def test_the_pattern_finds_each_mark() -> None:
    assert [m.group(1) for m in TIMING.finditer("⏱ 1 min et ⏱ 2,5 min et ⏱ 30 s")] == \
        ["1", "2,5", "30"]


def test_a_slide_notes_sum_and_the_mark_stays_in_the_text() -> None:
    """Summed per slide from its notes (the instructor's edition sums slides into sections)."""
    chapter = parse_chapter(Path("t.md"), "# T\n\n## Un\n\nCorps ⏱ 9 min.\n\nNote: Démo ⏱ 3 min."
                                          "\n\nPuis ⏱ 30 s.\n\n## Deux\n\nRien.\n")
    one, two = chapter.slides[1:]
    assert minutes(one.notes) == pytest.approx(3.5)
    assert minutes(two.notes) == 0.0
    assert "⏱ 3 min" in one.notes[1].content


def test_the_stopwatch_is_drawn_as_its_emoji_image() -> None:
    """Typed without U+FE0F, ⏱ is no emoji for the emoji plugin, and no font of the PDFs has
    it: the renderer draws it as the Twemoji image, like every emoji."""
    from coursebuild.html import Target, render_blocks

    target = Target(chapter_href=str, file_src=str, emoji_src=lambda path: path.name)
    html = render_blocks(parser().parse("Démo ⏱ 3 min, puis `⏱ 9 min`"), target)
    assert html.count('<img class="emoji"') == 1 and 'alt="⏱" src="23f1.svg"' in html
    assert "<code>⏱ 9 min</code>" in html  # code as written
    assert [path.name for path in target.used_emoji] == ["23f1.svg"]
