"""How much one class diagram may ask for, checked while parsing at the line that crosses it."""

from __future__ import annotations

MAX_CLASSES = 1000  # classes, interfaces and notes
MAX_RELATIONS = 2000
MAX_MEMBERS = 20_000  # attributes and methods, over every class
MAX_NAMESPACES = 500
MAX_NAMESPACE_DEPTH = 20
MAX_LABEL_CHARS = 200_000  # characters of names, members, labels and notes, in total
