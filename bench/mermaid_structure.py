"""Compare mermaid's parse of a diagram with ours, aspect by aspect.

Both sides are reduced to the same plain form first: canonical shape names (through mermaid's
own alias table, read from its repository), labels with entities decoded, ``<br>`` as a space
and tags, ``fa:`` icons and emphasis marks dropped, and style lists as property maps.
"""

from __future__ import annotations

import html
import re
from typing import Any

from mermaid_corpus import Repo

SHAPES_FILE = "packages/mermaid/src/rendering-util/rendering-elements/shapes.ts"
# mermaid's classic vertex types and ours, named by the shape handler that draws them
_CLASSIC = {
    None: "squareRect", "square": "squareRect", "rect": "squareRect", "round": "roundedRect",
    "diamond": "question", "trapezoid_alt": "inv_trapezoid", "ellipse": "ellipse",
    "odd": "rect_left_inv_arrow",
}  # fmt: skip
_ARROWS = {
    "arrow_point": (None, "arrow"), "arrow_open": (None, None), "arrow_cross": (None, "cross"),
    "arrow_circle": (None, "circle"), "double_arrow_point": ("arrow", "arrow"),
    "double_arrow_cross": ("cross", "cross"), "double_arrow_circle": ("circle", "circle"),
}  # fmt: skip
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_ENTITY = re.compile(r"(?<!&)#(\d+|[A-Za-z]+);")
_PRIVATE = re.compile("[\ue000-\uf8ff]")
_ICON = re.compile(r"\bfa[bklrs]?:fa-[\w-]+\s*")


def shape_aliases(repo: Repo) -> dict[str, str]:
    """Every shape name mermaid accepts -> the handler that draws it."""
    src = repo.show(SHAPES_FILE)
    table: dict[str, str] = {}
    for block in re.findall(r"\{[^{}]*?shortName:[^{}]*?handler:\s*\w+[^{}]*\}", src):
        handler = re.search(r"handler:\s*(\w+)", block)
        names = re.findall(r"'([^']+)'", re.sub(r"description:\s*'[^']*'", "", block))
        for name in names:
            table[name] = handler.group(1) if handler else name
    table.update({k: v for k, v in _CLASSIC.items() if k is not None})
    return table


def canonical_shape(name: str | None, aliases: dict[str, str]) -> str:
    if name is None:
        return _CLASSIC[None]
    return aliases.get(name, aliases.get(name.replace("_", "-"), name))


def _entity(match: re.Match[str]) -> str:
    name = match.group(1)
    return html.unescape(f"&#{name};" if name.isdigit() else f"&{name};")


def _mermaid_decode(text: str) -> str:
    """Undo mermaid's ``encodeEntities`` (``#quot;`` is kept as ``ﬂ°quot¶ß`` in its db)."""
    text = text.replace("&ﬂ°°", "ﬂ°°")  # ``&#40;``: the author meant the HTML entity
    return text.replace("ﬂ°°", "#").replace("ﬂ°", "#").replace("¶ß", ";")


def norm_label(text: str | None) -> str:
    text = _BREAK.sub(" ", _mermaid_decode(text or ""))
    text = _TAG.sub("", text)
    text = _ENTITY.sub(_entity, text)
    text = _ICON.sub("", html.unescape(text))
    text = _PRIVATE.sub("", text.replace("*", "").replace("`", ""))  # emphasis marks
    return " ".join(text.split())


def _md(text: str | None, label_type: str | None) -> str:
    """A markdown string's ``_emphasis_`` marks are formatting, not text."""
    if label_type != "markdown" or not text:
        return text or ""
    return re.sub(r"(?<![\w])_+|_+(?![\w])", "", text)


def norm_ours(text: str | None) -> str:
    """Our labels are decoded already (entities, ``<br>``): only formatting marks go."""
    text = _ICON.sub("", _PRIVATE.sub("", text or ""))
    return " ".join(text.replace("*", "").replace("`", "").split())


def norm_styles(items: list[str] | dict[str, str]) -> dict[str, str]:
    """Style declarations as ``{property: value}`` with spacing normalised; mermaid's list
    splits values at commas, so a piece without a colon continues the previous value."""
    if isinstance(items, dict):
        pairs = list(items.items())
    else:
        pairs = []
        for item in ";".join(items).split(";"):
            if ":" in item:
                key, value = item.split(":", 1)
                pairs.append((key, value))
            elif item.strip() and pairs:
                pairs[-1] = (pairs[-1][0], pairs[-1][1] + "," + item)
    return {
        k.strip().lower(): re.sub(r"\s*,\s*", ",", " ".join(v.split())).rstrip(";").strip()
        for k, v in pairs
        if k.strip()
    }


# --- flowcharts -------------------------------------------------------------------------------


def theirs_flowchart(data: dict[str, Any], aliases: dict[str, str]) -> dict[str, Any]:
    groups = {s["id"] for s in data["subgraphs"]}
    vertices = {v["id"]: dict(v, classes=list(v["classes"])) for v in data["vertices"]}
    for group in data["subgraphs"]:
        vertices.setdefault(group["id"], {"styles": [], "classes": []})
        vertices[group["id"]]["classes"] += group["classes"]
    return {
        "direction": data["direction"] or "TB",
        "nodes": {
            i: (canonical_shape(v["type"], aliases), norm_label(_md(v["text"], v["labelType"])))
            for i, v in vertices.items() if i not in groups
        },
        "node styles": {i: norm_styles(v["styles"]) for i, v in vertices.items()
                        if norm_styles(v["styles"])},
        "node classes": {i: sorted(set(v["classes"]) - {"clickable"})
                         for i, v in vertices.items() if set(v["classes"]) - {"clickable"}},
        "edges": [_their_edge(e, data.get("defaultStyle", [])) for e in data["edges"]],
        "subgraphs": {s["id"]: _their_subgraph(s) for s in data["subgraphs"]},
        "classDefs": {k: norm_styles(v) for k, v in data["classes"].items()},
        "title": norm_label(data.get("title")),
    }  # fmt: skip


def _their_edge(edge: dict[str, Any], default: list[str]) -> dict[str, Any]:
    start, end = _ARROWS.get(edge["type"], (None, edge["type"]))
    style = norm_styles(edge["style"] or default)
    if style.get("fill") == "none":  # mermaid adds it to every linkStyle
        del style["fill"]
    return {
        "ends": (edge["start"], edge["end"]),
        "kind": (edge["stroke"], start, end),
        "length": edge["length"],
        "label": norm_label(_md(edge["text"], edge["labelType"])),
        "style": style,
    }


def _their_subgraph(group: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": norm_label(group["title"]),
        "members": sorted(set(group["nodes"])),
        "direction": {"TD": "TB"}.get(group["dir"], group["dir"]),
    }


def ours_flowchart(chart: Any, aliases: dict[str, str]) -> dict[str, Any]:
    styled = {**chart.nodes, **chart.subgraphs}
    return {
        "direction": chart.direction,
        "nodes": {
            i: (canonical_shape(n.shape, aliases), norm_ours(n.label))
            for i, n in chart.nodes.items()
        },
        "node styles": {i: norm_styles(n.style) for i, n in styled.items() if norm_styles(n.style)},
        "node classes": {i: sorted(set(n.classes)) for i, n in styled.items() if n.classes},
        "edges": [_our_edge(e) for e in chart.edges],
        "subgraphs": {i: _our_subgraph(s) for i, s in chart.subgraphs.items()},
        "classDefs": {k: norm_styles(v) for k, v in chart.class_defs.items()},
        "title": norm_ours(getattr(chart, "title", None)),
    }


def _our_edge(edge: Any) -> dict[str, Any]:
    return {
        "ends": (edge.source, edge.target),
        "kind": (edge.stroke, edge.start, edge.end),
        "length": edge.length,
        "label": norm_ours(edge.label),
        "style": norm_styles(edge.style),
    }


def _our_subgraph(group: Any) -> dict[str, Any]:
    return {
        "title": norm_ours(group.title),
        "members": sorted(set(group.children)),
        "direction": group.direction,
    }


def _match_anonymous(theirs: dict[str, Any], ours: dict[str, Any]) -> dict[str, Any]:
    """Rename our subgraphs to mermaid's automatic ids (``subGraph3``) where the id differs
    but title and members agree, so only real differences remain."""
    renamed = dict(ours)
    for their_id, group in theirs.items():
        if their_id in renamed or not their_id.startswith("subGraph"):
            continue
        for our_id, candidate in list(renamed.items()):
            if our_id not in theirs and candidate["title"] == group["title"]:
                renamed[their_id] = renamed.pop(our_id)
                break
    return renamed


def compare_flowchart(theirs: dict[str, Any], ours: dict[str, Any]) -> list[tuple[str, str]]:
    """The aspects that differ, each with a short description."""
    ours = dict(ours, subgraphs=_match_anonymous(theirs["subgraphs"], ours["subgraphs"]))
    diffs: list[tuple[str, str]] = []
    aspects = ["direction", "classDefs", "node styles", "node classes"]
    if theirs["title"]:  # a front-matter title (our model also keeps accTitle there)
        aspects.append("title")
    for aspect in aspects:
        if theirs[aspect] != ours[aspect]:
            diffs.append((aspect, differ(theirs[aspect], ours[aspect])))
    diffs += _compare_nodes(theirs["nodes"], ours["nodes"])
    diffs += _compare_edges(theirs["edges"], ours["edges"])
    diffs += _compare_subgraphs(theirs["subgraphs"], ours["subgraphs"])
    return diffs


def differ(theirs: Any, ours: Any) -> str:
    if isinstance(theirs, dict) and isinstance(ours, dict):
        keys = [k for k in {**theirs, **ours} if theirs.get(k) != ours.get(k)][:2]
        return "; ".join(f"{k}: mermaid {theirs.get(k)!r} / ours {ours.get(k)!r}" for k in keys)
    if isinstance(theirs, list) and isinstance(ours, list):
        if len(theirs) != len(ours):
            return f"{len(theirs)} in mermaid / {len(ours)} in ours"
        i = next(i for i, (t, o) in enumerate(zip(theirs, ours, strict=True)) if t != o)
        return f"#{i}: mermaid {theirs[i]!r} / ours {ours[i]!r}"[:200]
    return f"mermaid {theirs!r} / ours {ours!r}"[:200]


def _compare_nodes(theirs: dict[str, Any], ours: dict[str, Any]) -> list[tuple[str, str]]:
    if set(theirs) != set(ours):
        missing = sorted(set(theirs) - set(ours))[:3]
        extra = sorted(set(ours) - set(theirs))[:3]
        return [("node ids", f"missing {missing} extra {extra}")]
    diffs = []
    shapes = {i for i in theirs if theirs[i][0] != ours[i][0]}
    labels = {i for i in theirs if theirs[i][1] != ours[i][1]}
    if shapes:
        i = min(shapes)
        diffs.append(("node shape", f"{i}: mermaid {theirs[i][0]} / ours {ours[i][0]}"))
    if labels:
        i = min(labels)
        diffs.append(("node label", f"{i}: mermaid {theirs[i][1]!r} / ours {ours[i][1]!r}"))
    return diffs


def _compare_edges(theirs: list[Any], ours: list[Any]) -> list[tuple[str, str]]:
    if [e["ends"] for e in theirs] != [e["ends"] for e in ours]:
        return [("edge ends", differ([e["ends"] for e in theirs], [e["ends"] for e in ours]))]
    diffs = []
    for aspect in ("kind", "length", "label", "style"):
        pairs = [(t[aspect], o[aspect]) for t, o in zip(theirs, ours, strict=True)]
        bad = [(t, o) for t, o in pairs if t != o]
        if bad:
            diffs.append((f"edge {aspect}", f"mermaid {bad[0][0]!r} / ours {bad[0][1]!r}"))
    return diffs


def _compare_subgraphs(theirs: dict[str, Any], ours: dict[str, Any]) -> list[tuple[str, str]]:
    if set(theirs) != set(ours):
        return [("subgraph ids", f"mermaid {sorted(theirs)[:4]} / ours {sorted(ours)[:4]}")]
    diffs = []
    for aspect in ("title", "members", "direction"):
        bad = [i for i in theirs if theirs[i][aspect] != ours[i][aspect]]
        if bad:
            i = bad[0]
            detail = f"{i}: mermaid {theirs[i][aspect]!r} / ours {ours[i][aspect]!r}"
            diffs.append((f"subgraph {aspect}", detail[:200]))
    return diffs


# --- sequence diagrams ------------------------------------------------------------------------

_NOTE = 2
# mermaid's LINETYPE codes: arrows as (line, head at the target, head at the source)
_SEQ_ARROWS = {
    0: ("solid", "arrow", "none"), 1: ("dotted", "arrow", "none"),
    3: ("solid", "cross", "none"), 4: ("dotted", "cross", "none"),
    5: ("solid", "none", "none"), 6: ("dotted", "none", "none"),
    24: ("solid", "open", "none"), 25: ("dotted", "open", "none"),
    33: ("solid", "arrow", "arrow"), 34: ("dotted", "arrow", "arrow"),
}  # fmt: skip
_HALF = {**{c: "solid" for c in range(41, 49)}, **{c: "dotted" for c in range(51, 59)}}
_SEQ_BLOCKS = {
    10: "loop(", 12: "alt(", 13: "else", 15: "opt(", 19: "par(", 20: "and", 22: "rect(",
    27: "critical(", 28: "option", 30: "break(", 32: "par_over(",
    11: ")", 14: ")", 16: ")", 21: ")", 23: ")", 29: ")", 31: ")",
}  # fmt: skip


def _their_arrow(code: int) -> tuple[str, ...]:
    if code in _HALF:
        return (_HALF[code], "half")
    return _SEQ_ARROWS.get(code, ("code", str(code)))


def _their_block(message: dict[str, Any]) -> str:
    token = _SEQ_BLOCKS[message["type"]]
    if token == ")" or token == "rect(":
        return token
    return token + norm_label(message["message"])


def theirs_sequence(data: dict[str, Any]) -> dict[str, Any]:
    entries = data["messages"]
    arrows = [m for m in entries if m["from"] and m["to"] and m["type"] != _NOTE]
    return {
        "participants": [(a["name"], norm_label(a["description"])) for a in data["actors"]],
        "messages": [(m["from"], m["to"], norm_label(m["message"])) for m in arrows],
        "arrow kinds": [_their_arrow(m["type"]) for m in arrows],
        "notes": sum(1 for m in entries if m["type"] == _NOTE),
        "blocks": [_their_block(m) for m in entries if m["type"] in _SEQ_BLOCKS],
        "boxes": [sorted(b["actorKeys"]) for b in data["boxes"]],
    }


def _our_arrow(arrow: str) -> tuple[str, ...]:
    from coursebuild.mermaid.sequence.model import ARROWS

    line, target, source = ARROWS.get(arrow, ("?", arrow, "?"))
    half = any(head.startswith(("half", "stick")) for head in (target, source))
    return (line, "half") if half else (line, target, source)


def _our_block(event: Any) -> str | None:
    kind = type(event).__name__
    if kind == "BlockStart":
        return "rect(" if event.kind == "rect" else f"{event.kind}({norm_ours(event.label)}"
    if kind == "BlockSection":
        return event.word + norm_ours(event.label)
    return ")" if kind == "BlockEnd" else None


def ours_sequence(diagram: Any) -> dict[str, Any]:
    blocks = [_our_block(e) for e in diagram.events]
    return {
        "participants": [(p.id, norm_ours(p.label)) for p in diagram.participants.values()],
        "messages": [(m.source, m.target, norm_ours(m.text)) for m in diagram.messages],
        "arrow kinds": [_our_arrow(m.arrow) for m in diagram.messages],
        "notes": len(diagram.notes),
        "blocks": [b for b in blocks if b is not None],
        "boxes": [sorted(b.participants) for b in diagram.boxes],
    }


def compare_sequence(theirs: dict[str, Any], ours: dict[str, Any]) -> list[tuple[str, str]]:
    aspects = ("participants", "messages", "arrow kinds", "notes", "blocks", "boxes")
    return [
        (aspect, differ(theirs[aspect], ours[aspect]))
        for aspect in aspects
        if theirs[aspect] != ours[aspect]
    ]
