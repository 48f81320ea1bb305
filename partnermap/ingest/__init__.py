"""Readers: every supported file format becomes a :class:`~partnermap.model.Plan`.

Nothing else in partnermap reads plan files. :func:`read_plan` checks the file (exists, not
empty, not binary, no absurdly long line), picks the reader by extension and hands its rows to
:func:`partnermap.ingest.rows.assemble`.

========================  =====================================================
extension                 reader
========================  =====================================================
``.txt``, ``.md``         :mod:`partnermap.ingest.text` (tab-separated cells, pipe tables)
``.csv``, ``.tsv``        :mod:`partnermap.ingest.delimited` (delimiter sniffed)
``.xlsx``, ``.xlsm``      :mod:`partnermap.ingest.excel`
``.docx``                 :mod:`partnermap.ingest.word`
``.pdf``                  :mod:`partnermap.ingest.pdf`
``.html``, ``.htm``       :mod:`partnermap.ingest.web`
========================  =====================================================

Word, PDF and web pages are read as paragraphs and tables (:mod:`partnermap.ingest.document`
picks the plan's tables) and go through the same row assembler.

Text is read as UTF-8 (with or without a byte-order mark), falling back to Windows-1252.

>>> from partnermap.resources import sample_plan
>>> plan = read_plan(sample_plan())
>>> len(plan.activities), [t.number for t in plan.themes]
(34, [1, 2, 4])
"""

from __future__ import annotations

from os import PathLike
from pathlib import Path

from partnermap.errors import InputError
from partnermap.model import Plan

TEXT_EXTENSIONS = (".txt", ".text", ".md", ".markdown")
DELIMITED_EXTENSIONS = (".csv", ".tsv")
EXCEL_EXTENSIONS = (".xlsx", ".xlsm")
WORD_EXTENSIONS = (".docx",)
PDF_EXTENSIONS = (".pdf",)
WEB_EXTENSIONS = (".html", ".htm")
DOCUMENT_EXTENSIONS = WORD_EXTENSIONS + PDF_EXTENSIONS + WEB_EXTENSIONS
SUPPORTED = TEXT_EXTENSIONS + DELIMITED_EXTENSIONS + EXCEL_EXTENSIONS + DOCUMENT_EXTENSIONS
#: ``--input-format`` names -> the extension whose reader reads them
INPUT_FORMATS = {"txt": ".txt", "md": ".md", "csv": ".csv", "tsv": ".tsv", "xlsx": ".xlsx", "docx": ".docx",
                 "pdf": ".pdf", "html": ".html"}
MAX_LINE = 100_000  # characters; a longer line is not a plan table
STDIN = "-"
STDIN_NAME = "<stdin>"


def sniff_format(data: bytes) -> str:
    """The ``--input-format`` name for a plan's bytes, from what they begin with.

    >>> sniff_format(b"PK\\x03\\x04..."), sniff_format(b"| Action | Lead |\\n|---|---|")
    ('xlsx', 'md')
    >>> sniff_format(b"Action\\tLead\\n"), sniff_format(b"Action,Lead\\n")
    ('txt', 'csv')
    """
    if data.startswith(b"PK"):
        return "docx" if b"word/" in data[:65536] and b"xl/" not in data[:65536] else "xlsx"
    if data.lstrip().startswith(b"%PDF"):
        return "pdf"
    head = decode(data[:8192])
    start = head.lstrip().lower()
    if start.startswith(("<!doctype html", "<html", "<table", "<?xml")) or "<table" in start[:4096]:
        return "html"
    lines = [line.strip() for line in head.splitlines() if line.strip()][:20]
    if any(line.startswith("|") for line in lines):
        return "md"
    if any(line.startswith("#") for line in lines) or any("\t" in line for line in lines):
        return "txt"
    return "csv"


def decode(data: bytes) -> str:
    """Bytes as text: UTF-8 (BOM allowed), else Windows-1252."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _check_text(data: bytes, source: str) -> str:
    if b"\x00" in data[:8192]:
        raise InputError("looks like a binary file, not a plan table", source=source)
    text = decode(data)
    if not text.strip():
        raise InputError("the file is empty", source=source)
    start = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > MAX_LINE:
            raise InputError(f"line is {len(line):,} characters long (limit {MAX_LINE:,}); not a plan table",
                             source=source, line=number)
        start += len(line) + 1
    return text


def _read_source(path: str | PathLike, input_format: str | None) -> tuple[str, str, bytes]:
    """(source name, extension of the reader to use, bytes) for a plan path or ``-``."""
    import sys

    if str(path) == STDIN:
        data = sys.stdin.buffer.read()
        fmt = input_format or (sniff_format(data) if data.strip() else "txt")
        return STDIN_NAME, INPUT_FORMATS[fmt], data
    p = Path(path)
    source = str(path)
    suffix = INPUT_FORMATS[input_format] if input_format else p.suffix.lower()
    if suffix not in SUPPORTED:
        raise InputError(f"unsupported file type {suffix or '(none)'!r}; expected one of {', '.join(SUPPORTED)}",
                         source=source)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", source=source) from None
    return source, suffix, data


def read_plan(path: str | PathLike, *, taxonomy=None, sheet: str | None = None, directory=None,
              plan_id: str | None = None, input_format: str | None = None, table: int | None = None,
              columns: dict[str, str] | None = None, owner: str | None = None) -> Plan:
    """Read one plan file of any supported format (``-`` reads standard input).

    ``taxonomy`` supplies the organisation directory (aliases and sectors) unless ``directory``
    is given; the bundled one is used otherwise. ``sheet`` picks an Excel sheet, ``table`` one table
    of a Word, PDF or web document (1-based; default: the plan's tables, see
    :mod:`partnermap.ingest.document`). ``plan_id``
    replaces the id taken from the file name. ``input_format`` (a key of :data:`INPUT_FORMATS`)
    overrides the extension; for standard input it defaults to :func:`sniff_format`. ``columns``
    maps roles to header texts (``--column ROLE=HEADER``, which win over the names and content);
    ``owner`` is the organisation whose plan it is (``--owner``: bare role titles are its leads).
    """
    from partnermap.ingest.rows import assemble

    source, suffix, data = _read_source(path, input_format)
    if directory is None and taxonomy is not None:
        directory = taxonomy.organisations
    if plan_id is None and source == STDIN_NAME:
        plan_id = "stdin"
    if not data.strip():
        raise InputError("the file is empty", source=source)
    if suffix in EXCEL_EXTENSIONS:
        from partnermap.ingest.excel import excel_rows, excel_sheet

        if not data.startswith(b"PK"):
            raise InputError("not an Excel .xlsx workbook (a binary or other file)", source=source)
        name, values = excel_sheet(data, sheet, source)
        return assemble(excel_rows(values, name), source=source, directory=directory, plan_id=plan_id, overrides=columns, owner=owner)
    if suffix in DOCUMENT_EXTENSIONS:
        from partnermap.ingest.document import document_rows

        if suffix in WORD_EXTENSIONS:
            from partnermap.ingest.word import word_blocks as blocks_of
        elif suffix in PDF_EXTENSIONS:
            from partnermap.ingest.pdf import pdf_blocks as blocks_of
        else:
            from partnermap.ingest.web import web_blocks as blocks_of
        blocks, title = blocks_of(data, source)
        try:
            rows = list(document_rows(blocks, table))
        except InputError as exc:
            raise InputError(exc.message, source=source) from None
        return assemble(rows, source=source, directory=directory, plan_id=plan_id, title=title,
                        overrides=columns, owner=owner)
    text = _check_text(data, source)
    if suffix in DELIMITED_EXTENSIONS:
        from partnermap.ingest.delimited import delimited_rows

        return assemble(delimited_rows(text, "\t" if suffix == ".tsv" else None), source=source,
                        directory=directory, plan_id=plan_id, overrides=columns, owner=owner)
    from partnermap.ingest.text import text_rows

    return assemble(text_rows(text), source=source, directory=directory, plan_id=plan_id, overrides=columns, owner=owner)
