"""framework_area_without_activity."""

from __future__ import annotations

from partnermap.graph.gaps.framework import framework_area_without_activity
from tests.graph.gaps import _TAXONOMY, graph_of, subjects


def test_areas_no_activity_addresses():
    G = graph_of(("a", [{"text": "Deliver WRAP training to frontline staff"},
                        {"text": "Refresh the Channel panel terms of reference"}]))
    gaps = framework_area_without_activity(G)
    addressed = {"training_programme", "channel_panel", "multi_agency_partnership"}  # "terms of reference"
    assert subjects(gaps) == sorted(a.id for a in _TAXONOMY.framework_areas if a.id not in addressed)
    risk = next(g for g in gaps if g.subject == "local_risk_assessment")
    assert (risk.severity, risk.label, risk.evidence) == ("high", "Local risk assessment", [])
    assert risk.detail == 'No activity addresses the framework area "Local risk assessment".'


def test_every_area_is_a_gap_in_an_empty_plan():
    assert len(framework_area_without_activity(graph_of(("a", [])))) == len(_TAXONOMY.framework_areas)
