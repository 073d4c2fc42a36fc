"""Sequence diagram statements to the :class:`SequenceDiagram` model.

The grammar follows mermaid's ``sequenceDiagram.jison``: keywords are case-insensitive, a
participant is declared by ``participant``/``actor`` or by its first mention, and each
``+``/``-`` after an arrow (de)activates the target/source after the message.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..css_values import colour, refused
from ..errors import MermaidError
from ..tally import TextBudget
from ..text import decode_label
from . import bounds
from .lexer import Statement, preprocess
from .model import (
    ARROWS,
    SECTION_WORDS,
    Activation,
    BlockEnd,
    BlockKind,
    BlockSection,
    BlockStart,
    Box,
    Event,
    Message,
    Note,
    Participant,
    Placement,
    SequenceDiagram,
)

_ARROW = "|".join(re.escape(a) for a in sorted(ARROWS, key=len, reverse=True))
_ACTOR = r"[^:+\-<>,;()/\\\s](?:[^:+<>,;()/\\]*[^:+\-<>,;()/\\\s])?"
_MESSAGE = re.compile(
    rf"(?P<src>{_ACTOR})\s*(?P<sdot>\(\))?\s*(?P<arrow>{_ARROW})\s*(?P<mod>[+-]|\(\))?\s*"
    rf"(?P<dst>{_ACTOR})\s*"
    r"(?::(?P<text>.*))?$"
)
_NOTE = re.compile(r"note\s+(left\s+of|right\s+of|over)\s+([^:]+?)\s*(?::(.*))?$", re.I)
_PARTICIPANT = re.compile(r"(create\s+)?(participant|actor)\s+(.*)$", re.I)
_ALIAS = re.compile(r"([^<>:,;@\s]+)(?:\s*@\{([^}]*)\})?\s+as\s+(.*)$", re.I)
_CONFIG = re.compile(r"([^<>:,;@]+?)\s*@\{([^}]*)\}$")
_CONFIG_KEY = re.compile(r"""["']?(type|alias)["']?\s*:\s*["']?([^"',}\n]+)""")
_PAIR = r"""\s*["']?[\w-]+["']?\s*:\s*(?:"[^"]*"|'[^']*'|[^,"']*)\s*"""
_CONFIG_PAIRS = re.compile(rf"{_PAIR}(?:,{_PAIR})*,?")
_HEADER = re.compile(r"sequenceDiagram(?![\w-])", re.I)
_WORD = re.compile(r"([A-Za-z_]+)\b\s*(.*)$")
_ACC = re.compile(r"(accTitle|accDescr)\s*:\s*(.*)$", re.I)
_NUM = r"(\d+(?:\.\d{1,2})?|\.\d{1,2})"
_AUTONUMBER = re.compile(rf"(?:(off)|{_NUM}(?:\s+{_NUM})?)?$", re.I)
_BOX_COLOUR = re.compile(r"((?:rgba?|hsla?)\s*\(.*?\)|\w*)(.*)$", re.I)
_WRAP = re.compile(r":?(?:no)?wrap:", re.I)
BLOCKS = frozenset({"loop", "alt", "opt", "par", "par_over", "critical", "break", "rect"})
RECT_FALLBACK = "rgba(0, 0, 0, 0.08)"
IGNORED = frozenset({"links", "link", "properties", "details"})  # actor menus: not drawn


def parse(source: str) -> SequenceDiagram:
    """Parse ``sequenceDiagram`` source; raise :class:`MermaidError` at the faulty line."""
    return _Parser().run(source)


def wraps(raw: str, default: bool = False) -> bool:
    """Whether mermaid wraps this text: ``wrap:`` or ``nowrap:`` before it, else ``default``."""
    found = _WRAP.match(raw.strip())
    return default if found is None else "no" not in found.group(0).lower()


def message_text(raw: str) -> str:
    """Mermaid message text to plain text (``wrap:`` prefix dropped, ``<br>`` a newline)."""
    raw = raw.strip()
    found = _WRAP.match(raw)
    return decode_label(raw[found.end() :] if found else raw)


class _Parser:
    def __init__(self) -> None:
        self.chart = SequenceDiagram()
        self.blocks: list[BlockStart] = []
        self.box: tuple[int, int] | None = None  # (index, line) of the open box
        self.number: float | None = None  # the next autonumber, when shown
        self.step = 1.0
        self.budget = TextBudget(bounds.MAX_LABEL_CHARS)  # characters of labels
        self.wrap = False  # the diagram's default for text without a wrap: prefix
        self.pending: tuple[str, str, int] | None = None  # ("create"/"destroy", actor, line)
        self.active: dict[str, int] = {}
        self.handlers: dict[str, Callable[[str, int], None]] = {
            "end": self._end, "autonumber": self._autonumber,
            "activate": lambda rest, line: self._toggle(rest, True, line),
            "deactivate": lambda rest, line: self._toggle(rest, False, line),
            "destroy": self._destroy, "box": self._box,
            "title": self._title, "else": self._section, "and": self._section,
            "option": self._section,
        }  # fmt: skip

    def run(self, source: str) -> SequenceDiagram:
        pre = preprocess(source)
        header = pre.statements[0] if pre.statements else Statement(1, "")
        found = _HEADER.match(header.text)
        if not found:
            raise MermaidError(header.line, "expected 'sequenceDiagram' on the first line")
        self.chart.title = pre.title
        self.chart.description = pre.description
        self.chart.theme = pre.theme
        self.chart.mirror = pre.flags.get("mirrorActors", True)
        self.wrap = pre.flags.get("wrap", False)
        if pre.flags.get("showSequenceNumbers"):
            self.number = 1.0
        statements = pre.statements[1:]
        rest = header.text[found.end() :].strip()
        if rest:  # mermaid reads on after the keyword
            statements.insert(0, Statement(header.line, rest))
        for stmt in statements:
            self._statement(stmt)
        self._finish()
        return self.chart

    # -- dispatch --------------------------------------------------------------
    def _statement(self, stmt: Statement) -> None:
        text, line = stmt.text, stmt.line
        if self.box is not None and not _is_box_line(text):
            raise MermaidError(line, "only participants may be declared in a 'box' : "
                               "expected 'participant', 'actor' or 'end'")  # fmt: skip
        word = _WORD.match(text)
        key = word.group(1).lower() if word else ""
        rest = (word.group(2) or "") if word else ""
        if key in self.handlers:
            self.handlers[key](f"{key} {rest}".strip() if key in SECTION_WORDS else rest, line)
        elif key in BLOCKS:
            self._block(key, rest, line)  # type: ignore[arg-type]
        else:
            self._other(text, key, line)

    def _other(self, text: str, key: str, line: int) -> None:
        if key in IGNORED:
            return
        for read in (self._participant, self._note, self._acc, self._message):
            if read(text, line):
                return
        raise MermaidError(
            line,
            f"unexpected '{text[:40]}' : expected a message ('A->>B: text'), a note, "
            "a participant or a block",
        )

    # -- participants ----------------------------------------------------------
    def _participant(self, text: str, line: int) -> bool:
        found = _PARTICIPANT.match(text)
        if not found:
            return False
        create, kind, rest = found.group(1), found.group(2).lower(), found.group(3).strip()
        actor_id, label, kind = _declaration(rest, kind, line)
        if create:
            if actor_id in self.chart.participants:
                raise MermaidError(line, f"'{actor_id}' already exists : a created participant "
                                   "needs a new id (use 'as' for the same label)")  # fmt: skip
            self.pending = ("create", actor_id, line)
        self._declare(actor_id, label, kind, line)
        return True

    def _declare(self, actor_id: str, label: str | None, kind: str | None, line: int) -> None:
        known = self.chart.participants.get(actor_id)
        box = self.box[0] if self.box else None
        if known is None:
            if len(self.chart.participants) >= bounds.MAX_PARTICIPANTS:
                raise MermaidError(line, f"more than {bounds.MAX_PARTICIPANTS} participants "
                                   "(the work bound) : split the diagram")  # fmt: skip
            known = Participant(actor_id, actor_id, kind or "participant", line)
            self.chart.participants[actor_id] = known
        elif box is not None and known.box is not None and known.box != box:
            raise MermaidError(line, f"'{actor_id}' is already in another box")
        if label is not None:
            known.label = self._label(label, line)
        if kind is not None:
            known.kind = kind
        if box is not None and known.box is None:
            known.box = box
            self.chart.boxes[box].participants.append(actor_id)

    def _mention(self, actor_id: str, line: int) -> None:
        if actor_id not in self.chart.participants:
            self._declare(actor_id, None, None, line)

    # -- events ------------------------------------------------------------------
    def _add(self, event: Event, line: int) -> None:
        if len(self.chart.events) >= bounds.MAX_EVENTS:
            raise MermaidError(line, f"more than {bounds.MAX_EVENTS} messages, notes and "
                               "blocks (the work bound) : split the diagram")  # fmt: skip
        self.chart.events.append(event)

    def _message(self, text: str, line: int) -> bool:
        found = _MESSAGE.match(text)
        if not found:
            return False
        src, dst, mod = found.group("src").strip(), found.group("dst").strip(), found.group("mod")
        if found.group("text") is None:
            raise MermaidError(line, f"missing message text : expected '{src}"
                               f"{found.group('arrow')}{dst}: text'")  # fmt: skip
        self._mention(src, line)
        self._mention(dst, line)
        self._lifecycle(src, dst, line)
        message = Message(src, dst, found.group("arrow"), self._label(found.group("text"), line),
                          line, self._next_number(), mod == "+", mod == "-",
                          found.group("sdot") is not None, mod == "()",
                          wraps(found.group("text"), self.wrap))  # fmt: skip
        self._add(message, line)
        if mod == "+":
            self._activation(dst, True, line)
        elif mod == "-":
            self._activation(src, False, line)
        return True

    def _lifecycle(self, src: str, dst: str, line: int) -> None:
        if self.pending is None:
            return
        what, actor_id, declared = self.pending
        index = len(self.chart.events)
        participant = self.chart.participants[actor_id]
        if what == "create" and dst == actor_id:
            participant.created_at = index
        elif what == "destroy" and actor_id in (src, dst):
            participant.destroyed_at = index
        else:
            raise MermaidError(
                declared,
                f"'{what} {actor_id}' must be followed by a message "
                f"{'to' if what == 'create' else 'to or from'} '{actor_id}'",
            )
        self.pending = None

    def _next_number(self) -> float | None:
        if self.number is None:
            return None
        shown, self.number = self.number, round(self.number + self.step, 9)
        return shown

    def _note(self, text: str, line: int) -> bool:
        found = _NOTE.match(text)
        if not found:
            return False
        if found.group(3) is None:
            raise MermaidError(line, "missing note text : expected 'Note over A: text'")
        where = found.group(1).split()[0].lower()
        placement: Placement = "over" if where == "over" else where  # type: ignore[assignment]
        actors = tuple(a.strip() for a in found.group(2).split(","))
        if len(actors) > 2 or not all(actors) or (len(actors) > 1 and placement != "over"):
            raise MermaidError(line, f"unexpected '{found.group(2)}' : a note is beside one "
                               "participant or over one or two ('over A,B')")  # fmt: skip
        for actor_id in actors:
            self._mention(actor_id, line)
        text = found.group(3)
        note = Note(placement, actors, self._label(text, line), line, wraps(text, self.wrap))
        self._add(note, line)
        return True

    def _toggle(self, rest: str, start: bool, line: int) -> None:
        actor_id = rest.strip()
        if not actor_id:
            raise MermaidError(line, f"expected a participant after '{'' if start else 'de'}"
                               "activate'")  # fmt: skip
        self._mention(actor_id, line)
        self._activation(actor_id, start, line)

    def _activation(self, actor_id: str, start: bool, line: int) -> None:
        count = self.active.get(actor_id, 0)
        if not start and count < 1:
            raise MermaidError(line, f"'{actor_id}' is not active : nothing to deactivate")
        self.active[actor_id] = count + (1 if start else -1)
        self._add(Activation(actor_id, start, line), line)

    # -- blocks ------------------------------------------------------------------
    def _block(self, kind: BlockKind, rest: str, line: int) -> None:
        if len(self.blocks) >= bounds.MAX_DEPTH:
            raise MermaidError(line, f"more than {bounds.MAX_DEPTH} nested blocks "
                               "(the work bound) : flatten the diagram")  # fmt: skip
        label = _rect_colour(rest, line) if kind == "rect" else self._label(rest, line)
        start = BlockStart(kind, label, line)
        self.blocks.append(start)
        self._add(start, line)

    def _section(self, text: str, line: int) -> None:
        word, _, rest = text.partition(" ")
        owner = SECTION_WORDS[word]
        if not self.blocks or self.blocks[-1].kind not in (owner, f"{owner}_over"):
            raise MermaidError(line, f"'{word}' outside a '{owner}' block : expected it between "
                               f"'{owner}' and 'end'")  # fmt: skip
        self._add(BlockSection(word, self._label(rest, line), line), line)

    def _end(self, rest: str, line: int) -> None:
        if rest:
            raise MermaidError(line, f"unexpected '{rest[:40]}' after 'end'")
        if self.box is not None:
            self.box = None
            return
        if not self.blocks:
            raise MermaidError(line, "'end' without an open block (loop, alt, opt, par, "
                               "critical, break, rect or box)")  # fmt: skip
        self.blocks.pop()
        self._add(BlockEnd(line), line)

    def _box(self, rest: str, line: int) -> None:
        _refuse(rest, line)
        if self.blocks:
            raise MermaidError(line, "a 'box' cannot be inside a block")
        found = _BOX_COLOUR.match(rest.strip())
        fill, label = (found.group(1), found.group(2)) if found else ("", rest)
        drawn = colour(fill) if fill else None
        if fill and drawn is None:
            fill, label = "", rest
        if drawn == "transparent":
            drawn = None
        self.chart.boxes.append(Box(self._label(label, line), drawn))
        self.box = (len(self.chart.boxes) - 1, line)

    # -- other statements ----------------------------------------------------------
    def _autonumber(self, rest: str, line: int) -> None:
        found = _AUTONUMBER.match(rest.strip())
        if not found:
            raise MermaidError(
                line,
                f"unexpected '{rest[:40]}' : expected 'autonumber', "
                "'autonumber 10', 'autonumber 10 5' or 'autonumber off'",
            )
        if found.group(1):
            self.number = None
            return
        self.number = float(found.group(2)) if found.group(2) else (self.number or 1.0)
        self.step = float(found.group(3)) if found.group(3) else 1.0

    def _destroy(self, rest: str, line: int) -> None:
        actor_id = rest.strip()
        if not actor_id:
            raise MermaidError(line, "expected a participant after 'destroy'")
        self._mention(actor_id, line)
        self.pending = ("destroy", actor_id, line)

    def _title(self, rest: str, line: int) -> None:
        self.chart.title = self._label(rest.lstrip(":").strip(), line)

    def _acc(self, text: str, line: int) -> bool:
        found = _ACC.match(text)
        if not found:
            return False
        value = self._label(found.group(2), line)
        if found.group(1).lower() == "acctitle":
            self.chart.acc_title = value
        else:
            self.chart.description = value
        return True

    def _label(self, raw: str, line: int) -> str:
        return message_text(self.budget.spend(raw, line))

    def _finish(self) -> None:
        if self.box is not None:
            raise MermaidError(self.box[1], "unclosed 'box' : expected 'end'")
        if self.blocks:
            block = self.blocks[-1]
            raise MermaidError(block.line, f"unclosed '{block.kind}' : expected 'end'")
        if self.pending is not None:
            what, actor_id, declared = self.pending
            raise MermaidError(declared, f"'{what} {actor_id}' must be followed by a message "
                               f"with '{actor_id}'")  # fmt: skip


def _is_box_line(text: str) -> bool:
    return bool(_PARTICIPANT.match(text)) or text.lower() == "end"


def _declaration(rest: str, kind: str, line: int) -> tuple[str, str | None, str]:
    """``A``, ``A as Label``, ``A@{ "type": "database" }``: id, label and drawn kind."""
    alias = _ALIAS.match(rest)
    config = _CONFIG.match(rest)
    if alias:
        actor_id, meta, label = alias.group(1), alias.group(2), alias.group(3)
    elif config:
        actor_id, meta, label = config.group(1).strip(), config.group(2), None
    else:
        actor_id, meta, label = rest, None, None
    if not actor_id or re.search(r"[<>:,;@]", actor_id):
        raise MermaidError(line, f"unexpected '{rest[:40]}' : expected a participant id")
    if meta is not None and meta.strip() and not _CONFIG_PAIRS.fullmatch(meta.strip()):
        raise MermaidError(line, f"unexpected '{meta.strip()[:40]}' : expected "
                           "'key: value' pairs in '@{{ … }}'")  # fmt: skip
    for key, value in _CONFIG_KEY.findall(meta or ""):
        if key == "type":
            kind = value.strip().lower()
        elif label is None:
            label = value.strip()
    return actor_id, label, kind


def _rect_colour(rest: str, line: int) -> str:
    """The fill of a ``rect``: mermaid takes any text, so an unreadable colour is grey."""
    _refuse(rest, line)
    return colour(rest.strip()) or RECT_FALLBACK


def _refuse(text: str, line: int) -> None:
    found = refused(text)
    if found:
        raise MermaidError(
            line,
            f"refused '{found}' in a style : expected colours, lengths, "
            "dash arrays or font weights (a diagram loads nothing)",
        )
