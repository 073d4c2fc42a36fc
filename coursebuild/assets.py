"""``slides/assets/``: exactly the reveal.js files, fonts, emoji and images the decks use."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2

from .errors import ContentError
from .files import copy_if_changed, write_atomic
from .html import Target, pygments_css
from .paths import NODE_MODULES, font_file
from .templating import render_template

REVEAL = NODE_MODULES / "reveal.js" / "dist"
REVEAL_FILES = {
    "reveal/reveal.js": REVEAL / "reveal.js",
    "reveal/reveal.css": REVEAL / "reveal.css",
    "reveal/reset.css": REVEAL / "reset.css",
    "reveal/plugin/notes.js": REVEAL / "plugin" / "notes.js",
}
MERMAID_JS = NODE_MODULES / "mermaid" / "dist" / "mermaid.min.js"
FONTS = [("inter", 400, "normal"), ("inter", 400, "italic"), ("inter", 600, "normal"),
         ("inter", 700, "normal"), ("jetbrains-mono", 400, "normal")]
STYLESHEETS = ("theme.css", "landing.css", "fit.js")


@dataclass(frozen=True)
class AssetPlan:
    """What the decks of this build need copied next to them."""

    files: dict[str, Path]  # name under assets/ -> source file
    generated: dict[str, str]  # name under assets/ -> text


def plan_assets(env: jinja2.Environment, target: Target, root: Path, mermaid_js: bool) -> AssetPlan:
    files = dict(REVEAL_FILES)
    for family, weight, style in FONTS:
        source = font_file(family, weight, style, "woff2")
        files[f"fonts/{source.name}"] = source
    files |= {f"emoji/{path.name}": path for path in target.used_emoji}
    files |= {"files/" + p.relative_to(root.resolve()).as_posix(): p for p in target.used_files}
    if mermaid_js:
        files["mermaid/mermaid.min.js"] = MERMAID_JS
    generated = {name: render_template(env, name) for name in STYLESHEETS}
    generated["pygments.css"] = pygments_css()
    return AssetPlan(files, generated)


def check_installed() -> None:
    """The npm packages must be there: say how to get them, rather than fail on a copy."""
    missing = [p for p in REVEAL_FILES.values() if not p.is_file()]
    if missing:
        raise ContentError(missing[0], None, "front-end packages are missing: run `npm ci` "
                           "(or `make slides`, which installs everything)")


def write_assets(plan: AssetPlan, assets_dir: Path) -> None:
    for name, source in plan.files.items():
        copy_if_changed(source, assets_dir / name)
    for name, text in plan.generated.items():
        target = assets_dir / name
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            write_atomic(target, text)
