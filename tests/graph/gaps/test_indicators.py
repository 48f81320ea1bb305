"""outcome_without_indicator: per activity, aggregated per plan when the finding repeats."""

from __future__ import annotations

import pytest

from partnermap.graph.gaps.indicators import has_indicator, outcome_without_indicator
from tests.graph.gaps import graph_of, subjects


@pytest.mark.parametrize(
    "text, measurable",
    [
        ("200 staff trained", True),
        ("Referrals up 10%", True),
        ("Ten per cent more referrals", True),
        ("Strategy agreed by March", True),
        ("Reviewed in Q3", True),
        ("Greater resilience", False),
        ("Children in Key Stage one and two are more aware", False),
        ("Partners may share more", False),
    ],
)
def test_measurable_targets(text, measurable):
    assert has_indicator(text) is measurable


ROWS = [
    {"text": "Train staff", "outcome": "Greater resilience"},
    {"text": "Brief members", "outcome": "90% of members briefed by June 2019"},
    {"text": "Write the plan"},  # no outcome: that is missing_field, not this
    {"text": "Engage communities", "outcome": "Communities feel heard", "line": 12},
]


def test_one_gap_per_activity_below_the_aggregation_threshold():
    gaps = outcome_without_indicator(graph_of(("a", ROWS)))
    assert subjects(gaps) == ["Activity:a:1", "Activity:a:4"]
    assert (gaps[1].label, gaps[1].severity) == ("Engage communities", "low")
    assert gaps[1].detail == (
        'The outcome "Communities feel heard" has no measurable target (a number, percentage, count or date).'
    )
    assert gaps[1].evidence == [{"activity": "Activity:a:4", "source": "a.txt", "line": 12}]


def test_the_same_finding_across_many_activities_is_one_gap_per_plan():
    gaps = outcome_without_indicator(graph_of(("a", ROWS), ("b", ROWS[:1])), aggregate_at=2)
    assert subjects(gaps) == ["a", "Activity:b:1"]
    assert gaps[0].label == "Outcomes in Plan a"
    assert gaps[0].detail == (
        "2 of 3 outcomes in Plan a have no measurable target (a number, percentage, count or date)."
    )
    assert [e["activity"] for e in gaps[0].evidence] == ["Activity:a:1", "Activity:a:4"]
