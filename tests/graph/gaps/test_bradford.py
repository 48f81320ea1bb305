"""Issue 4's 'Done when' on the Bradford District Prevent Plan 2017-19, as of 1 July 2018."""

from __future__ import annotations

from datetime import date

import pytest

from partnermap.graph.engagement import sector_engagement
from partnermap.graph.gaps import find_gaps
from partnermap.pipeline import build

NOT_ENGAGED = {"early_years", "further_education", "higher_education", "prisons_probation"}
LOCAL_PROJECT = "April 2017 – March 2018"


@pytest.fixture(scope="module")
def graph(bradford_path):
    return build([bradford_path]).graph


@pytest.fixture(scope="module")
def gaps(graph):
    return find_gaps(graph, as_of=date(2018, 7, 1))


def of_kind(gaps, kind: str) -> list:
    return [g for g in gaps if g.kind == kind]


def test_sectors_without_engagement(gaps, graph):
    flagged = {g.subject for g in of_kind(gaps, "sector_without_engagement")}
    engaged = {s for s, found in sector_engagement(graph).items() if found.engaged}
    assert flagged >= NOT_ENGAGED
    assert not flagged & engaged
    # the bundled taxonomy also has a business sector, which the plan never mentions
    assert flagged == NOT_ENGAGED | {"business"}


def test_theme_3_is_missing(gaps, bradford_path):
    (gap,) = of_kind(gaps, "theme_numbering_gap")
    assert gap.subject == "3"
    lines = bradford_path.read_text(encoding="utf-8").splitlines()
    assert ["2. CAPABILITIES" in lines[gap.evidence[0]["line"] - 1],
            "4. WORKING IN PARTNERSHIP" in lines[gap.evidence[1]["line"] - 1]] == [True, True]


def test_bradford_mdc_concentrates_the_leads(gaps):
    (gap,) = of_kind(gaps, "lead_concentration")
    assert (gap.subject, gap.severity) == ("Bradford MDC", "high")
    assert gap.detail.startswith("Bradford MDC leads 34 of 34 activities (100%)")
    assert len(gap.evidence) == 34


@pytest.mark.parametrize("area", ["training_programme", "channel_panel", "reducing_permissive_environments",
                                  "communications_engagement"])
def test_areas_the_plan_covers_are_not_gaps(gaps, area):
    assert area not in {g.subject for g in of_kind(gaps, "framework_area_without_activity")}


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
    expected = {"Apr-Jun 2018", "Jan-Mar 2018", "Sept 2017 and March 2018", "Feb 2018", LOCAL_PROJECT, "Sept 2017",
                "March 2018"}
    assert {activities[n]["timescale"] for n in overdue} == expected
    assert len(overdue) == 15


def test_fast_sector_activities_agree_with_sector_engagement(graph):
    from partnermap.graph.gaps.sector import sector_activities

    fast = sector_activities(graph)
    for sector, found in sector_engagement(graph).items():
        assert (fast[sector].reached, fast[sector].delivering) == (
            {e.activity for e in found.reached}, {e.activity for e in found.delivering})
