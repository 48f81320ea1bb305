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
_PIPE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def _pipe_cells(line: str) -> list[str]:
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    return [cell.replace("\\|", "|").strip() for cell in re.split(r"(?<!\\)\|", body)]


def text_rows(text: str) -> Iterator[SourceRow]:
    """The non-blank lines of ``text`` as source rows (1-based line numbers)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        heading = _HEADING.match(line.strip())
        if heading:
            role = "title" if len(heading.group(1)) == 1 else "heading"
            yield SourceRow([heading.group(2).strip()], line=number, role=role)
        elif _PIPE_RULE.match(line):
            yield SourceRow([line.strip()], line=number, role="separator")
        elif line.lstrip().startswith("|"):
            yield SourceRow(_pipe_cells(line), line=number)
        else:
            yield SourceRow(line.split("\t"), line=number)
