"""classDiagram: parsing (classes, members, generics, classifiers, annotations, relations,
cardinalities, namespaces, notes, styles, ignored interactions, errors at their line), the
geometry of the drawing (no overlaps, text inside its box, links ending on box borders,
markers at the right end) and the SVG itself."""

from __future__ import annotations

import contextlib
import itertools
import math
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from coursebuild.cli import cli
from coursebuild.mermaid import MermaidError, render_mermaid
from coursebuild.mermaid.classdiagram import bounds, is_class
from coursebuild.mermaid.classdiagram.layout import ClassLayout, compute_layout
from coursebuild.mermaid.classdiagram.parser import generic_types, parse
from coursebuild.mermaid.geometry import Box
from tests.conftest import write_course

ANIMALS = """---
title: Animal example
---
classDiagram
    note "From Duck till Zebra"
    Animal <|-- Duck
    note for Duck "can fly<br>can swim"
    Animal <|-- Fish
    Animal "1" *-- "many" Zebra : has
    Animal : +int age
    Animal : +String gender
    Animal: +isMammal() bool
    Animal: +mate()
    class Duck{
        +String beakColor
        +swim()
        +quack()
    }
    class Zebra{
        +bool is_wild
        +run()
    }"""

KINDS = """classDiagram
    classA <|-- classB : Inheritance
    classC *-- classD : Composition
    classE o-- classF : Aggregation
    classG <-- classH : Association
    classI -- classJ : Link(Solid)
    classK <.. classL : Dependency
    classM <|.. classN : Realization
    classO .. classP : Link(Dashed)"""

NAMESPACES = """classDiagram
    namespace Company {
        namespace Engineering {
            class TechLead {
                +planSprint()
            }
        }
    }
    namespace Shapes["Base shapes"] {
        class Triangle
        class Rectangle {
          double width
        }
    }
    TechLead --> Triangle : draws"""


def _layout(source: str) -> ClassLayout:
    return compute_layout(parse(source))


# -- syntax ------------------------------------------------------------------------------


def test_header_detection() -> None:
    assert is_class("classDiagram\n  A <|-- B")
    assert is_class("---\ntitle: T\n---\n%% comment\nclassDiagram-v2\n  class A")
    assert is_class('%%{init: {"theme": "dark"}}%%\nclassDiagram\n  class A')
    assert not is_class("classDiagramX\n  class A")
    assert not is_class("flowchart LR\n  A --> B")


def test_members_methods_and_classifiers() -> None:
    chart = parse(ANIMALS)
    animal = chart.classes["Animal"]
    assert [m.text for m in animal.members] == ["+int age", "+String gender"]
    assert [m.text for m in animal.methods] == ["+isMammal() : bool", "+mate()"]
    duck = chart.classes["Duck"]
    assert [m.text for m in duck.members] == ["+String beakColor"]
    assert [m.text for m in duck.methods] == ["+swim()", "+quack()"]
    shape = parse("classDiagram\n class S {\n  someAbstract()*\n  someStatic()$ int\n"
                  "  +count$\n  -secret*\n }").classes["S"]  # fmt: skip
    assert [(m.text, m.classifier) for m in shape.methods] == [
        ("someAbstract()", "*"),
        ("someStatic() : int", "$"),
    ]
    assert [(m.text, m.classifier) for m in shape.members] == [("+count", "$"), ("-secret", "*")]
    assert chart.title == "Animal example"


def test_generics_in_names_and_members() -> None:
    chart = parse("classDiagram\n class Square~Shape~{\n  List~int~ position\n"
                  "  getMatrix() List~List~int~~\n }\n Square~Shape~ <|-- Cube")  # fmt: skip
    square = chart.classes["Square"]
    assert square.label == "Square<Shape>" and square.generic == "Shape"
    assert square.members[0].text == "List<int> position"
    assert square.methods[0].text == "getMatrix() : List<List<int>>"
    assert (chart.relations[0].id1, chart.relations[0].id2) == ("Square", "Cube")
    assert generic_types("Map~K, V~") == "Map<K, V>"


def test_annotations_inline_and_separate() -> None:
    chart = parse("classDiagram\n class Shape {\n  <<interface>>\n  draw()\n }\n"
                  " <<enumeration>> Color\n class Color\n class Svc <<service>>")  # fmt: skip
    assert chart.classes["Shape"].annotations == ["interface"]
    assert chart.classes["Shape"].methods[0].text == "draw()"
    assert chart.classes["Color"].annotations == ["enumeration"]
    assert chart.classes["Svc"].annotations == ["service"]


def test_every_relation_kind_and_its_line() -> None:
    rels = parse(KINDS).relations
    assert [(r.type1, r.type2, r.dotted, r.title) for r in rels] == [
        ("extension", "none", False, "Inheritance"),
        ("composition", "none", False, "Composition"),
        ("aggregation", "none", False, "Aggregation"),
        ("dependency", "none", False, "Association"),
        ("none", "none", False, "Link(Solid)"),
        ("dependency", "none", True, "Dependency"),
        ("extension", "none", True, "Realization"),
        ("none", "none", True, "Link(Dashed)"),
    ]
    two_way = parse("classDiagram\n A <|--|> B\n C *..o D\n E --> F\n G ..|> H").relations
    assert [(r.type1, r.type2, r.dotted) for r in two_way] == [
        ("extension", "extension", False),
        ("composition", "aggregation", True),
        ("none", "dependency", False),
        ("none", "extension", True),
    ]


def test_cardinalities_labels_and_class_labels() -> None:
    chart = parse(ANIMALS + '\n    class Car["Car with *! symbols"]')
    zebra = chart.relations[2]
    assert (zebra.card1, zebra.card2, zebra.title) == ("1", "many", "has")
    assert chart.classes["Car"].label == "Car with *! symbols"


def test_lollipop_interfaces() -> None:
    chart = parse("classDiagram\n bar ()-- foo\n foo --() baz")
    interfaces = [c for c in chart.classes.values() if c.interface]
    assert [(c.id, c.label) for c in interfaces] == [("interface0", "bar"), ("interface1", "baz")]
    assert [(r.id1, r.id2) for r in chart.relations] == [
        ("interface0", "foo"),
        ("foo", "interface1"),
    ]


def test_namespaces_nested_and_labelled() -> None:
    chart = parse(NAMESPACES)
    assert list(chart.namespaces) == ["Company", "Company.Engineering", "Shapes"]
    assert chart.namespaces["Company.Engineering"].parent == "Company"
    assert chart.namespaces["Shapes"].label == "Base shapes"
    assert chart.classes["TechLead"].namespace == "Company.Engineering"
    assert chart.classes["Rectangle"].namespace == "Shapes"
    one_line = parse("classDiagram\n namespace N { class A }\n class B")
    assert one_line.classes["A"].namespace == "N" and one_line.classes["B"].namespace is None


def test_notes_direction_comments_and_accessibility() -> None:
    chart = parse(ANIMALS + '\n    direction RL\n    %% a comment\n    accTitle: Zoo\n'
                  "    accDescr {\n      animals\n      and more\n    }")  # fmt: skip
    assert [(n.text, n.target) for n in chart.notes] == [
        ("From Duck till Zebra", None),
        ("can fly\ncan swim", "Duck"),
    ]
    assert chart.direction == "RL"
    assert chart.acc_title == "Zoo" and chart.description == "animals\nand more"
    multi = parse('classDiagram\n note "first\nsecond"\n class `Du\nck`')
    assert multi.notes[0].text == "first\nsecond" and "Du\nck" in multi.classes


def test_styles_css_classes_and_ignored_interactions() -> None:
    chart = parse(
        'classDiagram\n class A:::pink\n class B\n cssClass "A,B" bold\n'
        " classDef pink fill:#f9f\n classDef bold stroke:#333,stroke-width:4px\n"
        ' style B fill:#bbf\n click A href "https://example.org"\n'
        ' link B "https://example.org"\n callback A "fn"\n click B call fn()'
    )
    assert chart.classes["A"].css_classes == ["pink", "bold"]
    assert chart.classes["B"].style == {"fill": "#bbf"}
    assert chart.class_defs["bold"] == {"stroke": "#333", "stroke-width": "4px"}
    svg = render_mermaid("classDiagram\n class A:::pink\n classDef pink fill:#ff99ff")
    assert 'fill="#ff99ff"' in svg
    assert "example.org" not in render_mermaid(
        'classDiagram\n class A\n click A href "https://example.org"'
    )


@pytest.mark.parametrize(
    ("source", "line", "message"),
    [
        ("classDiagram\n  class A\n  A <|-> B", 3, "expected a relation"),
        ("classDiagram\n  class A {\n  +x\n", 2, "unclosed class body"),
        ("classDiagram\n  namespace N {\n  class A\n", 2, "unclosed namespace"),
        ("classDiagram\n  class A\n  }", 3, "unexpected '}'"),
        ("classDiagram\n  A --> B : x\n  note for A", 3, "quoted text"),
        ("classDiagram\n  class A\n  style A fill:url(x.png)", 3, "refused"),
        ("classDiagram\n  classDef c background:image-set(x.png)", 2, "refused"),
        ("flowchart\n  class A", 1, None),
        ("classDiagram\n  A --> ", 2, "expected a class name"),
        ("classDiagram\n  class A {\n  x {\n  }", 3, "inside a class body"),
    ],
)
def test_errors_at_their_line(source: str, line: int, message: str | None) -> None:
    if message is None:
        assert not is_class(source)
        return
    with pytest.raises(MermaidError) as caught:
        parse(source)
    assert caught.value.line == line
    assert message in caught.value.message


def test_bounds_stop_at_the_line_that_crosses_them(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bounds, "MAX_CLASSES", 5)
    source = "classDiagram\n" + "\n".join(f"  class C{i}" for i in range(10))
    with pytest.raises(MermaidError) as caught:
        parse(source)
    assert caught.value.line == 7 and "more than 5 classes" in caught.value.message
    monkeypatch.setattr(bounds, "MAX_RELATIONS", 3)
    with pytest.raises(MermaidError) as caught:
        parse("classDiagram\n" + "\n".join(f"  A --> B{i}" for i in range(2)) + "\n" * 3
              + "\n".join(f"  C --> D{i}" for i in range(2)))  # fmt: skip
    assert caught.value.line == 7
    monkeypatch.setattr(bounds, "MAX_MEMBERS", 3)
    with pytest.raises(MermaidError) as caught:
        parse("classDiagram\n class A {\n  a\n  b\n  c\n  d\n }")
    assert caught.value.line == 6


def test_fuzzed_sources_never_crash() -> None:
    pieces = [
        "classDiagram",
        "class A {",
        "}",
        "A <|-- B",
        '"1"',
        "::: x",
        "<<i>>",
        "note",
        "namespace N {",
        "A : +x()",
        "~T~",
        "`q",
        '["l"]',
        "-->",
        "..|>",
        "()--",
        ":",
    ]
    for combo in itertools.islice(itertools.product(pieces, repeat=3), 2500):
        source = "classDiagram\n" + "\n".join(combo)
        with contextlib.suppress(MermaidError):
            render_mermaid(source)
    for combo in itertools.islice(itertools.permutations(pieces, 4), 2000):
        with contextlib.suppress(MermaidError):
            render_mermaid("classDiagram\n" + " ".join(combo))


# -- geometry ------------------------------------------------------------------------------


def _overlap(a: Box, b: Box) -> bool:
    return (
        a.left < b.right - 0.5
        and b.left < a.right - 0.5
        and a.top < b.bottom - 0.5
        and b.top < a.bottom - 0.5
    )


def _on_border(point: tuple[float, float], box: Box) -> bool:
    x, y = point
    inside = box.left - 1 <= x <= box.right + 1 and box.top - 1 <= y <= box.bottom + 1
    edge = min(abs(x - box.left), abs(x - box.right), abs(y - box.top), abs(y - box.bottom))
    return inside and edge < 1.0


SELF = 'classDiagram\n  A "1" --> "2" A : self\n  B --> A'


@pytest.mark.parametrize("source", [ANIMALS, KINDS, NAMESPACES, ANIMALS + "\n direction LR", SELF])
def test_no_overlaps_text_inside_and_links_on_borders(source: str) -> None:
    layout = _layout(source)
    boxes = [c.box for c in layout.classes.values()] + [n.box for n in layout.notes]
    for a, b in itertools.combinations(boxes, 2):
        assert not _overlap(a, b), (a, b)
    for placed in layout.classes.values():
        rows = placed.head + placed.members + placed.methods
        assert all(r.text.width <= placed.box.width - 2 for r in rows)
        if placed.dividers:
            top, bottom = placed.dividers
            assert placed.box.top < top < bottom < placed.box.bottom
            assert sum(r.text.height for r in placed.members) <= bottom - top
            assert sum(r.text.height for r in placed.methods) <= placed.box.bottom - bottom
    for note in layout.notes:
        assert note.text.width <= note.box.width and note.text.height <= note.box.height
    by_id = {c.node.id: c.box for c in layout.classes.values()}
    by_id |= {f"note:{i}": n.box for i, n in enumerate(layout.notes)}
    for rel in layout.relations:
        edge = rel.edge.plan.edge
        assert _on_border(rel.route.tip_start, by_id[edge.source])
        assert _on_border(rel.route.tip_end, by_id[edge.target])
    labels = [r.title.box() for r in layout.relations if r.title]
    labels += [c.box() for r in layout.relations for c in r.cards]
    for a, b in itertools.combinations(labels, 2):
        assert not _overlap(a, b)
    for label in labels:
        assert label.left >= 0 and label.right <= layout.width
        assert label.top >= 0 and label.bottom <= layout.height
        assert not any(_overlap(label, box) for box in boxes)


def test_namespaces_frame_their_classes() -> None:
    layout = _layout(NAMESPACES)
    frames = {c.id: c.box for c in layout.clusters}
    inner = frames["ns:Company.Engineering"]
    outer = frames["ns:Company"]
    assert outer.left <= inner.left and inner.right <= outer.right
    lead = layout.classes["TechLead"].box
    assert inner.left < lead.left and lead.right < inner.right
    assert inner.top < lead.top and lead.bottom < inner.bottom
    shapes = frames["ns:Shapes"]
    tri = layout.classes["Triangle"].box
    assert shapes.left < tri.left and tri.bottom < shapes.bottom


def test_inheritance_is_drawn_at_the_parent_with_a_hollow_triangle() -> None:
    svg = render_mermaid("classDiagram\n  Animal <|-- Duck", id_prefix="x")
    layout = _layout("classDiagram\n  Animal <|-- Duck")
    rel = layout.relations[0]
    parent = layout.classes["Animal"].box
    assert parent.cy < layout.classes["Duck"].box.cy  # the parent above, as mermaid draws it
    assert _on_border(rel.route.tip_start, parent)
    triangle = re.search(r'<polygon points="([^"]+)" fill="([^"]+)"[^>]*data-marker="extension"',
                         svg)  # fmt: skip
    assert triangle is not None and triangle.group(2) == "#ffffff"
    tip = tuple(float(v) for v in triangle.group(1).split()[0].split(","))
    assert math.dist(tip, rel.route.tip_start) < 0.05


def test_markers_of_each_kind_and_dashed_lines() -> None:
    svg = render_mermaid(KINDS)
    for kind in ("extension", "composition", "aggregation", "dependency"):
        assert f'data-marker="{kind}"' in svg
    assert svg.count('data-line="dashed"') == 3
    assert svg.count("<g data-relation-label") == 8
    composition = re.search(r'fill="([^"]+)" stroke="([^"]+)"[^>]*data-marker="composition"', svg)
    assert composition is not None and composition.group(1) == composition.group(2)


def test_members_are_left_aligned_and_static_underlined() -> None:
    svg = render_mermaid("classDiagram\n class S {\n  +count$\n  +aVeryLongAttributeName\n }")
    xs = re.findall(r'<text x="([\d.]+)" y="[\d.]+" text-anchor="start"', svg)
    assert len(xs) == 2 and xs[0] == xs[1]
    assert svg.count("<line ") == 3  # two dividers and the underline of the static member


# -- SVG -----------------------------------------------------------------------------------


def test_svg_ids_prefixed_title_and_description() -> None:
    svg = render_mermaid(ANIMALS, id_prefix="d7")
    assert 'aria-labelledby="d7-title"' in svg and '<title id="d7-title">Animal example</title>'
    assert 'data-diagram="classDiagram"' in svg
    assert "Classes : Animal, Duck, Fish, Zebra." in svg
    assert re.findall(r'\sid="([^"]+)"', svg) == ["d7-title", "d7-desc"]
    assert render_mermaid(ANIMALS, id_prefix="d7") == svg  # deterministic


def test_emoji_drawn_through_emoji_href() -> None:
    def href(symbol: str) -> str:
        return "data:image/svg+xml;base64,AAAA"

    svg = render_mermaid('classDiagram\n class A["Fusée 🚀"]\n A : +launch() 🚀', emoji_href=href)
    assert svg.count("<image ") == 2


def test_dark_page_theme_and_theme_variables() -> None:
    source = "classDiagram\n Animal <|-- Duck"
    assert 'fill="#ECECFF"' in render_mermaid(source)
    assert 'fill="#1f2020"' in render_mermaid(source, theme="dark")
    themed = '%%{init: {"themeVariables": {"primaryColor": "#ff0000", "mainBkg": "#00ff00"}}}%%\n'
    assert 'fill="#00ff00"' in render_mermaid(themed + source)


def test_hide_empty_members_box() -> None:
    source = "---\nconfig:\n  class:\n    hideEmptyMembersBox: true\n---\nclassDiagram\n class Duck"
    layout = _layout(source)
    assert layout.classes["Duck"].dividers == ()
    assert "<line " not in render_mermaid(source)


def test_a_tree_of_sixty_classes_is_drawn_whole() -> None:
    """Its time is bench/bench_mermaid.py's class rows, not a test's."""
    lines = ["classDiagram"] + [f"  C{i // 2} <|-- C{i} : r{i}" for i in range(1, 60)]
    svg = render_mermaid("\n".join(lines))
    assert all(f">C{i}</text>" in svg for i in range(60)) and svg.count(">r") >= 59


# -- build ---------------------------------------------------------------------------------


def test_chapter_with_a_class_diagram_builds_inline(tmp_path: Path) -> None:
    chapter = "# Objets\n\n```mermaid\n" + ANIMALS.split("---\n", 2)[2] + "\n```\n"
    course = write_course(tmp_path / "c", {"s": chapter})
    result = CliRunner().invoke(cli, ["slides", "--source", str(course), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "warning:" not in result.output
    deck = (tmp_path / "slides" / "s.html").read_text(encoding="utf-8")
    svg = re.search(r"<svg [^>]*data-diagram=\"classDiagram\".*?</svg>", deck, re.S)
    assert svg is not None and ">+quack()</text>" in svg.group(0)
    assert '<pre class="mermaid">' not in deck


def test_class_error_is_reported_at_the_markdown_line(tmp_path: Path) -> None:
    chapter = "# S\n\n```mermaid\nclassDiagram\n    class A\n    A <|-> B\n```\n"
    course = write_course(tmp_path / "c", {"s": chapter})
    result = CliRunner().invoke(cli, ["slides", "--source", str(course), "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "s.md:6: mermaid: unexpected" in result.output


@pytest.mark.parametrize("compact", [False, True], ids=["normal", "compact"])
def test_cardinalities_of_a_short_link_stay_at_their_own_end_and_off_the_boxes(
    compact: bool,
) -> None:
    """A chain of classes with `"1" --> "*"` links: drawn compact (a slide too small for it,
    or paper), the gap between two boxes once put the target's cardinality on the source box."""
    from coursebuild.mermaid import spacing

    source = ("classDiagram\n  class Orchestrator {\n    +agents: Agent[]\n    +state: State\n"
              "    +execute(task)\n    +route(result)\n  }\n  class Agent {\n    +name: string\n"
              "  }\n  Orchestrator \"1\" --> \"*\" Agent\n  Agent \"1\" --> \"*\" Tool\n")
    with spacing.using(spacing.COMPACT if compact else spacing.NORMAL):
        layout = _layout(source)
    boxes = [c.box for c in layout.classes.values()]
    for placed in layout.relations:
        rel = placed.relation
        source_box, target_box = layout.classes[rel.id1].box, layout.classes[rel.id2].box
        near_source, near_target = placed.cards
        assert near_source.centre[1] < near_target.centre[1]  # "1" above "*": each at its end
        assert near_source.centre[1] > source_box.bottom and near_target.centre[1] < target_box.top
        for card in placed.cards:
            assert not any(_overlap(card.box(), box) for box in boxes), card.text.lines


def test_click_link_and_callback_are_read_and_are_warnings_at_their_line() -> None:
    from coursebuild.mermaid import diagram_warnings

    source = ('classDiagram\n  class A\n  click A href "https://example.org"\n'
              '  link A "https://example.org"\n  callback A "f"\n')
    assert "data-" in render_mermaid(source)  # drawn
    assert [(line, message.split()[0]) for line, message in diagram_warnings(source)] == [
        (3, "'click'"), (4, "'link'"), (5, "'callback'")]
