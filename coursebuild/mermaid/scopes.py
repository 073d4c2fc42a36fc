"""The subgraph tree, and how each edge crosses subgraph borders.

Every subgraph is laid out on its own (a *scope*), then placed as one big node in its
parent scope.  An edge between two scopes' contents is *internal* to their innermost
common scope and *external* to each scope it leaves or enters; there it ends at a
terminal on the scope's border.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .layering import break_cycles
from .model import Direction, Edge, Flowchart

ROOT = ""  # scope id of the whole diagram (subgraph ids are never empty)


@dataclass
class ScopeTree:
    children: dict[str, list[str]] = field(default_factory=dict)
    owner: dict[str, str] = field(default_factory=dict)

    def is_scope(self, item: str) -> bool:
        return item in self.children

    def chain(self, item: str) -> list[str]:
        """Scopes strictly containing ``item``, innermost first."""
        scopes = []
        while item in self.owner:
            item = self.owner[item]
            scopes.append(item)
        return scopes

    def rep(self, item: str, scope: str) -> str:
        """The child of ``scope`` that is or contains ``item``."""
        while self.owner.get(item) != scope:
            item = self.owner[item]
        return item

    def post_order(self) -> list[str]:
        order: list[str] = []
        stack = [(ROOT, False)]
        while stack:
            scope, done = stack.pop()
            if done:
                order.append(scope)
                continue
            stack.append((scope, True))
            stack.extend((c, False) for c in reversed(self.children[scope]) if self.is_scope(c))
        return order


def build_tree(chart: Flowchart) -> ScopeTree:
    tree = ScopeTree()
    tree.children[ROOT] = list(chart.root)
    for sub in chart.subgraphs.values():
        tree.children[sub.id] = list(sub.children)
    for scope, items in tree.children.items():
        for item in items:
            tree.owner[item] = scope
    return tree


@dataclass
class EdgePlan:
    edge: Edge
    lca: str | None  # scope where the edge is internal; None if one end contains the other
    src_rep: str = ""
    dst_rep: str = ""
    out_scopes: list[str] = field(default_factory=list)  # contain the source only
    in_scopes: list[str] = field(default_factory=list)  # contain the target only
    reversed: bool = False  # drawn against the flow in the scope where it is internal

    @property
    def self_loop(self) -> bool:
        return self.edge.source == self.edge.target

    def pin(self, scope: str) -> int:
        """Which border of ``scope`` the edge crosses: +1 flow end, -1 flow start."""
        leaving = scope in self.out_scopes
        return (1 if leaving else -1) * (-1 if self.reversed else 1)


def plan_edges(chart: Flowchart, tree: ScopeTree) -> list[EdgePlan]:
    plans = [_plan(edge, tree) for edge in chart.edges]
    _orient(tree, plans)
    return plans


def _plan(edge: Edge, tree: ScopeTree) -> EdgePlan:
    src_chain, dst_chain = tree.chain(edge.source), tree.chain(edge.target)
    if edge.source == edge.target:
        return EdgePlan(edge, None)
    dst_set, src_set = set(dst_chain), set(src_chain)
    common = next(s for s in src_chain if s in dst_set)
    plan = EdgePlan(
        edge,
        common,
        tree.rep(edge.source, common),
        tree.rep(edge.target, common),
        [s for s in src_chain if s not in dst_set],
        [s for s in dst_chain if s not in src_set],
    )
    if plan.src_rep == plan.dst_rep:
        plan.lca = None
    return plan


def _orient(tree: ScopeTree, plans: list[EdgePlan]) -> None:
    """Break cycles scope by scope; reversed edges flow upwards."""
    by_scope: dict[str, list[EdgePlan]] = {}
    for plan in plans:
        if plan.lca is not None:
            by_scope.setdefault(plan.lca, []).append(plan)
    for scope, members in by_scope.items():
        index = {item: i for i, item in enumerate(tree.children[scope])}
        pairs = [(index[p.src_rep], index[p.dst_rep]) for p in members]
        for back in break_cycles(len(index), pairs):
            members[back].reversed = True


def scope_directions(
    chart: Flowchart, tree: ScopeTree, plans: list[EdgePlan]
) -> dict[str, Direction]:
    """Each scope's direction, by mermaid's rule: a subgraph that an edge crosses is laid out
    with its parent, in the parent's direction, whatever its own ``direction``; any other
    subgraph (an edge may end at the subgraph itself) takes its own ``direction``, or else
    turns: LR in a TB parent, TB in any other."""
    crossed = {s for p in plans for s in p.out_scopes + p.in_scopes}
    directions: dict[str, Direction] = {ROOT: chart.direction}
    for scope in reversed(tree.post_order()):
        if scope == ROOT:
            continue
        parent = directions[tree.owner[scope]]
        if scope in crossed:
            directions[scope] = parent
        else:
            directions[scope] = chart.subgraphs[scope].direction or _turned(parent)
    return directions


def _turned(parent: Direction) -> Direction:
    return "LR" if parent == "TB" else "TB"
