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

Job = tuple[HandoutKind, str]  # the kind, and the chapter's stem ("" for the book)
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
    from .paper_bound import keep_within_bounds

    kinds = course_kinds(course.config.handouts)
    books = [kind for kind in kinds if kind.book and kind.file_name() in todo]
    chapters = [c for c in buildable if any(kind.file_name(c.stem) in todo for kind in kinds)]
    chapters = keep_within_bounds(course, chapters, diagnostics, book=bool(books))
    jobs = [(kind, "") for kind in books] if not diagnostics.errors else []
    # kind by kind, not chapter by chapter: a chapter's slides and notes PDFs share one fit
    # search (slide_scale.fit_slides), and two workers on them at once would leave one
    # waiting for the other's search; one after the other, the second reads what was found
    # (the slides PDF first, in the table's order: it reuses its measure's pages). The books
    # first: the longest jobs when cold (their parts laid out by the book job itself, book.py);
    # measured, books last cost 138 s wall and 192 CPU-s cold against 93 s and 172
    return jobs + [(kind, c.stem) for kind in kinds for c in chapters
                   if not kind.book and kind.file_name(c.stem) in todo]


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
        for kind, stem, data, refused in run_all(work, jobs, workers, method):
            for reason in refused:  # reported against the PDF: the chapter may not be why
                diagnostics.error(out / kind.file_name(stem), None, f"refused to read {reason}")
            pdfs[kind.file_name(stem)] = data
    return pdfs


def _render_pdf(course: Course, scratch: Path, out_dir: Path, epoch: int | None,
                job: Job) -> tuple[HandoutKind, str, bytes, list[str]]:
    from .pdf import Place
    from .templating import environment

    kind, stem = job
    place = Place(course.root, scratch, out_dir, epoch)
    pdf = kind.pdf(environment(course.root), course, course.chapter(stem) if stem else None,
                   place)
    return kind, stem, pdf.data, pdf.refused
