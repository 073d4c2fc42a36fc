"""Chapters are independent: their PDFs are rendered in parallel worker processes.

Workers start as the platform starts them safely: ``fork`` on Linux (they share the model
already in memory), ``spawn`` elsewhere (Windows has no fork; macOS deprecates it). The
``COURSEBUILD_START_METHOD`` environment variable picks ``fork``, ``spawn`` or ``forkserver``
(the tests build with each). Whatever the method, a worker is handed everything it needs: the
work function with its arguments (the parsed course among them) goes to each worker once, by the
pool's initializer (pickled under spawn and forkserver), never through state the parent set;
caches (emoji, math, templates) are rebuilt in the worker as it needs them."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar

import click

Job = TypeVar("Job")
Result = TypeVar("Result")
START_METHOD_VARIABLE = "COURSEBUILD_START_METHOD"

_WORK: Callable[[Any], Any] | None = None  # set in each worker by the pool's initializer


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def start_method(environ: Mapping[str, str] | None = None) -> str:
    """How workers start: ``COURSEBUILD_START_METHOD`` if set (a method this platform has),
    else ``fork`` on Linux and ``spawn`` everywhere else."""
    import multiprocessing  # here: a build in one process (a deck) never needs it

    methods = multiprocessing.get_all_start_methods()
    wanted = (os.environ if environ is None else environ).get(START_METHOD_VARIABLE, "").strip()
    if not wanted:
        return "fork" if sys.platform.startswith("linux") and "fork" in methods else "spawn"
    if wanted not in methods:
        raise click.UsageError(f"{START_METHOD_VARIABLE}={wanted[:40]!r}: expected one of "
                               f"{', '.join(methods)} (this platform's start methods)")
    return wanted


def run_all(work: Callable[[Job], Result], jobs: list[Job], workers: int,
            method: str | None = None) -> Iterator[Result]:
    """``work(job)`` for every job, in ``workers`` processes started by ``method`` (default:
    ``start_method()``); results come back in the order of the jobs. ``work`` must pickle
    (a module-level function, or a ``functools.partial`` of one over picklable values)."""
    if workers <= 1 or len(jobs) <= 1:
        yield from map(work, jobs)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context(method or start_method())
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs)), mp_context=context,
                             initializer=_install, initargs=(work,)) as pool:
        yield from pool.map(_call, jobs)


def _install(work: Callable[[Any], Any]) -> None:
    global _WORK
    _WORK = work


def _call(job: Any) -> Any:
    assert _WORK is not None, "the pool's initializer did not run"
    return _WORK(job)
