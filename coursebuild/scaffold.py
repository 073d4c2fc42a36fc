"""``build.py new``: scaffold a course that builds at once, and add numbered chapters to it.

The Markdown and YAML written come from ``coursebuild/skeleton/`` (``fr/`` or ``en/``, with
``{{name}}`` placeholders) and its ``images/``. Files are created, never overwritten; the edits
that link a new chapter (index, previous chapter, ``course.yaml``) are planned in full, checked,
then written atomically.
"""

from __future__ import annotations

import json
import re
import stat
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .config import CourseConfig, load_course_config
from .confine import confine
from .emoji import find_emoji
from .errors import ContentError
from .files import read_text, write_atomic
from .markdown.blocks import slug_words
from .parsing import parse_chapter
from .sources import default_config, has_config

SKELETON = Path(__file__).resolve().parent / "skeleton"
IMAGE = "markdown-to-slides.svg"
FIRST_EMOJI = "🚀"
CHAPTER_EMOJI = ("📖", "🔷", "🔶", "⚡", "🔌", "🧩", "🏗️", "🛠️", "🔍", "💡")
NUMBERED = re.compile(r"^(\d{2})-")
ENTRY = re.compile(r"^###\s+\[\[")
HEADING = re.compile(r"^ {0,3}#{1,6}(\s|$)")
RULE = re.compile(r"^ {0,3}([-*_])( *\1){2,} *$")
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
LANG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")
# most file systems allow 255 bytes a name; the stem also gets NN- and -instructor.pdf
MAX_STEM_BYTES = 120
TRANSLITERATE = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})


@dataclass(frozen=True)
class Words:
    """The few words the scaffold writes outside the skeleton files, in one language."""

    folder: str
    course: str
    index: str
    home: str
    contents: str
    first: str
    todo: str


WORDS = {
    "fr": Words("fr", "Mon cours", "00-Sommaire", "Sommaire", "Contenu", "Prise en main",
                "À compléter"),
    "en": Words("en", "My course", "00-Index", "Contents", "Contents", "Getting started",
                "To be written"),
}


@dataclass
class AddedChapter:
    """What ``add_chapter`` did: the new file, the files it edited, what is left to do by hand."""

    path: Path
    edited: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def words_for(lang: str) -> Words:
    """French words for ``fr`` (and ``fr-CA``…), English for every other language."""
    return WORDS["fr" if lang.lower().split("-")[0] == "fr" else "en"]


def stem_words(title: str) -> str:
    """A chapter's file name from its title, letters of every script kept: ``Réseau des pods``
    -> ``Reseau-des-pods`` (Latin accents stripped, as before), ``Введение в сети`` ->
    ``Введение-в-сети``, ``网络 概述`` -> ``网络-概述``; every other run of characters is one
    ``-``. So the name holds none of ``/ \\ : * ? " < > |``, no control or invisible character,
    never starts with a dot, and is cut (between words when it can) to MAX_STEM_BYTES of
    UTF-8: safe on every operating system and in a URL."""
    words = slug_words(title.translate(TRANSLITERATE))
    if len(words.encode()) <= MAX_STEM_BYTES:
        return words
    cut = _cut(words, MAX_STEM_BYTES)
    if words[len(cut)] != "-" and "-" in cut[len(cut) // 2:]:  # a word was cut: leave it out
        cut = cut.rsplit("-", 1)[0]
    return cut.strip("-")


def _cut(text: str, limit: int) -> str:
    """The longest start of ``text`` within ``limit`` bytes of UTF-8 that never parts a letter
    from its marks (``हि`` is kept whole or left out)."""
    kept, size, start = [], 0, 0
    while start < len(text):
        end = start + 1
        while end < len(text) and unicodedata.category(text[end])[0] == "M":
            end += 1
        size += len(text[start:end].encode())
        if size > limit:
            break
        kept.append(text[start:end])
        start = end
    return "".join(kept)


# --- new course --------------------------------------------------------------------------


def new_course(folder: Path, *, title: str = "", lang: str = "fr") -> list[Path]:
    """Create a new course folder; returns the files written. Raises ContentError if folder
    exists and is not empty."""
    _check_empty(folder)
    if not LANG.fullmatch(lang):
        raise ContentError(folder, None, f"lang '{lang}' is not a language code like fr or en")
    words = words_for(lang)
    title = " ".join(title.split()) or _title_from_folder(folder, words)
    first = f"01-{stem_words(words.first)}"
    values = {"title": title, "lang": lang, "index": words.index, "chapter": first,
              "chapter_label": f"{FIRST_EMOJI} {words.first}", "chapter_title": words.first,
              "home": words.home, "image": IMAGE,
              "nav": navigation(None, words.index, words.home)}
    files: dict[Path, str | bytes] = {
        folder / "course.yaml": render(words, "course.yaml",
                                       **{**values, "title": _yaml_string(title)}),
        folder / f"{words.index}.md": render(words, "index.md", **values),
        folder / f"{first}.md": render(words, "chapter.md", **values),
        folder / "images" / IMAGE: (SKELETON / "images" / IMAGE).read_bytes(),
    }
    for path, data in files.items():
        write_new(path, data)
    return list(files)


def _check_empty(folder: Path) -> None:
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ContentError(folder, None, "already exists and is not empty: "
                                         "a new course needs a new or empty folder")


def _title_from_folder(folder: Path, words: Words) -> str:
    name = " ".join(re.sub(r"[-_]+", " ", folder.resolve().name).split())
    return name[:1].upper() + name[1:] if name else words.course


def _yaml_string(text: str) -> str:
    """A double-quoted YAML scalar (a JSON string is one)."""
    return json.dumps(text, ensure_ascii=False)


# --- new chapter -------------------------------------------------------------------------


def new_chapter(source: Path, title: str) -> Path:
    """Add the next numbered chapter to the course in `source` and link it from the index;
    returns the new file."""
    return add_chapter(source, title).path


def add_chapter(source: Path, title: str) -> AddedChapter:
    """``new_chapter`` with a report: the files edited and what could not be done safely."""
    config_path = source / "course.yaml"
    # a folder of chapters without course.yaml builds with defaults: so does this command
    configured = has_config(source)
    config = load_course_config(config_path) if configured else default_config(source)
    words = words_for(config.lang)
    emoji, name = split_emoji(clean_title(title, source))
    stem = next_stem(source, name)
    label = f"{emoji or CHAPTER_EMOJI[(int(stem[:2]) - 2) % len(CHAPTER_EMOJI)]} {name}"
    order = chapter_order(source, config)
    index = index_path(source, config, order)
    previous = next((p for p in reversed(order) if p != index), None)
    added = AddedChapter(source / f"{stem}.md")
    edits = [_plan_index(index, stem, label, words, added),
             *([_plan_previous(previous, index.stem, stem, label, added)] if previous else []),
             *([_plan_config(config_path, config, stem)] if configured else [])]
    before = (previous.stem, chapter_label(previous)) if previous else None
    write_new(added.path, render(words, "next-chapter.md", chapter_label=label,
                                 nav=navigation(before, index.stem, words.home)))
    for edit in edits:
        if edit.new != edit.old:
            replace_keeping_mode(edit.path, edit.new)
            added.edited.append(edit.path)
    return added


@dataclass(frozen=True)
class Edit:
    """A planned change to an existing file."""

    path: Path
    old: str
    new: str


def clean_title(title: str, where: Path) -> str:
    """The title on one line; ContentError if it is empty or would break a wiki-link."""
    title = " ".join(title.split())
    if not title:
        raise ContentError(where, None, "empty title")
    if any(c in title for c in "[]|"):
        raise ContentError(where, None, f"title '{title}' cannot contain [, ] or | "
                                        "(they would break the wiki-links)")
    return title


def split_emoji(title: str) -> tuple[str, str]:
    """``🔷 containerd`` -> (``🔷``, ``containerd``); ("", title) without a leading emoji."""
    found = find_emoji(title)
    if not found or found[0].start != 0:
        return "", title
    end = found[0].end
    while end < len(title) and title[end] == "\ufe0f":
        end += 1
    return title[:end], title[end:].strip() or title


def next_stem(source: Path, title: str) -> str:
    """``NN-Words-Of-Title``, NN one more than the highest two-digit prefix in ``source``."""
    words = stem_words(title)
    if not words:
        raise ContentError(source, None, f"title '{title}' has no letter or digit "
                                         "to name the chapter's file")
    stems = sorted(p.stem for p in source.glob("*.md"))
    for stem in stems:
        if _folded(NUMBERED.sub("", stem)) == _folded(words):
            raise ContentError(source / f"{stem}.md", None,
                               f"a chapter named '{words}' already exists")
    number = max((int(m[1]) for s in stems if (m := NUMBERED.match(s))), default=0) + 1
    if number > 99:
        raise ContentError(source, None, "no two-digit chapter number left after 99")
    return f"{number:02d}-{words}"


def _folded(name: str) -> str:
    """How file names are compared: case ignored, and the Unicode form (macOS writes names
    decomposed)."""
    return unicodedata.normalize("NFC", name).casefold()


def chapter_order(source: Path, config: CourseConfig) -> list[Path]:
    """The chapters as the build reads them: ``chapters:`` from course.yaml, or every ``*.md``,
    each confined to the course folder."""
    from .sources import chapter_paths

    return chapter_paths(source, config)


def index_path(source: Path, config: CourseConfig, order: list[Path]) -> Path:
    """The file of course.yaml's ``index:``, or else the first chapter."""
    if config.index:
        path = source / f"{config.index}.md"
        at = (source / "course.yaml", config.line_of("index"))
        confine(path, [source], ref=config.index, at=at)  # it is edited: never outside
        if not path.is_file():
            raise ContentError(source / "course.yaml", None,
                               f"index chapter '{config.index}' not found")
        return path
    if not order or not order[0].is_file():
        raise ContentError(source, None, "no index chapter (*.md) to link the new chapter from")
    return order[0]


def chapter_label(path: Path) -> str:
    """The text of a chapter's ``#`` heading, emoji included (its stem if it has none)."""
    try:
        chapter = parse_chapter(path, read_text(path))
    except ContentError:
        return path.stem
    label = chapter.title.inline.content.strip() if chapter.title else ""
    return label if label and not any(c in label for c in "[]|") else path.stem


def navigation(previous: tuple[str, str] | None, index: str, home: str) -> str:
    """``⬅️ [[prev|label]] · 🏠 [[index|home]]``, the shipped chapters' last line."""
    links = [f"⬅️ [[{previous[0]}|{previous[1]}]]"] if previous else []
    return " · ".join([*links, f"🏠 [[{index}|{home}]]"])


def links_to(stem: str) -> re.Pattern[str]:
    return re.compile(r"\[\[" + re.escape(stem) + r"(\.md)?[|#\]]")


# --- planned edits -----------------------------------------------------------------------


def _plan_index(index: Path, stem: str, label: str, words: Words, added: AddedChapter) -> Edit:
    text = read_exact(index)
    if links_to(stem).search(text):
        added.notes.append(f"{index.name} already links to {stem}: left unchanged")
        return Edit(index, text, text)
    _check_writable(index, f"link {stem} from it")
    entry = [f"### [[{stem}|{label}]]", f"- {words.todo}"]
    return Edit(index, text, edit_lines(text, lambda lines: insert_entry(lines, entry,
                                                                         words.contents)))


def _plan_previous(previous: Path, index: str, stem: str, label: str,
                   added: AddedChapter) -> Edit:
    text = read_exact(previous)
    new_text = edit_lines(text, lambda lines: link_forward(lines, index, stem, label))
    if new_text != text and read_only(previous):
        added.notes.append(f"{previous.name} is read-only: left unchanged; add "
                           f"'· ➡️ [[{stem}|{label}]]' to its last line by hand if you want")
        return Edit(previous, text, text)
    if new_text == text:
        added.notes.append(f"{previous.name}: no navigation line to extend; add "
                           f"'➡️ [[{stem}|{label}]]' by hand if you want one")
    return Edit(previous, text, new_text)


def _plan_config(path: Path, config: CourseConfig, stem: str) -> Edit:
    text = read_exact(path)
    if not config.chapters:
        return Edit(path, text, text)
    _check_writable(path, f"add {stem} to its 'chapters:'")
    new_text = append_chapter(text, stem)
    loaded = yaml.safe_load(new_text)
    if not isinstance(loaded, dict) or loaded.get("chapters") != [*config.chapters, stem]:
        raise ContentError(path, None, f"cannot add '{stem}' to 'chapters:' safely: "
                                       "add it by hand (nothing was written)")
    return Edit(path, text, new_text)


def edit_lines(text: str, change: Callable[[list[str]], list[str]]) -> str:
    """Apply ``change`` to the lines of ``text``, keeping its line endings and final newline."""
    newline = "\r\n" if "\r\n" in text else "\n"
    final = newline if text.endswith("\n") else ""
    body = text[: len(text) - len(final)] if final else text
    return newline.join(change(body.split(newline))) + final


def fenced(lines: list[str]) -> list[bool]:
    """For each line, whether it belongs to a code fence (the fence lines included)."""
    flags, fence = [], ""
    for line in lines:
        match = FENCE.match(line)
        flags.append(bool(fence or match))
        if match and not fence:
            fence = match[1]
        elif match and match[1][0] == fence[0] and len(match[1]) >= len(fence):
            fence = "" if not line.strip()[len(match[1]):] else fence
    return flags


def insert_entry(lines: list[str], entry: list[str], contents: str) -> list[str]:
    """``entry`` after the last ``### [[…]]`` entry and its lines, or in a new contents section."""
    inside = fenced(lines)
    entries = [i for i, line in enumerate(lines) if not inside[i] and ENTRY.match(line)]
    if not entries:
        while lines and not lines[-1].strip():
            lines = lines[:-1]
        return [*lines, "", f"## 📑 {contents}", "", *entry]
    end = entries[-1] + 1
    while end < len(lines) and (inside[end] or not (HEADING.match(lines[end])
                                                     or RULE.match(lines[end]))):
        end += 1
    while not lines[end - 1].strip():
        end -= 1
    return [*lines[:end], "", *entry, *lines[end:]]


def link_forward(lines: list[str], index: str, stem: str, label: str) -> list[str]:
    """Add ``· ➡️ [[stem|label]]`` to a last line that links to the index and to no next
    chapter; any other last line is left as it is."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if not filled:
        return lines
    last = filled[-1]
    line = lines[last]
    if fenced(lines)[last] or "➡️" in line or not links_to(index).search(line):
        return lines
    return [*lines[:last], f"{line.rstrip()} · ➡️ [[{stem}|{label}]]", *lines[last + 1:]]


def append_chapter(text: str, stem: str) -> str:
    """``text`` (a course.yaml with a non-empty ``chapters:`` list) with ``stem`` appended to
    the list, comments and layout kept; unchanged when the list's layout is not understood."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    node = next((v for k, v in root.value if k.value == "chapters"), None)
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        return text
    item = stem if isinstance(yaml.safe_load(stem), str) else _yaml_string(stem)
    if node.flow_style:
        close = node.end_mark.index - 1
        if text[close] != "]":
            return text
        before = text[:close].rstrip()
        return before + ("" if before.endswith(",") else ",") + f" {item}" + text[len(before):]
    last = node.value[-1]
    line_start = text.rfind("\n", 0, last.start_mark.index) + 1
    prefix = text[line_start : last.start_mark.index]
    if prefix.strip() != "-":
        return text
    newline = "\r\n" if "\r\n" in text else "\n"
    line_end = text.find("\n", last.end_mark.index)
    if line_end == -1:
        return f"{text}{newline}{prefix}{item}"
    return f"{text[: line_end + 1]}{prefix}{item}{newline}{text[line_end + 1 :]}"


# --- files -------------------------------------------------------------------------------


def render(words: Words, name: str, **values: str) -> str:
    """A skeleton file of ``words``'s language with its ``{{name}}`` placeholders filled."""
    template = (SKELETON / words.folder / name).read_text(encoding="utf-8")
    return re.sub(r"\{\{(\w+)\}\}", lambda m: values[m[1]], template)


def read_exact(path: Path) -> str:
    """The file's text with its line endings kept (``read_text`` turns CRLF into LF)."""
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return read_text(path)  # raises the ContentError that names the problem


def read_only(path: Path) -> bool:
    """No write permission bit at all (``chmod a-w``), whoever runs the command."""
    return not stat.S_IMODE(path.stat().st_mode) & 0o222


def _check_writable(path: Path, purpose: str) -> None:
    if read_only(path):
        raise ContentError(path, None, f"is read-only: make it writable to {purpose} "
                                       "(nothing was written)")


def write_new(path: Path, data: str | bytes) -> None:
    """Write a file that must not exist yet (atomically, readable as the umask allows:
    ``write_atomic`` gives a new file the usual mode)."""
    if path.exists():
        raise ContentError(path, None, "already exists: it was left unchanged")
    write_atomic(path, data)


def replace_keeping_mode(path: Path, text: str) -> None:
    """Replace an existing file atomically; ``write_atomic`` keeps its permissions."""
    write_atomic(path, text)
