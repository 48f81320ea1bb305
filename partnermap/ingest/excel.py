"""Read Excel (.xlsx) plans with openpyxl.

Title rows may sit above the header; the sheet used is ``sheet`` when given, else the first
whose top rows hold an action-plan header. Cells merged down a column (a theme spanning its
activities) take the merged value on every row; real Excel dates stay dates (the timescale
parser takes them as they are).
"""

from __future__ import annotations

from collections.abc import Iterator

from partnermap.errors import InputError
from partnermap.ingest import columns
from partnermap.ingest.rows import HEADER_SEARCH_ROWS, SourceRow


def _open(data: bytes, source: str):
    import io
    import zipfile

    import openpyxl

    try:
        return openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError(f"not a readable Excel workbook: {exc}", source=source) from None


def _values(ws) -> list[list[object]]:
    """The sheet's values, with vertically merged cells filled down their column."""
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    for merged in ws.merged_cells.ranges:
        top = rows[merged.min_row - 1][merged.min_col - 1] if merged.min_row - 1 < len(rows) else None
        for r in range(merged.min_row, merged.max_row + 1):
            if r - 1 < len(rows):
                rows[r - 1][merged.min_col - 1] = top
    return rows


def _has_header(rows: list[list[object]]) -> bool:
    return any(columns.is_header(r) for r in rows[:HEADER_SEARCH_ROWS])


def excel_sheet(data: bytes, sheet: str | None = None, source: str = "") -> tuple[str, list[list[object]]]:
    """The chosen sheet's name and values, from the workbook's bytes."""
    wb = _open(data, source)
    if sheet is not None:
        if sheet not in wb.sheetnames:
            raise InputError(f"no sheet {sheet!r} (sheets: {', '.join(wb.sheetnames)})", source=source)
        return sheet, _values(wb[sheet])
    sheets = [(ws.title, _values(ws)) for ws in wb.worksheets]
    for name, rows in sheets:
        if _has_header(rows):
            return name, rows
    if not sheets:
        raise InputError("the workbook has no sheets", source=source)
    return sheets[0]


def excel_rows(rows: list[list[object]], sheet: str) -> Iterator[SourceRow]:
    """The non-blank rows of a sheet as source rows (1-based row numbers)."""
    for number, values in enumerate(rows, start=1):
        if any(v is not None and str(v).strip() for v in values):
            yield SourceRow(list(values), sheet=sheet, row=number)
