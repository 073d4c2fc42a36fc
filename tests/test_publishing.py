"""The example CI workflows of docs/examples/ (GitHub Pages, GitLab Pages), tested as far as
they can be here: they parse, install what WeasyPrint's documentation lists, run commands and
options the CLI has, and their build steps, run locally on a course, lay out a site where every
link of the landing page resolves inside the published folder."""

from __future__ import annotations

import os
import shlex
import shutil
import stat
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import click
import pytest
import yaml

from coursebuild.cli import cli
from tests.conftest import ROOT

EXAMPLES = ROOT / "docs" / "examples"
# WeasyPrint's documentation, "Installation", for wheels in a virtual environment
WEASYPRINT_UBUNTU = {"libpango-1.0-0", "libharfbuzz0b", "libpangoft2-1.0-0", "libharfbuzz-subset0"}
WEASYPRINT_DEBIAN = {"libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0"}
INSTALLS = ("apt-get", "pip install")  # the steps a local run leaves to the CI machine
CHAPTERS = {  # a course without course.yaml: what an instructor might push first
    "00-index": "# Mon cours\n\nLe cours présente les outils que nous verrons dans les "
                "chapitres, et ce que vous devez installer pour les suivre.\n\n- [[01-outils]]\n",
    "01-outils": "# Les outils\n\n## Le terminal\n\nUn terminal est une fenêtre dans laquelle "
                 "on tape des commandes.\n\n```sh\nls -la\n```\n",
}


def _github() -> dict:
    return yaml.safe_load((EXAMPLES / "github-pages.yml").read_text(encoding="utf-8"))


def _gitlab() -> dict:
    return yaml.safe_load((EXAMPLES / "gitlab-pages.yml").read_text(encoding="utf-8"))


def _github_scripts() -> list[str]:
    return [step["run"] for step in _github()["jobs"]["build"]["steps"] if "run" in step]


def _gitlab_scripts() -> list[str]:
    job = _gitlab()["pages"]
    return [*job["before_script"], *job["script"]]


def _commands(scripts: list[str]) -> list[list[str]]:
    return [shlex.split(line, comments=True) for script in scripts
            for line in script.splitlines() if line.strip().startswith("coursebuild")]


def _apt_packages(scripts: list[str]) -> set[str]:
    words = [w for s in scripts if "apt-get install" in s for w in shlex.split(s, comments=True)]
    return {w for w in words if w.startswith("lib")}


@pytest.mark.parametrize("scripts", [_github_scripts(), _gitlab_scripts()], ids=["github",
                                                                                 "gitlab"])
def test_the_coursebuild_commands_exist(scripts: list[str]) -> None:
    commands = _commands(scripts)
    assert [c[1] for c in commands] == ["all"]
    for words in commands:
        command = cli.commands[words[1]]
        context = command.make_context("coursebuild", words[2:])  # an unknown option raises
        assert Path(context.params["source"]).resolve() == Path.cwd().resolve()


def test_github_publishes_the_folder_it_builds() -> None:
    steps = _github()["jobs"]["build"]["steps"]
    [upload] = [s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact")]
    [build] = _commands(_github_scripts())
    assert upload["with"]["path"] == build[build.index("--out") + 1] == "_site"
    deploy = _github()["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
    assert _github()["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}


def test_gitlab_publishes_public() -> None:
    [build] = _commands(_gitlab_scripts())
    assert _gitlab()["pages"]["artifacts"]["paths"] == [build[build.index("--out") + 1]] == \
        ["public"]


def test_the_system_packages_are_weasyprints() -> None:
    assert _apt_packages(_github_scripts()) == WEASYPRINT_UBUNTU
    assert _apt_packages(_gitlab_scripts()) == WEASYPRINT_DEBIAN


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls += [value for name, value in attrs if name in ("href", "src") and value]


def _local_links(page: Path) -> list[str]:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return [url for url in parser.urls if not urlsplit(url).scheme and not url.startswith("#")]


def _run_locally(scripts: list[str], course: Path, env: dict[str, str]) -> None:
    """The steps but the installs, in bash, in the course folder: as the CI job runs them."""
    for script in scripts:
        if any(word in script for word in INSTALLS):
            continue
        done = subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=course, env=env,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr


@pytest.fixture
def course(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A course in a git repository, and an environment whose ``coursebuild`` is this tree's."""
    folder = tmp_path / "course"
    folder.mkdir()
    for stem, text in CHAPTERS.items():
        (folder / f"{stem}.md").write_text(text, encoding="utf-8")
    tools = tmp_path / "bin"
    tools.mkdir()
    shim = tools / "coursebuild"
    shim.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m coursebuild "$@"\n')
    shim.chmod(shim.stat().st_mode | stat.S_IEXEC)
    env = {**os.environ, "PATH": f"{tools}{os.pathsep}{os.environ['PATH']}",
           "PYTHONPATH": str(ROOT), "CI_COMMIT_TIMESTAMP": "2023-11-14T22:13:20+00:00"}
    if shutil.which("git"):
        git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
        for args in (["init", "-q"], ["add", "."], ["commit", "-qm", "course"]):
            subprocess.run([*git, *args], cwd=folder, check=True, env=env)
    return folder, env


@pytest.mark.parametrize("kind", ["github", "gitlab"])
def test_the_site_links_resolve_inside_the_artifact(kind: str,
                                                    course: tuple[Path, dict[str, str]]) -> None:
    if kind == "github" and not shutil.which("git"):
        pytest.skip("git is not installed")
    folder, env = course
    scripts, site = (_github_scripts(), "_site") if kind == "github" else (_gitlab_scripts(),
                                                                          "public")
    _run_locally(scripts, folder, env)
    root = (folder / site).resolve()
    assert sorted(p.name for p in root.iterdir()) == ["handouts", "index.html", "slides"]
    assert not [p for p in root.rglob(".*")]  # no build bookkeeping published
    links = _local_links(root / "slides" / "index.html")
    assert any(link.startswith("../handouts/") and link.endswith(".pdf") for link in links)
    for page in (root / "index.html", root / "slides" / "index.html"):
        for link in _local_links(page):
            target = (page.parent / unquote(urlsplit(link).path)).resolve()
            target = target / "index.html" if target.is_dir() else target
            assert target.is_relative_to(root) and target.is_file(), (page, link)


def test_an_unknown_option_would_be_caught() -> None:
    with pytest.raises(click.NoSuchOption):
        cli.commands["all"].make_context("coursebuild", ["--source", ".", "--publish"])
