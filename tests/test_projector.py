"""Decks as projected: Chromium at 1280x720 walks, measures and reads every slide.

The tool's checks run on a course of the tests' own (the small fixture course, plus a chapter
that exercises the layout: a slide far too full, long code, long inline code, checks); the
checks marked `course` run the same on the shipped course.
"""

from __future__ import annotations

import re
import shutil
import statistics
from pathlib import Path

import pytest

from coursebuild.fit import TOO_FULL
from coursebuild.handouts import render_reading, write_generated_css
from coursebuild.pipeline import BuildOptions, build_slides, check, prepare
from coursebuild.templating import environment
from tests.conftest import CHAPTERS, SMALL, needs_chromium, write_course

pytestmark = needs_chromium

BULLETS_30 = "\n".join(f"- élément numéro {n} d'une liste" for n in range(1, 31))
LONG_CODE = ("```toml\n[plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.runc.options]"
             "\n```")
DIAGRAM = ("```mermaid\nflowchart TD\n    A[kubelet] --> B[CRI]\n    B --> C[containerd]\n"
           "    B --> D[CRI-O]\n    C --> E[runc]\n    D --> E\n```")
BULLETS_9 = "\n".join(f"- le point numéro {n}, qui prend une bonne partie de sa ligne"
                      for n in range(1, 10))
PROJECTOR = f"""# 📽️ Projecteur

## 🎯 Objectifs

- ✅ Une liste de coches n'a qu'une marque par élément
- ✅ Même quand elle est écrite en liste à puces

Note: Les coches. ≈ 1 min.

## 🧱 Le code

- Configuration dans `/etc/containerd/config.toml`, sous `[plugins.'io.containerd.grpc.v1.cri']`
- Le shim est subreaper (`PR_SET_CHILD_SUBREAPER`) : il hérite du processus du conteneur
- Un texte qui remplit presque toute la ligne, avant le nom : `containerd-shim-runc-v2`
- Un nom plus long que la ligne : `{"io.containerd.grpc.v1.cri." * 4}`

{LONG_CODE}

### La commande `ctr`

Un paragraphe court.

## 📋 Trop plein

{BULLETS_30}

## 🗺️ Le schéma seul

{DIAGRAM}

## 🗺️ Le schéma et du texte

{BULLETS_9}

{DIAGRAM}

---

⬅️ [[02-Moteur|Le moteur]] · 🏠 [[00-Accueil|Sommaire]]
"""

FULL_LINE = PROJECTOR.splitlines().index("## 📋 Trop plein") + 1  # the 30 bullets
ALONE_LINE = PROJECTOR.splitlines().index("## 🗺️ Le schéma seul") + 1
BESIDE_LINE = PROJECTOR.splitlines().index("## 🗺️ Le schéma et du texte") + 1

# The slides in reading order, each measured once it is the current one (so laid out).
MEASURE = """() => {
  Reveal.configure({transition: 'none'});
  const scale = Reveal.getScale();
  return Reveal.getSlides().map((s) => {
    const at = Reveal.getIndices(s);
    Reveal.slide(at.h, at.v);
    const box = s.getBoundingClientRect();
    const head = s.querySelector(':scope > .slide-body > .slide-head h2');
    const content = s.querySelector(':scope > .slide-body > .slide-content');
    const inside = !content ? [] : [...content.querySelectorAll('*')]
      .map((e) => e.getBoundingClientRect()).filter((r) => r.width && r.height);
    const fit = content ? content.dataset.fit || '' : '';
    let overflows = false;
    if (content && fit) {  // was scaling needed? The body at full size, then as it was
      const style = content.getAttribute('style');
      content.style.removeProperty('--fit');
      content.style.zoom = '';
      overflows = content.scrollHeight > content.clientHeight + 1;
      content.setAttribute('style', style);
    }
    return {line: s.dataset.line, kind: s.className, fit: fit, overflows: overflows,
            y: head && head.getBoundingClientRect().top,
            size: head && parseFloat(getComputedStyle(head).fontSize) * scale,
            bottom: Math.max(0, ...inside.map((r) => r.bottom)), slideBottom: box.bottom,
            codeRight: Math.max(0, ...[...s.querySelectorAll('.highlight pre')]
              .map((p) => p.getBoundingClientRect().right)),
            slideRight: box.right, screen: window.innerHeight};
  });
}"""




@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small course and one chapter more that puts the layout to the test."""
    folder = tmp_path_factory.mktemp("projector") / "course"
    shutil.copytree(SMALL, folder)
    (folder / "04-Projecteur.md").write_text(PROJECTOR, encoding="utf-8")
    return folder


def _decks(folder: Path, out: Path) -> Path:
    assert build_slides(BuildOptions(folder, out, jobs=1)).ok
    return out / "slides"


@pytest.fixture(scope="module")
def decks(course: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _decks(course, tmp_path_factory.mktemp("out"))


def stems(folder: Path) -> list[str]:
    return sorted(p.stem for p in folder.glob("*.md"))


class Deck:
    """A deck open in Chromium at 1280x720, every error recorded."""

    def __init__(self, browser, path: Path) -> None:
        self.errors: list[str] = []
        self.page = browser.new_page(viewport={"width": 1280, "height": 720})
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(path.as_uri())
        self.page.wait_for_function("() => window.Reveal && Reveal.isReady()")
        self.page.evaluate("document.fonts.ready")
        self.page.wait_for_function("() => document.readyState === 'complete'")
        self.page.wait_for_timeout(200)  # fit.js measures once fonts and images are in

    def current(self) -> int:
        return self.page.evaluate("() => Reveal.getSlides().indexOf(Reveal.getCurrentSlide())")

    def position(self) -> tuple[int, int]:
        """The current slide, and how many of its fragments are shown (-1: none)."""
        return self.page.evaluate(
            "() => [Reveal.getSlides().indexOf(Reveal.getCurrentSlide()),"
            " Reveal.getIndices().f ?? -1]")

    def walk(self, key: str, limit: int) -> list[int]:
        """The slides reached by pressing ``key`` until nothing moves (or ``limit`` presses);
        a press that reveals or hides a fragment (a quiz's answer) moves within its slide."""
        position = self.position()
        seen = [position[0]]
        for _ in range(limit):
            self.page.keyboard.press(key)
            if self.position() == position:
                break
            position = self.position()
            if position[0] != seen[-1]:
                seen.append(position[0])
        return seen

    def close(self) -> None:
        self.page.close()


def _open(browser, folder: Path, stem: str) -> Deck:
    return Deck(browser, folder / f"{stem}.html")


# --- Navigation -------------------------------------------------------------------------------

def walks_every_slide(browser, decks: Path, stem: str) -> None:
    deck = _open(browser, decks, stem)
    try:
        total = deck.page.evaluate("() => Reveal.getTotalSlides()")
        presses = total + deck.page.evaluate("() => document.querySelectorAll('.fragment').length")
        assert deck.walk("ArrowRight", presses + 2) == list(range(total))
        assert deck.walk("ArrowLeft", presses + 2) == list(reversed(range(total)))
        assert deck.walk("PageDown", presses + 2) == list(range(total))  # a clicker's key
        assert deck.errors == []
    finally:
        deck.close()


@pytest.mark.parametrize("stem", stems(SMALL) + ["04-Projecteur"])
def test_arrows_and_clickers_walk_every_slide_in_reading_order(browser, decks: Path,
                                                               stem: str) -> None:
    walks_every_slide(browser, decks, stem)


@pytest.mark.course
@pytest.mark.parametrize("stem", stems(CHAPTERS))
def test_arrows_walk_every_slide_of_the_shipped_course(browser, shipped_decks: Path,
                                                       stem: str) -> None:
    walks_every_slide(browser, shipped_decks, stem)


def test_the_overview_keeps_the_vertical_stacks(browser, decks: Path) -> None:
    deck = _open(browser, decks, "01-Introduction")
    try:
        deck.page.keyboard.press("Escape")
        stacks = deck.page.evaluate("""() => [Reveal.isOverview(),
          document.querySelectorAll('.reveal .slides > section.stack').length]""")
        assert stacks[0] and stacks[1] >= 1
    finally:
        deck.close()


# --- Layout: headings, scaling, code ----------------------------------------------------------

def lays_out(browser, decks: Path, stem: str) -> list[dict]:
    """Every slide's measures; checks what holds for every slide of every deck."""
    deck = _open(browser, decks, stem)
    try:
        slides = deck.page.evaluate(MEASURE)
        assert deck.errors == []
    finally:
        deck.close()
    for s in slides:
        assert s["bottom"] <= min(s["slideBottom"], s["screen"]) + 1, s  # nothing below
        assert s["codeRight"] <= s["slideRight"] + 0.5, s  # no code box past the right edge
        assert not s["fit"] or s["overflows"], s  # scaled only when it did not fit
    headed = [s for s in slides if s["y"] is not None]
    if headed:
        y, size = statistics.median(s["y"] for s in headed), headed[0]["size"]
        placed = [s for s in headed if abs(s["y"] - y) <= 8 and abs(s["size"] - size) < 0.5]
        assert len(placed) >= 0.9 * len(headed), [s for s in headed if s not in placed]
    return slides


@pytest.mark.parametrize("stem", stems(SMALL) + ["04-Projecteur"])
def test_headings_at_one_place_and_one_size_nothing_past_the_slide(browser, decks: Path,
                                                                   stem: str) -> None:
    lays_out(browser, decks, stem)


@pytest.mark.course
@pytest.mark.parametrize("stem", stems(CHAPTERS))
def test_the_shipped_decks_headings_and_edges(browser, shipped_decks: Path, stem: str) -> None:
    slides = lays_out(browser, shipped_decks, stem)
    headed = [s for s in slides if s["y"] is not None]
    ys = [s["y"] for s in headed]
    assert max(ys) - min(ys) <= 1  # this course: every one


def test_only_the_full_slides_are_scaled_and_only_their_body(browser, decks: Path) -> None:
    slides = lays_out(browser, decks, "04-Projecteur")
    scaled = {int(s["line"]): float(s["fit"]) for s in slides if s["fit"]}
    assert set(scaled) == {FULL_LINE, BESIDE_LINE}  # the rest is at full size
    assert scaled[FULL_LINE] < TOO_FULL < scaled[BESIDE_LINE]
    sizes = {round(s["size"], 1) for s in slides if s["size"]}
    assert len(sizes) == 1  # their headings are the size of every other one


LABELS = """() => [...document.querySelectorAll('figure.diagram')].map((figure) => {
  const slide = figure.closest('section:not(.stack)');
  const at = Reveal.getIndices(slide); Reveal.slide(at.h, at.v);
  const sizes = [...figure.querySelectorAll('svg text')].map((t) => {
    const own = t.getBBox();
    return parseFloat(getComputedStyle(t).fontSize) * t.getBoundingClientRect().height / own.height;
  });
  return [Number(slide.dataset.line), Math.min(...sizes), Math.max(...sizes)];
})"""


def test_a_diagram_keeps_the_decks_label_size_when_the_text_beside_it_shrinks(
        browser, decks: Path) -> None:
    deck = _open(browser, decks, "04-Projecteur")
    try:
        labels = deck.page.evaluate(LABELS)
    finally:
        deck.close()
    assert [line for line, _, _ in labels] == [ALONE_LINE, BESIDE_LINE]
    sizes = [size for _, low, high in labels for size in (low, high)]
    assert min(sizes) >= 18.0 and max(sizes) - min(sizes) < 0.2


CODE_SIZES = """() => {
  const slide = document.getElementById('le-code');
  const at = Reveal.getIndices(slide); Reveal.slide(at.h, at.v);
  const size = (e) => parseFloat(getComputedStyle(e).fontSize);
  const inline = [...slide.querySelectorAll('li code')];
  const column = slide.querySelector('.slide-content').getBoundingClientRect().width;
  return {block: size(slide.querySelector('.highlight pre')),
          inline: Math.max(...inline.map(size)),
          text: size(slide.querySelector('li')),
          heading: getComputedStyle(document.querySelector('#la-commande-ctr h2 code'))
            .backgroundColor,
          past: inline.filter((c) => c.getBoundingClientRect().right > slide
            .querySelector('.slide-content').getBoundingClientRect().right + 1).length,
          broken: inline.filter((c) => {  // a code span on more than one line, yet shorter
            const line = parseFloat(getComputedStyle(c).lineHeight);
            const lines = c.getBoundingClientRect().height / line;
            return lines > 1.5 && c.textContent.length * size(c) * 0.6 < column;
          }).map((c) => c.textContent)};
}"""


def test_code_is_one_size_and_inline_code_breaks_only_when_longer_than_the_line(
        browser, decks: Path) -> None:
    deck = _open(browser, decks, "04-Projecteur")
    try:
        found = deck.page.evaluate(CODE_SIZES)
    finally:
        deck.close()
    assert found["block"] >= found["inline"] >= 0.7 * found["text"]  # 23 px at full size
    assert found["broken"] == [] and found["past"] == 0
    assert found["heading"] in ("rgba(0, 0, 0, 0)", "transparent")  # no grey box in a heading


# --- Content: checklists, navigation, agenda, title slides ------------------------------------

def test_a_list_of_checks_shows_one_marker_per_item(browser, decks: Path) -> None:
    deck = _open(browser, decks, "04-Projecteur")
    try:
        marks = deck.page.evaluate("""() => [...document.querySelectorAll('li')]
          .filter((li) => li.querySelector('img.emoji[alt="✅"]'))
          .map((li) => [getComputedStyle(li).listStyleType, !!li.parentElement.closest('li')])""")
    finally:
        deck.close()
    assert marks == [["none", False], ["none", False]]


def test_the_line_after_the_final_rule_is_the_decks_footer_not_a_slide(
        browser, course: Path, decks: Path) -> None:
    deck = _open(browser, decks, "04-Projecteur")
    try:
        found = deck.page.evaluate("""() => ({
          footer: [...document.querySelectorAll('.deck-footer a')]
            .map((a) => a.getAttribute('href')),
          visible: document.querySelector('.deck-footer').getBoundingClientRect().height > 0,
          last: Reveal.getSlides().at(-1).querySelector('h2').textContent,
          orphan: Reveal.getSlides().some((s) => s.textContent.includes('Le moteur'))})""")
    finally:
        deck.close()
    assert found["footer"] == ["index.html", "02-Moteur.html", "00-Accueil.html"]
    assert found["visible"] and not found["orphan"]
    assert "Le schéma et du texte" in found["last"]
    model, _ = prepare(BuildOptions(course, course.parent / "unused"))
    env = environment(course)
    write_generated_css(env, course.parent / "css")
    handout = render_reading(env, model, model.chapter("04-Projecteur"), course.parent / "css")
    assert re.search(r'<a [^>]*href="[^"]*00-Accueil[^"]*"[^>]*>(<[^>]*>)*Sommaire', handout)


def test_the_index_deck_opens_with_an_agenda_of_every_chapter(browser, decks: Path) -> None:
    deck = _open(browser, decks, "00-Accueil")
    try:
        found = deck.page.evaluate("""() => {
          const agenda = Reveal.getSlides()[1];
          Reveal.slide(Reveal.getIndices(agenda).h);
          const items = [...agenda.querySelectorAll('ol.agenda a')];
          const h1 = document.querySelector('.slide-title h1');
          const bottom = Math.max(...items.map((a) => a.getBoundingClientRect().bottom));
          return {links: items.map((a) => a.getAttribute('href')),
                  numbers: items.map((a) => a.querySelector('.agenda-number').textContent),
                  inside: bottom <= agenda.getBoundingClientRect().bottom,
                  balance: getComputedStyle(h1).textWrapStyle || getComputedStyle(h1).textWrap};
        }""")
    finally:
        deck.close()
    assert found["links"] == [f"{stem}.html" for stem in stems(SMALL)[1:] + ["04-Projecteur"]]
    assert found["numbers"] == ["1", "2", "3", "4"]
    assert found["inside"] and found["balance"] == "balance"
    for href in found["links"]:
        assert (decks / href).is_file()


def test_a_chapter_title_slide_names_its_number_and_the_module(browser, decks: Path) -> None:
    deck = _open(browser, decks, "02-Moteur")
    try:
        kicker = deck.page.evaluate("() => document.querySelector('.slide-title .kicker')"
                                    ".textContent")
    finally:
        deck.close()
    assert kicker == "Chapitre 2 · Cours d'essai - Les outils"


def test_the_slide_number_is_not_underlined(browser, decks: Path) -> None:
    deck = _open(browser, decks, "01-Introduction")
    try:
        style = deck.page.evaluate("""() => {
          const a = document.querySelector('.slide-number a');
          const s = getComputedStyle(a);
          return [s.textDecorationLine, s.borderBottomWidth];
        }""")
    finally:
        deck.close()
    assert style == ["none", "0px"]


def test_the_landing_page_bar_links_and_colours(browser, decks: Path) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    try:
        page.goto((decks / "index.html").as_uri())
        found = page.evaluate("""() => {
          const bar = getComputedStyle(document.querySelector('.landing header'), '::after');
          const column = document.querySelector('.landing h1').parentElement
            .getBoundingClientRect().width;
          const header = getComputedStyle(document.querySelector('.landing header'));
          const text = column - parseFloat(header.paddingLeft) - parseFloat(header.paddingRight);
          return {bar: parseFloat(bar.width), text: text,
                  labels: [...document.querySelectorAll('a')].map((a) => a.textContent.trim()),
                  colours: [...new Set([...document.querySelectorAll('a.deck')]
                    .map((a) => getComputedStyle(a).color))]};
        }""")
    finally:
        page.close()
    assert found["bar"] <= found["text"] + 0.5
    assert "Diaporama" not in found["labels"]
    assert len(found["colours"]) == 1


# --- check ------------------------------------------------------------------------------------

def test_check_warns_about_the_slide_too_full_and_nothing_else(course: Path,
                                                               tmp_path: Path) -> None:
    result = check(BuildOptions(course, tmp_path))
    found = [(d.path.name, d.line, d.message) for d in result.diagnostics.items
             if "too full" in d.message]
    assert len(found) == 1
    name, line, message = found[0]
    assert (name, line) == ("04-Projecteur.md", FULL_LINE)
    assert re.fullmatch(r"slide too full: \d+ % scale; split it", message)
    assert int(message.split()[3]) < 100 * TOO_FULL


@pytest.mark.course
def test_the_shipped_course_has_no_slide_too_full(tmp_path: Path) -> None:
    result = check(BuildOptions(CHAPTERS, tmp_path, strict=True))
    assert [str(d) for d in result.diagnostics.items if "too full" in d.message] == []


def test_students_text_does_not_make_a_slide_too_full(tmp_path: Path) -> None:
    """A ``[!handout]`` block is printed, never projected: check does not count it."""
    long_text = " ".join(["Une explication pour les étudiants, imprimée seulement."] * 60)
    course = write_course(tmp_path / "c", {"01-a": (
        f"# A\n\n## Partie\n\n### Diapo\n\n- un point\n\n> [!handout]\n> {long_text}\n"
        f"\n### Trop pleine\n\n{long_text}\n")})
    result = check(BuildOptions(course, tmp_path / "out"))
    full = [d.line for d in result.diagnostics.items if "slide too full" in d.message]
    assert full == [12]  # the second slide, whose text is projected
