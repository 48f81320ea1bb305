"""missing_field, unparsed_timescale and open_ended_timescale."""

from __future__ import annotations

from datetime import date

from partnermap.graph.gaps.fields import missing_field, open_ended_timescale, unparsed_timescale
from partnermap.model import Timescale
from tests.graph.gaps import graph_of, month, subjects

MDC = ["Bradford MDC"]
ROWS = [
    {"text": "Complete", "leads": MDC, "outcome": "Done", "timescale": month("Oct 2018", 2018, 10)},
    {"text": "No lead", "outcome": "Done", "timescale": month("Oct 2018", 2018, 10)},
    {"text": "No outcome or timescale", "leads": MDC},
    {"text": "To be confirmed", "leads": MDC, "outcome": "Done", "timescale": Timescale("TBC", unscheduled=True)},
    {"text": "Unreadable", "leads": MDC, "outcome": "Done", "timescale": Timescale("When funds allow", parsed=False)},
    {"text": "Ongoing", "leads": MDC, "outcome": "Done", "timescale": Timescale("Ongoing", ongoing=True)},
    {"text": "From", "leads": MDC, "outcome": "Done", "timescale": Timescale("From Sept 2017", start=date(2017, 9, 1))},
    {"text": "Achieved", "leads": MDC, "outcome": "Done", "timescale": Timescale("Achieved", achieved=True)},
    {
        "text": "Done by status",
        "leads": MDC,
        "outcome": "Done",
        "timescale": Timescale("Ongoing", ongoing=True),
        "status": "Complete",
    },
]


def test_missing_fields_one_gap_per_activity():
    gaps = missing_field(graph_of(("a", ROWS)))
    assert [(g.subject, g.severity, g.detail) for g in gaps] == [
        ("Activity:a:2", "high", "The activity has no lead."),
        ("Activity:a:3", "medium", "The activity has no outcome and no timescale."),
        ("Activity:a:4", "medium", 'The activity has only "TBC" as its timescale.'),
    ]
    assert gaps[0].label == "No lead"
    assert gaps[0].evidence == [{"activity": "Activity:a:2", "source": "a.txt", "line": 3}]


def test_unparsed_timescales():
    (gap,) = unparsed_timescale(graph_of(("a", ROWS)))
    assert (gap.subject, gap.severity) == ("Activity:a:5", "medium")
    assert gap.detail == 'The timescale "When funds allow" could not be read as dates.'


def test_open_ended_timescales_not_achieved():
    gaps = open_ended_timescale(graph_of(("a", ROWS)))
    assert subjects(gaps) == ["Activity:a:6", "Activity:a:7"]
    assert {g.severity for g in gaps} == {"low"}
    assert gaps[1].detail == 'The timescale "From Sept 2017" sets no end date to check progress against.'
