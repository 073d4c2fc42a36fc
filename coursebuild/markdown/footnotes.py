"""Footnotes ``[^1]`` / ``[^1]: …`` and ``^[inline]`` (Pandoc, Obsidian, GitHub): parsed by
mdit-py-plugins' footnote plugin, then placed for slides. The plugin gathers every footnote at
the chapter's end; here each slide gets, at its end, the footnotes it refers to (the notes,
those their own text refers to), and each reference carries its footnote's text, which the
reading PDFs float to the page's foot (CSS ``float: footnote``, WeasyPrint).

Rendered: a reference is ``<sup class="footnote-ref">N</sup><span class="footnote">text</span>``
(the span hidden by theme.css, floated by handout.css; a repeated reference is a
``footnote-again`` link to the first one's spot); a slide's footnotes are
``<ol class="slide-footnotes">`` (hidden by handout.css, where they are at the page's foot)."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import OptionsDict
from mdit_py_plugins.footnote import footnote_plugin

from .blocks import NOTE_PREFIXES, SLIDE_HEADINGS


def footnotes_plugin(md: MarkdownIt) -> None:
    md.use(footnote_plugin)
    md.inline.ruler.after("footnote_ref", "footnote_missing", _missing_ref)
    md.core.ruler.after("footnote_tail", "slide_footnotes", _per_slide)
    md.add_render_rule("footnote_missing", _render_missing)
    md.add_render_rule("footnote_ref", _render_ref)
    md.add_render_rule("footnote_number", _render_number)


def number(token: Token) -> int:
    return int(token.meta["id"]) + 1


def _missing_ref(state: StateInline, silent: bool) -> bool:
    """``[^label]`` with no ``[^label]: …`` definition (the plugin's rule, before this one,
    took every defined one): kept as the text it is, as Pandoc does, and reported by ``check``
    (``links.resolve_course``) so the author sees the label they forgot to define."""
    src, pos = state.src, state.pos
    if not src.startswith("[^", pos):
        return False
    end = src.find("]", pos + 2)
    label = src[pos + 2 : end] if end > 0 else ""
    if not label or any(c.isspace() for c in label) or "[" in label:
        return False
    if not silent:
        state.push("footnote_missing", "", 0).content = src[pos : end + 1]
    state.pos = end + 1
    return True


def _render_missing(self: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict,
                    env: dict) -> str:
    return escapeHtml(tokens[idx].content)


def _per_slide(state: StateCore) -> None:
    bodies = _take_footnotes(state.tokens)
    if not bodies:
        return
    out: list[Token] = []
    pending: list[int] = []  # the footnotes referred to since the last slide boundary
    depth = 0
    for i, token in enumerate(state.tokens):
        if depth == 0 and _is_boundary(state.tokens, i):
            out += _block(pending, bodies)
            pending = []
        out.append(token)
        depth += token.nesting
        if token.type == "inline":
            for child in token.children or []:
                if child.type == "footnote_ref" and child.meta["id"] in bodies:
                    child.meta["body"] = [t for t in bodies[child.meta["id"]] if t.type == "inline"]
                    if child.meta["id"] not in pending:
                        pending.append(child.meta["id"])
    out += _block(pending, bodies)
    state.tokens = out


def _take_footnotes(tokens: list[Token]) -> dict[int, list[Token]]:
    """The plugin's footnote block, taken out of ``tokens``: each footnote's body by id."""
    start = next((i for i, t in enumerate(tokens) if t.type == "footnote_block_open"), None)
    if start is None:
        return {}
    end = next(i for i in range(start, len(tokens)) if tokens[i].type == "footnote_block_close")
    bodies: dict[int, list[Token]] = {}
    current: list[Token] = []
    for token in tokens[start + 1 : end]:
        if token.type == "footnote_open":
            current = bodies.setdefault(int(token.meta["id"]), [])
        elif token.type not in ("footnote_close", "footnote_anchor"):
            current.append(token)
    del tokens[start : end + 1]
    return bodies


def _is_boundary(tokens: list[Token], i: int) -> bool:
    token = tokens[i]
    if token.type == "hr" or (token.type == "heading_open" and token.tag in SLIDE_HEADINGS):
        return True
    if token.type == "paragraph_open" and i + 1 < len(tokens):
        children = tokens[i + 1].children or []
        return bool(children) and children[0].type == "text" and \
            children[0].content.startswith(NOTE_PREFIXES)
    return False


def _block(ids: list[int], bodies: dict[int, list[Token]]) -> list[Token]:
    if not ids:
        return []
    out = [Token("footnotes_open", "ol", 1, attrs={"class": "slide-footnotes"}, block=True)]
    for fid in ids:
        out += [Token("footnote_item_open", "li", 1, attrs={"class": "footnote-item"},
                      block=True),
                Token("footnote_number", "sup", 0, meta={"id": fid}),
                *bodies[fid],
                Token("footnote_item_close", "li", -1, block=True)]
    out.append(Token("footnotes_close", "ol", -1, block=True))
    return out


def _render_ref(self: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict,
                env: dict) -> str:
    token = tokens[idx]
    text = " ".join(self.renderInline(inline.children or [], options, env)
                    for inline in token.meta.get("body", []))
    call = f'<sup class="footnote-ref">{number(token)}</sup>'
    # On paper the text floats to the page's foot once; a repeated reference prints the number
    # WeasyPrint gave it (``target-counter`` of the spot right after the first one).
    spot = escapeHtml(f"{getattr(env.get('target'), 'anchor_prefix', '')}fn-{number(token)}")
    if token.meta.get("subId", 0):
        return f'{call}<a class="footnote-again" href="#{spot}"></a>'
    return (f'{call}<span class="footnote">{text}</span>'
            f'<span class="footnote-at" id="{spot}"></span>')



def _render_number(self: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict,
                   env: dict) -> str:
    return f'<sup class="footnote-number">{number(tokens[idx])}</sup>'
