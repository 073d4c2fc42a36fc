"""Incremental builds: every output records the digest of what it was made from, in a manifest
inside its output folder; an output whose digest is unchanged is neither rendered nor written.

A chapter's digest covers its own bytes; the anchors of every chapter's headings (what
wiki-links resolve against) and the files a chapter embeds are remembered per chapter digest,
so a build with nothing to do needs no parsing at all."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .files import write_atomic
from .sources import Sources, digest_stat, digest_text

MANIFEST = ".coursebuild-cache.json"
FORMAT = 1


@dataclass
class ChapterFacts:
    """What other outputs need to know of a chapter, remembered by the chapter's digest."""

    title: str
    anchors: list[str]
    files: list[str]  # files the chapter embeds (images)
    warnings: list[tuple[int | None, str]]


@dataclass
class Manifest:
    """One output folder's memory of its last build."""

    outputs: dict[str, str] = field(default_factory=dict)  # file name -> digest of its inputs
    facts: dict[str, ChapterFacts] = field(default_factory=dict)  # chapter digest -> facts
    copies: dict[str, dict[str, str]] = field(default_factory=dict)  # output -> assets it uses
    clean: bool = False  # the last build had no error

    @classmethod
    def load(cls, folder: Path) -> Manifest:
        try:
            data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if data.get("format") != FORMAT:
            return cls()
        facts = {key: ChapterFacts(**value) for key, value in data["facts"].items()}
        return cls(data["outputs"], facts, data["copies"], data["clean"])

    def save(self, folder: Path) -> None:
        data = {"format": FORMAT, "outputs": self.outputs, "clean": self.clean,
                "facts": {key: asdict(value) for key, value in self.facts.items()},
                "copies": self.copies}
        write_atomic(folder / MANIFEST, json.dumps(data, indent=1, sort_keys=True))


def known_facts(sources: Sources, manifest: Manifest) -> dict[str, ChapterFacts] | None:
    """Facts of every current chapter, or None when one of them changed since the last build."""
    facts = {stem: manifest.facts.get(digest) for stem, digest in sources.digests.items()}
    return None if None in facts.values() else facts  # type: ignore[return-value]


def deck_digests(sources: Sources, facts: dict[str, ChapterFacts], out: Path) -> dict[str, str]:
    base = _base(sources)
    links = _links(facts)
    digests = {f"{stem}.html": digest_text("deck", base, sources.digests[stem], links,
                                           digest_stat([Path(f) for f in facts[stem].files]))
               for stem in sources.chapters}
    handouts = sorted(p.name for p in (out / "handouts").glob("*.pdf"))
    digests["index.html"] = digest_text("landing", base, *sources.digests.values(), *handouts)
    return digests


def handout_digests(sources: Sources, facts: dict[str, ChapterFacts]) -> dict[str, str]:
    base = _base(sources)
    links = _links(facts)
    digests = {}
    for stem in sources.chapters:
        files = digest_stat([Path(f) for f in facts[stem].files])
        for kind, suffix in (("reading", ""), ("slides", "-slides"), ("notes", "-notes")):
            digests[f"{stem}{suffix}.pdf"] = digest_text(kind, base, sources.digests[stem],
                                                         links, files)
    every_file = [Path(f) for chapter in facts.values() for f in chapter.files]
    digests["course.pdf"] = digest_text("course", base, *sources.digests.values(),
                                        digest_stat(every_file))
    return digests


def stale(digests: dict[str, str], manifest: Manifest, folder: Path) -> set[str]:
    """Outputs whose inputs changed since they were written, or that are missing."""
    return {name for name, digest in digests.items()
            if manifest.outputs.get(name) != digest or not (folder / name).is_file()}


def _base(sources: Sources) -> str:
    return digest_text(sources.toolchain, sources.templates, sources.config_digest)


def _links(facts: dict[str, ChapterFacts]) -> str:
    return digest_text(*(f"{stem}:{' '.join(f.anchors)}" for stem, f in facts.items()))
