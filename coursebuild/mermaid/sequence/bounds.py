"""How much work one sequence diagram may ask for, checked while parsing at the line that
crosses the bound.  Layout is linear in events times participants, so these keep a diagram
at every bound within about a second."""

from __future__ import annotations

MAX_PARTICIPANTS = 200
MAX_EVENTS = 5000  # messages, notes, activations and block lines
MAX_LABEL_CHARS = 100_000  # characters of labels, messages and notes, in total
MAX_DEPTH = 50  # blocks inside blocks
