"""What a build is made from, read cheaply: the config, the chapter files and their digests,
the templates and the tool itself. Only the standard library and PyYAML: a build with nothing
to do never imports the Markdown, template or PDF machinery."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .config import CourseConfig, read_course_config
from .confine import confine, is_file, name_problem, plain_files, resolve_inside, shown
from .errors import ContentError
from .language import SAMPLE_CHARS, detect_language
from .paths import NODE_MODULES, ROOT, TEMPLATES

PACKAGE = Path(__file__).resolve().parent
CONFIG_FILE = "course.yaml"
NO_CONFIG_DIGEST = "no course.yaml"  # what the digests hash for a folder without one
# A chapter named as an index, in course order: 00-Accueil, 0-intro, index, README
INDEX_STEM = re.compile(r"(0+|index|readme)([-_ .].*)?", re.IGNORECASE)


@dataclass(frozen=True)
class Sources:
    root: Path
    config: CourseConfig
    config_digest: str
    chapters: dict[str, Path]  # stem -> file, in course order
    digests: dict[str, str]  # stem -> digest of the file's bytes
    templates: str  # digest of the course's templates and the default ones
    toolchain: str  # digest of this package's code and the npm lock file


def read_sources(source: Path) -> Sources:
    config, config_text = read_config(source)
    chapters = {path.stem: path for path in chapter_paths(source, config)}
    return Sources(
        root=source, config=config,
        config_digest=digest_text(config_text, _course_files_digest(source, config)),
        chapters=chapters, digests={stem: digest_files([p]) for stem, p in chapters.items()},
        templates=digest_files(_files(source / "templates") + _files(TEMPLATES)),
        toolchain=toolchain_digest(),
    )


def read_config(source: Path) -> tuple[CourseConfig, str]:
    """``course.yaml`` validated, and what the digests hash of it (its path and text); for a
    folder without one, the defaults it builds with (``default_config``) and those values."""
    path = source / CONFIG_FILE
    if has_config(source):
        config, text = read_course_config(path)
        return config, digest_text(str(path), text)
    config = default_config(source)
    return config, digest_text(NO_CONFIG_DIGEST, config.index, config.lang)


def has_config(source: Path) -> bool:
    """Whether the folder has a course.yaml (a broken link counts: reading it says why)."""
    path = source / CONFIG_FILE
    return path.exists() or path.is_symlink()


def default_config(source: Path) -> CourseConfig:
    """A folder of chapters without course.yaml: every key's default, but ``lang`` guessed from
    the chapters' words (``en`` when unsure) and ``index`` the first chapter named as one
    (``INDEX_STEM``), if any. The title stays empty here: it is the ``#`` heading of the index
    (or of the first chapter), known once that chapter is parsed (``loading.load_course``);
    the deck digests already follow every chapter's title."""
    paths = chapter_paths(source, CourseConfig(title=""))
    if not paths:
        raise ContentError(source / CONFIG_FILE, None, "no course.yaml and no Markdown "
                           "chapter (*.md): not a course folder")
    index = next((p.stem for p in paths if INDEX_STEM.fullmatch(p.stem)), "")
    return CourseConfig(title="", lang=detect_language(_sample(p) for p in paths), index=index)


def _sample(path: Path) -> str:
    """The start of a chapter, for the language guess (undecodable bytes replaced: the parse
    stage reports them at their line)."""
    with path.open("rb") as file:
        return file.read(SAMPLE_CHARS).decode("utf-8", "replace")


def _course_files_digest(source: Path, config: CourseConfig) -> str:
    """The stylesheets and the logo course.yaml names (copied into every deck): by name, size
    and time, never read here (the build confines them before reading)."""
    names = [ref for ref in (*config.css, config.logo) if isinstance(ref, str) and ref]
    return digest_stat([source / name for name in names if not name_problem(name)])


def chapter_paths(source: Path, config: CourseConfig) -> list[Path]:
    """The chapter files, in the order course.yaml gives or else sorted by name; each must be
    inside the course folder (symlinks resolved), or the build stops before reading any."""
    if not config.chapters:
        paths = sorted(p for p in source.glob("*.md") if is_file(p))
        for path in paths:
            confine(path, [source], ref=path.name)
        return paths
    return [_chapter_entry(source, config, number) for number in range(len(config.chapters))]


def _chapter_entry(source: Path, config: CourseConfig, number: int) -> Path:
    """The file a ``chapters:`` entry names; problems are reported at the entry's line."""
    entry = config.chapters[number]
    at = (source / "course.yaml", config.line_of("chapters", number))
    if not isinstance(entry, str):
        raise ContentError(*at, f"chapters: {shown(repr(entry))} is not a file name (write a "
                           "name that YAML reads as a number in quotes)")
    path = source / f"{entry.removesuffix('.md')}.md"
    if Path(entry).is_absolute():
        raise ContentError(*at, f"chapters: refused absolute path {shown(entry)}: "
                           "chapters are files in the course folder")
    found = resolve_inside(path, [source])
    if isinstance(found, str):
        raise ContentError(*at, f"chapters: refused {shown(entry)}: {found}")
    if not is_file(found):
        raise ContentError(*at, f"chapters: no file {shown(path.name)} in {source}")
    return path


def digest_files(paths: list[Path]) -> str:
    """One digest of the files' names and bytes (a missing file counts as empty)."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(str(path).encode() + b"\0")
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def digest_stat(paths: list[Path]) -> str:
    """A cheaper digest for large files the build only copies or embeds: name, size, mtime."""
    digest = hashlib.sha256()
    for path in paths:
        stat = path.stat() if path.is_file() else None
        digest.update(f"{path}\0{stat and stat.st_size}\0{stat and stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def digest_text(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def toolchain_digest() -> str:
    """Code and front-end packages: a new version of either rebuilds everything."""
    code = sorted(PACKAGE.rglob("*.py"))
    return digest_text(__version__, digest_files(code), digest_files([ROOT / "package-lock.json"]),
                       str(NODE_MODULES))


def _files(folder: Path) -> list[Path]:
    """The files under ``folder``. In a course's templates, a symbolic link stops the build
    before anything behind it is read (``confine.plain_files``): this digest comes before the
    template loader. The package's own templates are trusted however they were installed."""
    if folder == TEMPLATES:
        return sorted(p for p in folder.rglob("*") if p.is_file())
    return plain_files(folder)
