"""The command line: exit codes, ``path:line: message`` errors, atomic outputs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from build import cli
from tests.conftest import ROOT, write_course

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
