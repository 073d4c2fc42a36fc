"""State diagram source to the :class:`StateDiagram` model, as mermaid's ``stateDiagram.jison``
and ``stateDb`` read it.

Two passes, as in mermaid: the lines become a tree of statements (a composite state's body
is a nested document, ``--`` splits it into concurrency regions), then the tree is walked to
name each ``[*]`` after its scope (``X_start``, ``X_end``; ``root_…`` at the top), give every
state the scope it is drawn in, and gather descriptions, notes and transitions.  A state's
shape (fork, join, choice) is the one of its first mention, as mermaid draws it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..directives import (
    acc_descr_block,
    declares,
    directive_lines,
    front_matter,
    front_matter_title,
    source_lines,
    theme_pairs,
)
from ..errors import MermaidError
from ..lexer import THEME_KEYS
from ..model import Declaration, Direction
from ..styles import parse_style_list, theme_values
from ..tally import Tally
from ..text import decode_label
from .model import ROOT, Note, State, StateDiagram, Transition

HEADER = re.compile(r"stateDiagram(?:-v2)?(?![\w-])")
_DIRECTIONS: dict[str, Direction] = {"TB": "TB", "TD": "TB", "BT": "BT", "LR": "LR", "RL": "RL"}
_DIRECTION = re.compile(r"direction\s+(\w+)\s*$", re.I)
_COMMENT = re.compile(r"^[^:]*?(%%(?!\{)|^#)")
_TOKEN = re.compile(
    r"(?P<arrow>-->)|(?P<styled>:::)|(?P<start>\[\*\])|:(?P<descr>.*)$|(?P<id>[^:\s\-{}]+)"
    r"|(?P<other>\S)"
)
_KEYWORDS = frozenset({"state", "note", "class", "classdef", "style", "click"})
_STATE = re.compile(r"state\s+(.*)$", re.I | re.S)
_SPECIAL = re.compile(r"(.*?)\s*(?:<<(fork|join|choice)>>|\[\[(fork|join|choice)\]\])$", re.I)
_ALIAS = re.compile(r'"([^"]*)"\s*as\s+([^{]*?)\s*(\{.*)?$', re.I | re.S)
_OPEN_QUOTE = re.compile(r'state\s+"', re.I)
_COMPOSITE = re.compile(r"([^\s{]+)\s*(\{.*)$")
_WORD = re.compile(r"([^\s{]+)$")
_WORD_DESCRIBED = re.compile(r"([^\s:{}\-]+)\s*(?::(.*))?$", re.S)
_NOTE = re.compile(r"note\s+(left|right)\s+of\s+([^:\s\-]+)\s*(?::(.*))?$", re.I)
_FLOATING = re.compile(r'note\s+"([^"]*)"\s*as\s+(\S+)\s*$', re.I)
_END_NOTE = re.compile(r"end\s+note$", re.I)
_CLASS_DEF = re.compile(r"classDef\s+(\w+)\s+(.*)$", re.I)
_CLASS = re.compile(r"class\s+(\w+(?:\s*,\s*\w+)*)\s+(\S+)\s*$", re.I)
_STYLE = re.compile(r"style\s+([\w,]+)\s+(.*)$", re.I)
_CLICK = re.compile(r'click\s+(\S+)\s+(?:href\s+)?"([^"]*)"(?:\s+"([^"]*)")?\s*$', re.I)
_CLOSE = re.compile(r"\}$")
_DIVIDER = re.compile(r"--$")
_SCALE = re.compile(r"scale\s+\d+\s+width$", re.I)
_HIDE = re.compile(r"hide\s+empty\s+description$", re.I)
_ACC = re.compile(r"(accTitle|accDescr)\s*:\s*(.*)$")
_ACC_BLOCK = re.compile(r"accDescr\s*\{(.*)$")
_LINK_SCHEMES = ("http", "https")
MAX_NOTE_LINES = 200  # lines of one note block


@dataclass
class _Item:
    """One state as a statement mentions it (mermaid's StateStmt)."""

    id: str
    line: int
    type: str = "default"  # default, fork, join, choice, divider
    descriptions: list[str] = field(default_factory=list)
    doc: list[object] | None = None
    classes: list[str] = field(default_factory=list)
    note: tuple[str, str] | None = None  # (position, text)


@dataclass
class _Relation:
    first: _Item
    second: _Item
    label: str
    line: int


@dataclass
class _Direction:
    value: Direction


@dataclass
class _Open:
    """A body being read: its statements, and where it opened."""

    item: _Item
    doc: list[object]


def _header_index(lines: list[str], chart: StateDiagram) -> int:
    """The index of the header line, after front matter, directives and comments."""
    body, index = front_matter(lines)
    for text in body:
        title = front_matter_title(text)
        if title is not None:
            chart.title = chart.heading = title
    raw = {k: v for text in body for k, v in theme_pairs(text, THEME_KEYS)}
    while index < len(lines):
        text = lines[index].strip()
        if text.startswith("%%{"):
            directive, index = directive_lines(lines, index)
            raw.update(kv for part in directive for kv in theme_pairs(part, THEME_KEYS))
            continue
        if text and not text.startswith("%%"):
            break
        index += 1
    chart.theme = theme_values(raw)
    chart.theme_raw = raw
    return index


def is_state(source: str) -> bool:
    """Whether the first statement is ``stateDiagram`` or ``stateDiagram-v2``."""
    return declares(source, HEADER)


def parse(source: str) -> StateDiagram:
    """Parse state diagram source; raise :class:`MermaidError` at the faulty line (1-based)."""
    return _Parser().run(source)


def _strip_comment(text: str) -> str:
    """The line without its ``%%`` comment; a ``%%`` after a colon is text, as in mermaid."""
    found = _COMMENT.match(text)
    return (text[: found.start(1)] if found else text).strip()


class _Parser:
    def __init__(self) -> None:
        self.chart = StateDiagram()
        self.tally = Tally()
        self.root: list[object] = []
        self.stack: list[_Open] = []
        self.styling: list[tuple[str, int, str, str]] = []  # (keyword, line, ids, value)
        self.clicks: list[tuple[int, str, str]] = []
        self.dividers = 0
        self.second_description: dict[str, int] = {}  # state -> line of its 2nd description

    # -- pass 1: statements --------------------------------------------------
    def run(self, source: str) -> StateDiagram:
        lines = source_lines(source)
        index = _header_index(lines, self.chart)
        if index >= len(lines):
            raise MermaidError(max(1, len(lines)), "empty diagram : expected 'stateDiagram-v2'")
        header = _strip_comment(lines[index])
        found = HEADER.match(header)
        if found is None:
            raise MermaidError(index + 1, f"expected 'stateDiagram-v2', not {header[:60]!r}")
        if self.chart.heading:
            self.tally.label(self.chart.heading, 1)
        rest = header[found.end() :].strip()
        if rest:
            self._line(rest, index + 1, lines, index)
        index += 1
        while index < len(lines):
            index = self._statement(lines, index)
        if self.stack:
            item = self.stack[-1].item
            raise MermaidError(
                item.line, f"unexpected end of diagram : expected '}}' to close state '{item.id}'"
            )
        return self._finish()

    @property
    def doc(self) -> list[object]:
        return self.stack[-1].doc if self.stack else self.root

    def _statement(self, lines: list[str], index: int) -> int:
        raw = lines[index].strip()
        if raw.startswith("%%{"):
            directive, after = directive_lines(lines, index)
            raw = self.chart.theme_raw
            raw.update(kv for part in directive for kv in theme_pairs(part, THEME_KEYS))
            self.chart.theme = theme_values(raw)
            return after
        block = _ACC_BLOCK.match(raw)
        if block:
            parts, after = acc_descr_block(lines, index, block.group(1))
            self.tally.label(" ".join(parts), index + 1)
            self.chart.description = "\n".join(parts)
            return after
        acc = _ACC.match(raw)
        if acc:
            self.tally.label(acc.group(2), index + 1)
            if acc.group(1) == "accTitle":
                self.chart.title = acc.group(2).strip()
            else:
                self.chart.description = acc.group(2).strip()
            return index + 1
        text = _strip_comment(raw)
        if not text:
            return index + 1
        if _OPEN_QUOTE.match(text) and text.count('"') % 2:  # a name over several lines
            after = index + 1
            while after < len(lines) and after - index < MAX_NOTE_LINES and '"' not in lines[after]:
                after += 1
            if after < len(lines) and '"' in lines[after]:
                joined = "\n".join([text, *(t.strip() for t in lines[index + 1 : after + 1])])
                self._line(_strip_comment(joined), index + 1, lines, index)
                return after + 1
        return self._line(text, index + 1, lines, index)

    def _line(self, text: str, line: int, lines: list[str], index: int) -> int:
        """Read the statement ``text`` at ``line``; the index of the next line to read."""
        state = _STATE.match(text)
        if state:
            return self._state(state.group(1).strip(), line, lines, index)
        if text[:4].lower() == "note":
            return self._note(text, line, lines, index)
        for pattern, handler in (
            (_DIRECTION, self._direction), (_CLOSE, self._close), (_DIVIDER, self._divider),
            (_HIDE, self._hide), (_SCALE, lambda found, line: None),
            (_CLASS_DEF, self._class_def), (_CLASS, self._class), (_STYLE, self._style),
            (_CLICK, self._click),
        ):  # fmt: skip
            found = pattern.match(text)
            if found:
                handler(found, line)
                return index + 1
        return self._id_statement(text, line, lines, index)

    def _direction(self, found: re.Match[str], line: int) -> None:
        word = found.group(1).upper()
        if word not in _DIRECTIONS:
            raise MermaidError(line, f"unknown direction '{found.group(1)}' : "
                                     "expected one of TB, BT, LR, RL")  # fmt: skip
        self.doc.append(_Direction(_DIRECTIONS[word]))

    def _close(self, found: re.Match[str], line: int) -> None:
        if not self.stack:
            raise MermaidError(line, "unexpected '}' : no composite state is open")
        self.stack.pop()

    def _divider(self, found: re.Match[str], line: int) -> None:
        if not self.stack:
            raise MermaidError(line, "'--' separates concurrent regions inside a "
                                     "composite state only")  # fmt: skip
        self.dividers += 1
        self.doc.append(_Item(f"divider-id-{self.dividers}", line, "divider"))

    def _hide(self, found: re.Match[str], line: int) -> None:
        self.chart.hide_empty_description = True

    def _id_statement(self, text: str, line: int, lines: list[str], index: int) -> int:
        """States and transitions; as mermaid's grammar needs no line break between two
        statements, ``a b`` declares two states and ``a --> b class a c`` styles ``a``."""
        tokens = _tokens(text)
        at = 0
        while at < len(tokens):
            kind, value, where = tokens[at]
            if at and kind == "id" and value.lower() in _KEYWORDS and at + 1 < len(tokens):
                return self._line(text[where:], line, lines, index)
            if kind not in ("id", "start"):
                raise _unexpected(text, value, line)
            first, at = _id_item(tokens, at, line)
            if at < len(tokens) and tokens[at][0] == "arrow":
                if at + 1 >= len(tokens) or tokens[at + 1][0] not in ("id", "start"):
                    raise MermaidError(line, "expected a state after '-->'")
                second, at = _id_item(tokens, at + 1, line)
                label = ""
                if at < len(tokens) and tokens[at][0] == "descr":
                    label, at = tokens[at][1].strip(), at + 1
                self.tally.link_group(1, 1, line)
                self.tally.label(label, line)
                self.doc.append(_Relation(first, second, decode_label(label) if label else "",
                                          line))  # fmt: skip
                continue
            if at < len(tokens) and tokens[at][0] == "descr":
                words = tokens[at][1].strip()
                self.tally.label(words, line)
                if words:
                    first.descriptions.append(decode_label(words))
                at += 1
            self.doc.append(first)
        return index + 1

    def _state(self, rest: str, line: int, lines: list[str], index: int) -> int:
        special = _SPECIAL.match(rest)
        if special:
            kind = (special.group(2) or special.group(3)).lower()
            name = special.group(1).strip()
            if name:
                self.doc.append(_Item(name, line, kind))
            return index + 1
        alias = _ALIAS.match(rest)
        if alias:
            label, name, brace = alias.group(1).strip(), alias.group(2).strip(), alias.group(3)
            self.tally.label(label, line)
            descriptions = [decode_label(label)] if label else []
            if ":" in name:
                name, extra = name.split(":", 1)
                name = name.strip()
                descriptions.append(decode_label(extra.strip()))
            if not name or re.search(r"\s", name):
                raise MermaidError(line, f"expected one state id after 'as', not {name!r}")
            item = _Item(name, line, descriptions=descriptions)
            return self._maybe_body(item, brace, line, lines, index)
        composite = _COMPOSITE.match(rest)
        if composite is None and _WORD.match(rest):  # ``state X`` then ``{`` on the next line
            item = _Item(rest, line)
            after = index + 1
            while after < len(lines) and not _strip_comment(lines[after].strip()):
                after += 1
            if after < len(lines) and _strip_comment(lines[after].strip()).startswith("{"):
                return self._open(item, _strip_comment(lines[after].strip()), after + 1, after)
        if composite is None:
            return self._state_without_body(rest, line, index)
        return self._open(_Item(composite.group(1), line), composite.group(2), line, index)

    def _state_without_body(self, rest: str, line: int, index: int) -> int:
        """``state X`` and ``state X : text``: mermaid draws nothing for them (it declares a
        state only with a body, a label or a mark); we draw the state, so that nothing
        written is lost. Other words after ``state`` declare nothing, as in mermaid."""
        found = _WORD_DESCRIBED.match(rest)
        if found:
            item = _Item(found.group(1), line)
            words = (found.group(2) or "").strip()
            if words:
                self.tally.label(words, line)
                item.descriptions.append(decode_label(words))
            self.doc.append(item)
        else:
            self.chart.warnings.append((line, f"'state {rest[:40]}' declares nothing (as in "
                                              "mermaid) : write the id alone, or give a body "
                                              "'{ … }'"))  # fmt: skip
        return index + 1

    def _maybe_body(self, item: _Item, brace: str | None, line: int, lines: list[str],
                    index: int) -> int:  # fmt: skip
        if brace is None:
            self.doc.append(item)
            return index + 1
        return self._open(item, brace, line, index)

    def _open(self, item: _Item, brace: str, line: int, index: int) -> int:
        inside = brace[1:].strip()
        if inside not in ("", "}"):
            raise MermaidError(line, f"unexpected {inside[:40]!r} after '{{' : write the "
                                     "body of a composite state on its own lines")  # fmt: skip
        self.tally.depth(len(self.stack) + 1, line)
        item.doc = []
        self.doc.append(item)
        if inside != "}":
            self.stack.append(_Open(item, item.doc))
        return index + 1

    def _note(self, text: str, line: int, lines: list[str], index: int) -> int:
        floating = _FLOATING.match(text)
        if floating:
            self.tally.label(floating.group(1), line)
            self.tally.box(line)
            note = Note("", "floating", decode_label(floating.group(1)), line, floating.group(2))
            self.chart.notes.append(note)
            return index + 1
        found = _NOTE.match(text)
        if found is None:
            raise MermaidError(line, f"expected 'note left of <state> : text', 'note right of "
                                     f"<state>' … 'end note', not {text[:60]!r}")  # fmt: skip
        position = f"{found.group(1).lower()} of"
        if found.group(3) is not None:
            words, after = found.group(3).strip(), index + 1
        else:
            body: list[str] = []
            after = index + 1
            while after < len(lines) and not _END_NOTE.match(lines[after].strip()):
                body.append(lines[after].strip())
                after += 1
                if len(body) > MAX_NOTE_LINES:
                    raise MermaidError(line, f"a note of more than {MAX_NOTE_LINES} lines")
            if after >= len(lines):
                raise MermaidError(line, "unclosed note : expected 'end note'")
            words, after = "\n".join(body).strip(), after + 1
        self.tally.label(words, line)
        item = _Item(found.group(2), line, note=(position, words))
        self.doc.append(item)
        return after

    def _class_def(self, found: re.Match[str], line: int) -> None:
        styles = parse_style_list(found.group(2), line)
        name = found.group(1)
        self.chart.declarations.append(Declaration(line, "classDef", name, styles))
        self.chart.class_defs.setdefault(name, {}).update(styles)

    def _class(self, found: re.Match[str], line: int) -> None:
        self.styling.append(("class", line, found.group(1), found.group(2)))

    def _style(self, found: re.Match[str], line: int) -> None:
        styles = parse_style_list(found.group(2), line)
        self.chart.declarations.append(Declaration(line, "style", found.group(1), styles))
        self.styling.append(("style", line, found.group(1), found.group(2)))

    def _click(self, found: re.Match[str], line: int) -> None:
        url = found.group(2).strip()
        if urlsplit(url).scheme.lower() not in _LINK_SCHEMES or any(c.isspace() for c in url):
            self.chart.warnings.append((line, f"refused link {url[:80]} : a diagram links to "
                                              "web pages (http, https) only"))  # fmt: skip
            return
        self.clicks.append((line, found.group(1), url))

    # -- pass 2: the tree to states, scopes and transitions ------------------
    def _finish(self) -> StateDiagram:
        chart = self.chart
        chart.direction = _direction_of(self.root) or "TB"
        self._walk(ROOT, self.root)
        for name, line in self.second_description.items():
            if chart.states[name].composite:
                raise MermaidError(line, f"composite state '{name}' takes a name only : remove "
                                         "its other descriptions (as mermaid asks)")  # fmt: skip
        for keyword, line, ids, value in self.styling:
            for name in (part.strip() for part in ids.split(",")):
                if not name:
                    continue
                state = chart.states.get(name)
                if state is None:  # mermaid draws no state for a class or style alone
                    continue
                if keyword == "class":
                    state.classes.append(value)
                else:
                    state.style.update(parse_style_list(value, line))
        for _line, name, url in self.clicks:
            if name in chart.states:
                chart.states[name].link = url
        return chart

    def _walk(self, scope: str, doc: list[object]) -> None:
        for statement in _regions(doc, self):
            if isinstance(statement, _Relation):
                first = self._visit(scope, statement.first, True)
                second = self._visit(scope, statement.second, False)
                self.chart.transitions.append(
                    Transition(first, second, statement.label, statement.line)
                )
            elif isinstance(statement, _Item):
                self._visit(scope, statement, True)

    def _declare(self, name: str, scope: str, kind: str, line: int) -> State:
        self.tally.box(line)
        self.tally.label(name, line)
        state = State(name, kind, line=line)  # type: ignore[arg-type]
        self.chart.states[name] = state
        return state

    def _visit(self, scope: str, item: _Item, first: bool) -> str:
        name, kind = item.id, item.type
        if name == "[*]":
            name = f"{scope}_{'start' if first else 'end'}"
            kind = "start" if first else "end"
        elif kind == "divider":
            kind = "region"
        elif kind == "default":
            kind = "state"
        state = self.chart.states.get(name) or self._declare(name, scope, kind, item.line)
        if scope != ROOT and scope != name and not self._inside(scope, name):
            state.parent = scope
        if item.descriptions and len(state.descriptions) + len(item.descriptions) > 1:
            self.second_description.setdefault(name, item.line)
        state.descriptions.extend(item.descriptions)
        state.classes.extend(item.classes)
        if item.note is not None:
            self.tally.box(item.line)
            position, text = item.note
            self.chart.notes.append(Note(name, position, decode_label(text), item.line))  # type: ignore[arg-type]
        if item.doc is not None:
            if not state.composite:
                state.composite = True
                state.direction = _direction_of(item.doc) or "TB"
            self._walk(name, item.doc)
        return name

    def _inside(self, scope: str, name: str) -> bool:
        """Whether ``scope`` lies inside state ``name`` (a parent there would make a cycle)."""
        seen = 0
        while scope != ROOT and seen <= len(self.chart.states):
            if scope == name:
                return True
            found = self.chart.states.get(scope)
            scope = found.parent if found else ROOT
            seen += 1
        return False


def _tokens(text: str) -> list[tuple[str, str, int]]:
    """The tokens of a line of states and transitions: (kind, text, offset)."""
    out = []
    for found in _TOKEN.finditer(text):
        kind = found.lastgroup or "other"
        out.append((kind, found.group(kind), found.start(kind)))
    return out


def _id_item(tokens: list[tuple[str, str, int]], at: int, line: int) -> tuple[_Item, int]:
    """The state at ``tokens[at]`` (``[*]`` or an id, then maybe ``:::class``)."""
    item = _Item(tokens[at][1], line)
    at += 1
    if at < len(tokens) and tokens[at][0] == "styled":
        if at + 1 >= len(tokens) or tokens[at + 1][0] != "id":
            raise MermaidError(line, "expected a class name after ':::'")
        item.classes.append(tokens[at + 1][1])
        at += 2
    return item, at


def _unexpected(text: str, value: str, line: int) -> MermaidError:
    return MermaidError(
        line,
        f"unexpected {value[:40]!r} in {text[:60]!r} : expected a state, 'a --> b', "
        "'state …', 'note …' or '}' (a state id holds no '-', ':' or space)",
    )


def _direction_of(doc: list[object]) -> Direction | None:
    found = [s.value for s in doc if isinstance(s, _Direction)]
    return found[-1] if found else None


def _regions(doc: list[object], parser: _Parser) -> list[object]:
    """A body split at its ``--`` separators into regions (mermaid's docTranslator): each
    region a divider item holding the statements before it, the last one after them."""
    if not any(isinstance(s, _Item) and s.type == "divider" and s.doc is None for s in doc):
        return doc
    out: list[object] = []
    current: list[object] = []
    for statement in doc:
        if isinstance(statement, _Item) and statement.type == "divider" and statement.doc is None:
            out.append(_Item(statement.id, statement.line, "divider", doc=current))
            current = []
        else:
            current.append(statement)
    if not current:  # mermaid forms regions only when the last one holds something
        return [s for s in doc if not (isinstance(s, _Item) and s.type == "divider")]
    parser.dividers += 1
    line = next((s.line for s in current if hasattr(s, "line")), 0)
    out.append(_Item(f"divider-id-{parser.dividers}", line, "divider", doc=current))
    return out
