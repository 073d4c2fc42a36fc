"""bench/bench_marp.py's conversion of a chapter to Marp Markdown (no Marp needed, no timing)."""

from __future__ import annotations

import os
from pathlib import Path

from bench.bench_marp import SLIDE_BREAK, find_marp, marp_markdown
from coursebuild.pipeline import BuildOptions, prepare
from tests.conftest import write_course

CHAPTER = """# Le titre

> Le sous-titre

## Première partie

- un point
- deux points

> [!handout]
> Texte du polycopié seulement.

Note: Ce que dit l'enseignant.

---

Une diapositive sans titre, après une règle.

### Du code

```bash
ctr images pull docker.io/library/nginx:latest
```

> [!answer]-
> La réponse, révélée au clic.
"""


def converted(tmp_path: Path) -> tuple[str, int]:
    source = write_course(tmp_path / "course", {"01-chapitre": CHAPTER})
    course, diagnostics = prepare(BuildOptions(source, source))
    assert not diagnostics.errors
    chapter = course.chapters[0]
    return marp_markdown(chapter, CHAPTER, "fr"), len(chapter.slides)


def test_one_marp_slide_per_slide_of_ours(tmp_path: Path) -> None:
    text, slides = converted(tmp_path)
    front, body = text.split("\n---\n\n", 1)
    assert front.splitlines()[1:] == ["marp: true", "size: 16:9", "paginate: true", "lang: fr"]
    parts = body.split(SLIDE_BREAK)
    assert slides == 4 and len(parts) == slides
    assert parts[0] == "# Le titre\n\n> Le sous-titre"
    assert parts[1].startswith("## Première partie\n\n- un point\n- deux points")
    assert parts[2] == "Une diapositive sans titre, après une règle."
    assert parts[3].startswith("### Du code\n\n```bash\nctr images pull")


def test_what_our_slides_do_not_show_is_left_out(tmp_path: Path) -> None:
    text, _ = converted(tmp_path)
    assert "Texte du polycopié" not in text  # [!handout]: paper only
    assert "Ce que dit l'enseignant" not in text  # speaker notes
    assert "La réponse, révélée au clic." in text  # answers are on the slide, at a click


def test_marp_is_found_through_the_variable_only_if_it_runs(tmp_path: Path) -> None:
    marp = tmp_path / "marp"
    marp.write_text("#!/bin/sh\n", encoding="utf-8")
    environ = {"MARP": str(marp), "PATH": str(tmp_path / "nowhere")}
    assert find_marp(environ) in (None, str(Path(__file__).parent.parent / "node_modules"
                                             / ".bin" / "marp"))
    os.chmod(marp, 0o755)
    assert find_marp(environ) == str(marp)
