"""The book's parts, laid out on their own (``book.py``), merged into one PDF with pikepdf:
pages in order with a blank page where a part must start on a right-hand page; one outline,
one name tree of destinations, one structure tree (PDF/UA-1: a Document element whose kids
are each part's, marked content and link annotations renumbered into one parent tree); the
links that left their part (GoToR to ``book_parts.BOOK_LINK``) made internal; the page footers
("n / N") stamped from one overlay document of the book's length. The first part (the front
matter) is the base: its catalog's language, marking, viewer preferences and metadata are the
book's. A chapter's part is its reading handout (``reading_pdf.py``): its named destinations
and its own links get the chapter's prefix, its links to another chapter's reading PDF (GoToR)
become internal, and its outline keeps the book's two levels. A reading alone gets its footers
stamped the same way (``stamped``)."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from .book_parts import BOOK_LINK


@dataclass
class PartPdf:
    """A part's PDF opened for the merge, its named destinations (page index, x, y) and
    whether it starts after a blank page."""

    pdf: pikepdf.Pdf
    destinations: dict[str, tuple[int, float, float]]
    blank_before: bool = False
    prefix: str = ""  # a chapter's reading: before its names in the book (book_prefix)


def open_part(data: bytes) -> PartPdf:
    """A part's PDF and its named destinations (WeasyPrint writes them in one flat array)."""
    pdf = pikepdf.open(BytesIO(data))
    index = {page.obj.objgen: n for n, page in enumerate(pdf.pages)}
    names = pdf.Root.get("/Names", Dictionary()).get("/Dests", Dictionary()).get("/Names",
                                                                                  Array())
    found = {}
    for name, dest in zip(names[::2], names[1::2], strict=True):
        if isinstance(dest, Array) and len(dest) >= 4 and dest[0].objgen in index:
            found[str(name)] = (index[dest[0].objgen], float(dest[2]), float(dest[3]))
    return PartPdf(pdf, found)


def merge(parts: list[PartPdf], footers: pikepdf.Pdf, footed: list[bool],
          chapters: dict[str, str] | None = None) -> bytes:
    """The book: ``parts`` in order (the first is the base), each book page whose ``footed``
    is true stamped with ``footers``' page of the same number; ``chapters``: the prefix of
    the chapter each reading PDF's file name is (links to it become internal). Deterministic
    bytes."""
    for part in parts:
        if part.prefix:
            _prefix_links(part.pdf, part.prefix)
            _cut_outline(part.pdf, BOOK_LEVELS)
    out = parts[0].pdf
    tree = _StructTree(out)
    outline = _outline_root(out)
    width, height = (float(v) for v in out.pages[0].MediaBox[2:4])
    places: dict[str, tuple[int, float, float]] = {
        name: spot for name, spot in parts[0].destinations.items()}
    for part in parts[1:]:
        if part.blank_before:
            out.add_blank_page(page_size=(width, height))
        start = len(out.pages)
        with warnings.catch_warnings():  # named destinations: _write_destinations
            warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
            out.pages.extend(part.pdf.pages)
        tree.add(part.pdf, out.pages[start:])
        _append_outline(out, outline, part.pdf)
        places |= {part.prefix + name: (start + n, x, y)
                   for name, (n, x, y) in part.destinations.items()}
    tree.close()
    _write_destinations(out, places)
    _internal_links(out, places, chapters or {})
    _stamp_footers(out, footers, footed)
    return _saved(out)


def stamped(data: bytes, footers: pikepdf.Pdf) -> bytes:
    """A PDF with ``footers``' page of the same number drawn over each of its pages."""
    pdf = pikepdf.open(BytesIO(data))
    _stamp_footers(pdf, footers, [True] * len(pdf.pages))
    return _saved(pdf)


def _saved(pdf: pikepdf.Pdf) -> bytes:
    buffer = BytesIO()
    pdf.save(buffer, deterministic_id=True, compress_streams=True,
             object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return buffer.getvalue()


BOOK_LEVELS = 2  # the book's outline: chapters and their sections (handout.css: .book h3)


def _prefix_links(pdf: pikepdf.Pdf, prefix: str) -> None:
    """A reading's links to its own named destinations, renamed as the book names them."""
    for page in pdf.pages:
        for annot in page.obj.get("/Annots", Array()):
            dest = annot.get("/Dest")
            if isinstance(dest, String):
                annot.Dest = String(prefix + str(dest))
            action = annot.get("/A")
            if isinstance(action, Dictionary) and action.get("/S") == Name.GoTo and \
                    isinstance(action.get("/D"), String):
                action.D = String(prefix + str(action.D))


def _cut_outline(pdf: pikepdf.Pdf, levels: int) -> None:
    """``pdf``'s outline without the bookmarks deeper than ``levels``, counts set anew."""
    if "/Outlines" in pdf.Root and "/First" in pdf.Root.Outlines:
        pdf.Root.Outlines.Count = _kept_items(pdf.Root.Outlines.First, 1, levels)


def _kept_items(first: Dictionary, level: int, levels: int) -> int:
    """How many items of the siblings from ``first`` and their kept children are shown."""
    shown = 0
    for item in _siblings(first):
        shown += 1
        if "/First" not in item:
            continue
        if level >= levels:
            for key in ("/First", "/Last", "/Count"):
                del item[key]
            continue
        inner = _kept_items(item.First, level + 1, levels)
        closed = int(item.get("/Count", 0)) < 0
        item.Count = -inner if closed else inner
        shown += 0 if closed else inner
    return shown


class _StructTree:
    """The base's structure tree, to which each part's Document kids are added."""

    def __init__(self, out: pikepdf.Pdf) -> None:
        self.out = out
        self.root = out.Root.StructTreeRoot
        self.document = self.root.K[0]
        self.nums = list(self.root.ParentTree.Nums)
        self.next_key = _next_key(self.nums)

    def add(self, part: pikepdf.Pdf, pages: list[pikepdf.Page]) -> None:
        """``part``'s structure (its pages, copied already, are ``pages``): keys shifted past
        the book's so far."""
        copied = self.out.copy_foreign(part.Root.StructTreeRoot)
        offset = self.next_key
        for page in pages:
            if "/StructParents" in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + offset
            for annot in page.obj.get("/Annots", Array()):
                if "/StructParent" in annot:
                    annot.StructParent = int(annot.StructParent) + offset
        nums = list(copied.ParentTree.Nums)
        for key, value in zip(nums[::2], nums[1::2], strict=True):
            self.nums += [int(key) + offset, value]
        self.next_key = _next_key(self.nums)
        for kid in copied.K[0].K:
            kid.P = self.document
            self.document.K.append(kid)

    def close(self) -> None:
        self.root.ParentTree = self.out.make_indirect(Dictionary(Nums=Array(self.nums)))


def _next_key(nums: list) -> int:
    return max((int(key) for key in nums[::2]), default=-1) + 1


def _outline_root(out: pikepdf.Pdf) -> Dictionary:
    if "/Outlines" not in out.Root:
        out.Root.Outlines = out.make_indirect(Dictionary(Count=0))
    return out.Root.Outlines


def _append_outline(out: pikepdf.Pdf, root: Dictionary, part: pikepdf.Pdf) -> None:
    """``part``'s top-level bookmarks after the book's, their children with them."""
    if "/Outlines" not in part.Root or "/First" not in part.Root.Outlines:
        return
    copied = out.copy_foreign(part.Root.Outlines)
    for item in _siblings(copied.First):
        item.Parent = root
    if "/Last" in root:
        root.Last.Next = copied.First
        copied.First.Prev = root.Last
    else:
        root.First = copied.First
    root.Last = copied.Last
    root.Count = int(root.get("/Count", 0)) + int(copied.get("/Count", 0))


def _siblings(item: Dictionary) -> Iterator[Dictionary]:
    while True:
        yield item
        if "/Next" not in item:
            return
        item = item.Next


def _write_destinations(out: pikepdf.Pdf, places: dict[str, tuple[int, float, float]]) -> None:
    """One name tree of every part's destinations, sorted as WeasyPrint sorts them."""
    names = Array()
    for name in sorted(places):
        page, x, y = places[name]
        names.append(String(name))
        names.append(Array([out.pages[page].obj, Name.XYZ, x, y, 0]))
    if "/Names" not in out.Root:
        out.Root.Names = Dictionary()
    out.Root.Names.Dests = Dictionary(Names=names)


def _internal_links(out: pikepdf.Pdf, places: dict[str, tuple[int, float, float]],
                    chapters: dict[str, str]) -> None:
    """A link that left its part (GoToR to the marker, or to a chapter's reading PDF: the
    anchor, or the chapter's top, with its prefix) goes to the named destination, as the
    book's internal links do; one whose anchor no part has goes nowhere (as WeasyPrint)."""
    for page in out.pages:
        for annot in page.obj.get("/Annots", Array()):
            action = annot.get("/A")
            if not isinstance(action, Dictionary) or action.get("/S") != Name.GoToR:
                continue
            file = str(action.get("/F", ""))
            if file != BOOK_LINK and file not in chapters:
                continue
            anchor = action.get("/D")
            name = str(anchor) if isinstance(anchor, String) else ""
            name = name if file == BOOK_LINK else chapters[file] + (name or "top")
            del annot.A
            annot.Contents = String(name)
            if name in places:
                annot.Dest = String(name)


def _stamp_footers(out: pikepdf.Pdf, footers: pikepdf.Pdf, footed: list[bool]) -> None:
    """Each footed page gets its footer page drawn over it as a form, marked as an artifact
    (it is the page's furniture, as WeasyPrint marks its margin boxes' drawing)."""
    for number, (page, stamped) in enumerate(zip(out.pages, footed, strict=True)):
        if not stamped:
            continue
        form = footers.make_indirect(footers.pages[number].as_form_xobject())
        resources = Dictionary({key: value for key, value in page.obj.Resources.items()})
        xobjects = resources.get("/XObject", Dictionary())
        resources.XObject = Dictionary({key: value for key, value in xobjects.items()})
        resources.XObject.CbFooter = out.copy_foreign(form)
        page.obj.Resources = resources
        page.contents_add(pikepdf.Stream(out, b"q\n"), prepend=True)
        page.contents_add(pikepdf.Stream(out, b"\nQ\n/Artifact BMC\nq /CbFooter Do Q\nEMC\n"))
