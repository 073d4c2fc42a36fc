"""Issue 15, text: ==mark==, task lists, %%comments%%, :shortcode: emoji, footnotes, #tags —
parsed by markdown-it plugins, drawn in the deck and in every PDF, never printed as literal
syntax."""

from __future__ import annotations

from pathlib import Path

import pytest

from coursebuild.html import Target, render_blocks
from coursebuild.markdown import parser
from coursebuild.pipeline import BuildOptions, build_handouts, build_slides
from tests.conftest import needs_chromium, write_course
from tests.handout_checks import page_texts


def html(source: str, lang: str = "fr") -> str:
    target = Target(chapter_href=str, file_src=str, emoji_src=lambda path: path.name, lang=lang)
    return render_blocks(parser().parse(source), target)


def inline_types(source: str) -> list[str]:
    return [child.type for token in parser().parse(source) if token.type == "inline"
            for child in token.children or []]


# ==mark==

def test_mark_becomes_a_mark_element_holding_other_markup() -> None:
    assert html("un ==mot *clé*== ici") == "<p>un <mark>mot <em>clé</em></mark> ici</p>\n"


@pytest.mark.parametrize("source", ["`==code==`", "a == b == c", "a ==b", "=== titre ==="])
def test_what_is_not_a_mark_stays_as_written(source: str) -> None:
    assert "<mark>" not in html(source)


# task lists

def test_task_list_items_get_boxes_not_brackets() -> None:
    out = html("- [ ] à faire\n- [x] fait\n- [X] fait aussi\n- simple\n")
    assert out.count('class="task-box unchecked"') == 1
    assert out.count('class="task-box checked"') == 2
    assert "[ ]" not in out and "[x]" not in out.lower()
    assert 'aria-label="fait"' in out and 'aria-label="à faire"' in out
    assert "<li>simple</li>" in out


def test_task_boxes_are_no_raw_html() -> None:
    """The plugin's <input> would be shown as text (and warned about): it is a token of its own."""
    assert "html_inline" not in inline_types("- [ ] un\n- [x] deux\n")
    assert "task_box" in inline_types("- [ ] un\n")


def test_check_mark_lists_still_work_beside_task_lists() -> None:
    out = html("✅ un\n✅ deux\n\n- [x] trois\n")
    assert '<ul class="checklist">' in out and 'alt="✅"' in out
    assert '<ul class="contains-task-list">' in out


# %%comments%%

@pytest.mark.parametrize("source", [
    "avant %%secret%% après", "%% secret %%\n\nsuite", "%%\nsecret\nsur deux lignes\n%%\n\nsuite",
    "- item %%secret%%", "> citation %%secret%%", "paragraphe\n%%\nsecret\n%%"])
def test_comments_leave_nothing(source: str) -> None:
    out = html(source)
    assert "secret" not in out and "%%" not in out


def test_a_line_opening_with_an_inline_comment_keeps_its_text() -> None:
    out = html("%%x%% visible\n\nsuite visible aussi %%\n")
    assert "<p>visible</p>" in out and "suite visible aussi" in out


def test_an_inline_comment_leaves_one_space() -> None:
    assert html("avant %%x%% après") == "<p>avant après</p>\n"


def test_percent_signs_in_code_and_unclosed_ones_stay() -> None:
    assert "%%visible%%" in html("`%%visible%%`")
    assert "%%visible%%" in html("```\n%%visible%%\n```")
    assert "%% seul" in html("50 %% seul")


# :shortcodes:

def test_shortcodes_become_the_emoji_they_name() -> None:
    out = html(":rocket: et :+1:")
    assert 'alt="🚀"' in out and 'alt="👍"' in out and ":rocket:" not in out


@pytest.mark.parametrize("source", ["12:30:45", "a:b:c", "a:x:c", ":inconnu_du_tout:",
                                    "`:rocket:`", "http://h:80:"])
def test_unknown_or_glued_shortcodes_and_code_stay_text(source: str) -> None:
    assert "emoji" not in inline_types(source)


# #tags

def test_tags_are_shown_as_tags() -> None:
    out = html("#kubernetes et #runtime/oci, (#étiquette)")
    assert out.count('<span class="tag">') == 3
    assert '<span class="tag">#runtime/oci</span>' in out


@pytest.mark.parametrize("source", ["C# et F#", "[ancre](#/2)", "#1 et #42", "`#code`",
                                    "<https://exemple.org/#frag>", "https://exemple.org/p#frag",
                                    "# Un titre"])
def test_what_is_no_tag(source: str) -> None:
    assert "tag" not in inline_types(source)


def test_a_tag_opening_a_line_is_no_heading() -> None:
    types = [token.type for token in parser().parse("#etiquette au début\n")]
    assert "heading_open" not in types and "paragraph_open" in types


# footnotes

FOOTNOTES = """## Une

Un fait[^1] et un autre^[en *ligne*].

Note: la note cite[^n].

## Deux

Encore[^2].

[^1]: Première.
[^2]: Deuxième.
[^n]: Des notes.
"""


def slide_footnotes(out: str) -> list[str]:
    """The footnote numbers of each per-slide list, in order."""
    lists = out.split('<ol class="slide-footnotes">')[1:]
    return [[part.split("</sup>")[0] for part in chunk.split("</ol>")[0]
             .split('<sup class="footnote-number">')[1:]] for chunk in lists]


def test_each_slide_gets_its_own_footnotes_at_its_end() -> None:
    out = html(FOOTNOTES)
    assert slide_footnotes(out) == [["1", "2"], ["3"], ["4"]]
    first_slide, second_slide = out.split("<h2>Deux</h2>")
    assert "Deuxième" not in first_slide
    assert second_slide.index("Encore") < second_slide.index('<ol class="slide-footnotes">')
    # the notes' own footnote follows the notes' start, not the slide's text
    assert out.index("Note: la note") < out.index('<sup class="footnote-number">3</sup>')


def test_a_reference_carries_its_text_for_paper() -> None:
    out = html(FOOTNOTES)
    assert '<sup class="footnote-ref">2</sup><span class="footnote">en <em>ligne</em></span>' in out
    assert "[^" not in out and "^[" not in out


def test_no_footnote_no_list() -> None:
    assert "slide-footnotes" not in html("## Une\n\nRien [^x] ici.\n")


def test_an_undefined_footnote_is_kept_as_written_and_reported(tmp_path: Path) -> None:
    out = html("Rien [^x] ici, [^lien](https://a.org) [^y z].\n")
    assert out.startswith("<p>Rien [^x] ici, <a href") and out.endswith("[^y z].</p>\n")
    folder = write_course(tmp_path, {"01-a": "# A\n\n## Une\n\nTexte[^x] et [^y].\n\n"
                                              "[^y]: défini\n"})
    result = build_slides(BuildOptions(folder, tmp_path / "out", jobs=1))
    assert [(d.line, d.message.split(":")[0]) for d in result.diagnostics.items] == [
        (5, "footnote [^x] has no definition")]


# The whole chain: check, deck, every PDF

CHAPTER = """# Texte

## Une

Le mot ==important== :rocket: #pratique %%secret en ligne%% sourcé[^1].

- [ ] à faire
- [x] fait, voir[^1]

%%
secret en bloc
%%

Note: la note %%secret des notes%% reste.

[^1]: Texte de la note de bas de page.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    folder = write_course(tmp_path_factory.mktemp("text-course"), {"01-texte": CHAPTER})
    out = folder / "out"
    slides = build_slides(BuildOptions(folder, out, jobs=1))
    handouts = build_handouts(BuildOptions(folder, out, jobs=1))
    return out, (slides, handouts)


def test_check_has_nothing_to_say(built) -> None:
    _, (slides, handouts) = built
    for result in (slides, handouts):
        assert result.ok and not result.diagnostics.items, \
            [str(d) for d in result.diagnostics.items]


def test_the_deck_and_its_notes_hold_no_syntax(built) -> None:
    out, _ = built
    deck = (out / "slides" / "01-texte.html").read_text(encoding="utf-8")
    assert "<mark>important</mark>" in deck and 'alt="🚀"' in deck
    assert '<span class="tag">#pratique</span>' in deck and "task-box checked" in deck
    assert "la note reste." in deck
    assert '<ol class="slide-footnotes">' in deck
    for literal in ("secret", "%%", "==", ":rocket:", "[ ]", "[x]", "[^"):
        assert literal not in deck


def test_every_pdf_holds_no_syntax(built) -> None:
    out, _ = built
    pdfs = sorted((out / "handouts").glob("*.pdf"))
    assert len(pdfs) >= 6
    for pdf in pdfs:
        text = "\n".join(page_texts(pdf))
        assert "important" in text, pdf.name
        assert text.count("Texte de la note de bas de page") == 1, pdf.name
        assert "voir1" in text, pdf.name  # cited again: the same number, the text once
        for literal in ("secret", "%%", "==", ":rocket:", "[ ]", "[x]", "[^"):
            assert literal not in text, (pdf.name, literal)


@needs_chromium
def test_in_the_deck_footnotes_sit_at_the_slides_bottom_and_marks_are_drawn(browser,
                                                                            built) -> None:
    out, _ = built
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    try:
        page.goto((out / "slides" / "01-texte.html").as_uri())
        page.wait_for_function("() => window.Reveal && Reveal.isReady()")
        page.evaluate("Reveal.slide(1)")
        page.wait_for_function("() => Reveal.getIndices().h === 1")
        boxes = page.evaluate("""() => {
            const slide = Reveal.getCurrentSlide();
            const box = el => { const r = el.getBoundingClientRect();
                                return {top: r.top, bottom: r.bottom, width: r.width}; };
            const content = slide.querySelector('.slide-content');
            const notes = content.querySelector('.slide-footnotes');
            const text = content.querySelector('p');
            const mark = content.querySelector('mark');
            const ticked = content.querySelector('.task-box.checked');
            return {content: box(content), notes: box(notes), text: box(text),
                    footnoteShown: getComputedStyle(content.querySelector('.footnote')).display,
                    mark: getComputedStyle(mark).backgroundColor,
                    box: box(ticked), boxColour: getComputedStyle(ticked).backgroundColor};
        }""")
    finally:
        page.close()
    assert abs(boxes["notes"]["bottom"] - boxes["content"]["bottom"]) < 2
    assert boxes["notes"]["top"] > boxes["text"]["bottom"] + 100  # pushed down, not just after
    assert boxes["footnoteShown"] == "none"  # the text beside the reference is paper's
    assert boxes["mark"] not in ("rgba(0, 0, 0, 0)", "transparent")
    assert boxes["box"]["width"] > 10 and boxes["boxColour"] != "rgba(0, 0, 0, 0)"
