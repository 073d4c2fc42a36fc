"""The decks in a real browser: Debian's Chromium, driven by Playwright, over file:// URLs."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from coursebuild.pipeline import BuildOptions, build_slides
from tests.conftest import CHAPTERS, SMALL, needs_chromium, write_course

pytestmark = needs_chromium
VIEWPORTS = [(1280, 720), (1024, 768)]

# Visits every slide and reports, per slide, how tall its content is against the slide.
SLIDES_SCRIPT = """() => {
  const height = Reveal.getConfig().height;
  return [...document.querySelectorAll('.reveal .slides section:not(.stack)')].map((s) => {
    const at = Reveal.getIndices(s);
    Reveal.slide(at.h, at.v);
    return {id: s.id || s.dataset.line, content: s.scrollHeight, height: height,
            width: s.scrollWidth, notes: !!s.querySelector('aside.notes')};
  });
}"""
DRAWN_SCRIPT = """() => ({
  emoji: [...document.querySelectorAll('img.emoji')].map((i) => [i.alt, i.naturalWidth]),
  diagrams: [...document.querySelectorAll('figure.diagram svg')].map((svg) => {
    const at = Reveal.getIndices(svg.closest('section:not(.stack)'));
    Reveal.slide(at.h, at.v);  // slides far from the current one are not laid out
    return svg.getBoundingClientRect().width;
  }),
})"""




def _build(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser")
    assert build_slides(BuildOptions(folder, out, jobs=1)).ok
    return out / "slides"


@pytest.fixture(scope="module")
def decks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tests' small course: the tool's checks."""
    return _build(SMALL, tmp_path_factory)


class Visit:
    """A page opened from file://, with every console error and request recorded."""

    def __init__(self, browser, path: Path, viewport: tuple[int, int]) -> None:
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else 0)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(path.as_uri())
        self.page.wait_for_function("() => window.Reveal && Reveal.isReady()")
        self.page.evaluate("document.fonts.ready")

    def outside(self, folder: Path) -> list[str]:
        inside = folder.resolve().as_uri()
        return [u for u in self.requests if not (u.startswith(inside) or u.startswith("data:"))]

    def close(self) -> None:
        self.page.close()


def deck_paths(folder: Path = SMALL) -> list[str]:
    return sorted(p.stem for p in folder.glob("*.md"))


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=lambda v: f"{v[0]}x{v[1]}")
@pytest.mark.parametrize("stem", deck_paths())
def test_every_slide_fits_and_nothing_leaves_the_folder(browser, decks: Path, stem: str,
                                                          viewport: tuple[int, int]) -> None:
    slides_fit_and_stay_inside(browser, decks, stem, viewport, index="00-Accueil")


@pytest.mark.course
@pytest.mark.parametrize("viewport", VIEWPORTS, ids=lambda v: f"{v[0]}x{v[1]}")
@pytest.mark.parametrize("stem", deck_paths(CHAPTERS))
def test_every_slide_of_the_shipped_course_fits(browser, shipped_decks: Path, stem: str,
                                                viewport: tuple[int, int]) -> None:
    slides_fit_and_stay_inside(browser, shipped_decks, stem, viewport,
                               index="00-Container-Runtimes")


def slides_fit_and_stay_inside(browser, decks: Path, stem: str, viewport: tuple[int, int],
                               index: str) -> None:
    visit = Visit(browser, decks / f"{stem}.html", viewport)
    try:
        slides = visit.page.evaluate(SLIDES_SCRIPT)
        overflowing = [s for s in slides if s["content"] > s["height"] + 1]
        assert overflowing == []
        assert visit.errors == []
        assert visit.outside(decks) == []
        if stem != index:
            assert sum(s["notes"] for s in slides) >= len(slides) // 2
    finally:
        visit.close()


@pytest.mark.parametrize("stem", deck_paths())
def test_every_emoji_and_diagram_is_drawn(browser, decks: Path, stem: str) -> None:
    emoji_and_diagrams_are_drawn(browser, decks, stem)


@pytest.mark.course
@pytest.mark.parametrize("stem", deck_paths(CHAPTERS))
def test_every_emoji_and_diagram_of_the_shipped_course_is_drawn(browser, shipped_decks: Path,
                                                                stem: str) -> None:
    emoji_and_diagrams_are_drawn(browser, shipped_decks, stem)


def emoji_and_diagrams_are_drawn(browser, decks: Path, stem: str) -> None:
    visit = Visit(browser, decks / f"{stem}.html", VIEWPORTS[0])
    try:
        visit.page.wait_for_function(
            "() => [...document.images].every((i) => i.complete)", timeout=10_000)
        drawn = visit.page.evaluate(DRAWN_SCRIPT)
        assert drawn["emoji"] and all(width > 0 for _, width in drawn["emoji"]), drawn["emoji"]
        assert drawn["diagrams"] and all(width > 0 for width in drawn["diagrams"])
    finally:
        visit.close()


def test_speaker_notes_plugin_is_loaded(browser, decks: Path) -> None:
    visit = Visit(browser, decks / "02-Moteur.html", VIEWPORTS[0])
    try:
        assert visit.page.evaluate("() => !!Reveal.getPlugin('notes')")
        notes = visit.page.evaluate("() => Reveal.getSlideNotes(Reveal.getSlide(1))")
        assert notes and len(notes) > 20
    finally:
        visit.close()


def test_landing_page_links_all_resolve(browser, decks: Path) -> None:
    page = browser.new_page()
    try:
        page.goto((decks / "index.html").as_uri())
        hrefs = page.evaluate("() => [...document.querySelectorAll('a[href]')].map(a => a.href)")
        local = [h for h in hrefs if h.startswith("file://")]
        assert len(local) >= len(deck_paths())
        for href in local:
            assert Path(unquote(urlsplit(href).path)).is_file(), href
        assert page.evaluate("() => [...document.images].every((i) => i.naturalWidth > 0)")
    finally:
        page.close()


def test_the_overflow_check_catches_a_slide_taller_than_the_screen(browser,
                                                                    tmp_path: Path) -> None:
    items = "\n".join(f"- élément numéro {n} d'une liste bien trop longue" for n in range(40))
    course = write_course(tmp_path / "c", {"long": f"# Long\n\n## Liste\n\n{items}\n"})
    assert build_slides(BuildOptions(course, tmp_path, jobs=1)).ok
    visit = Visit(browser, tmp_path / "slides" / "long.html", VIEWPORTS[0])
    try:
        fitted = visit.page.evaluate(SLIDES_SCRIPT)
        assert all(s["content"] <= s["height"] + 1 for s in fitted)  # fit.js scaled it down
        visit.page.add_style_tag(content=".slide-content { zoom: 1 !important; --fit: 1 "
                                 "!important }")
        raw = visit.page.evaluate(SLIDES_SCRIPT)
        assert any(s["content"] > s["height"] + 1 for s in raw)  # and the check sees overflow
    finally:
        visit.close()


def test_no_cdn_or_network_url_in_any_page(decks: Path) -> None:
    for page in decks.glob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r'<(script|link|img)[^>]+(src|href)="(https?:)?//', html), page


@pytest.mark.parametrize("page", ["02-deux.html", "index.html"])
def test_the_pages_content_security_policy_blocks_any_network_load(browser, tmp_path: Path,
                                                                    page: str) -> None:
    """Whatever slips into a page (here, a template override's network image, a font and a
    fetch), the browser refuses to load it: the decks work offline and leak nothing."""
    course = write_course(tmp_path / "course", {"01-un": "# Un\n", "02-deux": "# Deux\n"})
    (course / "templates").mkdir()
    leak = ('<img src="http://127.0.0.1:9/pixel.png"><style>@font-face { font-family: X; '
            'src: url(http://127.0.0.1:9/x.woff2) } body { font-family: X }</style>'
            '<script>fetch("http://127.0.0.1:9/beacon").catch(() => 0)</script>')
    (course / "templates" / "deck.html").write_text(
        '{% extends "default/deck.html" %}{% block footer %}' + leak + "{% endblock %}",
        encoding="utf-8")
    landing = Path(__file__).parent.parent / "templates" / "index.html"
    (course / "templates" / "index.html").write_text(
        landing.read_text(encoding="utf-8").replace("</main>", leak + "</main>"),
        encoding="utf-8")
    assert build_slides(BuildOptions(course, tmp_path / "out", jobs=1)).ok
    tab = browser.new_page()
    refused: list[str] = []
    tab.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text
           else 0)
    tab.goto((tmp_path / "out" / "slides" / page).as_uri())
    tab.wait_for_timeout(500)
    tab.close()
    assert len(refused) >= 3, refused  # the image, the font, the fetch
    assert all("127.0.0.1:9" in message for message in refused)
