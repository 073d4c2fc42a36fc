"""The parsed git graph: commits in the order they were made, and the branches (lanes)."""

from __future__ import annotations

from dataclasses import dataclass, field

# mermaid's commitType: what a commit is, and how it is drawn
NORMAL, REVERSE, HIGHLIGHT, MERGE, CHERRY_PICK = 0, 1, 2, 3, 4
TYPE_NAMES = {"NORMAL": NORMAL, "REVERSE": REVERSE, "HIGHLIGHT": HIGHLIGHT}


@dataclass
class Commit:
    id: str
    seq: int
    branch: str
    line: int
    kind: int = NORMAL  # mermaid's ``type``
    custom_type: int | None = None  # a merge's ``type:``, which decides its symbol
    message: str = ""
    tags: list[str] = field(default_factory=list)
    parents: list[str] = field(default_factory=list)
    custom_id: bool = False  # an id the author wrote (an automatic one is ``<seq>-<hash>``)

    @property
    def symbol(self) -> int:
        return self.kind if self.custom_type is None else self.custom_type


@dataclass
class Branch:
    name: str
    order: float
    line: int


@dataclass
class Options:
    """``gitGraph`` settings from ``%%{init}%%`` or the front matter's ``config``."""

    main_branch: str = "main"
    main_order: float = 0.0
    show_branches: bool = True
    show_commit_label: bool = True
    rotate_commit_label: bool = True
    parallel_commits: bool = False


@dataclass
class GitGraph:
    direction: str = "LR"  # LR, TB or BT
    options: Options = field(default_factory=Options)
    # by id, in the order first made (a repeated id replaces the commit in place, as mermaid)
    commits: dict[str, Commit] = field(default_factory=dict)
    branches: list[Branch] = field(default_factory=list)  # in the order created
    title: str | None = None
    acc_title: str | None = None
    description: str | None = None
    theme: dict[str, str] = field(default_factory=dict)  # themeVariables, values unchecked

    def ordered_commits(self) -> list[Commit]:
        return sorted(self.commits.values(), key=lambda c: c.seq)

    def lanes(self) -> list[str]:
        """The branch names top to bottom: by ``order`` (the main branch's is 0, a branch
        without one 0 too), then in the order created, as mermaid sorts them."""
        return [b.name for b in sorted(self.branches, key=lambda b: b.order)]
