"""Resolve wiki-links, embeds and images against the course; report what does not resolve."""

from __future__ import annotations

import difflib
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from markdown_it.token import Token

from .confine import is_file, name_problem, resolve_inside, shown
from .errors import Diagnostics
from .incremental import MANIFEST
from .markdown.annotations import annotation, set_file, set_link, set_refused, source_line, wiki_ref
from .markdown.blocks import slugify
from .markdown.directives import DIRECTIVES, directive
from .model import Chapter, ChapterLink, ChapterOutline, Course, Heading, HeadingName
from .output_folder import LOCK_FILE

NUMBER = re.compile(r"^\d+-")  # a chapter's number, 02- in 02-Containerd
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"}


OUTPUT_FOLDERS = ("slides", "handouts")  # where a build run inside the course folder writes


@dataclass
class FileIndex:
    """Every file of the course folder by name, for embeds (``![[name.png]]`` finds the file
    wherever it is, as Obsidian does). The folder is walked once, on the first lookup; hidden
    folders, output folders and symlinked folders are not entered."""

    root: Path
    _by_name: dict[str, list[Path]] | None = field(default=None, init=False, repr=False)

    def find(self, ref: str) -> list[Path]:
        """Files named like ``ref``'s last part; those whose path ends with ``ref`` first."""
        if self._by_name is None:
            self._by_name = _files_by_name(self.root)
        found = self._by_name.get(ref.rsplit("/", 1)[-1], [])
        suffix = "/" + ref.lstrip("/")
        return sorted(found, key=lambda path: not ("/" + path.as_posix()).endswith(suffix))

    def notes(self) -> list[Path]:
        """Every Markdown file of the course folder (what ``![[note]]`` may embed)."""
        if self._by_name is None:
            self._by_name = _files_by_name(self.root)
        return [path for name, paths in self._by_name.items() if name.lower().endswith(".md")
                for path in paths]


def _files_by_name(root: Path) -> dict[str, list[Path]]:
    by_name: dict[str, list[Path]] = {}
    for folder, subfolders, files in os.walk(root):  # never follows symlinked folders
        subfolders[:] = sorted(name for name in subfolders
                               if not _skipped(Path(folder), name, root))
        for name in sorted(files):
            by_name.setdefault(name, []).append(Path(folder, name))
    return by_name


def _skipped(parent: Path, name: str, root: Path) -> bool:
    folder = parent / name
    return (name.startswith(".") or (parent == root and name in OUTPUT_FOLDERS)
            or (folder / MANIFEST).exists()
            or (name in OUTPUT_FOLDERS and (parent / LOCK_FILE).exists()))  # an --out in here


def resolve_course(course: Course, diagnostics: Diagnostics) -> None:
    """Annotate every link, embed and image token of the course with what it points to."""
    index = FileIndex(course.root)
    for chapter in course.chapters:
        resolve_chapter(chapter, course, diagnostics, index)
    for outline in course.outlines:  # the titles pages show; the warnings were remembered
        resolve_chapter(outline.head, course, Diagnostics(), index)


def resolve_chapter(chapter: Chapter, course: Course, diagnostics: Diagnostics,
                    index: FileIndex) -> None:
    """Annotate one chapter's (or embedded note's) links, embeds and images."""
    for token in _inline_children(chapter):
        _resolve(token, chapter, course, diagnostics, index)


def _inline_children(chapter: Chapter) -> list[Token]:
    """Every inline token of the chapter, and its raw HTML blocks."""
    found = []
    for slide in chapter.slides:
        inlines = [s.heading.inline for s in [slide] if s.heading] + slide.body + slide.notes
        inlines += slide.subtitle
        for token in inlines:
            if token.type == "inline":
                found += token.children or []
            elif token.type in ("html_block", *DIRECTIVES):
                found.append(token)
    return found


def link_refusal(href: str) -> str:
    """Why a Markdown link is not made a link, or "" when it is fine."""
    scheme = urlsplit(href).scheme.lower()
    if scheme in ("http", "https", "mailto") or href.startswith("#"):
        return ""
    return (f"refused link {href[:80]}: links go to web pages (http, https, mailto) or, as "
            "[[wiki-links]], to chapters; it is shown as plain text")


def _resolve(token: Token, chapter: Chapter, course: Course, diagnostics: Diagnostics,
             index: FileIndex) -> None:
    line = source_line(token)
    if token.type in ("link_open", "wikilink"):
        _link(token, chapter, course, diagnostics, line)
    elif token.type in ("footnote_missing", "html_inline", "html_block"):
        _kept_as_text(token, chapter, diagnostics, line)
    elif token.type == "wikiembed" and is_note_embed(wiki_ref(token).target) \
            and not _reference_refusal(wiki_ref(token).target, "note"):
        set_link(token, _wikilink_target(token, course, chapter.stem))  # embeds.py reports it
    elif token.type in DIRECTIVES:
        _directive(token, chapter, course, diagnostics)
    elif token.type == "wikiembed" or token.type == "image":
        ref = wiki_ref(token).target if token.type == "wikiembed" else str(token.attrGet("src"))
        embeds = index if token.type == "wikiembed" else None
        found = local_file(course.root, chapter.path.parent, ref, embeds)
        set_file(token, found)
        if isinstance(found, str):
            diagnostics.error(chapter.path, line, found)


def _link(token: Token, chapter: Chapter, course: Course, diagnostics: Diagnostics,
          line: int | None) -> None:
    """A Markdown link (refused unless web, mail or #anchor) or a wiki-link (to a chapter)."""
    if token.type == "link_open":
        refusal = link_refusal(str(token.attrGet("href") or ""))
        set_refused(token, bool(refusal))
        if refusal:
            diagnostics.warn(chapter.path, line, refusal)
        return
    target = _wikilink_target(token, course)
    set_link(token, target)
    if isinstance(target, str):
        diagnostics.warn(chapter.path, line, target)


def _kept_as_text(token: Token, chapter: Chapter, diagnostics: Diagnostics,
                  line: int | None) -> None:
    """What is printed as the text it is, with a warning: raw HTML, an undefined footnote."""
    if token.type == "footnote_missing":
        diagnostics.warn(chapter.path, line, f"footnote {token.content} has no definition: add "
                         f"a line '{token.content}: its text' (it is printed as written)")
        return
    html_line = line or (token.map[0] + 1 if token.map else None)
    diagnostics.warn(chapter.path, html_line,
                     f"raw HTML is shown as text, not rendered: {token.content.strip()[:60]}")


def is_note_embed(target: str) -> bool:
    """Whether ``![[target]]`` embeds a Markdown note (no file suffix, or ``.md``), which the
    embeds stage transcludes, rather than a file (an image)."""
    suffix = PurePosixPath(target).suffix.lower()
    return suffix in ("", ".md") or not suffix[1:].isalnum()


def _directive(token: Token, chapter: Chapter, course: Course, diagnostics: Diagnostics) -> None:
    """What a reveal.js directive ignores, as warnings; a slide's background image resolved as
    an image is (missing or refused: an error, as for an image)."""
    found = directive(token)
    line = source_line(token) or (token.map[0] + 1 if token.map else None)
    for problem in found.problems if found else ():
        diagnostics.warn(chapter.path, line, f"reveal.js directive: {problem}")
    image = dict(found.attrs).get("data-background-image") if found else None
    if image:
        path = local_file(course.root, chapter.path.parent, image, None)
        set_file(token, path)
        if isinstance(path, str):
            diagnostics.error(chapter.path, line, path)


def _wikilink_target(token: Token, course: Course, here: str = "") -> ChapterLink | str:
    """``here``: the chapter ``#heading`` alone names (an embed's)."""
    ref = wiki_ref(token)
    stem, heading = ref.target.removesuffix(".md") or here, ref.heading
    chapter = find_chapter(course, stem)
    if isinstance(chapter, str):
        return f"unresolved wiki-link {ref.raw}: {chapter}"
    if not heading:
        return ChapterLink(chapter.stem)
    found = find_heading(chapter, heading)
    if isinstance(found, str):
        return f"unresolved wiki-link {ref.raw}: {found}"
    return ChapterLink(chapter.stem, found.anchor)


def _folded(text: str) -> str:
    """How names are compared: case and Unicode form ignored (Obsidian's way)."""
    return unicodedata.normalize("NFC", text).casefold()


def find_chapter(course: Course, stem: str) -> Chapter | ChapterOutline | str:
    """The chapter a wiki-link names, its case ignored as Obsidian does (``[[02-containerd]]``
    finds ``02-Containerd``), or why there is none, with the closest names."""
    exact = course.find(stem)
    if exact is not None:
        return exact
    chapters = course.every_chapter()
    same = [c for c in chapters if _folded(c.stem) == _folded(stem)]
    if len(same) == 1:
        return same[0]
    if same:
        return (f"'{stem}' names {len(same)} chapters that differ only in case "
                f"({', '.join(c.stem for c in same)}): write it as one of them")
    stems = [c.stem for c in chapters]
    unnumbered = {NUMBER.sub("", s): s for s in stems}  # [[containerd]] for 02-Containerd
    guess = _closest(stem, stems) or [unnumbered[w] for w in _closest(stem, list(unnumbered))]
    return f"no chapter named '{stem}'{_did_you_mean(guess)}"


def find_heading(chapter: Chapter | ChapterOutline, heading: str) -> Heading | HeadingName | str:
    """The heading of ``chapter`` a wiki-link's ``#heading`` names: by its text or its anchor,
    case ignored (``#Historique`` or ``#historique``; the anchor ASCII-only slugs gave before
    letters of every script were kept works too), or why there is none, with the closest."""
    wanted = slugify(heading)
    headings = chapter.headings()
    for found in headings:
        if wanted in (found.anchor, slugify(found.text)):
            return found
    for found in headings:
        if _folded(heading) == legacy_slug(found.text):
            return found
    texts = {found.text: found for found in headings}
    guess = _closest(heading, list(texts))
    return f"no heading '{heading}' in {chapter.stem}{_did_you_mean(guess)}"


def legacy_slug(text: str) -> str:
    """The anchor this pipeline gave a heading before slugs kept letters of every script
    (letters outside ASCII dropped: ``Sur le nœud`` -> ``sur-le-nud``)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "slide"


def _closest(wanted: str, names: list[str]) -> list[str]:
    """Up to three of ``names`` closest to ``wanted``, case ignored, best first."""
    folded: dict[str, str] = {}
    for name in names:
        folded.setdefault(_folded(name), name)
    matches = difflib.get_close_matches(_folded(wanted), list(folded), n=3, cutoff=0.6)
    return [folded[m] for m in matches]


def _did_you_mean(names: list[str]) -> str:
    return f" (did you mean {' or '.join(repr(n) for n in names)}?)" if names else ""


def local_file(root: Path, base: Path, ref: str, embeds: FileIndex | None,
               kind: str = "image") -> Path | str:
    """The file a reference names, confined to the course folder, or why it is refused.
    ``embeds`` is given for ``![[embeds]]``, which are also looked up by name."""
    refusal = _reference_refusal(ref, kind)
    if refusal:
        return refusal
    path_text = unquote(urlsplit(ref).path)
    candidates = [base / path_text]
    if embeds is not None:
        candidates += [root / "images" / path_text, *embeds.find(path_text)]
    for candidate in candidates:
        resolved = resolve_inside(candidate, [root])
        if isinstance(resolved, str):
            return f"refused {shown(ref)}: {resolved}"
        if is_file(resolved):
            return _check_kind(resolved, ref, kind)
    return f"missing {kind} {shown(ref)}"


def _reference_refusal(ref: str, kind: str) -> str:
    """Why ``ref`` cannot name a course file, whatever the folder holds, or ""."""
    try:
        parts = urlsplit(ref)
    except ValueError as exc:  # "//x]": an unbalanced IPv6 bracket
        return f"refused {shown(ref)}: not a file name nor an address ({exc})"
    if parts.scheme in ("http", "https") or ref.startswith("//"):
        return (f"refused remote {kind} {shown(ref)}: builds never use the network; "
                "save it in the course folder")
    if parts.scheme:
        return f"refused {shown(ref)}: only files inside the course folder can be used"
    path_text = unquote(parts.path)
    problem = name_problem(path_text)
    if problem:
        return f"refused {shown(ref)}: {problem}"
    if Path(path_text).is_absolute():
        return f"refused absolute path {shown(ref)}: use a path inside the course folder"
    return ""


def _check_kind(path: Path, ref: str, kind: str) -> Path | str:
    suffixes = {".css"} if kind == "stylesheet" else IMAGE_SUFFIXES
    if path.suffix.lower() not in suffixes:
        return f"cannot use {shown(ref)} as {kind}: expected {', '.join(sorted(suffixes))}"
    if path.suffix.lower() in RASTER_SUFFIXES:
        return _raster_problem(path, ref) or path
    return path


RASTER_SUFFIXES = IMAGE_SUFFIXES - {".svg"}
# A small file can hold a huge picture: every browser and WeasyPrint decode it whole, at four
# bytes a pixel. 50 megapixels (a 8,660 x 5,773 photo) is 200 MB decoded.
MAX_IMAGE_PIXELS = 50_000_000


def _raster_problem(path: Path, ref: str) -> str:
    """Why an image cannot be used (too many pixels, not an image), or "". Only the header
    is read."""
    import warnings

    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
        size = f"{width:,} x {height:,} pixels"
        pixels = width * height
    except Image.DecompressionBombError as exc:  # Pillow will not open it at all
        pixels = int((re.findall(r"\d+", str(exc)) or [0])[0])
        size = f"{pixels:,} pixels"
    except (OSError, SyntaxError, ValueError) as exc:
        return f"image {shown(ref)} cannot be read ({type(exc).__name__}): is it an image?"
    if pixels > MAX_IMAGE_PIXELS:
        return (f"image {shown(ref)} is {size}, more than the "
                f"{MAX_IMAGE_PIXELS // 1_000_000} megapixels a course image may have "
                "(decoded whole in every deck and PDF): scale it down")
    return ""


def embedded_files(chapter: Chapter) -> set[Path]:
    """The local files (images) a resolved chapter embeds."""
    found = (annotation(token).file for token in _inline_children(chapter))
    return {path for path in found if isinstance(path, Path)}
