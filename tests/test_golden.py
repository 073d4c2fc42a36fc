"""Golden fixtures: Markdown in (tests/golden/*.md), slide HTML out (*.html beside it).

Regenerate after an intended change with ``UPDATE_GOLDEN=1 pytest tests/test_golden.py``
and review the diff.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from coursebuild.deck import deck_target, render_deck
from coursebuild.pipeline import BuildOptions, prepare
from coursebuild.templating import environment

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.stem for p in GOLDEN.glob("*.md"))


def slides_html(course_dir: Path, stem: str) -> str:
    course, diagnostics = prepare(BuildOptions(course_dir, course_dir))
    assert not diagnostics.items, [str(d) for d in diagnostics.items]
    chapter = course.chapter(stem)
    html = render_deck(environment(course_dir), course, chapter, deck_target(course_dir))
    start = html.index('<div class="slides">')
    end = html.index("</div>\n</div>\n<footer", start)  # a slide may hold "</div></div>"
    return html[start:end] + "</div>\n"


@pytest.mark.parametrize("case", CASES)
def test_golden(case: str, fixture_course: Path) -> None:
    shutil.copy(GOLDEN / f"{case}.md", fixture_course / f"{case}.md")
    actual = slides_html(fixture_course, case)
    expected_path = GOLDEN / f"{case}.html"
    if os.environ.get("UPDATE_GOLDEN"):
        expected_path.write_text(actual, encoding="utf-8")
    assert actual == expected_path.read_text(encoding="utf-8")


def test_rendering_never_changes_the_shared_parser() -> None:
    """The HTML renderer is a parser of its own: the one every chapter is parsed with keeps
    markdown-it's own rendering rules."""
    from coursebuild.html import _renderer
    from coursebuild.markdown import parser

    renderer = _renderer()
    assert renderer is not parser()
    assert "wikilink" in renderer.renderer.rules
    assert "wikilink" not in parser().renderer.rules


def test_rendering_never_changes_the_parsed_chapter(fixture_course: Path) -> None:
    """A chapter is parsed once and rendered for every page: rendering it again (the deck, then
    each PDF) gives the same HTML, an external link's class included."""
    (fixture_course / "links.md").write_text(
        "# Liens\n\n## Une\n\n- [Site](https://example.org/) et [[01-intro]]\n", encoding="utf-8")
    course, _ = prepare(BuildOptions(fixture_course, fixture_course))
    chapter = course.chapter("links")
    env = environment(fixture_course)
    first, second = (render_deck(env, course, chapter, deck_target(fixture_course))
                     for _ in range(2))
    assert first == second
    assert first.count('class="external"') == 1
