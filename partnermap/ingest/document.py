"""What Word, PDF and web-page plans have in common: paragraphs and tables in reading order.

The readers (:mod:`~partnermap.ingest.word`, :mod:`~partnermap.ingest.pdf`,
:mod:`~partnermap.ingest.web`) turn a document into :class:`Block` objects; :func:`document_rows`
picks the plan's tables and hands their rows, with the paragraphs between them, to the shared row
assembler (:func:`partnermap.ingest.rows.assemble`) as :class:`~partnermap.ingest.rows.SourceRow`
objects. Bold text is written as ``<b>...</b>`` and all other text is HTML-escaped, so the
assembler's rules for bold theme headings and ``<b>Local Project:</b>`` prefixes apply to every
format alike.

Which tables are the plan
-------------------------
A document often holds other tables (a contents table, a RAG key, a sign-off box). By default the
plan is the first table with an action-plan column header in its first rows, and every later table
that has the same header (a plan split into one table per theme or per page) or no header of its
own but as many columns (a table continued on the next page). Every other table is skipped with a
``table_skipped`` warning that says why; its rows are accounted for as skipped rows. ``table=N``
(1-based) takes table N alone.

Rows are numbered through the whole document (``row``), so a row number cites one row; PDF rows
also carry their ``page``, Word and web rows their ``table``.
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from partnermap.errors import InputError
from partnermap.ingest import columns
from partnermap.ingest.rows import SourceRow

HEADER_ROWS = 5  # rows of a table looked at for its column header


@dataclass
class Block:
    """A paragraph (``cells`` None, ``text`` set) or a table (``cells``: rows of cell markup).

    ``heading`` marks a paragraph styled as a heading; ``page`` is the page it is on (PDF: one
    table per page); ``warnings`` are ``(code, message)`` pairs about the block (a nested table
    flattened, ...).
    """

    text: str = ""
    cells: list[list[str | None]] | None = None
    heading: bool = False
    page: int | None = None
    warnings: list[tuple[str, str]] = field(default_factory=list)

    @property
    def is_table(self) -> bool:
        return self.cells is not None


def markup(runs: Sequence[tuple[str, bool]]) -> str:
    """Text runs ``(text, bold)`` as escaped text with ``<b>`` around the bold runs.

    >>> markup([("Local Project:", True), (" Mosque & madrassa training", False)])
    '<b>Local Project:</b> Mosque &amp; madrassa training'
    >>> markup([("A ", True), ("B", True), ("", False)])
    '<b>A B</b>'
    """
    merged: list[list] = []
    for text, bold in runs:
        if not text:
            continue
        if merged and merged[-1][1] == bold:
            merged[-1][0] += text
        else:
            merged.append([text, bold])
    out = []
    for text, bold in merged:
        escaped = html.escape(text, quote=False)
        if bold and text.strip():
            lead, body, trail = _split_space(escaped)
            out.append(f"{lead}<b>{body}</b>{trail}")
        else:
            out.append(escaped)
    return "".join(out)


def _split_space(text: str) -> tuple[str, str, str]:
    body = text.strip()
    start = text.index(body[0])
    return text[:start], body, text[start + len(body) :]


def _trimmed(row: Sequence[str | None]) -> list[str | None]:
    row = list(row)
    while row and not (row[-1] or "").strip():
        row.pop()
    return row


def _header_of(block: Block) -> tuple[int, list[str]] | None:
    """(row index, normalised header) of the table's column header, if one of its first rows is one."""
    for index, row in enumerate(block.cells[:HEADER_ROWS]):
        if columns.is_header([c or "" for c in row]):
            return index, [columns.normalise(c) for c in _trimmed(row)]
    return None


def _width(block: Block) -> int:
    return max((len(_trimmed(r)) for r in block.cells), default=0)


def _first_row_text(block: Block) -> str:
    for row in block.cells:
        words = [" ".join(html.unescape(c or "").replace("<b>", "").replace("</b>", "").split()) for c in row]
        words = [w for w in words if w]
        if words:
            return " | ".join(words)[:80]
    return ""


def choose_tables(blocks: Sequence[Block], table: int | None = None) -> dict[int, str | None]:
    """Table number (1-based) -> None when it is read as the plan, else why it is skipped."""
    tables = [b for b in blocks if b.is_table]
    if table is not None:
        if not 1 <= table <= len(tables):
            raise InputError(
                f"there is no table {table}: the document has {len(tables)} table{'s' if len(tables) != 1 else ''}"
            )
        return {n: None if n == table else f"--table {table} was given" for n in range(1, len(tables) + 1)}
    verdicts: dict[int, str | None] = {}
    header: list[str] | None = None
    width = 0
    for n, block in enumerate(tables, start=1):
        found = _header_of(block)
        if header is None:
            if found is None:
                verdicts[n] = "it has no action-plan column header and comes before the plan's first table"
                continue
            header, width = found[1], _width(block)
            verdicts[n] = None
        elif found is not None:
            verdicts[n] = None if found[1] == header else "its column header differs from the plan's"
        elif _width(block) == width:
            verdicts[n] = None  # the plan's table continued (a page or section without its header)
        else:
            verdicts[n] = f"it has {_width(block)} columns and no header, the plan's tables {width}"
    return verdicts


def document_rows(blocks: Sequence[Block], table: int | None = None) -> Iterator[SourceRow]:
    """The rows of a document for the assembler (see the module docstring)."""
    verdicts = choose_tables(blocks, table)
    if not any(v is None for v in verdicts.values()):
        raise InputError(
            "no table in the document has an action-plan column header "
            f"({columns.EXPECTED}); found {len(verdicts)} table{'s' if len(verdicts) != 1 else ''}"
            + ("" if not verdicts else "; pick one with --table N")
        )
    row_number, table_number, started = 0, 0, False
    for block in blocks:
        if not block.is_table:
            if block.text.strip():
                row_number += 1
                text = block.text if not block.heading or "<b>" in block.text else f"<b>{block.text}</b>"
                role = "paragraph" if started else ("heading" if block.heading or text.startswith("<b>") else "title")
                yield SourceRow([text], row=row_number, page=block.page, role=role, warnings=list(block.warnings))
            continue
        table_number += 1
        why = verdicts[table_number]
        warnings = list(block.warnings)
        if why is not None:
            warnings.append(
                (
                    "table_skipped",
                    f"table {table_number} ({len(block.cells)} rows; first row: "
                    f"{_first_row_text(block)!r}) is not read as the plan: {why}",
                )
            )
        for index, cells in enumerate(block.cells):
            row_number += 1
            yield SourceRow(
                list(cells),
                row=row_number,
                page=block.page,
                table=table_number,
                role="skipped" if why is not None else None,
                after_break=index == 0 and started,  # a further table: a page or section on
                warnings=warnings if index == 0 else [],
            )
        started = started or why is None
