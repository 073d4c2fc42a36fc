"""ER source to the :class:`ErDiagram` model, as mermaid's ``erDiagram.jison`` reads it.

The tokens are mermaid's (see ``lexer``); the statements its grammar's: an entity alone, with
an alias ``p[Person]``, with classes ``:::a,b`` and an attribute block ``{ type name PK, FK
"comment" }``; a relationship ``A ||--o{ B : label`` (markers or their word forms, ``--``,
``..``, ``to``, ``optionally to``); ``direction``, ``classDef``, ``class``, ``style``,
``accTitle``/``accDescr``. As in mermaid, statements need no line break between them (``A
B`` names two entities), and a relationship's label is one word or a quoted string.
``%%`` comment lines, ``%%{init}%%`` directives and the front matter are read first.
"""

from __future__ import annotations

import re

from ..css_values import refused
from ..directives import (
    declares,
    directive_lines,
    front_matter,
    front_matter_title,
    source_lines,
    theme_pairs,
)
from ..errors import MermaidError
from ..tally import TextBudget
from ..text import decode_label
from . import bounds
from .lexer import Token, tokens
from .model import Attribute, Entity, ErDiagram, Relationship

THEME_KEYS = frozenset({
    "theme", "primaryColor", "primaryBorderColor", "primaryTextColor", "mainBkg",
    "nodeBorder", "lineColor", "textColor", "nodeTextColor", "edgeLabelBackground",
    "attributeBackgroundColorOdd", "attributeBackgroundColorEven", "fontSize", "titleColor",
})  # fmt: skip
_COMMENT_LINE = re.compile(r"\s*%%(?!\{)")
_HEADER = re.compile(r"erDiagram\b")
_NAMES = ("ENTITY_NAME", "UNICODE_TEXT", "NUM", "DECIMAL_NUM", "ENTITY_ONE")
_CARDS = ("ZERO_OR_ONE", "ZERO_OR_MORE", "ONE_OR_MORE", "ONLY_ONE", "MD_PARENT")
_RELS = ("IDENTIFYING", "NON_IDENTIFYING")
_ROLES = ("WORD", "ENTITY_NAME", "UNICODE_TEXT")
_STYLE_PARTS = ("STYLE_TEXT", "COLON", "BRKT", "NUM")


def _prepared(source: str, chart: ErDiagram) -> list[str]:
    """The source lines with the front matter, directives and comment lines blanked (so
    that lines keep their numbers), the settings they hold read into ``chart``."""
    lines = source_lines(source)
    body, index = front_matter(lines)
    for text in body:
        title = front_matter_title(text)
        if title is not None:
            chart.title = title
        chart.theme.update(theme_pairs(text, THEME_KEYS))
    out = [""] * index
    while index < len(lines):
        text = lines[index]
        if text.strip().startswith("%%{"):
            directive, after = directive_lines(lines, index)
            for part in directive:
                chart.theme.update(theme_pairs(part, THEME_KEYS))
            out += [""] * (after - index)
            index = after
            continue
        out.append("" if _COMMENT_LINE.match(text) else text)
        index += 1
    return out


def is_er(source: str) -> bool:
    """Whether the first statement is ``erDiagram`` (after front matter and directives)."""
    return declares(source, _HEADER)


def parse(source: str) -> ErDiagram:
    """Parse ``erDiagram`` source; raise :class:`MermaidError` at the faulty line (1-based)."""
    chart = ErDiagram()
    if len(source) > bounds.MAX_SOURCE_CHARS:
        raise MermaidError(1, f"more than {bounds.MAX_SOURCE_CHARS} characters : a bound, "
                              "split the diagram")  # fmt: skip
    lines = _prepared(source, chart)
    _Parser(chart, list(tokens("\n".join(lines)))).run()
    return chart


def _unquoted(text: str) -> str:
    return text.replace('"', "")


class _Parser:
    def __init__(self, chart: ErDiagram, toks: list[Token]) -> None:
        self.chart = chart
        self.toks = toks
        self.pos = 0
        self.budget = TextBudget(bounds.MAX_LABEL_CHARS)  # characters of text
        self.attributes = 0

    # --- tokens

    def peek(self, ahead: int = 0) -> Token:
        return self.toks[min(self.pos + ahead, len(self.toks) - 1)]

    def take(self, *kinds: str, expected: str = "") -> Token:
        tok = self.peek()
        if tok.kind not in kinds:
            self.fail(tok, expected or " or ".join(kinds))
        self.pos += 1
        return tok

    def fail(self, tok: Token, expected: str) -> None:
        shown = "end of diagram" if tok.kind == "EOF" else repr(tok.text.strip() or tok.text)
        raise MermaidError(tok.line, f"unexpected {shown} : expected {expected}")


    # --- statements

    def run(self) -> None:
        while self.peek().kind == "NEWLINE":
            self.pos += 1
        self.take("ER_DIAGRAM", expected="'erDiagram'")
        while self.peek().kind != "EOF":
            if self.peek().kind == "NEWLINE":
                self.pos += 1
                continue
            self.statement()

    def statement(self) -> None:
        tok = self.peek()
        kind = tok.kind
        if kind in _NAMES:
            self.entity_statement()
        elif kind in ("acc_title", "acc_descr"):
            self.pos += 1
            value = self.take(f"{kind}_value").text.strip()
            if kind == "acc_title":
                self.chart.acc_title = self.budget.spend(value, tok.line)
            else:
                self.chart.description = self.budget.spend(value, tok.line)
        elif kind == "acc_descr_multiline_value":
            self.pos += 1
            self.chart.description = self.budget.spend(tok.text.strip(), tok.line)
        elif kind.startswith("direction_"):
            self.pos += 1
            self.chart.direction = kind[-2:].upper()
        elif kind in ("CLASSDEF", "STYLE", "CLASS"):
            self.pos += 1
            self.styling(kind, tok.line)
        else:
            self.fail(tok, "an entity, a relationship or a statement")

    def styling(self, kind: str, line: int) -> None:
        if kind == "CLASS":
            names = self.id_list("UNICODE_TEXT")
            self.set_classes(names, self.id_list("UNICODE_TEXT"))
            return
        names = self.id_list("STYLE_TEXT")
        styles = self.styles(line)
        for name in names:
            if kind == "CLASSDEF":
                self.chart.class_defs.setdefault(name, []).extend(styles)
                continue
            entity = self.chart.entities.get(name)
            if entity is None:  # mermaid stops at the first name that is no entity
                break
            entity.styles.extend(styles)

    def entity_name(self) -> Token:
        tok = self.take(*_NAMES, expected="an entity name")
        return Token(tok.kind, _unquoted(tok.text) if tok.kind == "ENTITY_NAME" else tok.text,
                     tok.line)  # fmt: skip

    def entity_statement(self) -> None:
        first = self.entity_name()
        name = first.text
        if self.peek().kind == "SQS":
            self.pos += 1
            alias = self.entity_name().text
            self.take("SQE", expected="']'")
            self.add_entity(name, first.line, alias)
            self.after_entity(name, relation=False)
            return
        self.add_entity(name, first.line)
        self.after_entity(name, relation=True)

    def after_entity(self, name: str, relation: bool) -> None:
        classes: list[str] = []
        if self.peek().kind == "STYLE_SEPARATOR":
            self.pos += 1
            classes = self.id_list("UNICODE_TEXT")
        kind = self.peek().kind
        if kind == "BLOCK_START":
            self.pos += 1
            if self.peek().kind != "BLOCK_STOP":
                self.attributes_block(name)
            self.take("BLOCK_STOP", expected="'}'")
        elif relation and kind in _CARDS:
            self.relationship(name, classes)
            return
        self.set_classes([name], classes)

    def relationship(self, a: str, a_classes: list[str]) -> None:
        line = self.peek().line
        card_a = self.take(*_CARDS).kind
        rel = self.take(*_RELS, expected="'--', '..', 'to' or 'optionally to'").kind
        card_b = self.take(*_CARDS, expected="a cardinality ('||', '|o', '}o', '}|' …)").kind
        b = self.entity_name()
        b_classes: list[str] = []
        if self.peek().kind == "STYLE_SEPARATOR":
            self.pos += 1
            b_classes = self.id_list("UNICODE_TEXT")
        self.take("COLON", expected="':' and a label")
        role = self.take(
            *_ROLES, expected='a label (a word, or a quoted string: "has many", "one")'
        )
        label = decode_label(_unquoted(role.text) if role.kind != "UNICODE_TEXT" else role.text)
        self.add_entity(b.text, b.line)
        if len(self.chart.relationships) >= bounds.MAX_RELATIONSHIPS:
            raise MermaidError(line, f"more than {bounds.MAX_RELATIONSHIPS} relationships : "
                                     "a bound, split the diagram")  # fmt: skip
        label = self.budget.spend(label, role.line)
        self.chart.relationships.append(Relationship(
            a, b.text, label, card_a, card_b, rel == "IDENTIFYING", line,
        ))  # fmt: skip
        self.set_classes([a], a_classes)
        self.set_classes([b.text], b_classes)

    def attributes_block(self, name: str) -> None:
        entity = self.chart.entities[name]
        while self.peek().kind != "BLOCK_STOP":
            kind_tok = self.take("ATTRIBUTE_WORD", expected="an attribute type, or '}'")
            name_tok = self.take("ATTRIBUTE_WORD", expected="an attribute name after its type")
            keys: list[str] = []
            if self.peek().kind == "ATTRIBUTE_KEY":
                keys.append(self.take("ATTRIBUTE_KEY").text)
                while self.peek().kind == "CHAR" and self.peek().text == ",":
                    self.pos += 1
                    keys.append(self.take("ATTRIBUTE_KEY", expected="PK, FK or UK").text)
            comment = ""
            if self.peek().kind == "COMMENT":
                comment = decode_label(_unquoted(self.take("COMMENT").text))
            self.attributes += 1
            if self.attributes > bounds.MAX_ATTRIBUTES:
                raise MermaidError(kind_tok.line, f"more than {bounds.MAX_ATTRIBUTES} "
                                   "attributes : a bound, split the diagram")  # fmt: skip
            self.budget.spend(kind_tok.text + name_tok.text + comment, kind_tok.line)
            entity.attributes.append(Attribute(kind_tok.text, name_tok.text, tuple(keys), comment))

    def id_list(self, kind: str) -> list[str]:
        names = [self.take(kind, expected="a name").text]
        while self.peek().kind == "COMMA":
            self.pos += 1
            names.append(self.take(kind, expected="a name after ','").text)
        return names

    def styles(self, line: int) -> list[str]:
        styles: list[str] = []
        while True:
            parts: list[str] = []
            while self.peek().kind in _STYLE_PARTS:
                parts.append(self.take(*_STYLE_PARTS).text)
            if not parts:
                self.fail(self.peek(), "a style 'property:value'")
            styles.append("".join(parts))
            if self.peek().kind != "COMMA":
                break
            self.pos += 1
        self.take("SEMI", "NEWLINE", "EOF", expected="the end of the line")
        if self.toks[self.pos - 1].kind == "EOF":
            self.pos -= 1
        for style in styles:
            found = refused(style)
            if found:
                raise MermaidError(line, f"refused '{found}' in a style : expected colours, "
                                         "lengths, dash arrays or font weights")  # fmt: skip
        return styles

    # --- the model

    def add_entity(self, name: str, line: int, alias: str = "") -> None:
        entity = self.chart.entities.get(name)
        if entity is None:
            if len(self.chart.entities) >= bounds.MAX_ENTITIES:
                raise MermaidError(line, f"more than {bounds.MAX_ENTITIES} entities : a bound, "
                                         "split the diagram")  # fmt: skip
            self.budget.spend(name + alias, line)
            self.chart.entities[name] = Entity(name, line, alias)
        elif alias and not entity.alias:
            entity.alias = self.budget.spend(alias, line)

    def set_classes(self, names: list[str], classes: list[str]) -> None:
        for name in names:
            entity = self.chart.entities.get(name)
            if entity is not None:
                entity.classes.extend(classes)
