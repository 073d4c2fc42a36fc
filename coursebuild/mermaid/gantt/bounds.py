"""How much one gantt chart may ask for, checked while parsing (or while its dates are
computed) at the line that crosses it."""

from __future__ import annotations

MAX_TASKS = 2000
MAX_SECTIONS = 500
MAX_LABEL_CHARS = 100_000  # characters of titles, sections and task labels, in total
MAX_EXCLUDED_DAYS = 200_000  # days walked to push task ends past excluded days, in total
MAX_TICKS = 400  # a ``tickInterval`` asking for more is ignored (mermaid's limit: 10 000)
MAX_SHADED_DAYS = 5 * 366  # mermaid shades excluded days only over at most five years
