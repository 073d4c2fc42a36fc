"""Readers for the pieces of a vertex statement: node ids, shapes, links and labels."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .errors import MermaidError
from .lexer import Cursor
from .model import Marker, Stroke

# As mermaid's id tokens: letters, digits and ``!#$%'*+.?\\/`_,``; a ``-`` not starting
# a link (``odd->text]`` is node ``odd-`` in the ``>…]`` shape), a ``=`` not doubled,
# a ``:`` not starting ``:::``, a ``&`` not before a space (``A & B`` is two nodes,
# ``A&B`` one).
NODE_ID = re.compile(r"(?:[\w!#$%'*+.?\\/`,]|-(?![-.])|=(?!=)|:(?!::)|&(?!\s)|&(?=\s*[-=.~<]))+")
_EDGE_ID = re.compile(r"([^\s\"@]+)@(?=[^{\"])")
_SHAPE_DATA_START = re.compile(r"\s*@\{")
_CLASS_NAME = r"(?:\w|-(?![->.]))+"
_CLASS_SHORTHAND = re.compile(rf":::({_CLASS_NAME}(?:,{_CLASS_NAME})*)")
_LINK = re.compile(r"(?P<start>[<ox])?(?P<body>-{2,}|={2,}|-?\.+-|~{3,})(?P<end>[>ox])?")
_TEXT_LINK_START = re.compile(r"(?P<start>[<ox])?(?P<body>--|==|-\.)")
_TEXT_LINK_END = {
    "-": re.compile(r"(?P<body>-{2,})(?P<end>[>ox])|(?P<open>-{3,})"),
    "=": re.compile(r"(?P<body>={2,})(?P<end>[>ox])|(?P<open>={3,})"),
    ".": re.compile(r"-?(?P<body>\.+-)(?P<end>[>ox])?"),  # mermaid's ``-?\.+-``
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
    ("(-", {"-)": "ellipse"}),
    ("[|", {"]": "rect"}),  # legacy ``A[|borders:lt|text]``
    ("[/", {"/]": "lean_right", "\\]": "trapezoid"}),
    ("[\\", {"\\]": "lean_left", "/]": "trapezoid_alt"}),
    ("{{", {"}}": "hexagon"}),
    ("[", {"]": "rect"}),
    ("(", {")": "round"}),
    ("{", {"}": "diamond"}),
    (">", {"]": "odd"}),
)
_LENIENT = {"[/", "[\\", "[(", "([", "(-", "[|"}


@dataclass(frozen=True)
class NodeRef:
    id: str
    shape: str | None = None
    label: str | None = None  # raw label text, not yet decoded
    classes: tuple[str, ...] = ()
    data: str | None = None  # the text of ``@{ … }``, not yet read


@dataclass(frozen=True)
class Link:
    stroke: Stroke
    start: Marker | None
    end: Marker | None
    length: int
    label: str | None = None  # raw
    id: str | None = None  # ``e1@-->``


def read_node(cur: Cursor) -> NodeRef:
    cur.skip_ws()
    found = cur.match(NODE_ID)
    if not found:
        raise cur.error("a node id")
    shape, label = read_shape(cur)
    names: tuple[str, ...] = ()
    classes = _CLASS_SHORTHAND.match(cur.text, cur.pos)
    if classes:
        cur.pos = classes.end()
        names = tuple(classes.group(1).split(","))
    elif cur.startswith(":::"):
        cur.pos += 3
        raise cur.error("a class name after ':::'")
    return NodeRef(found.group(0), shape, label, names, read_shape_data(cur))


def read_shape_data(cur: Cursor) -> str | None:
    """The inside of ``@{ … }`` (quoted strings may hold braces), or None if absent."""
    start = _SHAPE_DATA_START.match(cur.text, cur.pos)
    if not start:
        return None
    quoted = False
    for i in range(start.end(), len(cur.text)):
        ch = cur.text[i]
        if ch == '"':
            quoted = not quoted
        elif ch == "}" and not quoted:
            cur.pos = i + 1
            return cur.text[start.end() : i]
    raise MermaidError(cur.line, "unclosed '@{' : expected '}' after the node data")


def read_shape(cur: Cursor) -> tuple[str | None, str | None]:
    """Read ``[label]``, ``((label))``… right after a node id, if present."""
    start = cur.pos
    cur.skip_ws()
    if cur.at_end() or cur.text[cur.pos] not in "[({>":
        cur.pos = start
        return None, None
    for opener, closers in SHAPE_OPENERS:
        if not cur.text.startswith(opener, cur.pos) or (opener == ">" and cur.pos != start):
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
    if opener == "[|":  # ``[|borders:lt|text]``: the properties are not drawn
        if "|" not in text:
            cur.pos = begin
            return None
        text = text.split("|", 1)[1]
    cur.pos = index + len(closer)
    return closers[closer], text


def read_quoted(cur: Cursor) -> str:
    """A ``"…"`` string (markdown strings ``"`…`"`` keep their backticks)."""
    end = cur.text.find('"', cur.pos + 1)
    if end < 0:
        raise MermaidError(cur.line, "unclosed '\"' : expected a closing '\"' before end of line")
    text = cur.text[cur.pos + 1 : end]
    cur.pos = end + 1
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
    begin = cur.pos
    edge_id = cur.match(_EDGE_ID)
    link = _read_link(cur)
    if link is None:
        cur.pos = begin
        return None
    return replace(link, id=edge_id.group(1)) if edge_id else link


def _read_link(cur: Cursor) -> Link | None:
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
    return replace(link, label=unquote(text))


def unquote(text: str) -> str:
    """A label without the quotes around it (a markdown string keeps its backticks)."""
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return text[1:-1]
    return text


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
    if begin > pos and text[begin - 1] == "-":  # ``-.-`` and ``-.->`` end it too
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
    return replace(link, label=unquote(text))


_DATA_ITEM = re.compile(r"\s*([\w-]+)\s*:\s*(\"(?:[^\"\\]|\\.)*\"|'[^']*'|[^,\n]*)\s*(?:[,\n]|$)")


def _block(text: str, pos: int) -> tuple[list[str], int]:
    """The lines of a YAML block scalar: those indented as much as its first line."""
    lines: list[str] = []
    indent = None
    while pos < len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        line = text[pos:end]
        depth = len(line) - len(line.lstrip())
        if indent is None:
            indent = depth
        if line.strip() and (depth < indent or depth == 0):
            break
        lines.append(line.strip())
        pos = end + 1
    return lines, pos


def read_metadata(text: str, line: int) -> dict[str, str]:
    """``shape: rect, label: "a, b"`` (the YAML mermaid accepts in ``@{ … }``) to a dict."""
    data: dict[str, str] = {}
    pos = 0
    text = text.strip()
    while pos < len(text):
        found = _DATA_ITEM.match(text, pos)
        if not found or found.end() == pos:
            shown = text[pos : pos + 20].strip()
            raise MermaidError(line, f"unexpected '{shown}' in '@{{…}}' : expected 'key: value'")
        value, pos = found.group(2).strip(), found.end()
        if value in ("|", ">", "|-", ">-"):  # a YAML block: the more indented lines after it
            lines, pos = _block(text, pos)
            data[found.group(1)] = ("\n" if value.startswith("|") else " ").join(lines)
            continue
        data[found.group(1)] = _yaml_scalar(value)
    return data


def _yaml_scalar(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return value[1:-1].replace("''", "'")
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), value[1:-1])
    return value
