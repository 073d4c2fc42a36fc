"""stateDiagram: mermaid's layout data (``db.getData()``: the nodes with their shape, label,
descriptions and parent, the transitions) against our parse, with concurrency regions named
by their composite and order (mermaid gives the last region a random id)."""

from __future__ import annotations

import re
from typing import Any

from mermaid_structure import norm_label, norm_ours

from kinds import MERMAID_DIAGRAMS, MERMAID_DOCS, MERMAID_RENDERING, Kind

_EXTRACT = """(db) => {
  const d = db.getData();
  const text = (v) => Array.isArray(v) ? v.map(String) : (v == null ? [] : [String(v)]);
  return {
    direction: d.direction || '',
    title: db.getAccTitle ? db.getAccTitle() : '',
    nodes: d.nodes.map((n) => ({id: n.id, shape: n.shape || '', label: text(n.label),
      description: text(n.description), parent: n.parentId || '', group: !!n.isGroup,
      position: n.position || '', classes: String(n.cssClasses || '')})),
    edges: d.edges.map((e) => ({start: e.start, end: e.end, label: e.label || '',
      note: e.classes === 'note-edge'})),
  };
}"""

_KINDS = {"stateStart": "start", "stateEnd": "end", "fork": "fork", "join": "join",
          "choice": "choice", "divider": "region"}  # fmt: skip
_NOTE = re.compile(r"----note-\d+$")
_BUILT_IN = {"statediagram-state", "statediagram-cluster", "statediagram-cluster-alt",
             "statediagram-note", "note", "undefined"}  # fmt: skip


def _renamer(regions: list[tuple[str, str]]) -> Any:
    """A function naming each region ``parent/region-k`` (and its ``_start``/``_end``)."""
    names: dict[str, str] = {}
    counts: dict[str, int] = {}
    for region, parent in regions:
        counts[parent] = counts.get(parent, 0) + 1
        names[region] = f"{parent}/region-{counts[parent]}"

    def rename(name: str) -> str:
        for suffix in ("", "_start", "_end"):
            if suffix and name.endswith(suffix) and name[: -len(suffix)] in names:
                return names[name[: -len(suffix)]] + suffix
        return names.get(name, name)

    return rename


def theirs(data: dict[str, Any]) -> dict[str, Any]:
    nodes = data["nodes"]
    regions = [(n["id"], n["parent"] or "root") for n in nodes if n["shape"] == "divider"]
    rename = _renamer(regions)
    states, notes = [], []
    for n in nodes:
        if n["shape"] == "noteGroup":
            continue
        if n["shape"] == "note":
            target = _NOTE.sub("", n["id"])
            notes.append((rename(target), n["position"], norm_label(" ".join(n["label"]))))
            continue
        kind = _KINDS.get(n["shape"], "state")
        labels = [norm_label(t) for t in n["label"]] if kind == "state" else []
        states.append((
            rename(n["id"]), kind, n["group"] or kind == "region", labels[:1],
            [norm_label(t) for t in n["description"]] if kind == "state" else [],
            rename(n["parent"] or "root"),
        ))  # fmt: skip
    classes = sorted(
        (rename(n["id"]), sorted(set(n["classes"].split()) - _BUILT_IN))
        for n in nodes
        if n["shape"] not in ("note", "noteGroup") and set(n["classes"].split()) - _BUILT_IN
    )
    edges = [
        (rename(e["start"]), rename(e["end"]), norm_label(e["label"]))
        for e in data["edges"] if "----note-" not in e["start"] + e["end"]
    ]  # fmt: skip
    return {
        "direction": data["direction"] or "TB",
        "states": sorted(states),
        "transitions": sorted(edges),
        "notes": sorted(notes),
        "classes": classes,
    }


def ours(diagram: Any) -> dict[str, Any]:
    regions = [(s.id, s.parent) for s in diagram.states.values() if s.kind == "region"]
    rename = _renamer(regions)
    states = []
    for s in diagram.states.values():
        labelled = s.kind == "state"
        states.append((
            rename(s.id), s.kind, s.composite,
            [norm_ours(s.label)] if labelled else [],
            [norm_ours(d) for d in s.details] if labelled else [],
            rename(s.parent),
        ))  # fmt: skip
    notes = [
        (rename(n.target), n.position, norm_ours(n.text)) for n in diagram.notes if n.target
    ]  # fmt: skip
    return {
        "direction": diagram.direction,
        "states": sorted(states),
        "transitions": sorted(
            (rename(t.source), rename(t.target), norm_ours(t.label)) for t in diagram.transitions
        ),
        "notes": sorted(notes),
        "classes": sorted(
            (rename(s.id), sorted(set(s.classes))) for s in diagram.states.values() if s.classes
        ),
    }


def _large() -> str:
    lines = ["stateDiagram-v2", "    [*] --> S0"]
    for i in range(60):
        lines.append(f"    S{i} --> S{i + 1} : step {i}")
        if i % 5 == 0:
            lines.append(f"    S{i} --> S{(i * 7) % 60} : back")
    for c in range(4):
        lines.append(f"    state C{c} {{")
        lines.append(f"        [*] --> C{c}a")
        lines.append(f"        C{c}a --> C{c}b")
        lines.append("        --")
        lines.append(f"        [*] --> C{c}x")
        lines.append(f"        C{c}x --> [*]")
        lines.append("    }")
        lines.append(f"    S{c * 10} --> C{c}")
    lines.append("    S60 --> [*]")
    return "\n".join(lines)


KIND = Kind(
    name="state",
    header=re.compile(r"stateDiagram(-v2)?\b"),
    syntax_pages=(MERMAID_DOCS + "stateDiagram.md",),
    specs=(MERMAID_DIAGRAMS + "state/",),
    rendering=(MERMAID_RENDERING + "state/",),
    extract_js=_EXTRACT,
    parser="coursebuild.mermaid.state.parser:parse",
    theirs=theirs,
    ours=ours,
    features={
        "composite state": r"^\s*state\s+[^\n]*\{",
        "concurrency --": r"^\s*--\s*$",
        "[*] start/end": r"\[\*\]",
        "fork/join": r"<<(?:fork|join)>>|\[\[(?:fork|join)\]\]",
        "choice": r"<<choice>>|\[\[choice\]\]",
        "note": r"^\s*note\b",
        "multi-line note": r"^\s*end note",
        "state ... as": r"^\s*state\s+\"",
        "description s : text": r"^\s*\w+\s*:[^:]",
        "direction": r"^\s*direction\b",
        "classDef/class/:::": r"classDef|^\s*class\s|:::",
        "style": r"^\s*style\s",
        "front matter": r"\A\s*---\n",
        "%%{init}%%": r"%%\{",
        "comment %%": r"^\s*%%(?!\{)",
        "accTitle/accDescr": r"\bacc(?:Title|Descr)\b",
        "non-ASCII text": r"[^\x00-\x7f]",
        "stateDiagram (v1)": r"^\s*stateDiagram\s*$",
    },
    samples=lambda: [("state: 60 states, 4 composites", _large())],
)
