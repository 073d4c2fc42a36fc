"""The colours of a git graph: mermaid 11's ``git0``…``git7`` (lanes, commits, arrows and
branch labels), ``gitInv`` (highlighted commits), ``gitBranchLabel`` (label text), and the
commit-label and tag colours, per named theme; each themeVariable given is laid over them."""

from __future__ import annotations

from dataclasses import dataclass

from ..css_values import colour
from ..styles import theme_name

COLOURS = 8  # mermaid's THEME_COLOR_LIMIT for gitGraph
_LISTS = {"git": "git", "inv": "gitInv", "label": "gitBranchLabel"}
_SINGLE = {
    "line": ("commitLineColor", "lineColor"),
    "commit_text": ("commitLabelColor",),
    "commit_bkg": ("commitLabelBackground",),
    "tag_text": ("tagLabelColor",),
    "tag_bkg": ("tagLabelBackground",),
    "tag_border": ("tagLabelBorder", "tagBorder"),
    "hole": ("textColor",),
    "inner": ("primaryColor",),
    "title": ("titleColor", "textColor"),
}
THEME_KEYS = frozenset(
    {f"{prefix}{i}" for prefix in _LISTS.values() for i in range(COLOURS)}
    | {key for keys in _SINGLE.values() for key in keys}
    | {"theme"}
)

# As mermaid 11.17 computes them (read from its stylesheet in Chromium, as hex).
_D, _K = "#000000", "#ffffff"
_THEMES: dict[str, dict[str, object]] = {
    "default": {
        "git": ("#0000ec", "#dede00", "#9dec00", "#0076ec", "#00ecec", "#00ec76", "#ec00ec",
                "#ec0000"),
        "inv": ("#131300", "#0000a0", "#310093", "#934900", "#930000", "#930049", "#009300",
                "#009393"),
        "label": (_K, _D, _D, _K, _D, _D, _D, _D),
        "line": "#333333", "commit_text": "#000021", "commit_bkg": "#ffffde",
        "tag_text": "#131300", "tag_bkg": "#ececff", "tag_border": "#c7c7f1",
        "hole": "#333333", "inner": "#ececff", "title": "#333333",
    },
    "dark": {
        "git": ("#797d7d", "#a12273", "#6a8993", "#9b5c35", "#cb1313", "#65007b", "#cc7801",
                "#31a50e"),
        "inv": ("#868282", "#5edd8c", "#95766c", "#64a3ca", "#34ecec", "#9aff84", "#3387fe",
                "#ce5af1"),
        "label": ("#2c2c2c", "#d3d3d3", "#d3d3d3", "#2c2c2c", "#d3d3d3", "#d3d3d3", "#d3d3d3",
                  "#d3d3d3"),
        "line": "#d3d3d3", "commit_text": "#b8b6b6", "commit_bkg": "#474949",
        "tag_text": "#e0dfdf", "tag_bkg": "#1f2020", "tag_border": "#cccccc",
        "hole": "#cccccc", "inner": "#1f2020", "title": "#cccccc",
    },
    "forest": {
        "git": ("#9bc834", "#7aff32", "#b0d45b", "#c8ab34", "#c86134", "#c83452", "#34c861",
                "#349bc8"),
        "inv": ("#6437cb", "#8500cd", "#4f2ba4", "#3754cb", "#379ecb", "#37cbad", "#cb379e",
                "#cb6437"),
        "label": (_K, _D, _D, _K, _D, _D, _D, _D),
        "line": "#000000", "commit_text": "#32004d", "commit_bkg": "#cdffb2",
        "tag_text": "#321b67", "tag_bkg": "#cde498", "tag_border": "#abb594",
        "hole": "#000000", "inner": "#cde498", "title": "#000000",
    },
    "neutral": {
        "git": ("#b4b4b4", "#555555", "#bbbbbb", "#777777", "#999999", "#dddddd", "#ffffff",
                "#dddddd"),
        "inv": ("#4b4b4b", "#aaaaaa", "#444444", "#888888", "#666666", "#222222", "#000000",
                "#222222"),
        "label": ("#333333", _K, "#333333", _K, "#333333", "#333333", "#333333", "#333333"),
        "line": "#666666", "commit_text": "#030303", "commit_bkg": "#fcfcfc",
        "tag_text": "#111111", "tag_bkg": "#eeeeee", "tag_border": "#d4d4d4",
        "hole": "#000000", "inner": "#eeeeee", "title": "#000000",
    },
    "base": {
        "git": ("#ffcb5d", "#cb5dff", "#77a3ff", "#ff7a5d", "#ff5d92", "#ff5de3", "#92ff5d",
                "#5dffcb"),
        "inv": ("#0034a2", "#34a200", "#885c00", "#0085a2", "#00a26d", "#00a21c", "#6d00a2",
                "#a20034"),
        "label": ("#333333",) * 8,
        "line": "#0b0b0b", "commit_text": "#0b2200", "commit_bkg": "#f4ddff",
        "tag_text": "#333333", "tag_bkg": "#fff4dd", "tag_border": "#eeddbb",
        "hole": "#333333", "inner": "#fff4dd", "title": "#333333",
    },
}  # fmt: skip


@dataclass(frozen=True)
class Colours:
    git: tuple[str, ...]
    inv: tuple[str, ...]
    label: tuple[str, ...]
    line: str
    commit_text: str
    commit_bkg: str
    tag_text: str
    tag_bkg: str
    tag_border: str
    hole: str
    inner: str
    title: str
    dark: bool


def resolve(variables: dict[str, str]) -> Colours:
    """The named theme's colours (the page's when the diagram names none), with each colour
    themeVariable given laid over them; a value that is not a plain colour is not used."""
    name = theme_name(variables)
    base = _THEMES.get(name, _THEMES["default"])
    values: dict[str, object] = {}
    for field, prefix in _LISTS.items():
        given = base[field]
        assert isinstance(given, tuple)
        values[field] = tuple(colour(variables.get(f"{prefix}{i}", "")) or given[i]
                              for i in range(COLOURS))  # fmt: skip
    for field, keys in _SINGLE.items():
        found = next((c for key in keys if (c := colour(variables.get(key, "")))), None)
        values[field] = found or base[field]
    return Colours(dark=name == "dark", **values)  # type: ignore[arg-type]
