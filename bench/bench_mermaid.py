"""Benchmark the mermaid renderer: ``.venv/bin/python bench/bench_mermaid.py [--bounds]``.

Without options: the median wall time (cache bypassed) for the seed diagram of
chapters/00-Container-Runtimes.md, a generated 200-node flowchart and a 2,000-node one, the
timelines of chapters/08-rkt-Histoire.md, a generated 40-period timeline, a 30-slice pie
and the samples of each type under bench/kinds/.

With ``--bounds``: each diagram at the bounds of coursebuild/mermaid/bounds.py (the largest
the build draws, one shape per bound) and each attack past them, each in a fresh process:
wall time, peak memory, and the SVG size or the error.
"""

from __future__ import annotations

import random
import re
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from coursebuild.mermaid import MermaidError, render_uncached
from coursebuild.mermaid.bounds import (
    MAX_DEPTH,
    MAX_EDGES,
    MAX_LABEL_CHARS,
    MAX_LAYOUT_CELLS,
    MAX_NODES,
)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from kinds import registered  # noqa: E402  (each type's own samples, bench/kinds/)

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


# -- diagrams at the bounds ------------------------------------------------------------
def at_every_bound(reach: int = 24, seed: int = 5) -> str:
    """MAX_NODES boxes, MAX_EDGES links (the chain's labelled), MAX_LABEL_CHARS characters
    of labels, subgraphs MAX_DEPTH deep; extra links reach up to ``reach`` nodes ahead."""
    rng = random.Random(seed)
    nodes = MAX_NODES - MAX_DEPTH
    width = (MAX_LABEL_CHARS - 5 * nodes) // nodes - 4
    lines = ["flowchart TD"]
    lines += [f"n{i}[{i:04d} " + "mot " * (width // 4) + "]" for i in range(nodes)]
    lines += [f"n{i - 1} -->|l{i:03d}| n{i}" for i in range(1, nodes)]
    for _ in range(MAX_EDGES - (nodes - 1)):
        i = rng.randrange(0, nodes - 1)
        lines.append(f"n{i} --> n{min(nodes - 1, i + rng.randrange(1, reach))}")
    lines += [f"subgraph g{d}[Groupe {d}]" for d in range(MAX_DEPTH)]
    lines += [f"n{k}" for k in range(20)] + ["end"] * MAX_DEPTH
    return "\n".join(lines)


def long_links() -> str:
    """A chain as long as the node bound, and links from end to end up to the layout bound:
    the most work per link (one layout cell per rank each link crosses)."""
    count = MAX_LAYOUT_CELLS // MAX_NODES - 2
    chain = [f"n{i} --> n{i + 1}" for i in range(MAX_NODES - 1)]
    spans = [f"n{i} --> n{MAX_NODES - 1 - i}" for i in range(count)]
    return "\n".join(["graph TD", *chain, *spans])


def parallel_links() -> str:
    return "graph LR\n" + "\n".join(f"A -->|{i}| B" for i in range(MAX_EDGES))


def bipartite() -> str:
    side = int(MAX_EDGES**0.5)
    left = " & ".join(f"a{i}" for i in range(side))
    return f"graph TD\n{left} --> {left.replace('a', 'b')}"


def deep_nesting() -> str:
    """Subgraphs MAX_DEPTH deep, and links from the innermost node to outside ones: each
    link needs a terminal in every subgraph it leaves."""
    opened = "\n".join(f"subgraph s{i}" for i in range(MAX_DEPTH))
    links = min(MAX_EDGES, MAX_LAYOUT_CELLS // (3 * (MAX_DEPTH + 1)))
    outside = "\n".join(f"x --> o{j}" for j in range(links))
    return f"graph TD\n{opened}\nx\n" + "end\n" * MAX_DEPTH + outside


# -- attacks past the bounds (issue 10) ------------------------------------------------
def amplified() -> str:
    """One 25 kB line that expands to 900,000 links."""
    left = " & ".join(f"a{i}" for i in range(3000))
    right = " & ".join(f"b{i}" for i in range(300))
    return f"graph LR\n{left} --> {right}"


def mermaid_huge_line() -> str:
    """The single line of mermaid's own flow-huge.spec.js: 47,917 links between A and B."""
    return "graph LR;" + ("A-->B;B-->A;" * 415 + "A-->B;") * 57 + "A-->B;B-->A;" * 275


def nested_10000() -> str:
    opened = "".join(f"subgraph s{i}\n" for i in range(10_000))
    return f"graph TD\n{opened}x\n" + "end\n" * 10_000


def label_1mb() -> str:
    return "graph TD\nA[" + "mot " * 250_000 + "]"


CASES: dict[str, Callable[[], str]] = {
    "at every bound": at_every_bound,
    "long links": long_links,
    "parallel links": parallel_links,
    "bipartite": bipartite,
    "deep nesting": deep_nesting,
    "amplified (900,000)": amplified,
    "mermaid 47,917 line": mermaid_huge_line,
    "10,000 nested": nested_10000,
    "1 MB label": label_1mb,
}


def median_time(render: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        render()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run_case(name: str) -> None:
    """One case in this process: print its figures on one line."""
    render_uncached(seed_diagram())  # fonts loaded, as in a build
    source = CASES[name]()
    start, cpu = time.perf_counter(), time.process_time()
    try:
        outcome = f"SVG {len(render_uncached(source)) / 1e6:.1f} MB"
    except MermaidError as exc:
        outcome = f"line {exc.line}: {exc.message[:60]}"
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{name:<22} {len(source) / 1e3:7.1f} kB {seconds:6.2f} s {cpu:6.2f} s "
          f"{peak:5.0f} MB  {outcome}")


def bounds() -> None:
    print(f"bounds: {MAX_NODES:,} nodes, {MAX_EDGES:,} links, {MAX_LABEL_CHARS:,} label "
          f"characters, depth {MAX_DEPTH}, {MAX_LAYOUT_CELLS:,} layout cells")
    print(f"{'case':<22} {'source':>10} {'wall':>8} {'CPU':>8} {'peak':>8}  outcome")
    for name in CASES:
        subprocess.run([sys.executable, __file__, "--case", name], check=True)


def chapter_diagrams(path: Path, kind: str) -> list[str]:
    """The mermaid blocks of ``path`` whose first line is ``kind``."""
    blocks = re.findall(r"```mermaid\n(.*?)```", path.read_text(encoding="utf-8"), re.DOTALL)
    return [block for block in blocks if block.lstrip().startswith(kind)]


def generated_timeline(periods: int) -> str:
    lines = ["timeline", "    title Une longue histoire"]
    for n in range(periods):
        if n % 5 == 0:
            lines.append(f"    section Époque {n // 5 + 1}")
        lines.append(f"        {2000 + n} : Événement {n} du projet : et sa suite")
    return "\n".join(lines) + "\n"


def generated_pie(slices: int) -> str:
    rows = [f'    "Part {n}" : {n * 7 % 23 + 1}' for n in range(slices)]
    return "\n".join(["pie showData title Répartition", *rows]) + "\n"


def main() -> None:
    if sys.argv[1:2] == ["--case"]:
        run_case(sys.argv[2])
        return
    if sys.argv[1:2] == ["--bounds"]:
        bounds()
        return
    render_uncached(seed_diagram())  # load fonts once, as a long-running build would
    cases = [
        ("seed diagram (8 nodes)", seed_diagram(), 50),
        ("generated 200 nodes", generated(200), 5),
        ("generated 2000 nodes", generated(2000), 1),
        *[(f"08 timeline {n}", source, 50) for n, source in enumerate(
            chapter_diagrams(ROOT / "chapters" / "08-rkt-Histoire.md", "timeline"), start=1)],
        ("timeline, 40 periods", generated_timeline(40), 10),
        ("pie, 30 slices", generated_pie(30), 50),
        *[(name, source, 10) for kind in registered().values() for name, source in kind.samples()],
    ]
    for name, source, repeat in cases:
        seconds = median_time(lambda source=source: render_uncached(source), repeat)
        print(f"{name:<26} median {seconds * 1000:9.1f} ms  ({repeat} runs)")


if __name__ == "__main__":
    main()
