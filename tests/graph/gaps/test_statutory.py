"""statutory_partner_missing, and the sectors graded by the law of the plan's framework: a test per
statutory partner of every framework, each beside its negative case."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from partnermap.graph.gaps import find_gaps
from partnermap.graph.gaps.sector import (
    sector_not_delivering,
    sector_without_engagement,
)
from partnermap.graph.gaps.statutory import statutory_partner_missing
from partnermap.reference.frameworks import load_frameworks
from tests.graph.gaps import _TAXONOMY, graph_of, subjects
from tests.graph.test_build import Directory

FRAMEWORKS = load_frameworks()
#: every (framework, required partner) the bundled files name
REQUIRED = [(f.id, p) for f in FRAMEWORKS.values() for p in f.required]
RELEVANT = [(f.id, p) for f in FRAMEWORKS.values() for p in f.relevant if not any(
    r.sector == p.sector for r in f.required)]
#: one organisation of every sector, by name
MEMBERS = {f"The {sector} body": sector for sector in (s.id for s in _TAXONOMY.sectors)}
TAXONOMY = replace(_TAXONOMY, directory=Directory(MEMBERS))
ROWS = [{"text": "Hold quarterly partnership meetings", "leads": ["The local_authority body"]}]


def judged(framework: str, rows=ROWS):
    return graph_of(("p", rows), taxonomy=TAXONOMY, framework=framework)


def test_there_are_partners_to_test():
    assert REQUIRED and RELEVANT


@pytest.mark.parametrize("framework, partner", REQUIRED, ids=[f"{f}-{p.sector}" for f, p in REQUIRED])
def test_a_required_partner_with_no_organisation_is_a_high_finding_quoting_its_provision(framework, partner):
    rows = [{"text": "Hold quarterly partnership meetings", "leads": ["The business body"]}]
    gaps = [g for g in statutory_partner_missing(judged(framework, rows)) if g.subject == partner.sector]
    if partner.sector == "business":  # pragma: no cover - no bundled framework requires business
        assert gaps == []
        return
    (gap,) = gaps
    sector_name = next(s.name for s in _TAXONOMY.sectors if s.id == partner.sector)
    assert gap.severity == "high" and gap.label == sector_name
    provision = partner.provision if partner.provision.lower().startswith("the ") else f"the {partner.provision}"
    assert gap.detail == (f"{provision[0].upper()}{provision[1:]} makes {partner.body} "
                          f"{'an' if partner.role[0].lower() in 'aeiou' else 'a'} {partner.role}; no "
                          f"{sector_name.lower()} organisation leads or partners any activity.")
    # it is the statutory finding alone: no sector finding says the same again
    assert partner.sector not in subjects(sector_without_engagement(judged(framework, rows)))


@pytest.mark.parametrize("framework, partner", REQUIRED, ids=[f"{f}-{p.sector}" for f, p in REQUIRED])
def test_an_organisation_of_the_sector_partnering_any_activity_is_enough(framework, partner):
    rows = [*ROWS, {"text": "Share data", "leads": ["The local_authority body"],
                    "partners": [f"The {partner.sector} body"]}]
    assert partner.sector not in subjects(statutory_partner_missing(judged(framework, rows)))


def test_the_crime_and_disorder_act_names_the_fire_and_rescue_authority():
    """The issue's own example, word for word from the community safety file."""
    (gap,) = [g for g in statutory_partner_missing(judged("community_safety")) if g.subject == "fire_rescue"]
    assert gap.detail.startswith("The Crime and Disorder Act 1998, s.5")
    assert "fire and rescue authority" in gap.detail and "a responsible authority" in gap.detail
    assert gap.detail.endswith("no fire and rescue organisation leads or partners any activity.")


def test_a_required_sector_reached_but_not_delivering_is_statutory_and_cites_the_reaching_activities():
    rows = [*ROWS, {"text": "Joint patrols with the police", "leads": ["The local_authority body"], "line": 7}]
    G = judged("community_safety", rows)
    (gap,) = [g for g in statutory_partner_missing(G) if g.subject == "police"]
    assert gap.detail.endswith("(1 activity reaches the sector).")
    assert gap.evidence == [{"activity": "Activity:p:2", "source": "p.txt", "line": 7}]
    assert "police" not in subjects(sector_not_delivering(G))  # no duplicate
    # the negative case: with no framework the same plan has a sector finding instead, and no statutory one
    plain = graph_of(("p", rows), taxonomy=TAXONOMY, framework="none")
    assert statutory_partner_missing(plain) == [] and "police" in subjects(sector_not_delivering(plain))


@pytest.mark.parametrize("framework, partner", RELEVANT, ids=[f"{f}-{p.sector}" for f, p in RELEVANT])
def test_an_unreached_relevant_partner_is_medium_quoting_its_provision(framework, partner):
    gaps = {g.subject: g for g in sector_without_engagement(judged(framework))}
    if partner.sector == "local_authority":  # the plan's own lead is the council
        assert partner.sector not in gaps
        return
    gap = gaps[partner.sector]
    assert gap.severity == "medium" and partner.provision in gap.detail and partner.body in gap.detail


def test_other_sectors_are_low_and_those_out_of_scope_are_not_reported():
    prevent = FRAMEWORKS["prevent"]
    gaps = {g.subject: g.severity for g in sector_without_engagement(judged("prevent"))}
    assert "business" in gaps and gaps["business"] == "low"  # business is not a Prevent specified authority
    for sector in prevent.out_of_scope:
        assert sector not in gaps
    assert "courts_prosecution" in {g.subject for g in sector_without_engagement(judged("none"))}  # negative


def test_no_statutory_partnership_no_statutory_finding():
    hate = FRAMEWORKS["hate_crime"]
    assert hate.no_statutory_partnership and not hate.required
    assert statutory_partner_missing(judged("hate_crime")) == []


def test_no_framework_no_framework_findings_and_every_sector_low():
    gaps = find_gaps(judged("none"), as_of=date(2024, 1, 1))
    kinds = {g.kind for g in gaps}
    assert not kinds & {"statutory_partner_missing", "framework_area_without_activity"}
    assert {g.severity for g in gaps if g.kind == "sector_without_engagement"} == {"low"}
    # the negative case: the same plan judged by community safety has both
    judged_kinds = {g.kind for g in find_gaps(judged("community_safety"), as_of=date(2024, 1, 1))}
    assert {"statutory_partner_missing", "framework_area_without_activity"} <= judged_kinds


def test_plans_of_different_frameworks_are_judged_apart_and_findings_name_them():
    from partnermap.graph.build import build_graph
    from partnermap.reference.frameworks import choose
    from tests.graph.test_build import make_plan

    plans = [make_plan("a", ROWS), make_plan("b", [{"text": "Run a reporting centre", "leads": ["The police body"]}])]
    choices = {"a": choose(plans[0], FRAMEWORKS, override="community_safety"),
               "b": choose(plans[1], FRAMEWORKS, override="hate_crime")}
    G = build_graph(plans, TAXONOMY, choices=choices)
    statutory = statutory_partner_missing(G)
    assert statutory and all(g.subject.startswith("community_safety:") for g in statutory)
    assert all(g.detail.startswith("In Plan a (judged by Community safety") for g in statutory)
    # plan b's police lead does not make plan a's partnership include the police
    assert "community_safety:police" in subjects(statutory)
    sectors = sector_without_engagement(G)
    assert {g.subject.split(":")[0] for g in sectors} == {"community_safety", "hate_crime"}
    assert "hate_crime:police" not in subjects(sectors)  # plan b's police lead engages the police for plan b
