"""stateDiagram-v2 / stateDiagram: syntax, errors, bounds and the geometry of the drawing."""

from __future__ import annotations

import itertools
import math
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from coursebuild.cli import cli
from coursebuild.mermaid import MermaidError, render_mermaid
from coursebuild.mermaid.diagram import PlacedDiagram
from coursebuild.mermaid.geometry import Box
from coursebuild.mermaid.layout import compute_layout
from coursebuild.mermaid.routing import route
from coursebuild.mermaid.state import is_state
from coursebuild.mermaid.state.chart import to_flowchart
from coursebuild.mermaid.state.model import ROOT, StateDiagram
from coursebuild.mermaid.state.parser import parse
from tests.conftest import write_course

FULL = """stateDiagram-v2
    [*] --> Still
    Still --> [*]
    Still --> Moving : push
    Moving --> Still
    Moving --> Crash
    Crash --> [*]
    state "Long label" as LL
    LL : first line
    LL : second line
    Moving --> LL
    state Active {
        [*] --> NumLockOff
        NumLockOff --> NumLockOn : EvNumLockPressed
        --
        [*] --> CapsLockOff
        CapsLockOff --> CapsLockOn : EvCapsLockPressed
    }
    LL --> Active
    state fork_state <<fork>>
    state join_state <<join>>
    state if_state <<choice>>
    Active --> fork_state
    fork_state --> A
    fork_state --> B
    A --> join_state
    B --> join_state
    join_state --> if_state
    if_state --> C : n < 0
    if_state --> D : n >= 0
    note right of C : a note
    note left of D
        several
        lines
    end note"""


def states(source: str) -> dict[str, tuple[str, str, list[str]]]:
    """id -> (kind, parent, descriptions)."""
    return {s.id: (s.kind, s.parent, s.descriptions) for s in parse(source).states.values()}


def transitions(source: str) -> list[tuple[str, str, str]]:
    return [(t.source, t.target, t.label) for t in parse(source).transitions]


def layout(source: str) -> tuple[StateDiagram, PlacedDiagram]:
    diagram = parse(source)
    return diagram, compute_layout(to_flowchart(diagram))


def error(source: str) -> MermaidError:
    with pytest.raises(MermaidError) as info:
        render_mermaid(source)
    return info.value


# -- headers -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("stateDiagram-v2\n  a --> b", True),
        ("stateDiagram\n  a --> b", True),
        ("---\ntitle: T\n---\n%% c\nstateDiagram-v2\n  a", True),
        ("%%{init: {'theme': 'dark'}}%%\nstateDiagram-v2\n  a", True),
        ("stateDiagram-v3\n  a", False),
        ("flowchart TD\n  a --> b", False),
    ],
)
def test_header(source: str, expected: bool) -> None:
    assert is_state(source) is expected


# -- syntax --------------------------------------------------------------------
def test_states_transitions_and_labels() -> None:
    found = states(FULL)
    assert found["Still"] == ("state", ROOT, [])
    assert found["LL"] == ("state", ROOT, ["Long label", "first line", "second line"])
    assert found["fork_state"][0] == "fork" and found["join_state"][0] == "join"
    assert found["if_state"][0] == "choice"
    assert ("Still", "Moving", "push") in transitions(FULL)
    assert ("if_state", "C", "n < 0") in transitions(FULL)


def test_start_and_end_are_named_after_their_scope() -> None:
    source = "stateDiagram-v2\n[*] --> A\nA --> [*]\nstate A {\n  [*] --> a\n  a --> [*]\n}"
    assert transitions(source) == [
        ("root_start", "A", ""), ("A", "root_end", ""), ("A_start", "a", ""), ("a", "A_end", ""),
    ]  # fmt: skip
    assert states(source)["A_start"] == ("start", "A", [])
    assert states(source)["root_end"] == ("end", ROOT, [])


def test_nested_composites_and_regions() -> None:
    source = (
        "stateDiagram-v2\nstate First {\n  state Second {\n    s\n  }\n}\n"
        "state Conc {\n  x\n  --\n  y\n  --\n  z\n}"
    )
    found = states(source)
    assert found["Second"][1] == "First" and found["s"][1] == "Second"
    regions = [name for name, (kind, parent, _) in found.items() if kind == "region"]
    assert len(regions) == 3 and all(found[r][1] == "Conc" for r in regions)
    assert [found[n][1] for n in "xyz"] == regions


def test_description_lines_draw_the_name_in_bold_over_them() -> None:
    chart = to_flowchart(parse("stateDiagram-v2\ns1 : first\ns1 : second\ns2 : only"))
    assert chart.nodes["s1"].label == "\ue000first\ue001\nsecond"
    assert chart.nodes["s2"].label == "only"


def test_notes() -> None:
    notes = parse(FULL).notes
    assert [(n.target, n.position, n.text) for n in notes] == [
        ("C", "right of", "a note"), ("D", "left of", "several\nlines"),
    ]  # fmt: skip
    chart = to_flowchart(parse(FULL))
    dotted = [e for e in chart.edges if e.stroke == "dotted"]
    assert [(e.source, e.target, e.end) for e in dotted] == [
        ("C", "C----note-0", None), ("D----note-1", "D", None),
    ]  # fmt: skip


def test_direction_top_level_and_in_a_composite() -> None:
    diagram = parse(
        "stateDiagram-v2\ndirection LR\nstate X {\n  direction BT\n  a\n}\nstate Y {\n b\n}"
    )
    assert diagram.direction == "LR"
    assert diagram.states["X"].direction == "BT"
    assert diagram.states["Y"].direction == "TB"  # as mermaid: a composite is TB by default


def test_fork_is_drawn_across_the_flow_left_to_right() -> None:
    chart = to_flowchart(parse("stateDiagram-v2\ndirection LR\nstate f <<fork>>\nf --> a"))
    assert chart.nodes["f"].shape == "state-fork-across"
    chart = to_flowchart(parse("stateDiagram-v2\nstate f <<fork>>\nf --> a"))
    assert chart.nodes["f"].shape == "fork"


def test_classes_and_styles() -> None:
    source = (
        "stateDiagram-v2\nclassDef bad fill:#f00,color:white\na --> b:::bad\n"
        "class a, c bad\nstyle b stroke:#00f"
    )
    diagram = parse(source)
    assert diagram.states["a"].classes == ["bad"] and diagram.states["b"].classes == ["bad"]
    assert "c" not in diagram.states  # as mermaid: a class alone draws no state
    assert diagram.states["b"].style == {"stroke": "#00f"}
    assert diagram.class_defs["bad"] == {"fill": "#f00", "color": "white"}
    assert 'fill="#f00"' in render_mermaid(source)


def test_comments_accessibility_front_matter_and_ignored_lines() -> None:
    source = (
        "---\ntitle: Machine\n---\nstateDiagram-v2\n%% a comment\nhide empty description\n"
        "scale 350 width\naccTitle: Accessible\naccDescr {\n  several\n  lines\n}\n"
        "a --> b : 50%% off\nb --> c %% gone"
    )
    diagram = parse(source)
    assert diagram.heading == "Machine" and diagram.title == "Accessible"
    assert diagram.description == "several\nlines"
    assert transitions(source) == [("a", "b", "50%% off"), ("b", "c", "")]
    svg = render_mermaid(source)
    assert '<title id="m-title">Accessible</title>' in svg and ">Machine</text>" in svg


def test_several_statements_on_a_line_and_a_name_over_lines() -> None:
    assert sorted(states("stateDiagram-v2\na b\na --> b class a c")) == ["a", "b"]
    source = 'stateDiagram-v2\nstate "two\nlines" as t\nt --> u'
    assert states(source)["t"][2] == ["two\nlines"]


def test_a_state_without_body_is_drawn_though_mermaid_draws_nothing() -> None:
    diagram = parse("stateDiagram-v2\nstate foo\nstate bar : waiting\nstate a b\nc")
    assert [(s.id, s.descriptions) for s in diagram.states.values()] == [
        ("foo", []), ("bar", ["waiting"]), ("c", []),
    ]  # fmt: skip
    assert [line for line, _ in diagram.warnings] == [4]  # 'state a b' declares nothing


def test_brace_on_the_next_line_opens_the_body() -> None:
    assert states("stateDiagram-v2\nstate X\n{\n  a\n}")["a"][1] == "X"


def test_first_mention_sets_the_shape_as_mermaid_does() -> None:
    assert states("stateDiagram-v2\na --> f\nstate f <<fork>>")["f"][0] == "state"


# -- errors --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("source", "line", "words"),
    [
        ("stateDiagram-v2\na\nstate X {\n  b\n", 3, "expected '}' to close state 'X'"),
        ("stateDiagram-v2\na\n}", 3, "no composite state is open"),
        ("stateDiagram-v2\na\n--\nb", 3, "inside a composite state only"),
        ("stateDiagram-v2\na -> b", 2, "unexpected '-'"),
        ("stateDiagram-v2\nnote left of a\n  text", 2, "unclosed note"),
        ("stateDiagram-v2\ndirection XY", 2, "unknown direction"),
        ("stateDiagram-v2\na\nstyle a fill:url(#x)", 3, "refused 'url('"),
        ("stateDiagram-v2\nclassDef c background:image-set('x.png')", 2, "refused"),
        ("stateDiagram-v2\na --> ", 2, "expected a state after '-->'"),
        ("stateDiagram-v2\na:::", 2, "class name after ':::'"),
        ('stateDiagram-v2\nstate "N" as X {\n a\n}\nX : d', 5, "takes a name only"),
        ("---\ntitle: T\n---\n\nstateDiagram-v2\n\n  a b --> :", 7, "expected a state"),
    ],
)
def test_errors_at_their_line(source: str, line: int, words: str) -> None:
    found = error(source)
    assert found.line == line and words in found.message, found


# -- bounds --------------------------------------------------------------------
def test_nesting_bound() -> None:
    source = "stateDiagram-v2\n" + "".join(f"state S{i} {{\n" for i in range(60)) + "}\n" * 60
    assert error(source).line == 52


def test_state_bound() -> None:
    source = "stateDiagram-v2\n" + "\n".join(f"s{i} --> s{i + 1}" for i in range(3000))
    found = error(source)
    assert found.line == 2501 and "bound" in found.message


def test_label_bound() -> None:
    source = "stateDiagram-v2\n" + "\n".join(f"s{i} : " + "x" * 2000 for i in range(60))
    assert error(source).line == 52


# -- drawing -------------------------------------------------------------------
def _distance_to_outline(point: tuple[float, float], outline: tuple) -> float:
    best = math.inf
    for a, b in zip(outline, outline[1:] + outline[:1], strict=True):
        dx, dy = b[0] - a[0], b[1] - a[1]
        length = dx * dx + dy * dy or 1e-9
        t = max(0.0, min(1.0, ((point[0] - a[0]) * dx + (point[1] - a[1]) * dy) / length))
        best = min(best, math.dist(point, (a[0] + t * dx, a[1] + t * dy)))
    return best


def _box_outline(box: Box) -> tuple:
    return ((box.left, box.top), (box.right, box.top), (box.right, box.bottom),
            (box.left, box.bottom))  # fmt: skip


def _disjoint(a: Box, b: Box) -> bool:
    return a.right <= b.left or b.right <= a.left or a.bottom <= b.top or b.bottom <= a.top


def _inside(inner: Box, outer: Box) -> bool:
    return (outer.left <= inner.left and inner.right <= outer.right
            and outer.top <= inner.top and inner.bottom <= outer.bottom)  # fmt: skip


@pytest.mark.parametrize("direction", ["TB", "LR"])
def test_geometry_is_sound(direction: str) -> None:
    """No overlapping states, labels inside their shapes, states inside their composite and
    clear of the others, edges ending on the border of their state or composite."""
    diagram, placed = layout(
        FULL.replace("stateDiagram-v2", f"stateDiagram-v2\ndirection {direction}")
    )
    nodes = placed.nodes
    for a, b in itertools.combinations(nodes.values(), 2):
        assert _disjoint(a.box, b.box), (a.id, b.id)
    for node in (n for n in nodes.values() if n.geometry.labelled):
        assert node.text.width <= node.box.width and node.text.height <= node.box.height
    clusters = {c.id: c for c in placed.clusters}
    assert set(clusters) == {s.id for s in diagram.states.values() if s.composite}
    for state in diagram.states.values():
        box = nodes[state.id].box if state.id in nodes else clusters[state.id].box
        for cluster in clusters.values():
            ancestors, scope = set(), state.parent
            while scope != ROOT:
                ancestors.add(scope)
                scope = diagram.states[scope].parent
            if cluster.id in ancestors:
                assert _inside(box, cluster.box), (state.id, cluster.id)
            elif cluster.id != state.id and not state.composite:
                assert _disjoint(box, cluster.box), (state.id, cluster.id)
    for edge in placed.edges:
        path = route(edge)
        for end, tip in (
            (edge.plan.edge.source, path.tip_start),
            (edge.plan.edge.target, path.tip_end),
        ):
            outline = nodes[end].outline() if end in nodes else _box_outline(clusters[end].box)
            assert _distance_to_outline(tip, outline) < 1.5, (edge.plan.edge, end)


def test_marks_and_notes_are_drawn() -> None:
    svg = render_mermaid(FULL)
    assert svg.count('data-shape="sm_circ"') == 3 and svg.count('data-shape="fr_circ"') == 1
    assert svg.count('data-shape="fork"') == 2 and svg.count('data-shape="diamond"') == 1
    assert svg.count('fill="#fff5ad"') == 2  # the notes
    assert 'stroke-dasharray="5 5"' in svg  # the concurrency regions
    assert ">several</text>" in svg and ">Long label</tspan>" in svg


def test_emoji_drawn_through_emoji_href() -> None:
    def href(symbol: str) -> str:
        return "data:image/svg+xml;base64,AAAA"

    svg = render_mermaid("stateDiagram-v2\na --> b : go 🚀\nb : done ✅", emoji_href=href)
    assert svg.count("<image ") == 2


def test_ids_are_prefixed_and_output_deterministic() -> None:
    svg = render_mermaid(FULL, id_prefix="st9")
    ids = re.findall(r'(?<![\w-])id="([^"]+)"', svg)
    assert ids and all(i.startswith("st9-") for i in ids)
    assert svg == render_mermaid(FULL, id_prefix="st9")
    assert 'data-diagram="state"' in svg


def test_chapter_with_a_state_diagram_builds_without_warning(tmp_path: Path) -> None:
    chapter = "# Porte\n\n```mermaid\nstateDiagram-v2\n  [*] --> Fermée\n" \
              "  Fermée --> Ouverte : ouvrir\n  Ouverte --> Fermée : fermer\n```\n"  # fmt: skip
    course = write_course(tmp_path / "c", {"s": chapter})
    result = CliRunner().invoke(cli, ["slides", "--source", str(course), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "warning:" not in result.output
    deck = (tmp_path / "slides" / "s.html").read_text(encoding="utf-8")
    svg = re.search(r"<svg [^>]*data-diagram=\"state\".*?</svg>", deck, re.S)
    assert svg is not None and ">Ouverte</text>" in svg.group(0)
    assert '<pre class="mermaid">' not in deck


def test_error_is_reported_at_the_markdown_line(tmp_path: Path) -> None:
    chapter = "# S\n\n```mermaid\nstateDiagram-v2\n  a --> b\n  a -> c\n```\n"
    course = write_course(tmp_path / "c", {"s": chapter})
    result = CliRunner().invoke(cli, ["slides", "--source", str(course), "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "s.md:6: mermaid: unexpected '-'" in result.output


def test_links_floating_notes_and_styled_composites() -> None:
    source = (
        'stateDiagram-v2\nstate X {\n  a\n}\nnote "free" as N1\n'
        'click a "https://example.org" "tip"\nclick X "javascript:alert(1)"\n'
        "classDef hot fill:#fdd\nclass X hot"
    )
    diagram = parse(source)
    assert diagram.states["a"].link == "https://example.org"
    assert diagram.warnings[0][0] == 7  # the refused link, at its line
    svg = render_mermaid(source)
    assert svg.count("<a href=") == 1 and "javascript" not in svg
    assert ">free</text>" in svg and 'fill="#fdd"' in svg


def test_theme_from_a_directive_anywhere_and_the_page_theme() -> None:
    source = "stateDiagram-v2\na --> b\n%%{init: {'themeVariables': {'mainBkg': '#abcdef'}}}%%"
    assert 'fill="#abcdef"' in render_mermaid(source)
    dark = render_mermaid("stateDiagram-v2\na --> b", theme="dark")
    assert 'fill="#1f2020"' in dark


def test_what_is_not_drawn_is_a_warning_and_the_across_bar_is_not_a_flowchart_shape() -> None:
    from coursebuild.mermaid import diagram_warnings

    warnings = diagram_warnings("stateDiagram-v2\n  state a b\n  [*] --> a\n")
    assert [line for line, _ in warnings] == [2] and "declares nothing" in warnings[0][1]
    with pytest.raises(MermaidError, match="no such shape"):
        render_mermaid("flowchart LR\n  A@{ shape: state-fork-across }\n")


@pytest.mark.parametrize("direction", ["TB", "BT"])
def test_a_note_sits_on_its_side_level_with_its_state_in_a_vertical_flow(direction: str) -> None:
    """As mermaid draws it: 'right of' on the right, 'left of' on the left, whatever the
    ordering of the layered layout, and a tall note pushes the next state away."""
    from coursebuild.mermaid.state.beside import lay_out

    tall = "\n".join(f"    ligne {n}" for n in range(5))
    source = (f"stateDiagram-v2\n  direction {direction}\n  [*] --> Active\n  Active --> Done\n"
              f"  note right of Active\n{tall}\n  end note\n  note right of Done : à droite\n"
              "  note left of Done : à gauche\n  Done --> [*]\n")
    _, placed = lay_out(parse(source))
    notes = {key.split("----")[0] + "/" + placed.nodes[key].text.lines[0]: placed.nodes[key].box
             for key in placed.nodes if "----note-" in key}  # fmt: skip
    active, done = placed.nodes["Active"].box, placed.nodes["Done"].box
    assert notes["Active/ligne 0"].left > active.right
    assert notes["Done/à droite"].left > done.right and notes["Done/à gauche"].right < done.left
    assert abs(notes["Active/ligne 0"].cy - active.cy) < 0.5
    boxes = [node.box for node in placed.nodes.values()]
    for a, b in itertools.combinations(boxes, 2):
        assert a.right <= b.left or b.right <= a.left or a.bottom <= b.top or b.bottom <= a.top
    svg = render_mermaid(source)
    assert svg.count("stroke-dasharray") >= 3  # the three dotted ties
