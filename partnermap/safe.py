"""Text made safe for where partnermap puts it: spreadsheet cells, XML, HTML, Markdown and the terminal.

Plan text is untrusted. A CSV cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is run as a formula by Excel, LibreOffice and Google Sheets (CSV injection), so
:func:`csv_cell` puts a ``'`` in front of it, as OWASP's guidance says, except where the cell is
a number ("-3", "-2.5" stay numbers). XML 1.0 cannot hold most control characters at all, so
:func:`xml_text` removes them. :func:`html_text` escapes for HTML, :func:`markdown_text` for a
Markdown file (no raw HTML, Markdown's own characters escaped), and :func:`terminal_text` for
everything printed (no escape sequence, control character or bidirectional override).

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
    """CSV text with a header row; every cell through :func:`csv_cell` (CSV is printed too, so
    terminal control sequences are removed as by :func:`terminal_text`)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([csv_cell(terminal_text(h)) for h in (headers or columns)])
    for row in rows:
        writer.writerow([csv_cell(terminal_text(row.get(c))) for c in columns])
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


# Terminal control: an escape sequence in plan text could write to the clipboard (OSC 52), make a
# link (OSC 8), retitle the window or move the cursor. Every sequence is removed from what is
# printed, then any control character left (C0 but tab and newline, DEL, C1).
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI ... final byte
    r"|\x1b[\]PX^_].*?(?:\x07|\x1b\\|\x9c|$)"  # OSC, DCS, SOS, PM, APC ... up to BEL or ST
    r"|[\x90\x98\x9d\x9e\x9f].*?(?:\x07|\x1b\\|\x9c|$)"  # their 8-bit forms
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
    r"|\x1b[ -/]*[0-~]?",  # any other escape (two- and three-character sequences)
    re.DOTALL,
)
_TERMINAL_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_C1_CONTROL = re.compile("[\x80-\x9f]")  # where an 8-bit escape sequence may begin
#: the bidirectional formatting characters (LRE, RLE, PDF, LRO, RLO; LRI, RLI, FSI, PDI): an
#: override can show one name as another ("Bradford \u202eCDM" looks like "Bradford MDC")
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_BIDI = str.maketrans("", "", BIDI_CONTROLS)


def without_bidi(text: str) -> str:
    """``text`` without bidirectional formatting characters (see :data:`BIDI_CONTROLS`).

    >>> without_bidi("Bradford \\u202eCDM\\u202c")
    'Bradford CDM'
    """
    return text.translate(_BIDI)


def terminal_text(value: Any) -> str:
    """Plan text safe to print on a terminal: escape sequences, control characters (but tab and
    newline) and bidirectional overrides removed.

    >>> terminal_text("Brief \\x1b]52;c;ZXZpbA==\\x07staff \\x1b[31mnow\\x1b[0m\\x07")
    'Brief staff now'
    >>> terminal_text("a\\tb\\nc \\u202eevil")
    'a\\tb\\nc evil'
    """
    text = cell_text(value)
    if "\x1b" in text or _C1_CONTROL.search(text):
        text = _ESCAPE_SEQUENCE.sub("", text)
    return _TERMINAL_CONTROL.sub("", text).translate(_BIDI)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~#!])")


def markdown_text(value: Any) -> str:
    """Plan text for a Markdown file: ``& < >`` as entities (no raw HTML reaches a renderer), the
    characters Markdown gives a meaning to backslash-escaped, line breaks as spaces, and control
    characters removed as for the terminal.

    >>> markdown_text("Staff <script>alert(1)</script> & **all** [x](javascript:y)")
    'Staff &lt;script&gt;alert(1)&lt;/script&gt; &amp; \\\\*\\\\*all\\\\*\\\\* \\\\[x\\\\](javascript:y)'
    """
    import html

    text = html.escape(terminal_text(value), quote=False)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))
