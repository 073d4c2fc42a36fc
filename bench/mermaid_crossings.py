"""Edge crossings in our drawing and in mermaid's, on the flowcharts of mermaid's syntax page.

    .venv/bin/python bench/mermaid_crossings.py [--git-dir DIR] [--commit SHA] [FOLDER...]

Each diagram is drawn by us (``render_uncached``) and by mermaid 11 (``mermaid.render`` in
Chromium); both SVGs are measured the same way in the same page: every edge path is sampled
with ``getPointAtLength`` (about every 3 px, in screen coordinates), and two edges cross where
their polylines intersect away from their ends (points closer than 4 px count once). Also
counted: edges through a node (a sample point at least 3 px inside a node's outline, away from the
edge's ends) and edges through a subgraph title (a sample point inside the title's box).
FOLDER arguments add the mermaid flowcharts of the Markdown files found there (for instance
the real chapters). Mermaid's figures are cached next to its parse cache.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mermaid_corpus import (  # noqa: E402
    DEFAULT_COMMIT,
    DEFAULT_GIT_DIR,
    Example,
    Repo,
    is_kind,
    syntax_page_examples,
)
from mermaid_truth import CACHE, mermaid_version, open_page  # noqa: E402

from coursebuild.mermaid import MermaidError, UnsupportedDiagram, render_uncached  # noqa: E402

CROSSINGS_CACHE = CACHE.with_name("mermaid-crossings.json")
_FENCE = re.compile(r"^```mermaid[^\n]*\n(.*?)^```", re.DOTALL | re.MULTILINE)

# Runs in the page: measure the SVG just put in #stage.
_MEASURE_JS = """
([edgeSel, nodeSel, titleSel]) => {
  const svg = document.querySelector('#stage svg');
  const pt = svg.createSVGPoint();
  const toScreen = (el, p) => {
    pt.x = p.x; pt.y = p.y;
    return pt.matrixTransform(el.getScreenCTM());
  };
  const edges = [...svg.querySelectorAll(edgeSel)].map((path) => {
    const len = path.getTotalLength();
    const n = Math.max(8, Math.ceil(len / 3));
    const pts = [];
    for (let i = 0; i <= n; i++) pts.push(toScreen(path, path.getPointAtLength(len * i / n)));
    return pts;
  }).filter((pts) => pts.length > 1);
  const shapes = [...svg.querySelectorAll(nodeSel)]
    .map((g) => g.querySelector('rect, polygon, path, circle, ellipse'))
    .filter((el) => el && el.isPointInFill);
  const inside = (el, p) => {  // inside the shape, at least 3 px from its outline
    const inv = el.getScreenCTM().inverse();
    return [[0, 0], [3, 0], [-3, 0], [0, 3], [0, -3]].every(([dx, dy]) => {
      pt.x = p.x + dx; pt.y = p.y + dy;
      return el.isPointInFill(pt.matrixTransform(inv));
    });
  };
  const near = (p, q, d) => Math.hypot(p.x - q.x, p.y - q.y) < d;
  const cross = (a, b, c, d) => {
    const den = (b.x - a.x) * (d.y - c.y) - (b.y - a.y) * (d.x - c.x);
    if (Math.abs(den) < 1e-9) return null;
    const t = ((c.x - a.x) * (d.y - c.y) - (c.y - a.y) * (d.x - c.x)) / den;
    const u = ((c.x - a.x) * (b.y - a.y) - (c.y - a.y) * (b.x - a.x)) / den;
    if (t < 0 || t > 1 || u < 0 || u > 1) return null;
    return {x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y)};
  };
  let crossings = 0;
  for (let i = 0; i < edges.length; i++) {
    for (let j = i + 1; j < edges.length; j++) {
      const A = edges[i], B = edges[j];
      const ends = [A[0], A[A.length - 1], B[0], B[B.length - 1]];
      const found = [];
      for (let s = 0; s + 1 < A.length; s++) {
        for (let k = 0; k + 1 < B.length; k++) {
          const p = cross(A[s], A[s + 1], B[k], B[k + 1]);
          if (!p || ends.some((e) => near(p, e, 6)) || found.some((f) => near(p, f, 4))) continue;
          found.push(p);
        }
      }
      crossings += found.length;
    }
  }
  const titles = [...svg.querySelectorAll(titleSel)].map((t) => t.getBoundingClientRect())
    .filter((r) => r.width > 0);
  let titleHits = 0;
  for (const pts of edges) {
    for (const r of titles) {
      if (pts.some((p) => p.x > r.left && p.x < r.right && p.y > r.top && p.y < r.bottom)) {
        titleHits++;
      }
    }
  }
  let nodeHits = 0;
  for (const pts of edges) {
    const inner = pts.filter((p) => !near(p, pts[0], 6) && !near(p, pts[pts.length - 1], 6));
    for (const el of shapes) if (inner.some((p) => inside(el, p))) nodeHits++;
  }
  return {edges: edges.length, nodes: shapes.length, crossings, nodeHits, titleHits};
}
"""
_RENDER_JS = """
async ([id, text]) => {
  const {svg} = await mermaid.render(id, text);
  document.querySelector('#stage').innerHTML = svg;
}
"""
OURS = ("g[data-from] > path", "g[data-id]", "g[data-cluster] > text")
THEIRS = (".edgePaths path, path.flowchart-link", "g.node", "g.cluster .cluster-label")
MERMAID_CONFIG = "{startOnLoad: false, securityLevel: 'strict'}"  # as a reader's browser has it


@dataclass
class Figures:
    edges: int
    nodes: int
    crossings: int
    node_hits: int
    title_hits: int


def _figures(raw: dict[str, Any]) -> Figures:
    return Figures(
        raw["edges"], raw["nodes"], raw["crossings"], raw["nodeHits"], raw.get("titleHits", 0)
    )


def _show(page: Any, svg: str, selectors: tuple[str, str]) -> Figures:
    page.evaluate("(svg) => { document.querySelector('#stage').innerHTML = svg; }", svg)
    return _figures(page.evaluate(_MEASURE_JS, list(selectors)))


def ours(page: Any, text: str) -> Figures | str:
    try:
        svg = render_uncached(text)
    except (MermaidError, UnsupportedDiagram) as exc:
        return f"rejected: {exc}"
    return _show(page, svg, OURS)


def theirs(page: Any, text: str, number: int, cache: dict[str, Any]) -> Figures | str:
    key = (
        f"{mermaid_version()}:"
        + hashlib.sha256((MERMAID_CONFIG + _MEASURE_JS + text).encode()).hexdigest()
    )
    if key not in cache:
        try:
            page.evaluate(_RENDER_JS, [f"m{number}", text])
            cache[key] = page.evaluate(_MEASURE_JS, list(THEIRS))
        except Exception as exc:  # noqa: BLE001 - mermaid's own failure is a result
            cache[key] = {"error": str(exc)[:100]}
    raw = cache[key]
    return f"mermaid failed: {raw['error']}" if "error" in raw else _figures(raw)


def folder_examples(folder: Path) -> list[Example]:
    found = []
    for path in sorted(folder.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        for match in _FENCE.finditer(text):
            if is_kind(match.group(1), "flowchart"):
                line = text.count("\n", 0, match.start()) + 1
                found.append(Example(f"{path.name}:{line}", folder.name, match.group(1)))
    return found


def _load() -> dict[str, Any]:
    try:
        return dict(json.loads(CROSSINGS_CACHE.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return {}


def measure_all(examples: list[Example]) -> list[tuple[Example, Figures | str, Figures | str]]:
    from playwright.sync_api import sync_playwright

    cache = _load()
    rows = []
    with sync_playwright() as playwright:
        page = open_page(playwright)
        page.evaluate(f"mermaid.initialize({MERMAID_CONFIG})")
        page.set_viewport_size({"width": 2400, "height": 1800})
        page.evaluate("document.body.insertAdjacentHTML('beforeend', '<div id=stage></div>')")
        for number, example in enumerate(examples):
            rows.append(
                (example, ours(page, example.text), theirs(page, example.text, number, cache))
            )
        page.context.browser.close()
    CROSSINGS_CACHE.parent.mkdir(parents=True, exist_ok=True)
    CROSSINGS_CACHE.write_text(json.dumps(cache), encoding="utf-8")
    return rows


def _cells(mine: Figures, their: Figures) -> list[int]:
    return [mine.crossings, their.crossings, mine.node_hits, their.node_hits,
            mine.title_hits, their.title_hits]  # fmt: skip


def print_rows(rows: list[tuple[Example, Figures | str, Figures | str]]) -> None:
    """Per diagram: edges (ours / mermaid's), then ours and mermaid's for each count."""
    print(f"{'':36s} {'edges':>11s}   {'crossings':>13s}   {'through nodes':>13s}"
          f"   {'through titles':>14s}")  # fmt: skip
    print(
        f"{'diagram':36s} {'ours':>5s} {'mmd':>5s}" + "   {:>6s} {:>6s}".format("ours", "mmd") * 3
    )
    totals = [0] * 6
    worse: dict[str, list[str]] = {"crossings": [], "nodes": [], "titles": []}
    for example, mine, their in rows:
        name = example.origin.split("/")[-1][-36:]
        if not isinstance(mine, Figures) or not isinstance(their, Figures):
            print(f"{name:36s} {str(mine)[:40]} | {str(their)[:40]}")
            continue
        cells = _cells(mine, their)
        print(f"{name:36s} {mine.edges:5d} {their.edges:5d}"
              + "".join(f"   {cells[i]:6d} {cells[i + 1]:6d}" for i in (0, 2, 4)))  # fmt: skip
        totals = [t + c for t, c in zip(totals, cells, strict=True)]
        for key, i in (("crossings", 0), ("nodes", 2), ("titles", 4)):
            if cells[i] > cells[i + 1]:
                worse[key].append(name)
    print(
        f"{'TOTAL':36s} {'':11s}"
        + "".join(f"   {totals[i]:6d} {totals[i + 1]:6d}" for i in (0, 2, 4))
    )
    print(f"diagrams: {len(rows)}")
    for key, names in worse.items():
        print(f"  ours worse than mermaid ({key}): {len(names)}: {', '.join(names[:10])}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--git-dir", type=Path, default=DEFAULT_GIT_DIR)
    parser.add_argument("--commit", default=DEFAULT_COMMIT)
    parser.add_argument("folders", nargs="*", type=Path)
    args = parser.parse_args()
    examples = syntax_page_examples(Repo(args.git_dir, args.commit), "flowchart")
    for folder in args.folders:
        examples += folder_examples(folder)
    print_rows(measure_all(examples))


if __name__ == "__main__":
    main()
