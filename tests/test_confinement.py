"""A course folder is untrusted input: its templates run in Jinja's sandbox, and every file the
build reads (chapters, ``chapters:`` entries, images, embeds, logo, CSS, templates) resolves
inside the course folder. One row per attack: the message and exit code, nothing from outside
in any output, the command the template tried not run, the previous outputs intact."""

from __future__ import annotations

import os
import pickle
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from coursebuild.cli import cli
from coursebuild.confine import name_problem, resolve_inside
from coursebuild.errors import ContentError, Diagnostics
from coursebuild.links import FileIndex
from tests.conftest import one_job, write_course

CANARY = "CANARY-2b91c4-outside-the-course"
LONG = "x" * 300 + ".png"
Attack = Callable[[Path, Path], None]


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """Files beside the course, each holding the canary: the build must never read them."""
    folder = tmp_path / "secret"
    (folder / "parts").mkdir(parents=True)
    (folder / "tpl").mkdir()
    for name in ("secret.md", "parts/x.html"):
        (folder / name).write_text(f"# {CANARY}\n", encoding="utf-8")
    (folder / "deck.html").write_text(f"{CANARY} {{{{ course.title }}}}", encoding="utf-8")
    (folder / "tpl" / "deck.html").write_text(CANARY, encoding="utf-8")
    (folder / "secret.svg").write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg"><title>{CANARY}</title></svg>', encoding="utf-8")
    (folder / "secret.css").write_text(f"/* {CANARY} */ body {{ color: red }}", encoding="utf-8")
    (folder / "course.yaml").write_text(f"title: {CANARY}\n", encoding="utf-8")
    return folder


def template(text: str) -> Attack:
    """deck.html becomes ``text``: MARKER is a file beside the course, OUTSIDE the secrets."""
    def attack(course: Path, outside: Path) -> None:
        (course / "templates").mkdir(exist_ok=True)
        text_here = text.replace("MARKER", str(course.parent / "popen-ran"))
        (course / "templates" / "deck.html").write_text(text_here.replace("OUTSIDE", str(outside)),
                                                        encoding="utf-8")
    return attack


def symlink(name: str, target: str, deck: str = "") -> Attack:
    """``name`` in the course becomes a link to ``target`` outside (and deck.html, if given)."""
    def attack(course: Path, outside: Path) -> None:
        link = course / name
        link.parent.mkdir(parents=True, exist_ok=True)
        if link.exists():
            link.unlink()
        link.symlink_to(outside / target)
        if deck:
            (course / "templates" / "deck.html").write_text(deck, encoding="utf-8")
    return attack


CONFIG = "title: Cours de test\nlang: fr\n"  # write_course's: the decks do not change with it


def config(text: str, link: tuple[str, str] | None = None) -> Attack:
    """``text`` is added to course.yaml (from line 3); ``link`` (name, target) adds a symlink
    out of the course."""
    def attack(course: Path, outside: Path) -> None:
        (course / "course.yaml").write_text(CONFIG + text.format(outside=outside),
                                            encoding="utf-8")
        if link:
            symlink(*link)(course, outside)
    return attack


def chapter(text: str, link: tuple[str, str] | None = None) -> Attack:
    """Chapter a.md gets ``text`` appended; ``link`` (name, target) adds a symlink."""
    def attack(course: Path, outside: Path) -> None:
        with (course / "a.md").open("a", encoding="utf-8") as handle:
            handle.write(f"\n{text}\n")
        if link:
            symlink(*link)(course, outside)
    return attack


def popen(gadget: str) -> Attack:
    return template("{{ " + gadget + ".popen('touch MARKER').read() }}")


ATTACKS = [
    pytest.param(
        popen("cycler.__init__.__globals__.os"),
        r"templates/deck\.html:1: template error: access to attribute '__init__' of 'type' "
        r"object is unsafe", id="sandbox-popen-cycler"),
    pytest.param(
        popen("lipsum.__globals__['os']"),
        r"templates/deck\.html:1: template error: access to attribute '__globals__'",
        id="sandbox-popen-lipsum"),
    pytest.param(
        popen("(cycler|attr('__init__')|attr('__globals__'))['os']"),
        r"templates/deck\.html:1: template error: .* no attribute '__globals__'",
        id="sandbox-attr-filter"),
    pytest.param(
        template("{{ '{0.__init__.__globals__[os]}'.format(cycler) }}"),
        r"templates/deck\.html:1: template error: access to attribute '__init__'",
        id="sandbox-format-string"),
    pytest.param(
        template("{% set x = [] %}{{ x.append(1) }}"),
        r"templates/deck\.html:1: template error: access to attribute 'append' of 'list'",
        id="sandbox-immutable"),
    pytest.param(
        template("{{ range(10 ** 8) | length }}"),
        r"templates/deck\.html:1: template error: OverflowError: Range too big",
        id="sandbox-range"),
    pytest.param(
        template('{% include "../../secret/secret.md" %}'),
        r"templates/deck\.html:1: template error: no template named '\.\./\.\./secret",
        id="template-include-parent"),
    pytest.param(
        template('{% include "OUTSIDE/secret.md" %}'),
        r"templates/deck\.html:1: template error: no template named '/",
        id="template-include-absolute"),
    pytest.param(
        symlink("templates/deck.html", "deck.html"),
        r"templates/deck\.html: template error: refused templates/deck\.html, a symbolic link",
        id="template-file-symlink"),
    pytest.param(
        symlink("templates/parts", "parts", deck='{% include "parts/x.html" %}'),
        r"templates/parts: template error: refused templates/parts, a symbolic link",
        id="template-folder-symlink"),
    pytest.param(
        symlink("templates", "tpl"),
        r"templates: template error: refused templates, a symbolic link",
        id="templates-dir-symlink"),
    pytest.param(
        symlink("templates/unused.html", "deck.html"),
        r"templates/unused\.html: template error: refused templates/unused\.html, a symbolic",
        id="template-symlink-no-page-uses"),
    pytest.param(
        symlink("templates/theme.css", "secret.css"),
        r"templates/theme\.css: template error: refused templates/theme\.css, a symbolic link",
        id="css-template-symlink"),
    pytest.param(
        symlink("c.md", "secret.md"),
        r"c\.md: refused c\.md: it points outside the course folder", id="chapter-symlink"),
    pytest.param(
        symlink("course.yaml", "course.yaml"),
        r"course\.yaml: refused course\.yaml: it points outside the course folder",
        id="course-yaml-symlink"),
    pytest.param(
        config("chapters:\n  - a\n  - ../secret/secret\n"),
        r"course\.yaml:5: chapters: refused \.\./secret/secret: it points outside the course",
        id="chapters-entry-parent"),
    pytest.param(
        config("chapters: [a, '{outside}/secret']\n"),
        # the path may be shortened with "…" (a long temporary folder): any path, then the reason
        r"course\.yaml:3: chapters: refused absolute path /\S+: chapters are files in "
        r"the course folder", id="chapters-entry-absolute"),
    pytest.param(
        config("chapters:\n  - a\n  - linked/secret\n", link=("linked", ".")),
        r"course\.yaml:5: chapters: refused linked/secret: it points outside the course",
        id="chapters-entry-through-symlinked-folder"),
    pytest.param(
        config('chapters: [a, "x\\0y"]\n'),
        r"course\.yaml:3: chapters: refused x\\0y: a file name cannot hold a NUL character",
        id="chapters-entry-nul"),
    pytest.param(
        config("logo: images/logo.svg\n", link=("images/logo.svg", "secret.svg")),
        r"course\.yaml:3: refused images/logo\.svg: it points outside the course folder",
        id="logo-symlink"),
    pytest.param(
        config("css:\n  - style.css\n", link=("style.css", "secret.css")),
        r"course\.yaml:4: refused style\.css: it points outside the course folder",
        id="css-symlink"),
    pytest.param(
        chapter("![[pic.svg]]", link=("sub/pic.svg", "secret.svg")),
        r"a\.md:\d+: refused pic\.svg: it points outside the course folder",
        id="embed-found-by-name-is-symlink"),
    pytest.param(
        chapter("![[secret.svg]]", link=("linked", ".")),
        r"a\.md:\d+: missing image secret\.svg", id="embed-in-symlinked-folder"),
    pytest.param(
        chapter("![pic](images/pic.svg)", link=("images/pic.svg", "secret.svg")),
        r"a\.md:\d+: refused images/pic\.svg: it points outside the course folder",
        id="image-symlink"),
    pytest.param(chapter("![[*.png]]"), r"a\.md:\d+: missing image \*\.png", id="embed-star"),
    pytest.param(chapter("![[x**y.png]]"), r"a\.md:\d+: missing image x\*\*y\.png",
                 id="embed-double-star"),
    pytest.param(chapter(f"![[{LONG}]]"),
                 r"a\.md:\d+: refused x+…: a file name is at most 255 bytes, this one has 304",
                 id="embed-long-name"),
    pytest.param(chapter(f"![long]({LONG})"),
                 r"a\.md:\d+: refused x+…: a file name is at most 255 bytes, this one has 304",
                 id="image-long-name"),
    pytest.param(chapter("![nul](a%00b.png)"),
                 r"a\.md:\d+: refused a%00b\.png: a file name cannot hold a NUL character",
                 id="image-nul"),
    pytest.param(chapter("![[//x] ]]"), r"a\.md:\d+: refused //x\]: not a file name",
                 id="embed-bad-address"),
]


def run(command: str, course: Path, out: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [command, "--source", str(course), "--out", str(out),
                                      *one_job(command)])
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.output


def every_output_text(out: Path) -> str:
    return "\n".join(p.read_bytes().decode("utf-8", "replace")
                     for p in sorted(out.rglob("*")) if p.is_file())


def clean_course(folder: Path) -> Path:
    course = write_course(folder, {"a": "# A\n\n## Partie\n\nTexte.\n", "b": "# B\n"})
    (course / "images").mkdir()
    (course / "images" / "x-abc-y.png").write_bytes(b"\x89PNG\r\n\x1a\n")  # what x**y.png globs
    return course


@pytest.mark.parametrize("attack, message", ATTACKS)
def test_attack_is_refused_and_nothing_outside_is_read(tmp_path: Path, outside: Path,
                                                       attack: Attack, message: str) -> None:
    course, out = clean_course(tmp_path / "course"), tmp_path / "out"
    assert run("slides", course, out)[0] == 0
    before = {p: p.read_bytes() for p in (out / "slides").glob("[ab].html")}
    assert len(before) == 2
    attack(course, outside)
    for command in ("check", "slides"):
        code, output = run(command, course, out)
        assert code == 1, output
        assert re.search(message, output), output
        assert len(re.findall(message, output)) == 1, output  # each problem reported once
    assert not (tmp_path / "popen-ran").exists(), "the template ran a command"
    assert CANARY not in every_output_text(out)
    assert {p: p.read_bytes() for p in before} == before  # previous decks intact


def test_check_reports_a_template_error_once_for_all_chapters(tmp_path: Path) -> None:
    course = clean_course(tmp_path / "course")
    (course / "templates").mkdir()
    (course / "templates" / "deck.html").write_text("{{ nope.x }}", encoding="utf-8")
    (course / "templates" / "handout.html").write_text("\n{{ nope.y }}", encoding="utf-8")
    code, output = run("check", course, tmp_path / "out")
    assert code == 1
    assert output.count("templates/deck.html:1: template error: 'nope' is undefined") == 1
    assert output.count("templates/handout.html:2: template error: 'nope' is undefined") == 1


def test_a_template_error_in_a_worker_process_is_a_message(tmp_path: Path) -> None:
    course = clean_course(tmp_path / "course")
    (course / "course.yaml").write_text("title: T\nhandouts:\n  kinds: [reading]\n")
    (course / "templates").mkdir()
    (course / "templates" / "handout.html").write_text("{{ 1 / 0 }}", encoding="utf-8")
    result = CliRunner().invoke(cli, ["handouts", "--source", str(course), "--out",
                                      str(tmp_path / "out"), "-j2"])
    assert result.exit_code == 1
    assert "templates/handout.html:1: template error: ZeroDivisionError" in result.output
    assert "Traceback" not in result.output


def test_content_errors_cross_process_boundaries_whole() -> None:
    error = pickle.loads(pickle.dumps(ContentError(Path("a.md"), 3, "boom")))
    assert (error.path, error.line, error.message) == (Path("a.md"), 3, "boom")


def test_diagnostics_keep_each_problem_once() -> None:
    diagnostics = Diagnostics()
    for _ in range(3):
        diagnostics.error(Path("t.html"), 1, "template error: x")
        diagnostics.warn(Path("a.md"), 2, "w")
    other = Diagnostics()
    other.error(Path("t.html"), 1, "template error: x")
    other.error(Path("b.md"), 1, "y")
    diagnostics.extend(other)
    assert [str(d) for d in diagnostics.items] == [
        "t.html:1: template error: x", "a.md:2: warning: w", "b.md:1: y"]


@pytest.mark.parametrize("name, problem", [
    ("ok.png", ""),
    ("a\0b.png", "a file name cannot hold a NUL character"),
    (LONG, "a file name is at most 255 bytes, this one has 304"),
    ("é" * 128 + ".png", "a file name is at most 255 bytes, this one has 260"),
    ("/".join(["d" * 200] * 21), "a path is at most 4096 bytes"),
])
def test_names_the_system_would_refuse_are_refused_first(name: str, problem: str) -> None:
    assert name_problem(name) == problem


def test_resolve_inside_follows_symlinks(tmp_path: Path) -> None:
    (tmp_path / "course" / "images").mkdir(parents=True)
    (tmp_path / "outside.png").write_bytes(b"")
    (tmp_path / "course" / "images" / "in.png").write_bytes(b"")
    (tmp_path / "course" / "out.png").symlink_to(tmp_path / "outside.png")
    (tmp_path / "course" / "alias.png").symlink_to(tmp_path / "course" / "images" / "in.png")
    (tmp_path / "course" / "loop.png").symlink_to(tmp_path / "course" / "loop.png")
    root = tmp_path / "course"
    assert resolve_inside(root / "alias.png", [root]) == (root / "images" / "in.png").resolve()
    assert resolve_inside(root / "out.png", [root]) == "it points outside the course folder"
    assert resolve_inside(root / ".." / "outside.png", [root]).startswith("it points outside")
    assert isinstance(resolve_inside(root / "loop.png", [root]), str)


def test_the_embed_index_skips_hidden_output_and_symlinked_folders(tmp_path: Path) -> None:
    root = tmp_path / "course"
    for folder in ("images/deep", ".obsidian", "slides", "build/slides", "elsewhere"):
        (root / folder).mkdir(parents=True)
    for folder in ("images/deep", ".obsidian", "slides", "build/slides", "elsewhere"):
        (root / folder / "pic.png").write_bytes(b"")
    (root / "build" / "slides" / ".coursebuild-cache.json").write_text("{}")
    (root / "linked").symlink_to(root / "elsewhere")
    os.remove(root / "elsewhere" / "pic.png")
    (root / "elsewhere" / "other.png").write_bytes(b"")
    index = FileIndex(root)
    assert index.find("pic.png") == [root / "images" / "deep" / "pic.png"]
    assert index.find("other.png") == [root / "elsewhere" / "other.png"]  # not via linked/
    assert index.find("*.png") == [] and index.find("p*c.png") == []
