"""A dark course draws its diagrams with mermaid's dark colours (nodes, lines, text), in the
deck and on paper, keeping the colours an author wrote in ``style``/``classDef``; a diagram
that names its own theme keeps it. No light card behind diagrams any more."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import tinycss2

from coursebuild.mermaid import render_mermaid
from coursebuild.mermaid.styles import PALETTES
from coursebuild.pipeline import BuildOptions, build_slides, prepare
from tests.conftest import ROOT, write_course
from tests.mermaid_inspection import read_svg

DARK = PALETTES["dark"]
FLOW = ("flowchart LR\n  A[Client] --> B[Démon]\n  B --> C[Images]\n"
        "  style A fill:#ff9800,color:#fff\n")
SEQUENCE = "sequenceDiagram\n  A->>B: bonjour\n  Note over A: une note\n"


def _text_fills(svg: str, node: str) -> set[str]:
    return {line.fill for line in read_svg(svg).nodes[node].lines}


def test_dark_page_draws_nodes_lines_and_text_dark() -> None:
    svg = render_mermaid(FLOW, theme="dark")
    drawn = read_svg(svg)
    assert drawn.nodes["B"].fill == DARK["fill"] and drawn.nodes["B"].stroke == DARK["stroke"]
    assert _text_fills(svg, "B") == {DARK["color"]}
    assert {edge.colour for edge in drawn.edges} == {DARK["line"]}


def test_authors_colours_are_kept_on_a_dark_page() -> None:
    svg = render_mermaid(FLOW, theme="dark")
    assert read_svg(svg).nodes["A"].fill == "#ff9800"
    assert _text_fills(svg, "A") == {"#fff"}


def test_a_light_page_is_unchanged() -> None:
    assert render_mermaid(FLOW) == render_mermaid(FLOW, theme="default")
    assert read_svg(render_mermaid(FLOW)).nodes["B"].fill == "#ECECFF"


@pytest.mark.parametrize("header", ['%%{init: {"theme": "forest"}}%%\n',
                                    "---\nconfig:\n  theme: forest\n---\n"])
def test_a_diagrams_own_theme_wins_over_the_page(header: str) -> None:
    svg = render_mermaid(header + FLOW, theme="dark")
    assert read_svg(svg).nodes["B"].fill == PALETTES["forest"]["fill"]


def test_sequence_diagrams_are_dark_too() -> None:
    svg = render_mermaid(SEQUENCE, theme="dark")
    assert 'fill="#1f2020"' in svg and "#ECECFF" not in svg


def test_the_theme_is_part_of_the_cache_key() -> None:
    light = render_mermaid(FLOW, id_prefix="k")
    dark = render_mermaid(FLOW, id_prefix="k", theme="dark")
    assert light != dark and render_mermaid(FLOW, id_prefix="k") is light


def test_unknown_theme_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown mermaid theme"):
        render_mermaid(FLOW, theme="sepia")


CHAPTER = f"# Chapitre\n\n## Partie\n\n### Schéma\n\n```mermaid\n{FLOW}```\n"


@pytest.mark.parametrize(("theme", "node_fill"), [("dark", DARK["fill"]), ("light", "#ECECFF")])
def test_course_theme_reaches_the_diagrams(tmp_path: Path, theme: str, node_fill: str) -> None:
    """course.yaml's theme draws the one SVG the deck and every PDF show."""
    source = write_course(tmp_path / "c", {"01-a": CHAPTER},
                          f"title: T\nlang: fr\ntheme: {theme}\n")
    course, diagnostics = prepare(BuildOptions(source, tmp_path / "out"))
    assert not diagnostics.errors
    (diagram,) = course.chapters[0].diagrams
    assert read_svg(diagram.svg).nodes["B"].fill == node_fill
    assert read_svg(diagram.svg).nodes["A"].fill == "#ff9800"


def test_dark_deck_shows_the_dark_drawing(tmp_path: Path) -> None:
    source = write_course(tmp_path / "c", {"01-a": CHAPTER}, "title: T\nlang: fr\ntheme: dark\n")
    assert build_slides(BuildOptions(source, tmp_path / "out", jobs=1)).ok
    deck = (tmp_path / "out" / "slides" / "01-a.html").read_text("utf-8")
    assert 'class="theme-dark"' in deck
    box = re.search(r'<div class="diagram-box"[^>]*>(<svg.*?</svg>)', deck, re.DOTALL)
    assert box and read_svg(box.group(1)).nodes["B"].fill == DARK["fill"]


def test_no_light_card_behind_diagrams() -> None:
    """No rule of the default stylesheets gives a diagram's box a background."""
    for name in ("theme.css", "handout.css", "print.css"):
        rules = tinycss2.parse_stylesheet((ROOT / "templates" / name).read_text("utf-8"),
                                          skip_comments=True, skip_whitespace=True)
        for rule in rules:
            if rule.type != "qualified-rule":
                continue
            selector = tinycss2.serialize(rule.prelude)
            body = tinycss2.serialize(rule.content)
            if "diagram-box" in selector:
                assert "background" not in body, f"{name}: {selector.strip()} {{{body}}}"
