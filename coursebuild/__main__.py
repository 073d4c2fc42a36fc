"""``python -m coursebuild``: the same commands as the ``coursebuild`` script."""

from .cli import main

main()
