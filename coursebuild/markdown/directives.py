"""reveal.js's markdown directives, HTML comments of one exact form that are settings, not text:
``<!-- .element: class="fragment" -->`` sets attributes on the element before it and
``<!-- .slide: data-background-color="#123456" -->`` on the slide it is in.

Only a whitelist is applied (fragments and their styles; a slide's background colour, image,
opacity and transition); anything else in a directive is recorded as a problem, which ``check``
reports at the directive's line, and ignored. Other HTML comments stay raw HTML.

Where an element directive applies, as reveal.js's markdown plugin places it:
- on its own line after a block: that block (a paragraph, a list, a table, a heading, a code
  block, a callout); first inside a list item or a quote: that item or quote;
- at the end of a paragraph, a list item's line or a heading line: that paragraph, item or
  heading (reveal.js would pick an inline element just before it, such as a code span: its
  issue #1663);
- in the middle of a line: the inline element just before it (an image, a code span, emphasis).
A block whose renderer writes its own tag (a code block, a callout, a slide's heading) is
wrapped in a ``div`` or ``span`` carrying the attributes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from tinycss2.color3 import parse_color

from ..config import COLOUR
from .blocks import SLIDE_HEADINGS

ELEMENT, SLIDE = "element_directive", "slide_directive"
DIRECTIVES = (ELEMENT, SLIDE)
_FORM = re.compile(r"<!--[ \t]*\.(element|slide)\b:?(.*?)-->", re.DOTALL)

# reveal.js's fragment styles (its reveal.css, 5.x)
FRAGMENT_STYLES = frozenset((
    "fade-out", "fade-up", "fade-down", "fade-left", "fade-right", "fade-in-then-out",
    "fade-in-then-semi-out", "semi-fade-out", "current-visible", "grow", "shrink", "strike",
    "zoom-in", "highlight-red", "highlight-green", "highlight-blue", "highlight-current-red",
    "highlight-current-green", "highlight-current-blue"))
TRANSITIONS = ("none", "fade", "slide", "convex", "concave", "zoom")
SLIDE_ATTRIBUTES = ("data-background-color", "data-background-image",
                    "data-background-opacity", "data-transition")
# Blocks whose renderer writes the token's attributes: the attributes go on the element itself.
_OWN_ATTRIBUTES = ("paragraph_open", "bullet_list_open", "ordered_list_open", "list_item_open",
                   "table_open", "tr_open", "th_open", "td_open", "heading_open")


@dataclass(frozen=True)
class Directive:
    """One directive: what it applies (checked) and what it ignores, and why."""

    kind: str  # "element" or "slide"
    attrs: tuple[tuple[str, str], ...]
    problems: tuple[str, ...] = ()


@dataclass
class Wrap:
    """Attributes for a block the renderer writes itself: ``with_wrappers`` puts it in a div."""

    attrs: dict[str, str] = field(default_factory=dict)
    opens: bool = False  # the token opens the wrapped block
    closes: bool = False  # the token closes it (both for a single-token block)


def directive(token: Token) -> Directive | None:
    found = (token.meta or {}).get("directive")
    return found if isinstance(found, Directive) else None


def _wrap(token: Token) -> Wrap | None:
    found = (token.meta or {}).get("directive_wrap")
    return found if isinstance(found, Wrap) else None


def directives_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("directives", _apply_directives)
    for kind in DIRECTIVES:
        md.add_render_rule(kind, lambda self, tokens, idx, options, env: "")


def parse_directive(html: str) -> Directive | None:
    """The directive an HTML comment is, or None for any other HTML."""
    found = _FORM.fullmatch(html.strip())
    if found is None:
        return None
    kind = found.group(1)
    pairs, problems = _attributes(found.group(2))
    if not pairs and not problems:
        problems = ["it sets nothing: ignored"]
    check = _element_attribute if kind == "element" else _slide_attribute
    kept: list[tuple[str, str]] = []
    for name, value in pairs:
        accepted, problem = check(name, value)
        kept += [(name, accepted)] if accepted else []
        problems += [problem] if problem else []
    return Directive(kind, tuple(kept), tuple(problems))


class _AttributeReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pairs: list[tuple[str, str | None]] = []
        self.rest = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.pairs = attrs

    def handle_data(self, data: str) -> None:
        self.rest += data


def _attributes(text: str) -> tuple[list[tuple[str, str | None]], list[str]]:
    """The attributes written in a directive, parsed as an HTML tag's are."""
    reader = _AttributeReader()
    reader.feed(f"<directive {text.strip()}>")
    reader.close()
    rest = reader.rest.strip()
    return reader.pairs, [f"not an attribute: {rest[:40]!r}, ignored"] if rest else []


def _element_attribute(name: str, value: str | None) -> tuple[str, str]:
    """(value kept, "") or ("", why it is ignored)."""
    if name == "class":
        words = (value or "").split()
        unknown = [w for w in words if w != "fragment" and w not in FRAGMENT_STYLES]
        if "fragment" not in words:
            return "", f'class="{value}" ignored: an element directive sets class "fragment" ' \
                       "(and, with it, a reveal.js fragment style)"
        kept = " ".join(w for w in words if w not in unknown)
        return kept, (f"class {', '.join(unknown)} ignored: not a reveal.js fragment style "
                      f"({', '.join(sorted(FRAGMENT_STYLES))})") if unknown else ""
    if name == "data-fragment-index":
        if value is not None and value.strip().isdigit():
            return str(int(value)), ""
        return "", f"data-fragment-index={value!r} ignored: a whole number is expected"
    return "", (f"{name} ignored: an element directive may set class (fragment and its "
                "styles) and data-fragment-index")


def _slide_attribute(name: str, value: str | None) -> tuple[str, str]:
    text = (value or "").strip()
    if name == "data-background-color":
        ok = bool(re.fullmatch(COLOUR["pattern"], text)) and parse_color(text) is not None
        return (text, "") if ok else ("", f"{name}={value!r} ignored: not a CSS colour")
    if name == "data-background-image":
        return (text, "") if text else ("", f"{name} ignored: no file named")
    if name == "data-background-opacity":
        return (text, "") if _fraction(text) else ("", f"{name}={value!r} ignored: a number "
                                                       "from 0 to 1 is expected")
    if name == "data-transition":
        words = text.split()
        ok = 0 < len(words) <= 2 and all(_transition(word) for word in words)
        return (text, "") if ok else ("", f"{name}={value!r} ignored: reveal.js transitions "
                                          f"are {', '.join(TRANSITIONS)}, optionally -in or "
                                          "-out")
    return "", f"{name} ignored: a slide directive may set {', '.join(SLIDE_ATTRIBUTES)}"


def _fraction(text: str) -> bool:
    try:
        return 0.0 <= float(text) <= 1.0
    except ValueError:
        return False


def _transition(word: str) -> bool:
    base = word.removesuffix("-in").removesuffix("-out")
    return base in TRANSITIONS


def _apply_directives(state: StateCore) -> None:
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type == "html_block":
            found = parse_directive(token.content)
            if found is not None:
                _mark(token, found)
                if found.kind == "element":
                    _after_block(tokens, i, found)
        elif token.type == "inline" and token.children:
            _inline_directives(tokens, i)


def _mark(token: Token, found: Directive) -> None:
    token.type = ELEMENT if found.kind == "element" else SLIDE
    token.meta = {**(token.meta or {}), "directive": found}


def _inline_directives(tokens: list[Token], i: int) -> None:
    children = tokens[i].children or []
    for child in list(children):
        found = parse_directive(child.content) if child.type == "html_inline" else None
        if found is None:
            continue
        _mark(child, found)
        if found.kind != "element":
            continue
        n = children.index(child)  # wrappers inserted before it move it
        before = _inline_element_before(children, n)
        if before is None or _ends_line(children, n):
            if n and children[n - 1].type == "text":  # "item <!-- … -->": no space left
                children[n - 1].content = children[n - 1].content.rstrip()
            _on_block(tokens, _parent_block(tokens, i), found)
        else:
            _wrap_inline(children, before[0], before[1], found)


def _ends_line(children: list[Token], n: int) -> bool:
    """Nothing but spaces, other directives and the end of the line after child ``n``."""
    for child in children[n + 1 :]:
        if child.type in ("softbreak", "hardbreak"):
            return True
        blank = child.type == "text" and not child.content.strip()
        if child.type not in DIRECTIVES and not blank:
            return False
    return True


def _inline_element_before(children: list[Token], n: int) -> tuple[int, int] | None:
    """The first and last child of the inline element just before child ``n``."""
    j = n - 1
    while j >= 0 and children[j].type in ("text", "softbreak", "hardbreak", *DIRECTIVES):
        if children[j].type == "softbreak":
            return None  # the element ends a line before: the directive is not after it
        j -= 1
    if j < 0 or children[j].nesting == 1:
        return None
    if children[j].nesting == 0:
        return j, j
    return _opening(children, j), j


def _opening(tokens: list[Token], close: int) -> int:
    depth = 0
    for k in range(close, -1, -1):
        depth += tokens[k].nesting
        if depth == 0:
            return k
    return close


def _closing(tokens: list[Token], opening: int) -> int:
    depth = 0
    for k in range(opening, len(tokens)):
        depth += tokens[k].nesting
        if depth == 0:
            return k
    return opening


def _wrap_inline(children: list[Token], first: int, last: int, found: Directive) -> None:
    attrs = dict(found.attrs)
    if not attrs:
        return
    children.insert(last + 1, Token("directive_close", "span", -1))
    children.insert(first, Token("directive_open", "span", 1, attrs=attrs))


def _parent_block(tokens: list[Token], i: int) -> int:
    """The block an inline token belongs to: its paragraph, heading or cell; a list item for
    the hidden paragraph of a tight list."""
    parent = i - 1
    if tokens[parent].type == "paragraph_open" and tokens[parent].hidden:
        level = tokens[parent].level - 1
        item = parent - 1
        while item > 0 and not (tokens[item].level == level and tokens[item].nesting == 1):
            item -= 1
        return item
    return parent


def _after_block(tokens: list[Token], i: int, found: Directive) -> None:
    """An element directive on its own line: the block before it, or the container it opens."""
    level = tokens[i].level
    j = i - 1
    while j >= 0 and tokens[j].level == level and tokens[j].type in (*DIRECTIVES, "pause"):
        j -= 1
    if j < 0 or tokens[j].type in ("hr", "front_matter"):
        problem = "nothing before it on its slide to apply to: ignored"
        tokens[i].meta["directive"] = Directive(found.kind, (), (*found.problems, problem))
        return
    _on_block(tokens, _opening(tokens, j) if tokens[j].nesting == -1 else j, found)


def _on_block(tokens: list[Token], opening: int, found: Directive) -> None:
    token = tokens[opening]
    if not found.attrs:
        return
    if token.type == "heading_open" and token.level == 0 and token.tag in SLIDE_HEADINGS:
        inline = tokens[opening + 1]  # a slide's heading: the template writes its tag
        children = inline.children or []
        if children:
            _wrap_inline(children, 0, len(children) - 1, found)
        return
    if token.type in _OWN_ATTRIBUTES:
        for name, value in found.attrs:
            (token.attrJoin if name == "class" else token.attrSet)(name, value)
        return
    wrap = _wrap(token) or Wrap()
    wrap.opens = True
    for name, value in found.attrs:
        wrap.attrs[name] = f"{wrap.attrs[name]} {value}" if name == "class" and name in wrap.attrs \
            else value
    token.meta = {**(token.meta or {}), "directive_wrap": wrap}
    closing = tokens[_closing(tokens, opening)]
    ends = _wrap(closing) or Wrap()
    ends.closes = True
    closing.meta = {**(closing.meta or {}), "directive_wrap": ends}


def with_wrappers(tokens: list[Token]) -> list[Token]:
    """``tokens`` with a ``div`` around each block an element directive applies to whose
    renderer writes its own tag (a code block, a callout)."""
    out: list[Token] = []
    for token in tokens:
        wrap = _wrap(token)
        if wrap and wrap.opens:
            out.append(Token("directive_open", "div", 1, attrs=dict(wrap.attrs), block=True))
        out.append(token)
        if wrap and wrap.closes:
            out.append(Token("directive_close", "div", -1, block=True))
    return out


def slide_settings(tokens: list[Token]) -> list[tuple[Token, str, str]]:
    """The settings of every slide directive among ``tokens``: (its token, name, value)."""
    found = []
    for token in tokens:
        for child in [token, *(token.children or [])]:
            setting = directive(child) if child.type == SLIDE else None
            found += [(child, name, value) for name, value in setting.attrs] if setting else []
    return found
