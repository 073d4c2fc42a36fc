"""mindmap: the tree (each node's depth, id, label and shape, in order) and each node's icon
and classes."""

from __future__ import annotations

import re
from typing import Any

from mermaid_structure import norm_label, norm_ours

from kinds import MERMAID_DIAGRAMS, MERMAID_DOCS, MERMAID_RENDERING, Kind

_EXTRACT = """(db) => {
  const walk = (n, depth, out) => {
    out.push({depth, id: n.nodeId, descr: n.descr, type: n.type,
              icon: n.icon ?? null, cls: n.class ?? null});
    for (const c of n.children) walk(c, depth + 1, out);
    return out;
  };
  const root = db.getMindmap();
  return {nodes: root ? walk(root, 0, []) : []};
}"""
# mermaid's nodeType numbers -> our shape names
_TYPES = {0: "default", 1: "rounded", 2: "rect", 3: "circle", 4: "cloud", 5: "bang",
          6: "hexagon"}  # fmt: skip


def theirs(data: dict[str, Any]) -> dict[str, Any]:
    nodes = data["nodes"]
    return {
        "tree": [(n["depth"], norm_label(n["id"]), norm_label(n["descr"]),
                  _TYPES.get(n["type"], str(n["type"]))) for n in nodes],  # fmt: skip
        "decorations": [(n["icon"], (n["cls"] or "").strip() or None) for n in nodes],
    }


def ours(chart: Any) -> dict[str, Any]:
    nodes = chart.nodes()
    return {
        "tree": [(n.depth, norm_label(n.id), norm_ours(n.text), n.shape) for n in nodes],
        "decorations": [(n.icon, n.classes) for n in nodes],
    }


def _large(branches: int, per: int, leaves: int) -> str:
    lines = ["mindmap", "  root((A large mindmap))"]
    shapes = ["{}", "[{}]", "({})", "(({}))", "{{{{{}}}}}", "){}(", ")){}(("]
    for b in range(branches):
        lines.append(f"    b{b}[Branch {b}]")
        for p in range(per):
            lines.append("      " + shapes[(b + p) % len(shapes)].format(f"Topic {b}.{p}"))
            lines += [f"        Leaf {b}.{p}.{i} with some text" for i in range(leaves)]
    return "\n".join(lines)


KIND = Kind(
    name="mindmap",
    header=re.compile(r"mindmap\b"),
    syntax_pages=(MERMAID_DOCS + "mindmap.md",),
    specs=(MERMAID_DIAGRAMS + "mindmap/",),
    rendering=(MERMAID_RENDERING + "mindmap/",),
    extract_js=_EXTRACT,
    parser="coursebuild.mermaid.mindmap.parser:parse",
    theirs=theirs,
    ours=ours,
    features={
        "shape [ ]": r"\w\[",
        "shape ( )": r"[\w\s]\((?!\()",
        "shape (( ))": r"\(\(",
        "shape ) (": r"\)[^)\n]+\(\s*$",
        "shape )) ((": r"\)\)[^\n]*\(\(",
        "shape {{ }}": r"\{\{",
        "::icon()": r"::icon\(",
        ":::class": r":::",
        "markdown string": r"\"`",
        "<br> / html": r"<br|<b>|<i>",
        "front matter": r"\A\s*---\n",
        "%%{init}%%": r"%%\{",
        "comment %%": r"%%(?!\{)",
        "non-ASCII text": r"[^\x00-\x7f]",
    },
    samples=lambda: [("mindmap 150 nodes", _large(5, 5, 5)),
                     ("mindmap 1000 nodes", _large(10, 10, 9))],
)
