"""``check`` warns at each style/classDef whose label reads below 3:1 on its fill (WCAG 2
contrast); the colours are drawn as written, and ``--strict`` keeps the advice a warning."""

from __future__ import annotations

from pathlib import Path

import pytest

from coursebuild.mermaid import render_mermaid
from coursebuild.mermaid.contrast import MIN_CONTRAST, contrast, low_contrast
from coursebuild.pipeline import BuildOptions, check
from tests.conftest import CHAPTERS, write_course
from tests.mermaid_inspection import read_svg


@pytest.mark.parametrize(("text", "fill", "ratio"), [
    ("#fff", "#ff9800", 2.16), ("#fff", "#4caf50", 2.78), ("#000", "#fff", 21.0),
    ("#326ce5", "#326ce5", 1.0), ("white", "orange", 1.97), ("#ffffff", "rgb(50,108,229)", 4.76),
])  # fmt: skip
def test_wcag_contrast(text: str, fill: str, ratio: float) -> None:
    assert contrast(text, fill) == pytest.approx(ratio, abs=0.01)
    assert contrast(fill, text) == contrast(text, fill)


@pytest.mark.parametrize(("text", "fill"), [("#fff", "rgba(0,0,0,0.5)"), ("#fff", "none"),
                                            ("#fff8", "#000"), ("nonsense", "#000")])
def test_see_through_or_unknown_colours_are_not_judged(text: str, fill: str) -> None:
    assert contrast(text, fill) is None


# (style line, theme, expected part of the message; "" for no warning)
ROWS = [
    ("style A fill:#ff9800,stroke:#f57c00,color:#fff", "default", "#fff on fill #ff9800 is 2.2:1"),
    ("classDef hot fill:#4caf50,color:#fff", "default", "#fff on fill #4caf50 is 2.8:1"),
    ("style A fill:#326ce5,stroke:#2559c7,color:#fff", "default", ""),
    ("style A fill:#ffff00", "default", ""),
    ("style A fill:#222", "default", "the theme's label colour #333 on fill #222"),
    ("style A fill:#eeeeee", "dark", "the theme's label colour #cccccc on fill #eeeeee"),
    ("style A fill:#eeeeee", "default", ""),
    ("style A color:#ddd", "default", "#ddd on fill #ECECFF"),
    ("style A color:#ddd", "dark", ""),
    ("style A fill:orange,color:white", "default", "white on fill orange is 2.0:1"),
    ("style A fill:hsl(0, 0%, 40%),color:#555", "default", "on fill hsl"),
    ("style A fill:rgba(0,0,0,0.4),color:#fff", "default", ""),
    ("style A fill:none,color:#fff", "default", ""),
    ("style A stroke:#f00,stroke-width:4px", "default", ""),
]  # fmt: skip


@pytest.mark.parametrize(("line", "theme", "expected"), ROWS, ids=[r[0] + " " + r[1] for r in ROWS])
def test_low_contrast_lines(line: str, theme: str, expected: str) -> None:
    source = f"flowchart TD\n  A[Un libellé] --> B\n  {line}\n  class B hot\n"
    found = low_contrast(source, theme)
    if not expected:
        assert found == ()
        return
    ((at, message),) = found
    assert at == 3 and expected in message and f"under {MIN_CONTRAST:g}:1" in message


def test_the_colours_are_drawn_as_written() -> None:
    source = "flowchart TD\n  A[Un libellé]\n  style A fill:#ff9800,color:#fff\n"
    assert low_contrast(source)
    node = read_svg(render_mermaid(source)).nodes["A"]
    assert node.fill == "#ff9800" and {line.fill for line in node.lines} == {"#fff"}


@pytest.mark.parametrize("source", ["sequenceDiagram\n  A->>B: hi\n", "flowchart TD\n  A -->",
                                    "pie\n  \"a\": 1\n"])
def test_other_diagrams_and_syntax_errors_give_no_advice(source: str) -> None:
    assert low_contrast(source) == ()


CHAPTER = """# Chapitre

## Partie

### Schéma

```mermaid
flowchart LR
  A[Client] --> B[Démon]
  style A fill:#ff9800,color:#fff
  style B fill:#326ce5,color:#fff
  classDef vert fill:#4caf50,color:#fff
```
"""


@pytest.mark.parametrize("strict", [False, True])
def test_check_warns_at_the_style_line_and_strict_keeps_it_a_warning(tmp_path: Path,
                                                                     strict: bool) -> None:
    source = write_course(tmp_path / "c", {"01-a": CHAPTER})
    result = check(BuildOptions(source, tmp_path / "out", strict=strict))
    assert result.ok
    advice = [d for d in result.diagnostics.items if "low contrast" in d.message]
    assert [(d.path.name, d.line, d.severity) for d in advice] == [
        ("01-a.md", 10, "warning"), ("01-a.md", 12, "warning")]
    lines = CHAPTER.splitlines()
    assert "#ff9800" in lines[10 - 1] and "#4caf50" in lines[12 - 1]


@pytest.mark.course
def test_the_shipped_stack_diagram_warns_at_its_orange_and_green() -> None:
    result = check(BuildOptions(CHAPTERS, CHAPTERS, strict=True))
    index = CHAPTERS / "00-Container-Runtimes.md"
    lines = index.read_text("utf-8").splitlines()
    advice = [d for d in result.diagnostics.items
              if d.path == index and "low contrast" in d.message]
    assert {lines[d.line - 1].split("fill:")[1][:7] for d in advice} == {"#ff9800", "#4caf50"}
    assert all(d.severity == "warning" for d in advice)


def test_builds_leave_the_advice_to_check(tmp_path: Path) -> None:
    """A build reports problems, not advice: the colours are drawn as written, quietly."""
    from coursebuild.pipeline import build_slides

    source = write_course(tmp_path / "c", {"01-a": CHAPTER})
    result = build_slides(BuildOptions(source, tmp_path / "out"))
    assert result.ok and not [d for d in result.diagnostics.items if "contrast" in d.message]
