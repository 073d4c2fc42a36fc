"""classDiagram: classes (label, generic, annotations, attributes and methods with their
classifiers, css classes, styles, namespace), relations (ends, line, label, cardinalities),
notes, namespaces, lollipop interfaces and the direction."""

from __future__ import annotations

import re
from typing import Any

from mermaid_structure import norm_label, norm_ours, norm_styles

from kinds import MERMAID_DIAGRAMS, MERMAID_DOCS, MERMAID_RENDERING, Kind

_EXTRACT = """(db) => {
  const list = (x) => Array.from(x || []);
  const notes = db.getNotes();
  return {
    classes: list(db.getClasses().values()).map((c) => ({
      id: c.id, label: c.label, type: c.type || '',
      members: c.members.map((m) => [m.getDisplayDetails().displayText, m.classifier || '']),
      methods: c.methods.map((m) => [m.getDisplayDetails().displayText, m.classifier || '']),
      annotations: list(c.annotations), css: c.cssClasses || '', styles: list(c.styles),
      parent: c.parent || null})),
    relations: db.getRelations().map((r) => ({
      id1: r.id1, id2: r.id2, type1: r.relation.type1, type2: r.relation.type2,
      line: r.relation.lineType, title: r.title || '',
      card1: r.relationTitle1, card2: r.relationTitle2})),
    notes: list(notes.values ? notes.values() : notes).map((n) => ({
      text: n.text, target: n.class || null})),
    namespaces: list(db.getNamespaces().values()).map((n) => ({
      id: n.id, label: n.label, parent: n.parent || null})),
    interfaces: db.getData().nodes.filter((n) => /^interface\\d+$/.test(n.id))
      .map((n) => [n.id, n.label]),
    direction: db.getDirection(),
  };
}"""

_KINDS = {0: "aggregation", 1: "extension", 2: "composition", 3: "dependency", 4: "lollipop"}
_SKIPPED_CSS = {"default", "clickable"}


def _flat(text: str) -> str:
    return " ".join(text.split())


def _note(text: str) -> str:
    return norm_label(text.replace("\\n", "\n"))


def _card(text: str) -> str:
    return "" if text == "none" else norm_label(text)


def theirs(data: dict[str, Any]) -> dict[str, Any]:
    interfaces = {key for key, _ in data["interfaces"]}
    return {
        "classes": [
            (
                c["id"],
                norm_label(c["label"]) + (f"<{c['type']}>" if c["type"] else ""),
                [norm_label(a) for a in c["annotations"]],
                [(_flat(t), k) for t, k in c["members"]],
                [(_flat(t), k) for t, k in c["methods"]],
                sorted(set(c["css"].split()) - _SKIPPED_CSS),
                norm_styles(c["styles"]),
                c["parent"],
            )
            for c in data["classes"]
            if c["id"] not in interfaces
        ],
        "relations": [
            (
                r["id1"],
                r["id2"],
                _KINDS.get(r["type1"], "none"),
                _KINDS.get(r["type2"], "none"),
                "dotted" if r["line"] == 1 else "solid",
                norm_label(r["title"]),
                _card(r["card1"]),
                _card(r["card2"]),
            )
            for r in data["relations"]
        ],
        "notes": [(_note(n["text"]), n["target"]) for n in data["notes"]],
        "namespaces": [(n["id"], norm_label(n["label"]), n["parent"]) for n in data["namespaces"]],
        "interfaces": [(key, norm_label(label)) for key, label in data["interfaces"]],
        "direction": data["direction"],
    }


def _styles(chart: Any, node: Any) -> dict[str, str]:
    """The styles mermaid gives a class: ``classDef default``, each of its classes', its own."""
    merged = dict(chart.class_defs.get("default", {}))
    for name in node.css_classes:
        merged.update(chart.class_defs.get(name, {}))
    merged.update(node.style)
    return norm_styles(merged)


def ours(chart: Any) -> dict[str, Any]:
    return {
        "classes": [
            (
                c.id,
                norm_ours(c.label),
                [norm_ours(a) for a in c.annotations],
                [(_flat(m.text), m.classifier) for m in c.members],
                [(_flat(m.text), m.classifier) for m in c.methods],
                sorted(set(c.css_classes) - _SKIPPED_CSS),
                _styles(chart, c),
                c.namespace,
            )
            for c in chart.classes.values()
            if not c.interface
        ],
        "relations": [
            (
                r.id1,
                r.id2,
                r.type1,
                r.type2,
                "dotted" if r.dotted else "solid",
                norm_ours(r.title),
                norm_ours(r.card1),
                norm_ours(r.card2),
            )
            for r in chart.relations
        ],
        "notes": [(norm_ours(n.text), n.target) for n in chart.notes],
        "namespaces": [(n.id, norm_ours(n.label), n.parent) for n in chart.namespaces.values()],
        "interfaces": [(c.id, norm_ours(c.label)) for c in chart.classes.values() if c.interface],
        "direction": chart.direction,
    }


def _samples() -> list[tuple[str, str]]:
    lines = ["classDiagram"]
    for i in range(120):
        lines.append(f"    class C{i} {{")
        lines += [f"        +int field{j}" for j in range(4)]
        lines += [f"        +method{j}(int a) bool" for j in range(3)]
        lines.append("    }")
    kinds = ["<|--", "*--", "o--", "-->", "..>", "..|>", "--", ".."]
    for i in range(1, 120):
        lines.append(f'    C{(i - 1) // 2} "1" {kinds[i % len(kinds)]} "*" C{i} : rel{i}')
    return [("class 120 classes", "\n".join(lines))]


KIND = Kind(
    name="class",
    header=re.compile(r"classDiagram(-v2)?\b"),
    syntax_pages=(MERMAID_DOCS + "classDiagram.md",),
    specs=(MERMAID_DIAGRAMS + "class/",),
    rendering=(MERMAID_RENDERING + "class/",),
    extract_js=_EXTRACT,
    parser="coursebuild.mermaid.classdiagram.parser:parse",
    theirs=theirs,
    ours=ours,
    features={
        "class body { }": r"\bclass\s+\S+[^\n]*\{",
        "member 'A : x'": r"^\s*[\w`~]+\s*:\s*\S",
        "method ()": r"\)",
        "generic ~T~": r"~\w",
        "annotation <<>>": r"<<\w",
        "classifier $ or *": r"\)[$*]|[$*]\s*$",
        "inheritance <|--": r"<\||\|>",
        "composition *--": r"\*--|--\*",
        "aggregation o--": r"o--|--o",
        "dependency ..>": r"\.\.>|<\.\.",
        'cardinality "1"': r'"\s*[\w*.]+\s*"\s*[<*o.\-]',
        "relation label": r"(?:--|\.\.)[^\n:]*:\s*\S",
        "lollipop ()": r"\(\)--|--\(\)",
        "namespace": r"^\s*namespace\b",
        "note": r"^\s*note\b",
        "direction": r"^\s*direction\b",
        "classDef/cssClass/:::": r"classDef|cssClass|:::",
        "style": r"^\s*style\b",
        "click/link/callback": r"^\s*(?:click|link|callback)\b",
        'class label [""]': r'\["',
        "front matter": r"\A\s*---\n",
        "%%{init}%%": r"%%\{",
        "comment %%": r"^\s*%%(?!\{)",
        "accTitle/accDescr": r"\bacc(?:Title|Descr)\b",
        "non-ASCII text": r"[^\x00-\x7f]",
    },
    samples=_samples,
)
