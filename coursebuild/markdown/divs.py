"""Pandoc's fenced divs (Pandoc, Quarto): ``::: columns``, ``::: {.column width="40%"}``.

An opening fence is a line of three or more colons and attributes: one bare word (a class) or
a braced list (``{#id .class key="value"}``), optionally followed by more colons. A line of
colons alone closes the innermost open div, whatever its count of colons (Pandoc's rule: only
an opening fence carries attributes). A div not closed ends where the list or quote it is in
ends, or the chapter does. Slides: a slide heading (``#`` to ``###``) inside a closed div stays
inside it, as in Pandoc (Quarto's ``### Pour`` atop a column); a div not closed ends at its
first one (and so does every div not closed around it), so that a forgotten ``:::`` cannot
swallow the slides that follow. A ``Note:`` paragraph written right in a div ends it there:
speaker notes are never shown on a slide. Divs not closed, a ``:::`` that closes nothing,
attributes left out and unreadable ones are reported by ``div_warnings`` (``check``); nothing
is printed as text.

What a div carries (``html.py`` renders it per audience; ``parsing.py`` moves notes):
``columns``/``column`` (side by side), ``incremental``/``nonincremental`` (list items as
fragments), ``notes`` (the slide's speaker notes), ``fragment`` (the whole div one fragment,
with reveal.js's fragment styles), ``callout-KIND`` (converted here to our callout of that kind,
``title`` and Quarto's ``collapse`` kept). Any other class is a ``<div>`` with that class.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from .attributes import read_items
from .blocks import NOTE_PREFIXES, SLIDE_HEADINGS
from .callouts import AUDIENCE_KINDS, KIND, Callout

COLUMNS, COLUMN = "columns", "column"
INCREMENTAL, NONINCREMENTAL = "incremental", "nonincremental"
NOTES, FRAGMENT = "notes", "fragment"
CALLOUT_PREFIX = "callout-"
# The attributes a div keeps, by the class that gives them a meaning; every other is dropped
KEPT_ATTRIBUTES = {COLUMN: ("width",), CALLOUT_PREFIX: ("title", "collapse")}
# A column's width: a percentage of the row (Pandoc, Quarto), or a length in px or em
WIDTH = re.compile(r"(\d{1,4}(?:\.\d{1,3})?)(%|px|em)")
# Tokens rendered otherwise in the speaker notes (``parsing.py`` marks them there)
NOTES_AWARE = ("list_item_open", "div_open")

_FENCE = re.compile(r":{3,}")
@dataclass(frozen=True)
class Div:
    """What an opening fence says (kept on its ``div_open`` token, and on the callout made of
    it)."""

    classes: tuple[str, ...]
    ident: str = ""  # ``#id``: dropped (reported)
    attributes: tuple[tuple[str, str], ...] = ()  # key=value pairs, in order
    line: int = 0  # the fence's line (1-based)
    unreadable: str = ""  # attribute text that could not be read (reported, dropped)

    def has(self, name: str) -> bool:
        return name in self.classes

    def get(self, key: str) -> str | None:
        return next((value for k, value in reversed(self.attributes) if k == key), None)

    @property
    def callout_kind(self) -> str | None:
        """``callout-tip`` -> ``tip``: the first callout class, if any."""
        for name in self.classes:
            kind = name.removeprefix(CALLOUT_PREFIX).lower()
            if name.startswith(CALLOUT_PREFIX) and KIND.fullmatch(kind):
                return kind
        return None

    @property
    def fence(self) -> str:
        """The fence as an author would recognise it in a message."""
        return "::: " + (self.classes[0] if self.classes else "{…}")


@dataclass(frozen=True)
class DivEnd:
    """Where and why a div ended (kept on its closing token)."""

    line: int  # 1-based: the closing fence, or the first line after the div
    how: str  # "fence"; "slide": a heading or notes cut it; "end": its container ended


@dataclass
class _Frame:
    """An open div while the block parser is inside it."""

    div: Div
    level: int  # the block level of its content (1: a div of the chapter's top level)
    end: DivEnd | None = None
    resume: int = 0  # the line the parser goes on from after it
    heading_line: int | None = None  # 0-based: its first slide heading, directly inside


@dataclass(frozen=True)
class Fence:
    """A fence line: closing (colons alone) or opening (with its attributes)."""

    closing: bool
    attributes: str = ""


def divs_plugin(md: MarkdownIt) -> None:
    """Before ``bounds_plugin`` (whose rule must stay first) and after ``callouts_plugin``."""
    md.block.ruler.before("fence", "div", _div_rule,
                          {"alt": ["paragraph", "reference", "blockquote", "list"]})
    md.core.ruler.before("inline", "div_callouts", _callouts_from_divs)


def read_fence(line: str) -> Fence | None:
    """``line`` (indentation removed) as a fence, or None. Pandoc's attributes: a braced list,
    or one bare word; colons may follow them; anything else after a bare word is no fence."""
    found = _FENCE.match(line)
    if found is None:
        return None
    rest = line[found.end() :].strip()
    if not rest:
        return Fence(True)
    rest = rest.rstrip(":").rstrip()
    if rest.startswith("{"):
        return Fence(False, rest)
    return Fence(False, rest) if len(rest.split()) == 1 else None


def parse_attributes(text: str, line: int = 0) -> Div:
    """A fence's attributes: ``word`` (a class) or ``{#id .class key=value key="value"}``, read
    by the scanner that reads an image's and a code fence's (``attributes.read_items``); what
    does not read is kept for the warning."""
    if not text.startswith("{"):
        return Div((text,), line=line)
    if not text.endswith("}"):
        return Div((), line=line, unreadable=text)
    inner = text[1:-1]
    read, stop = read_items(inner, 0, len(inner))
    return Div(read.classes, read.identifier, read.pairs, line, inner[stop:].strip())


def div_of(token: Token) -> Div | None:
    """The div a ``div_open`` (or a callout made of one) opens."""
    found = (token.meta or {}).get("div")
    return found if isinstance(found, Div) else None


def div_end(token: Token) -> DivEnd | None:
    found = (token.meta or {}).get("div_end")
    return found if isinstance(found, DivEnd) else None


# --- block rule -------------------------------------------------------------------------------


def _open_frames(state: StateBlock) -> list[_Frame]:
    frames = state.env.get("_open_divs")
    if not isinstance(frames, list):
        frames = state.env["_open_divs"] = []
    return frames


def _line_text(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


def _div_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    first = state.bMarks[start] + state.tShift[start]
    if state.src[first : first + 1] != ":" and not state.env.get("_open_divs"):
        return False  # the common case, asked at every line of every paragraph
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    frames = _open_frames(state)
    fence = read_fence(_line_text(state, start))
    if fence is None:
        return not silent and _cut_for_slide(state, start, end, frames)
    if silent:
        return True  # a fence ends the paragraph, list or quote it would continue
    if not fence.closing:
        return _open_div(state, start, end, parse_attributes(fence.attributes, start + 1))
    if frames and frames[-1].level == state.level:
        frames[-1].end, frames[-1].resume = DivEnd(start + 1, "fence"), start + 1
        state.line = end  # ends the open div's own tokenize
        return True
    stray = state.push("div_stray", "", 0)  # closes nothing here: reported, never printed
    stray.map, stray.hidden, stray.markup = [start, start + 1], True, ":::"
    state.line = start + 1
    return True


def _open_div(state: StateBlock, start: int, end: int, div: Div) -> bool:
    frames = _open_frames(state)
    opening = state.push("div_open", "div", 1)
    opening.map, opening.markup, opening.meta = [start, start + 1], ":::", {"div": div}
    at = len(state.tokens) - 1
    frame = _Frame(div, state.level)
    frames.append(frame)
    try:
        state.md.block.tokenize(state, start + 1, end)
    finally:
        frames.pop()
    unclosed = frame.end is None or frame.end.how != "fence"
    if unclosed and frame.heading_line is not None and \
            _end_before_heading(state.tokens, at, frame.heading_line):
        if frames and frames[-1].level == frame.level - 1 and frames[-1].heading_line is None:
            frames[-1].heading_line = frame.heading_line  # now right inside the div around
        state.line = frame.resume if frame.end else state.line
        state.level = opening.level  # as pushing the closing token would have set it
        opening.map = [start, frame.heading_line]
        return True
    if frame.end is None:  # its list, quote or chapter ended first
        frame.end, frame.resume = DivEnd(state.line + 1, "end"), max(state.line, start + 1)
    closing = state.push("div_close", "div", -1)
    closing.markup, closing.meta = ":::", {"div_end": frame.end}
    state.line = frame.resume
    opening.map = [start, state.line]
    return True


def _end_before_heading(tokens: list[Token], opening: int, line: int) -> bool:
    """The div opened at ``opening`` closed right before the heading at ``line``: what follows
    is outside it (one level up). False if no heading was made of that line."""
    level = tokens[opening].level
    at = next((i for i in range(opening + 1, len(tokens)) if tokens[i].type == "heading_open"
               and tokens[i].level == level + 1 and (tokens[i].map or [-1])[0] == line), None)
    if at is None:
        return False
    for token in tokens[at:]:
        token.level -= 1
    tokens.insert(at, Token("div_close", "div", -1, level=level, block=True, markup=":::",
                            meta={"div_end": DivEnd(line + 1, "slide")}))
    return True


def _cut_for_slide(state: StateBlock, start: int, end: int, frames: list[_Frame]) -> bool:
    """A ``Note:`` paragraph right inside a div of the chapter's top level ends it there (the
    div around it re-reads the line and ends as well): notes are never on the slide; in a
    callout it is the callout's text, as in ``> [!note]``. A slide heading there is
    remembered: it stays inside a div that is closed (Pandoc: no slide starts inside a div),
    and ends one that is not (``_open_div``). A callout's first heading is its title (Quarto)."""
    if not frames or frames[0].level != 1 or frames[-1].level != state.level:
        return False
    text = _line_text(state, start)
    hashes = len(text) - len(text.lstrip("#"))
    if f"h{hashes}" in SLIDE_HEADINGS and text[hashes : hashes + 1] in ("", " ", "\t"):
        title = frames[-1].div.callout_kind and state.tokens[-1].type == "div_open"
        if not title and frames[-1].heading_line is None:
            frames[-1].heading_line = start
        return False
    if not text.startswith(NOTE_PREFIXES) or \
            any(frame.div.has(NOTES) or frame.div.callout_kind for frame in frames):
        return False
    frames[-1].end, frames[-1].resume = DivEnd(start + 1, "slide"), start
    state.line = end
    return True


# --- callouts ---------------------------------------------------------------------------------


def _callouts_from_divs(state: StateCore) -> None:
    """``::: {.callout-tip title="…"}`` becomes the callout ``> [!tip] …`` would be: the same
    tokens, so that answers, audiences and folds work as for any callout."""
    tokens = state.tokens
    if not any(t.type == "div_open" for t in tokens):
        return
    out: list[Token] = []
    opened: list[bool] = []  # per open div: made a callout
    for index, token in enumerate(tokens):
        if token.type == "div_close":
            if opened.pop():
                token.type, token.tag = "blockquote_close", "blockquote"
            out.append(token)
            continue
        out.append(token)
        div = div_of(token) if token.type == "div_open" else None
        if token.type == "div_open":
            opened.append(div is not None and div.callout_kind is not None)
        if div is not None and div.callout_kind is not None:
            out += _as_callout(token, div, div.callout_kind, tokens, index)
    state.tokens = _without_title_headings(out)


def _as_callout(token: Token, div: Div, kind: str, tokens: list[Token],
                index: int) -> list[Token]:
    """The title tokens after ``token``, made a callout's ``blockquote_open``."""
    title = div.get("title") or ""
    heading = _title_heading(tokens, index)
    if not title and heading is not None:
        title = heading.content
        heading.meta = {**(heading.meta or {}), "callout_title": True}
    collapse = (div.get("collapse") or "").lower()
    fold = "-" if collapse == "true" else "+" if collapse == "false" else ""
    token.type, token.tag, token.markup = "blockquote_open", "blockquote", ">"
    token.attrs = {"class": f"callout callout-{kind}"}
    token.meta = {**token.meta, "callout": Callout(kind, fold, bool(title))}
    shown = title or ("" if kind in AUDIENCE_KINDS else kind.capitalize())
    if not shown:
        return []
    level = token.level + 1
    return [Token("callout_title_open", "p", 1, attrs={"class": "callout-title"}, level=level),
            Token("inline", "", 0, content=shown, map=token.map, children=[], level=level + 1),
            Token("callout_title_close", "p", -1, level=level)]


def _title_heading(tokens: list[Token], index: int) -> Token | None:
    """The inline of a heading that opens a callout div right away (Quarto's title)."""
    if index + 2 < len(tokens) and tokens[index + 1].type == "heading_open":
        return tokens[index + 2]
    return None


def _without_title_headings(tokens: list[Token]) -> list[Token]:
    """The headings made callout titles, taken out (they are the title now)."""
    out: list[Token] = []
    skip = 0
    for i, token in enumerate(tokens):
        if skip:
            skip -= 1
            continue
        if token.type == "heading_open" and i + 1 < len(tokens) and \
                (tokens[i + 1].meta or {}).get("callout_title"):
            skip = 2
            continue
        out.append(token)
    return out


# --- what the parser and the renderer ask -----------------------------------------------------


def take_notes(block: list[Token]) -> tuple[list[Token], list[Token]]:
    """``block`` without its ``::: notes`` divs, and their content (the speaker's)."""
    if not any(t.type == "div_open" and _is_notes(t) for t in block):
        return block, []
    kept: list[Token] = []
    notes: list[Token] = []
    depth = 0  # inside a notes div: its depth in divs
    for token in block:
        if depth:
            depth += 1 if token.type == "div_open" else -1 if token.type == "div_close" else 0
            if depth:
                notes.append(token)
        elif token.type == "div_open" and _is_notes(token):
            depth = 1
        else:
            kept.append(token)
    return kept, notes


def _is_notes(token: Token) -> bool:
    div = div_of(token)
    return div is not None and div.has(NOTES)


@dataclass
class DivContext:
    """What the renderer knows of the divs around a token (in ``env``)."""

    closings: list[tuple[str, bool]] = field(default_factory=list)  # (HTML, says incremental)
    incremental: list[bool] = field(default_factory=list)  # per div that says, innermost last


def div_context(env: dict) -> DivContext:
    found = env.get("divs")
    if not isinstance(found, DivContext):
        found = env["divs"] = DivContext()
    return found


def open_html(div: Div, context: DivContext, *, fragments: bool) -> str:
    """The HTML that opens ``div``; ``fragments``: on a slide (not in its speaker notes). A
    notes div met here (in the notes already) is its content alone."""
    says = div.has(INCREMENTAL) or div.has(NONINCREMENTAL)
    if says:
        context.incremental.append(div.has(INCREMENTAL) and not div.has(NONINCREMENTAL))
    context.closings.append(("" if div.has(NOTES) else "</div>\n", says))
    if div.has(NOTES):
        return ""
    classes = [name for name in div.classes if fragments or name != FRAGMENT]
    style = _width_style(div) if div.has(COLUMN) else ""
    class_attr = f' class="{_escape(" ".join(classes))}"' if classes else ""
    return f"<div{class_attr}{style}>\n"


def close_html(context: DivContext) -> str:
    closing, says = context.closings.pop() if context.closings else ("</div>\n", False)
    if says and context.incremental:
        context.incremental.pop()
    return closing


def items_are_fragments(context: DivContext, default: bool) -> bool:
    """Whether a list item is a fragment: as the innermost ``incremental`` or
    ``nonincremental`` div around it says, else ``default`` (``slides.incremental``)."""
    return context.incremental[-1] if context.incremental else default


def column_width(div: Div) -> str | None:
    """A column's valid width (``40%``, ``300px``, ``12em``), or None."""
    width = (div.get("width") or "").strip()
    found = WIDTH.fullmatch(width)
    if found is None or not 0 < float(found[1]) <= (100 if found[2] == "%" else 10_000):
        return None
    return width


def _width_style(div: Div) -> str:
    width = column_width(div)
    return f' style="flex: 0 1 {width}"' if width else ""


def _escape(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#x27;"))


# --- check ------------------------------------------------------------------------------------


def div_warnings(tokens: list[Token]) -> list[tuple[int, str]]:
    """(line, message) for each div not closed, ``:::`` that closes nothing, and attribute left
    out, in the order of the chapter."""
    found: list[tuple[int, str]] = []
    opened: list[Div] = []
    for token in tokens:
        div = div_of(token)
        if div is not None:
            opened.append(div)
            found += _attribute_warnings(div)
        elif token.type == "div_stray":
            found.append(((token.map or [0])[0] + 1, "':::' closes no open div: left out "
                          "(a line of colons alone closes the innermost open div)"))
        end = div_end(token)
        if end is not None and opened:
            found += _end_warning(opened.pop(), end)
    return sorted(found, key=lambda item: item[0])


def _end_warning(div: Div, end: DivEnd) -> list[tuple[int, str]]:
    if end.how == "fence":
        return []
    where = (f"it ends at line {end.line}, where a new slide or the speaker notes start "
             "(a div not closed never spans slides)") if end.how == "slide" else \
        "it ends where the list, quote or chapter it is in ends"
    return [(div.line, f"'{div.fence}' is not closed by a line of ':::': {where}")]


def _attribute_warnings(div: Div) -> list[tuple[int, str]]:
    kept = KEPT_ATTRIBUTES[COLUMN] if div.has(COLUMN) else ()
    kept += KEPT_ATTRIBUTES[CALLOUT_PREFIX] if div.callout_kind else ()
    dropped = [f"#{div.ident}"] if div.ident else []
    dropped += [key for key, _ in div.attributes if key not in kept]
    found = []
    if dropped:
        keeps = "; only width on a column and title or collapse on a callout are kept"
        found.append((div.line, f"'{div.fence}': {', '.join(dropped)} left out{keeps}"))
    if div.unreadable:
        found.append((div.line, f"'{div.fence}': unreadable attributes "
                      f"'{div.unreadable[:60]}' left out (write {{#id .class key=\"value\"}})"))
    if div.has(COLUMN) and div.get("width") is not None and column_width(div) is None:
        found.append((div.line, f"column width '{(div.get('width') or '')[:40]}' left out: write a "
                      "percentage such as width=\"40%\" (or px, em)"))
    return found
