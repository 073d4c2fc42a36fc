"""Resolve wiki-links, embeds and images against the course; report what does not resolve."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from markdown_it.token import Token

from .errors import Diagnostics
from .model import Chapter, Course
from .structure import slugify

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"}


@dataclass(frozen=True)
class ChapterLink:
    """Where a wiki-link points: a chapter and, optionally, the anchor of one of its headings."""

    stem: str
    anchor: str = ""


def resolve_course(course: Course, diagnostics: Diagnostics) -> None:
    """Annotate every link, embed and image token of the course with what it points to."""
    for chapter in course.chapters:
        for token in _inline_children(chapter):
            _resolve(token, chapter, course, diagnostics)


def _inline_children(chapter: Chapter) -> list[Token]:
    """Every inline token of the chapter, and its raw HTML blocks."""
    found = []
    for slide in chapter.slides:
        inlines = [s.heading.inline for s in [slide] if s.heading] + slide.body + slide.notes
        inlines += slide.subtitle
        for token in inlines:
            if token.type == "inline":
                found += token.children or []
            elif token.type == "html_block":
                found.append(token)
    return found


def link_refusal(href: str) -> str:
    """Why a Markdown link is not made a link, or "" when it is fine."""
    scheme = urlsplit(href).scheme.lower()
    if scheme in ("http", "https", "mailto") or href.startswith("#"):
        return ""
    return (f"refused link {href[:80]}: links go to web pages (http, https, mailto) or, as "
            "[[wiki-links]], to chapters; it is shown as plain text")


def _resolve(token: Token, chapter: Chapter, course: Course, diagnostics: Diagnostics) -> None:
    line = token.meta.get("line")
    if token.type == "link_open":
        refusal = link_refusal(str(token.attrGet("href") or ""))
        token.meta["refused"] = bool(refusal)
        if refusal:
            diagnostics.warn(chapter.path, line, refusal)
    elif token.type == "wikilink":
        target = _wikilink_target(token, course)
        token.meta["link"] = target
        if isinstance(target, str):
            diagnostics.warn(chapter.path, line, target)
    elif token.type in ("html_inline", "html_block"):
        html_line = line or (token.map[0] + 1 if token.map else None)
        diagnostics.warn(chapter.path, html_line,
                         f"raw HTML is shown as text, not rendered: {token.content.strip()[:60]}")
    elif token.type == "wikiembed" or token.type == "image":
        ref = token.meta["target"] if token.type == "wikiembed" else str(token.attrGet("src"))
        found = local_file(course.root, chapter.path.parent, ref, token.type == "wikiembed")
        token.meta["file"] = found
        if isinstance(found, str):
            diagnostics.error(chapter.path, line, found)


def _wikilink_target(token: Token, course: Course) -> ChapterLink | str:
    stem, heading = token.meta["target"], token.meta["heading"]
    chapter = course.chapter(stem.removesuffix(".md"))
    if chapter is None:
        return f"unresolved wiki-link {token.meta['raw']}: no chapter named '{stem}'"
    if not heading:
        return ChapterLink(chapter.stem)
    wanted = slugify(heading)
    for found in chapter.headings():
        if wanted in (found.anchor, slugify(found.text)):
            return ChapterLink(chapter.stem, found.anchor)
    return f"unresolved wiki-link {token.meta['raw']}: no heading '{heading}' in {chapter.stem}"


def local_file(root: Path, base: Path, ref: str, embed: bool,
               kind: str = "image") -> Path | str:
    """The file a reference names, confined to the course folder, or why it is refused."""
    parts = urlsplit(ref)
    if parts.scheme in ("http", "https") or ref.startswith("//"):
        return (f"refused remote {kind} {ref}: builds never use the network; "
                "save it in the course folder")
    if parts.scheme:
        return f"refused {ref}: only files inside the course folder can be used"
    path_text = unquote(parts.path)
    if Path(path_text).is_absolute():
        return f"refused absolute path {ref}: use a path inside the course folder"
    candidates = [base / path_text]
    if embed:
        candidates += [root / "images" / path_text, *sorted(root.rglob(Path(path_text).name))]
    for candidate in candidates:
        resolved = candidate.resolve()
        if not resolved.is_relative_to(root.resolve()):
            return f"refused {ref}: it points outside the course folder"
        if resolved.is_file():
            return _check_kind(resolved, ref, kind)
    return f"missing {kind} {ref}"


def _check_kind(path: Path, ref: str, kind: str) -> Path | str:
    suffixes = {".css"} if kind == "stylesheet" else IMAGE_SUFFIXES
    if path.suffix.lower() not in suffixes:
        return f"cannot use {ref} as {kind}: expected {', '.join(sorted(suffixes))}"
    return path


def embedded_files(chapter: Chapter) -> set[Path]:
    """The local files (images) a resolved chapter embeds."""
    return {token.meta["file"] for token in _inline_children(chapter)
            if isinstance(token.meta.get("file"), Path)}
