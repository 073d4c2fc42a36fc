"""Obsidian wiki-links: ``[[target]]``, ``[[target|label]]``, ``[[target#heading|label]]``,
and embeds ``![[file.png]]``."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

CLOSE = re.compile(r"\]\]|[\[\n]")  # what ends a target: ]] or, refusing it, [ or a newline


def wikilinks_plugin(md: MarkdownIt) -> None:
    """Adds ``wikilink`` and ``wikiembed`` inline tokens; targets are resolved later."""
    md.inline.ruler.before("link", "wikilink", _wikilink)


def _wikilink(state: StateInline, silent: bool) -> bool:
    start = state.pos
    embed = state.src.startswith("![[", start)
    opener = start + 1 if embed else start
    if not state.src.startswith("[[", opener):
        return False
    # A target holds no [ and no line break: the search stops at the first, so that a line of
    # [[[[ is scanned once, not once for each [[ (which was quadratic).
    end = CLOSE.search(state.src, opener + 2)
    if end is None or end.group() != "]]":
        return False
    inner = state.src[opener + 2 : end.start()]
    if not inner.strip():
        return False
    if not silent:
        _push(state, inner, embed)
    state.pos = end.end()
    return True


def _push(state: StateInline, inner: str, embed: bool) -> None:
    target, _, label = inner.partition("|")
    page, _, heading = target.partition("#")
    token = state.push("wikiembed" if embed else "wikilink", "", 0)
    token.content = inner
    token.meta = {
        "target": page.strip(),
        "heading": heading.strip(),
        "label": label.strip(),
        "raw": f"{'!' if embed else ''}[[{inner}]]",
    }
