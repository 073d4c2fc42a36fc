"""A course's CSS templates are checked as the browser and WeasyPrint read them: once Jinja has
rendered them, so a URL assembled by an expression is refused like a written one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from coursebuild.cli import cli
from tests.conftest import one_job, write_course

ASSEMBLED = {
    "concatenated": 'body { background: {{ "ur" ~ "l(http://127.0.0.1:9/x.png)" }} }\n',
    "joined": 'body { background: {{ ["u", "rl(//127.0.0.1:9/x.png)"] | join }} }\n',
    "import": '{{ "@im" ~ "port \'http://127.0.0.1:9/x.css\';" }}\nbody { color: red }\n',
    "image-set": 'body { background: {{ "-webkit-image-" ~ "set(\'http://x/y.png\' 1x)" }} }\n',
}


@pytest.mark.parametrize("name", ["theme.css", "landing.css", "handout.css", "print.css"])
@pytest.mark.parametrize("css", ASSEMBLED.values(), ids=ASSEMBLED.keys())
def test_check_refuses_a_url_a_css_template_assembles(tmp_path: Path, name: str,
                                                      css: str) -> None:
    course = write_course(tmp_path / "course", {"01-un": "# Un\n"})
    (course / "templates").mkdir()
    (course / "templates" / name).write_text("p { margin: 0 }\n" + css, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--source", str(course)])
    assert result.exit_code == 1
    assert re.search(rf"templates/{re.escape(name)}: refused .*\(line 2 once rendered\)",
                     result.output), result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", ["slides", "handouts"])
def test_a_build_refuses_it_and_falls_back_on_the_default(tmp_path: Path, command: str) -> None:
    """The refused stylesheet is reported (exit 1) and never written; the chapters are still
    built, with the default stylesheet in its place."""
    course = write_course(tmp_path / "course", {"01-un": "# Un\n"})
    (course / "templates").mkdir()
    (course / "templates" / "theme.css").write_text(ASSEMBLED["concatenated"], encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, [command, "--source", str(course), "--out", str(out),
                                      *one_job(command)])
    assert result.exit_code == 1
    assert "theme.css: refused url(http://127.0.0.1:9/x.png)" in result.output
    assert "Traceback" not in result.output
    built = {p.name for p in (out / command).iterdir()}
    assert ({"01-un.html", "index.html"} if command == "slides" else {"01-un.pdf"}) <= built
    if command == "slides":
        theme = (out / "slides" / "assets" / "theme.css").read_text(encoding="utf-8")
        default = (Path(__file__).parent.parent / "templates" / "theme.css").read_text("utf-8")
        assert "127.0.0.1" not in theme and theme.splitlines()[-1] == default.splitlines()[-1]
