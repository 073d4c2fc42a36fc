"""``slides/assets/``: exactly the reveal.js files, fonts, emoji and images the decks use."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import jinja2

from .files import copy_if_changed, write_atomic
from .html import Target, pygments_css
from .output_folder import real_path, remove_output
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
STYLESHEETS = ("theme.css", "landing.css", "fit.js", "mermaid-fallback.js")
PYGMENTS_STYLES = {"light": "default", "dark": "github-dark"}


@dataclass(frozen=True)
class FontFace:
    """One font file from a Fontsource npm package."""

    family: str
    package: str
    weight: int
    style: str = "normal"

    @property
    def file(self) -> Path:
        return font_file(self.package, self.weight, self.style, "woff2")

    @property
    def woff(self) -> Path:
        """WOFF 1 (zlib) decompresses many times faster than WOFF 2: what WeasyPrint gets."""
        return font_file(self.package, self.weight, self.style, "woff")


FONT_FACES = (
    FontFace("Inter", "inter", 400), FontFace("Inter", "inter", 400, "italic"),
    FontFace("Inter", "inter", 600), FontFace("Inter", "inter", 700),
    FontFace("JetBrains Mono", "jetbrains-mono", 400),
)


def fonts_css(env: jinja2.Environment, url_for: Callable[[Path], str], woff2: bool = True) -> str:
    """``@font-face`` rules pointing at the font files through ``url_for``."""
    fonts = [{"family": f.family, "weight": f.weight, "style": f.style,
              "url": url_for(f.file if woff2 else f.woff), "format": "woff2" if woff2 else "woff"}
             for f in FONT_FACES]
    return render_template(env, "fonts.css", fonts=fonts)


def page_copies(target: Target, root: Path) -> dict[str, str]:
    """The files a page needs copied under assets/: name there -> source file."""
    copies = {f"emoji/{path.name}": str(path) for path in target.used_emoji}
    copies |= {"files/" + p.relative_to(root.resolve()).as_posix(): str(p)
               for p in target.used_files}
    if target.uses_mermaid_js:
        copies["mermaid/mermaid.min.js"] = str(MERMAID_JS)
    return copies


@dataclass(frozen=True)
class AssetPlan:
    """What the decks of this build need copied next to them."""

    files: dict[str, Path]  # name under assets/ -> source file
    generated: dict[str, str]  # name under assets/ -> text


def plan_assets(env: jinja2.Environment, copies: dict[str, Path], theme: str) -> AssetPlan:
    """Fixed files (reveal.js, fonts), the pages' own copies (emoji, images, mermaid.js) and the
    stylesheets rendered from templates."""
    files = dict(REVEAL_FILES)
    files |= {f"fonts/{face.file.name}": face.file for face in FONT_FACES}
    files |= copies
    generated = {name: render_template(env, name) for name in STYLESHEETS}
    generated["pygments.css"] = pygments_css(PYGMENTS_STYLES[theme])
    generated["fonts.css"] = fonts_css(env, lambda path: f"fonts/{path.name}")
    return AssetPlan(files, generated)


def write_assets(plan: AssetPlan, assets_dir: Path, previous: set[str]) -> set[str]:
    """Copy what changed, write the generated stylesheets, and delete the files of
    ``previous`` (what the last build wrote) that no page uses any more: nothing else under
    assets/ is ever deleted. Returns the names this build wrote."""
    for name, source in plan.files.items():
        copy_if_changed(source, real_path(assets_dir, name))
    for name, text in plan.generated.items():
        target = real_path(assets_dir, name)
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            write_atomic(target, text)
    names = set(plan.files) | set(plan.generated)
    for name in sorted(previous - names):
        remove_output(assets_dir, name)
    return names
