"""gantt: parsing (settings, sections, tasks and their tags, ids, starts and ends), dates as
mermaid computes them (durations, ``after``/``until``, excluded days, no clock), errors at
their line, bounds, the geometry of the drawing, the SVG itself and a deck build."""

from __future__ import annotations

import contextlib
import itertools
import re
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from coursebuild.cli import cli
from coursebuild.mermaid import MermaidError, render_mermaid
from coursebuild.mermaid.gantt import bounds as gantt_bounds
from coursebuild.mermaid.gantt import is_gantt
from coursebuild.mermaid.gantt.axis import ticks, time_format
from coursebuild.mermaid.gantt.dates import format_date, parse_strict
from coursebuild.mermaid.gantt.layout import GanttLayout, compute_layout
from coursebuild.mermaid.gantt.parser import parse
from coursebuild.mermaid.geometry import Box
from tests.conftest import write_course

DOC = """gantt
    dateFormat  YYYY-MM-DD
    title       Adding GANTT diagram functionality to mermaid
    excludes    weekends

    section A section
    Completed task            :done,    des1, 2014-01-06,2014-01-08
    Active task               :active,  des2, 2014-01-09, 3d
    Future task               :         des3, after des2, 5d
    Future task2              :         des4, after des3, 5d

    section Critical tasks
    Completed task in the critical line :crit, done, 2014-01-06,24h
    Implement parser and jison          :crit, done, after des1, 2d
    Create tests for parser             :crit, active, 3d
    Future task in critical line        :crit, 5d
    Create tests for renderer           :2d
    Add to mermaid                      :until isadded
    Functionality added                 :milestone, isadded, 2014-01-25, 0d

    section Documentation
    Describe gantt syntax               :active, a1, after des1, 3d
    Add gantt diagram to demo page      :after a1  , 20h
    Add another diagram to demo page    :doc1, after a1  , 48h"""


def day(text: str) -> datetime:
    return datetime.fromisoformat(text)


def spans(source: str) -> list[tuple[str, str, str]]:
    return [(t.id, f"{t.start:%Y-%m-%d %H:%M}", f"{t.end:%Y-%m-%d %H:%M}")
            for t in parse(source).tasks]  # fmt: skip


def test_syntax_page_chart_dates_as_mermaid_computes_them() -> None:
    chart = parse(DOC)
    assert chart.title == "Adding GANTT diagram functionality to mermaid"
    assert chart.excludes == ["weekends"] and chart.date_format.strip() == "YYYY-MM-DD"
    assert chart.sections == ["A section", "Critical tasks", "Documentation"]
    by_id = {t.id: t for t in chart.tasks}
    # 3 days from Thursday 9 January: the weekend pushes the end to Tuesday 14
    assert (by_id["des2"].start, by_id["des2"].end) == (day("2014-01-09"), day("2014-01-14"))
    assert by_id["des3"].start == day("2014-01-14") and by_id["des3"].end == day("2014-01-21")
    assert by_id["des1"].end == day("2014-01-08")  # an end date written is kept as is
    # `until isadded` ends where the later milestone starts, then past the weekend
    add = next(t for t in chart.tasks if t.label == "Add to mermaid")
    assert add.end == day("2014-01-27") and add.render_end == day("2014-01-25")
    assert by_id["isadded"].tags == {"milestone"} and by_id["task2"].tags == {"crit", "done"}
    assert [t.order for t in chart.tasks] == list(range(len(chart.tasks)))
    assert not any(t.guessed for t in chart.tasks)


DURATIONS = [
    ("3d", "2014-01-04 00:00"), ("1.5d", "2014-01-03 00:00"), ("0.5d", "2014-01-02 00:00"),
    ("1w", "2014-01-08 00:00"), ("24h", "2014-01-02 00:00"), ("2.5h", "2014-01-01 02:30"),
    ("30m", "2014-01-01 00:30"), ("90s", "2014-01-01 00:01"), ("1M", "2014-02-01 00:00"),
    ("1y", "2015-01-01 00:00"), ("soon", "2014-01-01 00:00"), ("2014-01-05", "2014-01-05 00:00"),
]  # fmt: skip


@pytest.mark.parametrize(("duration", "end"), DURATIONS, ids=[d for d, _ in DURATIONS])
def test_durations_and_end_dates(duration: str, end: str) -> None:
    assert spans(f"gantt\ndateFormat YYYY-MM-DD\na : 2014-01-01, {duration}")[0][2] == end


def test_month_end_is_clamped_and_ms_kept() -> None:
    assert spans("gantt\ndateFormat YYYY-MM-DD\na : 2014-01-31, 1M")[0][2] == "2014-02-28 00:00"
    chart = parse("gantt\ndateFormat YYYY-MM-DD\na : 2014-01-01, 1ms")
    assert chart.tasks[0].end == datetime(2014, 1, 1, 0, 0, 0, 1000)


def test_starts_after_previous_after_ids_and_latest_of_several() -> None:
    source = """gantt
    dateFormat YYYY-MM-DD
    a : a, 2014-01-01, 2d
    b : b, 2014-01-01, 5d
    c : after a b, 1d
    d : 1d
    e : e, after zz, 1d"""
    got = spans(source)
    assert got[2][1:] == ("2014-01-06 00:00", "2014-01-07 00:00")
    assert got[3][1] == "2014-01-07 00:00"
    chart = parse(source)
    # mermaid starts an `after` naming no task today: we never read the clock
    assert chart.tasks[4].guessed and chart.tasks[4].start == day("2014-01-01")


def test_after_a_later_task_resolves_in_a_later_pass() -> None:
    got = spans("gantt\ndateFormat YYYY-MM-DD\na : after b, 1d\nb : b, 2014-03-01, 2d")
    assert got[0][1:] == ("2014-03-03 00:00", "2014-03-04 00:00")


def test_excludes_days_names_dates_and_includes() -> None:
    source = """gantt
    dateFormat YYYY-MM-DD
    excludes 2014-01-02, sunday
    includes 2014-01-05
    inclusiveEndDates
    a : 2014-01-01, 2014-01-04
    b : 2014-01-01, 5d"""
    chart = parse(source)
    assert chart.inclusive_end_dates and chart.includes == ["2014-01-05"]
    assert chart.tasks[0].end == day("2014-01-05")  # inclusive: one more day
    assert chart.tasks[1].end == day("2014-01-07")  # 2 January excluded, Sunday 5 included


def test_weekend_friday_moves_the_weekend() -> None:
    source = "gantt\ndateFormat YYYY-MM-DD\nexcludes weekends\nweekend friday\na : 2024-01-04, 2d"
    assert parse(source).tasks[0].end == day("2024-01-08")  # Friday 5, Saturday 6 excluded


def test_date_formats_and_timestamps() -> None:
    assert parse_strict("1st Jan 2014", "Do MMM YYYY") == day("2014-01-01")
    assert parse_strict("2014-1-01", "YYYY-MM-DD") is None  # strict, as dayjs
    assert parse_strict("2014-02-30", "YYYY-MM-DD") is None
    assert parse_strict("05/01/2014 10:30", "DD/MM/YYYY HH:mm") == datetime(2014, 1, 5, 10, 30)
    assert parse_strict("3:05 pm", "h:mm a") == datetime(1970, 1, 1, 15, 5)
    assert format_date(datetime(2014, 1, 5), "dddd [the] Do of MMMM, YY Q") == (
        "Sunday the 5th of January, 14 1"
    )
    chart = parse("gantt\ndateFormat X\na : 1000, 3d\nb: 20s")
    assert chart.tasks[0].start == datetime(1970, 1, 1, 0, 0, 1)  # mermaid reads X starts as ms
    # a start not in dateFormat falls back to what JavaScript's Date reads
    assert spans("gantt\ndateFormat DD-MM-YYYY\na : 2014-01-01, 1d")[0][1] == "2014-01-01 00:00"


def test_time_only_format_uses_a_fixed_day_not_today() -> None:
    chart = parse("gantt\ndateFormat HH:mm\naxisFormat %H:%M\na : 17:49, 2m\nb : 10m")
    assert chart.tasks[1].end == datetime(1970, 1, 1, 18, 1)


SETTINGS = """---
title: Front title
displayMode: compact
---
%%{init: {"gantt": {"tickInterval": "1day"}, "themeVariables": {"taskBkgColor": "#123456"}}}%%
gantt
    axisFormat %d %b
    tickInterval 2day
    weekday monday
    topAxis
    todayMarker stroke-width:5px,stroke:#0f0
    accTitle: Accessible
    accDescr {
      Several
      lines
    }
    %% a comment
    a : done, crit, active, milestone, x1, 2024-01-01, 0d
    v : vert, 2024-01-03, 0d
    click x1 call doSomething("arg") href "https://example.org"
    b : 2024-01-01, 3d"""


def test_settings_are_read() -> None:
    chart = parse(SETTINGS)
    assert chart.title == "Front title" and chart.display_mode == "compact"
    assert chart.axis_format == "%d %b" and chart.tick_interval == "2day"
    assert chart.weekday == "monday" and chart.top_axis
    assert chart.today_marker == "stroke-width:5px,stroke:#0f0"
    assert chart.acc_title == "Accessible" and chart.description == "Several\nlines"
    assert chart.tasks[0].tags == {"done", "crit", "active", "milestone"}
    assert chart.tasks[1].tags == {"vert"} and chart.tasks[1].order == -1
    assert chart.tasks[2].order == 1 and chart.theme["taskBkgColor"] == "#123456"


def test_today_marker_is_never_drawn_and_output_is_reproducible() -> None:
    svg = render_mermaid(SETTINGS, id_prefix="g1")
    assert svg == render_mermaid(SETTINGS + "\n", id_prefix="g1").replace("\n", "")
    assert "#0f0" not in svg and "today" not in svg
    assert 'fill="#123456"' in svg  # themeVariables colour the bars
    assert svg.count('data-kind="vert"') == 1 and svg.count('data-kind="milestone"') == 1


def test_is_gantt() -> None:
    assert is_gantt("%% c\ngantt\n a : 2014-01-01, 1d")
    assert is_gantt("---\ntitle: x\n---\nGANTT")
    assert not is_gantt("ganttChart\n") and not is_gantt("flowchart LR\n")


ERRORS = [
    ("gantt\n  a : 3d", 2, "the first task needs a start"),
    ("gantt\n dateFormat YYYY-MM-DD\n  a : 2014-13-45, 3d", 3, "invalid date '2014-13-45'"),
    ("gantt\n  a : done, x, 2014-01-01, 3d, 4d", 2, "not 4 values"),
    ("gantt\n  a : done, crit", 2, "an end or a duration after its tags"),
    ("gantt\n  title T\n  just text", 3, "a task needs its dates after a colon"),
    ("gantt\n  2014-01-01 : 3d", 2, "unexpected date '2014-01-01'"),
    ("gantt\n  a : 2014-01-01, 1d\ngantt", 3, "'gantt' again"),
    ("gantt\n  a : 9999-12-01, 60d", 2, "after the year 9999"),
    ("gantt\n excludes monday tuesday wednesday thursday friday saturday sunday\n"
     "  a : 2014-01-01, 2d", 3, "every day after the task is excluded"),
    ("gantt\n  todayMarker stroke:url(https://x.org/a)\n  a : 2014-01-01, 1d", 2, "'url('"),
    ("gantt\n  click x1\n", 2, "'click id' takes"),
    ("graph LR\n a --> b", 1, "expected 'gantt'"),
    ("gantt\n  a : 2014-01-01, 1d\n  accDescr {\n  never closed", 3, "unclosed 'accDescr {'"),
]  # fmt: skip


@pytest.mark.parametrize(("source", "line", "message"), ERRORS,
                         ids=[str(i) for i in range(len(ERRORS))])  # fmt: skip
def test_errors_at_their_line(source: str, line: int, message: str) -> None:
    from coursebuild.mermaid.gantt.parser import parse as strict

    with pytest.raises(MermaidError) as caught:
        strict(source)
    assert caught.value.line == line
    assert message in caught.value.message


def test_bounds_stop_at_the_line_that_crosses_them() -> None:
    lines = ["gantt", "dateFormat YYYY-MM-DD", "a : t0, 2014-01-01, 1d"]
    lines += [f"t : {n}h" for n in range(gantt_bounds.MAX_TASKS)]
    with pytest.raises(MermaidError) as caught:
        parse("\n".join(lines))
    assert caught.value.line == gantt_bounds.MAX_TASKS + 3 and "tasks" in caught.value.message
    huge = "gantt\ndateFormat YYYY-MM-DD\nexcludes weekends\n" + "\n".join(
        f"t{n} : 2000-01-01, 3000d" for n in range(100))
    with pytest.raises(MermaidError, match="too long a span"):
        parse(huge)


def test_fuzzed_sources_never_crash() -> None:
    pieces = ["gantt", "a :", "b : after a", ", 3d", "until", "section s", "%%", ":", "#",
              "excludes weekends", "dateFormat X", "2014-01-01", "vert", "milestone,", "\n",
              "click", "call f(", "accDescr {", "}", "title", ";", "1.5w", "0"]  # fmt: skip
    for combo in itertools.islice(itertools.permutations(pieces, 5), 0, 6000, 7):
        source = "gantt\n" + " ".join(combo)
        with contextlib.suppress(MermaidError):
            render_mermaid(source)


def _no_overlap(boxes: list[Box]) -> None:
    for a, b in itertools.combinations(boxes, 2):
        assert (a.right <= b.left + 0.01 or b.right <= a.left + 0.01 or a.bottom <= b.top + 0.01
                or b.bottom <= a.top + 0.01), (a, b)  # fmt: skip


def _geometry(layout: GanttLayout) -> None:
    rows = [p for p in layout.tasks if "vert" not in p.task.tags]
    marks = [p.box for p in rows] + [p.label_box for p in rows if not p.inside]
    marks += [t.bottom for t in layout.ticks if t.bottom is not None]
    _no_overlap(marks)
    for placed in rows:
        bar, label = placed.box, placed.label_box
        if placed.inside:
            assert bar.left <= label.left and label.right <= bar.right
            assert bar.top <= label.top and label.bottom <= bar.bottom
    drawn = [p.label_box for p in layout.tasks] + [p.box for p in layout.tasks] + marks
    assert all(b.left + layout.shift >= 0 and b.right + layout.shift <= layout.width for b in drawn)
    assert all(b.top >= 0 and b.bottom <= layout.height for b in drawn)
    for band in layout.sections:
        if band.name_box is not None:
            assert band.box.top <= band.name_box.top and band.name_box.bottom <= band.box.bottom
            assert band.name_box.right <= layout.plot[0]  # names stay in their column


@pytest.mark.parametrize("source", [DOC, SETTINGS, SETTINGS.replace("displayMode: compact", "")],
                         ids=["doc", "compact", "settings"])  # fmt: skip
def test_geometry_no_overlaps_labels_inside(source: str) -> None:
    _geometry(compute_layout(parse(source)))


def test_labels_go_beside_short_bars_and_milestones_are_diamonds() -> None:
    layout = compute_layout(parse(DOC))
    by_label = {p.task.label: p for p in layout.tasks}
    long_bar = by_label["Future task"]
    assert long_bar.inside
    short = by_label["Completed task in the critical line"]
    assert not short.inside and short.label_box.left >= short.box.right
    mile = by_label["Functionality added"]
    assert mile.box.width == mile.box.height and not mile.inside
    svg = render_mermaid(DOC)
    assert svg.count("<polygon ") == 1


def test_compact_mode_shares_rows_without_overlap() -> None:
    source = ("---\ndisplayMode: compact\n---\ngantt\ndateFormat YYYY-MM-DD\nsection S\n"
              "A task :a1, 2014-01-01, 30d\nAnother :a2, 2014-01-20, 25d\n"
              "Third :a3, 2014-02-20, 20d")
    layout = compute_layout(parse(source))
    assert len({p.row for p in layout.tasks}) == 2
    _geometry(layout)


def test_axis_ticks_and_formats() -> None:
    days = ticks(datetime(2014, 1, 1), datetime(2014, 1, 30))
    assert days[:3] == [datetime(2014, 1, 1), datetime(2014, 1, 3), datetime(2014, 1, 5)]
    months = ticks(datetime(2014, 1, 1), datetime(2014, 6, 1))
    assert [m.month for m in months] == [1, 2, 3, 4, 5, 6]
    weeks = ticks(datetime(2014, 1, 6), datetime(2014, 2, 1), "1week", "monday")
    assert all(w.weekday() == 0 for w in weeks) and len(weeks) == 4
    assert time_format(datetime(2014, 1, 5, 9, 3), "%e %b %a %-d %I:%M %p %%") == (
        " 5 Jan Sun 5 09:03 AM %"
    )
    svg = render_mermaid("gantt\ndateFormat YYYY-MM-DD\naxisFormat %d/%m\na : 2014-01-01, 10d")
    assert ">01/01</text>" in svg


def test_very_long_chart_keeps_labels_legible() -> None:
    lines = ["gantt", "dateFormat YYYY-MM-DD", "section Long"]
    lines += [f"Task number {n} : 2000-01-01, {n * 90 + 1}d" for n in range(60)]
    layout = compute_layout(parse("\n".join(lines)))
    _geometry(layout)
    assert layout.width < 1700  # decades fit the page, the labels stay 16 px


def test_dark_page_and_theme_colours() -> None:
    light = render_mermaid(DOC)
    dark = render_mermaid(DOC, theme="dark")
    assert 'fill="#8a90dd"' in light and 'fill="#8a90dd"' not in dark


def test_svg_is_well_formed_ids_prefixed_and_emoji_drawn() -> None:
    def href(symbol: str) -> str:
        return "data:image/svg+xml;base64,AAAA"

    source = ("gantt\ntitle Plan 🚀\ndateFormat YYYY-MM-DD\nsection Été 🌞\n"
              "Lancer 🚀 : l1, 2024-06-01, 20d")
    svg = render_mermaid(source, id_prefix="gx", emoji_href=href)
    root = ET.fromstring(svg)
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    ids = re.findall(r'id="([^"]+)"', svg)
    assert ids and all(i.startswith("gx-") for i in ids)
    assert svg.count("<image ") == 3
    assert "<title id=\"gx-title\">Plan 🚀</title>" in svg


def test_chapter_with_a_gantt_builds_without_warning(tmp_path: Path) -> None:
    chapter = "# Plan\n\n```mermaid\n" + DOC + "\n```\n"
    course = write_course(tmp_path / "c", {"s": chapter})
    result = CliRunner().invoke(cli, ["slides", "--source", str(course), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "warning:" not in result.output
    deck = (tmp_path / "slides" / "s.html").read_text(encoding="utf-8")
    svg = re.search(r"<svg [^>]*data-diagram=\"gantt\".*?</svg>", deck, re.S)
    assert svg is not None and ">Future task2</text>" in svg.group(0)
    assert '<pre class="mermaid' not in deck


def test_gantt_error_is_reported_at_the_markdown_line(tmp_path: Path) -> None:
    chapter = "# S\n\n```mermaid\ngantt\n    title T\n    a : 3d\n```\n"
    course = write_course(tmp_path / "c", {"s": chapter})
    result = CliRunner().invoke(cli, ["slides", "--source", str(course), "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "s.md:6: mermaid: the first task needs a start" in result.output


def test_labels_inside_bars_read_on_them() -> None:
    svg = render_mermaid("gantt\ndateFormat YYYY-MM-DD\nA long enough task : 2014-01-01, 60d")
    # mermaid's white on #8a90dd is 2.95:1; the label is drawn near-black instead
    assert re.search(r'fill="#1a1a1a"[^>]*>A long enough task<', svg)
    given = render_mermaid('%%{init: {"themeVariables": {"taskTextColor": "#ffffff"}}}%%\n'
                           "gantt\ndateFormat YYYY-MM-DD\nA long enough task : 2014-01-01, 60d")
    assert re.search(r'fill="#ffffff"[^>]*>A long enough task<', given)  # the author's colour


def test_a_click_is_read_and_is_a_warning_at_its_line() -> None:
    from coursebuild.mermaid import diagram_warnings

    source = ("gantt\n  dateFormat YYYY-MM-DD\n  section S\n  T :a1, 2024-01-01, 2d\n"
              '  click a1 href "https://example.org"\n')
    assert [line for line, _ in diagram_warnings(source)] == [5]
    assert "not drawn" in diagram_warnings(source)[0][1]
