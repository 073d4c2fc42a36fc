"""``$…$`` and ``$$…$$`` math (Pandoc, Obsidian, Quarto): mdit-py-plugins' dollarmath, with
Pandoc's rule so that prices and shell variables stay text: no space after the opening ``$``,
none before the closing one, and no digit right after it (``$5 and $10``, ``$HOME``).

Tokens: ``math_inline`` (``$a$``), ``math_inline_double`` (``$$a$$`` inside a paragraph, drawn
as display math) and ``math_block`` (``$$…$$`` on lines of their own); ``content`` is the
LaTeX. ``coursebuild/math_svg.py`` draws them."""

from __future__ import annotations

from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.dollarmath.index import math_inline_dollar

MATH_TOKENS = ("math_inline", "math_inline_double", "math_block")
DISPLAY_TOKENS = ("math_inline_double", "math_block")


def math_plugin(md: MarkdownIt) -> None:
    # No labels (``$$a$$ (eq1)`` is not Pandoc's) and no blank line inside ``$$`` (nor in
    # LaTeX): a stray ``$$`` never swallows the paragraphs after it.
    dollarmath_plugin(md, allow_labels=False, allow_space=False, allow_digits=False,
                      allow_blank_lines=False, double_inline=True)
    rule = math_inline_dollar(allow_space=False, allow_digits=False, allow_double=True)
    md.inline.ruler.at("math_inline", _outside_code(rule))


def _outside_code(rule: Callable[[StateInline, bool], bool]) -> Callable[[StateInline, bool], bool]:
    """``rule``, except that math never holds a backtick: a ``$`` in a code span never closes
    a formula (``$HOME … `$ ls` `` stays text and code), and TeX has no use for one."""

    def _math_inline(state: StateInline, silent: bool) -> bool:
        start = state.pos
        if not rule(state, True):  # silent: measures, pushes nothing (nor the pending text)
            return False
        end, state.pos = state.pos, start
        if "`" in state.src[start:end]:
            return False
        if silent:
            state.pos = end
            return True
        return rule(state, False)

    return _math_inline
