"""The Markdown dialect of a course: CommonMark + tables + Obsidian's additions, as plugins."""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

from .bounds import bounds_plugin
from .callouts import callouts_plugin
from .checklist import checklist_plugin
from .comments import comments_plugin
from .directives import directives_plugin
from .divs import divs_plugin
from .emoji import emoji_plugin
from .footnotes import footnotes_plugin
from .image_attrs import image_attrs_plugin
from .lines import line_numbers_plugin
from .mark import mark_plugin
from .math import math_plugin
from .pauses import pauses_plugin
from .shortcodes import shortcodes_plugin
from .tags import tags_plugin
from .tasks import tasks_plugin
from .wikilinks import wikilinks_plugin


@cache
def parser() -> MarkdownIt:
    """The one parser every chapter goes through; never changed after it is made (the HTML
    renderer is a parser of its own, ``new_parser()`` with its rules added)."""
    return new_parser()


def new_parser() -> MarkdownIt:
    """A fresh MarkdownIt with the course's dialect."""
    # Raw HTML is parsed (so it can be reported) but rendered as text; every link and image
    # target is accepted here and judged by ``links.resolve_course`` (which says what it refused).
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    md.validateLink = lambda url: True
    for plugin in (front_matter_plugin, comments_plugin, wikilinks_plugin, callouts_plugin,
                   divs_plugin, checklist_plugin, line_numbers_plugin, emoji_plugin, bounds_plugin,
                   mark_plugin, tasks_plugin, shortcodes_plugin, tags_plugin, footnotes_plugin,
                   image_attrs_plugin, math_plugin, pauses_plugin, directives_plugin):
        md.use(plugin)
    return md
