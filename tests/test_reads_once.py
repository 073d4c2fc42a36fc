"""A build reads course.yaml once: the config and its digest come from one read."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import write_course

COUNT_OPENS = """
import sys
opened = []
sys.addaudithook(lambda event, args: opened.append(str(args[0]))
                 if event == "open" and str(args[0]).endswith("course.yaml") else None)
from coursebuild.pipeline import BuildOptions, build_slides
from pathlib import Path
result = build_slides(BuildOptions(Path(sys.argv[1]), Path(sys.argv[2]), jobs=1, force=True))
assert result.ok, [str(d) for d in result.diagnostics.items]
print(len(opened))
"""


def test_a_build_opens_course_yaml_once(tmp_path: Path) -> None:
    course = write_course(tmp_path / "course", {"01-un": "# Un\n\nTexte.\n"})
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-c", COUNT_OPENS, str(course), str(tmp_path / "out")],
                          capture_output=True, text=True, cwd=root, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "1"
