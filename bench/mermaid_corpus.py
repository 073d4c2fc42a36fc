"""Mermaid's own test material, read from a local git checkout of mermaid's repository.

Nothing here is copied into this repository: the benchmark reads the diagrams at run time with
``git --git-dir=DIR show COMMIT:path``.  A diagram is a string literal passed to ``parse``,
``fromText``, ``imgSnapshotTest`` or ``renderGraph`` in a spec file (or a ``const`` holding
one), or a ```mermaid block of a syntax page.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

HARNESS = Path(__file__).resolve().parent / "spec_harness.mjs"
DEFAULT_GIT_DIR = Path("/work/.mirror/mermaid-js+mermaid/repo")
DEFAULT_COMMIT = "df032c942c32f805a7f4cd1cf30a565e610bc4f1"

FLOWCHART_SPECS = "packages/mermaid/src/diagrams/flowchart/parser/"
FLOWCHART_RENDERING = "cypress/integration/rendering/flowchart/"
SEQUENCE_SPECS = "packages/mermaid/src/diagrams/sequence/"
SEQUENCE_RENDERING = "cypress/integration/rendering/sequence/"
SYNTAX_PAGES = {
    "flowchart": ("docs/syntax/flowchart.md", "packages/mermaid/src/docs/syntax/flowchart.md"),
    "sequence": (
        "docs/syntax/sequenceDiagram.md",
        "packages/mermaid/src/docs/syntax/sequenceDiagram.md",
    ),
}
_CALL = re.compile(
    r"\b(?:parse|fromText|imgSnapshotTest|renderGraph|getDiagramFromText|cleanupComments)\(\s*"
)
_CONST = re.compile(r"\b(?:const|let|var)\s+(\w+)\s*=\s*")
_IDENT = re.compile(r"[A-Za-z_$][\w$]*")
_FENCE = re.compile(r"^```mermaid[^\n]*\n(.*?)^```", re.DOTALL | re.MULTILINE)
_HEADERS = {
    "flowchart": re.compile(r"(graph|flowchart(-elk)?)\b"),
    "sequence": re.compile(r"sequenceDiagram\b"),
}


@dataclass(frozen=True)
class Example:
    """One diagram: where it comes from (``origin`` is ``file:line``) and its text."""

    origin: str
    group: str  # "specs", "syntax page" or "rendering tests"
    text: str


class Repo:
    """Read-only access to one commit of a bare git directory."""

    def __init__(self, git_dir: Path, commit: str) -> None:
        self.git_dir = git_dir
        self.commit = commit
        probe = ["git", f"--git-dir={git_dir}", "cat-file", "-e", f"{commit}^{{commit}}"]
        if subprocess.run(probe, capture_output=True, check=False).returncode != 0:
            raise SystemExit(
                f"no commit {commit} in {git_dir}: give --git-dir, a git directory of "
                "github.com/mermaid-js/mermaid (a clone, or the fetch tool's mirror), and --commit"
            )

    def _git(self, *args: str) -> str:
        cmd = ["git", f"--git-dir={self.git_dir}", *args]
        return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout

    def files(self, prefix: str) -> list[str]:
        return self._git("ls-tree", "-r", "--name-only", self.commit, prefix).split()

    def show(self, path: str) -> str:
        return self._git("show", f"{self.commit}:{path}")

    def exists(self, path: str) -> bool:
        return path in self.files(path)


# --- JavaScript string literals ---------------------------------------------------------------

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "b": "\b", "f": "\f", "v": "\v"}


def _read_literal(src: str, pos: int) -> tuple[str, int] | None:
    """The string literal starting at ``pos`` and the position after it; None if not one
    (a template literal with ``${…}`` is not one: its value is not known here)."""
    quote = src[pos] if pos < len(src) else ""
    if quote not in "'\"`":
        return None
    out: list[str] = []
    i = pos + 1
    while i < len(src):
        char = src[i]
        if char == quote:
            return "".join(out), i + 1
        if char == "\\":
            i, text = _read_escape(src, i + 1)
            out.append(text)
            continue
        if quote == "`" and src.startswith("${", i):
            return None
        if char == "\n" and quote != "`":
            return None
        out.append(char)
        i += 1
    return None


def _read_escape(src: str, i: int) -> tuple[int, str]:
    char = src[i] if i < len(src) else ""
    if char == "u" and src[i + 1 : i + 2] == "{":
        end = src.index("}", i)
        return end + 1, chr(int(src[i + 2 : end], 16))
    if char == "u":
        return i + 5, chr(int(src[i + 1 : i + 5], 16))
    if char == "x":
        return i + 3, chr(int(src[i + 1 : i + 3], 16))
    if char == "\n":
        return i + 1, ""
    return i + 1, _ESCAPES.get(char, char)


def _skip_space(src: str, pos: int) -> int:
    while pos < len(src) and src[pos] in " \t\r\n":
        pos += 1
    return pos


def _read_expression(src: str, pos: int, names: dict[str, str]) -> str | None:
    """A ``+`` concatenation of literals and known constants, ending at ``)``, ``,`` or ``;``."""
    parts: list[str] = []
    while True:
        pos = _skip_space(src, pos)
        value, pos = _read_term(src, pos, names)
        if value is None:
            return None
        parts.append(value)
        pos = _skip_space(src, pos)
        if src[pos : pos + 1] != "+":
            break
        pos += 1
    if src[pos : pos + 1] not in (")", ",", ";", "\n"):
        return None
    return "".join(parts)


def _read_term(src: str, pos: int, names: dict[str, str]) -> tuple[str | None, int]:
    literal = _read_literal(src, pos)
    if literal is not None:
        return literal
    ident = _IDENT.match(src, pos)
    if ident and ident.group() in names:
        return names[ident.group()], ident.end()
    return None, pos


def _line_of(src: str, pos: int) -> int:
    return src.count("\n", 0, pos) + 1


def spec_strings(path: str, src: str) -> list[tuple[int, str]]:
    """(line, text) of every diagram string passed to a parse/render call in a spec file."""
    names: dict[str, str] = {}
    found: list[tuple[int, str]] = []
    events = sorted([(m.end(), "call", m) for m in _CALL.finditer(src)]
                    + [(m.end(), "const", m) for m in _CONST.finditer(src)],
                    key=lambda item: item[0])  # fmt: skip
    for pos, kind, match in events:
        value = _read_expression(src, pos, names)
        if value is None:
            continue
        if kind == "const":
            names[match.group(1)] = value
        else:
            found.append((_line_of(src, pos), value))
    return found


def is_kind(text: str, kind: str | re.Pattern[str]) -> bool:
    """Whether the diagram's first statement (after front matter, directives and comments)
    declares ``kind`` (a name of ``_HEADERS`` or a header pattern)."""
    header = _HEADERS[kind] if isinstance(kind, str) else kind
    body = re.sub(r"\A\s*---\n.*?\n---\s*\n", "", text, flags=re.DOTALL)
    for line in body.splitlines():
        line = line.strip()
        if not line or line.startswith("%%"):
            continue
        return bool(header.match(line))
    return False


def syntax_page_examples(
    repo: Repo, kind: str | re.Pattern[str], pages: tuple[str, ...] = ()
) -> list[Example]:
    for path in pages or SYNTAX_PAGES[str(kind)]:
        if repo.exists(path):
            src = repo.show(path)
            found = {
                m.group(1): Example(f"{path}:{_line_of(src, m.start())}", "syntax page", m.group(1))
                for m in reversed(list(_FENCE.finditer(src)))
                if is_kind(m.group(1), kind)
            }  # the page shows each example twice (source and picture): keep the first
            return list(reversed(found.values()))
    return []


def generated_strings(src: str) -> list[str]:
    """The diagrams a spec file's tests build at run time (loops, ``it.each``): its test
    bodies run in Node with every dependency stubbed (bench/spec_harness.mjs)."""
    try:
        done = subprocess.run(
            ["node", str(HARNESS)], input=src, capture_output=True, text=True, timeout=60
        )
        return [str(text) for text in json.loads(done.stdout or "[]")]
    except (OSError, ValueError, subprocess.TimeoutExpired):
        return []


def spec_examples(
    repo: Repo, prefix: str, group: str, kind: str | re.Pattern[str]
) -> list[Example]:
    out: list[Example] = []
    for path in repo.files(prefix):
        if not re.search(r"\.spec\.[jt]s$", path):
            continue
        src = repo.show(path)
        found = [(f"{path}:{line}", text) for line, text in spec_strings(path, src)]
        found += [(f"{path} (generated)", text) for text in generated_strings(src)]
        out += [Example(origin, group, text) for origin, text in found if is_kind(text, kind)]
    return out


def corpus(repo: Repo, kind: str) -> list[Example]:
    """Every distinct ``kind`` diagram of mermaid's test material, first occurrence kept."""
    prefixes = {
        "flowchart": (FLOWCHART_SPECS, FLOWCHART_RENDERING),
        "sequence": (SEQUENCE_SPECS, SEQUENCE_RENDERING),
    }[kind]
    return collect(repo, kind, SYNTAX_PAGES[kind], prefixes[:1], prefixes[1:])


def collect(
    repo: Repo,
    kind: str | re.Pattern[str],
    pages: tuple[str, ...],
    specs: tuple[str, ...],
    rendering: tuple[str, ...],
) -> list[Example]:
    """Every distinct diagram whose header matches ``kind``, from a syntax page (the first of
    ``pages`` that exists), the spec files under the ``specs`` prefixes and the rendering
    tests under the ``rendering`` prefixes (a prefix may also name one file)."""
    examples = syntax_page_examples(repo, kind, pages)
    for prefix in specs:
        examples += spec_examples(repo, prefix, "specs", kind)
    for prefix in rendering:
        examples += spec_examples(repo, prefix, "rendering tests", kind)
    seen: set[str] = set()
    unique: list[Example] = []
    for example in examples:
        if example.text not in seen:
            seen.add(example.text)
            unique.append(example)
    return unique
