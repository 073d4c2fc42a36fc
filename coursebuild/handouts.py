"""The PDFs, from one model: reading handout, slides, notes pages and the course book, in two
editions (``handout_kinds.py``): the students' (no speaker note, no answer) and the
instructor's (speaker notes set apart, answers in place and gathered at the end of the book,
planned durations from the notes' timing marks)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from functools import cache
from pathlib import Path

import jinja2
from markdown_it.token import Token
from markupsafe import Markup

from .assets import PYGMENTS_STYLES, fonts_css
from .deck import AgendaEntry, agenda, kicker, lists_incremental
from .fragment_steps import stepped_pages
from .handout_kinds import BOOK, NOTES, READING, SLIDES, STUDENTS, HandoutKind, stylesheets
from .html import Target, for_paper, pygments_css, render_blocks, render_inline
from .markdown import parser
from .markdown.annotations import annotation
from .markdown.blocks import slugify
from .markdown.callouts import answer_blocks, answer_id
from .model import Chapter, ChapterLink, Course, Section, Slide
from .paper_column import COLUMN_PX, PAGE_ROOM_PX, paper_scale
from .pdf import Layout, PdfResult, Place, html_to_pdf, lay_out, write
from .slide_scale import Measured, Render, fit_slides
from .slides_pdf import assembled
from .templating import render_template, typeset
from .views import (
    EMOJI_CREDIT,
    SectionView,
    SlideView,
    course_view,
    labels_for,
    navigation_html,
    navigation_slide,
    section_view,
)

PAPER = {"A4": "A4", "Letter": "letter"}
SLIDE_PAGE = "1280px 720px"


def handout_target(*, book: bool = False, slides: bool = False,
                   audience: str = STUDENTS) -> Target:
    """Links between chapters go to their PDFs, or inside the book; files by file: URL.
    Slides on paper size their diagrams as the deck does; documents to a page's width.
    ``audience``: the edition, students' or instructor's (what answers become)."""
    target = Target(
        chapter_href=_book_href if book else _pdf_href,
        file_src=lambda path: path.as_uri(),
        emoji_src=lambda path: path.as_uri(),
        new_tab=False,
        **({} if slides else {"diagram_box": (COLUMN_PX, PAGE_ROOM_PX), "diagram_em": 0.0}),
    )
    target.audience = audience
    return target


def _pdf_href(link: ChapterLink) -> str:
    return READING.file_name(link.stem) + (f"#{link.anchor}" if link.anchor else "")


def _book_href(link: ChapterLink) -> str:
    return f"#{book_prefix(link.stem)}{link.anchor or 'top'}"


def book_prefix(stem: str) -> str:
    return f"{slugify(stem)}--"


@dataclass(frozen=True)
class Styles:
    """What every PDF's <head> links: the CSS files and the page size."""

    css: list[str]
    paper: str
    accent: str


def styles(course: Course, chapter: Chapter | None, kind: HandoutKind,
           generated: Path) -> Styles:
    accent = (chapter.front.accent if chapter else "") or course.config.accent
    names = ("fonts.css", "pygments.css", *kind.stylesheets)
    css = [generated.joinpath(name).as_uri() for name in names]
    css += [path.as_uri() for path in course.extra_css]
    page = SLIDE_PAGE if kind.slide_page else PAPER[course.config.handouts.paper]
    return Styles(css, page, accent)


def write_generated_css(env: jinja2.Environment, folder: Path, theme: str = "light") -> None:
    """The PDFs' stylesheets, in a scratch folder the fetcher may read: rendered through the
    template environment, so a course's own ``templates/handout.css`` replaces the default."""
    folder.mkdir(parents=True, exist_ok=True)
    fonts = fonts_css(env, lambda path: path.as_uri(), woff2=False)
    (folder / "fonts.css").write_text(fonts, "utf-8")
    (folder / "pygments.css").write_text(pygments_css(PYGMENTS_STYLES[theme]), "utf-8")
    for name in stylesheets():
        (folder / name).write_text(render_template(env, name), "utf-8")


@dataclass(frozen=True)
class SlidePage:
    """A slide as the slides PDF prints it (and the notes pages show it): the slide, its
    number in the deck, and the URLs of its links."""

    slide: SlideView | None  # None: the index deck's agenda (agenda-slide.html)
    number: int
    page_id: str
    urls: list[str]


@dataclass(frozen=True)
class PrintChapterView:
    """A chapter as a PDF shows it; ``prefix`` makes its anchors unique inside the book."""

    stem: str
    prefix: str
    title: Markup
    title_text: str
    anchor: str
    subtitle: Markup
    author: str
    sections: list[SectionView]
    pages: list[SlidePage]  # the slides PDF's and the notes pages': the deck's slides
    kicker: Markup  # above the title slide's title, as in the deck: chapter number and module
    navigation: Markup  # the deck's footer links (previous, index, next), to the PDFs here
    agenda: list[AgendaEntry]  # the index's agenda slide, as in the deck, linking the PDFs
    agenda_id: str
    agenda_title: str
    agenda_line: int
    duration: Markup = Markup("")  # the instructor's edition: the chapter's planned duration
    durations: tuple[Markup, ...] = ()  # and each section's, in order ("" without marks)


def chapter_view(course: Course, chapter: Chapter, target: Target,
                 prefix: str = "") -> PrintChapterView:
    """What a PDF prints of ``chapter``; the students' edition has no speaker note at all
    (whatever a course's template prints), the instructor's has planned durations."""
    title = render_inline(chapter.title.inline, target) if chapter.title else chapter.stem
    first = chapter.slides[0] if chapter.slides else None
    subtitle = render_blocks(first.subtitle, target) if first else ""
    sections = [for_edition(section_view(section, target), target)
                for section in chapter.sections]
    entries = agenda(course, target) if chapter is course.index else []
    timed = target.audience != STUDENTS
    return PrintChapterView(
        stem=chapter.stem, prefix=prefix, title=Markup(title),
        title_text=chapter.plain_title, anchor=chapter.title.anchor if chapter.title else "",
        subtitle=Markup(subtitle), author=chapter.front.author or course.config.author,
        sections=sections, pages=slide_pages(chapter, target, agenda_slide=bool(entries)),
        kicker=kicker(course, chapter),
        navigation=navigation_html(navigation_slide(chapter), target),
        agenda=entries, agenda_id="agenda", agenda_title=labels_for(course.config.lang)["contents"],
        agenda_line=chapter.slides[0].line if chapter.slides else 1,
        duration=planned(chapter.sections, target) if timed else Markup(""),
        durations=tuple(planned([s], target) for s in chapter.sections) if timed else (),
    )


def for_edition(view: SectionView, target: Target) -> SectionView:
    """A section as ``target``'s edition prints it: the students' has no speaker notes."""
    if target.audience != STUDENTS:
        return view
    return replace(view, slides=[replace(slide, notes=Markup("")) for slide in view.slides])


def section_minutes(sections: list[Section]) -> float:
    """The planned minutes of ``sections``: the timing marks of their slides' speaker notes."""
    from .markdown.timing import minutes

    return sum(minutes(slide.notes) for section in sections for slide in section.slides)


def planned(sections: list[Section], target: Target) -> Markup:
    """"⏱ 12 min" for ``sections``' timing marks; "" when they have none."""
    total = section_minutes(sections)
    if total <= 0:
        return Markup("")
    return Markup(f"{_timer(target)}\N{NO-BREAK SPACE}") + format_minutes(total, target.lang)


def format_minutes(total: float, lang: str) -> str:
    """12 min, 2,5 min (French decimal comma), 45 s, 1 h 05: as a lecturer reads a plan."""
    if total < 1:
        return f"{round(total * 60)}\N{NO-BREAK SPACE}s"
    if total >= 60:
        hours, rest = divmod(round(total), 60)
        return f"{hours}\N{NO-BREAK SPACE}h\N{NO-BREAK SPACE}{rest:02d}"
    shown = f"{round(total, 1):g}"
    if lang.split("-")[0] == "fr":
        shown = shown.replace(".", ",")
    return f"{shown}\N{NO-BREAK SPACE}min"


def _timer(target: Target) -> str:
    """The stopwatch drawn as the content's emoji are (an image, whatever the fonts)."""
    return render_inline(_stopwatch(), target)


@cache
def _stopwatch() -> Token:
    return parser().parseInline("\N{STOPWATCH}\N{VARIATION SELECTOR-16}")[0]


def slide_pages(chapter: Chapter, target: Target, agenda_slide: bool = False) -> list[SlidePage]:
    """The deck's slides, numbered as the deck numbers them: the navigation line after the
    final ``---`` is the deck's footer, not a slide; the index's agenda follows its first
    section (deck.html)."""
    navigation = navigation_slide(chapter)
    views: list[tuple[Slide | None, SlideView | None]] = []
    for n, section in enumerate(chapter.sections):
        shown = for_edition(section_view(section, target, leave_out=navigation), target).slides
        views += zip(_kept(section.slides, navigation), shown, strict=True)
        views += [(None, None)] if n == 0 and agenda_slide else []
    return [SlidePage(view, n, f"page--{n}", slide_urls(slide) if slide else [])
            for n, (slide, view) in enumerate(views, start=1)]


def _kept(slides: list[Slide], left_out: Slide | None) -> list[Slide]:
    return [slide for slide in slides if slide is not left_out]


def slide_urls(slide: Slide) -> list[str]:
    """The web addresses a slide links to, each once, in reading order."""
    urls: list[str] = []
    for token in (*slide.body, *slide.subtitle):
        for child in token.children or ():
            href = str(child.attrGet("href") or "") if child.type == "link_open" else ""
            refused = annotation(child).refused if href else True
            if href.startswith(("http://", "https://")) and not refused and href not in urls:
                urls.append(href)
    return urls


def render_reading(env: jinja2.Environment, course: Course, chapter: Chapter,
                   generated: Path) -> str:
    return render_chapter(env, course, chapter, generated, READING)


def render_slides(env: jinja2.Environment, course: Course, chapter: Chapter,
                  generated: Path) -> str:
    return render_chapter(env, course, chapter, generated, SLIDES)


def render_notes(env: jinja2.Environment, course: Course, chapter: Chapter,
                 generated: Path) -> str:
    return render_chapter(env, course, chapter, generated, NOTES)


def render_chapter(env: jinja2.Environment, course: Course, chapter: Chapter, generated: Path,
                   kind: HandoutKind) -> str:
    """A chapter's PDF of ``kind``, as HTML for WeasyPrint."""
    return printed_chapter(env, course, chapter, kind, Place(course.root, generated,
                                                              generated)).html


@dataclass(frozen=True)
class PrintedChapter:
    """A chapter's PDF of a kind before it is laid out: its HTML and, for the slides PDF, what
    the fit measure laid out of it already (``slides_pdf.py``)."""

    html: str
    measured: Measured | None = None  # the slides PDF's, measured in this place
    render: Render | None = None  # its HTML with other fit CSS (render(None, css))
    own_styles: bool = False  # styled by the package's stylesheets and templates alone
    view: PrintChapterView | None = None  # a reading's chapter (the book's contents list it)

    def laid_out(self, place: Place) -> Layout | None:
        """The pages, put together from the measure's where that is provably the same."""
        if self.measured is None or self.render is None:
            return None
        return assembled(self.measured, self.render, place, own_styles=self.own_styles)


def chapter_pdf(env: jinja2.Environment, course: Course, chapter: Chapter, kind: HandoutKind,
                place: Place, slides: bytes | None = None) -> PdfResult:
    """A chapter's PDF of ``kind``, laid out in ``place``: the slides PDF from the pages its
    fit measure laid out, where it can; the notes pages with their thumbnails painted from
    ``slides`` (the chapter's slides PDF, just made), where they can (``notes_pdf.py``)."""
    if slides is not None and stamps_thumbnails(course, kind):
        made = _stamped_notes(env, course, chapter, kind, place, slides)
        if made is not None:
            return made
    if not kind.slide_diagrams:  # a reading: laid out once for itself and its book
        from .reading_pdf import reading_pdf

        return reading_pdf(env, course, chapter, kind, place)
    printed = printed_chapter(env, course, chapter, kind, place)
    return html_to_pdf(printed.html, place.course_root, place.extra, place.out_dir,
                       epoch=place.epoch, fit_pages=not kind.slide_diagrams,
                       laid_out=printed.laid_out(place), repeated_images=kind.slide_diagrams)


def stamps_thumbnails(course: Course, kind: HandoutKind) -> bool:
    """Whether ``kind``'s thumbnails may be the slides PDF's pages: the notes pages of the
    slides PDF's edition, styled by the package alone (a course's stylesheet or template may
    style a thumbnail apart from its slide), a page per slide (no fragment steps)."""
    return (kind.slide_diagrams and not kind.slide_page and kind.audience == SLIDES.audience
            and styled_by_package(course) and course.config.handouts.fragments != "steps")


def styled_by_package(course: Course) -> bool:
    """Whether the package's stylesheets and templates alone style ``course``'s PDFs (no
    stylesheet of its own, no templates folder)."""
    return not course.extra_css and not (course.root / "templates").exists()


def _stamped_notes(env: jinja2.Environment, course: Course, chapter: Chapter,
                   kind: HandoutKind, place: Place, slides: bytes) -> PdfResult | None:
    from .notes_pdf import stampable, stamped, thumbnails

    printed = printed_chapter(env, course, chapter, kind, place, stamped=True)
    layout = lay_out(printed.html, place)
    places = thumbnails(layout.document)
    page_ids = [thumbnail.page_id for thumbnail in places]
    if not stampable(slides, page_ids, places):
        return None
    made = write(layout, place, repeated_images=True)
    return PdfResult(stamped(made.data, slides, page_ids, places), made.refused)


def printed_chapter(env: jinja2.Environment, course: Course, chapter: Chapter,
                    kind: HandoutKind, place: Place, *, stamped: bool = False) -> PrintedChapter:
    """A chapter's PDF of ``kind`` before layout; the slides are measured in ``place``.
    ``stamped``: the notes pages with empty thumbnails, to be painted (``notes_pdf.py``)."""
    target = handout_target(slides=kind.slide_diagrams, audience=kind.audience)
    target.lang = course.config.lang
    target.incremental = lists_incremental(course, chapter)  # the slides PDF's steps see them
    if not kind.slide_diagrams:  # a document; slides keep the deck's rules (never hyphenated)
        target.diagram_scale = paper_scale(chapter.diagrams)
        for_paper(target, [chapter], course.config.handouts.no_hyphenation, qr_codes=True)
    view = chapter_view(course, chapter, target)
    page = {"course": course_view(course, target), "instructor": kind.instructor,
            "speaker": kind.instructor,  # the notes pages print the notes: the lecturer's
            "labels": labels_for(course.config.lang),
            **asdict(styles(course, chapter, kind, place.extra))}
    if not kind.slide_diagrams:  # laid out without its footer, stamped later (reading_pdf.py)
        return PrintedChapter(render_template(env, kind.template, chapter=view,
                                              fits=Markup(""), part_css=reading_strings(
                                                  course, chapter, kind), **page), view=view)
    if stamped and kind != SLIDES:
        return PrintedChapter(render_template(env, kind.template, chapter=view, fits=Markup(""),
                                              stamped=True, **page))
    render = _slides_renderer(env, view, {**page, **asdict(styles(course, chapter, SLIDES,
                                                                   place.extra))})
    key = f"{slides_key(course, chapter)}\n{kind.audience}"
    measured = fit_slides(render, place, key)
    if kind != SLIDES:
        return PrintedChapter(render_template(env, kind.template, chapter=view,
                                              fits=Markup(measured.fitting.css()), **page))
    if course.config.handouts.fragments == "steps":  # more pages than slides: laid out anew
        pages, fitting = stepped_pages(view.pages, measured.fitting)
        return PrintedChapter(render(None, fitting.css(), pages))
    return PrintedChapter(render(None, measured.fitting.css()), measured, render,
                          styled_by_package(course))


def _slides_renderer(env: jinja2.Environment, view: PrintChapterView,
                     page: dict) -> Callable[..., str]:
    """The slides PDF's HTML (slides-print.html), of the slides whose page ids are given
    (None: all), with the given fit CSS: what fit.js does to the chapter's slides is measured
    on it (``slide_scale.py``); the notes pages' thumbnails are those pages, smaller (an
    edition's own: the instructor's show the answers)."""

    def render(only: set[str] | None, css: str,
               pages: list[SlidePage] | None = None) -> str:
        shown = [p for p in pages or view.pages if only is None or p.page_id in only]
        return render_template(env, SLIDES.template, chapter=replace(view, pages=shown),
                               fits=Markup(css), **page)

    return render


def slides_key(course: Course, chapter: Chapter) -> str:
    """What a chapter's slides say, for the measures a build shares between its PDFs."""
    words = [str(course.root), chapter.stem]
    for slide in chapter.slides:
        words += [slide.kind, slide.heading.text if slide.heading else ""]
        words += [token.content for token in (*slide.subtitle, *slide.body)]
    return "\n".join(words)


def reading_strings(course: Course, chapter: Chapter, kind: HandoutKind) -> Markup:
    """The running headers' strings a reading sets on its first page, as the book's pages
    of that chapter carry them: the course's name (but in the index, which bears the course's
    title: handout-chapter.html), and the instructor's edition."""
    edition = labels_for(course.config.lang)["instructor_edition"] if kind.instructor else ""
    named = chapter.plain_title.strip() != course.config.title.strip()
    return strings_css(typeset(course.config.title, course.config.lang) if named else "",
                       edition)


def strings_css(course_name: str, edition: str) -> Markup:
    """CSS that sets a part's running strings (handout.css: string(course), string(edition))
    to what the book's earlier pages set them to."""
    pairs = [f"{name} {css_string(text)}" for name, text in (("course", course_name),
                                                              ("edition", edition)) if text]
    return Markup(f" body {{ string-set: {', '.join(pairs)}; }}" if pairs else "")


def css_string(text: str) -> str:
    """``text`` as a CSS string, every character but ASCII letters and digits escaped (it
    goes inside a <style> element: no markup can close it); a space too, since one after an
    escape ends it and would be lost ("- L'" read as "-L'")."""
    return '"' + "".join(c if c.isalnum() and c.isascii() else f"\\{ord(c):06x}"
                         for c in text) + '"'


def render_book(env: jinja2.Environment, course: Course, generated: Path,
                kind: HandoutKind = BOOK) -> str:
    """The whole course in one PDF, in ``kind``'s edition; the instructor's gathers the
    answers at its end, each linking back to where it is."""
    target = book_target(course, course.chapters, kind)
    chapters = [book_chapter(course, c, book_target(course, [c], kind)) for c in course.chapters]
    answers = gathered_answers(course, target) if kind.instructor else []
    return render_template(
        env, kind.template, course=course_view(course, target), chapters=chapters,
        answers=answers, instructor=kind.instructor,
        labels=labels_for(course.config.lang), credits=EMOJI_CREDIT,
        **asdict(styles(course, None, kind, generated)))


def book_target(course: Course, chapters: list[Chapter], kind: HandoutKind,
                chapter_href: Callable[[ChapterLink], str] | None = None) -> Target:
    """The book's target for ``chapters``: their names kept whole, their resources' QR codes
    and their diagrams' one scale (a chapter's, as its reading handout has: one chapter's
    edit changes no other's pages)."""
    target = handout_target(book=True, audience=kind.audience)
    target.chapter_href = chapter_href or target.chapter_href
    target.lang = course.config.lang
    for_paper(target, chapters, course.config.handouts.no_hyphenation, qr_codes=True)
    target.diagram_scale = paper_scale([d for c in chapters for d in c.diagrams])
    return target


def book_chapter(course: Course, chapter: Chapter, target: Target) -> PrintChapterView:
    """A chapter of the book: its ids (its answers' too) carry its prefix."""
    target.anchor_prefix = book_prefix(chapter.stem)
    try:
        return chapter_view(course, chapter, target, target.anchor_prefix)
    finally:
        target.anchor_prefix = ""


@dataclass(frozen=True)
class GatheredAnswer:
    """An answer or solution as the instructor's book repeats it at its end."""

    body: Markup
    href: str  # the answer in its chapter
    where: Markup  # the heading it is under there


@dataclass(frozen=True)
class ChapterAnswers:
    title: Markup
    href: str
    answers: list[GatheredAnswer]


GATHERED = "gathered-"  # before the ids of the answers' copies: the book's ids stay unique


def gathered_answers(course: Course, target: Target, jump: str = "#") -> list[ChapterAnswers]:
    """Every chapter's answers and solutions, in order, each with a link to where it is
    (``jump``: before the anchor; the book's parts link through a marker file)."""
    groups = []
    for chapter in course.chapters:
        prefix = book_prefix(chapter.stem)
        target.anchor_prefix = GATHERED + prefix
        try:
            answers = [GatheredAnswer(Markup(render_blocks(block, target)),
                                      f"{jump}{answer_id(block[0], prefix)}", where)
                       for block, where in _answers_of(chapter, target)]
        finally:
            target.anchor_prefix = ""
        if answers:
            title = render_inline(chapter.title.inline, target) if chapter.title else \
                chapter.stem
            groups.append(ChapterAnswers(Markup(title), f"{jump}{prefix}top", answers))
    return groups


def _answers_of(chapter: Chapter, target: Target) -> list[tuple[list, Markup]]:
    """The answer callouts of ``chapter``'s slides (body, then notes), each with the heading
    it is under: its slide's, else the last one before it."""
    found = []
    where = Markup(render_inline(chapter.title.inline, target)) if chapter.title else \
        Markup(chapter.stem)
    for section in chapter.sections:
        for slide in section.slides:
            heading = slide.heading or (section.heading if slide is section.slides[0] else None)
            where = Markup(render_inline(heading.inline, target)) if heading else where
            found += [(block, where) for block in answer_blocks([*slide.body, *slide.notes])]
    return found
