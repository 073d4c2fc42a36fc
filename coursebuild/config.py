"""One schema for ``course.yaml`` and chapter front matter: types, defaults and a doc per key.

Each key is declared once, as a field of the config dataclasses below (``option(...)``: the
default, the doc, the choices); the schemas that validate ``course.yaml`` and chapter front
matter are derived from those fields (``schema_of``)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .confine import confine
from .errors import ContentError, raise_all
from .files import read_text
from .handout_kinds import KIND_NAMES


@dataclass(frozen=True)
class Option:
    """One configuration key."""

    kind: type | tuple[type, ...]
    default: Any
    doc: str
    choices: tuple[str, ...] = ()
    required: bool = False
    pattern: str = ""  # a regular expression the whole value must match
    pattern_name: str = ""  # what the pattern means, for the error message


Schema = dict[str, "Option | dict[str, Option]"]

# Colours end up in a <style> element: only plain colour syntax, nothing that could end a rule.
COLOUR = {"pattern": r"#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,30}|(rgb|hsl)a?\([0-9., %]+\)",
          "pattern_name": "a CSS colour such as '#326ce5'"}
_OPTION = "option"  # the field metadata key holding a key's Option
_SECTION = "section"  # the field metadata key holding a nested section's dataclass


def option(default: Any, doc: str, choices: tuple[str, ...] = (), *,
           kind: type | tuple[type, ...] | None = None, required: bool = False,
           pattern: str = "", pattern_name: str = "") -> Any:
    """A config field, declared once: its default and doc become the schema's ``Option``.
    The YAML type follows the default (a tuple is written as a YAML list) unless ``kind``
    says otherwise; a required key has no default."""
    yaml_kind = kind or (list if isinstance(default, tuple) else type(default))
    meta = {_OPTION: Option(yaml_kind, default, doc, choices, required, pattern, pattern_name)}
    return field(metadata=meta) if required else field(default=default, metadata=meta)


def section(cls: type) -> Any:
    """A nested mapping of keys (``slides:``, ``handouts:``), with its own dataclass."""
    return field(default_factory=cls, metadata={_SECTION: cls})


def schema_of(cls: type) -> Schema:
    """The schema of a config dataclass: an Option per declared field, a mapping per section."""
    schema: Schema = {}
    for item in dataclasses.fields(cls):
        if _SECTION in item.metadata:
            schema[item.name] = schema_of(item.metadata[_SECTION])
        elif _OPTION in item.metadata:
            schema[item.name] = item.metadata[_OPTION]
    return schema


@dataclass(frozen=True)
class SlidesConfig:
    transition: str = option("slide", "reveal.js transition between slides.",
                             ("none", "fade", "slide", "convex", "concave", "zoom"))
    slide_numbers: bool = option(True, "Show the slide number in the corner.")
    size: str = option("16:9", "Aspect ratio of the slides.", ("16:9", "4:3"))
    incremental: bool = option(False, "Show every list of the deck item by item (each item a "
                               "fragment), except in a `::: nonincremental` div.")


@dataclass(frozen=True)
class HandoutsConfig:
    paper: str = option("A4", "Paper size of the handouts.", ("A4", "Letter"))
    kinds: tuple[str, ...] = option(KIND_NAMES, f"Which PDFs `handouts` writes: "
                                    f"{', '.join(KIND_NAMES)} (the instructor's edition: "
                                    "instructor, course-instructor).", KIND_NAMES)
    notes_lines: str = option("audience", "Beside each slide in the notes pages: ruled lines "
                              "for the audience, or the speaker notes for the lecturer (then "
                              "written as <stem>-notes-instructor.pdf, the instructor's).",
                              ("audience", "speaker"))
    instructor_links: bool = option(False, "Link the instructor's edition (speaker notes, "
                                    "answers) from the landing page too; its PDFs are written "
                                    "to handouts/ either way.")
    no_hyphenation: tuple[str, ...] = option((), "Words never hyphenated in the PDFs, besides "
                                             "names (a capital letter), options, paths and the "
                                             "names the chapter's code uses.")
    fragments: str = option("final", "How the slides PDF prints what a slide shows click after "
                            "click (fragments): the slide in its final state, or one page per "
                            "step.", ("final", "steps"))


@dataclass(frozen=True)
class MarkdownConfig:
    implicit_figures: bool = option(True, "An image alone in its paragraph, with alt text, is "
                                    "a figure captioned by that text (Pandoc's "
                                    "implicit_figures); false keeps it a plain image.")


@dataclass(frozen=True)
class CourseConfig:
    title: str = option(None, "Title of the course.", kind=str, required=True)
    subtitle: str = option("", "Subtitle shown under the title.")
    author: str = option("", "Author(s), shown on the landing page and the handouts.")
    date: str = option("", "Date or term shown on the handouts.", kind=(str, dt.date))
    lang: str = option("fr", "Language of the content (BCP 47), for hyphenation and readers.")
    index: str = option("", "Stem of the index chapter (default: the first chapter).")
    chapters: tuple[str, ...] = option((), "Chapter stems in order (default: every *.md, "
                                       "sorted).")
    theme: str = option("light", "Look of decks and handouts.", ("light", "dark"))
    accent: str = option("", "Accent colour (CSS colour, e.g. '#326ce5').", **COLOUR)
    css: tuple[str, ...] = option((), "Extra stylesheets (paths in the course folder), after "
                                  "the theme.")
    logo: str = option("", "Logo image (path in the course folder) for title slides, the "
                       "landing page and the handouts.")
    slides: SlidesConfig = section(SlidesConfig)
    handouts: HandoutsConfig = section(HandoutsConfig)
    markdown: MarkdownConfig = section(MarkdownConfig)
    # key -> the course.yaml line of each of its values (one per entry for a list), so a
    # refused chapter, stylesheet or logo is reported where it is named
    lines: dict[str, tuple[int, ...]] = field(default_factory=dict, compare=False)

    def line_of(self, key: str, entry: int = 0) -> int | None:
        found = self.lines.get(key, ())
        return found[entry] if entry < len(found) else None


COURSE_SCHEMA: Schema = schema_of(CourseConfig)


def _overriding(key: str, doc: str) -> Option:
    """A course key a chapter's front matter may set for itself: the same type and checks, its
    own doc, never required, and no default (only the keys a chapter sets are returned)."""
    course_option = COURSE_SCHEMA[key]
    assert isinstance(course_option, Option), key
    return dataclasses.replace(course_option, doc=doc, default="", required=False)


FRONT_MATTER_SCHEMA: Schema = {
    "title": _overriding("title", "Overrides the title taken from the chapter's `#` heading."),
    "subtitle": _overriding("subtitle", "Overrides the blockquote under the `#` heading."),
    "author": _overriding("author", "Overrides the course's author for this chapter."),
    "accent": _overriding("accent", "Accent colour for this chapter."),
    "slides": {"transition": schema_of(SlidesConfig)["transition"],
               "incremental": schema_of(SlidesConfig)["incremental"]},
    "markdown": {"implicit_figures": schema_of(MarkdownConfig)["implicit_figures"]},
}


def load_course_config(path: Path) -> CourseConfig:
    """Read and validate ``course.yaml``."""
    return read_course_config(path)[0]


def read_course_config(path: Path) -> tuple[CourseConfig, str]:
    """``course.yaml`` read once: the validated config and the text it was read from (which
    the build's digests hash, rather than open the file again)."""
    confine(path, [path.parent], ref=path.name)
    text = read_text(path)
    return _course_config(text, path), text


def _course_config(text: str, path: Path) -> CourseConfig:
    node = parse_yaml(text, path, 0)
    values = validate(node, COURSE_SCHEMA, path)
    values["lines"] = {key: tuple(v.line for v in item.value) if isinstance(item.value, list)
                       else (item.line,) for key, item in node.value.items()}
    values["slides"] = SlidesConfig(**values["slides"])
    values["markdown"] = MarkdownConfig(**values["markdown"])
    handouts = values["handouts"]
    values["handouts"] = HandoutsConfig(**{
        **handouts, "kinds": tuple(handouts["kinds"]),
        "no_hyphenation": tuple(str(word) for word in handouts["no_hyphenation"])})
    values["chapters"] = tuple(values["chapters"])
    values["css"] = tuple(values["css"])
    values["date"] = str(values["date"])
    return CourseConfig(**values)


def load_front_matter(text: str, path: Path, first_line: int) -> dict[str, Any]:
    """Validate a chapter's front matter; only the keys it sets are returned."""
    node = parse_yaml(text, path, first_line - 1)
    return validate(node, FRONT_MATTER_SCHEMA, path, defaults=False)


@dataclass(frozen=True)
class Located:
    """A YAML value with the line it was written on."""

    value: Any
    line: int


MAX_YAML_DEPTH = 16  # course.yaml needs 3 levels (handouts: kinds: [...]); the composer recurses
YAML_TAG = "tag:yaml.org,2002:"
PLAIN_TAGS = {  # what YAML writes by itself; an explicit tag may only say the same
    "scalar": {"str", "int", "float", "bool", "null", "timestamp"},
    "sequence": {"seq"}, "mapping": {"map"},
}


def parse_yaml(text: str, path: Path, line_offset: int) -> Located:
    """A YAML document as Located values. Anchors and aliases, explicit tags other than YAML's
    plain ones, keys that are lists or mappings and nesting deeper than MAX_YAML_DEPTH are
    refused while composing, before anything is built (an alias bomb never expands)."""
    try:
        node = yaml.compose(text, Loader=_CourseLoader)
        return _located(node, line_offset, yaml.SafeLoader("")) if node else \
            Located({}, line_offset + 1)
    except _Refused as exc:
        raise ContentError(path, exc.line + 1 + line_offset, exc.message) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 + line_offset if mark else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise ContentError(path, line, f"invalid YAML: {problem}") from None


class _Refused(yaml.YAMLError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line  # 0-based, as in YAML marks
        self.message = message


class _CourseLoader(yaml.SafeLoader):
    """SafeLoader's composer, checking each event before the node is composed."""

    depth = 0

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node:
        event = self.peek_event()
        is_key = isinstance(parent, yaml.MappingNode) and index is None
        _refuse(event, is_key, self.depth)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _refuse(event: yaml.Event, is_key: bool, depth: int) -> None:
    line = event.start_mark.line
    if isinstance(event, yaml.AliasEvent) or event.anchor is not None:
        sign = "*" if isinstance(event, yaml.AliasEvent) else "&"
        raise _Refused(line, f"refused YAML {'alias' if sign == '*' else 'anchor'} "
                       f"'{sign}{event.anchor}': course files do not use anchors or aliases "
                       "(write the value out)")
    kind = "scalar" if isinstance(event, yaml.ScalarEvent) else \
        "sequence" if isinstance(event, yaml.SequenceStartEvent) else "mapping"
    if is_key and kind != "scalar":
        raise _Refused(line, f"refused a {'list' if kind == 'sequence' else 'mapping'} as a "
                       "key: keys are plain words")
    tag = getattr(event, "tag", None)
    if tag not in (None, "!") and tag.removeprefix(YAML_TAG) not in PLAIN_TAGS[kind]:
        shown = "!!" + tag.removeprefix(YAML_TAG) if tag.startswith(YAML_TAG) else tag
        raise _Refused(line, f"refused YAML tag '{shown[:80]}': course files hold plain "
                       "values, lists and mappings only")
    if depth >= MAX_YAML_DEPTH:
        raise _Refused(line, f"YAML nested deeper than {MAX_YAML_DEPTH} levels (the bound for "
                       "course files)")


def _located(node: yaml.Node, offset: int, loader: yaml.SafeLoader) -> Located:
    line = node.start_mark.line + 1 + offset
    if isinstance(node, yaml.MappingNode):
        return Located({k.value: _located(v, offset, loader) for k, v in node.value}, line)
    if isinstance(node, yaml.SequenceNode):
        return Located([_located(v, offset, loader) for v in node.value], line)
    try:
        return Located(loader.construct_object(node), line)
    except (yaml.YAMLError, ValueError, OverflowError) as exc:
        reason = getattr(exc, "problem", None) or str(exc)
        raise _Refused(node.start_mark.line, f"invalid YAML value '{node.value[:80]}': "
                       f"{reason}") from None


def validate(node: Located, schema: Schema, path: Path, *, defaults: bool = True) -> dict:
    """The values ``node`` sets, checked against ``schema`` (with the defaults of the keys it
    leaves out unless ``defaults`` is false). Every problem is found before any is raised, so
    one run reports all of them: unknown keys, wrong types, bad choices, missing keys."""
    problems: list[ContentError] = []
    result = _validate(node, schema, path, defaults, problems)
    raise_all(sorted(problems, key=lambda problem: problem.line or 0))
    return result


def _validate(node: Located, schema: Schema, path: Path, defaults: bool,
              problems: list[ContentError]) -> dict:
    """``validate``, adding each problem to ``problems``: a bad value keeps its key's default."""
    if not isinstance(node.value, dict):
        problems.append(ContentError(path, node.line, "expected a mapping of keys to values"))
        return _validate(Located({}, node.line), schema, path, defaults, [])
    for key, item in node.value.items():
        if key not in schema:
            problems.append(ContentError(path, item.line, unknown_key_message(str(key), schema)))
    result: dict[str, Any] = {}
    for key, option in schema.items():
        if key in node.value:
            result[key] = _check(key, node.value[key], option, path, defaults, problems)
        elif isinstance(option, dict):
            if defaults:
                result[key] = _validate(Located({}, node.line), option, path, True, problems)
        elif option.required:
            problems.append(ContentError(path, node.line, f"missing required key '{key}'"))
        elif defaults:
            result[key] = option.default
    return result


def _check(key: str, item: Located, option: Option | dict, path: Path, defaults: bool,
           problems: list[ContentError]) -> Any:
    if isinstance(option, dict):
        return _validate(item, option, path, defaults, problems)
    value = _plain(item.value)
    if not isinstance(value, option.kind) or isinstance(value, bool) != (option.kind is bool):
        expected = _type_name(option.kind)
        problems.append(ContentError(path, item.line, f"'{key}' must be {expected}, not "
                                     f"{_type_name(type(value))}"))
        return option.default
    if option.pattern and value and not re.fullmatch(option.pattern, value):
        problems.append(ContentError(path, item.line,
                                     f"'{key}' must be {option.pattern_name}, not '{value}'"))
        return option.default
    if option.choices and not _check_choices(key, item, option.choices, path, problems):
        return option.default
    return value


def _check_choices(key: str, item: Located, choices: tuple[str, ...], path: Path,
                   problems: list[ContentError]) -> bool:
    """The value, or each entry of a list, is one of ``choices``: each other one is reported at
    its own line."""
    entries = item.value if isinstance(item.value, list) else [item]
    bad = [entry for entry in entries if entry.value not in choices]
    problems.extend(ContentError(path, entry.line, f"'{key}' must be one of "
                                 f"{', '.join(choices)}, not '{entry.value}'"
                                 + _hint(str(entry.value), choices)) for entry in bad)
    return not bad


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return [_plain(v.value) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v.value) for k, v in value.items()}
    return value


def _type_name(kind: type | tuple[type, ...]) -> str:
    names = {str: "a string", bool: "true or false", list: "a list", dict: "a mapping",
             int: "a number", float: "a number", dt.date: "a date", type(None): "empty"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def unknown_key_message(key: str, schema: Schema) -> str:
    return f"unknown key '{key}'{_hint(key, list(schema))}"


def _hint(word: str, candidates: list[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(str(word), candidates, n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""
