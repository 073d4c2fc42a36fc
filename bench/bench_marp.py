"""Our handouts side by side with Marp (a benchmark, not a test): ``python bench/bench_marp.py``.

Issue 17 asks that the cold ``handouts`` of the course (every kind, the instructor's edition
included) take at most 0.4x the wall time Marp takes to export the same chapters' slide PDFs,
timed side by side in one run on two cores. This script:

- converts every chapter of the course (``chapters/`` or ``--source``) to Marp Markdown in a
  temporary folder, from our parsed course (``coursebuild.pipeline.prepare``): one Marp slide
  per slide of ours (``---`` where our slides start), each slide's heading and blocks copied
  from the chapter's lines as written; what never reaches our slides is left out (speaker
  notes, ``[!handout]`` callouts). Marp draws its own way what is ours alone (wiki-links stay
  text, mermaid stays a code block); its emoji are the same Twemoji SVGs as ours, read from
  ``node_modules`` (Marp's default fetches them from a CDN: a build here never touches the
  network);
- then, N rounds (``--rounds``), alternately (the first of the pair changes every round): our
  cold ``build.py handouts`` of the course into an empty folder (a fresh process, ``--jobs``
  the number of cores), and ``marp --pdf --allow-local-files`` on every converted chapter in
  one invocation (Marp converts up to ``--parallel`` files at once, 5 by default: its fastest
  way; one process per file starts a browser each time);
- prints each run's wall and CPU seconds (the process and its children: PDF workers, the
  browser), the medians, and the ratio ours / Marp, wall and CPU.

Marp is not a dependency of the project. The script finds it as ``$MARP``, ``marp`` on PATH or
``node_modules/.bin/marp``, and needs Chromium (``$CHROME_PATH``, default /usr/bin/chromium);
without them it prints a line saying how to install them and exits 0. To install Marp outside
the repository: ``npm install --prefix /tmp/marp @marp-team/marp-cli``, then
``MARP=/tmp/marp/node_modules/.bin/marp python bench/bench_marp.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.timing import (  # noqa: E402
    Timed,
    become_subreaper,
    bytecode_environment,
    ratio,
    timed_process,
)

if TYPE_CHECKING:
    from markdown_it.token import Token

    from coursebuild.model import Chapter, Course

TARGET = 0.4  # issue 17: our wall time at most 0.4x Marp's
INSTALL = ("npm install --prefix /tmp/marp @marp-team/marp-cli, then run with "
           "MARP=/tmp/marp/node_modules/.bin/marp")
SLIDE_BREAK = "\n\n---\n\n"
CHROME = "/usr/bin/chromium"  # Debian's; $CHROME_PATH names another


def find_marp(environ: dict[str, str] | None = None) -> str | None:
    """Marp's command: ``$MARP``, ``marp`` on PATH, or the repository's node_modules/.bin."""
    environ = dict(os.environ) if environ is None else environ
    on_path = shutil.which("marp", path=environ.get("PATH", os.defpath)) or ""
    for candidate in (environ.get("MARP", ""), on_path,
                      str(ROOT / "node_modules" / ".bin" / "marp")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def find_chrome(environ: dict[str, str] | None = None) -> str | None:
    environ = dict(os.environ) if environ is None else environ
    chrome = environ.get("CHROME_PATH") or CHROME
    return chrome if Path(chrome).is_file() else None


def shown_blocks(tokens: list[Token]) -> list[Token]:
    """The top-level blocks of a slide that our slides show: not the ``[!handout]`` callouts
    (students' text that is not projected)."""
    from coursebuild.markdown.callouts import HANDOUT, callout_kind

    return [token for token in tokens if token.level == 0 and token.map
            and not (token.type == "blockquote_open" and callout_kind(token) == HANDOUT)]


def marp_slide(chapter: Chapter, index: int, lines: list[str]) -> str:
    """One slide of ours as Marp Markdown: its heading and shown blocks, as written."""
    slide = chapter.slides[index]
    parts = [lines[slide.heading.line - 1]] if slide.heading else []
    if slide.subtitle and chapter.front.subtitle:  # from the front matter: no source lines
        parts.append(f"> {chapter.front.subtitle}")
    elif slide.subtitle:
        parts += ["\n".join(lines[t.map[0]:t.map[1]]) for t in shown_blocks(slide.subtitle)]
    parts += ["\n".join(lines[t.map[0]:t.map[1]]).strip("\n") for t in shown_blocks(slide.body)]
    return "\n\n".join(parts)


def marp_markdown(chapter: Chapter, text: str, lang: str = "") -> str:
    """The chapter as one Marp deck: a slide per slide of ours, 16:9, numbered as ours."""
    lines = text.splitlines()
    directives = ["marp: true", "size: 16:9", "paginate: true", *([f"lang: {lang}"] * bool(lang))]
    slides = [marp_slide(chapter, index, lines) for index in range(len(chapter.slides))]
    return "---\n" + "\n".join(directives) + "\n---\n\n" + SLIDE_BREAK.join(slides) + "\n"


def marp_config(folder: Path) -> Path:
    """Marp's settings: Twemoji read from the project's npm packages, not from a CDN."""
    twemoji = ROOT / "node_modules" / "@twemoji"  # Marp asks for <base>svg/<code>.svg
    options = {"emoji": {"twemoji": {"base": twemoji.as_uri() + "/", "ext": "svg"}}}
    config = folder / "marp.config.json"
    config.write_text(json.dumps({"options": options}), encoding="utf-8")
    return config


def convert(course: Course, folder: Path) -> list[Path]:
    """Every chapter of ``course`` as ``<stem>.md`` in ``folder`` (the course's folders, images
    among them, linked beside them so that relative paths resolve)."""
    folder.mkdir(parents=True)
    for entry in course.root.iterdir():
        if entry.is_dir():
            (folder / entry.name).symlink_to(entry.resolve(), target_is_directory=True)
    written = []
    for chapter in course.chapters:
        text = chapter.path.read_text(encoding="utf-8")
        path = folder / f"{chapter.stem}.md"
        path.write_text(marp_markdown(chapter, text, course.config.lang), encoding="utf-8")
        written.append(path)
    return written


def ours(source: Path, out: Path, env: dict[str, str]) -> Timed:
    return timed_process([sys.executable, str(ROOT / "build.py"), "handouts", "-q", "--source",
                          str(source), "--out", str(out)], env=env)


def marp(command: str, chrome: str, config: Path, files: list[Path]) -> Timed:
    for pdf in files:
        pdf.with_suffix(".pdf").unlink(missing_ok=True)
    timed = timed_process([command, "--pdf", "--allow-local-files", "--no-stdin",
                           "--browser-path", chrome, "-c", str(config),
                           *map(str, files)], env={**os.environ, "CHROME_PATH": chrome})
    missing = [f.name for f in files if not f.with_suffix(".pdf").is_file()]
    if missing:
        raise SystemExit(f"Marp wrote no PDF for {', '.join(missing)}")
    return timed


def summary(name: str, runs: list[Timed]) -> tuple[float, float]:
    wall = statistics.median(run.wall for run in runs)
    cpu = statistics.median(run.cpu for run in runs)
    print(f"{name:<36} {wall:>8.2f} {cpu:>8.2f}   (wall of each run: "
          f"{', '.join(f'{run.wall:.1f}' for run in runs)})")
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="runs of each (median)")
    parser.add_argument("--source", type=Path, default=ROOT / "chapters", help="the course")
    args = parser.parse_args()
    command, chrome = find_marp(), find_chrome()
    if not command:
        print(f"bench_marp skipped: Marp not found ($MARP, marp on PATH, node_modules/.bin). "
              f"Install it outside the repository: {INSTALL}")
        return
    if not chrome:
        print(f"bench_marp skipped: no Chromium at {os.environ.get('CHROME_PATH') or CHROME}: "
              f"install it (apt-get install chromium) or set CHROME_PATH")
        return
    become_subreaper()
    from coursebuild.jobs import default_jobs
    from coursebuild.pipeline import BuildOptions, prepare

    course, _ = prepare(BuildOptions(args.source, args.source))
    with tempfile.TemporaryDirectory(prefix="bench-marp-") as tmp:
        work = Path(tmp)
        files = convert(course, work / "marp")
        config = marp_config(work)
        env = bytecode_environment(work / "pycache")
        version = timed_process([command, "--version"]).stdout.strip().splitlines()[0]
        print(f"{len(files)} chapters, {sum(len(c.slides) for c in course.chapters)} slides; "
              f"ours: build.py handouts, every kind course.yaml asks for, --jobs "
              f"{default_jobs()}; Marp: {version}, one invocation, its PDFs only")
        ours(args.source, work / "warm-up", env)  # writes the bytecode cache; not counted
        marp(command, chrome, config, files)  # Chromium's disk cache warm, as ours
        our_runs: list[Timed] = []
        marp_runs: list[Timed] = []
        for number in range(args.rounds):
            pair = [lambda n=number: our_runs.append(ours(args.source, work / f"o{n}", env)),
                    lambda: marp_runs.append(marp(command, chrome, config, files))]
            for run in pair if number % 2 == 0 else reversed(pair):
                run()
            print(f"round {number + 1}: ours {our_runs[-1].wall:.2f} s wall "
                  f"{our_runs[-1].cpu:.2f} CPU-s; Marp {marp_runs[-1].wall:.2f} s wall "
                  f"{marp_runs[-1].cpu:.2f} CPU-s", flush=True)
        print(f"\n{'median of ' + str(args.rounds) + ' rounds':<36} {'wall':>8} {'CPU-s':>8}")
        our_wall, our_cpu = summary("ours: handouts, every kind", our_runs)
        marp_wall, marp_cpu = summary(f"Marp: {len(files)} slide PDFs", marp_runs)
        print(f"{'ours / Marp (target <= ' + str(TARGET) + ', wall)':<36} "
              f"{ratio(our_wall, marp_wall):>8} {ratio(our_cpu, marp_cpu):>8}")


if __name__ == "__main__":
    main()
