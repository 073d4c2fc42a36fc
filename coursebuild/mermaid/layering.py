"""Layer assignment: cycle breaking (DFS back edges) and ranking (longest path, tightened)."""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence

IndexEdge = tuple[int, int]
RankEdge = tuple[int, int, int]  # source, target, minimum length


def break_cycles(count: int, edges: Sequence[IndexEdge]) -> set[int]:
    """Indices of the edges to reverse so that the graph has no cycle."""
    adjacency: list[list[tuple[int, int]]] = [[] for _ in range(count)]
    indegree = [0] * count
    for index, (u, v) in enumerate(edges):
        if u != v:
            adjacency[u].append((v, index))
            indegree[v] += 1
    roots = [v for v in range(count) if indegree[v] == 0] + list(range(count))
    state = [0] * count  # 0 unseen, 1 on the DFS stack, 2 finished
    back: set[int] = set()
    for root in roots:
        if state[root] == 0:
            _dfs(root, adjacency, state, back)
    return back


def _dfs(
    root: int, adjacency: list[list[tuple[int, int]]], state: list[int], back: set[int]
) -> None:
    state[root] = 1
    stack = [(root, iter(adjacency[root]))]
    while stack:
        node, successors = stack[-1]
        for target, index in successors:
            if state[target] == 1:
                back.add(index)
            elif state[target] == 0:
                state[target] = 1
                stack.append((target, iter(adjacency[target])))
                break
        else:
            state[node] = 2
            stack.pop()


def _topological(
    count: int, preds: list[list[tuple[int, int]]], succs: list[list[tuple[int, int]]]
) -> list[int]:
    indegree = [len(p) for p in preds]
    queue = deque(v for v in range(count) if indegree[v] == 0)
    order: list[int] = []
    while queue:
        node = queue.popleft()
        order.append(node)
        for target, _ in succs[node]:
            indegree[target] -= 1
            if indegree[target] == 0:
                queue.append(target)
    return order


def assign_ranks(count: int, edges: Sequence[RankEdge], passes: int = 4) -> list[int]:
    """Ranks (0 = top) for an acyclic graph; edges get at least their minimum length."""
    preds: list[list[tuple[int, int]]] = [[] for _ in range(count)]
    succs: list[list[tuple[int, int]]] = [[] for _ in range(count)]
    for u, v, minlen in edges:
        succs[u].append((v, minlen))
        preds[v].append((u, minlen))
    order = _topological(count, preds, succs)
    rank = [0] * count
    for node in order:
        rank[node] = max((rank[u] + m for u, m in preds[node]), default=0)
    for _ in range(passes):
        moved = False
        for node in reversed(order):
            better = _best_rank(node, rank, preds, succs)
            if better != rank[node]:
                rank[node] = better
                moved = True
        if not moved:
            break
    _balance(rank, preds, succs)
    low = min(rank, default=0)
    return [r - low for r in rank]


def _balance(
    rank: list[int], preds: list[list[tuple[int, int]]], succs: list[list[tuple[int, int]]]
) -> None:
    """Nodes with as many edges in as out may sit on any rank of their slack: use the
    least crowded one, which spreads parallel branches over the layers."""
    crowd: dict[int, int] = {}
    for r in rank:
        crowd[r] = crowd.get(r, 0) + 1
    for node in range(len(rank)):
        if not preds[node] or len(preds[node]) != len(succs[node]):
            continue
        low = max(rank[u] + m for u, m in preds[node])
        high = min(rank[v] - m for v, m in succs[node])
        best = min(range(low, high + 1), key=lambda r: (crowd.get(r, 0), r))
        if crowd.get(best, 0) < crowd[rank[node]] - 1:
            crowd[rank[node]] -= 1
            crowd[best] = crowd.get(best, 0) + 1
            rank[node] = best


def _best_rank(
    node: int,
    rank: list[int],
    preds: list[list[tuple[int, int]]],
    succs: list[list[tuple[int, int]]],
) -> int:
    """Move a node within its slack towards the side with more edges (shorter edges)."""
    if not succs[node]:
        return rank[node]
    highest = min(rank[v] - m for v, m in succs[node])
    if not preds[node] or len(succs[node]) > len(preds[node]):
        return highest
    return rank[node]
