"""Math renderers measured before one was chosen (issue 15): a pure-Python LaTeX-to-SVG
renderer (ziamath) and MathJax's SVG output run by Node at build time.

Neither candidate is installed by this script: point it at them.

    python bench/math_candidates.py --ziamath-python /tmp/math/zvenv/bin/python \
        --mathjax-dir /tmp/math/mj [--sheet /tmp/math/sheet.png]

``--ziamath-python``: a Python with ``ziamath`` installed (default: this one).
``--mathjax-dir``: a folder where ``npm install mathjax-full`` was run (skipped without it).
``--sheet``: also draws every formula by both, side by side, in one PNG (headless Chromium),
to be looked at: fidelity is judged by eye, the figures printed count refusals and errors.

Printed: per candidate, cold start (import and first formula), ms per formula (warm, median of
three passes), formulas refused or drawn as an error, install size, and whether Node is needed.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Thirty formulas of the kinds engineering courses write (display unless marked inline).
FORMULAS: list[tuple[str, str]] = [
    ("fraction", r"\frac{a+b}{c-d} = \frac{1}{2}"),
    ("sum", r"\sum_{i=1}^{n} i = \frac{n(n+1)}{2}"),
    ("integral", r"\int_{0}^{\infty} e^{-x^2}\,dx = \frac{\sqrt{\pi}}{2}"),
    ("pmatrix", r"A = \begin{pmatrix} a_{11} & a_{12} \\ a_{21} & a_{22} \end{pmatrix}"),
    ("bmatrix", r"\begin{bmatrix} 1 & 0 & 0 \\ 0 & 1 & 0 \\ 0 & 0 & 1 \end{bmatrix}"),
    ("cases", r"|x| = \begin{cases} x & \text{if } x \ge 0 \\ -x & \text{otherwise} \end{cases}"),
    ("aligned", r"\begin{aligned} f(x) &= (x+1)^2 \\ &= x^2 + 2x + 1 \end{aligned}"),
    ("greek", r"\alpha + \beta = \gamma, \quad \Delta\Omega \approx \lambda\mu\sigma\phi"),
    ("accents", r"\hat{x}, \vec{v}, \bar{y}, \tilde{z}, \dot{q}, \overline{AB}"),
    ("sqrt index", r"\sqrt[3]{x^2 + y^2} + \sqrt{2}"),
    ("nested scripts", r"e^{x^{2}_{i}} + a_{i_{j}}^{k^{2}}"),
    ("text", r"v = \frac{d}{t} \text{ where } d \text{ is the distance}"),
    ("mathbb mathcal", r"x \in \mathbb{R}^n, \mathcal{O}(1), \mathbb{N} \subset \mathbb{Z}"),
    ("operatorname", r"\operatorname{argmax}_{\theta} \operatorname{softmax}(z)_i"),
    ("left right", r"\left( \frac{a}{b} \right)^2 \left[ x \right] \left\{ y \right\}"),
    ("big operators", r"\prod_{k=1}^{n} k \cdot \bigcup_{i} A_i \cdot \bigcap_{j} B_j"),
    ("binomial", r"\binom{n}{k} = \frac{n!}{k!(n-k)!}"),
    ("underbrace", r"\underbrace{1 + 2 + \cdots + n}_{n \text{ terms}}"),
    ("units", r"c = 3 \times 10^{8}\,\mathrm{m\,s^{-1}}, \; 9.81\,\mathrm{m/s^2}"),
    ("long", r"f(x) = a_0 + \sum_{n=1}^{\infty} \left( a_n \cos\frac{n\pi x}{L}"
             r" + b_n \sin\frac{n\pi x}{L} \right)"),
    ("probability", r"P(A \mid B) = \frac{P(B \mid A)\,P(A)}{P(B)}"),
    ("complexity", r"T(n) = 2T(n/2) + O(n) \in O(n \log n)"),
    ("maxwell", r"\nabla \times \mathbf{E} = -\frac{\partial \mathbf{B}}{\partial t}"),
    ("fourier", r"\hat{f}(\xi) = \int_{-\infty}^{\infty} f(x)\, e^{-2\pi i x \xi}\,dx"),
    ("limit", r"\lim_{x \to 0} \frac{\sin x}{x} = 1"),
    ("expectation", r"\mathbb{E}[X] = \sum_{x} x\,p(x), \quad \sigma^2 = \mathrm{Var}(X)"),
    ("logic", r"\forall \varepsilon > 0\; \exists \delta > 0 : |x| < \delta \Rightarrow"
              r" |f(x)| < \varepsilon"),
    ("norm", r"\|\mathbf{x}\|_2 = \sqrt{\sum_i x_i^2}, \quad \langle u, v \rangle"),
    ("inline fraction", r"\tfrac{1}{2} \le \dfrac{3}{4}"),
    ("align*", r"\begin{align*} a &= b + c \\ d &= e \end{align*}"),
]

_ZIAMATH = r"""
import json, sys, time
t0 = time.perf_counter()
import ziamath
ziamath.config.svg2 = False  # plain paths, as coursebuild draws them
t1 = time.perf_counter()
formulas = json.load(sys.stdin)
out = []
for pass_ in range(3):
    times, svgs, errors = [], [], []
    for tex in formulas:
        t = time.perf_counter()
        try:
            svgs.append(ziamath.Latex(tex).svg()); errors.append("")
        except Exception as exc:
            svgs.append(""); errors.append(f"{type(exc).__name__}: {exc}")
        times.append(time.perf_counter() - t)
    if pass_ == 0:
        first = times[0]
    out.append(times)
json.dump({"import": t1 - t0, "first": first, "passes": out, "svgs": svgs, "errors": errors},
          sys.stdout)
"""

_MATHJAX = r"""
const t0 = performance.now();
const {mathjax} = require('mathjax-full/js/mathjax.js');
const {TeX} = require('mathjax-full/js/input/tex.js');
const {SVG} = require('mathjax-full/js/output/svg.js');
const {liteAdaptor} = require('mathjax-full/js/adaptors/liteAdaptor.js');
const {RegisterHTMLHandler} = require('mathjax-full/js/handlers/html.js');
const {AllPackages} = require('mathjax-full/js/input/tex/AllPackages.js');
const adaptor = liteAdaptor();
RegisterHTMLHandler(adaptor);
const doc = mathjax.document('', {InputJax: new TeX({packages: AllPackages}),
                                  OutputJax: new SVG({fontCache: 'none'})});
const t1 = performance.now();
const formulas = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const passes = []; let svgs = [], errors = [], first = 0;
for (let p = 0; p < 3; p++) {
  const times = []; svgs = []; errors = [];
  for (const tex of formulas) {
    const t = performance.now();
    const svg = adaptor.innerHTML(doc.convert(tex, {display: true}));
    times.push((performance.now() - t) / 1000);
    const err = /data-mjx-error="([^"]*)"/.exec(svg);
    svgs.push(svg); errors.push(err ? err[1] : '');
  }
  if (p === 0) first = times[0];
  passes.push(times);
}
process.stdout.write(JSON.stringify({import: (t1 - t0) / 1000, first, passes, svgs, errors}));
"""


def run_ziamath(python: str) -> dict:
    return _run([python, "-c", _ZIAMATH], None)


def run_mathjax(folder: Path) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".js", dir=folder, delete=False) as script:
        script.write(_MATHJAX)
    try:
        return _run(["node", script.name], folder)
    finally:
        Path(script.name).unlink()


def _run(command: list[str], cwd: Path | None) -> dict:
    texts = json.dumps([tex for _, tex in FORMULAS])
    started = time.perf_counter()
    done = subprocess.run(command, input=texts, capture_output=True, text=True, cwd=cwd,
                          check=True)
    result = json.loads(done.stdout)
    result["process"] = time.perf_counter() - started
    return result


def _size_mb(path: Path) -> float:
    files = path.rglob("*") if path.is_dir() else [path]
    return sum(f.stat().st_size for f in files if f.is_file()) / 1e6


def report(name: str, result: dict, install: str) -> None:
    warm = [statistics.median(times) for times in zip(*result["passes"][1:], strict=True)]
    refused = [FORMULAS[i][0] for i, error in enumerate(result["errors"]) if error]
    print(f"{name}:")
    print(f"  cold: process {result['process'] * 1000:.0f} ms (import {result['import'] * 1000:.0f}"
          f" ms, first formula {result['first'] * 1000:.1f} ms)")
    print(f"  warm: {statistics.mean(warm) * 1000:.2f} ms a formula on average, "
          f"{max(warm) * 1000:.2f} ms the slowest")
    print(f"  refused or drawn as an error: {len(refused)}/{len(FORMULAS)} {refused}")
    print(f"  SVG size: {statistics.mean(len(s) for s in result['svgs']) / 1000:.1f} kB average")
    print(f"  install: {install}")


def ziamath_install(python: str) -> str:
    found = subprocess.run([python, "-c", "import ziamath, ziafont, latex2mathml; print("
                            "ziamath.__file__, ziafont.__file__, latex2mathml.__file__)"],
                           capture_output=True, text=True, check=True).stdout.split()
    size = sum(_size_mb(Path(f).parent) for f in found)
    return f"pip: ziamath + ziafont + latex2mathml, {size:.1f} MB (font included), no Node"


def mathjax_install(folder: Path) -> str:
    size = _size_mb(folder / "node_modules")
    return f"npm: mathjax-full, {size:.0f} MB of node_modules, Node needed at build time"


def sheet(results: dict[str, dict], png: Path) -> None:
    """Every formula by each candidate, in rows, screenshotted by headless Chromium."""
    from playwright.sync_api import sync_playwright
    names = list(results)
    rows = "".join(
        f"<tr><th>{i + 1}. {label}</th>"
        + "".join(f"<td>{results[n]['svgs'][i] or '<b>refused</b>'}</td>" for n in names)
        + "</tr>"
        for i, (label, _) in enumerate(FORMULAS))
    head = "".join(f"<th>{n}</th>" for n in names)
    page = (f"<html><body style='font: 16px sans-serif'><table border=1 cellpadding=6>"
            f"<tr><th></th>{head}</tr>{rows}</table></body></html>")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                    args=["--no-sandbox", "--disable-gpu"])
        tab = browser.new_page(viewport={"width": 1100, "height": 800})
        tab.set_content(page)
        tab.screenshot(path=str(png), full_page=True)
        browser.close()


def chapter_of_100() -> None:
    """The chosen renderer in the build: a chapter of 100 distinct formulas parsed, drawn and
    rendered to the deck's HTML (a fresh process: imports and font loading included)."""
    code = (
        "import time; t = time.perf_counter()\n"
        "from coursebuild.html import Target, render_blocks\n"
        "from coursebuild.markdown import parser\n"
        "src = '\\n\\n'.join(f'Ligne {i} : $\\\\frac{{x_{{{i}}}}}{{{i} + y}}"
        " = \\\\sqrt{{{i}}}$.' for i in range(100))\n"
        "target = Target(chapter_href=str, file_src=str, emoji_src=str)\n"
        "html = render_blocks(parser().parse(src), target)\n"
        "assert html.count('<svg') == 100, html[:300]\n"
        "print(f'{time.perf_counter() - t:.2f}')\n")
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=root, check=True)
    print(f"coursebuild, a chapter of 100 formulas: {done.stdout.strip()} s "
          "(imports, parse, draw, deck HTML)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ziamath-python", default=sys.executable)
    parser.add_argument("--mathjax-dir", type=Path)
    parser.add_argument("--sheet", type=Path)
    args = parser.parse_args()
    results = {"ziamath": run_ziamath(args.ziamath_python)}
    report("ziamath (pure Python)", results["ziamath"], ziamath_install(args.ziamath_python))
    if args.mathjax_dir and shutil.which("node"):
        results["MathJax"] = run_mathjax(args.mathjax_dir)
        report("MathJax 3 SVG (Node)", results["MathJax"], mathjax_install(args.mathjax_dir))
    chapter_of_100()
    if args.sheet:
        sheet(results, args.sheet)
        print(f"side by side: {args.sheet}")


if __name__ == "__main__":
    main()
