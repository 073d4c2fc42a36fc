"""Readers for the pieces of a vertex statement: node ids, shapes, links and labels."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import MermaidError
from .lexer import Cursor
from .model import Marker, Stroke

NODE_ID = re.compile(r"\w+(?:[-.]\w+)*")
_CLASS_SHORTHAND = re.compile(r":::([\w-]+(?:,[\w-]+)*)")
_LINK = re.compile(r"(?P<start>[<ox])?(?P<body>-{2,}|={2,}|-\.+-|~{3,})(?P<end>[>ox])?")
_TEXT_LINK_START = re.compile(r"(?P<start>[<ox])?(?P<body>--|==|-\.)")
_TEXT_LINK_END = {
    "-": re.compile(r"(?P<body>-{2,})(?P<end>[>ox])|(?P<open>-{3,})"),
    "=": re.compile(r"(?P<body>={2,})(?P<end>[>ox])|(?P<open>={3,})"),
    ".": re.compile(r"(?P<body>\.+-)(?P<end>[>ox])?"),
}
_MARKERS: dict[str, Marker] = {">": "arrow", "<": "arrow", "o": "circle", "x": "cross"}
MAX_LINK_LENGTH = 10  # as mermaid: ``A ------- B`` spans at most 10 ranks, however long

# (opener, {closer: shape}); longer openers first.  Openers in _LENIENT fall back to a
# shorter opener when unclosed, so ``A[/etc/hosts]`` is a rectangle labelled "/etc/hosts".
SHAPE_OPENERS: tuple[tuple[str, dict[str, str]], ...] = (
    ("(((", {")))": "doublecircle"}),
    ("([", {"])": "stadium"}),
    ("[[", {"]]": "subroutine"}),
    ("[(", {")]": "cylinder"}),
    ("((", {"))": "circle"}),
    ("[/", {"/]": "lean_right", "\\]": "trapezoid"}),
    ("[\\", {"\\]": "lean_left", "/]": "trapezoid_alt"}),
    ("{{", {"}}": "hexagon"}),
    ("[", {"]": "rect"}),
    ("(", {")": "round"}),
    ("{", {"}": "diamond"}),
    (">", {"]": "odd"}),
)
_LENIENT = {"[/", "[\\", "[(", "(["}


@dataclass(frozen=True)
class NodeRef:
    id: str
    shape: str | None = None
    label: str | None = None  # raw label text, not yet decoded
    classes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Link:
    stroke: Stroke
    start: Marker | None
    end: Marker | None
    length: int
    label: str | None = None  # raw


def read_node(cur: Cursor) -> NodeRef:
    cur.skip_ws()
    found = cur.match(NODE_ID)
    if not found:
        raise cur.error("a node id")
    shape, label = read_shape(cur)
    classes = _CLASS_SHORTHAND.match(cur.text, cur.pos)
    if classes:
        cur.pos = classes.end()
        return NodeRef(found.group(0), shape, label, tuple(classes.group(1).split(",")))
    if cur.startswith(":::"):
        cur.pos += 3
        raise cur.error("a class name after ':::'")
    return NodeRef(found.group(0), shape, label)


def read_shape(cur: Cursor) -> tuple[str | None, str | None]:
    """Read ``[label]``, ``((label))``… right after a node id, if present."""
    start = cur.pos
    cur.skip_ws()
    for opener, closers in SHAPE_OPENERS:
        if not cur.startswith(opener) or (opener == ">" and cur.pos != start):
            continue
        result = _bracketed(cur, opener, closers)
        if result is not None:
            return result
    cur.pos = start
    return None, None


def _bracketed(cur: Cursor, opener: str, closers: dict[str, str]) -> tuple[str, str] | None:
    begin = cur.pos
    cur.pos += len(opener)
    cur.skip_ws()
    if cur.startswith('"'):
        text = read_quoted(cur)
        cur.skip_ws()
        for closer, shape in closers.items():
            if cur.startswith(closer):
                cur.pos += len(closer)
                return shape, text
        raise cur.error(f"'{next(iter(closers))}' to close '{opener}'")
    hits = [(cur.text.find(c, cur.pos), c) for c in closers if cur.text.find(c, cur.pos) >= 0]
    if not hits:
        if opener in _LENIENT:
            cur.pos = begin
            return None
        closer = next(iter(closers))
        raise MermaidError(
            cur.line, f"unclosed '{opener}' : expected '{closer}' before end of line"
        )
    index, closer = min(hits)
    text = cur.text[cur.pos : index]
    cur.pos = index + len(closer)
    return closers[closer], text


def read_quoted(cur: Cursor) -> str:
    """A ``"…"`` string (markdown strings ``"`…`"`` lose their backticks)."""
    end = cur.text.find('"', cur.pos + 1)
    if end < 0:
        raise MermaidError(cur.line, "unclosed '\"' : expected a closing '\"' before end of line")
    text = cur.text[cur.pos + 1 : end]
    cur.pos = end + 1
    if len(text) >= 2 and text.startswith("`") and text.endswith("`"):
        text = text[1:-1]
    return text


def _stroke(body: str) -> Stroke:
    if body.startswith("~"):
        return "invisible"
    if body.startswith("="):
        return "thick"
    return "dotted" if "." in body else "normal"


def _length(body: str, has_end: bool) -> int:
    if "." in body:
        length = body.count(".")
    elif body.startswith("~"):
        length = len(body) - 2
    else:
        length = len(body) - (1 if has_end else 2)
    return min(MAX_LINK_LENGTH, max(1, length))


def read_link(cur: Cursor) -> Link | None:
    """A link (``-->``, ``-. text .->``, ``==>|text|``…) or None if none is here."""
    cur.skip_ws()
    start = cur.pos
    found = cur.match(_LINK)
    if found and _complete(found):
        link = _link_from(found.group("start"), found.group("body"), found.group("end"))
        return _with_pipe_label(cur, link)
    cur.pos = start
    opening = cur.match(_TEXT_LINK_START)
    if not opening:
        return None
    return _text_link(cur, opening)


def _complete(found: re.Match[str]) -> bool:
    body = found.group("body")
    return bool(found.group("end")) or len(body) >= 3 or "." in body


def _link_from(start: str | None, body: str, end: str | None) -> Link:
    return Link(
        stroke=_stroke(body),
        start=_MARKERS.get(start) if start else None,
        end=_MARKERS.get(end) if end else None,
        length=_length(body, bool(end)),
    )


def _with_pipe_label(cur: Cursor, link: Link) -> Link:
    save = cur.pos
    cur.skip_ws()
    if not cur.startswith("|"):
        cur.pos = save
        return link
    close = cur.text.find("|", cur.pos + 1)
    if close < 0:
        raise MermaidError(cur.line, "unclosed '|' : expected a closing '|' after the link text")
    text = cur.text[cur.pos + 1 : close].strip()
    cur.pos = close + 1
    if len(text) >= 2 and text.startswith('"') and text.endswith('"'):
        text = text[1:-1]
    return Link(link.stroke, link.start, link.end, link.length, text)


def _closing(kind: str, text: str, pos: int) -> re.Match[str] | None:
    """The second half of ``-- text -->``; for dots, found without a regex search, whose
    backtracking over a long run of dots would take quadratic time."""
    if kind != ".":
        return _TEXT_LINK_END[kind].search(text, pos)
    dash = text.find(".-", pos)
    if dash < 0:
        return None
    begin = dash
    while begin > pos and text[begin - 1] == ".":
        begin -= 1
    return _TEXT_LINK_END["."].match(text, begin)


def _text_link(cur: Cursor, opening: re.Match[str]) -> Link:
    kind = opening.group("body")[1] if opening.group("body") == "-." else opening.group("body")[0]
    closing = _closing(kind, cur.text, cur.pos)
    if not closing:
        shown = opening.group(0)
        raise MermaidError(
            cur.line, f"unclosed link text after '{shown}' : expected a link end such as '-->'"
        )
    text = cur.text[cur.pos : closing.start()].strip()
    cur.pos = closing.end()
    body = closing.group("body") or closing.group("open")
    if kind == ".":
        body = "-" + body
    link = _link_from(opening.group("start"), body, closing.group("end"))
    if not text:
        raise cur.error("link text between the two halves of the link")
    return Link(link.stroke, link.start, link.end, link.length, text)
