"""The course model: what one parse of the Markdown gives, and both renderers read."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from markdown_it.token import Token

from .config import CourseConfig

SlideKind = Literal["title", "section", "slide", "continuation"]


@dataclass
class Heading:
    """A heading that starts a slide or a section."""

    level: int
    inline: Token  # the heading's inline token (emoji, links and all)
    text: str  # plain text, emoji removed
    anchor: str  # unique id within the chapter
    line: int


@dataclass(frozen=True)
class ChapterLink:
    """Where a wiki-link points: a chapter and, optionally, the anchor of one of its headings."""

    stem: str
    anchor: str = ""


@dataclass(frozen=True)
class EmbedSource:
    """Where an embedded passage (``![[note#heading]]``) comes from: what its box's source
    line says and links to."""

    label: str  # "Autre chapitre > Deuxième partie": the title, then the heading
    path: Path  # the embedded file
    link: ChapterLink | None  # its chapter and heading; None for a note that is no chapter


@dataclass
class Diagram:
    """A fenced diagram (mermaid); ``svg`` is filled by the diagram stage."""

    source: str
    kind: str
    line: int  # line of the fence's first content line in the chapter file
    svg: str = ""
    error: str = ""
    width: float = 0.0  # natural size of the drawing, in CSS px
    height: float = 0.0


@dataclass
class Resource:
    label: str
    url: str
    line: int


@dataclass
class Slide:
    """One slide: its content tokens and its speaker notes."""

    kind: SlideKind
    line: int
    heading: Heading | None = None
    body: list[Token] = field(default_factory=list)
    notes: list[Token] = field(default_factory=list)
    subtitle: list[Token] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return self.heading.anchor if self.heading else ""


@dataclass
class Section:
    """A ``##`` section: a vertical stack of slides in reveal.js."""

    heading: Heading | None
    slides: list[Slide] = field(default_factory=list)
    is_resources: bool = False  # the chapter's resources list (gathered at the end of the book)


@dataclass(frozen=True)
class FrontMatter:
    """What a chapter's front matter sets for itself; "" where it leaves the course's value."""

    title: str = ""
    subtitle: str = ""
    author: str = ""
    accent: str = ""
    transition: str = ""  # ``slides: {transition: ...}``
    implicit_figures: bool | None = None  # ``markdown: {implicit_figures: ...}``; None: course's
    incremental: bool | None = None  # ``slides: {incremental: ...}``; None: the course's


@dataclass
class Chapter:
    stem: str
    path: Path
    title: Heading | None
    sections: list[Section]
    front: FrontMatter = field(default_factory=FrontMatter)
    resources: list[Resource] = field(default_factory=list)
    diagrams: list[Diagram] = field(default_factory=list)

    @property
    def slides(self) -> list[Slide]:
        return [slide for section in self.sections for slide in section.slides]

    @property
    def plain_title(self) -> str:
        return self.front.title or (self.title.text if self.title else self.stem)

    def headings(self) -> list[Heading]:
        found = [self.title] if self.title else []
        for section in self.sections:
            found += [section.heading] if section.heading else []
            found += [s.heading for s in section.slides if s.heading and s.heading.level > 2]
        return found


@dataclass(frozen=True)
class HeadingName:
    """A heading as a wiki-link finds it: its words and its anchor."""

    text: str
    anchor: str


@dataclass
class ChapterOutline:
    """A chapter a build does not parse in full (none of its outputs is rebuilt): what the
    pages it rebuilds show of it and link to, as the last build remembered it, and its title
    heading, parsed again from the lines that hold it."""

    head: Chapter  # the chapter's first lines, up to its title heading, parsed
    plain_title: str
    names: list[HeadingName]
    no_paper: bool  # too long for paper, as the last build estimated it

    @property
    def stem(self) -> str:
        return self.head.stem

    @property
    def path(self) -> Path:
        return self.head.path

    @property
    def title(self) -> Heading | None:
        return self.head.title

    def headings(self) -> list[HeadingName]:
        return self.names


@dataclass
class Course:
    config: CourseConfig
    root: Path
    chapters: list[Chapter]
    extra_css: list[Path] = field(default_factory=list)  # course.yaml `css`, resolved
    logo: Path | None = None  # course.yaml `logo`, resolved
    chapter_files: dict[str, Path] = field(default_factory=dict)  # every chapter, parsed or not
    outlines: list[ChapterOutline] = field(default_factory=list)  # chapters not parsed in full

    @property
    def index(self) -> Chapter | ChapterOutline | None:
        return self.find(self.config.index) if self.config.index else None

    def chapter(self, stem: str) -> Chapter | None:
        return next((c for c in self.chapters if c.stem == stem), None)

    def find(self, stem: str) -> Chapter | ChapterOutline | None:
        """The chapter named ``stem``, parsed in full or outlined."""
        return self.chapter(stem) or next((o for o in self.outlines if o.stem == stem), None)

    def every_chapter(self) -> list[Chapter | ChapterOutline]:
        """The chapters parsed in full and the outlined ones, in course order."""
        if not self.outlines:
            return list(self.chapters)
        by_stem = {c.stem: c for c in [*self.chapters, *self.outlines]}
        return [by_stem[stem] for stem in self.chapter_files if stem in by_stem]
