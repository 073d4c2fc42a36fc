"""Parallel jobs with every start method: workers started by ``spawn`` (Windows, macOS) get all
they need by pickling, not from the parent's memory, and write the very PDFs ``fork`` writes
(builds are reproducible: SOURCE_DATE_EPOCH). The builds run as the CLI runs them, in a child
process with a timeout: a pool that cannot start its workers fails, it never hangs."""

from __future__ import annotations

import os
import subprocess
import sys
from functools import partial
from pathlib import Path

import click
import pytest

from coursebuild.jobs import START_METHOD_VARIABLE, run_all, start_method
from tests.conftest import ROOT, write_course

EPOCH = "1700000000"
TIMEOUT = 240  # seconds: far more than the builds take, far less than forever
CONFIG = ("title: Parallèle\nlang: fr\nindex: 00-index\n"
          "handouts:\n  kinds: [reading, slides, course]\n")
CHAPTERS = {  # what workers draw with caches of their own: emoji, math, diagrams, code
    "00-index": "# Le module 📦\n\n- [[01-outils|Les outils]]\n- [[02-calcul]]\n",
    "01-outils": ("# Les outils 🔧\n\n## Un schéma\n\n```mermaid\nflowchart LR\n  A[Client 🚀] --> "
                  "B{Démon}\n  style A fill:#e3f2fd\n```\n\n## Du code\n\n```python\n"
                  "print('bonjour')\n```\n\nRetour à [[00-index]].\n"),
    "02-calcul": "# Le calcul ➗\n\n## Une formule\n\nL'aire vaut $\\pi r^2$ et\n\n"
                 "$$\\sum_{i=1}^{n} i = \\frac{n(n+1)}{2}$$\n",
}


def _build(course: Path, out: Path, command: str, method: str,
           entry: tuple[str, ...] = ("-m", "coursebuild")) -> dict[str, bytes]:
    """``python -m coursebuild <command> -j2`` (or another entry) with ``method``; the files it
    wrote. Spawned workers import the entry's module again: it must not run the CLI."""
    env = {**os.environ, START_METHOD_VARIABLE: method, "SOURCE_DATE_EPOCH": EPOCH,
           "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, *entry, command, "-j2", "-q",
                           "--source", str(course), "--out", str(out)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=TIMEOUT)
    assert done.returncode == 0, done.stderr
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.suffix in (".pdf", ".html")}


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_course(tmp_path_factory.mktemp("spawn") / "course", CHAPTERS, CONFIG)


@pytest.fixture(scope="module")
def forked(course: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    return _build(course, tmp_path_factory.mktemp("fork"), "handouts", "fork")


def test_spawn_writes_the_pdfs_fork_writes(course: Path, forked: dict[str, bytes],
                                           tmp_path: Path) -> None:
    spawned = _build(course, tmp_path, "handouts", "spawn")
    assert sorted(forked) == sorted(spawned)
    assert len([name for name in spawned if name.endswith(".pdf")]) == 7  # 3 × 2 and the book
    assert [name for name in forked if forked[name] != spawned[name]] == []


def test_spawn_builds_decks_and_pdfs(course: Path, forked: dict[str, bytes],
                                     tmp_path: Path) -> None:
    built = _build(course, tmp_path, "all", "spawn", (str(ROOT / "build.py"),))
    assert {"slides/index.html", "slides/02-calcul.html"} <= set(built)
    assert b"<svg" in built["slides/02-calcul.html"]  # the formula, drawn
    assert built["handouts/02-calcul.pdf"] == forked["handouts/02-calcul.pdf"]


@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_workers_get_their_work_by_pickling(method: str) -> None:
    assert list(run_all(partial(pow, 2), [1, 2, 3, 10], 2, method)) == [2, 4, 8, 1024]


def test_work_that_does_not_pickle_fails_rather_than_hangs() -> None:
    with pytest.raises(Exception, match="pickle|Pickl"):
        list(run_all(lambda n: n, [1, 2], 2, "spawn"))


def test_start_method_from_the_environment() -> None:
    assert start_method({START_METHOD_VARIABLE: "spawn"}) == "spawn"
    assert start_method({}) == ("fork" if sys.platform.startswith("linux") else "spawn")
    with pytest.raises(click.UsageError, match="expected one of .*spawn"):
        start_method({START_METHOD_VARIABLE: "thread"})
