"""Reading PDFs back: text, positions and rendered pixels (not bytes)."""

from __future__ import annotations

import html
import re
import subprocess
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from PIL import Image
from pypdf import PdfReader


def page_texts(pdf: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(pdf).pages]


def bookmarks(items: list, depth: int = 0) -> Iterator[tuple[int, object]]:
    """Each bookmark of a pypdf outline (``reader.outline``), with its depth."""
    for item in items:
        if isinstance(item, list):
            yield from bookmarks(item, depth + 1)
        else:
            yield depth, item


def outline_titles(pdf: Path) -> list[str]:
    return [item.title for _, item in bookmarks(PdfReader(pdf).outline)]


def struct_elements(reader: PdfReader) -> Iterator[dict]:
    """Each element of the PDF's structure tree (its tags), parents before children."""
    def walk(node: object) -> Iterator[dict]:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            for item in node:
                yield from walk(item)
        elif hasattr(node, "keys"):
            yield node
            if "/K" in node:
                yield from walk(node["/K"])

    yield from walk(reader.trailer["/Root"]["/StructTreeRoot"])


def text_outside_page(pdf: Path, texts: list[str] | None = None) -> list[str]:
    """Words in a page's content that are not drawn inside its box. pypdf reads every word of
    the content streams; poppler (``pdftotext -bbox``) keeps only those inside the page, with
    every transformation applied (SVG drawings included). What only pypdf sees is outside.
    ``texts`` are the PDF's ``page_texts`` when the caller has them already."""
    xhtml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True,
                           capture_output=True, text=True).stdout
    pages = re.findall(r"<page [^>]*>(.*?)</page>", xhtml, re.S)
    found: list[str] = []
    texts = page_texts(pdf) if texts is None else texts
    for number, (text, inside) in enumerate(zip(texts, pages, strict=True), 1):
        drawn = Counter(_letters(html.unescape(w)) for w in re.findall(r"<word [^>]*>(.*?)</word>",
                                                                       inside))
        for word in text.split():
            key = _letters(word)
            if key and drawn[key] <= 0 and not any(key in d for d in drawn if len(d) > len(key)):
                found.append(f"page {number}: {word!r}")
            drawn[key] -= 1
    return found


def _letters(word: str) -> str:
    return re.sub(r"\W", "", word)


def render_page(pdf: Path, page: int, tmp: Path, dpi: int = 60) -> Image.Image:
    """One page as an image, through poppler's pdftoppm."""
    prefix = tmp / f"{pdf.stem}-{page}"
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page),
                    "-singlefile", str(pdf), str(prefix)], check=True)
    return Image.open(f"{prefix}.png").convert("RGB")


def has_colour(image: Image.Image, hex_colour: str, tolerance: int = 12, minimum: int = 20) -> bool:
    """At least ``minimum`` pixels within ``tolerance`` of the colour."""
    target = tuple(int(hex_colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    count = 0
    for pixel in image.get_flattened_data():
        if all(abs(a - b) <= tolerance for a, b in zip(pixel, target, strict=True)):
            count += 1
            if count >= minimum:
                return True
    return False
