"""``✅ item`` lines: a paragraph whose every line starts with a check mark becomes a checklist."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

MARKS = ("✅", "☑️", "✔️", "❌", "⬜", "🔲")


def checklist_plugin(md: MarkdownIt) -> None:
    md.core.ruler.before("inline", "checklist", _find_checklists)


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
