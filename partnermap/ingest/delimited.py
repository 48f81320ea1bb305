"""Read CSV (and other delimited) plans: delimiter sniffed, quoted cells may hold newlines.

Line numbers are the physical lines a record spans, so a record with a quoted newline cites
its first and last line.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from partnermap.ingest.rows import SourceRow

DELIMITERS = ",;\t|"


def sniff_delimiter(text: str, default: str = ",") -> str:
    """The delimiter of a delimited text (``,`` when the sniffer cannot tell).

    >>> sniff_delimiter("Action;Lead;Timescale\\nTrain staff;Council;2019\\n")
    ';'
    """
    sample = "\n".join(_first_lines(text, 50))
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        counts = {d: sample.count(d) for d in DELIMITERS}
        best = max(counts, key=counts.get)
        return best if counts[best] else default


def _first_lines(text: str, count: int) -> list[str]:
    r"""``text.splitlines()[:count]``, splitting only as much of ``text`` as that takes.

    >>> _first_lines("a\r\nb\nc", 2), _first_lines("a", 5)
    (['a', 'b'], ['a'])
    """
    size = 4096
    while size < len(text):
        lines = text[:size].splitlines()
        if len(lines) > count:  # the first ``count`` each end inside the piece: as in the whole
            return lines[:count]
        size *= 4
    return text.splitlines()[:count]


def delimited_rows(text: str, delimiter: str | None = None) -> Iterator[SourceRow]:
    """The non-blank records of ``text`` as source rows."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter or sniff_delimiter(text))
    first = 1
    for record in reader:
        last = reader.line_num
        if "".join(record).strip():  # some cell is more than spaces
            yield SourceRow(list(record), line=first, line_end=last if last != first else None)
        first = last + 1
