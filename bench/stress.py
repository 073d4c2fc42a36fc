"""Stress figures (a benchmark, not a test): ``python bench/stress.py [CASE ...]``.

Writes, in a temporary folder, the largest inputs the build accepts, and prints the wall time,
CPU time (user + system, worker processes included) and peak memory of ``check``, ``slides`` and
``handouts`` on each, every command a fresh ``build.py`` process with the default ``--jobs``:

- ``chapter``: the largest chapter allowed on paper, made of the shipped course's own chapters
  repeated until its estimate reaches ``MAX_CHAPTER_PAGES`` (``coursebuild/paper_bound.py``);
- ``code``: the same, all highlighted code (what costs WeasyPrint most memory per page);
- ``diagram``: the largest diagram allowed (``coursebuild/mermaid/bounds.py``), in one chapter;
- ``course``: a large course, the shipped chapters three times over, its book included;
- ``issue``: a 1.9 MB chapter (issue 10), whose paper is refused while its deck is built; also
  measured with ``all``, the issue's yardstick (under a minute and 1 GB on two cores).

Each command starts from an empty ``--out``. Memory: "peak" is the largest resident set of one
process (``ru_maxrss`` from ``wait4``: the build or one of its forked workers); "total" the
largest sum, sampled every 50 ms, of the proportional set sizes (PSS: a page shared by the
build and its workers counts once) of the build and its workers, what they take together.
Figures depend on the machine and its load; compare runs on the same one.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coursebuild.paper_bound import MAX_CHAPTER_PAGES, estimate_chapter  # noqa: E402
from coursebuild.pipeline import BuildOptions, prepare  # noqa: E402

COMMANDS = ("check", "slides", "handouts")
ISSUE_BYTES = 1_900_000
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


@dataclass(frozen=True)
class Run:
    code: int
    wall: float
    cpu: float
    peak_mb: float
    total_mb: float
    first_line: str


def run_build(command: str, source: Path, out: Path) -> Run:
    """One ``build.py`` process, measured with ``wait4`` (its workers included)."""
    argv = [sys.executable, str(ROOT / "build.py"), command, "-q", "--source", str(source),
            "--out", str(out)]
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    sampler = TreeSampler(process.pid)
    sampler.start()
    output = process.stdout.read() if process.stdout else ""
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    sampler.stop()
    lines = [line for line in output.splitlines() if line.strip()]
    return Run(process.returncode, wall, usage.ru_utime + usage.ru_stime,
               usage.ru_maxrss / 1024, sampler.peak / 2**20, lines[0] if lines else "")


class TreeSampler(threading.Thread):
    """The largest sum of the memory of a process and its descendants (PSS), sampled."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.wait(0.05):
            self.peak = max(self.peak, sum(_pss(pid) for pid in _tree(self.pid)))

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


def _tree(root: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += [child for child, parent in parents.items() if parent == pid]
    return found


def _pss(pid: int) -> int:
    """Proportional set size in bytes (resident size where the kernel does not tell it)."""
    try:
        found = re.search(r"^Pss:\s+(\d+) kB", Path(f"/proc/{pid}/smaps_rollup").read_text(), re.M)
    except OSError:
        found = None
    if found:
        return int(found.group(1)) * 1024
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_SIZE
    except (OSError, IndexError, ValueError):
        return 0


# The cases: each writes a course folder and says which commands to run on it.

COURSE_YAML = "title: Stress\nlang: fr\n"


def shipped_chapters() -> list[str]:
    """The course's own chapters, wiki-links made plain (a repeated chapter links nowhere)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "chapters").glob("0[1-8]*.md"))]
    return [re.sub(r"!?\[\[([^\]|]+)\|?([^\]]*)\]\]", lambda m: m.group(2) or m.group(1), text)
            for text in texts]


def mix_chapter(size: int) -> str:
    """About ``size`` bytes of the shipped chapters, one after the other, cut between blocks."""
    texts = shipped_chapters()
    parts: list[str] = []
    while sum(len(part.encode()) for part in parts) < size:
        parts.append(texts[len(parts) % len(texts)])
    text = "\n\n".join(parts).encode()[:size].decode(errors="ignore")
    return text.rsplit("\n\n", 1)[0] + "\n"


def code_chapter(size: int) -> str:
    block = "```python\n" + "".join(f"def step_{i}(state: dict) -> dict:  # étape {i}\n"
                                    f"    return {{**state, 'n{i}': state.get('n', 0) + {i}}}\n"
                                    for i in range(8)) + "```\n"
    slides, n = ["# Code\n\n## Partie\n"], 0
    while sum(map(len, slides)) < size:
        slides.append(f"### Étape {n}\n\n{block}")
        n += 1
    return "\n".join(slides)


def largest_allowed(make: Callable[[int], str], folder: Path) -> Path:
    """The largest text ``make`` gives whose estimate is within the chapter bound."""
    low, high = 1_000, 1_000
    while _work(make(high), folder) <= MAX_CHAPTER_PAGES:
        low, high = high, high * 2
    while high - low > max(500, low // 50):
        middle = (low + high) // 2
        low, high = (middle, high) if _work(make(middle), folder) <= MAX_CHAPTER_PAGES \
            else (low, middle)
    return write_course(folder, {"stress": make(low)})


def _work(text: str, folder: Path) -> int:
    course = write_course(folder, {"stress": text})
    parsed, _ = prepare(BuildOptions(course, folder))
    return estimate_chapter(parsed.chapters[0]).total(parsed.config.handouts.kinds)


def write_course(folder: Path, chapters: dict[str, str], config: str = COURSE_YAML) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    (folder / "course.yaml").write_text(config, encoding="utf-8")
    for stem, text in chapters.items():
        (folder / f"{stem}.md").write_text(text, encoding="utf-8")
    return folder


def largest_diagram() -> str | None:
    """A flowchart at every bound of ``coursebuild.mermaid.bounds`` at once, or None."""
    try:
        from coursebuild.mermaid.bounds import MAX_DEPTH, MAX_EDGES, MAX_LABEL_CHARS, MAX_NODES
    except ImportError as exc:
        print(f"diagram: skipped, the diagram bounds are not there yet ({exc})")
        return None
    nodes = MAX_NODES - MAX_DEPTH  # subgraphs count as nodes
    width = 50
    label = max(1, min(40, MAX_LABEL_CHARS // MAX_NODES - 4))
    lines = ["flowchart TD"]
    for depth in range(MAX_DEPTH):
        lines.append(f"{'  ' * depth}subgraph s{depth}[niveau {depth}]")
    lines += [f"  n{i}[{'x' * (label - len(str(i)))}{i}]" for i in range(nodes)]
    lines += ["end"] * MAX_DEPTH
    edges = [(i, i + width + k) for i in range(nodes) for k in (0, 1)
             if i + width + k < nodes][:MAX_EDGES]
    lines += [f"  n{a} --> n{b}" for a, b in edges]
    return "# Schéma\n\n## Le plus grand\n\n```mermaid\n" + "\n".join(lines) + "\n```\n"


def large_course(folder: Path) -> Path:
    texts = shipped_chapters()
    chapters = {f"{n:02d}-chapitre": texts[n % len(texts)] for n in range(3 * len(texts))}
    return write_course(folder, chapters)


# Printing

def measure(case: str, source: Path, commands: tuple[str, ...]) -> None:
    size = sum(p.stat().st_size for p in source.glob("*.md"))
    print(f"\n{case}: {len(list(source.glob('*.md')))} chapter(s), {size / 1e6:.2f} MB")
    print(f"  {'command':<9} {'exit':>4} {'wall s':>7} {'CPU s':>7} {'peak MB':>8} "
          f"{'total MB':>8}  written")
    for command in commands:
        with tempfile.TemporaryDirectory(prefix="stress-out-") as out:
            run = run_build(command, source, Path(out))
            pdfs = list(Path(out, "handouts").glob("*.pdf"))
            decks = [p for p in Path(out, "slides").glob("*.html") if p.name != "index.html"]
        print(f"  {command:<9} {run.code:>4} {run.wall:>7.1f} {run.cpu:>7.1f} "
              f"{run.peak_mb:>8.0f} {run.total_mb:>8.0f}  {len(decks)} deck(s), {len(pdfs)} PDF(s)")
        if run.first_line and run.code:
            print(f"            {run.first_line[:160]}")


def main() -> None:
    cases = ("chapter", "code", "diagram", "course", "issue")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="*", help=f"among {', '.join(cases)} (default: all)")
    chosen = parser.parse_args().cases or cases
    if set(chosen) - set(cases):
        parser.error(f"unknown case(s): {', '.join(sorted(set(chosen) - set(cases)))}")
    print(f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}; "
          f"chapter bound {MAX_CHAPTER_PAGES} pages' worth of layout")
    with tempfile.TemporaryDirectory(prefix="stress-") as scratch:
        work = Path(scratch)
        if "chapter" in chosen:
            measure("largest chapter allowed (course content)",
                    largest_allowed(mix_chapter, work / "chapter"), COMMANDS)
        if "code" in chosen:
            measure("largest chapter allowed (highlighted code)",
                    largest_allowed(code_chapter, work / "code"), COMMANDS)
        diagram = largest_diagram() if "diagram" in chosen else None
        if diagram:
            measure("largest diagram allowed", write_course(work / "diagram", {"d": diagram}),
                    COMMANDS)
        if "course" in chosen:
            measure("large course (shipped chapters x3)", large_course(work / "course"), COMMANDS)
        if "issue" in chosen:
            source = write_course(work / "issue", {"big": mix_chapter(ISSUE_BYTES)})
            measure("1.9 MB chapter (issue 10)", source, (*COMMANDS, "all"))


if __name__ == "__main__":
    main()
