"""overdue: the window closed before as_of and the activity is not achieved (nor ongoing)."""

from __future__ import annotations

from datetime import date

import pytest

from partnermap.graph.gaps.overdue import overdue
from partnermap.model import Timescale
from tests.graph.gaps import graph_of, month, subjects

ROWS = [
    {"text": "Closed window", "timescale": month("Jan-Mar 2018", 2018, 1, 3)},
    {"text": "Ends in June", "timescale": month("June 2018", 2018, 6)},
    {"text": "Later window", "timescale": month("Oct-Dec 2018", 2018, 10, 12)},
    {
        "text": "Achieved",
        "timescale": Timescale("Achieved 2017", achieved=True, start=date(2017, 1, 1), end=date(2017, 12, 31)),
    },
    {"text": "Complete by status", "timescale": month("Feb 2018", 2018, 2), "status": "Complete"},
    {
        "text": "Ongoing after a first window",
        "timescale": Timescale("Jan-Feb 2018 Ongoing", start=date(2018, 1, 1), end=date(2018, 2, 28), ongoing=True),
    },
    {"text": "Open ended", "timescale": Timescale("From Sept 2017", start=date(2017, 9, 1))},
    {"text": "No timescale"},
]


def test_overdue_only_for_closed_windows_not_achieved():
    gaps = overdue(graph_of(("a", ROWS)), as_of=date(2018, 7, 1))
    assert subjects(gaps) == ["Activity:a:1", "Activity:a:2"]
    first = gaps[0]
    assert (first.kind, first.label, first.severity) == ("overdue", "Closed window", "medium")
    assert first.detail == (
        'The timescale "Jan-Mar 2018" ended on 31 March 2018, before 1 July 2018; the plan records no progress for it.'
    )
    assert first.evidence == [{"activity": "Activity:a:1", "source": "a.txt", "line": 2}]


@pytest.mark.parametrize(
    "as_of, expected",
    [
        (date(2018, 3, 31), []),
        (date(2018, 4, 1), ["Activity:a:1"]),
        (date(2018, 6, 30), ["Activity:a:1"]),
        (date(2019, 1, 1), ["Activity:a:1", "Activity:a:2", "Activity:a:3"]),
    ],
)
def test_the_report_date_decides(as_of, expected):
    assert subjects(overdue(graph_of(("a", ROWS)), as_of=as_of)) == expected


@pytest.mark.parametrize(
    "status, severity, words",
    [
        ("Red", "high", 'and its status is "Red" (off track).'),
        ("Amber - funding late", "high", 'and its status is "Amber - funding late" (at risk).'),
        ("Not started", "high", 'and its status is "Not started" (not started).'),
        ("Green", "medium", 'its status was "Green" (on track) as of the plan, which does not record it as complete.'),
        ("See note", "medium", 'its status, "See note", does not say it is complete.'),
        (None, "medium", "the plan records no progress for it."),
    ],
)
def test_severity_follows_the_status_past_the_date(status, severity, words):
    (gap,) = overdue(
        graph_of(("a", [{"text": "Train", "timescale": month("Jan 2018", 2018, 1), "status": status}])),
        as_of=date(2018, 7, 1),
    )
    assert gap.severity == severity and gap.detail.endswith(words)


@pytest.mark.parametrize("status", ["Blue", "Complete", "Achieved"])
def test_complete_is_never_overdue(status):
    rows = [{"text": "Train", "timescale": month("Jan 2018", 2018, 1), "status": status}]
    assert overdue(graph_of(("a", rows)), as_of=date(2018, 7, 1)) == []
