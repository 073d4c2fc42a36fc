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
        from tinycss2.color3 import parse_color  # here: only a slide's colour needs it

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
    blocks = _Blocks()
    for i, token in enumerate(tokens):
        found = parse_directive(token.content) if token.type == "html_block" else None
        if found is not None:
            _mark(token, found)
            if found.kind == "element":
                _after_block(tokens, i, found, blocks.before())
        elif token.type == "inline" and token.children:
            _inline_directives(tokens, i)
        blocks.track(token, i)


NOTHING_BEFORE = -1  # a slide's start (``---``) or the front matter: no block before


@dataclass
class _Blocks:
    """The blocks met so far: at each depth, the opening of the last one (what a directive on
    its own line there applies to), and the containers open around it."""

    last: list[int | None] = field(default_factory=lambda: [None])
    opened: list[int] = field(default_factory=list)

    def before(self) -> int | None:
        """The block before, the container a first child is in (None: none), NOTHING_BEFORE."""
        if self.last[-1] is None and self.opened:
            return self.opened[-1]
        return self.last[-1]

    def track(self, token: Token, at: int) -> None:
        if token.type in (*DIRECTIVES, "pause"):
            return  # reveal.js passes over comments
        if token.nesting == 1:
            self.opened.append(at)
            self.last.append(None)
        elif token.nesting == -1 and self.opened:
            self.last.pop()
            self.last[-1] = self.opened.pop()
        else:
            self.last[-1] = NOTHING_BEFORE if token.type in ("hr", "front_matter") else at


def _mark(token: Token, found: Directive) -> None:
    token.type = ELEMENT if found.kind == "element" else SLIDE
    token.meta = {**(token.meta or {}), "directive": found}


def _inline_directives(tokens: list[Token], i: int) -> None:
    """Place a paragraph's (or heading's, or cell's) directives, in one pass over its children
    (a line of many directives costs no more than their number)."""
    children = tokens[i].children or []
    for child in children:
        found = parse_directive(child.content) if child.type == "html_inline" else None
        if found is not None:
            _mark(child, found)
    if not any(child.type == ELEMENT for child in children):
        return
    ends, on_block = _line_ends(children), []
    out: list[Token] = []
    line = _Line()
    for n, child in enumerate(children):
        found = directive(child) if child.type == ELEMENT else None
        if found is not None and (line.before() is None or ends[n]):
            if out and out[-1].type == "text":  # "item <!-- … -->": no space left
                out[-1].content = out[-1].content.rstrip()
            on_block.append(found)
        elif found is not None and found.attrs:
            line.wrap(out, found)
        out.append(child)
        line.track(child, len(out) - 1)
    tokens[i].children = out
    for found in on_block:
        _on_parent(tokens, i, found)


def _line_ends(children: list[Token]) -> list[bool]:
    """For each child, whether only spaces and directives follow it to the end of its line."""
    ends, tail = [False] * len(children), True
    for k in range(len(children) - 1, -1, -1):
        ends[k] = tail
        child = children[k]
        if child.type in ("softbreak", "hardbreak"):
            tail = True
        elif child.type not in DIRECTIVES and not (child.type == "text"
                                                   and not child.content.strip()):
            tail = False
    return ends


@dataclass
class _Line:
    """The inline elements met so far on a line: the last one at each depth of nesting (what a
    directive there applies to), and the elements open around it."""

    last: list[tuple[int, int] | None] = field(default_factory=lambda: [None])
    opened: list[int] = field(default_factory=list)

    def before(self) -> tuple[int, int] | None:
        return self.last[-1]

    def track(self, child: Token, at: int) -> None:
        if child.type == "softbreak":
            self.last[-1] = None  # an element on an earlier line is not before a directive
        elif child.type in ("text", "hardbreak", *DIRECTIVES):
            return  # reveal.js passes over text, line breaks and comments
        elif child.nesting == 1:
            self.opened.append(at)
            self.last.append(None)
        elif child.nesting == -1 and self.opened:
            self.last.pop()
            self.last[-1] = (self.opened.pop(), at)
        else:
            self.last[-1] = (at, at)

    def wrap(self, out: list[Token], found: Directive) -> None:
        """Put the element before in a span with the directive's attributes."""
        first, last = self.last[-1] or (0, 0)
        out.insert(last + 1, Token("directive_close", "span", -1))
        out.insert(first, Token("directive_open", "span", 1, attrs=dict(found.attrs)))
        self.last[-1] = (first, last + 2)


def _closing(tokens: list[Token], opening: int) -> int:
    depth = 0
    for k in range(opening, len(tokens)):
        depth += tokens[k].nesting
        if depth == 0:
            return k
    return opening


def _wrap_all(children: list[Token], found: Directive) -> None:
    """Put every child in a span with the directive's attributes (a slide's heading)."""
    if children[0].type != "directive_open":
        children.insert(0, Token("directive_open", "span", 1))
        children.append(Token("directive_close", "span", -1))
    _set(children[0].attrs, found)


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


def _after_block(tokens: list[Token], i: int, found: Directive, before: int | None) -> None:
    """An element directive on its own line: the block before it, or the container it opens."""
    if before is None or before == NOTHING_BEFORE:
        problem = "nothing before it on its slide to apply to: ignored"
        tokens[i].meta["directive"] = Directive(found.kind, (), (*found.problems, problem))
        return
    _on_block(tokens, before, found)


def _on_parent(tokens: list[Token], i: int, found: Directive) -> None:
    """A directive ending a line applies to the block the line is in; when that block's tag is
    written elsewhere (a slide's heading, a callout's title), its text is wrapped instead."""
    parent = tokens[_parent_block(tokens, i)]
    if not found.attrs:
        return
    if parent.type in _OWN_ATTRIBUTES and not _slide_heading(parent):
        _set(parent.attrs, found)
    elif tokens[i].children:
        _wrap_all(tokens[i].children, found)


def _on_block(tokens: list[Token], opening: int, found: Directive) -> None:
    token = tokens[opening]
    if not found.attrs:
        return
    if _slide_heading(token):
        children = tokens[opening + 1].children  # the template writes the heading's tag
        if children:
            _wrap_all(children, found)
    elif token.type in _OWN_ATTRIBUTES:
        _set(token.attrs, found)
    else:
        _wrap_block(tokens, opening, found)


def _slide_heading(token: Token) -> bool:
    return token.type == "heading_open" and token.level == 0 and token.tag in SLIDE_HEADINGS


def _set(attrs: dict, found: Directive) -> None:
    """The directive's attributes added to ``attrs``: classes joined, each once."""
    for name, value in found.attrs:
        if name == "class":
            words = str(attrs.get("class", "")).split()
            value = " ".join([*words, *(w for w in value.split() if w not in words)])
        attrs[name] = value


def _wrap_block(tokens: list[Token], opening: int, found: Directive) -> None:
    """Mark a block for ``with_wrappers``: its renderer writes its tag itself."""
    token = tokens[opening]
    wrap = _wrap(token)
    if wrap is None or not wrap.opens:
        closing = tokens[_closing(tokens, opening)]
        ends = _wrap(closing) or Wrap()
        ends.closes = True
        closing.meta = {**(closing.meta or {}), "directive_wrap": ends}
        wrap = _wrap(token) or Wrap()  # the closing's, for a block of one token
        wrap.opens = True
        token.meta = {**(token.meta or {}), "directive_wrap": wrap}
    _set(wrap.attrs, found)


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
