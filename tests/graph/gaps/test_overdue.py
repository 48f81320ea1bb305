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
    {"text": "Achieved", "timescale": Timescale("Achieved 2017", achieved=True, start=date(2017, 1, 1),
                                                end=date(2017, 12, 31))},
    {"text": "Complete by status", "timescale": month("Feb 2018", 2018, 2), "status": "Complete"},
    {"text": "Ongoing after a first window", "timescale": Timescale(
        "Jan-Feb 2018 Ongoing", start=date(2018, 1, 1), end=date(2018, 2, 28), ongoing=True)},
    {"text": "Open ended", "timescale": Timescale("From Sept 2017", start=date(2017, 9, 1))},
    {"text": "No timescale"},
]


def test_overdue_only_for_closed_windows_not_achieved():
    gaps = overdue(graph_of(("a", ROWS)), as_of=date(2018, 7, 1))
    assert subjects(gaps) == ["Activity:a:1", "Activity:a:2"]
    first = gaps[0]
    assert (first.kind, first.label, first.severity) == ("overdue", "Closed window", "high")
    assert first.detail == ('The timescale "Jan-Mar 2018" ended on 31 March 2018, before 1 July 2018, and the '
                            "activity is not marked achieved.")
    assert first.evidence == [{"activity": "Activity:a:1", "source": "a.txt", "line": 2}]


@pytest.mark.parametrize("as_of, expected", [
    (date(2018, 3, 31), []), (date(2018, 4, 1), ["Activity:a:1"]), (date(2018, 6, 30), ["Activity:a:1"]),
    (date(2019, 1, 1), ["Activity:a:1", "Activity:a:2", "Activity:a:3"]),
])
def test_the_report_date_decides(as_of, expected):
    assert subjects(overdue(graph_of(("a", ROWS)), as_of=as_of)) == expected
