"""The command line: exit codes, ``path:line: message`` errors, atomic outputs."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from coursebuild.cli import cli
from tests.conftest import ROOT, one_job, write_course

GOOD = {"00-index": "# ⚙️ Cours\n\n## Plan\n\n- [[01-un|Un]]\n", "01-un": "# 📖 Un\n\nTexte.\n"}


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_slides_succeeds_with_exit_0(tmp_path: Path) -> None:
    course = write_course(tmp_path / "c", GOOD)
    code, output = invoke("slides", "--source", str(course), "--out", str(tmp_path))
    assert code == 0, output
    assert (tmp_path / "slides" / "01-un.html").is_file()
    assert (tmp_path / "slides" / "index.html").is_file()


def test_usage_error_exits_2(tmp_path: Path) -> None:
    code, _ = invoke("slides", "--no-such-option")
    assert code == 2


def test_content_error_is_path_line_message_and_exit_1(tmp_path: Path) -> None:
    course = write_course(tmp_path / "c", GOOD, config="title: [unclosed\n")
    code, output = invoke("slides", "--source", str(course), "--out", str(tmp_path))
    assert code == 1
    assert "course.yaml:1: invalid YAML" in output or "course.yaml:2: invalid YAML" in output
    assert "Traceback" not in output


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    course = write_course(tmp_path / "c", GOOD, config="title: [unclosed\n")
    code, output = invoke("slides", "--debug", "--source", str(course), "--out", str(tmp_path))
    assert code == 1
    assert "Traceback" in output


def test_unresolved_link_is_a_warning_then_an_error_under_strict(tmp_path: Path) -> None:
    course = write_course(tmp_path / "c", {"00-index": "# Cours\n\nVoir [[99-absent]].\n"})
    code, output = invoke("slides", "--source", str(course), "--out", str(tmp_path))
    assert code == 0
    assert "00-index.md:3: warning: unresolved wiki-link [[99-absent]]" in output
    code, output = invoke("slides", "--strict", "--source", str(course), "--out", str(tmp_path))
    assert code == 1
    assert "00-index.md:3: unresolved wiki-link [[99-absent]]" in output


def test_check_writes_nothing_and_reports_every_problem(tmp_path: Path) -> None:
    chapters = {"a": "# A\n\n![x](images/none.png)\n", "b": "# B\n\n[[nope]]\n\n[[nada]]\n"}
    course = write_course(tmp_path / "c", chapters)
    code, output = invoke("check", "--source", str(course), "--out", str(tmp_path))
    assert code == 1
    assert "a.md:3: missing image images/none.png" in output
    assert "b.md:3: warning: unresolved wiki-link [[nope]]" in output
    assert "b.md:5: warning: unresolved wiki-link [[nada]]" in output
    assert not (tmp_path / "slides").exists()


def test_failed_build_keeps_the_previous_outputs(tmp_path: Path) -> None:
    course = write_course(tmp_path / "c", GOOD)
    assert invoke("slides", "--source", str(course), "--out", str(tmp_path))[0] == 0
    deck = tmp_path / "slides" / "01-un.html"
    before = deck.read_bytes()
    (course / "01-un.md").write_text("# 📖 Un\n\n![x](images/absent.png)\n", encoding="utf-8")
    code, output = invoke("slides", "--source", str(course), "--out", str(tmp_path))
    assert code == 1
    assert "01-un.md:3: missing image" in output
    assert deck.read_bytes() == before
    assert not list(deck.parent.glob(".*.tmp"))


def test_build_py_runs_as_a_script() -> None:
    result = subprocess.run([sys.executable, "build.py", "--help"], cwd=ROOT,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0
    for command in ("slides", "check"):
        assert command in result.stdout


@pytest.mark.parametrize("config, message", [
    ("title: T\ntheme: neon\n", "course.yaml:2: 'theme' must be one of light, dark, not 'neon'"),
    ("title: T\nlnag: fr\n", "course.yaml:2: unknown key 'lnag' (did you mean 'lang'?)"),
    ("title: T\nslides:\n  slide_numbers: 3\n",
     "course.yaml:3: 'slide_numbers' must be true or false, not a number"),
    ("subtitle: S\n", "course.yaml:1: missing required key 'title'"),
])
def test_config_errors(tmp_path: Path, config: str, message: str) -> None:
    course = write_course(tmp_path / "c", GOOD, config=config)
    code, output = invoke("check", "--source", str(course))
    assert code == 1
    assert message in output


def test_progress_is_one_plain_line_per_file_outside_a_terminal(tmp_path: Path) -> None:
    course = write_course(tmp_path / "c", GOOD)
    code, output = invoke("slides", "--source", str(course), "--out", str(tmp_path))
    assert code == 0
    lines = [line for line in output.splitlines() if line.startswith("[")]
    assert [line.split("] ")[0] + "]" for line in lines] == ["[1/3]", "[2/3]", "[3/3]"]
    assert lines[-1].endswith("slides/index.html")
    assert "\r" not in output
    code, output = invoke("slides", "-q", "--source", str(course), "--out", str(tmp_path),
                          "--force")
    assert code == 0 and output == ""


# --- One exit path: every command, a content error and a usage error --------------------------

BAD_YAML = "title: [unclosed\n"  # invalid YAML reported at line 2, where the stream ends


@dataclass(frozen=True)
class ExitCase:
    """A command line built in ``tmp`` and the message it must print, from the start of a line
    (the path before it is the test's own folder)."""

    name: str
    args: Callable[[Path], list[str]]
    message: str  # a regular expression


def _build(command: str, *extra: str, config: str | None,
           out: str = "out") -> Callable[[Path], list[str]]:
    def args(tmp: Path) -> list[str]:
        course = write_course(tmp / "c", GOOD, config=config)
        return [command, "--source", str(course), "--out", str(tmp / out), *one_job(command),
                *extra]
    return args


def _serve_nowhere(tmp: Path) -> list[str]:
    return ["serve", "--source", str(tmp / "nowhere"), "--out", str(tmp / "out"), "--port", "0"]


def _new_course_in_a_full_folder(tmp: Path) -> list[str]:
    (tmp / "full").mkdir()
    (tmp / "full" / "notes.txt").write_text("mine\n", encoding="utf-8")
    return ["new", "course", str(tmp / "full")]


def _new_chapter_in_a_bad_course(tmp: Path) -> list[str]:
    course = write_course(tmp / "c", GOOD, config=BAD_YAML)
    return ["new", "chapter", "Deux", "--source", str(course)]


YAML_AT_2 = r"c/course\.yaml:2: invalid YAML: "
CONTENT_ERRORS = [
    *[ExitCase(name, _build(name, config=BAD_YAML), YAML_AT_2)
      for name in ("slides", "handouts", "all", "check")],
    ExitCase("serve", _serve_nowhere, r"nowhere: no such course folder$"),
    ExitCase("new course", _new_course_in_a_full_folder, r"full: already exists and is not empty"),
    ExitCase("new chapter", _new_chapter_in_a_bad_course, YAML_AT_2),
]
OUT_IS_ROOT = r"--out /: refusing to write slides/ and handouts/ at the root"
USAGE_ERRORS = [
    *[ExitCase(name, _build(name, config=None, out="/"), OUT_IS_ROOT)
      for name in ("slides", "handouts", "all", "serve")],
    ExitCase("check", _build("check", "--force", config=None),  # check writes nothing
             r"No such option '--force'"),
    ExitCase("new course", lambda tmp: ["new", "course", "--title", "T"],
             r"Missing argument 'FOLDER'"),
    ExitCase("new chapter", lambda tmp: ["new", "chapter", "--source", str(tmp)],
             r"Missing argument 'TITLE'"),
]


def _never_serve(*_args: object, **_kwargs: object) -> None:
    raise AssertionError("the server started: the error should have stopped the command first")


def invoke_case(case: ExitCase, tmp: Path, monkeypatch: pytest.MonkeyPatch,
                *extra: str) -> tuple[int, str]:
    monkeypatch.setattr("coursebuild.serve.DevServer", _never_serve)  # fail, never hang
    return invoke(*case.args(tmp), *extra)


@pytest.mark.parametrize("case", CONTENT_ERRORS, ids=[c.name for c in CONTENT_ERRORS])
def test_a_content_error_is_path_line_message_and_exit_1(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: ExitCase) -> None:
    code, output = invoke_case(case, tmp_path, monkeypatch)
    assert code == 1, output
    assert re.search(rf"^{re.escape(str(tmp_path))}/{case.message}", output, re.M), output
    assert "Traceback" not in output
    assert "Error:" not in output  # Click's prefix: the message is the compiler's format


@pytest.mark.parametrize("case", CONTENT_ERRORS, ids=[c.name for c in CONTENT_ERRORS])
def test_debug_shows_the_traceback_then_the_message(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: ExitCase) -> None:
    code, output = invoke_case(case, tmp_path, monkeypatch, "--debug")
    assert code == 1, output
    assert "Traceback (most recent call last)" in output, output
    assert "coursebuild.errors.ContentError" in output
    last = list(re.finditer(rf"^{re.escape(str(tmp_path))}/{case.message}", output, re.M))
    assert last and last[-1].start() > output.index("Traceback"), output


@pytest.mark.parametrize("debug", [(), ("--debug",)], ids=["plain", "debug"])
@pytest.mark.parametrize("case", USAGE_ERRORS, ids=[c.name for c in USAGE_ERRORS])
def test_a_usage_error_exits_2_with_the_usage_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: ExitCase,
        debug: tuple[str, ...]) -> None:
    code, output = invoke_case(case, tmp_path, monkeypatch, *debug)
    assert code == 2, output
    assert re.search(case.message, output), output
    assert "Usage: " in output
    assert "Traceback" not in output
