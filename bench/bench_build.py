"""Build timings (a benchmark, not a test): ``make bench`` or ``python bench/bench_build.py``.

For the shipped course and for a generated course eight times larger (every Markdown file,
the module index too, copied seven more times: 72 chapters), prints the cold build, a
rebuild with nothing changed (no-op) and a rebuild after editing one chapter, of the decks
(``slides``) and of the PDFs (``handouts``): wall seconds, CPU seconds (the build's process
and its PDF workers), files written and the time per stage. Then the ratios issue 17 names:
one edit / cold (target at most 0.2) and eight-times course / course, cold (target at most
8.5).

Every build is a fresh Python process, as an instructor runs it: it imports the CLI and runs
the pipeline's build (what ``build.py slides|handouts`` does, reporting its stage timings
back). Its bytecode is cached, as an installed package has it (a first build, not counted,
writes the cache).

Which PDFs: the shipped course builds every kind its ``course.yaml`` asks for (all of them:
students' and instructor's, the two books included). The eight-times course cannot have the
books: a book of 72 chapters is past the paper bound (``coursebuild/paper_bound.py``,
``MAX_BOOK_PAGES``), so it builds the chapter kinds only (reading, slides, notes, instructor),
and the course is built a second time with the same kinds, so the 8x / 1x ratio compares like
with like. ``--quick``: the shipped course only (no ratio to the large course).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.timing import (  # noqa: E402
    Timed,
    become_subreaper,
    bytecode_environment,
    ratio,
    timed_process,
)

COPIES = 8
EDITED = "02-Containerd.md"  # the chapter the one-edit rebuild appends a line to
TARGETS = ("slides", "handouts")
EDIT_TARGET, SCALE_TARGET = 0.2, 8.5  # issue 17's "done when"


@dataclass(frozen=True)
class Course:
    """A course folder to build, and the PDF kinds its course.yaml asks for."""

    name: str
    source: Path
    kinds: str  # as printed: "all kinds" or the list

    @property
    def chapters(self) -> int:
        return len(list(self.source.glob("*.md")))


@dataclass(frozen=True)
class Run:
    """One build, timed as a process, with what the build reported."""

    timed: Timed
    written: int
    stages: dict[str, float]


def chapter_kinds() -> list[str]:
    from coursebuild.handout_kinds import CHAPTER_KINDS

    return [kind.name for kind in CHAPTER_KINDS]


def set_kinds(folder: Path, kinds: list[str]) -> None:
    """course.yaml's ``handouts: kinds``, set to ``kinds``."""
    config = folder / "course.yaml"
    text = config.read_text(encoding="utf-8")
    assert "handouts:\n" in text and "kinds:" not in text, "the shipped course.yaml changed"
    config.write_text(text.replace("handouts:\n", f"handouts:\n  kinds: [{', '.join(kinds)}]\n"),
                      encoding="utf-8")


def shipped_course(folder: Path, kinds: list[str] | None = None) -> Path:
    shutil.copytree(ROOT / "chapters", folder)
    if kinds:
        set_kinds(folder, kinds)
    return folder


def one_chapter_course(folder: Path) -> Path:
    """The shipped course's settings and its edited chapter alone (diagram, code, emoji, tables:
    it imports what the course's builds import)."""
    folder.mkdir()
    config = (ROOT / "chapters" / "course.yaml").read_text(encoding="utf-8")
    (folder / "course.yaml").write_text("".join(  # the index is left out: not named
        line for line in config.splitlines(keepends=True) if not line.startswith("index:")),
        encoding="utf-8")
    shutil.copy(ROOT / "chapters" / EDITED, folder)
    return folder


def large_course(folder: Path, kinds: list[str]) -> Path:
    """The shipped course with every Markdown file copied COPIES - 1 more times, as
    ``<stem>-<copy>.md``: COPIES times the text (the copies' links go to the originals)."""
    shipped_course(folder, kinds)
    for chapter in sorted(folder.glob("*.md")):
        for copy in range(2, COPIES + 1):
            shutil.copy(chapter, folder / f"{chapter.stem}-{copy}.md")
    return folder


def one_build(target: str, source: Path, out: Path) -> None:
    """In the timed child process: what ``build.py TARGET`` does, then its report as JSON."""
    import coursebuild.cli  # noqa: F401  (Click and the CLI, imported as build.py imports them)
    from coursebuild.pipeline import BuildOptions, build

    result = build(BuildOptions(source, out), (target,))
    if not result.ok:
        sys.exit("\n".join(str(item) for item in result.diagnostics.items[:5]))
    print(json.dumps({"written": len(result.written), "stages": result.timings}))


def timed_build(target: str, source: Path, out: Path, env: dict[str, str]) -> Run:
    timed = timed_process([sys.executable, __file__, "--one-build", target, str(source),
                           str(out)], env=env)
    report = json.loads(timed.stdout.strip().splitlines()[-1])
    return Run(timed, report["written"], report["stages"])


def edit(source: Path) -> None:
    chapter = source / EDITED
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nUne ligne de plus.\n",
                       encoding="utf-8")


def kinds_shown(course: Course, target: str) -> str:
    return course.kinds if target == "handouts" else "-"  # decks do not depend on the kinds


def measure(course: Course, target: str, out: Path, env: dict[str, str]) -> dict[str, Run]:
    """Cold (empty output folder), no-op, one chapter edited; each row printed as it comes."""
    runs = {}
    for label in ("cold", "no-op", "one edit"):
        if label == "one edit":
            edit(course.source)
        runs[label] = run = timed_build(target, course.source, out, env)
        stages = "  ".join(f"{name} {seconds:.2f}" for name, seconds in run.stages.items())
        print(f"{course.name:<10} {course.chapters:>3} {target:<9} "
              f"{kinds_shown(course, target):<13} "
              f"{label:<9} {run.timed.wall:>7.2f} {run.timed.cpu:>7.2f} {run.written:>5}   "
              f"{stages}", flush=True)
    return runs


Key = tuple[str, str, str]  # course name, target, PDF kinds


def print_ratios(results: dict[Key, dict[str, Run]]) -> None:
    print(f"\none edit / cold (target <= {EDIT_TARGET}):")
    for (name, target, kinds), runs in results.items():
        edited, cold = runs["one edit"].timed, runs["cold"].timed
        print(f"  {name:<4} {target:<9} {kinds:<13} {ratio(edited.wall, cold.wall):>6} wall "
              f"{ratio(edited.cpu, cold.cpu):>6} CPU")
    large = [key for key in results if key[0] != "1x"]
    if large:
        print(f"\n{COPIES}x course / course, cold (target <= {SCALE_TARGET}), same PDF kinds:")
    for name, target, kinds in large:  # the course built with the same kinds is the base
        big, base = results[(name, target, kinds)]["cold"].timed, \
            results[("1x", target, kinds)]["cold"].timed
        print(f"  {target:<9} {kinds:<18} {ratio(big.wall, base.wall):>6} wall "
              f"{ratio(big.cpu, base.cpu):>6} CPU")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="the shipped course only (no eight-times course, no 8x ratio)")
    parser.add_argument("--one-build", nargs=3, metavar=("TARGET", "SOURCE", "OUT"),
                        help=argparse.SUPPRESS)  # the timed child process
    args = parser.parse_args()
    if args.one_build:
        target, source, out = args.one_build
        one_build(target, Path(source), Path(out))
        return
    become_subreaper()
    from coursebuild.jobs import default_jobs

    kinds = chapter_kinds()
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        work = Path(tmp)
        env = bytecode_environment(work / "pycache")
        warm = one_chapter_course(work / "warm-up")  # writes the bytecode cache; not counted
        for target in TARGETS:
            timed_build(target, warm, work / "warm-up-out", env)
        courses = [(Course("1x", shipped_course(work / "shipped"), "all kinds"), TARGETS)]
        if not args.quick:
            courses += [
                (Course("1x", shipped_course(work / "shipped-same", kinds), "chapter kinds"),
                 ("handouts",)),
                (Course(f"{COPIES}x", large_course(work / "large", kinds), "chapter kinds"),
                 TARGETS)]
        print(f"--jobs {default_jobs()}; each build a fresh process; seconds; chapter kinds: "
              f"{', '.join(kinds)} (the books are past the paper bound at "
              f"{COPIES * len(list((ROOT / 'chapters').glob('*.md')))} chapters)")
        print(f"{'course':<10} {'md':>3} {'target':<9} {'PDF kinds':<13} {'build':<9} "
              f"{'wall':>7} {'CPU':>7} {'files':>5}   stages (wall seconds, in the process)")
        results: dict[Key, dict[str, Run]] = {}
        for number, (course, targets) in enumerate(courses):
            for target in targets:
                results[(course.name, target, kinds_shown(course, target))] = measure(
                    course, target, work / f"out{number}", env)
        print_ratios(results)


if __name__ == "__main__":
    main()
