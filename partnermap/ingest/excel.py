"""Read Excel (.xlsx) plans with openpyxl.

Title rows may sit above the header; the sheet used is ``sheet`` when given, else the first
whose top rows hold an action-plan header. Cells merged down a column (a theme spanning its
activities) take the merged value on every row; real Excel dates stay dates (the timescale
parser takes them as they are).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from partnermap.errors import InputError
from partnermap.ingest import columns
from partnermap.ingest.limits import DEFAULT_LIMITS, Limits, check_zip
from partnermap.ingest.rows import HEADER_SEARCH_ROWS, SourceRow

EXCEL_MAX_ROWS = 1_048_576  # a sheet claiming rows beyond Excel's own limit is not a real sheet
_MERGE = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\bref=\"([A-Z]{1,3})(\d{1,7})(?::([A-Z]{1,3})(\d{1,7}))?\""
)
_CHUNK = 1 << 20


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _open(data: bytes, source: str, limits: Limits):
    import io

    import openpyxl

    archive = check_zip(data, source, limits, kind="Excel workbook")
    try:
        return archive, openpyxl.load_workbook(io.BytesIO(data), data_only=True, read_only=True)
    except Exception as exc:  # openpyxl raises whatever its parsers meet in a malformed part
        raise InputError(
            f"not a readable Excel workbook ({type(exc).__name__}: {_first_line(exc)})", source=source
        ) from None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else "no detail"


def _merges(archive, path: str) -> list[tuple[int, int, int, int]]:
    """(min_row, min_col, max_row, max_col) of the sheet's merged ranges, read from its XML as a
    stream (read-only worksheets do not report them; a merge is never expanded cell by cell)."""
    found, tail = [], b""
    with archive.open(path.lstrip("/")) as part:
        while chunk := part.read(_CHUNK):
            text = tail + chunk
            for m in _MERGE.finditer(text):
                c1, r1 = _column_number(m.group(1)), int(m.group(2))
                c2, r2 = (_column_number(m.group(3)), int(m.group(4))) if m.group(3) else (c1, r1)
                found.append((min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)))
            cut = text.rfind(b"<")
            tail = text[cut:] if cut >= 0 and len(text) - cut < 512 else b""
    return sorted(set(found))


def _values(archive, ws, source: str, limits: Limits) -> list[list[object]]:
    """The sheet's cells that hold values, as rows (vertically merged cells filled down their
    column), reading at most the limits' rows and columns of data."""
    title = ws.title
    ws.reset_dimensions()  # a workbook's stated dimension may be wrong either way; read what is there
    rows: list[tuple] = []
    width = 0
    last = 0  # index of the last row holding a value
    # each row as wide as its last stored cell (a styled empty one too); only the values are kept
    for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
        if number > EXCEL_MAX_ROWS:
            raise InputError(
                f"sheet {title!r} claims rows beyond Excel's {EXCEL_MAX_ROWS:,}; not a real worksheet", source=source
            )
        if row.count(None) == len(row):
            if number <= limits.max_rows:
                rows.append(())
            continue
        if number > limits.max_rows:
            raise InputError(
                f"sheet {title!r} has data in row {number:,}, beyond the limit of {limits.max_rows:,} "
                "rows (--max-rows)",
                source=source,
            )
        if row[width:].count(None) != len(row) - width:
            width = max(i for i, v in enumerate(row, start=1) if v is not None)
            if width > limits.max_columns:
                raise InputError(
                    f"sheet {title!r} has data in column {width:,}, beyond the limit of "
                    f"{limits.max_columns:,} columns (--max-columns)",
                    source=source,
                )
        rows.append(row[:width])
        last = number
    values = [list(r) + [None] * (width - len(r)) for r in rows[:last]]
    path = getattr(ws, "_worksheet_path", None)
    for min_row, min_col, max_row, _max_col in _merges(archive, path) if path else []:
        if min_row > last or min_col > width:
            continue  # a merge over cells that hold nothing: clipped away
        top = values[min_row - 1][min_col - 1]
        for r in range(min_row, min(max_row, last) + 1):
            values[r - 1][min_col - 1] = top
    return values


def _has_header(rows: list[list[object]]) -> bool:
    return any(columns.is_header(r) for r in rows[:HEADER_SEARCH_ROWS])


def excel_sheet(
    data: bytes, sheet: str | None = None, source: str = "", limits: Limits = DEFAULT_LIMITS
) -> tuple[str, list[list[object]]]:
    """The chosen sheet's name and values, from the workbook's bytes, within ``limits``."""
    archive, wb = _open(data, source, limits)
    try:
        return _choose(archive, wb, sheet, source, limits)
    except InputError:
        raise
    except Exception as exc:  # a malformed sheet part fails while it is read
        raise InputError(
            f"not a readable Excel workbook ({type(exc).__name__}: {_first_line(exc)})", source=source
        ) from None
    finally:
        wb.close()


def _choose(archive, wb, sheet: str | None, source: str, limits: Limits) -> tuple[str, list[list[object]]]:
    if sheet is not None:
        if sheet not in wb.sheetnames:
            raise InputError(f"no sheet {sheet!r} (sheets: {', '.join(wb.sheetnames)})", source=source)
        return sheet, _values(archive, wb[sheet], source, limits)
    first = None
    for ws in wb.worksheets:
        if not hasattr(ws, "iter_rows"):
            continue  # a chart sheet
        rows = _values(archive, ws, source, limits)
        if _has_header(rows):
            return ws.title, rows
        first = first or (ws.title, rows)
    if first is None:
        raise InputError("the workbook has no sheets", source=source)
    return first


def excel_rows(rows: list[list[object]], sheet: str) -> Iterator[SourceRow]:
    """The non-blank rows of a sheet as source rows (1-based row numbers)."""
    for number, values in enumerate(rows, start=1):
        if any(v is not None and str(v).strip() for v in values):
            yield SourceRow(list(values), sheet=sheet, row=number)
