"""lead_concentration: shares of led activities, the HHI of lead credit, threshold and severity."""

from __future__ import annotations

from partnermap.graph.gaps.concentration import lead_concentration, lead_shares
from tests.graph.gaps import graph_of, subjects

MDC, WYP = "Bradford MDC", "West Yorkshire Police"
ROWS = [
    {"text": "One", "leads": [MDC]},
    {"text": "Two", "leads": [MDC]},
    {"text": "Three", "leads": [MDC, WYP]},
    {"text": "Four", "leads": [WYP]},
    {"text": "Five, no lead"},
]


def test_shares_and_concentration_index():
    shares, hhi, total = lead_shares(graph_of(("a", ROWS)))
    assert total == 4  # activities with a lead
    assert [(s.organisation, s.led, s.share) for s in shares] == [(MDC, 3, 0.75), (WYP, 2, 0.5)]
    assert hhi == round((2.5 / 4) ** 2 + (1.5 / 4) ** 2, 4)  # co-led credit split in half


def test_one_organisation_over_the_threshold():
    (gap,) = lead_concentration(graph_of(("a", ROWS)))
    assert (gap.kind, gap.subject, gap.label, gap.severity) == ("lead_concentration", MDC, MDC, "medium")
    assert gap.detail == "Bradford MDC leads 3 of 4 activities (75%); the concentration index (HHI) of leads is 0.53."
    assert [e["activity"] for e in gap.evidence] == ["Activity:a:1", "Activity:a:2", "Activity:a:3"]


def test_options():
    G = graph_of(("a", ROWS))
    assert subjects(lead_concentration(G, threshold=0.4)) == [MDC, WYP]  # 50% is more than 40%
    assert [g.severity for g in lead_concentration(G, high=0.75)] == ["high"]
    assert lead_concentration(G, min_activities=5) == []
    assert lead_concentration(G, threshold=0.75) == []  # more than, not equal to


def test_shares_pool_every_plan_in_the_graph():
    G = graph_of(("a", [{"text": "One", "leads": [MDC]}] * 2), ("b", [{"text": "Two", "leads": [WYP]}] * 2))
    assert lead_concentration(G) == []  # each leads half of the partnership's activities
