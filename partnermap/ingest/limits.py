"""Bounds on what a plan file may make partnermap read, so a hostile or broken file fails in one
line (exit 3) instead of running the machine out of memory.

* a plan file (or standard input) is at most ``max_size`` bytes, and only regular files are
  read: a FIFO, socket or device is refused before it is opened;
* a zip container (Excel, Word) unpacks to at most :attr:`Limits.unpacked` bytes, as its members'
  declared sizes say (Python's zipfile stops at the declared size and fails the CRC check if a
  member holds more), and none of its XML parts declares a DTD (OOXML never does; entities are
  how "billion laughs" files blow up);
* a spreadsheet is read over the cells that hold values, at most ``max_rows`` rows and
  ``max_columns`` columns: formatting that reaches XFD1048576 or a merge over the whole sheet
  costs nothing, data beyond the limits is an error naming the limit (never silently dropped);
* a Word document's main part and a web page are at most ``max_markup`` bytes of XML or HTML
  (what their parsers cost), hold at most ``max_paragraphs`` paragraphs and table cells, and no
  table expands (spans counted) to more than ``max_table_cells`` cells; a Word document defines at
  most ``max_styles`` styles;
* a PDF has at most ``max_pages`` pages and ``max_chars`` characters (each page costs by what it
  draws, and pages can share one content stream); one page draws at most ``max_page_chars`` characters,
  ``max_page_graphics`` lines, rectangles and curves, and ``max_page_forms`` forms and images
  (counted as they are drawn, so forms that draw each other cannot multiply without end; pdfminer
  interprets each form drawn anew, which costs), and its ruling lines make a grid of at
  most ``max_page_grid`` cells (counted before table finding, whose cost grows much faster); no
  stream inflates to more than ``max_stream`` bytes.

Every limit is an option of the same name (``--max-pages`` for ``max_pages``), and an error that
hits one names it.

>>> parse_size("200MB"), parse_size("1.5 GiB"), parse_size("4096")
(200000000, 1610612736, 4096)
>>> human_size(3_200_000_000)
'3.2 GB'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

from partnermap.files import human_size  # noqa: F401 - re-exported: the readers name sizes with it

KB, MB, GB = 1000, 1000**2, 1000**3
_UNITS = {
    "": 1,
    "b": 1,
    "k": KB,
    "kb": KB,
    "m": MB,
    "mb": MB,
    "g": GB,
    "gb": GB,
    "kib": 1024,
    "mib": 1024**2,
    "gib": 1024**3,
}


@dataclass(frozen=True)
class Limits:
    """What one plan file may cost (the defaults suit any real plan many times over).

    Each limit is a whole number of 1 or more (``max_unpacked`` may be None); the commands that
    read plans give each one with a command-line option of the same name (``--max-size``).
    """

    max_size: int = 200 * MB  # bytes of the file as stored (--max-size)
    max_unpacked: int | None = None  # bytes of a workbook's or Word file's parts unzipped (see unpacked)
    max_rows: int = 100_000  # spreadsheet rows holding data (--max-rows)
    max_columns: int = 200  # spreadsheet columns holding data (--max-columns)
    max_markup: int = 50 * MB  # bytes of a Word document's main XML part, or of a web page (--max-markup)
    max_paragraphs: int = 500_000  # paragraphs and table cells of a Word document or web page (--max-paragraphs)
    max_table_cells: int = 1_000_000  # cells of one Word or web table, spans expanded (--max-table-cells)
    max_styles: int = 20_000  # styles a Word document defines (--max-styles)
    max_pages: int = 2_000  # pages of a PDF (--max-pages)
    max_page_chars: int = 100_000  # characters drawn on one PDF page (--max-page-chars)
    max_chars: int = 2_000_000  # characters drawn on all a PDF's pages (--max-chars)
    max_page_graphics: int = 20_000  # lines, rectangles and curves drawn on one PDF page (--max-page-graphics)
    max_page_forms: int = 1_000  # forms and images drawn on one PDF page (--max-page-forms)
    max_page_grid: int = 2_500  # cells of the grid one PDF page's ruling lines make (--max-page-grid)
    max_stream: int = 100 * MB  # bytes one PDF stream inflates to (--max-stream)

    def __post_init__(self):
        from partnermap.errors import UsageError

        for limit in fields(self):
            value = getattr(self, limit.name)
            if value is None and limit.default is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise UsageError(
                    f"{limit.name} (a limit on what a plan file may cost): must be a whole number, "
                    f"1 or more; got {value!r}"
                )

    @property
    def unpacked(self) -> int:
        """The unzipped limit: ``max_unpacked``, else 5 times ``max_size`` and at least 1 GB."""
        return self.max_unpacked if self.max_unpacked is not None else max(GB, 5 * self.max_size)


DEFAULT_LIMITS = Limits()
#: a rowspan, colspan or gridSpan larger than this is taken as this (no plan's table is so wide)
MAX_SPAN = 1000


def over(what: str, count: int, limit: int, option: str) -> str:
    """The message for a count over a limit, naming the option that raises it.

    >>> over("pages", 20_000, 2_000, "--max-pages")
    'has 20,000 pages, over the limit of 2,000 (--max-pages)'
    """
    return f"has {count:,} {what}, over the limit of {limit:,} ({option})"


def parse_size(text: str) -> int:
    """Bytes for a size such as ``200MB``, ``1.5GiB`` or ``4096`` (``ValueError`` otherwise)."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*", text)
    if not match or match.group(2).lower() not in _UNITS:
        raise ValueError(f"{text!r} is not a size such as 200MB, 1GB or 4096")
    return int(float(match.group(1)) * _UNITS[match.group(2).lower()])


def check_zip(data: bytes, source: str, limits: Limits = DEFAULT_LIMITS, kind: str = "workbook"):
    """The open :class:`zipfile.ZipFile` of an OOXML container, after its bounds are checked."""
    import io
    import zipfile

    from partnermap.errors import InputError

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(f"not a readable {kind} (a damaged zip: {exc})", source=source) from None
    unpacked = sum(m.file_size for m in members)
    if unpacked > limits.unpacked:
        raise InputError(
            f"the {kind} unpacks to {human_size(unpacked)} (limit {human_size(limits.unpacked)}); "
            "not a plan, or a zip bomb",
            source=source,
        )
    for member in members:
        if not member.filename.lower().endswith((".xml", ".rels", ".vml")):
            continue
        try:
            with archive.open(member) as part:
                dtd = declares_dtd(part)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise InputError(
                f"not a readable {kind}: part {member.filename} is damaged ({exc})", source=source
            ) from None
        if dtd is None:
            raise InputError(f"not a readable {kind}: part {member.filename} is not XML", source=source)
        if dtd:
            raise InputError(
                f"not a readable {kind}: part {member.filename} declares a DTD or entities, "
                "which Office files never do",
                source=source,
            )
    return archive


def declares_dtd(part) -> bool | None:
    """Whether the XML read from the binary file ``part`` declares a DTD (None: it is not XML).

    The part is parsed up to its root element, so a DTD after a comment or a processing
    instruction, or in a UTF-16 part, is seen (entities, which "billion laughs" files use, can
    only be declared in a DTD).

    >>> import io
    >>> declares_dtd(io.BytesIO(b'<?xml version="1.0"?><!-- <a --><!DOCTYPE a [<!ENTITY b "c">]><a/>'))
    True
    >>> declares_dtd(io.BytesIO('<?xml version="1.0" encoding="UTF-16"?><a>&amp;</a>'.encode("utf-16")))
    False
    """
    import xml.parsers.expat

    class Found(Exception):
        pass

    def root(*_):
        raise Found(False)

    def doctype(*_):
        raise Found(True)

    parser = xml.parsers.expat.ParserCreate()
    parser.StartElementHandler = root
    parser.StartDoctypeDeclHandler = doctype
    try:
        while chunk := part.read(65536):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except Found as found:
        return found.args[0]
    except xml.parsers.expat.ExpatError:
        return None
    return None
