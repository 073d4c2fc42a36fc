"""Syntax errors carry the line within the diagram and say what was found and expected;
other diagram types are refused with their kind."""

from __future__ import annotations

import pytest

from coursebuild.mermaid import MermaidError, UnsupportedDiagram, render_mermaid


@pytest.mark.parametrize(
    ("source", "line", "fragments"),
    [
        pytest.param("", 1, ["empty diagram", "expected 'graph' or 'flowchart'"], id="empty"),
        pytest.param("\n%% only a comment\n", 1, ["empty diagram"], id="only-comment"),
        pytest.param(
            "graph XY\nA-->B",
            1,
            ["unknown direction 'XY'", "TB, TD, BT, LR, RL"],
            id="bad-direction",
        ),
        pytest.param(
            "graph TD A-->B",
            1,
            ["unexpected 'A-->B'", "new line after the direction"],
            id="header-junk",
        ),
        pytest.param(
            "foo\nA-->B",
            1,
            ["unexpected 'foo'", "expected 'graph' or 'flowchart'"],
            id="unknown-kind",
        ),
        pytest.param("A-->B", 1, ["unexpected 'A-->B'", "'graph' or 'flowchart'"], id="no-header"),
        pytest.param("graph TD\nA[foo", 2, ["unclosed '['", "expected ']'"], id="unclosed-rect"),
        pytest.param(
            "graph TD\nA --> B(foo", 2, ["unclosed '('", "expected ')'"], id="unclosed-round"
        ),
        pytest.param(
            "graph TD\nA{foo --> B", 2, ["unclosed '{'", "expected '}'"], id="unclosed-rhombus"
        ),
        pytest.param(
            "graph TD\nA((foo)", 2, ["unclosed '(('", "expected '))'"], id="unclosed-circle"
        ),
        pytest.param(
            "graph TD\nA{{foo}", 2, ["unclosed '{{'", "expected '}}'"], id="unclosed-hexagon"
        ),
        pytest.param(
            "graph TD\nA>foo", 2, ["unclosed '>'", "expected ']'"], id="unclosed-asymmetric"
        ),
        pytest.param(
            'graph TD\nA["foo]', 2, ["unclosed '\"'", "closing '\"'"], id="unclosed-quote"
        ),
        pytest.param(
            'graph TD\nA["foo" x]', 2, ["unexpected 'x'", "expected ']'"], id="junk-after-quote"
        ),
        pytest.param(
            "graph TD\nA --> B\nend", 3, ["unexpected 'end'", "no open subgraph"], id="stray-end"
        ),
        pytest.param(
            "graph TD\nsubgraph one\nA-->B", 2, ["expected 'end'", "'one'"], id="missing-end"
        ),
        pytest.param(
            "graph TD\nsubgraph a\nsubgraph b\nA\nend",
            2,
            ["expected 'end'", "'a'"],
            id="missing-outer-end",
        ),
        pytest.param(
            "graph TD\nsubgraph s\n  direction XY\n  A\nend",
            3,
            ["unknown direction 'XY'"],
            id="subgraph-direction",
        ),
        pytest.param("graph TD\ndirection", 2, ["expected one direction"], id="direction-missing"),
        pytest.param(
            "graph TD\nA-->B\nB-->C\nlinkStyle 5 stroke:#f00",
            4,
            ["linkStyle index 5 is out of range", "expected 0 to 1"],
            id="linkstyle-range",
        ),
        pytest.param(
            "graph TD\nA\nlinkStyle 0 stroke:#f00",
            3,
            ["out of range", "no link"],
            id="linkstyle-no-links",
        ),
        pytest.param(
            "graph TD\nA-->B\nlinkStyle x stroke:#f00",
            3,
            ["unexpected 'x'", "link numbers"],
            id="linkstyle-junk",
        ),
        pytest.param(
            "graph TD\nA -->",
            2,
            ["unexpected end of line", "expected a node id"],
            id="dangling-link",
        ),
        pytest.param(
            "graph TD\n--> B", 2, ["unexpected '-->'", "expected a node id"], id="link-first"
        ),
        pytest.param(
            "graph TD\nA & --> B",
            2,
            ["unexpected '-->'", "expected a node id"],
            id="dangling-ampersand",
        ),
        pytest.param(
            "graph TD\nA --> B )", 2, ["unexpected ')'", "expected a link"], id="stray-paren"
        ),
        pytest.param("graph TD\nA B", 2, ["unexpected 'B'", "expected a link"], id="two-ids"),
        pytest.param(
            "graph TD\nA -- text B", 2, ["unclosed link text", "'-->'"], id="unclosed-link-text"
        ),
        pytest.param(
            "graph TD\nA -->|text B", 2, ["unclosed '|'", "closing '|'"], id="unclosed-pipe"
        ),
        pytest.param(
            "graph TD\nstyle A", 2, ["unexpected 'A'", "node id and styles"], id="style-no-styles"
        ),
        pytest.param(
            "graph TD\nclassDef hot",
            2,
            ["unexpected 'hot'", "class name and styles"],
            id="classdef-empty",
        ),
        pytest.param(
            "graph TD\nA\nclass A", 3, ["unexpected 'A'", "class name"], id="class-no-name"
        ),
        pytest.param(
            "graph TD\nA:::",
            2,
            ["unexpected end of line", "class name after ':::'"],
            id="empty-shorthand",
        ),
        pytest.param(
            "graph TD\nsubgraph\nA\nend",
            2,
            ["expected a subgraph id or title"],
            id="subgraph-no-title",
        ),
        pytest.param(
            "graph TD\nsubgraph a [Title\nA\nend",
            2,
            ["unclosed '['", "expected ']'"],
            id="subgraph-unclosed",
        ),
        pytest.param(
            "graph TD\naccTitle Foo\nA",
            2,
            ["unexpected 'Foo'", "expected ':'"],
            id="acctitle-colon",
        ),
        pytest.param(
            "---\ntitle: x\ngraph TD\nA-->B",
            1,
            ["unclosed front matter", "'---'"],
            id="front-matter",
        ),
        pytest.param(
            "%%{init: {}\ngraph TD\nA-->B", 1, ["unclosed directive", "'}%%'"], id="directive"
        ),
        pytest.param(
            "---\ntitle: t\n---\ngraph TD\nA --> B\nC[oops",
            6,
            ["unclosed '['"],
            id="lines-count-front-matter",
        ),
        pytest.param(
            "graph TD\nA --> B; C[oops", 2, ["unclosed '['"], id="second-statement-on-line"
        ),
    ],
)
def test_syntax_errors(source: str, line: int, fragments: list[str]) -> None:
    with pytest.raises(MermaidError) as caught:
        render_mermaid(source)
    assert caught.value.line == line
    for fragment in fragments:
        assert fragment in caught.value.message
    assert str(caught.value).startswith(f"line {line}: ")


@pytest.mark.parametrize(
    "kind",
    [
        "journey", "quadrantChart", "requirementDiagram", "C4Context", "sankey-beta",
        "xychart-beta", "block-beta", "packet-beta", "architecture-beta", "kanban",
    ],
)  # fmt: skip
def test_unsupported_diagrams(kind: str) -> None:
    with pytest.raises(UnsupportedDiagram) as caught:
        render_mermaid(f"{kind}\n    title Something\n    A->>B: hello")
    assert caught.value.kind == kind


def test_unsupported_after_front_matter_and_directive() -> None:
    with pytest.raises(UnsupportedDiagram) as caught:
        render_mermaid("---\ntitle: t\n---\n%%{init: {}}%%\njourney\n  title T")
    assert caught.value.kind == "journey"


def test_error_types_are_distinct() -> None:
    assert not issubclass(MermaidError, UnsupportedDiagram)
    assert not issubclass(UnsupportedDiagram, MermaidError)
