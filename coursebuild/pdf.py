"""WeasyPrint, confined: it reads only the course folder and the package's own assets."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pydyf
import weasyprint
from weasyprint.urls import URLFetcher

from .paths import NODE_MODULES, TEMPLATES


class ConfinedFetcher(URLFetcher):
    """A URL fetcher that refuses the network and every file outside the allowed folders."""

    def __init__(self, allowed: list[Path]) -> None:
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)
        self.allowed = [folder.resolve() for folder in allowed]
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict | None = None):  # type: ignore[override]
        reason = self._refusal(url)
        if reason:
            self.refused.append(f"{reason}: {url[:200]}")
            raise ValueError(f"refused {url[:200]}: {reason}")
        return super().fetch(url, headers)

    def _refusal(self, url: str) -> str:
        parts = urlsplit(url)
        if parts.scheme == "data":
            return ""
        if parts.scheme != "file":
            return "handouts never use the network"
        path = Path(unquote(parts.path)).resolve()
        if not any(path.is_relative_to(folder) for folder in self.allowed):
            return "outside the course folder"
        return ""


# Parsed images (the emoji SVGs above all) shared by the documents a process renders.
_IMAGES: dict = {}


@dataclass
class PdfResult:
    data: bytes
    refused: list[str] = field(default_factory=list)


def html_to_pdf(html: str, course_root: Path, extra: Path, out_dir: Path) -> PdfResult:
    """A tagged PDF (PDF/UA-1) from ``html``. Resources are absolute file: URLs; links are
    relative to ``out_dir``, where the PDF goes. ``extra`` holds generated stylesheets."""
    fetcher = ConfinedFetcher([course_root, NODE_MODULES, TEMPLATES, extra])
    base = out_dir.resolve().as_uri() + "/"
    document = weasyprint.HTML(string=html, base_url=base, url_fetcher=fetcher)
    data = document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True, cache=_IMAGES,
                              finisher=lambda _doc, pdf: relative_links(pdf, base))
    return PdfResult(data, fetcher.refused)


def relative_links(pdf: pydyf.PDF, base: str) -> None:
    """Links to sibling PDFs become relative (GoToR), so the folder can be moved or copied:
    WeasyPrint would write them as absolute file: URLs."""
    for obj in pdf.objects:
        action = obj.get("A") if isinstance(obj, pydyf.Dictionary) else None
        if not isinstance(action, pydyf.Dictionary) or action.get("S") != "/URI":
            continue
        uri = str(action["URI"].string)
        if uri.startswith(base):
            name, _, anchor = unquote(uri[len(base):]).partition("#")
            action["S"] = "/GoToR"
            action["F"] = pydyf.String(name)
            action["D"] = pydyf.String(anchor) if anchor else pydyf.Array([0, "/Fit"])
            del action["URI"]
