"""Obsidian's image sizes: ``![[img.png|300]]``, ``![[img.png|300x200]]`` and
``![alt|300](img.png)``: a width (and height) in pixels after the last ``|`` of the label."""

from __future__ import annotations

import re
from dataclasses import dataclass

_SIZE = re.compile(r"(\d{1,5})(?:x(\d{1,5}))?")


@dataclass(frozen=True)
class SizedLabel:
    """An image's alt text, and the size its label asks for (None: the image's own)."""

    alt: str
    width: int | None = None
    height: int | None = None

    def style(self) -> str:
        """The inline CSS that sets the size ('' for none): a style, not width/height
        attributes, so that WeasyPrint honours it as browsers do."""
        parts = [f"width: {self.width}px" if self.width else "",
                 f"height: {self.height}px" if self.height else ""]
        return "; ".join(part for part in parts if part)


def sized_label(label: str, *, embed: bool = False) -> SizedLabel:
    """``label`` split into alt text and size when its last ``|`` part is ``W`` or ``WxH``.
    In an embed (``![[img.png|300]]``) the whole label may be the size, as in Obsidian; an
    image's alt text must say ``alt|300`` (``![2024](img.png)`` keeps its alt text)."""
    alt, bar, last = label.rpartition("|")
    if not bar and not embed:
        return SizedLabel(label)
    found = _SIZE.fullmatch(last.strip())
    if found is None or not int(found.group(1)):
        return SizedLabel(label)
    width, height = (int(value) if value else None for value in found.groups())
    return SizedLabel(alt.strip(), width, height or None)
