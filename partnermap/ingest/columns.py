"""Recognise a plan's column headers: the many ways plans name the same column.

Each canonical field has a pattern of synonyms, tried in a fixed order so that, for example,
"Target date" is a timescale (not an outcome) and "Action owner" a lead (not an activity).

>>> map_header(["Activities", "Lead Officer/Organisations", "Expected Outcomes", "Timescales"])
{'activity': 0, 'lead': 1, 'outcome': 2, 'timescale': 3}
>>> map_header(["Ref", "Action", "Owner", "Supporting partners", "Success measure", "By when", "RAG"])
{'activity': 1, 'lead': 2, 'partners': 3, 'outcome': 4, 'timescale': 5, 'status': 6}
"""

from __future__ import annotations

import re
from collections.abc import Sequence

FIELDS = ("theme", "activity", "lead", "partners", "outcome", "timescale", "status")

#: field -> synonyms (regular expressions on the lower-cased header, words separated by spaces);
#: tried in this order, each header cell taking the first field it matches
SYNONYMS: dict[str, str] = {
    "timescale": r"\btime ?scales?\b|\btime ?frames?\b|\bdeadlines?\b|\btarget dates?\b|\bdue\b|\bby when\b|"
                 r"\bdates?\b|\bwhen\b|\bcompletion\b",
    "partners": r"\bpartners?\b|\bsupporting\b|\bsupported by\b|\bcontributors?\b|\bother agencies\b",
    "status": r"\bstatus\b|\brag\b|\bprogress\b|\bupdate\b",
    "lead": r"\bleads?\b|\blead agency\b|\blead officer\b|\bowners?\b|\bresponsib\w*|\borganisations?\b|"
            r"\borganizations?\b|\bwho\b|\baccountable\b|\bled by\b|\bagency\b",
    "outcome": r"\boutcomes?\b|\bmeasures?\b|\bsuccess\b|\bimpact\b|\boutputs?\b|\bkpis?\b|\bindicators?\b",
    "theme": r"\bthemes?\b|\bpriority\b|\bpriorities\b|\bobjectives?\b|\bstrands?\b|\bworkstreams?\b",
    "activity": r"\bactivit(?:y|ies)\b|\bactions?\b|\btasks?\b|\bwhat\b|\bdescription\b|\binterventions?\b|"
                r"\bdeliverables?\b",
}
_COMPILED = {name: re.compile(pattern) for name, pattern in SYNONYMS.items()}
EXPECTED = "an activity column (Activity/Action/Task) and at least one of lead, outcome, timescale"
_TAGS = re.compile(r"</?\w+[^>]*>|\*\*|__")


def normalise(header: object) -> str:
    """A header cell as compared: markup removed, lower case, words separated by single spaces."""
    text = _TAGS.sub(" ", str(header or "")).lower()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


def field_of(header: object) -> str | None:
    """The canonical field a header cell names, if any."""
    text = normalise(header)
    if not text or len(text) > 60:
        return None
    return next((name for name, rx in _COMPILED.items() if rx.search(text)), None)


def map_header(cells: Sequence[object]) -> dict[str, int]:
    """Field -> column index for a header row (the first column naming a field wins)."""
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        name = field_of(cell)
        if name is not None and name not in found:
            found[name] = index
    return dict(sorted(found.items(), key=lambda item: item[1]))


def is_header(cells: Sequence[object]) -> bool:
    """A row is a column header when it names an activity column and at least one other field."""
    found = map_header(cells)
    return "activity" in found and len(set(found) & {"lead", "outcome", "timescale", "partners"}) >= 1
