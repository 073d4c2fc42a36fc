"""sequenceDiagram: one row per syntax element (parsed model and drawn SVG), errors at their
line, and a chapter built through the pipeline."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from coursebuild.cli import cli
from coursebuild.mermaid import MermaidError, UnsupportedDiagram, render_mermaid
from coursebuild.mermaid.sequence import bounds
from coursebuild.mermaid.sequence.parser import parse
from tests.conftest import write_course


def seq(*lines: str) -> str:
    return "sequenceDiagram\n" + "\n".join(f"    {line}" for line in lines)


def participants(source: str) -> list[tuple[str, str, str]]:
    return [(p.id, p.label, p.kind) for p in parse(source).participants.values()]


def messages(source: str) -> list[tuple[str, str, str, str]]:
    return [(m.source, m.target, m.arrow, m.text) for m in parse(source).messages]


PARTICIPANT_ROWS = [
    ("implicit", seq("Alice->>John: Hi"), [("Alice", "Alice", "participant"),
                                          ("John", "John", "participant")]),
    ("declared-order", seq("participant B", "participant A", "A->>B: x"),
     [("B", "B", "participant"), ("A", "A", "participant")]),
    ("alias", seq("participant A as Alice", "A->>A: x"), [("A", "Alice", "participant")]),
    ("actor", seq("actor U as User", "U->>U: x"), [("U", "User", "actor")]),
    ("id-with-spaces", seq("participant Web Server", "Web Server->>DB: x"),
     [("Web Server", "Web Server", "participant"), ("DB", "DB", "participant")]),
    ("config-type", seq('participant D@{ "type": "database" }', "D->>D: x"),
     [("D", "D", "database")]),
    ("alias-br", seq("participant A as Alice<br>Smith"), [("A", "Alice\nSmith", "participant")]),
    ("keywords-case", seq("PARTICIPANT A", "Actor B"),
     [("A", "A", "participant"), ("B", "B", "actor")]),
]  # fmt: skip


@pytest.mark.parametrize(("source", "expected"), [r[1:] for r in PARTICIPANT_ROWS],
                         ids=[r[0] for r in PARTICIPANT_ROWS])  # fmt: skip
def test_participants(source: str, expected: list[tuple[str, str, str]]) -> None:
    assert participants(source) == expected
    svg = render_mermaid(source)
    assert svg.count("data-lifeline=") == len(expected)
    assert svg.count("data-participant=") == 2 * len(expected)  # head and foot


@pytest.mark.parametrize(
    ("kind", "drawn"),
    [("actor", "<circle"), ("boundary", "<circle"), ("control", "<circle"),
     ("entity", "<circle"), ("database", "<path"), ("collections", "<rect"),
     ("queue", "<path"), ("participant", "<rect")],
)  # fmt: skip
def test_participant_shapes(kind: str, drawn: str) -> None:
    svg = render_mermaid(seq(f'participant P@{{ "type": "{kind}" }} as Shown', "P->>P: x"))
    groups = re.findall(rf'<g data-participant="P" data-kind="{kind}">(.*?)</g>', svg)
    assert len(groups) == 2 and all(drawn in g and ">Shown</text>" in g for g in groups)


ARROW_ROWS = [
    ("->>", "solid", "arrow", "none"),
    ("-->>", "dotted", "arrow", "none"),
    ("->", "solid", "none", "none"),
    ("-->", "dotted", "none", "none"),
    ("-x", "solid", "cross", "none"),
    ("--x", "dotted", "cross", "none"),
    ("-)", "solid", "open", "none"),
    ("--)", "dotted", "open", "none"),
    ("<<->>", "solid", "arrow", "arrow"),
    ("<<-->>", "dotted", "arrow", "arrow"),
    ("-|\\", "solid", "half-top", "none"),
    ("--|/", "dotted", "half-bottom", "none"),
    ("-//", "solid", "stick-bottom", "none"),
    ("/|-", "solid", "none", "half-top"),
    ("\\\\--", "dotted", "none", "stick-bottom"),
]


@pytest.mark.parametrize(("arrow", "line", "head", "tail"), ARROW_ROWS,
                         ids=[r[0] for r in ARROW_ROWS])  # fmt: skip
def test_arrow_kinds(arrow: str, line: str, head: str, tail: str) -> None:
    source = seq(f"Alice{arrow}Bob: hello there")
    assert messages(source) == [("Alice", "Bob", arrow, "hello there")]
    svg = render_mermaid(source, id_prefix="t")
    group = re.search(r'<g data-from="Alice" data-to="Bob"[^>]*>(.*?)</g>', svg).group(0)
    assert f'data-line="{line}" data-head="{head}" data-tail="{tail}"' in group
    assert ("stroke-dasharray" in group) == (line == "dotted")
    assert ('marker-end="url(#t-seq-' in group) == (head != "none")
    assert ('marker-start="url(#t-seq-' in group) == (tail != "none")
    assert ">hello there</text>" in group


def test_message_text_br_entities_and_semicolons() -> None:
    source = seq("A->>B: one<br>two #9829; #59; three; B->>A: back")
    assert [m.text for m in parse(source).messages] == ["one\ntwo ♥ ; three", "back"]
    svg = render_mermaid(source)
    assert ">one</text>" in svg and ">two ♥ ; three</text>" in svg


def test_central_connections_are_dots_on_the_lifelines() -> None:
    source = seq("Alice ()->>() Bob: both", "Alice ->>() Bob: target", "Alice ()-x Bob: source")
    found = [(m.source_dot, m.target_dot) for m in parse(source).messages]
    assert found == [(True, True), (False, True), (True, False)]
    assert messages(source)[2] == ("Alice", "Bob", "-x", "source")
    assert render_mermaid(source).count('r="4"') == 4


def test_title_with_colon_and_decimal_autonumber() -> None:
    chart = parse(seq("title: Legacy title", "autonumber 10.5 .25", "A->>B: a", "A->>B: b"))
    assert chart.title == "Legacy title"
    assert [m.number for m in chart.messages] == [10.5, 10.75]
    assert ">10.75</text>" in render_mermaid(seq("autonumber 10.5 .25", "A->>B: a", "A->>B: b"))


def test_wrap_prefix_wraps_long_text() -> None:
    long = "a message long enough to be wrapped over two lines or more"
    source = seq(f"A->>B:wrap: {long}", f"Note over A:wrap: {long}", f"A->>B:nowrap: {long}")
    assert [m.text for m in parse(source).messages] == [long, long]
    assert [(m.wrap) for m in parse(source).messages] == [True, False]
    svg = render_mermaid(source)
    assert svg.count(f">{long}</text>") == 1  # only the nowrap message is one line


def test_bold_and_italic_are_formatting_and_plain_in_the_description() -> None:
    source = seq("accTitle: <b>Bold</b> title", "A->>B: a <b>bold</b> word")
    svg = render_mermaid(source, id_prefix="f")
    assert '<tspan font-weight="bold">bold</tspan>' in svg
    assert '<title id="f-title">Bold title</title>' in svg and "(a bold word)" in svg


@pytest.mark.parametrize(
    "source",
    ["sequenceDiagram", seq("title Only a title"), seq("loop x", "end"), seq("autonumber")],
)
def test_diagrams_without_participants_have_a_finite_size(source: str) -> None:
    size = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', render_mermaid(source))
    assert size is not None and float(size.group(1)) > 0 and float(size.group(2)) > 0


def test_actor_menus_are_accepted_and_not_drawn() -> None:
    source = seq("participant A", "link A: Dashboard @ https://a-x.test/d", 'links A: {"x": "y"}',
                 "A->>A: hi")  # fmt: skip
    assert messages(source) == [("A", "A", "->>", "hi")]
    assert "Dashboard" not in render_mermaid(source)


def test_theme_variables_set_the_colours_and_only_plain_colours_are_used() -> None:
    directive = ('%%{init: {"themeVariables": {"actorBkg": "#ff0000", "signalColor": "navy", '
                 '"noteBkgColor": "url(https://x.test/a.png)"}}}%%\n')  # fmt: skip
    svg = render_mermaid(directive + seq("A->>B: hi", "Note over A: n"))
    assert 'fill="#ff0000"' in svg and 'stroke="navy"' in svg
    assert "url(https" not in svg and 'fill="#fff5ad"' in svg
    front = "---\nconfig:\n  themeVariables:\n    noteBkgColor: '#abcdef'\n---\n"
    assert 'fill="#abcdef"' in render_mermaid(front + seq("Note over A: n"))


def test_statement_after_the_keyword_on_the_first_line() -> None:
    assert messages("sequenceDiagram A->>B: hi") == [("A", "B", "->>", "hi")]


def test_sequence_config_mirror_wrap_and_numbers() -> None:
    long = "a message long enough to be wrapped over two lines or more"
    directive = ('%%{init: {"sequence": {"mirrorActors": false, "wrap": true, '
                 '"showSequenceNumbers": true}}}%%\n')  # fmt: skip
    source = directive + seq(f"A->>B: {long}", f"A->>B:nowrap: {long}")
    chart = parse(source)
    assert not chart.mirror and [m.number for m in chart.messages] == [1, 2]
    assert [m.wrap for m in chart.messages] == [True, False]
    svg = render_mermaid(source)
    assert svg.count('data-participant="A"') == 1 and svg.count(f">{long}</text>") == 1
    front = "---\nconfig:\n  sequence:\n    mirrorActors: false\n---\n"
    assert render_mermaid(front + seq("A->>B: x")).count('data-participant="A"') == 1


def test_comments_are_dropped() -> None:
    source = seq("%% a comment", "A->>B: hi %% trailing", "%%{init: {}}%%")
    assert messages(source) == [("A", "B", "->>", "hi")]


def test_activations_by_keyword_and_suffix() -> None:
    source = seq("A->>+B: call", "B->>+B: nested", "B-->>-A: reply", "activate A",
                 "A->>B: x", "deactivate A", "deactivate B")  # fmt: skip
    svg = render_mermaid(source)
    assert svg.count('fill="#f4f4f4"') == 3
    kinds = [(type(e).__name__, getattr(e, "actor", "")) for e in parse(source).events]
    assert kinds[:2] == [("Message", ""), ("Activation", "B")]


NOTE_ROWS = [
    ("left", "Note left of A: text", "left", ("A",)),
    ("right", "Note right of A: text", "right", ("A",)),
    ("over-one", "note over A: text", "over", ("A",)),
    ("over-two", "Note over A,B: text", "over", ("A", "B")),
]


@pytest.mark.parametrize(("line", "placement", "actors"), [r[1:] for r in NOTE_ROWS],
                         ids=[r[0] for r in NOTE_ROWS])  # fmt: skip
def test_notes(line: str, placement: str, actors: tuple[str, ...]) -> None:
    source = seq("A->>B: hi", line)
    note = parse(source).notes[0]
    assert (note.placement, note.actors, note.text) == (placement, actors, "text")
    svg = render_mermaid(source)
    assert svg.count('fill="#fff5ad"') == 1 and ">text</text>" in svg


BLOCK_ROWS = [
    ("loop", ["loop Every minute", "A->>B: x", "end"], [("loop", "Every minute", [])]),
    ("alt", ["alt ok", "A->>B: x", "else fails", "A->>B: y", "end"],
     [("alt", "ok", ["fails"])]),
    ("opt", ["opt maybe", "A->>B: x", "end"], [("opt", "maybe", [])]),
    ("par", ["par one", "A->>B: x", "and two", "A->>C: y", "end"], [("par", "one", ["two"])]),
    ("critical", ["critical db", "A->>B: x", "option timeout", "A->>B: y", "end"],
     [("critical", "db", ["timeout"])]),
    ("break", ["break when it fails", "A->>B: x", "end"], [("break", "when it fails", [])]),
    ("rect", ["rect rgb(191, 223, 255)", "A->>B: x", "end"], [("rect", "rgb(191,223,255)", [])]),
    ("nested", ["loop outer", "alt inner", "A->>B: x", "end", "end"],
     [("loop", "outer", []), ("alt", "inner", [])]),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "expected"), [r[1:] for r in BLOCK_ROWS],
                         ids=[r[0] for r in BLOCK_ROWS])  # fmt: skip
def test_blocks(lines: list[str], expected: list[tuple[str, str, list[str]]]) -> None:
    source = seq(*lines)
    blocks = parse(source).blocks
    assert [(b.kind, b.label.replace(" ", ""), b.sections) for b in blocks] == [
        (k, label.replace(" ", ""), s) for k, label, s in expected
    ]
    svg = render_mermaid(source)
    frames = re.findall(r'data-frame="(\w+)"', svg)
    assert sorted(frames) == sorted(k for k, _, _ in expected)
    for kind, label, _ in expected:
        if kind != "rect":
            assert f">{kind}</text>" in svg and f">[{label}]</text>" in svg


def test_nested_frames_contain_each_other() -> None:
    svg = render_mermaid(seq("loop outer", "alt inner", "A->>B: x", "end", "end"))
    boxes = {}
    for kind, x, y, w, h in re.findall(
        r'data-frame="(\w+)"><rect x="([\d.]+)" y="([\d.]+)" '
        r'width="([\d.]+)" height="([\d.]+)"',
        svg,
    ):
        boxes[kind] = (float(x), float(y), float(x) + float(w), float(y) + float(h))
    outer, inner = boxes["loop"], boxes["alt"]
    assert outer[0] < inner[0] and outer[1] < inner[1]
    assert outer[2] > inner[2] and outer[3] > inner[3]


def test_autonumber_start_step_and_off() -> None:
    source = seq("autonumber 10 5", "A->>B: a", "B->>A: b", "autonumber off", "A->>B: c")
    assert [m.number for m in parse(source).messages] == [10, 15, None]
    svg = render_mermaid(source)
    assert ">10</text>" in svg and ">15</text>" in svg and svg.count("<circle") == 2


def test_box_groups_participants() -> None:
    source = seq("box Aqua Front end", "participant A", "actor B", "end",
                 "box Back", "participant C", "end", "A->>C: x")  # fmt: skip
    chart = parse(source)
    assert [(b.label, b.colour, b.participants) for b in chart.boxes] == [
        ("Front end", "aqua", ["A", "B"]),
        ("Back", None, ["C"]),
    ]
    svg = render_mermaid(source)
    assert svg.count("data-box=") == 2 and ">Front end</text>" in svg and 'fill="aqua"' in svg


@pytest.mark.parametrize(("fill", "text"), [("Purple", "#ffffff"), ("rgb(255, 240, 200)", "#333"),
                                            ("rgba(0, 0, 0, 0.1)", "#333")])  # fmt: skip
def test_box_label_reads_on_its_colour(fill: str, text: str) -> None:
    svg = render_mermaid(seq(f"box {fill} Group", "participant A", "end"))
    assert re.search(rf'<g data-box="">.*?fill="{text}">Group</text>', svg)


def test_create_and_destroy_place_the_boxes_at_their_message() -> None:
    source = seq("A->>B: x", "create participant C", "A->>C: new", "destroy C", "C-->>A: bye")
    chart = parse(source)
    assert (chart.participants["C"].created_at, chart.participants["C"].destroyed_at) == (1, 2)
    svg = render_mermaid(source)
    ys = [float(y) for y in re.findall(r'data-participant="C"[^>]*><rect x="[\d.]+" y="([\d.]+)"',
                                       svg)]  # fmt: skip
    a_ys = [float(y) for y in re.findall(r'data-participant="A"[^>]*><rect x="[\d.]+" y="([\d.]+)"',
                                         svg)]  # fmt: skip
    assert a_ys[0] < ys[0] < ys[1] < a_ys[1]


def test_title_and_accessibility() -> None:
    source = seq("title Login flow", "accTitle: Logging in", "accDescr: How a user logs in",
                 "A->>B: x")  # fmt: skip
    chart = parse(source)
    assert (chart.title, chart.acc_title, chart.description) == (
        "Login flow",
        "Logging in",
        "How a user logs in",
    )
    svg = render_mermaid(source, id_prefix="p")
    assert '<title id="p-title">Logging in</title>' in svg
    assert "How a user logs in" in svg and ">Login flow</text>" in svg


def test_front_matter_title_and_multiline_description() -> None:
    source = "---\ntitle: From front matter\n---\n" + seq("accDescr {", "two", "lines", "}",
                                                          "A->>B: x")  # fmt: skip
    chart = parse(source)
    assert chart.title == "From front matter" and chart.description == "two\nlines"


def test_emoji_become_images_like_flowcharts() -> None:
    svg = render_mermaid(seq("A->>B: ship it 🚀"), emoji_href=lambda s: "data:image/svg+xml,x")
    assert "<image " in svg and "🚀" not in svg.split("</desc>", 1)[1]


def test_other_types_stay_unsupported_and_flowcharts_are_unchanged() -> None:
    with pytest.raises(UnsupportedDiagram):
        render_mermaid("journey\n    title T")
    assert "data-id=" in render_mermaid("graph LR\n    A --> B")
    assert 'data-diagram="sequence"' in render_mermaid("%% c\nsequenceDiagram\n    A->>B: x")


ERROR_ROWS = [
    ("no-text", seq("A->>B: x", "A->>B"), 3, "missing message text"),
    ("unknown", seq("A->>B: x", "what is this"), 3, "unexpected 'what is this'"),
    ("unclosed-loop", seq("loop forever", "A->>B: x"), 2, "unclosed 'loop'"),
    ("stray-end", seq("A->>B: x", "end"), 3, "'end' without an open block"),
    ("else-outside-alt", seq("loop x", "else y", "end"), 3, "'else' outside a 'alt' block"),
    ("deactivate-inactive", seq("A->>B: x", "deactivate B"), 3, "'B' is not active"),
    ("minus-inactive", seq("A->>-B: x"), 2, "'A' is not active"),
    ("create-without-message", seq("create participant C", "A->>B: x"), 2,
     "'create C' must be followed by a message to 'C'"),
    ("create-existing", seq("A->>B: x", "create participant A"), 3, "'A' already exists"),
    ("destroy-last", seq("A->>B: x", "destroy B"), 3, "'destroy B' must be followed"),
    ("message-in-box", seq("box Group", "A->>B: x", "end"), 3, "only participants"),
    ("unclosed-box", seq("box Group", "participant A"), 2, "unclosed 'box'"),
    ("rect-url", seq("A->>B: x", "rect u\\72l(https://x.test/a.png)", "A->>B: x", "end"), 3,
     "refused 'url('"),
    ("box-url", seq("box url(https://x.test/a.png) G", "participant A", "end"), 2,
     "refused 'url('"),
    ("note-three", seq("Note over A,B,C: x"), 2, "over one or two"),
    ("autonumber-word", seq("autonumber many"), 2, "expected 'autonumber'"),
    ("unclosed-directive", seq("A->>B: x", "%%{init: {}"), 3, "unclosed directive"),
    ("config-no-colon", seq('participant C@{ "type" "control" }'), 2, "'key: value' pairs"),
]  # fmt: skip


@pytest.mark.parametrize(("source", "line", "message"), [r[1:] for r in ERROR_ROWS],
                         ids=[r[0] for r in ERROR_ROWS])  # fmt: skip
def test_errors_at_their_line(source: str, line: int, message: str) -> None:
    with pytest.raises(MermaidError) as caught:
        render_mermaid(source)
    assert caught.value.line == line
    assert message in caught.value.message


@pytest.mark.parametrize(
    ("name", "make", "line"),
    [
        ("participants", lambda: seq(*(f"participant P{i}" for i in range(201))), 202),
        ("events", lambda: seq(*(["A->>B: x"] * (bounds.MAX_EVENTS + 1))),
         bounds.MAX_EVENTS + 2),
        ("depth", lambda: seq(*(["loop x"] * (bounds.MAX_DEPTH + 1))), bounds.MAX_DEPTH + 2),
        ("label-chars", lambda: seq("A->>B: " + "x" * (bounds.MAX_LABEL_CHARS + 1)), 2),
    ],
)  # fmt: skip
def test_work_bounds(name: str, make, line: int) -> None:  # noqa: ANN001
    with pytest.raises(MermaidError) as caught:
        parse(make())
    assert caught.value.line == line and "bound" in caught.value.message


CHAPTER = (
    "# S\n\n## Flux\n\n```mermaid\nsequenceDiagram\n    participant C as Client 💻\n"
    "    C->>+S: GET /\n    S-->>-C: 200 OK\n```\n"
)


def test_chapter_with_a_sequence_diagram_builds_without_warning(tmp_path: Path) -> None:
    course = write_course(tmp_path / "c", {"s": CHAPTER})
    result = CliRunner().invoke(
        cli, ["slides", "--source", str(course), "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert "warning:" not in result.output and "0 warning(s)" in result.output
    deck = (tmp_path / "slides" / "s.html").read_text(encoding="utf-8")
    svg = re.search(r"<svg [^>]*data-diagram=\"sequence\".*?</svg>", deck, re.S)
    assert svg is not None and ">GET /</text>" in svg.group(0)
    assert '<pre class="mermaid">' not in deck


def test_syntax_error_is_reported_at_the_markdown_line(tmp_path: Path) -> None:
    chapter = "# S\n\n```mermaid\nsequenceDiagram\n    A->>B: x\n    loop never closed\n```\n"
    course = write_course(tmp_path / "c", {"s": chapter})
    result = CliRunner().invoke(
        cli, ["slides", "--source", str(course), "--out", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert "s.md:6: mermaid: unclosed 'loop'" in result.output
