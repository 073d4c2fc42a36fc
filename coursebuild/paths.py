"""Where the package finds its own assets: templates and the files of the npm packages it uses.

One place decides. An installed wheel carries them in ``coursebuild/_bundled/`` (``templates/``
and ``npm/``, the npm files at their ``node_modules`` paths), copied there when the wheel is
built (setup.py). In a clone (editable or development use) that folder does not exist, and they
are the repository's ``templates/`` and ``node_modules/`` (``npm ci``).

This module imports nothing from the package, nor any dependency: setup.py loads it by its file
name to read :data:`BUNDLE`, the list of npm files the wheel carries.
"""

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
BUNDLED = PACKAGE / "_bundled"  # generated when a wheel is built, never committed
ROOT = PACKAGE.parent  # in a clone: the repository
INSTALLED = (BUNDLED / "templates").is_dir()

TEMPLATES = BUNDLED / "templates" if INSTALLED else ROOT / "templates"
NODE_MODULES = BUNDLED / "npm" if INSTALLED else ROOT / "node_modules"
FONTSOURCE = NODE_MODULES / "@fontsource"
EMOJI_SVG = NODE_MODULES / "@twemoji" / "svg"

# The npm files a build reads or copies next to the decks (assets.py, emoji.py, the mermaid
# label metrics in mermaid/fonts.py, handouts' fonts), as globs under node_modules, with each
# package's licence: the wheel carries exactly these (tests/test_packaging.py checks that every
# file the code names is matched).
BUNDLE = (
    "reveal.js/LICENSE",
    "reveal.js/dist/reveal.js",
    "reveal.js/dist/reveal.css",
    "reveal.js/dist/reset.css",
    "reveal.js/dist/plugin/notes.js",
    "@fontsource/inter/LICENSE",
    "@fontsource/inter/files/inter-latin-400-normal.woff*",
    "@fontsource/inter/files/inter-latin-400-italic.woff*",
    "@fontsource/inter/files/inter-latin-600-normal.woff*",
    "@fontsource/inter/files/inter-latin-700-normal.woff*",
    "@fontsource/jetbrains-mono/LICENSE",
    "@fontsource/jetbrains-mono/files/jetbrains-mono-latin-400-normal.woff*",
    "@twemoji/svg/license",
    "@twemoji/svg/*.svg",
    "mermaid/LICENSE",
    "mermaid/dist/mermaid.min.js",
)


def font_file(family: str, weight: int = 400, style: str = "normal", fmt: str = "woff") -> Path:
    """A Fontsource font file (latin subset), e.g. ``font_file("inter", 700)``."""
    return FONTSOURCE / family / "files" / f"{family}-latin-{weight}-{style}.{fmt}"


def bundle_files(node_modules: Path) -> list[Path]:
    """The files of :data:`BUNDLE` under ``node_modules``, sorted; a glob that matches nothing
    is an error, so a wheel never lacks a file (wrong package version, ``npm ci`` not run)."""
    found: list[Path] = []
    for pattern in BUNDLE:
        matches = sorted(p for p in node_modules.glob(pattern) if p.is_file())
        if not matches:
            raise FileNotFoundError(node_modules / pattern)
        found += matches
    return found


def asset_roots() -> tuple[Path, ...]:
    """Where the files a build copies next to the decks may come from, besides the course."""
    return (NODE_MODULES.resolve(), TEMPLATES.resolve())
