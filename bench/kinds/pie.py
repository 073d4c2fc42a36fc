"""pie: slices (label, value) in order, showData and the title."""

from __future__ import annotations

import re
from typing import Any

from mermaid_structure import norm_label, norm_ours

from kinds import MERMAID_DIAGRAMS, MERMAID_DOCS, MERMAID_RENDERING, Kind

_EXTRACT = """(db) => ({
  sections: Array.from(db.getSections().entries()),
  showData: !!db.getShowData(),
  title: db.getDiagramTitle() || '',
})"""


def theirs(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "slices": [(norm_label(label), float(value)) for label, value in data["sections"]],
        "showData": data["showData"],
        "title": norm_label(data["title"]),
    }


def ours(chart: Any) -> dict[str, Any]:
    return {
        "slices": [(norm_ours(s.label), float(s.value)) for s in chart.sections],
        "showData": chart.show_data,
        "title": norm_ours(chart.title or ""),
    }


KIND = Kind(
    name="pie",
    header=re.compile(r"pie\b"),
    syntax_pages=(MERMAID_DOCS + "pie.md",),
    specs=(MERMAID_DIAGRAMS + "pie/",),
    rendering=(MERMAID_RENDERING + "pie/",),
    extract_js=_EXTRACT,
    parser="coursebuild.mermaid.pie.parser:parse",
    theirs=theirs,
    ours=ours,
    features={
        "showData": r"\bshowData\b",
        "title": r"\btitle\b",
        "decimal value": r":\s*\d*\.\d",
        "front matter": r"\A\s*---\n",
        "%%{init}%%": r"%%\{",
        "comment %%": r"^\s*%%(?!\{)",
        "accTitle/accDescr": r"\bacc(?:Title|Descr)\b",
        "non-ASCII text": r"[^\x00-\x7f]",
    },
)
