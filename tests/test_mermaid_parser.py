"""The flowchart language, statement by statement, checked on the parsed model."""

from __future__ import annotations

import pytest

from coursebuild.mermaid.model import Flowchart
from coursebuild.mermaid.parser import parse
from coursebuild.mermaid.text import plain


def chart(body: str, header: str = "flowchart TD") -> Flowchart:
    return parse(f"{header}\n{body}")


# --------------------------------------------------------------------------- header
@pytest.mark.parametrize(
    ("header", "direction"),
    [
        pytest.param("graph", "TB", id="graph-default-TB"),
        pytest.param("flowchart", "TB", id="flowchart-default-TB"),
        pytest.param("graph TD", "TB", id="TD"),
        pytest.param("graph TB", "TB", id="TB"),
        pytest.param("flowchart BT", "BT", id="BT"),
        pytest.param("flowchart LR", "LR", id="LR"),
        pytest.param("graph RL", "RL", id="RL"),
        pytest.param("flowchart-elk LR", "LR", id="flowchart-elk"),
        pytest.param("graph LR;", "LR", id="trailing-semicolon"),
    ],
)
def test_header_direction(header: str, direction: str) -> None:
    assert parse(f"{header}\n  A --> B").direction == direction


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("%%{init: {'theme': 'forest'}}%%\ngraph LR\nA-->B", id="init-directive"),
        pytest.param(
            "%%{\n  init: {\n  'theme': 'dark'}\n}%%\ngraph LR\nA-->B", id="multiline-directive"
        ),
        pytest.param("---\ntitle: Mon titre\n---\ngraph LR\nA-->B", id="front-matter"),
        pytest.param("\n\n  graph LR\nA-->B\n\n", id="blank-lines"),
        pytest.param("%% comment first\ngraph LR\nA-->B", id="comment-before-header"),
        pytest.param("graph LR; A-->B", id="statements-on-header-line"),
    ],
)
def test_preamble_is_skipped(source: str) -> None:
    result = parse(source)
    assert result.direction == "LR"
    assert list(result.nodes) == ["A", "B"]


def test_front_matter_title_becomes_title() -> None:
    assert parse("---\ntitle: Mon titre\n---\ngraph LR\nA-->B").title == "Mon titre"


# --------------------------------------------------------------------------- shapes
@pytest.mark.parametrize(
    ("text", "shape", "label"),
    [
        pytest.param("A", "rect", "A", id="bare-id"),
        pytest.param("A[Rectangle]", "rect", "Rectangle", id="rect"),
        pytest.param("A(Rounded)", "round", "Rounded", id="round"),
        pytest.param("A([Stadium])", "stadium", "Stadium", id="stadium"),
        pytest.param("A[[Subroutine]]", "subroutine", "Subroutine", id="subroutine"),
        pytest.param("A[(Database)]", "cylinder", "Database", id="cylinder"),
        pytest.param("A((Circle))", "circle", "Circle", id="circle"),
        pytest.param("A(((Double)))", "doublecircle", "Double", id="double-circle"),
        pytest.param("A>Flag]", "odd", "Flag", id="asymmetric"),
        pytest.param("A{Decision}", "diamond", "Decision", id="rhombus"),
        pytest.param("A{{Hexagon}}", "hexagon", "Hexagon", id="hexagon"),
        pytest.param("A[/Lean right/]", "lean_right", "Lean right", id="parallelogram"),
        pytest.param("A[\\Lean left\\]", "lean_left", "Lean left", id="parallelogram-alt"),
        pytest.param("A[/Trapezoid\\]", "trapezoid", "Trapezoid", id="trapezoid"),
        pytest.param("A[\\Trapezoid alt/]", "trapezoid_alt", "Trapezoid alt", id="trapezoid-alt"),
        pytest.param('A["a: b (c) {d}"]', "rect", "a: b (c) {d}", id="quoted-rect"),
        pytest.param('A("quoted (round)")', "round", "quoted (round)", id="quoted-round"),
        pytest.param('A{"is it?"}', "diamond", "is it?", id="quoted-rhombus"),
        pytest.param("A[/etc/hosts]", "rect", "/etc/hosts", id="path-label-is-rect"),
        pytest.param("A[ spaced  out ]", "rect", "spaced out", id="spaces-collapsed"),
        pytest.param('A["`**bold** text`"]', "rect", "bold text", id="markdown-string"),
        pytest.param("node-1.x[Dotted id]", "rect", "Dotted id", id="id-with-dash-dot"),
        pytest.param("Noeud_2[Under_score]", "rect", "Under_score", id="id-underscore"),
    ],
)
def test_node_shapes(text: str, shape: str, label: str) -> None:
    result = chart(text)
    node = next(iter(result.nodes.values()))
    assert (node.shape, plain(node.label)) == (shape, label)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        pytest.param("A[Fish &amp; chips]", "Fish & chips", id="html-entity"),
        pytest.param('A["#quot;quoted#quot;"]', '"quoted"', id="mermaid-named-entity"),
        pytest.param("A[Issue #35;42]", "Issue #42", id="mermaid-numeric-entity"),
        pytest.param("A[caf&#233;]", "café", id="html-numeric-entity"),
        pytest.param("A[one<br>two]", "one\ntwo", id="br"),
        pytest.param("A[one<br/>two<br />three]", "one\ntwo\nthree", id="br-self-closing"),
        pytest.param("A[<b>bold</b> tag]", "bold tag", id="html-format-tags-are-marks"),
        pytest.param("A[<span>in</span> <a href='x'>tag</a>]", "in tag", id="html-tags-dropped"),
        pytest.param("A[**bold** stays]", "**bold** stays", id="markdown-left-as-text"),
        pytest.param("A[🐳 Docker]", "🐳 Docker", id="emoji"),
    ],
)
def test_label_decoding(text: str, label: str) -> None:
    assert plain(chart(text).nodes["A"].label) == label


def test_node_keeps_first_shape_when_referenced_again() -> None:
    result = chart("A{Choice} --> B\nB --> A\nA --> C")
    assert (result.nodes["A"].shape, result.nodes["A"].label) == ("diamond", "Choice")


def test_node_redefined_with_shape_takes_new_shape() -> None:
    result = chart("A --> B\nA((Round now))")
    assert (result.nodes["A"].shape, result.nodes["A"].label) == ("circle", "Round now")


# --------------------------------------------------------------------------- edges
@pytest.mark.parametrize(
    ("text", "stroke", "start", "end", "length", "label"),
    [
        pytest.param("A --> B", "normal", None, "arrow", 1, "", id="arrow"),
        pytest.param("A --- B", "normal", None, None, 1, "", id="open"),
        pytest.param("A -.-> B", "dotted", None, "arrow", 1, "", id="dotted-arrow"),
        pytest.param("A -.- B", "dotted", None, None, 1, "", id="dotted-open"),
        pytest.param("A ==> B", "thick", None, "arrow", 1, "", id="thick-arrow"),
        pytest.param("A === B", "thick", None, None, 1, "", id="thick-open"),
        pytest.param("A --o B", "normal", None, "circle", 1, "", id="circle-end"),
        pytest.param("A --x B", "normal", None, "cross", 1, "", id="cross-end"),
        pytest.param("A <--> B", "normal", "arrow", "arrow", 1, "", id="both-arrows"),
        pytest.param("A o--o B", "normal", "circle", "circle", 1, "", id="both-circles"),
        pytest.param("A x--x B", "normal", "cross", "cross", 1, "", id="both-crosses"),
        pytest.param("A <==> B", "thick", "arrow", "arrow", 1, "", id="thick-both"),
        pytest.param("A ~~~ B", "invisible", None, None, 1, "", id="invisible"),
        pytest.param("A ---> B", "normal", None, "arrow", 2, "", id="longer-arrow"),
        pytest.param("A ----> B", "normal", None, "arrow", 3, "", id="longest-arrow"),
        pytest.param("A ---- B", "normal", None, None, 2, "", id="longer-open"),
        pytest.param("A -..-> B", "dotted", None, "arrow", 2, "", id="longer-dotted"),
        pytest.param("A ====> B", "thick", None, "arrow", 3, "", id="longer-thick"),
        pytest.param("A -->|yes| B", "normal", None, "arrow", 1, "yes", id="pipe-label"),
        pytest.param('A -->|"quoted"| B', "normal", None, "arrow", 1, "quoted", id="pipe-quoted"),
        pytest.param(
            "A -- some text --> B", "normal", None, "arrow", 1, "some text", id="text-label"
        ),
        pytest.param("A -- text --- B", "normal", None, None, 1, "text", id="text-label-open"),
        pytest.param("A -. maybe .-> B", "dotted", None, "arrow", 1, "maybe", id="dotted-text"),
        pytest.param("A == sure ==> B", "thick", None, "arrow", 1, "sure", id="thick-text"),
        pytest.param("A -- CRI-O --> B", "normal", None, "arrow", 1, "CRI-O", id="text-with-dash"),
        pytest.param("A==>|big|B", "thick", None, "arrow", 1, "big", id="no-spaces"),
        pytest.param("A-->B", "normal", None, "arrow", 1, "", id="compact"),
        pytest.param("A -->|a &amp; b| B", "normal", None, "arrow", 1, "a & b", id="label-entity"),
    ],
)
def test_edge_kinds(
    text: str, stroke: str, start: str | None, end: str | None, length: int, label: str
) -> None:
    (edge,) = chart(text).edges
    assert (edge.source, edge.target) == ("A", "B")
    assert (edge.stroke, edge.start, edge.end, edge.length, edge.label) == (
        stroke, start, end, length, label,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        pytest.param("A --> B --> C", [("A", "B"), ("B", "C")], id="chain"),
        pytest.param("A --> B & C", [("A", "B"), ("A", "C")], id="fan-out"),
        pytest.param("A & B --> C", [("A", "C"), ("B", "C")], id="fan-in"),
        pytest.param(
            "A & B --> C & D",
            [("A", "C"), ("A", "D"), ("B", "C"), ("B", "D")],
            id="group-to-group",
        ),
        pytest.param("A --> B; B --> C", [("A", "B"), ("B", "C")], id="semicolons"),
        pytest.param("A[x; y] --> B", [("A", "B")], id="semicolon-inside-label"),
        pytest.param("A -->|x; y| B", [("A", "B")], id="semicolon-inside-edge-label"),
        pytest.param("A --> A", [("A", "A")], id="self-loop"),
        pytest.param("A[a] -->|l| B(b) -.-> C{c}", [("A", "B"), ("B", "C")], id="shapes-in-chain"),
    ],
)
def test_edge_chains(text: str, pairs: list[tuple[str, str]]) -> None:
    result = chart(text)
    assert [(e.source, e.target) for e in result.edges] == pairs
    assert [e.index for e in result.edges] == list(range(len(pairs)))


def test_node_group_declares_every_node() -> None:
    assert list(chart("A & B & C").nodes) == ["A", "B", "C"]


# --------------------------------------------------------------------------- subgraphs
@pytest.mark.parametrize(
    ("line", "sub_id", "title"),
    [
        pytest.param("subgraph one", "one", "one", id="id-only"),
        pytest.param("subgraph one [Title One]", "one", "Title One", id="id-bracket-title"),
        pytest.param('subgraph one["Title: (1)"]', "one", "Title: (1)", id="id-quoted-title"),
        pytest.param("subgraph Title with spaces", "subGraph0", "Title with spaces", id="spaces"),
        pytest.param('subgraph "Quoted title"', "subGraph0", "Quoted title", id="quoted"),
    ],
)
def test_subgraph_header(line: str, sub_id: str, title: str) -> None:
    result = chart(f"{line}\n  A --> B\nend")
    sub = result.subgraphs[sub_id]
    assert (sub.title, sub.children) == (title, ["A", "B"])


def test_nested_subgraphs_and_membership() -> None:
    result = chart(
        """
        X --> A
        subgraph outer [Outer]
          subgraph inner [Inner]
            A --> B
          end
          B --> C
        end
        C --> D
        """
    )
    assert result.subgraphs["inner"].children == ["A", "B"]
    assert result.subgraphs["outer"].children == ["inner", "C"]
    assert result.root == ["X", "outer", "D"]


def test_node_claimed_by_first_closing_subgraph() -> None:
    result = chart("subgraph one\n  a1 --> a2\nend\nsubgraph two\n  a2 --> b1\nend")
    assert result.subgraphs["one"].children == ["a1", "a2"]
    assert result.subgraphs["two"].children == ["b1"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param("subgraph s\n direction LR\n A\nend", "LR", id="LR"),
        pytest.param("subgraph s\n direction RL\n A\nend", "RL", id="RL"),
        pytest.param("subgraph s\n direction BT\n A\nend", "BT", id="BT"),
        pytest.param("subgraph s\n direction TB\n A\nend", "TB", id="TB"),
        pytest.param("subgraph s\n A\nend", None, id="inherited"),
    ],
)
def test_subgraph_direction(body: str, expected: str | None) -> None:
    assert chart(body).subgraphs["s"].direction == expected


def test_edges_to_subgraph_ids_do_not_create_nodes() -> None:
    result = chart("A --> s\ns --> B\nsubgraph s\n  C\nend")
    assert "s" not in result.nodes
    assert [(e.source, e.target) for e in result.edges] == [("A", "s"), ("s", "B")]


# --------------------------------------------------------------------------- styling
def test_style_statement() -> None:
    result = chart(
        "A --> B\nstyle A fill:#f9f,stroke:#333,stroke-width:4px,color:#fff,"
        "stroke-dasharray:5 5,font-weight:bold"
    )
    assert result.nodes["A"].style == {
        "fill": "#f9f", "stroke": "#333", "stroke-width": "4px", "color": "#fff",
        "stroke-dasharray": "5 5", "font-weight": "bold",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("body", "node", "classes"),
    [
        pytest.param("classDef hot fill:#f00\nA:::hot", "A", ["hot"], id="shorthand"),
        pytest.param(
            "classDef hot fill:#f00\nA[x]:::hot --> B", "A", ["hot"], id="shorthand-shape"
        ),
        pytest.param("classDef hot fill:#f00\nA --> B:::hot", "B", ["hot"], id="shorthand-target"),
        pytest.param("A & B\nclassDef hot fill:#f00\nclass A,B hot", "B", ["hot"], id="class-list"),
        pytest.param("A\nclass A hot\nclassDef hot fill:#f00", "A", ["hot"], id="class-before-def"),
    ],
)
def test_classes(body: str, node: str, classes: list[str]) -> None:
    result = chart(body)
    assert result.nodes[node].classes == classes
    assert result.class_defs["hot"] == {"fill": "#f00"}


def test_class_def_several_names_and_default() -> None:
    result = chart("A\nclassDef a,b fill:#111\nclassDef default stroke:#222")
    assert result.class_defs == {
        "a": {"fill": "#111"},
        "b": {"fill": "#111"},
        "default": {"stroke": "#222"},
    }


def test_style_values_with_commas_inside_parentheses() -> None:
    result = chart("A\nstyle A fill:rgb(1,2,3),stroke:#000")
    assert result.nodes["A"].style == {"fill": "rgb(1,2,3)", "stroke": "#000"}


@pytest.mark.parametrize(
    ("line", "styled"),
    [
        pytest.param("linkStyle 0 stroke:#f00", {0}, id="one"),
        pytest.param("linkStyle 0,2 stroke:#f00", {0, 2}, id="list"),
        pytest.param("linkStyle 1 interpolate basis stroke:#f00", {1}, id="interpolate-ignored"),
        pytest.param("linkStyle default stroke:#f00", {0, 1, 2}, id="default"),
    ],
)
def test_link_style(line: str, styled: set[int]) -> None:
    result = chart(f"A --> B --> C --> D\n{line}")
    assert {e.index for e in result.edges if e.style.get("stroke") == "#f00"} == styled


def test_link_style_index_overrides_default() -> None:
    result = chart("A --> B --> C\nlinkStyle 1 stroke:#0f0\nlinkStyle default stroke:#f00")
    assert [e.style["stroke"] for e in result.edges] == ["#f00", "#0f0"]


def test_subgraph_style_and_class() -> None:
    result = chart("subgraph s\n A\nend\nstyle s fill:#eee\nclassDef c stroke:#f00\nclass s c")
    assert (result.subgraphs["s"].style, result.subgraphs["s"].classes) == ({"fill": "#eee"}, ["c"])


# --------------------------------------------------------------------------- misc lines
@pytest.mark.parametrize(
    "line",
    [
        pytest.param("%% a comment", id="comment"),
        pytest.param("   %% indented comment", id="indented-comment"),
        pytest.param('click A callback "Tooltip"', id="click-callback"),
        pytest.param('click A href "https://example.com" _blank', id="click-href"),
    ],
)
def test_ignored_lines(line: str) -> None:
    result = chart(f"A --> B\n{line}\nB --> C")
    assert list(result.nodes) == ["A", "B", "C"]


def test_trailing_comment_on_a_line() -> None:
    assert list(chart("A --> B %% note").nodes) == ["A", "B"]


def test_accessibility_title_and_description() -> None:
    result = chart("accTitle: Architecture\naccDescr: Les couches\nA --> B")
    assert (result.title, result.description) == ("Architecture", "Les couches")


def test_multiline_acc_descr() -> None:
    result = chart("accDescr {\n  Première ligne\n  seconde\n}\nA --> B")
    assert result.description == "Première ligne seconde"
