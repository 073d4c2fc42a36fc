"""mindmap: parsing (indentation, every shape, strings, icons, classes, comments, errors at
their line, bounds), the geometry of the two-sided tree (no overlaps, labels inside their
shapes, links from border to border crossing no node) and the SVG itself."""

from __future__ import annotations

import contextlib
import random
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from coursebuild.cli import cli
from coursebuild.mermaid import MermaidError, render_mermaid
from coursebuild.mermaid.mindmap import bounds, is_mindmap
from coursebuild.mermaid.mindmap.layout import MindmapLayout, PlacedNode, compute_layout
from coursebuild.mermaid.mindmap.parser import parse
from coursebuild.mermaid.mindmap.svg import shape_svg
from coursebuild.mermaid.text import plain
from tests.conftest import write_course

DOC = """mindmap
  root((mindmap))
    Origins
      Long history
      ::icon(fa fa-book)
      Popularisation
        British popular psychology author Tony Buzan
    Research
      On effectiveness<br/>and features
      On Automatic creation
        Uses
            Creative techniques
            Strategic planning
            Argument mapping
    Tools
      Pen and paper
      Mermaid
"""

SHAPES = """mindmap
  root((Central idea 🚀))
    a[Square node]
      a1(Rounded)
      a2((Circle))
    b)Cloud shape(
      b1))Bang!((
      b2{{Hexagon text}}
    c["`**Bold** and *italic*`"]
      c1
      c2
    d))Big bang with a long label that wraps((
    e{{Hexagon}}
      e1)cloud with two<br>lines(
"""


def tree(source: str) -> list[tuple[int, str, str, str]]:
    return [(n.depth, n.id, plain(n.text), n.shape) for n in parse(source).nodes()]


def test_syntax_page_example() -> None:
    chart = parse(DOC)
    assert chart.root is not None and chart.root.shape == "circle"
    assert [plain(c.text) for c in chart.root.children] == ["Origins", "Research", "Tools"]
    research = chart.root.children[1]
    assert plain(research.children[0].text) == "On effectiveness\nand features"
    uses = research.children[1].children[0]
    assert [c.text for c in uses.children] == [
        "Creative techniques", "Strategic planning", "Argument mapping"]  # fmt: skip
    assert [n.section for n in (research, uses, *uses.children)] == [1, 1, 1, 1, 1]


@pytest.mark.parametrize(("node", "shape", "text"), [
    ("id[I am a square]", "rect", "I am a square"),
    ("id(I am a rounded square)", "rounded", "I am a rounded square"),
    ("id((I am a circle))", "circle", "I am a circle"),
    ("id))I am a bang((", "bang", "I am a bang"),
    ("id)I am a cloud(", "cloud", "I am a cloud"),
    ("id{{I am a hexagon}}", "hexagon", "I am a hexagon"),
    ("I am the default shape", "default", "I am the default shape"),
    ("id(e(", "cloud", "e"),  # mermaid: '(' closed by anything but ')' is a cloud
    ("id((b)", "circle", "b"),
    ("[no id]", "rect", "no id"),
    ('id["a [x] (y)"]', "rect", "a [x] (y)"),
    ('id(("quoted"))', "circle", "quoted"),
])  # fmt: skip
def test_every_shape(node: str, shape: str, text: str) -> None:
    root = parse(f"mindmap\n    {node}").root
    assert root is not None and (root.shape, plain(root.text)) == (shape, text)


def test_id_text_markdown_and_html() -> None:
    rows = tree('mindmap\n root\n  a [b]\n  m["`**b** c\nnext`"]\n  h[x<br>y]\n  p[**p** q]')
    assert rows[1:] == [(1, "a ", "b", "rect"), (1, "m", "b c\nnext", "rect"),
                        (1, "h", "x\ny", "rect"), (1, "p", "p q", "rect")]  # fmt: skip
    chart = parse('mindmap\n root["`**Root** *it*`"]')
    assert chart.root is not None and chart.root.text == "\ue000Root\ue001 \ue002it\ue003"


def test_indentation_rules() -> None:
    # a node's parent is the nearest previous node indented less; tabs count as one
    source = "mindmap\nRoot\n    A\n        B\n      C\n\tD\n\t\tE\n"
    assert [(d, i) for d, i, _, _ in tree(source)] == [
        (0, "Root"), (1, "A"), (2, "B"), (2, "C"), (1, "D"), (2, "E")]  # fmt: skip
    assert tree("mindmap root\n  a")[1][:2] == (1, "a")  # the root on the header's line
    assert tree("\n \nmindmap\nroot\n A\n \n\n B")[2][:2] == (1, "B")


def test_icons_classes_comments_and_settings() -> None:
    source = """---
title: Ideas
---
%%{init: {'theme': 'forest', 'themeVariables': {'cScale1': '#ff0000'}}}%%
mindmap
  root(Root)
    A[A]
    :::urgent large
    ::icon(fa fa-book)
      %% a comment
    B(B) %% a trailing comment
    c %% kept: mermaid reads a bare text to the end of the line
"""
    chart = parse(source)
    assert chart.title == "Ideas" and chart.theme["cScale1"] == "#ff0000"
    a, b, c = chart.root.children if chart.root else []
    assert (a.classes, a.icon, b.classes, b.icon) == ("urgent large", "fa fa-book", None, None)
    assert c.text == "c %% kept: mermaid reads a bare text to the end of the line"
    assert chart.warnings == [(9, "icon 'fa fa-book' not drawn (icon fonts are not available "
                                  "offline)")]  # fmt: skip
    svg = render_mermaid(source)
    assert 'data-icon="fa fa-book"' in svg and 'data-classes="urgent large"' in svg
    assert 'fill="#ff0000"' in svg and "<title id=\"m-title\">Ideas</title>" in svg


@pytest.mark.parametrize(("source", "line", "message"), [
    ("mindmap\n    root\n    fakeRoot", 3, "only one root : 'fakeRoot'"),
    ("mindmap\n          root\n        fakeRoot\n    realRootWrongPlace", 3, "only one root"),
    ("mindmap\n  ::icon(x)\n  root", 2, "'::icon()' before any node"),
    ("mindmap\n  root\n    d[D] :::urgent", 3, "unexpected ':::urgent' after the node"),
    ("mindmap\n  root\n    a(b)c", 3, "unexpected 'c' after the node"),
    ("mindmap\n  root\n    a[]", 3, "an empty text"),
    ("mindmap\n  root\n\n    a[b", 4, "expected the closing of '['"),
    ("mindmap\n  root\n    a{b}", 3, "unexpected '{'"),
    ("mindmap\n  root\n    id4[\"a\" b]", 3, "expected the closing of '['"),
    ("mindmap\n  root\n    x[\"`a", 3, "unclosed markdown string"),
    ("mindmap\n  root\n    ::icon(x", 3, "unclosed '::icon('"),
    ("mindmap\n  root\n    mindmap", 3, "'mindmap' again"),
    ("%% c\n\nflowchart\n  a", 3, "expected 'mindmap'"),
])  # fmt: skip
def test_errors_at_their_line(source: str, line: int, message: str) -> None:
    with pytest.raises(MermaidError) as caught:
        parse(source)
    assert caught.value.line == line and message in caught.value.message


def test_header_detection() -> None:
    assert is_mindmap("---\ntitle: x\n---\n%%{init: {}}%%\n%% c\n  mindmap\n  a")
    assert not is_mindmap("mindmapx\n a") and not is_mindmap("flowchart LR\n mindmap")
    assert parse("mindmap\n").root is None
    assert 'data-diagram="mindmap"' in render_mermaid("mindmap")


def test_bounds_at_the_line_that_crosses_them(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bounds, "MAX_NODES", 5)
    with pytest.raises(MermaidError, match="more than 5 nodes") as caught:
        parse("mindmap\n r\n" + "".join(f"  n{i}\n" for i in range(9)))
    assert caught.value.line == 7
    monkeypatch.setattr(bounds, "MAX_DEPTH", 3)
    with pytest.raises(MermaidError, match="more than 3 levels") as caught:
        parse("mindmap\nr\n a\n  b\n   c\n    d")
    assert caught.value.line == 6
    monkeypatch.setattr(bounds, "MAX_LABEL_CHARS", 20)
    with pytest.raises(MermaidError, match="characters of text") as caught:
        parse("mindmap\nr\n aaaaaaaaaa\n bbbbbbbbbbbb")
    assert caught.value.line == 4


def _text_inside(placed: PlacedNode) -> bool:
    box, text, shape = placed.box, placed.text, placed.node.shape
    half_w, half_h = text.width / 2, text.height / 2
    px, py = placed.pad
    if shape == "circle":
        return (half_w**2 + half_h**2) ** 0.5 + px <= box.width / 2 + 1e-6
    if shape == "hexagon":
        px += box.height / 4
    return half_w + px <= box.width / 2 + 1e-6 and half_h + py <= box.height / 2 + 1e-6


def _bezier(start: tuple[float, float], end: tuple[float, float], t: float) -> tuple[float, float]:
    (x1, y1), (x2, y2) = start, end
    bend = (x2 - x1) / 2
    xs = (x1, x1 + bend, x2 - bend, x2)
    ys = (y1, y1, y2, y2)
    weights = ((1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t**2 * (1 - t), t**3)
    return (sum(w * v for w, v in zip(weights, xs, strict=True)),
            sum(w * v for w, v in zip(weights, ys, strict=True)))  # fmt: skip


def check_geometry(layout: MindmapLayout) -> None:
    nodes = layout.nodes
    for placed in nodes:
        assert _text_inside(placed), placed.node.text
        box = placed.box
        assert box.left >= 0 and box.top >= 0
        assert box.right <= layout.width and box.bottom <= layout.height
    for i, a in enumerate(nodes):
        for b in nodes[i + 1 :]:
            apart = (a.box.right <= b.box.left or b.box.right <= a.box.left
                     or a.box.bottom <= b.box.top or b.box.bottom <= a.box.top)  # fmt: skip
            assert apart, (a.node.text, b.node.text)
    for link in layout.links:
        parent, child = link.parent.box, link.child.box
        outward = link.child.side
        start = (parent.right if outward > 0 else parent.left, parent.cy)
        assert link.start == pytest.approx(start)
        assert link.end == pytest.approx((child.left if outward > 0 else child.right, child.cy))
        for step in range(1, 20):
            x, y = _bezier(link.start, link.end, step / 20)
            for placed in nodes:
                b = placed.box
                inside = b.left + 1 < x < b.right - 1 and b.top + 1 < y < b.bottom - 1
                assert not inside, (link.child.node.text, placed.node.text)


@pytest.mark.parametrize("source", [DOC, SHAPES, "mindmap\n root", "mindmap\n r\n  a\n  b"])
def test_geometry(source: str) -> None:
    check_geometry(compute_layout(parse(source)))


@pytest.mark.parametrize("room", ["normal", "compact"])
def test_generated_trees_geometry(room: str) -> None:
    from coursebuild.mermaid import spacing

    generator = random.Random(7)
    shapes = ["{}", "[{}]", "({})", "(({}))", "{{{{{}}}}}", "){}(", ")){}(("]
    for _ in range(12):
        lines, depth = ["mindmap", "r((root))"], 0
        for i in range(generator.randint(1, 40)):
            depth = generator.randint(1, depth + 1)
            words = " ".join(["word"] * generator.randint(1, 12))
            lines.append(" " * depth + generator.choice(shapes).format(f"{i} {words}"))
        with spacing.using(spacing.COMPACT if room == "compact" else spacing.NORMAL):
            check_geometry(compute_layout(parse("\n".join(lines))))


def test_branches_split_on_both_sides_clockwise() -> None:
    layout = compute_layout(parse(DOC))
    sides = {p.node.text: p.side for p in layout.nodes if p.node.depth == 1}
    assert sides == {"Origins": 1, "Research": -1, "Tools": -1}
    tops = {p.node.text: p.box.cy for p in layout.nodes if p.node.depth == 1}
    assert tops["Tools"] < tops["Research"]  # the left side reads bottom to top
    four = compute_layout(parse("mindmap\n r\n  a\n  b\n  c\n  d"))
    assert [p.side for p in four.nodes if p.node.depth == 1] == [1, 1, -1, -1]
    assert four.width < 2 * four.height * 16 / 9


def test_branch_colours_and_link_widths() -> None:
    layout = compute_layout(parse(DOC))
    colours = {p.node.text: p.colour for p in layout.nodes}
    assert colours["mindmap"] == 0 and colours["Origins"] == 1 and colours["Tools"] == 3
    assert colours["Argument mapping"] == colours["Research"] == 2
    widths = sorted({(link.child.node.depth, link.width) for link in layout.links})
    assert widths == [(1, 11.0), (2, 8.0), (3, 5.0), (4, 2.0)]
    svg = render_mermaid(DOC)
    dark = render_mermaid(DOC, theme="dark")
    fills = re.findall(r'<circle [^>]*fill="([^"]+)"', svg)
    assert fills and fills != re.findall(r'<circle [^>]*fill="([^"]+)"', dark)


def test_shapes_drawn() -> None:
    layout = compute_layout(parse(SHAPES))
    drawn = {p.node.shape: shape_svg(p, "#abcdef") for p in layout.nodes}
    assert drawn["circle"].startswith("<circle") and drawn["hexagon"].startswith("<polygon")
    assert drawn["rect"].startswith("<rect") and 'rx="0"' in drawn["rect"]
    assert 'rx="12"' in drawn["rounded"] and "<line " in drawn["default"]
    assert drawn["cloud"].startswith("<path") and " Q" in drawn["cloud"]
    bang = next(p for p in layout.nodes if p.node.shape == "bang")
    spikes = shape_svg(bang, "#abcdef")
    points = [(float(x), float(y)) for x, y in re.findall(r"L([\d.]+),([\d.]+)", spikes)]
    # the spike at the middle of each side touches the box, where the link ends
    for x in (bang.box.left, bang.box.right):
        assert any(abs(px - x) < 0.01 and abs(py - bang.box.cy) < 0.01 for px, py in points)


def test_svg_emoji_ids_and_determinism() -> None:
    svg = render_mermaid(SHAPES, id_prefix="p1",
                         emoji_href=lambda e: "data:image/svg+xml;base64,AAAA")  # fmt: skip
    assert "<image " in svg and "🚀" not in svg.split("</desc>")[1]
    assert re.findall(r'\bid="([^"]+)"', svg) == ["p1-title", "p1-desc"]
    assert 'aria-labelledby="p1-title"' in svg
    assert ">Bold</tspan>" in svg or 'font-weight="bold">Bold' in svg
    assert render_mermaid(SHAPES, id_prefix="p2") == render_mermaid(SHAPES, id_prefix="p2")
    assert "Carte mentale : Central idea" in svg


def test_fuzz_never_crashes() -> None:
    generator = random.Random(19)
    alphabet = ['(', ')', '[', ']', '{', '}', '"', '`', ':', '::icon(', ':::', '%%', '\n',
                ' ', '  ', '\t', 'a', 'b c', '<br>', '**', '#quot;', 'mindmap']  # fmt: skip
    for _ in range(400):
        body = "".join(generator.choice(alphabet) for _ in range(generator.randint(1, 30)))
        with contextlib.suppress(MermaidError):
            render_mermaid("mindmap\n root\n  " + body)


def test_deck_holds_the_inline_svg(tmp_path: Path) -> None:
    chapter = "# S\n\n## Carte\n\n```mermaid\n" + DOC + "```\n"
    course = write_course(tmp_path / "c", {"s": chapter})
    result = CliRunner().invoke(cli, ["slides", "--source", str(course), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if "warning:" in line]
    assert len(warnings) == 1 and "icon 'fa fa-book' not drawn" in warnings[0]  # nothing else
    deck = (tmp_path / "slides" / "s.html").read_text(encoding="utf-8")
    svg = re.search(r"<svg [^>]*data-diagram=\"mindmap\".*?</svg>", deck, re.S)
    assert svg is not None and ">Pen and paper</text>" in svg.group(0)
    assert '<pre class="mermaid">' not in deck


def test_error_is_reported_at_the_markdown_line(tmp_path: Path) -> None:
    chapter = "# S\n\n```mermaid\nmindmap\n    root\n    fakeRoot\n```\n"
    course = write_course(tmp_path / "c", {"s": chapter})
    result = CliRunner().invoke(cli, ["slides", "--source", str(course), "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "s.md:6: mermaid: there can be only one root" in result.output


def test_too_wide_is_wrapped_narrower_and_compact_is_smaller() -> None:
    from coursebuild.mermaid.mindmap.layout import SLIDE_ROOM, _layout

    chart = parse(DOC)
    assert chart.root is not None
    wide = _layout(chart.root, 200.0)
    chosen = compute_layout(chart)
    assert wide.width > SLIDE_ROOM[0] and chosen.width < wide.width
    assert min(SLIDE_ROOM[0] / chosen.width, SLIDE_ROOM[1] / chosen.height) > min(
        SLIDE_ROOM[0] / wide.width, SLIDE_ROOM[1] / wide.height)
    check_geometry(chosen)
    normal = re.search(r'width="([\d.]+)" height="([\d.]+)"', render_mermaid(DOC))
    compact = re.search(r'width="([\d.]+)" height="([\d.]+)"', render_mermaid(DOC, compact=True))
    assert normal and compact and float(compact.group(1)) < float(normal.group(1))


def test_an_icon_not_drawn_is_a_warning_at_its_markdown_line(tmp_path: Path) -> None:
    from coursebuild.mermaid import diagram_warnings

    source = "mindmap\n  root((Cours))\n    Diapositives\n    ::icon(fa fa-book)\n    Papier\n"
    assert diagram_warnings(source) == (
        (4, "icon 'fa fa-book' not drawn (icon fonts are not available offline)"),)
    course = tmp_path / "c"
    course.mkdir()
    (course / "course.yaml").write_text("title: T\n", encoding="utf-8")
    (course / "01-x.md").write_text(f"# Carte\n\n## Une carte\n\n```mermaid\n{source}```\n",
                                    encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--source", str(course)])
    assert result.exit_code == 0
    assert "01-x.md:9: warning: mermaid: icon 'fa fa-book' not drawn" in result.output
