"""Benchmark the mermaid renderer: ``.venv/bin/python bench/bench_mermaid.py``.

Prints the median wall time (cache bypassed) for the seed diagram of
chapters/00-Container-Runtimes.md, a generated 200-node flowchart and a 2,000-node one.
"""

from __future__ import annotations

import random
import re
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from coursebuild.mermaid import render_uncached

ROOT = Path(__file__).resolve().parent.parent
SEED_FILE = ROOT / "chapters" / "00-Container-Runtimes.md"


def seed_diagram() -> str:
    text = SEED_FILE.read_text(encoding="utf-8")
    match = re.search(r"```mermaid\n(.*?)```", text, re.DOTALL)
    if match is None:
        raise SystemExit(f"no mermaid block in {SEED_FILE}")
    return match.group(1)


def generated(nodes: int, seed: int = 7) -> str:
    """A layered-looking flowchart: each node links from one of the few nodes declared
    just before it, plus some extra forward, backward and labelled links and subgraphs."""
    rng = random.Random(seed)
    shapes = ["[{}]", "({})", "{{{}}}", "([{}])", "[({})]", "(({}))"]
    lines = ["flowchart TD"]
    for i in range(nodes):
        lines.append(f"    n{i}" + rng.choice(shapes).format(f"Étape {i}"))
    for i in range(1, nodes):
        lines.append(f"    n{rng.randrange(max(0, i - 6), i)} --> n{i}")
        if rng.random() < 0.25:
            target = min(nodes - 1, i + rng.randrange(1, 8))
            link = rng.choice(["-.->", "==>", "-->|oui|", "--o"])
            lines.append(f"    n{i} {link} n{target}")
        if rng.random() < 0.03:
            lines.append(f"    n{i} --> n{rng.randrange(max(0, i - 40), i)}")
    for start in range(0, nodes - 10, max(10, nodes // 8)):
        lines.append(f"    subgraph s{start} [Groupe {start}]")
        lines.extend(f"      n{start + k}" for k in range(4))
        lines.append("    end")
    return "\n".join(lines)


def median_time(render: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        render()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    render_uncached(seed_diagram())  # load fonts once, as a long-running build would
    cases = [
        ("seed diagram (8 nodes)", seed_diagram(), 50),
        ("generated 200 nodes", generated(200), 5),
        ("generated 2000 nodes", generated(2000), 1),
    ]
    for name, source, repeat in cases:
        seconds = median_time(lambda source=source: render_uncached(source), repeat)
        print(f"{name:<26} median {seconds * 1000:9.1f} ms  ({repeat} runs)")


if __name__ == "__main__":
    main()
