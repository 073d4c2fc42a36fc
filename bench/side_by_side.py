"""Our drawing next to mermaid.js's, for each example of a diagram type's syntax page.

    .venv/bin/python bench/side_by_side.py KIND [--out /tmp/side-by-side] [--git-dir DIR]

KIND is a module of bench/kinds/ (or flowchart, sequence). Each example of the type's syntax
page in mermaid's repository (read at the pinned commit, nothing copied here) is drawn by us
(left) and by the npm mermaid package in headless Chromium (right, what mermaid-cli does), and
screenshotted to ``OUT/KIND-NN.png``. Prints one line per example: where it comes from, and
whether each side drew it.
"""

from __future__ import annotations

import argparse
import base64
import html
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kinds import registered  # noqa: E402
from mermaid_corpus import (  # noqa: E402
    DEFAULT_COMMIT,
    DEFAULT_GIT_DIR,
    SYNTAX_PAGES,
    Example,
    Repo,
    syntax_page_examples,
)
from mermaid_truth import open_page  # noqa: E402

from coursebuild.mermaid import MermaidError, UnsupportedDiagram, render_mermaid  # noqa: E402

FONTS = Path(__file__).resolve().parent.parent / "node_modules/@fontsource/inter/files"
_PAGE = """<!doctype html><html><head><meta charset="utf-8"><style>{fonts}
body {{ margin: 0; font-family: sans-serif; background: #fff; }}
p {{ margin: 4px 8px; font-size: 13px; color: #555; }}
.pair {{ display: flex; gap: 12px; align-items: flex-start; padding: 8px; }}
.side {{ flex: 1 1 0; border: 1px solid #ccc; padding: 6px; min-width: 0; }}
.side svg {{ max-width: 100%; height: auto; }}
h2 {{ font-size: 14px; margin: 0 0 4px; }}
</style></head><body><p>{origin}</p><div class="pair">
<div class="side"><h2>coursebuild</h2>{ours}</div>
<div class="side"><h2>mermaid.js</h2><div id="theirs"></div></div></div></body></html>"""

_THEIRS = """async (text) => {
  try {
    const {svg} = await mermaid.render('theirs-svg', text);
    document.getElementById('theirs').innerHTML = svg;
    return 'drawn';
  } catch (e) { document.getElementById('theirs').textContent = String(e.message || e);
                return 'error: ' + String(e.message || e).slice(0, 80); }
}"""


def font_faces() -> str:
    """Inter, as the deck loads it (our layout measures labels with its metrics)."""
    faces = []
    for weight in (400, 700):
        data = base64.b64encode((FONTS / f"inter-latin-{weight}-normal.woff2").read_bytes())
        faces.append(f"@font-face {{ font-family: Inter; font-weight: {weight}; "
                     f"src: url(data:font/woff2;base64,{data.decode()}) format('woff2'); }}")
    return "\n".join(faces)


def examples(repo: Repo, name: str) -> list[Example]:
    kinds = registered()
    if name in kinds:
        kind = kinds[name]
        return syntax_page_examples(repo, kind.header, kind.syntax_pages)
    if name in SYNTAX_PAGES:
        return syntax_page_examples(repo, name)
    raise SystemExit(f"unknown kind {name!r}: one of {', '.join([*SYNTAX_PAGES, *kinds])}")


def ours(text: str) -> tuple[str, str]:
    try:
        return render_mermaid(text), "drawn"
    except UnsupportedDiagram:
        return "<p>(not drawn natively)</p>", "unsupported"
    except MermaidError as exc:
        return f"<pre>{html.escape(str(exc))}</pre>", f"error: {exc}"[:90]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kind")
    parser.add_argument("--out", type=Path, default=Path("/tmp/side-by-side"))
    parser.add_argument("--git-dir", type=Path, default=DEFAULT_GIT_DIR)
    parser.add_argument("--commit", default=DEFAULT_COMMIT)
    args = parser.parse_args()
    found = examples(Repo(args.git_dir, args.commit), args.kind)
    args.out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        page = open_page(playwright)
        page.set_viewport_size({"width": 1400, "height": 600})
        fonts = font_faces()
        for number, example in enumerate(found, 1):
            svg, mine = ours(example.text)
            origin = html.escape(example.origin)
            page.set_content(_PAGE.format(fonts=fonts, origin=origin, ours=svg))
            page.add_script_tag(path=str(Path(__file__).resolve().parent.parent
                                         / "node_modules/mermaid/dist/mermaid.min.js"))
            page.evaluate("mermaid.initialize({startOnLoad: false, securityLevel: 'strict'})")
            theirs = page.evaluate(_THEIRS, example.text)
            shot = args.out / f"{args.kind}-{number:02d}.png"
            page.screenshot(path=str(shot), full_page=True)
            print(f"{shot.name}  {example.origin}  ours: {mine}  mermaid.js: {theirs}")
        page.context.browser.close()


if __name__ == "__main__":
    main()
