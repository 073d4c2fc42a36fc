"""An SVG image shown again is drawn once per PDF (``drawn_once.py``): the pages look the same
as when every use is drawn, tags and text are the same, and the file is smaller."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pypdfium2
import pytest
from PIL import Image, ImageChops
from pypdf import PdfReader

from coursebuild import drawn_once, pdf
from coursebuild.pdf import Place, lay_out, write
from tests.handout_checks import struct_elements

# An emoji-like image with a gradient: a gradient's matrix depends on where it is drawn, so a
# form painted at another place than where it was drawn shows whether it is resolved right.
BADGE = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 36 36">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
<stop offset="0" stop-color="#1565c0"/><stop offset="1" stop-color="#ff9800"/>
</linearGradient></defs>
<circle cx="18" cy="18" r="17" fill="url(#g)"/>
<path d="M9 19 l6 6 l12 -14" stroke="#fff" stroke-width="3" fill="none"/>
</svg>"""
ONCE = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">
<rect width="10" height="10" fill="#4caf50"/></svg>"""


def page_html(folder: Path) -> str:
    badge, once = (folder / "badge.svg").as_uri(), (folder / "once.svg").as_uri()
    rows = "".join(f'<p>Étape {n} <img src="{badge}" alt="validé" style="width: 24px"></p>'
                   for n in range(1, 5))
    return (f'<!DOCTYPE html><html lang="fr"><head><title>Essai</title>'
            f'<style>@page {{ size: 120mm 90mm; margin: 8mm }}</style></head><body>'
            f'<h1>Images répétées</h1>{rows}'
            f'<p>Plus grande <img src="{badge}" alt="validé" style="width: 48px"></p>'
            f'<p>Une seule fois <img src="{once}" alt="carré" style="width: 20px"></p>'
            f'<p style="break-before: page">Page deux <img src="{badge}" alt="validé" '
            f'style="width: 24px"></p></body></html>')


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The same layout written with every use drawn, then with images drawn once."""
    folder = tmp_path_factory.mktemp("drawn-once")
    (folder / "badge.svg").write_text(BADGE, "utf-8")
    (folder / "once.svg").write_text(ONCE, "utf-8")
    place = Place(folder, folder, folder, 1700000000)
    layout = lay_out(page_html(folder), place)
    written = {}
    before = dict(drawn_once.DRAWN)
    for name, context in (("every", contextlib.nullcontext), ("once", drawn_once.drawn_once)):
        original = pdf.drawn_once
        pdf.drawn_once = context
        try:
            written[name] = write(layout, place, repeated_images=True).data
        finally:
            pdf.drawn_once = original
    written["forms"] = drawn_once.DRAWN["forms"] - before["forms"]  # type: ignore[assignment]
    written["uses"] = drawn_once.DRAWN["uses"] - before["uses"]  # type: ignore[assignment]
    return written


def pixels(data: bytes) -> list[Image.Image]:
    document = pypdfium2.PdfDocument(data)
    return [page.render(scale=2).to_pil().convert("RGB") for page in document]


def test_pages_look_the_same(made: dict[str, bytes]) -> None:
    every, once = pixels(made["every"]), pixels(made["once"])
    assert len(every) == len(once) >= 2
    for a, b in zip(every, once, strict=True):
        difference = ImageChops.difference(a, b)
        worst = max(high for _, high in difference.getextrema())
        assert worst <= 24, f"a page differs by {worst} (anti-aliasing allows a little)"
        changed = sum(1 for value in difference.convert("L").point(
            lambda v: 255 if v > 24 else 0).tobytes() if value)
        assert changed == 0


def test_the_repeated_image_is_one_form(made: dict[str, bytes]) -> None:
    """Four uses at 24 px on the first page and one on the last: the first two drawn in place,
    the third into the form, painted by the last three; the 48 px and the single image: in
    place."""
    assert made["forms"] == 1
    assert made["uses"] == 3
    assert len(made["once"]) < len(made["every"])


def test_text_and_tags_are_the_same(made: dict[str, bytes]) -> None:
    readers = {name: PdfReader(io.BytesIO(made[name])) for name in ("every", "once")}
    texts = {name: [" ".join(page.extract_text().split()) for page in reader.pages]
             for name, reader in readers.items()}
    assert texts["every"] == texts["once"]
    kinds = {name: sorted(str(node.get("/S")) for node in struct_elements(reader))
             for name, reader in readers.items()}
    assert kinds["every"] == kinds["once"]
    assert kinds["once"].count("/Figure") == 7


def test_another_weasyprint_draws_every_use(monkeypatch: pytest.MonkeyPatch) -> None:
    """Written against WeasyPrint 70's stream: any other version is left as it is."""
    monkeypatch.setattr(drawn_once, "VERSION", "not-a-version.")
    from weasyprint.images import SVGImage

    draw = SVGImage.draw
    with drawn_once.drawn_once():
        assert SVGImage.draw is draw


def test_documents_draw_every_use(tmp_path: Path) -> None:
    """A reading handout's images are shown once or twice each: drawn in place, as always."""
    (tmp_path / "badge.svg").write_text(BADGE, "utf-8")
    (tmp_path / "once.svg").write_text(ONCE, "utf-8")
    place = Place(tmp_path, tmp_path, tmp_path, 1700000000)
    before = dict(drawn_once.DRAWN)
    write(lay_out(page_html(tmp_path), place), place)
    assert before == drawn_once.DRAWN
