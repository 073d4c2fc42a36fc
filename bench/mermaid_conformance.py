"""Conformance of our mermaid parsers with mermaid 11, on mermaid's own test material.

    .venv/bin/python bench/mermaid_conformance.py [--git-dir DIR] [--commit SHA]
        [--failures /tmp/conformance_failures.txt] [--kind flowchart|sequence|state|...|all]

Reads the flowchart (and sequence) diagrams of mermaid's parser specs, syntax page and
rendering tests from a local git checkout of mermaid's repository at a pinned commit (nothing is
copied here; fetch github:mermaid-js/mermaid for the bare git directory), asks the npm mermaid
package in Chromium for its verdict and parse of each (cached, see bench/mermaid_truth.py),
then parses each with ours, compares the structure and draws it (render_uncached). Prints the
totals, a table by feature and a table by differing aspect; writes the failing examples to the
failures file.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kinds import Kind, registered  # noqa: E402
from mermaid_corpus import (  # noqa: E402
    DEFAULT_COMMIT,
    DEFAULT_GIT_DIR,
    Example,
    Repo,
    collect,
    corpus,
)
from mermaid_structure import (  # noqa: E402
    compare_flowchart,
    compare_sequence,
    differ,
    ours_flowchart,
    ours_sequence,
    shape_aliases,
    theirs_flowchart,
    theirs_sequence,
)
from mermaid_truth import mermaid_parse, mermaid_version  # noqa: E402

from coursebuild.mermaid import render_uncached  # noqa: E402

FAILURES = Path("/tmp/conformance_failures.txt")
KINDS = registered()  # the other diagram types, one module each under bench/kinds/
EXAMPLES_PER_ROW = 4

# A construct, and how to spot it in a diagram's text (rows of the table by feature).
FLOWCHART_FEATURES: dict[str, str] = {
    "node @{ } metadata": r"@\{",
    "edge id (e1@-->)": r"\w@(?:<|-|=|\.|~)",
    "markdown string": r"\"`",
    "html tag in label": r"<(?:br|b|i|u|s|strong|em|sub|sup)\b",
    "entity code (#35;)": r"#\w+;",
    "quoted label": r"[\[({>|]\"",
    "subgraph": r"^\s*subgraph\b",
    "direction in subgraph": r"^\s*direction\s",
    "style": r"^\s*style\s",
    "classDef": r"^\s*classDef\s",
    "class / :::": r"^\s*class\s|:::",
    "linkStyle": r"^\s*linkStyle\s",
    "click": r"^\s*click\s",
    "comment %%": r"^\s*%%(?!\{)",
    "front matter": r"\A\s*---\n",
    "%%{init}%%": r"%%\{",
    "dotted link": r"-\.|\.-",
    "thick link": r"==",
    "invisible ~~~": r"~~~",
    "circle/cross head": r"(?:--|==|\.-)[ox]\b|\b[ox](?:--|==|-\.)",
    "bidirectional <-->": r"<(?:--|==|-\.)",
    "edge label |x|": r"\|[^|\n]+\|",
    "long link": r"-{4,}|={4,}|\.{2,}-",
    "& chaining": r"\s&\s",
    "ellipse (-x-)": r"\(-",
    "fa: icon": r"\bfa[bklrs]?:fa-",
    "accTitle/accDescr": r"\bacc(?:Title|Descr)\b",
    "semicolons": r";\s*$|;\s*\w",
    "non-ASCII text": r"[^\x00-\x7f]",
}
SEQUENCE_FEATURES: dict[str, str] = {
    "actor": r"^\s*actor\s",
    "participant as": r"\bas\b",
    "participant @{ }": r"@\{",
    "note": r"^\s*note\s",
    "loop": r"^\s*loop\b",
    "alt/else": r"^\s*alt\b",
    "opt": r"^\s*opt\b",
    "par/and": r"^\s*par(?:_over)?\b",
    "critical": r"^\s*critical\b",
    "break": r"^\s*break\b",
    "rect": r"^\s*rect\b",
    "box": r"^\s*box\b",
    "autonumber": r"^\s*autonumber\b",
    "activate": r"^\s*(?:de)?activate\b|->>?[+-]",
    "create/destroy": r"^\s*(?:create|destroy)\b",
    "links/properties": r"^\s*(?:link|links|properties|details)\b",
    "half arrows": r"-(?:\|\\|\|/|\\\\|//)",
    "bidirectional": r"<<-",
    "front matter": r"\A\s*---\n",
    "%%{init}%%": r"%%\{",
    "comment %%": r"^\s*%%(?!\{)",
    "html / <br>": r"<br|<b>|<i>",
    "entity code": r"#\w+;",
    "accTitle/accDescr": r"\bacc(?:Title|Descr)\b",
    "title": r"^\s*title\b",
    "semicolons": r";",
}


@dataclass
class Outcome:
    """One diagram mermaid accepts: did we accept it, and what differs."""

    example: Example
    accepted: bool
    diffs: list[tuple[str, str]] = field(default_factory=list)
    draw_ms: float | None = None  # None: not drawn

    @property
    def same(self) -> bool:
        return self.accepted and not self.diffs

    @property
    def aspects(self) -> list[str]:
        return [aspect for aspect, _ in self.diffs]


def features_of(text: str, table: dict[str, str]) -> list[str]:
    found = [name for name, pattern in table.items() if re.search(pattern, text, re.MULTILINE)]
    return found or ["(none of the above)"]


def _rejection(exc: BaseException) -> tuple[str, str]:
    kind = "rejected" if type(exc).__name__ in ("MermaidError", "UnsupportedDiagram") else "crash"
    return kind, f"{type(exc).__name__}: {exc}"[:200]


def judge(
    example: Example,
    truth: dict[str, Any],
    parse: Callable[[str], Any],
    compare: Callable[[dict[str, Any], Any], list[tuple[str, str]]],
) -> Outcome:
    try:
        ours = parse(example.text)
    except Exception as exc:  # noqa: BLE001 - a crash is a result to count, not to hide
        return Outcome(example, False, [_rejection(exc)])
    try:
        outcome = Outcome(example, True, compare(truth["data"], ours))
    except Exception as exc:  # noqa: BLE001
        outcome = Outcome(example, True, [("comparison crash", f"{type(exc).__name__}: {exc}")])
    return draw(outcome)


def draw(outcome: Outcome) -> Outcome:
    """Parsing is not enough: the diagram must also be laid out and drawn."""
    start = time.perf_counter()
    try:
        render_uncached(outcome.example.text)
    except Exception as exc:  # noqa: BLE001
        outcome.diffs.append(("not drawn", f"{type(exc).__name__}: {exc}"[:200]))
        return outcome
    outcome.draw_ms = 1000 * (time.perf_counter() - start)
    return outcome


def run_kind(
    examples: list[Example],
    kind: str,
    parse: Callable[[str], Any] | None,
    compare: Callable[[dict[str, Any], Any], list[tuple[str, str]]],
    extract_js: str = "",
) -> tuple[list[Outcome], int]:
    truths = mermaid_parse([e.text for e in examples], kind, extract_js)
    valid = [(e, t) for e, t in zip(examples, truths, strict=True) if t["ok"]]
    if parse is None:
        return [], len(valid)
    return [judge(e, t, parse, compare) for e, t in valid], len(valid)


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f} %" if whole else "   -  "


def print_totals(kind: str, outcomes: list[Outcome], total: int, seconds: float) -> None:
    accepted = sum(o.accepted for o in outcomes)
    same = sum(o.same for o in outcomes)
    print(f"\n== {kind}: {total} diagrams accepted by mermaid {mermaid_version()}")
    print(f"   accepted by us:      {accepted:5d}  {_pct(accepted, total)}")
    times = sorted(o.draw_ms for o in outcomes if o.draw_ms is not None)
    print(f"   drawn by us:         {len(times):5d}  {_pct(len(times), total)}", end="")
    if times:
        print(f"   (median {times[len(times) // 2]:.1f} ms, max {times[-1]:.0f} ms per diagram)")
    print(f"   same structure:      {same:5d}  {_pct(same, total)}   ({seconds:.1f} s in all)")
    groups = sorted({o.example.group for o in outcomes})
    for group in groups:
        mine = [o for o in outcomes if o.example.group == group]
        print(f"   {group:20s} {sum(o.same for o in mine):5d} / {len(mine):<5d}"
              f" {_pct(sum(o.same for o in mine), len(mine))}")  # fmt: skip


def print_feature_table(outcomes: list[Outcome], table: dict[str, str]) -> None:
    rows: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        for name in features_of(outcome.example.text, table):
            rows[name].append(outcome)
    print(f"\n   {'feature':26s} {'diagrams':>8s} {'same':>6s} {'rejected':>8s} {'differs':>7s}")
    for name, mine in sorted(rows.items(), key=lambda kv: -sum(not o.same for o in kv[1])):
        rejected = sum(not o.accepted for o in mine)
        differs = sum(o.accepted and not o.same for o in mine)
        same = len(mine) - rejected - differs
        print(f"   {name:26s} {len(mine):8d} {same:6d} {rejected:8d} {differs:7d}")


def print_aspect_table(outcomes: list[Outcome]) -> None:
    counts = Counter(a for o in outcomes for a in dict.fromkeys(o.aspects))
    if not counts:
        return
    print(f"\n   {'what differs':26s} {'diagrams':>8s}")
    for aspect, count in counts.most_common():
        print(f"   {aspect:26s} {count:8d}")


def failure_report(kind: str, outcomes: list[Outcome]) -> str:
    """Every failing example, grouped by the first aspect that differs."""
    by_aspect: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        if not outcome.same:
            by_aspect[outcome.aspects[0]].append(outcome)
    lines = [f"######## {kind}: {sum(len(v) for v in by_aspect.values())} failing"]
    for aspect, mine in sorted(by_aspect.items(), key=lambda kv: -len(kv[1])):
        lines.append(f"\n==== {aspect} ({len(mine)})")
        for outcome in mine:
            lines.append(f"--- {outcome.example.origin}")
            lines += [f"    ! {a}: {d}" for a, d in outcome.diffs]
            lines += ["    | " + line for line in outcome.example.text.strip("\n").splitlines()]
    return "\n".join(lines) + "\n"


def print_examples(outcomes: list[Outcome]) -> None:
    shown: dict[str, int] = Counter()
    print("\n   first failing examples per aspect:")
    for outcome in outcomes:
        if outcome.same:
            continue
        aspect, detail = outcome.diffs[0]
        if shown[aspect] < EXAMPLES_PER_ROW:
            shown[aspect] += 1
            first = " ⏎ ".join(outcome.example.text.strip().splitlines()[:3])[:90]
            print(f"   [{aspect}] {outcome.example.origin.split('/')[-1]}: {detail[:110]}")
            print(f"        {first}")


def _sequence_parser() -> Callable[[str], Any] | None:
    try:
        from coursebuild.mermaid.sequence.parser import parse
    except ImportError:
        return None
    return parse


def compare_aspects(theirs: dict[str, Any], ours: dict[str, Any]) -> list[tuple[str, str]]:
    """Every aspect of mermaid's reduced parse that ours does not equal."""
    return [
        (aspect, differ(value, ours.get(aspect)))
        for aspect, value in theirs.items()
        if value != ours.get(aspect)
    ]


def measure_registered(repo: Repo, kind: Kind) -> tuple[list[Outcome], int]:
    examples = collect(repo, kind.header, kind.syntax_pages, kind.specs, kind.rendering)

    def compare(theirs: dict[str, Any], ours: Any) -> list[tuple[str, str]]:
        return compare_aspects(kind.theirs(theirs), kind.ours(ours))

    return run_kind(examples, kind.name, kind.parse(), compare, kind.extract_js)


def measure(repo: Repo, kind: str) -> tuple[list[Outcome], int]:
    if kind in KINDS:
        return measure_registered(repo, KINDS[kind])
    examples = corpus(repo, kind)
    if kind == "flowchart":
        from coursebuild.mermaid.parser import parse

        aliases = shape_aliases(repo)

        def compare_flow(theirs: dict[str, Any], ours: Any) -> list[tuple[str, str]]:
            return compare_flowchart(
                theirs_flowchart(theirs, aliases), ours_flowchart(ours, aliases)
            )

        return run_kind(examples, kind, parse, compare_flow)

    def compare_seq(theirs: dict[str, Any], ours: Any) -> list[tuple[str, str]]:
        return compare_sequence(theirs_sequence(theirs), ours_sequence(ours))

    return run_kind(examples, kind, _sequence_parser(), compare_seq)


def report(repo: Repo, kind: str, failures: list[str]) -> None:
    start = time.perf_counter()
    outcomes, total = measure(repo, kind)
    seconds = time.perf_counter() - start
    table = {"flowchart": FLOWCHART_FEATURES, "sequence": SEQUENCE_FEATURES}.get(kind)
    if table is None:
        table = KINDS[kind].features
    if not outcomes and total:
        print(f"\n== {kind}: {total} diagrams accepted by mermaid {mermaid_version()}"
              " (no parser of ours yet)")  # fmt: skip
        return
    print_totals(kind, outcomes, total, seconds)
    print_feature_table(outcomes, table)
    print_aspect_table(outcomes)
    print_examples(outcomes)
    failures.append(failure_report(kind, outcomes))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--git-dir", type=Path, default=DEFAULT_GIT_DIR)
    parser.add_argument("--commit", default=DEFAULT_COMMIT)
    parser.add_argument("--failures", type=Path, default=FAILURES)
    names = ("flowchart", "sequence", *KINDS)
    parser.add_argument("--kind", choices=(*names, "all"), default="all")
    args = parser.parse_args()
    repo = Repo(args.git_dir, args.commit)
    print(f"mermaid test material: {args.git_dir} @ {args.commit[:12]}")
    failures: list[str] = []
    for kind in names:
        if args.kind in (kind, "all"):
            report(repo, kind, failures)
    args.failures.write_text("\n".join(failures), encoding="utf-8")
    print(f"\nfailing examples: {args.failures}")


if __name__ == "__main__":
    main()
