"""What pages show of the model, shared by the deck, the landing page and the PDFs.

View objects are frozen dataclasses the templates read; the functions build them from the model
and the page's ``Target`` (how it links chapters, files and emoji).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from markdown_it.token import Token
from markupsafe import Markup, escape

from .fit import fit_slide, side_first, visible_lines
from .handout_kinds import KINDS
from .html import Target, render_blocks, render_inline
from .markdown.blocks import top_level_blocks
from .markdown.pauses import with_pauses
from .model import Chapter, Course, Section, Slide
from .slide_settings import SlideLook, slide_look

EMOJI_CREDIT = "Emoji: Twemoji, © Twitter, Inc and other contributors, CC-BY 4.0"
EMOJI_CREDIT_URL = "https://github.com/jdecked/twemoji"


@dataclass(frozen=True)
class SlideView:
    id: str
    kind: str
    line: int
    scale: float  # the build's estimate of the scale the body needs (fit.js measures)
    heading: Markup
    eyebrow: Markup
    subtitle: Markup
    body: Markup
    notes: Markup
    look: SlideLook = SlideLook()  # the slide's directives: background, transition


@dataclass(frozen=True)
class SectionView:
    id: str  # set when no slide of the section carries the heading's anchor itself
    anchor: str
    heading: Markup
    is_resources: bool
    slides: list[SlideView]


@dataclass(frozen=True)
class CourseView:
    """What every page says of the course (deck, landing page, PDFs)."""

    title: str
    title_html: Markup
    subtitle: str
    short_title: str
    author: str
    date: str
    lang: str
    theme: str
    slide_numbers: bool
    extra_css: list[str]  # URLs of the course's stylesheets
    logo: str  # URL of the logo, or ""


def course_view(course: Course, target: Target) -> CourseView:
    config = course.config
    index = course.index
    has_title = index is not None and index.title is not None
    title_html = render_inline(index.title.inline, target) if has_title else escape(config.title)
    return CourseView(
        title=config.title, title_html=Markup(title_html), subtitle=config.subtitle,
        short_title=config.title.split(" - ")[0], author=config.author, date=config.date,
        lang=config.lang, theme=config.theme, slide_numbers=config.slides.slide_numbers,
        extra_css=[used_file(path, target) for path in course.extra_css],
        logo=used_file(course.logo, target) if course.logo else "",
    )


def used_file(path: Path, target: Target) -> str:
    """The URL a page uses for one of the course's files (which the deck then copies)."""
    target.used_files.add(path)
    return target.file_src(path)


def section_view(section: Section, target: Target, leave_out: Slide | None = None) -> SectionView:
    """A section's slides (but ``leave_out``, which the page shows elsewhere)."""
    eyebrow = render_inline(section.heading.inline, target) if section.heading else ""
    views = [slide_view(slide, eyebrow, target) for slide in section.slides
             if slide is not leave_out]
    anchor = section.heading.anchor if section.heading else ""
    own_slide = any(view.id == anchor for view in views)
    return SectionView("" if own_slide else anchor, anchor, Markup(eyebrow),
                       section.is_resources, views)


def slide_view(slide: Slide, eyebrow: str, target: Target) -> SlideView:
    heading = render_inline(slide.heading.inline, target) if slide.heading else ""
    show_eyebrow = slide.kind in ("slide", "continuation")
    fit = fit_slide(slide, target.slide_size)
    target.diagram_sizes.update(fit.sizes)
    target.diagram_side.update(fit.side)
    return SlideView(
        id=slide.anchor, kind=slide.kind, line=slide.line, scale=fit.scale,
        heading=Markup(heading), eyebrow=Markup(eyebrow if show_eyebrow else ""),
        subtitle=Markup(render_blocks(slide.subtitle, target)),
        body=Markup(render_blocks(with_pauses(side_first(slide.body, fit)), target)),
        notes=Markup(render_blocks(slide.notes, target)),
        look=slide_look([*slide.subtitle, *slide.body, *slide.notes], target),
    )


def navigation_slide(chapter: Chapter) -> Slide | None:
    """The line of links after a chapter's final ``---`` (previous chapter, index, next): a
    deck shows it in its footer, on every slide, rather than as a slide of its own."""
    last = chapter.slides[-1] if chapter.slides else None
    if last is None or last.kind != "continuation" or last.notes or not last.body:
        return None
    blocks = list(top_level_blocks(last.body))
    if len(blocks) > NAVIGATION_LINES or not all(_is_link_line(block) for block in blocks):
        return None
    return last


NAVIGATION_LINES = 2  # at most this many paragraphs of links after the final ``---``
NAVIGATION_CHARS = 240  # and this many characters of text in each


def _is_link_line(block: list[Token]) -> bool:
    if block[0].type != "paragraph_open":
        return False
    children = block[1].children or []
    links = any(child.type in ("link_open", "wikilink") for child in children)
    return links and sum(len(line) for line in visible_lines(block[1])) <= NAVIGATION_CHARS


def navigation_html(slide: Slide | None, target: Target) -> Markup:
    """The links of a chapter's navigation line, inline (its paragraphs joined by " · ")."""
    if slide is None:
        return Markup("")
    lines = [render_inline(block[1], target) for block in top_level_blocks(slide.body)]
    return Markup(" · ".join(lines))


LABELS = {
    "fr": {"deck": "Diaporama",
           "help": "Dans un diaporama : flèches pour avancer, S pour les notes de l'orateur, "
                   "Échap pour la vue d'ensemble, F pour le plein écran.",
           "fonts": "Polices : Inter et JetBrains Mono (SIL Open Font License)",
           "contents": "Sommaire", "resources": "Ressources", "chapter": "Chapitre {n}",
           "failed": "Non construit : la dernière construction a échoué (voir les erreurs).",
           "failed_previous": "La dernière construction a échoué (voir les erreurs) : "
                              "liens vers la version précédente.",
           "no_paper": "Pas de PDF : trop long pour le papier (voir les erreurs).",
           "no_paper_previous": "PDF : version précédente, le chapitre est devenu trop long pour "
                                "le papier (voir les erreurs).",
           "previous": "version précédente",
           "instructor_notes": "Notes de l'enseignant", "planned": "Durée prévue :",
           "answers": "Réponses", "instructor_edition": "Édition de l'enseignant",
           "slide": "Diapositive {n}",
           "slide_titled": "Diapositive {n}\N{NO-BREAK SPACE}: {title}"},
    "en": {"deck": "Slides",
           "help": "In a deck: arrow keys to move, S for speaker notes, Esc for the overview, "
                   "F for full screen.",
           "fonts": "Fonts: Inter and JetBrains Mono (SIL Open Font License)",
           "contents": "Contents", "resources": "Resources", "chapter": "Chapter {n}",
           "failed": "Not built: the last build failed (see the errors).",
           "failed_previous": "The last build failed (see the errors): these links are the "
                              "previous version.",
           "no_paper": "No PDF: too long to print (see the errors).",
           "no_paper_previous": "PDFs: previous version, the chapter has grown too long to "
                                "print (see the errors).",
           "previous": "previous version",
           "instructor_notes": "Instructor's notes", "planned": "Planned duration:",
           "answers": "Answers", "instructor_edition": "Instructor's edition",
           "slide": "Slide {n}", "slide_titled": "Slide {n}: {title}"},
}


def labels_for(lang: str) -> dict[str, str]:
    """The page's words in ``lang``, and each handout kind's label under the kind's name."""
    kinds = {kind.name: kind.label_for(lang) for kind in KINDS}
    return {**LABELS.get(lang.split("-")[0], LABELS["en"]), **kinds}
