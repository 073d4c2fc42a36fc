"""erDiagram: entities (name, alias, attributes with keys and comments, classes, styles),
relationships (ends, label, both cardinalities, identifying or not) and the direction."""

from __future__ import annotations

import re
from typing import Any

from mermaid_structure import norm_label, norm_ours

from kinds import MERMAID_DIAGRAMS, MERMAID_DOCS, MERMAID_RENDERING, Kind

_EXTRACT = """(db) => {
  const ents = Array.from(db.getEntities().entries());
  const byId = Object.fromEntries(ents.map(([k, e]) => [e.id, k]));
  return {
    entities: ents.map(([k, e]) => ({
      name: k, alias: e.alias || '',
      attributes: (e.attributes || []).map((a) => ({
        type: a.type, name: a.name, keys: Array.from(a.keys || []), comment: a.comment || ''})),
      classes: (e.cssClasses || '').split(' ').filter((c) => c && c !== 'default'),
      styles: Array.from(e.cssStyles || [])})),
    relationships: db.getRelationships().map((r) => ({
      a: byId[r.entityA] ?? r.entityA, b: byId[r.entityB] ?? r.entityB, role: r.roleA,
      cardA: r.relSpec.cardA, cardB: r.relSpec.cardB, relType: r.relSpec.relType})),
    classes: Object.fromEntries(Array.from(db.getClasses().entries()).map(
      ([k, c]) => [k, Array.from(c.styles || [])])),
    direction: db.getDirection ? db.getDirection() : 'TB',
    accTitle: db.getAccTitle() || '',
    accDescr: db.getAccDescription() || '',
  };
}"""


def theirs(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "entities": [
            (e["name"], norm_label(e["alias"]),
             [(a["type"], a["name"], tuple(a["keys"]), norm_label(a["comment"]))
              for a in e["attributes"]],
             tuple(e["classes"]), tuple(e["styles"]))
            for e in data["entities"]
        ],
        # mermaid's relSpec: cardB is the marker written first (at entity A), cardA the other
        "relationships": [
            (r["a"], r["b"], norm_label(r["role"]), r["cardB"], r["cardA"],
             r["relType"] == "IDENTIFYING")
            for r in data["relationships"]
        ],
        "classes": {k: tuple(v) for k, v in data["classes"].items()},
        "direction": data["direction"],
        "acc": (norm_label(data["accTitle"]), norm_label(data["accDescr"])),
    }  # fmt: skip


def ours(chart: Any) -> dict[str, Any]:
    return {
        "entities": [
            (e.name, norm_ours(e.alias),
             [(a.type, a.name, tuple(a.keys), norm_ours(a.comment)) for a in e.attributes],
             tuple(e.classes), tuple(e.styles))
            for e in chart.entities.values()
        ],
        "relationships": [
            (r.a, r.b, norm_ours(r.label), r.card_a, r.card_b, r.identifying)
            for r in chart.relationships
        ],
        "classes": {k: tuple(v) for k, v in chart.class_defs.items()},
        "direction": chart.direction,
        "acc": (norm_ours(chart.acc_title or ""), norm_ours(chart.description or "")),
    }  # fmt: skip


def _samples() -> list[tuple[str, str]]:
    lines = ["erDiagram"]
    for i in range(60):
        lines.append(f"  E{i} {{")
        lines += [f"    string field{j} {'PK' if j == 0 else ''}" for j in range(5)]
        lines.append("  }")
    lines += [f"  E{i} ||--o{{ E{(i * 7 + 3) % 60} : rel{i}" for i in range(60)]
    return [("erDiagram 60 entities", "\n".join(lines))]


KIND = Kind(
    name="er",
    header=re.compile(r"erDiagram\b"),
    syntax_pages=(MERMAID_DOCS + "entityRelationshipDiagram.md",),
    specs=(MERMAID_DIAGRAMS + "er/",),
    rendering=(MERMAID_RENDERING + "er/",),
    extract_js=_EXTRACT,
    parser="coursebuild.mermaid.er.parser:parse",
    theirs=theirs,
    ours=ours,
    features={
        "attribute block": r"\{",
        "keys PK/FK/UK": r"\b(?:PK|FK|UK)\b",
        "attribute comment": r"\{[^}]*\"",
        "alias [..]": r"\w\[",
        "word cardinality": r"\b(?:one|zero|many|only)\b",
        "non-identifying": r"\.\.|optionally to",
        "quoted label": r":\s*\"",
        "direction": r"\bdirection\b",
        "classDef/class/:::/style": r"\bclassDef\b|\bclass\b|:::|\bstyle\b",
        "front matter": r"\A\s*---\n",
        "%%{init}%%": r"%%\{",
        "comment %%": r"^\s*%%(?!\{)",
        "accTitle/accDescr": r"\bacc(?:Title|Descr)\b",
        "non-ASCII text": r"[^\x00-\x7f]",
    },
    samples=_samples,
)
