"""Model tokens to HTML, for one target (the deck or a handout): the renderer rules."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from copy import copy
from dataclasses import dataclass, field
from functools import cache, lru_cache
from html import escape, unescape
from pathlib import Path

import pygments
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import OptionsDict
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import TextLexer, get_lexer_by_name
from pygments.util import ClassNotFound

from .code_lines import code_info, numbered_code_html
from .emoji import emoji_file, find_emoji
from .fit import DECK_SCALE
from .markdown import new_parser, parser
from .markdown.annotations import annotation, source_line, wiki_ref
from .markdown.callouts import ANSWER_KINDS, HANDOUT, answer_id, callout, closing
from .markdown.directives import with_wrappers
from .markdown.divs import Div, close_html, div_context, div_of, items_are_fragments, open_html
from .markdown.figures import caption_text
from .markdown.image_attrs import image_attrs
from .markdown.image_size import SizedLabel, sized_label
from .markdown.timing import STOPWATCH
from .markdown.typography import (
    NBSP,
    NNBSP,
    Piece,
    code_names,
    french_lang,
    french_spacing,
    glues_to_previous,
    guarded,
)
from .math_svg import render_math_block, render_math_inline
from .model import Chapter, ChapterLink, Diagram
from .qr import qr_html


@dataclass
class Target:
    """What differs between the deck and the handouts: how links, images and emoji are written,
    and who reads the page (``audience``: what answers and students' text become)."""

    chapter_href: Callable[[ChapterLink], str]
    file_src: Callable[[Path], str]
    emoji_src: Callable[[Path], str]
    diagram_fallback: str = "source"  # "mermaid-js" draws unsupported diagrams in the browser
    diagram_box: tuple[float, float] = (1160.0, 520.0)  # largest drawing, CSS px
    diagram_scale: float = 0.0  # on paper: the document's one scale (0: fitted to each slide)
    diagram_sizes: dict[int, tuple[float, float]] = field(default_factory=dict)  # by line
    diagram_side: set[int] = field(default_factory=set)  # lines of diagrams beside the text
    slide_size: tuple[int, int] = (1280, 720)  # the deck's, in CSS px
    diagram_em: float = 32.0  # px per em on a slide (sizes in em follow the slide's type); 0: px
    new_tab: bool = True
    lang: str = "fr"  # the course's: words the build writes itself (alt text, notes)
    used_emoji: set[Path] = field(default_factory=set)
    uses_mermaid_js: bool = False
    used_files: set[Path] = field(default_factory=set)
    # On paper: the words never hyphenated (the code's names and course.yaml's list, lower
    # case); None on screen, where nothing is hyphenated and words are not wrapped.
    keep_whole: frozenset[str] | None = None
    qr_links: frozenset[tuple[str, int]] = frozenset()  # (URL, line) of links given a QR code
    # "deck": answers are fragments, handout text goes to the speaker notes; "students": no
    # answers; "instructor": answers printed. Handout text is printed in both editions.
    audience: str = "deck"
    anchor_prefix: str = ""  # before the ids the page gives (the book's, per chapter)
    incremental: bool = False  # ``slides.incremental``: every list of the deck item by item


def for_paper(target: Target, chapters: Sequence[Chapter], no_hyphenation: Sequence[str],
              *, qr_codes: bool = False) -> Target:
    """``target`` set up for a printed document of ``chapters``: the names their code uses
    and ``no_hyphenation`` are never hyphenated; with ``qr_codes``, every link of their
    resources lists is printed with a QR code."""
    names = {word.lower() for word in no_hyphenation}
    for chapter in chapters:
        names |= code_names(chapter_tokens(chapter))
    target.keep_whole = frozenset(names)
    if qr_codes:
        target.qr_links = frozenset((r.url, r.line) for c in chapters for r in c.resources)
    return target


def chapter_tokens(chapter: Chapter) -> list[Token]:
    tokens = [chapter.title.inline] if chapter.title else []
    for slide in chapter.slides:
        tokens += [*slide.subtitle, *slide.body, *slide.notes]
    return tokens


def render_blocks(tokens: Sequence[Token], target: Target) -> str:
    shown = with_wrappers(for_audience(list(tokens), target.audience))
    return _renderer().renderer.render(shown, _renderer().options, {"target": target})


def for_audience(tokens: list[Token], audience: str) -> list[Token]:
    """The tokens ``audience`` reads: students get no answer or solution callout."""
    if audience != "students":
        return tokens
    shown: list[Token] = []
    i = 0
    while i < len(tokens):
        found = callout(tokens[i]) if tokens[i].type == "blockquote_open" else None
        if found and found.kind in ANSWER_KINDS:
            i = closing(tokens, i) + 1
        else:
            shown.append(tokens[i])
            i += 1
    return shown


def render_inline(inline: Token | None, target: Target) -> str:
    if inline is None:
        return ""
    md = _renderer()
    return md.renderer.renderInline(inline.children or [], md.options, {"target": target})


@cache
def _renderer() -> MarkdownIt:
    """The HTML renderer: its own MarkdownIt, so the shared parser is never mutated."""
    md = new_parser()
    for name, rule in RULES.items():
        md.add_render_rule(name, rule)
    return md


def _text(self: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict,
          env: dict) -> str:
    """Text in the course's typography; on paper, names are kept from hyphenation."""
    target: Target = env["target"]
    text = tokens[idx].content
    if idx and tokens[idx - 1].markup in ("autolink", "linkify"):
        return escapeHtml(text)  # a URL written as its own label
    if STOPWATCH in text:  # the timing marks' ⏱, typed without U+FE0F: no font draws it
        stopwatch = _emoji_html(STOPWATCH, target)
        return stopwatch.join(_styled(part, target) for part in text.split(STOPWATCH))
    return _styled(text, target)


def _styled(text: str, target: Target) -> str:
    if french_lang(target.lang):
        text = french_spacing(text)
    if target.keep_whole is None:
        return escapeHtml(text)
    return "".join(_piece_html(piece) for piece in guarded(text, target.keep_whole))


def _piece_html(piece: Piece) -> str:
    if not piece.guard:
        return escapeHtml(piece.text)
    if piece.guard == "word":
        return f'<span class="nohyphen">{escapeHtml(piece.text)}</span>'
    if piece.guard == "whole":
        return f'<span class="nohyphen whole">{escapeHtml(piece.text)}</span>'
    inner = "".join(_piece_html(part) for part in piece.parts)
    return f'<span class="nohyphen" lang="{escapeHtml(piece.guard)}">{inner}</span>'


def _softbreak(self: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict,
               env: dict) -> str:
    """A line break in the source is a space; in French, never one a line may break at before
    ``: ; ! ? »`` or after ``«``."""
    if french_lang(env["target"].lang):
        before = tokens[idx - 1].content if idx and tokens[idx - 1].type == "text" else ""
        after = tokens[idx + 1].content if idx + 1 < len(tokens) and \
            tokens[idx + 1].type == "text" else ""
        if before.rstrip(" ").endswith("«") or after.startswith("»"):
            return ""  # the text token already holds the no-break space
        if glues_to_previous(after):
            return NBSP if after.startswith(":") else NNBSP
    return self.softbreak(tokens, idx, options, env)


def _code_inline(self: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict,
                 env: dict) -> str:
    """On paper, a code span breaks only when it is longer than a line could hold."""
    code = tokens[idx].content
    if env["target"].keep_whole is None:
        return self.code_inline(tokens, idx, options, env)
    length = "" if len(code) <= CODE_CELL_CHARS else \
        " long" if len(code) <= CODE_LINE_CHARS else " longer"
    return f'<code class="span{length}">{escapeHtml(code)}</code>'


# Inline code is never broken on paper up to these lengths (JetBrains Mono at 0.88 em of the
# 10.5 pt text is 7.4 CSS px a character: a 640 px column holds 86, a table cell about 28).
CODE_CELL_CHARS = 24
CODE_LINE_CHARS = 72


def _emoji(self: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict,
           env: dict) -> str:
    return _emoji_html(tokens[idx].content, env["target"])


def _emoji_html(char: str, target: Target) -> str:
    path = emoji_file(char)
    if path is None:
        return f'<span class="emoji">{escape(char)}</span>'
    target.used_emoji.add(path)
    src = target.emoji_src(path)
    return f'<img class="emoji" draggable="false" alt="{escape(char)}" src="{src}">'


def _wikilink(self: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict,
              env: dict) -> str:
    token = tokens[idx]
    label = _inline_label(token, env)
    link = annotation(token).link
    if not isinstance(link, ChapterLink):
        return f'<span class="wikilink unresolved">{label}</span>'
    href = env["target"].chapter_href(link)
    return f'<a class="wikilink" href="{escape(href)}">{label}</a>'


def _inline_label(token: Token, env: dict) -> str:
    """A wiki-link label is Markdown-free text, but may hold emoji. Without one, the link
    reads as Obsidian shows it: the chapter, then ``>`` and the heading when it names one."""
    ref = wiki_ref(token)
    label = ref.label or (f"{ref.target} > {ref.heading}" if ref.heading and ref.target
                          else ref.heading or ref.target or ref.raw)  # [[#heading]]: heading
    inline = parser().parseInline(label)[0]
    return _renderer().renderer.renderInline(inline.children or [], _renderer().options, env)


def _wikiembed(self: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict,
               env: dict) -> str:
    token = tokens[idx]
    path, ref = annotation(token).file, wiki_ref(token)
    if annotation(token).link is not None:  # a note not transcluded (embeds.py): its link
        return _wikilink(self, tokens, idx, options, env)
    if not isinstance(path, Path):
        return f'<span class="wikilink unresolved">{escape(ref.raw)}</span>'
    env["target"].used_files.add(path)
    sized = sized_label(ref.label, embed=True)
    alt = escape(sized.alt or path.stem)
    return (f'<img class="embed" src="{escape(env["target"].file_src(path))}" alt="{alt}"'
            f'{_size_attr(sized)}>')


def _embed_open(self: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict,
                env: dict) -> str:
    """A transcluded passage (``![[note#heading]]``): a box, its source line first."""
    source = annotation(tokens[idx]).embed
    if source is None:
        return '<div class="note-embed">\n'
    label = escape(source.label)
    if source.link is not None:
        href = escape(env["target"].chapter_href(source.link))
        label = f'<a class="wikilink" href="{href}">{label}</a>'
    return f'<div class="note-embed">\n<p class="note-embed-source">{label}</p>\n'


def _embed_close(self: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict,
                 env: dict) -> str:
    return "</div>\n"


def _image(self: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict,
           env: dict) -> str:
    token = tokens[idx]
    path = annotation(token).file
    sized = sized_label(self.renderInlineAsText(token.children or [], options, env))
    alt = escape(sized.alt)
    if not isinstance(path, Path):
        return f'<span class="missing-image">{alt}</span>'
    env["target"].used_files.add(path)
    title = token.attrGet("title")
    title_attr = f' title="{escape(str(title))}"' if title else ""
    style = image_attrs(token).style() or sized.style()  # Pandoc's {width=…} over Obsidian's |300
    style_attr = f' style="{style}"' if style else ""
    return (f'<img src="{escape(env["target"].file_src(path))}" alt="{alt}"{title_attr}'
            f'{style_attr}>')


def _size_attr(sized: SizedLabel) -> str:
    """The size an Obsidian label asks for (``|300``, ``|300x200``), as a style attribute."""
    style = sized.style()
    return f' style="{style}"' if style else ""


def _paragraph_open(self: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict,
                    env: dict) -> str:
    """A lone image with alt text opens a figure (Pandoc's implicit figures)."""
    if annotation(tokens[idx]).figure:
        return '<figure class="figure">\n'
    return self.renderToken(tokens, idx, options, env)


def _paragraph_close(self: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict,
                     env: dict) -> str:
    """A figure's caption, its image's alt text: hidden from screen readers, which read the
    alt text already (as Pandoc writes it)."""
    if idx < 2 or not annotation(tokens[idx - 2]).figure:
        return self.renderToken(tokens, idx, options, env)
    image = (tokens[idx - 1].children or [])[0]
    inline = parser().parseInline(caption_text(image))[0]
    caption = _renderer().renderer.renderInline(inline.children or [], _renderer().options, env)
    return f'\n<figcaption aria-hidden="true">{caption}</figcaption>\n</figure>\n'


def _link_open(self: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict,
               env: dict) -> str:
    token = tokens[idx]
    if annotation(token).refused:
        env.setdefault("refused_links", []).append(True)
        return '<span class="refused-link">'
    env.setdefault("refused_links", []).append(False)
    href = str(token.attrGet("href") or "")
    qr = qr_html(href) if (href, source_line(token)) in env["target"].qr_links else ""
    if href.startswith(("http://", "https://")):
        token = copy(token)  # the parsed token serves every page: its attributes stay as parsed
        token.attrs = dict(token.attrs)
        token.attrJoin("class", "external")
        if env["target"].new_tab:
            token.attrSet("target", "_blank")
            token.attrSet("rel", "noopener")
    return qr + self.renderToken([token], 0, options, env)


def _link_close(self: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict,
                env: dict) -> str:
    refused = env.get("refused_links", [False]).pop() if env.get("refused_links") else False
    return "</span>" if refused else "</a>"


def _raw_html(self: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict,
              env: dict) -> str:
    """Raw HTML is never passed through: it is shown as the text it is (see the README)."""
    token = tokens[idx]
    text = escape(token.content)
    return f"<p>{text}</p>\n" if token.type == "html_block" else text


def _fence(self: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict,
           env: dict) -> str:
    token = tokens[idx]
    diagram = annotation(token).diagram
    if diagram is not None:
        return _diagram_html(diagram, env["target"])
    info = code_info(token.info)
    if info.numbered or info.steps:  # in the deck, steps are fragments (never in the notes)
        deck = env["target"].audience == "deck" and not annotation(token).in_notes \
            and "</aside>\n" not in env.get("quotes", [])
        return numbered_code_html(token.content, info, deck=deck)
    return highlight_code(token.content, info.lang)


def _diagram_html(diagram: Diagram, target: Target) -> str:
    if diagram.svg:
        width, height = diagram_size(diagram, target)
        size = f"width: {_length(width, target)}; height: {_length(height, target)}"
        scale = width / diagram.width if diagram.width else 1.0
        svg = with_alt_text(diagram.svg, diagram_alt(diagram, target.lang))
        side = " side" if diagram.line in target.diagram_side and not target.diagram_scale else ""
        links = _link_areas(diagram) if target.diagram_scale else ""  # paper: PDF annotations
        size += "; position: relative" if links else ""
        return f'<figure class="diagram{side}" data-scale="{scale:.4f}">' \
               f'<div class="diagram-box" style="{size}">{svg}{links}</div></figure>'
    if target.diagram_fallback == "mermaid-js" and diagram.error == "unsupported":
        target.uses_mermaid_js = True
        return _fallback_html(diagram, target)
    if diagram.error == "unsupported":
        words = words_for(target.lang)
        return (f'<figure class="diagram diagram-elsewhere"><p><strong>{escape(diagram.kind)}'
                f'</strong>{words["colon"]}{words["elsewhere"]}</p></figure>')
    return (f'<figure class="diagram diagram-source"><figcaption>{escape(diagram.kind)}'
            f'</figcaption><pre><code>{escape(diagram.source)}</code></pre></figure>')


_SVG_LINK = re.compile(r'<a href="([^"]*)" xlink:href="[^"]*" data-box="([^"]*)">')


def _link_areas(diagram: Diagram) -> str:
    """WeasyPrint draws an SVG's ``<a>`` but makes no PDF link of it: a linked node (mermaid's
    ``click … href``, http(s) only) gets an HTML link laid over it, in percent of the box."""
    areas = []
    for href, box in _SVG_LINK.findall(diagram.svg):
        x, y, w, h = (float(v) for v in box.split())
        place = (f"position: absolute; display: block; "
                 f"left: {100 * x / diagram.width:.3f}%; top: {100 * y / diagram.height:.3f}%; "
                 f"width: {100 * w / diagram.width:.3f}%; height: {100 * h / diagram.height:.3f}%")
        areas.append(f'<a class="diagram-link" href="{href}" style="{place}"></a>')
    return "".join(areas)


def _fallback_html(diagram: Diagram, target: Target) -> str:
    """The source for mermaid.js (``mermaid-fallback.js``), with the Twemoji its labels use."""
    emoji = {}
    for match in find_emoji(diagram.source):
        path = emoji_file(match.emoji)
        if path is not None:
            target.used_emoji.add(path)
            emoji[match.emoji] = target.emoji_src(path)
    return (f'<figure class="diagram diagram-js" data-scale="{DECK_SCALE:.4f}">'
            f'<pre class="mermaid-source" '
            f'aria-label="{escape(diagram_alt(diagram, target.lang))}" '
            f"data-emoji='{escape(json.dumps(emoji, ensure_ascii=False))}'>"
            f"{escape(diagram.source)}</pre></figure>")


def diagram_size(diagram: Diagram, target: Target) -> tuple[float, float]:
    """On paper, the document's one scale; on a slide, the size its slide's fit gave it."""
    if not diagram.width or not diagram.height:
        return target.diagram_box
    if target.diagram_scale:
        scale = min(target.diagram_scale, *_page_room(diagram, target))
        return diagram.width * scale, diagram.height * scale
    fitted = target.diagram_sizes.get(diagram.line)
    if fitted:
        return fitted
    return diagram.width * DECK_SCALE, diagram.height * DECK_SCALE


def _page_room(diagram: Diagram, target: Target) -> tuple[float, float]:
    room_w, room_h = target.diagram_box
    return room_w / diagram.width, room_h / diagram.height


def _length(px: float, target: Target) -> str:
    return f"{px / target.diagram_em:.2f}em" if target.diagram_em else f"{px:.0f}px"


_SVG_TITLE = re.compile(r"(<title\b[^>]*>)(.*?)(</title>)", re.DOTALL)
_SVG_TEXT = re.compile(r"<text\b[^>]*>([^<]+)</text>")
_DIAGRAM_TYPES = {"graph": "flowchart", "flowchart": "flowchart", "flowchart-elk": "flowchart"}


# What the build itself writes about a diagram, in the course's language (else English).
WORDS = {
    "fr": {"diagram": "Diagramme {kind}", "labels": "Diagramme {kind}, {n} libellés : {shown}",
           "elsewhere": "diagramme dessiné dans le diaporama.", "colon": " : ",
           "answer": "Réponse", "solution": "Solution"},
    "en": {"diagram": "{kind} diagram", "labels": "{kind} diagram, {n} labels: {shown}",
           "elsewhere": "diagram drawn in the slides.", "colon": ": ",
           "answer": "Answer", "solution": "Solution"},
}


def words_for(lang: str) -> dict[str, str]:
    return WORDS.get(lang.split("-")[0].lower(), WORDS["en"])


def diagram_alt(diagram: Diagram, lang: str = "fr") -> str:
    """``accTitle`` and ``accDescr`` when the author wrote them, else type, size and labels."""
    words = words_for(lang)
    title = _acc(diagram.source, "accTitle")
    described = _acc(diagram.source, "accDescr")
    if title or described:
        return words["colon"].join(part for part in (title, described) if part)
    kind = _DIAGRAM_TYPES.get(diagram.kind, diagram.kind)
    labels = list(dict.fromkeys(unescape(t).strip() for t in _SVG_TEXT.findall(diagram.svg)))
    labels = [label for label in labels if label]
    if not labels:
        return words["diagram"].format(kind=kind)
    shown = ", ".join(labels[:6]) + (", …" if len(labels) > 6 else "")
    return words["labels"].format(kind=kind, n=len(labels), shown=shown)


def _acc(source: str, key: str) -> str:
    found = re.search(rf"^\s*{key}\s*:\s*(.+)$", source, re.MULTILINE)
    if found:
        return found.group(1).strip()
    block = re.search(rf"^\s*{key}\s*\{{([^}}]*)\}}", source, re.MULTILINE)
    return " ".join(block.group(1).split()) if block else ""


def with_alt_text(svg: str, alt: str) -> str:
    """The SVG's ``<title>`` (its accessible name) set to ``alt``."""
    return _SVG_TITLE.sub(lambda m: m.group(1) + escape(alt) + m.group(3), svg[:4000], count=1) \
        + svg[4000:]


def highlight_code(code: str, lang: str) -> str:
    """Code highlighted by Pygments at build time (the same colours in the deck and the PDF)."""
    css_lang = escape(lang or "text")
    formatter = HtmlFormatter(cssclass=f"highlight lang-{css_lang}", wrapcode=True)
    return pygments.format(code_tokens(code, lang), formatter)


@lru_cache(maxsize=4096)  # lexed once: for the paper estimate (paper_bound), then for the page
def code_tokens(code: str, lang: str) -> tuple[tuple[object, str], ...]:  # (token type, text)
    """``code`` lexed as ``lang`` (as plain text when Pygments knows no such language)."""
    return tuple(_lexer(lang).get_tokens(code))


@cache
def _lexer(lang: str) -> Lexer:
    try:
        return get_lexer_by_name(lang) if lang else TextLexer()
    except ClassNotFound:
        return TextLexer()


def pygments_css(style: str = "default") -> str:
    return HtmlFormatter(style=style).get_style_defs(".highlight")


def _blockquote_open(self: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict,
                     env: dict) -> str:
    """A quote or callout; answers and students' text as the page's audience reads them (the
    matching ``_blockquote_close`` closes what was opened here)."""
    token = tokens[idx]
    found = callout(token)
    opened: list[str] = env.setdefault("quotes", [])
    if found is None or found.kind not in (HANDOUT, *ANSWER_KINDS):
        if found is not None and _folded_on_slide(tokens, idx, env, opened):
            opened.append("</div>\n</blockquote>\n")  # the body opened after the title
            classes = token.attrGet("class") or ""
            newline = "\n" if idx and tokens[idx - 1].hidden else ""  # as renderToken does
            return f'{newline}<blockquote class="{escape(str(classes))} callout-folded">\n'
        opened.append("</blockquote>\n")
        return self.renderToken(tokens, idx, options, env)
    target: Target = env["target"]
    in_notes = annotation(token).in_notes or "</aside>\n" in opened
    if found.kind == HANDOUT:
        aside = target.audience == "deck" and not in_notes  # the speaker view shows it
        opened.append("</aside>\n" if aside else "</div>\n")
        return '<aside class="notes handout">\n' if aside else '<div class="handout">\n'
    opened.append("</blockquote>\n")
    classes = f"callout callout-{found.kind}"
    if target.audience == "deck" and not in_notes:
        classes += " fragment"  # hidden on the slide until the next click
    ident = f' id="{escape(answer_id(token, target.anchor_prefix))}"' \
        if target.audience == "instructor" else ""
    title = "" if found.titled else \
        f'<p class="callout-title">{escape(words_for(target.lang)[found.kind])}</p>\n'
    return f'<blockquote class="{classes}"{ident}>\n{title}'


def _blockquote_close(self: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict,
                      env: dict) -> str:
    opened = env.get("quotes")
    return opened.pop() if opened else "</blockquote>\n"


def _callout_title_open(self: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict,
                        env: dict) -> str:
    return '<p class="callout-title">'


def _callout_title_close(self: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict,
                         env: dict) -> str:
    """The title; after a folded callout's, its body opens as the slide's next fragment."""
    if idx >= 3 and _folded_on_slide(tokens, idx - 3, env, env.get("quotes", [])[:-1]):
        return '</p>\n<div class="callout-body fragment">\n'
    return "</p>\n"


def _folded_on_slide(tokens: list[Token], idx: int, env: dict, around: list[str]) -> bool:
    """Whether the callout opened at ``idx`` is folded (``[!tip]-``) on a slide of the deck,
    with a body to reveal: its title stays, its body comes at the next click. Answers are a
    fragment whole; on paper, in the speaker notes and for ``+`` every body is shown at once.
    ``around``: the closing tags of the quotes and asides it is inside."""
    found = callout(tokens[idx]) if tokens[idx].type == "blockquote_open" else None
    if found is None or found.fold != "-" or found.kind in (HANDOUT, *ANSWER_KINDS):
        return False
    if env["target"].audience != "deck" or annotation(tokens[idx]).in_notes \
            or "</aside>\n" in around:
        return False
    titled = idx + 3 < len(tokens) and tokens[idx + 1].type == "callout_title_open" \
        and tokens[idx + 3].type == "callout_title_close"
    return titled and idx + 4 < len(tokens) and tokens[idx + 4].type != "blockquote_close"


def _ordered_list_open(self: RendererHTML, tokens: list[Token], idx: int,
                       options: OptionsDict, env: dict) -> str:
    """On paper a list that starts at N also resets its counter: WeasyPrint ignores ``start``
    (a quiz split in two slides goes on at 4 in the PDFs as in the deck)."""
    html = self.renderToken(tokens, idx, options, env)
    start = tokens[idx].attrGet("start")
    if env["target"].audience == "deck" or start is None or not str(start).isdigit():
        return html
    return html.replace("<ol", f'<ol style="counter-reset: list-item {int(start) - 1}"', 1)


def _div_open(self: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict,
              env: dict) -> str:
    """A fenced div (``divs.py``); a fragment on a slide, not in the speaker notes."""
    token = tokens[idx]
    div = div_of(token) or Div(())
    return open_html(div, div_context(env), fragments=_on_slide(token, env))


def _div_close(self: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict,
               env: dict) -> str:
    return close_html(div_context(env))


def _list_item_open(self: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict,
                    env: dict) -> str:
    """A list item is a fragment in an ``incremental`` div, or everywhere with
    ``slides.incremental`` (not in a ``nonincremental`` div), on a slide."""
    token = tokens[idx]
    fragment = _on_slide(token, env) and \
        items_are_fragments(div_context(env), env["target"].incremental)
    if not fragment:
        return self.renderToken(tokens, idx, options, env)
    parsed = token.attrs  # the parsed token serves every page: its attributes stay as parsed
    token.attrs = dict(parsed)
    token.attrJoin("class", "fragment")
    try:
        return self.renderToken(tokens, idx, options, env)
    finally:
        token.attrs = parsed


def _on_slide(token: Token, env: dict) -> bool:
    """On a slide, not in its speaker notes (``parsing.py`` marks those): fragments are marked
    on paper too, where no stylesheet hides them (the slides PDF prints the final state, or
    each step with ``handouts.fragments: steps``)."""
    return not annotation(token).in_notes


RULES = {
    "text": _text,
    "ordered_list_open": _ordered_list_open,
    "softbreak": _softbreak,
    "code_inline": _code_inline,
    "emoji": _emoji,
    "wikilink": _wikilink,
    "wikiembed": _wikiembed,
    "embed_open": _embed_open,
    "embed_close": _embed_close,
    "image": _image,
    "paragraph_open": _paragraph_open,
    "paragraph_close": _paragraph_close,
    "link_open": _link_open,
    "link_close": _link_close,
    "html_inline": _raw_html,
    "html_block": _raw_html,
    "fence": _fence,
    "blockquote_open": _blockquote_open,
    "blockquote_close": _blockquote_close,
    "callout_title_open": _callout_title_open,
    "callout_title_close": _callout_title_close,
    "math_inline": render_math_inline,
    "math_inline_double": render_math_inline,
    "math_block": render_math_block,
    "div_open": _div_open,
    "div_close": _div_close,
    "list_item_open": _list_item_open,
}
