"""Hostile input to the parsers (issue 10, items 3, 4 and 7, and Markdown nesting): YAML in
course.yaml and front matter, course stylesheets, and Markdown that costs. One row per attack:
the files it writes, the ``path:line: message`` expected, exit code 1, never a traceback."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from coursebuild.cli import cli
from coursebuild.parsing import parse_chapter
from coursebuild.stylesheets import css_text_refusals
from tests.conftest import one_job, write_course

CHAPTER = "# Un\n\nTexte.\n"


def alias_bomb(levels: int) -> str:
    """The billion laughs: each level names the one before nine times (9 levels: 500 bytes)."""
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def front_matter(yaml: str) -> str:
    return f"---\n{yaml}---\n{CHAPTER}"


@dataclass(frozen=True)
class Attack:
    files: dict[str, str]  # course.yaml is "title: T" unless given
    message: str  # a regular expression the output must contain


YAML_ATTACKS = {
    "alias bomb in course.yaml": Attack(
        {"course.yaml": "title: T\n" + alias_bomb(6)},
        r"course\.yaml:2: refused YAML anchor '&a0': course files do not use anchors or aliases"),
    "alias bomb in front matter": Attack(
        {"c.md": front_matter(alias_bomb(6))}, r"c\.md:2: refused YAML anchor '&a0'"),
    "alias bomb below a blank line in front matter": Attack(
        {"c.md": front_matter("title: T\n\n" + alias_bomb(3))}, r"c\.md:4: refused YAML anchor"),
    "an alias": Attack({"course.yaml": "title: T\nauthor: *x\n"},
                       r"course\.yaml:2: refused YAML alias '\*x'"),
    "an anchor": Attack({"course.yaml": "title: &t T\n"}, r"course\.yaml:1: refused YAML anchor"),
    "a merge key": Attack({"course.yaml": "title: T\nslides:\n  <<: *base\n"},
                          r"course\.yaml:3: refused YAML alias '\*base'"),
    "a list as a key": Attack({"course.yaml": "title: T\n[a]: 1\n"},
                              r"course\.yaml:2: refused a list as a key: keys are plain words"),
    "a mapping as a key": Attack({"course.yaml": "title: T\n{a: 1}: 2\n"},
                                 r"course\.yaml:2: refused a mapping as a key"),
    "a complex key": Attack({"course.yaml": "title: T\n? [a]\n: 1\n"},
                            r"course\.yaml:2: refused a list as a key"),
    "a list as a key in front matter": Attack({"c.md": front_matter("title: T\n[a]: 1\n")},
                                              r"c\.md:3: refused a list as a key"),
    "a number as a key": Attack({"course.yaml": "title: T\n1: a\n"},
                                r"course\.yaml:2: unknown key '1'"),
    "a boolean as a key": Attack({"c.md": front_matter("true: a\n")},
                                 r"c\.md:2: unknown key 'true'"),
    "a date as a key": Attack({"course.yaml": "title: T\nslides:\n  2024-01-01: a\n"},
                              r"course\.yaml:3: unknown key '2024-01-01'"),
    "an unknown tag": Attack({"course.yaml": "title: !x T\n"},
                             r"course\.yaml:1: refused YAML tag '!x': course files hold plain "
                             r"values, lists and mappings only"),
    "a python tag": Attack(
        {"course.yaml": "title: T\nauthor: !!python/object/apply:os.system ['id']\n"},
        r"course\.yaml:2: refused YAML tag '!!python/object/apply:os\.system'"),
    "a python tag in front matter": Attack(
        {"c.md": front_matter("title: !!python/name:os.system ''\n")},
        r"c\.md:2: refused YAML tag '!!python/name:os\.system'"),
    "a tag of another kind": Attack({"course.yaml": "title: T\nchapters: !!set {a, b}\n"},
                                    r"course\.yaml:2: refused YAML tag '!!set'"),
    "a date that is not one": Attack({"course.yaml": "title: T\ndate: 2024-13-45\n"},
                                     r"course\.yaml:2: invalid YAML value '2024-13-45': "
                                     r"month must be in 1\.\.12"),
    "a tagged number that is not one": Attack({"course.yaml": "title: !!int abc\n"},
                                              r"course\.yaml:1: invalid YAML value 'abc'"),
    "deep flow collections": Attack({"course.yaml": "title: T\nslides: " + "[" * 50_000 + "\n"},
                                    r"course\.yaml:2: YAML nested deeper than 16 levels"),
    "deep block mappings in front matter": Attack(
        {"c.md": front_matter("".join("  " * i + f"k{i}:\n" for i in range(20)))},
        r"c\.md:17: YAML nested deeper than 16 levels"),
}

STYLE_ATTACKS = {
    "-webkit-image-set": Attack(
        {"style.css": 'body { background: -webkit-image-set("http://x.org/a.png" 1x) }\n'},
        r"style\.css:1: refused -webkit-image-set\(http://x\.org/a\.png\): a course "
        r"stylesheet may only use data: URLs"),
    "-webkit-image-set written with an escape": Attack(
        {"style.css": "a {}\nb { background: \\2d webkit-image-set('http://x.org/a.png' 1x) }\n"},
        r"style\.css:2: refused -webkit-image-set\(http://x\.org/a\.png\)"),
    "-moz-image-set": Attack({"style.css": "b { background: -moz-image-set('//x.org/a' 1x) }"},
                             r"style\.css:1: refused -moz-image-set\(//x\.org/a\)"),
    "image-set after a data: URL": Attack(
        {"style.css": "b { background: image-set('data:image/png;base64,AA' 1x, "
                      "'http://x.org/b.png' 2x) }"},
        r"style\.css:1: refused image-set\(http://x\.org/b\.png\)"),
    "url() in -o-image-set": Attack({"style.css": "b { b: -o-image-set(url(http://x.org/c) 1x) }"},
                                    r"style\.css:1: refused url\(http://x\.org/c\)"),
    "image()": Attack({"style.css": "b { background: image('../../secret.png') }"},
                      r"style\.css:1: refused image\(\.\./\.\./secret\.png\)"),
    "src()": Attack({"style.css": "b { background: src('http://x.org/d') }"},
                    r"style\.css:1: refused src\(http://x\.org/d\)"),
    "url( escaped": Attack({"style.css": "b {\n  fill: \\75 RL(http://x.org/e)\n}\n"},
                           r"style\.css:2: refused url\(http://x\.org/e\)"),
    "url( with an escaped letter": Attack({"style.css": "b { fill: u\\72l(http://x.org/f) }"},
                                          r"style\.css:1: refused url\(http://x\.org/f\)"),
    "URL( in capitals": Attack({"style.css": "b { fill: URL('http://x.org/g') }"},
                               r"style\.css:1: refused url\(http://x\.org/g\)"),
    "expression()": Attack({"style.css": "b { width: expr\\65ssion(alert(1)) }"},
                           r"style\.css:1: refused expression\(\): a course stylesheet cannot "
                           r"run script"),
    "a 5,000-digit number": Attack({"style.css": "a { color: red }\nb { width: " + "9" * 5000
                                                 + "px }\n"},
                                   r"style\.css:2: a number of more than 4,300 digits"),
    "@import escaped, in capitals": Attack({"style.css": "@\\49MPORT 'other.css';\n"},
                                           r"style\.css:1: refused @import"),
    "@import inside @media": Attack({"style.css": "@media print {\n  @import 'x.css';\n}\n"},
                                    r"style\.css:2: refused @import"),
    "@namespace url()": Attack({"style.css": "@namespace url(http://x.org/ns);\n"},
                               r"style\.css:1: refused url\(http://x\.org/ns\)"),
    "@font-face src": Attack({"style.css": "@font-face {\n  font-family: F;\n"
                                           "  src: url(font.woff2) format('woff2');\n}\n"},
                             r"style\.css:3: refused url\(font\.woff2\)"),
    "deep nesting": Attack({"style.css": "b { fill: " + "(" * 100_000 + " }"},
                           r"style\.css:1: blocks and functions nested deeper than 32 levels"),
}

MARKDOWN_ATTACKS = {
    "thousands of nested >": Attack({"c.md": "# Un\n\n" + ">" * 5000 + " x\n"},
                                    r"c\.md:3: quotes and lists nested more than 32 levels deep"),
    "a quote a line deeper each line": Attack(
        {"c.md": "# Un\n\n" + "".join(">" * i + " x\n" for i in range(1, 100))},
        r"c\.md:35: quotes and lists nested more than 32 levels deep"),
    "nested lists": Attack({"c.md": "# Un\n\n" + "".join("  " * i + "- x\n" for i in range(40))},
                           r"c\.md:19: quotes and lists nested more than 32 levels deep"),
    "lists and quotes on one line": Attack({"c.md": "# Un\n\n" + "> - " * 40 + "x\n"},
                                           r"c\.md:3: quotes and lists nested more than 32"),
    "thousands of [": Attack({"c.md": "# Un\n\n" + "[" * 5000 + "\n"},
                             r"c\.md:3: more than 32 unclosed \[ in one paragraph"),
    "thousands of [[": Attack({"c.md": "# Un\n\nTexte\nsur deux lignes " + "[[" * 5000 + "\n"},
                              r"c\.md:4: more than 32 unclosed \["),
    "nested images": Attack({"c.md": "# Un\n\n" + "![" * 100 + "a" + "](x.png)" * 100 + "\n"},
                            r"c\.md:3: more than 32 unclosed \["),
    "nested links": Attack({"c.md": "# Un\n\n" + "[" * 100 + "a" + "](x)" * 100 + "\n"},
                           r"c\.md:3: more than 32 unclosed \["),
    "unclosed [ before a long paragraph": Attack(
        {"c.md": "# Un\n\n" + "[" * 30 + "*a " * 10_000 + "\n"},
        r"c\.md:3: more than 250,000 characters of inline markup"),
    "a long line of *_": Attack({"c.md": "# Un\n\n" + "*_" * 130_000 + "\n"},
                                r"c\.md:3: more than 250,000 characters of inline markup"),
    "lines of *a": Attack({"c.md": "# Un\n\n" + "*a *b\n" * 90_000},
                          r"c\.md:83336: more than 250,000 characters of inline markup"),
    "many lines": Attack({"c.md": "# Un\n\n" + "a\n" * 100_000},
                         r"c\.md:100001: more than 100,000 lines in one chapter: split it"),
    "many blocks": Attack({"c.md": "# Un\n\n" + "- - a\n" * 60_000},
                          r"c\.md:50002: more than 100,000 blocks \(paragraphs, headings, list "
                          r"items, table cells\) in one chapter: split it"),
    "a wide table": Attack({"c.md": "# Un\n\n" + "|a" * 400 + "|\n" + "|-" * 400 + "|\n"
                            + ("|a" * 400 + "|\n") * 300}, r"c\.md:3: more than 100,000 blocks"),
    "deep nesting in the front matter's subtitle": Attack(
        {"c.md": front_matter(f"subtitle: '{'> ' * 40}x'\n")},
        r"c\.md:1: quotes and lists nested more than 32"),
}

ATTACKS = {**YAML_ATTACKS, **STYLE_ATTACKS, **MARKDOWN_ATTACKS}


def write_files(folder: Path, files: dict[str, str]) -> Path:
    config = "title: T\ncss: [style.css]\n" if "style.css" in files else "title: T\n"
    course = write_course(folder, {"c": CHAPTER}, config=files.get("course.yaml", config))
    for name, text in files.items():
        (course / name).write_text(text, encoding="utf-8")
    return course


def run(command: str, course: Path, out: Path) -> tuple[int, str, BaseException | None]:
    result = CliRunner().invoke(cli, [command, "--source", str(course), "--out", str(out),
                                      *one_job(command)])
    return result.exit_code, result.output, result.exception


@pytest.mark.parametrize("name", list(ATTACKS))
def test_an_attack_is_an_error_at_its_line(tmp_path: Path, name: str) -> None:
    attack = ATTACKS[name]
    course = write_files(tmp_path / "course", attack.files)
    code, output, exception = run("check", course, tmp_path / "out")
    assert re.search(attack.message, output), output
    assert code == 1, output
    assert isinstance(exception, SystemExit)  # handled: no traceback
    assert "Traceback" not in output


@pytest.mark.parametrize("name", ["alias bomb in front matter", "a python tag",
                                  "thousands of nested >", "many blocks"])
def test_an_attack_leaves_the_previous_outputs(tmp_path: Path, name: str) -> None:
    course = write_files(tmp_path / "course", {"style.css": "b { color: red }\n"})
    deck = tmp_path / "out" / "slides" / "c.html"
    assert run("slides", course, tmp_path / "out")[0] == 0
    before = deck.read_bytes()
    write_files(course, ATTACKS[name].files)
    code, output, _ = run("slides", course, tmp_path / "out")
    assert code == 1 and re.search(ATTACKS[name].message, output), output
    assert deck.read_bytes() == before


@dataclass(frozen=True)
class Valid:
    files: dict[str, str]
    kept: list[str] = field(default_factory=list)  # text the deck must hold


VALID = {
    "data: URLs, a namespace, local fonts": Valid({"style.css": (
        "@namespace svg url(data:,svg);\n@namespace html 'http://www.w3.org/1999/xhtml';\n"
        "@font-face { font-family: F; src: local('Arial'), url(data:font/woff2;base64,AA); }\n"
        "b { background: image-set('data:image/png;base64,AA' 1x), url(DATA:image/png,x);\n"
        "    color: rgb(1 2 3); width: calc(1px + var(--x, 2px)); }\n")}),
    "plain YAML: quoted, tagged !!str, block lists, dates": Valid({
        "course.yaml": "title: !!str 2024\nauthor: 'Moi'\ndate: 2024-01-31\n"
                       "handouts:\n  kinds:\n    - reading\n"}),
    "16 nested lists, then text": Valid(
        {"c.md": "# Un\n\n" + "".join("  " * i + f"- niveau{i}\n" for i in range(16))
         + "\nAprès la liste.\n"}, ["niveau15", "Après la liste."]),
    "32 nested quotes, then text": Valid({"c.md": "# Un\n\nTexte.\n\n" + "> " * 32 + "profond\n"
                                          "\nAprès.\n"}, ["profond", "Après."]),
    "32 nested brackets": Valid({"c.md": "# Un\n\n" + "[" * 32 + "a" + "]" * 32 + "\n"},
                                ["[" * 30 + '<span class="wikilink unresolved">a</span>']),
    "escaped brackets": Valid({"c.md": "# Un\n\n" + "\\[" * 200 + "x\n"}, ["[" * 200 + "x"]),
    "callouts, many of them": Valid(
        {"c.md": "# Un\n\nTexte.\n\n" + "> [!note] Titre\n> corps\n\n" * 500
         + "> [!tip]\n\nFin.\n"},
        ['<p class="callout-title">Titre</p>', "corps", "Fin."]),
}


@pytest.mark.parametrize("name", list(VALID))
def test_valid_input_is_built_whole(tmp_path: Path, name: str) -> None:
    course = write_files(tmp_path / "course", VALID[name].files)
    out = tmp_path / "out"
    code, output, _ = run("slides", course, out)
    assert code == 0, output
    deck = (out / "slides" / "c.html").read_text(encoding="utf-8")
    for text in VALID[name].kept:
        assert text in deck, text


@pytest.mark.parametrize(("css", "expected"), [
    ('b { background: {{ "ur" ~ "l(x)" }} }', []),  # a template before rendering: no URL yet
    ("b { background: url(http://x.org/a) }", [(1, "refused url(http://x.org/a)")]),
    ("\n\nb { background: -webkit-image-set('a.png' 1x) }", [(3, "refused -webkit-image-set")]),
    ("@font-face { src: url(/fonts/a.woff2) }", [(1, "refused url(/fonts/a.woff2)")]),
])
def test_css_given_as_text(css: str, expected: list[tuple[int, str]]) -> None:
    found = css_text_refusals(css)
    assert len(found) == len(expected)
    for (line, message), (expected_line, start) in zip(found, expected, strict=True):
        assert (line, message[: len(start)]) == (expected_line, start)


def test_css_the_build_vouches_for_is_accepted() -> None:
    css = '@font-face { src: url("assets/fonts/a.woff2") }\nb { fill: url(http://x.org) }'
    found = css_text_refusals(css, allowed={"assets/fonts/a.woff2"})
    assert [line for line, _ in found] == [2]


def test_headings_with_one_name_get_numbered_anchors() -> None:
    text = "# A\n\n## A\n\n## A-2\n\n## A\n\n" + "### B\n\n" * 3
    chapter = parse_chapter(Path("c.md"), text)
    anchors = [section.heading.anchor for section in chapter.sections]
    slides = [slide.heading.anchor for slide in chapter.sections[-1].slides]
    assert anchors == ["a", "a-2", "a-2-2", "a-3"]
    assert slides == ["b", "b-2", "b-3"]  # the empty "## A" makes no slide
