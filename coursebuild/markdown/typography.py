"""French typography and hyphenation guards for the text tokens of a rendered page.

Applied by the HTML renderer (``html.py``) to ``text`` tokens only: code spans, fences, URLs
and attribute values are other tokens (or attributes) and are never touched. Nothing here
changes a letter of the text: spaces become no-break spaces, and words that must not be
hyphenated are named (``guarded``) for the renderer to wrap.

French spacing, after the Imprimerie nationale (*Lexique des règles typographiques*):

- ``;`` ``!`` ``?`` take a narrow no-break space (U+202F) before them;
- ``:`` takes a no-break space (U+00A0) before it: a full word space, as the Lexique asks;
- ``«`` and ``»`` take a no-break space (U+00A0) inside them, added when missing;
- a number and its unit (``3 min``, ``10 Go``, ``50 %``) are joined by a no-break space, and so
  are a sign and the number it qualifies (``≈ 3``);
- a hyphen typed as a dash, between spaces (``Runtimes - L'écosystème``), stays at the end of
  its line: the space before it is no-break, so no line starts with ``-`` like a list item.

A space before ``: ; ! ?`` is made no-break only where the author wrote one: ``http://``,
``12:30``, ``::``, ``C:\\`` and ``a?b`` stay as they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from markdown_it.token import Token
from pygments.lexers import TextLexer, get_lexer_by_name
from pygments.token import Comment
from pygments.util import ClassNotFound

NBSP = "\u00a0"  # no-break space: before ':', inside « », between a number and its unit
NNBSP = "\u202f"  # narrow no-break space: before ';', '!' and '?'
SPACES = "[ \t\u00a0\u202f]"

# Units a number is kept with, as written in French technical text. Counted nouns ("8080
# ports", "3 chapitres") are not units and keep an ordinary space.
UNITS = (
    # time
    "ns", "µs", "μs", "ms", "s", "min", "h", "j", "secondes?", "minutes?", "heures?", "jours?",
    "semaines?", "mois", "ans?",
    # data and rates (French and English abbreviations; binary prefixes)
    "o", "octets?", "bits?", "[kKMGTP]o", "[KMGT]io", "[kKMGTP]B", "[KMGT]iB", "[kKMGT]b",
    "[kKMGT]bits?", "[kKMGT]bps",
    # frequency, length, temperature, percentages, money
    "Hz", "[kMG]Hz", "mm", "cm", "m", "km", "px", "pt", "°C", "%", "‰", "€", r"\$",
)
_UNIT = re.compile(rf"(?<![\w.,])(\d+(?:[.,]\d+)?){SPACES}+((?:{'|'.join(UNITS)})(?:/s)?)"
                   r"(?![\w'’/])")
_SIGN = re.compile(rf"([≈~≤≥<>±×]){SPACES}+(?=\d)")
# An ordinary space the author wrote before the sign, and the sign ending a word or a sentence.
_BEFORE_COLON = re.compile(rf"{SPACES}+:(?=$|\s|[)\]»\"”’.,…])")
_BEFORE_SIGN = re.compile(rf"{SPACES}+([;!?])(?=$|\s|[;!?)\]»\"”’.,…])")
_OPEN_QUOTE = re.compile(rf"«{SPACES}*")
_CLOSE_QUOTE = re.compile(rf"{SPACES}*»")
_SPACED_HYPHEN = re.compile(r"(?<=\S) (?=-\s)")


def french_spacing(text: str) -> str:
    """``text`` with French no-break spaces (see the module's docstring)."""
    text = _BEFORE_COLON.sub(NBSP + ":", text)
    text = _BEFORE_SIGN.sub(lambda m: NNBSP + m.group(1), text)
    text = _OPEN_QUOTE.sub("«" + NBSP, text)
    text = _CLOSE_QUOTE.sub(NBSP + "»", text)
    text = _UNIT.sub(lambda m: m.group(1) + NBSP + m.group(2), text)
    text = _SPACED_HYPHEN.sub(NBSP, text)
    return _SIGN.sub(lambda m: m.group(1) + NBSP, text)


def glues_to_previous(text: str) -> bool:
    """Whether ``text`` starts with a sign French keeps on the previous line (after a soft
    line break in the source: ``mot`` / ``: suite``)."""
    return bool(re.match(r"[;:!?»](?=$|\s|[;!?)\]»\"”’.,…])", text))


def french_lang(lang: str) -> bool:
    return lang.split("-")[0].lower() == "fr"


# --- hyphenation guards -------------------------------------------------------------------

@dataclass(frozen=True)
class Piece:
    """A run of text; ``guard`` says how it is kept: "" (free), "word" (never hyphenated),
    "whole" (never hyphenated nor broken at its hyphens or slashes), or a language tag for a
    quotation in another language (never hyphenated either)."""

    text: str
    guard: str = ""
    parts: tuple[Piece, ...] = ()  # a quotation's own pieces (its names)


# A word as a reader sees it: letters, digits and the signs that hold names together
# (CRI-O, kubernetes/cri-api, io.containerd.runc.v2, --root), without trailing punctuation.
_WORD = re.compile(r"(?<![\w\-])-{0,2}\w(?:[\w\-./]*\w)?")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff\d_'’]+")
_QUOTED = re.compile(r"«[^«»]{3,}»|“[^“”]{3,}”|\"[^\"]{3,}\"")
_EN = {"the", "of", "and", "to", "is", "are", "has", "have", "been", "be", "should", "this",
       "that", "with", "via", "for", "by", "it", "not", "was", "will", "can", "from", "on",
       "must", "may", "you", "your", "an", "or", "set", "into", "its", "which", "when"}
_FR = {"le", "la", "les", "des", "du", "un", "une", "et", "est", "de", "que", "qui", "pour",
       "dans", "sur", "pas", "ne", "ce", "il", "elle", "on", "se", "au", "aux", "en", "sont"}
# handout.css's hyphenate-limit-chars: a shorter word is never hyphenated, so never wrapped.
HYPHENATE_MIN = 7
WHOLE_LENGTH = 32  # a name longer than this may still break at its hyphens (a line is ~85)


def guarded(text: str, names: frozenset[str]) -> list[Piece]:
    """``text`` cut into pieces, each with how it must be kept (``Piece.guard``); ``names``
    (lower case) are the words never hyphenated: the course's code names and its list."""
    pieces: list[Piece] = []
    start = 0
    for quote in _QUOTED.finditer(text):
        if _is_english(quote.group()):
            pieces += _words(text[start:quote.start()], names)
            pieces.append(Piece(quote.group(), "en", tuple(_words(quote.group(), names))))
            start = quote.end()
    return pieces + _words(text[start:], names)


def _is_english(quoted: str) -> bool:
    """A quotation in English: English words and no French one (a short quotation without
    a French word or letter, such as « Getting started », counts as English too)."""
    words = [w.lower() for w in re.findall(r"\w+", quoted)]
    if any(w in _FR for w in words):
        return False
    short = len(words) <= 3 and not re.search(r"[À-ÿŒœ]", quoted)
    return short or sum(w in _EN for w in words) >= 2


def _words(text: str, names: frozenset[str]) -> list[Piece]:
    pieces: list[Piece] = []
    start = 0
    for match in _WORD.finditer(text):
        guard = word_guard(match.group(), names)
        if guard:
            if match.start() > start:
                pieces.append(Piece(text[start:match.start()]))
            pieces.append(Piece(match.group(), guard))
            start = match.end()
    if start < len(text):
        pieces.append(Piece(text[start:]))
    return _merged(pieces)


def _merged(pieces: list[Piece]) -> list[Piece]:
    """Kept words joined with the text between them when no word there could be hyphenated:
    one span for ``Kubernetes, containerd et kubelet`` (each span costs the layout)."""
    merged: list[Piece] = []
    for piece in pieces:
        if len(merged) > 1 and piece.guard == "word" and merged[-1].guard == "" and \
                merged[-2].guard == "word" and not _hyphenable(merged[-1].text):
            gap = merged.pop()
            merged[-1] = Piece(merged[-1].text + gap.text + piece.text, "word")
        elif merged and piece.guard == "word" and merged[-1].guard == "word":
            merged[-1] = Piece(merged[-1].text + piece.text, "word")
        else:
            merged.append(piece)
    return merged


def _hyphenable(text: str) -> bool:
    return any(len(word) >= HYPHENATE_MIN for word in re.findall(r"\w+", text))


def word_guard(word: str, names: frozenset[str]) -> str:
    """How a word is kept: "" when French hyphenation may cut it."""
    if len(word) < HYPHENATE_MIN and "-" not in word:
        return ""  # too short to be hyphenated anyway
    named = _is_name(word, names)
    joined = word.startswith("-") or re.search(r"\w[-/]\w", word)  # --root, CRI-O, a/b
    if named and joined and len(word) <= WHOLE_LENGTH:
        return "whole"
    return "word" if named else ""


def _is_name(word: str, names: frozenset[str]) -> bool:
    """Options, names (a capital letter: proper nouns, acronyms, CamelCase; French typography
    does not cut proper nouns), words with digits, underscores, dots or slashes, words in
    another script, loanwords (a ``k`` or ``w``, letters French words borrow: kaniko,
    loopback), and the course's code names."""
    lower = word.lower()
    return (word.startswith("-") or any(c.isupper() for c in word) or bool(set("kw") & set(lower))
            or bool(re.search(r"[\d_./]", word)) or not _LATIN.fullmatch(word.replace("-", ""))
            or lower in names or lower.rstrip("s") in names
            or any(part in names for part in lower.split("-") if len(part) > 3))


# --- names the course uses in code ---------------------------------------------------------

_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_\-]*[A-Za-z0-9]")


def code_names(tokens: Iterable[Token]) -> set[str]:
    """The words of every code span and code block in ``tokens`` (comments left out: they
    are prose), lower case: names a reader meets in code, never hyphenated in the text."""
    names: set[str] = set()
    for token in _walk(tokens):
        if token.type == "code_inline":
            names.update(_identifiers(token.content))
        elif token.type in ("fence", "code_block") and not token.info.startswith("mermaid"):
            names.update(_identifiers(_code_without_comments(token.content, token.info)))
    return names


def _walk(tokens: Iterable[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)


def _identifiers(code: str) -> set[str]:
    found: set[str] = set()
    for word in _IDENTIFIER.findall(code):
        found.add(word.lower())
        found.update(part.lower() for part in re.split(r"[-_]", word) if len(part) > 3)
    return {word for word in found if len(word) > 3}


def _code_without_comments(code: str, info: str) -> str:
    try:
        lexer = get_lexer_by_name(info.strip().split(" ")[0]) if info.strip() else TextLexer()
    except ClassNotFound:
        lexer = TextLexer()
    return " ".join(text for kind, text in lexer.get_tokens(code) if kind not in Comment)
