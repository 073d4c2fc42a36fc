"""The command line's conventions: where each entry point looks for the course, the options
each command takes, --help's examples, shell completion, check's report formats, every config
problem in one run, serve's -q/-v."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.shell_completion import BashComplete
from click.testing import CliRunner, Result

from coursebuild import cli as cli_module
from coursebuild.cli import REPOSITORY, WORKING_FOLDER, cli
from coursebuild.errors import Diagnostic
from coursebuild.incremental import MANIFEST
from coursebuild.links import FileIndex
from coursebuild.paths import ROOT
from coursebuild.pipeline import BuildOptions, BuildResult
from coursebuild.reports import github_command, json_report
from coursebuild.serve import Console, build_once
from tests.conftest import write_course

CHAPTER = "# Un\n\nTexte.\n\n## Deux\n\nEncore.\n"
PACKAGE_PARENT = str(Path(cli_module.__file__).resolve().parent.parent)  # this worktree's code


def invoke(*args: str, obj: object = None) -> Result:
    return CliRunner().invoke(cli, list(args), obj=obj)


def record(monkeypatch: pytest.MonkeyPatch, name: str) -> list[BuildOptions]:
    """Replace the pipeline step ``name`` (as the CLI calls it) by one that records options."""
    seen: list[BuildOptions] = []

    def step(options: BuildOptions) -> BuildResult:
        from coursebuild.errors import Diagnostics

        seen.append(options)
        return BuildResult(Diagnostics(), writes=name != "check")

    monkeypatch.setattr(cli_module, name, step)
    return seen


def python_m_coursebuild(*args: str, cwd: Path, env: dict[str, str] | None = None,
                         ) -> subprocess.CompletedProcess:
    environ = {**os.environ, "PYTHONPATH": PACKAGE_PARENT, **(env or {})}
    return subprocess.run([sys.executable, "-m", "coursebuild", *args], cwd=cwd, env=environ,
                          capture_output=True, text=True, timeout=120, check=False)


# --- where the course is: the coursebuild script and build.py ---------------------------------

@pytest.mark.parametrize("contents", ["course.yaml", "markdown"])
def test_coursebuild_builds_the_course_folder_it_runs_in(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, contents: str) -> None:
    course = tmp_path / "mine"
    course.mkdir()
    (course / ("course.yaml" if contents == "course.yaml" else "01-x.md")).write_text(
        "title: T\n" if contents == "course.yaml" else CHAPTER, encoding="utf-8")
    monkeypatch.chdir(course)
    seen = record(monkeypatch, "build_slides")
    result = invoke("slides", obj=WORKING_FOLDER)
    assert result.exit_code == 0, result.output
    assert (seen[0].source, seen[0].out) == (course, course)


def test_coursebuild_given_source_writes_inside_it_unless_out(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    course = write_course(tmp_path / "mine", {"01-x": CHAPTER})
    monkeypatch.chdir(tmp_path)
    seen = record(monkeypatch, "build_all")
    assert invoke("all", "--source", "mine", obj=WORKING_FOLDER).exit_code == 0
    assert invoke("all", "--source", "mine", "--out", "site", obj=WORKING_FOLDER).exit_code == 0
    assert [(o.source, o.out) for o in seen] == [(course, course), (course, tmp_path / "site")]


@pytest.mark.parametrize("args", [["check"], ["slides"], ["serve"], ["new", "chapter", "T"]])
def test_coursebuild_outside_a_course_folder_is_a_usage_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]) -> None:
    (tmp_path / "notes.txt").write_text("not a chapter", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "01-x.md").write_text(CHAPTER, encoding="utf-8")  # not at the top
    monkeypatch.chdir(tmp_path)
    result = invoke(*args, obj=WORKING_FOLDER)
    assert result.exit_code == 2, result.output
    assert f"no course here: {tmp_path} has no course.yaml and no Markdown chapter (*.md)" \
        in result.output
    assert "give --source DIR" in result.output and "Usage: " in result.output


def test_build_py_keeps_the_repository_defaults(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    write_course(tmp_path, {"01-x": CHAPTER})  # a course folder: build.py ignores it
    monkeypatch.chdir(tmp_path)
    seen = record(monkeypatch, "check")
    assert invoke("check").exit_code == 0  # no obj: as build.py runs it
    assert invoke("check", obj=REPOSITORY).exit_code == 0
    assert {(o.source, o.out) for o in seen} == {(ROOT / "chapters", ROOT)}


def test_python_m_coursebuild_and_build_py_show_their_own_defaults(tmp_path: Path) -> None:
    write_course(tmp_path, {"01-x": CHAPTER})
    module = python_m_coursebuild("slides", "--help", cwd=tmp_path)
    script = subprocess.run([sys.executable, str(ROOT / "build.py"), "slides", "--help"],
                            capture_output=True, text=True, timeout=120, check=False,
                            env={**os.environ, "PYTHONPATH": PACKAGE_PARENT})
    assert module.returncode == script.returncode == 0, module.stderr + script.stderr
    assert "Usage: coursebuild slides" in module.stdout
    assert "[default: the current folder, if it is a course]" in " ".join(module.stdout.split())
    assert "Usage: python build.py slides" in script.stdout
    assert "[default: chapters/]" in script.stdout
    assert "python build.py slides -v --out /tmp/site" in script.stdout  # runnable as shown


def test_the_next_step_after_new_course_fits_the_entry_point(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    working = invoke("new", "course", "mine", "--lang", "en", obj=WORKING_FOLDER)
    repository = invoke("new", "course", "other", "--lang", "en")
    assert working.exit_code == repository.exit_code == 0, working.output + repository.output
    assert "next: cd mine && cli all" in working.stderr
    assert "next: cli all --source other --out other" in repository.stderr


# --- outputs inside the course folder are never read as sources --------------------------------

def test_a_build_inside_the_course_folder_never_reads_its_outputs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    course = write_course(tmp_path / "mine", {"01-un": CHAPTER + "\n![[pic.svg]]\n"})
    (course / "pic.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', "utf-8")
    monkeypatch.chdir(course)
    first = invoke("slides", obj=WORKING_FOLDER)
    inner = invoke("slides", "--out", "build", obj=WORKING_FOLDER)  # an --out in the course
    assert first.exit_code == inner.exit_code == 0, first.output + inner.output
    (course / "build" / "slides" / MANIFEST).unlink()  # as a build killed before it left
    for folder in (course / "slides", course / "build" / "slides"):
        (folder / "stray.md").write_text("# Stray\n", encoding="utf-8")
        (folder / "pic.svg").write_text("<svg/>", encoding="utf-8")
    indexed = FileIndex(course).notes() + FileIndex(course).find("pic.svg")
    assert indexed and all("slides" not in p.relative_to(course).parts for p in indexed)
    again = invoke("check", obj=WORKING_FOLDER)
    assert again.exit_code == 0 and "warning:" not in again.output, again.output


def test_out_whose_slides_hold_the_course_s_own_files_is_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    course = write_course(tmp_path / "mine", {"01-un": CHAPTER})
    (course / "handouts").mkdir()
    (course / "handouts" / "syllabus.pdf").write_bytes(b"the instructor's own")
    monkeypatch.chdir(course)
    result = invoke("slides", obj=WORKING_FOLDER)
    assert result.exit_code == 2, result.output
    assert "handouts/ is inside the course folder and holds files no build wrote" \
        in result.output
    assert not (course / "slides").exists()
    assert (course / "handouts" / "syllabus.pdf").read_bytes() == b"the instructor's own"


# --- each command takes the options it uses ----------------------------------------------------

COMMON = {"--source", "--out", "--strict", "-q", "-v", "--debug"}
OPTIONS = {
    "slides": COMMON | {"--force"},
    "handouts": COMMON | {"--force", "-j"},
    "all": COMMON | {"--force", "-j"},
    "check": COMMON - {"-v"} | {"--format"},
    "serve": COMMON | {"--port"},
}


@pytest.mark.parametrize("command", sorted(OPTIONS))
def test_each_command_offers_the_options_it_uses(command: str) -> None:
    options = [p for p in cli.commands[command].params if isinstance(p, click.Option)]
    shortest = {min(option.opts, key=len) for option in options}  # -q rather than --quiet
    assert shortest == OPTIONS[command]


@pytest.mark.parametrize(("command", "option"), [
    ("check", "--force"), ("check", "-j2"), ("check", "-v"), ("slides", "-j1"),
    ("serve", "--force"), ("serve", "-j1"),
])
def test_an_option_a_command_does_not_use_is_a_usage_error(
        tmp_path: Path, command: str, option: str) -> None:
    result = invoke(command, "--source", str(tmp_path), option)
    assert result.exit_code == 2, result.output
    assert f"No such option '{option.rstrip('0123456789')}'" in result.output


@pytest.mark.parametrize("path", [[], ["slides"], ["handouts"], ["all"], ["check"], ["serve"],
                                  ["new"], ["new", "course"], ["new", "chapter"]])
def test_help_shows_an_example(path: list[str]) -> None:
    result = invoke(*path, "--help")
    assert result.exit_code == 0
    examples = result.output.split("Example")[1]
    assert re.search(rf"^  cli {' '.join(path)}", examples, re.M), result.output


def test_shell_completion_prints_a_script_and_completes(tmp_path: Path) -> None:
    done = python_m_coursebuild(cwd=tmp_path, env={"_COURSEBUILD_COMPLETE": "bash_source"})
    assert done.returncode == 0, done.stderr
    assert "_coursebuild_completion()" in done.stdout
    assert "complete -o nosort -F _coursebuild_completion coursebuild" in done.stdout
    complete = BashComplete(cli, {}, "coursebuild", "_COURSEBUILD_COMPLETE")
    assert [c.value for c in complete.get_completions([], "ch")] == ["check"]
    assert [c.value for c in complete.get_completions(["check"], "--f")] == ["--format"]
    assert [c.value for c in complete.get_completions(["check", "--format"], "")] == \
        ["text", "json", "github"]


# --- every config problem in one run -----------------------------------------------------------

FIVE_TYPOS = """title: T
titel: Cours
theme: blue
slides:
  transtion: fade
  slide_numbers: 3
handouts:
  paper: A5
"""
FIVE_MESSAGES = [
    "course.yaml:2: unknown key 'titel' (did you mean 'title'?)",
    "course.yaml:3: 'theme' must be one of light, dark, not 'blue'",
    "course.yaml:5: unknown key 'transtion' (did you mean 'transition'?)",
    "course.yaml:6: 'slide_numbers' must be true or false, not a number",
    "course.yaml:8: 'paper' must be one of A4, Letter, not 'A5'",
]


@pytest.mark.parametrize("command", ["check", "slides"])
def test_five_typos_in_course_yaml_are_five_errors_in_one_run(tmp_path: Path,
                                                              command: str) -> None:
    course = write_course(tmp_path / "c", {"01-un": CHAPTER}, config=FIVE_TYPOS)
    result = invoke(command, "--source", str(course), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1, result.output
    lines = [line.removeprefix(f"{course}/") for line in result.output.splitlines()]
    summary = ["checked: 5 error(s), 0 warning(s)"] if command == "check" else []
    assert lines == FIVE_MESSAGES + summary
    assert not (tmp_path / "out" / "slides").exists()


def test_check_lists_course_yaml_and_front_matter_problems_in_one_run(tmp_path: Path) -> None:
    course = write_course(tmp_path / "c", {
        "01-un": "---\ntitel: Un\n---\n" + CHAPTER, "02-deux": CHAPTER,
        "03-trois": "---\nslides: {incremental: 3}\n---\n" + CHAPTER,
    }, config=FIVE_TYPOS)
    result = invoke("check", "--source", str(course))
    assert result.exit_code == 1
    lines = [line.removeprefix(f"{course}/") for line in result.output.splitlines()]
    assert lines == FIVE_MESSAGES + [
        "01-un.md:2: unknown key 'titel' (did you mean 'title'?)",
        "03-trois.md:2: 'incremental' must be true or false, not a number",
        "checked: 7 error(s), 0 warning(s)"]


def test_every_front_matter_problem_of_every_chapter_in_one_run(tmp_path: Path) -> None:
    course = write_course(tmp_path / "c", {
        "01-un": "---\ntitel: Un\nslides:\n  incremental: 3\n---\n" + CHAPTER,
        "02-deux": "---\naccent: 'red; x'\nmarkdown:\n  implicit_figure: false\n---\n" + CHAPTER,
    })
    result = invoke("check", "--source", str(course))
    assert result.exit_code == 1
    found = re.findall(r"^\S+/(0\d-\w+\.md:\d+): ", result.output, re.M)
    assert found == ["01-un.md:2", "01-un.md:4", "02-deux.md:2", "02-deux.md:4"], result.output
    assert "checked: 4 error(s)" in result.output


# --- check's report formats --------------------------------------------------------------------

def test_check_format_json_reports_every_problem(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    course = write_course(tmp_path / "c", {"01-un": CHAPTER}, config=FIVE_TYPOS)
    monkeypatch.chdir(tmp_path)
    result = invoke("check", "--source", "c", "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["version"] == 1 and report["ok"] is False
    assert report["counts"] == {"error": 5, "warning": 0}
    assert [f"{d['file']}:{d['line']}: {d['message']}" for d in report["diagnostics"]] == \
        [f"c/{m}" for m in FIVE_MESSAGES]
    assert {d["severity"] for d in report["diagnostics"]} == {"error"}
    assert result.stderr == ""
    assert course.is_dir()


def test_check_format_json_and_github_report_warnings_and_exit_0(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch,
                                                                 ) -> None:
    write_course(tmp_path / "c", {"01-un": CHAPTER + "\n[[nowhere]]\n"})
    monkeypatch.chdir(tmp_path)
    common = ["check", "--source", "c", "--out", "."]  # relative folders, as typed
    as_json = invoke(*common, "--format", "json")
    github = invoke(*common, "--format", "github")
    strict = invoke(*common, "--format", "github", "--strict")
    assert (as_json.exit_code, github.exit_code, strict.exit_code) == (0, 0, 1)
    warning = json.loads(as_json.stdout)["diagnostics"][0]
    assert (warning["file"], warning["severity"]) == ("c/01-un.md", "warning")
    assert github.stdout == f"::warning file=c/01-un.md,line={warning['line']}::" \
        f"{warning['message']}\n"
    assert strict.stdout.startswith("::error file=c/01-un.md,")
    assert "checked: 0 error(s), 1 warning(s)" in github.stderr


def test_check_format_text_is_unchanged(tmp_path: Path) -> None:
    course = write_course(tmp_path / "c", {"01-un": CHAPTER + "\n[[nowhere]]\n"})
    result = invoke("check", "--source", str(course))
    assert result.exit_code == 0 and result.stdout == ""
    assert re.fullmatch(rf"{re.escape(str(course))}/01-un\.md:\d+: warning: .+\n"
                        r"checked: 0 error\(s\), 1 warning\(s\)\n", result.stderr)


TRICKY = Diagnostic("error", Path("/elsewhere/a:b,c.md"), 7, "50% done\r\nnext: a, b")


def test_github_commands_escape_data_and_properties() -> None:
    assert github_command(TRICKY) == \
        "::error file=/elsewhere/a%3Ab%2Cc.md,line=7::50%25 done%0D%0Anext: a, b"
    no_line = Diagnostic("warning", Path("/elsewhere/course.yaml"), None, "100%")
    assert github_command(no_line) == "::warning file=/elsewhere/course.yaml::100%25"


def test_json_keeps_the_message_as_written() -> None:
    report = json.loads(json_report([TRICKY]))
    assert report["diagnostics"] == [{"file": "/elsewhere/a:b,c.md", "line": 7,
                                      "severity": "error", "message": "50% done\r\nnext: a, b"}]
    assert report["counts"] == {"error": 1, "warning": 0}


def test_a_fatal_error_is_reported_in_the_format_asked(tmp_path: Path) -> None:
    course = write_course(tmp_path / "c", {"01-un": CHAPTER}, config="title: [unclosed\n")
    result = invoke("check", "--source", str(course), "--format", "github")
    assert result.exit_code == 1
    assert result.stdout.startswith(f"::error file={course}/course.yaml,line=2::invalid YAML")


# --- serve: -q and -v --------------------------------------------------------------------------

def test_serve_prints_errors_only_under_quiet_and_every_file_under_verbose(
        tmp_path: Path) -> None:
    course = write_course(tmp_path / "c", {"01-un": CHAPTER + "\n[[nowhere]]\n",
                                           "02-deux": "# Deux\n\n[[01-un#nope]]\n"})
    printed: dict[str, list[str]] = {"quiet": [], "normal": [], "verbose": []}
    for name, console in [("quiet", Console(printed["quiet"].append, quiet=True)),
                          ("normal", Console(printed["normal"].append)),
                          ("verbose", Console(printed["verbose"].append, verbose=True))]:
        build_once(BuildOptions(course, tmp_path / name, strict=name == "quiet"), console)
    assert printed["quiet"] and all(": " in line and "warning" not in line
                                    for line in printed["quiet"])
    assert any(line.startswith("built in") for line in printed["normal"])
    assert not any(line.startswith("[") for line in printed["normal"])
    written = [line for line in printed["verbose"] if line.startswith("[")]
    assert written and written[-1].endswith("slides/index.html")
    quiet_normal = Console(printed["normal"].append, quiet=True)
    quiet_normal.info("serving …")
    assert printed["normal"][-1] != "serving …"


def test_serve_command_passes_quiet_and_verbose(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict] = []
    monkeypatch.setattr("coursebuild.serve.serve", lambda options, **kw: calls.append(kw))
    assert invoke("serve", "--source", str(tmp_path), "-q").exit_code == 0
    assert invoke("serve", "--source", str(tmp_path), "-v").exit_code == 0
    assert [(c["quiet"], c["verbose"]) for c in calls] == [(True, False), (False, True)]
