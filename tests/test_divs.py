"""Pandoc/Quarto fenced divs (``::: columns``, ``::: incremental``, ``::: notes``,
``::: fragment``, ``::: {.callout-tip}``, any class): the plugin's rules, the deck in Chromium,
every PDF kind, and ``check``."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pytest
from markdown_it.token import Token

from coursebuild.deck import deck_target, render_deck
from coursebuild.markdown import parser
from coursebuild.markdown.divs import Div, Fence, div_warnings, parse_attributes, read_fence
from coursebuild.pipeline import BuildOptions, build_handouts, build_slides, check, prepare
from coursebuild.templating import environment
from tests.conftest import needs_chromium, write_course

GOLDEN = Path(__file__).parent / "golden"


# --- fences and attributes --------------------------------------------------------------------

@pytest.mark.parametrize(("line", "expected"), [
    (":::", Fence(True)),
    ("::::::   ", Fence(True)),
    ("::: columns", Fence(False, "columns")),
    (":::: columns ::::", Fence(False, "columns")),
    (":::columns", Fence(False, "columns")),
    ('::: {.column width="40%"}', Fence(False, '{.column width="40%"}')),
    ("::: {#id .a key=v} :::", Fence(False, "{#id .a key=v}")),
    ("::: two words", None),  # Pandoc: a bare word is one word; this is a paragraph
    (":: not three", None),
    ("text ::: columns", None),
])
def test_a_fence_line_is_read_as_pandoc_reads_it(line: str, expected: Fence | None) -> None:
    assert read_fence(line) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("columns", Div(("columns",))),
    ("{.incremental}", Div(("incremental",))),
    ('{.column width="40%"}', Div(("column",), attributes=(("width", "40%"),))),
    ("{.column width=40%}", Div(("column",), attributes=(("width", "40%"),))),
    ("{#intro .a .b key='v w'}", Div(("a", "b"), "intro", (("key", "v w"),))),
    (r'{.callout-tip title="say \"hi\""}', Div(("callout-tip",),
                                               attributes=(("title", 'say "hi"'),))),
    ("{.a foo}", Div(("a",), unreadable="foo")),
    ("{.a", Div((), unreadable="{.a")),
])
def test_attributes_bare_word_or_braces(text: str, expected: Div) -> None:
    assert parse_attributes(text) == expected


# --- nesting ----------------------------------------------------------------------------------

def _shape(markdown: str) -> list[str]:
    """The block tokens, as ``type`` or ``type:classes``, indented by div depth."""
    shape = []
    for token in parser().parse(markdown):
        if token.type in ("div_open", "div_close", "div_stray", "paragraph_open",
                          "heading_open", "bullet_list_open", "fence", "blockquote_open"):
            div = (token.meta or {}).get("div")
            shape.append(token.type + (":" + ".".join(div.classes) if div else ""))
    return shape


def test_a_bare_fence_closes_the_innermost_div_whatever_its_colons() -> None:
    pandoc = _shape("::: columns\n::: column\nA\n:::\n::: column\nB\n:::\n:::\n")
    usual = _shape(":::: columns\n::: column\nA\n:::\n::: column\nB\n:::\n::::\n")
    longer = _shape("::: columns\n::::::: column\nA\n:::\n::: column\nB\n::::::::::\n:::\n")
    expected = ["div_open:columns", "div_open:column", "paragraph_open", "div_close",
                "div_open:column", "paragraph_open", "div_close", "div_close"]
    assert pandoc == usual == longer == expected


def test_a_closing_fence_ends_the_paragraph_and_list_before_it() -> None:
    assert _shape("::: incremental\n- a\n- b\n:::\nafter\n") == [
        "div_open:incremental", "bullet_list_open", "paragraph_open", "paragraph_open",
        "div_close", "paragraph_open"]


def test_colons_in_a_code_block_are_code() -> None:
    assert _shape("::: note\n```\n:::\n```\n:::\n") == ["div_open:note", "fence", "div_close"]


def test_an_unclosed_div_runs_to_the_end_of_the_chapter() -> None:
    tokens = parser().parse("::: note\nA\n\nB\n")
    assert [t.type for t in tokens][::len(tokens) - 1] == ["div_open", "div_close"]
    assert div_warnings(tokens) == [(1, "'::: note' is not closed by a line of ':::': it ends "
                                     "where the list, quote or chapter it is in ends")]


def test_a_div_in_a_quote_ends_with_the_quote() -> None:
    assert _shape("> ::: note\n> A\n\nB\n") == [
        "blockquote_open", "div_open:note", "paragraph_open", "div_close", "paragraph_open"]


def test_a_slide_heading_ends_every_div_not_closed_so_no_slide_is_swallowed() -> None:
    text = "## Un\n\n:::: columns\n::: column\n- a\n\n## Deux\n\nTexte\n"
    assert _shape(text) == ["heading_open", "div_open:columns", "div_open:column",
                            "bullet_list_open", "paragraph_open", "div_close", "div_close",
                            "heading_open", "paragraph_open"]
    tokens = parser().parse(text)
    assert [t.level for t in tokens if t.type in ("heading_open", "paragraph_open")] == \
        [0, 4, 0, 0]  # the list's paragraph, then the next slide's heading and text at the top
    assert [line for line, _ in div_warnings(tokens)] == [3, 4]  # each div at its fence


def test_a_slide_heading_inside_a_closed_div_stays_inside_as_in_pandoc() -> None:
    text = (":::: columns\n::: column\n### Pour\n- a\n:::\n::: column\n### Contre\n:::\n"
            "::::\n\n## Suite\n")
    assert _shape(text) == ["div_open:columns", "div_open:column", "heading_open",
                            "bullet_list_open", "paragraph_open", "div_close",
                            "div_open:column", "heading_open", "div_close", "div_close",
                            "heading_open"]
    assert div_warnings(parser().parse(text)) == []


def test_an_unclosed_div_in_an_unclosed_div_ends_at_the_first_heading_of_either() -> None:
    text = "::: a\n## Un\n::: b\nx\n## Deux\ny\n"
    assert _shape(text) == ["div_open:a", "div_close", "heading_open", "div_open:b",
                            "paragraph_open", "div_close", "heading_open", "paragraph_open"]


def test_speaker_notes_end_an_open_div_and_are_never_shown_on_the_slide(tmp_path: Path) -> None:
    chapter = "# T\n\n## S\n\n::: incremental\n- a\n\nNote: secret\n"
    course = write_course(tmp_path / "c", {"01-t": chapter})
    slide = prepare(BuildOptions(course, tmp_path))[0].chapter("01-t").slides[-1]
    assert not any("secret" in t.content for t in slide.body)
    assert any("secret" in t.content for t in slide.notes)


def test_a_heading_deeper_than_a_slide_stays_inside() -> None:
    assert _shape("::: note\n#### Petit titre\nA\n:::\n") == [
        "div_open:note", "heading_open", "paragraph_open", "div_close"]


def test_a_callouts_first_heading_is_its_title_not_a_slide() -> None:
    tokens = parser().parse("::: {.callout-tip}\n## Le titre\nCorps\n:::\n")
    assert [t.type for t in tokens if t.type.endswith("_open")] == [
        "blockquote_open", "callout_title_open", "paragraph_open"]
    assert tokens[2].content == "Le titre"


# --- rendering --------------------------------------------------------------------------------

def _deck(tmp_path: Path, chapter: str, config: str | None = None) -> str:
    course_dir = write_course(tmp_path / "c", {"01-t": chapter}, config)
    course, _ = prepare(BuildOptions(course_dir, tmp_path))
    html = render_deck(environment(course_dir), course, course.chapter("01-t"),
                       deck_target(course_dir))
    return html[html.index('<div class="slides">'):]


def test_classes_and_titles_are_escaped_and_other_attributes_never_written(
        tmp_path: Path) -> None:
    html = _deck(tmp_path, '# T\n\n## S\n\n::: {.a"><script> #x onclick="evil()"}\nA\n:::\n\n'
                 '::: {.callout-tip title="<b>gras</b>"}\nB\n:::\n')
    assert '"><script>' not in html and "onclick" not in html and 'id="x"' not in html
    assert "<script>" not in html.split('<div class="slides">')[1].split("</div>\n<footer")[0]
    assert "<p>A</p>" in html  # the div's text is kept; its unreadable attributes are not
    assert "&lt;b&gt;gras&lt;/b&gt;" in html


def test_a_column_width_is_its_flex_basis_and_a_bad_one_is_left_out(tmp_path: Path) -> None:
    html = _deck(tmp_path, '# T\n\n## S\n\n:::: columns\n::: {.column width="40%"}\nA\n:::\n'
                 '::: {.column width="40%; color: red"}\nB\n:::\n::::\n')
    assert html.count('<div class="column" style="flex: 0 1 40%">') == 1
    assert html.count('<div class="column">') == 1 and "red" not in html


INCREMENTAL = ("# T\n\n## S\n\n- un\n- deux\n\n::: nonincremental\n- trois\n:::\n\n"
               "Note: dites\n\n- quatre\n")


@pytest.mark.parametrize(("config", "front", "fragments"), [
    ("", "", 0),
    ("slides:\n  incremental: true\n", "", 2),  # not in nonincremental, not in the notes
    ("slides:\n  incremental: true\n", "slides:\n  incremental: false\n", 0),
    ("", "slides:\n  incremental: true\n", 2),
])
def test_slides_incremental_from_course_yaml_or_front_matter(
        tmp_path: Path, config: str, front: str, fragments: int) -> None:
    chapter = (f"---\n{front}---\n\n" if front else "") + INCREMENTAL
    html = _deck(tmp_path, chapter, "title: Cours\nlang: fr\n" + config)
    assert html.count('<li class="fragment">') == fragments
    assert "<li>quatre</li>" in html  # the notes hide nothing


def test_slides_incremental_is_a_declared_key() -> None:
    from coursebuild.config import COURSE_SCHEMA, FRONT_MATTER_SCHEMA

    assert COURSE_SCHEMA["slides"]["incremental"].default is False
    assert "incremental" in FRONT_MATTER_SCHEMA["slides"]


# --- the built course: deck, PDFs, check --------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("divs")
    course = write_course(root / "course", {})
    for name in ("columns", "incremental", "divs"):
        shutil.copy(GOLDEN / f"{name}.md", course / f"{name}.md")
    out = root / "out"
    assert build_slides(BuildOptions(course, out)).ok
    assert build_handouts(BuildOptions(course, out)).ok
    return course, out


def test_check_of_the_fixtures_has_nothing_to_say(built: tuple[Path, Path],
                                                  tmp_path: Path) -> None:
    result = check(BuildOptions(built[0], tmp_path, strict=True))
    assert result.ok and [str(d) for d in result.diagnostics.items] == []


def test_check_warns_at_each_line(tmp_path: Path) -> None:
    chapter = ("# T\n\n## S\n\n"                       # 1-4
               ":::: {.columns #c}\n"                  # 5: id left out
               '::: {.column width="big" data-x=1}\n'  # 6: width, data-x
               "A\n:::\n::::\n\n"                      # 7-10
               ":::\n\n"                               # 11: closes nothing
               "::: {.note oops}\nB\n\n"               # 13: unreadable, not closed
               "## Suite\n")                           # 16: ends it
    course = write_course(tmp_path / "c", {"01-t": chapter})
    result = check(BuildOptions(course, tmp_path))
    found = [(d.line, d.message.split(":")[0]) for d in result.diagnostics.items]
    assert [line for line, _ in found] == [5, 6, 6, 11, 13, 13], found
    messages = " | ".join(d.message for d in result.diagnostics.items)
    for part in ("#c left out", "data-x left out", "column width 'big'",
                 "closes no open div", "unreadable attributes 'oops'",
                 "ends at line 16, where a new slide"):
        assert part in messages, messages


def _pdf_words(pdf: Path) -> list[tuple[int, str, float, float]]:
    """(page, word, x, y) of every word, by poppler."""
    xhtml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True,
                           capture_output=True, text=True).stdout
    body = xhtml.split("<body>", 1)[1].rsplit("</body>", 1)[0]
    pages = ElementTree.fromstring(f"<body>{body}</body>").iter("page")
    return [(n, w.text or "", float(w.get("xMin")), float(w.get("yMin")))
            for n, page in enumerate(pages, 1) for w in page if w.tag.endswith("word")]


def test_no_pdf_prints_a_fence(built: tuple[Path, Path]) -> None:
    pdfs = sorted((built[1] / "handouts").glob("*.pdf"))
    assert {p.name for p in pdfs} >= {"columns.pdf", "columns-slides.pdf", "columns-notes.pdf",
                                      "columns-instructor.pdf", "course.pdf",
                                      "course-instructor.pdf"}
    for pdf in pdfs:
        text = " ".join(word for _, word, _, _ in _pdf_words(pdf))
        assert ":::" not in text and "{." not in text, pdf.name


@pytest.mark.parametrize("name", ["columns-slides.pdf", "columns.pdf", "course.pdf"])
def test_columns_are_side_by_side_on_paper(built: tuple[Path, Path], name: str) -> None:
    words = _pdf_words(built[1] / "handouts" / name)
    for left, right in (("Quarante", "Soixante"), ("Alpha", "Bêta"), ("Bêta", "Gamma")):
        (page_a, x_a, y_a), = [(p, x, y) for p, w, x, y in words if w == left]
        (page_b, x_b, y_b), = [(p, x, y) for p, w, x, y in words if w == right]
        assert page_a == page_b and abs(y_a - y_b) < 1 and x_b > x_a + 40, (name, left, right)


def test_speaker_notes_are_the_instructors_alone(built: tuple[Path, Path]) -> None:
    def text(name: str) -> str:
        return " ".join(w for _, w, _, _ in _pdf_words(built[1] / "handouts" / name))
    assert "orateur," in text("divs-instructor.pdf")
    assert "orateur," not in text("divs.pdf") and "orateur," not in text("divs-slides.pdf")
    deck = (built[1] / "slides" / "divs.html").read_text(encoding="utf-8")
    notes = re.search(r'<aside class="notes">(.*?)</aside>', deck, re.S)
    assert notes and "seulement" in notes.group(1)


def _in_deck(browser, deck: Path, script: str, anchor: str = "") -> object:
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    try:
        page.goto(deck.as_uri() + (f"#/{anchor}" if anchor else ""))
        page.wait_for_function("window.Reveal && Reveal.isReady()")
        return page.evaluate(script)
    finally:
        page.close()


@needs_chromium
def test_the_deck_shows_columns_side_by_side(browser, built: tuple[Path, Path]) -> None:
    boxes = _in_deck(browser, built[1] / "slides" / "columns.html", """() =>
        [...document.querySelectorAll('.columns')].map((row) =>
            [...row.querySelectorAll(':scope > .column')].map((c) => {
                const box = c.getBoundingClientRect();
                return [Math.round(box.left), Math.round(box.top), Math.round(box.width)];
            }))""", "largeurs-donnees")
    assert [len(row) for row in boxes] == [2, 2, 3, 2]
    for row in boxes:
        lefts, tops = [b[0] for b in row], [b[1] for b in row]
        assert lefts == sorted(set(lefts)) and len(set(tops)) == 1, row
    forty, sixty = boxes[1]
    assert 1.3 < sixty[2] / forty[2] < 1.7  # 40 % and 60 % of the row, less the gap
    assert abs(boxes[0][0][2] - boxes[0][1][2]) <= 1  # no width: equal shares


@needs_chromium
def test_each_incremental_item_is_a_step_in_the_deck(browser, built: tuple[Path, Path]) -> None:
    steps = _in_deck(browser, built[1] / "slides" / "incremental.html", """() => {
        const counts = [];
        for (const anchor of ['une-liste-pas-a-pas', 'avec-accolades-et-une-liste-d-un-coup',
                              'dans-les-notes-rien-de-cache']) {
            Reveal.slide(...Object.values(Reveal.getIndices(document.getElementById(anchor))));
            let n = 0;
            while (Reveal.availableFragments().next && n < 20) { Reveal.nextFragment(); n++; }
            counts.push(n);
        }
        return counts;
    }""")
    assert steps == [4, 2, 0]  # premier, deuxième, détail, troisième; un, deux; none in notes


@needs_chromium
def test_a_fragment_div_is_one_step(browser, built: tuple[Path, Path]) -> None:
    steps = _in_deck(browser, built[1] / "slides" / "divs.html", """() => {
        let n = 0;
        while (Reveal.availableFragments().next && n < 20) { Reveal.nextFragment(); n++; }
        return [n, document.querySelector('.fragment.fade-up').classList.contains('visible')];
    }""", "un-fragment")
    assert steps == [2, True]


def test_stray_tokens_render_nothing() -> None:
    tokens = parser().parse(":::\n")
    assert [t.type for t in tokens] == ["div_stray"] and isinstance(tokens[0], Token)
    assert parser().renderer.render(tokens, parser().options, {}) == ""


def test_the_slides_pdf_marks_the_decks_fragments_and_hides_none(built: tuple[Path, Path],
                                                                 tmp_path: Path) -> None:
    """The fragment contract: the slides PDF's HTML carries the deck's fragments (its steps
    are made of them); no stylesheet of the PDFs hides them, so every item is printed."""
    from coursebuild.handout_kinds import SLIDES
    from coursebuild.handouts import render_chapter

    course, _ = prepare(BuildOptions(built[0], tmp_path))
    html = render_chapter(environment(built[0]), course, course.chapter("incremental"),
                          tmp_path, SLIDES)
    assert html.count('<li class="fragment">') == 6  # premier … troisième, un, deux
    words = {w for _, w, _, _ in _pdf_words(built[1] / "handouts" / "incremental-slides.pdf")}
    assert {"premier", "détail", "troisième", "un", "deux", "tout"} <= words


def test_a_quarto_callout_is_our_callout_audiences_and_all(tmp_path: Path) -> None:
    from coursebuild.html import for_audience

    tokens = parser().parse('::: {.callout-answer}\nLa réponse.\n:::\n\n'
                            '::: {.callout-tip collapse="false"}\nOuvert.\n:::\n')
    kept = [t.content for t in for_audience(tokens, "students") if t.type == "inline"]
    assert kept == ["Tip", "Ouvert."]  # the answer is the instructor's, as > [!answer] is
    html = _deck(tmp_path, "# T\n\n## S\n\n::: {.callout-answer}\nLa réponse.\n:::\n")
    assert '<blockquote class="callout callout-answer fragment">' in html


def test_a_heading_in_a_column_is_no_bookmark(built: tuple[Path, Path]) -> None:
    from tests.handout_checks import outline_titles

    titles = outline_titles(built[1] / "handouts" / "columns.pdf")
    assert "Titres dans les colonnes" in titles and "Contre" not in titles


def test_note_in_a_callout_div_is_the_callouts_text_as_in_a_quote_callout() -> None:
    assert _shape("::: {.callout-note}\nNote: l'examen est vendredi.\n:::\n") == [
        "blockquote_open:callout-note", "paragraph_open"]


def test_a_notes_div_inside_columns_goes_to_the_notes_too(tmp_path: Path) -> None:
    chapter = ("# T\n\n## S\n\n:::: columns\n::: column\nVu\n\n::: notes\nDit\n:::\n:::\n"
               "::: column\nAussi vu\n:::\n::::\n")
    course = write_course(tmp_path / "c", {"01-t": chapter})
    slide = prepare(BuildOptions(course, tmp_path))[0].chapter("01-t").slides[-1]
    shown = [t.content for t in slide.body if t.type == "inline"]
    said = [t.content for t in slide.notes if t.type == "inline"]
    assert (shown, said) == (["Vu", "Aussi vu"], ["Dit"])
    assert sum(t.nesting for t in slide.body) == 0  # the columns stay whole


FUZZ_LINES = [":::", "::::", "::: columns", "::: column", '::: {.column width="30%"}',
              "::: incremental", "::: notes", '::: {.callout-tip title="t"}', "## H", "### H3",
              "# T", "Note: n", "- a", "  - b", "> q", "> :::", "text", "", "```", "---",
              "::: {.fragment .grow}", "1. x", "::: {#i k=v}", "::: nonincremental"]


def test_any_mix_of_fences_gives_balanced_tokens_and_html() -> None:
    """Random chapters of fences, headings, notes, lists, quotes and code: every token at the
    level its place says (a div ended at a heading moves what follows up), every slide's
    tokens balanced, its HTML with as many </div> as <div."""
    import random

    from coursebuild.html import render_blocks
    from coursebuild.parsing import parse_chapter

    pick = random.Random(15)
    target = deck_target(Path("/nonexistent"))
    for _ in range(300):
        text = "# T\n" + "\n".join(pick.choice(FUZZ_LINES) for _ in range(pick.randint(1, 25)))
        depth = 0
        for token in parser().parse(text):
            depth += min(token.nesting, 0)
            assert token.level == depth, text
            depth += max(token.nesting, 0)
        for slide in parse_chapter(Path("x.md"), text).slides:
            for part in (slide.body, slide.notes):
                assert sum(t.nesting for t in part) == 0, text
                html = render_blocks(part, target)
                assert html.count("<div") == html.count("</div>"), text


def test_notes_after_a_heading_in_a_div_not_closed_are_at_the_top() -> None:
    tokens = parser().parse("::: a\n### H3\nNote: n\n> q\n")
    assert [(t.type, t.level) for t in tokens if t.nesting == 1] == [
        ("div_open", 0), ("heading_open", 0), ("paragraph_open", 0), ("blockquote_open", 0),
        ("paragraph_open", 1)]
