"""Turn source rows (from any reader) into a :class:`~partnermap.model.Plan`, accounting for each.

Every reader hands over :class:`SourceRow` objects: the cells of one non-blank line, record or
sheet row, with where it came from. :func:`assemble` first finds the **column header** (the best
scoring of the first rows, :func:`partnermap.ingest.columns.header_score`) and gives every column
with content a role (:func:`column_map`: by its header, by its content when the header is blank
or unknown, or as ``--column`` says; anything else is kept on each activity as an extra field).
Then it decides what each row is:

* a **title** or page **heading** (``# ...``/``## ...`` lines, rows above the column header),
  a page footer or page number, a repeated **column header** or a ``---`` **separator**: header
  rows, and each is a *page marker* for the row after it;
* a **theme** row: text in one cell only, written as a heading (bold ``<b>1. NAME</b>``, ALL
  CAPS, "Theme 2: ...", "Priority 3:", "Objective 1:", "Strategic Goal ...", or a short numbered
  title); or the value of the theme column (carried down while empty, as merged or "as above"
  cells are). Where a plan has both, the rows win and the column (a per-row objective, say) is
  kept as an extra field. A heading just above the header is the theme of the rows below it;
* a **continuation** of the activity above: it has no lead, date or theme of its own **and**
  there is positive evidence of a break: it comes right after a page marker, a repeated header or
  a page break the reader saw, or the row above left its sentence unfinished and this one goes on
  in lower case. Its cells are appended cell by cell (warning ``row_merged``). A row with its own
  action text and no such evidence is its own activity, even with an empty lead and date;
* a **sub-action**: its only action text is in the sub-action column; it is an activity of its
  own that keeps the text (and the lead and partners) of the action above;
* an **activity**; the ``<b>Local Project:</b>`` style prefix becomes the activity's ``kind``;
  the status cell is read for its progress (:mod:`partnermap.ingest.progress`); under a timescale
  column headed as a deadline ("To be achieved by", "Deadline", "Due date") a single month or
  day is the end only (a range, "Q3 2019/20", keeps its start);
* anything else is reported (``unrecognised_row``) rather than dropped.

So ``rows_read == activities + merges + theme_rows + header_rows + warning_rows`` always holds,
and :attr:`partnermap.model.Plan.rows` says what each row became (``partnermap inspect``).
Numbered activities ("2.3", "3a", from the ref column or the start of the text) are placed under
the theme with that number when the plan's themes are numbered and the row came elsewhere (a
reading-order artefact); the warning ``theme_by_number`` says so.

Warning codes: ``theme_numbering_gap``, ``row_merged``, ``empty_cell``, ``unparsed_timescale``,
``relative_timescale``, ``unrecognised_row``, ``extra_cells``, ``column_inferred``,
``theme_by_number``, ``theme_column_demoted``, and from the document readers ``table_skipped`` and
``nested_table``.
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
from partnermap.ingest.progress import progress_of
from partnermap.ingest.timescale import parse_timescale
from partnermap.model import (Activity, LoadReport, Outcome, Plan, PlanWarning, Provenance, RowRecord, Theme,
                              slugify)
from partnermap.reference.directory import default_directory
from partnermap.reference.orgs import OrgDirectory

HEADER_SEARCH_ROWS = 50  # rows looked at for the column header before giving up

_FORMAT_TAGS = re.compile(r"</?(?:b|i|u|em|strong|span|p|font|br)\b[^>]*>|\*\*|__", re.IGNORECASE)
_KIND_PREFIX = re.compile(r"^\s*(?:<(?:b|strong)>|\*\*)\s*([^<*:]{1,40}?)\s*:\s*(?:</(?:b|strong)>|\*\*)\s*",
                          re.IGNORECASE)
_BOLD_WHOLE = re.compile(r"^\s*(?:<(?:b|strong)>|\*\*)(.+?)(?:</(?:b|strong)>|\*\*)\s*$", re.IGNORECASE | re.DOTALL)
_THEME_WORDS = (r"theme|priority|priorities|objective|strand|workstream|work stream|section|strategic goal|goal"
                r"|strategic aim|aim|outcome area|pillar|principle|area")
_THEME_WORD = re.compile(rf"^(?:{_THEME_WORDS})\b", re.IGNORECASE)
_THEME_NUMBER = re.compile(rf"^(?:(?:{_THEME_WORDS})\s*)?(\d{{1,2}})([a-z]?)\s*[.):\-–]?\s+(.*)$",
                           re.IGNORECASE | re.DOTALL)
_SEPARATOR = re.compile(r"^[\s\-=_:|+*]*$")
_FOOTER = re.compile(r"^(?:page\s+\d+(?:\s+of\s+\d+)?|\d+\s*/\s*\d+|\d{1,3})$", re.IGNORECASE)
_REF = re.compile(r"^\s*(\d{1,2})(?:[.]\d{1,3})*[a-z]?[.)]?\s*$", re.IGNORECASE)
_TEXT_REF = re.compile(r"^\s*(\d{1,2})(?:\.(\d{1,3})|([a-z]))[.)]?\s+\S", re.IGNORECASE)
_DEADLINE_HEADER = re.compile(r"\b(?:by|by when|deadlines?|due|due dates?|target (?:completion )?dates?|completion dates?"
                              r"|end dates?|complete by)$")
_NARRATIVE_HEADER = re.compile(r"\b(?:to date|update|updates|comments?|commentary|narrative|position|notes?)\b")
_UNFINISHED_END = re.compile(r"[.!?;:)\]\"”’]\s*$")


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
    _values: list[str] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def where(self) -> int | None:
        return self.line if self.line is not None else self.row

    @property
    def values(self) -> list[str]:
        """The cells cleaned (:func:`clean`), once."""
        if self._values is None:
            self._values = [_clean_text(c) if type(c) is str else clean(c) for c in self.cells]
        return self._values


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
    return _clean_lines_text(value)


@lru_cache(maxsize=16384)  # lead and partners cells repeat
def _clean_lines_text(value: str) -> str:
    lines = []
    for line in _LINE_BREAK.sub("\n", value).split("\n"):
        text = _BULLET.sub("", clean(line))
        if text:
            lines.append(text)
    return "\n".join(lines)


def _raw(value: object) -> str:
    if type(value) is str:  # most cells: as they are
        return value
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
    parent: "_Pending | None" = None  # the action a sub-action row belongs to
    values: list[str] = field(default_factory=list)  # the cells cleaned, kept in step with ``cells``

    def __post_init__(self) -> None:
        if not self.values:  # made from its first row's cells
            self.values = list(self.first.values)


def heading_theme(raw: object) -> tuple[int | None, str] | None:
    """``(number, name)`` when one cell's text is written as a theme heading, else None.

    >>> heading_theme("<b>1. EFFECTIVE LEADERSHIP</b>"), heading_theme("Objective 1: Improving Health IN Salford")
    ((1, 'EFFECTIVE LEADERSHIP'), (1, 'Improving Health IN Salford'))
    >>> heading_theme("Priority 3: Safer streets"), heading_theme("Train staff in the new procedures.")
    ((3, 'Safer streets'), None)
    """
    raw = str(raw or "").strip()
    text = clean(raw)
    if not text:
        return None
    letters = [ch for ch in text if ch.isalpha()]
    bold = _BOLD_WHOLE.match(raw) is not None and _KIND_PREFIX.match(raw) is None
    caps = len(letters) >= 3 and all(ch.isupper() for ch in letters) and len(text) <= 120
    numbered = _THEME_NUMBER.match(text) is not None and len(text) <= 80 and not text.endswith(".")
    worded = _THEME_WORD.match(text) is not None and len(text) <= 160
    if not (bold or caps or worded or numbered):
        return None
    number, name = None, text
    m = _THEME_NUMBER.match(text)
    if m and (worded or not m.group(2)):
        number, name = int(m.group(1)), (m.group(3).strip(" .:-–") or text)
    elif worded:
        name = _THEME_WORD.sub("", text).strip(" .:-–") or text
    return number, name


def _theme_label(theme: Theme | None) -> str | None:
    """How a theme is shown: ``1. EFFECTIVE LEADERSHIP``, or its name when it has no number."""
    if theme is None:
        return None
    return f"{theme.number}. {theme.name}" if theme.number is not None else theme.name


def _looks_like_ref(value: str) -> bool:
    return bool(_REF.match(value))


def _ref_number(ref: str | None, text: str) -> int | None:
    """The theme number a row's own number points to: "2.3" and "3a" (in the ref column, or at the
    start of the action text) -> 2 and 3."""
    if ref:
        m = re.match(r"^\s*(\d{1,2})(?:[.]\d{1,3}|[a-z])", ref, re.IGNORECASE)
        if m:
            return int(m.group(1))
        return None
    m = _TEXT_REF.match(text)
    return int(m.group(1)) if m else None


def _unfinished(text: str) -> bool:
    """True when ``text`` stops mid-sentence (no closing punctuation)."""
    text = text.strip()
    return bool(text) and not _UNFINISHED_END.search(text)


def _starts_lower(text: str) -> bool:
    stripped = text.lstrip(" \t-–•·,;")
    return bool(stripped) and (stripped[0].islower() or stripped.startswith(("&", "and ", "or ")))


# --- columns -----------------------------------------------------------------------------------

_WORDY = 8  # words: a cell longer than this reads as a sentence


def _content_role(values: list[str], taken: set[str], directory: OrgDirectory) -> tuple[str, str] | None:
    """The role a column's cells show (ref, timescale, lead or activity), with why; None if none."""
    if not values:
        return None
    n = len(values)
    sample = ", ".join(repr(v[:30]) for v in values[:3])
    if sum(_looks_like_ref(v) for v in values) >= 0.8 * n and "ref" not in taken:
        return "ref", f"its cells are row numbers ({sample})"
    if "timescale" not in taken:
        dated = sum(1 for v in values if len(v) <= 60 and (t := parse_timescale(v)).parsed
                    and (t.start or t.end or t.ongoing or t.achieved))
        if dated >= 0.6 * n:
            return "timescale", f"its cells read as timescales ({sample})"
    if "lead" not in taken:
        orgs = sum(1 for v in values if len(v.split()) <= _WORDY and (
            any(directory.recognises(o.name) for o in directory.split(v)) or _org_like(v)))
        if orgs >= 0.6 * n:
            return "lead", f"its cells name organisations or roles ({sample})"
    if "activity" not in taken and sum(len(v.split()) > _WORDY for v in values) >= 0.6 * n:
        return "activity", f"its cells are sentences ({sample})"
    return None


_ORG_WORDS = re.compile(r"\b(?:council|police|constabulary|trust|nhs|ccg|icb|service|services|team|board|partnership"
                        r"|group|officer|lead|manager|head|director|coordinator|co-ordinator|chair|school|college"
                        r"|university|agency|department|unit|authority|forum|panel|network|charity)s?\b",
                        re.IGNORECASE)


def _org_like(value: str) -> bool:
    """A short cell that names a body or a role ("Community Safety Team", "Prevent Lead", "CnES")."""
    words = value.split()
    if not words or len(words) > _WORDY or value.endswith("."):
        return False
    return bool(_ORG_WORDS.search(value)) or (len(words) <= 2 and value.replace(" ", "").isupper())


def column_map(header: SourceRow, body: list[SourceRow], directory: OrgDirectory,
               overrides: dict[str, str] | None = None) -> columns.ColumnMap:
    """Every column's role: by its header (:func:`partnermap.ingest.columns.map_header`), by its
    content where the header is blank or names nothing, or an extra field; see the module docstring."""
    named = columns.map_header(header.cells, overrides)
    width = max([len(header.cells)] + [len(r.cells) for r in body[:2000]])
    by_index: dict[int, list[columns.ColumnRole]] = {}
    for c in named:
        by_index.setdefault(c.index, []).append(c)
    result = columns.ColumnMap()
    taken = {c.role for c in named}
    data_rows = [r for r in body if r.role is None]
    for index in range(width):
        if index in by_index:
            result.columns.extend(by_index[index])
            continue
        # only a column its header does not name is judged by its content
        values = [r.values[index] for r in data_rows if index < len(r.values) and r.values[index]]
        written = clean(header.cells[index]) if index < len(header.cells) else ""
        if not values:
            continue
        found = _content_role(values, taken, directory)
        label = f"column {index + 1}" + (f" ({written!r})" if written else " (no header)")
        if found is not None and (not written or found[0] != "activity"):
            role, why = found
            taken.add(role)
            result.columns.append(columns.ColumnRole(index, role, written, "content", why))
            result.warnings.append(("column_inferred", f"{label} is read as the {role}: {why}"))
        else:
            result.columns.append(columns.ColumnRole(index, "extra", written or f"column {index + 1}", "name" if written
                                                     else "content", "kept on each activity as an extra field"))
    result.columns.sort(key=lambda c: (c.index, c.role))
    return result


# --- the assembler -----------------------------------------------------------------------------


class _Assembler:
    def __init__(self, source: str, directory: OrgDirectory):
        self.source = source
        self.directory = directory
        self.report = LoadReport()
        self.warnings: list[PlanWarning] = []
        self.themes: list[Theme] = []
        self.pending: list[_Pending] = []
        self.records: list[RowRecord] = []
        self.title: str | None = None
        self.header: dict[str, int] = {}
        self.extras: dict[int, str] = {}
        self.header_key: list[str] = []
        self.header_first_words: list[str] = []  # of the header's first cell, normalised
        self.header_row: SourceRow | None = None
        self.theme: Theme | None = None
        self.theme_text = ""  # the theme column's current value
        self.heading_above: SourceRow | None = None  # the last heading above the column header
        self.marker = False  # the row before was a page marker (footer, repeated header, heading)
        self.last_data: SourceRow | None = None  # the last row read as (part of) an activity
        self.header_trimmed: list[str] = []  # the header's normalised cells, trailing blanks dropped
        self.deadline_column = False  # the timescale column is headed as a deadline ("To be achieved by")
        self.narrative_status = False  # the status column is commentary ("Work to date")
        self.column_roles: list[dict] = []

    # --- helpers ------------------------------------------------------------------------------
    def warn(self, code: str, message: str, row: SourceRow | None) -> None:
        self.warnings.append(PlanWarning(code, message, self.source, row.where if row else None))

    def record(self, row: SourceRow, kind: str, *, activity: int | None = None, code: str | None = None,
               detail: str = "", theme: Theme | None = None) -> None:
        text = " | ".join(filter(None, row.values))
        self.records.append(RowRecord(self.location(row), row.where, kind, activity, code, text[:100], detail,
                                      _theme_label(theme)))

    def location(self, row: SourceRow) -> str:
        if row.page is None and row.table is None and row.sheet is None and row.line is not None:
            # a text file's row (most of them): what Provenance.location() gives, without making one
            end = row.line_end
            return f"{self.source}:{row.line}" if end is None or end == row.line else f"{self.source}:{row.line}-{end}"
        return Provenance(self.source, line=row.line, line_end=row.line_end, sheet=row.sheet, row=row.row,
                          page=row.page, table=row.table).location()

    def cell(self, cells: list[object], name: str) -> object:
        index = self.header.get(name)
        return cells[index] if index is not None and index < len(cells) else None

    def text(self, row: SourceRow | _Pending, name: str) -> str:
        """The cleaned text of column ``name`` in a row or a pending activity ("" when it has none)."""
        index = self.header.get(name)
        values = row.values
        return values[index] if index is not None and index < len(values) else ""

    def texts(self, row: SourceRow | _Pending) -> dict[str, str]:
        """:meth:`text` of every column of the header, at once."""
        values = row.values
        n = len(values)
        return {name: values[index] if index < n else "" for name, index in self.header.items()}

    def reader_warnings(self, row: SourceRow) -> None:
        for code, message in row.warnings:
            self.warn(code, message, row)

    # --- before the header --------------------------------------------------------------------
    def before_header(self, row: SourceRow, is_header: bool) -> None:
        """A row above the column header (or the header itself)."""
        self.report.rows_read += 1
        self.reader_warnings(row)
        if row.role == "skipped":
            self.report.warning_rows += 1
            self.record(row, "skipped", code="table_skipped")
            return
        self.report.header_rows += 1
        if is_header:
            self.record(row, "header", detail="the column header")
            return
        text = " ".join(clean(c) for c in row.cells if clean(c))
        if self.title is None and text and self._title_like(row, text):
            self.title = text.lstrip("# ").strip()
            self.record(row, "title")
            return
        if row.role == "heading" and text:
            self.heading_above = row
        self.record(row, "title" if row.role in ("title", "heading") else "text", detail="above the column header")

    @staticmethod
    def _title_like(row: SourceRow, text: str) -> bool:
        if row.role == "separator" or _SEPARATOR.match(text):
            return False
        if row.role in ("title", "heading"):
            return True
        filled = [c for c in row.cells if clean(c)]
        return len(filled) == 1 and len(text) <= 150 and not text.startswith(("*", "Note", "NB"))

    def start(self, header: SourceRow, cmap: columns.ColumnMap, body: list[SourceRow]) -> None:
        self.header = cmap.roles
        self.extras = cmap.extras
        self.header_key = [columns.normalise(c) for c in header.cells]
        self.header_first_words = self.header_key[0].split() if self.header_key else []
        self.header_row = header
        for code, message in cmap.warnings:
            self.warn(code, message, header)
        self.column_roles = [c.as_dict() for c in cmap.columns]
        if "theme" in self.header:
            rows_with_themes = [r for r in body if r.role is None and self._single_cell_theme(r)]
            if rows_with_themes:
                name = self.header_name("theme")
                index = self.header.pop("theme")
                self.extras[index] = name
                for entry in self.column_roles:
                    if entry["index"] == index and entry["role"] == "theme":
                        entry.update(role="extra", evidence="content",
                                     detail="the plan has theme rows, so this is each row's own text")
                self.warn("theme_column_demoted", f"the plan has theme rows ({clean(rows_with_themes[0].cells[0])!r} "
                                                  f"at line {rows_with_themes[0].where}), so the {name!r} column is "
                                                  f"each row's own text, kept as an extra field", header)
        self.header_trimmed = list(self.header_key)
        while self.header_trimmed and not self.header_trimmed[-1]:
            self.header_trimmed.pop()
        self.deadline_column = "timescale" in self.header and bool(
            _DEADLINE_HEADER.search(columns.normalise(self.header_name("timescale"))))
        self.narrative_status = "status" in self.header and bool(
            _NARRATIVE_HEADER.search(columns.normalise(self.header_name("status"))))
        self.theme_from_heading_above()

    def _single_cell_theme(self, row: SourceRow) -> bool:
        filled = [c for c, v in zip(row.cells, row.values) if v]
        return len(filled) == 1 and heading_theme(filled[0]) is not None and not self.text(row, "theme")

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
        for i, rec in enumerate(self.records):
            if rec.line == row.where and rec.location == self.location(row):
                self.records[i] = RowRecord(rec.location, rec.line, "theme", text=rec.text,
                                            detail="a heading above the table", theme=_theme_label(theme))

    # --- after the header ---------------------------------------------------------------------
    def is_repeated_header(self, row: SourceRow) -> bool:
        if not row.cells or not self.header_key:
            return False
        first = row.cells[0]
        # each word of a normalised cell is in the cell's lower case: most rows stop at the first test
        if not all(word in str(first or "").lower() for word in self.header_first_words) \
                or columns.normalise(first) != self.header_key[0]:
            return False  # the first cell differs
        key = [columns.normalise(c) for c in row.cells]
        while key and not key[-1]:
            key.pop()
        return key == self.header_trimmed

    def theme_of(self, row: SourceRow) -> Theme | None:
        """The theme a heading-like row names, or None when it is not a theme row."""
        filled = [c for c, v in zip(row.cells, row.values) if v]
        if len(filled) != 1:
            return None
        found = heading_theme(filled[0])
        return self.make_theme(found, row) if found else None

    def make_theme(self, found: tuple[int | None, str], row: SourceRow) -> Theme:
        number, name = found
        for theme in self.themes:
            if theme.number == number and theme.name == name:
                return theme
        theme = Theme(name=name, number=number,
                      provenance=Provenance(self.source, line=row.line, sheet=row.sheet, row=row.row, page=row.page,
                                            table=row.table))
        self.themes.append(theme)
        return theme

    def column_theme(self, value: str, row: SourceRow) -> Theme:
        found = heading_theme(value)
        if found is None or (found[0] is None and found[1] != value):
            found = (found[0] if found else None, value)
        return self.make_theme(found, row)

    def continuation_evidence(self, row: SourceRow) -> str | None:
        """Why ``row`` continues the activity above, or None (see the module docstring)."""
        target = self.pending[-1] if self.pending else None
        if target is None or target.theme is not self.theme or target.last is not self.last_data:
            return None
        own = [name for name in ("lead", "timescale", "theme") if name in self.header]
        if any(self.text(row, name) for name in own):
            return None
        if self.marker or row.after_break:
            return "it comes right after a page break"
        above = self.text(target, "activity")
        here = next((v for v in (self.text(row, "activity"), *row.values) if v), "")
        if above and _unfinished(above) and _starts_lower(here):
            return "the row above stops mid-sentence and this one goes on"
        return None

    def merge(self, row: SourceRow, why: str) -> None:
        target = self.pending[-1]
        width = max(len(target.cells), len(row.cells))
        cells = [*target.cells, *[None] * (width - len(target.cells))]
        values = [*target.values, *[""] * (width - len(target.values))]
        for i, (value, cleaned) in enumerate(zip(row.cells, row.values)):
            if cleaned:
                cells[i] = f"{_raw(cells[i]).rstrip()} {_raw(value).strip()}".strip() if values[i] else value
                values[i] = clean(cells[i])
        target.cells, target.values, target.last = cells, values, row
        self.report.merges += 1
        self.warn("row_merged", f"row at line {row.where} continues the activity at line {target.first.where} "
                                f"({why}); merged cell by cell", row)
        self.record(row, "merged", activity=len(self.pending), detail=why)

    def add(self, row: SourceRow) -> None:
        """Classify one row after the header."""
        self.report.rows_read += 1
        self.reader_warnings(row)
        text = " ".join(filter(None, row.values))
        marker, self.marker = self.marker, False
        if row.role == "skipped":
            self.report.warning_rows += 1
            self.record(row, "skipped", code="table_skipped")
            return
        if row.role == "paragraph":
            theme = self.theme_of(row)
            if theme is not None:
                self.theme = theme
                self.report.theme_rows += 1
                self.record(row, "theme", theme=theme)
            else:
                self.report.header_rows += 1  # text between the tables, not a row of them
                self.record(row, "text", detail="text between the tables")
                self.marker = marker or bool(_FOOTER.match(text))
            return
        if row.role in ("title", "heading", "separator") or _SEPARATOR.match(text) or _FOOTER.match(text) \
                or self.is_repeated_header(row):
            self.report.header_rows += 1
            self.marker = True
            self.record(row, "header", detail="a repeated header, page heading or page number")
            return
        self.marker = marker
        if "theme" in self.header:
            value = self.text(row, "theme")
            if value and (self.theme is None or value != self.theme_text):
                self.theme, self.theme_text = self.column_theme(value, row), value
        theme = self.theme_of(row) if "theme" not in self.header else None
        if theme is not None:
            self.theme = theme
            self.report.theme_rows += 1
            self.marker = False
            self.record(row, "theme", theme=theme)
            return
        why = self.continuation_evidence(row)
        if why:
            self.marker = False
            self.merge(row, why)
            self.last_data = row
            return
        self.marker = False
        if not self.text(row, "activity"):
            if "subaction" in self.header and self.text(row, "subaction") and self.pending:
                parent = self.pending[-1].parent or self.pending[-1]
                self.report.activities += 1
                self.pending.append(_Pending(list(row.cells), row, row, self.theme, parent=parent))
                self.record(row, "activity", activity=len(self.pending), detail="a sub-action of the action above")
                self.last_data = row
                return
            if "theme" in self.header and self.text(row, "theme") and not any(
                    self.text(row, f) for f in self.header if f != "theme"):
                self.report.theme_rows += 1  # a theme column value on a row of its own
                self.record(row, "theme", detail="the theme column", theme=self.theme)
                return
            self.report.warning_rows += 1
            self.warn("unrecognised_row", f"row at line {row.where} has no activity text and does not continue "
                                          f"an activity; skipped: {text[:80]!r}", row)
            self.record(row, "unrecognised", code="unrecognised_row")
            return
        self.report.activities += 1
        self.pending.append(_Pending(list(row.cells), row, row, self.theme))
        self.record(row, "activity", activity=len(self.pending))
        self.last_data = row

    # --- building -----------------------------------------------------------------------------
    def activity(self, plan_id: str, n: int, p: _Pending) -> Activity:
        parent = p.parent
        own = self.texts(p)  # this row's cleaned text per column, and its parent's (a sub-action's action)
        above = own if parent is None else self.texts(parent)
        cell = self.cell((parent or p).cells, "activity")
        raw_text = _raw(cell)
        kind = None
        m = _KIND_PREFIX.match(raw_text)
        if m:
            kind, raw_text = " ".join(m.group(1).split()), raw_text[m.end():]
        # the cleaned cell is at hand (values[i] is always clean(cells[i])); a number is cleaned from its raw text
        text = above.get("activity", "") if m is None and isinstance(cell, str) else clean(raw_text)
        subaction = own.get("subaction") or None
        if subaction and parent is not None:
            text = f"{text} – {subaction}"
        lead_from, lead_text = (p, own.get("lead", "")) if own.get("lead") or parent is None else \
            (parent, above.get("lead", ""))
        partners_from, partners_text = (p, own.get("partners", "")) if own.get("partners") or parent is None else \
            (parent, above.get("partners", ""))
        outcome = own.get("outcome", "")
        timescale = parse_timescale(self.cell(p.cells, "timescale")) if own.get("timescale") else None
        if timescale is not None and self.deadline_column and timescale.end and timescale.start \
                and (timescale.end - timescale.start).days <= 31 and not timescale.milestones \
                and not timescale.ongoing and not timescale.achieved:
            timescale.start = None  # "To be achieved by: August 05" is a deadline, not the month of work
        if p.first.sheet is not None:
            prov = Provenance(self.source, sheet=p.first.sheet, row=p.first.row, row_end=p.last.row,
                              raw=tuple(map(_raw, p.cells)))
        elif p.first.line is None:
            prov = Provenance(self.source, row=p.first.row, row_end=p.last.row, page=p.first.page,
                              table=p.first.table, raw=tuple(map(_raw, p.cells)))
        else:
            prov = Provenance(self.source, line=p.first.line, line_end=p.last.line_end or p.last.line,
                              row=p.first.row, row_end=p.last.row, raw=tuple(map(_raw, p.cells)))
        for name in ("lead", "outcome", "timescale"):
            if name in self.header and not (lead_text if name == "lead" else own[name]):
                self.warn("empty_cell", f"activity {n} (line {p.first.where}) has an empty "
                                        f"{self.header_name(name)!r} cell", p.first)
        if timescale is not None and not timescale.parsed:
            self.warn("unparsed_timescale", f"activity {n} (line {p.first.where}): timescale "
                                            f"{timescale.text!r} not understood", p.first)
        elif timescale is not None and timescale.relative:
            self.warn("relative_timescale", f"activity {n} (line {p.first.where}): timescale "
                                            f"{timescale.text!r} is relative to something the plan does not date; "
                                            f"kept as written", p.first)
        values = p.values
        extra = {header: values[i] for i, header in self.extras.items() if i < len(values) and values[i]}
        beyond = [v for i, v in enumerate(values) if i >= len(self.header_key) and v and i not in self.extras]
        if beyond:
            self.warn("extra_cells", f"activity {n} (line {p.first.where}) has cells beyond the header: "
                                     f"{'; '.join(beyond)[:80]!r} (kept in its raw cells)", p.first)
        status = own.get("status") or None
        return Activity(
            id=f"{plan_id}:{n}", text=text, provenance=prov, kind=kind, theme=p.theme,
            leads=self.directory.split(clean_lines(self.cell(lead_from.cells, "lead"))),
            partners=self.directory.split(clean_lines(self.cell(partners_from.cells, "partners"))),
            outcome=Outcome(outcome) if outcome else None, timescale=timescale,
            status=status, lead_text=lead_text, partners_text=partners_text,
            progress=progress_of(status, narrative=self.narrative_status),
            ref=own.get("ref") or None, subaction=subaction, extra=extra,
        )

    def header_name(self, name: str) -> str:
        cells = self.header_row.cells if self.header_row else []
        index = self.header[name]
        return (clean(cells[index]) if index < len(cells) else "") or name

    def place_numbered(self, activities: list[Activity]) -> None:
        """Numbered activities under the theme of their number (see the module docstring)."""
        numbered = {t.number: t for t in self.themes if t.number is not None}
        if len(numbered) < 2 or "theme" in self.header:
            return
        for activity in activities:
            number = _ref_number(activity.ref, activity.text)
            theme = numbered.get(number)
            if theme is not None and activity.theme is not theme:
                was = activity.theme.name if activity.theme else "no theme"
                activity.theme = theme
                self.warnings.append(PlanWarning(
                    "theme_by_number", f"activity {activity.id.rsplit(':', 1)[1]} is numbered "
                                       f"{activity.ref or _TEXT_REF.match(activity.text).group(0).strip()!r}: placed "
                                       f"under theme {number} ({theme.name}), not {was!r} where the row was read",
                    self.source, activity.provenance.first_line))

    def numbering_gaps(self) -> None:
        numbered = sorted({t.number: t for t in self.themes if t.number is not None}.items())
        for (a, _), (b, theme) in zip(numbered, numbered[1:]):
            for missing in range(a + 1, b):
                self.warnings.append(PlanWarning(
                    "theme_numbering_gap", f"themes jump from {a} to {b}: there is no theme {missing}",
                    self.source, theme.provenance.first_line if theme.provenance else None))


_DEFINITION = re.compile(r"((?:[A-Z][\w&'’-]*|of|and|for|the|&)(?:\s+(?:[A-Z][\w&'’-]*|of|and|for|the|&))*)"
                         r"\s*\(([A-Z][A-Za-z&]{1,9})\)")


def defined_acronyms(rows: Iterable[SourceRow]) -> dict[str, str]:
    """The acronyms a plan defines for itself: "Warrington Borough Council (WBC)" -> WBC. The
    acronym's capitals must be the initials of the words before it (so "Jill King (BHFT)" defines
    nothing).

    >>> defined_acronyms([SourceRow(["Warrington Borough Council (WBC) and Jill King (BHFT)"])])
    {'WBC': 'Warrington Borough Council'}
    """
    found: dict[str, str] = {}
    for row in rows:
        for text in row.values:
            if "(" not in text:
                continue
            for m in _DEFINITION.finditer(text):
                acronym, words = m.group(2), m.group(1).split()
                capitals = [ch for ch in acronym if ch.isupper()]
                for start in range(len(words)):
                    initials = [w[0] for w in words[start:] if w[0].isupper()]
                    if words[start][0].isupper() and initials[:1] == capitals[:1] and _subsequence(capitals, initials):
                        name = " ".join(words[start:])
                        if len(initials) >= len(capitals):
                            found.setdefault(acronym, name)
                        break
    return found


def _subsequence(needle: list[str], hay: list[str]) -> bool:
    it = iter(hay)
    return all(ch in it for ch in needle)


def find_header(rows: list[SourceRow], overrides: dict[str, str] | None = None) -> tuple[int | None, dict]:
    """The index of the column header among ``rows`` (the best scoring of the first
    :data:`HEADER_SEARCH_ROWS` table rows) and how it was chosen; None when no row can be one."""
    best, best_score, best_candidate, candidate_roles = None, 0.0, None, (-1, -1)
    wanted = {columns.normalise(v) for v in (overrides or {}).values()}
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if row.role is not None:
            continue
        score = columns.header_score(row.cells)
        if wanted:
            cells = {columns.normalise(c) for c in row.cells}
            if wanted <= cells:
                score = max(score, 1.0) + 100
        roles = (len(columns.map_header(row.cells)), sum(1 for c in row.cells if clean(c)))
        if best_candidate is None or roles > candidate_roles:
            best_candidate, candidate_roles = index, roles
        if score > best_score:
            best, best_score = index, score
    if best is None:
        return None, {"candidate": best_candidate}
    roles = sorted({c.role for c in columns.map_header(rows[best].cells, overrides)})
    return best, {"score": round(best_score, 2), "roles": roles}


def assemble(rows: Iterable[SourceRow], *, source: str, plan_id: str | None = None, title: str | None = None,
             directory: OrgDirectory | None = None, overrides: dict[str, str] | None = None,
             owner: str | None = None) -> Plan:
    """Build a Plan from a reader's rows; raise InputError when no header or no activity is found.

    ``overrides`` maps roles to header texts (``--column ROLE=HEADER``); ``owner`` names the
    organisation whose plan it is (``--owner``).
    """
    return _assemble(rows, source=source, plan_id=plan_id, title=title, directory=directory,
                     overrides=overrides, owner=owner)


def _no_header_error(rows: list[SourceRow], found: dict, source: str, overrides: dict | None) -> InputError:
    table_rows = [r for r in rows if r.role is None]
    if not table_rows:
        return InputError("the file has no table rows", source=source)
    index = found.get("candidate")
    row = rows[index] if index is not None else table_rows[0]
    cells = [clean(c) for c in row.cells if clean(c)]
    roles = sorted({c.role for c in columns.map_header(row.cells, overrides)})
    lacks = "an activity column" if "activity" not in roles else "a lead, outcome or timescale column"
    named = f"it names {', '.join(roles)} but " if roles else ""
    return InputError(f"no column header row found; the best candidate is {cells[:8]}: {named}it lacks {lacks} "
                      f"(expected {columns.EXPECTED}); name the columns with --column ROLE=HEADER, "
                      f"e.g. --column activity={cells[0] if cells else 'Action'!r}", source=source, line=row.where)


def _assemble(rows: Iterable[SourceRow], *, source: str, plan_id: str | None, title: str | None,
              directory: OrgDirectory | None, overrides: dict[str, str] | None, owner: str | None) -> Plan:
    directory = directory or default_directory()
    asm = _Assembler(source, directory)
    rows = [row for row in rows if any(row.values)]
    index, found = find_header(rows, overrides)
    if index is None:
        raise _no_header_error(rows, found, source, overrides)
    header, body = rows[index], rows[index + 1:]
    for row in rows[:index]:
        asm.before_header(row, False)
    asm.before_header(header, True)
    plan_owner = directory.canonical(owner) if owner else directory.find_in(title or asm.title or "")
    asm.directory = directory.for_plan(owner=plan_owner, defined=defined_acronyms(rows))
    asm.start(header, column_map(header, body, directory, overrides), body)
    for row in body:
        asm.add(row)
    if not asm.pending:
        raise InputError(f"a column header at line {header.where} but no activities below it",
                         source=source, line=header.where)
    asm.numbering_gaps()
    pid = plan_id or slugify(Path(source).stem)
    activities = [asm.activity(pid, n, p) for n, p in enumerate(asm.pending, start=1)]
    asm.place_numbered(activities)
    warnings = sorted(asm.warnings, key=lambda w: (w.line if w.line is not None else -1, w.code))
    plan = Plan(
        id=pid, title=title or asm.title or pid, source=source, themes=list(asm.themes), activities=activities,
        warnings=warnings, report=asm.report,
        columns={name: asm.header_name(name) for name in asm.header},
        header={"location": asm.location(header), "line": header.where,
                "cells": [clean(c) for c in header.cells], **found},
        column_roles=asm.column_roles, rows=asm.records, owner=plan_owner,
    )
    return plan
