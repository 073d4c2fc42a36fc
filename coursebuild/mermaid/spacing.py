"""How much room a flowchart leaves between ranks and inside its boxes.

Mermaid's own spacing (50 px between ranks, 10 px above and below a label) reads well on paper
and on a web page. A slide is only 720 px tall: a seven-rank stack at the deck's label size does
not fit it. A diagram too large for its slide is drawn again with ``COMPACT`` spacing, the same
structure with shorter links and tighter boxes, before the build gives up and scales it down.
The spacing in force is a context variable, so the layout's functions need no extra argument.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class Spacing:
    rank_sep: float  # between two ranks, along the flow
    pad_y: float  # above and below a node's label


NORMAL = Spacing(rank_sep=50.0, pad_y=10.0)
COMPACT = Spacing(rank_sep=24.0, pad_y=3.0)

_current: ContextVar[Spacing] = ContextVar("spacing", default=NORMAL)


def current() -> Spacing:
    return _current.get()


@contextmanager
def using(spacing: Spacing) -> Iterator[None]:
    token = _current.set(spacing)
    try:
        yield
    finally:
        _current.reset(token)
