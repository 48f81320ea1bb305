"""Output formats shared by every tabular command: table, json, csv, markdown.

Commands build plain rows (lists of dicts) in the library and hand them here; nothing in the
library prints. CSV cells are neutralised for spreadsheets (:mod:`partnermap.safe`).
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from partnermap.safe import cell_text, to_csv  # noqa: F401 - to_csv is re-exported

TABLE_FORMATS = ("table", "json", "csv")


def _json_default(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def to_json(obj: Any) -> str:
    """Pretty, stable JSON (dates as ISO strings)."""
    return json.dumps(obj, indent=2, ensure_ascii=False, default=_json_default)


def to_markdown(rows: Iterable[dict], columns: Sequence[str], headers: Sequence[str] | None = None) -> str:
    """A GitHub-flavoured Markdown pipe table (pipes in cells escaped)."""
    headers = list(headers or columns)
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(" --- " for _ in headers) + "|"]
    for row in rows:
        cells = [cell_text(row.get(c)).replace("|", "\\|").replace("\n", " ") for c in columns]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def to_table(
    rows: Iterable[dict],
    columns: Sequence[str],
    headers: Sequence[str] | None = None,
    *,
    title: str | None = None,
    width: int = 80,
) -> str:
    """A plain-text table (rich, no colour) rendered at ``width`` columns. Cells are shown as
    written: rich markup ("[bold]") and emoji codes (":smile:") in them are text, not formatting.

    >>> "│ [bold]x[/bold] :smile: │" in to_table([{"a": "[bold]x[/bold] :smile:"}], ["a"])
    True
    """
    table = Table(title=title, show_lines=False, expand=False, title_justify="left")
    for header in headers or columns:
        table.add_column(str(header), overflow="fold")
    for row in rows:
        table.add_row(*[Text(cell_text(row.get(c))) for c in columns])
    out = io.StringIO()
    Console(width=width, file=out, color_system=None, highlight=False).print(table)
    return out.getvalue()


def render(
    rows: list[dict],
    columns: Sequence[str],
    fmt: str,
    *,
    headers: Sequence[str] | None = None,
    title: str | None = None,
    json_obj: Any = None,
) -> str:
    """Render rows in ``fmt``; ``json_obj`` (default: the rows) is what JSON output shows."""
    fmt = fmt.lower()
    if fmt == "json":
        return to_json(rows if json_obj is None else json_obj) + "\n"
    if fmt == "csv":
        return to_csv(rows, columns)
    if fmt == "markdown":
        return to_markdown(rows, columns, headers)
    return to_table(rows, columns, headers, title=title)
