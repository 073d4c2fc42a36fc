"""gitGraph: the lanes in order, the direction, the title, and every commit in sequence with
its branch, type, tags, parents and message (mermaid's random automatic ids, and ours, are
compared as their sequence number)."""

from __future__ import annotations

import re
from typing import Any

from mermaid_structure import norm_label, norm_ours

from kinds import MERMAID_DIAGRAMS, MERMAID_DOCS, MERMAID_RENDERING, Kind

_EXTRACT = """(db) => ({
  branches: db.getBranchesAsObjArray().map((b) => b.name),
  direction: db.getDirection(),
  title: db.getDiagramTitle() || '',
  accTitle: db.getAccTitle() || '',
  accDescr: db.getAccDescription() || '',
  commits: db.getCommitsArray().map((c) => ({
    id: c.id, seq: c.seq, branch: c.branch, type: c.type, customType: c.customType ?? null,
    tags: Array.from(c.tags || []), parents: Array.from(c.parents || []),
    message: c.message || ''})),
})"""

_AUTO = re.compile(r"(\d+)-[0-9a-z]{7}")


def _ids(commits: list[tuple[str, int]]) -> dict[str, str]:
    """Automatic ids (``<seq>-xxxxxxx``) to ``#<seq>``; the author's ids unchanged."""
    out = {}
    for cid, seq in commits:
        found = _AUTO.fullmatch(cid)
        out[cid] = f"#{seq}" if found and int(found.group(1)) == seq else cid
    return out


def _tag(tag: str, ids: dict[str, str]) -> str:
    head, _, rest = tag.partition("cherry-pick:")
    if head or not rest:
        return tag
    source, bar, parent = rest.partition("|parent:")
    return "cherry-pick:" + ids.get(source, source) + (bar + ids.get(parent, parent) if bar else "")


def theirs(data: dict[str, Any]) -> dict[str, Any]:
    ids = _ids([(c["id"], c["seq"]) for c in data["commits"]])
    return {
        "branches": data["branches"],
        "direction": data["direction"],
        "title": norm_label(data["title"]),
        "acc": (data["accTitle"].strip(), " ".join(data["accDescr"].split())),
        "commits": [
            (ids[c["id"]], c["branch"], c["type"], c["customType"],
             [_tag(t, ids) for t in c["tags"]], [ids.get(p, p) for p in c["parents"]],
             " ".join(c["message"].split()))
            for c in data["commits"]
        ],
    }


def ours(chart: Any) -> dict[str, Any]:
    commits = chart.ordered_commits()
    ids = _ids([(c.id, c.seq) for c in commits])
    return {
        "branches": chart.lanes(),
        "direction": chart.direction,
        "title": norm_ours(chart.title or ""),
        "acc": ((chart.acc_title or "").strip(), " ".join((chart.description or "").split())),
        "commits": [
            (ids[c.id], c.branch, c.kind, c.custom_type, [_tag(t, ids) for t in c.tags],
             [ids.get(p, p) for p in c.parents], " ".join(c.message.split()))
            for c in commits
        ],
    }


def _samples() -> list[tuple[str, str]]:
    lines = ["gitGraph", "  commit"]
    for i in range(60):
        lines.append(f"  branch f{i}")
        lines += [f'  commit id: "f{i}-{k}"' for k in range(3)]
        lines += ["  checkout main", f"  merge f{i} tag: \"v{i}\""]
    return [("gitGraph 60 branches, 240 commits", "\n".join(lines) + "\n")]


KIND = Kind(
    name="gitgraph",
    header=re.compile(r"gitGraph\b"),
    syntax_pages=(MERMAID_DOCS + "gitgraph.md",),
    specs=(MERMAID_DIAGRAMS + "git/",),
    rendering=(MERMAID_RENDERING + "git/",),
    extract_js=_EXTRACT,
    parser="coursebuild.mermaid.gitgraph.parser:parse",
    theirs=theirs,
    ours=ours,
    features={
        "branch": r"^\s*branch\b",
        "merge": r"^\s*merge\b",
        "cherry-pick": r"^\s*cherry-pick\b",
        "checkout/switch": r"^\s*(?:checkout|switch)\b",
        "tag": r"\btag:",
        "type:": r"\btype:",
        "order:": r"\border:",
        "direction": r"gitGraph\s+(?:LR|TB|BT)",
        "front matter": r"\A\s*---\n",
        "%%{init}%%": r"%%\{",
        "comment %%": r"%%(?!\{)",
        "accTitle/accDescr": r"\bacc(?:Title|Descr)\b",
        "non-ASCII text": r"[^\x00-\x7f]",
    },
    samples=_samples,
)
