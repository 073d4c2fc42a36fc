"""gitGraph drawn natively: syntax, mermaid's errors at their line, geometry, theme, bounds."""

from __future__ import annotations

import contextlib
import itertools
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from coursebuild.cli import cli
from coursebuild.mermaid import MermaidError, render_mermaid
from coursebuild.mermaid.gitgraph import is_gitgraph
from coursebuild.mermaid.gitgraph.layout import RADIUS, GitLayout, Label, compute_layout
from coursebuild.mermaid.gitgraph.model import CHERRY_PICK, HIGHLIGHT, MERGE, REVERSE
from coursebuild.mermaid.gitgraph.parser import auto_id, parse
from tests.conftest import write_course

FLOW = """gitGraph
    commit id: "init"
    commit tag: "v0.1"
    branch develop
    checkout develop
    commit id: "feat-1" type: HIGHLIGHT
    commit id: "feat-2"
    checkout main
    merge develop tag: "v1.0"
    branch hotfix order: 1
    commit id: "fix" type: REVERSE
    checkout develop
    cherry-pick id: "fix"
    switch main
    merge hotfix id: "M2"
"""


# -- syntax --------------------------------------------------------------------------------


def test_commits_branches_merges_and_cherry_picks_as_mermaid_plays_them() -> None:
    graph = parse(FLOW)
    commits = graph.ordered_commits()
    assert [c.branch for c in commits] == ["main", "main", "develop", "develop", "main",
                                           "hotfix", "develop", "main"]  # fmt: skip
    assert commits[1].id == auto_id(1) and commits[1].tags == ["v0.1"]
    assert commits[2].kind == HIGHLIGHT and commits[5].kind == REVERSE
    merge = commits[4]
    assert merge.kind == MERGE and merge.parents == [commits[1].id, "feat-2"]
    assert merge.tags == ["v1.0"] and not merge.custom_id
    pick = commits[6]
    assert pick.kind == CHERRY_PICK and pick.parents == ["feat-2", "fix"]
    assert pick.tags == ["cherry-pick:fix"]
    assert commits[7].id == "M2" and commits[7].custom_id
    assert graph.lanes() == ["main", "develop", "hotfix"]


def test_automatic_ids_have_mermaids_shape_and_are_the_same_every_run() -> None:
    first = [c.id for c in parse("gitGraph\n commit\n commit\n").ordered_commits()]
    again = [c.id for c in parse("gitGraph\n commit\n commit\n").ordered_commits()]
    assert first == again
    assert all(re.fullmatch(rf"{i}-[0-9a-f]{{7}}", cid) for i, cid in enumerate(first))


def test_commit_options_in_any_order_and_a_bare_message() -> None:
    graph = parse('gitGraph\n commit type: REVERSE "hello" tag: "a" id: "x" tag: \'b\'\n')
    (commit,) = graph.ordered_commits()
    assert (commit.id, commit.kind, commit.message, commit.tags) == ("x", REVERSE, "hello",
                                                                     ["a", "b"])  # fmt: skip
    assert parse('gitGraph\n commit msg: "m"\n').ordered_commits()[0].message == "m"


@pytest.mark.parametrize(("header", "direction"), [
    ("gitGraph", "LR"), ("gitGraph:", "LR"), ("gitGraph LR:", "LR"), ("gitGraph TB:", "TB"),
    ("gitGraph BT:", "BT"),
])  # fmt: skip
def test_headers_and_orientation(header: str, direction: str) -> None:
    assert is_gitgraph(f"{header}\n commit\n")
    assert parse(f"{header}\n commit\n").direction == direction


def test_branch_order_and_quoted_names_over_lines() -> None:
    graph = parse('gitGraph\n commit\n branch a order: 2\n branch b\n branch "x y"\n'
                  ' branch "two\nlines"\n branch c order: 1\n')  # fmt: skip
    assert graph.lanes() == ["main", "b", "x y", "two\nlines", "c", "a"]


def test_main_branch_name_and_options_from_init_and_front_matter() -> None:
    init = ("%%{init: {'gitGraph': {'mainBranchName': 'trunk', 'showBranches': false,"
            " 'rotateCommitLabel': false, 'parallelCommits': true}}}%%\n")  # fmt: skip
    graph = parse(init + "gitGraph\n commit\n")
    options = graph.options
    assert graph.ordered_commits()[0].branch == "trunk"
    assert not options.show_branches and not options.rotate_commit_label
    assert options.parallel_commits
    front = "---\ntitle: History\nconfig:\n  gitGraph:\n    showCommitLabel: false\n---\n"
    graph = parse(front + "gitGraph\n commit\n")
    assert graph.title == "History" and not graph.options.show_commit_label


def test_comments_titles_and_accessibility() -> None:
    graph = parse("%% before\ngitGraph\n  title T %% c\n  accTitle: AT\n  accDescr {\n  D1\n"
                  "  D2\n  }\n  commit %% trailing\n")  # fmt: skip
    assert (graph.title, graph.acc_title, graph.description) == ("T", "AT", "D1\nD2")
    svg = render_mermaid("gitGraph\n accTitle: Story\n accDescr: How it went\n commit\n")
    assert "<title id=\"m-title\">Story</title>" in svg and "How it went" in svg


def test_cherry_pick_of_a_merge_names_its_parent() -> None:
    graph = parse('gitGraph\n commit id: "A"\n branch b\n commit id: "B"\n checkout main\n'
                  ' merge b id: "M"\n branch c\n checkout c\n commit id: "C"\n checkout main\n'
                  ' commit\n checkout c\n cherry-pick id: "M" parent: "B"\n')  # fmt: skip
    assert graph.ordered_commits()[-1].tags == ["cherry-pick:M|parent:B"]


# -- errors ----------------------------------------------------------------------------------

ERRORS = [
    ("gitGraph\n commit\n branch main\n", 3, "Trying to create an existing branch"),
    ("gitGraph\n commit\n checkout nope\n", 3,
     'Trying to checkout branch which is not yet created. (Help try using "branch nope")'),
    ("gitGraph\n commit\n merge main\n", 3, "Cannot merge branch 'main' into itself."),
    ("gitGraph\n commit\n branch b\n checkout main\n merge b\n", 5,
     'Incorrect usage of "merge". Both branches have same head'),
    ("gitGraph\n commit\n merge nope\n", 3,
     'Incorrect usage of "merge". Branch to be merged (nope) does not exist'),
    ("gitGraph\n branch b\n commit\n checkout main\n merge b\n", 5,
     'Incorrect usage of "merge". Current branch (main)has no commits'),
    ('gitGraph\n commit id: "A"\n branch b\n commit\n checkout main\n merge b id: "A"\n', 6,
     "Commit with id:A already exists"),
    ('gitGraph\n commit id: "A"\n cherry-pick id: "A"\n', 3,
     'Incorrect usage of "cherryPick". Source commit is already on current branch'),
    ("gitGraph\n commit\n branch b\n cherry-pick id: \"zz\"\n", 4,
     "Source commit id should exist and provided"),
    ('gitGraph\n commit id: "A"\n branch b\n commit id: "B"\n checkout main\n merge b id: "M"\n'
     ' branch c\n commit\n cherry-pick id: "M"\n', 9, "an immediate parent commit must be"),
    ('gitGraph\n commit id: "A"\n branch b\n commit\n cherry-pick id: "A" parent: "Q"\n', 5,
     "not an immediate parent"),
    ("gitGraph\n commit type: BOLD\n", 2, "'type:' takes NORMAL, REVERSE or HIGHLIGHT"),
    ("gitGraph\n commit id : \"a\"\n", 2, "unexpected 'id'"),
    ("gitGraph\n COMMIT\n", 2, "unexpected 'COMMIT'"),
    ("gitGraph LR\n commit\n", 1, "expected ':' after 'gitGraph LR'"),
    ("gitGraph\n branch x.\n", 2, "unexpected character '.'"),
    ("gitGraph\n commit\n branch\n", 3, "expected a branch name after 'branch'"),
]  # fmt: skip


@pytest.mark.parametrize(("source", "line", "message"), ERRORS)
def test_mermaids_errors_at_their_line(source: str, line: int, message: str) -> None:
    with pytest.raises(MermaidError) as caught:
        parse(source)
    assert caught.value.line == line
    assert message in caught.value.message


def test_fuzzed_input_never_crashes() -> None:
    pieces = ["commit", "branch b", "checkout b", "checkout main", "merge b", "merge main",
              'cherry-pick id: "x"', 'commit id: "x"', 'tag: "t"', "type: REVERSE", '"',
              "order: 1", "switch", "%%", ":"]  # fmt: skip
    for combo in itertools.product(pieces, repeat=3):
        source = "gitGraph\n" + "\n".join(combo) + "\n" + " ".join(combo) + "\n"
        with contextlib.suppress(MermaidError):
            render_mermaid(source)


# -- geometry --------------------------------------------------------------------------------


def _polygons(layout: GitLayout) -> list[tuple[str, list[tuple[float, float]]]]:
    out: list[tuple[str, list[tuple[float, float]]]] = []
    for placed in layout.commits:
        x, y, r = placed.cx, placed.cy, RADIUS
        out.append((f"commit {placed.commit.id}",
                    [(x - r, y - r), (x + r, y - r), (x + r, y + r), (x - r, y + r)]))  # fmt: skip
        labels: list[Label] = ([placed.label] if placed.label else []) + placed.tags
        out += [(f"label of {placed.commit.id}", label.corners()) for label in labels]
    out += [(f"branch {lane.name}", lane.label.corners()) for lane in layout.lanes if lane.label]
    return out


def _separated(a: list[tuple[float, float]], b: list[tuple[float, float]]) -> bool:
    """Whether two convex polygons are apart (separating axis test)."""
    for poly in (a, b):
        for (x1, y1), (x2, y2) in zip(poly, poly[1:] + poly[:1], strict=True):
            nx, ny = y2 - y1, x1 - x2
            pa = [nx * x + ny * y for x, y in a]
            pb = [nx * x + ny * y for x, y in b]
            if max(pa) <= min(pb) + 1e-6 or max(pb) <= min(pa) + 1e-6:
                return True
    return False


LONG = """gitGraph{header}
    commit id: "a very long commit id indeed" tag: "release-2024-01" tag: "stable"
    branch "feature/login-page"
    commit id: "login form" tag: "wip"
    commit
    checkout main
    commit id: "hotfix on main" type: HIGHLIGHT
    merge "feature/login-page" id: "merge login" tag: "v2.0.0-final"
    branch ops order: 0
    commit id: "ops"
    checkout "feature/login-page"
    cherry-pick id: "ops"
"""


@pytest.mark.parametrize("header", ["", " TB:", " BT:"])
@pytest.mark.parametrize("options", ["", "%%{init: {'gitGraph': {'rotateCommitLabel': false}}}%%\n",
                                     "%%{init: {'gitGraph': {'parallelCommits': true}}}%%\n"])
def test_no_label_overlaps_another_or_a_commit(header: str, options: str) -> None:
    layout = compute_layout(parse(options + LONG.format(header=header)))
    shapes = _polygons(layout)
    for (name_a, a), (name_b, b) in itertools.combinations(shapes, 2):
        assert _separated(a, b), f"{name_a} overlaps {name_b}"
    for (name, poly) in shapes:
        for x, y in poly:  # everything inside the canvas once shifted
            sx, sy = x + layout.shift[0], y + layout.shift[1]
            assert -0.5 <= sx <= layout.width + 0.5 and -0.5 <= sy <= layout.height + 0.5, name


def test_arrows_run_from_parent_to_child_turning_at_right_angles() -> None:
    graph = parse(FLOW)
    layout = compute_layout(graph)
    centres = {p.commit.id: (p.cx, p.cy) for p in layout.commits}
    expected = {(parent, c.id) for c in graph.ordered_commits() for parent in c.parents}
    assert {(a.source, a.target) for a in layout.arrows} == expected
    for arrow in layout.arrows:
        assert arrow.points[0] == centres[arrow.source]
        assert arrow.points[-1] == centres[arrow.target]
        for (x1, y1), (x2, y2) in itertools.pairwise(arrow.points):
            assert x1 == x2 or y1 == y2


def test_lanes_and_time_follow_the_orientation() -> None:
    for header, lane_axis in (("", 1), (" TB:", 0), (" BT:", 0)):
        layout = compute_layout(parse(LONG.format(header=header)))
        by_branch: dict[str, set[float]] = {}
        for placed in layout.commits:
            by_branch.setdefault(placed.commit.branch, set()).add(
                (placed.cx, placed.cy)[lane_axis])
        assert all(len(v) == 1 for v in by_branch.values())
        time = [(p.cx, p.cy)[1 - lane_axis] for p in layout.commits]
        assert time == sorted(time, reverse=header == " BT:")


# -- drawing ---------------------------------------------------------------------------------


def test_symbols_colours_and_labels_in_the_svg() -> None:
    svg = render_mermaid(FLOW, id_prefix="g7")
    for kind in ("normal", "highlight", "reverse", "merge", "cherry-pick"):
        assert f'data-kind="{kind}"' in svg
    assert 'fill="#0000ec"' in svg and 'fill="#dede00"' in svg  # git0, git1
    assert ">feat-2</text>" in svg and ">v1.0</text>" in svg and ">cherry-pick:fix</text>" in svg
    assert re.findall(r'\sid="([^"]+)"', svg) == ["g7-title", "g7-desc"]
    # a merge with an automatic id shows no id; one with its own does
    merge_id = parse(FLOW).ordered_commits()[4].id
    assert f">{merge_id}</text>" not in svg and ">M2</text>" in svg


def test_hidden_branches_and_commit_labels() -> None:
    init = "%%{init: {'gitGraph': {'showBranches': false, 'showCommitLabel': false}}}%%\n"
    svg = render_mermaid(init + FLOW)
    assert "data-branch" not in svg and ">feat-2</text>" not in svg and ">v1.0</text>" in svg


def test_theme_variables_recolour_and_unsafe_values_are_not_used() -> None:
    init = ("%%{init: {'themeVariables': {'git0': '#ff0000', 'git1': 'url(http://x/y)',"
            " 'tagLabelBackground': '#00ff00'}}}%%\n")  # fmt: skip
    svg = render_mermaid(init + FLOW)
    assert 'fill="#ff0000"' in svg and 'fill="#00ff00"' in svg
    assert "url(" not in svg and 'fill="#dede00"' in svg
    dark = render_mermaid(FLOW, theme="dark")
    assert 'fill="#797d7d"' in dark


def test_emoji_drawn_through_emoji_href() -> None:
    def href(symbol: str) -> str:
        return "data:image/svg+xml;base64,AAAA"

    svg = render_mermaid('gitGraph\n commit id: "ship 🚀"\n branch "🐛 fix"\n', emoji_href=href)
    assert svg.count("<image ") == 2


def test_bounds_stop_a_hostile_graph_at_its_line() -> None:
    source = "gitGraph\n" + "commit\n" * 2001
    with pytest.raises(MermaidError) as caught:
        parse(source)
    assert caught.value.line == 2002 and "more than 2000 commits" in caught.value.message
    branches = "gitGraph\n" + "".join(f"branch b{i}\n" for i in range(201))
    with pytest.raises(MermaidError, match="more than 200 branches"):
        parse(branches)


def test_chapter_with_a_git_graph_builds_into_the_deck(tmp_path: Path) -> None:
    chapter = "# Git\n\n```mermaid\n" + FLOW + "```\n"
    course = write_course(tmp_path / "c", {"s": chapter})
    result = CliRunner().invoke(cli, ["slides", "--source", str(course), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "warning:" not in result.output
    deck = (tmp_path / "slides" / "s.html").read_text(encoding="utf-8")
    svg = re.search(r"<svg [^>]*data-diagram=\"gitGraph\".*?</svg>", deck, re.S)
    assert svg is not None and ">feat-1</text>" in svg.group(0)
    assert '<pre class="mermaid' not in deck


def test_git_graph_error_is_reported_at_the_markdown_line(tmp_path: Path) -> None:
    chapter = "# S\n\n```mermaid\ngitGraph\n    commit\n    checkout nope\n```\n"
    course = write_course(tmp_path / "c", {"s": chapter})
    result = CliRunner().invoke(cli, ["slides", "--source", str(course), "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "s.md:6: mermaid: Trying to checkout branch" in result.output
