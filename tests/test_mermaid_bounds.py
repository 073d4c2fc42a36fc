"""A diagram is untrusted input: its styles load nothing, and its work is bounded.

One row per attack (issue 10): the source, the message expected (a regular expression),
and the line within the diagram.  Valid styles that are not drawn are not errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import coursebuild.mermaid as mermaid
from coursebuild.cli import cli
from coursebuild.diagrams import MAX_DIAGRAM_CHARS
from coursebuild.mermaid import MermaidError, UnsupportedDiagram, check_delegated, render_mermaid
from coursebuild.mermaid.bounds import MAX_DEPTH, MAX_EDGES, MAX_LABEL_CHARS, MAX_NODES
from coursebuild.mermaid.parser import parse
from coursebuild.mermaid.styles import NODE_FILL, NODE_STROKE
from tests.conftest import write_course
from tests.mermaid_inspection import read_svg

URL = "http://127.0.0.1:9/x.png"
REFUSED = r"refused '{}' in a style : expected colours"


def amp(prefix: str, count: int) -> str:
    return " & ".join(f"{prefix}{i}" for i in range(count))


def lines(count: int, make: str) -> str:
    return "\n".join(make.format(i=i, j=i + 1) for i in range(count))


STYLE_ATTACKS = [
    pytest.param(f"A\nstyle A fill:url({URL})", "url(", 3, id="style-url"),
    pytest.param(f"A\nstyle A fill:u\\72l({URL})", "url(", 3, id="style-hex-escape"),
    pytest.param(f"A\nstyle A fill:\\75rl({URL})", "url(", 3, id="style-leading-escape"),
    pytest.param(f"A\nstyle A fill:\\75 rl({URL})", "url(", 3, id="style-escape-space"),
    pytest.param(f"A\nstyle A fill:\\000075rl({URL})", "url(", 3, id="style-long-escape"),
    pytest.param(f"A\nstyle A fill:u\\rl({URL})", "url(", 3, id="style-char-escape"),
    pytest.param(f"A\nstyle A fill:URL({URL})", "url(", 3, id="style-upper-case"),
    pytest.param(f'A\nstyle A fill:url( "{URL}" )', "url(", 3, id="style-quoted-url"),
    pytest.param(f"A\nstyle A fill:url(/**/{URL})", "url(", 3, id="style-comment-in-url"),
    pytest.param(f"A\nstyle A fill:u/**/rl({URL})", "url(", 3, id="style-comment-in-name"),
    pytest.param(f"A\nstyle A fill:url({URL} x)", "url(", 3, id="style-bad-url"),
    pytest.param(f'A\nstyle A fill:image-set("{URL}" 1x)', "image-set(", 3, id="image-set"),
    pytest.param(
        f'A\nstyle A fill:-webkit-image-set("{URL}" 1x)', "-webkit-image-set(", 3, id="webkit-set"
    ),
    pytest.param(
        f'A\nstyle A fill:-webkit-im\\61ge-set("{URL}" 1x)',
        "-webkit-image-set(",
        3,
        id="webkit-set-escaped",
    ),
    pytest.param("A\nstyle A fill:expression(alert(1))", "expression(", 3, id="expression"),
    pytest.param(f'A\nstyle A fill:red @import "{URL}"', "@import", 3, id="import"),
    pytest.param(f'A\nstyle A fill:red @\\69mport "{URL}"', "@import", 3, id="import-escaped"),
    pytest.param(f"A\nstyle A f\\69ll:u\\72l({URL})", "url(", 3, id="escaped-property"),
    pytest.param(f"A\nstyle A stroke:#000,color:u\\72l({URL})", "url(", 3, id="second-value"),
    pytest.param(f"A\nclassDef bad fill:u\\72l({URL})\nclass A bad", "url(", 3, id="classDef"),
    pytest.param(f"A-->B\nlinkStyle 0 stroke:u\\72l({URL})", "url(", 3, id="linkStyle"),
    pytest.param(f"A-->B\nlinkStyle default stroke:\\75rl({URL})", "url(", 3, id="linkStyle-def"),
    pytest.param(f"A\nstyle A fill:#fff;\nstyle A fill:u\\72l({URL})", "url(", 4, id="after-semi"),
]


@pytest.mark.parametrize(("body", "construct", "line"), STYLE_ATTACKS)
def test_style_that_could_load_something_is_refused_at_its_line(
    body: str, construct: str, line: int
) -> None:
    with pytest.raises(MermaidError) as caught:
        render_mermaid(f"graph TD\n{body}")
    assert re.search(REFUSED.format(re.escape(construct)), caught.value.message)
    assert caught.value.line == line


@pytest.mark.parametrize(
    ("source", "construct", "line"),
    [
        pytest.param(
            f"block-beta\nA\nstyle A fill:\\75rl({URL})", "url(", 3, id="block-style"
        ),
        pytest.param(
            f"block-beta\nclassDef x fill:image-set('{URL}' 1x)\n",
            "image-set(",
            2,
            id="block-classDef",
        ),
        pytest.param(
            '%%{init: {"themeCSS": ".a { fill: \\\\75rl(' + URL + ') }"}}%%\njourney\n',
            "url(",
            1,
            id="directive-json-escape",
        ),
        pytest.param(
            '%%{init: {\n"themeVariables": {"primaryColor": "\\u0075rl(' + URL + ')"}}}%%\njourney',
            "url(",
            2,
            id="directive-multi-line",
        ),
        pytest.param(
            f'---\nconfig:\n  themeCSS: ".a {{ fill: u\\\\72l({URL}) }}"\n---\njourney\n',
            "url(",
            3,
            id="front-matter-config",
        ),
    ],
)
def test_diagrams_drawn_by_mermaid_js_are_checked_too(
    source: str, construct: str, line: int
) -> None:
    with pytest.raises(UnsupportedDiagram):
        render_mermaid(source)
    with pytest.raises(MermaidError) as caught:
        check_delegated(source)
    assert re.search(REFUSED.format(re.escape(construct)), caught.value.message)
    assert caught.value.line == line


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("classDiagram\nclass Link {\n  +url(path) string\n}", id="method-named-url"),
        pytest.param("sequenceDiagram\nA->>B: GET url(x)\nrect rgb(0, 255, 0)\nA->>B: y\nend",
                     id="message-text"),  # fmt: skip
    ],
)
def test_text_that_mentions_url_is_not_a_style(source: str) -> None:
    check_delegated(source)


@pytest.mark.parametrize(
    ("style", "fill", "stroke", "width", "dasharray"),
    [
        pytest.param("stroke-dasharray: 5 5", NODE_FILL, NODE_STROKE, 1.0, "5 5", id="dash"),
        pytest.param("stroke-dasharray: 1, 10", NODE_FILL, NODE_STROKE, 1.0, "1 10", id="comma"),
        pytest.param("stroke-dasharray:5px 3px 1px", NODE_FILL, NODE_STROKE, 1.0, "5 3 1",
                     id="dash-px"),  # fmt: skip
        pytest.param("fill:rgb(1,2,3),stroke:hsla(120, 50%, 50%, 0.5)", "rgb(1,2,3)",
                     "hsla(120, 50%, 50%, 0.5)", 1.0, None, id="functions"),  # fmt: skip
        pytest.param("fill:rgb(1 2 3 / 50%)", "rgb(1 2 3 / 50%)", NODE_STROKE, 1.0, None,
                     id="space-syntax"),  # fmt: skip
        pytest.param("fill:RebeccaPurple,stroke:none", "rebeccapurple", "none", 1.0, None,
                     id="named-and-none"),  # fmt: skip
        pytest.param("fill:r\\65 d,stroke-width:3pt", "red", NODE_STROKE, 4.0, None,
                     id="escapes-decoded"),  # fmt: skip
        pytest.param("fill:#f9fa", "#f9fa", NODE_STROKE, 1.0, None, id="hex-alpha"),
        pytest.param("fill:var(--x),stroke:currentColor,stroke-width:1e9px", NODE_FILL,
                     NODE_STROKE, 1.0, None, id="not-drawn"),  # fmt: skip
        pytest.param("fill:#12345,stroke:rgb(1,2),stroke-width:2em", NODE_FILL, NODE_STROKE, 1.0,
                     None, id="malformed-not-drawn"),  # fmt: skip
        pytest.param("fill:red;", "red", NODE_STROKE, 1.0, None, id="trailing-semicolon"),
        pytest.param("opacity:0.5,filter:blur(2px),fill:#abc", "#abc", NODE_STROKE, 1.0, None,
                     id="other-properties-ignored"),  # fmt: skip
    ],
)
def test_valid_styles_are_drawn_or_quietly_left_out(
    style: str, fill: str, stroke: str, width: float, dasharray: str | None
) -> None:
    node = read_svg(render_mermaid(f"graph TD\nA --> B\nstyle A {style}")).nodes["A"]
    assert (node.fill, node.stroke, node.stroke_width, node.dasharray) == (
        fill,
        stroke,
        width,
        dasharray,
    )


def test_font_style_and_weight_are_drawn() -> None:
    svg = render_mermaid("graph TD\nA[Texte]\nstyle A font-style:italic,font-weight:700")
    text = re.search(r"<text [^>]*>Texte</text>", svg)
    assert text is not None
    assert 'font-style="italic"' in text.group(0) and 'font-weight="bold"' in text.group(0)


SAFE_VALUE = re.compile(r"[#a-zA-Z0-9(),.%/ -]+")


@pytest.mark.parametrize(
    "value",
    [
        '"><script>x</script>',
        "red\" onload=\"x",
        "#fff' x='",
        "rgb(1,2,3)<",
        "\\3c svg",
        "red\\0",
        "rgb(1,2,3) url",
        "hsl(1e999, 50%, 50%)",
        "rgb(\\31,2,3)",
        "r\\65 d",
        "#\\66 ff",
    ],
)
def test_what_is_drawn_is_rebuilt_from_safe_tokens(value: str) -> None:
    svg = render_mermaid(f"graph TD\nA\nstyle A fill:{value},stroke:{value},color:{value}")
    node = read_svg(svg).nodes["A"]
    for drawn in (node.fill, node.stroke, *(line.fill for line in node.lines)):
        assert SAFE_VALUE.fullmatch(drawn), drawn
    assert "<script" not in svg and "onload" not in svg


# ----------------------------------------------------------------------------- bounds
BOUND_ATTACKS = [
    pytest.param(
        f"graph LR\n{amp('a', 3000)} --> {amp('b', 300)}",
        rf"more than {MAX_NODES:,} nodes and subgraphs in one diagram \(the node bound\)",
        2,
        id="amplified-3000x300",
    ),
    pytest.param(
        f"graph LR\n{amp('a', 900)} --> {amp('b', 900)}",
        r"this line makes 810,000 links \(900 × 900 through '&'\), more than the "
        rf"{MAX_EDGES:,} links one diagram may have \(the link bound\)",
        2,
        id="amplified-within-node-bound",
    ),
    pytest.param(
        "graph LR\n" + " & ".join(["A"] * 20_000) + " --> " + " & ".join(["B"] * 20_000),
        r"this line makes 400,000,000 links \(20,000 × 20,000 through '&'\)",
        2,
        id="amplified-repeated-ids",
    ),
    pytest.param(
        "graph LR;" + ("A-->B;B-->A;" * 415 + "A-->B;") * 57 + "A-->B;B-->A;" * 275,
        rf"more than {MAX_EDGES:,} links in one diagram \(the link bound\)",
        1,
        id="mermaid-47917-links-one-line",
    ),
    pytest.param(
        "graph LR\n" + lines(MAX_EDGES + 1, "A --> B"),
        rf"more than {MAX_EDGES:,} links",
        MAX_EDGES + 2,
        id="links-one-per-line",
    ),
    pytest.param(
        "graph TD\n" + lines(MAX_NODES + 1, "n{i}"),
        rf"more than {MAX_NODES:,} nodes and subgraphs",
        MAX_NODES + 2,
        id="nodes",
    ),
    pytest.param(
        "graph TD\n" + lines(MAX_NODES + 1, "subgraph s{i}\nend"),
        rf"more than {MAX_NODES:,} nodes and subgraphs",
        2 * MAX_NODES + 2,
        id="subgraphs-count-as-nodes",
    ),
    pytest.param(
        "graph TD\n" + lines(10_000, "subgraph s{i}") + "\nx\n" + "end\n" * 10_000,
        rf"subgraphs nested more than {MAX_DEPTH} deep \(the nesting bound\)",
        MAX_DEPTH + 2,
        id="nested-10000",
    ),
    pytest.param(
        "graph TD\nA[" + "mot " * 250_000 + "]",
        rf"more than {MAX_LABEL_CHARS:,} characters of labels in one diagram \(the label bound\)",
        2,
        id="label-1mb",
    ),
    pytest.param(
        "graph TD\n" + lines(2000, "n{i}[" + "x" * 60 + "]"),
        rf"more than {MAX_LABEL_CHARS:,} characters of labels",
        MAX_LABEL_CHARS // 60 + 2,
        id="labels-in-total",
    ),
    pytest.param(
        "graph TD\nA -->|" + "x" * (MAX_LABEL_CHARS + 1) + "| B",
        "the label bound",
        2,
        id="link-label",
    ),
    pytest.param(
        "graph TD\nsubgraph s[" + "x" * (MAX_LABEL_CHARS + 1) + "]\nend",
        "the label bound",
        2,
        id="subgraph-title",
    ),
    pytest.param(
        "graph TD\nA\naccDescr: " + "x" * (MAX_LABEL_CHARS + 1),
        "the label bound",
        3,
        id="description",
    ),
    pytest.param(
        "graph TD\n" + lines(1999, "n{i} --> n{j}") + "\n" + lines(40, "n{i} --> n1999"),
        r"links cross more than [\d,]+ ranks in all \(the layout bound\)",
        None,  # the line of the link that crosses the bound: checked below
        id="long-links",
    ),
    pytest.param(
        "graph TD\n" + lines(MAX_DEPTH, "subgraph s{i}") + "\n" + lines(1000, "n{i} --> n{j}")
        + "\nend" * MAX_DEPTH + "\nx --> n0",
        r"\(the layout bound\)",
        None,
        id="chain-in-deep-linked-subgraphs",
    ),  # fmt: skip
]


@pytest.mark.parametrize(("source", "message", "line"), BOUND_ATTACKS)
def test_work_past_a_bound_is_an_error_at_its_line(
    source: str, message: str, line: int | None
) -> None:
    with pytest.raises(MermaidError) as caught:
        render_mermaid(source)
    assert re.search(message, caught.value.message), caught.value.message
    if line is None:  # a link line after the header and the subgraphs' lines
        number = caught.value.line
        assert re.fullmatch(r"\w+ --> \w+", source.split("\n")[number - 1])
    else:
        assert caught.value.line == line


def test_amplified_line_fails_before_any_link_is_made(monkeypatch: pytest.MonkeyPatch) -> None:
    from coursebuild.mermaid import parser

    made: list[object] = []
    monkeypatch.setattr(parser, "Edge", lambda *args, **kwargs: made.append(args))
    with pytest.raises(MermaidError, match="the link bound"):
        parse(f"graph LR\n{amp('a', 100)} --> {amp('b', 100)}")
    assert made == []


def test_diagrams_at_the_bounds_are_drawn() -> None:
    """Exactly at each bound is allowed (the bench measures the time)."""
    at_nodes = "graph TD\n" + lines(MAX_NODES - 1, "n{i} --> n{j}")
    assert len(parse(at_nodes).nodes) == MAX_NODES
    side = int(MAX_EDGES**0.5)
    assert len(parse(f"graph LR\n{amp('a', side)} --> {amp('b', side)}").edges) == side * side
    nested = "graph TD\n" + lines(MAX_DEPTH, "subgraph s{i}") + "\nx\n" + "end\n" * MAX_DEPTH
    assert len(read_svg(render_mermaid(nested)).clusters) == MAX_DEPTH
    label = "graph TD\nA[" + "x" * MAX_LABEL_CHARS + "]"
    assert len(parse(label).nodes["A"].label) == MAX_LABEL_CHARS


@pytest.mark.parametrize(
    ("source", "message"),
    [
        pytest.param("graph TD\nA-. " + "." * 200_000, "unclosed link text", id="dotted-text"),
        pytest.param("graph TD\nA:::" + ",".join(f"c{i}" for i in range(100_000)), None,
                     id="many-classes"),  # fmt: skip
        pytest.param("graph TD\nA\n" + "class A c\n" * 50_000, None, id="repeated-class"),
        pytest.param("graph TD\nA-->B\n" + "linkStyle default stroke:#f00\n" * 20_000, None,
                     id="repeated-default-link-style"),  # fmt: skip
    ],
)
def test_no_quadratic_parse(source: str, message: str | None) -> None:
    """Inputs whose parse used to grow with the square of their size (no timing here:
    the bench prints the figures; these finish in well under a second each)."""
    if message is None:
        parse(source)
        return
    with pytest.raises(MermaidError, match=message):
        parse(source)


@pytest.mark.parametrize(
    ("source", "message"),
    [
        pytest.param("graph TD\nA-->B\nlinkStyle " + "1" * 5000 + " stroke:red",
                     "linkStyle index 111111111111 is out of range", id="link-index"),
        pytest.param("graph TD\nA[#" + "1" * 5000 + ";]", None, id="mermaid-entity"),
        pytest.param("graph TD\nA[&#" + "1" * 5000 + ";]", None, id="html-entity"),
        pytest.param("graph TD\nA\nstyle A stroke-width:" + "9" * 5000, None, id="css-number"),
        pytest.param("graph TD\nA\nstyle A fill:u\\72l(" + "9" * 5000 + ")", "refused 'url\\('",
                     id="css-number-in-url"),
    ],
)  # fmt: skip
def test_numbers_too_long_for_int_are_no_traceback(source: str, message: str | None) -> None:
    """Python's int() refuses more than 4,300 digits (a ValueError, not a MermaidError)."""
    if message is None:
        read_svg(render_mermaid(source))
        return
    with pytest.raises(MermaidError, match=message):
        render_mermaid(source)


def test_a_long_link_spans_at_most_ten_ranks_as_in_mermaid() -> None:
    assert parse("graph TD\nA " + "-" * 100_000 + "> B").edges[0].length == 10


@pytest.mark.parametrize("error", [RecursionError, MemoryError])
def test_no_traceback_escapes_the_renderer(
    monkeypatch: pytest.MonkeyPatch, error: type[BaseException]
) -> None:
    def explode(source: str) -> None:
        raise error()

    import coursebuild.mermaid.parser as parser  # imported by the renderer when it draws

    monkeypatch.setattr(parser, "parse", explode)
    with pytest.raises(MermaidError, match="too large to draw"):
        mermaid.render_uncached("graph TD\nA")


# ------------------------------------------------------------------- in the pipeline
def check(tmp_path: Path, diagram: str) -> tuple[int, str]:
    markdown = f"# Chapitre\n\n## Schéma\n\n```mermaid\n{diagram}\n```\n"
    course = write_course(tmp_path / "course", {"c": markdown})
    result = CliRunner().invoke(
        cli, ["check", "--source", str(course), "--out", str(tmp_path / "out")]
    )
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("diagram", "message"),
    [
        pytest.param(
            f"graph TD\nA\nstyle A fill:u\\72l({URL})",
            r"c\.md:8: mermaid: refused 'url\('",
            id="style",
        ),
        pytest.param(
            f"graph LR\n{amp('a', 3000)} --> {amp('b', 300)}",
            rf"c\.md:7: mermaid: more than {MAX_NODES:,} nodes",
            id="amplified",
        ),
        pytest.param(
            "graph TD\nA\n" + "%% " + "x" * MAX_DIAGRAM_CHARS,
            rf"c\.md:8: mermaid: diagram longer than {MAX_DIAGRAM_CHARS:,} characters "
            r"\(the size bound\)",
            id="size",
        ),
        pytest.param(
            f"sequenceDiagram\nrect u\\72l({URL})\nA->>B: x\nend",
            r"c\.md:7: mermaid: refused 'url\('",
            id="mermaid-js",
        ),
    ],
)
def test_the_build_reports_the_markdown_line(tmp_path: Path, diagram: str, message: str) -> None:
    code, output = check(tmp_path, diagram)
    assert code == 1, output
    assert re.search(message, output), output
    assert "Traceback" not in output
