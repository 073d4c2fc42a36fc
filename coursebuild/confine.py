"""One rule for every file the build reads: it must resolve, symlinks included, inside the
course folder (or, for the defaults, inside the package). A course folder is untrusted input."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path

from .errors import ContentError

MAX_NAME_BYTES = 255  # one path component: what Linux, macOS and Windows file systems allow
MAX_PATH_BYTES = 4096  # a whole path (Linux's PATH_MAX)


def resolve_inside(path: Path, roots: Iterable[Path]) -> Path | str:
    """``path`` resolved (symlinks followed) when it lies inside one of ``roots``; otherwise
    why it may not be read. Nothing is opened: only names are looked up."""
    problem = name_problem(str(path))
    if problem:
        return problem
    try:
        resolved = path.resolve()
        if any(resolved.is_relative_to(_resolved(root.absolute())) for root in roots):
            return resolved
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop
        return f"cannot look it up ({getattr(exc, 'strerror', None) or exc})"
    return "it points outside the course folder"


@functools.lru_cache(maxsize=64)
def _resolved(root: Path) -> Path:
    """An absolute root folder resolved once: a build checks thousands of files against it."""
    return root.resolve()


def confine(path: Path, roots: Iterable[Path], *, ref: str | None = None,
            at: tuple[Path, int | None] | None = None) -> Path:
    """``path`` resolved inside ``roots``, or a ContentError at ``at`` (a course.yaml line)
    or else at the file itself. ``ref`` is the name as the course wrote it."""
    found = resolve_inside(path, roots)
    if isinstance(found, Path):
        return found
    where, line = at or (path, None)
    raise ContentError(where, line, f"refused {shown(ref if ref is not None else str(path))}: "
                       f"{found}")


def name_problem(name: str) -> str:
    """Why ``name`` cannot name a file at all (checked before the file system sees it, which
    would answer with an OSError), or ""."""
    if "\0" in name:
        return "a file name cannot hold a NUL character"
    longest = max((len(part.encode("utf-8", "surrogateescape")) for part in name.split("/")),
                  default=0)
    if longest > MAX_NAME_BYTES:
        return f"a file name is at most {MAX_NAME_BYTES} bytes, this one has {longest}"
    if len(name.encode("utf-8", "surrogateescape")) > MAX_PATH_BYTES:
        return f"a path is at most {MAX_PATH_BYTES} bytes"
    return ""


def plain_file(path: Path, top: Path) -> None:
    """Refuse ``path`` when it, or a folder between ``top`` (included) and it, is a symbolic
    link: a course's templates are plain files in a plain ``templates/`` folder."""
    for depth in range(len(top.parts), len(path.parts) + 1):
        step = Path(*path.parts[:depth])
        if _is_symlink(step):
            name = step.relative_to(top.parent).as_posix()
            raise ContentError(step, None, f"template error: refused {shown(name)}, a symbolic "
                               "link: templates are plain files in plain folders")


def plain_files(folder: Path) -> list[Path]:
    """The files under ``folder`` (a course's ``templates/``), or a ContentError at the first
    symbolic link there, ``folder`` included, before anything behind it is read."""
    if not folder.is_symlink() and not folder.is_dir():
        return []
    plain_file(folder, folder)
    found = sorted(folder.rglob("*"))  # does not enter symlinked folders
    for path in found:
        plain_file(path, folder)
    return [path for path in found if path.is_file()]


def is_file(path: Path) -> bool:
    """Like ``Path.is_file``, but a name the system refuses is just not a file."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def _is_symlink(path: Path) -> bool:
    try:
        return path.is_symlink()
    except (OSError, ValueError):
        return False


def shown(ref: str, limit: int = 80) -> str:
    """A reference as printed in a message: NUL made visible, long names cut."""
    text = ref.replace("\0", "\\0")
    return text if len(text) <= limit else text[:limit] + "…"
