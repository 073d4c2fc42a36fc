"""erDiagram: parsing (entities, attributes, keys, comments, aliases, every cardinality and
its word forms, identifying or not, labels, classes and styles, errors at their line,
bounds), geometry (no overlaps, labels clear of boxes, lines ending on box borders with
their markers) and the SVG through the deck's entry point and a chapter."""

from __future__ import annotations

import contextlib
import itertools
import random
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from coursebuild.cli import cli
from coursebuild.mermaid import MermaidError, render_mermaid
from coursebuild.mermaid.diagram import label_size
from coursebuild.mermaid.er import bounds, is_er
from coursebuild.mermaid.er.layout import compute_layout, shown_type
from coursebuild.mermaid.er.model import (
    MD_PARENT,
    ONE_OR_MORE,
    ONLY_ONE,
    ZERO_OR_MORE,
    ZERO_OR_ONE,
)
from coursebuild.mermaid.er.parser import parse
from tests.conftest import write_course

SVG = "{http://www.w3.org/2000/svg}"
ORDERS = """erDiagram
    CUSTOMER ||--o{ ORDER : places
    ORDER ||--|{ LINE-ITEM : contains
    CUSTOMER }|..|{ DELIVERY-ADDRESS : uses
    CUSTOMER {
        string name PK "the customer's name"
        string custNumber UK
        varchar(255) sector
    }
    ORDER {
        int orderNumber PK, FK
        type~T~ deliveryAddress
    }
"""


def er(*lines: str) -> str:
    return "erDiagram\n" + "\n".join(f"    {line}" for line in lines) + "\n"


# syntax ---------------------------------------------------------------------------------


def test_entities_attributes_keys_and_comments() -> None:
    chart = parse(ORDERS)
    assert list(chart.entities) == ["CUSTOMER", "ORDER", "LINE-ITEM", "DELIVERY-ADDRESS"]
    customer = chart.entities["CUSTOMER"].attributes
    assert [(a.type, a.name, a.keys, a.comment) for a in customer] == [
        ("string", "name", ("PK",), "the customer's name"),
        ("string", "custNumber", ("UK",), ""),
        ("varchar(255)", "sector", (), ""),
    ]
    order = chart.entities["ORDER"].attributes
    assert order[0].keys == ("PK", "FK") and order[1].type == "type~T~"
    assert shown_type("type~T~") == "type<T>" and shown_type("List~List~int~~") == "List<List<int>>"


@pytest.mark.parametrize(("marker", "card"), [
    ("|o", ZERO_OR_ONE), ("||", ONLY_ONE), ("}o", ZERO_OR_MORE), ("}|", ONE_OR_MORE),
    ("one or zero", ZERO_OR_ONE), ("zero or one", ZERO_OR_ONE), ("one or more", ONE_OR_MORE),
    ("one or many", ONE_OR_MORE), ("many(1)", ONE_OR_MORE), ("1+", ONE_OR_MORE),
    ("zero or more", ZERO_OR_MORE), ("zero or many", ZERO_OR_MORE), ("many(0)", ZERO_OR_MORE),
    ("0+", ZERO_OR_MORE), ("many", ZERO_OR_MORE), ("only one", ONLY_ONE), ("1", ONLY_ONE),
    ("one", ONLY_ONE),
])  # fmt: skip
def test_every_left_cardinality(marker: str, card: str) -> None:
    rel = parse(er(f"A {marker}--|| B : x")).relationships[0]
    assert (rel.card_a, rel.card_b, rel.identifying) == (card, ONLY_ONE, True)


@pytest.mark.parametrize(("marker", "card"), [
    ("o|", ZERO_OR_ONE), ("||", ONLY_ONE), ("o{", ZERO_OR_MORE), ("|{", ONE_OR_MORE),
])  # fmt: skip
def test_every_right_cardinality(marker: str, card: str) -> None:
    rel = parse(er(f"A ||..{marker} B : x")).relationships[0]
    assert (rel.card_a, rel.card_b, rel.identifying) == (ONLY_ONE, card, False)


def test_word_forms_and_quoted_labels() -> None:
    chart = parse(er('A one or more to zero or one B : "has many"',
                     "B only one optionally to many C : uses", "C u--|| D : parent"))  # fmt: skip
    first, second, third = chart.relationships
    assert (first.card_a, first.card_b, first.identifying, first.label) == (
        ONE_OR_MORE,
        ZERO_OR_ONE,
        True,
        "has many",
    )
    assert (second.identifying, second.card_b, second.label) == (False, ZERO_OR_MORE, "uses")
    assert third.card_a == MD_PARENT


def test_aliases_classes_styles_direction_and_accessibility() -> None:
    chart = parse(er(
        'p[Person] { string name }', 'c["A car"]', "p ||--o{ c:::big : drives",
        "direction LR", "classDef big fill:#f9f,stroke:#333", "class p big",
        "style c stroke-width:4px", "accTitle: People", "accDescr: Who drives what",
    ))  # fmt: skip
    assert chart.entities["p"].label == "Person" and chart.entities["c"].label == "A car"
    assert chart.entities["c"].classes == ["big"] and chart.entities["p"].classes == ["big"]
    assert chart.class_defs == {"big": ["fill:#f9f", "stroke:#333"]}
    assert chart.entities["c"].styles == ["stroke-width:4px"]
    assert chart.direction == "LR" and chart.acc_title == "People"
    assert chart.description == "Who drives what"


def test_front_matter_directives_and_comments() -> None:
    source = ("---\ntitle: Orders\n---\n%%{init: {'theme': 'forest'}}%%\nerDiagram\n"
              "  %% a comment\n  A ||--|| B : x\n")  # fmt: skip
    chart = parse(source)
    assert chart.title == "Orders" and chart.theme == {"theme": "forest"}
    assert len(chart.relationships) == 1 and is_er(source)
    assert not is_er("flowchart TD\n A --> B") and not is_er("pie\n")


@pytest.mark.parametrize(("source", "line", "words"), [
    (er("A ||--o{ B"), 2, "expected ':'"),
    (er("A ||--o{ B : x", "B ||xx C : y"), 3, "'--', '..'"),
    (er("A {", "  string", "}"), 4, "attribute name"),
    (er("A ||--o{ B : has many"), 2, "'many'"),
    (er("style A fill:url(x)"), 2, "in a style"),
    ("flowchart TD\n", 1, "'erDiagram'"),
    (er("A }o--o{ : x"), 2, "entity name"),
])  # fmt: skip
def test_errors_at_their_line(source: str, line: int, words: str) -> None:
    with pytest.raises(MermaidError) as caught:
        parse(source)
    assert caught.value.line == line and words in caught.value.message


def test_style_values_that_load_are_refused_at_their_line() -> None:
    for line in ("classDef c background:url(x)", "style A fill:image-set(x)"):
        with pytest.raises(MermaidError) as caught:
            parse(er("A ||--|| B : x", line))
        assert caught.value.line == 3 and "style" in caught.value.message
    from coursebuild.mermaid.er.lexer import Token
    from coursebuild.mermaid.er.parser import ErDiagram, _Parser  # the check after the lexer

    toks = [Token("STYLE_TEXT", "fill", 4), Token("COLON", ":", 4),
            Token("STYLE_TEXT", "url(x)", 4), Token("EOF", "", 4)]  # fmt: skip
    with pytest.raises(MermaidError) as caught:
        _Parser(ErDiagram(), toks).styles(4)
    assert caught.value.line == 4 and "url(" in caught.value.message


def test_bounds_are_errors_at_the_line_that_crosses_them() -> None:
    many = er(*(f"E{i}" for i in range(bounds.MAX_ENTITIES + 1)))
    with pytest.raises(MermaidError) as caught:
        parse(many)
    assert caught.value.line == bounds.MAX_ENTITIES + 2 and "entities" in caught.value.message
    links = er(*(f"A ||--|| B : r{i}" for i in range(bounds.MAX_RELATIONSHIPS + 1)))
    with pytest.raises(MermaidError) as caught:
        parse(links)
    assert caught.value.line == bounds.MAX_RELATIONSHIPS + 2
    rows = er("A {", *(f"  int a{i}" for i in range(bounds.MAX_ATTRIBUTES + 1)), "}")
    with pytest.raises(MermaidError) as caught:
        parse(rows)
    assert caught.value.line == bounds.MAX_ATTRIBUTES + 3 and "attributes" in caught.value.message


def test_fuzz_never_crashes() -> None:
    pieces = ["A", "B", "||", "o{", "}|", "--", "..", ":", "x", '"q"', "{", "}", "string", "PK",
              ",", "[", "]", ":::", "style", "classDef", "#", "\n", "to", "1", "u"]  # fmt: skip
    rng = random.Random(19)
    for _ in range(400):
        body = " ".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        with contextlib.suppress(MermaidError):
            render_mermaid("erDiagram\n" + body)


# geometry --------------------------------------------------------------------------------


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5


def _on_border(point: tuple[float, float], box: object) -> bool:
    x, y = point
    near = 0.01
    inside_x = box.left - near <= x <= box.right + near
    inside_y = box.top - near <= y <= box.bottom + near
    on_v = min(abs(x - box.left), abs(x - box.right)) < near and inside_y
    on_h = min(abs(y - box.top), abs(y - box.bottom)) < near and inside_x
    return on_v or on_h


@pytest.mark.parametrize("direction", ["TB", "LR", "BT", "RL"])
def test_no_overlaps_and_lines_end_on_borders(direction: str) -> None:
    source = (
        ORDERS + f"    direction {direction}\n    ORDER ||--o{{ ORDER : follows\n"
        '    LINE-ITEM }o--|| PRODUCT : "is a"\n    PRODUCT ||--o{ CUSTOMER : likes\n'
    )
    layout = compute_layout(parse(source))
    boxes = {e.name: e.box for e in layout.entities}
    rects = [(b.left, b.top, b.right, b.bottom) for b in boxes.values()]
    labels = []
    for placed in layout.relationships:
        if placed.label_centre is not None:
            w, h = label_size(placed.label)
            cx, cy = placed.label_centre
            labels.append((cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2))
    for a, b in itertools.combinations(rects + labels, 2):
        assert not _overlap(a, b), (a, b)
    for placed in layout.relationships:
        assert _on_border(placed.points[0], boxes[placed.rel.a])
        assert _on_border(placed.points[-1], boxes[placed.rel.b])
    for rect in rects + labels:  # inside the drawing
        assert rect[0] >= 0 and rect[1] >= 0
        assert rect[2] <= layout.width and rect[3] <= layout.height


def test_attribute_text_fits_its_cells_and_header() -> None:
    layout = compute_layout(parse(ORDERS))
    for entity in layout.entities:
        assert entity.header.width <= entity.box.width
        assert entity.header_height + entity.row_height * len(entity.rows) <= entity.box.height
        for row in entity.rows:
            for cell, width in zip(row, entity.columns, strict=True):
                assert cell.width < width
        assert abs(sum(entity.columns) - entity.box.width) < 0.01 or not entity.rows


# the SVG -----------------------------------------------------------------------------------


def test_svg_is_well_formed_prefixed_and_draws_markers_and_dashes() -> None:
    svg = render_mermaid(ORDERS, id_prefix="e3")
    root = ET.fromstring(svg)
    assert root.get("data-diagram") == "er" and root.find(f"{SVG}title").get("id") == "e3-title"
    assert root.get("aria-describedby") == "e3-desc"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    for word in ("CUSTOMER", "places", "varchar(255)", "PK, FK", "type<T>", "the customer's name"):
        assert word in texts, word
    cards = [g.get("data-cardinality") for g in root.iter(f"{SVG}g") if g.get("data-cardinality")]
    assert cards == [ONLY_ONE, ZERO_OR_MORE, ONLY_ONE, ONE_OR_MORE, ONE_OR_MORE, ONE_OR_MORE]
    kinds = {g.get("data-from") + g.get("data-to"): g for g in root.iter(f"{SVG}g")
             if g.get("data-kind")}  # fmt: skip
    assert kinds["CUSTOMERDELIVERY-ADDRESS"].find(f"{SVG}path").get("stroke-dasharray")
    assert kinds["CUSTOMERORDER"].find(f"{SVG}path").get("stroke-dasharray") is None
    assert "CUSTOMER (exactly one) to ORDER (zero or more) : places" in svg


def test_emoji_become_images_and_styles_are_drawn() -> None:
    def href(symbol: str) -> str:
        return "data:image/svg+xml;base64,AAAA"

    source = er('"Cat 🐱" ||--o{ Toy : "plays 🎾"', "classDef hot fill:#ff0000", "class Toy hot")
    svg = render_mermaid(source, emoji_href=href)
    assert svg.count("<image ") == 2
    assert 'fill="#ff0000"' in svg
    ET.fromstring(svg)


def test_loops_sit_across_the_flow_on_alternate_sides_with_their_labels_clear() -> None:
    """The first loop right of the box (below it left to right), the second on the other
    side: on a small box, two loops on one side put their markers on one another."""
    for direction, vertical in (("TB", False), ("LR", True)):
        source = er(f"direction {direction}", "A ||--o{ A : parent", "A |o--|{ A : twin",
                    "A ||--|| B : x")  # fmt: skip
        layout = compute_layout(parse(source))
        box = next(e.box for e in layout.entities if e.name == "A")
        loops = [p for p in layout.relationships if p.loop]
        assert len(loops) == 2
        for placed, sign in zip(loops, (1, -1), strict=True):
            first, last = placed.points[0], placed.points[-1]
            axis = 1 if vertical else 0
            face = (box.bottom if sign > 0 else box.top) if vertical else (
                box.right if sign > 0 else box.left)  # fmt: skip
            assert first[axis] == last[axis] == face
            centre, half = (box.cy, box.height / 2) if vertical else (box.cx, box.width / 2)
            assert sign * (placed.label_centre[axis] - centre) > half + 30


def test_deterministic_output() -> None:
    assert render_mermaid(ORDERS, id_prefix="x") == render_mermaid(ORDERS + "\n", id_prefix="x")


def test_chapter_with_an_er_diagram_builds_inline(tmp_path: Path) -> None:
    small = er("CUSTOMER ||--o{ ORDER : places", "CUSTOMER { string name PK }")
    chapter = "# S\n\n## Orders\n\n```mermaid\n" + small + "```\n"
    course = write_course(tmp_path / "c", {"s": chapter})
    result = CliRunner().invoke(cli, ["slides", "--source", str(course), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "0 warning(s)" in result.output
    deck = (tmp_path / "slides" / "s.html").read_text(encoding="utf-8")
    svg = re.search(r"<svg [^>]*data-diagram=\"er\".*?</svg>", deck, re.S)
    assert svg is not None and ">CUSTOMER</text>" in svg.group(0)
    assert '<pre class="mermaid' not in deck


def test_check_warns_about_a_huge_diagram(tmp_path: Path) -> None:
    huge = er(*(f"E{i} ||--o{{ E{i + 1} : r{i}" for i in range(30)))
    course = write_course(tmp_path / "c", {"s": "# S\n\n## Big\n\n```mermaid\n" + huge + "```\n"})
    result = CliRunner().invoke(cli, ["check", "--source", str(course)])
    assert "too large" in result.output


def test_syntax_error_is_reported_at_the_markdown_line(tmp_path: Path) -> None:
    chapter = "# S\n\n```mermaid\nerDiagram\n    A ||--o{ B : x\n    A ||xx B : y\n```\n"
    course = write_course(tmp_path / "c", {"s": chapter})
    result = CliRunner().invoke(cli, ["slides", "--source", str(course), "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "s.md:6: mermaid:" in result.output
