"""Flowchart statements to the :class:`Flowchart` model."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlsplit

from .errors import MermaidError, UnsupportedDiagram
from .grammar import NODE_ID, Link, NodeRef, read_link, read_metadata, read_node, unquote
from .lexer import Cursor, Statement, preprocess
from .model import Declaration, Direction, Edge, Flowchart, Node, StyleMap, Subgraph
from .shapes import SHAPE_NAMES
from .styles import parse_style_list, theme_values
from .tally import Tally
from .text import decode_label

DIRECTIONS: dict[str, Direction] = {
    "TB": "TB", "TD": "TB", "BT": "BT", "LR": "LR", "RL": "RL",
    ">": "LR", "<": "RL", "^": "BT", "v": "TB",
}  # fmt: skip
_HEADER = re.compile(r"(graph|flowchart(?:-elk)?)(?![\w-])")
_KEYWORD = re.compile(
    r"(subgraph|end|direction|style|classDef|class|linkStyle|click|accTitle|accDescr)"
    r"(?![\w.\-/!#$%'*+?\\`&,=])"
)
_OTHER_KINDS = {
    "sequenceDiagram", "classDiagram", "classDiagram-v2", "stateDiagram", "stateDiagram-v2",
    "erDiagram", "gantt", "pie", "mindmap", "journey", "gitGraph", "timeline", "quadrantChart",
    "requirementDiagram", "C4Context", "C4Container", "C4Component", "C4Dynamic",
    "C4Deployment", "sankey", "sankey-beta", "xychart", "xychart-beta", "block", "block-beta",
    "packet", "packet-beta", "architecture", "architecture-beta", "kanban", "radar",
    "radar-beta", "treemap", "treemap-beta", "zenuml", "info", "venn", "venn-beta",
}  # fmt: skip
_LINK_STYLE = re.compile(r"(default|\d+(?:\s*,\s*\d+)*)\s*(?:interpolate\s+(\w+))?\s*(.*)$")
_SUBGRAPH_BRACKET = re.compile(r"(" + NODE_ID.pattern + r")\s*\[(.*)\]$", re.DOTALL)
_ACC = re.compile(r"\s*:\s*(.*)$")
_ICON = re.compile(r"\b(?:fa[bklrs]?|fab|fas|far|fal|fak):fa-[\w-]+\s*")
_CLICK = re.compile(
    r"\s*(?P<id>\S+)\s+(?:href\s+)?\"(?P<url>[^\"]*)\"(?:\s+\"(?P<tip>[^\"]*)\")?"
    r"(?:\s+(?P<target>_self|_blank|_parent|_top))?\s*$"
)
_CLICK_CALLBACK = re.compile(r"\s*(?P<id>\S+)\s+(?:call\s+)?[\w$.]+\s*(?:\(.*\))?")
_LINK_SCHEMES = ("http", "https")


@dataclass
class _Frame:
    subgraph: Subgraph
    mentions: dict[str, None] = field(default_factory=dict)  # ordered, O(1) membership


@dataclass
class _Deferred:
    """``style``/``class``/``linkStyle`` statements, applied once every node is known."""

    styles: list[tuple[int, str, dict[str, str]]] = field(default_factory=list)
    classes: list[tuple[str, str]] = field(default_factory=list)
    link_styles: list[tuple[int, str, StyleMap]] = field(default_factory=list)
    curves: list[tuple[str, str]] = field(default_factory=list)  # ``interpolate``


def parse(source: str) -> Flowchart:
    """Parse flowchart source; raise MermaidError or UnsupportedDiagram."""
    return _Parser().run(source)


@lru_cache(maxsize=256)
def flowchart_warnings(source: str) -> tuple[tuple[int, str], ...]:
    """What a flowchart asks for that is not drawn (icons, click callbacks, refused links),
    as (line in the diagram, message); nothing for other diagrams or a syntax error."""
    try:
        return tuple(parse(source).warnings)
    except (MermaidError, UnsupportedDiagram, RecursionError, MemoryError):
        return ()


def read_direction(word: str, line: int) -> Direction:
    if word not in DIRECTIONS:
        raise MermaidError(line, f"unknown direction '{word}' : expected one of TB, TD, BT, LR, RL")
    return DIRECTIONS[word]


class _Parser:
    def __init__(self) -> None:
        self.chart = Flowchart()
        self.stack: list[_Frame] = []
        self.root_mentions: dict[str, None] = {}
        self.tally = Tally()
        self.class_sets: dict[str, set[str]] = {}
        self.closed: list[_Frame] = []
        self.deferred = _Deferred()
        self.last_line = 1
        self.edge_ids: dict[str, Edge] = {}
        self.clicks: list[tuple[str, str]] = []
        self.inherit_dir = False
        self.pair_counts: dict[tuple[str, str], int] = {}
        self.handlers: dict[str, Callable[[Cursor], None]] = {
            "subgraph": self._subgraph,
            "end": self._end,
            "direction": self._direction,
            "style": self._style,
            "classDef": self._class_def,
            "class": self._class,
            "linkStyle": self._link_style,
            "click": self._click,
            "accTitle": self._acc_title,
            "accDescr": self._acc_descr,
        }

    def run(self, source: str) -> Flowchart:
        pre = preprocess(source)
        if not pre.statements:
            raise MermaidError(1, "empty diagram : expected 'graph' or 'flowchart'")
        self.chart.title = self.chart.heading = pre.title
        if pre.title:
            self.tally.label(pre.title, 1)
        self.chart.theme = theme_values(pre.theme)
        self.inherit_dir = pre.inherit_dir
        self._header(pre.statements[0])
        for stmt in pre.statements[1:]:
            self.last_line = stmt.line
            self._statement(stmt)
        return self._finish()

    def warn(self, line: int, message: str) -> None:
        self.chart.warnings.append((line, message))

    # -- header and dispatch -------------------------------------------------
    def _header(self, stmt: Statement) -> None:
        self.last_line = stmt.line
        found = _HEADER.match(stmt.text)
        if not found:
            _reject_header(stmt)
            return
        words = stmt.text[found.end() :].split()
        if len(words) > 1:
            raise MermaidError(
                stmt.line,
                f"unexpected '{words[1]}' : expected ';' or a new line after the direction",
            )
        if words:
            self.chart.direction = read_direction(words[0], stmt.line)

    def _statement(self, stmt: Statement) -> None:
        cur = Cursor(stmt.text, stmt.line)
        keyword = _KEYWORD.match(stmt.text)
        if keyword:
            cur.pos = keyword.end()
            self.handlers[keyword.group(1)](cur)
            return
        self._vertices(cur)

    # -- vertex statements ---------------------------------------------------
    def _vertices(self, cur: Cursor) -> None:
        group = self._node_group(cur)
        while True:
            cur.skip_ws()
            if cur.at_end():
                return
            link = read_link(cur)
            if link is None:
                raise cur.error("a link such as '-->', '&' or the end of the statement")
            cur.skip_ws()
            if cur.at_end():
                raise cur.error("a node id after the link")
            target = self._node_group(cur)
            self.tally.link_group(len(group), len(target), cur.line)
            self._connect(group, target, link, cur.line)
            group = target

    def _node_group(self, cur: Cursor) -> list[str]:
        ids = [self._declare(read_node(cur), cur.line)]
        while True:
            save = cur.pos
            cur.skip_ws()
            if not cur.startswith("&"):
                cur.pos = save
                return [item for item in ids if item]  # edge data declares no node
            cur.pos += 1
            ids.append(self._declare(read_node(cur), cur.line))

    def _declare(self, ref: NodeRef, line: int) -> str:
        if ref.data is not None and ref.id in self.edge_ids and ref.shape is None:
            self._edge_data(self.edge_ids[ref.id], ref.data, line)
            return ""
        node = self.chart.nodes.get(ref.id)
        if node is None:
            self.tally.box(line)
            node = Node(ref.id, ref.id, line=line)
            self.chart.nodes[ref.id] = node
        if ref.shape is not None:
            self.tally.label(ref.label or "", line)
            node.shape = ref.shape
            node.label = self._label(ref.label or "", line)
        if ref.data is not None:
            self._node_data(node, ref.data, line)
        if ref.classes:
            self._add_classes(node, ref.classes)
        self._mention(ref.id)
        return ref.id

    def _label(self, raw: str, line: int) -> str:
        """Decode a label; ``fa:fa-…`` icons are not drawn: their text stays, with a warning."""
        raw = unquote(raw)
        if _ICON.search(raw):
            icons = ", ".join(m.group(0).strip() for m in _ICON.finditer(raw))
            self.warn(line, f"icons are not drawn ({icons[:60]}) : only their text is shown")
            raw = _ICON.sub("", raw)
        return decode_label(raw)

    def _node_data(self, node: Node, data: str, line: int) -> None:
        self.tally.label(data, line)
        attrs = read_metadata(data, line)
        shape = attrs.get("shape")
        if shape is not None:
            if shape not in SHAPE_NAMES:
                raise MermaidError(
                    line,
                    f"no such shape '{shape[:30]}' : expected a shape of "
                    "mermaid's flowchart syntax, such as rect, circle, diamond",
                )
            node.shape = shape
        if attrs.get("label", "").strip():
            node.label = self._label(attrs["label"], line)
        elif ("icon" in attrs or "img" in attrs) and node.label == node.id:
            node.label = ""
        if "icon" in attrs or "img" in attrs:
            self.warn(line, "icons and images in '@{…}' are not drawn : only the shape and label")

    def _edge_data(self, edge: Edge, data: str, line: int) -> None:
        """``e1@{ curve: linear, animate: true }``: the curve is kept, animation ignored."""
        attrs = read_metadata(data, line)
        if "curve" in attrs:
            edge.curve = attrs["curve"]

    def _add_classes(self, node: Node, names: tuple[str, ...]) -> None:
        known = self.class_sets.setdefault(node.id, set(node.classes))
        for name in names:
            if name not in known:
                known.add(name)
                node.classes.append(name)

    def _mention(self, item: str) -> None:
        mentions = self.stack[-1].mentions if self.stack else self.root_mentions
        mentions.setdefault(item)

    def _connect(self, sources: list[str], targets: list[str], link: Link, line: int) -> None:
        if link.label:
            self.tally.label(link.label, line)
        label = self._label(link.label, line) if link.label else ""
        for source in sources:
            for target in targets:
                edge = Edge(
                    source, target, len(self.chart.edges), link.stroke, link.start, link.end,
                    label, link.length, line=line,
                )  # fmt: skip
                edge.id = self._edge_id(link.id, source, target)
                self.chart.edges.append(edge)
                self.edge_ids[edge.id] = edge

    def _edge_id(self, given: str | None, source: str, target: str) -> str:
        """The author's id if new, else mermaid's ``L_<from>_<to>_<n>``."""
        same = self.pair_counts.get((source, target), 0)
        self.pair_counts[(source, target)] = same + 1
        if given and given not in self.edge_ids:
            return given
        return f"L_{source}_{target}_{same + 1 if same else 0}"

    # -- subgraphs -----------------------------------------------------------
    def _subgraph(self, cur: Cursor) -> None:
        rest = cur.rest().strip()
        if not rest:
            raise cur.error("a subgraph id or title after 'subgraph'")
        self.tally.depth(len(self.stack) + 1, cur.line)
        self.tally.box(cur.line)
        self.tally.label(rest, cur.line)
        sub_id, title = self._subgraph_names(rest, cur.line)
        subgraph = self.chart.subgraphs.get(sub_id)
        if subgraph is None:  # a second ``subgraph X`` adds to the first, as in mermaid
            subgraph = Subgraph(sub_id, title, line=cur.line)
            self.chart.subgraphs[sub_id] = subgraph
            self._mention(sub_id)
        elif any(frame.subgraph is subgraph for frame in self.stack):
            raise MermaidError(cur.line, f"subgraph '{sub_id}' inside itself : expected a new id")
        self.stack.append(_Frame(subgraph))

    def _subgraph_names(self, rest: str, line: int) -> tuple[str, str]:
        bracket = _SUBGRAPH_BRACKET.match(rest)
        if bracket:
            return bracket.group(1), self._label(bracket.group(2), line)
        if "[" in rest:
            raise MermaidError(line, "unclosed '[' : expected ']' after the subgraph title")
        title = self._label(rest, line)
        raw = unquote(rest)
        raw = raw[1:-1] if len(raw) >= 2 and raw[0] == raw[-1] == "`" else raw
        if raw and not any(ch.isspace() for ch in raw):  # as mermaid: the text is the id
            return raw, title
        return f"subGraph{len(self.chart.subgraphs)}", title

    def _end(self, cur: Cursor) -> None:
        if not self.stack:
            raise MermaidError(
                cur.line, "unexpected 'end' : expected a statement (no open subgraph)"
            )
        if cur.rest().strip():
            cur.skip_ws()
            raise cur.error("nothing after 'end'")
        self.closed.append(self.stack.pop())

    def _direction(self, cur: Cursor) -> None:
        words = cur.rest().split()
        if len(words) != 1:
            raise cur.error("one direction (TB, TD, BT, LR or RL) after 'direction'")
        direction = read_direction(words[0], cur.line)
        if self.stack:  # outside a subgraph mermaid reads it and ignores it: so do we
            self.stack[-1].subgraph.direction = direction

    # -- styling -------------------------------------------------------------
    def _style(self, cur: Cursor) -> None:
        parts = cur.rest().split(None, 1)
        if len(parts) < 2:
            cur.skip_ws()
            raise cur.error("a node id and styles after 'style'")
        target, styles = parts
        parsed = parse_style_list(styles, cur.line)
        self.deferred.styles.append((cur.line, target, parsed))
        self.chart.declarations.append(Declaration(cur.line, "style", target, parsed))
        if target not in self.chart.nodes and target not in self.chart.subgraphs:
            self._declare(NodeRef(target), cur.line)  # as mermaid: a style creates its node

    def _click(self, cur: Cursor) -> None:
        """``click A href "url"`` links the node (http and https only); callbacks are run by
        mermaid.js in a browser, never here: ignored with a warning."""
        found = _CLICK.match(cur.rest())
        if found is None:
            callback = _CLICK_CALLBACK.match(cur.rest())
            if callback is None:
                cur.skip_ws()
                raise cur.error("a node id, then 'href \"url\"' or a callback after 'click'")
            self.warn(cur.line, "click callbacks are not run : the node is drawn without one")
            return
        url = found.group("url").strip()
        if urlsplit(url).scheme.lower() not in _LINK_SCHEMES or any(c.isspace() for c in url):
            self.warn(
                cur.line,
                f"refused link {url[:80]} : a diagram links to web pages "
                "(http, https) only; the node is drawn without a link",
            )
            return
        self.clicks.append((found.group("id"), url))

    def _class_def(self, cur: Cursor) -> None:
        parts = cur.rest().split(None, 1)
        if len(parts) < 2:
            cur.skip_ws()
            raise cur.error("a class name and styles after 'classDef'")
        styles = parse_style_list(parts[1], cur.line)
        self.chart.declarations.append(Declaration(cur.line, "classDef", parts[0], styles))
        for name in parts[0].split(","):
            self.chart.class_defs.setdefault(name.strip(), {}).update(styles)

    def _class(self, cur: Cursor) -> None:
        words = cur.rest().split()
        if len(words) < 2:
            cur.skip_ws()
            raise cur.error("node ids and a class name after 'class'")
        for target in "".join(words[:-1]).split(","):
            if target:
                self.deferred.classes.append((target, words[-1]))

    def _link_style(self, cur: Cursor) -> None:
        found = _LINK_STYLE.match(cur.rest().strip())
        if not found:
            cur.skip_ws()
            raise cur.error("'default' or link numbers after 'linkStyle'")
        styles = parse_style_list(found.group(3), cur.line) if found.group(3) else {}
        self.deferred.link_styles.append((cur.line, found.group(1), styles))
        if found.group(2):
            self.deferred.curves.append((found.group(1), found.group(2)))

    def _acc_title(self, cur: Cursor) -> None:
        found = _ACC.match(cur.rest())
        if not found:
            cur.skip_ws()
            raise cur.error("':' after 'accTitle'")
        self.tally.label(found.group(1), cur.line)
        self.chart.title = found.group(1).strip()

    def _acc_descr(self, cur: Cursor) -> None:
        found = _ACC.match(cur.rest())
        if not found:
            cur.skip_ws()
            raise cur.error("':' or '{' after 'accDescr'")
        self.tally.label(found.group(1), cur.line)
        self.chart.description = found.group(1).strip()

    # -- end of input --------------------------------------------------------
    def _finish(self) -> Flowchart:
        if self.stack:
            frame = self.stack[-1]
            name = frame.subgraph.id
            raise MermaidError(
                frame.subgraph.line,
                f"unexpected end of diagram : expected 'end' to close subgraph '{name}'",
            )
        for sub_id in self.chart.subgraphs:
            self.chart.nodes.pop(sub_id, None)
        _assign_members(self.chart, self.closed, self.root_mentions)
        if self.inherit_dir:
            for subgraph in self.chart.subgraphs.values():
                subgraph.direction = subgraph.direction or self.chart.direction
        _apply_deferred(self.chart, self.deferred)
        for node_id, url in self.clicks:
            if node_id in self.chart.nodes:
                self.chart.nodes[node_id].link = url
        return self.chart


def _reject_header(stmt: Statement) -> None:
    word = re.match(r"[\w-]+", stmt.text)
    kind = word.group(0) if word else ""
    if kind in _OTHER_KINDS or kind.endswith(("-beta", "-v2")):
        raise UnsupportedDiagram(kind)
    shown = stmt.text.split()[0] if stmt.text.split() else stmt.text
    raise MermaidError(stmt.line, f"unexpected '{shown[:20]}' : expected 'graph' or 'flowchart'")


def _assign_members(chart: Flowchart, closed: list[_Frame], root: dict[str, None]) -> None:
    """As mermaid: each node, and each subgraph, belongs to the first subgraph that closes
    after mentioning it (a subgraph nested in another, or named in one of its links)."""
    owner: dict[str, str] = {}
    for frame in closed:
        sub_id = frame.subgraph.id
        for item in frame.mentions:
            known = item in chart.nodes or item in chart.subgraphs
            if known and item not in owner and not _inside(sub_id, item, owner):
                owner[item] = sub_id
    for frame in closed:
        sub_id = frame.subgraph.id
        children = dict.fromkeys(frame.subgraph.children)  # a reopened subgraph adds to them
        children.update((item, None) for item in frame.mentions if owner.get(item) == sub_id)
        frame.subgraph.children = list(children)
    chart.root = [item for item in root if item not in owner]
    placed = set(chart.root)
    chart.root += [sub for sub in chart.subgraphs if sub not in owner and sub not in placed]


def _inside(scope: str, item: str, owner: dict[str, str]) -> bool:
    """Whether ``scope`` is ``item`` or lies inside it (so ``item`` cannot go in ``scope``)."""
    seen: set[str] = set()
    while scope not in seen:
        if scope == item:
            return True
        seen.add(scope)
        if scope not in owner:
            return False
        scope = owner[scope]
    return True


def _apply_deferred(chart: Flowchart, deferred: _Deferred) -> None:
    for _line, target, styles in deferred.styles:
        item = chart.nodes.get(target) or chart.subgraphs.get(target)
        if item is not None:
            item.style.update(styles)
    known: dict[str, set[str]] = {}
    for target, name in deferred.classes:
        item = chart.nodes.get(target) or chart.subgraphs.get(target)
        if item is None:
            continue
        names = known.setdefault(target, set(item.classes))
        if name not in names:
            names.add(name)
            item.classes.append(name)
    _apply_link_styles(chart, deferred.link_styles)
    _apply_curves(chart, deferred.curves)


def _apply_curves(chart: Flowchart, curves: list[tuple[str, str]]) -> None:
    """``linkStyle … interpolate x``: a link's own curve, else the default one."""
    default = None
    for which, curve in curves:
        if which == "default":
            default = curve
            continue
        for part in which.split(","):
            chart.edges[int(part)].curve = curve  # in range: checked with the styles
    for edge in chart.edges:
        edge.curve = edge.curve or default


def _apply_link_styles(chart: Flowchart, link_styles: list[tuple[int, str, StyleMap]]) -> None:
    """As mermaid: the last ``linkStyle default`` under each link's own ``linkStyle``."""
    default: StyleMap = {}
    own: dict[int, StyleMap] = {}
    for line, which, styles in link_styles:
        if which == "default":
            default = styles
            continue
        for part in which.split(","):
            number = part.strip()  # compared as text first: int() refuses 4,300 digits
            if len(number) > 9 or int(number) >= len(chart.edges):
                raise MermaidError(line, _out_of_range(number[:12], len(chart.edges)))
            own.setdefault(int(number), {}).update(styles)
    if not default and not own:
        return
    for edge in chart.edges:
        edge.style.update(default)
        edge.style.update(own.get(edge.index, {}))


def _out_of_range(number: str, count: int) -> str:
    if count == 0:
        return f"linkStyle index {number} is out of range : expected no index, there is no link"
    plural = "link" if count == 1 else "links"
    return (
        f"linkStyle index {number} is out of range : expected 0 to {count - 1} "
        f"(the diagram has {count} {plural})"
    )
