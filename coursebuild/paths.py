"""Where the package finds its own assets: templates and the npm packages installed beside it."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
NODE_MODULES = ROOT / "node_modules"
FONTSOURCE = NODE_MODULES / "@fontsource"
EMOJI_SVG = NODE_MODULES / "@twemoji" / "svg"


def font_file(family: str, weight: int = 400, style: str = "normal", fmt: str = "woff") -> Path:
    """A Fontsource font file (latin subset), e.g. ``font_file("inter", 700)``."""
    return FONTSOURCE / family / "files" / f"{family}-latin-{weight}-{style}.{fmt}"


def asset_roots() -> tuple[Path, ...]:
    """Where the files a build copies next to the decks may come from, besides the course."""
    return (NODE_MODULES.resolve(), TEMPLATES.resolve())
