"""Text made safe for the files partnermap writes: spreadsheet cells and XML.

Plan text is untrusted. A CSV cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is run as a formula by Excel, LibreOffice and Google Sheets (CSV injection), so
:func:`csv_cell` puts a ``'`` in front of it, as OWASP's guidance says, except where the cell is
a number ("-3", "-2.5" stay numbers). XML 1.0 cannot hold most control characters at all, so
:func:`xml_text` removes them.

>>> csv_cell("=HYPERLINK(\\"http://x\\")"), csv_cell("-3.5"), csv_cell(-2), csv_cell("@risk")
('\\'=HYPERLINK("http://x")', '-3.5', '-2', "'@risk")
>>> xml_text("Bell\\x07 and form\\x0cfeed")
'Bell and form feed'
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
# XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_XML_SPACE = re.compile("[\x0b\x0c]")


def cell_text(value: Any) -> str:
    """A value as one cell's text: ``None`` empty, booleans yes/no, lists joined with ``; ``.

    >>> cell_text(None), cell_text(True), cell_text(2.0), cell_text(0.12345), cell_text(["a", 1])
    ('', 'yes', '2', '0.123', 'a; 1')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    if isinstance(value, (list, tuple, set)):
        return "; ".join(cell_text(v) for v in value)
    return str(value)


def csv_cell(value: Any) -> str:
    """A cell's text, neutralised against formula injection (see the module docstring)."""
    text = cell_text(value)
    if text.startswith(_FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def to_csv(rows: Iterable[dict], columns: Sequence[str], headers: Sequence[str] | None = None) -> str:
    """CSV text with a header row; every cell through :func:`csv_cell`."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([csv_cell(h) for h in (headers or columns)])
    for row in rows:
        writer.writerow([csv_cell(row.get(c)) for c in columns])
    return buf.getvalue()


def xml_text(text: str) -> str:
    """``text`` with the characters XML 1.0 cannot hold removed (form feeds and vertical tabs
    become spaces)."""
    if not _XML_INVALID.search(text):
        return text
    return _XML_INVALID.sub("", _XML_SPACE.sub(" ", text))


def xml_unsafe(text: str) -> bool:
    """True when :func:`xml_text` would change ``text``."""
    return _XML_INVALID.search(text) is not None


def html_text(value: Any) -> str:
    """Plan text for HTML: characters XML cannot hold removed, then ``& < > " '`` escaped (safe in
    element content and in quoted attributes). The map and the board paper both use it.

    >>> html_text('<img src=x onerror="alert(1)">')
    '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'
    """
    import html

    return html.escape(xml_text(cell_text(value)), quote=True)
