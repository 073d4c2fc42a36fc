"""What an instructor changes: config, themes, accents, templates, extra CSS and logo."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from coursebuild.cli import cli
from coursebuild.config import COURSE_SCHEMA, FRONT_MATTER_SCHEMA, Option
from coursebuild.pipeline import BuildOptions, build_slides
from tests.conftest import ROOT, write_course

CHAPTER = {"c": "# 🔷 Titre\n\n## Partie\n\n```python\nprint('x')\n```\n"}


def schema_keys(schema: dict, prefix: str = "") -> list[str]:
    keys = []
    for key, option in schema.items():
        if isinstance(option, Option):
            keys.append(prefix + key)
        else:
            keys += schema_keys(option, f"{prefix}{key}.")
    return keys


def test_every_config_key_has_a_doc_and_a_readme_row() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for key in schema_keys(COURSE_SCHEMA) + schema_keys(FRONT_MATTER_SCHEMA):
        assert f"| `{key}` |" in readme, key
    for schema in (COURSE_SCHEMA, FRONT_MATTER_SCHEMA):
        for key in schema_keys(schema):
            *path, name = key.split(".")
            node = schema
            for part in path:
                node = node[part]
            assert node[name].doc.endswith("."), key


@pytest.mark.parametrize("front_matter, message", [
    ("accnet: '#fff'", "c.md:2: unknown key 'accnet' (did you mean 'accent'?)"),
    ("title: [a, b]", "c.md:2: 'title' must be a string, not a list"),
    ("slides:\n  transition: spin", "c.md:3: 'transition' must be one of none, fade, slide"),
    ("title: [unclosed", "c.md:2: invalid YAML"),
])
def test_front_matter_errors_name_file_line_and_key(tmp_path: Path, front_matter: str,
                                                     message: str) -> None:
    course = write_course(tmp_path / "c", {"c": f"---\n{front_matter}\n---\n# T\n"})
    result = CliRunner().invoke(cli, ["check", "--source", str(course)])
    assert result.exit_code == 1
    assert message in result.output


def build(course: Path, out: Path) -> str:
    result = build_slides(BuildOptions(course, out, jobs=1))
    assert result.ok, [str(d) for d in result.diagnostics.items]
    return (out / "slides" / "c.html").read_text(encoding="utf-8")


def test_dark_theme_switches_decks_and_code_colours(tmp_path: Path) -> None:
    light = build(write_course(tmp_path / "l", CHAPTER), tmp_path / "lo")
    dark = build(write_course(tmp_path / "d", CHAPTER, config="title: T\ntheme: dark\n"),
                 tmp_path / "do")
    assert 'class="theme-light"' in light and 'class="theme-dark"' in dark
    light_css = (tmp_path / "lo" / "slides" / "assets" / "pygments.css").read_text()
    dark_css = (tmp_path / "do" / "slides" / "assets" / "pygments.css").read_text()
    assert light_css != dark_css


def test_accent_per_chapter(tmp_path: Path) -> None:
    chapters = {"c": "---\naccent: '#e91e63'\n---\n# T\n", "d": "# U\n"}
    course = write_course(tmp_path / "c", chapters, config="title: T\naccent: '#4caf50'\n")
    build(course, tmp_path)
    assert "--accent: #e91e63" in (tmp_path / "slides" / "c.html").read_text(encoding="utf-8")
    assert "--accent: #4caf50" in (tmp_path / "slides" / "d.html").read_text(encoding="utf-8")


def test_override_extends_the_default_template(tmp_path: Path) -> None:
    course = write_course(tmp_path / "c", CHAPTER)
    (course / "templates").mkdir()
    (course / "templates" / "deck.html").write_text(
        '{% extends "default/deck.html" %}{% block footer %}<p class="mine">Cours du lundi</p>'
        "{% endblock %}", encoding="utf-8")
    html = build(course, tmp_path)
    assert '<p class="mine">Cours du lundi</p>' in html
    assert "Reveal.initialize" in html  # the rest of the default is kept


def test_override_replaces_a_template_file_by_file(tmp_path: Path) -> None:
    course = write_course(tmp_path / "c", CHAPTER)
    (course / "templates").mkdir()
    (course / "templates" / "slide.html").write_text(
        '<section class="custom">{{ slide.heading }}</section>', encoding="utf-8")
    html = build(course, tmp_path)
    assert '<section class="custom"><img class="emoji"' in html
    assert "theme.css" in html  # deck.html is still the default


@pytest.mark.parametrize("template, message", [
    ("{% extends 'default/deck.html' %}{% block footer %}{% endblok %}",
     r"templates/deck\.html:1: template error: .*'endblok'"),
    ("{{ course.title }}\n\n{{ no_such_variable.name }}",
     r"templates/deck\.html:3: template error: 'no_such_variable' is undefined"),
])
def test_template_errors_name_the_template_file_and_line(tmp_path: Path, template: str,
                                                         message: str) -> None:
    course = write_course(tmp_path / "c", CHAPTER)
    (course / "templates").mkdir()
    (course / "templates" / "deck.html").write_text(template, encoding="utf-8")
    for command in ("slides", "check"):
        result = CliRunner().invoke(cli, [command, "--source", str(course), "--out",
                                          str(tmp_path)])
        assert result.exit_code == 1
        assert re.search(message, result.output), result.output
        assert "Traceback" not in result.output


def test_extra_css_and_logo_are_copied_and_linked(tmp_path: Path) -> None:
    course = write_course(tmp_path / "c", CHAPTER,
                          config="title: T\ncss: [style/extra.css]\nlogo: images/logo.svg\n")
    (course / "style").mkdir()
    (course / "style" / "extra.css").write_text(".reveal h1 { color: red }", encoding="utf-8")
    (course / "images").mkdir()
    (course / "images" / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    html = build(course, tmp_path)
    assert '<link rel="stylesheet" href="assets/files/style/extra.css">' in html
    assert '<img class="logo" src="assets/files/images/logo.svg"' in html
    assets = tmp_path / "slides" / "assets" / "files"
    assert (assets / "style" / "extra.css").is_file() and (assets / "images" / "logo.svg").is_file()
    landing = (tmp_path / "slides" / "index.html").read_text(encoding="utf-8")
    assert "assets/files/images/logo.svg" in landing


@pytest.mark.parametrize("config, message", [
    ("css: [../outside.css]", "refused ../outside.css: it points outside the course folder"),
    ("css: [https://cdn.example.org/x.css]", "refused remote stylesheet"),
    ("logo: images/none.png", "missing image images/none.png"),
    ("css: [course.yaml]", "cannot use course.yaml as stylesheet"),
])
def test_extra_files_must_be_in_the_course(tmp_path: Path, config: str, message: str) -> None:
    course = write_course(tmp_path / "c", CHAPTER, config=f"title: T\n{config}\n")
    result = CliRunner().invoke(cli, ["slides", "--source", str(course), "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert message in result.output
