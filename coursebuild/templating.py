"""Jinja2 templates: the course's own ``templates/`` first, then the defaults (``default/…``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2

from . import __version__
from .errors import ContentError
from .paths import TEMPLATES


def environment(course_root: Path) -> jinja2.Environment:
    """Templates looked up in the course's ``templates/`` then the defaults; ``default/x``
    always names the default, so an override can extend the template it replaces."""
    defaults = jinja2.FileSystemLoader(TEMPLATES)
    search = [str(course_root / "templates"), str(TEMPLATES)]
    loader = jinja2.ChoiceLoader([
        jinja2.PrefixLoader({"default": defaults}),
        jinja2.FileSystemLoader(search),
    ])
    env = jinja2.Environment(loader=loader, autoescape=jinja2.select_autoescape(["html"]),
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    env.globals["version"] = __version__
    return env


def render_template(env: jinja2.Environment, name: str, **context: Any) -> str:
    """Render ``name``; template mistakes are reported at the template's file and line."""
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise ContentError(Path(exc.filename or exc.name or name), exc.lineno,
                           f"template error: {exc.message}") from None
    except jinja2.TemplateError as exc:
        path, line = _failing_frame(exc, name)
        raise ContentError(path, line, f"template error: {exc}") from None


def _failing_frame(exc: Exception, name: str) -> tuple[Path, int | None]:
    """The template file and line a rendering error happened on, from the traceback."""
    tb = exc.__traceback__
    found: tuple[Path, int | None] = (Path(name), None)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".html") or filename.endswith(".css"):
            found = (Path(filename), tb.tb_lineno)
        tb = tb.tb_next
    return found
