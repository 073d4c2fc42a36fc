"""gitGraph source to the :class:`GitGraph` model, as mermaid 11 reads it.

The grammar is mermaid's ``gitGraph.langium``: a header ``gitGraph`` (``gitGraph:``,
``gitGraph LR:``/``TB:``/``BT:``), then one statement a line: ``commit`` with ``id:``,
``msg:`` (or a bare string), ``tag:`` and ``type:`` in any order; ``branch name [order: n]``;
``checkout``/``switch name``; ``merge name`` with ``id:``, ``tag:``, ``type:``;
``cherry-pick`` with ``id:``, ``tag:``, ``parent:``. Keywords are case-sensitive; ``%%``
comments may end any line. The statements are then played as mermaid's ``gitGraphAst``
plays them, with its error messages (a merge of a branch into itself, a checkout of a branch
not yet created...), at the statement's line. Mermaid's automatic ids are random
(``<seq>-<7 random characters>``); ours are the same shape, derived from the sequence number.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from ..directives import (
    acc_descr_block,
    declares,
    directive_lines,
    front_matter,
    front_matter_title,
    source_lines,
    theme_pairs,
)
from ..errors import MermaidError
from ..tally import TextBudget
from ..text import decode_label
from . import bounds
from .model import CHERRY_PICK, MERGE, NORMAL, TYPE_NAMES, Branch, Commit, GitGraph
from .theme import THEME_KEYS

_HEADER = re.compile(r"gitGraph(?![\w-])")
_TOKEN = re.compile(
    r"""(?P<ws>[ \t]+)|(?P<comment>%%.*)|(?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')"""
    r"""|(?P<key>(?:id|msg|tag|type|order|parent):)|(?P<word>\w(?:[-./\w]*[-\w])?)|(?P<colon>:)"""
)
_KEYWORDS = frozenset({"commit", "branch", "merge", "checkout", "switch", "cherry-pick",
                       "NORMAL", "REVERSE", "HIGHLIGHT", "LR", "TB", "BT", "gitGraph"})  # fmt: skip
_TITLE = re.compile(r"title(?:[ \t](.*))?$")
_ACC = re.compile(r"(accTitle|accDescr)[ \t]*:(.*)$")
_ACC_BLOCK = re.compile(r"accDescr\s*\{(.*)$")
_TRAILING_COMMENT = re.compile(r"%%.*$")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
_OPTION = re.compile(
    r"[\"']?(mainBranchName|mainBranchOrder|showBranches|showCommitLabel|rotateCommitLabel"
    r"|parallelCommits)[\"']?\s*:\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s,'\"{}]+))"
)


@dataclass
class _Token:
    kind: str  # string, key, word, keyword, colon
    text: str  # a string's value without its quotes
    column: int


def is_gitgraph(source: str) -> bool:
    """Whether the first statement is ``gitGraph`` (after front matter and directives)."""
    return declares(source, _HEADER)


def parse(source: str) -> GitGraph:
    """Parse ``gitGraph`` source; raise :class:`MermaidError` at the faulty line."""
    return _Parser().run(source)


def _unquote(text: str) -> str:
    body = text[1:-1]
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), body)


def _open_quote(text: str) -> bool:
    """Whether ``text`` ends inside a quoted string (outside a comment)."""
    pos = 0
    while pos < len(text):
        char = text[pos]
        if text.startswith("%%", pos):
            return False
        if char in "\"'":
            end = re.match(rf"{char}(?:[^{char}\\]|\\.)*{char}", text[pos:], re.S)
            if not end:
                return True
            pos += end.end()
            continue
        pos += 1
    return False


def auto_id(seq: int) -> str:
    """A commit id of mermaid's shape (``<seq>-`` and seven characters), the same every run."""
    return f"{seq}-{hashlib.sha1(str(seq).encode()).hexdigest()[:7]}"


def tokens(text: str, line: int) -> list[_Token]:
    """One line cut into langium's tokens (a trailing ``%%`` comment dropped)."""
    out: list[_Token] = []
    pos = 0
    while pos < len(text):
        found = _TOKEN.match(text, pos)
        if not found:
            raise MermaidError(line, f"unexpected character '{text[pos]}' (column {pos + 1})")
        kind = found.lastgroup or ""
        pos = found.end()
        if kind == "comment":
            break
        if kind == "ws":
            continue
        value = found.group(0)
        if kind == "string":
            value = _unquote(value)
        elif kind == "word" and value in _KEYWORDS:
            kind = "keyword"
        out.append(_Token(kind, value, found.start() + 1))
    return out


class _Parser:
    def __init__(self) -> None:
        self.chart = GitGraph()
        self.budget = TextBudget(bounds.MAX_LABEL_CHARS)  # characters of text
        self.header = False
        self.head: Commit | None = None
        self.current = ""
        self.heads: dict[str, str | None] = {}
        self.tag_count = 0
        self.seq = 0

    def run(self, source: str) -> GitGraph:
        lines = source_lines(source)
        body, index = front_matter(lines)
        for text in body:
            self._settings(text, front=not text.startswith((" ", "\t")))
        while index < len(lines):
            index = self._line(lines, index)
        if not self.header:
            raise MermaidError(max(1, index), "expected 'gitGraph' on the first line")
        return self.chart

    def _settings(self, text: str, front: bool = False) -> None:
        title = front_matter_title(text.strip())
        if front and title is not None:
            self.chart.title = decode_label(title)
        self.chart.theme.update(theme_pairs(text, THEME_KEYS))
        options = self.chart.options
        for match in _OPTION.finditer(text):
            key = match.group(1)
            value = next(v for v in match.groups()[1:] if v is not None).strip()
            if key == "mainBranchName":
                options.main_branch = value
            elif key == "mainBranchOrder":
                options.main_order = _number(value, options.main_order)
            else:
                flag = value.lower() == "true"
                attr = {"showBranches": "show_branches", "showCommitLabel": "show_commit_label",
                        "rotateCommitLabel": "rotate_commit_label",
                        "parallelCommits": "parallel_commits"}[key]  # fmt: skip
                setattr(options, attr, flag)

    def _start(self, line: int) -> None:
        main = self.chart.options.main_branch
        self.chart.branches.append(Branch(main, self.chart.options.main_order, line))
        self.heads[main] = None
        self.current = main

    def _line(self, lines: list[str], index: int) -> int:
        text = lines[index].strip()
        line = index + 1
        if text.startswith("%%{"):
            body, after = directive_lines(lines, index)
            for piece in body:
                self._settings(piece)
            return after
        if not text or text.startswith("%%"):
            return line
        if not self.header:
            text = self._header(text, line)
            if not text:
                return line
        block = _ACC_BLOCK.match(text)
        if block:
            parts, after = acc_descr_block(lines, index, block.group(1))
            self.chart.description = "\n".join(parts)
            return after
        if self._titles(text, line):
            return line
        after = line
        while _open_quote(text) and after < len(lines) and after - line < 50:
            text += "\n" + lines[after]  # a quoted name or id may run over lines
            after += 1
        self._statement(tokens(text, line), line)
        return after

    def _header(self, text: str, line: int) -> str:
        """Read the header; what follows it on the line (a statement may)."""
        found = _HEADER.match(text)
        if not found:
            raise MermaidError(line, "expected 'gitGraph' on the first line")
        self.header = True
        self._start(line)
        rest = tokens(text[found.end() :], line)
        if rest and rest[0].text in ("LR", "TB", "BT"):
            if len(rest) < 2 or rest[1].kind != "colon":
                raise MermaidError(line, f"expected ':' after 'gitGraph {rest[0].text}'")
            self.chart.direction = rest[0].text
            rest = rest[2:]
        elif rest and rest[0].kind == "colon":
            rest = rest[1:]
        if rest:
            self._statement(rest, line)
        return ""

    def _titles(self, text: str, line: int) -> bool:
        found = _TITLE.match(text)
        if found:
            value = _TRAILING_COMMENT.sub("", found.group(1) or "").strip()
            self.budget.spend(value, line)
            self.chart.title = decode_label(value)
            return True
        found = _ACC.match(text)
        if found:
            value = _TRAILING_COMMENT.sub("", found.group(2)).strip()
            self.budget.spend(value, line)
            if found.group(1) == "accTitle":
                self.chart.acc_title = value
            else:
                self.chart.description = value
            return True
        return False


    def _statement(self, toks: list[_Token], line: int) -> None:
        if not toks:
            return
        first = toks[0]
        for tok in toks:
            self.budget.spend(tok.text, line)
        if first.kind != "keyword" or first.text not in _STATEMENTS:
            raise MermaidError(
                line, f"unexpected '{first.text}' : expected commit, branch, checkout, switch,"
                " merge or cherry-pick")  # fmt: skip
        _STATEMENTS[first.text](self, toks[1:], line)

    # -- the statements, played as mermaid's gitGraphAst plays them --

    def _commit(self, toks: list[_Token], line: int) -> None:
        opts = _options(toks, line, "commit", ("id:", "msg:", "tag:", "type:"), message=True)
        self._add(Commit(
            id=opts.get("id:") or "", seq=0, branch=self.current, line=line,
            kind=TYPE_NAMES[opts["type:"]] if "type:" in opts else NORMAL,
            message=opts.get("msg:", ""), tags=list(opts.get("tags", [])),
        ), line)  # fmt: skip

    def _add(self, commit: Commit, line: int) -> None:
        seq = self.seq
        self.seq += 1
        if seq >= bounds.MAX_COMMITS:
            raise MermaidError(line, f"more than {bounds.MAX_COMMITS} commits : split the graph")
        self.tag_count += len(commit.tags)
        if self.tag_count > bounds.MAX_TAGS:
            raise MermaidError(line, f"more than {bounds.MAX_TAGS} tags")
        commit.seq = seq
        commit.custom_id = bool(commit.id)
        commit.id = commit.id or auto_id(seq)
        if not commit.parents and self.head is not None:
            commit.parents = [self.head.id]
        self.head = commit
        self.chart.commits[commit.id] = commit
        self.heads[self.current] = commit.id

    def _branch(self, toks: list[_Token], line: int) -> None:
        name = _name(toks, line, "branch")
        rest = toks[1:]
        order = 0.0
        if rest:
            if rest[0].text != "order:" or len(rest) != 2 or not rest[1].text.isdigit():
                raise MermaidError(line, f"unexpected '{rest[0].text}' : expected 'order: n'")
            order = float(rest[1].text)
        if name in self.heads:
            raise MermaidError(line, "Trying to create an existing branch. (Help: Either use a "
                               f'new name if you want create a new branch or try using "checkout '
                               f'{name}")')  # fmt: skip
        if len(self.chart.branches) >= bounds.MAX_BRANCHES:
            raise MermaidError(line, f"more than {bounds.MAX_BRANCHES} branches")
        self.heads[name] = self.head.id if self.head is not None else None
        self.chart.branches.append(Branch(name, order, line))
        self._switch(name, line)

    def _checkout(self, toks: list[_Token], line: int) -> None:
        name = _name(toks, line, "checkout")
        if len(toks) > 1:
            raise MermaidError(line, f"unexpected '{toks[1].text}' after the branch name")
        self._switch(name, line)

    def _switch(self, name: str, line: int) -> None:
        if name not in self.heads:
            raise MermaidError(line, "Trying to checkout branch which is not yet created. "
                               f'(Help try using "branch {name}")')  # fmt: skip
        self.current = name
        head = self.heads[name]
        self.head = self.chart.commits.get(head) if head else None

    def _merge(self, toks: list[_Token], line: int) -> None:
        other = _name(toks, line, "merge")
        opts = _options(toks[1:], line, "merge", ("id:", "tag:", "type:"))
        custom = opts.get("id:") or ""
        current = self._head_of(self.current)
        theirs = self._head_of(other)
        if current and theirs and current.branch == other:
            raise MermaidError(line, f"Cannot merge branch '{other}' into itself.")
        usage = 'Incorrect usage of "merge". '
        if self.current == other:
            raise MermaidError(line, usage + "Cannot merge a branch to itself")
        if current is None:
            raise MermaidError(line, usage + f"Current branch ({self.current})has no commits")
        if other not in self.heads:
            raise MermaidError(line, usage + f"Branch to be merged ({other}) does not exist")
        if theirs is None:
            raise MermaidError(line, usage + f"Branch to be merged ({other}) has no commits")
        if current is theirs:
            raise MermaidError(line, usage + "Both branches have same head")
        if custom and custom in self.chart.commits:
            raise MermaidError(line, usage + f"Commit with id:{custom} already exists, use "
                               "different custom id")  # fmt: skip
        parents = [self.head.id, theirs.id] if self.head is not None else []
        self._add(Commit(
            id=custom, seq=0, branch=self.current, line=line, kind=MERGE,
            custom_type=TYPE_NAMES[opts["type:"]] if "type:" in opts else None,
            message=f"merged branch {other} into {self.current}",
            tags=list(opts.get("tags", [])), parents=parents,
        ), line)  # fmt: skip

    def _head_of(self, branch: str) -> Commit | None:
        head = self.heads.get(branch)
        return self.chart.commits.get(head) if head else None

    def _cherry_pick(self, toks: list[_Token], line: int) -> None:
        opts = _options(toks, line, "cherry-pick", ("id:", "tag:", "parent:"))
        source_id = opts.get("id:") or ""
        parent = opts.get("parent:") or ""
        source = self.chart.commits.get(source_id) if source_id else None
        if source is None:
            raise MermaidError(line, 'Incorrect usage of "cherryPick". Source commit id should '
                               "exist and provided")  # fmt: skip
        if parent and parent not in source.parents:
            raise MermaidError(line, "Invalid operation: The specified parent commit is not an "
                               "immediate parent of the cherry-picked commit.")  # fmt: skip
        if source.kind == MERGE and not parent:
            raise MermaidError(line, "Incorrect usage of cherry-pick: If the source commit is a "
                               "merge commit, an immediate parent commit must be specified.")
        if source.branch == self.current:
            raise MermaidError(line, 'Incorrect usage of "cherryPick". Source commit is already '
                               "on current branch")  # fmt: skip
        if self._head_of(self.current) is None:
            raise MermaidError(line, 'Incorrect usage of "cherry-pick". Current branch '
                               f"({self.current})has no commits")  # fmt: skip
        given = opts.get("tags")
        if given:
            tags = [t for t in given if t]
        else:
            suffix = f"|parent:{parent}" if source.kind == MERGE else ""
            tags = [f"cherry-pick:{source.id}{suffix}"]
        parents = [self.head.id, source.id] if self.head is not None else []
        self._add(Commit(
            id="", seq=0, branch=self.current, line=line, kind=CHERRY_PICK,
            message=f"cherry-picked {source.message} into {self.current}",
            tags=tags, parents=parents,
        ), line)  # fmt: skip


_STATEMENTS = {
    "commit": _Parser._commit,
    "branch": _Parser._branch,
    "checkout": _Parser._checkout,
    "switch": _Parser._checkout,
    "merge": _Parser._merge,
    "cherry-pick": _Parser._cherry_pick,
}


def _name(toks: list[_Token], line: int, statement: str) -> str:
    """The branch name a statement starts with: a name or a quoted string."""
    if not toks or toks[0].kind not in ("word", "string"):
        found = f"'{toks[0].text}'" if toks else "the end of the line"
        raise MermaidError(line, f"expected a branch name after '{statement}', found {found}")
    return toks[0].text


def _options(toks: list[_Token], line: int, statement: str, keys: tuple[str, ...],
             message: bool = False) -> dict[str, str | list[str]]:
    """``key: "value"`` pairs in any order (``type:`` takes NORMAL, REVERSE or HIGHLIGHT;
    a repeated key: the last; ``tag:`` adds); a bare string is a commit's message."""
    out: dict[str, str | list[str]] = {}
    tags: list[str] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        if message and tok.kind == "string":
            out["msg:"] = tok.text
            i += 1
            continue
        if tok.kind != "key" or tok.text not in keys:
            allowed = ", ".join(keys)
            raise MermaidError(line, f"unexpected '{tok.text}' in '{statement}' : expected "
                               f"{allowed}")  # fmt: skip
        value = toks[i + 1] if i + 1 < len(toks) else None
        if tok.text == "type:":
            if value is None or value.text not in TYPE_NAMES or value.kind != "keyword":
                raise MermaidError(line, "'type:' takes NORMAL, REVERSE or HIGHLIGHT")
        elif value is None or value.kind != "string":
            raise MermaidError(line, f"'{tok.text}' takes a quoted string, e.g. {tok.text} \"x\"")
        if tok.text == "tag:":
            tags.append(value.text)
        else:
            out[tok.text] = value.text
        i += 2
    if tags:
        out["tags"] = tags
    return out


def _number(value: str, default: float) -> float:
    try:
        return float(value)
    except ValueError:
        return default
