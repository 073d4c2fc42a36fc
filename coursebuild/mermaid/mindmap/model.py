"""A mindmap: one tree of nodes, each with its shape and text."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Shape = Literal["default", "rect", "rounded", "circle", "cloud", "bang", "hexagon"]


@dataclass
class Node:
    id: str  # the text before the shape's brackets (or the text itself), as mermaid keeps it
    text: str  # the decoded label (formatting marks, newlines)
    shape: Shape
    line: int  # 1-based, in the diagram source
    level: int  # indentation, relative to the root's
    depth: int = 0  # 0 for the root
    icon: str | None = None  # ``::icon(…)``: read, not drawn (icon fonts are not available)
    classes: str | None = None  # ``:::a b``: read, kept on the node's group
    children: list[Node] = field(default_factory=list)
    section: int | None = None  # the top-level branch (colour) the node belongs to


@dataclass
class Mindmap:
    root: Node | None = None
    title: str | None = None  # front matter ``title:`` (the accessible name)
    theme: dict[str, str] = field(default_factory=dict)  # themeVariables, values unchecked
    warnings: list[tuple[int, str]] = field(default_factory=list)  # (line, what is not drawn)

    def nodes(self) -> list[Node]:
        """Every node, parents before children, in source order."""
        out: list[Node] = []
        stack = [self.root] if self.root else []
        while stack:
            node = stack.pop()
            out.append(node)
            stack.extend(reversed(node.children))
        return out
