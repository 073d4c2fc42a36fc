"""Typed reading of what the Markdown plugins and the later stages put on a token.

``token.meta`` is markdown-it's free-form dict; this module is the only place outside the
plugins that knows its keys. The stages after parsing (parsing, links, diagrams) record what
they found as one typed ``Annotation`` per token, and the renderers read it back from here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from markdown_it.token import Token

if TYPE_CHECKING:
    from ..model import ChapterLink, Diagram, EmbedSource

_KEY = "annotation"


@dataclass(frozen=True)
class Annotation:
    """What the stages after parsing learned about one token."""

    diagram: Diagram | None = None  # a mermaid fence's placed diagram
    link: ChapterLink | str | None = None  # a wiki-link's target, or why it is unresolved
    file: Path | str | None = None  # an image's or embed's file, or why it is refused
    refused: bool = False  # a Markdown link shown as plain text
    in_notes: bool = False  # in the speaker notes (a callout: never aside; nothing a fragment)
    figure: bool = False  # a paragraph drawn as a figure: its image alone, captioned by its alt
    embed: EmbedSource | None = None  # an ``embed_open``'s source (embeds stage)


@dataclass(frozen=True)
class WikiRef:
    """A ``[[target#heading|label]]`` as the wiki-link plugin parsed it."""

    target: str
    heading: str
    label: str
    raw: str  # as written, for messages and unresolved links


NOTHING = Annotation()


def annotation(token: Token) -> Annotation:
    """The token's annotation, or an empty one."""
    found = (token.meta or {}).get(_KEY)
    return found if isinstance(found, Annotation) else NOTHING


def annotate(token: Token, value: Annotation) -> None:
    token.meta = {**(token.meta or {}), _KEY: value}


def set_diagram(token: Token, diagram: Diagram) -> None:
    annotate(token, replace(annotation(token), diagram=diagram))


def set_link(token: Token, link: ChapterLink | str) -> None:
    annotate(token, replace(annotation(token), link=link))


def set_file(token: Token, file: Path | str) -> None:
    annotate(token, replace(annotation(token), file=file))


def set_refused(token: Token, refused: bool) -> None:
    annotate(token, replace(annotation(token), refused=refused))


def set_figure(token: Token) -> None:
    annotate(token, replace(annotation(token), figure=True))


def set_in_notes(token: Token) -> None:
    annotate(token, replace(annotation(token), in_notes=True))


def set_embed(token: Token, source: EmbedSource) -> None:
    annotate(token, replace(annotation(token), embed=source))


def wiki_ref(token: Token) -> WikiRef:
    """The parts of a ``wikilink`` or ``wikiembed`` token."""
    meta = token.meta or {}
    return WikiRef(meta.get("target", ""), meta.get("heading", ""), meta.get("label", ""),
                   meta.get("raw", ""))


def source_line(token: Token) -> int | None:
    """The chapter line an inline token comes from (``lines`` plugin), if known."""
    return (token.meta or {}).get("line")


def is_callout(token: Token) -> bool:
    """Whether a ``blockquote_open`` opens a callout (``callouts`` plugin)."""
    return "callout" in (token.meta or {})
