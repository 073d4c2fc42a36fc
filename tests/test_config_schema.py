"""The config schema is derived from the config dataclasses: each default is declared once."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from coursebuild.config import (
    COURSE_SCHEMA,
    FRONT_MATTER_SCHEMA,
    CourseConfig,
    HandoutsConfig,
    MarkdownConfig,
    Option,
    SlidesConfig,
    load_course_config,
)
from coursebuild.errors import ContentError
from coursebuild.handout_kinds import KIND_NAMES

SECTIONS = {"slides": SlidesConfig, "handouts": HandoutsConfig, "markdown": MarkdownConfig}


def declared(cls: type) -> dict[str, dataclasses.Field]:
    return {f.name: f for f in dataclasses.fields(cls)}


@pytest.mark.parametrize("cls, schema", [
    (CourseConfig, COURSE_SCHEMA),
    (SlidesConfig, COURSE_SCHEMA["slides"]),
    (HandoutsConfig, COURSE_SCHEMA["handouts"]),
    (MarkdownConfig, COURSE_SCHEMA["markdown"]),
])
def test_each_schema_default_is_the_dataclass_default(cls: type, schema: dict) -> None:
    fields = declared(cls)
    assert set(schema) == set(fields) - {"lines"}
    for key, option in schema.items():
        if key in SECTIONS:
            assert fields[key].default_factory is SECTIONS[key]
            continue
        assert isinstance(option, Option)
        if option.required:
            assert fields[key].default is dataclasses.MISSING, key
        else:
            assert fields[key].default is option.default, key


def test_a_default_config_holds_the_schema_defaults(tmp_path: Path) -> None:
    (tmp_path / "course.yaml").write_text("title: T\n", encoding="utf-8")
    config = load_course_config(tmp_path / "course.yaml")
    assert config == CourseConfig("T")
    assert config.handouts.kinds == KIND_NAMES == COURSE_SCHEMA["handouts"]["kinds"].choices
    assert config.slides.transition == COURSE_SCHEMA["slides"]["transition"].default == "slide"
    assert config.line_of("title") == 1


def test_front_matter_keys_are_course_keys_with_the_same_checks() -> None:
    for key in ("title", "subtitle", "author", "accent"):
        course, chapter = COURSE_SCHEMA[key], FRONT_MATTER_SCHEMA[key]
        assert (chapter.kind, chapter.pattern, chapter.required) == \
            (course.kind, course.pattern, False), key
    assert FRONT_MATTER_SCHEMA["slides"] == {key: COURSE_SCHEMA["slides"][key]
                                             for key in ("transition", "incremental")}


@pytest.mark.parametrize("text, line, message", [
    ("title: T\nslides:\n  tranistion: fade\n", 3,
     "unknown key 'tranistion' (did you mean 'transition'?)"),
    ("title: T\nhandouts:\n  kinds: [readng]\n", 3,
     "'kinds' must be one of reading, slides, notes, instructor, course, course-instructor, "
     "not 'readng' "
     "(did you mean 'reading'?)"),
    ("subtitle: S\n", 1, "missing required key 'title'"),
])
def test_unknown_keys_and_values_get_their_line_and_hint(tmp_path: Path, text: str, line: int,
                                                          message: str) -> None:
    (tmp_path / "course.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_course_config(tmp_path / "course.yaml")
    assert caught.value.line == line
    assert message in str(caught.value)
