"""Diagram types of the conformance benchmark, one module each (bench/mermaid_conformance.py).

A module here defines ``KIND = Kind(...)``: where mermaid's test material for the type lives,
a JavaScript function that reduces mermaid's parse (the diagram's db) to plain data, and two
Python functions that reduce mermaid's data and our parse to the same comparable form (a dict
of aspect -> value). Adding a type is adding a module; nothing else changes.
"""

from __future__ import annotations

import pkgutil
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

MERMAID_DOCS = "packages/mermaid/src/docs/syntax/"
MERMAID_DIAGRAMS = "packages/mermaid/src/diagrams/"
MERMAID_RENDERING = "cypress/integration/rendering/"


@dataclass(frozen=True)
class Kind:
    """One diagram type, as the conformance benchmark measures it."""

    name: str
    header: re.Pattern[str]  # matches the diagram's first statement
    syntax_pages: tuple[str, ...]  # the first that exists is read
    specs: tuple[str, ...]  # prefixes (folders or files) of mermaid's parser specs
    rendering: tuple[str, ...]  # prefixes of mermaid's rendering tests
    extract_js: str  # JavaScript `(db) => data`, run in Chromium on mermaid's parse
    parser: str  # "module:function" of our parser, imported when measured
    theirs: Callable[[dict[str, Any]], dict[str, Any]]  # mermaid's data -> aspects
    ours: Callable[[Any], dict[str, Any]]  # our parse -> the same aspects
    features: dict[str, str] = field(default_factory=dict)  # row name -> regex on the text
    # diagrams bench/bench_mermaid.py times: (row name, source), e.g. a large generated one
    samples: Callable[[], list[tuple[str, str]]] = lambda: []

    def parse(self) -> Callable[[str], Any] | None:
        """Our parser, or None while the type has none."""
        module, _, function = self.parser.partition(":")
        try:
            return getattr(import_module(module), function)  # type: ignore[no-any-return]
        except (ImportError, AttributeError):
            return None


def registered() -> dict[str, Kind]:
    """Every kind defined in this package, by name."""
    kinds: dict[str, Kind] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        kind = getattr(import_module(f"{__name__}.{info.name}"), "KIND", None)
        if isinstance(kind, Kind):
            kinds[kind.name] = kind
    return kinds
