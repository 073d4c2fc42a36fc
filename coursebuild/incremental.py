"""Incremental builds: every output records the digest of what it was made from, in a manifest
inside its output folder; an output whose digest is unchanged is neither rendered nor written.

A chapter's digest covers its own bytes; the anchors of every chapter's headings (what
wiki-links resolve against) and the files a chapter embeds are remembered per chapter digest,
so a build with nothing to do needs no parsing at all."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import Diagnostic, Diagnostics
from .files import write_atomic
from .handout_kinds import HandoutKind
from .sources import Sources, digest_stat, digest_text

if TYPE_CHECKING:
    from .model import Course

MANIFEST = ".coursebuild-cache.json"
FORMAT = 3  # 3: chapter facts hold what outlines a chapter (heading words, title lines, paper)


@dataclass
class ChapterFacts:
    """What other outputs need to know of a chapter, remembered by the chapter's digest."""

    title: str
    anchors: list[str]
    files: list[str]  # files the chapter embeds (images, and the notes it transcludes)
    warnings: list[tuple[int | None, str]]
    texts: list[str] = field(default_factory=list)  # each anchor's heading, in words
    title_lines: int = 0  # the first lines that give its title heading (parsing.title_lines)
    no_paper: bool = False  # too long for paper (paper_bound.paper_refused)


@dataclass
class Manifest:
    """One output folder's memory of its last build."""

    outputs: dict[str, str] = field(default_factory=dict)  # file name -> digest of its inputs
    facts: dict[str, ChapterFacts] = field(default_factory=dict)  # chapter digest -> facts
    copies: dict[str, dict[str, str]] = field(default_factory=dict)  # output -> assets it uses
    assets: list[str] = field(default_factory=list)  # names under assets/ this build wrote
    clean: bool = False  # the last build had no error

    @classmethod
    def load(cls, folder: Path, roots: tuple[Path, ...] = ()) -> tuple[Manifest, str]:
        """The manifest in ``folder``, and why it was discarded ("" when it was not, or when
        there is none). It is data anyone could have edited: every field is checked, and a
        copy is kept only from a file under one of ``roots`` to a name inside assets/."""
        try:
            text = (folder / MANIFEST).read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls(), ""
        except (OSError, UnicodeDecodeError) as exc:
            return cls(), f"unreadable ({exc})"
        try:
            return _parse(json.loads(text), roots), ""
        except (ValueError, TypeError, KeyError, RecursionError) as exc:
            return cls(), str(exc) or type(exc).__name__

    def save(self, folder: Path) -> None:
        data = {"format": FORMAT, "outputs": self.outputs, "clean": self.clean,
                "facts": {key: asdict(value) for key, value in self.facts.items()},
                "copies": self.copies, "assets": sorted(self.assets)}
        write_atomic(folder / MANIFEST, json.dumps(data, indent=1, sort_keys=True))


def _parse(data: object, roots: tuple[Path, ...]) -> Manifest:
    data = _mapping(data, "the manifest")
    if data.get("format") != FORMAT:
        raise ValueError(f"format {data.get('format')!r}, expected {FORMAT}")
    outputs = _mapping(data["outputs"], "outputs")
    for name, digest in outputs.items():
        _output_name(name)
        _digest(digest)
    facts = {_digest(key): _facts(value) for key, value in _mapping(data["facts"], "facts").items()}
    copies = {}
    for page, assets in _mapping(data["copies"], "copies").items():
        _output_name(page)
        copies[page] = {asset_name(name): _source(src, roots)
                        for name, src in _mapping(assets, page).items()}
    assets = [asset_name(name) for name in _list(data["assets"], "assets")]
    if not isinstance(data["clean"], bool):
        raise ValueError("clean is not true or false")
    return Manifest(outputs, facts, copies, assets, data["clean"])


def _mapping(value: object, what: str) -> dict:
    if not isinstance(value, dict):
        raise ValueError(f"{what} is not a mapping")
    return value


def _list(value: object, what: str) -> list:
    if not isinstance(value, list):
        raise ValueError(f"{what} is not a list")
    return value


def _digest(value: object) -> str:
    if not (isinstance(value, str) and re.fullmatch(r"[0-9a-f]{64}", value)):
        raise ValueError(f"{str(value)[:80]!r} is not a digest")
    return value


def _output_name(name: str) -> str:
    """An output is a plain file name in its folder: never a path, never hidden."""
    if not re.fullmatch(r"[^/\\\0]{1,255}", name) or name.startswith("."):
        raise ValueError(f"output name {name[:80]!r} is not a plain file name")
    return name


def asset_name(name: object) -> str:
    """A name under assets/: relative, no '.' or '..' or empty part, no backslash."""
    parts = name.split("/") if isinstance(name, str) else [""]
    if len(str(name)) > 1024 or "\\" in str(name) or "\0" in str(name) or any(
            part in ("", ".", "..") or len(part) > 255 for part in parts):
        raise ValueError(f"asset name {str(name)[:80]!r} is not a path inside assets/")
    return str(name)


def _source(value: object, roots: tuple[Path, ...]) -> str:
    """A file the build may copy: under the course folder or the package's own assets."""
    if not isinstance(value, str) or "\0" in value or not Path(value).is_absolute():
        raise ValueError(f"copy source {str(value)[:80]!r} is not an absolute path")
    resolved = Path(value).resolve()
    if not any(resolved.is_relative_to(root) for root in roots):
        raise ValueError(f"copy source {value[:80]!r} is outside the course and the package")
    return value


def _facts(value: object) -> ChapterFacts:
    value = _mapping(value, "chapter facts")
    if set(value) != FACTS or not isinstance(value["title"], str):
        raise ValueError(f"chapter facts are not {', '.join(sorted(FACTS))}")
    anchors = _strings(value["anchors"], "anchors")
    texts = _strings(value["texts"], "texts")
    if len(texts) != len(anchors):
        raise ValueError("chapter facts have not one heading text per anchor")
    if type(value["title_lines"]) is not int or value["title_lines"] < 0 \
            or not isinstance(value["no_paper"], bool):
        raise ValueError("title_lines is not a count or no_paper not true or false")
    files = _strings(value["files"], "files")
    warnings = []
    for item in _list(value["warnings"], "warnings"):
        line, message = _list(item, "a warning")
        if not (line is None or type(line) is int) or not isinstance(message, str):
            raise ValueError("a warning is not [line, message]")
        warnings.append((line, message))
    return ChapterFacts(value["title"], anchors, files, warnings, texts, value["title_lines"],
                        value["no_paper"])


FACTS = {"title", "anchors", "files", "warnings", "texts", "title_lines", "no_paper"}


def _strings(value: object, what: str) -> list[str]:
    items = _list(value, what)
    if not all(isinstance(item, str) for item in items):
        raise ValueError(f"{what} are not strings")
    return items


def known_facts(sources: Sources, manifest: Manifest) -> dict[str, ChapterFacts] | None:
    """Facts of every current chapter, or None when one of them changed since the last build."""
    facts = {stem: manifest.facts.get(digest) for stem, digest in sources.digests.items()}
    return None if None in facts.values() else facts  # type: ignore[return-value]


@dataclass(frozen=True)
class Recorded:
    """The decks and PDFs the builds wrote, as their manifests record them: what the landing
    page links, known without listing the output folders."""

    decks: frozenset[str]
    pdfs: frozenset[str]


def recorded(manifests: dict[str, Manifest]) -> Recorded:
    slides, handouts = manifests["slides"].outputs, manifests["handouts"].outputs
    return Recorded(frozenset(n for n in slides if n.endswith(".html") and n != "index.html"),
                    frozenset(n for n in handouts if n.endswith(".pdf")))


def deck_digests(sources: Sources, facts: dict[str, ChapterFacts], on_record: Recorded,
                 failed: set[str]) -> dict[str, str]:
    """Each deck's digest, and the landing page's: every chapter, which of them failed, and
    which decks and PDFs the builds wrote (it links exactly those)."""
    base = _base(sources)
    links = _links(facts)
    digests = {f"{stem}.html": digest_text("deck", base, sources.digests[stem], links,
                                           digest_stat([Path(f) for f in facts[stem].files]))
               for stem in sources.chapters}
    old_decks = sorted(f"{stem}.html" for stem in failed if f"{stem}.html" in on_record.decks)
    digests["index.html"] = digest_text("landing", base, *sources.digests.values(),
                                        *sorted(on_record.pdfs), "failed", *sorted(failed),
                                        "kept", *old_decks)
    return digests


def handout_digests(sources: Sources, facts: dict[str, ChapterFacts],
                    kinds: tuple[HandoutKind, ...]) -> dict[str, str]:
    """Each PDF of ``kinds``, by file name: a chapter's PDFs follow the chapter, its embedded
    files and every chapter's titles and anchors (its links); a book follows everything. Each
    edition is an output of its own: the kind's name and file name are in its digest. The
    PDFs' date is SOURCE_DATE_EPOCH's: a new value rebuilds them."""
    from .pdf_jobs import source_date_epoch

    base = digest_text(_base(sources), f"epoch={source_date_epoch()}")
    links = _links(facts)
    digests = {}
    for stem in sources.chapters:
        files = digest_stat([Path(f) for f in facts[stem].files])
        for kind in kinds:
            if not kind.book:
                name = kind.file_name(stem)
                digests[name] = digest_text(kind.name, name, base, sources.digests[stem], links,
                                            files)
    every_file = [Path(f) for chapter in facts.values() for f in chapter.files]
    for kind in kinds:
        if kind.book:
            digests[kind.file_name()] = digest_text(kind.name, kind.file_name(), base,
                                                    *sources.digests.values(),
                                                    digest_stat(every_file))
    return digests


def stale(digests: dict[str, str], manifest: Manifest, folder: Path) -> set[str]:
    """Outputs whose inputs changed since they were written, or that are missing."""
    return {name for name, digest in digests.items()
            if manifest.outputs.get(name) != digest or not (folder / name).is_file()}


def _base(sources: Sources) -> str:
    return digest_text(sources.toolchain, sources.templates, sources.config_digest)


def _links(facts: dict[str, ChapterFacts]) -> str:
    """What links to chapters show: their anchors, and their titles (the index's agenda)."""
    return digest_text(*(f"{stem}:{f.title}:{' '.join(f.anchors)}" for stem, f in facts.items()))


# --- What a build asks of its memory -----------------------------------------------------------

def load_manifests(out: Path, targets: tuple[str, ...],
                   roots: tuple[Path, ...]) -> tuple[dict[str, Manifest], list[Diagnostic]]:
    """Both output folders' manifests (the landing page links what the other folder holds);
    one of ``targets`` that fails its checks is discarded with a warning (never an error, even
    under --strict: the cold build that follows repairs it)."""
    manifests, discarded = {}, []
    for target in ("handouts", "slides"):
        manifests[target], problem = Manifest.load(out / target, roots)
        if problem and target in targets:
            discarded.append(Diagnostic(
                "warning", out / target / MANIFEST, None,
                f"build cache discarded ({problem[:200]}): rebuilding everything"))
    return manifests, discarded


def up_to_date(sources: Sources, manifests: dict[str, Manifest], targets: tuple[str, ...],
               out: Path) -> list[tuple[Path, int | None, str]] | None:
    """The last build's warnings (path, line, message) when no output of ``targets`` needs
    rebuilding, else None."""
    facts: dict[str, ChapterFacts] = {}
    for target in targets:
        manifest = manifests[target]
        known = known_facts(sources, manifest)
        if not manifest.clean or known is None:
            return None
        digests = target_digests(target, sources, known, recorded(manifests), set())
        if stale(digests, manifest, out / target):
            return None
        facts = known
    return [(sources.chapters[stem], line, message)
            for stem, chapter in facts.items() for line, message in chapter.warnings]


def target_digests(target: str, sources: Sources, facts: dict[str, ChapterFacts] | None,
                   on_record: Recorded, marked: set[str]) -> dict[str, str]:
    """What every output of ``target`` ("slides" or "handouts") is made from, by file name;
    ``marked``: what the landing page says of chapters (failed, too long for paper)."""
    from .handout_kinds import course_kinds

    if facts is None or set(facts) != set(sources.chapters):
        return {}
    if target == "slides":
        return deck_digests(sources, facts, on_record, marked)
    return handout_digests(sources, facts, course_kinds(sources.config.handouts))


def chapter_facts(course: Course, diagnostics: Diagnostics,
                  no_paper: set[str]) -> dict[str, ChapterFacts]:
    """What other outputs need to know of each chapter parsed in full; ``no_paper``: the
    chapters too long for paper."""
    from .embeds import embedded_notes
    from .files import read_text
    from .links import embedded_files
    from .parsing import title_lines

    facts = {}
    for chapter in course.chapters:
        warnings = [(d.line, d.message) for d in diagnostics.items
                    if d.path == chapter.path and d.severity == "warning"]
        files = sorted(str(p) for p in embedded_files(chapter) | embedded_notes(chapter))
        headings = chapter.headings()
        facts[chapter.stem] = ChapterFacts(
            chapter.plain_title, [h.anchor for h in headings], files, warnings,
            [h.text for h in headings], title_lines(chapter, read_text(chapter.path)),
            chapter.stem in no_paper)
    return facts


def remembered_facts(sources: Sources, manifests: dict[str, Manifest],
                     targets: tuple[str, ...]) -> dict[str, ChapterFacts]:
    """The chapters a build may outline rather than parse in full: unchanged since a clean
    build of every target, which remembered the same facts of them, title lines included."""
    found = {}
    for stem, digest in sources.digests.items():
        known = [manifests[t].facts.get(digest) if manifests[t].clean else None for t in targets]
        first = known[0]
        if first is not None and first.title_lines and all(k == first for k in known):
            found[stem] = first
    return found


def rendered_chapters(target: str, names: set[str], sources: Sources) -> set[str]:
    """The chapters the outputs ``names`` of ``target`` are rendered from, which a build parses
    in full: a deck's or a PDF's chapter; a book's, every chapter. The landing page shows
    only titles, which outlines have."""
    from .handout_kinds import course_kinds

    if target == "slides":
        return {stem for stem in sources.chapters if f"{stem}.html" in names}
    kinds = course_kinds(sources.config.handouts)
    if any(kind.book and kind.file_name() in names for kind in kinds):
        return set(sources.chapters)
    return {stem for stem in sources.chapters
            if any(not kind.book and kind.file_name(stem) in names for kind in kinds)}


def remember(manifest: Manifest, digests: dict[str, str], written: set[str],
             facts: dict[str, ChapterFacts], sources: Sources, clean: bool) -> None:
    """The manifest after a build: what it wrote, what it knows of the chapters."""
    for name in written:
        manifest.outputs[name] = digests[name]
    manifest.outputs = {n: d for n, d in manifest.outputs.items() if n in digests}
    manifest.copies = {n: c for n, c in manifest.copies.items() if n in digests}
    manifest.facts = {sources.digests[stem]: f for stem, f in facts.items()}
    manifest.clean = clean


def kept_book_warning(kept: set[str], folder: Path, failed: set[str]) -> Diagnostic | None:
    """An out-of-date book left in place is said so, never silently: it waits for every
    chapter."""
    from .handout_kinds import BOOKS

    books = [kind.file_name() for kind in BOOKS
             if kind.file_name() in kept and (folder / kind.file_name()).is_file()]
    if not books or not failed:
        return None
    return Diagnostic("warning", folder / books[0], None,
                      f"not rebuilt while {', '.join(sorted(failed))} has errors: the "
                      "previous version is kept" + (f" (so is {', '.join(books[1:])})"
                                                   if books[1:] else ""))
