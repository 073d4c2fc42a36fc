"""The output folder is the user's disk: a crafted or broken build cache is data we check, the
build deletes only what it wrote and never through a link, refuses output folders where
writing would harm, lets one build at a time write, cleans up after killed builds, and the
landing page links exactly what exists."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from coursebuild.cli import cli
from coursebuild.incremental import MANIFEST
from coursebuild.output_folder import build_lock
from tests.conftest import FIXTURES, one_job, write_course

CHAPTERS = {
    "00-index": "# Cours\n\n- [[01-un|Un]]\n- [[02-deux]]\n",
    "01-un": "# Un\n\nTexte.\n\n![Pixel](images/pixel.png)\n",
    "02-deux": "# Deux\n\nVoir [[01-un]].\n",
}
CANARY = "CANARY-output-safety-5c1d"


@pytest.fixture
def course(tmp_path: Path) -> Path:
    folder = write_course(tmp_path / "course", CHAPTERS)
    (folder / "images").mkdir()
    (folder / "images" / "pixel.png").write_bytes(
        (FIXTURES / "course" / "images" / "pixel.png").read_bytes())
    return folder


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.txt").write_text(CANARY, encoding="utf-8")
    (folder / "keep.png").write_bytes(b"not ours")
    return folder


def run(course: Path, out: Path, command: str = "slides", *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [command, "--source", str(course), "--out", str(out),
                                      *one_job(command), *extra])
    return result.exit_code, result.output


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()}


def cache(out: Path) -> dict:
    return json.loads((out / "slides" / MANIFEST).read_text(encoding="utf-8"))


def set_cache(out: Path, data: object) -> None:
    (out / "slides" / MANIFEST).write_text(json.dumps(data), encoding="utf-8")


# --- The build cache is data we check --------------------------------------------------------

def copy_of_passwd(out: Path, course: Path, outside: Path) -> None:
    data = cache(out)
    data["copies"]["index.html"]["files/secret.txt"] = str(outside / "secret.txt")
    set_cache(out, data)


def copy_out_of_assets(out: Path, course: Path, outside: Path) -> None:
    data = cache(out)
    data["copies"]["index.html"]["../../../escaped.png"] = str(course / "images" / "pixel.png")
    set_cache(out, data)


def page_out_of_folder(out: Path, course: Path, outside: Path) -> None:
    data = cache(out)
    data["outputs"]["../escaped.html"] = "0" * 64
    set_cache(out, data)


def prune_outside(out: Path, course: Path, outside: Path) -> None:
    data = cache(out)
    data["assets"].append("../../outside/keep.png")
    set_cache(out, data)


def replace_with(value: object) -> Callable[[Path, Path, Path], None]:
    return lambda out, course, outside: set_cache(out, value)


def drop_key(key: str) -> Callable[[Path, Path, Path], None]:
    def change(out: Path, course: Path, outside: Path) -> None:
        data = cache(out)
        del data[key]
        set_cache(out, data)
    return change


def bad_facts(key: str, value: object) -> Callable[[Path, Path, Path], None]:
    """Every chapter's remembered ``key`` set to ``value``."""
    def change(out: Path, course: Path, outside: Path) -> None:
        data = cache(out)
        for facts in data["facts"].values():
            facts[key] = value
        set_cache(out, data)
    return change


def raw(text: str) -> Callable[[Path, Path, Path], None]:
    return lambda out, course, outside: (out / "slides" / MANIFEST).write_text(text)


@pytest.mark.parametrize("attack, reason, force", [
    (copy_of_passwd, "copy source .* is outside the course and the package", False),
    (copy_out_of_assets, "asset name .* is not a path inside assets/", False),
    (page_out_of_folder, "output name .* is not a plain file name", False),
    (prune_outside, "asset name .* is not a path inside assets/", False),
    (replace_with([]), "the manifest is not a mapping", False),
    (replace_with([]), "the manifest is not a mapping", True),
    (replace_with(None), "the manifest is not a mapping", False),
    (replace_with({"format": 3}), "'outputs'", False),
    (drop_key("copies"), "'copies'", True),
    (replace_with({"format": 99}), "format 99, expected 3", False),
    (bad_facts("title_lines", -1), "title_lines is not a count", False),
    (bad_facts("texts", ["one more heading than anchors"] * 99), "one heading text per anchor",
     False),
    (raw("{not json"), "Expecting property name", False),
    (raw("[" * 100_000 + "]" * 100_000), "maximum recursion|RecursionError", False),
], ids=["copy-from-outside", "copy-out-of-assets", "page-out-of-folder", "prune-outside",
        "list", "list-force", "null", "missing-key", "missing-copies-force", "old-format",
        "title-lines", "texts",
        "not-json", "deep"])
def test_a_crafted_or_broken_cache_is_discarded_with_a_warning(
        course: Path, outside: Path, tmp_path: Path, attack, reason: str, force: bool) -> None:
    out = tmp_path / "out"
    assert run(course, out)[0] == 0
    attack(out, course, outside)
    before_outside = snapshot(outside)
    code, output = run(course, out, "slides", *(["--force"] if force else []), "--strict")
    assert code == 0, output
    assert re.search(rf"{MANIFEST}: warning: build cache discarded \(.*({reason})", output), output
    assert "Traceback" not in output
    assert snapshot(outside) == before_outside
    assert not list(tmp_path.rglob("escaped*"))
    assert CANARY not in "".join(p.read_text("utf-8", "replace")
                                 for p in out.rglob("*") if p.is_file())
    assert (out / "slides" / "01-un.html").is_file()
    assert run(course, out)[1].count("discarded") == 0  # the cold build repaired it


# --- Pruning: only what the build wrote, never through a link --------------------------------

def test_files_a_user_put_in_assets_are_never_deleted(course: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(course, out)[0] == 0
    mine = [out / "slides" / "assets" / "files" / "mine.txt",
            out / "slides" / "assets" / "emoji" / "mine.svg",
            out / "slides" / "assets" / "mermaid" / "mine.js"]
    for path in mine:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("mine", encoding="utf-8")
    (course / "01-un.md").write_text("# Un\n\nPlus d'image.\n", encoding="utf-8")
    assert run(course, out)[0] == 0
    assert all(path.read_text(encoding="utf-8") == "mine" for path in mine)
    # what the build wrote and no page uses any more is pruned
    assert not (out / "slides" / "assets" / "files" / "images" / "pixel.png").exists()


def test_a_symlinked_assets_folder_is_neither_written_nor_pruned_through(
        course: Path, outside: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(course, out)[0] == 0
    files = out / "slides" / "assets" / "files"
    for path in sorted(files.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    files.rmdir()
    files.symlink_to(outside, target_is_directory=True)
    before = snapshot(outside)
    (course / "01-un.md").write_text("# Un\n\nPlus d'image.\n", encoding="utf-8")
    (course / "02-deux.md").write_text("# Deux\n\n![P](images/pixel.png)\n", encoding="utf-8")
    code, output = run(course, out, "slides", "--force")
    assert code == 1
    assert re.search(r"assets/files: refusing to write through a symbolic link", output), output
    assert "Traceback" not in output
    assert snapshot(outside) == before


@dataclass(frozen=True)
class BadOut:
    name: str
    out: Callable[[Path], Path]  # from the course folder
    message: str


BAD_OUTS = [
    BadOut("root", lambda course: Path("/"), "at the root of the file system"),
    BadOut("home", lambda course: Path.home(), "straight into the home folder"),
    BadOut("course-with-its-own-handouts", lambda course: course,
           "handouts/ is inside the course folder and holds files no build wrote"),
    BadOut("course-in-slides", lambda course: course.parent.parent,
           "the course folder .* is inside slides/"),
]


@pytest.mark.parametrize("case", BAD_OUTS, ids=[c.name for c in BAD_OUTS])
@pytest.mark.parametrize("command", ["slides", "handouts", "all"])
def test_an_output_folder_where_writing_would_harm_is_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: BadOut, command: str) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    course = write_course(tmp_path / "work" / "slides" / "course", CHAPTERS | {
        "01-un": "# Un\n"})
    (course / "handouts").mkdir()
    (course / "handouts" / "mine.pdf").write_bytes(b"the course's own")
    before = snapshot(tmp_path)
    code, output = run(course, case.out(course), command)
    assert code == 2, output
    assert re.search(case.message, output), output
    assert snapshot(tmp_path) == before


# --- One build at a time, and what killed builds leave ---------------------------------------

def test_a_second_build_into_the_same_folder_is_refused_clearly(course: Path,
                                                                tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(course, out)[0] == 0
    before = snapshot(out / "slides")
    with build_lock(out):  # as a build in another process holds it
        code, output = run(course, out, "slides", "--force")
    assert code == 1
    assert re.search(r"\.coursebuild\.lock: another build \(process \d+\) is writing to", output)
    assert "Traceback" not in output
    assert snapshot(out / "slides") == before
    assert run(course, out, "slides", "--force")[0] == 0  # the lock went with its holder


def test_two_builds_at_once_give_one_clear_refusal(course: Path, tmp_path: Path) -> None:
    import subprocess
    import sys
    import time

    command = [sys.executable, str(Path(__file__).parent.parent / "build.py"), "handouts",
               "--source", str(course), "--out", str(tmp_path / "out"), "-q", "-j1"]
    first = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    lock = tmp_path / "out" / ".coursebuild.lock"
    while first.poll() is None and not (lock.is_file() and lock.read_text().strip()):
        time.sleep(0.01)
    second = subprocess.run(command, stderr=subprocess.PIPE, text=True, check=False)
    first_err = first.communicate()[1]
    assert first.returncode == 0, first_err
    assert second.returncode == 1, second.stderr
    assert "another build" in second.stderr and "Traceback" not in second.stderr


def test_temporary_files_of_killed_builds_are_removed(course: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(course, out)[0] == 0
    left = [out / "slides" / ".01-un.html.k3j2x9q1.tmp",
            out / "slides" / "assets" / "emoji" / ".1f4d6.svg.a_b4c8d2.tmp",
            out / "handouts" / ".course.pdf.zz99aa11.tmp"]
    kept = [out / "slides" / ".my-notes.tmp", out / "slides" / "draft.tmp",
            out / "elsewhere" / ".x.html.k3j2x9q1.tmp"]
    for path in left + kept:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("half", encoding="utf-8")
    assert run(course, out)[0] == 0
    assert not any(path.exists() for path in left)
    assert all(path.exists() for path in kept)


# --- The landing page links exactly what exists ----------------------------------------------

def links(out: Path) -> list[str]:
    page = (out / "slides" / "index.html").read_text(encoding="utf-8")
    return re.findall(r'href="([^"#:]+\.(?:html|pdf))"', page)


def assert_links_exist(out: Path) -> None:
    for href in links(out):
        assert (out / "slides" / href).resolve().is_file(), href


BROKEN = "# Un\n\n![Manque](images/absente.png)\n"


def test_a_chapter_that_never_built_is_listed_without_a_link(course: Path,
                                                             tmp_path: Path) -> None:
    (course / "01-un.md").write_text(BROKEN, encoding="utf-8")
    out = tmp_path / "out"
    assert run(course, out)[0] == 1
    assert "01-un.html" not in links(out)
    assert_links_exist(out)
    page = (out / "slides" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'class="chapter failed">\s*<span class="deck">Un</span>\s*'
                     r'<span class="status">Non construit : la dernière construction '
                     r'a échoué', page)
    assert "version précédente" not in page


def test_a_chapter_that_fails_later_keeps_its_link_marked_previous(course: Path,
                                                                   tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(course, out)[0] == 0
    deck = (out / "slides" / "01-un.html").read_bytes()
    (course / "01-un.md").write_text(BROKEN, encoding="utf-8")
    assert run(course, out)[0] == 1
    assert (out / "slides" / "01-un.html").read_bytes() == deck
    assert "01-un.html" in links(out)
    assert_links_exist(out)
    page = (out / "slides" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'class="chapter failed">\s*<a class="deck" href="01-un.html">Un</a>\s*'
                     r'<span class="status">La dernière construction a échoué \(voir les '
                     r'erreurs\) : liens vers la version précédente', page)
    (course / "01-un.md").write_text(CHAPTERS["01-un"], encoding="utf-8")
    assert run(course, out)[0] == 0  # fixed: the mark goes
    assert "version précédente" not in (out / "slides" / "index.html").read_text("utf-8")


def test_a_chapter_that_does_not_parse_is_still_listed(course: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(course, out)[0] == 0
    (course / "02-deux.md").write_bytes(b"# Deux\n\xff\xfe\n")
    assert run(course, out)[0] == 1
    assert "02-deux.html" in links(out)
    assert_links_exist(out)


def test_the_book_kept_while_a_chapter_fails_is_said_and_marked(course: Path,
                                                                tmp_path: Path) -> None:
    out = tmp_path / "out"
    (course / "course.yaml").write_text("title: Ancien\nhandouts:\n  kinds: [course]\n",
                                        encoding="utf-8")
    assert run(course, out, "all")[0] == 0
    (course / "course.yaml").write_text("title: Nouveau\nhandouts:\n  kinds: [course]\n",
                                        encoding="utf-8")
    (course / "01-un.md").write_text(BROKEN, encoding="utf-8")
    code, output = run(course, out, "all")
    assert code == 1
    assert re.search(r"course\.pdf: warning: not rebuilt while 01-un has errors: the previous "
                     r"version is kept", output), output
    page = (out / "slides" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'course\.pdf">.*?</a> \(version précédente\)', page)
    (course / "01-un.md").write_text(CHAPTERS["01-un"], encoding="utf-8")
    assert run(course, out, "all")[0] == 0
    from pypdf import PdfReader

    assert PdfReader(out / "handouts" / "course.pdf").metadata.title == "Nouveau"
    assert "version précédente" not in (out / "slides" / "index.html").read_text("utf-8")


def test_a_template_error_is_reported_once_and_the_landing_page_still_written(
        course: Path, tmp_path: Path) -> None:
    (course / "templates").mkdir()
    (course / "templates" / "deck.html").write_text("{{ nope.nothing }}\n", encoding="utf-8")
    out = tmp_path / "out"
    code, output = run(course, out)
    assert code == 1
    assert output.count("deck.html:1: template error:") == 1, output
    assert "Traceback" not in output
    assert links(out) == []  # no deck was written: none is linked
    assert not list((out / "slides").glob("0*.html"))


@pytest.mark.parametrize("config, message", [
    ("title: T\nindex: ../victim\n", r"course\.yaml:2: refused \.\./victim: it points outside"),
    ("title: T\nchapters: [00-i, ../victim]\n",
     r"course\.yaml:2: chapters: refused \.\./victim: it points outside"),
], ids=["index-outside", "chapter-outside"])
def test_new_chapter_never_edits_a_file_outside_the_course(tmp_path: Path, config: str,
                                                           message: str) -> None:
    course = write_course(tmp_path / "c", {"00-i": "# I\n"}, config)
    victim = tmp_path / "victim.md"
    victim.write_text("# V\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["new", "chapter", "Deux", "--source", str(course)])
    assert result.exit_code == 1
    assert re.search(message, result.output), result.output
    assert victim.read_text(encoding="utf-8") == "# V\n"
    assert not (course / "01-deux.md").exists()
