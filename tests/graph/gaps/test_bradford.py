"""Issue 4's 'Done when' on the Bradford District Prevent Plan 2017-19, as of 1 July 2018."""

from __future__ import annotations

from datetime import date

import pytest

from partnermap.graph.engagement import sector_engagement
from partnermap.graph.gaps import find_gaps
from partnermap.graph.gaps.law import framework_groups
from partnermap.pipeline import build

NOT_ENGAGED = {"early_years", "further_education", "higher_education", "prisons", "probation"}
# Prevent's specified authorities (Counter-Terrorism and Security Act 2015, s.26 and Sch.6) the plan
# has no organisation of: every lead is Bradford MDC (the council) and the partners it names are police
REQUIRED_MISSING = NOT_ENGAGED | {"schools", "health", "social_care", "police_crime_commissioner"}
LOCAL_PROJECT = "April 2017 – March 2018"


@pytest.fixture(scope="module")
def graph(bradford_path):
    return build([bradford_path]).graph


@pytest.fixture(scope="module")
def gaps(graph):
    return find_gaps(graph, as_of=date(2018, 7, 1))


def of_kind(gaps, kind: str) -> list:
    return [g for g in gaps if g.kind == kind]


def test_the_plan_is_judged_by_prevent_from_its_title(graph):
    (group,) = framework_groups(graph)
    assert group.framework == "prevent" and group.info["chosen_by"] == "title"
    assert (group.info["evidence"][0]["words"], group.info["evidence"][0]["field"]) == ("Prevent Plan", "title")


def test_sectors_without_engagement(gaps, graph):
    """Graded by the law: a specified authority the plan has no organisation of is a statutory
    finding (high, quoting Sch.6); the panel partners of Sch.7 it never reaches are medium; every
    other sector it never reaches (business: not a specified authority) is low; the courts are
    out of the duty's scope (s.26(4)) and not reported."""
    statutory = {g.subject: g for g in of_kind(gaps, "statutory_partner_missing")}
    flagged = {g.subject: g.severity for g in of_kind(gaps, "sector_without_engagement")}
    engaged = {s for s, found in sector_engagement(graph).items() if found.engaged}
    assert set(statutory) == REQUIRED_MISSING
    assert all(
        g.severity == "high" and "Counter-Terrorism and Security Act 2015" in g.detail for g in statutory.values()
    )
    assert not (set(flagged) | NOT_ENGAGED) & engaged
    assert not set(flagged) & set(statutory)  # a required sector gets the statutory finding alone
    assert {s for s, severity in flagged.items() if severity == "medium"} == {"nhs_commissioner", "youth_justice"}
    assert {s for s, severity in flagged.items() if severity == "low"} == {
        "business",
        "armed_forces",
        "employment_benefits",
        "fire_rescue",
        "housing",
        "victims_services",
    }
    assert "courts_prosecution" not in flagged and "courts_prosecution" not in engaged


def test_theme_3_is_missing(gaps, bradford_path):
    (gap,) = of_kind(gaps, "theme_numbering_gap")
    assert gap.subject == "3"
    lines = bradford_path.read_text(encoding="utf-8").splitlines()
    assert [
        "2. CAPABILITIES" in lines[gap.evidence[0]["line"] - 1],
        "4. WORKING IN PARTNERSHIP" in lines[gap.evidence[1]["line"] - 1],
    ] == [True, True]


def test_bradford_mdc_concentrates_the_leads_of_its_own_plan(gaps):
    """The title says "Local Authority": the council's own plan, so its leading it is worded as such, low."""
    (gap,) = of_kind(gaps, "lead_concentration")
    assert (gap.subject, gap.severity) == ("Bradford MDC", "low")
    assert gap.detail.startswith(
        "This is Bradford MDC's own plan (its title says Local authority), so it leading "
        "most of it is expected: Bradford MDC leads 34 of 34 activities (100%)"
    )
    assert len(gap.evidence) == 34


def test_the_report_line_by_line(gaps):
    """Every finding of the Bradford report as of 1 July 2018, reviewed: counts by kind and severity,
    and the subjects of each."""
    counts = {}
    for g in gaps:
        counts[(g.kind, g.severity)] = counts.get((g.kind, g.severity), 0) + 1
    assert counts == {
        ("statutory_partner_missing", "high"): 9,
        ("framework_area_without_activity", "high"): 1,
        ("sector_without_engagement", "medium"): 2,
        ("sector_without_engagement", "low"): 6,
        ("sector_not_delivering", "medium"): 2,
        ("overdue", "medium"): 15,
        ("theme_numbering_gap", "low"): 1,
        ("lead_concentration", "low"): 1,
        ("audience_single_activity", "low"): 7,
        ("outcome_without_indicator", "low"): 1,
        ("open_ended_timescale", "low"): 10,
    }
    subjects = lambda kind: [g.subject.rsplit(":", 1)[-1] for g in of_kind(gaps, kind)]  # noqa: E731
    # online is a channel, not a sector: never "not delivering"; the sectors reached but not delivering
    # (health, schools and social care are too, but as Prevent specified authorities they are statutory findings)
    assert subjects("sector_not_delivering") == ["faith", "voluntary_community"]
    assert {"health", "schools", "social_care"} <= set(subjects("statutory_partner_missing"))
    # only "Gap analysis on agency Prevent engagement" mentioned anything near a risk assessment: not one
    assert subjects("framework_area_without_activity") == ["local_risk_assessment"]
    assert subjects("audience_single_activity") == [
        "frontline_staff",
        "madrassa_teachers",
        "managers",
        "people_with_mental_health_needs",
        "pupils",
        "returnees",
        "trainers",
    ]
    # the plan has no status column: every overdue finding says it records no progress, none says "high"
    assert all(g.detail.endswith("the plan records no progress for it.") for g in of_kind(gaps, "overdue"))
    # "Jan-Feb 2018 Ongoing - programme of events to be agreed" (activity 19): once, as a start with no end
    open_ended = subjects("open_ended_timescale")
    assert open_ended == ["4", "6", "10", "14", "15", "17", "19", "20", "21", "22"]
    (mixed,) = [g for g in of_kind(gaps, "open_ended_timescale") if g.subject.endswith(":19")]
    assert "starts in January 2018 and then says ongoing: a start with no end" in mixed.detail
    assert not [g for g in of_kind(gaps, "overdue") if g.subject.endswith(":19")]


@pytest.mark.parametrize(
    "area", ["training_programme", "channel_panel", "reducing_permissive_environments", "communications_engagement"]
)
def test_areas_the_plan_covers_are_not_gaps(gaps, area):
    assert f"prevent:{area}" not in {g.subject for g in of_kind(gaps, "framework_area_without_activity")}
    assert "prevent:local_risk_assessment" in {g.subject for g in of_kind(gaps, "framework_area_without_activity")}


def test_overdue_activities(gaps, graph):
    overdue = {g.subject for g in of_kind(gaps, "overdue")}
    activities = {n: d for n, d in graph.nodes(data=True) if d["kind"] == "Activity"}
    local_projects = {n for n, d in activities.items() if d["timescale"] == LOCAL_PROJECT}
    assert len(local_projects) == 7 and local_projects <= overdue
    for nid in overdue:
        data = activities[nid]
        assert data["end"] < "2018-07-01" and not data["achieved"] and not data["ongoing"]
    for nid, data in activities.items():
        timescale = data["timescale"]
        if timescale.startswith(("Ongoing", "Achieved", "From")) or "Ongoing" in timescale:
            assert nid not in overdue, timescale
        if data["end"] and data["end"] >= "2018-07-01":
            assert nid not in overdue, timescale
    expected = {
        "Apr-Jun 2018",
        "Jan-Mar 2018",
        "Sept 2017 and March 2018",
        "Feb 2018",
        LOCAL_PROJECT,
        "Sept 2017",
        "March 2018",
    }
    assert {activities[n]["timescale"] for n in overdue} == expected
    assert len(overdue) == 15


def test_fast_sector_activities_agree_with_sector_engagement(graph):
    from partnermap.graph.gaps.sector import sector_activities

    fast = sector_activities(graph)
    for sector, found in sector_engagement(graph).items():
        assert (fast[sector].reached, fast[sector].delivering) == (
            {e.activity for e in found.reached},
            {e.activity for e in found.delivering},
        )
