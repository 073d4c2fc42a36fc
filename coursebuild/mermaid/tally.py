"""The work a diagram asks for, counted while it is parsed against the bounds."""

from __future__ import annotations

from dataclasses import dataclass

from .bounds import MAX_DEPTH, MAX_EDGES, MAX_LABEL_CHARS, MAX_NODES
from .errors import MermaidError


@dataclass
class Tally:
    """Counts so far; each method raises a MermaidError at ``line`` past its bound."""

    boxes: int = 0
    links: int = 0
    label_chars: int = 0

    def box(self, line: int) -> None:
        """One more node or subgraph."""
        self.boxes += 1
        if self.boxes > MAX_NODES:
            raise MermaidError(
                line,
                f"more than {MAX_NODES:,} nodes and subgraphs in one "
                "diagram (the node bound) : split the diagram",
            )

    def link_group(self, sources: int, targets: int, line: int) -> None:
        """``sources`` × ``targets`` more links; counted before any is made."""
        count = sources * targets
        if self.links + count <= MAX_EDGES:
            self.links += count
            return
        if count > 1:
            raise MermaidError(
                line,
                f"this line makes {count:,} links ({sources:,} × {targets:,} "
                f"through '&'), more than the {MAX_EDGES:,} links one diagram may "
                "have (the link bound) : split the diagram",
            )
        raise MermaidError(
            line,
            f"more than {MAX_EDGES:,} links in one diagram (the link bound) : split the diagram",
        )

    def label(self, text: str, line: int) -> None:
        """Characters of a label or title, before it is decoded or measured."""
        self.label_chars += len(text)
        if self.label_chars > MAX_LABEL_CHARS:
            raise MermaidError(
                line,
                f"more than {MAX_LABEL_CHARS:,} characters of labels in one "
                "diagram (the label bound) : shorten the labels or split the "
                "diagram",
            )

    @staticmethod
    def depth(depth: int, line: int) -> None:
        """A subgraph opened ``depth`` levels deep (1 = at the top)."""
        if depth > MAX_DEPTH:
            raise MermaidError(
                line,
                f"subgraphs nested more than {MAX_DEPTH} deep (the nesting "
                "bound) : flatten the diagram",
            )


@dataclass
class TextBudget:
    """Characters of a diagram's text, counted as its parser reads them: the line that takes
    the count past ``limit`` is an error, before the text is decoded or measured."""

    limit: int
    used: int = 0

    def spend(self, text: str, line: int) -> str:
        self.used += len(text)
        if self.used > self.limit:
            raise MermaidError(line, f"more than {self.limit:,} characters of text : a bound, "
                                     "split the diagram")  # fmt: skip
        return text
