"""The SVG itself: the seed diagram, presentation attributes, markers, styles, emoji."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from coursebuild.mermaid import render_mermaid, render_uncached
from coursebuild.mermaid.routing import MARKER_LENGTH
from coursebuild.mermaid.styles import (
    CLUSTER_FILL,
    CLUSTER_STROKE,
    EDGE_COLOR,
    FONT_FAMILY,
    NODE_FILL,
    NODE_STROKE,
    TEXT_COLOR,
)
from tests.mermaid_inspection import SVG_NS, SvgDiagram, SvgNode, read_svg

ROOT = Path(__file__).resolve().parent.parent
SEED_STYLES = {
    "A": ("#ff9800", "#f57c00", "#fff"),
    "B": ("#326ce5", "#2559c7", "#fff"),
    "C": ("#4caf50", "#388e3c", "#fff"),
    "D": ("#00d8ff", "#00b8d9", "#000"),
    "E": ("#00d8ff", "#00b8d9", "#000"),
    "F": ("#2496ed", "#1d7dbe", "#fff"),
    "G": ("#e91e63", "#c2185b", "#fff"),
    "H": ("#607d8b", "#455a64", "#fff"),
}


def seed_source() -> str:
    """The seed course's stack diagram, kept as a fixture so editing chapters/ changes nothing."""
    return (ROOT / "tests" / "fixtures" / "seed.mmd").read_text(encoding="utf-8")


def render(source: str, **options: object) -> SvgDiagram:
    return read_svg(render_mermaid(source, **options))  # type: ignore[arg-type]


def overlaps(a: SvgNode, b: SvgNode, margin: float = 0.0) -> bool:
    ax0, ay0, ax1, ay1 = a.bbox
    bx0, by0, bx1, by1 = b.bbox
    return ax0 < bx1 + margin and bx0 < ax1 + margin and ay0 < by1 + margin and by0 < ay1 + margin


def assert_labels_inside(node: SvgNode) -> None:
    for line in node.lines:
        for corner in (
            (line.x0, line.y0),
            (line.x1, line.y0),
            (line.x1, line.y1),
            (line.x0, line.y1),
        ):
            assert node.contains(corner, tolerance=0.0), (node.id, line.text, corner)


# --------------------------------------------------------------------------- the seed
@pytest.fixture(scope="module")
def seed() -> SvgDiagram:
    return render(seed_source())


def test_seed_counts(seed: SvgDiagram) -> None:
    assert len(seed.nodes) == 8
    assert len(seed.edges) == 9
    assert {(e.source, e.target) for e in seed.edges} == {
        ("A", "B"), ("B", "C"), ("C", "D"), ("C", "E"), ("C", "F"),
        ("D", "G"), ("E", "G"), ("F", "D"), ("G", "H"),
    }  # fmt: skip


def test_seed_interface_cri_is_a_diamond(seed: SvgDiagram) -> None:
    node = seed.nodes["C"]
    assert (node.tag, node.kind, len(node.outline)) == ("polygon", "diamond", 4)
    assert node.text == "Interface CRI"
    x0, y0, x1, y1 = node.bbox
    xs = sorted(p[0] for p in node.outline)
    ys = sorted(p[1] for p in node.outline)
    assert xs[0] == x0 and xs[-1] == x1 and xs[1] == pytest.approx(xs[2])  # left, right, 2 on axis
    assert ys[0] == y0 and ys[-1] == y1 and ys[1] == pytest.approx(ys[2])


@pytest.mark.parametrize("node_id", list(SEED_STYLES))
def test_seed_node_colours(seed: SvgDiagram, node_id: str) -> None:
    fill, stroke, colour = SEED_STYLES[node_id]
    node = seed.nodes[node_id]
    assert (node.fill, node.stroke) == (fill, stroke)
    assert node.lines and all(line.fill == colour for line in node.lines)


def test_seed_layers_top_to_bottom(seed: SvgDiagram) -> None:
    y = {node_id: node.center[1] for node_id, node in seed.nodes.items()}
    assert y["A"] < y["B"] < y["C"] < y["F"] < y["D"] < y["G"] < y["H"]
    assert y["C"] < y["E"] < y["G"]
    assert seed.nodes["A"].text == "Utilisateur" and seed.nodes["H"].text == "Linux Kernel"
    assert seed.nodes["A"].bbox[1] == min(n.bbox[1] for n in seed.nodes.values())
    assert seed.nodes["H"].bbox[3] == max(n.bbox[3] for n in seed.nodes.values())


def test_seed_containerd_below_docker(seed: SvgDiagram) -> None:
    assert seed.nodes["D"].bbox[1] > seed.nodes["F"].bbox[3]


def test_seed_no_overlapping_nodes(seed: SvgDiagram) -> None:
    for a, b in itertools.combinations(seed.nodes.values(), 2):
        assert not overlaps(a, b, margin=10), (a.id, b.id)


@pytest.mark.parametrize("node_id", list(SEED_STYLES))
def test_seed_labels_inside_shapes(seed: SvgDiagram, node_id: str) -> None:
    assert_labels_inside(seed.nodes[node_id])


def test_seed_edges_meet_borders(seed: SvgDiagram) -> None:
    for edge in seed.edges:
        source, target = seed.nodes[edge.source], seed.nodes[edge.target]
        assert source.contains(edge.first, tolerance=0.6)
        assert not target.contains(edge.last, tolerance=0.0)
        assert target.contains(edge.last, tolerance=MARKER_LENGTH + 0.6)
        assert edge.marker_end and edge.marker_end.startswith("url(#m-")


def test_seed_fits_in_view_box(seed: SvgDiagram) -> None:
    for node in seed.nodes.values():
        x0, y0, x1, y1 = node.bbox
        assert x0 >= 0 and x1 <= seed.width and y0 >= 0 and y1 <= seed.height
    for edge in seed.edges:
        for x, y in edge.points:
            assert 0 <= x <= seed.width and 0 <= y <= seed.height


# --------------------------------------------------------------------------- the <svg>
def test_root_element_attributes() -> None:
    svg = render_mermaid("graph LR\nA --> B", id_prefix="fig1")
    assert svg.startswith(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
    )
    root = ET.fromstring(svg)
    assert root.get("class") == "mermaid-diagram"
    assert root.get("role") == "img"
    _, _, w, h = (float(v) for v in root.get("viewBox", "").split())
    assert root.get("viewBox", "").startswith("0 0 ")
    assert (float(root.get("width", 0)), float(root.get("height", 0))) == (w, h)
    assert root.get("aria-labelledby") == "fig1-title"
    assert root.get("aria-describedby") == "fig1-desc"
    assert root.find(f"{SVG_NS}title").get("id") == "fig1-title"  # type: ignore[union-attr]


def test_self_contained_presentation_attributes() -> None:
    source = (
        "flowchart LR\nsubgraph s [Groupe]\nA[(Base)] -->|lien| B((Rond))\nend\n"
        "B -.-> C{Choix} ==> D>Drapeau] --o E --x F\nclassDef hot fill:#f00\nclass C hot"
    )
    svg = render_mermaid(source)
    root = ET.fromstring(svg)
    tags = {element.tag.removeprefix(SVG_NS) for element in root.iter()}
    assert "foreignObject" not in tags and "style" not in tags
    assert "<style" not in svg and "foreignObject" not in svg
    for element in root.iter():
        assert element.get("style") is None
        if element is not root:
            assert element.get("class") is None
    for ref in re.findall(r"url\(([^)]*)\)", svg):
        assert ref.startswith("#m-")
    assert "href" not in svg  # no emoji callback: nothing referenced
    for text in root.iter(f"{SVG_NS}text"):
        assert text.get("font-family") == FONT_FAMILY
        assert text.get("font-size") == "16"
        assert text.get("fill")
        assert text.get("dominant-baseline") is None


def test_title_and_description() -> None:
    diagram = render("graph TD\nA[Début] --> B[Fin]\nB --> C")
    assert diagram.title == "Diagramme"
    assert "Début" in diagram.desc and "Fin" in diagram.desc and "C" in diagram.desc
    assert "Début → Fin" in diagram.desc and "Fin → C" in diagram.desc


def test_acc_title_and_description() -> None:
    diagram = render("graph TD\naccTitle: Architecture CRI\naccDescr: Trois couches\nA --> B")
    assert diagram.title == "Architecture CRI"
    assert diagram.desc.startswith("Trois couches")


def test_id_prefix_makes_ids_unique() -> None:
    source = "graph TD\nA --> B\nA --o C\nA --x D\nA <--> E\nlinkStyle 0 stroke:#f00"
    ids = []
    for prefix in ("one", "two"):
        root = ET.fromstring(render_mermaid(source, id_prefix=prefix))
        own = [e.get("id") for e in root.iter() if e.get("id")]
        assert own and all(i.startswith(f"{prefix}-") for i in own)
        assert len(own) == len(set(own))
        ids += own
    assert len(ids) == len(set(ids))


# --------------------------------------------------------------------------- shapes
@pytest.mark.parametrize(
    ("text", "tag", "points"),
    [
        pytest.param("A[x]", "rect", 4, id="rect"),
        pytest.param("A(x)", "rect", 4, id="round"),
        pytest.param("A([x])", "rect", 4, id="stadium"),
        pytest.param("A[[x]]", "rect", 4, id="subroutine"),
        pytest.param("A[(x)]", "path", 97, id="cylinder"),
        pytest.param("A((x))", "circle", 96, id="circle"),
        pytest.param("A(((x)))", "circle", 96, id="double-circle"),
        pytest.param("A>x]", "polygon", 5, id="asymmetric"),
        pytest.param("A{x}", "polygon", 4, id="rhombus"),
        pytest.param("A{{x}}", "polygon", 6, id="hexagon"),
        pytest.param("A[/x/]", "polygon", 4, id="parallelogram"),
        pytest.param("A[\\x\\]", "polygon", 4, id="parallelogram-alt"),
        pytest.param("A[/x\\]", "polygon", 4, id="trapezoid"),
        pytest.param("A[\\x/]", "polygon", 4, id="trapezoid-alt"),
    ],
)
def test_shape_elements(text: str, tag: str, points: int) -> None:
    node = render(f"graph TD\n{text} --> B").nodes["A"]
    assert (node.tag, len(node.outline)) == (tag, points)
    assert (node.fill, node.stroke, node.stroke_width) == (NODE_FILL, NODE_STROKE, 1.0)
    assert node.lines[0].fill == TEXT_COLOR


def test_shape_details() -> None:
    root = ET.fromstring(
        render_mermaid("graph TD\nA(r) --> B([s]) --> C[[t]] --> D(((u))) --> E[(v)]")
    )
    groups = {g.get("data-id"): g for g in root.iter(f"{SVG_NS}g") if g.get("data-id")}
    assert groups["A"][0].get("rx") == "5"
    stadium = groups["B"][0]
    assert float(stadium.get("rx", 0)) == pytest.approx(
        float(stadium.get("height", 0)) / 2, abs=0.01
    )
    assert [c.tag.removeprefix(SVG_NS) for c in groups["C"]][:3] == ["rect", "line", "line"]
    assert [c.tag.removeprefix(SVG_NS) for c in groups["D"]][:2] == ["circle", "circle"]
    assert [c.tag.removeprefix(SVG_NS) for c in groups["E"]][:2] == ["path", "path"]


# --------------------------------------------------------------------------- edges
@pytest.mark.parametrize(
    ("link", "start", "end", "dashed", "width"),
    [
        pytest.param("-->", None, "arrow", False, 2.0, id="arrow"),
        pytest.param("---", None, None, False, 2.0, id="open"),
        pytest.param("-.->", None, "arrow", True, 2.0, id="dotted"),
        pytest.param("-.-", None, None, True, 2.0, id="dotted-open"),
        pytest.param("==>", None, "arrow", False, 3.5, id="thick"),
        pytest.param("===", None, None, False, 3.5, id="thick-open"),
        pytest.param("--o", None, "circle", False, 2.0, id="circle"),
        pytest.param("--x", None, "cross", False, 2.0, id="cross"),
        pytest.param("<-->", "arrow", "arrow", False, 2.0, id="both-arrows"),
        pytest.param("o--o", "circle", "circle", False, 2.0, id="both-circles"),
        pytest.param("x--x", "cross", "cross", False, 2.0, id="both-crosses"),
    ],
)
def test_edge_drawing(
    link: str, start: str | None, end: str | None, dashed: bool, width: float
) -> None:
    svg = render_mermaid(f"graph TD\nA {link} B")
    diagram = read_svg(svg)
    (edge,) = diagram.edges
    assert (edge.start, edge.end) == (start or "none", end or "none")
    assert edge.colour == EDGE_COLOR and edge.width == width
    assert (edge.dasharray is not None) == dashed
    root = ET.fromstring(svg)
    markers = {m.get("id"): m for m in root.iter(f"{SVG_NS}marker")}
    for ref, kind in ((edge.marker_start, start), (edge.marker_end, end)):
        assert (ref is None) == (kind is None)
        if ref:
            marker = markers[ref[5:-1]]
            assert kind in marker.get("id", "")
            assert marker.get("orient") == "auto"
            assert marker.get("markerUnits") == "userSpaceOnUse"
    a, b = diagram.nodes["A"], diagram.nodes["B"]
    assert a.contains(edge.first, tolerance=(MARKER_LENGTH if start else 0) + 0.6)
    assert b.contains(edge.last, tolerance=(MARKER_LENGTH if end else 0) + 0.6)


def test_invisible_link_is_not_drawn_but_placed() -> None:
    diagram = render("graph TD\nA ~~~ B")
    assert diagram.edges == []
    assert diagram.nodes["B"].center[1] > diagram.nodes["A"].bbox[3]


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("graph TD\nA -->|oui| B", id="pipe"),
        pytest.param("graph TD\nA -- oui --> B", id="text"),
        pytest.param("graph LR\nA -. oui .-> B", id="dotted-LR"),
        pytest.param("graph TD\nA == oui ==> B\nA --> C --> B", id="thick-long"),
    ],
)
def test_edge_label_box(source: str) -> None:
    diagram = render(source)
    (box, text) = diagram.edge_labels[0]
    assert text == "oui"
    x0, y0, x1, y1 = box
    assert x1 - x0 > 20 and y1 - y0 > 20
    for node in diagram.nodes.values():
        nx0, ny0, nx1, ny1 = node.bbox
        assert not (x0 < nx1 and nx0 < x1 and y0 < ny1 and ny0 < y1)
    edge = diagram.edges[0]
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    assert min(abs(px - cx) + abs(py - cy) for px, py in edge.points) < 1.0


def test_self_loop_is_drawn() -> None:
    diagram = render("graph TD\nA --> A")
    (edge,) = diagram.edges
    assert diagram.nodes["A"].contains(edge.first, tolerance=0.6)
    assert diagram.nodes["A"].contains(edge.last, tolerance=MARKER_LENGTH + 0.6)
    assert max(x for x, _ in edge.points) > diagram.nodes["A"].bbox[2] + 10


# --------------------------------------------------------------------------- styles
def test_style_line_colours_everything() -> None:
    diagram = render(
        "graph TD\nA --> B\nstyle A fill:#f9f,stroke:#333,stroke-width:4px,color:#fff,"
        "stroke-dasharray:5 5,font-weight:bold"
    )
    node = diagram.nodes["A"]
    assert (node.fill, node.stroke, node.stroke_width, node.dasharray) == (
        "#f9f",
        "#333",
        4.0,
        "5 5",
    )
    assert all(line.fill == "#fff" and line.bold for line in node.lines)
    assert diagram.nodes["B"].fill == NODE_FILL


@pytest.mark.parametrize(
    ("source", "node", "fill", "stroke"),
    [
        pytest.param(
            "A:::hot --> B\nclassDef hot fill:#f00,stroke:#0f0", "A", "#f00", "#0f0", id="shorthand"
        ),
        pytest.param(
            "A --> B\nclass A,B hot\nclassDef hot fill:#f00", "B", "#f00", NODE_STROKE, id="class"
        ),
        pytest.param("A --> B\nclassDef default fill:#abc", "B", "#abc", NODE_STROKE, id="default"),
        pytest.param(
            "A:::hot --> B\nclassDef hot fill:#f00\nstyle A fill:#00f",
            "A",
            "#00f",
            NODE_STROKE,
            id="style-wins",
        ),
        pytest.param(
            "A:::b --> B\nclassDef a,b stroke:#123", "A", NODE_FILL, "#123", id="classdef-list"
        ),
        pytest.param(
            "A --> B\nstyle A fill:var(--x),stroke:u",
            "A",
            NODE_FILL,
            NODE_STROKE,
            id="undrawn-values-keep-the-theme",
        ),
    ],
)
def test_class_styles(source: str, node: str, fill: str, stroke: str) -> None:
    drawn = render(f"graph TD\n{source}").nodes[node]
    assert (drawn.fill, drawn.stroke) == (fill, stroke)


def test_link_style_colours_path_marker_and_label() -> None:
    svg = render_mermaid(
        "graph TD\nA -->|x| B --> C\nlinkStyle 0 stroke:#f00,stroke-width:3px,color:#00f\n"
        "linkStyle default stroke:#0a0"
    )
    diagram = read_svg(svg)
    first, second = diagram.edges
    assert (first.colour, first.width) == ("#f00", 3.0)
    assert second.colour == "#0a0"
    root = ET.fromstring(svg)
    marker = next(
        m for m in root.iter(f"{SVG_NS}marker") if f"url(#{m.get('id')})" == first.marker_end
    )
    assert marker[0].get("fill") == "#f00"
    label = next(g for g in root.iter(f"{SVG_NS}g") if g.get("data-edge-label") == "0")
    assert label.find(f"{SVG_NS}text").get("fill") == "#00f"  # type: ignore[union-attr]


def test_subgraph_default_and_custom_colours() -> None:
    diagram = render(
        "graph TD\nsubgraph a\nA\nend\nsubgraph b\nB\nend\nstyle b fill:#eef,stroke:#00f"
    )
    assert (diagram.clusters["a"].fill, diagram.clusters["a"].stroke) == (
        CLUSTER_FILL,
        CLUSTER_STROKE,
    )
    assert (diagram.clusters["b"].fill, diagram.clusters["b"].stroke) == ("#eef", "#00f")


# --------------------------------------------------------------------------- text
def test_long_labels_wrap_at_spaces() -> None:
    label = "Une étiquette vraiment très longue qui doit passer à la ligne"
    node = render(f"graph TD\nA[{label}]").nodes["A"]
    assert len(node.lines) >= 2
    assert all(len(line.text) <= 28 for line in node.lines)
    assert " ".join(line.text for line in node.lines) == label
    assert_labels_inside(node)


def test_br_breaks_lines_and_text_is_centred() -> None:
    node = render("graph TD\nA[un<br>deux<br/>trois]").nodes["A"]
    assert [line.text for line in node.lines] == ["un", "deux", "trois"]
    cx = node.center[0]
    for line in node.lines:
        assert (line.x0 + line.x1) / 2 == pytest.approx(cx, abs=0.01)
    baselines = [line.y1 for line in node.lines]
    assert baselines[1] - baselines[0] == pytest.approx(24, abs=0.01)


def test_text_is_escaped() -> None:
    svg = render_mermaid('graph TD\nA["a < b & c > d"]')
    assert "a &lt; b &amp; c &gt; d" in svg
    assert read_svg(svg).nodes["A"].text == "a < b & c > d"


def test_bold_text_is_measured_bold() -> None:
    plain = render("graph TD\nA[Largeur du texte]").nodes["A"]
    bold = render("graph TD\nA[Largeur du texte]\nstyle A font-weight:bold").nodes["A"]
    assert bold.bbox[2] - bold.bbox[0] > plain.bbox[2] - plain.bbox[0]
    assert_labels_inside(bold)


# --------------------------------------------------------------------------- emoji
DATA = "data:image/svg+xml;base64,PHN2Zy8+"


def test_emoji_become_images_with_callback() -> None:
    seen: list[str] = []

    def href(symbol: str) -> str | None:
        seen.append(symbol)
        return DATA

    svg = render_uncached("graph TD\nA[🐳 Docker] -->|ok ✅| B", emoji_href=href)
    diagram = read_svg(svg)
    node = diagram.nodes["A"]
    assert len(node.images) == 1
    x0, y0, x1, y1 = node.images[0]
    assert (x1 - x0, y1 - y0) == (16, 16)
    assert node.text == "Docker" and node.lines[0].x0 >= x1
    assert set(seen) == {"🐳", "✅"}
    images = list(ET.fromstring(svg).iter(f"{SVG_NS}image"))
    assert len(images) == 2 and all(i.get("href") == DATA for i in images)
    texts = [t.text or "" for t in ET.fromstring(svg).iter(f"{SVG_NS}text")]
    assert not any("🐳" in t or "✅" in t for t in texts)


@pytest.mark.parametrize(
    "callback",
    [
        pytest.param(None, id="no-callback"),
        pytest.param(lambda symbol: None, id="callback-declines"),
        pytest.param(lambda symbol: "https://example.com/x.svg", id="not-a-data-uri"),
    ],
)
def test_emoji_stay_text(callback: object) -> None:
    svg = render_uncached("graph TD\nA[🐳 Docker]", emoji_href=callback)  # type: ignore[arg-type]
    assert "<image" not in svg and "🐳 Docker" in svg


def test_emoji_measured_one_em() -> None:
    with_emoji = render("graph TD\nA[🐳 x]").nodes["A"]
    without = render("graph TD\nA[x]").nodes["A"]
    space = 16 * 0.28  # Inter's space is 0.28 em (573 / 2048 units)
    width = lambda n: n.bbox[2] - n.bbox[0]  # noqa: E731
    assert width(with_emoji) - width(without) == pytest.approx(16 + space, abs=0.5)


# --------------------------------------------------------------------------- cache
def test_results_are_cached() -> None:
    source = "graph TD\nCache --> Hit"
    first = render_mermaid(source, id_prefix="cache")
    assert render_mermaid(source, id_prefix="cache") is first
    assert render_mermaid(source, id_prefix="other") is not first
    assert render_uncached(source, id_prefix="cache") == first
