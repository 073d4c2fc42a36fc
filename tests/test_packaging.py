"""The installable tool: paths in a clone, the wheel built from a clean clone, and the wheel
installed in a fresh venv working with no Node or npm on PATH (scaffold, build, serve).

Everything runs offline: the wheel is built without build isolation (the venv's setuptools and
build), and the fresh venv reaches the dependencies through a ``.pth`` line naming this venv's
site-packages, never this repository's editable install."""

from __future__ import annotations

import os
import selectors
import shutil
import signal
import subprocess
import sys
import sysconfig
import tarfile
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

from coursebuild import __version__, assets, paths
from coursebuild.emoji import emoji_file
from tests.conftest import ROOT

SERVE_WAIT = 60.0  # seconds for `serve` to build and print its address
MINDMAP = "# Carte\n\n```mermaid\nblock-beta\n  a[\"Cours\"] b[\"Diapositives\"]\n```\n"


def test_a_clone_reads_the_repository_templates_and_node_modules() -> None:
    assert not paths.INSTALLED
    assert paths.TEMPLATES == ROOT / "templates"
    assert paths.NODE_MODULES == ROOT / "node_modules"
    assert (paths.TEMPLATES / "deck.html").is_file()
    assert paths.asset_roots() == (ROOT / "node_modules", ROOT / "templates")


def test_the_bundle_holds_every_npm_file_the_code_names() -> None:
    bundled = set(paths.bundle_files(paths.NODE_MODULES))
    named = {*assets.REVEAL_FILES.values(), assets.MERMAID_JS, paths.font_file("inter", 700),
             *(f.file for f in assets.FONT_FACES), *(f.woff for f in assets.FONT_FACES),
             emoji_file("🚀"), emoji_file("👩‍💻")}
    assert None not in named
    assert named <= bundled, sorted(map(str, named - bundled))
    mermaid = [p for p in bundled if p.is_relative_to(paths.NODE_MODULES / "mermaid")]
    assert sorted(p.name for p in mermaid) == ["LICENSE", "mermaid.min.js"]


def test_a_bundle_pattern_that_matches_nothing_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="reveal.js"):
        paths.bundle_files(tmp_path)


def _clone(target: Path) -> Path:
    """This repository's HEAD, without any file git does not track."""
    head = _run(["git", "-C", str(ROOT), "rev-parse", "HEAD"]).stdout.strip()
    _run(["git", "clone", "--quiet", "--no-checkout", str(ROOT), str(target)])
    _run(["git", "-C", str(target), "checkout", "--quiet", "--detach", head])
    return target


def _run(command: list[str], cwd: Path | None = None, env: dict[str, str] | None = None,
         check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=300)
    if check:
        assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    return done


def _without_node(tmp: Path, extra: Path | None = None) -> dict[str, str]:
    """The environment with a PATH that has no node or npm (only ``extra``, if given)."""
    empty = tmp / "empty-bin"
    empty.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["PATH"] = os.pathsep.join(str(p) for p in (extra, empty) if p)
    return env


@pytest.mark.slow
def test_a_clone_without_node_modules_or_npm_says_how_to_get_the_wheel(tmp_path: Path) -> None:
    clone = _clone(tmp_path / "repo")
    done = _run([sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "--no-build-isolation",
                 "--no-index", "-w", str(tmp_path / "dist")], cwd=clone,
                env=_without_node(tmp_path), check=False)
    output = done.stdout + done.stderr
    assert done.returncode != 0
    assert "npm is not on PATH" in output, output
    assert "pip install coursebuild-" in output
    assert not list(tmp_path.glob("dist/*.whl"))


def _build_dist(tmp: Path) -> Path:
    """`python -m build` (wheel built from the sdist) in a clean clone whose node_modules is
    this one's (what `npm ci` gives), offline, with no npm on PATH."""
    clone = _clone(tmp / "repo")
    (clone / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    dist = tmp / "dist"
    _run([sys.executable, "-P", "-m", "build", "--no-isolation", "--outdir", str(dist), "."],
         cwd=clone, env=_without_node(tmp))
    return dist


def _check_wheel(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    bundled = "coursebuild/_bundled/"
    for name in ("templates/deck.html", "templates/theme.css", "npm/reveal.js/dist/reveal.js",
                 "npm/reveal.js/dist/plugin/notes.js",
                 "npm/@fontsource/inter/files/inter-latin-400-normal.woff2",
                 "npm/@fontsource/jetbrains-mono/files/jetbrains-mono-latin-400-normal.woff",
                 "npm/@twemoji/svg/1f680.svg", "npm/mermaid/dist/mermaid.min.js"):
        assert bundled + name in names, name
    assert "coursebuild/skeleton/fr/course.yaml" in names
    assert "coursebuild/__main__.py" in names
    assert len([n for n in names if n.startswith(bundled + "npm/@twemoji/svg/")]) > 3000
    mermaid = [n for n in names if "/mermaid/dist/" in n]
    assert mermaid == [bundled + "npm/mermaid/dist/mermaid.min.js"]
    tops = {n.split("/")[0] for n in names}
    assert tops == {"coursebuild", f"coursebuild-{__version__}.dist-info"}, tops
    assert not [n for n in names if "node_modules" in n or "/tests/" in n or "chapters/" in n]
    assert wheel.stat().st_size < 10_000_000


def _check_sdist(sdist: Path) -> None:
    """Templates and exactly the bundled npm files (the wheel was built from it, without npm);
    no tests, no course."""
    with tarfile.open(sdist) as archive:
        names = {m.name.split("/", 1)[1] for m in archive.getmembers() if m.isfile()}
    npm = {n.removeprefix("node_modules/") for n in names if n.startswith("node_modules/")}
    assert npm == {p.relative_to(paths.NODE_MODULES).as_posix()
                   for p in paths.bundle_files(paths.NODE_MODULES)}
    assert {"setup.py", "pyproject.toml", "templates/deck.html"} <= names
    assert not [n for n in names if n.startswith(("tests/", "chapters/"))]


def _fresh_venv(tmp: Path, wheel: Path) -> Path:
    """A venv with the wheel installed, its dependencies read from this venv's site-packages
    (a plain path line: the .pth files there, this repository's editable install among them,
    are not run)."""
    venv = tmp / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    python = venv / "bin" / "python"
    site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()"
                      "['purelib'])"]).stdout.strip())
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
          "--no-deps", "--no-index", str(wheel)])
    # after the install: pip never sees (nor touches) this venv's own coursebuild
    (site / "shared-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv


def _serve_answers(venv: Path, work: Path, env: dict[str, str]) -> str:
    """Start `coursebuild serve` on a free port, fetch the landing page, stop it."""
    command = [str(venv / "bin" / "coursebuild"), "serve", "--source", "mine", "--out", "build",
               "--port", "0"]
    server = subprocess.Popen(command, cwd=work, env=env, stderr=subprocess.PIPE, text=True)
    try:
        url = _served_url(server)
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=20)
        server.stderr.close()


def _served_url(server: subprocess.Popen[str]) -> str:
    selector = selectors.DefaultSelector()
    selector.register(server.stderr, selectors.EVENT_READ)
    deadline, seen = time.monotonic() + SERVE_WAIT, []
    while time.monotonic() < deadline and server.poll() is None:
        if selector.select(timeout=1.0):
            seen.append(line := server.stderr.readline())
            if line.startswith("serving ") and " at http://127.0.0.1:" in line:
                return line.split(" at ")[1].split()[0]
    raise AssertionError(f"serve printed no address: {''.join(seen)}")


@pytest.mark.slow
def test_the_wheel_installs_and_works_without_node(tmp_path: Path) -> None:
    dist = _build_dist(tmp_path)
    (wheel,), (sdist,) = dist.glob("coursebuild-*.whl"), dist.glob("coursebuild-*.tar.gz")
    _check_sdist(sdist)
    _check_wheel(wheel)
    venv = _fresh_venv(tmp_path, wheel)
    work = tmp_path / "work"
    work.mkdir()
    env = _without_node(tmp_path, venv / "bin")
    assert shutil.which("npm", path=env["PATH"]) is None
    assert shutil.which("node", path=env["PATH"]) is None

    def run(*command: str, cwd: Path = work) -> str:
        done = _run(list(command), cwd=cwd, env=env)
        return done.stdout + done.stderr

    where = run("python", "-c", "import coursebuild, coursebuild.paths as p; "
                "print(coursebuild.__file__, p.INSTALLED, p.TEMPLATES, p.NODE_MODULES)").split()
    assert Path(where[0]).is_relative_to(venv), where
    assert where[1:] == ["True", *(str(Path(where[0]).parent / "_bundled" / n)
                                   for n in ("templates", "npm"))]
    assert __version__ in run("coursebuild", "--version")
    assert __version__ in run("python", "-m", "coursebuild", "--version")
    run("coursebuild", "new", "course", "mine")
    mine = work / "mine"
    assert (mine / "course.yaml").is_file()
    (mine / "02-map.md").write_text(MINDMAP, encoding="utf-8")
    run("coursebuild", "all", cwd=mine)  # inside the course: its own slides/ and handouts/
    decks = sorted(p.name for p in (mine / "slides").glob("*.html"))
    assert "index.html" in decks and len(decks) >= 3, decks
    assert (mine / "slides" / "assets" / "reveal" / "reveal.js").is_file()
    assert list((mine / "slides" / "assets" / "fonts").glob("*.woff2"))
    assert (mine / "slides" / "assets" / "mermaid" / "mermaid.min.js").is_file()
    assert list((mine / "slides" / "assets" / "emoji").glob("*.svg"))
    pdfs = list((mine / "handouts").glob("*.pdf"))
    assert len(pdfs) >= 4 and all(p.read_bytes().startswith(b"%PDF") for p in pdfs)
    lone = work / "lone"
    lone.mkdir()
    (lone / "01-x.md").write_text("# Only chapter\n\n## One\n\nSome text.\n", encoding="utf-8")
    assert "no course.yaml" in run("coursebuild", "slides", cwd=lone)
    assert (lone / "slides" / "01-x.html").is_file()
    assert "<html" in _serve_answers(venv, work, env).lower()
