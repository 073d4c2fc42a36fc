"""Laid-out parts of the books kept between builds: ``<handouts>/.coursebuild-parts/<kind>/``
holds each part's PDF (``<name>.pdf``) and what the merge needs of its layout
(``<name>.json``: the digest of everything its bytes depend on, the PDF's own digest, its
pages' kinds and the files its layout was refused). A build that finds a part with the same
digest reuses its PDF without laying it out; anything unreadable, damaged or different is
laid out again, and a cache that cannot be written is only not kept. The folder is hidden and
in no manifest: the landing page, the pruning and ``serve`` never see it."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .errors import ContentError
from .files import write_atomic
from .output_folder import real_path

PARTS_FOLDER = ".coursebuild-parts"
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
    def beside(cls, out_dir: Path, book: str) -> PartCache:
        """The cache of the book ``book`` in the handouts folder ``out_dir``."""
        try:
            return cls(real_path(out_dir, f"{PARTS_FOLDER}/{book}"))
        except ContentError:  # a symbolic link on the way: build without a cache
            return cls(None)

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
        try:
            write_atomic(self.folder / f"{name}.pdf", part.data)
            write_atomic(self.folder / f"{name}.json", json.dumps(facts, sort_keys=True))
        except OSError:
            pass

    def keep_only(self, names: set[str]) -> None:
        """Delete the parts of chapters the course no longer has (only files it wrote)."""
        if self.folder is None or not self.folder.is_dir():
            return
        try:
            for path in sorted(self.folder.iterdir()):
                if path.suffix in (".pdf", ".json") and path.stem not in names and \
                        path.is_file() and not path.is_symlink():
                    path.unlink(missing_ok=True)
        except OSError:  # left for a build that can
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
