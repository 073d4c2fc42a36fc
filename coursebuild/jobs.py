"""Chapters are independent: their PDFs are rendered in parallel worker processes."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

Job = TypeVar("Job")
Result = TypeVar("Result")

_WORK: Callable[[Any], Any] | None = None


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def run_all(work: Callable[[Job], Result], jobs: list[Job], workers: int) -> Iterator[Result]:
    """``work(job)`` for every job, in ``workers`` processes (forked, so they share the model
    already in memory); results come back in the order of the jobs."""
    if workers <= 1 or len(jobs) <= 1:
        yield from map(work, jobs)
        return
    global _WORK
    _WORK = work
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs)), mp_context=context) as pool:
        yield from pool.map(_call, jobs)


def _call(job: Any) -> Any:
    assert _WORK is not None
    return _WORK(job)
