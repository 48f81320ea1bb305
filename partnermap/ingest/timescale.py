"""Parse a plan's timescale cell into a :class:`~partnermap.model.Timescale`.

Conventions
-----------
* A month means the whole month ("Oct 2018" is 1-31 October 2018); a year the whole year.
* Dates written with numbers are UK day-first: ``01/04/2019`` is 1 April 2019 (ISO
  ``2019-04-01`` is read too).
* Two-digit years are 20YY ("Oct-Dec 18", "Mar-25").
* UK financial years run April to March: "2019/20", "2019-20" and "FY 2019/20" are
  1 April 2019 - 31 March 2020; their quarters are Q1 April-June ... Q4 January-March
  ("Q3 2019/20" is October-December 2019). A quarter of a plain year is a calendar quarter.
* Seasons: spring March-May, summer June-August, autumn September-November, winter December to
  February. School terms: autumn September-December, spring January-March, summer April-July;
  a term of an academic year ("Spring term 2024/25") falls in the year it is taught (2025).
* A year-less month takes the year of the next dated part ("Oct-Dec 2018"), moving back a year
  when it would otherwise come after it ("Nov-Feb 2019" starts in November 2018).
* Ranges use ``-``, ``–``, ``to``, ``until`` or ``/`` between months ("Sept/ Oct 2018").
  "From X" (or "X onwards") has a start and no end; "By X" an end and no start. Several dated
  parts joined by "and" or commas are milestones (their end dates), spanning first to last.
* "Ongoing" sets ``ongoing``; "Achieved", "Complete(d)" or "Done" set ``achieved`` (with any
  dates given: "Achieved 2017", "Completed March 2019"); but "Complete by 31 Jan 2026", "To be
  completed by", "Due (by)" are deadlines: an end date, not a completion;
* Timescales relative to something the cell does not date ("within six months of the plan's
  start", "Year 2") set ``relative``: understood, kept as relative, never guessed into dates;
  "Quarterly", "Monthly", "Annual" ... set ``recurring``;
  "TBC", "TBA", "To be confirmed/agreed" with no dates set ``unscheduled``.
* Text with none of these is not parsed (``parsed`` False): the reader warns
  ``unparsed_timescale``.

>>> t = parse_timescale("Oct- Dec 2018")
>>> t.start, t.end
(datetime.date(2018, 10, 1), datetime.date(2018, 12, 31))
>>> parse_timescale("Q3 2019/20").start
datetime.date(2019, 10, 1)
>>> parse_timescale("Sept 2017 and March 2018").milestones
[datetime.date(2017, 9, 30), datetime.date(2018, 3, 31)]
>>> parse_timescale("When funding allows").parsed
False
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from partnermap.model import Timescale

MONTHS = {
    "jan": 1,
    "january": 1,
    "feb": 2,
    "febr": 2,
    "february": 2,
    "mar": 3,
    "march": 3,
    "apr": 4,
    "april": 4,
    "may": 5,
    "jun": 6,
    "june": 6,
    "jul": 7,
    "july": 7,
    "aug": 8,
    "august": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "oct": 10,
    "october": 10,
    "nov": 11,
    "november": 11,
    "dec": 12,
    "december": 12,
}
SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}
TERMS = {"autumn": (9, 12), "fall": (9, 12), "spring": (1, 3), "summer": (4, 7)}
RECURRING = {
    "weekly": "weekly",
    "fortnightly": "fortnightly",
    "monthly": "monthly",
    "bi-monthly": "bi-monthly",
    "quarterly": "quarterly",
    "termly": "termly",
    "half-termly": "half-termly",
    "bi-annually": "twice yearly",
    "biannually": "twice yearly",
    "six-monthly": "twice yearly",
    "annually": "annual",
    "annual": "annual",
    "yearly": "annual",
    "every year": "annual",
    "every month": "monthly",
    "every quarter": "quarterly",
    "every term": "termly",
}

_MONTH = r"(?P<{}>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR2 = r"(?:(?:19|20)\d{2}|'?\d{2})"
_TOKENS = [
    ("iso", r"(?P<iy>(?:19|20)\d{2})-(?P<im>\d{1,2})-(?P<id>\d{1,2})\b"),
    ("dmy", r"(?P<dd>\d{1,2})[/.](?P<dm>\d{1,2})[/.](?P<dy>(?:19|20)?\d{2})\b"),
    ("daymonth", r"(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH.format("m2") + r",?\s*(?P<y2>(?:19|20)\d{2})?\b"),
    ("quarter", r"q(?P<q>[1-4])\s*(?:of\s+)?(?:fy\s*)?(?P<qy>(?:19|20)\d{2})(?:\s*[/-]\s*(?P<qy2>\d{2,4}))?\b"),
    (
        "season",
        r"(?P<season>spring|summer|autumn|fall|winter)(?P<term>\s+term)?(?:\s+(?P<sy>(?:19|20)\d{2})"
        r"(?:\s*[/-]\s*(?P<sy2>\d{2,4}))?)?\b",
    ),
    ("fy", r"(?:fy\s*|financial\s+year\s+)?(?P<fy>(?:19|20)\d{2})\s*[/-]\s*(?P<fy2>(?:19|20)?\d{2})\b"),
    ("month", _MONTH.format("m") + r"(?:[\s\-']*(?P<my>" + _YEAR2 + r")(?![\d/]))?\b"),
    ("year", r"(?P<y>(?:19|20)\d{2})\b"),
    (
        "relative",
        r"\bwithin\s+(?:[\w-]+\s+){1,3}(?:of|from|after)\b|\b[\w-]+\s+(?:days?|weeks?|months?|years?)\s+"
        r"(?:after|from|of|following)\b|\b(?:year|phase|stage)\s+(?:one|two|three|four|five|[1-5])\b"
        r"|\b(?:first|second|third|fourth|final|last)\s+(?:year|quarter|month|six months|phase)s?\s+of\b",
    ),
    (
        "deadline",
        r"\b(?:to be\s+)?(?:complete[d]?|achieved|delivered|finished|done|in place|agreed|implemented)\s+"
        r"(?:by|before|no later than)\b|\bdue(?:\s+(?:by|date|in|for))?\b",
    ),
    ("unscheduled", r"\b(?:tbc|tba|tbd|to be (?:confirmed|agreed|arranged|determined|decided|scheduled))\b"),
    ("ongoing", r"\b(?:ongoing|on-going|continuous|continuing|continual|rolling)\b"),
    ("achieved", r"\b(?:achieved|complete|completed|done)\b"),
    ("recurring", r"\b(?:" + "|".join(re.escape(k) for k in sorted(RECURRING, key=len, reverse=True)) + r")\b"),
    ("from", r"\b(?:from|starting|start(?:s|ing)? in|commencing|beginning)\b"),
    ("onwards", r"\b(?:onwards?)\b"),
    ("by", r"\b(?:by|before|until|till|no later than|end of|deadline)\b"),
    ("range", r"-|\bto\b|\bthrough\b|/"),
    ("list", r"\band\b|&|,|;|\+"),
]
_RECURRING = re.compile(dict(_TOKENS)["recurring"], re.IGNORECASE)
_SCANNER = re.compile("|".join(f"(?P<_{name}>{pattern})" for name, pattern in _TOKENS), re.IGNORECASE)


@dataclass
class _Part:
    """A dated part before year inheritance: ``month`` set when the year may still be missing."""

    start: date | None
    end: date | None
    month: int | None = None  # a year-less (or yeared) month
    year: int | None = None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _year(text: str | None) -> int | None:
    if not text:
        return None
    digits = text.strip("'")
    return int(digits) if len(digits) == 4 else 2000 + int(digits)


def _second_year(first: int, second: str) -> int:
    """The end year of "2019/20" or "2019/2020"."""
    return int(second) if len(second) == 4 else first - first % 100 + int(second)


def _months(year: int, first: int, last: int) -> tuple[date, date]:
    """The span from month ``first`` to month ``last`` (of the next year if it wraps)."""
    return date(year, first, 1), _month_end(year + (1 if last < first else 0), last)


def _is_fy(first: int, second: str) -> bool:
    return _second_year(first, second) == first + 1


def _part(kind: str, m: re.Match) -> _Part | None:
    g = m.groupdict()
    if kind == "iso":
        return _day(int(g["iy"]), int(g["im"]), int(g["id"]))
    if kind == "dmy":
        return _day(_year(g["dy"]), int(g["dm"]), int(g["dd"]))
    if kind == "daymonth":
        month = MONTHS[g["m2"].lower()]
        if g["y2"]:
            return _day(int(g["y2"]), month, int(g["d2"]))
        return _Part(None, None, month=month)
    if kind == "quarter":
        year, q = int(g["qy"]), int(g["q"])
        if g["qy2"] and _is_fy(year, g["qy2"]):  # financial-year quarter
            first = 4 + 3 * (q - 1)
            year += first // 13
            first = (first - 1) % 12 + 1
        else:
            first = 1 + 3 * (q - 1)
        return _Part(*_months(year, first, first + 2))
    if kind == "season":
        if not g["sy"]:
            return None
        year, name = int(g["sy"]), g["season"].lower()
        if g["term"]:
            first, last = TERMS[name]
            if g["sy2"] and first < 9:  # spring/summer term of an academic year
                year = _second_year(year, g["sy2"])
            return _Part(*_months(year, first, last))
        return _Part(*_months(year, *SEASONS[name]))
    if kind == "fy":
        first = int(g["fy"])
        if _is_fy(first, g["fy2"]):
            return _Part(date(first, 4, 1), date(first + 1, 3, 31))
        last = _second_year(first, g["fy2"])
        return _Part(date(first, 1, 1), date(last, 12, 31)) if last > first else None
    if kind == "month":
        year = _year(g["my"])
        month = MONTHS[g["m"].lower()]
        if year is None:
            return _Part(None, None, month=month)
        return _Part(date(year, month, 1), _month_end(year, month), month=month, year=year)
    if kind == "year":
        year = int(g["y"])
        return _Part(date(year, 1, 1), date(year, 12, 31), year=year)
    return None


def _day(year: int | None, month: int, day: int) -> _Part | None:
    try:
        d = date(year, month, day)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return _Part(d, d)


def _tokens(text: str) -> list[tuple[str, _Part | None]]:
    """The recognised words and dated parts of ``text``, in order (other words are skipped)."""
    tokens = []
    for m in _SCANNER.finditer(text):
        kind = next(name for name, _ in _TOKENS if m.group(f"_{name}") is not None)
        tokens.append((kind, _part(kind, m) if kind in _DATED else None))
    return [(k, p) for k, p in tokens if k not in _DATED or p is not None]


_DATED = {"iso", "dmy", "daymonth", "quarter", "season", "fy", "month", "year"}


def _fill_years(parts: list[_Part]) -> None:
    """Give year-less months the year of the next dated part (else the previous one)."""
    for i, part in enumerate(parts):
        if part.start is not None:
            continue
        after = next((p for p in parts[i + 1 :] if p.start is not None), None)
        before = next((p for p in reversed(parts[:i]) if p.start is not None), None)
        if after is not None:
            year = after.start.year
            if part.month > after.start.month:
                year -= 1
        elif before is not None:
            year = before.end.year
            if part.month < before.end.month:
                year += 1
        else:
            continue
        part.start, part.end = date(year, part.month, 1), _month_end(year, part.month)


def _spans(tokens: list[tuple[str, _Part | None]]) -> tuple[list[tuple[date, date]], bool, bool]:
    """Dated spans (ranges joined), and whether "from"/"by" qualified them."""
    _fill_years([p for k, p in tokens if k in _DATED])
    spans: list[tuple[date, date]] = []
    opened = closed = False
    i = 0
    while i < len(tokens):
        kind, part = tokens[i]
        if kind == "from" and not spans:
            opened = True
        elif kind in ("by", "deadline") and not spans:
            closed = True
        elif kind == "onwards" and spans:
            opened = True
        elif kind in _DATED and part.start is not None:
            start, end = part.start, part.end
            while (
                i + 2 < len(tokens)
                and tokens[i + 1][0] in ("range", "by")
                and tokens[i + 2][0] in _DATED
                and tokens[i + 2][1].start is not None
            ):
                end = max(end, tokens[i + 2][1].end)
                i += 2
            spans.append((start, end))
        i += 1
    return spans, opened, closed


def parse_timescale(value: str | date | datetime | None) -> Timescale:
    """Parse a timescale cell (text, or a date from a spreadsheet); see the module docstring."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return Timescale(text=value.isoformat(), start=value, end=value)
    parsed = _parse_text(" ".join(str(value or "").split()))
    copy = Timescale.__new__(Timescale)  # a copy (callers may change it), without replace()'s cost
    copy.__dict__.update(parsed.__dict__)
    copy.milestones = list(parsed.milestones)
    return copy


@lru_cache(maxsize=8192)
def _parse_text(text: str) -> Timescale:
    """Parse collapsed text (cached: plans repeat the same timescales; callers get copies)."""
    normal = text.replace("\u2013", "-").replace("\u2014", "-").replace("\u2019", "'")
    tokens = _tokens(normal)
    kinds = {k for k, _ in tokens}
    spans, opened, closed = _spans(tokens)
    found = _RECURRING.search(normal)
    recurring = RECURRING[found.group(0).lower()] if found else None
    ts = Timescale(
        text=text,
        ongoing="ongoing" in kinds,
        achieved="achieved" in kinds,
        recurring=recurring,
        relative="relative" in kinds,
    )
    if spans:
        ts.start = None if closed else spans[0][0]
        ts.end = None if opened else max(end for _, end in spans)
        if len(spans) > 1:
            ts.milestones = sorted(end for _, end in spans)
    ts.relative = ts.relative and not spans
    ts.unscheduled = "unscheduled" in kinds and not spans and not ts.ongoing and not recurring and not ts.relative
    ts.parsed = bool(spans or ts.ongoing or ts.achieved or recurring or ts.unscheduled or ts.relative)
    return ts


_DATE_FORMS = (
    re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"),
    re.compile(r"(?P<d>\d{1,2})[/.\-](?P<m>\d{1,2})[/.\-](?P<y>\d{4}|\d{2})"),
    re.compile(r"(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?P<mn>[a-z]+)\.?,?\s+(?P<y>\d{4})", re.IGNORECASE),
    re.compile(r"(?P<mn>[a-z]+)\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})", re.IGNORECASE),
)


def parse_date(text: str) -> date:
    """One calendar day, as people write it in the UK: ISO ``2018-03-31``, day-first ``31/03/2018``
    (or ``31.03.18``), ``31 March 2018``, ``31st Mar 2018``; raises ValueError otherwise.

    >>> parse_date("31/03/2018"), parse_date("1 March 2018"), parse_date("2018-07-01")
    (datetime.date(2018, 3, 31), datetime.date(2018, 3, 1), datetime.date(2018, 7, 1))
    >>> parse_date("03/31/2018")
    Traceback (most recent call last):
    ValueError: not a date: '03/31/2018'
    """
    written = " ".join(str(text).split())
    for form in _DATE_FORMS:
        m = form.fullmatch(written)
        if not m:
            continue
        parts = m.groupdict()
        month = MONTHS.get(parts["mn"].lower()) if parts.get("mn") else int(parts["m"])
        year = int(parts["y"]) + (2000 if len(parts["y"]) == 2 else 0)
        try:
            if month is not None:
                return date(year, month, int(parts["d"]))
        except ValueError:
            break
    raise ValueError(f"not a date: {text!r}")


# --- strategy years: "Year 1", "Yr 3", "1" in a Year column of a plan whose title gives its period

_PERIOD = re.compile(
    r"\b((?:19|20)\d{2})(?:\s*/\s*\d{2})?\s*(?:-|–|—|to|until)\s*((?:19|20)?\d{2})(?:\s*/\s*\d{2})?\b", re.IGNORECASE
)
_STRATEGY_YEAR = re.compile(
    r"^(?:(?:years?|yrs?)\.?\s*)?(\d{1,2})(?:\s*(?:-|–|to|&|and)\s*(?:(?:year|yr)s?\.?\s*)?"
    r"(\d{1,2}))?$",
    re.IGNORECASE,
)
_WORDED_YEAR = re.compile(r"^(?:years?|yrs?)\.?\s*\d", re.IGNORECASE)
MAX_STRATEGY_YEARS = 10  # a "Year 12" is not a year of a strategy


def plan_period(text: str | None) -> tuple[int, int] | None:
    """The years a plan's title says it covers, as (first, last) calendar years of its start:
    "Serious Violence Strategy 2023-26" -> (2023, 2026); None when the title gives none.

    >>> plan_period("Serious Violence Strategy 2023-26"), plan_period("Plan 2019/20 to 2021/22"), plan_period("Plan")
    ((2023, 2026), (2019, 2021), None)
    """
    m = _PERIOD.search(text or "")
    if not m:
        return None
    first, second = int(m.group(1)), m.group(2)
    last = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
    return (first, last) if 0 < last - first <= MAX_STRATEGY_YEARS else None


def strategy_year(text: str, period: tuple[int, int] | None, *, year_column: bool = False) -> Timescale | None:
    """A timescale cell that counts the years of the plan ("Year 2", "Yr 3", "Years 1-3"; a bare
    "1" only in a column headed "Year"): the financial year(s) it is (year 1 = April of the
    period's first year to March), or, when the plan does not give its period, relative (kept as
    written, never guessed). None when the cell is not a strategy year.

    >>> t = strategy_year("Yr 3", (2023, 2026)); (t.start, t.end)
    (datetime.date(2025, 4, 1), datetime.date(2026, 3, 31))
    >>> strategy_year("1", None, year_column=True).relative, strategy_year("1", (2023, 2026)) is None
    (True, True)
    """
    written = " ".join(str(text or "").split())
    m = _STRATEGY_YEAR.match(written)
    if not m or not (year_column or _WORDED_YEAR.match(written)):
        return None
    first, last = int(m.group(1)), int(m.group(2) or m.group(1))
    if not 1 <= first <= last <= MAX_STRATEGY_YEARS:
        return None
    if period is None:
        return Timescale(text=written, relative=True)
    start = period[0] + first - 1
    return Timescale(text=written, start=date(start, 4, 1), end=date(period[0] + last, 3, 31))
