"""How much one mindmap may ask for, checked while parsing at the line that crosses it."""

from __future__ import annotations

MAX_NODES = 2000
MAX_DEPTH = 100  # levels below the root
MAX_LABEL_CHARS = 100_000  # characters of node text, in total
