"""Every flowchart syntax element mermaid 11 accepts, one row each: the parsed structure and,
where it is drawn differently, the SVG."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from coursebuild.cli import cli
from coursebuild.handouts import render_reading, write_generated_css
from coursebuild.mermaid import MermaidError, render_mermaid
from coursebuild.mermaid.model import Flowchart
from coursebuild.mermaid.parser import parse
from coursebuild.mermaid.scopes import build_tree, plan_edges, scope_directions
from coursebuild.mermaid.shapes import SHAPE_NAMES, drawn_kind, node_geometry
from coursebuild.mermaid.text import plain
from coursebuild.pipeline import BuildOptions, prepare
from coursebuild.templating import environment
from tests.conftest import write_course
from tests.mermaid_inspection import read_svg


def _shape(node: str, shape: str, label: str) -> Callable[[Flowchart], bool]:
    return lambda c: (c.nodes[node].shape, plain(c.nodes[node].label)) == (shape, label)


def _edges(*pairs: tuple[str, str]) -> Callable[[Flowchart], bool]:
    return lambda c: [(e.source, e.target) for e in c.edges] == list(pairs)


# (id, source, check on the parsed chart)
ROWS: list[tuple[str, str, Callable[[Flowchart], bool]]] = [
    ("quoted-label-over-two-lines", 'graph TD\nA["one\ntwo"] --> B',
     lambda c: plain(c.nodes["A"].label) == "one\ntwo" and len(c.edges) == 1),
    ("bracket-label-over-two-lines", "graph TD\nA[one\ntwo] --> B",
     lambda c: plain(c.nodes["A"].label) == "one\ntwo"),
    ("pipe-label-over-two-lines", "graph TD\nA -->|line one\n   line two| B\nB --> C",
     lambda c: [plain(e.label) if e.label else "" for e in c.edges] == ["line one\nline two", ""]),
    ("link-text-over-two-lines", "graph TD\nA -- line one\nline two --> B\nB --> C",
     lambda c: [plain(e.label) if e.label else "" for e in c.edges] == ["line one\nline two", ""]),
    ("thick-link-text-over-two-lines", "graph TD\nA == x\ny ==> B",
     lambda c: plain(c.edges[0].label) == "x\ny" and c.edges[0].stroke == "thick"),
    ("dotted-link-text-over-three-lines", "graph TD\nA -. x\ny\nz .-> B",
     lambda c: plain(c.edges[0].label) == "x\ny\nz" and c.edges[0].stroke == "dotted"),
    ("dotted-text-closed-by-dash-dot-dash", "graph TD\nA -. z -.- B\nB -. w -.-> C",
     lambda c: [plain(e.label) for e in c.edges if e.label] == ["z", "w"]),
    ("pipe-label-after-bracket-over-two-lines", "graph TD\nA[a\nb] -->|x\ny| B",
     lambda c: plain(c.nodes["A"].label) == "a\nb" and plain(c.edges[0].label) == "x\ny"),
    ("shape-data", 'graph TD\nA@{ shape: diamond, label: "Ask" }', _shape("A", "diamond", "Ask")),
    ("shape-data-alias", "graph TD\nA@{ shape: decision }", _shape("A", "decision", "A")),
    ("shape-data-exotic", 'graph TD\nA@{ shape: docs, label: "Many" }',
     _shape("A", "docs", "Many")),
    ("shape-data-after-shape", 'graph TD\nA[x]@{ label: "y" } --> B', _shape("A", "rect", "y")),
    ("shape-data-in-chain", "graph TD\nA@{ shape: circle } --> B@{ shape: hex }",
     lambda c: (c.nodes["A"].shape, c.nodes["B"].shape) == ("circle", "hex")),
    ("shape-data-multiline", 'graph TD\nA@{\n  shape: rect\n  label: "Two words"\n}',
     _shape("A", "rect", "Two words")),
    ("shape-data-yaml-block", "graph TD\nA@{\n  label: |\n    one\n    two\n}",
     _shape("A", "rect", "one\ntwo")),
    ("shape-data-label-with-comma", 'graph TD\nA@{ shape: rect, label: "a, b" }',
     _shape("A", "rect", "a, b")),
    ("edge-id", "graph TD\nA e1@--> B", lambda c: c.edges[0].id == "e1"),
    ("edge-id-text-link", "graph TD\nA e1@-- go --> B",
     lambda c: (c.edges[0].id, plain(c.edges[0].label)) == ("e1", "go")),
    ("edge-data-curve", "graph TD\nA e1@--> B\ne1@{ curve: linear, animate: true }",
     lambda c: c.edges[0].curve == "linear" and "e1" not in c.nodes),
    ("edge-default-id", "graph TD\nA --> B\nA --> B",
     lambda c: [e.id for e in c.edges] == ["L_A_B_0", "L_A_B_2"]),
    ("link-continued-next-line", "graph TD\nA -->\n  B", _edges(("A", "B"))),
    ("link-starting-next-line", "graph TD\nA\n  --> B", _edges(("A", "B"))),
    ("short-dotted-link", "graph TD\nA .-> B",
     lambda c: (c.edges[0].stroke, c.edges[0].end) == ("dotted", "arrow")),
    ("short-dotted-both-ends", "graph TD\nA <.-> B",
     lambda c: (c.edges[0].stroke, c.edges[0].start, c.edges[0].end)
     == ("dotted", "arrow", "arrow")),
    ("id-with-slash", "graph TD\nnode/ --> B", _edges(("node/", "B"))),
    ("id-with-hash", "graph TD\n#id --> B", _edges(("#id", "B"))),
    ("id-with-punctuation", "graph TD\na!b$c'd*e+f?g --> B", _edges(("a!b$c'd*e+f?g", "B"))),
    ("id-with-colon-comma-amp", "graph TD\na:b,c&d --> B", _edges(("a:b,c&d", "B"))),
    ("id-ending-in-amp", "graph TD\nnode& --> A", _edges(("node&", "A"))),
    ("amp-with-spaces-groups", "graph TD\nA & B --> C", _edges(("A", "C"), ("B", "C"))),
    ("keyword-like-ids", "graph TD\nclick.node --> click/node",
     _edges(("click.node", "click/node"))),
    ("class-shorthand-before-link", "graph TD\nA[a]:::hot-->B",
     lambda c: c.nodes["A"].classes == ["hot"] and len(c.edges) == 1),
    ("root-direction-ignored", "graph TB\ndirection LR\nA", lambda c: c.direction == "TB"),
    ("ellipse", "graph TD\nA(-round text-)", _shape("A", "ellipse", "round text")),
    ("legacy-border", "graph TD\nA[|borders:lt|Text]", _shape("A", "rect", "Text")),
    ("style-only", "graph TD\nstyle A fill:#f9f", lambda c: list(c.nodes) == ["A"]),
    ("classdef-only", "graph TD\nclassDef x fill:#f9f", lambda c: not c.nodes),
    ("header-only", "graph TD", lambda c: not c.nodes),
    ("style-dasharray-commas", "graph TD\nA\nstyle A stroke-dasharray: 1, 10",
     lambda c: c.nodes["A"].style["stroke-dasharray"] == "1, 10"),
    ("style-item-without-colon", "graph TD\nA\nstyle A red", lambda c: c.nodes["A"].style == {}),
    ("subgraph-reopened", "graph TD\nsubgraph a\nA\nend\nsubgraph a\nB\nend",
     lambda c: c.subgraphs["a"].children == ["A", "B"]),
    ("subgraph-markdown-title-is-id", 'graph TD\nsubgraph "`**Two**`"\nA\nend',
     lambda c: list(c.subgraphs) == ["**Two**"] and plain(c.subgraphs["**Two**"].title) == "Two"),
    ("quoted-edge-label", 'graph TD\nA -- "go on" --> B', lambda c: c.edges[0].label == "go on"),
    ("quoted-pipe-label", 'graph TD\nA -->|"go on"| B', lambda c: c.edges[0].label == "go on"),
    ("markdown-string", 'graph TD\nA["`**bold** _it_\nnext`"]',
     lambda c: plain(c.nodes["A"].label) == "bold it\nnext"),
    ("markdown-br", 'graph TD\nA["`**a**:<br> b`"]',
     lambda c: plain(c.nodes["A"].label) == "a:\nb"),
    ("id-before-odd-shape", "graph TD\nA-->odd->Vertex Text]",
     _shape("odd-", "odd", "Vertex Text")),
    ("init-inherit-dir", '%%{init: {"flowchart": {"inheritDir": true}}}%%\nflowchart LR\n'
     "subgraph s\na\nend", lambda c: c.subgraphs["s"].direction == "LR"),
    ("markdown-entities", 'graph TD\nA["`#35;1 &amp; #quot;x#quot;`"]',
     lambda c: plain(c.nodes["A"].label) == '#1 & "x"'),
    ("html-format-tags", "graph TD\nA[<b>b</b> <i>i</i> <u>u</u> <s>s</s>]",
     lambda c: plain(c.nodes["A"].label) == "b i u s"),
    ("fa-icon-text-kept", "graph TD\nA[fa:fa-car Car]",
     lambda c: plain(c.nodes["A"].label) == "Car" and "icons are not drawn" in c.warnings[0][1]),
    ("front-matter-title", "---\ntitle: Hello\n---\ngraph TD\nA", lambda c: c.heading == "Hello"),
    ("init-theme-variables", "%%{init: {'theme': 'base', 'themeVariables': "
     "{'primaryColor': '#ff0000'}}}%%\ngraph TD\nA",
     lambda c: c.theme["primaryColor"] == "#ff0000" and c.theme["palette:fill"] == "#fff4dd"),
    ("primary-colour-needs-base-theme", "%%{init: {'themeVariables': {'primaryColor': '#ff0000', "
     "'mainBkg': '#00ff00'}}}%%\ngraph TD\nA", lambda c: c.theme == {"mainBkg": "#00ff00"}),
    ("front-matter-theme-variables", "---\nconfig:\n  themeVariables:\n    lineColor: '#00f'\n"
     "---\ngraph TD\nA", lambda c: c.theme == {"lineColor": "#00f"}),
    ("unsafe-theme-value-dropped", "%%{init: {'themeVariables': {'primaryColor': "
     "'url(http://x)'}}}%%\ngraph TD\nA", lambda c: c.theme == {}),
    ("click-href", 'graph TD\nA\nclick A href "https://example.org" "tip" _blank',
     lambda c: c.nodes["A"].link == "https://example.org"),
    ("click-url", 'graph TD\nA\nclick A "http://example.org"',
     lambda c: c.nodes["A"].link == "http://example.org"),
    ("click-javascript-refused", 'graph TD\nA\nclick A href "javascript:alert(1)"',
     lambda c: c.nodes["A"].link is None and "refused link" in c.warnings[0][1]),
    ("click-callback-warned", "graph TD\nA\nclick A callback",
     lambda c: c.nodes["A"].link is None and "callbacks" in c.warnings[0][1]),
    ("click-call-warned", 'graph TD\nA\nclick A call callback("x")',
     lambda c: "callbacks" in c.warnings[0][1]),
]  # fmt: skip


@pytest.mark.parametrize(("source", "check"), [pytest.param(s, c, id=i) for i, s, c in ROWS])
def test_syntax_element(source: str, check: Callable[[Flowchart], bool]) -> None:
    assert check(parse(source))
    assert render_mermaid(source).startswith("<svg")


@pytest.mark.parametrize("name", sorted(SHAPE_NAMES))
def test_every_named_shape_is_drawn(name: str) -> None:
    svg = render_mermaid(f'graph TD\nA@{{ shape: {name}, label: "x" }} --> B')
    assert f'data-shape="{drawn_kind(name)}"' in svg


@pytest.mark.parametrize(
    ("name", "size"),
    [("sm-circ", 14), ("start", 14), ("fr-circ", 14), ("stop", 14), ("f-circ", 14),
     ("junction", 14), ("fork", 70), ("join", 70), ("cross-circ", 60), ("choice", 28)],
)  # fmt: skip
def test_mark_shapes_hide_their_label_as_mermaid_does(name: str, size: int) -> None:
    svg = render_mermaid(f'graph TD\nA@{{ shape: {name}, label: "Secret" }} --> B[Shown]')
    group = re.search(r'<g data-id="A".*?</g>', svg)
    assert group and "<text" not in group.group(0) and "Secret" not in group.group(0)
    assert ">Shown</text>" in svg
    assert node_geometry(name, 100.0, 40.0).width == size  # fixed, whatever the label


def test_unknown_shape_is_an_error_at_its_line() -> None:
    with pytest.raises(Exception, match="no such shape 'blob'") as caught:
        parse("graph TD\nA --> B\nC@{ shape: blob }")
    assert caught.value.line == 3  # type: ignore[attr-defined]


# ------------------------------------------------------------------------------ drawn
def test_formatting_becomes_tspans_and_nothing_else_reaches_the_svg() -> None:
    svg = render_mermaid(
        "graph TD\nA[<b>bold</b> <i>it</i> <u>under</u> <s>gone</s> "
        "<script>alert(1)</script><img src=x onerror=y>]"
    )
    assert '<tspan font-weight="bold">bold</tspan>' in svg
    assert '<tspan font-style="italic">it</tspan>' in svg
    assert '<tspan text-decoration="underline">under</tspan>' in svg
    assert '<tspan text-decoration="line-through">gone</tspan>' in svg
    assert "<script" not in svg and "<img" not in svg and "onerror" not in svg


def test_markdown_bold_is_bold_and_wider() -> None:
    svg = render_mermaid('graph TD\nA["`**Wide words**`"]\nB["Wide words"]')
    assert '<tspan font-weight="bold">Wide words</tspan>' in svg
    widths = [float(w) for w in re.findall(r'<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)"', svg)]
    assert widths[0] > widths[1]


def test_front_matter_title_is_drawn_above() -> None:
    svg = render_mermaid("---\ntitle: My flow\n---\ngraph TD\nA")
    assert re.search(r'<text [^>]*font-size="18"[^>]*>My flow</text>', svg)
    drawn = read_svg(svg)
    assert drawn.nodes["A"].bbox[1] > 30


def test_theme_variables_colour_nodes_edges_and_clusters() -> None:
    svg = render_mermaid(
        "%%{init: {'theme': 'base', 'themeVariables': {'primaryColor': '#abcdef', "
        "'lineColor': '#123456', "
        "'clusterBkg': '#fedcba', 'primaryTextColor': '#010203'}}}%%\n"
        "graph TD\nsubgraph S\nA --> B\nend"
    )
    assert 'fill="#abcdef"' in svg and 'stroke="#123456"' in svg
    assert 'fill="#fedcba"' in svg and 'fill="#010203"' in svg


@pytest.mark.parametrize(
    ("header", "node_fill", "line", "cluster_fill"),
    [
        ('%%{init: {"theme": "dark"}}%%\n', "#1f2020", "#d3d3d3", "#474949"),
        ("%%{init: {'theme':'forest'}}%%\n", "#cde498", "#000000", "#cdffb2"),
        ("---\nconfig:\n  theme: neutral\n---\n", "#eeeeee", "#666666", "#fcfcfc"),
        ('%%{init: {"theme": "base"}}%%\n', "#fff4dd", "#0b0b0b", "#f6f9ff"),
        ("", "#ECECFF", "#333333", "#ffffde"),
    ],
)
def test_named_theme_colours_the_flowchart(
    header: str, node_fill: str, line: str, cluster_fill: str
) -> None:
    svg = render_mermaid(f"{header}graph TD\nsubgraph S\nA --> B\nend")
    node = re.search(r'<g data-id="A".*?</g>', svg)
    assert node and f'fill="{node_fill}"' in node.group(0)
    assert f'stroke="{line}"' in svg and f'fill="{cluster_fill}"' in svg


def test_theme_variables_win_over_the_named_theme() -> None:
    svg = render_mermaid(
        '%%{init: {"theme": "dark", "themeVariables": {"mainBkg": "#ff0000"}}}%%\ngraph TD\nA'
    )
    assert 'fill="#ff0000"' in svg and "#1f2020" not in svg


@pytest.mark.parametrize(
    ("theme", "actor_fill", "note_fill"),
    [("dark", "#1f2020", "#474949"), ("forest", "#cde498", "#fff5ad"),
     ("neutral", "#eeeeee", "#666666"), ("base", "#fff4dd", "#fff5ad")],
)  # fmt: skip
def test_named_theme_colours_the_sequence_diagram(
    theme: str, actor_fill: str, note_fill: str
) -> None:
    svg = render_mermaid(
        f"%%{{init: {{'theme': '{theme}'}}}}%%\nsequenceDiagram\nA->>B: hi\nNote over A: n"
    )
    assert f'fill="{actor_fill}"' in svg and f'fill="{note_fill}"' in svg
    assert "#ECECFF" not in svg


def test_click_href_is_a_link_around_the_node() -> None:
    svg = render_mermaid('graph TD\nA --> B\nclick A href "https://example.org/?a=1&b=2"')
    assert '<a href="https://example.org/?a=1&amp;b=2"' in svg
    assert re.search(r'<a [^>]*><g data-id="A"', svg)
    assert 'data-id="B"' in svg and svg.count("<a ") == 1
    assert set(read_svg(svg).nodes) == {"A", "B"}


def test_formatted_label_reads_back_whole_and_inside_its_node() -> None:
    drawn = read_svg(render_mermaid("graph TD\nA[plain <b>bold words</b> end]"))
    node = drawn.nodes["A"]
    assert node.text == "plain bold words end"
    x0, _, x1, _ = node.bbox
    assert x0 < node.lines[0].x0 and node.lines[0].x1 < x1


def test_ellipse_and_text_shapes() -> None:
    svg = render_mermaid("graph TD\nA(-oval-) --> B@{ shape: text }")
    assert "<ellipse " in svg and ">oval</text>" in svg and "-oval-" not in svg
    text_node = re.search(r'<g data-id="B" data-shape="text"><rect [^>]*>', svg)
    assert text_node and 'stroke="none"' in text_node.group(0)


# ------------------------------------------------------------------------ in the pipeline
def test_warnings_are_reported_at_their_markdown_line(tmp_path: Path) -> None:
    diagram = "graph TD\nA[fa:fa-car Car] --> B\nclick B callback"
    markdown = f"# Chapitre\n\n## Schéma\n\n```mermaid\n{diagram}\n```\n"
    course = write_course(tmp_path / "course", {"c": markdown})
    result = CliRunner().invoke(
        cli, ["check", "--source", str(course), "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 0, result.output
    assert re.search(r"c\.md:7: .*mermaid: icons are not drawn \(fa:fa-car\)", result.output)
    assert re.search(r"c\.md:8: .*mermaid: click callbacks are not run", result.output)


# ------------------------------------------------------------------ subgraph directions
@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param("graph TB\nsubgraph s\na --> b\nend", "LR", id="unlinked-turns-in-TB"),
        pytest.param("graph LR\nsubgraph s\na --> b\nend", "TB", id="unlinked-turns-in-LR"),
        pytest.param("graph BT\nsubgraph s\na --> b\nend", "TB", id="unlinked-turns-in-BT"),
        pytest.param("graph TB\nsubgraph s\ndirection RL\na --> b\nend", "RL", id="own"),
        pytest.param("graph TB\nsubgraph s\ndirection RL\na --> b\nend\nX --> a", "TB",
                     id="linked-inherits"),
        pytest.param("graph TB\nsubgraph s\na --> b\nend\nX --> a", "TB",
                     id="linked-no-turn"),
        pytest.param("graph TB\nsubgraph s\ndirection RL\na --> b\nend\nX --> s", "RL",
                     id="edge-to-the-subgraph-keeps-own"),
    ],
)  # fmt: skip
def test_subgraph_direction_rule(source: str, expected: str) -> None:
    chart = parse(source)
    tree = build_tree(chart)
    assert scope_directions(chart, tree, plan_edges(chart, tree))["s"] == expected


def test_nested_unlinked_subgraph_turns_from_its_parent() -> None:
    chart = parse("graph TB\nsubgraph o\nsubgraph i\na --> b\nend\nend")
    tree = build_tree(chart)
    directions = scope_directions(chart, tree, plan_edges(chart, tree))
    assert (directions["o"], directions["i"]) == ("LR", "TB")


@pytest.mark.parametrize(
    ("source", "pattern"),
    [
        pytest.param("graph TD\nA e1@--> B\ne1@{ curve: linear }", r"M[\d.,]+ L[\d.,]+$",
                     id="edge-data-linear"),
        pytest.param("graph TD\nA --> B\nlinkStyle 0 interpolate stepAfter", r"^M[^C]*L[^C]*$",
                     id="linkstyle-step"),
        pytest.param("graph TD\nA e1@--> B\ne1@{ curve: basis }", r"^M[\d.,]+ C", id="smooth"),
    ],
)  # fmt: skip
def test_edge_curve_is_honoured(source: str, pattern: str) -> None:
    path = re.search(r'<g data-from="A"[^>]*><path d="([^"]*)"', render_mermaid(source))
    assert path and re.search(pattern, path.group(1))


@pytest.mark.parametrize(
    ("source", "line", "message"),
    [
        pytest.param("graph TD\nA --> B\nC[open\nD --> E", 3, "unclosed '['", id="bracket"),
        pytest.param('graph TD\nA --> B\nC["open\nD --> E', 3, "unclosed '\"'", id="quote"),
        pytest.param("graph TD\nA --> B\nC -->|open\nD --> E", 3, "unclosed '|'", id="pipe"),
        pytest.param("graph TD\nA --> B\nC -- open\nD", 3, "unclosed link text", id="link-text"),
        pytest.param("graph TD\nA -->\n\nB", 2, "expected a node id", id="link-then-blank"),
    ],
)
def test_an_unclosed_line_is_an_error_at_its_own_line(source: str, line: int, message: str) -> None:
    with pytest.raises(MermaidError, match=re.escape(message)) as caught:
        parse(source)
    assert caught.value.line == line


def test_a_linked_node_is_a_link_on_paper_too(tmp_path: Path) -> None:
    diagram = 'graph LR\nA[Linked] --> B\nclick A href "https://example.org/x"'
    markdown = f"# C\n\n## Schéma\n\n```mermaid\n{diagram}\n```\n"
    course = write_course(tmp_path / "c", {"c": markdown})
    model, _ = prepare(BuildOptions(course, tmp_path))
    env = environment(course)
    write_generated_css(env, tmp_path)
    handout = render_reading(env, model, model.chapter("c"), tmp_path)
    area = re.search(
        r'<a class="diagram-link" href="https://example\.org/x" style="([^"]*)"', handout
    )
    assert area and "position: absolute" in area.group(1)
    left, top, width, height = (float(v) for v in re.findall(r"([\d.]+)%", area.group(1)))
    assert left < 50 and 0 < width < 50 and 0 < height <= 100  # the left node, not the diagram


def test_emoji_in_a_formatted_label_is_an_image_beside_bold_text() -> None:
    def href(symbol: str) -> str:
        return "data:image/svg+xml;base64,AAAA"

    svg = render_mermaid("graph TD\nA[<b>🐳 Docker</b> daemon]", emoji_href=href)
    assert "<image " in svg
    assert re.search(r'<text [^>]*font-weight="bold"[^>]*>Docker</text>', svg)
    assert re.search(r"<text (?![^>]*font-weight)[^>]*>daemon</text>", svg)
