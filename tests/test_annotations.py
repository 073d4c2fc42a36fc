"""What the stages after parsing learn about a token is typed, and read back typed."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from coursebuild.config import load_course_config
from coursebuild.errors import Diagnostics
from coursebuild.links import embedded_files, resolve_course
from coursebuild.markdown.annotations import annotation, wiki_ref
from coursebuild.model import ChapterLink, Course, Diagram, FrontMatter
from coursebuild.parsing import parse_chapter
from tests.conftest import write_course

CHAPTER = """---
title: Titre choisi
accent: '#e91e63'
slides:
  transition: fade
---
# Un

## Deux

Voir [[b#Suite|la suite]], [[absent]], [ici](ftp://x.org) et ![[pic.png]].

```mermaid
flowchart LR
  A --> B
```
"""


def _course(tmp_path: Path) -> Course:
    folder = write_course(tmp_path / "c", {"a": CHAPTER, "b": "# B\n\n## Suite\n\nTexte.\n"})
    Image.new("RGB", (4, 4)).save(folder / "pic.png")
    chapters = [parse_chapter(folder / f"{stem}.md", (folder / f"{stem}.md").read_text())
                for stem in ("a", "b")]
    course = Course(load_course_config(folder / "course.yaml"), folder, chapters)
    resolve_course(course, Diagnostics())
    return course


def _children(course: Course) -> list:
    slide = course.chapters[0].slides[-1]
    return [child for token in slide.body if token.type == "inline"
            for child in token.children or []]


def test_front_matter_is_typed() -> None:
    chapter = parse_chapter(Path("a.md"), CHAPTER)
    assert chapter.front == FrontMatter(title="Titre choisi", accent="#e91e63",
                                        transition="fade")
    assert chapter.plain_title == "Titre choisi"


def test_links_files_and_refusals_are_typed_annotations(tmp_path: Path) -> None:
    course = _course(tmp_path)
    children = _children(course)
    links = [annotation(c).link for c in children if c.type == "wikilink"]
    assert links[0] == ChapterLink("b", "suite")
    assert isinstance(links[1], str) and "no chapter named 'absent'" in links[1]
    assert [annotation(c).refused for c in children if c.type == "link_open"] == [True]
    embed = next(c for c in children if c.type == "wikiembed")
    assert annotation(embed).file == (course.root / "pic.png").resolve()
    assert wiki_ref(embed).raw == "![[pic.png]]"
    assert embedded_files(course.chapters[0]) == {(course.root / "pic.png").resolve()}


def test_a_mermaid_fence_carries_its_diagram(tmp_path: Path) -> None:
    course = _course(tmp_path)
    fence = next(t for t in course.chapters[0].slides[-1].body if t.type == "fence")
    diagram = annotation(fence).diagram
    assert isinstance(diagram, Diagram) and diagram is course.chapters[0].diagrams[0]
    assert diagram.kind == "flowchart" and diagram.line == 14  # its first line, under the fence
