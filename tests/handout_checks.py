"""Reading PDFs back: text, positions and rendered pixels (not bytes)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from PIL import Image
from pypdf import PdfReader


def page_texts(pdf: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(pdf).pages]


def outline_titles(pdf: Path) -> list[str]:
    titles: list[str] = []

    def walk(items: list) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(PdfReader(pdf).outline)
    return titles


def text_outside_page(pdf: Path) -> list[str]:
    """Text drawn (even partly) outside its page's box, found from each run's position."""
    found: list[str] = []
    for number, page in enumerate(PdfReader(pdf).pages, start=1):
        box = page.mediabox
        width, height = float(box.width), float(box.height)

        def visit(text, cm, tm, font, size, number=number, width=width, height=height):
            if not text.strip():
                return
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            if not (-1 <= x <= width + 1 and -1 <= y <= height + 1):
                found.append(f"page {number}: {text.strip()[:40]!r} at ({x:.0f}, {y:.0f})")

        page.extract_text(visitor_text=visit)
    return found


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
