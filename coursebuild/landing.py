"""The course's landing page, ``slides/index.html``: every chapter with its deck and handouts."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
from markupsafe import Markup

from .emoji import CREDIT, CREDIT_URL
from .errors import Diagnostics
from .handout_kinds import BOOK, CHAPTER_KINDS
from .html import Target, render_inline
from .model import Course
from .templating import render_template

if TYPE_CHECKING:
    from .deck import CourseView

LABELS = {
    "fr": {"deck": "Diaporama",
           "help": "Dans un diaporama : flèches pour avancer, S pour les notes de l'orateur, "
                   "Échap pour la vue d'ensemble, F pour le plein écran.",
           "fonts": "Polices : Inter et JetBrains Mono (SIL Open Font License)",
           "contents": "Sommaire", "resources": "Ressources",
           "failed": "Non construit : la dernière construction a échoué (voir les erreurs).",
           "failed_previous": "La dernière construction a échoué (voir les erreurs) : "
                              "liens vers la version précédente.",
           "no_paper": "Pas de PDF : trop long pour le papier (voir les erreurs).",
           "no_paper_previous": "PDF : version précédente, le chapitre est devenu trop long pour "
                                "le papier (voir les erreurs).",
           "previous": "version précédente"},
    "en": {"deck": "Slides",
           "help": "In a deck: arrow keys to move, S for speaker notes, Esc for the overview, "
                   "F for full screen.",
           "fonts": "Fonts: Inter and JetBrains Mono (SIL Open Font License)",
           "contents": "Contents", "resources": "Resources",
           "failed": "Not built: the last build failed (see the errors).",
           "failed_previous": "The last build failed (see the errors): these links are the "
                              "previous version.",
           "no_paper": "No PDF: too long to print (see the errors).",
           "no_paper_previous": "PDFs: previous version, the chapter has grown too long to "
                                "print (see the errors).",
           "previous": "previous version"},
}


@dataclass(frozen=True)
class HandoutLink:
    label: str
    href: str


@dataclass(frozen=True)
class Entry:
    title: Markup
    deck: str  # "" when the chapter has no deck on disk
    is_index: bool
    handouts: list[HandoutLink]
    failed: bool = False  # the chapter's last build failed: its outputs, if any, are older
    links: list[HandoutLink] = field(default_factory=list)  # the deck, then the handouts
    paper_note: str = ""  # why the chapter has no PDFs, or only older ones


@dataclass(frozen=True)
class Outputs:
    """What the landing page may link: the files that exist once this build is written."""

    decks: set[str]  # deck file names in slides/
    pdfs: set[str]  # PDF file names in handouts/
    failed: set[str]  # stems of the chapters whose build failed
    no_paper: set[str] = field(default_factory=set)  # stems too long for paper (deck built)


def landing_outputs(course: Course, out: Path, pages: set[str], diagnostics: Diagnostics,
                    no_paper: set[str]) -> Outputs:
    """The decks and PDFs that exist once this build's pages are written."""
    stems = course.chapter_files or {c.stem: c.path for c in course.chapters}
    decks = {f"{stem}.html" for stem in stems
             if f"{stem}.html" in pages or (out / "slides" / f"{stem}.html").is_file()}
    pdfs = {p.name for p in (out / "handouts").glob("*.pdf")}
    failed = {stem for stem, path in stems.items() if diagnostics.errors_in(path)}
    return Outputs(decks, pdfs, failed, no_paper)


def labels_for(lang: str) -> dict[str, str]:
    """The page's words in ``lang``, and each handout kind's label under the kind's name."""
    kinds = {kind.name: kind.label_for(lang) for kind in (*CHAPTER_KINDS, BOOK)}
    return {**LABELS.get(lang.split("-")[0], LABELS["en"]), **kinds}


def render_landing(env: jinja2.Environment, course: Course, target: Target, outputs: Outputs,
                   course_view: CourseView) -> str:
    labels: dict = labels_for(course.config.lang)
    book = BOOK.file_name() in outputs.pdfs
    if book:  # its emoji drawn like the content's (Twemoji), not left to the reader's fonts
        labels = {**labels, "course_pdf": _with_emoji(labels[BOOK.name], target)}
    stems = list(course.chapter_files) or [chapter.stem for chapter in course.chapters]
    entries = [_entry(stem, course, target, outputs, labels) for stem in stems]
    return render_template(
        env, "index.html", course=course_view, entries=entries, labels=labels,
        course_pdf=f"../handouts/{BOOK.file_name()}" if book else "",
        course_pdf_previous=book and bool(outputs.failed),
        credits={"emoji": CREDIT, "emoji_url": CREDIT_URL, "fonts": labels["fonts"]},
    )


def _with_emoji(text: str, target: Target) -> Markup:
    from .markdown import parser

    inline = parser().parseInline(text)[0]
    return Markup(render_inline(inline, target))


def _entry(stem: str, course: Course, target: Target, outputs: Outputs, labels: dict) -> Entry:
    chapter = course.chapter(stem)
    title = render_inline(chapter.title.inline, target) if chapter and chapter.title else stem
    handouts = [HandoutLink(labels[kind.name], f"../handouts/{kind.file_name(stem)}")
                for kind in CHAPTER_KINDS if kind.file_name(stem) in outputs.pdfs]
    deck = f"{stem}.html" if f"{stem}.html" in outputs.decks else ""
    is_index = chapter is not None and chapter is course.index
    links = [HandoutLink(labels["deck"], deck)] if deck else []
    return Entry(Markup(title), deck, is_index, handouts, stem in outputs.failed,
                 links + handouts, _paper_note(stem, outputs, handouts, labels))


def _paper_note(stem: str, outputs: Outputs, handouts: list[HandoutLink], labels: dict) -> str:
    if stem not in outputs.no_paper or stem in outputs.failed:
        return ""
    return labels["no_paper_previous"] if handouts else labels["no_paper"]
