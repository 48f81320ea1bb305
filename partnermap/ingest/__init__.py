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
from partnermap.ingest.limits import DEFAULT_LIMITS, Limits, human_size
from partnermap.model import Plan, PlanWarning

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
    """Bytes as text (see :func:`decode_lines`), without the lines' account."""
    return decode_lines(data)[0]


def _utf16(data: bytes) -> str | None:
    """The name of the UTF-16 codec ``data`` is in (by its byte-order mark, or by the zero bytes
    of mostly-ASCII text without one), else None."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    head = data[:4096]
    if len(head) >= 4 and len(head) % 2 == 0:
        even, odd = head[0::2], head[1::2]
        if odd.count(0) > 0.6 * len(odd) and even.count(0) < 0.1 * len(even):
            return "utf-16-le"
        if even.count(0) > 0.6 * len(even) and odd.count(0) < 0.1 * len(odd):
            return "utf-16-be"
    return None


def decode_lines(data: bytes) -> tuple[str, list[int]]:
    r"""Bytes as text, and the (1-based, physical) lines decoded as Windows-1252.

    UTF-16 (Excel's "Unicode Text", with or without a byte-order mark), else UTF-8 (BOM allowed).
    A file that is not UTF-8 throughout is decoded line by line: each line that is valid UTF-8 as
    UTF-8, the others as Windows-1252 (their numbers are returned, for a warning). A file that is
    Windows-1252 throughout is simply that, and no line is listed.

    >>> decode_lines("Café\n".encode("utf-16"))
    ('Café\n', [])
    >>> decode_lines("Café\n".encode() + "Crèche\n".encode("cp1252"))
    ('Café\nCrèche\n', [2])
    """
    codec = _utf16(data)
    if codec:
        try:
            return data.decode(codec), []
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    lines, fallback, utf8_seen = [], [], False
    for number, raw in enumerate(data.replace(b"\r\n", b"\n").split(b"\n"), start=1):
        try:
            line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            utf8_seen = utf8_seen or not raw.isascii()
        except UnicodeDecodeError:
            line = raw.decode("cp1252", errors="replace")
            fallback.append(number)
        lines.append(line)
    return "\n".join(lines), (fallback if utf8_seen else [])


def _span(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:10])
    return shown + (f" and {len(numbers) - 10:,} more" if len(numbers) > 10 else "")


def _check_text(data: bytes, source: str) -> tuple[str, list[int]]:
    text, fallback = decode_lines(data)
    if "\x00" in text[:8192]:
        raise InputError("looks like a binary file, not a plan table", source=source)
    if not text.strip():
        raise InputError("the file is empty", source=source)
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > MAX_LINE:
            raise InputError(f"line is {len(line):,} characters long (limit {MAX_LINE:,}); not a plan table",
                             source=source, line=number)
    return text, fallback


def _too_big(size: int, limits: Limits) -> str:
    return f"the file is {human_size(size)}, over the limit of {human_size(limits.max_size)} (--max-size)"


def _read_source(path: str | PathLike, input_format: str | None, limits: Limits) -> tuple[str, str, bytes]:
    """(source name, extension of the reader to use, bytes) for a plan path or ``-``.

    Only a regular file is opened (a FIFO, socket or device is refused unopened: reading one
    could block for ever or never end), and no more than ``limits.max_size`` bytes are read.
    """
    import os
    import stat
    import sys

    if str(path) == STDIN:
        data = sys.stdin.buffer.read(limits.max_size + 1)
        if len(data) > limits.max_size:
            raise InputError(f"standard input holds more than {human_size(limits.max_size)} (--max-size)",
                             source=STDIN_NAME)
        fmt = input_format or (sniff_format(data) if data.strip() else "txt")
        return STDIN_NAME, INPUT_FORMATS[fmt], data
    p = Path(path)
    source = str(path)
    suffix = INPUT_FORMATS[input_format] if input_format else p.suffix.lower()
    if suffix not in SUPPORTED:
        raise InputError(f"unsupported file type {suffix or '(none)'!r}; expected one of {', '.join(SUPPORTED)}",
                         source=source)
    try:
        info = os.stat(p)
        if not stat.S_ISREG(info.st_mode):
            kind = ("a directory" if stat.S_ISDIR(info.st_mode) else "a FIFO (named pipe)" if stat.S_ISFIFO(info.st_mode)
                    else "a socket" if stat.S_ISSOCK(info.st_mode) else "a device")
            raise InputError(f"not a regular file but {kind}; give a plan file, or - with the plan on standard input",
                             source=source)
        if info.st_size > limits.max_size:
            raise InputError(_too_big(info.st_size, limits), source=source)
        with open(p, "rb") as handle:
            data = handle.read(limits.max_size + 1)
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", source=source) from None
    if len(data) > limits.max_size:  # grew while being read
        raise InputError(_too_big(len(data), limits), source=source)
    return source, suffix, data


def read_plan(path: str | PathLike, *, taxonomy=None, sheet: str | None = None, directory=None,
              plan_id: str | None = None, input_format: str | None = None, table: int | None = None,
              columns: dict[str, str] | None = None, owner: str | None = None,
              limits: Limits | None = None) -> Plan:
    """Read one plan file of any supported format (``-`` reads standard input).

    ``taxonomy`` supplies the organisation directory (aliases and sectors) unless ``directory``
    is given; the bundled one is used otherwise. ``sheet`` picks an Excel sheet, ``table`` one table
    of a Word, PDF or web document (1-based; default: the plan's tables, see
    :mod:`partnermap.ingest.document`). ``plan_id``
    replaces the id taken from the file name. ``input_format`` (a key of :data:`INPUT_FORMATS`)
    overrides the extension; for standard input it defaults to :func:`sniff_format`. ``columns``
    maps roles to header texts (``--column ROLE=HEADER``, which win over the names and content);
    ``owner`` is the organisation whose plan it is (``--owner``: bare role titles are its leads).
    ``limits`` bound what the file may cost (:class:`~partnermap.ingest.limits.Limits`).
    """
    from partnermap.ingest.rows import assemble

    limits = limits or DEFAULT_LIMITS
    source, suffix, data = _read_source(path, input_format, limits)
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
        name, values = excel_sheet(data, sheet, source, limits)
        return assemble(excel_rows(values, name), source=source, directory=directory, plan_id=plan_id, overrides=columns, owner=owner)
    if suffix in DOCUMENT_EXTENSIONS:
        from partnermap.ingest.document import document_rows

        if suffix in WORD_EXTENSIONS:
            from partnermap.ingest.limits import check_zip
            from partnermap.ingest.word import word_blocks as blocks_of

            if data.startswith(b"PK"):
                check_zip(data, source, limits, kind="Word .docx document")
        elif suffix in PDF_EXTENSIONS:
            from partnermap.ingest.pdf import pdf_blocks as blocks_of
        else:
            from partnermap.ingest.web import web_blocks as blocks_of
        blocks, title = blocks_of(data, source, limits)
        try:
            rows = list(document_rows(blocks, table))
        except InputError as exc:
            raise InputError(exc.message, source=source) from None
        return assemble(rows, source=source, directory=directory, plan_id=plan_id, title=title,
                        overrides=columns, owner=owner)
    text, fallback = _check_text(data, source)
    if suffix in DELIMITED_EXTENSIONS:
        from partnermap.ingest.delimited import delimited_rows

        plan = assemble(delimited_rows(text, "\t" if suffix == ".tsv" else None), source=source,
                        directory=directory, plan_id=plan_id, overrides=columns, owner=owner)
    else:
        from partnermap.ingest.text import text_rows

        plan = assemble(text_rows(text), source=source, directory=directory, plan_id=plan_id, overrides=columns,
                        owner=owner)
    if fallback:
        plan.warnings.insert(0, PlanWarning(
            "mixed_encoding", f"the file mixes UTF-8 and Windows-1252: line{'s' if len(fallback) > 1 else ''} "
            f"{_span(fallback)} read as Windows-1252; check their accented letters and quotes",
            source, fallback[0]))
    return plan
