"""Code blocks' line numbers and line-highlight steps, from the fence's info string:

- reveal.js: ```` ```python [1|3-4] ```` (lines or ranges split by ``,`` within a step and
  ``|`` between steps), ```` ```python [10: 1|3] ```` (numbers start at 10), ```` ```python [] ````
  (numbers only);
- Pandoc: ```` ```{.python .numberLines startFrom="10"} ```` and ```` ```python {.numberLines} ````;
- Quarto: ```` ```{.python code-line-numbers="1|3-4"} ````.

Any of them numbers the lines. In the deck each step after the first is a reveal.js fragment
that highlights its lines and dims the others (the first is shown at once, as reveal.js does);
on paper every line is printed, numbered, none dimmed. Pygments stays the highlighter."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import TextLexer, get_lexer_by_name
from pygments.util import ClassNotFound

from .markdown.attributes import scan_attributes

Step = frozenset[int]  # the lines (1 = the block's first) highlighted; none: every line plain

# reveal.js markdown's own reading of the brackets: an optional "N:" offset, then the steps
_BRACKETS = re.compile(r"\[\s*(?:(\d*)\s*:)?\s*([\s\d,|-]*)\]")
_ITEM = re.compile(r"(\d{1,6})(?:-(\d{1,6}))?")
NUMBER_CLASSES = ("numberLines", "number-lines")
MAX_STEPS = 50  # a slide's clicks; more is a typo
MAX_LINE = 100_000


@dataclass(frozen=True)
class CodeInfo:
    """What a fence's info string asks for."""

    lang: str
    numbered: bool = False
    start: int = 1  # the first line's number
    steps: tuple[Step, ...] = ()  # the highlight steps, in order; () for none
    problem: str = ""  # what was not understood (reported by check; the block is drawn plain)


def code_info(info: str) -> CodeInfo:
    """The language, numbering and steps of a fence whose info string is ``info``."""
    info = info.strip()
    if info.startswith("{"):
        return _braces(info, "")
    lang, _, rest = info.partition(" ")
    brackets = _BRACKETS.search(info)
    if brackets and not lang.startswith("["):
        lang = info[:brackets.start()].strip().split(" ")[0]
        return _reveal(lang, brackets)
    if brackets:  # ```[1|3] with no language
        return _reveal("", brackets)
    rest = rest.strip()
    if rest.startswith("{"):
        return _braces(rest, lang)
    if rest.startswith("["):
        return CodeInfo(lang, problem=f"code line steps not understood: {rest[:40]} (write "
                        "lines and ranges such as [1,3-4|5] and split steps with |)")
    return CodeInfo(lang)


def _reveal(lang: str, brackets: re.Match[str]) -> CodeInfo:
    start = int(brackets.group(1)) if brackets.group(1) else 1
    steps, problem = parse_steps(brackets.group(2))
    return CodeInfo(lang, True, start, steps, problem)


def _braces(text: str, lang: str) -> CodeInfo:
    """Pandoc's ``{.python .numberLines startFrom="10"}``, Quarto's ``code-line-numbers``."""
    word = text[1:-1].strip() if text.endswith("}") else ""
    if word.isidentifier():  # Quarto's executable cell, ```{python}: shown, not run
        return CodeInfo(lang or word)
    scanned = scan_attributes(text, 0)
    if scanned is None:
        return CodeInfo(lang, problem=f"code block attributes not understood: {text[:80]}")
    attributes = scanned[0]
    languages = [name for name in attributes.classes if name not in NUMBER_CLASSES]
    lang = lang or (languages[0] if languages else "")
    numbered = any(name in NUMBER_CLASSES for name in attributes.classes)
    start_text = attributes.get("startFrom") or attributes.get("start-from") or "1"
    start = int(start_text) if start_text.isdigit() else 1
    problem = "" if start_text.isdigit() else f"startFrom must be a number, not '{start_text}'"
    lines = attributes.get("code-line-numbers")
    steps: tuple[Step, ...] = ()
    if lines is not None and lines not in ("true", "false"):
        steps, problem = parse_steps(lines)
    numbered = numbered or (lines is not None and lines != "false")
    return CodeInfo(lang, numbered, start, steps, problem)


def parse_steps(text: str) -> tuple[tuple[Step, ...], str]:
    """``1,3|5-7|`` as steps of highlighted lines, and what was not understood ("" if all
    was). A single step with no line is no step: reveal.js then only numbers the lines."""
    steps: list[Step] = []
    for written in text.replace(" ", "").split("|")[:MAX_STEPS]:
        lines: set[int] = set()
        for item in filter(None, written.split(",")):
            found = _ITEM.fullmatch(item)
            if found is None:
                return (), f"code line steps not understood: '{item[:40]}' (write lines and " \
                    "ranges such as 1,3-4 and split steps with |)"
            first, last = int(found.group(1)), int(found.group(2) or found.group(1))
            lines.update(range(first, min(max(first, last), MAX_LINE) + 1))
        steps.append(frozenset(lines))
    if len(steps) == 1 and not steps[0]:
        return (), ""
    return tuple(steps), ""


def past_the_end(info: CodeInfo, line_count: int) -> list[int]:
    """The lines the steps highlight that the block does not have."""
    return sorted({n for step in info.steps for n in step if n > line_count or n < 1})


def number_column(info: CodeInfo, line_count: int) -> int:
    """The characters the line numbers take from each line (theme.css's ``digits-N``)."""
    if not info.numbered:
        return 0
    digits = len(str(info.start + max(line_count, 1) - 1))
    return {1: 3, 2: 3, 3: 4, 4: 5}.get(digits, 7)


def numbered_code_html(code: str, info: CodeInfo, *, deck: bool) -> str:
    """The block with a ``span.code-line`` per line, numbered by CSS counters (never copied
    with the code); in the deck, one ``pre`` per step, the later ones reveal.js fragments
    laid over the first."""
    lines = highlighted_lines(code, info.lang)
    css_lang = escape(info.lang or "text")
    digits = len(str(info.start + len(lines) - 1))
    classes = f"highlight lang-{css_lang} code-lines digits-{min(digits, 6)}"
    classes += " numbered" if info.numbered else ""
    # each pre counts from the start (a counter reset on the div would run on through them)
    counter = f' style="counter-reset: code-line {info.start - 1}"' if info.start != 1 else ""
    steps = info.steps if deck else ()
    if not steps:
        return f'<div class="{classes}">{_pre(lines, None, counter)}</div>\n'
    pres = [_pre(lines, steps[0], counter)]
    pres += [_pre(lines, step, counter, fragment=True) for step in steps[1:]]
    return f'<div class="{classes} code-steps">{"".join(pres)}</div>\n'


def _pre(lines: list[str], step: Step | None, counter: str, *, fragment: bool = False) -> str:
    """One ``pre``: ``step``'s lines highlighted and the others dimmed (None: no step)."""
    rows = "".join(f'<span class="code-line{_lit(n, step)}">{line}\n</span>'
                   for n, line in enumerate(lines, 1))
    classes = ["code-step"] if step is not None else []
    classes += ["has-highlights"] if step else []
    classes += ["fragment"] if fragment else []
    attrs = f' class="{" ".join(classes)}"' if classes else ""
    attrs += ' aria-hidden="true"' if fragment else ""  # the same code again, for the eyes only
    return f"<pre{attrs}{counter}><code>{rows}</code></pre>"


def _lit(n: int, step: Step | None) -> str:
    return " lit" if step and n in step else ""


def highlighted_lines(code: str, lang: str) -> list[str]:
    """The code highlighted by Pygments, one HTML string per line (each closes its spans)."""
    try:
        lexer = get_lexer_by_name(lang) if lang else TextLexer()
    except ClassNotFound:
        lexer = TextLexer()
    html = highlight(code, lexer, HtmlFormatter(nowrap=True))
    return html.removesuffix("\n").split("\n")
