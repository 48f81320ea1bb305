"""Turn source rows (from any reader) into a :class:`~partnermap.model.Plan`, accounting for each.

Every reader hands over :class:`SourceRow` objects: the cells of one non-blank line, record or
sheet row, with where it came from. :func:`assemble` decides what each row is:

* a **title** or page **heading** (``# ...``/``## ...`` lines, rows above the column header, page
  footers), a repeated **column header** or a ``---`` **separator**: counted as header rows;
* a **theme** row: text in one cell only, written as a heading (bold ``<b>1. NAME</b>``, ALL
  CAPS, "Theme 2: ...", or a short numbered title); or, when the plan has a theme column, the
  value of that column (carried down while empty, as in merged cells);
* a **continuation** of the activity above, broken by a page break: both its lead and its
  timescale cells are empty (a row with an empty lead but its own timescale is an activity with
  a missing lead); its cells are appended to the row above, cell by cell (warning ``row_merged``);
* an **activity**; the ``<b>Local Project:</b>`` style prefix becomes the activity's ``kind``;
* anything else is reported (``unrecognised_row``) rather than dropped.

So ``rows_read == activities + merges + theme_rows + header_rows + warning_rows`` always holds.

Warning codes: ``theme_numbering_gap``, ``row_merged``, ``empty_cell``, ``unparsed_timescale``,
``unrecognised_row``, ``extra_cells``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date, datetime
from pathlib import Path

from partnermap.errors import InputError
from partnermap.ingest import columns
from partnermap.ingest.timescale import parse_timescale
from partnermap.model import Activity, LoadReport, Outcome, Plan, PlanWarning, Provenance, Theme, slugify
from partnermap.reference.directory import default_directory
from partnermap.reference.orgs import OrgDirectory
from partnermap.perf import gc_paused

HEADER_SEARCH_ROWS = 50  # rows looked at for the column header before giving up

_FORMAT_TAGS = re.compile(r"</?(?:b|i|u|em|strong|span|p|font|br)\b[^>]*>|\*\*|__", re.IGNORECASE)
_KIND_PREFIX = re.compile(r"^\s*(?:<(?:b|strong)>|\*\*)\s*([^<*:]{1,40}?)\s*:\s*(?:</(?:b|strong)>|\*\*)\s*",
                          re.IGNORECASE)
_BOLD_WHOLE = re.compile(r"^\s*(?:<(?:b|strong)>|\*\*)(.+?)(?:</(?:b|strong)>|\*\*)\s*$", re.IGNORECASE | re.DOTALL)
_THEME_WORD = re.compile(r"^(?:theme|priority|objective|strand|workstream|section)\b", re.IGNORECASE)
_THEME_NUMBER = re.compile(r"^(?:(?:theme|priority|objective|strand|workstream|section)\s*)?(\d{1,2})\s*[.):\-–]?\s+(.*)$",
                           re.IGNORECASE | re.DOTALL)
_SEPARATOR = re.compile(r"^[\s\-=_:|+*]*$")
_FOOTER = re.compile(r"^(?:page\s+\d+(?:\s+of\s+\d+)?|\d+\s*/\s*\d+)$", re.IGNORECASE)


@dataclass
class SourceRow:
    """One non-blank line, record or sheet row as a reader saw it.

    ``role`` lets a reader say what it already knows: ``"title"`` or ``"heading"`` for lines that
    are not table rows (Markdown ``#`` lines), ``"separator"`` for table rules, ``"paragraph"`` for a
    document's text between its tables (a theme when written as a heading), ``"skipped"`` for the
    rows of a table that is not the plan; ``None`` otherwise. ``after_break`` marks the first row
    after a page break or at the top of a further table; ``warnings`` are ``(code, message)``
    pairs the reader has about the row.
    """

    cells: list[object]
    line: int | None = None
    line_end: int | None = None
    sheet: str | None = None
    row: int | None = None
    role: str | None = None
    page: int | None = None
    table: int | None = None
    after_break: bool = False
    warnings: list[tuple[str, str]] = field(default_factory=list)

    @property
    def where(self) -> int | None:
        return self.line if self.line is not None else self.row


def clean(value: object) -> str:
    """A cell as text: formatting tags and entities removed, whitespace collapsed."""
    if isinstance(value, str):
        return _clean_text(value)
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _clean_text(str(value))


@lru_cache(maxsize=65536)
def _clean_text(text: str) -> str:
    if "<" in text or "*" in text or "_" in text:
        text = _FORMAT_TAGS.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    return " ".join(text.split())


_LINE_BREAK = re.compile(r"<br\s*/?>|</p\s*>|</li\s*>", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[-\u2010\u2013\u2022\u25aa\u25cf\u00b7*\uf0b7\uf0a7]|\d{1,2}[.)])\s+")


def clean_lines(value: object) -> str:
    r"""A cell as text that keeps its line breaks (``<br>`` too), one item a line, bullets removed:
    what a lead or partners cell is split on ("- DMBC Hate Crime Lead<br>- SYP Hate Crime Officer").

    >>> clean_lines("- DMBC Hate Crime Lead<br>- SLHD Hate Crime Lead")
    'DMBC Hate Crime Lead\nSLHD Hate Crime Lead'
    """
    if not isinstance(value, str):
        return clean(value)
    lines = []
    for line in _LINE_BREAK.sub("\n", value).split("\n"):
        text = _BULLET.sub("", clean(line))
        if text:
            lines.append(text)
    return "\n".join(lines)


def _raw(value: object) -> str:
    if isinstance(value, datetime):
        value = value.date()
    return value.isoformat() if isinstance(value, date) else ("" if value is None else str(value))


@dataclass
class _Pending:
    """An activity row being collected (continuations are merged in before it is built)."""

    cells: list[object]
    first: SourceRow
    last: SourceRow
    theme: Theme | None
    merged_lines: list[int] = field(default_factory=list)


class _Assembler:
    def __init__(self, source: str, directory: OrgDirectory):
        self.source = source
        self.directory = directory
        self.report = LoadReport()
        self.warnings: list[PlanWarning] = []
        self.themes: list[Theme] = []
        self.pending: list[_Pending] = []
        self.title: str | None = None
        self.header: dict[str, int] = {}
        self.header_key: list[str] = []
        self.header_row: SourceRow | None = None
        self.theme: Theme | None = None
        self.theme_text = ""  # the theme column's current value
        self.heading_above: SourceRow | None = None  # the last heading above the column header

    # --- helpers ------------------------------------------------------------------------------
    def warn(self, code: str, message: str, row: SourceRow | None) -> None:
        self.warnings.append(PlanWarning(code, message, self.source, row.where if row else None))

    def cell(self, cells: list[object], name: str) -> object:
        index = self.header.get(name)
        return cells[index] if index is not None and index < len(cells) else None

    def text(self, cells: list[object], name: str) -> str:
        return clean(self.cell(cells, name))

    # --- row kinds ----------------------------------------------------------------------------
    def reader_warnings(self, row: SourceRow) -> None:
        for code, message in row.warnings:
            self.warn(code, message, row)

    def before_header(self, row: SourceRow) -> bool:
        """Rows above the column header: titles. True once ``row`` is the header."""
        self.report.rows_read += 1
        self.reader_warnings(row)
        if row.role == "skipped":
            self.report.warning_rows += 1
            return False
        if row.role not in ("title", "heading", "separator", "paragraph") and columns.is_header(row.cells):
            self.header = columns.map_header(row.cells)
            self.header_key = [columns.normalise(c) for c in row.cells]
            self.header_row = row
            self.report.header_rows += 1
            self.theme_from_heading_above()
            return True
        self.report.header_rows += 1
        text = " ".join(clean(c) for c in row.cells if clean(c))
        if self.title is None and text and row.role != "separator" and not _SEPARATOR.match(text):
            self.title = text.lstrip("# ").strip()
        elif row.role == "heading" and text:
            self.heading_above = row
        return False

    def theme_from_heading_above(self) -> None:
        """A heading just above the table (``## Priority 1a ...``, a Word heading before the first
        table) is the theme of the rows below it, when the plan has no theme column."""
        row = self.heading_above
        theme = self.theme_of(row) if row is not None and "theme" not in self.header else None
        if theme is None:
            return
        self.theme = theme
        self.report.header_rows -= 1
        self.report.theme_rows += 1

    def is_repeated_header(self, row: SourceRow) -> bool:
        if not row.cells or not self.header_key or columns.normalise(row.cells[0]) != self.header_key[0]:
            return False
        key = [columns.normalise(c) for c in row.cells]
        while key and not key[-1]:
            key.pop()
        header = list(self.header_key)
        while header and not header[-1]:
            header.pop()
        return key == header

    def theme_of(self, row: SourceRow) -> Theme | None:
        """The theme a heading-like row names, or None when it is not a theme row."""
        filled = [(i, c) for i, c in enumerate(row.cells) if clean(c)]
        if len(filled) != 1:
            return None
        raw = str(filled[0][1]).strip()
        text = clean(raw)
        letters = [ch for ch in text if ch.isalpha()]
        bold = _BOLD_WHOLE.match(raw) is not None and _KIND_PREFIX.match(raw) is None
        caps = len(letters) >= 3 and all(ch.isupper() for ch in letters) and len(text) <= 120
        numbered = _THEME_NUMBER.match(text) is not None and len(text) <= 80 and not text.endswith(".")
        if not (bold or caps or _THEME_WORD.match(text) or numbered):
            return None
        return self.make_theme(text, row)

    def make_theme(self, text: str, row: SourceRow) -> Theme:
        number, name = None, text
        m = _THEME_NUMBER.match(text)
        if m:
            number, name = int(m.group(1)), m.group(2).strip(" .:-–") or text
        elif _THEME_WORD.match(text):
            name = _THEME_WORD.sub("", text).strip(" .:-–") or text
        for theme in self.themes:
            if theme.number == number and theme.name == name:
                return theme
        theme = Theme(name=name, number=number,
                      provenance=Provenance(self.source, line=row.line, sheet=row.sheet, row=row.row, page=row.page,
                                            table=row.table))
        self.themes.append(theme)
        return theme

    def is_continuation(self, row: SourceRow) -> bool:
        checks = [name for name in ("lead", "timescale") if name in self.header]
        if not checks or not self.pending or self.pending[-1].theme is not self.theme:
            return False
        return all(not self.text(row.cells, name) for name in checks)

    def merge(self, row: SourceRow) -> None:
        target = self.pending[-1]
        width = max(len(target.cells), len(row.cells))
        cells = [*target.cells, *[None] * (width - len(target.cells))]
        for i, value in enumerate(row.cells):
            if clean(value):
                cells[i] = f"{_raw(cells[i]).rstrip()} {_raw(value).strip()}".strip() if clean(cells[i]) else value
        target.cells, target.last = cells, row
        target.merged_lines.append(row.where)
        self.report.merges += 1
        self.warn("row_merged", f"row at line {row.where} continues the activity at line {target.first.where} "
                                f"(a page break); merged cell by cell", row)

    def add(self, row: SourceRow) -> None:
        """Classify one row after the header."""
        self.report.rows_read += 1
        self.reader_warnings(row)
        text = " ".join(clean(c) for c in row.cells if clean(c))
        if row.role == "skipped":
            self.report.warning_rows += 1
            return
        if row.role == "paragraph":
            theme = self.theme_of(row)
            if theme is not None:
                self.theme = theme
                self.report.theme_rows += 1
            else:
                self.report.header_rows += 1  # text between the tables, not a row of them
            return
        if row.role in ("title", "heading", "separator") or _SEPARATOR.match(text) or _FOOTER.match(text) \
                or self.is_repeated_header(row):
            self.report.header_rows += 1
            return
        if "theme" in self.header:
            value = self.text(row.cells, "theme")
            if value and (self.theme is None or clean(value) != self.theme_text):
                self.theme, self.theme_text = self.make_theme(value, row), clean(value)
        theme = self.theme_of(row) if "theme" not in self.header else None
        if theme is not None:
            self.theme = theme
            self.report.theme_rows += 1
            return
        if self.is_continuation(row):
            self.merge(row)
            return
        if not self.text(row.cells, "activity"):
            if "theme" in self.header and self.text(row.cells, "theme") and not any(
                    self.text(row.cells, f) for f in self.header if f != "theme"):
                self.report.theme_rows += 1  # a theme column value on a row of its own
                return
            self.report.warning_rows += 1
            self.warn("unrecognised_row", f"row at line {row.where} has no activity text and does not continue "
                                          f"an activity; skipped: {text[:80]!r}", row)
            return
        self.report.activities += 1
        self.pending.append(_Pending(list(row.cells), row, row, self.theme))

    # --- building -----------------------------------------------------------------------------
    def activity(self, plan_id: str, n: int, p: _Pending) -> Activity:
        raw_text = _raw(self.cell(p.cells, "activity"))
        kind = None
        m = _KIND_PREFIX.match(raw_text)
        if m:
            kind, raw_text = " ".join(m.group(1).split()), raw_text[m.end():]
        lead_text, partners_text = self.text(p.cells, "lead"), self.text(p.cells, "partners")
        outcome = self.text(p.cells, "outcome")
        timescale_cell = self.cell(p.cells, "timescale")
        timescale = parse_timescale(timescale_cell) if clean(timescale_cell) else None
        if p.first.sheet is not None:
            prov = Provenance(self.source, sheet=p.first.sheet, row=p.first.row, row_end=p.last.row,
                              raw=tuple(_raw(c) for c in p.cells))
        elif p.first.line is None:
            prov = Provenance(self.source, row=p.first.row, row_end=p.last.row, page=p.first.page,
                              table=p.first.table, raw=tuple(_raw(c) for c in p.cells))
        else:
            prov = Provenance(self.source, line=p.first.line, line_end=p.last.line_end or p.last.line,
                              row=p.first.row, row_end=p.last.row, raw=tuple(_raw(c) for c in p.cells))
        for name in ("lead", "outcome", "timescale"):
            if name in self.header and not self.text(p.cells, name):
                self.warn("empty_cell", f"activity {n} (line {p.first.where}) has an empty "
                                        f"{self.header_name(name)!r} cell", p.first)
        if timescale is not None and not timescale.parsed:
            self.warn("unparsed_timescale", f"activity {n} (line {p.first.where}): timescale "
                                            f"{timescale.text!r} not understood", p.first)
        extra = [clean(c) for i, c in enumerate(p.cells) if i >= len(self.header_key) and clean(c)]
        if extra:
            self.warn("extra_cells", f"activity {n} (line {p.first.where}) has cells beyond the header: "
                                     f"{'; '.join(extra)[:80]!r} (kept in its raw cells)", p.first)
        return Activity(
            id=f"{plan_id}:{n}", text=clean(raw_text), provenance=prov, kind=kind, theme=p.theme,
            leads=self.directory.split(clean_lines(self.cell(p.cells, "lead"))),
            partners=self.directory.split(clean_lines(self.cell(p.cells, "partners"))),
            outcome=Outcome(outcome) if outcome else None, timescale=timescale,
            status=self.text(p.cells, "status") or None, lead_text=lead_text, partners_text=partners_text,
        )

    def header_name(self, name: str) -> str:
        cells = self.header_row.cells if self.header_row else []
        return clean(cells[self.header[name]]) if self.header[name] < len(cells) else name

    def numbering_gaps(self) -> None:
        numbered = sorted({t.number: t for t in self.themes if t.number is not None}.items())
        for (a, _), (b, theme) in zip(numbered, numbered[1:]):
            for missing in range(a + 1, b):
                self.warnings.append(PlanWarning(
                    "theme_numbering_gap", f"themes jump from {a} to {b}: there is no theme {missing}",
                    self.source, theme.provenance.first_line if theme.provenance else None))


def assemble(rows: Iterable[SourceRow], *, source: str, plan_id: str | None = None, title: str | None = None,
             directory: OrgDirectory | None = None) -> Plan:
    """Build a Plan from a reader's rows; raise InputError when no header or no activity is found."""
    with gc_paused():
        return _assemble(rows, source=source, plan_id=plan_id, title=title, directory=directory)


def _assemble(rows: Iterable[SourceRow], *, source: str, plan_id: str | None, title: str | None,
              directory: OrgDirectory | None) -> Plan:
    asm = _Assembler(source, directory or default_directory())
    found_header = False
    seen: list[SourceRow] = []
    for row in rows:
        if not any(clean(c) for c in row.cells):
            continue
        if found_header:
            asm.add(row)
            continue
        seen.append(row)
        found_header = asm.before_header(row)
        if not found_header and len(seen) >= HEADER_SEARCH_ROWS:
            break
    if not found_header:
        if not seen:
            raise InputError("the file has no table rows", source=source)
        first = next((r for r in seen if r.role is None), seen[0])
        found = [clean(c) for c in first.cells if clean(c)]
        raise InputError(f"no column header row found (first row's cells: {found[:8]}); expected {columns.EXPECTED}",
                         source=source, line=first.where)
    if not asm.pending:
        raise InputError(f"a column header at line {asm.header_row.where} but no activities below it",
                         source=source, line=asm.header_row.where)
    asm.numbering_gaps()
    pid = plan_id or slugify(Path(source).stem)
    activities = [asm.activity(pid, n, p) for n, p in enumerate(asm.pending, start=1)]
    warnings = sorted(asm.warnings, key=lambda w: (w.line if w.line is not None else -1, w.code))
    return Plan(
        id=pid, title=title or asm.title or pid, source=source, themes=list(asm.themes), activities=activities,
        warnings=warnings, report=asm.report,
        columns={name: asm.header_name(name) for name in asm.header},
    )

