"""Build timings (a benchmark, not a test): ``make bench`` or ``python bench/bench_build.py``.

For the shipped course and for a generated course eight times larger, prints: the cold build,
a rebuild with nothing changed, a rebuild after editing one chapter, and the time per stage.
Decks and handouts are measured separately. The large course's handouts are limited to the
reading handouts unless ``--all-handouts`` (a cold build of every PDF of 72 chapters takes
minutes). The no-op rebuild is also timed as a separate process (``python build.py slides``),
Python's start-up and imports included, since that is what an instructor waits for.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coursebuild.jobs import default_jobs  # noqa: E402
from coursebuild.pipeline import BuildOptions, build_handouts, build_slides  # noqa: E402

COPIES = 8


def large_course(folder: Path, reading_only: bool) -> Path:
    """The shipped course with every chapter copied COPIES - 1 more times."""
    shutil.copytree(ROOT / "chapters", folder)
    for chapter in sorted(folder.glob("0[1-8]*.md")):
        for copy in range(2, COPIES + 1):
            stem = f"{int(chapter.stem[:2]) + 8 * (copy - 1):02d}{chapter.stem[2:]}"
            shutil.copy(chapter, folder / f"{stem}.md")
    # the 72 chapters' book is past the book's paper bound (coursebuild/paper_bound.py)
    kinds = "[reading]" if reading_only else "[reading, slides, notes]"
    config = folder / "course.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "handouts:\n", f"handouts:\n  kinds: {kinds}\n"), encoding="utf-8")
    return folder


def timed(step, options: BuildOptions) -> tuple[float, dict[str, float], int]:
    start = time.perf_counter()
    result = step(options)
    assert result.ok, [str(d) for d in result.diagnostics.items][:3]
    return time.perf_counter() - start, result.timings, len(result.written)


def no_op_process(source: Path, out: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "build.py"), "slides", "-q", "--source",
                    str(source), "--out", str(out)], check=True)
    return time.perf_counter() - start


def measure(name: str, source: Path, step, out: Path, jobs: int) -> None:
    options = BuildOptions(source, out, jobs=jobs)
    chapters = len(list(source.glob("*.md")))
    edited = sorted(source.glob("02-*.md"))[0]
    rows = [("cold", *timed(step, options)), ("no-op", *timed(step, options))]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nUne ligne de plus.\n",
                      encoding="utf-8")
    rows.append(("one chapter edited", *timed(step, options)))
    for label, seconds, stages, written in rows:
        detail = "  ".join(f"{k} {v:.2f}" for k, v in stages.items())
        print(f"{name:<34} {chapters:>4} {label:<20} {seconds:>8.3f} {written:>6}   {detail}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all-handouts", action="store_true",
                        help="every kind of PDF for the large course too")
    args = parser.parse_args()
    jobs = default_jobs()
    print(f"{'course / output':<34} {'md':>4} {'build':<20} {'seconds':>8} {'files':>6}   "
          f"stages (seconds), --jobs {jobs}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shipped = work / "shipped"
        shutil.copytree(ROOT / "chapters", shipped)
        large = large_course(work / "large", reading_only=not args.all_handouts)
        for name, source in (("shipped", shipped), (f"{COPIES}x larger", large)):
            measure(f"{name}: slides", source, build_slides, work / f"{name}-out", jobs)
            seconds = no_op_process(source, work / f"{name}-out")
            print(f"{name + ': slides':<34} {'':>4} {'no-op, new process':<20} {seconds:>8.3f}")
            measure(f"{name}: handouts", source, build_handouts, work / f"{name}-out", jobs)


if __name__ == "__main__":
    main()
