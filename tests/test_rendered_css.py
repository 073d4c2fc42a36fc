"""A course's CSS templates are checked as the browser and WeasyPrint read them: once Jinja has
rendered them, so a URL assembled by an expression is refused like a written one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from build import cli
from tests.conftest import write_course

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
    assert re.search(rf"templates/{re.escape(name)}:2: refused .*\(once rendered\)",
                     result.output), result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", ["slides", "handouts"])
def test_a_build_refuses_it_and_keeps_the_previous_outputs(tmp_path: Path, command: str) -> None:
    course = write_course(tmp_path / "course", {"01-un": "# Un\n"})
    out = tmp_path / "out"
    args = [command, "--source", str(course), "--out", str(out), "-j1"]
    assert CliRunner().invoke(cli, args).exit_code == 0
    folder = out / command
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    (course / "templates").mkdir()
    name = "theme.css"
    (course / "templates" / name).write_text(ASSEMBLED["concatenated"], encoding="utf-8")
    result = CliRunner().invoke(cli, [*args, "--force"])
    assert result.exit_code == 1
    assert "theme.css:1: refused url(http://127.0.0.1:9/x.png)" in result.output
    after = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    assert {p: d for p, d in after.items() if "cache" not in p.name} == {
        p: d for p, d in before.items() if "cache" not in p.name}
