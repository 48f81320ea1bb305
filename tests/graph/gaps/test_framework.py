"""framework_area_without_activity: the areas of the plan's own framework, worded with the guidance."""

from __future__ import annotations

from partnermap.graph.gaps.framework import framework_area_without_activity
from partnermap.reference.frameworks import load_frameworks
from tests.graph.gaps import graph_of, subjects

ROWS = [{"text": "Deliver WRAP training to frontline staff"}, {"text": "Refresh the Channel panel terms of reference"}]


def test_areas_no_activity_addresses():
    prevent = load_frameworks()["prevent"]
    gaps = framework_area_without_activity(graph_of(("a", ROWS), framework="prevent"))
    addressed = {"training_programme", "channel_panel", "multi_agency_partnership"}  # "terms of reference"
    assert subjects(gaps) == sorted(f"prevent:{a.id}" for a in prevent.areas if a.id not in addressed)
    risk = next(g for g in gaps if g.subject == "prevent:local_risk_assessment")
    expected_by = next(a.expected_by for a in prevent.areas if a.id == "local_risk_assessment")
    assert (risk.severity, risk.label, risk.evidence) == ("high", "Local risk assessment", [])
    assert expected_by and risk.detail == f'No activity addresses "Local risk assessment", expected by {expected_by}.'


def test_every_area_is_a_gap_in_an_empty_plan():
    prevent = load_frameworks()["prevent"]
    assert len(framework_area_without_activity(graph_of(("a", []), framework="prevent"))) == len(prevent.areas)


def test_no_framework_no_areas():
    """A plan judged by no framework is asked for no area at all, whatever its words."""
    assert framework_area_without_activity(graph_of(("a", ROWS), framework="none")) == []
    assert framework_area_without_activity(graph_of(("a", []), framework="none")) == []


def test_areas_come_from_the_plans_own_framework_only():
    """A community safety plan beside a Prevent plan: each is asked for its own framework's areas."""
    frameworks = load_frameworks()
    if "community_safety" not in frameworks:  # pragma: no cover - the research file arrives separately
        return
    from partnermap.graph.build import build_graph
    from partnermap.reference.frameworks import choose
    from tests.graph.gaps import _TAXONOMY
    from tests.graph.test_build import make_plan

    plans = [make_plan("a", ROWS), make_plan("b", [{"text": "Antisocial behaviour patrols"}])]
    choices = {
        "a": choose(plans[0], frameworks, override="prevent"),
        "b": choose(plans[1], frameworks, override="community_safety"),
    }
    gaps = framework_area_without_activity(build_graph(plans, _TAXONOMY, choices=choices))
    assert {g.subject.split(":")[0] for g in gaps} == {"prevent", "community_safety"}
    assert all(g.detail.startswith(("In Plan a (judged by Prevent)", "In Plan b (judged by Community")) for g in gaps)
    assert "prevent:training_programme" not in subjects(gaps)  # plan a trains, in its own framework
