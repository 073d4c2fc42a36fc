"""What a process pays once for every PDF it renders: the font configuration (fonts fetched
and unpacked once) and the parsed images (emoji SVGs above all). Reuse must not change a byte:
the second PDF of a process equals the first."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import weasyprint
from pypdf import PdfReader

from coursebuild import pdf
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
    parsed = dict(pdf._IMAGES)  # noqa: SLF001 (the process's image cache)
    fonts = sorted(p.name for p in pdf.font_configuration()._folder.iterdir())  # noqa: SLF001
    second = pdf.html_to_pdf(html, ROOT, generated, tmp_path, epoch=1700000000)
    assert not first.refused and not second.refused
    assert embedded_fonts(first.data)  # the course's fonts are embedded
    assert first.data == second.data
    assert any(str(key).endswith(".svg") for key in parsed)  # the emoji, parsed once...
    assert pdf._IMAGES.keys() == parsed.keys()  # noqa: SLF001 (...and not again)
    assert all(pdf._IMAGES[key] is parsed[key] for key in parsed)  # noqa: SLF001
    unpacked = sorted(p.name for p in pdf.font_configuration()._folder.iterdir())  # noqa: SLF001
    assert fonts and unpacked == fonts  # each font unpacked once, in one folder
