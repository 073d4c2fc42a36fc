#!/usr/bin/env python3
"""The repository's entry point: ``python build.py --help``. Installed, the same commands are
``coursebuild`` and ``python -m coursebuild`` (coursebuild/cli.py)."""

from coursebuild.cli import cli

if __name__ == "__main__":
    cli(prog_name="python build.py")  # the defaults of DESIGN.md: chapters/, outputs here
