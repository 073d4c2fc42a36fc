"""Property-based: whatever text comes in, the outcome is output or the project's own error."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coursebuild.deck import deck_target, render_deck
from coursebuild.errors import ContentError
from coursebuild.mermaid import MermaidError, UnsupportedDiagram, render_mermaid
from coursebuild.parsing import parse_chapter
from coursebuild.pipeline import BuildOptions, prepare
from coursebuild.templating import environment

# Markdown-ish text: the characters that make structure, emoji, and anything else.
MARKDOWN_BITS = st.sampled_from([
    "#", "## ", "### ", "---", "\n", "\n\n", "> ", "> [!note] ", "- ", "1. ", "✅ ", "|", "|---|",
    "```", "```mermaid\n", "```python\n", "Note:", "[[", "]]", "|", "#", "![[", "![x](", ")",
    "[lien](", "https://example.org", "../", "<b>", "</b>", "<!--", "`", "*", "_", "⚙️", "👩‍💻",
    "🇫🇷", "1️⃣", "graph TD\n", "A --> B\n", "\t", "\\", "&amp;", "\u200d", "\ufe0f", "é",
])
MARKDOWN = st.lists(st.one_of(MARKDOWN_BITS, st.text(max_size=12)), max_size=40).map("".join)
SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(MARKDOWN)
def test_parsing_any_text_gives_a_chapter_or_a_content_error(text: str) -> None:
    try:
        chapter = parse_chapter(Path("c.md"), text)
    except ContentError as exc:
        assert exc.line is None or exc.line >= 1
    else:
        assert chapter.slides


@settings(max_examples=120, deadline=None)
@given(MARKDOWN)
def test_the_whole_pipeline_gives_a_deck_or_content_errors(text: str) -> None:
    folder = Path(tempfile.mkdtemp())
    try:
        (folder / "course.yaml").write_text("title: T\n", encoding="utf-8")
        (folder / "c.md").write_text(text, encoding="utf-8", errors="surrogatepass")
        course, diagnostics = prepare(BuildOptions(folder, folder))
        for chapter in course.chapters:
            if not diagnostics.errors_in(chapter.path):
                html = render_deck(environment(folder), course, chapter, deck_target(folder))
                assert html.rstrip().endswith("</html>")
        for item in diagnostics.items:
            assert item.path.name in ("c.md", "course.yaml")
    except UnicodeEncodeError:
        pass  # lone surrogates cannot be written to a file: not an input a course can hold
    finally:
        shutil.rmtree(folder)


MERMAID_BITS = st.sampled_from([
    "graph ", "flowchart ", "TD", "LR", "\n", " ", "A", "B", "-->", "---", "-.->", "==>", "--o",
    "--x", "<-->", "|", "[", "]", "(", ")", "{", "}", ">", "/", "\\", "\"", ":::", "&", ";",
    "subgraph ", "end", "style ", "classDef ", "class ", "linkStyle ", "fill:#f00", ",", "%%",
    "direction ", "<br>", "#quot;", "⚙️", "click ", "0", "default",
])
MERMAID = st.lists(st.one_of(MERMAID_BITS, st.text(max_size=6)), max_size=40).map("".join)


@SETTINGS
@given(MERMAID)
def test_mermaid_gives_svg_or_a_mermaid_error(source: str) -> None:
    try:
        svg = render_mermaid(source, id_prefix="p")
    except (MermaidError, UnsupportedDiagram):
        return
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")


@SETTINGS
@given(st.lists(MERMAID, max_size=8).map("\n".join))
def test_flowcharts_of_any_body_give_svg_or_a_mermaid_error(body: str) -> None:
    try:
        svg = render_mermaid("graph TD\n" + body, id_prefix="q")
    except MermaidError as exc:
        assert exc.line >= 1
        return
    assert "<foreignObject" not in svg
