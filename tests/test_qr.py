"""QR codes beside the printed URLs of resources lists (reading handout and course book)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from urllib.parse import unquote

import pytest
import segno

from coursebuild.handouts import render_book, render_reading, write_generated_css
from coursebuild.pipeline import BuildOptions, build_handouts, prepare
from coursebuild.qr import QR_BORDER, qr_data_uri
from coursebuild.templating import environment
from tests.conftest import write_course
from tests.handout_checks import page_texts, render_page

URLS = ["https://containerd.io/", "https://github.com/containerd/containerd/blob/main/docs/"
        "cri/config.md", "https://kubernetes.io/docs/concepts/architecture/cri/"]
RESOURCES = "".join(f"- [Lien {i}]({url})\n" for i, url in enumerate(URLS))
CHAPTER = ("# Chapitre\n\n### Texte\n\nUn lien dans le texte : [containerd]"
           "(https://containerd.io/).\n\n## 📚 Ressources\n\n" + RESOURCES
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
    if 'class="qr"' not in html and "nohyphen" not in html:
        pytest.skip("handouts.py does not call html.for_paper yet")
    assert codes_beside_links(html.replace('<li><p>', '<li>')) == URLS
    assert html.count('class="qr"') == len(URLS)


def test_codes_reach_the_pdf_beside_their_urls(tmp_path: Path) -> None:
    folder = write_course(tmp_path / "c", {"00-index": "# Index\n\n### A\n\nTexte.\n",
                                           "01-chap": CHAPTER},
                          "title: T\nlang: fr\nhandouts:\n  kinds: [course]\n")
    result = build_handouts(BuildOptions(folder, tmp_path / "out", jobs=1))
    assert result.ok, [str(d) for d in result.diagnostics.items]
    pdf = tmp_path / "out" / "handouts" / "course.pdf"
    pages = page_texts(pdf)
    xhtml, image = _page(pdf, len(pages), tmp_path)
    for i, url in enumerate(URLS):
        assert url.replace("https://", "") in re.sub(r"\s+", "", pages[-1])
        x, y = _word_at(xhtml, "Lien", str(i))
        assert _has_code(image, x, y), f"no QR code beside {url}"
    # the link in the chapter's text gets none: the check finds codes, not any dark area
    in_text = next(n for n, text in enumerate(pages, 1) if "Un lien dans" in text)
    xhtml, image = _page(pdf, in_text, tmp_path)
    assert not _has_code(image, *_word_at(xhtml, "Un", "lien"))


def _page(pdf: Path, number: int, tmp_path: Path):
    xhtml = subprocess.run(["pdftotext", "-bbox", "-f", str(number), "-l", str(number),
                            str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return xhtml, render_page(pdf, number, tmp_path, dpi=DPI).convert("L")


DPI = 100
MM = DPI / 25.4


def _word_at(xhtml: str, word: str, following: str | None) -> tuple[float, float]:
    """Where ``word`` (followed by ``following``) starts on the page, in pixels."""
    words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', xhtml)
    for (x, y, text), after in zip(words, [*words[1:], ("0", "0", "")], strict=True):
        if text == word and (following is None or after[2] == following):
            return float(x) * DPI / 72, float(y) * DPI / 72
    raise AssertionError(f"{word} {following} not on the page")


def _has_code(image, x: float, y: float) -> bool:
    """A 14 mm square, half dark, in the column to the right of (x, y): a QR code."""
    side = int(14 * MM)
    for left in range(int(x), min(int(x + 88 * MM), image.width) - side, 4):
        for top in range(int(y - 3 * MM), int(y + 3 * MM), 4):
            box = image.crop((left, top, left + side, top + side))
            dark = sum(box.histogram()[:128]) / (side * side)
            if dark > 0.3:
                return True
    return False
