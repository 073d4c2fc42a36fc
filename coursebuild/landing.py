"""The course's landing page, ``slides/index.html``: every chapter with its deck and handouts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from .emoji import CREDIT, CREDIT_URL
from .html import Target, render_inline
from .model import Course
from .templating import render_template

LABELS = {
    "fr": {"deck": "Diaporama", "reading": "Polycopié (PDF)", "slides": "Diapositives (PDF)",
           "notes": "Notes (PDF)", "course_pdf": "📘 Le module complet en un PDF",
           "help": "Dans un diaporama : flèches pour avancer, S pour les notes de l'orateur, "
                   "Échap pour la vue d'ensemble, F pour le plein écran.",
           "fonts": "Polices : Inter et JetBrains Mono (SIL Open Font License)",
           "contents": "Sommaire", "resources": "Ressources"},
    "en": {"deck": "Slides", "reading": "Handout (PDF)", "slides": "Slides (PDF)",
           "notes": "Notes pages (PDF)", "course_pdf": "📘 The whole course as one PDF",
           "help": "In a deck: arrow keys to move, S for speaker notes, Esc for the overview, "
                   "F for full screen.",
           "fonts": "Fonts: Inter and JetBrains Mono (SIL Open Font License)",
           "contents": "Contents", "resources": "Resources"},
}
HANDOUT_SUFFIXES = {"reading": "", "slides": "-slides", "notes": "-notes"}


@dataclass(frozen=True)
class HandoutLink:
    label: str
    href: str


@dataclass(frozen=True)
class Entry:
    title: Markup
    deck: str
    is_index: bool
    handouts: list[HandoutLink]


def labels_for(lang: str) -> dict[str, str]:
    return LABELS.get(lang.split("-")[0], LABELS["en"])


def render_landing(env: jinja2.Environment, course: Course, target: Target, out: Path,
                   course_view: dict) -> str:
    labels = labels_for(course.config.lang)
    entries = [_entry(chapter, course, target, out, labels) for chapter in course.chapters]
    book = out / "handouts" / "course.pdf"
    return render_template(
        env, "index.html", course=course_view, entries=entries, labels=labels,
        course_pdf="../handouts/course.pdf" if book.is_file() else "",
        credits={"emoji": CREDIT, "emoji_url": CREDIT_URL, "fonts": labels["fonts"]},
    )


def _entry(chapter, course: Course, target: Target, out: Path, labels: dict) -> Entry:
    title = render_inline(chapter.title.inline, target) if chapter.title else chapter.stem
    handouts = []
    for kind, suffix in HANDOUT_SUFFIXES.items():
        pdf = out / "handouts" / f"{chapter.stem}{suffix}.pdf"
        if pdf.is_file():
            handouts.append(HandoutLink(labels[kind], f"../handouts/{pdf.name}"))
    is_index = chapter is course.index
    return Entry(Markup(title), f"{chapter.stem}.html", is_index, handouts)
