"""The user's cache folder: what a build may reuse from an earlier one, never in the output
folder (which is published as it is). ``$COURSEBUILD_CACHE`` if set, else the platform's cache
folder (``$XDG_CACHE_HOME`` or ``~/.cache``; ``%LOCALAPPDATA%`` on Windows) plus
``coursebuild``. Whatever is kept there is keyed by what it was made from: deleting it at any
time only makes the next build slower."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from .files import write_atomic

CACHE_VARIABLE = "COURSEBUILD_CACHE"


def cache_root(environ: dict[str, str] | None = None) -> Path:
    """Where a build keeps what it may reuse."""
    environ = os.environ if environ is None else environ  # type: ignore[assignment]
    if environ.get(CACHE_VARIABLE):
        return Path(environ[CACHE_VARIABLE])
    base = environ.get("LOCALAPPDATA") if os.name == "nt" else environ.get("XDG_CACHE_HOME")
    return Path(base or Path.home() / ".cache") / "coursebuild"


def keep(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` whole (``files.write_atomic``), or not at all: a cache that
    cannot be written is only not kept."""
    with contextlib.suppress(OSError):
        write_atomic(path, data)
