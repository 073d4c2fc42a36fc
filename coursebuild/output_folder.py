"""The output folder is the user's disk: check where it is, let one build at a time write to it,
write only into real folders, and delete only what a build wrote, never through a link."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from .errors import ContentError

LOCK_FILE = ".coursebuild.lock"
TARGET_FOLDERS = ("slides", "handouts")
# write_atomic's temporary files: ".NAME." + 8 random characters (mkstemp) + ".tmp"
_TEMP_FILE = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")


class OutputFolderError(click.UsageError):
    """``--out`` cannot be used; a usage error (exit 2), not a content error. A Click usage
    error, so the CLI prints it with the command's usage line whichever command raised it."""


def check_out_folder(out: Path, source: Path) -> None:
    """Refuse output folders where writing slides/ and handouts/ (and pruning them) could harm:
    the root, the home folder, a folder whose slides/ or handouts/ would hold the course, or
    whose slides/ or handouts/ are inside the course and hold files no build wrote (the
    course's own). The course folder itself is fine: its slides/ and handouts/ are outputs,
    never read as sources."""
    resolved, course = out.resolve(), source.resolve()
    if resolved == Path(resolved.anchor):
        raise OutputFolderError(f"--out {out}: refusing to write slides/ and handouts/ at the "
                                "root of the file system")
    if resolved == Path.home().resolve():
        raise OutputFolderError(f"--out {out}: refusing to write slides/ and handouts/ straight "
                                "into the home folder; name a folder for this course's outputs")
    for name in TARGET_FOLDERS:
        if course.is_relative_to(resolved / name):
            raise OutputFolderError(f"--out {out}: the course folder {source} is inside "
                                    f"{name}/, which the build writes and prunes")
        if (resolved / name).is_relative_to(course) and _holds_files_not_built(resolved / name):
            raise OutputFolderError(f"--out {out}: {name}/ is inside the course folder and "
                                    "holds files no build wrote (they would mix with the "
                                    "outputs): move them, or give another --out")


def _holds_files_not_built(folder: Path) -> bool:
    """A folder with files in it, but neither a build's manifest nor the lock file a build
    leaves beside it (a build killed before its manifest): links are not followed."""
    from .incremental import MANIFEST

    built = (folder / MANIFEST).is_file() or (folder.parent / LOCK_FILE).is_file()
    if built or folder.is_symlink() or not folder.is_dir():
        return False
    return any(files for _, _, files in os.walk(folder, followlinks=False))


@contextmanager
def build_lock(out: Path) -> Iterator[None]:
    """Hold ``out/.coursebuild.lock`` for the length of a build. The lock is the operating
    system's (flock or msvcrt), so a killed build never leaves it held."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / LOCK_FILE
    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
    try:
        if not _try_lock(fd):
            holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "unknown"
            raise ContentError(path, None, f"another build (process {holder}) is writing to "
                               f"{out}; wait for it to finish, then build again")
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _try_lock(fd: int) -> bool:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def remove_stale_temp_files(out: Path) -> list[Path]:
    """Temporary files left by a killed build (only run while holding the lock, so none
    belongs to a build in progress). Links are never followed."""
    removed = []
    for name in TARGET_FOLDERS:
        for folder, dirs, files in os.walk(out / name, followlinks=False):
            dirs[:] = [d for d in dirs if not Path(folder, d).is_symlink()]
            for file in files:
                path = Path(folder, file)
                if _TEMP_FILE.fullmatch(file) and not path.is_symlink() and path.is_file():
                    path.unlink()
                    removed.append(path)
    return removed


def real_path(top: Path, name: str) -> Path:
    """``top/name``, refusing any folder on the way that is a symbolic link: the build writes
    and deletes only in folders it made (``top`` itself may be a link the user chose)."""
    path = top / name
    for parent in reversed(path.relative_to(top).parents):
        if parent != Path(".") and (top / parent).is_symlink():
            raise ContentError(top / parent, None, "refusing to write through a symbolic link: the "
                               "build writes only into folders it made; remove the link")
    return path


def remove_output(top: Path, name: str) -> bool:
    """Delete ``top/name`` if it is a regular file reached without following a link."""
    path = real_path(top, name)
    if path.is_symlink() or not path.is_file():
        return False
    path.unlink()
    return True
