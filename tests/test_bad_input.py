"""Bad input: each case gives ``path:line: message``, the right exit code, never a traceback,
and the outputs of the previous successful build stay intact and valid."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from coursebuild.cli import cli
from tests.conftest import one_job, write_course

GOOD = {
    "00-index": "# ⚙️ Cours\n\n## Plan\n\n- [[01-un|Un]]\n- [[02-deux]]\n",
    "01-un": "# 📖 Un\n\n## Partie\n\nTexte.\n\n```mermaid\ngraph TD\n    A --> B\n```\n",
    "02-deux": "# 🔷 Deux\n\nVoir [[01-un#Partie|la partie]].\n",
}


def write(name: str, text: str | bytes) -> Callable[[Path], None]:
    def change(course: Path) -> None:
        path = course / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return change


def append(name: str, text: str) -> Callable[[Path], None]:
    def change(course: Path) -> None:
        path = course / name
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    return change


def big_diagram(nodes: int) -> str:
    edges = "\n".join(f"    n{i} --> n{i + 1}" for i in range(nodes - 1))
    return f"# Grand\n\n```mermaid\ngraph TD\n{edges}\n```\n"


@dataclass(frozen=True)
class Case:
    change: Callable[[Path], None]
    message: str  # a regular expression the output must contain
    code: int = 1
    chapter: str = "01-un"  # whose previous deck must survive when code is 1


CASES = {
    "invalid YAML in course.yaml": Case(
        write("course.yaml", "title: [oops\nlang: fr\n"), r"course\.yaml:2: invalid YAML"),
    "invalid YAML in front matter": Case(
        write("01-un.md", "---\ntitle: [oops\n---\n# Un\n"), r"01-un\.md:2: invalid YAML"),
    "unknown key in course.yaml": Case(
        write("course.yaml", "title: T\nauthr: moi\n"),
        r"course\.yaml:2: unknown key 'authr' \(did you mean 'author'\?\)"),
    "mistyped key in front matter": Case(
        write("01-un.md", "---\naccent: [1, 2]\n---\n# Un\n"),
        r"01-un\.md:2: 'accent' must be a string, not a list"),
    "broken wiki-link (warning)": Case(
        append("01-un.md", "\nVoir [[99-absent]].\n"),
        r"01-un\.md:12: warning: unresolved wiki-link \[\[99-absent\]\]", code=0),
    "broken heading anchor (warning)": Case(
        write("02-deux.md", "# Deux\n\n[[01-un#Nulle part]]\n"),
        r"02-deux\.md:3: warning: unresolved wiki-link .*no heading 'Nulle part' in 01-un",
        code=0),
    "missing image": Case(
        append("01-un.md", "\n![schéma](images/absent.png)\n"),
        r"01-un\.md:12: missing image images/absent\.png"),
    "mermaid syntax error": Case(
        write("01-un.md", "# Un\n\n```mermaid\ngraph TD\n    A --> B\n    C[[oops --> D\n```\n"),
        r"01-un\.md:6: mermaid: .+"),
    "file that is not UTF-8": Case(
        write("01-un.md", "# Un\n\nAccentué\n".encode("latin-1")),
        r"01-un\.md:3: not UTF-8 text"),
    "binary file named .md": Case(
        write("01-un.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        r"01-un\.md:3: binary file \(it holds NUL bytes\), not text"),
    "empty chapter": Case(
        write("01-un.md", "\n\n"), r"01-un\.md:1: empty chapter"),
    "template with a Jinja syntax error": Case(
        write("templates/slide.html", "<section>\n{% if slide.heading %}\n</section>\n"),
        r"templates/slide\.html:\d+: template error: .*(endif|end of template)"),
    "10 MB chapter": Case(
        write("01-un.md", "# Un\n\n" + "du texte, encore du texte. " * 400_000),
        r"01-un\.md: 10\.\d MB is more than a course file may be \(2 MB\): split it"),
    "diagram of 3,500 lines": Case(
        write("01-un.md", big_diagram(3500)),
        r"01-un\.md:2504: mermaid: more than 2,500 nodes and subgraphs in one diagram "
        r"\(the node bound\)"),
    "2,000-node diagram (drawn)": Case(
        write("01-un.md", big_diagram(2000)), r"4 file\(s\) written", code=0),
}


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [*args, *one_job(args[0])])
    return result.exit_code, result.output


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*.html"))}


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input(tmp_path: Path, name: str) -> None:
    case = CASES[name]
    course = write_course(tmp_path / "course", GOOD)
    out = tmp_path / "out"
    args = ("--source", str(course), "--out", str(out))
    assert run("slides", *args)[0] == 0
    before = outputs(out / "slides")
    case.change(course)
    code, output = run("slides", *args)
    assert re.search(case.message, output), output
    assert code == case.code, output
    assert "Traceback" not in output
    after = outputs(out / "slides")
    assert set(after) == set(before)  # nothing lost
    if case.code == 1 and f"{case.chapter}.html" in before and "course.yaml" not in name:
        assert after[f"{case.chapter}.html"] == before[f"{case.chapter}.html"]
    for html in after.values():  # every output is whole, never half-written
        assert html.rstrip().endswith(b"</html>")
    assert not list(out.rglob("*.tmp"))
    check_code, check_output = run("check", *args)  # check finds the same problem
    assert check_code == case.code
    if case.code:
        assert re.search(case.message, check_output), check_output
