"""The typed domain model: what every reader produces and every later stage consumes.

Data flows one way: files -> ingest -> model -> graph -> (gaps | Neo4j | map).
Readers in :mod:`partnermap.ingest` build these objects; nothing here reads files.

Conventions
-----------
* Dates are :class:`datetime.date`. A month-precision timescale ("Oct 2018") starts on the
  first and ends on the last day of that month.
* Ids are stable strings derived from the plan's file name and the activity's order in it,
  so re-reading the same file gives the same ids.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date


def slugify(text: str) -> str:
    """Lower-case, ASCII-ish slug used for ids.

    >>> slugify("Bradford District Prevent Plan 2017-19.txt")
    'bradford-district-prevent-plan-2017-19-txt'
    """
    slug = re.sub(r"[^0-9a-z]+", "-", text.lower()).strip("-")
    return slug or "plan"


def theme_label(number: int | None, name: str) -> str:
    """How a theme is shown everywhere (reports, map, warnings): its number and name, or its name
    when it has no number.

    >>> theme_label(1, "EFFECTIVE LEADERSHIP"), theme_label(None, "Safer streets")
    ('1. EFFECTIVE LEADERSHIP', 'Safer streets')
    """
    return f"{number}. {name}" if number is not None else name


@dataclass(frozen=True)
class Provenance:
    """Where something came from: a file and a line range, or a sheet and row range."""

    file: str
    line: int | None = None  # first source line (1-based) for text/CSV
    line_end: int | None = None  # last source line, when a row spans several
    sheet: str | None = None  # Excel sheet name
    row: int | None = None  # Excel row (1-based) or CSV record number
    row_end: int | None = None
    raw: tuple[str, ...] = ()  # the raw cells, as read (after merging continuations)
    page: int | None = None  # PDF page the row starts on
    table: int | None = None  # Word / web page: the table (1-based, in document order)

    @property
    def first_line(self) -> int | None:
        """The line (or row) to cite in one number."""
        return self.line if self.line is not None else self.row

    def location(self) -> str:
        """Human-readable location, e.g. ``plan.txt:39-42``, ``plan.xlsx[Plan]:row 5``,
        ``plan.pdf:page 2, row 14`` or ``plan.docx:table 1, row 3``.

        >>> Provenance("plan.pdf", row=14, row_end=15, page=2).location()
        'plan.pdf:page 2, rows 14-15'
        """
        if self.page is not None or self.table is not None:
            where = f"page {self.page}" if self.page is not None else f"table {self.table}"
            rows = f"row {self.row}" if self.row_end in (None, self.row) else f"rows {self.row}-{self.row_end}"
            return f"{self.file}:{where}, {rows}"
        if self.sheet is not None:
            rows = f"row {self.row}" if self.row_end in (None, self.row) else f"rows {self.row}-{self.row_end}"
            return f"{self.file}[{self.sheet}]:{rows}"
        if self.line is None:
            return self.file
        if self.line_end is None or self.line_end == self.line:
            return f"{self.file}:{self.line}"
        return f"{self.file}:{self.line}-{self.line_end}"


@dataclass(frozen=True)
class PlanWarning:
    """A reported problem or notable event while reading; ``code`` is stable (see ingest docs)."""

    code: str  # e.g. theme_numbering_gap, row_merged, empty_cell, unparsed_timescale
    message: str
    source: str  # file name
    line: int | None = None

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "source": self.source, "line": self.line}


@dataclass
class Timescale:
    """A parsed timescale cell.

    ``parsed`` is False only when the text could not be understood at all. ``unscheduled`` marks
    "TBC"/"TBA" (understood, but no dates). ``recurring`` names a cadence ("quarterly", "annual").
    """

    text: str
    start: date | None = None
    end: date | None = None
    ongoing: bool = False
    achieved: bool = False
    recurring: str | None = None
    milestones: list[date] = field(default_factory=list)
    unscheduled: bool = False
    parsed: bool = True
    relative: bool = False  # relative to something undated ("within six months of the start")

    @property
    def open_ended(self) -> bool:
        """True when there is a start or an ongoing commitment but no end date."""
        return self.parsed and self.end is None and not self.achieved and not self.unscheduled and not self.relative

    def as_dict(self) -> dict:
        return {
            "text": self.text,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "ongoing": self.ongoing,
            "achieved": self.achieved,
            "recurring": self.recurring,
            "milestones": [m.isoformat() for m in self.milestones],
            "unscheduled": self.unscheduled,
            "parsed": self.parsed,
            "relative": self.relative,
        }


@dataclass(frozen=True)
class Organisation:
    """An organisation, by canonical name (after alias resolution). ``raw`` is the text as written;
    ``role`` the role within it that the cell names ("Hate Crime Lead" of "DMBC Hate Crime Lead"),
    or the person it names ("Jill King" of "Jill King (WBC)").

    ``person`` marks a lead named by a person's name whose body the plan does not say ("Jane
    Smith"): ``name`` is then the person's, not a body's, and it has no sector."""

    name: str
    raw: str = ""
    role: str = ""
    person: bool = False


@dataclass(frozen=True)
class Theme:
    """A theme / priority / objective / strand grouping activities. ``number`` may be None."""

    name: str
    number: int | None = None
    provenance: Provenance | None = None

    @property
    def label(self) -> str:
        """How the theme is shown (:func:`theme_label`)."""
        return theme_label(self.number, self.name)

    @property
    def key(self) -> str:
        """Stable key within a plan: the number when there is one, else a slug of the name."""
        return str(self.number) if self.number is not None else slugify(self.name)


@dataclass(frozen=True)
class Mention:
    """Where a taxonomy term was found: the field, the character span and the matched phrase."""

    field: str  # "text", "outcome", "lead", "partners"
    start: int
    end: int
    phrase: str

    def as_dict(self) -> dict:
        return {"field": self.field, "start": self.start, "end": self.end, "phrase": self.phrase}


@dataclass(frozen=True)
class Sector:
    """A taxonomy sector, e.g. ``schools``."""

    id: str
    name: str


@dataclass(frozen=True)
class Audience:
    """A taxonomy audience, e.g. ``young_people``, with the sector ids it belongs to."""

    id: str
    name: str
    sectors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Outcome:
    """An activity's expected outcome (the free text of the outcome cell)."""

    text: str


@dataclass
class Activity:
    """One row of the plan (after merging page-broken continuations)."""

    id: str  # "<plan id>:<n>", n = 1-based order in the plan
    text: str  # the activity description, markup stripped, kind prefix removed
    provenance: Provenance
    kind: str | None = None  # e.g. "Local Project" from a "<b>Local Project:</b>" prefix
    theme: Theme | None = None
    leads: list[Organisation] = field(default_factory=list)
    partners: list[Organisation] = field(default_factory=list)
    outcome: Outcome | None = None
    timescale: Timescale | None = None
    status: str | None = None  # status / RAG / progress cell as written
    lead_text: str = ""  # the lead cell as written
    partners_text: str = ""  # the partners cell as written
    #: what the status cell records: complete, on_track, at_risk, off_track, not_started, unknown
    #: (None: no status cell, or an empty one); see :mod:`partnermap.ingest.progress`
    progress: str | None = None
    ref: str | None = None  # the row's own number ("1.1", "3a") as written
    subaction: str | None = None  # a sub-action's own text (``text`` then starts with its action's)
    extra: dict[str, str] = field(default_factory=dict)  # other columns with content: header -> cell

    @property
    def achieved(self) -> bool:
        """Complete, by its status (complete / Blue) or its timescale ("Achieved 2017", "Complete").
        A Green (on track) status is not complete."""
        if self.progress == "complete":
            return True
        return self.timescale is not None and self.timescale.achieved


@dataclass(frozen=True)
class RowRecord:
    """What one source row became: ``kind`` is activity, merged, theme, header, title, text,
    skipped or (after the header) unrecognised; ``activity`` its activity's number (for activity,
    merged); ``code`` the warning that accounts for a skipped row; ``text`` its first words;
    ``theme`` the theme a theme row starts; ``rule`` the reading rule that decided."""

    location: str
    line: int | None
    kind: str
    activity: int | None = None
    code: str | None = None
    text: str = ""
    detail: str = ""
    theme: str | None = None  # for a theme row: the theme as shown ("1. EFFECTIVE LEADERSHIP")
    rule: str = ""  # the reading rule that decided (partnermap.ingest.rows)

    def as_dict(self) -> dict:
        return {
            "location": self.location,
            "line": self.line,
            "kind": self.kind,
            "activity": self.activity,
            "code": self.code,
            "text": self.text,
            "detail": self.detail,
            "theme": self.theme,
            "rule": self.rule,
        }


@dataclass
class LoadReport:
    """Accounting for every non-blank source line/row of one file."""

    rows_read: int = 0  # non-blank source lines / records / sheet rows read
    activities: int = 0
    merges: int = 0  # continuation rows merged into the row above
    theme_rows: int = 0
    header_rows: int = 0  # column-header rows, title/heading lines, separators
    warning_rows: int = 0  # rows accounted for only by a warning (skipped with a warning)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class Plan:
    """A whole action plan read from one file (or one sheet)."""

    id: str  # slug of the file stem
    title: str
    source: str  # file path as given
    themes: list[Theme] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    warnings: list[PlanWarning] = field(default_factory=list)
    report: LoadReport = field(default_factory=LoadReport)
    columns: dict[str, str] = field(default_factory=dict)  # role -> header as written
    #: how the file was read (``partnermap inspect``): the header row chosen and why, each
    #: column's role and its evidence, and what every source row became
    header: dict = field(default_factory=dict)
    column_roles: list[dict] = field(default_factory=list)
    rows: list[RowRecord] = field(default_factory=list)
    owner: str | None = None  # the organisation whose plan it is (from the title or --owner)

    def organisations(self) -> list[Organisation]:
        """Distinct organisations (leads then partners), in first-seen order."""
        seen: dict[str, Organisation] = {}
        for activity in self.activities:
            for org in [*activity.leads, *activity.partners]:
                seen.setdefault(org.name, org)
        return list(seen.values())
