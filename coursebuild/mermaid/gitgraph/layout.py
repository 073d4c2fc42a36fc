"""Git graph layout as mermaid draws it: one lane per branch (in ``order``), commits along
time in sequence (or, with ``parallelCommits``, one step after their closest parent), branch
labels at the lanes' start, tags above a commit (beside it top to bottom), its id below it
(rotated by 45° unless ``rotateCommitLabel: false``; beside it top to bottom).

Unlike mermaid's fixed 50 px, the spacing grows with the labels so that none overlaps:
consecutive commits are as far apart as their tags and ids need, and two lanes as far as the
ids below the one and the tags above the other.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass, field

from ..text import TextBlock, measure
from .model import CHERRY_PICK, MERGE, Commit, GitGraph

RADIUS = 10.0  # a commit's circle
STEP = 50.0  # mermaid's COMMIT_STEP + LAYOUT_OFFSET
LANE_GAP = 50.0  # mermaid's distance between two lanes, at least
LABEL_PAD = 4.0  # beside a commit id or a tag, inside its box
LABEL_PAD_Y = 2.0
BRANCH_PAD_X, BRANCH_PAD_Y = 10.0, 4.0
NOTCH = 8.0  # the tag's pointed end
GAP = 8.0  # between two labels
CORNER = 20.0  # the radius of an arrow's turn (10 when it is rerouted)
MARGIN = 8.0
SIN45 = math.sqrt(0.5)


@dataclass
class Label:
    """A text in its box; ``angle`` -45 (about the box's top right corner) or 0."""

    text: TextBlock
    x: float  # the box's left
    y: float  # the box's top
    width: float
    height: float
    angle: float = 0.0

    def corners(self) -> list[tuple[float, float]]:
        """The box's four corners as drawn (rotated about its top right corner)."""
        ax, ay = self.x + self.width, self.y
        points = [(self.x, self.y), (ax, ay), (ax, ay + self.height),
                  (self.x, self.y + self.height)]  # fmt: skip
        if not self.angle:
            return points
        cos, sin = math.cos(math.radians(self.angle)), math.sin(math.radians(self.angle))
        return [(ax + (x - ax) * cos - (y - ay) * sin, ay + (x - ax) * sin + (y - ay) * cos)
                for x, y in points]  # fmt: skip


@dataclass
class PlacedCommit:
    commit: Commit
    cx: float
    cy: float
    colour: int  # the branch's index into git0…git7
    label: Label | None
    tags: list[Label] = field(default_factory=list)


@dataclass
class PlacedLane:
    name: str
    colour: int
    label: Label | None  # None with ``showBranches: false``
    line: tuple[float, float, float, float]


@dataclass
class PlacedArrow:
    source: str
    target: str
    points: list[tuple[float, float]]  # from the parent's centre to the child's, via turns
    radius: float
    colour: int


@dataclass
class GitLayout:
    width: float
    height: float
    lanes: list[PlacedLane] = field(default_factory=list)
    commits: list[PlacedCommit] = field(default_factory=list)
    arrows: list[PlacedArrow] = field(default_factory=list)
    title: TextBlock | None = None
    title_top: float = 0.0
    shift: tuple[float, float] = (0.0, 0.0)  # added to every coordinate when drawn


def _box(text: str) -> tuple[TextBlock, float, float]:
    block = measure(text, wrap=False)
    return block, block.width + 2 * LABEL_PAD, max(block.height, 1.0) + 2 * LABEL_PAD_Y


def _shows_label(graph: GitGraph, commit: Commit) -> bool:
    """Mermaid shows a commit's id unless it is a cherry-pick or a merge with an automatic id."""
    if not graph.options.show_commit_label or commit.kind == CHERRY_PICK:
        return False
    return commit.kind != MERGE or commit.custom_id


@dataclass
class _Sizes:
    """What one commit's labels need: the id's box, the tags' boxes."""

    label: tuple[TextBlock, float, float] | None
    tags: list[tuple[TextBlock, float, float]]


def compute_layout(graph: GitGraph) -> GitLayout:
    vertical = graph.direction in ("TB", "BT")
    rotate = graph.options.rotate_commit_label and not vertical
    commits = graph.ordered_commits()
    sizes = {c.id: _Sizes(_box(c.id) if _shows_label(graph, c) else None,
                          [_box(t) for t in reversed(c.tags)]) for c in commits}  # fmt: skip
    names = graph.lanes()
    index = {name: i for i, name in enumerate(names)}
    branch_boxes = [_branch_box(n) for n in names] if graph.options.show_branches else []
    out = GitLayout(0.0, 0.0)
    lane_pos = _lane_positions(graph, commits, sizes, names, branch_boxes, vertical, rotate)
    along = _along(graph, commits, sizes, vertical, rotate)
    if graph.direction == "BT":
        top = max(along.values(), default=0.0)
        along = {cid: top - pos for cid, pos in along.items()}
    for commit in commits:
        lane = lane_pos[commit.branch]
        cx, cy = (lane, along[commit.id]) if vertical else (along[commit.id], lane)
        placed = PlacedCommit(commit, cx, cy, index[commit.branch] % 8, None)
        _decorate(placed, sizes[commit.id], vertical, rotate)
        out.commits.append(placed)
    _lanes(out, graph, names, branch_boxes, lane_pos, along, vertical)
    _arrows(out, graph, lane_pos, vertical)
    _frame(out, graph)
    return out


def _branch_box(name: str) -> tuple[TextBlock, float, float]:
    block = measure(name, wrap=False)
    return block, block.width + 2 * BRANCH_PAD_X, max(block.height, 1.0) + 2 * BRANCH_PAD_Y


def _across(size: _Sizes, vertical: bool, rotate: bool) -> tuple[float, float]:
    """How far a commit's labels reach on either side of its lane: (before, after); LR:
    above (tags) and below (the id); TB/BT: left (the id) and right (the tags)."""
    if vertical:
        before = RADIUS + 4 + size.label[1] if size.label else RADIUS
        after = RADIUS + 4 + sum(w + NOTCH + GAP for _, w, _ in size.tags) if size.tags else RADIUS
        return before, after
    above = RADIUS + 4 + sum(h + 2 for _, _, h in size.tags) if size.tags else RADIUS
    if size.label is None:
        return above, RADIUS
    _, w, h = size.label
    below = RADIUS + 3 + ((w + h) * SIN45 if rotate else h)
    return above, below


def _lane_positions(graph: GitGraph, commits: list[Commit], sizes: dict[str, _Sizes],
                    names: list[str], boxes: list[tuple[TextBlock, float, float]],
                    vertical: bool, rotate: bool) -> dict[str, float]:
    """Each lane's y (LR) or x (TB/BT): far enough from the last that no labels meet."""
    before = dict.fromkeys(names, RADIUS)
    after = dict.fromkeys(names, RADIUS)
    for commit in commits:
        b, a = _across(sizes[commit.id], vertical, rotate)
        before[commit.branch] = max(before[commit.branch], b)
        after[commit.branch] = max(after[commit.branch], a)
    if boxes and not vertical:
        for name, (_, _, h) in zip(names, boxes, strict=True):
            before[name] = max(before[name], h / 2)
            after[name] = max(after[name], h / 2)
    pos: dict[str, float] = {}
    at = 0.0
    for i, name in enumerate(names):
        if i:
            gap = max(LANE_GAP, after[names[i - 1]] + before[name] + GAP)
            if boxes and vertical:
                gap = max(gap, (boxes[i - 1][1] + boxes[i][1]) / 2 + GAP)
            at += gap
        pos[name] = at
    return pos


def _extent(size: _Sizes, vertical: bool, rotate: bool) -> float:
    """How far a commit's labels reach along time, on either side of it."""
    if vertical:
        heights = [h for _, _, h in size.tags] + ([size.label[2]] if size.label else [])
        return max([RADIUS + 2, *(h / 2 for h in heights)])
    widths = [w + 2 * NOTCH for _, w, _ in size.tags]
    if size.label and not rotate:
        widths.append(size.label[1])
    return max([RADIUS + 2, *(w / 2 for w in widths)])


def _along(graph: GitGraph, commits: list[Commit], sizes: dict[str, _Sizes], vertical: bool,
           rotate: bool) -> dict[str, float]:
    """Each commit's position along time: a step after the one before (after its closest
    parent with ``parallelCommits``), the step as wide as both commits' labels need."""
    reach = {c.id: _extent(sizes[c.id], vertical, rotate) for c in commits}
    least = STEP
    if rotate:
        least = max(STEP, max((s.label[2] for s in sizes.values() if s.label), default=0) / SIN45
                    + 2)  # fmt: skip
    pos: dict[str, float] = {}
    previous: Commit | None = None
    last_on: dict[str, str] = {}
    for commit in commits:
        if previous is None:
            at = reach[commit.id]
        elif graph.options.parallel_commits:
            parents = [p for p in commit.parents if p in pos and p != commit.id]
            at = reach[commit.id]
            for parent in parents:
                at = max(at, pos[parent] + max(least, reach[parent] + reach[commit.id] + GAP))
            same = last_on.get(commit.branch)
            if same is not None:
                at = max(at, pos[same] + max(least, reach[same] + reach[commit.id] + GAP))
        else:
            at = pos[previous.id] + max(least, reach[previous.id] + reach[commit.id] + GAP)
        pos[commit.id] = at
        previous = commit
        last_on[commit.branch] = commit.id
    return pos


def _decorate(placed: PlacedCommit, size: _Sizes, vertical: bool, rotate: bool) -> None:
    """The commit's id and tags, placed around it."""
    cx, cy = placed.cx, placed.cy
    if size.label is not None:
        block, w, h = size.label
        if vertical:
            placed.label = Label(block, cx - RADIUS - 4 - w, cy - h / 2, w, h)
        elif rotate:
            placed.label = Label(block, cx + 4 - w, cy + RADIUS + 3, w, h, -45.0)
        else:
            placed.label = Label(block, cx - w / 2, cy + RADIUS + 3, w, h)
    if vertical:
        x = cx + RADIUS + 4 + NOTCH
        for block, w, h in reversed(size.tags):
            placed.tags.append(Label(block, x, cy - h / 2, w, h))
            x += w + NOTCH + GAP
        return
    bottom = cy - RADIUS - 4
    widest = max((w for _, w, _ in size.tags), default=0.0)
    for block, _, h in size.tags:
        placed.tags.append(Label(block, cx - widest / 2, bottom - h, widest, h))
        bottom -= h + 2


def _lanes(out: GitLayout, graph: GitGraph, names: list[str],
           boxes: list[tuple[TextBlock, float, float]], lane_pos: dict[str, float],
           along: dict[str, float], vertical: bool) -> None:
    if not graph.options.show_branches:
        return
    ends = [c.cy if vertical else c.cx for c in out.commits]
    first, last = min(ends, default=0.0), max(ends, default=0.0)
    start = min(first, 0.0) - RADIUS - 10
    end = last + RADIUS + 10
    bottom_up = graph.direction == "BT"
    for i, name in enumerate(names):
        block, w, h = boxes[i]
        lane = lane_pos[name]
        if not vertical:
            label = Label(block, start - 6 - w, lane - h / 2, w, h)
            line = (start, lane, end, lane)
        elif bottom_up:
            label = Label(block, lane - w / 2, end + 6, w, h)
            line = (lane, start, lane, end)
        else:
            label = Label(block, lane - w / 2, start - 6 - h, w, h)
            line = (lane, start, lane, end)
        out.lanes.append(PlacedLane(name, i % 8, label, line))


class _Reroute:
    """Whether an arrow would run over a commit of the lane it turns along, and the free
    lines between lanes to reroute it on (mermaid's shouldRerouteArrow and findLane)."""

    def __init__(self, graph: GitGraph, lane_pos: dict[str, float]) -> None:
        self.seqs: dict[str, list[int]] = {}
        for commit in graph.ordered_commits():
            self.seqs.setdefault(commit.branch, []).append(commit.seq)
        self.taken = list(lane_pos.values())

    def needed(self, a: Commit, b: Commit, first_further: bool) -> bool:
        branch = b.branch if first_further else a.branch
        seqs = self.seqs.get(branch, [])
        start = bisect_right(seqs, a.seq)
        return start < len(seqs) and seqs[start] < b.seq

    def line(self, p: float, q: float) -> float:
        low, high = min(p, q), max(p, q)
        for _ in range(6):
            candidate = low + (high - low) / 2
            if all(abs(t - candidate) >= 10 for t in self.taken):
                self.taken.append(candidate)
                return candidate
            high -= (high - low) / 5
        return low + (high - low) / 2


def _arrows(out: GitLayout, graph: GitGraph, lane_pos: dict[str, float], vertical: bool) -> None:
    placed = {p.commit.id: p for p in out.commits}
    colour = {name: i % 8 for i, name in enumerate(graph.lanes())}
    reroute = _Reroute(graph, lane_pos)
    for child in out.commits:
        b = child.commit
        for parent_id in b.parents:
            parent = placed.get(parent_id)
            if parent is None or parent is child:
                continue
            a = parent.commit
            p1, p2 = (parent.cx, parent.cy), (child.cx, child.cy)
            # across: the lane coordinate; the child's lane further down/right than the parent's
            k = 0 if vertical else 1
            further = p1[k] < p2[k]
            secondary = b.kind == MERGE and a.id != (b.parents[0] if b.parents else None)
            tint = colour[a.branch] if secondary else colour[b.branch]
            if p1[k] == p2[k]:
                out.arrows.append(PlacedArrow(a.id, b.id, [p1, p2], CORNER, tint))
                continue
            if reroute.needed(a, b, further):
                mid = reroute.line(p1[k], p2[k])
                if vertical:
                    points = [p1, (mid, p1[1]), (mid, p2[1]), p2]
                else:
                    points = [p1, (p1[0], mid), (p2[0], mid), p2]
                if not further:
                    tint = colour[a.branch]
                out.arrows.append(PlacedArrow(a.id, b.id, points, CORNER / 2, tint))
                continue
            # a merge comes along the merged lane and turns into its target; a branch's first
            # commit turns off its parent's lane onto its own
            if vertical:
                corner = (p1[0], p2[1]) if secondary else (p2[0], p1[1])
            else:
                corner = (p2[0], p1[1]) if secondary else (p1[0], p2[1])
            out.arrows.append(PlacedArrow(a.id, b.id, [p1, corner, p2], CORNER, tint))


def _frame(out: GitLayout, graph: GitGraph) -> None:
    """The drawing's extent: everything shifted to start at the margin, the title above."""
    xs: list[float] = []
    ys: list[float] = []
    for commit in out.commits:
        xs += [commit.cx - RADIUS, commit.cx + RADIUS]
        ys += [commit.cy - RADIUS, commit.cy + RADIUS]
        for label in ([commit.label] if commit.label else []) + commit.tags:
            for x, y in label.corners():
                xs.append(x)
                ys.append(y)
        for tag in commit.tags:
            xs.append(tag.x - NOTCH)
    for lane in out.lanes:
        x1, y1, x2, y2 = lane.line
        xs += [x1, x2]
        ys += [y1, y2]
        if lane.label:
            for x, y in lane.label.corners():
                xs.append(x)
                ys.append(y)
    if not xs:
        xs, ys = [0.0], [0.0]
    top = MARGIN
    width = max(xs) - min(xs) + 2 * MARGIN
    if graph.title:
        out.title = measure(graph.title, bold=False)
        out.title_top = MARGIN
        top += out.title.height + 10
        width = max(width, out.title.width + 2 * MARGIN)
    out.shift = (MARGIN - min(xs) + (width - (max(xs) - min(xs) + 2 * MARGIN)) / 2,
                 top - min(ys))  # fmt: skip
    out.width = width
    out.height = top + max(ys) - min(ys) + MARGIN
