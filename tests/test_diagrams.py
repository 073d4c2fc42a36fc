"""Mermaid in the pipeline: drawn once at build time, the same SVG in the deck and the handouts."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from coursebuild.cli import cli
from coursebuild.handouts import render_reading, write_generated_css
from coursebuild.pipeline import BuildOptions, prepare
from coursebuild.templating import environment
from tests.conftest import one_job, write_course

FLOW = "# C\n\n## Schéma\n\n```mermaid\ngraph LR\n    A[Un] --> B{Deux}\n```\n"
BROKEN = "# B\n\nTexte.\n\n```mermaid\ngraph TD\n    A --> B\n    C[oops --> D\n```\n"
SEQUENCE = "# S\n\n```mermaid\nrequirementDiagram\n    Alice - contains -> Bob\n```\n"


def build(course: Path, out: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [*args, "--source", str(course), "--out", str(out),
                                      *one_job(args[0])])
    return result.exit_code, result.output


def test_flowchart_is_inlined_as_svg_in_deck_and_handout(tmp_path: Path) -> None:
    course = write_course(tmp_path / "c", {"c": FLOW})
    assert build(course, tmp_path, "slides")[0] == 0
    deck = (tmp_path / "slides" / "c.html").read_text(encoding="utf-8")
    svg = re.search(r"<svg .*?</svg>", deck, re.S).group(0)
    assert 'role="img"' in svg and "<pre" not in deck
    assert svg.count("data-id=") == 2
    model, _ = prepare(BuildOptions(course, tmp_path))
    env = environment(course)
    write_generated_css(env, tmp_path)
    handout = render_reading(env, model, model.chapter("c"), tmp_path)
    assert svg in handout


def test_syntax_error_names_the_markdown_line_and_other_chapters_build(tmp_path: Path) -> None:
    course = write_course(tmp_path / "c", {"a": FLOW, "b": BROKEN})
    code, output = build(course, tmp_path, "slides")
    assert code == 1
    assert re.search(r"b\.md:8: mermaid: .+", output), output
    assert "Traceback" not in output
    assert (tmp_path / "slides" / "a.html").is_file()
    assert not (tmp_path / "slides" / "b.html").exists()


def test_unsupported_diagram_is_a_warning_and_drawn_by_mermaid_js(tmp_path: Path) -> None:
    course = write_course(tmp_path / "c", {"s": SEQUENCE})
    code, output = build(course, tmp_path, "slides")
    assert code == 0
    assert "s.md:3: warning: 'requirementDiagram' diagrams are not drawn at build time" in output
    deck = (tmp_path / "slides" / "s.html").read_text(encoding="utf-8")
    assert re.search(r'<pre class="mermaid-source" [^>]*>requirementDiagram', deck)
    assert '<script src="assets/mermaid/mermaid.min.js"></script>' in deck
    assert (tmp_path / "slides" / "assets" / "mermaid" / "mermaid.min.js").is_file()


def test_unsupported_diagram_is_a_framed_note_in_the_handout(tmp_path: Path) -> None:
    course = write_course(tmp_path / "c", {"s": SEQUENCE})
    model, diagnostics = prepare(BuildOptions(course, tmp_path))
    env = environment(course)
    write_generated_css(env, tmp_path)
    html = render_reading(env, model, model.chapter("s"), tmp_path)
    assert ('<figure class="diagram diagram-elsewhere"><p><strong>requirementDiagram</strong> : '
            "diagramme dessiné dans le diaporama.</p></figure>") in html
    assert "Alice - contains -&gt; Bob" not in html  # the note, not the source


def test_decks_without_unsupported_diagrams_do_not_ship_mermaid_js(tmp_path: Path) -> None:
    course = write_course(tmp_path / "c", {"c": FLOW})
    build(course, tmp_path, "slides")
    assert "mermaid.min.js" not in (tmp_path / "slides" / "c.html").read_text(encoding="utf-8")
    assert not (tmp_path / "slides" / "assets" / "mermaid").exists()
