"""audience_single_activity."""

from __future__ import annotations

from partnermap.graph.gaps.audiences import audience_single_activity
from tests.graph.gaps import graph_of, subjects


def test_audiences_only_one_activity_reaches():
    G = graph_of(
        ("a", [{"text": "Briefings for frontline staff", "line": 5}, {"text": "Workshops for young people"}]),
        ("b", [{"text": "Mentoring for young people"}]),
    )
    (gap,) = audience_single_activity(G)
    assert (gap.kind, gap.subject, gap.label, gap.severity) == (
        "audience_single_activity",
        "frontline_staff",
        "Staff and practitioners",
        "low",
    )
    assert gap.detail == 'Only one activity reaches staff and practitioners: "Briefings for frontline staff".'
    assert gap.evidence == [{"activity": "Activity:a:1", "source": "a.txt", "line": 5}]


def test_an_audience_named_twice_in_one_activity_counts_once():
    G = graph_of(("a", [{"text": "Young people lead sessions for young people", "outcome": "Young people are heard"}]))
    assert subjects(audience_single_activity(G)) == ["young_people"]
