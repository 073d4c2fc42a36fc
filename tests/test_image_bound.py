"""A small file can hold a huge picture, decoded whole by every browser and by WeasyPrint: a
course image is bounded by its pixels, read from its header, and a file that is not an image
is said to be one."""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from coursebuild.cli import cli
from coursebuild.links import MAX_IMAGE_PIXELS
from tests.conftest import FIXTURES, write_course


def png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` x ``height`` (its data is never decoded here)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b""))
            + chunk(b"IEND", b""))


CASES = {
    "over the bound": (png_header(10_000, 10_000),
                       r"c\.md:3: image images/x\.png is 10,000 x 10,000 pixels, more than the "
                       r"50 megapixels"),
    "past Pillow's own limit": (png_header(40_000, 40_000),
                                r"c\.md:3: image images/x\.png is 1,600,000,000 pixels"),
    "not an image": (b"hello, this is text", r"c\.md:3: image images/x\.png cannot be read"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_an_image_over_the_bound_is_an_error_at_its_line(tmp_path: Path, name: str) -> None:
    data, message = CASES[name]
    course = write_course(tmp_path / "course", {"c": "# C\n\n![x](images/x.png)\n"})
    (course / "images").mkdir()
    (course / "images" / "x.png").write_bytes(data)
    result = CliRunner().invoke(cli, ["check", "--source", str(course)])
    assert result.exit_code == 1
    assert re.search(message, result.output), result.output
    assert "Traceback" not in result.output


def test_an_image_within_the_bound_is_used(tmp_path: Path) -> None:
    side = int(MAX_IMAGE_PIXELS ** 0.5)
    chapter = "# C\n\n![x](images/x.png)\n\n![[pixel.png]]\n"
    course = write_course(tmp_path / "course", {"c": chapter})
    (course / "images").mkdir()
    (course / "images" / "x.png").write_bytes(png_header(side, side))
    (course / "images" / "pixel.png").write_bytes(
        (FIXTURES / "course" / "images" / "pixel.png").read_bytes())
    result = CliRunner().invoke(cli, ["check", "--source", str(course)])
    assert result.exit_code == 0, result.output
