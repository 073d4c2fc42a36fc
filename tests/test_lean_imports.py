"""A deck imports only what its chapter needs (issue 17): a chapter without a diagram, math or
a QR code does not import the mermaid layout, WeasyPrint, ziamath, segno, fontTools,
multiprocessing or tinycss2; one without emoji, not the emoji package's tables. Each check
runs in a fresh interpreter, whose ``sys.modules`` is what the import or the build brought in."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from coursebuild.model import Diagram

ROOT = Path(__file__).resolve().parent.parent

# What the slides build imports, module by module (cli.py, pipeline.py and their stages).
DECK_PATH = ("coursebuild.cli", "coursebuild.pipeline", "coursebuild.loading",
             "coursebuild.parsing", "coursebuild.embeds", "coursebuild.links",
             "coursebuild.diagrams", "coursebuild.math_svg", "coursebuild.media",
             "coursebuild.slide_pages", "coursebuild.deck", "coursebuild.views",
             "coursebuild.landing", "coursebuild.assets", "coursebuild.paper_bound",
             "coursebuild.templating", "coursebuild.html")
NOT_NEEDED = ("weasyprint", "ziamath", "segno", "coursebuild.mermaid.layout",
              "coursebuild.mermaid.parser", "coursebuild.mermaid.svg", "coursebuild.handouts",
              "coursebuild.pdf", "fontTools", "multiprocessing", "concurrent.futures",
              "tinycss2", "xml.etree.ElementTree", "emoji")

# Builds a course's decks, then prints the modules the process holds (JSON).
DRIVER = """
import json, sys
from coursebuild.cli import cli
try:
    cli(["slides", "-q", "--source", sys.argv[1], "--out", sys.argv[2]],
        prog_name="build.py", standalone_mode=False)
finally:
    print(json.dumps(sorted(sys.modules)))
"""

PLAIN = "# Plain\n\n## A slide\n\n- a point, **bold**\n\nNote: a note.\n"
DIAGRAM = PLAIN + "\n## A diagram\n\n```mermaid\ngraph LR\n  A --> B\n```\n"
MATH = PLAIN + "\n## Math\n\n$$\nx^2 + 1\n$$\n"


def _modules(*args: str) -> set[str]:
    done = subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def _built(tmp_path: Path, chapter: str) -> set[str]:
    source = tmp_path / "course"
    source.mkdir()
    (source / "course.yaml").write_text("title: Lean\nlang: en\n", encoding="utf-8")
    (source / "01-chapter.md").write_text(chapter, encoding="utf-8")
    modules = _modules("-c", DRIVER, str(source), str(tmp_path / "out"))
    assert (tmp_path / "out" / "slides" / "01-chapter.html").is_file()
    return modules


def test_the_deck_path_imports_nothing_a_plain_chapter_does_not_need() -> None:
    code = (f"import json, sys\nimport {', '.join(DECK_PATH)}\n"
            "print(json.dumps(sorted(sys.modules)))")
    modules = _modules("-c", code)
    assert set(DECK_PATH) <= modules
    assert sorted(modules & set(NOT_NEEDED)) == []


def test_a_plain_chapters_deck_leaves_the_heavy_modules_out(tmp_path: Path) -> None:
    modules = _built(tmp_path, PLAIN)
    assert "coursebuild.deck" in modules  # the driver did build the deck in this process
    assert sorted(modules & set(NOT_NEEDED)) == []


@pytest.mark.parametrize(("chapter", "needed"), [
    (DIAGRAM, "coursebuild.mermaid.layout"),
    (MATH, "ziamath"),
], ids=["diagram", "math"])
def test_a_chapter_that_needs_a_module_imports_it(tmp_path: Path, chapter: str,
                                                  needed: str) -> None:
    """The other side: what is left out of a plain chapter comes in when a chapter needs it
    (and the driver sees it)."""
    modules = _built(tmp_path, chapter)
    assert needed in modules
    assert "weasyprint" not in modules


@pytest.mark.parametrize("width,height", [(0.0, 0.0), (300.0, 200.0), (900.0, 150.0),
                                          (200.0, 2000.0), (2400.0, 1800.0)])
def test_paper_column_agrees_with_the_handouts(width: float, height: float) -> None:
    """The deck build's paper estimate sizes diagrams as the reading handout draws them."""
    from coursebuild import handouts, paper_column
    from coursebuild.html import diagram_size
    from coursebuild.mermaid.fonts import FONT_SIZE

    assert paper_column.LABEL_PX == FONT_SIZE
    diagram = Diagram("graph LR\n  A --> B", "mermaid", 3, svg="<svg/>", width=width,
                      height=height)
    scale = paper_column.paper_scale([diagram])
    expected = diagram_size(diagram, replace(handouts.handout_target(), diagram_scale=scale))
    assert paper_column.paper_drawn_size(diagram, scale) == expected


def test_the_mermaid_packages_public_names_still_resolve() -> None:
    """Its names imported on first use are the submodules' own; a wrong name still fails."""
    import coursebuild.mermaid as mermaid
    from coursebuild.mermaid.contrast import low_contrast
    from coursebuild.mermaid.delegated import check_delegated
    from coursebuild.mermaid.styles import THEMES

    assert (mermaid.THEMES, mermaid.check_delegated, mermaid.low_contrast) == (
        THEMES, check_delegated, low_contrast)
    assert all(getattr(mermaid, name) is not None for name in mermaid.__all__)
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        _ = mermaid.nothing
