"""How much one git graph may ask for, checked while parsing at the line that crosses it."""

from __future__ import annotations

MAX_COMMITS = 2000
MAX_BRANCHES = 200
MAX_TAGS = 2000
MAX_LABEL_CHARS = 100_000  # characters of ids, tags, branch names and messages, in total
