"""Identical sources give byte-identical PDFs: every kind, with and without SOURCE_DATE_EPOCH,
whatever the output folder and the number of worker processes. The date, when there is one,
is the epoch's; without it the PDF carries none (never the time of the build)."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import click
import pytest
from pypdf import PdfReader

from coursebuild.handout_kinds import KINDS
from coursebuild.pdf_jobs import source_date_epoch
from coursebuild.pipeline import BuildOptions, build_handouts
from tests.conftest import write_course

EPOCH = 1_700_000_000  # 2023-11-14T22:13:20Z
CHAPTERS = {
    "00-index": "# Le module 📦\n\n- [[01-outils|Les outils]]\n- [site](https://example.org)\n",
    "01-outils": (
        "# Les outils 🔧\n\n## Un schéma\n\n### Le flux\n\n```mermaid\nflowchart LR\n"
        "  A[Client 🚀] --> B{Démon}\n  B --> C[(Images)]\n  style A fill:#e3f2fd\n```\n\n"
        "### Du code\n\n```python\nprint('bonjour')\n```\n\nRetour à [[00-index]].\n\n"
        "Note: une note pour l'enseignant.\n"
    ),
}


def _build(source: Path, out: Path, jobs: int) -> dict[str, bytes]:
    result = build_handouts(BuildOptions(source, out, jobs=jobs, force=True))
    assert result.ok, result.diagnostics.errors
    return {path.name: path.read_bytes() for path in sorted((out / "handouts").glob("*.pdf"))}


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_course(tmp_path_factory.mktemp("repro") / "course", CHAPTERS)


@pytest.fixture(scope="module")
def undated(course: Path, tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, bytes]]:
    """Two forced builds without SOURCE_DATE_EPOCH: other folders, other worker counts."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SOURCE_DATE_EPOCH", raising=False)
        return [_build(course, tmp_path_factory.mktemp("a"), 1),
                _build(course, tmp_path_factory.mktemp("b"), 2)]


@pytest.fixture(scope="module")
def dated(course: Path, tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, bytes]]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
        return [_build(course, tmp_path_factory.mktemp("c"), 2),
                _build(course, tmp_path_factory.mktemp("d"), 1)]


def _every_kind(pdfs: dict[str, bytes]) -> None:
    expected = {kind.file_name("01-outils") for kind in KINDS}
    assert expected <= set(pdfs), f"missing kinds: {expected - set(pdfs)}"


def test_two_builds_without_epoch_are_byte_identical(undated: list[dict[str, bytes]]) -> None:
    first, second = undated
    _every_kind(first)
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_two_builds_with_epoch_are_byte_identical(dated: list[dict[str, bytes]]) -> None:
    first, second = dated
    _every_kind(first)
    assert [name for name in first if first[name] != second[name]] == []


def test_the_epoch_is_the_pdfs_date(dated: list[dict[str, bytes]]) -> None:
    when = datetime.fromtimestamp(EPOCH, UTC)
    for name, data in dated[0].items():
        reader = PdfReader(io.BytesIO(data))
        assert reader.metadata.creation_date == when, name
        assert reader.metadata.modification_date == when, name
        xmp = reader.xmp_metadata
        assert xmp is not None and xmp.xmp_create_date.replace(tzinfo=UTC) == when, name


def test_without_epoch_no_date_at_all(undated: list[dict[str, bytes]]) -> None:
    for name, data in undated[0].items():
        reader = PdfReader(io.BytesIO(data))
        assert reader.metadata.creation_date is None, name
        assert reader.metadata.modification_date is None, name
        assert b"CreateDate" not in data and b"ModifyDate" not in data, name


def test_no_build_folder_in_the_pdfs(undated: list[dict[str, bytes]]) -> None:
    """A link to a sibling PDF names the file, not the folder it was built in."""
    reading = PdfReader(io.BytesIO(undated[0]["00-index.pdf"]))
    annotations = [a.get_object() for page in reading.pages for a in page.get("/Annots", [])]
    described = [str(a.get("/Contents", "")) for a in annotations]
    assert "01-outils.pdf" in described
    assert "https://example.org" in described
    assert not any("file:" in text for text in described)


@pytest.mark.parametrize(("value", "expected"), [
    (None, None), ("", None), ("  ", None), ("0", 0), ("1700000000", 1_700_000_000),
    (" 1700000000\n", 1_700_000_000),
])
def test_source_date_epoch_read(value: str | None, expected: int | None) -> None:
    environ = {} if value is None else {"SOURCE_DATE_EPOCH": value}
    assert source_date_epoch(environ) == expected


@pytest.mark.parametrize("value", ["yesterday", "-5", "1.5", "17e8", "99999999999999"])
def test_malformed_epoch_stops_the_build(value: str) -> None:
    with pytest.raises(click.UsageError, match="SOURCE_DATE_EPOCH"):
        source_date_epoch({"SOURCE_DATE_EPOCH": value})
