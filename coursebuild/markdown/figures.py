"""Pandoc's implicit figures: an image alone in its paragraph, with alt text, is a figure
captioned by that text. Which paragraphs qualify is read from the tokens; whether a chapter
draws them is the course's ``markdown.implicit_figures`` (``coursebuild/figures.py``)."""

from __future__ import annotations

from collections.abc import Sequence

from markdown_it.token import Token

from .annotations import set_figure
from .image_size import sized_label


def lone_image(tokens: Sequence[Token], idx: int) -> Token | None:
    """The image of the paragraph opened at ``idx`` when it is alone there and has alt text
    (a tight list's item, whose paragraph is hidden, is no paragraph)."""
    opening = tokens[idx]
    if opening.type != "paragraph_open" or opening.hidden or idx + 1 >= len(tokens):
        return None
    children = tokens[idx + 1].children or []
    if len(children) != 1 or children[0].type != "image":
        return None
    return children[0] if caption_text(children[0]) else None


def caption_text(image: Token) -> str:
    """The alt text of ``image`` as its caption (without an Obsidian size, ``|300``)."""
    return sized_label(image.content).alt.strip()


def mark_figures(tokens: Sequence[Token]) -> None:
    """Mark every paragraph of ``tokens`` that is a lone image with alt text as a figure."""
    for idx, token in enumerate(tokens):
        if lone_image(tokens, idx) is not None:
            set_figure(token)
