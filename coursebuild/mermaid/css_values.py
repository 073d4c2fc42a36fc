"""Style values of ``style``, ``classDef`` and ``linkStyle`` lines, read as CSS reads them.

A value is refused if it could make the reader load anything (``url(``, ``image-set(``,
``@import``, ``expression(`` …), however it is spelt: escapes are decoded and comments
dropped first, so ``u\\72l(`` is the ``url(`` it decodes to.  Otherwise only a few forms are
drawn, each rebuilt from its tokens so that Chromium and WeasyPrint read the same thing:
colours (hex, named, ``rgb``/``rgba``/``hsl``/``hsla``), lengths, dash arrays, font weights and
font styles.  Anything else is valid mermaid that is simply not drawn.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from functools import lru_cache

import tinycss2
from tinycss2 import color4

LOADING_FUNCTIONS = frozenset({
    "url", "src", "image", "image-set", "-webkit-image-set", "cross-fade", "-webkit-cross-fade",
    "element", "-moz-element", "expression",
})  # fmt: skip
_LOADING_TEXT = tuple(f"{name}(" for name in sorted(LOADING_FUNCTIONS)) + ("@import",)
_COMMENT = re.compile(r"/\*.*?(?:\*/|$)", re.DOTALL)
_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})[ \t\n\r\f]?|(.)|$)", re.DOTALL)
_LONG_NUMBER = re.compile(r"\d{50,}")  # tinycss2 would call int() on it: 4,300 digits fail
_HEX = re.compile(r"[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8}")
_COLOUR_FUNCTIONS = frozenset({"rgb", "rgba", "hsl", "hsla"})
_ANGLES = frozenset({"deg", "rad", "grad", "turn"})
_PX_PER_UNIT = {"px": 1.0, "pt": 4 / 3, "pc": 16.0, "in": 96.0, "cm": 96 / 2.54,
                "mm": 96 / 25.4, "q": 96 / 101.6}  # fmt: skip
MAX_LENGTH_PX = 1000.0  # a wider stroke or dash is not drawn
MAX_DASHES = 16
FONT_WEIGHTS = frozenset({"normal", "bold", "bolder", "lighter"})
FONT_STYLES = frozenset({"normal", "italic", "oblique"})


def refused(text: str) -> str | None:
    """What in ``text`` could load something (``'url('``, ``'@import'``…), or None."""
    for token in _walk(_tokens(_LONG_NUMBER.sub("0", text))):
        found = _loading(token)
        if found:
            return found
    decoded = "".join(_decoded(text).lower().split())
    return next((marker for marker in _LOADING_TEXT if marker in decoded), None)


def _walk(tokens: list) -> Iterator:
    for token in tokens:
        yield token
        children = getattr(token, "arguments", None) or getattr(token, "content", None)
        if isinstance(children, list):
            yield from _walk(children)


def _loading(token) -> str | None:
    if token.type == "url" or (token.type == "error" and token.kind == "bad-url"):
        return "url("
    if token.type == "function" and token.lower_name in LOADING_FUNCTIONS:
        return f"{token.lower_name}("
    if token.type == "at-keyword" and token.lower_value == "import":
        return "@import"
    return None


def _decoded(text: str) -> str:
    """``text`` without comments, escapes decoded (a safety net beside the tokenizer)."""
    return _ESCAPE.sub(_unescape, _COMMENT.sub("", text))


def _unescape(match: re.Match[str]) -> str:
    if match.group(1):
        code = int(match.group(1), 16)
        return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
    return match.group(2) or ""


def property_name(raw: str) -> str:
    """A property name as CSS reads it (``f\\69ll`` is ``fill``), lower case."""
    tokens = _significant(raw)
    if len(tokens) == 1 and tokens[0].type == "ident":
        return tokens[0].lower_value
    return raw.strip().lower()


def _tokens(text: str) -> list:
    return tinycss2.parse_component_value_list(text, skip_comments=True)


def _significant(text: str) -> list:
    """The tokens of a value but spaces; none for a number too long to be one we draw."""
    if _LONG_NUMBER.search(text):
        return []
    return [t for t in _tokens(text) if t.type not in ("whitespace", "comment")]


def _single(text: str):
    tokens = _significant(text)
    return tokens[0] if len(tokens) == 1 else None


@lru_cache(maxsize=1024)
def colour(text: str) -> str | None:
    """A colour: ``#rgb``/``#rrggbb`` (with alpha), a named colour, or rgb/rgba/hsl/hsla."""
    token = _single(text)
    if token is None:
        return None
    if token.type == "hash" and _HEX.fullmatch(token.value):
        return f"#{token.value}"
    if token.type == "ident" and token.lower_value != "currentcolor":
        return token.lower_value if color4.parse_color(token.lower_value) else None
    if token.type == "function" and token.lower_name in _COLOUR_FUNCTIONS:
        return _colour_function(token)
    return None


def _colour_function(token) -> str | None:
    parts = [_colour_argument(arg) for arg in token.arguments if arg.type != "comment"]
    if None in parts:
        return None
    rebuilt = f"{token.lower_name}({''.join(p for p in parts if p is not None)})"
    return rebuilt if color4.parse_color(rebuilt) is not None else None


def _colour_argument(token) -> str | None:
    if token.type == "whitespace":
        return " "
    if token.type == "literal" and token.value in ",/":
        return token.value
    if token.type == "number" and math.isfinite(token.value):
        return _number(token.value)
    if token.type == "percentage" and math.isfinite(token.value):
        return f"{_number(token.value)}%"
    if token.type == "dimension" and token.lower_unit in _ANGLES and math.isfinite(token.value):
        return f"{_number(token.value)}{token.lower_unit}"
    return None


def paint(text: str) -> str | None:
    """A fill or stroke: a colour or ``none``."""
    token = _single(text)
    if token is not None and token.type == "ident" and token.lower_value == "none":
        return "none"
    return colour(text)


def _length_of(token) -> float | None:
    if token.type == "number":
        value = token.value
    elif token.type == "dimension" and token.lower_unit in _PX_PER_UNIT:
        value = token.value * _PX_PER_UNIT[token.lower_unit]
    else:
        return None
    return float(value) if 0 <= value <= MAX_LENGTH_PX else None


@lru_cache(maxsize=1024)
def length(text: str) -> float | None:
    """A length in px: a plain number or an absolute unit (px, pt, pc, in, cm, mm, q)."""
    token = _single(text)
    return None if token is None else _length_of(token)


@lru_cache(maxsize=1024)
def dash_array(text: str) -> str | None:
    """``none`` or lengths separated by spaces and/or commas, drawn as ``5 5``."""
    tokens = [t for t in _significant(text) if not (t.type == "literal" and t.value == ",")]
    if len(tokens) == 1 and tokens[0].type == "ident" and tokens[0].lower_value == "none":
        return "none"
    lengths = [_length_of(t) for t in tokens]
    if not lengths or len(lengths) > MAX_DASHES or None in lengths:
        return None
    return " ".join(_number(value) for value in lengths if value is not None)


@lru_cache(maxsize=256)
def font_weight(text: str) -> str | None:
    """``normal``, ``bold``, ``bolder``, ``lighter`` or a number from 1 to 1000."""
    token = _single(text)
    if token is None:
        return None
    if token.type == "ident" and token.lower_value in FONT_WEIGHTS:
        return token.lower_value
    if token.type == "number" and token.is_integer and 1 <= token.value <= 1000:
        return str(token.int_value)
    return None


@lru_cache(maxsize=256)
def font_style(text: str) -> str | None:
    """``normal``, ``italic`` or ``oblique``."""
    token = _single(text)
    if token is not None and token.type == "ident" and token.lower_value in FONT_STYLES:
        return token.lower_value
    return None


def _number(value: float) -> str:
    return f"{value:.6g}"
