"""Build real chapters (other people's courses, kept outside the repository) and report.

    .venv/bin/python bench/real_chapters.py FOLDER [--out /tmp/realchapters-out] [--handouts]

FOLDER is a course folder (with ``course.yaml``) or a folder of course folders. For each
course: ``build.py check``, ``build.py slides`` (and ``handouts`` with ``--handouts``) into
``--out``, with their exit codes, errors and warnings by kind; for each chapter, its mermaid
blocks by type and how they are drawn: natively (our SVG), through the mermaid.js fallback in
the deck, or rejected (an error at its line, with mermaid's own verdict on it), and the figures
in the built deck (native/js). Only counts and our own messages are printed.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from markdown_it import MarkdownIt  # noqa: E402

from coursebuild.mermaid import MermaidError, UnsupportedDiagram, render_mermaid  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from mermaid_truth import mermaid_parse  # noqa: E402

_MESSAGE = re.compile(r"^(?P<path>[^\n:]+):(?P<line>\d+): (?P<warning>warning: )?(?P<text>.*)$")
_KIND = re.compile(r"^\s*(?:%%.*\n|\s*\n)*\s*([\w-]+)", re.MULTILINE)


@dataclass
class Block:
    line: int
    kind: str
    outcome: str  # "native", "fallback" or "error: …"


@dataclass
class Run:
    command: str
    code: int
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def diagram_kind(source: str) -> str:
    body = re.sub(r"\A\s*---\n.*?\n---\s*\n", "", source, flags=re.DOTALL)
    match = _KIND.match(body)
    return match.group(1) if match else "?"


def mermaid_fences(text: str) -> list[tuple[int, str]]:
    """(line, source) of each mermaid fence, found as the pipeline finds them (markdown-it:
    fences in list items count, ```mermaid shown inside a longer fence does not)."""
    tokens = MarkdownIt("commonmark").parse(text)
    return [
        (t.map[0] + 1 if t.map else 0, t.content)
        for t in tokens
        if t.type == "fence" and t.info.strip().lower() == "mermaid"
    ]


def blocks_of(chapter: Path) -> list[Block]:
    fences = mermaid_fences(chapter.read_text(encoding="utf-8"))
    verdicts = mermaid_parse([source for _, source in fences], "any")
    found = []
    for (line, source), verdict in zip(fences, verdicts, strict=True):
        outcome = _outcome(source)
        if outcome.startswith("error"):
            outcome += " (mermaid: " + ("accepts it)" if verdict["ok"] else "rejects it too)")
        found.append(Block(line, diagram_kind(source), outcome))
    return found


def _outcome(source: str) -> str:
    try:
        render_mermaid(source)
    except UnsupportedDiagram:
        return "fallback"
    except MermaidError as exc:
        return f"error: line {exc.line}: {exc.message}"
    except Exception as exc:  # noqa: BLE001 - a crash is what this bench is for
        return f"crash: {type(exc).__name__}: {exc}"
    return "native"


def build(command: str, course: Path, out: Path) -> Run:
    args = [sys.executable, str(ROOT / "build.py"), command, "--source", str(course)]
    if command != "check":
        args += ["--out", str(out / course.name), *(["-j", "1"] if command != "slides" else [])]
    done = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, check=False)
    run = Run(command, done.returncode)
    for line in (done.stdout + done.stderr).splitlines():
        match = _MESSAGE.match(line)
        if match:
            where = f"{Path(match['path']).name}:{match['line']}"
            bucket = run.warnings if match["warning"] else run.errors
            bucket.append(f"{where}: {match['text']}")
        elif "Traceback" in line:
            run.errors.append("traceback")
    return run


def _message_kind(message: str) -> str:
    text = message.split(": ", 1)[1]
    text = re.sub(r"\s*:\s.*$", "", text)
    text = re.sub(r"['\"`<][^'\"`>]*['\"`>]|\S*[/.]\S*", "…", text)
    return text[:60]


def courses_in(folder: Path) -> list[Path]:
    if (folder / "course.yaml").exists():
        return [folder]
    return sorted(p.parent for p in folder.glob("*/course.yaml"))


def report_course(course: Path, out: Path, handouts: bool) -> Counter[str]:
    print(f"\n== {course}")
    commands = ["check", "slides"] + (["handouts"] if handouts else [])
    runs = [build(command, course, out) for command in commands]
    for run in runs:
        print(f"   {run.command:9s} exit {run.code}: {len(run.errors)} error(s), "
              f"{len(run.warnings)} warning(s)")  # fmt: skip
        for message in run.errors[:8]:
            print(f"      error {message[:150]}")
    kinds = Counter(_message_kind(w) for w in runs[0].warnings)
    for kind, count in kinds.most_common():
        print(f"      {count:4d} × warning: {kind}")
    return _chapter_table(course, out)


def deck_figures(deck: Path) -> str:
    """``native/js`` diagram figures in a built deck (what the audience sees)."""
    if not deck.exists():
        return "-"
    html = deck.read_text(encoding="utf-8")
    js = html.count('<figure class="diagram diagram-js"')
    native = html.count('<figure class="diagram') - js
    return f"{native}/{js}"


def _chapter_table(course: Path, out: Path) -> Counter[str]:
    totals: Counter[str] = Counter()
    print(f"   {'chapter':50s} {'blocks':>6s} {'native':>6s} {'fallbk':>6s} {'error':>5s}"
          f" {'deck':>6s}  types")  # fmt: skip
    for chapter in sorted(course.glob("*.md")):
        blocks = blocks_of(chapter)
        if not blocks:
            continue
        outcomes = Counter(b.outcome.split(":")[0] for b in blocks)
        types = Counter(f"{b.kind}{'' if b.outcome == 'native' else '*'}" for b in blocks)
        deck = deck_figures(out / course.name / "slides" / f"{chapter.stem}.html")
        print(f"   {chapter.name[-50:]:50s} {len(blocks):6d} {outcomes['native']:6d} "
              f"{outcomes['fallback']:6d} {outcomes['error'] + outcomes['crash']:5d} {deck:>6s}  "
              + ", ".join(f"{k} {n}" for k, n in types.most_common()))  # fmt: skip
        for block in blocks:
            also = " (mermaid rejects too)" if block.outcome.endswith("too)") else ""
            totals[f"{block.kind} {block.outcome.split(':')[0]}{also}"] += 1
            if block.outcome.startswith(("error", "crash")):
                print(f"      {chapter.name[-50:]}:{block.line}: {block.kind}: {block.outcome}")
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--out", type=Path, default=Path("/tmp/realchapters-out"))
    parser.add_argument("--handouts", action="store_true", help="also build the PDFs (slow)")
    args = parser.parse_args()
    totals: Counter[str] = Counter()
    for course in courses_in(args.folder):
        totals += report_course(course, args.out, args.handouts)
    print("\n== diagrams by type and outcome (* in a row above: not native)")
    for key, count in sorted(totals.items()):
        print(f"   {key:40s} {count:5d}")


if __name__ == "__main__":
    main()
