"""One chapter's deck, cold, and what its imports cost (a benchmark, not a test):
``python bench/bench_imports.py [--runs N]``.

For two one-chapter courses, a plain chapter (text, a list, a speaker note: no diagram, no
math, no code) and a chapter of the shipped course (``chapters/02-Containerd.md``, one
diagram, emoji, tables), prints:

- the cold deck build (``build.py slides --force`` into an empty folder), as a whole process,
  median of N runs, with its CPU seconds;
- the time Python spends importing in that process, from ``python -X importtime`` (median);
- the 10 modules that take longest to import on their own (self time, median of N runs);
- pandoc's time on the same chapter (``pandoc -s -t revealjs``), if pandoc is installed, and
  the ratio, which issue 17 wants at most 1.0.

Python's bytecode is cached as an installed package has it (``PYTHONPYCACHEPREFIX`` in the
benchmark's temporary folder, written by a first run that is not counted), whatever
``PYTHONDONTWRITEBYTECODE`` says: without a cache, compiling the sources would double the
imports. Run it on a quiet machine: under load, every figure grows, imports the most.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.timing import bytecode_environment, timed_process  # noqa: E402

SHIPPED_CHAPTER = "02-Containerd.md"
PLAIN_CHAPTER = """# A plain chapter

## First slide

- one point
- two points with **bold** and *emphasis*

## Second slide

A paragraph of text.

Note: what to say.
"""
ENVIRONMENT: dict[str, str] = {}  # set by main: bench.timing.bytecode_environment
IMPORT_LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)$")


def plain_course(folder: Path) -> Path:
    folder.mkdir()
    (folder / "course.yaml").write_text('title: "Plain"\nlang: en\n', encoding="utf-8")
    (folder / "01-plain.md").write_text(PLAIN_CHAPTER, encoding="utf-8")
    return folder


def shipped_course(folder: Path) -> Path:
    """The shipped course's settings and one of its chapters (its links to the others warn)."""
    folder.mkdir()
    config = (ROOT / "chapters" / "course.yaml").read_text(encoding="utf-8")
    config = "".join(line for line in config.splitlines(keepends=True)
                     if not line.startswith("index:"))  # names a chapter left out
    (folder / "course.yaml").write_text(config, encoding="utf-8")
    shutil.copy(ROOT / "chapters" / SHIPPED_CHAPTER, folder)
    return folder


def timed(command: list[str]) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds (user + system) and standard error of one process."""
    run = timed_process(command, ENVIRONMENT)
    return run.wall, run.cpu, run.stderr


def deck_command(source: Path, out: Path, importtime: bool = False) -> list[str]:
    flags = ["-X", "importtime"] if importtime else []
    return [sys.executable, *flags, str(ROOT / "build.py"), "slides", "--source", str(source),
            "--out", str(out), "--force", "-q"]


def self_times(stderr: str) -> dict[str, int]:
    """Microseconds each module took to import on its own (``-X importtime``)."""
    times = {}
    for line in stderr.splitlines():
        match = IMPORT_LINE.match(line)
        if match:
            times[match[4]] = int(match[1])
    return times


def cold_decks(source: Path, scratch: Path, runs: int) -> tuple[list[float], list[float]]:
    timed(deck_command(source, scratch / "warm-up"))  # writes the bytecode cache
    walls, cpus = [], []
    for run in range(runs):
        wall, cpu, _ = timed(deck_command(source, scratch / f"cold{run}"))
        walls.append(wall)
        cpus.append(cpu)
    return walls, cpus


def import_profile(source: Path, scratch: Path, runs: int) -> tuple[list[float], dict[str, float]]:
    """Total import seconds per run, and each module's median self time in seconds."""
    totals, by_module = [], defaultdict(list)
    for run in range(runs):
        _, _, stderr = timed(deck_command(source, scratch / f"imp{run}", True))
        times = self_times(stderr)
        totals.append(sum(times.values()) / 1e6)
        for name, us in times.items():
            by_module[name].append(us / 1e6)
    return totals, {name: statistics.median(ts) for name, ts in by_module.items()}


def pandoc_times(source: Path, scratch: Path, runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of pandoc writing the chapter's reveal.js page (none if absent)."""
    pandoc = shutil.which("pandoc")
    chapter = next(path for path in sorted(source.glob("*.md")))
    times = [timed([pandoc, "-s", "-t", "revealjs", str(chapter), "-o",
                            str(scratch / f"pandoc{run}.html")])
             for run in range(runs if pandoc else 0)]
    return [wall for wall, _, _ in times], [cpu for _, cpu, _ in times]


def report(name: str, source: Path, scratch: Path, runs: int) -> None:
    walls, cpus = cold_decks(source, scratch, runs)
    totals, modules = import_profile(source, scratch, runs)
    deck = statistics.median(walls)
    print(f"\n{name}: one chapter's deck, cold, median of {runs} runs")
    print(f"  deck build         {deck:6.3f} s wall  {statistics.median(cpus):6.3f} CPU-s"
          f"  (min {min(walls):.3f} s)")
    print(f"  imports            {statistics.median(totals):6.3f} s  (-X importtime, summed)")
    pandoc, pandoc_cpus = pandoc_times(source, scratch, runs)
    if not pandoc:
        print("  pandoc             not installed: not measured")
    else:
        reference = statistics.median(pandoc)
        print(f"  pandoc -t revealjs {reference:6.3f} s wall  "
              f"{statistics.median(pandoc_cpus):6.3f} CPU-s  -> ours / pandoc = "
              f"{deck / reference:.2f} (wall), "
              f"{statistics.median(cpus) / statistics.median(pandoc_cpus):.2f} (CPU)")
    print("  top 10 imports by self time:")
    for module, seconds in sorted(modules.items(), key=lambda item: -item[1])[:10]:
        print(f"    {seconds * 1000:7.1f} ms  {module}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each measure (median)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-imports-") as tmp:
        scratch = Path(tmp)
        ENVIRONMENT.update(bytecode_environment(scratch / "pycache"))
        report("plain chapter", plain_course(scratch / "plain"), scratch / "p", args.runs)
        report(f"shipped chapter {SHIPPED_CHAPTER}", shipped_course(scratch / "shipped"),
               scratch / "s", args.runs)


if __name__ == "__main__":
    main()
