"""WeasyPrint reads only the course folder and the package's assets, and says what it refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from coursebuild.paths import NODE_MODULES
from coursebuild.pdf import ConfinedFetcher, html_to_pdf


@pytest.fixture
def course(tmp_path: Path) -> Path:
    folder = tmp_path / "course"
    (folder / "images").mkdir(parents=True)
    (folder / "images" / "ok.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    (tmp_path / "secret.css").write_text("body { color: red }")
    return folder


@pytest.mark.parametrize("url, reason", [
    ("https://example.org/x.png", "handouts never use the network"),
    ("http://127.0.0.1:1/x.css", "handouts never use the network"),
    ("ftp://example.org/x", "handouts never use the network"),
    ("file:///etc/passwd", "outside the course folder"),
])
def test_refused(course: Path, url: str, reason: str) -> None:
    fetcher = ConfinedFetcher([course])
    with pytest.raises(ValueError, match="refused"):
        fetcher.fetch(url)
    assert fetcher.refused == [f"{reason}: {url}"]


def test_dot_dot_cannot_climb_out(course: Path) -> None:
    fetcher = ConfinedFetcher([course])
    with pytest.raises(ValueError):
        fetcher.fetch((course / ".." / "secret.css").as_uri())


def test_course_files_and_package_assets_are_read(course: Path) -> None:
    fetcher = ConfinedFetcher([course, NODE_MODULES])
    assert fetcher.fetch((course / "images" / "ok.svg").as_uri())
    assert fetcher.fetch((NODE_MODULES / "@twemoji" / "svg" / "2705.svg").as_uri())
    assert fetcher.fetch("data:text/plain,hello")
    assert fetcher.refused == []


def test_a_document_asking_for_outside_files_is_rendered_without_them(course: Path,
                                                                      tmp_path: Path) -> None:
    secret = (tmp_path / "secret.css").as_uri()
    html = (f'<link rel="stylesheet" href="{secret}">'
            '<img src="https://example.org/tracker.png"><p>texte</p>')
    result = html_to_pdf(html, course, tmp_path / "scratch", tmp_path / "out")
    assert result.data.startswith(b"%PDF")
    assert sorted(result.refused) == ["handouts never use the network: https://example.org/tracker.png",
                                      f"outside the course folder: {secret}"]
