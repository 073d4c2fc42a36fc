"""pie: parsing (sections, title, showData, comments, errors at their line), geometry (slices
proportional to their values, labels inside their slices, legend in order and clear of the
pie and the title) and the SVG through the deck's entry point and a chapter."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from coursebuild.cli import cli
from coursebuild.mermaid import MermaidError, render_mermaid
from coursebuild.mermaid.pie import is_pie
from coursebuild.mermaid.pie.layout import (
    LEGEND_BOX,
    RADIUS,
    compute_layout,
    inside,
    label_corners,
    percent,
)
from coursebuild.mermaid.pie.parser import MAX_SECTIONS, parse
from coursebuild.mermaid.pie.theme import PIE_COLOURS
from tests.conftest import write_course

SVG = "{http://www.w3.org/2000/svg}"
PETS = 'pie title Pets adopted by volunteers\n    "Dogs" : 386\n    "Cats" : 85\n    "Rats" : 15\n'


def pie(*lines: str, header: str = "pie") -> str:
    return header + "\n" + "\n".join(f"    {line}" for line in lines) + "\n"


def sections(source: str) -> list[tuple[str, float]]:
    return [(s.label, s.value) for s in parse(source).sections]


SECTION_ROWS = [
    ("very-simple", 'pie\n      "ash": 100\n      ', [("ash", 100.0)]),
    ("simple", pie('"ash" : 60', '"bat" : 40'), [("ash", 60.0), ("bat", 40.0)]),
    ("decimal", pie('"ash" : 60.67', '"bat" : 40'), [("ash", 60.67), ("bat", 40.0)]),
    ("zero", pie('"dogs" : 0', '"rats" : 40.12'), [("dogs", 0.0), ("rats", 40.12)]),
    ("comments", pie("%% comments", '"ash" : 60 %% trailing', '"bat" : 40'),
     [("ash", 60.0), ("bat", 40.0)]),
    ("single-quotes", pie("'it''s' : 1".replace("''", "\\'")), [("it's", 1.0)]),
    ("colon-in-label", pie('"a: b" : 3'), [("a: b", 3.0)]),
    ("duplicate-keeps-first", pie('"a" : 3', '"a" : 5'), [("a", 3.0)]),
    ("unsafe-names", pie('"__proto__" : 386', '"constructor" : 85', '"prototype" : 15'),
     [("__proto__", 386.0), ("constructor", 85.0), ("prototype", 15.0)]),
    ("percent-signs-in-label", pie('"100%% done" : 3 %% a note'), [("100%% done", 3.0)]),
    ("commented-out-section", pie('%% "a" : 1', '"b" : 2'), [("b", 2.0)]),
    ("blank-lines-crlf", 'pie\r\n\r\n  "a" : 1\r\n', [("a", 1.0)]),
]  # fmt: skip


@pytest.mark.parametrize(("source", "expected"), [r[1:] for r in SECTION_ROWS],
                         ids=[r[0] for r in SECTION_ROWS])  # fmt: skip
def test_sections(source: str, expected: list[tuple[str, float]]) -> None:
    assert sections(source) == expected


TITLE_ROWS = [
    ("on-header", pie('"a" : 1', header="pie title a 60/40 pie"), "a 60/40 pie", False),
    ("own-line", pie("title Key elements", '"a" : 1'), "Key elements", False),
    ("showData-and-title", pie('"a" : 1', header="pie showData title T"), "T", True),
    ("showData-own-line-title", pie("title T", '"a" : 1', header="pie showData"), "T", True),
    ("front-matter", '---\ntitle: From YAML\n---\npie\n  "a" : 1\n', "From YAML", False),
    ("none", pie('"a" : 1'), None, False),
]  # fmt: skip


@pytest.mark.parametrize(("source", "title", "show"), [r[1:] for r in TITLE_ROWS],
                         ids=[r[0] for r in TITLE_ROWS])  # fmt: skip
def test_title_and_show_data(source: str, title: str | None, show: bool) -> None:
    chart = parse(source)
    assert (chart.title, chart.show_data) == (title, show)


def test_accessibility_title_and_descriptions() -> None:
    chart = parse(pie("accTitle: a neat acc title", "accDescr: a neat description", '"a" : 1',
                      header="pie title a neat chart"))  # fmt: skip
    assert (chart.title, chart.acc_title, chart.description) == (
        "a neat chart", "a neat acc title", "a neat description")  # fmt: skip
    block = parse(pie("accDescr {", "  a neat description", "  on multiple lines", "}",
                      '"a" : 1'))  # fmt: skip
    assert block.description == "a neat description\non multiple lines"
    svg = render_mermaid(pie("accTitle: Acc", "accDescr: Desc", '"a" : 1', header="pie title T"))
    root = ET.fromstring(svg)
    assert root.find(f"{SVG}title").text == "Acc"  # accTitle wins over the title
    assert root.find(f"{SVG}desc").text.startswith("Desc Sections : a [1].")


ERROR_ROWS = [
    ("negative", pie('"ash" : -60.67', '"bat" : 40.12'), 2, "Negative values are not allowed"),
    ("negative-later", pie("title T", "%% c", '"a" : 1', '"dogs" : -1'), 5,
     '"dogs" has invalid value: -1.'),
    ("not-a-number", pie('"a" : 1', '"b" : ten'), 3, "expected a number"),
    ("unquoted-label", pie("a : 1"), 2, "expected '\"label\" : value'"),
    ("missing-value", pie('"a" :'), 2, "expected"),
    ("bad-header", "pie chart\n", 1, "expected 'pie'"),
    ("after-front-matter", '---\ntitle: x\n---\npie\n  "a" : 1\n  oops\n', 6, "oops"),
    ("unclosed-descr", pie("accDescr {", "never closed"), 2, "unclosed 'accDescr {'"),
]  # fmt: skip


@pytest.mark.parametrize(("source", "line", "message"), [r[1:] for r in ERROR_ROWS],
                         ids=[r[0] for r in ERROR_ROWS])  # fmt: skip
def test_errors_at_their_line(source: str, line: int, message: str) -> None:
    with pytest.raises(MermaidError) as caught:
        parse(source)
    assert caught.value.line == line and message in caught.value.message


def test_section_bound() -> None:
    many = pie(*(f'"s{i}" : 1' for i in range(MAX_SECTIONS + 1)))
    with pytest.raises(MermaidError) as caught:
        parse(many)
    assert caught.value.line == MAX_SECTIONS + 2 and "bound" in caught.value.message


@pytest.mark.parametrize(("source", "expected"), [
    ("pie\n", True), ("  pie showData\n", True), ("%%{init: {}}%%\npie\n", True),
    ("---\ntitle: t\n---\n%% c\npie title x\n", True), ("pies\n", False),
    ("graph TD\n pie --> x\n", False), ("sequenceDiagram\n", False), ("Pie\n", False),
])  # fmt: skip
def test_header_detection(source: str, expected: bool) -> None:
    assert is_pie(source) is expected


def test_theme_variables_and_text_position() -> None:
    source = (
        '---\nconfig:\n  pie:\n    textPosition: 0.5\n  themeVariables:\n'
        '    pieOuterStrokeWidth: "5px"\n    pie1: "#112233"\n    pieStrokeColor: red\n'
        '    pieTitleTextSize: 30px\n    pieSectionTextSize: 4px\n    pie2: url(x)\n---\n'
        'pie title T\n  "a" : 1\n  "b" : 1\n'
    )  # fmt: skip
    chart = parse(source)
    layout = compute_layout(chart)
    assert chart.text_position == 0.5
    theme = layout.theme
    assert (theme.outer_width, theme.colours[0], theme.stroke) == (5.0, "#112233", "red")
    assert theme.colours[1] == PIE_COLOURS[1]  # not a plain colour: ignored
    assert (theme.title_size, theme.section_size) == (30.0, 16.0)  # kept legible
    svg = render_mermaid(source)
    assert 'fill="#112233"' in svg and 'stroke-width="5"' in svg
    directive = parse('%%{init: {"themeVariables": {"pie3": "#abcdef"}}}%%\npie\n  "a" : 1\n')
    assert compute_layout(directive).theme.colours[2] == "#abcdef"


# geometry -------------------------------------------------------------------------------


def test_slices_clockwise_from_noon_proportional_and_whole() -> None:
    layout = compute_layout(parse(pie('"a" : 1', '"b" : 2', '"c" : 3', '"d" : 4')))
    spans = [(s.start, s.end) for s in layout.slices]
    assert spans[0][0] == 0.0 and math.isclose(spans[-1][1], 360.0)
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        assert start == end  # contiguous, in source order
    for value, (start, end) in zip((1, 2, 3, 4), spans, strict=True):
        assert math.isclose(end - start, value / 10 * 360)
    first = layout.slices[0]  # 0–36°: right of 12 o'clock, above the centre
    assert first.label_x > layout.cx and first.label_y < layout.cy


def test_zero_and_tiny_sections_get_no_slice_but_keep_colour_and_legend() -> None:
    chart = parse(pie('"zero" : 0', '"big" : 995', '"tiny" : 5', '"rest" : 100'))
    layout = compute_layout(chart)
    assert [s.index for s in layout.slices] == [1, 3]  # 0 and under 1 % are left out
    assert math.isclose(sum(s.end - s.start for s in layout.slices), 360.0)
    assert [e.index for e in layout.legend] == [0, 1, 2, 3]
    svg = render_mermaid(pie('"zero" : 0', '"big" : 995', '"tiny" : 5', '"rest" : 100'))
    assert svg.count("data-slice=") == 2 and svg.count("data-legend=") == 4
    assert f'fill="{PIE_COLOURS[1]}"' in svg.split("data-legend")[0]  # "big" keeps pie2
    assert ">90%<" in svg and ">9%<" in svg  # percentages of the whole total


def test_colours_cycle_after_twelve() -> None:
    svg = render_mermaid(pie(*(f'"s{i}" : 1' for i in range(14))))
    legend = re.findall(r'data-legend=""><rect [^>]*fill="([^"]+)"', svg)
    assert legend[:12] == list(PIE_COLOURS) and legend[12:] == list(PIE_COLOURS[:2])


def test_percentages_round_as_javascript() -> None:
    assert percent(1, 8) == "13%"  # 12.5: half up, as toFixed(0)
    assert percent(1, 3) == "33%" and percent(2, 3) == "67%" and percent(0, 5) == "0%"


@pytest.mark.parametrize("values", [(386, 85, 15), (1, 1), (50, 1.2, 1.1, 1, 30, 20),
                                    (42.96, 50.05, 10.01, 5), (7,), (99, 1, 1.5),
                                    (90, 1.2, 1.1, 1.3, 2, 3, 1.5)])  # fmt: skip
def test_labels_inside_their_slices_or_beside_and_not_overlapping(
    values: tuple[float, ...],
) -> None:
    layout = compute_layout(parse(pie(*(f'"s{i}" : {v}' for i, v in enumerate(values)))))
    shown = [s for s in layout.slices if s.label_shown]
    assert shown and all(not s.outside for s in shown if s.end - s.start > 30)
    boxes = []
    for s in shown:
        corners = label_corners(s.label_x, s.label_y, s.label)
        within = [inside(layout.cx, layout.cy, (s.start, s.end), *c) for c in corners]
        if s.outside:  # clear of the pie, on its slice's side
            ring = layout.radius + layout.theme.outer_width
            assert all(math.hypot(x - layout.cx, y - layout.cy) > ring for x, y in corners)
            middle = math.radians((s.start + s.end) / 2)
            dx, dy = s.label_x - layout.cx, s.label_y - layout.cy
            assert math.isclose(math.atan2(dx, -dy) % math.tau, middle % math.tau, abs_tol=1e-6)
            assert all(0 <= x <= layout.width and 0 <= y <= layout.height for x, y in corners)
        else:
            assert all(within)
        boxes.append((corners[0], corners[3]))
    for i, (a0, a1) in enumerate(boxes):
        for b0, b1 in boxes[i + 1 :]:
            assert a1[0] <= b0[0] or b1[0] <= a0[0] or a1[1] <= b0[1] or b1[1] <= a0[1]
    legend_left = min((e.x for e in layout.legend), default=layout.width)
    title_bottom = layout.title_top + (layout.title.height if layout.title else 0.0)
    for s in shown:
        left, top = label_corners(s.label_x, s.label_y, s.label)[0]
        assert left + s.label.width < legend_left and top >= title_bottom - 1e-9


def test_a_sliver_label_goes_beside_its_slice_in_the_page_colour() -> None:
    source = pie('"big" : 1000', '"small" : 10.5')
    layout = compute_layout(parse(source))
    small = layout.slices[1]
    assert small.outside and small.label_shown and not layout.slices[0].outside
    svg = render_mermaid(source, theme="dark")
    assert re.search(r'data-percent="outside"><text [^>]*fill="lightgrey">1%<', svg)
    assert re.search(r'data-percent="inside"><text [^>]*fill="#333">99%<', svg)


@pytest.mark.parametrize("source", [
    PETS, pie(*(f'"Entry number {i}" : {i + 1}' for i in range(40)), header="pie showData"),
    pie('"a" : 1', header="pie title " + "A very long title that is wider than the pie " * 2),
])  # fmt: skip
def test_legend_in_order_clear_of_the_pie_and_title_inside_the_drawing(source: str) -> None:
    chart = parse(source)
    layout = compute_layout(chart)
    assert [e.index for e in layout.legend] == list(range(len(chart.sections)))
    ys = [e.y for e in layout.legend]
    assert all(b - a >= LEGEND_BOX + 2 for a, b in zip(ys, ys[1:], strict=False))
    for entry in layout.legend:
        assert entry.x > layout.cx + RADIUS + layout.theme.outer_width
        assert entry.y >= 0 and entry.y + LEGEND_BOX <= layout.height
        assert entry.x + LEGEND_BOX + 4 + entry.text.width <= layout.width
    assert layout.cy - RADIUS >= 0 and layout.cy + RADIUS <= layout.height
    if len(chart.sections) <= 12:  # fits a slide with a heading and a few lines of text
        assert layout.height <= 420
    if layout.title is not None:
        half = layout.title.width / 2
        assert layout.cx - half >= 0 and layout.cx + half <= layout.width
        bottom = layout.title_top + layout.title.height
        assert layout.title_top >= 0 and bottom <= layout.cy - RADIUS
        for entry in layout.legend:  # the title is not drawn over the legend
            assert entry.y >= bottom or layout.cx + half <= entry.x


# the SVG -------------------------------------------------------------------------------


def test_deck_entry_point_draws_a_well_formed_svg() -> None:
    svg = render_mermaid(PETS, id_prefix="d7")
    root = ET.fromstring(svg)  # well-formed XML
    assert root.tag == f"{SVG}svg" and root.get("data-diagram") == "pie"
    width, height = float(root.get("width")), float(root.get("height"))
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    assert width > 2 * RADIUS and height >= 2 * RADIUS
    assert root.find(f"{SVG}title").get("id") == "d7-title"
    assert root.get("aria-describedby") == "d7-desc"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts[:3] == ["79%", "17%", "3%"]  # 3 %: beside its slice
    assert "Pets adopted by volunteers" in texts and texts[-3:] == ["Dogs", "Cats", "Rats"]
    slices = [g.get("data-slice") for g in root.iter(f"{SVG}g") if g.get("data-slice")]
    assert slices == ["Dogs", "Cats", "Rats"]


def test_show_data_legend_values_and_escaping() -> None:
    svg = render_mermaid(pie('"<b>Calcium</b> & co" : 42.96', '"Iron" : 5',
                             header="pie showData"))  # fmt: skip
    root = ET.fromstring(svg)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "<b>Calcium</b> & co [42.96]" in texts and "Iron [5]" in texts


def test_emoji_in_a_legend_are_images() -> None:
    def href(symbol: str) -> str:
        return "data:image/svg+xml;base64,AAAA"

    svg = render_mermaid(pie('"Python 🐍" : 3', '"Rust" : 1'), emoji_href=href)
    assert svg.count("<image ") == 1
    ET.fromstring(svg)


def test_dark_page_draws_light_text() -> None:
    svg = render_mermaid(PETS, theme="dark")
    assert 'fill="lightgrey">Dogs<' in svg
    assert 'fill="black">Dogs<' in render_mermaid(PETS)


def test_empty_pie_draws_its_outline_and_title() -> None:
    svg = render_mermaid("pie title Nothing yet\n")
    root = ET.fromstring(svg)
    assert root.find(f"{SVG}circle") is not None and "data-slice" not in svg
    assert [t.text for t in root.iter(f"{SVG}text")] == ["Nothing yet"]


def test_single_section_is_a_whole_disc() -> None:
    svg = render_mermaid(pie('"all" : 3'))
    assert svg.count(f" A{RADIUS:g},{RADIUS:g} ") == 2 and ">100%<" in svg


CHAPTER = (
    '# S\n\n## Parts\n\n```mermaid\npie title Pets 🐶\n    "Dogs" : 386\n    "Cats" : 85\n```\n'
)


def test_chapter_with_a_pie_builds_without_warning(tmp_path: Path) -> None:
    course = write_course(tmp_path / "c", {"s": CHAPTER})
    result = CliRunner().invoke(cli, ["slides", "--source", str(course), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "0 warning(s)" in result.output
    deck = (tmp_path / "slides" / "s.html").read_text(encoding="utf-8")
    svg = re.search(r"<svg [^>]*data-diagram=\"pie\".*?</svg>", deck, re.S)
    assert svg is not None and ">Dogs</text>" in svg.group(0)
    assert '<pre class="mermaid">' not in deck


def test_syntax_error_is_reported_at_the_markdown_line(tmp_path: Path) -> None:
    chapter = '# S\n\n```mermaid\npie\n    "a" : 1\n    "b" : -2\n```\n'
    course = write_course(tmp_path / "c", {"s": chapter})
    result = CliRunner().invoke(cli, ["slides", "--source", str(course), "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "s.md:6: mermaid:" in result.output and "Negative values" in result.output


def test_text_position_is_where_labels_go_and_a_label_moves_out_to_fit() -> None:
    source = pie('"a" : 42.96', '"b" : 50.05', '"c" : 10.01', '"d" : 5')
    layout = compute_layout(parse("%%{init: {'pie': {'textPosition': 0.5}}}%%\n" + source))
    first = layout.slices[0]
    assert math.isclose(math.hypot(first.label_x - layout.cx, first.label_y - layout.cy), 75)
    last = layout.slices[-1]  # 5 %: too narrow at half the radius, inside further out
    assert not last.outside and math.hypot(last.label_x - layout.cx,
                                           last.label_y - layout.cy) > 75  # fmt: skip


@pytest.mark.parametrize(("theme", "first", "text"), [
    ("forest", "#cde498", "black"), ("base", "#fff4dd", "#333"), ("default", "#ececff", "black"),
])  # fmt: skip
def test_named_themes_colour_sequence(theme: str, first: str, text: str) -> None:
    svg = render_mermaid(f"%%{{init: {{'theme': '{theme}'}}}}%%\n" + PETS)
    legend = re.findall(r'data-legend=""><rect [^>]*fill="([^"]+)"', svg)
    assert legend[0] == first and len(set(legend)) == 3
    assert f'fill="{text}">Dogs<' in svg
