"""The wheel build hook: everything else is in pyproject.toml.

The installed tool needs, at run time, the repository's ``templates/`` and a few files of the
npm packages (reveal.js, the Fontsource fonts, the Twemoji SVGs, mermaid.min.js: the list is
``BUNDLE`` in coursebuild/paths.py). When a wheel is built they are copied into the package as
``coursebuild/_bundled/templates/`` and ``coursebuild/_bundled/npm/``; they are never committed.

- From a clone: the npm files come from ``node_modules/``; when it lacks them, ``npm ci`` runs if
  npm is on PATH, else the build stops and says what to do.
- The sdist carries ``templates/`` and exactly the ``BUNDLE`` files under ``node_modules/``, so a
  wheel builds from it without npm (``python -m build`` builds the wheel from the sdist).
- An editable install (``pip install -e .``) copies nothing: coursebuild/paths.py then reads the
  repository's own folders.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.command.sdist import sdist

HERE = Path(__file__).resolve().parent
NODE_MODULES = HERE / "node_modules"
NO_NPM = """\
coursebuild: the wheel carries files of the npm packages in package.json (reveal.js, fonts,
Twemoji, mermaid.js), and {node_modules} lacks {missing}.
npm is not on PATH to install them: building the wheel from a clone needs Node.js and npm
(https://nodejs.org/, or your system's `nodejs`/`npm` packages); then run `npm ci`, or `make dist`.
To use the tool without Node, install a released wheel instead:
    pip install coursebuild-<version>-py3-none-any.whl"""


def _paths_module():
    """coursebuild/paths.py by its file name: importing the package would need its dependencies."""
    spec = importlib.util.spec_from_file_location("_coursebuild_paths", HERE / "coursebuild"
                                                  / "paths.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def npm_files() -> list[Path]:
    """The bundled npm files under node_modules/, after ``npm ci`` if some are missing."""
    paths = _paths_module()
    try:
        return paths.bundle_files(NODE_MODULES)
    except FileNotFoundError as missing:
        if shutil.which("npm") is None:
            relative = Path(missing.args[0]).relative_to(NODE_MODULES)
            raise SystemExit(NO_NPM.format(node_modules=NODE_MODULES, missing=relative)) from None
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True)
    return paths.bundle_files(NODE_MODULES)


def copy_tree(files: list[Path], base: Path, target: Path) -> None:
    for source in files:
        destination = target / source.relative_to(base)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, destination)


class BuildWithAssets(build_py):
    """build_py, then the run-time assets into ``coursebuild/_bundled/`` of the build."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        bundled = Path(self.build_lib) / "coursebuild" / "_bundled"
        shutil.rmtree(bundled, ignore_errors=True)
        templates = HERE / "templates"
        copy_tree(sorted(p for p in templates.rglob("*") if p.is_file()), templates,
                  bundled / "templates")
        copy_tree(npm_files(), NODE_MODULES, bundled / "npm")


class SdistWithAssets(sdist):
    """sdist, plus the bundled npm files at their node_modules/ paths (templates/ is in
    MANIFEST.in): the sdist builds a wheel without npm."""

    def make_release_tree(self, base_dir: str, files: list[str]) -> None:
        super().make_release_tree(base_dir, files)
        copy_tree(npm_files(), NODE_MODULES, Path(base_dir) / "node_modules")


setup(cmdclass={"build_py": BuildWithAssets, "sdist": SdistWithAssets})
