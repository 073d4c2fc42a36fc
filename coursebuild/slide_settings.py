"""A slide's own settings from its ``<!-- .slide: … -->`` directives (``markdown/directives.py``):
in the deck, attributes of its ``<section>`` that reveal.js reads (background colour, image and
opacity, transition); on paper, a background drawn behind the slide (the slides PDF shows it,
``print.css``; the other PDFs leave it out), with light text on a dark colour as reveal.js's
``has-dark-background`` gives in the deck (``theme.css``)."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path

from markdown_it.token import Token
from markupsafe import Markup

from .html import Target
from .markdown.annotations import annotation
from .markdown.directives import slide_settings

IMAGE = "data-background-image"
PAGE_BOX = ("1333.34", "750")  # the slides PDF's page in the slide's px (print.css)


@dataclass(frozen=True)
class SlideLook:
    """What a slide's directives make of its ``<section>``."""

    attrs: Markup = Markup("")  # after the section's own attributes (the deck's)
    background: Markup = Markup("")  # first inside the section (paper's)
    tone: str = ""  # paper's: "dark-background" or "light-background" under a background colour


def slide_look(tokens: list[Token], target: Target) -> SlideLook:
    settings: dict[str, str] = {}
    for token, name, value in slide_settings(tokens):
        if name == IMAGE:
            path = annotation(token).file
            if not isinstance(path, Path):
                continue  # refused or missing: links.py reported it
            target.used_files.add(path)
            value = target.file_src(path)
        settings[name] = value  # the last directive of the slide wins, as in reveal.js
    if not settings:
        return SlideLook()
    if target.audience == "deck":
        attrs = "".join(f' {name}="{escape(value)}"' for name, value in settings.items())
        return SlideLook(attrs=Markup(attrs))
    colour = settings.get("data-background-color", "")
    tone = ("dark-background" if is_dark(colour) else "light-background") if colour else ""
    return SlideLook(background=_paper_background(settings), tone=tone)


def _paper_background(settings: dict[str, str]) -> Markup:
    colour = settings.get("data-background-color", "")
    image = settings.get(IMAGE, "")
    if not colour and not image:
        return Markup("")
    layers = []
    if colour:
        dark = "dark-background" if is_dark(colour) else "light-background"
        layers.append(f'<div class="slide-background {dark}" '
                      f'style="background-color: {escape(colour)}"></div>')
    if image:
        opacity = settings.get("data-background-opacity", "1")
        layers.append(_image_layer(image, opacity))
    return Markup("".join(layers))


def _image_layer(src: str, opacity: str) -> str:
    """The image, covering the page, as an SVG: WeasyPrint misplaces a box with CSS opacity
    inside the slide's transformed stage, but draws an SVG image's own opacity right."""
    width, height = PAGE_BOX
    return (f'<svg class="slide-background slide-background-image" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}" aria-hidden="true">'
            f'<image href="{escape(src)}" width="{width}" height="{height}" '
            f'preserveAspectRatio="xMidYMid slice" opacity="{escape(opacity)}"/></svg>')


def is_dark(colour: str) -> bool:
    """reveal.js's test for a dark background: brightness (ITU-R BT.601) under half."""
    from tinycss2.color3 import parse_color  # here: only a slide with a background colour

    rgba = parse_color(colour)
    if rgba is None or rgba.alpha == 0:
        return False
    return 0.299 * rgba.red + 0.587 * rgba.green + 0.114 * rgba.blue < 0.5
