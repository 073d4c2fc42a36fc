"""``✅ item`` lines: a paragraph whose every line starts with a check mark, or a bullet list
whose every item is one such line, becomes a checklist (its marks are its markers)."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

MARKS = ("✅", "☑️", "✔️", "❌", "⬜", "🔲")


def checklist_plugin(md: MarkdownIt) -> None:
    md.core.ruler.before("inline", "checklist", _find_checklists)
    md.core.ruler.after("checklist", "checklist_bullets", _merge_check_bullets)


def _find_checklists(state: StateCore) -> None:
    tokens = state.tokens
    i = 0
    while i < len(tokens) - 2:
        if tokens[i].type == "paragraph_open" and _is_checklist(tokens[i + 1].content):
            replacement = _as_list(tokens[i + 1], tokens[i].level)
            tokens[i : i + 3] = replacement
            i += len(replacement)
        else:
            i += 1


def _is_checklist(content: str) -> bool:
    lines = [line.strip() for line in content.splitlines()]
    return bool(lines) and all(line.startswith(MARKS) for line in lines)


def _as_list(inline: Token, level: int) -> list[Token]:
    first = inline.map[0] if inline.map else 0
    opening = Token("bullet_list_open", "ul", 1, attrs={"class": "checklist"}, map=inline.map,
                    level=level, block=True)
    out = [opening]
    for n, line in enumerate(inline.content.splitlines()):
        line_map = [first + n, first + n + 1]
        out += [
            Token("list_item_open", "li", 1, map=line_map, block=True),
            Token("paragraph_open", "p", 1, map=line_map, block=True, hidden=True),
            Token("inline", "", 0, content=line.strip(), map=line_map, children=[]),
            Token("paragraph_close", "p", -1, block=True, hidden=True),
            Token("list_item_close", "li", -1, block=True),
        ]
    out.append(Token("bullet_list_close", "ul", -1, block=True))
    return out


def _merge_check_bullets(state: StateCore) -> None:
    """A bullet list whose every item is one ``✅ …`` line is a checklist, as a paragraph of
    such lines is: its marks are its markers. (The rule above makes each item's line a checklist
    of its own, nested in the bullet: a bullet and a mark. One list is made of them.)"""
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type != "bullet_list_open":
            continue
        items = _items(tokens, i)
        if items and all(_is_one_check(tokens[start:end]) for start, end in items):
            token.attrSet("class", "checklist")
            for start, end in reversed(items):  # each item keeps its line, not the inner list
                line = tokens[start + 2 : start + 5]  # the paragraph of the inner list's item
                for inner, level in zip(line, (2, 3, 2), strict=True):
                    inner.level = token.level + level
                tokens[start:end] = line


def _items(tokens: list[Token], opening: int) -> list[tuple[int, int]]:
    """Where each item of the list opened at ``opening`` begins and ends, inside its own
    open and close (nesting is counted: the checklist plugin's levels are not)."""
    items: list[tuple[int, int]] = []
    depth = 0
    for i in range(opening + 1, len(tokens)):
        if depth == 0 and tokens[i].type == "list_item_open":
            start = i + 1
        elif depth == 1 and tokens[i].type == "list_item_close":
            items.append((start, i))
        depth += tokens[i].nesting
        if depth < 0:
            break
    return items


def _is_one_check(item: list[Token]) -> bool:
    """An item that holds a checklist of one line, and nothing else."""
    return (len(item) == 7 and item[0].type == "bullet_list_open"
            and item[0].attrGet("class") == "checklist" and item[3].type == "inline")
