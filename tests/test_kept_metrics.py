"""Inter's metrics kept in the user's cache folder (``mermaid/fonts.py``): the same metrics as
the font file's, read again when the kept file is damaged, and a cache that cannot be written
only not kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from coursebuild.mermaid import fonts
from coursebuild.paths import font_file
from coursebuild.user_cache import CACHE_VARIABLE


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(CACHE_VARIABLE, str(tmp_path / "cache"))
    fonts.load_metrics.cache_clear()
    yield tmp_path / "cache"
    fonts.load_metrics.cache_clear()


def test_kept_metrics_are_the_fonts(cache: Path) -> None:
    read = fonts._read_metrics(font_file("inter", 700))  # noqa: SLF001
    first = fonts.load_metrics(700)
    kept = fonts._metrics_file(font_file("inter", 700))  # noqa: SLF001
    assert kept is not None and kept.is_relative_to(cache) and kept.is_file()
    fonts.load_metrics.cache_clear()
    again = fonts.load_metrics(700)
    assert first == read == again
    assert again.advances[ord("W")] > again.advances[ord("i")] > 0


def test_a_damaged_kept_file_is_read_again(cache: Path) -> None:
    fonts.load_metrics(400)
    kept = fonts._metrics_file(font_file("inter", 400))  # noqa: SLF001
    kept.write_text('{"units_per_em": 2048, "ascent"', "utf-8")
    fonts.load_metrics.cache_clear()
    assert fonts.load_metrics(400) == fonts._read_metrics(font_file("inter", 400))  # noqa: SLF001


def test_a_cache_that_cannot_be_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "file").write_text("not a folder", "utf-8")
    monkeypatch.setenv(CACHE_VARIABLE, str(tmp_path / "file"))
    fonts.load_metrics.cache_clear()
    try:
        assert fonts.load_metrics(400).units_per_em > 0
    finally:
        fonts.load_metrics.cache_clear()
