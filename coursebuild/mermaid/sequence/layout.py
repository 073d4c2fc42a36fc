"""Place participants in columns and events in rows, as mermaid does.

Columns: each participant's centre is the leftmost position that keeps every message label,
note and self-message between its lifelines (one sweep, left to right).  Rows: the events
top to bottom; blocks become frames around what they hold.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..geometry import Box
from ..text import TextBlock, measure
from .diagram import (
    PlacedFrame,
    PlacedGroup,
    PlacedMessage,
    PlacedNote,
    PlacedParticipant,
    SequenceLayout,
)
from .model import (
    ARROWS,
    Activation,
    BlockEnd,
    BlockSection,
    BlockStart,
    Message,
    Note,
    SequenceDiagram,
)

MARGIN_X = 20.0
MARGIN_Y = 10.0
ACTOR_WIDTH = 150.0
ACTOR_HEIGHT = 48.0  # mermaid: 65; tighter so a diagram fits a slide at the deck's label size
FIGURE_HEIGHT = 44.0  # the drawing above a figure's label (actor, database, …)
ACTOR_MARGIN = 50.0
TEXT_PAD = 10.0
NOTE_PAD = 8.0
GAP = 10.0
SELF_WIDTH = 60.0
SELF_HEIGHT = 30.0
ACTIVATION_WIDTH = 10.0
FRAME_PAD = 12.0
TAB_PAD = 8.0
GROUP_PAD = 10.0
MESSAGE_ABOVE = 4.0  # room above a message's text
MESSAGE_BELOW = 8.0  # room below a message's line
FIGURE_KINDS = frozenset({"actor", "boundary", "control", "entity", "database"})


@dataclass
class _Frame:
    start: BlockStart
    top: float
    sections: list[tuple[float, TextBlock]] = field(default_factory=list)
    left: float = float("inf")
    right: float = float("-inf")


@dataclass
class _Columns:
    centres: dict[str, float]
    widths: dict[str, float]
    texts: dict[str, TextBlock]
    height: float


def compute_layout(chart: SequenceDiagram) -> SequenceLayout:
    """Lay the diagram out; shift it right if a note or frame pokes out on the left."""
    columns = _columns(chart, 0.0)
    layout = _Rows(chart, columns).run()
    if layout.extent[0] < MARGIN_X:
        columns = _columns(chart, MARGIN_X - layout.extent[0])
        layout = _Rows(chart, columns).run()
    layout.width = layout.extent[1] + MARGIN_X
    return layout


# -- columns ------------------------------------------------------------------------
def _columns(chart: SequenceDiagram, offset: float) -> _Columns:
    ids = list(chart.participants)
    texts = {p.id: measure(p.label, wrap=False) for p in chart.participants.values()}
    widths = {i: max(ACTOR_WIDTH, texts[i].width + 2 * TEXT_PAD) for i in ids}
    height = max([ACTOR_HEIGHT] + [_head_height(p.kind, texts[p.id]) for p in
                                   chart.participants.values()])  # fmt: skip
    need = _needs(chart, ids, widths)
    centres: dict[str, float] = {}
    for j, actor in enumerate(ids):
        if j == 0:
            centres[actor] = offset + MARGIN_X + widths[actor] / 2 + _group_pad(chart, actor)
            continue
        prev = ids[j - 1]
        gap = (widths[prev] + widths[actor]) / 2 + ACTOR_MARGIN
        if chart.participants[prev].box != chart.participants[actor].box:
            gap += 2 * GROUP_PAD
        best = centres[prev] + gap
        for i, distance in need.get(j, []):
            best = max(best, centres[ids[i]] + distance)
        centres[actor] = best
    return _Columns(centres, widths, texts, height)


def _head_height(kind: str, text: TextBlock) -> float:
    if kind in FIGURE_KINDS:
        return FIGURE_HEIGHT + text.height
    return text.height + 2 * TEXT_PAD


def _group_pad(chart: SequenceDiagram, actor: str) -> float:
    return GROUP_PAD if chart.participants[actor].box is not None else 0.0


def _needs(
    chart: SequenceDiagram, ids: list[str], widths: dict[str, float]
) -> dict[int, list[tuple[int, float]]]:
    """For each column j: (i, distance) pairs, i < j, that j's centre must keep from i's."""
    index = {actor: i for i, actor in enumerate(ids)}
    need: dict[int, list[tuple[int, float]]] = {}

    def add(i: int, j: int, distance: float) -> None:
        if 0 <= i < j < len(ids):
            need.setdefault(j, []).append((i, distance))

    for event in chart.events:
        if isinstance(event, Message):
            a, b = sorted((index[event.source], index[event.target]))
            width = measure(event.text, wrap=event.wrap).width + 2 * TEXT_PAD + ACTIVATION_WIDTH
            if a == b:
                add(a, a + 1, max(width, SELF_WIDTH) + GAP)
            else:
                add(a, b, width)
        elif isinstance(event, Note):
            _note_needs(event, index, add)
    return need


def _note_needs(note: Note, index: dict[str, int], add: Callable[[int, int, float], None]) -> None:
    width = _note_width(note)
    first = index[note.actors[0]]
    if note.placement == "left":
        add(first - 1, first, width + 2 * GAP)
    elif note.placement == "right":
        add(first, first + 1, width + 2 * GAP)
    elif len(note.actors) == 2:
        a, b = sorted((first, index[note.actors[1]]))
        add(a, b, width - 2 * FRAME_PAD)


def _note_width(note: Note) -> float:
    return max(ACTOR_WIDTH, measure(note.text, wrap=note.wrap).width + 2 * NOTE_PAD)


# -- rows ---------------------------------------------------------------------------
class _Rows:
    def __init__(self, chart: SequenceDiagram, columns: _Columns) -> None:
        self.chart = chart
        self.cols = columns
        self.out = SequenceLayout(0.0, 0.0)
        self.frames: list[_Frame] = []
        self.open: dict[str, list[float]] = {}  # actor -> start y of each open activation
        self.heads: dict[str, Box] = {}
        self.feet: dict[str, Box] = {}
        self.last_message_y: float | None = None
        self.left = float("inf")
        self.right = float("-inf")
        self.y = MARGIN_Y

    def run(self) -> SequenceLayout:
        self._title()
        top = self.y + (self._group_label_height() + GAP if self.chart.boxes else 0.0)
        for actor in self.chart.participants.values():
            if actor.created_at is None:
                self.heads[actor.id] = self._actor_box(actor.id, top + self.cols.height / 2)
        self.y = top + self.cols.height + GAP
        for index, event in enumerate(self.chart.events):
            self._event(index, event)
        self._finish()
        return self.out

    def _title(self) -> None:
        if self.chart.title:
            self.out.title = measure(self.chart.title, bold=True, wrap=False)
            self.y += self.out.title.height + GAP

    def _group_label_height(self) -> float:
        return max(measure(g.label, bold=True, wrap=False).height for g in self.chart.boxes)

    def _actor_box(self, actor: str, cy: float) -> Box:
        box = Box(self.cols.centres[actor], cy, self.cols.widths[actor], self.cols.height)
        self._extend(box.left, box.right)
        return box

    def _extend(self, left: float, right: float) -> None:
        self.left, self.right = min(self.left, left), max(self.right, right)
        for frame in self.frames:
            frame.left, frame.right = min(frame.left, left), max(frame.right, right)

    # -- events ------------------------------------------------------------------
    def _event(self, index: int, event: object) -> None:
        if isinstance(event, Message):
            self._message(index, event)
        elif isinstance(event, Note):
            self._note(event)
        elif isinstance(event, Activation):
            self._activation(event)
        elif isinstance(event, BlockStart):
            self._block_start(event)
        elif isinstance(event, BlockSection):
            self._section(event)
        elif isinstance(event, BlockEnd):
            self._block_end()
        if not isinstance(event, Message | Activation):
            self.last_message_y = None

    def _message(self, index: int, message: Message) -> None:
        text = measure(message.text, wrap=message.wrap)
        text_top = self.y + MESSAGE_ABOVE
        line_y = text_top + text.height + 2
        created = self._lifecycle_actor(index, message)
        if created is not None:
            line_y = max(line_y, self.y + self.cols.height / 2 + GAP)
        if message.source == message.target:
            self._self_message(message, text, text_top, line_y)
            return
        x1, x2 = self._ends(message, created)
        line, head, tail = ARROWS[message.arrow]
        placed = PlacedMessage(
            x1,
            x2,
            line_y,
            line,
            head,
            tail,
            text,
            text_top,
            (x1 + x2) / 2,
            message.number,
            source=message.source,
            target=message.target,
            source_dot=message.source_dot,
            target_dot=message.target_dot,
        )
        self.out.messages.append(placed)
        self._extend(min(x1, x2), max(x1, x2))
        self.last_message_y = line_y
        self.y = line_y + (self.cols.height / 2 if created is not None else 0.0) + MESSAGE_BELOW
        if created is not None:
            self._place_lifecycle(index, created, line_y)

    def _self_message(self, message: Message, text: TextBlock, top: float, y: float) -> None:
        x = self._edge(message.source, 1)
        line, head, tail = ARROWS[message.arrow]
        cx = x + max(SELF_WIDTH, text.width + 2 * TEXT_PAD) / 2
        self.out.messages.append(
            PlacedMessage(
                x,
                x,
                y,
                line,
                head,
                tail,
                text,
                top,
                cx,
                message.number,
                self_loop=True,
                source=message.source,
                target=message.target,
            )
        )
        self._extend(x, max(x + SELF_WIDTH, cx + text.width / 2))
        self.last_message_y = y + SELF_HEIGHT
        self.y = y + SELF_HEIGHT + GAP

    def _lifecycle_actor(self, index: int, message: Message) -> str | None:
        for actor in (message.target, message.source):
            p = self.chart.participants[actor]
            if index in (p.created_at, p.destroyed_at):
                return actor
        return None

    def _place_lifecycle(self, index: int, actor: str, y: float) -> None:
        if self.chart.participants[actor].created_at == index:
            self.heads[actor] = self._actor_box(actor, y)
        else:
            self.feet[actor] = self._actor_box(actor, y)

    def _ends(self, message: Message, created: str | None) -> tuple[float, float]:
        a, b = message.source, message.target
        rightward = self.cols.centres[b] >= self.cols.centres[a]
        x1 = self._edge(a, 1 if rightward else -1)
        x2 = self._edge(b, -1 if rightward else 1, extra=1 if message.activate else 0)
        if created is not None:
            half = self.cols.widths[created] / 2
            if created == b:
                x2 = self.cols.centres[b] + (-half if rightward else half)
            else:
                x1 = self.cols.centres[a] + (half if rightward else -half)
        return x1, x2

    def _edge(self, actor: str, side: int, extra: int = 0) -> float:
        """The x where a message meets ``actor``'s lifeline or topmost activation."""
        level = len(self.open.get(actor, [])) + extra
        centre = self.cols.centres[actor]
        if level == 0:
            return centre
        return centre + (level - 1) * ACTIVATION_WIDTH / 2 + side * ACTIVATION_WIDTH / 2

    def _note(self, note: Note) -> None:
        text = measure(note.text, wrap=note.wrap)
        width = _note_width(note)
        height = text.height + 2 * NOTE_PAD
        centre = self.cols.centres[note.actors[0]]
        if note.placement == "left":
            cx = centre - ACTIVATION_WIDTH / 2 - GAP / 2 - width / 2
        elif note.placement == "right":
            cx = centre + ACTIVATION_WIDTH / 2 + GAP / 2 + width / 2
        else:
            xs = [self.cols.centres[a] for a in note.actors]
            span = max(xs) - min(xs) + (2 * FRAME_PAD + ACTIVATION_WIDTH if len(xs) > 1 else 0)
            width = max(width, span)
            cx = (max(xs) + min(xs)) / 2
        box = Box(cx, self.y + GAP / 2 + height / 2, width, height)
        self.out.notes.append(PlacedNote(box, text))
        self._extend(box.left, box.right)
        self.y = box.bottom + GAP / 2

    def _activation(self, event: Activation) -> None:
        y = self.last_message_y if self.last_message_y is not None else self.y
        stack = self.open.setdefault(event.actor, [])
        if event.start:
            stack.append(y)
            return
        start = stack.pop()
        cx = self.cols.centres[event.actor] + len(stack) * ACTIVATION_WIDTH / 2
        bottom = max(y, start + GAP)
        self.out.activations.append(Box(cx, (start + bottom) / 2, ACTIVATION_WIDTH, bottom - start))
        self.y = max(self.y, bottom + GAP / 2)

    # -- frames ------------------------------------------------------------------
    def _block_start(self, start: BlockStart) -> None:
        top = self.y + GAP / 2
        self.frames.append(_Frame(start, top))
        label = _frame_label(start)
        self.y = top + max(label.height, _tab_text(start).height) + TAB_PAD

    def _section(self, section: BlockSection) -> None:
        frame = self.frames[-1]
        y = self.y + GAP / 2
        text = measure(f"[{section.label}]", wrap=False) if section.label else measure("")
        frame.sections.append((y, text))
        self.y = y + max(text.height, GAP) + GAP / 2

    def _block_end(self) -> None:
        frame = self.frames.pop()
        bottom = self.y + GAP / 2
        left, right = self._frame_span(frame)
        box = Box((left + right) / 2, (frame.top + bottom) / 2, right - left, bottom - frame.top)
        start = frame.start
        fill = start.label if start.kind == "rect" else None
        label = measure("") if fill else _frame_label(start)
        self.out.frames.append(PlacedFrame(start.kind, box, label, frame.sections, fill))
        self._extend(box.left, box.right)
        self.y = bottom + GAP

    def _frame_span(self, frame: _Frame) -> tuple[float, float]:
        if frame.left > frame.right:  # nothing inside: frame the first lifeline
            first = next(iter(self.cols.centres.values()), MARGIN_X)
            frame.left, frame.right = first, first
        left, right = frame.left - FRAME_PAD, frame.right + FRAME_PAD
        width = _tab_text(frame.start).width + _frame_label(frame.start).width + 4 * TAB_PAD
        widest = max([width] + [t.width + 2 * TAB_PAD for _, t in frame.sections])
        if right - left < widest:
            right = left + widest
        return left, right

    # -- bottom ------------------------------------------------------------------
    def _finish(self) -> None:
        bottom = self.y + GAP
        for actor in self.chart.participants.values():
            if actor.id not in self.feet and self.chart.mirror:
                self.feet[actor.id] = self._actor_box(actor.id, bottom + self.cols.height / 2)
        for actor in self.chart.participants.values():
            self._close_activations(actor.id, bottom)
            self.out.participants.append(self._placed(actor.id, bottom))
        self._groups()
        end = max([b.bottom for b in self.feet.values()] + [bottom])
        self.out.height = end + MARGIN_Y + (GROUP_PAD if self.chart.boxes else 0.0)
        if self.left > self.right:  # nothing drawn: an empty diagram
            self.left = self.right = MARGIN_X
        if self.out.title is not None:
            self._extend(self._centre() - self.out.title.width / 2,
                         self._centre() + self.out.title.width / 2)  # fmt: skip
        self.out.extent = (self.left, self.right)

    def _centre(self) -> float:
        return (self.left + self.right) / 2

    def _close_activations(self, actor: str, bottom: float) -> None:
        for _ in list(self.open.get(actor, [])):
            self._activation(Activation(actor, False, 0))
        self.y = max(self.y, bottom)

    def _placed(self, actor: str, bottom: float) -> PlacedParticipant:
        p = self.chart.participants[actor]
        head, foot = self.heads[actor], self.feet.get(actor)
        end = foot.top if foot is not None else bottom
        return PlacedParticipant(
            actor,
            p.kind,
            self.cols.texts[actor],
            head,
            foot,
            (head.bottom, end),
            p.destroyed_at is not None,
        )

    def _groups(self) -> None:
        for group in self.chart.boxes:
            members = [p for p in self.out.participants if p.id in group.participants]
            label = measure(group.label, bold=True, wrap=False)
            if not members:
                continue
            left = min(m.head.left for m in members) - GROUP_PAD
            right = max(max(m.head.right for m in members) + GROUP_PAD, left + label.width)
            top = min(m.head.top for m in members) - label.height - GAP
            bottom = max(m.foot.bottom if m.foot else m.lifeline[1] for m in members) + GROUP_PAD
            box = Box((left + right) / 2, (top + bottom) / 2, right - left, bottom - top)
            self.out.groups.append(PlacedGroup(box, label, group.colour))
            self._extend(box.left, box.right)


def _tab_text(start: BlockStart) -> TextBlock:
    return measure("" if start.kind == "rect" else start.kind.replace("_over", ""), True, False)


def _frame_label(start: BlockStart) -> TextBlock:
    if start.kind == "rect" or not start.label:
        return measure("")
    return measure(f"[{start.label}]", wrap=False)
