"""``- [ ]`` / ``- [x]`` task lists (GitHub, Obsidian): mdit-py-plugins' tasklists, its
checkbox drawn as a box of the course's own, never raw HTML (which a course shows as text)."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import OptionsDict
from mdit_py_plugins.tasklists import tasklists_plugin

WORDS = {"fr": ("fait", "à faire"), "en": ("done", "to do")}


def tasks_plugin(md: MarkdownIt) -> None:
    md.use(tasklists_plugin)
    md.core.ruler.after("github-tasklists", "task_boxes", _as_boxes)
    md.add_render_rule("task_box", _render_box)


def _as_boxes(state: StateCore) -> None:
    """The plugin's ``<input>`` (an html_inline token) becomes a ``task_box`` token."""
    for token in state.tokens:
        if token.type != "inline" or not token.children:
            continue
        first = token.children[0]
        if first.type == "html_inline" and 'class="task-list-item-checkbox"' in first.content:
            token.children[0] = Token("task_box", "span", 0, map=token.map,
                                      meta={"checked": 'checked="checked"' in first.content})
            if len(token.children) > 1 and token.children[1].type == "text":
                token.children[1].content = token.children[1].content.lstrip(" ")


def _render_box(self: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict,
                env: dict) -> str:
    checked = bool(tokens[idx].meta.get("checked"))
    target = env.get("target")
    lang = getattr(target, "lang", "en") or "en"
    done, todo = WORDS.get(lang.split("-")[0].lower(), WORDS["en"])
    state = "checked" if checked else "unchecked"
    return (f'<span class="task-box {state}" role="img" '
            f'aria-label="{done if checked else todo}"></span>')
