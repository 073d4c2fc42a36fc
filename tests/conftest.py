"""Shared fixtures: small courses written to a temporary folder."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CHAPTERS = ROOT / "chapters"  # the shipped course: only tests marked `course` read it
SMALL = FIXTURES / "small"  # the tool's own small course, for tests that build a whole one
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"  # Debian's (.ci/run installs it)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
needs_chromium = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (.ci/run installs it)")


@pytest.fixture(autouse=True, scope="session")
def _kept_parts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The books' parts kept in the session's temporary folder, not the user's cache (the
    builds of the tests, and the commands they run, inherit it)."""
    from coursebuild.part_cache import CACHE_VARIABLE

    folder = tmp_path_factory.mktemp("coursebuild-cache")
    before = os.environ.get(CACHE_VARIABLE)
    os.environ[CACHE_VARIABLE] = str(folder)
    yield folder
    if before is None:
        os.environ.pop(CACHE_VARIABLE, None)
    else:
        os.environ[CACHE_VARIABLE] = before


def one_job(command: str) -> list[str]:
    """``-j1`` for the commands that render PDFs in processes (only they take ``-j``)."""
    return ["-j1"] if command in ("handouts", "all") else []


def write_course(folder: Path, chapters: dict[str, str], config: str | None = None) -> Path:
    """A course folder with the given chapters (stem -> Markdown) and a course.yaml."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "course.yaml").write_text(config or "title: Cours de test\nlang: fr\n",
                                        encoding="utf-8")
    for stem, text in chapters.items():
        (folder / f"{stem}.md").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def fixture_course(tmp_path: Path) -> Path:
    """A copy of tests/fixtures/course (chapters, images) that a test may change."""
    target = tmp_path / "course"
    shutil.copytree(FIXTURES / "course", target)
    return target


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """One headless Chromium for every browser test of a test process."""
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def shipped_decks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped course's decks, built once per test process (tests marked `course`)."""
    from coursebuild.pipeline import BuildOptions, build_slides

    out = tmp_path_factory.mktemp("shipped")
    result = build_slides(BuildOptions(CHAPTERS, out, jobs=1))
    assert result.ok, [str(d) for d in result.diagnostics.items]
    return out / "slides"
