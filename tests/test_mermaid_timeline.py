"""timeline: parsing (title, sections, periods and their events, continuation lines,
comments, errors at their line), the geometry of the drawing, and the SVG itself."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from coursebuild.cli import cli
from coursebuild.mermaid import MermaidError, render_mermaid
from coursebuild.mermaid.geometry import Box
from coursebuild.mermaid.timeline import is_timeline
from coursebuild.mermaid.timeline.layout import BOX_WIDTH, PAD, TimelineLayout, compute_layout
from coursebuild.mermaid.timeline.parser import parse
from coursebuild.mermaid.timeline.theme import section_fills
from tests.conftest import write_course

RKT = """timeline
    title Histoire de rkt
    2014 : CoreOS annonce Rocket (rkt)
    2016 : rkt 1.0
    2017 : rkt rejoint la CNCF
    2019 : la CNCF archive rkt"""

SECTIONS = """timeline
    title Timeline of Industrial Revolution
    section 17th-20th century
        Industry 1.0 : Machinery, Water power, Steam <br>power
        Industry 2.0 : Electricity, Internal combustion engine, Mass production
        Industry 3.0 : Electronics, Computers, Automation
    section 21st century
        Industry 4.0 : Internet, Robotics, Internet of Things
        Industry 5.0 : Artificial intelligence, Big data, 3D printing
                     : A very long event label that surely needs wrapping somewhere"""


def periods(source: str) -> list[tuple[str, list[str]]]:
    return [(p.text, p.events) for p in parse(source).periods]


def test_rkt_history() -> None:
    chart = parse(RKT)
    assert chart.title == "Histoire de rkt"
    assert periods(RKT) == [
        ("2014", ["CoreOS annonce Rocket (rkt)"]), ("2016", ["rkt 1.0"]),
        ("2017", ["rkt rejoint la CNCF"]), ("2019", ["la CNCF archive rkt"]),
    ]  # fmt: skip
    svg = render_mermaid(RKT)
    assert svg.startswith("<svg") and 'data-diagram="timeline"' in svg
    assert svg.count('data-kind="period"') == 4 and svg.count('data-kind="event"') == 4
    assert ">Histoire de rkt</text>" in svg


PARSE_ROWS = [
    ("several-events", "timeline\n2014 : a : b : c", [("2014", ["a", "b", "c"])]),
    ("continuation", "timeline\n  2014 : a\n       : b : c\n  2015 : d",
     [("2014", ["a", "b", "c"]), ("2015", ["d"])]),
    ("no-space-before-colon", "timeline\ntask2: event2: event3", [("task2", ["event2", "event3"])]),
    ("colon-inside-event", "timeline\n2014 : at 10:30", [("2014", ["at 10:30"])]),
    ("period-alone", "timeline\n2014\n2015 : x", [("2014", []), ("2015", ["x"])]),
    ("comments", "timeline\n%% a comment\n2014 : a %% trailing\n# hash comment\n2015 : b",
     [("2014", ["a"]), ("2015", ["b"])]),
    ("br", "timeline\n2014<br>Q1 : a<br/>b", [("2014\nQ1", ["a\nb"])]),
    ("case-insensitive", "TIMELINE\nSECTION S\n2014 : a", [("2014", ["a"])]),
    ("direction-td", "timeline TD\n2014 : a", [("2014", ["a"])]),
    ("entities", "timeline\n2014 : caf#233; #amp; co", [("2014", ["café & co"])]),
]  # fmt: skip


@pytest.mark.parametrize(("source", "expected"), [r[1:] for r in PARSE_ROWS],
                         ids=[r[0] for r in PARSE_ROWS])  # fmt: skip
def test_periods(source: str, expected: list[tuple[str, list[str]]]) -> None:
    assert periods(source) == expected
    svg = render_mermaid(source)
    assert svg.count('data-kind="period"') == len(expected)


def test_sections_group_the_periods_after_them() -> None:
    chart = parse(SECTIONS)
    assert [s.text for s in chart.sections] == ["17th-20th century", "21st century"]
    assert [p.section for p in chart.periods] == [0, 0, 0, 1, 1]
    assert chart.periods[-1].events[-1].startswith("A very long event")
    assert chart.periods[0].events == ["Machinery, Water power, Steam\npower"]


def test_title_acc_and_front_matter() -> None:
    source = ("---\ntitle: Depuis le front matter\nconfig:\n  theme: forest\n---\ntimeline\n"
              "  accTitle: Titre accessible\n  accDescr: Une description\n  2014 : a")  # fmt: skip
    chart = parse(source)
    assert chart.title == "Depuis le front matter"
    assert chart.acc_title == "Titre accessible" and chart.description == "Une description"
    assert chart.theme["theme"] == "forest"
    svg = render_mermaid(source)
    assert ">Titre accessible</title>" in svg and "Une description" in svg


def test_acc_descr_block_and_init() -> None:
    source = ('%%{init: {"themeVariables": {"cScale0": "#ff0000"}, '
              '"timeline": {"disableMulticolor": true}}}%%\ntimeline\n'
              "  accDescr {\n    deux\n    lignes\n  }\n  2014 : a\n  2015 : b")  # fmt: skip
    chart = parse(source)
    assert chart.description == "deux\nlignes"
    assert not chart.multicolor
    svg = render_mermaid(source)
    assert svg.count('fill="#ff0000"') == 4  # both periods and both events in cScale0


ERROR_ROWS = [
    ("event-first", "timeline\n  : orphan event", 2),
    ("event-after-title", "timeline\n  title T\n  section S\n\n  : orphan", 5),
    ("colon-without-space", "timeline\n  2014 : a\n  10:30 : b", 3),
    ("not-timeline-header", "%% c\ntimelines\n2014 : a", 2),
]  # fmt: skip


@pytest.mark.parametrize(("source", "line"), [r[1:] for r in ERROR_ROWS],
                         ids=[r[0] for r in ERROR_ROWS])  # fmt: skip
def test_errors_at_their_line(source: str, line: int) -> None:
    with pytest.raises(MermaidError) as caught:
        parse(source)
    assert caught.value.line == line


def test_detector() -> None:
    assert is_timeline("%%{init: {}}%%\n\n  timeline\n  2014 : a")
    assert is_timeline("---\ntitle: x\n---\ntimeline LR")
    assert not is_timeline("timelineX\n")
    assert not is_timeline("sequenceDiagram\nA->>B: x")


def _boxes(layout: TimelineLayout) -> list[Box]:
    boxes = [s.box for s in layout.sections]
    for placed in layout.periods:
        boxes += [placed.period.box, *(e.box for e in placed.events)]
    return boxes


def _overlap(a: Box, b: Box) -> bool:
    return a.left < b.right and b.left < a.right and a.top < b.bottom and b.top < a.bottom


@pytest.mark.parametrize("source", [RKT, SECTIONS], ids=["rkt", "sections"])
def test_geometry(source: str) -> None:
    chart = parse(source)
    layout = compute_layout(chart)
    heads = [p.period.box for p in layout.periods]
    assert all(a.right < b.left for a, b in itertools.pairwise(heads))  # left to right
    axis_y = layout.axis[2]
    for placed in layout.periods:
        head = placed.period.box
        assert head.bottom < axis_y
        for event in placed.events:
            assert event.box.top > axis_y and event.box.cx == head.cx  # below its period
        for a, b in itertools.pairwise(placed.events):
            assert a.box.bottom < b.box.top
    for placed_box in [*layout.sections, *(p.period for p in layout.periods),
                       *(e for p in layout.periods for e in p.events)]:  # fmt: skip
        box, text = placed_box.box, placed_box.text
        assert text.width <= box.width - 2 * PAD + 0.01  # the text inside its box
        assert text.height <= box.height - 2 * PAD + 0.01
        assert text.size == 16.0
    for a, b in itertools.combinations(_boxes(layout), 2):
        assert not _overlap(a, b)
    assert all(b.right <= layout.width and b.bottom <= layout.height for b in _boxes(layout))


def test_section_bands_span_exactly_their_periods() -> None:
    chart = parse(SECTIONS)
    layout = compute_layout(chart)
    for index, band in enumerate(layout.sections):
        heads = [p.period.box for p, q in zip(layout.periods, chart.periods, strict=True)
                 if q.section == index]  # fmt: skip
        assert band.box.left == heads[0].left and band.box.right == heads[-1].right
        assert band.box.bottom < min(h.top for h in heads)
        assert band.colour == index
        assert all(p.period.colour == index for p, q in zip(layout.periods, chart.periods,
                                                               strict=True) if q.section == index)


def test_empty_section_keeps_its_own_column() -> None:
    layout = compute_layout(parse("timeline\nsection A\nsection B\n2014 : x\nsection C"))
    bands = [s.box for s in layout.sections]
    assert all(a.right < b.left for a, b in itertools.pairwise(bands))
    assert layout.periods[0].period.box.left == bands[1].left


def test_colours_per_period_without_sections() -> None:
    layout = compute_layout(parse(RKT))
    assert [p.period.colour for p in layout.periods] == [0, 1, 2, 3]
    fills = section_fills({})
    svg = render_mermaid(RKT)
    assert all(f'fill="{fill}"' in svg for fill in fills[:4])


def test_long_labels_wrap_and_long_words_widen_the_column() -> None:
    source = "timeline\n2014 : " + " ".join(["mot"] * 40) + "\n2015 : Anticonstitutionnellement"
    layout = compute_layout(parse(source))
    first, second = layout.periods
    assert len(first.events[0].text.lines) > 3 and first.period.box.width == BOX_WIDTH
    assert second.period.box.width > BOX_WIDTH  # the word does not fit 150 px at 16 px
    assert second.events[0].text.width <= second.events[0].box.width - 2 * PAD


@pytest.mark.parametrize("source", [RKT, SECTIONS, "timeline\n  title only a title"],
                         ids=["rkt", "sections", "empty"])  # fmt: skip
def test_svg_is_well_formed(source: str) -> None:
    svg = render_mermaid(source, id_prefix="tl7")
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{ns}svg"
    width, height = float(root.get("width", "0")), float(root.get("height", "0"))
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    assert width > 0 and height > 0
    ids = re.findall(r'id="([^"]+)"', svg)
    assert ids and all(i.startswith("tl7-") for i in ids)


def test_emoji_drawn_through_emoji_href() -> None:
    def href(symbol: str) -> str:
        return "data:image/svg+xml;base64,AAAA"

    svg = render_mermaid("timeline\n2014 : lancement 🚀", emoji_href=href)
    assert svg.count("<image ") == 1


def test_chapter_with_a_timeline_builds_without_warning(tmp_path: Path) -> None:
    chapter = "# rkt\n\n```mermaid\n" + RKT + "\n```\n"
    course = write_course(tmp_path / "c", {"s": chapter})
    result = CliRunner().invoke(cli, ["slides", "--source", str(course), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "warning:" not in result.output
    deck = (tmp_path / "slides" / "s.html").read_text(encoding="utf-8")
    svg = re.search(r"<svg [^>]*data-diagram=\"timeline\".*?</svg>", deck, re.S)
    assert svg is not None and ">rkt 1.0</text>" in svg.group(0)
    assert '<pre class="mermaid">' not in deck


def test_timeline_error_is_reported_at_the_markdown_line(tmp_path: Path) -> None:
    chapter = "# S\n\n```mermaid\ntimeline\n    title T\n    : orphan\n```\n"
    course = write_course(tmp_path / "c", {"s": chapter})
    result = CliRunner().invoke(cli, ["slides", "--source", str(course), "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "s.md:6: mermaid: an event" in result.output


def test_period_before_sections_is_drawn_in_the_theme_node_colours() -> None:
    source = "timeline\n  1990 : avant\n  section S\n  2000 : après"
    assert [p.section for p in parse(source).periods] == [None, 0]
    light = render_mermaid(source)
    dark = render_mermaid(source, theme="dark")
    assert 'fill="#ECECFF"' in light and 'fill="#1f2020"' in dark
