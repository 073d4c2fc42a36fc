"""Shared fixtures: small courses written to a temporary folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CHAPTERS = ROOT / "chapters"  # the shipped course: only tests marked `course` read it
SMALL = FIXTURES / "small"  # the tool's own small course, for tests that build a whole one


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
