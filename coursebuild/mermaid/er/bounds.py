"""How much one entity-relationship diagram may ask for, checked while parsing at the line
that crosses it."""

from __future__ import annotations

MAX_ENTITIES = 500
MAX_RELATIONSHIPS = 2000
MAX_ATTRIBUTES = 2000  # over every entity (a table of 2,000 rows draws in about a second)
MAX_LABEL_CHARS = 100_000  # characters of names, attributes, labels and comments, in total
MAX_SOURCE_CHARS = 500_000
