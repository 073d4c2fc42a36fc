"""Fragments on paper, whatever made them (a pause, a directive, an incremental list, a folded
callout, code highlight steps): a fragment is any element of a slide's HTML with the class
``fragment``. The slides PDF prints a slide in its final state (no stylesheet of the PDFs hides
a fragment); with ``handouts.fragments: steps`` it prints one page per step instead, as the
deck shows them click after click: the first page before any click, then one page per group
of fragments in reveal.js's order (those with ``data-fragment-index`` by index, equal indices
together, then the others in the order of the page). A fragment still to come keeps its room,
unseen (``print.css``); one that is on the slide before its click (``fade-out``, a highlight,
``strike``) is shown on every page, its effect drawn from its step on (in the final state, a
highlight's colour and a strike; no page loses a fragment's content, one that fades out
included)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from markdown_it.token import Token
from markupsafe import Markup

from .markdown.callouts import ANSWER_KINDS, callout

if TYPE_CHECKING:
    from .handouts import SlidePage
    from .model import Chapter
    from .slide_scale import Fitting
    from .views import SlideView

FRAGMENT = "fragment"
# Styles whose element is on the slide before its click (it fades out, changes colour, is
# struck through, grows or shrinks): a later step never hides it, it only marks it "later"
# (print.css draws a highlight or a strike once its click has come, as in the final state).
SHOWN_BEFORE = frozenset((
    "fade-out", "semi-fade-out", "highlight-red", "highlight-green", "highlight-blue",
    "highlight-current-red", "highlight-current-green", "highlight-current-blue", "strike",
    "grow", "shrink"))
HIDDEN = " data-step-hidden"  # print.css: .fragment[data-step-hidden] keeps its room, unseen
LATER = " data-step-later"  # print.css: its effect is not drawn yet
FIELDS = ("heading", "subtitle", "body")  # a slide's HTML, in the order of its page


@dataclass(frozen=True)
class Fragment:
    """A fragment's start tag in a slide's HTML."""

    field: str  # which of the slide's FIELDS holds it
    offset: int  # where its start tag begins in that field's HTML
    name_end: int  # offset just after the tag's name
    index: int | None  # its data-fragment-index, if written
    order: int  # its place in the page
    shown_before: bool  # visible before its click


class _FragmentFinder(HTMLParser):
    """The start tags with the class ``fragment``, outside the speaker notes (``aside``)."""

    def __init__(self, field: str, html: str, first: int) -> None:
        super().__init__(convert_charrefs=True)
        self.field, self.first = field, first
        self.lines = [0]  # where each line starts (HTMLParser counts lines by "\n")
        for line in html.split("\n"):
            self.lines.append(self.lines[-1] + len(line) + 1)
        self.found: list[Fragment] = []
        self.notes = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "aside":
            self.notes += 1
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        if self.notes or FRAGMENT not in classes:
            return
        line, column = self.getpos()
        offset = self.lines[line - 1] + column
        index = values.get("data-fragment-index") or ""
        self.found.append(Fragment(
            self.field, offset, offset + 1 + len(tag),
            int(index) if index.strip().isdigit() else None,
            self.first + len(self.found), bool(SHOWN_BEFORE & set(classes))))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        notes = self.notes
        self.handle_starttag(tag, attrs)
        self.notes = notes  # <aside/> opens nothing

    def handle_endtag(self, tag: str) -> None:
        if tag == "aside" and self.notes:
            self.notes -= 1


def fragments(slide: SlideView) -> list[Fragment]:
    """The slide's fragments, in the order of its page."""
    found: list[Fragment] = []
    for field in FIELDS:
        finder = _FragmentFinder(field, str(getattr(slide, field)), len(found))
        finder.feed(str(getattr(slide, field)))
        finder.close()
        found += finder.found
    return found


def step_of(found: list[Fragment]) -> dict[int, int]:
    """Each fragment's step (1: the first click), by its order: reveal.js's sortFragments."""
    indices = sorted({f.index for f in found if f.index is not None})
    steps = {f.order: indices.index(f.index) + 1 for f in found if f.index is not None}
    unindexed = [f for f in found if f.index is None]
    steps.update({f.order: len(indices) + n for n, f in enumerate(unindexed, start=1)})
    return steps


def at_step(slide: SlideView, found: list[Fragment], steps: dict[int, int],
            shown: int) -> SlideView:
    """The slide after ``shown`` clicks: the fragments of later steps hidden."""
    changes: dict[str, Markup] = {}
    for field in FIELDS:
        html = str(getattr(slide, field))
        later = [f for f in found if f.field == field and steps[f.order] > shown]
        for fragment in sorted(later, key=lambda f: f.offset, reverse=True):
            mark = LATER if fragment.shown_before else HIDDEN
            html = html[: fragment.name_end] + mark + html[fragment.name_end :]
        changes[field] = Markup(html)
    return replace(slide, **changes)


def stepped_pages(pages: list[SlidePage], fitting: Fitting) -> tuple[list[SlidePage], Fitting]:
    """One page per step of each slide (the slide's number kept), and the fitting of the slide
    given to each of its steps: a step is laid out as the final state is."""
    from .slide_scale import Fitting
    out: list[SlidePage] = []
    fits = dict(fitting.fits)
    wraps = list(fitting.wraps)
    for page in pages:
        found = fragments(page.slide) if page.slide is not None else []
        if not found:
            out.append(page)
            continue
        steps = step_of(found)
        for shown in range(max(steps.values()) + 1):
            page_id = page.page_id if shown == 0 else f"{page.page_id}-step-{shown}"
            slide = at_step(page.slide, found, steps, shown)
            slide = slide if shown == 0 else replace(slide, id="")  # one anchor: the first's
            out.append(replace(page, slide=slide, page_id=page_id))
            if shown and page.page_id in fits:
                fits[page_id] = fits[page.page_id]
            if shown:
                wraps += [_renamed(w, page.page_id, page_id) for w in fitting.wraps
                          if w.startswith(f"#{page.page_id} ")]
    return out, Fitting(tuple(wraps), fits)


def _renamed(selector: str, old: str, new: str) -> str:
    return f"#{new}" + selector[len(old) + 1 :]


def extra_pages(chapter: Chapter) -> int:
    """About how many pages the steps add to a chapter's slides PDF, before it is rendered (the
    paper bound): a page per fragment the Markdown shows, at most."""
    return sum(_clicks([*slide.body]) for slide in chapter.slides)


def _clicks(tokens: list[Token]) -> int:
    count = 0
    for token in tokens:
        for part in [token, *(token.children or [])]:
            classes = str(part.attrGet("class") or "").split()
            wrap = (part.meta or {}).get("directive_wrap")
            count += part.type == "pause" and part.level == 0
            count += FRAGMENT in classes or (wrap is not None and FRAGMENT in str(wrap.attrs))
            found = callout(part) if part.type == "blockquote_open" else None
            count += found is not None and (found.fold == "-" or found.kind in ANSWER_KINDS)
    return count
