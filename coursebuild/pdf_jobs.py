"""The PDF job: which handouts a build renders, each rendered to PDF in a worker process."""

from __future__ import annotations

import os
import tempfile
from functools import partial
from pathlib import Path

import click

from .errors import ContentError, Diagnostics
from .handout_kinds import HandoutKind, course_kinds
from .jobs import run_all, start_method
from .model import Chapter, Course

# the kinds one worker makes, one after the other, of the chapter of the stem ("" for a book):
# the notes pages follow the slides PDF they paint in their thumbnails (notes_pdf.py)
Job = tuple[tuple[HandoutKind, ...], str]
EPOCH_VARIABLE = "SOURCE_DATE_EPOCH"  # reproducible-builds.org: the date the PDFs carry


def source_date_epoch(environ: dict[str, str] | None = None) -> int | None:
    """The date every PDF carries, from ``SOURCE_DATE_EPOCH`` (seconds since 1970, UTC);
    unset or empty: none. A malformed value stops the build, as the specification asks."""
    raw = (os.environ if environ is None else environ).get(EPOCH_VARIABLE, "").strip()
    if not raw:
        return None
    if not raw.isdigit() or int(raw) > 253402300799:  # up to 9999-12-31T23:59:59Z
        raise click.UsageError(f"{EPOCH_VARIABLE}={raw[:40]!r}: expected a number of "
                               "seconds since 1970-01-01 UTC, such as 1700000000")
    return int(raw)


def pdf_jobs(course: Course, buildable: list[Chapter], todo: set[str],
             diagnostics: Diagnostics) -> list[Job]:
    """The stale PDFs of the chapters without errors and within paper bounds; the book only
    when no chapter has errors."""
    from .handouts import stamps_thumbnails
    from .paper_bound import keep_within_bounds

    kinds = course_kinds(course.config.handouts)
    books = [kind for kind in kinds if kind.book and kind.file_name() in todo]
    chapters = [c for c in buildable if any(kind.file_name(c.stem) in todo for kind in kinds)]
    chapters = keep_within_bounds(course, chapters, diagnostics, book=bool(books))
    jobs: list[Job] = [((kind,), "") for kind in books] if not diagnostics.errors else []
    # kind by kind, not chapter by chapter: a chapter's slides and notes PDFs share one fit
    # search (slide_scale.fit_slides), and two workers on them at once would leave one
    # waiting for the other's search; one after the other, the second reads what was found
    # (the slides PDF first, in the table's order: it reuses its measure's pages). The notes
    # pages whose thumbnails are the slides PDF's pages are made by the same worker, after it.
    # The books first: the longest jobs when cold (their parts laid out by the book job
    # itself, book.py); measured, books last cost 138 s wall and 192 CPU-s cold against 93 s
    # and 172. A book whose chapters' readings are made by other jobs waits for them instead
    # (``phases``): it takes their laid-out pages
    stale = [(kind, c.stem) for kind in kinds for c in chapters
             if not kind.book and kind.file_name(c.stem) in todo]
    with_slides = {stem for kind, stem in stale if kind.slide_page}
    follow = {(kind, stem) for kind, stem in stale if stem in with_slides
              and not kind.slide_page and stamps_thumbnails(course, kind)}
    for kind, stem in stale:
        after = tuple(k for k, s in stale if s == stem and (k, s) in follow) \
            if kind.slide_page else ()
        jobs += [] if (kind, stem) in follow else [((kind, *after), stem)]
    return jobs


def phases(jobs: list[Job]) -> list[list[Job]]:
    """The jobs in two runs, one after the other: a book whose chapters' reading PDFs other
    jobs make runs after them, its chapters' parts being those PDFs' pages, kept by the jobs
    that laid them out (``reading_pdf.py``); every other job in the first run, in order."""
    made = {kind.name for kinds, stem in jobs if stem for kind in kinds}
    waiting = [job for job in jobs if not job[1] and job[0][0].chapters_as in made]
    return [[job for job in jobs if job not in waiting], waiting]


def render_pdfs(course: Course, jobs: list[Job], out: Path, workers: int,
                diagnostics: Diagnostics) -> dict[str, bytes]:
    """Each job's PDF, by file name; a file a PDF refused to read is an error at the PDF."""
    from .handouts import write_generated_css
    from .templating import environment

    epoch = source_date_epoch()  # read once: a malformed value stops before any work
    method = start_method()  # the same
    pdfs = {}
    with tempfile.TemporaryDirectory(prefix="coursebuild-") as scratch:
        try:
            write_generated_css(environment(course.root), Path(scratch), course.config.theme)
        except ContentError as exc:  # a course stylesheet refused: the defaults' instead
            diagnostics.add(exc)
            defaults = environment(course.root, course_templates=False)
            write_generated_css(defaults, Path(scratch), course.config.theme)
        # everything a worker needs, handed to it (pickled unless forked): see jobs.py
        work = partial(_render_pdf, course, Path(scratch), out, epoch)
        made = (pdf for run in phases(jobs) for pdfs_of_job in run_all(work, run, workers,
                                                                       method)
                for pdf in pdfs_of_job)
        for kind, stem, data, refused in made:
            for reason in refused:  # reported against the PDF: the chapter may not be why
                diagnostics.error(out / kind.file_name(stem), None, f"refused to read {reason}")
            pdfs[kind.file_name(stem)] = data
    return pdfs


def _render_pdf(course: Course, scratch: Path, out_dir: Path, epoch: int | None,
                job: Job) -> list[tuple[HandoutKind, str, bytes, list[str]]]:
    from .pdf import Place
    from .templating import environment

    kinds, stem = job
    place = Place(course.root, scratch, out_dir, epoch)
    env = environment(course.root)
    chapter = course.chapter(stem) if stem else None
    made: list[tuple[HandoutKind, str, bytes, list[str]]] = []
    for kind in kinds:
        slides = next((data for done, _, data, _ in made if done.slide_page), None)
        pdf = kind.pdf(env, course, chapter, place, slides)
        made.append((kind, stem, pdf.data, pdf.refused))
    return made
