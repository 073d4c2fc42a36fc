"""Reading course files (bounded, UTF-8, no binary) and writing outputs atomically (temp file
+ rename), so a failed build leaves earlier outputs."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import ContentError


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write ``path`` all at once: readers see the old file or the new one, never half of one.
    The file keeps its mode, or gets the usual one for a new file (mkstemp's is 0600)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
        os.chmod(tmp, path.stat().st_mode & 0o7777 if path.exists() else _NEW_FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def copy_if_changed(source: Path, dest: Path) -> bool:
    """Copy a file unless an identical one is already there; True when it copied."""
    data = source.read_bytes()
    if dest.is_file() and dest.stat().st_size == len(data) and dest.read_bytes() == data:
        return False
    write_atomic(dest, data)
    return True


def _read_umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


_NEW_FILE_MODE = 0o666 & ~_read_umask()  # read once: os.umask is process-wide


MAX_FILE_BYTES = 2_000_000  # a long chapter is 50 kB; beyond this, parsing time is not bounded


def read_text(path: Path) -> str:
    """A course file as text: UTF-8 (a BOM is dropped), no NUL byte, at most MAX_FILE_BYTES."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ContentError(path, None, f"{size / 1e6:.1f} MB is more than a course file may "
                               f"be ({MAX_FILE_BYTES / 1e6:.0f} MB): split it")
        raw = path.read_bytes()
    except OSError as exc:
        raise ContentError(path, None, f"cannot read: {exc.strerror}") from None
    if b"\0" in raw:
        line = raw[: raw.index(b"\0")].count(b"\n") + 1
        raise ContentError(path, line, "binary file (it holds NUL bytes), not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ContentError(path, line, "not UTF-8 text (save the file as UTF-8)") from None
