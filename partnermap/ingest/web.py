"""Read the tables of a saved web page (.html, .htm) with lxml's HTML parser (never regular
expressions).

* ``th`` and ``td`` cells, ``rowspan`` and ``colspan`` expanded: a cell spanning columns is one
  cell with the columns it covers empty (a theme row across the table); a cell spanning rows gives
  its text to each row (a theme beside its activities). A table's rows are its own (``tr`` children
  of the table or of its ``thead``, ``tbody`` or ``tfoot``), never a nested table's.
* ``<strong>`` and ``<b>`` are kept as bold, as for Word; ``<br>``, paragraphs, list items and
  divisions inside a cell become new lines; a table nested in a cell is flattened into the cell's
  text (each of its cells on a line) with a ``nested_table`` warning.
* Headings and paragraphs between the tables are paragraphs (a heading can be a theme).
* The plan's title is the page's first ``h1``, else its ``<title>``.
* The page is decoded as its ``<meta charset>`` (or ``http-equiv`` Content-Type) says, found in its
  first bytes as browsers do; without one (or with UTF-8) as other text files are
  (:func:`partnermap.ingest.decode`). A character set Python does not know is a ``charset`` warning.
* The page is at most ``max_markup`` bytes, holds at most ``max_paragraphs`` paragraphs and cells,
  and no table expands to more than ``max_table_cells`` cells
  (:class:`~partnermap.ingest.limits.Limits`).
"""

from __future__ import annotations

import codecs
import re

from partnermap.errors import InputError
from partnermap.ingest.document import Block, markup
from partnermap.ingest.limits import DEFAULT_LIMITS, MAX_SPAN, Limits, human_size, over

_BLOCK_TAGS = {"p", "div", "li", "br", "tr", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article"}
_BOLD_TAGS = {"b", "strong"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_SKIP = {"script", "style", "noscript", "template", "head"}
_SECTIONS = {"thead", "tbody", "tfoot"}
_PRESCAN = 4096  # bytes of a page searched for its declared character set
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([-\w.:]+)""", re.IGNORECASE)


def _tag(element) -> str:
    return element.tag.lower() if isinstance(element.tag, str) else ""


def _own_rows(table) -> list:
    """The table's own rows: its ``tr`` children and those of its row groups, not a nested table's."""
    rows = []
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            rows.append(child)
        elif tag in _SECTIONS:
            rows.extend(tr for tr in child if _tag(tr) == "tr")
    return rows


def _row_cells(tr) -> list:
    return [c for c in tr if _tag(c) in ("td", "th")]


def _span(cell, name: str) -> int:
    try:
        return max(1, min(MAX_SPAN, int(str(cell.get(name, "1")).strip() or "1")))
    except ValueError:
        return 1


class _Reader:
    """One page's reading: its source and limits, and the paragraphs and cells read so far."""

    def __init__(self, source: str, limits: Limits):
        self.source, self.limits = source, limits
        self.paragraphs = 0

    def count(self, n: int = 1) -> None:
        self.paragraphs += n
        if self.paragraphs > self.limits.max_paragraphs:
            what = over("paragraphs and table cells", self.paragraphs, self.limits.max_paragraphs, "--max-paragraphs")
            raise InputError(f"the web page {what}", source=self.source)

    def runs(self, element, bold: bool, runs: list, warnings: list, *, top: bool = True) -> None:
        """The text of ``element`` as (text, bold) runs, with newlines for block elements."""
        tag = _tag(element)
        if tag in _SKIP or not isinstance(element.tag, str):
            if not top:
                runs.append((element.tail or "", bold))
            return
        if tag == "table" and not top:
            rows = []
            for tr in _own_rows(element):
                cells = [self.cell_markup(c, warnings) for c in _row_cells(tr)]
                rows.append("\n".join(c for c in cells if c.strip()))
            runs.append(("\n" + "\n".join(r for r in rows if r.strip()) + "\n", False))
            warnings.append(("nested_table", "a table nested in a cell was flattened into the cell's text"))
            runs.append((element.tail or "", bold))
            return
        inner = bold or tag in _BOLD_TAGS
        if tag in _BLOCK_TAGS and not top:
            runs.append(("\n", False))
        runs.append((element.text or "", inner))
        for child in element:
            self.runs(child, inner, runs, warnings, top=False)
        if tag in _BLOCK_TAGS and not top:
            runs.append(("\n", False))
        if not top:
            runs.append((element.tail or "", bold))

    def cell_markup(self, element, warnings: list) -> str:
        self.count()
        runs: list[tuple[str, bool]] = []
        self.runs(element, False, runs, warnings)
        text = markup(runs)
        lines = [" ".join(line.split()) for line in text.split("\n")]
        return "\n".join(line for line in lines if line)

    def table(self, table) -> Block:
        warnings: list[tuple[str, str]] = []
        grid: list[list[str | None]] = []
        carried: dict[int, tuple[int, str]] = {}  # column -> (rows still to fill, text) from a rowspan above
        cells_read = 0
        for tr in _own_rows(table):
            row: list[str | None] = []
            column = 0
            for cell in _row_cells(tr):
                column = _fill_carried(row, column, carried)
                text = self.cell_markup(cell, warnings)
                rowspan, colspan = _span(cell, "rowspan"), _span(cell, "colspan")
                if cells_read + len(row) + colspan > self.limits.max_table_cells:
                    what = over(
                        "cells", cells_read + len(row) + colspan, self.limits.max_table_cells, "--max-table-cells"
                    )
                    raise InputError(f"a table of the web page {what} (spans counted)", source=self.source)
                row.append(text)
                row.extend([None] * (colspan - 1))
                if rowspan > 1:
                    carried[column] = (rowspan - 1, text)
                column += colspan
            column = _fill_carried(row, column, carried)
            for extra in sorted(c for c in carried if c > column):  # spans further right than this row reaches
                row.extend([None] * (extra - len(row)))
                column = _fill_carried(row, len(row), carried)
            cells_read += len(row)
            if cells_read > self.limits.max_table_cells:
                what = over("cells", cells_read, self.limits.max_table_cells, "--max-table-cells")
                raise InputError(f"a table of the web page {what} (spans counted)", source=self.source)
            grid.append(row)
        return Block(cells=grid, warnings=warnings)


def _fill_carried(row: list, column: int, carried: dict[int, tuple[int, str]]) -> int:
    """Rowspans from above put into ``row`` from ``column`` on; the next free column."""
    while column in carried:
        left, text = carried[column]
        row.append(text)
        if left <= 1:
            del carried[column]
        else:
            carried[column] = (left - 1, text)
        column += 1
    return column


def _blocks_of(root):
    """The page's tables, paragraphs, captions and headings in order, not those inside another
    (a table's cells are read with it) nor those not shown (scripts, the head)."""
    stack = [root]
    while stack:
        element = stack.pop()
        tag = _tag(element)
        if tag in _SKIP:
            continue
        if tag in ("table", "p", "caption", *_HEADINGS):
            yield element
            continue
        stack.extend(reversed(element))


def decode_page(data: bytes) -> tuple[str, str | None]:
    """The page as text, and a warning when its declared character set cannot be used.

    >>> decode_page("<meta charset='koi8-r'><p>Привет".encode("koi8-r"))[0][-6:]
    'Привет'
    >>> decode_page(b"<meta charset='x-unheard-of'><p>Hi")[1]
    "the page declares the character set 'x-unheard-of', which is unknown; read as UTF-8 (Windows-1252 where it is not)"
    """
    from partnermap.ingest import _utf16, decode

    found = None if _utf16(data) or data.startswith(b"\xef\xbb\xbf") else _META_CHARSET.search(data[:_PRESCAN])
    if found is None:
        return decode(data), None
    name = found.group(1).decode("ascii", "replace")
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return decode(data), (
            f"the page declares the character set {name!r}, which is unknown; read as UTF-8 "
            "(Windows-1252 where it is not)"
        )
    if codec in ("utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32") or codec.startswith("utf-"):
        return decode(data), None  # as browsers do, a page in ASCII bytes that says UTF-16 is not UTF-16
    if codec in ("latin-1", "iso8859-1", "ascii"):
        codec = "cp1252"  # what browsers read these labels as
    try:
        return data.decode(codec), None
    except UnicodeDecodeError as exc:
        return data.decode(codec, errors="replace"), (
            f"the page declares the character set {name!r} but byte "
            f"{exc.start:,} is not valid in it; read with replacements"
        )


def web_blocks(data: bytes, source: str, limits: Limits = DEFAULT_LIMITS) -> tuple[list[Block], str | None]:
    """The page's tables and the headings and paragraphs between them, and its title."""
    import lxml.etree
    import lxml.html

    if len(data) > limits.max_markup:
        raise InputError(
            f"the web page is {human_size(len(data))}, over the limit of {human_size(limits.max_markup)} "
            "(--max-markup)",
            source=source,
        )
    text, charset_warning = decode_page(data)
    try:
        root = lxml.html.document_fromstring(text)
    except (lxml.etree.LxmlError, ValueError) as exc:
        raise InputError(f"not a readable web page ({type(exc).__name__}: {exc})", source=source) from None
    reader = _Reader(source, limits)
    blocks: list[Block] = []
    heading_title = None
    for element in _blocks_of(root):
        tag = _tag(element)
        if tag == "table":
            blocks.append(reader.table(element))
            continue
        markup_text = reader.cell_markup(element, [])
        if markup_text.strip():
            blocks.append(Block(text=" ".join(markup_text.split("\n")), heading=tag in _HEADINGS or tag == "caption"))
            if tag == "h1" and heading_title is None:
                heading_title = " ".join(element.text_content().split())
    if charset_warning and blocks:
        blocks[0].warnings.append(("charset", charset_warning))
    title_el = root.find(".//title")
    page_title = " ".join(title_el.text_content().split()) if title_el is not None else None
    return blocks, heading_title or page_title or None
