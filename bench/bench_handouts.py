"""Handout timings (a benchmark, not a test): ``make bench`` or ``python bench/bench_handouts.py``.

Prints the median time of each kind of PDF for one chapter (wall and CPU seconds), then each
kind's PDFs of the whole course cold (a fresh process per kind: CPU seconds and wall), then the
whole course's handouts cold on 1 core and on all cores. The kinds are those the course's
``course.yaml`` asks for: the shipped course's are every kind, students' and instructor's (the
reading, slides, notes and instructor PDFs of each chapter, ``course.pdf`` and
``course-instructor.pdf``). Numbers depend on the machine; compare runs on the same one.
"""

from __future__ import annotations

import multiprocessing
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from jinja2 import Environment

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.timing import cpu_seconds  # noqa: E402
from coursebuild.handout_kinds import READING, SLIDES, HandoutKind, course_kinds  # noqa: E402
from coursebuild.handouts import write_generated_css  # noqa: E402
from coursebuild.jobs import default_jobs  # noqa: E402
from coursebuild.model import Course  # noqa: E402
from coursebuild.pdf import Place  # noqa: E402
from coursebuild.pipeline import BuildOptions, build_handouts, prepare  # noqa: E402
from coursebuild.templating import environment  # noqa: E402

CHAPTER = "02-Containerd"
REPEAT = 3


def median_seconds(action, repeat: int = REPEAT) -> float:
    return median_times(action, repeat)[0]


def median_times(action, repeat: int = REPEAT) -> tuple[float, float]:
    """Median wall and CPU seconds (this process's) of ``action``."""
    walls, cpus = [], []
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


@contextmanager
def _prepared_course() -> Iterator[tuple[Path, Course, Environment, Path]]:
    """The shipped course parsed and drawn, its templates, and a scratch folder holding the
    generated stylesheets the PDFs link."""
    source = ROOT / "chapters"
    course, _ = prepare(BuildOptions(source, source))
    env = environment(source)
    with tempfile.TemporaryDirectory() as scratch_dir:
        scratch = Path(scratch_dir)
        write_generated_css(env, scratch)
        yield source, course, env, scratch


def _course_of_kind(kind: HandoutKind, apart: object = None) -> None:
    """Every PDF of ``kind`` for the course, in this (fresh) process, one after the other.
    Notes pages whose thumbnails are the slides PDF's pages get them as a build gives them:
    the chapter's slides PDF made just before, by the same process; its CPU seconds are put
    in ``apart`` (a shared value), not the kind's."""
    from coursebuild.handouts import stamps_thumbnails

    with _prepared_course() as (source, course, env, scratch):
        painted = not kind.book and stamps_thumbnails(course, kind)
        for chapter in [None] if kind.book else course.chapters:
            place = Place(source, scratch, scratch)
            slides = None
            if painted:
                cpu = time.process_time()
                slides = SLIDES.pdf(env, course, chapter, place).data
                apart.value += time.process_time() - cpu  # type: ignore[attr-defined]
            kind.pdf(env, course, chapter, place, slides)


def course_per_kind(kinds: tuple[HandoutKind, ...]) -> None:
    """Each kind's PDFs of the whole course, cold: a fresh process per kind (no font, image or
    slide-measure cache carried over), its CPU seconds (user + system) and wall; the notes
    pages without the slides PDFs they paint (the slides row has them)."""
    print(f"{'course, cold, per kind':<44} {'CPU-s':>8} {'wall':>8}")
    context = multiprocessing.get_context("spawn")
    total_cpu = total_wall = 0.0
    for kind in kinds:
        apart = context.Value("d", 0.0)
        cpu, start = cpu_seconds(), time.perf_counter()
        worker = context.Process(target=_course_of_kind, args=(kind, apart))
        worker.start()
        worker.join()
        cpu, wall = cpu_seconds() - cpu - apart.value, time.perf_counter() - start - apart.value
        total_cpu, total_wall = total_cpu + cpu, total_wall + wall
        print(f"{kind.file_name('<chapter>') if not kind.book else kind.file_name():<44} "
              f"{cpu:>8.2f} {wall:>8.2f}", flush=True)
    print(f"{'these kinds, one process each':<44} {total_cpu:>8.2f} {total_wall:>8.2f}")


def main() -> None:
    with _prepared_course() as (source, course, env, scratch):
        kinds = course_kinds(course.config.handouts)
        chapter = course.chapter(CHAPTER)
        READING.pdf(env, course, chapter, Place(source, scratch, scratch))  # warms the caches
        print(f"{'one chapter, median of ' + str(REPEAT) + ', in process':<44} {'CPU-s':>8} "
              f"{'wall':>8}")
        slides = SLIDES.pdf(env, course, chapter, Place(source, scratch, scratch)).data
        for kind in kinds:
            def one(kind=kind):  # the notes pages paint the slides PDF, as a build's do
                kind.pdf(env, course, None if kind.book else chapter,
                         Place(source, scratch, scratch), slides)
            wall, cpu = median_times(one, repeat=1 if kind.book else REPEAT)
            name = kind.file_name() + " (whole module, once)" if kind.book \
                else f"{CHAPTER} {kind.name}"
            print(f"{name:<44} {cpu:>8.2f} {wall:>8.2f}", flush=True)
    course_per_kind(kinds)
    for jobs in sorted({1, default_jobs()}):
        with tempfile.TemporaryDirectory() as out:
            options = BuildOptions(source, Path(out), jobs=jobs)
            cpu = cpu_seconds()
            seconds = median_seconds(lambda options=options: build_handouts(options), repeat=1)
            cpu = cpu_seconds() - cpu
        print(f"{'all handouts, --jobs ' + str(jobs):<44} {seconds:>8.2f} wall, "
              f"{cpu:.2f} CPU-s")


if __name__ == "__main__":
    main()
