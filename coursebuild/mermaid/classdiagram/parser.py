"""Class diagram source to the :class:`ClassDiagram` model.

Follows mermaid 11's ``classDiagram.jison`` and ``classDb``: statements one a line; a class
body ``{ … }`` holds one member a line (``<<annotation>>`` lines are annotations, a line
with ``)`` a method, anything else an attribute, ``%%`` included, as mermaid reads it);
a ``namespace`` body holds class statements, notes and namespaces; relations are
``A "1" <|--* "n" B : label`` with any end kind on either side of ``--`` or ``..``.
``click``/``link``/``callback`` lines are read and not drawn, with a warning (a drawing opens
nothing).
"""

from __future__ import annotations

import re

from ..directives import (
    acc_descr_block,
    declares,
    directive_lines,
    front_matter,
    front_matter_title,
    source_lines,
    theme_pairs,
)
from ..errors import MermaidError
from ..lexer import MAX_JOINED_LINES, THEME_KEYS, strip_comment
from ..styles import parse_style_list
from ..tally import TextBudget
from ..text import decode_label
from . import bounds
from .model import ClassDiagram, ClassNode, EndKind, Member, Namespace, Note, Relation

_HEADER = re.compile(r"classDiagram(?:-v2)?\b")
_PART = r"(?:`[^`]+`|(?:[\w\u00aa-\uffff]|-(?![-.>]))+)"
_NAME = re.compile(rf"{_PART}(?:\.{_PART})*(?:~[^~\n]*~)?")
_LABEL = re.compile(r'\s*\[\s*"([^"]*)"\s*\]')
_STR = re.compile(r'\s*"([^"]*)"')
_NOTE_TEXT = re.compile(r'\s*"(.*)"', re.DOTALL)  # to the last quote, as mermaid reads it
_ENDS: dict[str, EndKind] = {
    "<|": "extension", "|>": "extension", "*": "composition", "o": "aggregation",
    "<": "dependency", ">": "dependency", "()": "lollipop",
}  # fmt: skip
_RELATION = re.compile(r"\s*(<\||\*|o|<|\(\))?\s*(--|\.\.)(?:\s*(\|>|\*|o|>|\(\)))?")
_DIRECTION = re.compile(r".*direction\s+(TB|BT|RL|LR)")
_ACC = re.compile(r"(accTitle|accDescr)\s*:\s*(.*)$")
_ACC_BLOCK = re.compile(r"accDescr\s*\{(.*)$")
_KEYWORD = re.compile(
    r"(namespace|classDef|class|note\s+for|note|style|cssClass|click|link|callback)(?![\w-])"
)
_CSS = re.compile(r":::\s*([\w-]+)")
_ANNOTATION = re.compile(r"\s*<<\s*([^<>\n]+?)\s*>>")
_METHOD = re.compile(r"([#+~-])?(.+)\((.*)\)([\s$*])?(.*)([$*])?")
_VISIBILITY = "+-#~"
_CLASS_LIST = re.compile(r"[\w-]+(?:\s*,\s*[\w-]+)*")
_HIDE_EMPTY = re.compile(r"[\"']?hideEmptyMembersBox[\"']?\s*:\s*[\"']?((?i:true|false))")
_THEME_KEYS = (*THEME_KEYS, "noteBkgColor", "noteBorderColor", "noteTextColor")


def is_class(source: str) -> bool:
    """Whether the first statement is ``classDiagram`` (after front matter and directives)."""
    return declares(source, _HEADER)


def parse(source: str) -> ClassDiagram:
    """Parse ``classDiagram`` source; raise :class:`MermaidError` at the faulty line."""
    return _Parser().run(source)


def generic_types(text: str) -> str:
    """``List~int~`` -> ``List<int>``, as mermaid's ``parseGenericTypes`` (pairs of ``~``
    outermost first; ``~K, V~`` across a comma kept together)."""
    pieces = re.split(r"(,)", text)
    out: list[str] = []
    i = 0
    while i < len(pieces):
        piece = pieces[i]
        if piece == "," and 0 < i < len(pieces) - 1:
            before, after = pieces[i - 1], pieces[i + 1]
            if before.count("~") == 1 and after.count("~") == 1:
                out.pop()
                out.append(_tilde_set(before + "," + after))
                i += 2
                continue
        out.append(_tilde_set(piece))
        i += 1
    return "".join(out)


def _tilde_set(text: str) -> str:
    count = text.count("~")
    if count <= 1:
        return text
    lead = ""
    if count % 2 and text.startswith("~"):
        lead, text = "~", text[1:]
    chars = list(text)
    first, last = text.find("~"), text.rfind("~")
    while first != -1 and first != last:
        chars[first], chars[last] = "<", ">"
        joined = "".join(chars)
        first, last = joined.find("~"), joined.rfind("~")
    return lead + "".join(chars)


def member(raw: str, method: bool) -> Member:
    """One attribute or method as mermaid's ``ClassMember`` displays it."""
    text = raw.strip()
    if method:
        found = _METHOD.match(text)
        if found is None:  # cannot happen: a method holds ')' after its first character
            return Member(text, True)
        visibility = found.group(1) or ""
        name, params = found.group(2), (found.group(3) or "").strip()
        classifier = (found.group(4) or "").strip()
        returns = (found.group(5) or "").strip()
        if not classifier and returns[-1:] in ("$", "*"):
            classifier, returns = returns[-1], returns[:-1]
        name = " " + name.strip() if name.startswith(" ") else name.strip()
        shown = f"{visibility}{generic_types(name)}({generic_types(params)})"
        if returns:
            shown += " : " + generic_types(returns)
        return Member(shown.strip(), True, classifier)
    visibility = text[:1] if text[:1] in _VISIBILITY and text else ""
    classifier = text[-1:] if text[-1:] in ("$", "*") else ""
    name = text[len(visibility) : len(text) - len(classifier)].strip()
    return Member((visibility + generic_types(name)).strip(), False, classifier)


def _split_name(name: str) -> tuple[str, str]:
    """``Square~Shape~`` -> (``Square``, ``Shape``); backquotes dropped."""
    name = name.replace("`", "")
    if name.find("~") > 0:
        parts = name.split("~")
        return parts[0], parts[1]
    return name, ""


class _Parser:
    def __init__(self) -> None:
        self.chart = ClassDiagram()
        self.budget = TextBudget(bounds.MAX_LABEL_CHARS)  # characters of text
        self.members = 0
        self.header = False
        self.stack: list[str] = []  # open namespaces, innermost last
        self.body: ClassNode | None = None  # the class whose ``{ … }`` is open
        self.body_line = 0
        self.interfaces = 0

    # -- lines -------------------------------------------------------------------------
    def run(self, source: str) -> ClassDiagram:
        lines = source_lines(source)
        body, index = front_matter(lines)
        raw: dict[str, str] = {}
        for text in body:
            title = front_matter_title(text)
            if title is not None:
                self.chart.title = decode_label(title)
            raw.update(theme_pairs(text, _THEME_KEYS))
            self._config(text)
        while index < len(lines):
            text = lines[index].strip()
            if text.startswith("%%{") and self.body is None:
                block, index = directive_lines(lines, index)
                for piece in block:
                    raw.update(theme_pairs(piece, _THEME_KEYS))
                    self._config(piece)
                continue
            index = self._line(lines, index)
        self.chart.theme = raw
        if not self.header:
            raise MermaidError(max(1, len(lines)), "expected 'classDiagram' on the first line")
        if self.body is not None:
            raise MermaidError(self.body_line, "unclosed class body '{' : expected '}'")
        if self.stack:
            opened = self.chart.namespaces[self.stack[-1]].line
            raise MermaidError(opened, "unclosed namespace '{' : expected '}'")
        return self.chart

    def _config(self, text: str) -> None:
        found = _HIDE_EMPTY.search(text)
        if found:
            self.chart.hide_empty = found.group(1).lower() == "true"

    def _line(self, lines: list[str], index: int) -> int:
        raw = lines[index]
        line = index + 1
        if self.body is not None:
            self._body_line(raw, line)
            return line
        text = raw.strip()
        if not text or text.startswith("%%"):
            return line
        if not self.header:
            found = _HEADER.match(text)
            if not found:
                raise MermaidError(line, "expected 'classDiagram' on the first line")
            self.header = True
            rest = strip_comment(text[found.end() :]).strip()
            if rest:
                raise MermaidError(line, f"unexpected '{rest[:20]}' after 'classDiagram'")
            return line
        block = _ACC_BLOCK.match(text)
        if block:
            parts, after = acc_descr_block(lines, index, block.group(1))
            self.chart.description = "\n".join(parts)
            return after
        found = _ACC.match(text)
        if found:
            if found.group(1) == "accTitle":
                self.chart.acc_title = found.group(2).strip()
            else:
                self.chart.description = found.group(2).strip()
            return line
        text, after = self._joined(lines, index)
        self._statement(text, line)
        return after

    def _joined(self, lines: list[str], index: int) -> tuple[str, int]:
        """A statement with its following lines while a ``"`` or a backquote is open (a
        note, a label or a name over several lines), as mermaid's strings run on."""
        text = strip_comment(lines[index].strip())
        after = index + 1
        while (text.count('"') % 2 or text.count("`") % 2) and after < len(lines):
            if after - index > MAX_JOINED_LINES:
                return strip_comment(lines[index].strip()), index + 1
            text += "\n" + lines[after].strip()
            after += 1
        if text.count('"') % 2 or text.count("`") % 2:
            return strip_comment(lines[index].strip()), index + 1
        return text, after

    def _body_line(self, raw: str, line: int) -> None:
        assert self.body is not None
        if raw.strip().startswith("%%"):
            return  # a comment, even in a class body
        close = raw.find("}")
        if "{" in (raw if close < 0 else raw[:close]):
            raise MermaidError(line, "unexpected '{' inside a class body : expected members")
        if close < 0:
            self._member(self.body, raw, line)
            return
        self._member(self.body, raw[:close], line)
        self.body = None
        rest = strip_comment(raw[close + 1 :].strip())
        if rest:
            self._statement(rest, line)

    # -- statements --------------------------------------------------------------------
    def _statement(self, text: str, line: int) -> None:
        text = text.strip()
        while text.startswith("}"):
            if not self.stack:
                raise MermaidError(line, "unexpected '}' : no namespace or class body is open")
            self.stack.pop()
            text = text[1:].strip()
        if not text:
            return
        if not self.stack and _DIRECTION.match(text):
            self.chart.direction = _DIRECTION.match(text).group(1)  # type: ignore[union-attr,assignment]
            return
        keyword = _KEYWORD.match(text)
        if keyword:
            word = keyword.group(1).split()[0]
            rest = text[keyword.end() :]
            if word == "note" and keyword.group(1) != "note":
                word = "note for"
            handler = {
                "namespace": self._namespace, "classDef": self._class_def,
                "class": self._class, "note": self._note, "note for": self._note_for,
                "style": self._style, "cssClass": self._css_class,
            }.get(word)  # fmt: skip
            if handler is not None:
                handler(rest, line)
                return
            self.chart.warnings.append((line, f"'{word}' is not drawn : the class is drawn "
                                        "without a link or a callback"))  # fmt: skip
            return
        found = _ANNOTATION.match(text)
        if found:
            name = _NAME.match(
                text, found.end() + len(text[found.end() :]) - len(text[found.end() :].lstrip())
            )
            if not name or text[name.end() :].strip():
                raise MermaidError(line, "expected a class name after '<<annotation>>'")
            node = self._class_node(name.group(0), line)
            node.annotations.append(self._text(found.group(1), line))
            return
        self._relation_or_member(text, line)

    def _relation_or_member(self, text: str, line: int) -> None:
        first = _NAME.match(text)
        if not first:
            raise MermaidError(line, f"unexpected '{text[:20]}' : expected a class, a relation "
                               "or a statement")  # fmt: skip
        pos = first.end()
        rest = text[pos:].lstrip()
        if not rest:
            return  # a bare name: mermaid reads it and adds nothing
        if rest.startswith(":"):
            node = self._class_node(first.group(0), line)
            self._member(node, rest[1:], line)
            return
        card1 = _STR.match(text, pos)
        if card1:
            pos = card1.end()
        rel = _RELATION.match(text, pos)
        if not rel:
            raise MermaidError(line, f"unexpected '{rest[:20]}' : expected a relation such as "
                               "'<|--', '*--', 'o--', '-->', '..>' or ': member'")  # fmt: skip
        pos = rel.end()
        card2 = _STR.match(text, pos)
        if card2:
            pos = card2.end()
        while pos < len(text) and text[pos].isspace():
            pos += 1
        second = _NAME.match(text, pos)
        if not second:
            raise MermaidError(line, "expected a class name after the relation")
        title = self._title(text[second.end() :].strip(), line)
        type1 = _ENDS[rel.group(1)] if rel.group(1) else "none"
        type2 = _ENDS[rel.group(3)] if rel.group(3) else "none"
        self._relation(first.group(0), second.group(0), type1, type2, rel.group(2) == "..",
                       line, title, card1, card2)  # fmt: skip

    def _title(self, tail: str, line: int) -> str:
        """A relation's ``: label``, or nothing."""
        if not tail:
            return ""
        if not tail.startswith(":"):
            raise MermaidError(line, f"unexpected '{tail[:20]}' : expected ': label'")
        return self._text(tail[1:].strip(), line)

    def _relation(self, name1: str, name2: str, type1: EndKind, type2: EndKind, dotted: bool,
                  line: int, title: str, card1: re.Match[str] | None,
                  card2: re.Match[str] | None) -> None:  # fmt: skip
        if len(self.chart.relations) >= bounds.MAX_RELATIONS:
            raise MermaidError(line, f"more than {bounds.MAX_RELATIONS} relations : split it")
        ends = ("lollipop", "aggregation", "composition", "dependency", "extension")
        if type1 == "lollipop" and type2 not in ends:
            id2 = self._class_node(name2, line).id
            id1 = self._interface(name1, id2, line)
        elif type2 == "lollipop" and type1 not in ends:
            id1 = self._class_node(name1, line).id
            id2 = self._interface(name2, id1, line)
        else:
            id1 = self._class_node(name1, line).id
            id2 = self._class_node(name2, line).id
        self.chart.relations.append(Relation(
            id1, id2, type1, type2, dotted, line, title,
            self._text(card1.group(1), line).strip() if card1 else "",
            self._text(card2.group(1), line).strip() if card2 else "",
        ))  # fmt: skip

    def _interface(self, name: str, owner: str, line: int) -> str:
        key = f"interface{self.interfaces}"
        self.interfaces += 1
        self._count_class(line)
        self.chart.classes[key] = ClassNode(
            key, self._text(name.replace("`", ""), line), line, interface=True
        )
        return key

    # -- keywords ----------------------------------------------------------------------
    def _namespace(self, rest: str, line: int) -> None:
        found = _NAME.match(rest.strip())
        if not found:
            raise MermaidError(line, "expected a namespace name after 'namespace'")
        after = rest.strip()[found.end() :]
        label = _LABEL.match(after)
        if label:
            after = after[label.end() :]
        after = after.strip()
        if not after.startswith("{"):
            raise MermaidError(line, "expected '{' after the namespace name")
        name = found.group(0).replace("`", "")
        key = f"{self.stack[-1]}.{name}" if self.stack else name
        if len(self.stack) >= bounds.MAX_NAMESPACE_DEPTH:
            raise MermaidError(line, f"namespaces nested deeper than {bounds.MAX_NAMESPACE_DEPTH}")
        parts = key.split(".")
        parent = None
        for depth in range(1, len(parts) + 1):
            current = ".".join(parts[:depth])
            if current not in self.chart.namespaces:
                if len(self.chart.namespaces) >= bounds.MAX_NAMESPACES:
                    raise MermaidError(line, f"more than {bounds.MAX_NAMESPACES} namespaces")
                self.chart.namespaces[current] = Namespace(current, parts[depth - 1], line, parent)
            parent = current
        if label:
            self.chart.namespaces[key].label = self._text(label.group(1), line)
        self.stack.append(key)
        self._statement(after[1:], line)

    def _class(self, rest: str, line: int) -> None:
        text = rest.strip()
        found = _NAME.match(text)
        if not found:
            raise MermaidError(line, "expected a class name after 'class'")
        node = self._class_node(found.group(0), line)
        if self.stack:
            node.namespace = self.stack[-1]
        pos = found.end()
        label = _LABEL.match(text, pos)
        if label:
            node.label = self._text(label.group(1), line)
            if node.generic:
                node.label += f"<{node.generic}>"
            pos = label.end()
        css = _CSS.match(text, pos)
        if css:
            node.css_classes.append(css.group(1))
            pos = css.end()
        annotation = _ANNOTATION.match(text, pos)
        if annotation:
            node.annotations.append(self._text(annotation.group(1), line))
            pos = annotation.end()
        self._class_body(node, text[pos:].strip(), line)

    def _class_body(self, node: ClassNode, after: str, line: int) -> None:
        """What follows a class declaration: nothing, ``}`` closing a namespace, or a body."""
        if not after:
            return
        if after.startswith("}"):
            self._statement(after, line)
            return
        if not after.startswith("{"):
            raise MermaidError(line, f"unexpected '{after[:20]}' : expected '{{' or the end of "
                               "the line after the class name")  # fmt: skip
        inner = after[1:]
        close = inner.find("}")
        if close < 0:
            self._member(node, inner, line)
            self.body, self.body_line = node, line
            return
        self._member(node, inner[:close], line)
        self._statement(inner[close + 1 :], line)

    def _note(self, rest: str, line: int) -> None:
        found = _NOTE_TEXT.match(rest)
        if not found:
            raise MermaidError(line, "expected a quoted text after 'note' : note \"text\"")
        self._add_note(found.group(1), None, line)

    def _note_for(self, rest: str, line: int) -> None:
        text = rest.strip()
        name = _NAME.match(text)
        if not name:
            raise MermaidError(line, "expected a class name after 'note for'")
        found = _NOTE_TEXT.match(text, name.end())
        if not found:
            raise MermaidError(line, 'expected a quoted text : note for A "text"')
        target = _split_name(name.group(0))[0]
        self._add_note(found.group(1), target, line)

    def _add_note(self, raw: str, target: str | None, line: int) -> None:
        self._count_class(line)
        note = Note(f"note{len(self.chart.notes)}", self._text(raw.replace("\\n", "\n"), line),
                    line, target, self.stack[-1] if self.stack else None)  # fmt: skip
        self.chart.notes.append(note)

    def _class_def(self, rest: str, line: int) -> None:
        text = rest.strip()
        names = _CLASS_LIST.match(text)
        if not names:
            raise MermaidError(line, "expected class names after 'classDef'")
        styles = parse_style_list(text[names.end() :].strip(), line)
        for name in (n.strip() for n in names.group(0).split(",")):
            self.chart.class_defs.setdefault(name, {}).update(styles)

    def _style(self, rest: str, line: int) -> None:
        text = rest.strip()
        name = re.match(r"[\w-]+", text)
        if not name:
            raise MermaidError(line, "expected a class name after 'style'")
        styles = parse_style_list(text[name.end() :].strip(), line)
        node = self.chart.classes.get(name.group(0))
        if node is not None:
            node.style.update(styles)

    def _css_class(self, rest: str, line: int) -> None:
        found = re.match(r'\s*"([^"\n]*)"\s*([\w-]+)\s*$', rest)
        if not found:
            raise MermaidError(line, 'expected cssClass "A,B" styleName')
        for name in found.group(1).split(","):
            node = self.chart.classes.get(name.strip())
            if node is not None:
                node.css_classes.append(found.group(2))

    # -- helpers -----------------------------------------------------------------------
    def _class_node(self, raw: str, line: int) -> ClassNode:
        name, generic = _split_name(raw)
        node = self.chart.classes.get(name)
        if node is None or node.interface:
            self._count_class(line)
            self.budget.spend(name, line)
            label = f"{name}<{generic}>" if generic else name
            node = ClassNode(name, label, line, generic)
            self.chart.classes[name] = node
        return node

    def _member(self, node: ClassNode, raw: str, line: int) -> None:
        text = raw.strip()
        if not text:
            return
        self.budget.spend(text, line)
        self.members += 1
        if self.members > bounds.MAX_MEMBERS:
            raise MermaidError(line, f"more than {bounds.MAX_MEMBERS} members : split the diagram")
        if text.startswith("<<") and text.endswith(">>"):
            node.annotations.append(self._text(text[2:-2].strip(), line))
        elif text.find(")") > 0:
            node.methods.append(member(text, True))
        else:
            node.members.append(member(text, False))

    def _count_class(self, line: int) -> None:
        if len(self.chart.classes) + len(self.chart.notes) >= bounds.MAX_CLASSES:
            raise MermaidError(line, f"more than {bounds.MAX_CLASSES} classes and notes : "
                               "split the diagram")  # fmt: skip


    def _text(self, raw: str, line: int) -> str:
        self.budget.spend(raw, line)
        return decode_label(raw)
