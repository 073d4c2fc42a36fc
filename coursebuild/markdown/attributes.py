"""Pandoc's attribute blocks, ``{#id .class key=value key="a value"}``, as written after an
image (``![alt](img.png){width=50%}``) or in a code fence's info string
(```` ```{.python .numberLines startFrom="10"} ````).

mdit-py-plugins' attrs plugin reads Djot's grammar, whose bare values refuse Pandoc's
``width=50%`` and ``width=2.5in``; this scanner reads Pandoc's: a bare value runs to the next
space or ``}``."""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_ATTRIBUTES = 1000  # characters scanned for one block: its work is bounded by its length

_ITEM = re.compile(r"""\s*(?:
    \#(?P<id>[^\s{}"'=#.][^\s{}"'=]*)
  | \.(?P<cls>[^\s{}"'=#.][^\s{}"'=]*)
  | (?P<key>[A-Za-z_][\w:.-]*)=(?:"(?P<dq>(?:[^"\\]|\\.)*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s{}"']+))
)""", re.VERBOSE)


@dataclass(frozen=True)
class Attributes:
    """One ``{…}`` block: its identifier, classes and key-value pairs, in the order written."""

    identifier: str = ""
    classes: tuple[str, ...] = ()
    pairs: tuple[tuple[str, str], ...] = ()

    def get(self, key: str) -> str | None:
        """The last value given to ``key`` (Pandoc keeps the last), or None."""
        found = [value for name, value in self.pairs if name == key]
        return found[-1] if found else None


def scan_attributes(src: str, pos: int) -> tuple[Attributes, int] | None:
    """The attribute block opening at ``src[pos]`` (a ``{``) and the position after its ``}``,
    or None when the text there is no attribute block (it then stays text)."""
    if pos >= len(src) or src[pos] != "{":
        return None
    end = min(len(src), pos + MAX_ATTRIBUTES)
    read, at = read_items(src, pos + 1, end)
    closing = _closing(src, at, end)
    return (read, closing) if closing is not None else None


def read_items(src: str, at: int, end: int) -> tuple[Attributes, int]:
    """The items written from ``at``, as far as they read (up to a ``}`` or ``end``), and the
    position where reading stopped (the first item that is none, for messages)."""
    identifier, classes, pairs = "", [], []
    while _closing(src, at, end) is None:
        found = _ITEM.match(src, at, end)
        if found is None or found.end() == at:
            break
        after = found.end()
        if after < end and not src[after].isspace() and src[after] != "}":
            break  # items are separated by spaces
        if found["id"]:
            identifier = found["id"]
        elif found["cls"]:
            classes.append(found["cls"])
        else:
            value = found["dq"] if found["dq"] is not None else found["sq"] \
                if found["sq"] is not None else found["bare"]
            pairs.append((found["key"], value.replace('\\"', '"')))
        at = after
    return Attributes(identifier, tuple(classes), tuple(pairs)), at


def _closing(src: str, at: int, end: int) -> int | None:
    """The position after the ``}`` when only spaces lie between ``at`` and it."""
    while at < end and src[at].isspace():
        at += 1
    return at + 1 if at < end and src[at] == "}" else None


def written(attributes: Attributes) -> list[str]:
    """Each item of the block as the author wrote it (for messages)."""
    items = [f"#{attributes.identifier}"] if attributes.identifier else []
    items += [f".{name}" for name in attributes.classes]
    items += [f'{key}="{value}"' if " " in value or not value else f"{key}={value}"
              for key, value in attributes.pairs]
    return items
