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
#: every (framework, required seat) the bundled files name
REQUIRED = [(f.id, p) for f in FRAMEWORKS.values() for p in f.required]
#: ... and every sector that can fill each (a seat any one of several sectors fills, once per sector)
FILLERS = [(f, p, sector) for f, p in REQUIRED for sector in p.sectors]
RELEVANT = [
    (f.id, p) for f in FRAMEWORKS.values() for p in f.relevant if not any(r.sectors == p.sectors for r in f.required)
]
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
    if "business" in partner.sectors:  # pragma: no cover - no bundled framework requires business
        assert gaps == []
        return
    (gap,) = gaps  # one finding per seat, however many sectors can fill it
    names = [next(s.name for s in _TAXONOMY.sectors if s.id == sector) for sector in partner.sectors]
    assert gap.severity == "high" and gap.label == " or ".join(names)
    provision = partner.provision if partner.provision.lower().startswith("the ") else f"the {partner.provision}"
    who = partner.seat or f"{names[0].lower()} organisation"
    assert gap.detail == (
        f"{provision[0].upper()}{provision[1:]} makes {partner.body} "
        f"{'an' if partner.role[0].lower() in 'aeiou' else 'a'} {partner.role}; no "
        f"{who} leads or partners any activity."
    )
    # it is the statutory finding alone: no sector finding says the same again
    assert not set(partner.sectors) & set(subjects(sector_without_engagement(judged(framework, rows))))


@pytest.mark.parametrize("framework, partner, sector", FILLERS, ids=[f"{f}-{p.sector}-{s}" for f, p, s in FILLERS])
def test_an_organisation_of_the_sector_partnering_any_activity_is_enough(framework, partner, sector):
    rows = [{"text": "Hold quarterly partnership meetings", "leads": ["The business body"]}]
    assert partner.sector in subjects(statutory_partner_missing(judged(framework, rows)))  # the negative case
    rows.append({"text": "Share data", "leads": ["The business body"], "partners": [f"The {sector} body"]})
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
    choices = {
        "a": choose(plans[0], FRAMEWORKS, override="community_safety"),
        "b": choose(plans[1], FRAMEWORKS, override="hate_crime"),
    }
    G = build_graph(plans, TAXONOMY, choices=choices)
    statutory = statutory_partner_missing(G)
    assert statutory and all(g.subject.startswith("community_safety:") for g in statutory)
    assert all(g.detail.startswith("In Plan a (judged by Community safety") for g in statutory)
    # plan b's police lead does not make plan a's partnership include the police
    assert "community_safety:police" in subjects(statutory)
    sectors = sector_without_engagement(G)
    assert {g.subject.split(":")[0] for g in sectors} == {"community_safety", "hate_crime"}
    assert "hate_crime:police" not in subjects(sectors)  # plan b's police lead engages the police for plan b


# --- a seat any one of several sectors can fill (the Domestic Abuse Act 2021, s.58(2)) -------------------

DA_BOARD = [
    {
        "text": "Commission refuges",
        "leads": ["The local_authority body"],
        "partners": ["The victims_services body", "The voluntary_community body"],
    }
]


def test_the_integrated_care_board_and_probation_fill_the_health_and_criminal_justice_seats():
    """The issue's case: no NHS trust and no police force, but the ICB and probation: no false finding."""
    rows = [
        *DA_BOARD,
        {"text": "Train staff", "leads": ["The nhs_commissioner body"], "partners": ["The probation body"]},
    ]
    G = judged("domestic_abuse", rows)
    assert statutory_partner_missing(G) == []
    sectors = {g.subject: g for g in sector_without_engagement(G)}
    # an NHS trust and the police are not missing partners: low, and the finding says their seat is filled
    assert sectors["health"].severity == "low" and sectors["police"].severity == "low"
    assert sectors["health"].detail.endswith(
        "The Domestic Abuse Act 2021, s.58(2) seat it could fill is filled: "
        "an organisation of the NHS commissioners sector leads or partners an "
        "activity."
    )
    assert "seat it could fill is filled: an organisation of the Probation sector" in sectors["police"].detail


def test_a_plan_with_none_of_a_seats_sectors_gets_one_finding_naming_them_all():
    rows = [*DA_BOARD, {"text": "Train staff", "leads": ["The local_authority body"], "line": 5}]
    gaps = {g.subject: g for g in statutory_partner_missing(judged("domestic_abuse", rows))}
    assert set(gaps) == {
        "health/nhs_commissioner",
        "police/police_crime_commissioner/probation/courts_prosecution/prisons/youth_justice",
    }
    health = gaps["health/nhs_commissioner"]
    assert health.label == "Health or NHS commissioners" and health.severity == "high"
    assert health.detail == (
        "The Domestic Abuse Act 2021, s.58(2) makes at least one person appearing to the "
        "authority to represent the interests of persons who provide, or have functions relating "
        "to, health care services in its area a member of the domestic abuse local partnership "
        "board; no organisation providing health care (an NHS provider or an integrated care "
        "board) leads or partners any activity."
    )
    justice = gaps["police/police_crime_commissioner/probation/courts_prosecution/prisons/youth_justice"]
    assert justice.label == (
        "Police or Police and crime commissioner or Probation or Courts and prosecution or "
        "Prisons and youth custody or Youth justice"
    )
    for words in (
        "the police",
        "police and crime commissioner",
        "probation",
        "Crown Prosecution Service",
        "prison",
        "youth offending team",
    ):
        assert words in justice.detail
    # no sector finding repeats them
    assert not {"health", "nhs_commissioner", "police", "probation"} & set(
        subjects(sector_without_engagement(judged("domestic_abuse", rows)))
    )


def test_a_seat_reached_but_unfilled_counts_the_activities_reaching_any_of_its_sectors():
    rows = [
        *DA_BOARD,
        {"text": "Train GPs and ward staff at the hospital", "leads": ["The local_authority body"], "line": 9},
    ]
    G = judged("domestic_abuse", rows)
    (gap,) = [g for g in statutory_partner_missing(G) if g.subject == "health/nhs_commissioner"]
    assert gap.detail.endswith("(1 activity reaches these sectors).") and gap.evidence[0]["line"] == 9
    assert "health" not in subjects(sector_not_delivering(G))  # the statutory finding says it
