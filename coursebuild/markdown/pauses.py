"""Pandoc's and Quarto's pause: a line that is only ``. . .`` (three dots, single spaces); it
ends a paragraph it follows (Pandoc would read it as the paragraph's text, which no author
means).
On a slide, what follows it comes at the next click: ``with_pauses`` wraps each stretch after a
pause in a reveal.js fragment. A pause inside a list or a quote, and one in the speaker notes,
shows nothing (Pandoc honours a slide's own pauses only); on paper the fragments are shown."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token

PAUSE = ". . ."
STOPS_AT = ("footnotes_open",)  # the slide's footnotes (footnotes.py) are never held back


def pauses_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before("paragraph", "pause", _pause, {"alt": ["paragraph"]})
    md.add_render_rule("pause", _nothing)
    md.add_render_rule("pause_open", _pause_open)
    md.add_render_rule("pause_close", _pause_close)


def _pause(state: StateBlock, startLine: int, endLine: int, silent: bool) -> bool:
    if state.sCount[startLine] - state.blkIndent >= 4:
        return False
    start = state.bMarks[startLine] + state.tShift[startLine]
    if state.src[start:state.eMarks[startLine]].rstrip() != PAUSE:
        return False
    if not silent:
        token = state.push("pause", "", 0)
        token.map = [startLine, startLine + 1]
        token.markup = PAUSE
        state.line = startLine + 1
    return True


def with_pauses(tokens: list[Token]) -> list[Token]:
    """A slide body's tokens with what follows each of its own pauses wrapped in a fragment,
    up to the next pause or the slide's footnotes."""
    out: list[Token] = []
    opened = False
    for token in tokens:
        if token.level == 0 and opened and (token.type == "pause" or token.type in STOPS_AT):
            _close(out)
            opened = False
        out.append(token)
        if token.type == "pause" and token.level == 0:
            out.append(Token("pause_open", "div", 1, block=True, attrs={"class": "fragment pause"}))
            opened = True
    if opened:
        _close(out)
    return out


def _close(out: list[Token]) -> None:
    """Close the open fragment; one with nothing in it (a pause ending the slide) is dropped."""
    if out[-1].type == "pause_open":
        out.pop()
    else:
        out.append(Token("pause_close", "div", -1, block=True))


def _nothing(self: object, tokens: list[Token], idx: int, options: object, env: dict) -> str:
    return ""


def _pause_open(self: object, tokens: list[Token], idx: int, options: object, env: dict) -> str:
    return '<div class="fragment pause">\n'


def _pause_close(self: object, tokens: list[Token], idx: int, options: object, env: dict) -> str:
    return "</div>\n"
