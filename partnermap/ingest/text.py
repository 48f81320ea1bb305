"""Read extracted-table text and Markdown pipe tables.

Extracted text (a PDF's tables as text): one table row per line, cells separated by tabs;
``# Title`` and ``## heading`` lines; the column header repeated on each page. Markdown: rows
written ``| a | b |`` with ``|---|---|`` rules. Both go through :func:`partnermap.ingest.rows.assemble`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from partnermap.ingest.rows import SourceRow

_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_SEPARATORS = re.compile("[\f\v\x1c-\x1e\x85\u2028\u2029]")
_PIPE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def _pipe_cells(line: str) -> list[str]:
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    return [cell.replace("\\|", "|").strip() for cell in re.split(r"(?<!\\)\|", body)]


def physical_lines(text: str) -> list[str]:
    r"""The lines of ``text`` as an editor numbers them: split at ``\n``, ``\r\n`` and ``\r`` only.

    :meth:`str.splitlines` also splits at form feeds (pdftotext's page breaks), vertical tabs,
    U+2028 and other separators, which would shift every later line number.

    >>> physical_lines("a\fb\r\nc\u2028d\re")
    ['a\x0cb', 'c\u2028d', 'e']
    """
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def text_rows(text: str) -> Iterator[SourceRow]:
    """The non-blank lines of ``text`` as source rows (1-based physical line numbers).

    A form feed (a page break, as pdftotext writes one) is evidence of a page break for the next
    row; other separators inside a line are spaces in its cells.
    """
    page_break = False
    for number, line in enumerate(physical_lines(text), start=1):
        if "\f" in line:
            page_break = True
        line = _SEPARATORS.sub(" ", line)
        if not line.strip():
            continue
        after_break, page_break = page_break, False
        heading = _HEADING.match(line.strip())
        if heading:
            role = "title" if len(heading.group(1)) == 1 else "heading"
            yield SourceRow([heading.group(2).strip()], line=number, role=role, after_break=after_break)
        elif _PIPE_RULE.match(line):
            yield SourceRow([line.strip()], line=number, role="separator", after_break=after_break)
        elif line.lstrip().startswith("|"):
            yield SourceRow(_pipe_cells(line), line=number, after_break=after_break)
        else:
            yield SourceRow(line.split("\t"), line=number, after_break=after_break)
