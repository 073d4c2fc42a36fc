"""Exceptions raised while reading a mermaid diagram."""

from __future__ import annotations


class MermaidError(Exception):
    """A syntax error in a flowchart; ``line`` is 1-based within the diagram source."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


class UnsupportedDiagram(Exception):
    """The diagram is valid mermaid but not a flowchart (``kind`` is its keyword)."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"unsupported mermaid diagram type: {kind}")
        self.kind = kind
