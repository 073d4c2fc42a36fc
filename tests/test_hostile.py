"""Hostile input: nothing outside the course folder is read, nothing is fetched from the
network, and values from the configuration are escaped everywhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from coursebuild.cli import cli
from tests.conftest import one_job, write_course

CANARY = "CANARY-7f3e9a-outside-the-course"
SVG = f'<svg xmlns="http://www.w3.org/2000/svg"><title>{CANARY}</title></svg>'


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the course holding files the build must never read."""
    folder = tmp_path / "secret"
    folder.mkdir()
    (folder / "secret.svg").write_text(SVG, encoding="utf-8")
    (folder / "secret.css").write_text(f"/* {CANARY} */ body {{ color: red }}", encoding="utf-8")
    (folder / "secret.txt").write_text(CANARY, encoding="utf-8")
    return folder


def hostile_chapter(outside: Path) -> str:
    secret = outside / "secret.svg"
    return "\n\n".join([
        "# Piégé",
        "![relative](../secret/secret.svg)",
        f"![absolute]({secret})",
        f"![file url]({secret.as_uri()})",
        "![[../secret/secret.svg]]",
        "![remote](https://example.org/tracker.png)",
        "[a link out](../secret/secret.txt)",
        f"[a file link]({(outside / 'secret.txt').as_uri()})",
        '<img src="../secret/secret.svg"> and <iframe src="https://example.org"></iframe>',
        '<link rel="stylesheet" href="../secret/secret.css">',
    ]) + "\n"


def build(course: Path, out: Path, command: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [command, "--source", str(course), "--out", str(out),
                                      *one_job(command)])
    return result.exit_code, result.output


def every_output_text(out: Path) -> str:
    texts = []
    for path in out.rglob("*"):
        if path.suffix == ".pdf":
            texts += [page.extract_text() or "" for page in PdfReader(path).pages]
            texts.append(path.read_bytes().decode("latin-1"))
        elif path.is_file():
            texts.append(path.read_bytes().decode("utf-8", "replace"))
    return "\n".join(texts)


@pytest.mark.parametrize("expected", [
    r"c\.md:3: refused \.\./secret/secret\.svg: it points outside the course folder",
    r"c\.md:5: refused absolute path /",
    r"c\.md:7: refused file:///.*: only files inside the course folder can be used",
    r"c\.md:9: refused \.\./secret/secret\.svg: it points outside the course folder",
    r"c\.md:11: refused remote image https://example\.org/tracker\.png: builds never use "
    r"the network",
    r"c\.md:13: warning: refused link \.\./secret/secret\.txt",
    r"c\.md:15: warning: refused link file:///",
    r"c\.md:17: warning: raw HTML is shown as text, not rendered: <img",
    r"c\.md:17: warning: raw HTML is shown as text, not rendered: <iframe",
    r"c\.md:19: warning: raw HTML is shown as text, not rendered: <link",
])
def test_every_way_out_is_refused_with_a_message(tmp_path: Path, outside: Path,
                                                 expected: str) -> None:
    course = write_course(tmp_path / "course", {"c": hostile_chapter(outside)})
    code, output = build(course, tmp_path / "out", "check")
    assert code == 1
    assert re.search(expected, output), output


def test_nothing_from_outside_the_folder_reaches_any_output(tmp_path: Path,
                                                            outside: Path) -> None:
    chapters = {"c": hostile_chapter(outside), "ok": "# Propre\n\nRien à voir.\n"}
    config = ("title: T\ncss: [../secret/secret.css]\nlogo: ../secret/secret.svg\n"
              "handouts:\n  kinds: [reading, course]\n")
    course = write_course(tmp_path / "course", chapters, config=config)
    (course / "templates").mkdir()
    (course / "templates" / "theme.css").write_text(
        '{% include "default/theme.css" %}\n@import url("../../secret/secret.css");\n'
        f'body {{ background: url("{(outside / "secret.svg").as_uri()}") }}\n', encoding="utf-8")
    out = tmp_path / "out"
    code, output = build(course, out, "all")
    assert code == 1
    refused = "course.yaml:2: refused ../secret/secret.css: it points outside the course folder"
    assert refused in output
    assert "templates/theme.css:2: refused @import" in output
    assert "templates/theme.css:3: refused url(file://" in output
    assert (out / "slides" / "ok.html").is_file(), output  # the clean chapter is still built
    assert CANARY not in every_output_text(out)
    assert not any(p.read_bytes() == SVG.encode() for p in out.rglob("*.svg"))


def test_the_build_asks_nothing_of_the_network(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A clean chapter, so WeasyPrint runs, whose SVG asks for a remote image: only the PDF
    fetcher stands between it and the network. WeasyPrint swallows a fetch's exception, so
    socket calls are recorded, not only refused."""
    import socket

    attempts: list[tuple] = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise AssertionError(f"network access attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    course = write_course(tmp_path / "course", {
        "c": "# Titre\n\n![schéma](images/a.svg)\n\n[web](https://example.org)\n",
        "r": "# Distant\n\n![x](https://example.org/a.png)\n"},
        config="title: T\nhandouts:\n  kinds: [reading]\n")
    (course / "images").mkdir()
    (course / "images" / "a.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        '<image href="http://127.0.0.1:9/a.png" width="10" height="10"/></svg>', encoding="utf-8")
    out = tmp_path / "out"
    code, output = build(course, out, "all")
    assert "refused remote image https://example.org/a.png" in output
    assert (out / "handouts" / "c.pdf").is_file(), output  # WeasyPrint ran on the clean chapter
    assert attempts == []
    assert "handouts never use the network: http://127.0.0.1:9/a.png" in output
    assert code == 1


HOSTILE_TEXT = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_config_and_front_matter_values_are_escaped_in_every_html_output(tmp_path: Path) -> None:
    config = (f"title: '{HOSTILE_TEXT}'\nsubtitle: '{HOSTILE_TEXT}'\n"
              f"author: '{HOSTILE_TEXT}'\ndate: '{HOSTILE_TEXT}'\n")
    front = f"---\ntitle: '{HOSTILE_TEXT}'\n---\n"
    chapter = front + f"# {HOSTILE_TEXT}\n\n> {HOSTILE_TEXT}\n\n## Partie\n\nTexte.\n"
    course = write_course(tmp_path / "course", {"c": chapter}, config=config)
    out = tmp_path / "out"
    code, output = build(course, out, "slides")
    assert code == 0, output
    pages = list((out / "slides").glob("*.html"))
    assert len(pages) == 2
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html and "onerror=alert" not in html.replace(
            "&lt;img src=x onerror=alert(1)&gt;", "")
        assert "&lt;script&gt;" in html


def test_raw_html_policy_is_text(tmp_path: Path) -> None:
    course = write_course(tmp_path / "course",
                          {"c": "# T\n\nDu <b>gras</b> et\n\n<div>un bloc</div>\n"})
    code, output = build(course, tmp_path / "out", "slides")
    assert code == 0
    html = (tmp_path / "out" / "slides" / "c.html").read_text(encoding="utf-8")
    assert "Du &lt;b&gt;gras&lt;/b&gt; et" in html
    assert "&lt;div&gt;un bloc&lt;/div&gt;" in html
    assert output.count("raw HTML is shown as text") == 3


def test_an_accent_that_is_not_a_colour_is_refused(tmp_path: Path) -> None:
    course = write_course(tmp_path / "course", {
        "c": "---\naccent: 'red;}</style><script>alert(2)</script>'\n---\n# T\n"})
    code, output = build(course, tmp_path / "out", "slides")
    assert code == 1
    assert "c.md:2: 'accent' must be a CSS colour such as '#326ce5'" in output
