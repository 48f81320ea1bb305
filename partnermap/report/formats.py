"""Output formats shared by every tabular command: table, json, csv, markdown.

Commands build plain rows (lists of dicts) in the library and hand them here; nothing in the
library prints. CSV cells are neutralised for spreadsheets (:mod:`partnermap.safe`).
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from partnermap.safe import BIDI_CONTROLS, markdown_text, terminal_text, to_csv

TABLE_FORMATS = ("table", "json", "csv")


def _json_default(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


#: characters JSON may hold as they are but a terminal acts on (C1 controls) or shows out of order
#: (bidirectional overrides): written as \u escapes instead
_JSON_ESCAPED = re.compile("[\x7f-\x9f" + BIDI_CONTROLS + "\u2028\u2029]")


def to_json(obj: Any) -> str:
    r"""Pretty, stable JSON (dates as ISO strings); characters a terminal would act on are escaped.

    >>> print(to_json({"name": "Bradford \u202eCDM"}))
    {
      "name": "Bradford \u202eCDM"
    }
    """
    text = json.dumps(obj, indent=2, ensure_ascii=False, default=_json_default)
    return _JSON_ESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def to_markdown(rows: Iterable[dict], columns: Sequence[str], headers: Sequence[str] | None = None) -> str:
    """A GitHub-flavoured Markdown pipe table; every cell through :func:`~partnermap.safe.markdown_text`
    (no raw HTML, Markdown's own characters escaped, one line).

    >>> print(to_markdown([{"a": "<b>x</b> | *y*"}], ["a"]), end="")
    | a |
    | --- |
    | &lt;b&gt;x&lt;/b&gt; \\| \\*y\\* |
    """
    headers = [markdown_text(h) for h in (headers or columns)]
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(" --- " for _ in headers) + "|"]
    for row in rows:
        lines.append("| " + " | ".join(markdown_text(row.get(c)) for c in columns) + " |")
    return "\n".join(lines) + "\n"


def to_table(
    rows: Iterable[dict],
    columns: Sequence[str],
    headers: Sequence[str] | None = None,
    *,
    title: str | None = None,
    width: int = 80,
) -> str:
    """A plain-text table (rich, no colour) rendered at ``width`` columns. Cells, headers and title
    are :class:`rich.text.Text`, never markup: plan text such as ``[bold]`` or ``[/]`` shows as written.

    >>> print(to_table([{"a": "[bold]x[/bold] [/]"}], ["a"]), end="")
    ┏━━━━━━━━━━━━━━━━━━━━┓
    ┃ a                  ┃
    ┡━━━━━━━━━━━━━━━━━━━━┩
    │ [bold]x[/bold] [/] │
    └────────────────────┘
    """
    table = Table(
        title=Text(terminal_text(title)) if title else None, show_lines=False, expand=False, title_justify="left"
    )
    for header in headers or columns:
        table.add_column(Text(terminal_text(header)), overflow="fold")
    for row in rows:
        table.add_row(*[Text(terminal_text(row.get(c))) for c in columns])
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
