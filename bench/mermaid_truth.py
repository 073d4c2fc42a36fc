"""Mermaid's own parse of a diagram, obtained by running the npm package in Chromium.

Results are cached in ``~/.cache/coursebuild-bench/mermaid-truth.json`` keyed by the mermaid
version, the kind of extraction and a hash of the text, so a rerun only asks Chromium about new
texts.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MERMAID_JS = ROOT / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
CACHE = Path.home() / ".cache" / "coursebuild-bench" / "mermaid-truth.json"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]

# Runs in the page: mermaid.parse (front matter, directives) decides acceptance, then the
# diagram's db gives the structure.
_PARSE_JS = """
async ([texts, kind, extractSource]) => {
  const frontMatter = /^\\s*---\\s*\\n[\\s\\S]*?\\n---\\s*\\n/;
  const list = (xs) => Array.from(xs || []);
  const flow = (db) => ({
    direction: db.getDirection(),
    vertices: list(db.getVertices().values()).map((v) => ({
      id: v.id, text: v.text, type: v.type ?? null, labelType: v.labelType,
      styles: list(v.styles), classes: list(v.classes), link: v.link ?? null})),
    defaultStyle: list(db.getEdges().defaultStyle),
    edges: db.getEdges().map((e) => ({
      id: e.id ?? null, start: e.start, end: e.end, type: e.type, stroke: e.stroke,
      length: e.length, text: e.text, labelType: e.labelType, style: list(e.style),
      interpolate: e.interpolate ?? null})),
    subgraphs: db.getSubGraphs().map((s) => ({
      id: s.id, title: s.title, nodes: list(s.nodes), dir: s.dir ?? null,
      classes: list(s.classes)})),
    classes: Object.fromEntries(list(db.getClasses().entries()).map(
      ([k, c]) => [k, list(c.styles)])),
    title: db.getDiagramTitle ? db.getDiagramTitle() : '',
  });
  const seq = (db) => ({
    actors: list(db.getActors().values()).map((a) => ({
      name: a.name, description: a.description, type: a.type})),
    messages: db.getMessages().map((m) => ({
      from: m.from ?? null, to: m.to ?? null, type: m.type, message: m.message ?? '',
      activate: !!m.activate})),
    boxes: list(db.getBoxes ? db.getBoxes() : []).map((b) => ({
      name: b.name, actorKeys: list(b.actorKeys)})),
  });
  // A kind registered under bench/kinds/ brings its own (db) => data function.
  const extract = extractSource ? (0, eval)(extractSource) : (kind === 'flowchart' ? flow : seq);
  const out = [];
  for (const text of texts) {
    try {
      await mermaid.parse(text);
      if (kind === 'any') { out.push({ok: true}); continue; }
      const head = text.match(frontMatter);
      const title = head && head[0].match(/^title:\\s*(.*?)\\s*$/m);
      const metadata = title ? {title: title[1].replace(/^(["'])(.*)\1$/, '$2')} : {};
      const d = await mermaid.mermaidAPI.getDiagramFromText(
        text.replace(frontMatter, ''), metadata);
      const data = extract(d.db);
      out.push({ok: true, type: d.type, data});
    } catch (e) {
      out.push({ok: false, error: String((e && e.message) || e).slice(0, 300)});
    }
  }
  return out;
}
"""


def mermaid_version() -> str:
    package = MERMAID_JS.parent.parent / "package.json"
    return str(json.loads(package.read_text(encoding="utf-8"))["version"])


def _key(version: str, kind: str, text: str, extract_js: str = "") -> str:
    digest = hashlib.sha256((_PARSE_JS + extract_js + text).encode("utf-8")).hexdigest()[:32]
    return f"{version}:{kind}:{digest}"


def _load_cache() -> dict[str, Any]:
    try:
        return dict(json.loads(CACHE.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return {}


def _save_cache(cache: dict[str, Any]) -> None:
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    tmp = CACHE.with_suffix(".tmp")
    tmp.write_text(json.dumps(cache), encoding="utf-8")
    tmp.replace(CACHE)


def open_page(playwright: Any) -> Any:
    """A blank Chromium page with mermaid loaded and initialised (strict security)."""
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    page = browser.new_page()
    page.set_content("<!doctype html><html><body></body></html>")
    page.add_script_tag(path=str(MERMAID_JS))
    page.evaluate("mermaid.initialize({startOnLoad: false, securityLevel: 'strict'})")
    return page


def _ask_chromium(texts: list[str], kind: str, extract_js: str) -> list[dict[str, Any]]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        page = open_page(playwright)
        results: list[dict[str, Any]] = []
        for start in range(0, len(texts), 50):
            results += page.evaluate(
                _PARSE_JS, [texts[start : start + 50], kind, extract_js or None]
            )
        page.context.browser.close()
    return results


def mermaid_parse(texts: list[str], kind: str, extract_js: str = "") -> list[dict[str, Any]]:
    """Mermaid's verdict and structure for each text (``ok``, ``data`` or ``error``).

    ``extract_js`` is the source of a JavaScript function from the diagram's db to plain data
    (a kind under bench/kinds/); without it, the flowchart or sequence extraction is used."""
    version = mermaid_version()
    cache = _load_cache()
    keys = [_key(version, kind, text, extract_js) for text in texts]
    missing = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in cache}.items())
    if missing:
        answers = _ask_chromium([text for _, text in missing], kind, extract_js)
        cache.update({key: answer for (key, _), answer in zip(missing, answers, strict=True)})
        _save_cache(cache)
    return [cache[key] for key in keys]
