"""timeline: the title, the sections and each period with its events, in order."""

from __future__ import annotations

import re
from typing import Any

from mermaid_structure import norm_label, norm_ours

from kinds import MERMAID_DIAGRAMS, MERMAID_DOCS, MERMAID_RENDERING, Kind

_EXTRACT = """(db) => ({
  title: (db.getCommonDb ? db.getCommonDb().getDiagramTitle() : '') || '',
  sections: Array.from(db.getSections()),
  tasks: db.getTasks().map((t) => ({
    section: t.section, task: t.task, events: Array.from(t.events || [])})),
})"""


def theirs(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": norm_label(data["title"]),
        "sections": [norm_label(s) for s in data["sections"]],
        "periods": [
            (norm_label(t["section"]), norm_label(t["task"]), [norm_label(e) for e in t["events"]])
            for t in data["tasks"]
        ],
    }


def ours(timeline: Any) -> dict[str, Any]:
    sections = [norm_ours(s.text) for s in timeline.sections]
    return {
        "title": norm_ours(timeline.title or ""),
        "sections": sections,
        "periods": [
            (
                "" if p.section is None else sections[p.section],
                norm_ours(p.text),
                [norm_ours(e) for e in p.events],
            )
            for p in timeline.periods
        ],
    }


KIND = Kind(
    name="timeline",
    header=re.compile(r"timeline\b"),
    syntax_pages=(MERMAID_DOCS + "timeline.md",),
    specs=(MERMAID_DIAGRAMS + "timeline/",),
    rendering=(MERMAID_RENDERING + "timeline/",),
    extract_js=_EXTRACT,
    parser="coursebuild.mermaid.timeline.parser:parse",
    theirs=theirs,
    ours=ours,
    features={
        "section": r"^\s*section\b",
        "several events": r":[^\n]*:",
        "continuation line": r"^\s+:",
        "title": r"^\s*title\b",
        "<br> / html": r"<br|<b>|<i>",
        "front matter": r"\A\s*---\n",
        "%%{init}%%": r"%%\{",
        "comment %%": r"^\s*%%(?!\{)",
        "accTitle/accDescr": r"\bacc(?:Title|Descr)\b",
        "non-ASCII text": r"[^\x00-\x7f]",
    },
)
