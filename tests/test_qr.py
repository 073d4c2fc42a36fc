"""QR codes beside the printed URLs of resources lists (reading handout and course book, which
prints each chapter's in place)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest
import segno
from pypdf import PdfReader

from coursebuild.handouts import render_book, render_reading, write_generated_css
from coursebuild.pipeline import BuildOptions, build_handouts, prepare
from coursebuild.qr import QR_BORDER, qr_data_uri
from coursebuild.templating import environment
from tests.conftest import write_course
from tests.handout_checks import page_texts, render_page

URLS = ["https://containerd.io/", "https://github.com/containerd/containerd/blob/main/docs/"
        "cri/config.md", "https://kubernetes.io/docs/concepts/architecture/cri/"]
# the book prints the resources in place: a page of text keeps them off the link's page
FILLER = "\n\n".join(["Du texte entre le lien et les ressources, pour une page."] * 60)
RESOURCES = "".join(f"- [Lien {i}]({url})\n" for i, url in enumerate(URLS))
CHAPTER = ("# Chapitre\n\n### Texte\n\nUn lien dans le texte : [containerd]"
           "(https://containerd.io/).\n\n" + FILLER + "\n\n## 📚 Ressources\n\n" + RESOURCES
           + "\n---\n\n**Suite → [[00-index|Sommaire]]**\n")


def drawn_matrix(data_uri: str) -> list[list[int]]:
    """The dark modules an SVG data URI draws (segno's path: rows of horizontal runs)."""
    svg = unquote(data_uri.split(",", 1)[1])
    size = int(re.search(r"viewBox='0 0 (\d+) \d+'", svg).group(1))
    path = re.search(r"class='qrline'[^>]* d='([^']+)'", svg).group(1)
    grid = [[0] * size for _ in range(size)]
    x = y = 0.0
    for op, args in re.findall(r"([MmHh])([-\d. ]+)", path):
        numbers = [float(v) for v in args.split()]
        if op == "M":
            x, y = numbers
        elif op == "m":
            x, y = x + numbers[0], y + numbers[1]
        else:
            for column in range(int(x), int(x + numbers[0])):
                grid[int(y)][column] = 1
            x += numbers[0]
    return grid


def expected_matrix(url: str) -> list[list[int]]:
    """The matrix segno makes of ``url``, read back independently of how it is drawn."""
    code = segno.make_qr(url, error="l", boost_error=False)
    inner = [[1 if bit else 0 for bit in row] for row in code.matrix]
    size = len(inner) + 2 * QR_BORDER
    blank = [0] * size
    return [blank[:] for _ in range(QR_BORDER)] + \
        [[0] * QR_BORDER + row + [0] * QR_BORDER for row in inner] + \
        [blank[:] for _ in range(QR_BORDER)]


@pytest.mark.parametrize("url", URLS)
def test_each_code_encodes_its_url(url: str) -> None:
    assert drawn_matrix(qr_data_uri(url)) == expected_matrix(url)
    assert drawn_matrix(qr_data_uri(url)) != expected_matrix(url + "x")


@pytest.fixture
def course(tmp_path: Path):
    folder = write_course(tmp_path / "c", {"00-index": "# Index\n\n### A\n\nTexte.\n",
                                           "01-chap": CHAPTER})
    loaded, diagnostics = prepare(BuildOptions(folder, tmp_path / "out"))
    assert not diagnostics.items
    return loaded


def codes_beside_links(html: str) -> list[str]:
    """The URLs whose link, inside a list item, comes right after a QR code of that URL."""
    found = re.findall(r'<li><img class="qr" alt="QR code" src="([^"]+)">'
                       r'<a (?:class="external" )?href="([^"]+)"', html)
    assert all(drawn_matrix(uri) == expected_matrix(url) for uri, url in found)
    return [url for _, url in found]


def test_the_book_prints_one_code_beside_each_resource(course, tmp_path: Path) -> None:
    env = environment(course.root)
    write_generated_css(env, tmp_path / "css")
    html = render_book(env, course, tmp_path / "css")
    assert codes_beside_links(html) == URLS
    assert html.count('class="qr"') == len(URLS)  # the link in the text gets none


def test_the_reading_handout_prints_one_code_beside_each_resource(course,
                                                                  tmp_path: Path) -> None:
    env = environment(course.root)
    write_generated_css(env, tmp_path / "css")
    html = render_reading(env, course, course.chapter("01-chap"), tmp_path / "css")
    assert codes_beside_links(html.replace('<li><p>', '<li>')) == URLS
    assert html.count('class="qr"') == len(URLS)


def test_codes_reach_the_pdf_beside_their_urls(tmp_path: Path) -> None:
    """Read back from the printed page: beside each resource's link, a square whose modules,
    sampled from the rendered page, are the code of that link's URL."""
    folder = write_course(tmp_path / "c", {"00-index": "# Index\n\n### A\n\nTexte.\n",
                                           "01-chap": CHAPTER},
                          "title: T\nlang: fr\nhandouts:\n  kinds: [course]\n")
    result = build_handouts(BuildOptions(folder, tmp_path / "out", jobs=1))
    assert result.ok, [str(d) for d in result.diagnostics.items]
    pdf = tmp_path / "out" / "handouts" / "course.pdf"
    pages = page_texts(pdf)
    last = len(pages)
    image = render_page(pdf, last, tmp_path, dpi=DPI).convert("L")
    links = _links(pdf, last)
    assert [url for url, _ in links] == URLS
    for url, (x, y) in links:
        found = _code_beside(image, x, y)
        assert found is not None, f"no QR code beside {url}"
        assert _sampled(image, found, url) == _inner(url), url
    # the link in the chapter's text gets none: the search finds codes, not any dark area
    in_text = next(n for n, text in enumerate(pages, 1) if "Un lien dans" in text)
    (url, (x, y)), = _links(pdf, in_text)
    assert _code_beside(render_page(pdf, in_text, tmp_path, dpi=DPI).convert("L"), x, y) is None


DPI = 300
MM = DPI / 25.4


def _links(pdf: Path, number: int) -> list[tuple[str, tuple[float, float]]]:
    """Each external link's URL and top-left corner (pixels), once per URL, in page order."""
    found: dict[str, tuple[float, float]] = {}
    page = PdfReader(pdf).pages[number - 1]
    height = float(page.mediabox.height)
    for annotation in page.get("/Annots", []):
        annotation = annotation.get_object()
        uri = annotation.get("/A", {}).get("/URI")
        if uri and uri.startswith("http"):
            x0, _, _, y1 = (float(v) for v in annotation["/Rect"])
            found.setdefault(uri, (x0 * DPI / 72, (height - y1) * DPI / 72))
    return list(found.items())


def _code_beside(image, x: float, y: float) -> tuple[int, int, int, int] | None:
    """The dark modules' box of a 14 mm square, half dark, right of (x, y) in its column."""
    small, k = image.reduce(4), 4  # searched at 75 dpi, sampled at 300
    side = int(14 * MM / k)
    best = (0.3, None)  # a line of text is far lighter than a QR code
    for left in range(int(x / k), min(int((x + 88 * MM) / k), small.width) - side, 2):
        for top in range(int((y - 3 * MM) / k), int((y + 3 * MM) / k), 2):
            box = small.crop((left, top, left + side, top + side))
            dark = sum(box.histogram()[:128]) / (side * side)
            if dark > best[0]:
                best = (dark, (left * k, top * k))
    if best[1] is None:
        return None
    left, top = best[1]
    side = int(14 * MM)
    margin = int(2 * MM)
    area = image.crop((left - margin, top - margin, left + side + margin, top + side + margin))
    inked = area.point(lambda v: 255 if v < 128 else 0).getbbox()
    return (inked[0] + left - margin, inked[1] + top - margin,
            inked[2] + left - margin, inked[3] + top - margin) if inked else None


def _sampled(image, box: tuple[int, int, int, int], url: str) -> list[list[int]]:
    size = len(_inner(url))
    cell = (box[2] - box[0]) / size
    return [[int(image.getpixel((int(box[0] + (j + 0.5) * cell),
                                 int(box[1] + (i + 0.5) * cell))) < 128)
             for j in range(size)] for i in range(size)]


def _inner(url: str) -> list[list[int]]:
    return [[1 if bit else 0 for bit in row]
            for row in segno.make_qr(url, error="l", boost_error=False).matrix]
