"""Jinja2 templates: the course's own ``templates/`` first, then the defaults (``default/…``).

A course folder is untrusted: its templates render in Jinja's sandbox (no attribute starting
with ``_``, no method that changes a value, so no way to Python's internals), and a template is
read only when it is a plain file inside the course's ``templates/`` or the package's."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from . import __version__
from .confine import confine, is_file, plain_file
from .errors import ContentError
from .files import read_text
from .markdown.typography import french_lang, french_spacing
from .paths import TEMPLATES
from .qr import qr_html


def environment(course_root: Path, *, course_templates: bool = True) -> jinja2.Environment:
    """Templates looked up in the course's ``templates/`` then the defaults; ``default/x``
    always names the default, so an override can extend the template it replaces. One sandboxed
    environment for both: ``build``, ``check`` and ``serve`` all render through it."""
    env = ImmutableSandboxedEnvironment(
        loader=ConfinedLoader(course_root, course_templates),
        autoescape=jinja2.select_autoescape(["html"]), undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True, bytecode_cache=_bytecode_cache())
    env.globals["version"] = __version__
    env.globals["qr_code"] = lambda url: Markup(qr_html(str(url)))  # printed resources
    env.filters["typeset"] = typeset
    return env


class _QuietBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's cache of compiled templates, in its per-user folder of the temporary directory
    (mode 0700): a process compiles the templates once and later builds load them, 40 ms of a
    one-chapter deck's 0.45 s. Keyed by each template's file and checked against its source, so
    an edited or overriding template is compiled again. A cache that cannot be written (a full
    or read-only disk) only costs the compiling; it never fails a build."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError, ValueError, EOFError, TypeError):
            super().load_bytecode(bucket)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """The compiled-template cache, or none where no private temporary folder can be made."""
    try:
        return _QuietBytecodeCache()
    except (OSError, RuntimeError):  # RuntimeError: the folder exists but is not ours alone
        return None


def typeset(text: object, lang: str) -> str:
    """Plain text (a title, a resource's label) in the typography of ``lang``."""
    return french_spacing(str(text)) if french_lang(str(lang)) else str(text)


class ConfinedLoader(jinja2.BaseLoader):
    """The course's ``templates/`` then the package's; ``default/x`` is the package's ``x``.
    A symbolic link (the file, a folder on the way, or ``templates/`` itself) or a file that
    resolves outside its folder is a ContentError at that file, never read."""

    def __init__(self, course_root: Path, course_templates: bool = True) -> None:
        self.course_root = course_root
        self.course_templates = course_templates  # False: the package's defaults only

    def get_source(self, environment: jinja2.Environment,
                   template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)  # refuses ".." and empty names
        folders = [self.course_root / "templates", TEMPLATES][not self.course_templates:]
        if pieces[:1] == ["default"]:
            folders, pieces = [TEMPLATES], pieces[1:]
        for folder in folders:
            path = folder.joinpath(*pieces)
            if folder != TEMPLATES:
                plain_file(path, folder)
            if is_file(path):
                confine(path, [folder])
                return _source(path)
        raise jinja2.TemplateNotFound(template)


def _source(path: Path) -> tuple[str, str, Callable[[], bool]]:
    """The template's text, its file name (for error lines) and whether it is unchanged."""
    mtime = _mtime(path)
    return read_text(path), str(path), lambda: _mtime(path) == mtime


def _mtime(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


# What a template's own expressions can raise besides Jinja's errors: {{ 1 / 0 }},
# {{ "a" + 1 }}, a range over the sandbox's bound, a macro that calls itself.
PYTHON_MISTAKES = (ArithmeticError, LookupError, TypeError, ValueError, RecursionError)


def render_template(env: jinja2.Environment, name: str, **context: Any) -> str:
    """Render ``name``; template mistakes are reported at the template's file and line."""
    try:
        template = env.get_template(name)
        text = template.render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise ContentError(Path(exc.filename or exc.name or name), exc.lineno,
                           f"template error: {exc.message}") from None
    except (jinja2.TemplateError, *PYTHON_MISTAKES) as exc:
        path, line = _failing_frame(exc, name)
        if line is None and not isinstance(exc, jinja2.TemplateError):
            raise  # not raised by a template: a bug in the build, with its traceback
        raise ContentError(path, line, f"template error: {_describe(exc)}") from None
    if name.endswith(".css") and template.filename and not _is_default(template.filename):
        _check_rendered_css(text, Path(template.filename))
    return text


def _is_default(filename: str) -> bool:
    return Path(filename).resolve().is_relative_to(TEMPLATES.resolve())


def _check_rendered_css(text: str, path: Path) -> None:
    """A course's CSS template must be self-contained once rendered too: ``{{ "ur" ~ "l(" }}``
    is checked as the browser and WeasyPrint will read it."""
    from .stylesheets import css_refusals, css_text_refusals

    refusals = css_text_refusals(text)
    if not refusals:
        return
    written = css_refusals(path)
    if written:  # the same error as the check of the file itself: reported once
        raise ContentError(path, *written[0])
    line, message = refusals[0]
    # the rendered text's lines are not the template's (includes, expressions): say so
    raise ContentError(path, None, f"{message} (line {line} once rendered)")


def _describe(exc: Exception) -> str:
    if isinstance(exc, jinja2.TemplateNotFound):
        return f"no template named '{exc.name}' (in the course's templates/ or the defaults)"
    if isinstance(exc, jinja2.TemplateError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


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
