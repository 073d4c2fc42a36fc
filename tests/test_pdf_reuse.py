"""What a process pays once for every PDF it renders: the font configuration (fonts fetched
and unpacked once) and the parsed images (emoji SVGs above all). Reuse must not change a byte:
the second PDF of a process equals the first."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
import weasyprint
from pypdf import PdfReader

from coursebuild import pdf, slide_scale
from coursebuild.emoji import emoji_file
from coursebuild.handouts import write_generated_css
from coursebuild.templating import environment

ROOT = Path(__file__).resolve().parent.parent


def embedded_fonts(data: bytes) -> list[str]:
    """The base names of the fonts whose program the PDF carries."""
    fonts = PdfReader(io.BytesIO(data)).pages[0]["/Resources"]["/Font"].values()
    found = []
    for font in (entry.get_object() for entry in fonts):
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        if any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
            found.append(str(font["/BaseFont"]))
    return found


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """A small handout page: the PDFs' fonts (@font-face) and stylesheet, and an emoji."""
    generated = tmp_path_factory.mktemp("generated")
    write_generated_css(environment(ROOT / "chapters"), generated)
    links = "".join(f'<link rel="stylesheet" href="{(generated / name).as_uri()}">'
                    for name in ("fonts.css", "theme.css", "handout.css"))
    emoji = emoji_file("\N{BOOKS}")
    assert emoji is not None
    body = (f'<h1>Titre <img class="emoji" alt="x" src="{emoji.as_uri()}"></h1>'
            "<p>Du texte, <b>gras</b>, <i>italique</i> et <code>du code</code>.</p>")
    return f'<html lang="fr"><head>{links}</head><body>{body}</body></html>', generated


def test_documents_share_one_font_configuration(page: tuple[str, Path], tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    html, generated = page
    seen = []
    render = weasyprint.HTML.render

    def spy(self: weasyprint.HTML, *args: object, **kwargs: object) -> object:
        seen.append(kwargs.get("font_config"))
        return render(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "render", spy)
    for _ in range(2):
        pdf.html_to_pdf(html, ROOT, generated, tmp_path)
    assert len(seen) == 2
    assert seen[0] is not None and all(config is seen[0] for config in seen)
    assert seen[0] is pdf.font_configuration()


def test_reused_fonts_and_images_give_the_same_bytes(page: tuple[str, Path],
                                                      tmp_path: Path) -> None:
    html, generated = page
    first = pdf.html_to_pdf(html, ROOT, generated, tmp_path, epoch=1700000000)
    parsed = dict(pdf.IMAGES)  # the process's image cache
    fonts = sorted(p.name for p in pdf.font_configuration()._folder.iterdir())  # noqa: SLF001
    second = pdf.html_to_pdf(html, ROOT, generated, tmp_path, epoch=1700000000)
    assert not first.refused and not second.refused
    assert embedded_fonts(first.data)  # the course's fonts are embedded
    assert first.data == second.data
    assert any(str(key).endswith(".svg") for key in parsed)  # the emoji, parsed once...
    assert pdf.IMAGES.keys() == parsed.keys()  # ...and not again
    assert all(pdf.IMAGES[key] is parsed[key] for key in parsed)
    unpacked = sorted(p.name for p in pdf.font_configuration()._folder.iterdir())  # noqa: SLF001
    assert fonts and unpacked == fonts  # each font unpacked once, in one folder


def test_stylesheets_are_parsed_once_per_process(page: tuple[str, Path], tmp_path: Path) -> None:
    html, generated = page
    first = pdf.html_to_pdf(html, ROOT, generated, tmp_path, epoch=1700000000)
    parses, layouts = pdf.PARSES["count"], pdf.LAYOUTS["count"]
    kept = {key[0].rsplit("/", 1)[-1] for key in pdf._SHEETS}  # noqa: SLF001
    second = pdf.html_to_pdf(html, ROOT, generated, tmp_path, epoch=1700000000)
    assert {"theme.css", "handout.css"} <= kept  # kept parsed...
    assert "fonts.css" not in kept  # ...but not the @font-face rules (they load fonts)
    assert pdf.LAYOUTS["count"] == layouts + 1  # laid out again...
    assert pdf.PARSES["count"] == parses  # ...with no stylesheet parsed again
    assert first.data == second.data


def test_a_changed_stylesheet_is_parsed_again(page: tuple[str, Path], tmp_path: Path) -> None:
    html, generated = page
    sheet = tmp_path / "extra.css"
    sheet.write_text("h1 { color: #123456; }", "utf-8")
    linked = html.replace("</head>", f'<link rel="stylesheet" href="{sheet.as_uri()}"></head>')
    pdf.html_to_pdf(linked, ROOT, tmp_path, tmp_path)
    parses = pdf.PARSES["count"]
    sheet.write_text("h1 { color: #654321; }", "utf-8")
    pdf.html_to_pdf(linked, ROOT, tmp_path, tmp_path)
    assert pdf.PARSES["count"] == parses + 1


def test_a_body_too_large_at_the_smallest_type_is_searched_no_further() -> None:
    """fit.js's search over two slides: ``big`` fits at no type (zoomed), ``long`` fits from
    type 0.72 down. ``big`` is laid out twice (all slides, then at the smallest type), not
    eleven times; ``long`` gets fit.js's answer."""
    laid_out: list[set[str]] = []

    def render(only: set[str] | None, css: str) -> str:
        return json.dumps([sorted(only or ("big", "long", "short")), css])

    def measure(html: str) -> list[slide_scale.SlideBoxes]:
        pages, css = json.loads(html)
        laid_out.append(set(pages))
        scales = {page: float(scale) for page, scale in
                  re.findall(r"#(\w+) \.slide-content \{ font-size: ([\d.]+)em", css)}
        height = {"big": 400.0, "long": 140.0, "short": 50.0}
        return [slide_scale.SlideBoxes(page, True, (100.0, 100.0),
                                       (80.0, height[page] * scales.get(page, 1.0)))
                for page in pages]

    fitting = slide_scale._search(render, measure)  # noqa: SLF001
    assert sum("big" in pages for pages in laid_out) == 2
    assert len(laid_out) == 1 + 1 + slide_scale.STEPS
    assert set(fitting.fits) == {"big", "long"}
    assert fitting.fits["big"].type_scale == slide_scale.MIN_TYPE
    assert fitting.fits["big"].zoom == pytest.approx(100 / 200)
    assert fitting.fits["long"] == slide_scale.Fit(0.7207)  # 140 x 0.7207 <= 101 px


def test_a_kept_stylesheet_carries_no_other_documents_page_rules(
        page: tuple[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """WeasyPrint reads a document's @page rules through each of its sheets: a kept sheet
    must hand the present document's, not those of the document that parsed it first."""
    html, generated = page
    monkeypatch.setattr(pdf, "_SHEETS", {})
    footer = '<style>@page { @bottom-left { content: "AUTRE-DOCUMENT" } }</style></head>'
    first = pdf.html_to_pdf(html.replace("</head>", footer), ROOT, generated, tmp_path)
    second = pdf.html_to_pdf(html, ROOT, generated, tmp_path)
    assert pdf._SHEETS  # noqa: SLF001 (the second document reused the first one's sheets)
    text = [PdfReader(io.BytesIO(d.data)).pages[0].extract_text() for d in (first, second)]
    assert "AUTRE-DOCUMENT" in text[0]
    assert "AUTRE-DOCUMENT" not in text[1]


def test_other_weasyprint_versions_parse_every_sheet(monkeypatch) -> None:
    """Sharing parsed sheets reaches into WeasyPrint's CSS(...) keywords: only the version it
    was tested with gets it; any other keeps WeasyPrint's own parse."""
    import weasyprint
    import weasyprint.css as styles

    from coursebuild import pdf

    own = styles.CSS
    with pdf.shared_stylesheets():
        assert styles.CSS is not own  # this version: shared
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    with pdf.shared_stylesheets():
        assert styles.CSS is own
    assert styles.CSS is own
