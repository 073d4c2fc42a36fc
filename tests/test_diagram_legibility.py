"""Diagrams sized for the reader: one label size per deck (>= 18 px at 1280x720, measured in
Chromium), a warning at the line of a diagram its slide cannot hold, one label size per paper
document (8-10 pt) with figures never split, alt text, and the mermaid.js fallback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coursebuild.fit import TOO_LARGE
from coursebuild.handouts import render_book, render_reading, write_generated_css
from coursebuild.pipeline import BuildOptions, build_slides, check, prepare
from coursebuild.templating import environment
from tests.conftest import CHAPTERS, needs_chromium, write_course

SMALL = "```mermaid\nflowchart LR\n    A[Client] --> B[Serveur]\n```\n"
MEDIUM = ("```mermaid\nflowchart TD\n    A[kubelet] --> B[CRI]\n    B --> C[containerd]\n"
          "    B --> D[CRI-O]\n    C --> E[runc]\n    D --> E\n```\n")
CHAIN = "".join(f"    N{n}[étape numéro {n}] --> N{n + 1}[étape numéro {n + 1}]\n"
                for n in range(14))
HUGE = f"```mermaid\nflowchart LR\n{CHAIN}```\n"
# Two types mermaid.js still draws in the deck (block-beta: HTML labels; quadrantChart: SVG text)
BLOCKS = ('```mermaid\nblock-beta\n  columns 3\n  a["Conteneurs 🐳"] b["Runtimes de haut niveau"]'
          ' c["containerd"]\n  d["CRI-O"] e["Runtimes de bas niveau"] f["runc"] g["crun"]\n```\n')

TALL = ("```mermaid\nflowchart TD\n    A[systemd] --> B[stage0]\n    B --> C[stage1]\n"
        "    C --> D[stage2 app 1]\n    C --> E[stage2 app 2]\n```\n")
BULLETS = "".join(f"- point numéro {n} qui explique une étape du lancement\n" for n in range(4))
BESIDE = f"# Chapitre\n\n## À côté\n\n{BULLETS}\n{TALL}\n"
QUADRANT = ('```mermaid\nquadrantChart\n    title Runtimes 🐳 en production\n'
            '    x-axis Bas niveau --> Haut niveau 📦\n    y-axis Rare --> Courant\n'
            '    containerd: [0.7, 0.8]\n```\n')
FITTED = f"# Chapitre\n\n## Petit\n\n{SMALL}\n## Moyen\n\nUn mot.\n\n{MEDIUM}\n## Fin\n\nFin.\n"
TOO_BIG = f"# Chapitre\n\n## Énorme\n\n{HUGE}\n"
FALLBACK = (f"# Chapitre\n\n## Début\n\nTexte.\n\n## Ailleurs\n\nAutre texte.\n\n"
            f"## Carte\n\n{BLOCKS}\n## Parts\n\n{QUADRANT}\n")

# Each drawn label's size on screen: its font size times the scale the page draws it at.
LABELS_SCRIPT = """() => {
  const out = [];
  for (const s of document.querySelectorAll('.reveal .slides section:not(.stack)')) {
    if (!s.querySelector('figure.diagram svg')) continue;
    const at = Reveal.getIndices(s);
    Reveal.slide(at.h, at.v);
    for (const fig of s.querySelectorAll('figure.diagram')) {
      const sizes = [...fig.querySelectorAll('svg text')].map((t) => {
        const box = t.getBoundingClientRect(), own = t.getBBox();
        const size = parseFloat(getComputedStyle(t).fontSize);
        return own.height ? size * box.height / own.height : 0;
      }).filter((px) => px > 0);
      const svg = fig.querySelector('svg').getBoundingClientRect();
      const slide = s.getBoundingClientRect();
      out.push({line: Number(s.dataset.line), min: Math.min(...sizes), max: Math.max(...sizes),
                inside: svg.left >= slide.left - 1 && svg.right <= slide.right + 1
                        && svg.bottom <= slide.bottom + 1 && svg.top >= slide.top - 1});
    }
  }
  return out;
}"""




def _deck(tmp_path: Path, markdown: str) -> Path:
    course = write_course(tmp_path / "course", {"01-chapitre": markdown})
    assert build_slides(BuildOptions(course, tmp_path / "out", jobs=1)).ok
    return tmp_path / "out" / "slides" / "01-chapitre.html"


def _labels(browser, deck: Path, errors: list[str] | None = None) -> list[dict]:
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.on("console", lambda m: errors.append(m.text) if errors is not None and
            m.type == "error" else 0)
    try:
        page.goto(deck.as_uri())
        page.wait_for_function("() => window.Reveal && Reveal.isReady()")
        page.evaluate("document.fonts.ready")
        page.wait_for_timeout(300)
        return page.evaluate(LABELS_SCRIPT)
    finally:
        page.close()


@needs_chromium
def test_small_and_larger_diagrams_share_one_label_size_of_at_least_18px(browser,
                                                                         tmp_path: Path) -> None:
    found = _labels(browser, _deck(tmp_path, FITTED))
    assert len(found) == 2
    sizes = [round(f["min"], 1) for f in found] + [round(f["max"], 1) for f in found]
    assert min(sizes) >= 18.0
    assert max(sizes) - min(sizes) < 0.2  # one size: the small one is not blown up


@needs_chromium
def test_a_narrow_diagram_goes_beside_the_text_at_the_same_label_size(browser,
                                                                      tmp_path: Path) -> None:
    deck = _deck(tmp_path, BESIDE)
    html = deck.read_text(encoding="utf-8")
    assert html.index('<figure class="diagram side"') < html.index("point numéro 0")
    found = _labels(browser, deck)
    assert len(found) == 1 and found[0]["inside"] and found[0]["min"] >= 18.0


@pytest.mark.course
@needs_chromium
def test_the_course_diagrams_are_18px_or_reported_too_large(browser, shipped_decks: Path,
                                                           tmp_path: Path) -> None:
    result = check(BuildOptions(CHAPTERS, tmp_path, strict=False))
    reported = {(d.path.name, d.line) for d in result.diagnostics.items if d.message == TOO_LARGE}
    assert reported == set()  # this course's own diagrams all fit, the seed's stack included
    course, _ = prepare(BuildOptions(CHAPTERS, tmp_path))
    for chapter in course.chapters:
        if not chapter.diagrams:
            continue
        labels = _labels(browser, shipped_decks / f"{chapter.stem}.html")
        fences = {d.line - 1 for d in chapter.diagrams if d.svg}
        for slide in labels:
            small = slide["min"] < 18.0
            assert not small or any((chapter.path.name, line) in reported and line > slide["line"]
                                    for line in fences), (chapter.stem, slide)
            assert slide["inside"], (chapter.stem, slide)


def test_a_diagram_too_large_for_its_slide_is_reported_at_its_line(tmp_path: Path) -> None:
    course = write_course(tmp_path / "course", {"01-chapitre": TOO_BIG})
    result = check(BuildOptions(course, tmp_path / "out"))
    found = [(d.line, d.message) for d in result.diagnostics.items]
    assert found == [(5, TOO_LARGE)]  # the fence's line
    fitted = check(BuildOptions(write_course(tmp_path / "ok", {"01-chapitre": FITTED}),
                                tmp_path / "out2"))
    assert [d.message for d in fitted.diagnostics.items] == []


@needs_chromium
def test_a_diagram_too_large_is_still_shown_whole(browser, tmp_path: Path) -> None:
    found = _labels(browser, _deck(tmp_path, TOO_BIG))
    assert len(found) == 1 and found[0]["inside"]
    assert found[0]["min"] > 5.0


def _reading(tmp_path: Path, chapters: dict[str, str]) -> tuple[str, str]:
    folder = write_course(tmp_path / "course", chapters)
    course, _ = prepare(BuildOptions(folder, tmp_path / "out"))
    env = environment(folder)
    write_generated_css(env, tmp_path / "css")
    html = render_reading(env, course, course.chapters[0], tmp_path / "css")
    return html, render_book(env, course, tmp_path / "css")


def _scales(html: str) -> list[float]:
    return [float(s) for s in re.findall(r'<figure class="diagram" data-scale="([\d.]+)"', html)]


def test_paper_diagrams_share_one_label_size_between_8_and_10_pt(tmp_path: Path) -> None:
    html, book = _reading(tmp_path, {"01-a": FITTED, "02-b": SMALL})
    scales = _scales(html)
    assert len(scales) == 2 and len(set(scales)) == 1
    label_pt = scales[0] * 16 * 0.75
    assert 8.0 <= label_pt <= 10.0
    assert len(set(_scales(book))) == 1 and len(_scales(book)) == 3
    css = (tmp_path / "css" / "handout.css").read_text(encoding="utf-8")
    assert re.search(r"figure\.diagram \{[^}]*break-inside: avoid", css)


def test_a_wide_diagram_lowers_the_documents_label_size_but_not_under_8pt(tmp_path: Path) -> None:
    html, _ = _reading(tmp_path, {"01-a": FITTED + "\n## Large\n\n" + HUGE})
    scales = _scales(html)
    assert len(set(scales[:2])) == 1 and scales[0] * 12 == pytest.approx(8.0, abs=0.01)
    widths = [float(w) for w in re.findall(r'class="diagram-box" style="width: ([\d.]+)px', html)]
    assert max(widths) <= 640  # the one too wide for the column at 8 pt is narrowed on its own


ALT_CASES = [
    ("flowchart LR\n    accTitle: La pile\n    A --> B", "La pile"),
    ("flowchart LR\n    accTitle: La pile\n    accDescr: De kubectl à runc\n    A --> B",
     "La pile : De kubectl à runc"),
    ("flowchart LR\n    accDescr {\n      Trois étapes\n    }\n    A --> B", "Trois étapes"),
    ("flowchart LR\n    A[kubelet] --> B[containerd]\n    B --> C[runc]",
     "Diagramme flowchart, 3 libellés : kubelet, containerd, runc"),
]


@pytest.mark.parametrize(("source", "alt"), ALT_CASES, ids=["title", "title+descr",
                                                          "descr-block", "generated"])
def test_alt_text(tmp_path: Path, source: str, alt: str) -> None:
    deck = _deck(tmp_path, f"# C\n\n## D\n\n```mermaid\n{source}\n```\n")
    html = deck.read_text(encoding="utf-8")
    titles = re.findall(r"<title id=[^>]*>([^<]*)</title>", html)
    assert titles == [alt]
    assert ">Diagramme</title>" not in html


def test_other_types_are_a_framed_note_on_paper(tmp_path: Path) -> None:
    html, _ = _reading(tmp_path, {"01-a": FALLBACK})
    assert '<figure class="diagram diagram-elsewhere"><p><strong>block-beta</strong>' in html
    assert "Runtimes de haut niveau" not in html  # not its source


@needs_chromium
def test_fallback_is_drawn_on_a_slide_hidden_at_load(browser, tmp_path: Path) -> None:
    deck = _deck(tmp_path, FALLBACK)
    html = deck.read_text(encoding="utf-8")
    assert "mermaid-fallback.js" in html and (deck.parent / "assets/mermaid-fallback.js").is_file()
    errors: list[str] = []
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else 0)
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(deck.as_uri() + "#/ailleurs")
        page.wait_for_function("() => window.Reveal && Reveal.isReady()")
        page.wait_for_function("() => document.querySelector('figure.diagram-js svg')",
                               timeout=15_000)
        page.evaluate("() => Reveal.slide(Reveal.getIndices(document.getElementById('carte')).h)")
        page.wait_for_timeout(500)
        drawn = page.evaluate("""() => {
          const svg = document.querySelector('#carte figure.diagram-js svg');
          const texts = [...svg.querySelectorAll('text, foreignObject span, foreignObject p')]
            .map((t) => t.getBoundingClientRect()).filter((r) => r.width > 0 && r.height > 0);
          const labels = [...svg.querySelectorAll('foreignObject')].map((f) => {
            const inner = f.firstElementChild.getBoundingClientRect();
            const box = f.getBoundingClientRect();
            return inner.width <= box.width + 1 && inner.height <= box.height + 1;
          });
          return {texts: texts.length, unclipped: labels.every(Boolean), labels: labels.length,
                  syntax: svg.outerHTML.includes('Syntax error'),
                  emoji: [...svg.querySelectorAll('img.emoji')].map((i) => i.naturalWidth)};
        }""")
        page.evaluate("() => Reveal.slide(Reveal.getIndices(document.getElementById('parts')).h)")
        page.wait_for_timeout(500)
        pie = page.evaluate("""() => [...document.querySelectorAll('#parts svg image')]
          .map((i) => [i.getBoundingClientRect().width, i.getAttribute('href')])""")
    finally:
        page.close()
    assert drawn["texts"] >= 7 and not drawn["syntax"]
    # Twemoji drawn over the emoji of SVG text: the quadrant chart's title and x-axis label
    assert len(pie) == 2, pie
    assert all(width > 6 and href.endswith(".svg") for width, href in pie), pie
    assert drawn["labels"] and drawn["unclipped"]
    assert drawn["emoji"] and all(width > 0 for width in drawn["emoji"])
    assert errors == []


STACK = "flowchart TD\n" + "\n".join(f"    N{i}[\"Couche {i}\"] --> N{i + 1}[\"Couche {i + 1}\"]"
                                      for i in range(7)) + "\n"


def test_a_stack_too_tall_at_mermaids_spacing_is_drawn_compact_and_fits(tmp_path: Path) -> None:
    """Eight ranks do not fit a slide at mermaid's spacing and the deck's label size; drawn
    again with compact spacing (same structure) they do, and nothing is reported."""
    from coursebuild.diagrams import natural_size
    from coursebuild.mermaid import render_mermaid

    normal = natural_size(render_mermaid(STACK))
    compact_svg = render_mermaid(STACK, compact=True)
    compact = natural_size(compact_svg)
    assert compact[1] < 0.8 * normal[1] and compact[0] == normal[0]
    assert compact_svg.count(">Couche ") == render_mermaid(STACK).count(">Couche ") == 8
    course = write_course(tmp_path / "course", {"01-pile": f"# Pile\n\n```mermaid\n{STACK}```\n"})
    model, diagnostics = prepare(BuildOptions(course, tmp_path / "out"))
    assert [d.message for d in diagnostics.items] == []
    assert model.chapters[0].diagrams[0].height == compact[1]  # the compact drawing is used


@pytest.mark.parametrize(("lang", "alt", "note"), [
    ("fr", "Diagramme flowchart, 2 libellés : kubelet, runc",
     "<strong>quadrantChart</strong> : diagramme dessiné dans le diaporama."),
    ("en", "flowchart diagram, 2 labels: kubelet, runc",
     "<strong>quadrantChart</strong>: diagram drawn in the slides."),
    ("ru", "flowchart diagram, 2 labels: kubelet, runc",
     "<strong>quadrantChart</strong>: diagram drawn in the slides."),
])
def test_what_the_build_writes_about_a_diagram_is_in_the_courses_language(
        tmp_path: Path, lang: str, alt: str, note: str) -> None:
    course = write_course(tmp_path / "course", {"01-a": (
        "# A\n\n```mermaid\nflowchart LR\n    A[kubelet] --> B[runc]\n```\n\n"
        "## B\n\n```mermaid\nquadrantChart\n  title Q\n```\n")}, f"title: T\nlang: {lang}\n")
    model, _ = prepare(BuildOptions(course, tmp_path / "out"))
    env = environment(course)
    write_generated_css(env, tmp_path / "css")
    html = render_reading(env, model, model.chapter("01-a"), tmp_path / "css")
    assert re.findall(r"<title id=[^>]*>([^<]*)</title>", html) == [alt]
    assert note in html
