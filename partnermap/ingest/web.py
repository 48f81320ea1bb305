"""Read the tables of a saved web page (.html, .htm) with lxml's HTML parser (never regular
expressions).

* ``th`` and ``td`` cells, ``rowspan`` and ``colspan`` expanded: a cell spanning columns is one
  cell with the columns it covers empty (a theme row across the table); a cell spanning rows gives
  its text to each row (a theme beside its activities).
* ``<strong>`` and ``<b>`` are kept as bold, as for Word; ``<br>``, paragraphs, list items and
  divisions inside a cell become new lines; a table nested in a cell is flattened into the cell's
  text (each of its cells on a line) with a ``nested_table`` warning.
* Headings and paragraphs between the tables are paragraphs (a heading can be a theme).
* The plan's title is the page's first ``h1``, else its ``<title>``.
"""

from __future__ import annotations

from partnermap.errors import InputError
from partnermap.ingest.document import Block, markup

_BLOCK_TAGS = {"p", "div", "li", "br", "tr", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article"}
_BOLD_TAGS = {"b", "strong"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_SKIP = {"script", "style", "noscript", "template", "head"}
MAX_SPAN = 1000  # a rowspan or colspan larger than this is taken as this


def _tag(element) -> str:
    return element.tag.lower() if isinstance(element.tag, str) else ""


def _runs(element, bold: bool, runs: list, warnings: list, *, top: bool = True) -> None:
    """The text of ``element`` as (text, bold) runs, with newlines for block elements."""
    tag = _tag(element)
    if tag in _SKIP or not isinstance(element.tag, str):
        if not top:
            runs.append((element.tail or "", bold))
        return
    if tag == "table" and not top:
        rows = []
        for tr in element.iter("tr"):
            cells = [_cell_markup(c, warnings) for c in tr if _tag(c) in ("td", "th")]
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
        _runs(child, inner, runs, warnings, top=False)
    if tag in _BLOCK_TAGS and not top:
        runs.append(("\n", False))
    if not top:
        runs.append((element.tail or "", bold))


def _cell_markup(element, warnings: list) -> str:
    runs: list[tuple[str, bool]] = []
    _runs(element, False, runs, warnings)
    text = markup(runs)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def _span(cell, name: str) -> int:
    try:
        return max(1, min(MAX_SPAN, int(str(cell.get(name, "1")).strip() or "1")))
    except ValueError:
        return 1


def _table_block(table) -> Block:
    warnings: list[tuple[str, str]] = []
    grid: list[list[str | None]] = []
    carried: dict[int, tuple[int, str]] = {}  # column -> (rows still to fill, text) from a rowspan above
    rows = [tr for tr in table.iter("tr") if tr.getparent() is table or tr.getparent().getparent() is table]
    for tr in rows:
        row: list[str | None] = []
        cells = [c for c in tr if _tag(c) in ("td", "th")]
        column = 0

        def fill_carried() -> None:
            nonlocal column
            while column in carried:
                left, text = carried[column]
                row.append(text)
                if left <= 1:
                    del carried[column]
                else:
                    carried[column] = (left - 1, text)
                column += 1

        for cell in cells:
            fill_carried()
            text = _cell_markup(cell, warnings)
            rowspan, colspan = _span(cell, "rowspan"), _span(cell, "colspan")
            row.append(text)
            row.extend([None] * (colspan - 1))
            if rowspan > 1:
                carried[column] = (rowspan - 1, text)
            column += colspan
        fill_carried()
        for extra in sorted(c for c in carried if c > column):  # spans further right than this row reaches
            row.extend([None] * (extra - len(row)))
            column = len(row)
            fill_carried()
        grid.append(row)
    return Block(cells=grid, warnings=warnings)


def web_blocks(data: bytes, source: str) -> tuple[list[Block], str | None]:
    """The page's tables and the headings and paragraphs between them, and its title."""
    import lxml.etree
    import lxml.html

    from partnermap.ingest import decode

    try:
        root = lxml.html.document_fromstring(decode(data))
    except (lxml.etree.ParserError, ValueError) as exc:
        raise InputError(f"not a readable web page: {exc}", source=source) from None
    blocks: list[Block] = []
    heading_title = None
    for element in root.iter():
        tag = _tag(element)
        if tag not in ("table", "p", "caption", *_HEADINGS):
            continue
        if any(_tag(a) in ("table", *_SKIP) for a in element.iterancestors()):
            continue  # inside a table (its cells are read with it) or not shown
        if tag == "table":
            blocks.append(_table_block(element))
            continue
        if any(_tag(a) == "p" for a in element.iterancestors()):
            continue
        text = _cell_markup(element, [])
        if text.strip():
            blocks.append(Block(text=" ".join(text.split("\n")), heading=tag in _HEADINGS or tag == "caption"))
            if tag == "h1" and heading_title is None:
                heading_title = " ".join(element.text_content().split())
    title_el = root.find(".//title")
    page_title = " ".join(title_el.text_content().split()) if title_el is not None else None
    return blocks, heading_title or page_title or None
