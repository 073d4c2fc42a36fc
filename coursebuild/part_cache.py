"""Laid-out parts of the books kept between builds, in the user's cache folder, never in the
output folder (which is published as it is): ``<cache>/book-parts/<output>/<kind>/`` holds
each part's PDF (``<name>.pdf``) and what the merge needs of its layout (``<name>.json``: the
digest of everything its bytes depend on, the PDF's own digest, its pages' kinds and the files
its layout was refused). ``<cache>`` is ``$COURSEBUILD_CACHE``, else the platform's cache
folder (``$XDG_CACHE_HOME`` or ``~/.cache``; ``%LOCALAPPDATA%`` on Windows) plus
``coursebuild``; ``<output>`` names the handouts folder (its name and a digest of its path).
A build that finds a part with the same digest reuses its PDF without laying it out; anything
unreadable, damaged or different is laid out again, and a cache that cannot be written is only
not kept. The folders of output folders no build has used for ``STALE_DAYS`` are deleted."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import time
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .user_cache import CACHE_VARIABLE, cache_root, keep

__all__ = ["CACHE_VARIABLE", "CachedPart", "PageKind", "PartCache", "cache_root",
           "forget_unused", "part_digest"]
PARTS_FOLDER = "book-parts"
STALE_DAYS = 30  # an output folder's parts unused this long are deleted
FORMAT = "1"  # of the cached parts: a new one lays every part out again
_FILE_URI = re.compile(r"file://[^\"'()\s<>]+")


@dataclass(frozen=True)
class PageKind:
    """What the merge needs of a laid-out page: left blank by a forced break, its named
    page (``cover``)."""

    blank: bool = False
    name: str = ""


@dataclass
class CachedPart:
    """A part's PDF and what its layout said of it."""

    data: bytes
    pages: list[PageKind]
    refused: list[str] = field(default_factory=list)


class PartCache:
    """The parts of one book (``folder``), by name."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder  # None: nothing kept (the output folder refused it)

    @classmethod
    def for_output(cls, out_dir: Path, book: str) -> PartCache:
        """The cache of the book ``book`` built into the handouts folder ``out_dir``."""
        resolved = str(out_dir.resolve())
        tag = hashlib.sha256(resolved.encode("utf-8", "surrogateescape")).hexdigest()[:16]
        name = re.sub(r"[^\w.-]+", "-", out_dir.resolve().parent.name or "out")[:40]
        return cls(cache_root() / PARTS_FOLDER / f"{name}-{tag}" / book)

    def get(self, name: str, digest: str) -> CachedPart | None:
        """The part ``name`` laid out from the same inputs, if kept and intact."""
        if self.folder is None:
            return None
        try:
            facts = json.loads((self.folder / f"{name}.json").read_text("utf-8"))
            data = (self.folder / f"{name}.pdf").read_bytes()
            if facts["digest"] != digest or facts["pdf"] != hashlib.sha256(data).hexdigest():
                return None
            pages = [PageKind(bool(p["blank"]), str(p["name"])) for p in facts["pages"]]
            return CachedPart(data, pages, [str(r) for r in facts["refused"]])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def pages_of(self, name: str) -> int | None:
        """How many pages the kept part ``name`` has (a hint: it may be stale)."""
        try:
            return len(json.loads((self.folder / f"{name}.json").read_text("utf-8"))["pages"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, name: str, digest: str, part: CachedPart) -> None:
        """Keep ``part``; a folder that cannot be written keeps nothing (the build goes on)."""
        if self.folder is None:
            return
        facts = {"digest": digest, "pdf": hashlib.sha256(part.data).hexdigest(),
                 "pages": [asdict(page) for page in part.pages], "refused": part.refused}
        # a PDF that could not be written is never taken for its facts: they name its digest
        keep(self.folder / f"{name}.pdf", part.data)
        keep(self.folder / f"{name}.json", json.dumps(facts, sort_keys=True))

    def keep_only(self, names: set[str]) -> None:
        """Delete the parts of chapters the course no longer has (only files it wrote)."""
        if self.folder is None or not self.folder.is_dir():
            return
        try:
            for path in sorted(self.folder.iterdir()):
                if path.suffix in (".pdf", ".json") and path.stem not in names and \
                        path.is_file() and not path.is_symlink():
                    path.unlink(missing_ok=True)
            os.utime(self.folder.parent)  # this output folder's parts are in use
        except OSError:  # left for a build that can
            pass
        forget_unused(self.folder.parent.parent)


def forget_unused(folder: Path, days: float = STALE_DAYS) -> None:
    """Delete the parts of output folders no build has used for ``days`` (a temporary folder
    built into once, an output folder deleted): the cache does not grow without end."""
    cutoff = time.time() - days * 86400
    try:
        for kept in folder.iterdir():
            if kept.is_dir() and not kept.is_symlink() and kept.stat().st_mtime < cutoff:
                shutil.rmtree(kept, ignore_errors=True)
    except OSError:
        pass


def part_digest(html: str, extra: Path, *context: str) -> str:
    """What a part's PDF depends on: its HTML (the scratch folder of the generated
    stylesheets named by a fixed word), the content of every file it links (stylesheets,
    images, emoji) and of every file those stylesheets link (fonts), WeasyPrint's version,
    the build's code, and ``context`` (the date)."""
    import weasyprint

    scratch = extra.resolve().as_uri()
    digest = hashlib.sha256()
    for text in (FORMAT, weasyprint.__version__, _toolchain(),
                 *context, html.replace(scratch, "generated:")):
        digest.update(text.encode("utf-8") + b"\0")
    for uri in sorted(set(_FILE_URI.findall(html))):
        digest.update(uri.replace(scratch, "generated:").encode() + b"\0")
        digest.update(_file_digest(_path(uri)).encode() + b"\0")
    return digest.hexdigest()


@cache
def _toolchain() -> str:
    from .sources import toolchain_digest

    return toolchain_digest()


def _path(uri: str) -> Path:
    return Path(unquote(urlsplit(uri).path))


def _file_digest(path: Path) -> str:
    """A linked file's content digest, and its own linked files' (a stylesheet's fonts)."""
    try:
        stat = path.stat()
    except OSError:
        return "missing"
    return _content_digest(path, stat.st_size, stat.st_mtime_ns)


@cache
def _content_digest(path: Path, size: int, mtime_ns: int) -> str:
    try:
        data = path.read_bytes()
    except OSError:
        return "unreadable"
    digest = hashlib.sha256(data)
    if path.suffix == ".css":
        for uri in sorted(set(_FILE_URI.findall(data.decode("utf-8", "replace")))):
            digest.update(uri.encode() + _file_digest(_path(uri)).encode())
    return digest.hexdigest()
