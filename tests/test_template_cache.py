"""Compiled templates are cached between builds, never at the cost of a stale page or a failed
build (coursebuild/templating.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from coursebuild import templating
from coursebuild.templating import _QuietBytecodeCache, environment


def _course_with_template(root: Path, text: str) -> Path:
    (root / "templates").mkdir(parents=True, exist_ok=True)
    (root / "templates" / "hello.html").write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    folder.mkdir()
    monkeypatch.setattr(templating, "_bytecode_cache",
                        lambda: _QuietBytecodeCache(directory=str(folder)))
    return folder


def test_a_template_compiled_once_is_loaded_from_the_cache(tmp_path: Path,
                                                            cache_dir: Path) -> None:
    root = _course_with_template(tmp_path / "c", "Bonjour {{ name }}")
    assert environment(root).get_template("hello.html").render(name="A") == "Bonjour A"
    assert len(list(cache_dir.iterdir())) == 1  # written by the first build
    # a later build loads it: nothing compiled, the same page
    assert environment(root).get_template("hello.html").render(name="B") == "Bonjour B"
    assert len(list(cache_dir.iterdir())) == 1


def test_an_edited_template_is_compiled_again(tmp_path: Path, cache_dir: Path) -> None:
    root = _course_with_template(tmp_path / "c", "Bonjour {{ name }}")
    environment(root).get_template("hello.html").render(name="A")
    _course_with_template(root, "Salut {{ name }}")  # same name and size class, new text
    assert environment(root).get_template("hello.html").render(name="A") == "Salut A"


def test_a_cache_that_cannot_be_written_or_read_costs_only_the_compiling(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("", encoding="utf-8")
    monkeypatch.setattr(templating, "_bytecode_cache",
                        lambda: _QuietBytecodeCache(directory=str(not_a_folder)))
    root = _course_with_template(tmp_path / "c", "Bonjour {{ name }}")
    assert environment(root).get_template("hello.html").render(name="A") == "Bonjour A"


def test_a_corrupt_cache_file_is_ignored(tmp_path: Path, cache_dir: Path) -> None:
    root = _course_with_template(tmp_path / "c", "Bonjour {{ name }}")
    environment(root).get_template("hello.html")
    (cached,) = cache_dir.iterdir()
    data = cached.read_bytes()
    cached.write_bytes(data[: len(data) // 2])  # a build killed while writing it
    assert environment(root).get_template("hello.html").render(name="A") == "Bonjour A"
