"""Recognise a plan's column header and give each column its role, as real plans name them.

Roles: ``ref`` (the row's number), ``theme``, ``activity``, ``subaction``, ``lead``, ``partners``,
``outcome``, ``timescale``, ``status``; every other column with content is kept on the activity
as an extra field under its header (``extra``).

Header text is compared after normalising case, punctuation, question marks and trailing colons.
Each role has names, each with a weight: a name at the start of the header ("Action required",
"Lead agency") counts for more than the same word inside it ("Guidance - summary of activity
required"), and a few phrases say what a column is not ("work to date" and "progress to date" are
narrative, not dates; "partner" in "lead partner" is the lead). A header that names two roles
("Timescale / Target", "Lead Officer / Agency" is one role) gets both, the second only where no
other column has it.

The header row is found by scoring the candidate rows (how many roles a row names, how well,
with nothing that looks like prose), not by taking the first row that matches.

>>> header = ["Activities", "Lead Officer/Organisations", "Expected Outcomes", "Timescales"]
>>> [(m.index, m.role) for m in map_header(header)]
[(0, 'activity'), (1, 'lead'), (2, 'outcome'), (3, 'timescale')]
>>> roles_of("Work to date"), roles_of("Guidance- summary of activity required"), roles_of("Action required")
((('status', 4),), (), (('activity', 4),))
>>> roles_of("Timescale/ Target"), roles_of("Lead Agency/\\nGroup"), roles_of("Lead partner")
((('timescale', 4), ('outcome', 2)), (('lead', 4),), (('lead', 4),))
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

from partnermap.ingest.timescale import parse_timescale
from partnermap.reference.orgs import OrgDirectory, looks_like_org

ROLES = ("ref", "theme", "activity", "subaction", "lead", "partners", "outcome", "timescale", "status")
#: the roles a column header row must show (with the activity) to be taken as the header
EVIDENCE_ROLES = ("lead", "partners", "outcome", "timescale", "status")
EXPECTED = "an activity column (Activity/Action/Task) and at least one of lead, outcome, timescale"

STRONG, MEDIUM, WEAK = 4, 3, 1

#: role -> (pattern on the normalised header, weight); a pattern that matches at the start of the
#: header counts one more. Patterns are tried for every role; a header takes its best roles.
NAMES: dict[str, list[tuple[str, int]]] = {
    "ref": [(r"ref(?:erence)?(?: no| number)?|no|number|item (?:no|number)|#|id", STRONG)],
    "theme": [
        (
            (
                r"themes?|priorit(?:y|ies)(?: area)?|strategic priorit(?:y|ies)|strands?|workstreams?|work streams?"
                r"|outcome areas?|focus areas?|areas? of (?:work|focus)|categor(?:y|ies)|stages?|headings?|pillars?"
                r"|principles?|strategic goals?|goals?|aims?"
            ),
            MEDIUM,
        ),
        (r"objectives?|strategic objectives?", MEDIUM),
        (r"areas?|sections?|topics?", WEAK),
    ],
    "activity": [
        (
            (
                r"activit(?:y|ies)|actions?|specific actions?|key actions?|actions? required|what(?: we will do)?"
                r"|tasks?|interventions?|deliverables?|description|commitments?|what will be done|how"
            ),
            MEDIUM,
        ),
        (r"(?:summary|description) of (?:the )?(?:activity|action)", WEAK),
    ],
    "subaction": [(r"sub[- ]?actions?|sub[- ]?tasks?|steps|key steps|milestone actions?", STRONG)],
    "lead": [
        (
            (
                r"leads?|lead (?:agency|agencies|officer|organisation|organization|body|partner|person|role|service)s?"
                r"|owners?|action owners?|accountable(?: officer| body| lead)?|responsib\w*(?: for delivery)?"
                r"|who(?: is responsible| will do it| leads)?|led by|delivery led by|delivered by|lead by|agency"
                r"|organisations?|organizations?|officers?|responsible (?:officer|person|body|agency)"
            ),
            MEDIUM,
        ),
    ],
    "partners": [
        (
            (
                r"partners?|supporting (?:partners?|agencies|organisations)|supported by|support from|contributors?"
                r"|other agencies|key partners|partners involved|in partnership with|working with"
            ),
            MEDIUM,
        ),
    ],
    "outcome": [
        (
            (
                r"outcomes?|expected outcomes?|intended outcomes?|success (?:measures?|criteria|indicators?)"
                r"|measures?(?: of success)?|performance measures?|impact|kpis?|key performance indicators?"
                r"|indicators?|outputs?|output/outcome measurement|targets?|how will we know|evidence|results?"
                r"|deliverable outcomes?"
            ),
            MEDIUM,
        ),
    ],
    "timescale": [
        (
            (
                r"time ?scales?|time ?frames?|deadlines?|target dates?|due(?: date)?|by when|when|dates?"
                r"|completion(?: date)?|to be (?:achieved|completed) by|target completion(?: date)?|end date|start date"
                r"|milestones? dates?|review date|time line|timeline|schedule"
                r"|(?:date )?(?:to be )?completed by|complete by"
                r"|(?:delivery |financial |strategy |plan )?years?"
            ),
            MEDIUM,
        ),
    ],
    "status": [
        (
            (
                r"status|rag(?: rating| status)?|progress|update|progress (?:update|to date|report)|current position"
                r"|position|comments?|commentary|work to date|rating|red amber green"
                r"|done(?: y n)?|complete[d]?(?: y n)|achieved(?: y n)"
            ),
            MEDIUM,
        ),
    ],
}
#: phrases that take a header away from a role it would otherwise get
NOT: dict[str, str] = {
    "timescale": r"\bto date\b|\bup ?date\b",
    "status": r"\b(?:completed|complete|done|achieved) by\b",
    "partners": r"\blead partners?\b|\bpartnership\b",
    "activity": r"\bguidance\b|\brequirements?\b|\bexpectations?\b|\bstandards?\b|\bnew item\b|\baction status\b"
    r"|\b(?:owners?|leads?|responsible|officers?|led by|status|dates?|deadline|by when"
    r"|(?:completed|complete|done) by)$",
    "lead": r"\bpartners\b(?! lead)|\bsupported by\b|\bsupporting\b|\blead partners\b",
    "outcome": r"\bdates?\b|\btimescale",
    "theme": r"\bsub[- ]?",
}
#: a timescale header that says a date the action is done by: a single month or day there is the end only
DEADLINE_HEADER = re.compile(
    r"\b(?:by|by when|deadlines?|due|due dates?|target (?:completion )?dates?"
    r"|completion dates?|end dates?|complete by)$"
)
#: a timescale header that counts the plan's years ("Year", "Delivery year"): "1", "Yr 3" are its years
YEAR_HEADER = re.compile(r"\byears?$")
#: a status header that heads commentary ("Work to date"): only a rating or a few words there say the progress
NARRATIVE_HEADER = re.compile(r"\b(?:to date|update|updates|comments?|commentary|narrative|position|notes?)\b")
_COMPILED = {
    role: [(re.compile(rf"(?:^|\b)(?:{p})\b"), re.compile(rf"^(?:{p})\b"), w) for p, w in names]
    for role, names in NAMES.items()
}
_NOT = {role: re.compile(p) for role, p in NOT.items()}
_TAGS = re.compile(r"</?\w+[^>]*>|\*\*|__")
_SPLIT = re.compile(r"\s*(?:/|&|\band\b|\bor\b|\+)\s*")
MAX_HEADER = 80  # characters: a longer cell is prose, not a column header


def normalise(header: object) -> str:
    """A header cell as compared: markup removed, lower case, words separated by single spaces.

    >>> normalise("  <b>By When?</b> "), normalise("Lead Agency/\\nGroup:")
    ('by when', 'lead agency group')
    """
    text = _TAGS.sub(" ", str(header or "")).lower()
    return " ".join(re.sub(r"[^0-9a-z#]+", " ", text).split())


def _score(text: str, role: str) -> int:
    if role in _NOT and _NOT[role].search(text):
        return 0
    best = 0
    for anywhere, start, weight in _COMPILED[role]:
        if start.search(text):
            best = max(best, weight + 1)
        elif anywhere.search(text):
            best = max(best, weight)
    return best


def roles_of(header: object) -> tuple[tuple[str, int], ...]:
    """The roles a header cell names, best first, as ``(role, score)``; a header of two parts
    ("Timescale / Target") names the first part's role first. Empty for blank or prose cells."""
    raw = _TAGS.sub(" ", str(header or ""))
    whole = normalise(raw)
    if not whole or len(whole) > MAX_HEADER:
        return ()
    found: dict[str, int] = {}
    for role in ROLES:
        score = _score(whole, role)
        if score:
            found[role] = score
    if not found:
        return ()
    best = max(found.values())
    ranked = sorted(found.items(), key=lambda item: -item[1])
    parts = [normalise(p) for p in _SPLIT.split(raw.lower()) if normalise(p)]
    if len(parts) > 1:  # "Timescale/ Target": each part's own best role, in the header's order
        per_part = []
        for part in parts:
            scores = {role: _score(part, role) for role in ROLES}
            role, score = max(scores.items(), key=lambda item: item[1])
            if score and role not in [r for r, _ in per_part]:
                per_part.append((role, score))
        if len(per_part) > 1:
            first = per_part[0][0]
            # "Lead Officer / Agency", "Lead Agency/Group": every part says lead: one role
            if all(
                role == first or role not in ("partners", "outcome", "timescale", "status", "activity")
                for role, _ in per_part[1:]
            ):
                return ((first, max(s for r, s in per_part if r == first)),)
            return tuple(
                (role, score if i == 0 else min(score, MEDIUM - 1)) for i, (role, score) in enumerate(per_part)
            )
    return tuple((role, score) for role, score in ranked if score == best)


@dataclass(frozen=True)
class ColumnRole:
    """One column's role: ``index``, ``role`` (a :data:`ROLES` name or ``extra``), the header as
    written, and how the role was found (``name``, ``content``, ``override`` or ``second``: the
    second role of a two-role header)."""

    index: int
    role: str
    header: str
    evidence: str = "name"
    detail: str = ""

    def as_dict(self) -> dict:
        return {
            "index": self.index,
            "role": self.role,
            "header": self.header,
            "evidence": self.evidence,
            "detail": self.detail,
        }


def _header_text(cell: object) -> str:
    return " ".join(_TAGS.sub(" ", str(cell or "")).split())


def map_header(cells: Sequence[object], overrides: dict[str, str] | None = None) -> list[ColumnRole]:
    """The roles a header row gives its columns (before any column is read by its content).

    Each role goes to its best-scoring column (the first on a tie); ``overrides`` (role -> header
    text, compared normalised) win. A second role named by a two-role header is given only where
    no column has it. Columns without a role are not listed.
    """
    overrides = {role: normalise(text) for role, text in (overrides or {}).items()}
    taken: dict[str, ColumnRole] = {}
    by_column: dict[int, ColumnRole] = {}
    for role, wanted in overrides.items():
        for index, cell in enumerate(cells):
            if normalise(cell) == wanted and index not in by_column:
                taken[role] = by_column[index] = ColumnRole(
                    index, role, _header_text(cell), "override", f"--column {role}={_header_text(cell)}"
                )
                break
    candidates = []
    for index, cell in enumerate(cells):
        for rank, (role, score) in enumerate(roles_of(cell)):
            candidates.append((-score, rank, index, role))
    for _, rank, index, role in sorted(candidates):
        if rank > 0 or role in taken or index in by_column:
            continue
        taken[role] = by_column[index] = ColumnRole(index, role, _header_text(cells[index]))
    for _, rank, index, role in sorted(candidates):  # second roles of two-role headers
        if rank > 0 and role not in taken:
            taken[role] = ColumnRole(index, role, _header_text(cells[index]), "second", f"the header also names {role}")
    return sorted(taken.values(), key=lambda c: (c.index, c.role))


def header_score(cells: Sequence[object]) -> float:
    """How much a row looks like a plan's column header: 0 when it cannot be one (no activity
    column and fewer than three roles, or only one cell); else the roles named, weighted.

    >>> header_score(["Ref No", "Objective", "Action", "Delivery Led By", "Outcomes", "Status"]) > header_score(
    ...     ["Action Status:", "Action Not Resourced", "Action Overdue", "Action Complete"])
    True
    """
    filled = [c for c in cells if _header_text(c)]
    if len(filled) < 2:
        return 0.0
    found = map_header(cells)
    roles = {c.role for c in found}
    if "activity" not in roles and len(roles & set(EVIDENCE_ROLES)) < 3:
        return 0.0
    if not roles & set(EVIDENCE_ROLES):
        return 0.0
    prose = sum(1 for c in filled if len(_header_text(c)) > MAX_HEADER)
    named = sum(1 for c in filled if roles_of(c))
    return len(roles) * 2 + named / len(filled) - prose * 3


def is_header(cells: Sequence[object]) -> bool:
    """True when the row could be a plan's column header (:func:`header_score` above 0)."""
    return header_score(cells) > 0


@dataclass
class ColumnMap:
    """The roles of a plan's columns: ``roles`` role -> column index, ``columns`` every column
    with content (role, header, evidence), ``warnings`` ``(code, message)`` about them."""

    columns: list[ColumnRole] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)

    @property
    def roles(self) -> dict[str, int]:
        return {c.role: c.index for c in self.columns if c.role != "extra"}

    @property
    def extras(self) -> dict[int, str]:
        return {c.index: c.header for c in self.columns if c.role == "extra"}


# --- columns by their content -------------------------------------------------------------------


class Row(Protocol):
    """What column mapping needs of a source row (:class:`partnermap.ingest.rows.SourceRow`)."""

    cells: list
    role: str | None

    @property
    def values(self) -> list[str]: ...


_WORDY = 8  # words: a cell longer than this reads as a sentence
_NOTE_AFTER = re.compile(r"\s+[-–—]\s+.*$", re.DOTALL)  # a note after a spaced dash
_REF_CELL = re.compile(r"^\s*(\d{1,2})(?:[.]\d{1,3})*[a-z]?[.)]?\s*$", re.IGNORECASE)


def looks_like_ref(value: str) -> bool:
    """A row number as plans write them: "3", "2.1", "1.2.3", "4a", "5)".

    >>> [looks_like_ref(v) for v in ("2.1", "4a", "12)", "Train staff")]
    [True, True, True, False]
    """
    return bool(_REF_CELL.match(value))


def content_role(values: list[str], taken: set[str], directory: OrgDirectory) -> tuple[str, str] | None:
    """The role a column's cells show (ref, timescale, lead or activity), with why; None if none.

    >>> content_role(["1.1", "1.2", "2.1"], set(), OrgDirectory())[0]
    'ref'
    >>> content_role(["Community Safety Team", "Prevent Lead"], set(), OrgDirectory())[0]
    'lead'
    """
    if not values:
        return None
    n = len(values)
    sample = ", ".join(repr(v[:30]) for v in values[:3])
    if sum(looks_like_ref(v) for v in values) >= 0.8 * n and "ref" not in taken:
        return "ref", f"its cells are row numbers ({sample})"
    if "timescale" not in taken:
        dated = sum(
            1
            for v in values
            if len(v) <= 60 and (t := parse_timescale(v)).parsed and (t.start or t.end or t.ongoing or t.achieved)
        )
        if dated >= 0.6 * n:
            return "timescale", f"its cells read as timescales ({sample})"
    if "lead" not in taken:
        names = [_NOTE_AFTER.sub("", v) for v in values]  # "Youth Service – to lead": the names only
        orgs = sum(
            1
            for v in names
            if len(v.split()) <= _WORDY
            and (any(directory.recognises(o.name) for o in directory.split(v)) or looks_like_org(v))
        )
        if orgs >= 0.6 * n:
            return "lead", f"its cells name organisations or roles ({sample})"
    if "activity" not in taken and sum(len(v.split()) > _WORDY for v in values) >= 0.6 * n:
        return "activity", f"its cells are sentences ({sample})"
    return None


def column_map(
    header: Row, body: Sequence[Row], directory: OrgDirectory, overrides: dict[str, str] | None = None
) -> ColumnMap:
    """Every column's role: by its header (:func:`map_header`), by its content
    (:func:`content_role`) where the header is blank or names nothing, else an extra field kept on
    each activity under its header."""
    named = map_header(header.cells, overrides)
    width = max([len(header.cells)] + [len(r.cells) for r in body[:2000]])
    by_index: dict[int, list[ColumnRole]] = {}
    for c in named:
        by_index.setdefault(c.index, []).append(c)
    result = ColumnMap()
    taken = {c.role for c in named}
    data_rows = [r for r in body if r.role is None]
    for index in range(width):
        if index in by_index:
            result.columns.extend(by_index[index])
            continue
        # only a column its header does not name is judged by its content
        values = [r.values[index] for r in data_rows if index < len(r.values) and r.values[index]]
        written = header.values[index] if index < len(header.values) else ""
        if not values:
            continue
        found = content_role(values, taken, directory)
        label = f"column {index + 1}" + (f" ({written!r})" if written else " (no header)")
        if found is not None and (not written or found[0] != "activity"):
            role, why = found
            taken.add(role)
            result.columns.append(ColumnRole(index, role, written, "content", why))
            result.warnings.append(("column_inferred", f"{label} is read as the {role}: {why}"))
        else:
            result.columns.append(
                ColumnRole(
                    index,
                    "extra",
                    written or f"column {index + 1}",
                    "name" if written else "content",
                    "kept on each activity as an extra field",
                )
            )
    result.columns.sort(key=lambda c: (c.index, c.role))
    return result


def demote(cmap: ColumnMap, role: str, header: str, detail: str) -> ColumnMap:
    """``cmap`` with the column of ``role`` kept as an extra field under ``header`` (why: ``detail``)."""
    return ColumnMap(
        [
            replace(c, role="extra", header=header, evidence="content", detail=detail) if c.role == role else c
            for c in cmap.columns
        ],
        list(cmap.warnings),
    )
