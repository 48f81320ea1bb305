"""Output formats shared by every tabular command: table, json, csv, markdown.

Commands build plain rows (lists of dicts) in the library and hand them here; nothing in the
library prints.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

import click
from rich.console import Console
from rich.table import Table

TABLE_FORMATS = ("table", "json", "csv")


def format_option(*choices: str, default: str = "table"):
    """A ``--format`` click option with the given choices (table, json, csv by default)."""
    choices = choices or TABLE_FORMATS
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices, case_sensitive=False),
        default=default,
        show_default=True,
        help="Output format.",
    )


def _json_default(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def to_json(obj: Any) -> str:
    """Pretty, stable JSON (dates as ISO strings)."""
    return json.dumps(obj, indent=2, ensure_ascii=False, default=_json_default)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    if isinstance(value, (list, tuple, set)):
        return "; ".join(_cell(v) for v in value)
    return str(value)


def to_csv(rows: Iterable[dict], columns: Sequence[str]) -> str:
    """CSV text with a header row; list values joined with ``; ``."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return buf.getvalue()


def to_markdown(rows: Iterable[dict], columns: Sequence[str], headers: Sequence[str] | None = None) -> str:
    """A GitHub-flavoured Markdown pipe table (pipes in cells escaped)."""
    headers = list(headers or columns)
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(" --- " for _ in headers) + "|"]
    for row in rows:
        cells = [_cell(row.get(c)).replace("|", "\\|").replace("\n", " ") for c in columns]
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
    """A plain-text table (rich, no colour) rendered at ``width`` columns."""
    table = Table(title=title, show_lines=False, expand=False, title_justify="left")
    for header in headers or columns:
        table.add_column(str(header), overflow="fold")
    for row in rows:
        table.add_row(*[_cell(row.get(c)) for c in columns])
    console = Console(width=width, record=True, file=io.StringIO(), color_system=None, highlight=False)
    console.print(table)
    return console.export_text()


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
