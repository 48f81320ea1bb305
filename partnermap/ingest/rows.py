"""Turn source rows (from any reader) into a :class:`~partnermap.model.Plan`, accounting for each.

Every reader hands over :class:`SourceRow` objects: the cells of one non-blank line, record or
sheet row, with where it came from. :func:`assemble` reads them in small steps, each a function:

1. **find the column header** (:func:`find_header`: the best scoring of the first rows,
   :func:`partnermap.ingest.columns.header_score`) and give every column a role
   (:func:`partnermap.ingest.columns.column_map`: by its header, by its content when the header
   is blank or unknown, or as ``--column`` says; anything else is an extra field);
2. **classify each row** (:func:`classify_above` for the rows above the header,
   :func:`classify_body` below it): each row gets one :class:`Verdict`, its kind and the named
   rule that decided (``partnermap inspect`` shows both). The rules are tried in order
   (:data:`BODY_RULES`); the first that recognises the row decides;
3. **group the rows into activities** (:func:`group_activities`): an activity row starts one, a
   continuation is merged into the one above cell by cell, a sub-action starts one that keeps
   its action above;
4. **build the activities** (:func:`build_activity`) and place numbered ones under the theme of
   their number (:func:`place_numbered`).

What a row can be (each rule is a function of that name; in the order they are tried):

* ``skipped_table``: a row of a table the document reader did not take as the plan;
* ``document_part``: one cell naming a part of the document ("Section 4: Delivery", "Annex B"):
  a title, never a theme;
* ``title_block``: one cell repeating a line above the header (a page's running title) or naming
  the plan itself ("Action plan - statutory duties of ..."): a page marker, never a theme;
* ``heading_between_tables`` / ``text_between_tables``: a document's paragraph between its tables,
  a theme when written as a heading (a Word heading, a web page's ``h2``, bold), else text;
* ``page_marker``: a page heading (``## ...``), a page footer or number, a ``---`` separator or the
  column header repeated: header rows, and each is a *page marker* for the row after it;
* ``lead_line``: one cell saying who leads the heading above ("Objective lead - ..."): text,
  neither an activity nor a theme;
* ``section_theme``: in a plan whose sections each repeat the column header under their heading
  (:func:`section_theme_above` decides, on evidence), the short single cell right above a
  repeated header: the theme of its section;
* ``theme_heading``: one cell written as a heading (bold ``<b>1. NAME</b>``, ALL CAPS, "Theme 2:
  ...", "Priority 3:", "Objective 1:", "Goal 2 - ...", or a short numbered title), in a plan
  without a theme column. Otherwise the theme column's value is the theme (carried down while
  empty, as merged or "as above" cells are; :func:`theme_from_column`), unless the plan also has
  theme rows (they win: :func:`demote_theme_column`) or the column's values do not group
  consecutive rows (a per-row "Aim": :func:`per_row_theme_column`); such a column is kept as an
  extra field;
* ``continuation``: the activity above goes on. The row has no lead, date or theme of its own
  **and** there is positive evidence of a break: it comes right after a page marker, a repeated
  header or a page break the reader saw, or the row above left its sentence unfinished and this
  one goes on in lower case (not a listed item, not a sub-action column's text). Its cells are
  appended cell by cell (warning ``row_merged``). A row with its own action text and no such
  evidence is its own activity, even with an empty lead and date;
* ``subaction`` / ``listed_subaction``: its only action text is in the sub-action column, or it is
  a lettered or bulleted item ("a) review the form") with no lead or date: an activity of its
  own that keeps the text (and the lead and partners) of the action above;
* ``theme_column_row``: a theme column value and nothing else;
* ``no_activity_text``: anything else without action text is reported (``unrecognised_row``)
  rather than dropped;
* ``activity``: the ``<b>Local Project:</b>`` style prefix becomes the activity's ``kind``; the
  status cell is read for its progress (:mod:`partnermap.ingest.progress`); under a timescale
  column headed as a deadline ("To be achieved by", "Completed by") a single month or day is the
  end only (a range, "Q3 2019/20", keeps its start); a year of the plan ("Yr 3", "1" in a Year
  column) is the financial year it is when the title gives the plan's period
  (:func:`~partnermap.ingest.timescale.strategy_year`); the lead cell is split into leads and
  the partners it names after a dash (:meth:`~partnermap.reference.orgs.OrgDirectory.lead_cell`).

Above the column header, the first title-like line is the plan's title (``title``), a heading
just above the table is the theme of the rows below it (``heading_above_table``), and so is a
section's heading (``section_theme``).

So ``rows_read == activities + merges + theme_rows + header_rows + warning_rows`` always holds,
and :attr:`partnermap.model.Plan.rows` says what each row became (``partnermap inspect``).
Numbered activities ("2.3", "3a", "3.1.2", from the ref column or the start of the text) are
placed under the deepest theme their number starts with when the plan's themes are numbered and
the row came elsewhere (a reading-order artefact); the warning ``theme_by_number`` says so.

Warning codes: ``theme_numbering_gap``, ``row_merged``, ``empty_cell``, ``unparsed_timescale``,
``relative_timescale``, ``unrecognised_row``, ``extra_cells``, ``column_inferred``,
``theme_by_number``, ``theme_column_demoted``, ``theme_column_per_row``, and from the document
readers ``table_skipped`` and ``nested_table``.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from partnermap.errors import InputError
from partnermap.ingest import columns
from partnermap.ingest.progress import progress_of
from partnermap.ingest.timescale import parse_timescale, plan_period, strategy_year
from partnermap.model import (
    Activity,
    LoadReport,
    Outcome,
    Plan,
    PlanWarning,
    Provenance,
    RowRecord,
    Theme,
    slugify,
)
from partnermap.reference.directory import default_directory
from partnermap.reference.orgs import OrgDirectory
from partnermap.safe import without_bidi

HEADER_SEARCH_ROWS = 50  # rows looked at for the column header before giving up

# --- the vocabulary of a plan's rows (column header names are in columns.NAMES, status words in
# --- progress, organisation shapes in partnermap.reference.orgs) -------------------------------

_FORMAT_TAGS = re.compile(r"</?(?:b|i|u|em|strong|span|p|font|br)\b[^>]*>|\*\*|__", re.IGNORECASE)
#: "<b>Local Project:</b> ...": the kind of activity, in bold before a colon
_KIND_PREFIX = re.compile(
    r"^\s*(?:<(?:b|strong)>|\*\*)\s*([^<*:]{1,40}?)\s*:\s*(?:</(?:b|strong)>|\*\*)\s*", re.IGNORECASE
)
_BOLD_WHOLE = re.compile(r"^\s*(?:<(?:b|strong)>|\*\*)(.+?)(?:</(?:b|strong)>|\*\*)\s*$", re.IGNORECASE | re.DOTALL)
#: the words a theme heading starts with ("Priority 3: ...", "Strategic Goal ...")
THEME_WORDS = (
    r"theme|priority|priorities|objective|strand|workstream|work stream|section|strategic goal|goal"
    r"|strategic aim|aim|outcome area|pillar|principle|area"
)
_THEME_WORD = re.compile(rf"^(?:{THEME_WORDS})\b", re.IGNORECASE)
_THEME_NUMBER = re.compile(
    rf"^(?:(?:{THEME_WORDS})\s*)?(\d{{1,2}})([a-z]?)\s*[.):\-–]?\s+(.*)$", re.IGNORECASE | re.DOTALL
)
#: a document's own parts, never themes: "Section 4: Delivery", "Annex B", "Appendix 2 - Glossary"
_DOCUMENT_PART = re.compile(
    r"^(?:section|annex|annexe|appendix|part|chapter)\s+(?:\d{1,2}|[a-z]|[ivx]{1,4})\b"
    r"(?:\s*[:.\-–]\s*.{0,80})?$",
    re.IGNORECASE,
)
#: a title block's line, the plan naming itself: "Action plan - statutory duties of ...", "Northshire Hate
#: Crime Action Plan 2023-24" (a plan's name, then its period or a dash; not "Develop a delivery plan for ...")
_TITLE_BLOCK = re.compile(
    r"^(?:[\w'’&,]+\s+){0,6}(?:action|delivery|business|improvement|implementation|partnership"
    r"|work) ?plan\b(?:\s*[\w\s/]*\d{4}[\w\s/-]*|\s+[-–:].*)?$",
    re.IGNORECASE,
)
#: a line saying who leads the heading above ("Objective lead - ...", "Lead officer: ...")
_LEAD_LINE = re.compile(
    r"^(?:[\w-]+\s+){0,2}(?:leads?|lead officer|lead agency|owner|responsible officer)\s*[:\-–]\s*\S", re.IGNORECASE
)
SECTION_WORDS = 15  # words: a longer single cell above a repeated header is a sentence, not a section's heading
#: a listed item's marker: "a)", "(b)", "c.", "(iv)", "ii.", a bullet
_ITEM = re.compile(r"^\s*(?:\(?[a-z]\)|\(?[ivx]{1,4}\)|[a-z]\.|[ivx]{1,4}\.|[•·▪●◦\uf0b7])\s+\S")
_SEPARATOR = re.compile(r"^[\s\-=_:|+*]*$")
_FOOTER = re.compile(r"^(?:page\s+\d+(?:\s+of\s+\d+)?|\d+\s*/\s*\d+|\d{1,3})$", re.IGNORECASE)
_TEXT_REF = re.compile(r"^\s*(\d{1,2})(?:(?:\.\d{1,3})+|[a-z])[.)]?\s+\S", re.IGNORECASE)
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
    text = without_bidi(text)  # an override could show one name as another: names count as written without them
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


# --- themes ----------------------------------------------------------------------------------


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
    """The label of ``theme`` (:attr:`~partnermap.model.Theme.label`), None for no theme."""
    return theme.label if theme is not None else None


_NUMBER = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,3})*)(?:([a-z])\b)?[.)]?(?=\s|$)", re.IGNORECASE)


def number_key(text: str) -> tuple[str, ...] | None:
    """The numbering at the start of ``text`` as its levels: "2.3" -> ("2", "3"), "3a" -> ("3", "a").

    >>> number_key("2.3 We will ..."), number_key("3a"), number_key("12"), number_key("Train staff")
    (('2', '3'), ('3', 'a'), ('12',), None)
    """
    m = _NUMBER.match(text)
    if not m:
        return None
    return (*m.group(1).split("."), *([m.group(2).lower()] if m.group(2) else []))


def _activity_key(ref: str | None, text: str) -> tuple[str, ...] | None:
    """An activity's own number of two levels or more ("2.3", "3a", "3.1.2"), from the ref column
    or the start of the action text; a plain "3" is the row's count, not a place."""
    if ref:
        key = number_key(ref)
    else:
        m = _TEXT_REF.match(text)
        key = number_key(text) if m else None
    return key if key and len(key) >= 2 else None


def _theme_key(theme: Theme) -> tuple[str, ...] | None:
    """A theme's number as levels: its number, else the numbering its name starts with ("2.3 We will ...")."""
    if theme.number is not None:
        return (str(theme.number),)
    return number_key(theme.name)


def _unfinished(text: str) -> bool:
    """True when ``text`` stops mid-sentence (no closing punctuation)."""
    text = text.strip()
    return bool(text) and not _UNFINISHED_END.search(text)


def _starts_lower(text: str) -> bool:
    stripped = text.lstrip(" \t-–•·,;")
    return bool(stripped) and (stripped[0].islower() or stripped.startswith(("&", "and ", "or ")))


def _joined(cell: object, cleaned: str, more: object) -> tuple[object, str]:
    """A cell with a continuation's cell appended (a cell with no text yet is replaced): the raw
    cell and its cleaned text."""
    if not cleaned:
        return more, clean(more)
    joined = f"{_raw(cell).rstrip()} {_raw(more).strip()}".strip()
    return joined, clean(joined)


def _provenance_of(source: str, row: SourceRow) -> Provenance:
    return Provenance(
        source, line=row.line, line_end=row.line_end, sheet=row.sheet, row=row.row, page=row.page, table=row.table
    )


def location(source: str, row: SourceRow) -> str:
    """Where a row is, as :meth:`partnermap.model.Provenance.location` writes it."""
    if row.page is None and row.table is None and row.sheet is None and row.line is not None:
        # a text file's row (most of them): what Provenance.location() gives, without making one
        end = row.line_end
        return f"{source}:{row.line}" if end is None or end == row.line else f"{source}:{row.line}-{end}"
    return _provenance_of(source, row).location()


class Themes:
    """The plan's themes in the order first met: one :class:`~partnermap.model.Theme` per
    number and name, wherever it is named again."""

    def __init__(self, source: str):
        self.source = source
        self.all: list[Theme] = []

    def get(self, found: tuple[int | None, str], row: SourceRow) -> Theme:
        number, name = found
        for theme in self.all:
            if theme.number == number and theme.name == name:
                return theme
        theme = Theme(
            name=name,
            number=number,
            provenance=Provenance(
                self.source, line=row.line, sheet=row.sheet, row=row.row, page=row.page, table=row.table
            ),
        )
        self.all.append(theme)
        return theme

    def of_heading(self, row: SourceRow) -> Theme | None:
        """The theme a row of one cell written as a heading names (:func:`heading_theme`), else None."""
        filled = [c for c, v in zip(row.cells, row.values) if v]
        if len(filled) != 1:
            return None
        found = heading_theme(filled[0])
        return self.get(found, row) if found else None

    def of_value(self, value: str, row: SourceRow) -> Theme:
        """The theme a theme column's cell names (its number when it is written as a heading)."""
        found = heading_theme(value)
        if found is None or (found[0] is None and found[1] != value):
            found = (found[0] if found else None, value)
        return self.get(found, row)


# --- the table: what the column header says ----------------------------------------------------


@dataclass
class Table:
    """What the rules need to know about the plan's table: the column roles (``roles``: role ->
    column index, ``extras``: index -> header of a column kept as an extra field), the header row
    and how its columns are headed, the organisation directory and the plan's themes."""

    source: str
    header_row: SourceRow
    roles: dict[str, int]
    extras: dict[int, str]
    directory: OrgDirectory
    themes: Themes
    header_key: list[str] = field(default_factory=list)  # the header's cells, normalised
    above: frozenset[str] = frozenset()  # the text of the rows above the header (the title block)
    deadline_column: bool = False  # the timescale column is headed as a deadline ("To be achieved by")
    narrative_status: bool = False  # the status column is commentary ("Work to date")
    period: tuple[int, int] | None = None  # the years the plan's title says it covers ("2023-26")
    year_column: bool = False  # the timescale column counts the plan's years ("Year": "1", "Yr 3")
    sectioned: bool = False  # each section repeats the column header under its heading (section_theme_above)

    def __post_init__(self) -> None:
        self.header_key = [columns.normalise(c) for c in self.header_row.cells]
        self._first_words = self.header_key[0].split() if self.header_key else []
        self._trimmed = list(self.header_key)
        while self._trimmed and not self._trimmed[-1]:
            self._trimmed.pop()
        self.deadline_column = "timescale" in self.roles and bool(
            columns.DEADLINE_HEADER.search(columns.normalise(self.header_name("timescale")))
        )
        self.narrative_status = "status" in self.roles and bool(
            columns.NARRATIVE_HEADER.search(columns.normalise(self.header_name("status")))
        )
        self.year_column = "timescale" in self.roles and bool(
            columns.YEAR_HEADER.search(columns.normalise(self.header_name("timescale")))
        )

    def header_name(self, role: str) -> str:
        """The header of the column of ``role`` as written (the role's name when it is blank)."""
        cells = self.header_row.cells
        index = self.roles[role]
        return (clean(cells[index]) if index < len(cells) else "") or role

    def cell(self, cells: list[object], role: str) -> object:
        index = self.roles.get(role)
        return cells[index] if index is not None and index < len(cells) else None

    def text(self, row: SourceRow | _Pending, role: str) -> str:
        """The cleaned text of column ``role`` in a row or a pending activity ("" when it has none)."""
        index = self.roles.get(role)
        values = row.values
        return values[index] if index is not None and index < len(values) else ""

    def texts(self, row: SourceRow | _Pending) -> dict[str, str]:
        """:meth:`text` of every role at once."""
        values = row.values
        n = len(values)
        return {name: values[index] if index < n else "" for name, index in self.roles.items()}

    def is_repeated_header(self, row: SourceRow) -> bool:
        """The column header again (a page's repeated header row)."""
        if not row.cells or not self.header_key:
            return False
        first = row.cells[0]
        # each word of a normalised cell is in the cell's lower case: most rows stop at the first test
        if (
            not all(word in str(first or "").lower() for word in self._first_words)
            or columns.normalise(first) != self.header_key[0]
        ):
            return False  # the first cell differs
        key = [columns.normalise(c) for c in row.cells]
        while key and not key[-1]:
            key.pop()
        return key == self._trimmed


PER_ROW_RUN = 1.3  # rows per run of one value: a theme column's values group rows, a per-row column's do not


def per_row_theme_column(
    cmap: columns.ColumnMap, body: list[SourceRow]
) -> tuple[columns.ColumnMap, tuple[str, str] | None]:
    """Rule ``theme_column_per_row``: a column headed as a theme ("Aim", "Strategy pillar") whose
    values do not group consecutive rows (nearly every row its own value, or values coming back
    after others) is each row's own text, kept as an extra field; returns the column map and the
    warning that says so."""
    index, activity = cmap.roles.get("theme"), cmap.roles.get("activity")
    if index is None:
        return cmap, None
    rows, runs, seen, last = 0, 0, set(), None
    for row in body:
        values = row.values
        if row.role is not None or activity is None or activity >= len(values) or not values[activity]:
            continue
        rows += 1
        value = values[index] if index < len(values) else ""
        if value and value != last:
            runs, last = runs + 1, value
            seen.add(value)
    runs_long = rows >= PER_ROW_RUN * runs  # a value holds for several rows in a row
    comes_back = runs > len(seen) + max(1, len(seen) // 5)  # values recur after others (a tag, "BAU"/"Project")
    if rows < 3 or not runs or (runs_long and not comes_back):
        return cmap, None
    header = next(c.header for c in cmap.columns if c.role == "theme")
    why = (
        f"its values do not group the rows ({len(seen)} values in {runs} runs over {rows} rows), so it is each "
        f"row's own text"
    )
    warning = f"the {header!r} column: {why}, kept as an extra field"
    return columns.demote(cmap, "theme", header, why), ("theme_column_per_row", warning)


def demote_theme_column(
    cmap: columns.ColumnMap, header: SourceRow, body: list[SourceRow]
) -> tuple[columns.ColumnMap, tuple[str, str] | None]:
    """A plan with theme heading rows keeps its theme column (a per-row
    objective, say) as an extra field; returns the column map and the warning that says so."""
    index = cmap.roles.get("theme")
    if index is None:
        return cmap, None

    def theme_row(row: SourceRow) -> bool:
        filled = [c for c, v in zip(row.cells, row.values) if v]
        own = row.values[index] if index < len(row.values) else ""
        return len(filled) == 1 and heading_theme(filled[0]) is not None and not own

    first = next((r for r in body if r.role is None and theme_row(r)), None)
    if first is None:
        return cmap, None
    name = (header.values[index] if index < len(header.values) else "") or "theme"
    demoted = columns.demote(cmap, "theme", name, "the plan has theme rows, so this is each row's own text")
    return demoted, (
        "theme_column_demoted",
        (
            f"the plan has theme rows ({clean(first.cells[0])!r} at line "
            f"{first.where}), so the {name!r} column is each row's own text, "
            f"kept as an extra field"
        ),
    )


# --- step 2: classify each row -----------------------------------------------------------------

#: what a row can become; the counter of :class:`~partnermap.model.LoadReport` each kind adds to
KINDS = {
    "activity": "activities",
    "subaction": "activities",
    "merged": "merges",
    "theme": "theme_rows",
    "header": "header_rows",
    "title": "header_rows",
    "text": "header_rows",
    "skipped": "warning_rows",
    "unrecognised": "warning_rows",
}


@dataclass(frozen=True)
class Verdict:
    """What one row is: ``kind`` (a key of :data:`KINDS`), the ``rule`` that decided, why in words
    (``detail``), the ``theme`` a theme row names or an activity is under, and the ``code`` of the
    warning that accounts for a skipped row."""

    kind: str
    rule: str
    detail: str = ""
    theme: Theme | None = None
    code: str | None = None


@dataclass
class _Open:
    """The activity the rows below may continue: its theme and its action text so far."""

    theme: Theme | None
    cell: object
    text: str


@dataclass
class State:
    """What the rules know of the rows around: the current ``theme`` (and the theme column's
    value that set it), whether the row above was a page ``marker``, the ``open`` activity and
    whether the row heads a section (``section_break``: :func:`section_breaks`)."""

    theme: Theme | None = None
    column_value: str = ""
    marker: bool = False
    open: _Open | None = None
    section_break: bool = False  # the row could head a section and the column header follows it


def _row_text(row: SourceRow) -> str:
    return " ".join(filter(None, row.values))


Rule = Callable[[SourceRow, Table, State], "Verdict | None"]


def skipped_table(row: SourceRow, table: Table, state: State) -> Verdict | None:
    """A row of a table the document reader did not take as the plan."""
    if row.role == "skipped":
        return Verdict("skipped", "skipped_table", code="table_skipped")
    return None


def _single(row: SourceRow) -> str | None:
    """The text of a row's only filled cell; None when it has more or none."""
    filled = [v for v in row.values if v]
    return filled[0] if len(filled) == 1 else None


def document_part(row: SourceRow, table: Table, state: State) -> Verdict | None:
    """A section, part or annex title ("Section 4: Delivery", "Annex B"): the document's structure,
    not a theme."""
    text = _single(row)
    if text is not None and _DOCUMENT_PART.match(text):
        return Verdict("title", "document_part", detail="a section, part or annex of the document, not a theme")
    return None


def title_block(row: SourceRow, table: Table, state: State) -> Verdict | None:
    """A line of the plan's title block: the text above the header again (a page's running title),
    or a line naming the plan itself ("Action plan - statutory duties ..."); a page marker."""
    text = _single(row)
    if text is None or (row.role is not None and row.role != "paragraph"):
        return None
    if text in table.above or (
        _TITLE_BLOCK.search(text) and not _THEME_WORD.match(text) and not _THEME_NUMBER.match(text)
    ):
        return Verdict("header", "title_block", detail="the plan's title block, not a theme")
    return None


def lead_line(row: SourceRow, table: Table, state: State) -> Verdict | None:
    """A line under a heading that says who leads its work ("Objective lead - Youth Justice
    Service"): neither an activity nor a theme."""
    text = _single(row)
    if text is not None and _LEAD_LINE.match(text) and not table.text(row, "lead"):
        return Verdict("text", "lead_line", detail="says who leads the heading above; neither an activity nor a theme")
    return None


def section_theme(row: SourceRow, table: Table, state: State) -> Verdict | None:
    """A short single cell right above the column header repeated, in a plan whose sections each
    repeat the header under their heading (:attr:`Table.sectioned`): the heading of the section."""
    if not (state.section_break and table.sectioned) or "theme" in table.roles:
        return None
    return Verdict(
        "theme",
        "section_theme",
        detail="the heading of a section that repeats the column header",
        theme=_heading_of(row, table),
    )


def _heading_of(row: SourceRow, table: Table) -> Theme:
    filled = next(c for c, v in zip(row.cells, row.values) if v)
    return table.themes.get(heading_theme(filled) or (None, _single(row)), row)


def _section_heading(row: SourceRow) -> str | None:
    """The text of a row that could head a section: one cell of a table row or heading, short, not
    a sentence (no full stop), not a page number or a part of the document; else None."""
    text = _single(row)
    if (
        text is None
        or row.role not in (None, "heading")
        or len(text.split()) > SECTION_WORDS
        or text.endswith(".")
        or _FOOTER.match(text)
        or _DOCUMENT_PART.match(text)
    ):
        return None
    return text


def section_breaks(body: list[SourceRow], table: Table) -> frozenset[int]:
    """The body rows (indices) that could head a section: right before the column header repeated."""
    return frozenset(
        i
        for i, (row, following) in enumerate(itertools.pairwise(body))
        if _section_heading(row) is not None and table.is_repeated_header(following)
    )


def between_tables(row: SourceRow, table: Table, state: State) -> Verdict | None:
    """A document's paragraph between the plan's tables: a theme when written as a heading, else text."""
    if row.role != "paragraph":
        return None
    theme = table.themes.of_heading(row)
    if theme is not None:
        return Verdict("theme", "heading_between_tables", theme=theme)
    return Verdict("text", "text_between_tables", detail="text between the tables")


def page_marker(row: SourceRow, table: Table, state: State) -> Verdict | None:
    """A page heading, separator, page number or the column header repeated on a new page."""
    text = _row_text(row)
    if (
        row.role in ("title", "heading", "separator")
        or _SEPARATOR.match(text)
        or _FOOTER.match(text)
        or table.is_repeated_header(row)
    ):
        return Verdict("header", "page_marker", detail="a repeated header, page heading or page number")
    return None


def theme_heading_row(row: SourceRow, table: Table, state: State) -> Verdict | None:
    """A row of one cell written as a heading (:func:`heading_theme`), in a plan without a theme column."""
    if "theme" in table.roles:
        return None
    theme = table.themes.of_heading(row)
    return Verdict("theme", "theme_heading", theme=theme) if theme is not None else None


def continuation(row: SourceRow, table: Table, state: State) -> Verdict | None:
    """The rest of the activity above, split by a page break (see the module docstring)."""
    why = continuation_evidence(row, table, state)
    return Verdict("merged", "continuation", detail=why) if why else None


def continuation_evidence(row: SourceRow, table: Table, state: State) -> str | None:
    """Why ``row`` continues the open activity, or None: it has no lead, date or theme of its own
    and comes after a page break, or goes on in lower case from an unfinished sentence."""
    target = state.open
    if target is None or target.theme is not state.theme:
        return None
    if any(table.text(row, role) for role in ("lead", "timescale", "theme")):
        return None
    if state.marker or row.after_break:
        return "it comes right after a page break"
    if table.text(row, "subaction") and not table.text(row, "activity"):
        return None  # a sub-action row's text is its own, whatever its case
    here = next((v for v in (table.text(row, "activity"), *row.values) if v), "")
    if target.text and _unfinished(target.text) and _starts_lower(here) and not _ITEM.match(here):
        return "the row above stops mid-sentence and this one goes on"
    return None


def subaction(row: SourceRow, table: Table, state: State) -> Verdict | None:
    """A row whose only action text is in the sub-action column: an activity under its action."""
    if not table.text(row, "activity") and table.text(row, "subaction") and state.open is not None:
        return Verdict("subaction", "subaction", detail="a sub-action of the action above", theme=state.theme)
    return None


def listed_subaction(row: SourceRow, table: Table, state: State) -> Verdict | None:
    """A row whose action text is a lettered or bulleted item ("a) Review the form", "(ii) ...",
    "• ...") with no lead or date of its own, under an action: an activity under that action."""
    text = table.text(row, "activity")
    if state.open is None or not _ITEM.match(text) or any(table.text(row, r) for r in ("lead", "timescale", "ref")):
        return None
    return Verdict("subaction", "listed_subaction", detail="a listed item under the action above", theme=state.theme)


def theme_column_row(row: SourceRow, table: Table, state: State) -> Verdict | None:
    """A row with a theme column value and nothing else: the theme of the rows below."""
    if (
        "theme" in table.roles
        and table.text(row, "theme")
        and not table.text(row, "activity")
        and not any(table.text(row, role) for role in table.roles if role != "theme")
    ):
        return Verdict("theme", "theme_column_row", detail="the theme column", theme=state.theme)
    return None


def no_activity_text(row: SourceRow, table: Table, state: State) -> Verdict | None:
    """A row with no action text that nothing above explains: reported, not dropped."""
    if not table.text(row, "activity"):
        return Verdict("unrecognised", "no_activity_text", code="unrecognised_row")
    return None


def activity_row(row: SourceRow, table: Table, state: State) -> Verdict | None:
    """A row with action text: an activity."""
    return Verdict("activity", "activity", theme=state.theme)


#: the rules for where a row sits (tried first: these rows carry no theme column value)
PLACE_RULES: tuple[Rule, ...] = (skipped_table, document_part, title_block, between_tables, page_marker)
#: the rules for what a table row holds, tried in order once the theme column is read
ROW_RULES: tuple[Rule, ...] = (
    lead_line,
    section_theme,
    theme_heading_row,
    continuation,
    subaction,
    listed_subaction,
    theme_column_row,
    no_activity_text,
    activity_row,
)
BODY_RULES = PLACE_RULES + ROW_RULES


def theme_from_column(row: SourceRow, table: Table, state: State) -> tuple[Theme | None, str]:
    """The theme and theme-column value after ``row``: a new value in the theme column starts a
    theme; an empty cell carries the one above down (merged or "as above" cells)."""
    value = table.text(row, "theme") if "theme" in table.roles else ""
    if value and (state.theme is None or value != state.column_value):
        return table.themes.of_value(value, row), value
    return state.theme, state.column_value


def advance(state: State, row: SourceRow, verdict: Verdict, table: Table) -> None:
    """The state after a row: a page marker marks the next row, a theme row sets the theme, an
    activity opens and a continuation extends the open activity's text."""
    if verdict.kind == "text":  # text between tables: a page number there still marks a page break
        state.marker = state.marker or bool(_FOOTER.match(_row_text(row)))
    else:
        state.marker = verdict.kind == "header"
    if verdict.kind == "theme":
        state.theme = verdict.theme
    elif verdict.kind in ("activity", "subaction"):
        index = table.roles.get("activity")
        cell = row.cells[index] if index is not None and index < len(row.cells) else None
        state.open = _Open(state.theme, cell, table.text(row, "activity"))
    elif verdict.kind == "merged" and table.text(row, "activity"):
        index = table.roles["activity"]
        state.open.cell, state.open.text = _joined(state.open.cell, state.open.text, row.cells[index])


def classify_body(body: list[SourceRow], table: Table, theme: Theme | None = None) -> list[Verdict]:
    """One :class:`Verdict` for each row below the column header, by :data:`BODY_RULES`; ``theme``
    is the theme the table starts under (:func:`heading_above_table`)."""
    state = State(theme=theme)
    verdicts = []
    breaks = section_breaks(body, table)
    for i, row in enumerate(body):
        state.section_break = i in breaks
        verdict = next(filter(None, (rule(row, table, state) for rule in PLACE_RULES)), None)
        if verdict is None:
            state.theme, state.column_value = theme_from_column(row, table, state)
            verdict = next(filter(None, (rule(row, table, state) for rule in ROW_RULES)))
        advance(state, row, verdict, table)
        verdicts.append(verdict)
    return verdicts


def _title_like(row: SourceRow, text: str) -> bool:
    if row.role == "separator" or _SEPARATOR.match(text):
        return False
    if row.role in ("title", "heading"):
        return True
    filled = [c for c in row.cells if clean(c)]
    return len(filled) == 1 and len(text) <= 150 and not text.startswith(("*", "Note", "NB"))


def classify_above(above: list[SourceRow]) -> tuple[list[Verdict], str | None]:
    """A :class:`Verdict` for each row above the column header, and the plan's title (the first
    title-like row: a ``#`` line, a heading, or a short line of one cell)."""
    verdicts, title = [], None
    for row in above:
        text = " ".join(v for v in row.values if v)
        if row.role == "skipped":
            verdicts.append(Verdict("skipped", "skipped_table", code="table_skipped"))
        elif title is None and text and _title_like(row, text):
            title = text.lstrip("# ").strip()
            verdicts.append(Verdict("title", "title"))
        elif row.role in ("title", "heading"):
            verdicts.append(Verdict("title", f"{row.role}_above", detail="above the column header"))
        else:
            verdicts.append(Verdict("text", "text_above", detail="above the column header"))
    return verdicts, title


def section_theme_above(
    above: list[SourceRow], verdicts: list[Verdict], body: list[SourceRow], table: Table
) -> list[Verdict]:
    """Rule ``section_theme`` above the header; sets :attr:`Table.sectioned`. A plan is in sections
    when a short single cell right above its first column header is followed, later, by another
    right above the header repeated (or, with nothing above the first header, by two). That cell
    above the first header is the first section's heading, unless it is the plan's title naming
    the plan ("... Action Plan 2023-24")."""
    breaks = section_breaks(body, table)
    first = _section_heading(above[-1]) if above and verdicts[-1].kind != "theme" else None
    is_title = first is not None and verdicts[-1].rule == "title"
    if first is not None and is_title and (_TITLE_BLOCK.match(first) or plan_period(first)):
        first = None
    table.sectioned = "theme" not in table.roles and (len(breaks) >= 2 or bool(breaks and first))
    if not table.sectioned or first is None:
        return verdicts
    return [
        *verdicts[:-1],
        Verdict(
            "theme",
            "section_theme",
            theme=_heading_of(above[-1], table),
            detail="the heading of a section that repeats the column header",
        ),
    ]


def heading_above_table(above: list[SourceRow], verdicts: list[Verdict], table: Table) -> list[Verdict]:
    """Rule ``heading_above_table``: the last heading above the column header (``## Priority 1a``,
    a Word heading before the table) is the theme of the rows below it, when it reads as a theme
    heading and the plan has no theme column."""
    last = next(
        (i for i in range(len(above) - 1, -1, -1) if verdicts[i].rule == "heading_above" and any(above[i].values)), None
    )
    if last is None or "theme" in table.roles:
        return verdicts
    theme = table.themes.of_heading(above[last])
    if theme is None:
        return verdicts
    return [
        *verdicts[:last],
        Verdict("theme", "heading_above_table", detail="a heading above the table", theme=theme),
        *verdicts[last + 1 :],
    ]


# --- step 3: group the rows into activities ----------------------------------------------------


@dataclass
class _Pending:
    """An activity's rows: its first row's cells with any continuations merged in."""

    cells: list[object]
    first: SourceRow
    last: SourceRow
    theme: Theme | None
    parent: _Pending | None = None  # the action a sub-action row belongs to
    values: list[str] = field(default_factory=list)  # the cells cleaned, kept in step with ``cells``

    def __post_init__(self) -> None:
        if not self.values:  # made from its first row's cells
            self.values = list(self.first.values)

    def merge(self, row: SourceRow) -> None:
        """Append a continuation row's cells to this activity's, cell by cell."""
        width = max(len(self.cells), len(row.cells))
        cells = [*self.cells, *[None] * (width - len(self.cells))]
        values = [*self.values, *[""] * (width - len(self.values))]
        for i, (value, cleaned) in enumerate(zip(row.cells, row.values)):
            if cleaned:
                cells[i], values[i] = _joined(cells[i], values[i], value)
        self.cells, self.values, self.last = cells, values, row


def group_activities(body: list[SourceRow], verdicts: list[Verdict]) -> tuple[list[_Pending], list[int | None]]:
    """The activities the rows make (continuations merged in, sub-actions under their action),
    and for each row the number of the activity it is part of (None for other rows)."""
    pending: list[_Pending] = []
    numbers: list[int | None] = []
    for row, verdict in zip(body, verdicts):
        if verdict.kind == "activity":
            pending.append(_Pending(list(row.cells), row, row, verdict.theme))
        elif verdict.kind == "subaction":
            pending.append(_Pending(list(row.cells), row, row, verdict.theme, parent=pending[-1].parent or pending[-1]))
        elif verdict.kind == "merged":
            pending[-1].merge(row)
        numbers.append(len(pending) if verdict.kind in ("activity", "subaction", "merged") else None)
    return pending, numbers


def account(
    source: str, rows: list[SourceRow], verdicts: list[Verdict], numbers: list[int | None], report: LoadReport
) -> list[RowRecord]:
    """What each row became (for ``partnermap inspect``), counted in ``report``."""
    records = []
    for row, verdict, number in zip(rows, verdicts, numbers):
        name = KINDS[verdict.kind]
        setattr(report, name, getattr(report, name) + 1)
        report.rows_read += 1
        records.append(
            RowRecord(
                location(source, row),
                row.where,
                "activity" if verdict.kind == "subaction" else verdict.kind,
                number,
                verdict.code,
                " | ".join(filter(None, row.values))[:100],
                verdict.detail,
                _theme_label(verdict.theme) if verdict.kind == "theme" else None,
                verdict.rule,
            )
        )
    return records


def row_warnings(
    source: str, rows: list[SourceRow], verdicts: list[Verdict], numbers: list[int | None], pending: list[_Pending]
) -> list[PlanWarning]:
    """The readers' warnings about each row, and a warning for each row merged or not understood."""
    warnings = []
    for row, verdict, number in zip(rows, verdicts, numbers):
        warnings.extend(PlanWarning(code, message, source, row.where) for code, message in row.warnings)
        if verdict.kind == "merged":
            warnings.append(
                PlanWarning(
                    "row_merged",
                    f"row at line {row.where} continues the activity at line "
                    f"{pending[number - 1].first.where} ({verdict.detail}); "
                    f"merged cell by cell",
                    source,
                    row.where,
                )
            )
        elif verdict.kind == "unrecognised":
            warnings.append(
                PlanWarning(
                    "unrecognised_row",
                    f"row at line {row.where} has no activity text and does "
                    f"not continue an activity; skipped: "
                    f"{_row_text(row)[:80]!r}",
                    source,
                    row.where,
                )
            )
    return warnings


# --- step 4: build the activities --------------------------------------------------------------


def kind_and_text(cell: object, cleaned: str) -> tuple[str | None, str]:
    """An action cell's kind ("<b>Local Project:</b> ..." -> "Local Project") and its text.

    >>> kind_and_text("<b>Local Project:</b> Mosque training", "Local Project: Mosque training")
    ('Local Project', 'Mosque training')
    """
    raw_text = _raw(cell)
    m = _KIND_PREFIX.match(raw_text)
    if m is None:  # the cleaned cell is at hand (values[i] is always clean(cells[i])); a number is cleaned here
        return None, cleaned if isinstance(cell, str) else clean(raw_text)
    return " ".join(m.group(1).split()), clean(raw_text[m.end() :])


def deadline_timescale(text: object, deadline_column: bool):
    """A timescale cell read; under a deadline column ("To be achieved by") a single month or day
    is the end only, not the month of work (a range keeps its start)."""
    timescale = parse_timescale(text)
    if (
        deadline_column
        and timescale.end
        and timescale.start
        and (timescale.end - timescale.start).days <= 31
        and not timescale.milestones
        and not timescale.ongoing
        and not timescale.achieved
    ):
        timescale.start = None
    return timescale


def timescale_of(value: object, table: Table):
    """A timescale cell read: a year of the plan's strategy ("Yr 3", or "1" in a Year column) as
    the financial year it is when the plan gives its period (:func:`~partnermap.ingest.timescale.strategy_year`),
    else as written (:func:`deadline_timescale`)."""
    year = strategy_year(clean(value), table.period, year_column=table.year_column)
    return year if year is not None else deadline_timescale(value, table.deadline_column)


def _provenance(source: str, p: _Pending) -> Provenance:
    raw = tuple(map(_raw, p.cells))
    if p.first.sheet is not None:
        return Provenance(source, sheet=p.first.sheet, row=p.first.row, row_end=p.last.row, raw=raw)
    if p.first.line is None:
        return Provenance(source, row=p.first.row, row_end=p.last.row, page=p.first.page, table=p.first.table, raw=raw)
    return Provenance(
        source, line=p.first.line, line_end=p.last.line_end or p.last.line, row=p.first.row, row_end=p.last.row, raw=raw
    )


def build_activity(table: Table, plan_id: str, n: int, p: _Pending) -> tuple[Activity, list[PlanWarning]]:
    """Activity ``n`` from its rows, and the warnings about its cells (empty, not understood)."""
    source, parent = table.source, p.parent
    own = table.texts(p)  # this row's cleaned text per column, and its parent's (a sub-action's action)
    above = own if parent is None else table.texts(parent)
    kind, text = kind_and_text(table.cell((parent or p).cells, "activity"), above.get("activity", ""))
    subaction_text = own.get("subaction") or (own.get("activity") if parent is not None else None) or None
    if subaction_text and parent is not None:
        text = f"{text} – {subaction_text}"
    lead_from, lead_text = (
        (p, own.get("lead", "")) if own.get("lead") or parent is None else (parent, above.get("lead", ""))
    )
    partners_from, partners_text = (
        (p, own.get("partners", "")) if own.get("partners") or parent is None else (parent, above.get("partners", ""))
    )
    outcome = own.get("outcome", "")
    timescale = timescale_of(table.cell(p.cells, "timescale"), table) if own.get("timescale") else None
    warnings = []

    def warn(code: str, message: str) -> None:
        warnings.append(PlanWarning(code, message, source, p.first.where))

    for name in ("lead", "outcome", "timescale"):
        if name in table.roles and not (lead_text if name == "lead" else own[name]):
            warn("empty_cell", f"activity {n} (line {p.first.where}) has an empty {table.header_name(name)!r} cell")
    if timescale is not None and not timescale.parsed:
        warn("unparsed_timescale", f"activity {n} (line {p.first.where}): timescale {timescale.text!r} not understood")
    elif timescale is not None and timescale.relative:
        warn(
            "relative_timescale",
            f"activity {n} (line {p.first.where}): timescale {timescale.text!r} is relative "
            f"to something the plan does not date; kept as written",
        )
    values = p.values
    extra = {header: values[i] for i, header in table.extras.items() if i < len(values) and values[i]}
    beyond = [v for i, v in enumerate(values) if i >= len(table.header_key) and v and i not in table.extras]
    if beyond:
        warn(
            "extra_cells",
            f"activity {n} (line {p.first.where}) has cells beyond the header: "
            f"{'; '.join(beyond)[:80]!r} (kept in its raw cells)",
        )
    status = own.get("status") or None
    directory = table.directory
    leads, named_partners = directory.lead_cell(clean_lines(table.cell(lead_from.cells, "lead")))
    partners = directory.split(clean_lines(table.cell(partners_from.cells, "partners")))
    partners += [o for o in named_partners if o not in partners]  # "BRIDGE – commissioned by KBC": KBC
    return Activity(
        id=f"{plan_id}:{n}",
        text=text,
        provenance=_provenance(source, p),
        kind=kind,
        theme=p.theme,
        leads=leads,
        partners=partners,
        outcome=Outcome(outcome) if outcome else None,
        timescale=timescale,
        status=status,
        lead_text=lead_text,
        partners_text=partners_text,
        progress=progress_of(status, narrative=table.narrative_status),
        ref=own.get("ref") or None,
        subaction=subaction_text,
        extra=extra,
    ), warnings


def place_numbered(activities: list[Activity], themes: list[Theme], source: str) -> list[PlanWarning]:
    """Rule ``theme_by_number``: numbered activities ("2.3", "3a", "3.1.2") under the theme whose
    number theirs starts with (the deepest: "3.1" before "3"), when the plan's themes are numbered
    and the row was read under another (a reading-order artefact: a PDF's headings of a page read
    out together before its rows); a warning for each one moved."""
    keyed = {key: t for t in themes if (key := _theme_key(t)) is not None}
    if len(keyed) < 2:
        return []
    warnings = []
    for activity in activities:
        key = _activity_key(activity.ref, activity.text)
        if key is None:
            continue
        prefixes = [k for k in keyed if key[: len(k)] == k]
        if not prefixes:
            continue
        best = max(prefixes, key=len)
        theme = keyed[best]
        current = _theme_key(activity.theme) if activity.theme is not None else None
        if activity.theme is theme or (
            current is not None and len(current) >= len(best) and key[: len(current)] == current
        ):
            continue  # already under this theme, or under a deeper one its number agrees with
        was = activity.theme.name if activity.theme else "no theme"
        activity.theme = theme
        shown = activity.ref or _TEXT_REF.match(activity.text).group(0).strip()
        warnings.append(
            PlanWarning(
                "theme_by_number",
                f"activity {activity.id.rsplit(':', 1)[1]} is numbered {shown!r}: placed under theme "
                f"{'.'.join(best)} ({theme.name}), not {was!r} where the row was read",
                source,
                activity.provenance.first_line,
            )
        )
    return warnings


def numbering_gaps(themes: list[Theme], source: str) -> list[PlanWarning]:
    """A warning for each number missing between the plan's numbered themes."""
    numbered = sorted({t.number: t for t in themes if t.number is not None}.items())
    return [
        PlanWarning(
            "theme_numbering_gap",
            f"themes jump from {a} to {b}: there is no theme {missing}",
            source,
            theme.provenance.first_line if theme.provenance else None,
        )
        for (a, _), (b, theme) in itertools.pairwise(numbered)
        for missing in range(a + 1, b)
    ]


# --- the plan's own acronyms and the header ----------------------------------------------------

_DEFINITION = re.compile(
    r"((?:[A-Z][\w&'’-]*|of|and|for|the|&)(?:\s+(?:[A-Z][\w&'’-]*|of|and|for|the|&))*)"
    r"\s*\(([A-Z][A-Za-z&]{1,9})\)"
)


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
            # each "(ACRONYM)" with the text since the previous one, at most 300 characters (a name's
            # room): the definition is matched in that window alone, so the work is linear in the text
            start = 0
            for paren in re.finditer(r"\(([A-Z][A-Za-z&]{1,9})\)", text):
                window = text[max(start, paren.start() - 300) : paren.end()]
                start = paren.end()
                m = next((m for m in _DEFINITION.finditer(window) if m.end() == len(window)), None)
                if m is None:
                    continue
                acronym, words = m.group(2), m.group(1).split()
                capitals = [ch for ch in acronym if ch.isupper()]
                # the name starts at the first word with the acronym's first capital from which its
                # capitals can all be read, in order, as initials (the last such start found from the right)
                latest, k = None, len(capitals)
                for i in range(len(words) - 1, -1, -1):
                    if words[i][0] == capitals[k - 1]:
                        k -= 1
                        if k == 0:
                            latest = i
                            break
                first = next((i for i, w in enumerate(words) if w[0] == capitals[0]), None)
                if latest is None or first is None or first > latest:
                    continue
                if _subsequence(capitals, [w[0] for w in words[first:] if w[0].isupper()]):
                    name = words[first:]
                    if sum(1 for w in name if w[0].isupper()) >= len(capitals):
                        found.setdefault(acronym, " ".join(name))
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


def assemble(
    rows: Iterable[SourceRow],
    *,
    source: str,
    plan_id: str | None = None,
    title: str | None = None,
    directory: OrgDirectory | None = None,
    overrides: dict[str, str] | None = None,
    owner: str | None = None,
) -> Plan:
    """Build a Plan from a reader's rows; raise InputError when no header or no activity is found.

    ``overrides`` maps roles to header texts (``--column ROLE=HEADER``); ``owner`` names the
    organisation whose plan it is (``--owner``).
    """
    return _assemble(
        rows, source=source, plan_id=plan_id, title=title, directory=directory, overrides=overrides, owner=owner
    )


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
    return InputError(
        f"no column header row found; the best candidate is {cells[:8]}: {named}it lacks {lacks} "
        f"(expected {columns.EXPECTED}); name the columns with --column ROLE=HEADER, "
        f"e.g. --column activity={cells[0] if cells else 'Action'!r}",
        source=source,
        line=row.where,
    )


def _assemble(
    rows: Iterable[SourceRow],
    *,
    source: str,
    plan_id: str | None,
    title: str | None,
    directory: OrgDirectory | None,
    overrides: dict[str, str] | None,
    owner: str | None,
) -> Plan:
    directory = directory or default_directory()
    rows = [row for row in rows if any(row.values)]
    # 1. the column header and the columns' roles
    index, found = find_header(rows, overrides)
    if index is None:
        raise _no_header_error(rows, found, source, overrides)
    above, header, body = rows[:index], rows[index], rows[index + 1 :]
    above_verdicts, found_title = classify_above(above)
    plan_owner = directory.canonical(owner) if owner else directory.find_in(title or found_title or "")
    themes = Themes(source)
    cmap = columns.column_map(header, body, directory, overrides)
    cmap, demoted = demote_theme_column(cmap, header, body)
    cmap, per_row = per_row_theme_column(cmap, body)
    table = Table(
        source,
        header,
        cmap.roles,
        cmap.extras,
        directory.for_plan(owner=plan_owner, defined=defined_acronyms(rows)),
        themes,
        above=frozenset(" ".join(v for v in row.values if v) for row in above),
        period=plan_period(title or found_title)
        or next(filter(None, (plan_period(" ".join(row.values)) for row in above)), None),
    )
    # 2. what each row is
    above_verdicts = heading_above_table(above, above_verdicts, table)
    above_verdicts = section_theme_above(above, above_verdicts, body, table)
    if found_title is not None and not any(v.rule == "title" for v in above_verdicts):
        found_title = None  # the only line above the header heads the first section
    start = next((v.theme for v in reversed(above_verdicts) if v.kind == "theme"), None)
    verdicts = classify_body(body, table, start)
    # 3. the rows grouped into activities
    pending, numbers = group_activities(body, verdicts)
    if not pending:
        raise InputError(
            f"a column header at line {header.where} but no activities below it", source=source, line=header.where
        )
    report = LoadReport()
    every = [*above, header, *body]
    every_verdicts = [*above_verdicts, Verdict("header", "column_header", detail="the column header"), *verdicts]
    every_numbers = [None] * (index + 1) + numbers
    records = account(source, every, every_verdicts, every_numbers, report)
    warnings = row_warnings(source, [*above, header], every_verdicts[: index + 1], every_numbers[: index + 1], pending)
    warnings += [
        PlanWarning(code, message, source, header.where)
        for code, message in [*cmap.warnings, *(w for w in (demoted, per_row) if w)]
    ]
    warnings += row_warnings(source, body, verdicts, numbers, pending)
    warnings += numbering_gaps(themes.all, source)
    # 4. the activities
    pid = plan_id or slugify(Path(source).stem)
    activities = []
    for n, p in enumerate(pending, start=1):
        activity, about = build_activity(table, pid, n, p)
        activities.append(activity)
        warnings += about
    if "theme" not in table.roles:
        warnings += place_numbered(activities, themes.all, source)
    warnings.sort(key=lambda w: (w.line if w.line is not None else -1, w.code))
    return Plan(
        id=pid,
        title=title or found_title or pid,
        source=source,
        themes=list(themes.all),
        activities=activities,
        warnings=warnings,
        report=report,
        columns={name: table.header_name(name) for name in table.roles},
        header={
            "location": location(source, header),
            "line": header.where,
            "cells": [clean(c) for c in header.cells],
            **found,
        },
        column_roles=[c.as_dict() for c in cmap.columns],
        rows=records,
        owner=plan_owner,
    )
