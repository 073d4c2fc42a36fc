"""The colours of a gantt chart: mermaid 11's gantt theme variables (``taskBkgColor``,
``doneTaskBkgColor``, ``critBorderColor``…) under the named theme, each overridable by a
``themeVariables`` value that is a plain colour."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from ..css_values import colour
from ..styles import TEXT_COLOR, theme_name


@dataclass(frozen=True)
class Theme:
    sectionBkgColor: str = "#6666ff"  # drawn at 0.2 opacity, as mermaid does
    altSectionBkgColor: str = "#ffffff"
    sectionBkgColor2: str = "#fff400"
    excludeBkgColor: str = "#eeeeee"
    taskBkgColor: str = "#8a90dd"
    taskBorderColor: str = "#534fbc"
    taskTextColor: str = "#ffffff"
    taskTextDarkColor: str = "#000000"
    taskTextOutsideColor: str = "#000000"
    activeTaskBkgColor: str = "#bfc7ff"
    activeTaskBorderColor: str = "#534fbc"
    doneTaskBkgColor: str = "#d3d3d3"
    doneTaskBorderColor: str = "#808080"
    critBkgColor: str = "#ff0000"
    critBorderColor: str = "#ff8888"
    gridColor: str = "#d3d3d3"
    vertLineColor: str = "#000080"
    todayLineColor: str = "#ff0000"
    titleColor: str = TEXT_COLOR
    textColor: str = TEXT_COLOR
    background: str = "#ffffff"


_PALETTES = {
    "dark": Theme("#a7a48c", "#333333", "#eae8d9", "#8f8b71", "#606366", "#ffffffb3",
                  "#333333", "#333333", "#cccccc", "#81b1db", "#ffffff80", "#cccccc",
                  "#808080", "#e83737", "#e83737", "#cccccc", "#00bfff", "#db5757",
                  "#f9fffe", "#cccccc", "#333333"),
    "forest": Theme("#6eaa49", "#ffffff", "#6eaa49", "#eeeeee", "#487e3a", "#13540c",
                    "#ffffff", "#000000", "#000000", "#cde498", "#13540c", "#d3d3d3",
                    "#808080", "#ff0000", "#ff8888", "#d3d3d3", "#00bfff", "#ff0000"),
    "neutral": Theme("#a3a3a3", "#ffffff", "#a3a3a3", "#eeeeee", "#707070", "#575757",
                     "#ffffff", "#333333", "#333333", "#eeeeee", "#575757", "#bbbbbb",
                     "#666666", "#dddddd", "#c4c4c4", "#e6e6e6", "#dddddd", "#dddddd"),
    "base": Theme("#fff4dd", "#ffffff", "#fff4dd", "#eeeeee", "#fff4dd", "#9370db",
                  "#333333", "#333333", "#333333", "#ffffff", "#fff4dd", "#d3d3d3",
                  "#808080", "#ff0000", "#ff8888", "#d3d3d3", "#000080", "#ff0000"),
}  # fmt: skip
THEME_KEYS = frozenset(f.name for f in fields(Theme)) | {"theme", "primaryColor", "fontSize"}


def resolve(variables: dict[str, str]) -> Theme:
    """The named theme's gantt colours with the given themeVariables laid over them."""
    base = _PALETTES.get(theme_name(variables), Theme())
    chosen = {f.name: found for f in fields(Theme)
              if (found := colour(variables.get(f.name, "")))}  # fmt: skip
    if "taskTextColor" not in chosen and "textColor" in chosen and theme_name(variables) == "base":
        chosen["taskTextColor"] = chosen["textColor"]
    return replace(base, **chosen)
