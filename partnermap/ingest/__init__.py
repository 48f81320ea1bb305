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

from collections.abc import Mapping
from os import PathLike
from pathlib import Path

from partnermap.errors import InputError
from partnermap.files import read_regular_file
from partnermap.ingest.limits import Limits, human_size
from partnermap.ingest.options import INPUT_FORMATS, ReadOptions
from partnermap.model import Plan, PlanWarning

TEXT_EXTENSIONS = (".txt", ".text", ".md", ".markdown")
DELIMITED_EXTENSIONS = (".csv", ".tsv")
EXCEL_EXTENSIONS = (".xlsx", ".xlsm")
WORD_EXTENSIONS = (".docx",)
PDF_EXTENSIONS = (".pdf",)
WEB_EXTENSIONS = (".html", ".htm")
DOCUMENT_EXTENSIONS = WORD_EXTENSIONS + PDF_EXTENSIONS + WEB_EXTENSIONS
SUPPORTED = TEXT_EXTENSIONS + DELIMITED_EXTENSIONS + EXCEL_EXTENSIONS + DOCUMENT_EXTENSIONS
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
            raise InputError(
                f"line is {len(line):,} characters long (limit {MAX_LINE:,}); not a plan table",
                source=source,
                line=number,
            )
    return text, fallback


def _read_source(path: str | PathLike, input_format: str | None, limits: Limits) -> tuple[str, str, bytes]:
    """(source name, extension of the reader to use, bytes) for a plan path or ``-``.

    Only a regular file is opened (a FIFO, socket or device is refused unopened: reading one
    could block for ever or never end), and no more than ``limits.max_size`` bytes are read.
    """
    import sys

    if str(path) == STDIN:
        data = sys.stdin.buffer.read(limits.max_size + 1)
        if len(data) > limits.max_size:
            raise InputError(
                f"standard input holds more than {human_size(limits.max_size)} (--max-size)", source=STDIN_NAME
            )
        fmt = input_format or (sniff_format(data) if data.strip() else "txt")
        return STDIN_NAME, INPUT_FORMATS[fmt], data
    p = Path(path)
    source = str(path)
    suffix = INPUT_FORMATS[input_format] if input_format else p.suffix.lower()
    if suffix not in SUPPORTED:
        raise InputError(
            f"unsupported file type {suffix or '(none)'!r}; expected one of {', '.join(SUPPORTED)}", source=source
        )
    data = read_regular_file(
        p,
        max_size=limits.max_size,
        what="the file",
        option="--max-size",
        hint="; give a plan file, or - with the plan on standard input",
    )
    return source, suffix, data


def read_plan(
    path: str | PathLike,
    options: ReadOptions | Mapping | None = None,
    *,
    taxonomy=None,
    directory=None,
    plan_id: str | None = None,
) -> Plan:
    """Read one plan file of any supported format (``-`` reads standard input).

    ``options`` say how (:class:`~partnermap.ingest.options.ReadOptions`, or a mapping of its
    fields; default: the defaults): which sheet or table, the format of standard input, columns
    named by hand, the plan's owner, the taxonomy and the limits on what the file may cost.
    ``taxonomy``, an already loaded taxonomy, saves loading the options' one (as
    :func:`partnermap.pipeline.read_plans` does for many files); it supplies the organisation
    directory (aliases and sectors) unless ``directory`` is given; the bundled one is used
    otherwise. ``plan_id`` replaces the id taken from the file name.
    """
    from partnermap.ingest.rows import assemble

    options = ReadOptions.resolve(options)
    limits, columns, owner = options.limits, options.columns or None, options.owner
    source, suffix, data = _read_source(path, options.input_format, limits)
    if taxonomy is None and options.taxonomy is not None:
        from partnermap.reference.taxonomy_file import load_taxonomy

        taxonomy = load_taxonomy(options.taxonomy)
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
        name, values = excel_sheet(data, options.sheet, source, limits)
        return assemble(
            excel_rows(values, name),
            source=source,
            directory=directory,
            plan_id=plan_id,
            overrides=columns,
            owner=owner,
        )
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
            rows = list(document_rows(blocks, options.table))
        except InputError as exc:
            raise InputError(exc.message, source=source) from None
        return assemble(
            rows, source=source, directory=directory, plan_id=plan_id, title=title, overrides=columns, owner=owner
        )
    text, fallback = _check_text(data, source)
    if suffix in DELIMITED_EXTENSIONS:
        from partnermap.ingest.delimited import delimited_rows

        plan = assemble(
            delimited_rows(text, "\t" if suffix == ".tsv" else None),
            source=source,
            directory=directory,
            plan_id=plan_id,
            overrides=columns,
            owner=owner,
        )
    else:
        from partnermap.ingest.text import text_rows

        plan = assemble(
            text_rows(text), source=source, directory=directory, plan_id=plan_id, overrides=columns, owner=owner
        )
    if fallback:
        plan.warnings.insert(
            0,
            PlanWarning(
                "mixed_encoding",
                f"the file mixes UTF-8 and Windows-1252: line{'s' if len(fallback) > 1 else ''} "
                f"{_span(fallback)} read as Windows-1252; check their accented letters and quotes",
                source,
                fallback[0],
            ),
        )
    return plan
