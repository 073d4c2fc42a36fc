"""WeasyPrint, confined: it reads only the course folder and the package's own assets."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

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


@dataclass
class PdfResult:
    data: bytes
    refused: list[str] = field(default_factory=list)


def html_to_pdf(html: str, course_root: Path, extra: Path) -> PdfResult:
    """A tagged PDF (PDF/UA-1) from ``html``, relative URLs resolved in the course folder;
    ``extra`` is the build's own folder of generated stylesheets."""
    fetcher = ConfinedFetcher([course_root, NODE_MODULES, TEMPLATES, extra])
    document = weasyprint.HTML(string=html, base_url=course_root.resolve().as_uri() + "/",
                               url_fetcher=fetcher)
    data = document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
    return PdfResult(data, fetcher.refused)
