"""How much work one diagram may ask for; each bound is checked while parsing, before the
work is allocated, and reported at the line that crosses it.

Measured with ``bench/bench_mermaid.py`` (two cores): a diagram at every bound at once
draws in a few seconds (figures in the README).  Mermaid.js itself refuses more than 500
links and 50,000 characters of source by default; these bounds are looser.
"""

from __future__ import annotations

MAX_NODES = 2500  # nodes and subgraphs
MAX_EDGES = 4000  # links, counted after ``&`` expansion
MAX_LABEL_CHARS = 100_000  # characters of node labels, link labels and titles, in total
MAX_DEPTH = 50  # subgraphs inside subgraphs
MAX_LAYOUT_CELLS = 60_000  # nodes plus the ranks each link crosses, over every subgraph
