"""Mindmap source to the :class:`Mindmap` model.

The tokens follow mermaid's ``mindmap.jison``, tried in its order at each position: a ``%%``
comment, ``:::classes`` (to the end of the line), ``::icon(…)``, line ends, a shape's opening
(``-)``, ``(-``, ``))``, ``)``, ``((``, ``{{``, ``(``, ``[``), indentation, and a node's text
(anything but ``( [ ) { }`` and a line end). Inside a shape: a ``"`…`"`` markdown string, a
``"…"`` string or text up to ``) ] ( }``, then the closing delimiter. The opening alone decides
the shape, as in mermaid (``(text)`` is rounded, ``(text(`` a cloud).

A node's parent is the nearest previous node indented less than it; the first node is the
root, and a later node with no parent is an error ("only one root"), as in mermaid. Icons and
classes decorate the node before them, whatever their indentation.
"""

from __future__ import annotations

import bisect
import re

from ..directives import (
    declares,
    directive_lines,
    front_matter,
    front_matter_title,
    source_lines,
    theme_pairs,
)
from ..errors import MermaidError
from ..tally import TextBudget
from ..text import decode_label
from ..timeline.parser import THEME_KEYS
from . import bounds
from .model import Mindmap, Node, Shape

SECTIONS = 11  # mermaid's MAX_SECTIONS - 1: top-level branches cycle through cScale1 … 11
_HEADER = re.compile(r"mindmap\b")
_DSTART = ("-)", "(-", "))", ")", "((", "{{", "(", "[")
_DEND = ("))", ")", "]", "}}", "(-", "-)", "((", "(")
_NODE_ID = re.compile(r"[^(\[\n){}]+")
_DESCR = re.compile(r"[^)\](}]+")
_COMMENT = re.compile(r"[ \t\r\f\v]*%%[^\n]*")
_LINE_END = re.compile(r"[ \t\r\f\v]*\n")
_SPACES = re.compile(r"[ \t\r\f\v]+")
_HTML_TAG = re.compile(r"<(?!br\s*/?>)/?[A-Za-z][^<>]*>", re.I)


def _body_start(lines: list[str]) -> tuple[list[str], int]:
    """The settings lines (front matter, directives) and the index of the first statement."""
    settings, index = front_matter(lines)
    settings = list(settings)
    while index < len(lines):
        text = lines[index].strip()
        if text.startswith("%%{"):
            body, index = directive_lines(lines, index)
            settings += body
            continue
        if text and not text.startswith("%%"):
            break
        index += 1
    return settings, index


def is_mindmap(source: str) -> bool:
    """Whether the first statement is ``mindmap`` (after front matter and directives)."""
    return declares(source, _HEADER)


def parse(source: str) -> Mindmap:
    """Parse ``mindmap`` source; raise :class:`MermaidError` at the faulty line."""
    return _Parser(source).run()


def shape_of(start: str, end: str) -> Shape:
    """mermaid's ``getType``: the opening decides, ``(`` is a cloud unless closed by ``)``."""
    if start == "[":
        return "rect"
    if start == "(":
        return "rounded" if end == ")" else "cloud"
    return {"((": "circle", ")": "cloud", "))": "bang", "{{": "hexagon"}.get(start, "default")


def label(raw: str) -> str:
    """A node's text decoded: mermaid reads every mindmap label as markdown (``**bold**``,
    ``*italic*``, newlines), with ``<br>``; a label with other HTML tags is read as HTML."""
    if _HTML_TAG.search(raw):
        return decode_label(raw)
    return decode_label(f"`{raw}`")


class _Parser:
    def __init__(self, source: str) -> None:
        self.chart = Mindmap()
        lines = source_lines(source)
        settings, index = _body_start(lines)
        for text in settings:
            self._settings(text, front=not text.startswith((" ", "\t")))
        self.first = index
        if index >= len(lines) or not _HEADER.match(lines[index].strip()):
            raise MermaidError(min(index, len(lines) - 1) + 1,
                               "expected 'mindmap' on the first line")
        # whole-line comments go (mermaid removes them first); the header's line keeps its rest
        rest = lines[index].strip()[len("mindmap") :]
        body = [rest] + ["" if line.strip().startswith("%%") else line
                         for line in lines[index + 1 :]]  # fmt: skip
        self.text = "\n".join(body)
        self.starts = [0]
        for i, ch in enumerate(self.text):
            if ch == "\n":
                self.starts.append(i + 1)
        self.stack: list[Node] = []  # the last node's ancestors and itself, by level
        self.last: Node | None = None
        self.base = 0
        self.count = 0
        self.budget = TextBudget(bounds.MAX_LABEL_CHARS)  # characters of text

    def _settings(self, text: str, front: bool = False) -> None:
        title = front_matter_title(text.strip())
        if front and title is not None:
            self.chart.title = decode_label(title)
        self.chart.theme.update(theme_pairs(text, THEME_KEYS))

    def line(self, pos: int) -> int:
        return self.first + bisect.bisect_right(self.starts, pos)

    def run(self) -> Mindmap:
        s, pos, n = self.text, 0, len(self.text)
        after_item = False  # a node, icon or class was read: a line end must follow
        level = 0
        while pos < n:
            found = _COMMENT.match(s, pos)
            if found:
                pos, after_item = found.end(), False
                continue
            found = _LINE_END.match(s, pos)
            if found:
                pos, after_item, level = found.end(), False, 0
                continue
            found = _SPACES.match(s, pos)
            if found:
                if after_item and found.end() < n:
                    self._unexpected(pos, "after")
                pos, level = found.end(), len(found.group())
                continue
            pos = self._item(pos, level, after_item)
            after_item = True
        return self.chart

    def _item(self, pos: int, level: int, after_item: bool) -> int:
        """A node, an icon or classes at ``pos``; the position after it."""
        s = self.text
        if s[pos] in "{}" and not s.startswith("{{", pos):
            raise MermaidError(self.line(pos), f"unexpected '{s[pos]}' : a hexagon is "
                               "'{{text}}', and a text holding braces is quoted")
        if after_item:
            self._unexpected(pos, "after")
        if s.startswith(":::", pos):
            return self._classes(pos)
        if s.startswith("::icon(", pos):
            return self._icon(pos)
        if s[pos : pos + 7].lower() == "mindmap":
            raise MermaidError(self.line(pos), "'mindmap' again : a diagram has one header")
        return self._node(pos, level)

    def _unexpected(self, pos: int, where: str) -> None:
        near = self.text[pos:].split("\n", 1)[0].strip()[:30]
        raise MermaidError(self.line(pos), f"unexpected '{near}' {where} the node : one node "
                           "per line (icons and classes on their own line)")

    def _decorated(self, pos: int, what: str) -> Node:
        if self.last is None:
            raise MermaidError(self.line(pos), f"{what} before any node : it decorates the node "
                               "above it")
        return self.last

    def _classes(self, pos: int) -> int:
        end = self.text.find("\n", pos)
        end = len(self.text) if end < 0 else end
        value = self.text[pos + 3 : end].strip()
        if value:
            self._decorated(pos, "':::class'").classes = value
        return end

    def _icon(self, pos: int) -> int:
        close = self.text.find(")", pos + 7)
        if close < 0:
            raise MermaidError(self.line(pos), "unclosed '::icon(' : expected ')'")
        value = self.text[pos + 7 : close].strip()
        if value:
            node = self._decorated(pos, "'::icon()'")
            node.icon = value
            self.chart.warnings.append((self.line(pos), f"icon '{value}' not drawn (icon fonts "
                                        "are not available offline)"))
        return close + 1

    def _node(self, pos: int, level: int) -> int:
        s = self.text
        line = self.line(pos)
        start = next((d for d in _DSTART if s.startswith(d, pos)), None)
        node_id = None
        if start is None:
            found = _NODE_ID.match(s, pos)
            if not found:
                raise MermaidError(line, f"unexpected '{s[pos]}' : quote a text holding braces")
            node_id, pos = found.group(), found.end()
            start = next((d for d in _DSTART if s.startswith(d, pos)), None)
            if start is None:
                self._add(node_id, node_id, "default", level, line)
                return pos
        pos += len(start)
        raw, pos = self._descr(pos, line)
        end = next((d for d in _DEND if s.startswith(d, pos)), None)
        if end is None:
            raise MermaidError(self.line(pos), f"expected the closing of '{start}' after the "
                               "node's text : quote a text holding brackets")
        self._add(node_id if node_id is not None else raw, raw, shape_of(start, end), level, line)
        return pos + len(end)

    def _descr(self, pos: int, line: int) -> tuple[str, int]:
        s = self.text
        if s.startswith('"`', pos):
            close = s.find('`"', pos + 2)
            raw = s[pos + 2 : close] if close >= 0 else ""
            if close < 0 or not raw or "`" in raw or '"' in raw:
                raise MermaidError(line, "unclosed markdown string : expected '`\"'")
            return raw, close + 2
        if s.startswith('"', pos):
            close = s.find('"', pos + 1)
            if close <= pos + 1:
                raise MermaidError(line, "unclosed or empty string : expected '\"'")
            return s[pos + 1 : close], close + 1
        found = _DESCR.match(s, pos)
        if not found:
            what = "'}'" if s.startswith("}", pos) else "an empty text"
            raise MermaidError(line, f"{what} in a node's shape : write the text inside, quoted "
                               "if it holds brackets")
        return found.group(), found.end()

    def _add(self, node_id: str, raw: str, shape: Shape, level: int, line: int) -> None:
        self.count += 1
        if self.count > bounds.MAX_NODES:
            raise MermaidError(line, f"more than {bounds.MAX_NODES} nodes : split the mindmap")
        self.budget.spend(raw, line)
        node = Node(node_id, label(raw), shape, line, level)
        if self.chart.root is None:
            self.base = level
            node.level = 0
            self.chart.root = node
        else:
            node.level = level - self.base
            while self.stack and self.stack[-1].level >= node.level:
                self.stack.pop()
            if not self.stack:
                raise MermaidError(line, f"there can be only one root : '{node_id.strip()}' is "
                                   "not indented under the first node")
            parent = self.stack[-1]
            node.depth = parent.depth + 1
            if node.depth > bounds.MAX_DEPTH:
                raise MermaidError(line, f"more than {bounds.MAX_DEPTH} levels : split the mindmap")
            if parent.depth == 0:
                node.section = len(parent.children) % SECTIONS
            else:
                node.section = parent.section
            parent.children.append(node)
        self.stack.append(node)
        self.last = node
