"""Pandoc and Quarto image attributes: ``![alt](img.png){width=50%}``, ``{width="300px"}``,
``{height=8cm}``. Only a width and a height given as a CSS length are drawn; anything else in
the braces (classes, an id, other keys, other values) is dropped and reported at its line.
Braces anywhere but right after an image stay text (``${HOME}``, JSON, ``{width=50%}``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from .attributes import Attributes, scan_attributes, written

_KEY = "image_attrs"
UNITS = ("px", "%", "em", "rem", "cm", "mm", "in", "pt")
_LENGTH = re.compile(r"(\d{1,5}(?:\.\d{1,3})?|\.\d{1,3})(px|%|em|rem|cm|mm|in|pt)?")


@dataclass(frozen=True)
class ImageAttrs:
    """What an image's ``{…}`` asks for: CSS lengths ("" for none), and what was dropped."""

    width: str = ""
    height: str = ""
    dropped: tuple[str, ...] = ()  # the items as written, for the warning

    def style(self) -> str:
        """The inline CSS that sets the size ('' for none), as Obsidian sizes are written."""
        parts = [f"width: {self.width}" if self.width else "",
                 f"height: {self.height}" if self.height else ""]
        return "; ".join(part for part in parts if part)

    def message(self) -> str:
        """The warning for what was dropped ('' when nothing was)."""
        if not self.dropped:
            return ""
        return (f"image attributes ignored: {' '.join(self.dropped)[:120]} (only width and "
                f"height with a length in {', '.join(UNITS)} or a bare number of pixels are "
                "drawn)")


NO_ATTRS = ImageAttrs()


def image_attrs_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.push("image_attrs", _after_image)


def image_attrs(token: Token) -> ImageAttrs:
    """The attributes written after an ``image`` token, or none."""
    found = (token.meta or {}).get(_KEY)
    return found if isinstance(found, ImageAttrs) else NO_ATTRS


def _after_image(state: StateInline, silent: bool) -> bool:
    if state.pending or not state.tokens or state.tokens[-1].type != "image":
        return False
    scanned = scan_attributes(state.src, state.pos)
    if scanned is None:
        return False
    attributes, end = scanned
    if not silent:
        token = state.tokens[-1]
        token.meta = {**(token.meta or {}), _KEY: read_attrs(attributes)}
    state.pos = end
    return True


def read_attrs(attributes: Attributes) -> ImageAttrs:
    """The width and height kept from ``attributes``; every other item dropped."""
    kept: dict[str, str] = {}
    dropped = [item for item in written(Attributes(attributes.identifier, attributes.classes))]
    for key, value in attributes.pairs:
        length = css_length(value) if key in ("width", "height") else ""
        if length:
            kept[key] = length
        else:
            dropped += written(Attributes(pairs=((key, value),)))
    return ImageAttrs(kept.get("width", ""), kept.get("height", ""), tuple(dropped))


def css_length(value: str) -> str:
    """``value`` as a CSS length (a bare number is pixels), or "" when it is none or zero."""
    found = _LENGTH.fullmatch(value.strip())
    if found is None or not float(found.group(1)):
        return ""
    return found.group(1) + (found.group(2) or "px")
