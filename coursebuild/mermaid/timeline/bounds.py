"""How much one timeline may ask for, checked while parsing at the line that crosses it."""

from __future__ import annotations

MAX_PERIODS = 500
MAX_SECTIONS = 500
MAX_EVENTS = 5000
MAX_LABEL_CHARS = 100_000  # characters of titles, sections, periods and events, in total
