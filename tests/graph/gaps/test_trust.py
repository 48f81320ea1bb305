"""Findings that must be true: each rule of the trusted gap report beside its negative case."""

from __future__ import annotations

import json

from click.testing import CliRunner

from partnermap.cli import cli
from partnermap.graph.coverage import framework_evidence
from partnermap.graph.gaps.audiences import audience_single_activity
from partnermap.graph.gaps.concentration import lead_concentration
from partnermap.graph.gaps.framework import framework_area_without_activity
from partnermap.graph.gaps.sector import sector_not_delivering, sector_without_engagement
from partnermap.model import Plan
from tests.graph.gaps import graph_of, subjects
from tests.graph.test_build import make_plan, stub_taxonomy

MDC = ["Bradford MDC"]


def test_audience_synonyms_are_one_audience():
    rows = [
        {"text": "Assemblies for pupils", "leads": MDC},
        {"text": "Workshops for school students", "leads": MDC},
        {"text": "Briefings for frontline staff", "leads": MDC},
        {"text": "Training for practitioners", "leads": MDC},
    ]
    assert audience_single_activity(graph_of(("a", rows))) == []  # pupils x2, staff x2: no singletons
    alone = audience_single_activity(graph_of(("a", rows[:1] + rows[2:3])))
    assert subjects(alone) == ["frontline_staff", "pupils"]  # one finding per audience


def test_a_framework_area_needs_an_activity_about_it_and_cites_the_words():
    gap = graph_of(("a", [{"text": "Gap analysis on agency Prevent engagement", "leads": MDC}]), framework="prevent")
    assert "prevent:local_risk_assessment" in subjects(framework_area_without_activity(gap))
    covered = graph_of(
        ("a", [{"text": "Refresh the Counter Terrorism Local Profile with partners", "leads": MDC}]),
        framework="prevent",
    )
    assert "prevent:local_risk_assessment" not in subjects(framework_area_without_activity(covered))
    (area,) = [a for a in framework_evidence(covered) if a["area"] == "local_risk_assessment"]
    assert area["covered"] and area["evidence"][0]["phrase"] == "Counter Terrorism Local Profile"
    assert area["evidence"][0]["field"] == "text" and area["evidence"][0]["activity"] == "Activity:a:1"


def test_coverage_explain_cites_each_areas_evidence(bradford_path):
    result = CliRunner().invoke(cli, ["coverage", str(bradford_path), "--explain", "--format", "json"])
    assert result.exit_code == 0, result.output
    areas = {a["area"]: a for a in json.loads(result.stdout)}
    assert areas["local_risk_assessment"]["covered"] is False and areas["local_risk_assessment"]["evidence"] == []
    assert areas["channel_panel"]["evidence"][0] == {
        "activity": "Activity:bradford-prevent-plan-2017-19:9",
        "phrase": "Channel",
        "field": "text",
        "source": str(bradford_path),
        "line": 16,
    }
    table = CliRunner().invoke(cli, ["coverage", str(bradford_path), "--explain"], terminal_width=200).stdout
    assert "Local risk assessment" in table and "no activity" in table


def test_a_channel_is_never_not_delivering_but_a_sector_is():
    rows = [
        {"text": "Social media campaign for young people online", "leads": MDC},
        {"text": "Assemblies in primary schools", "leads": MDC},
    ]
    G = graph_of(("a", rows))
    assert subjects(sector_not_delivering(G)) == ["schools"]  # online is reached, but it is a channel
    quiet = graph_of(("a", rows[1:]))
    (online,) = [g for g in sector_without_engagement(quiet) if g.subject == "online"]
    # no law names a channel as a partner: low, as every sector is where no framework judges the plan
    assert online.severity == "low" and "channel" in online.detail
    assert {g.severity for g in sector_without_engagement(quiet) if g.subject != "online"} == {"low"}


def _owned(title: str, owner: str | None, rows: list[dict]):
    from partnermap.graph.build import build_graph

    plan = make_plan("a", rows)
    plan = Plan(
        id=plan.id, title=title, source=plan.source, themes=plan.themes, activities=plan.activities, owner=owner
    )
    return build_graph([plan], stub_taxonomy())


def test_lead_concentration_in_a_single_organisations_plan_is_low_and_said():
    rows = [{"text": f"Task {n}", "leads": MDC} for n in range(4)]
    (own,) = lead_concentration(_owned("Prevent Plan", "Bradford MDC", rows))
    assert own.severity == "low" and own.detail.startswith("This is Bradford MDC's own plan, so it leading")
    (titled,) = lead_concentration(_owned("Prevent Plan - Local Authority", None, rows))
    assert titled.severity == "low" and "(its title says Local authority)" in titled.detail
    (partnership,) = lead_concentration(_owned("Community Safety Partnership Plan", None, rows))
    assert partnership.severity == "high" and partnership.detail.startswith("Bradford MDC leads 4 of 4")


def test_names_with_and_stay_whole_unless_both_sides_are_bodies():
    from partnermap.reference.directory import default_directory

    directory = default_directory()
    for whole in (
        "NHS Bradford District and Craven CCG",
        "Tees, Esk and Wear Valleys NHS Foundation Trust",
        "Safer Stockton and Hartlepool Partnership",
        "Children and Families Service",
    ):
        assert [o.name for o in directory.split(whole)] == [whole]
    assert [o.name for o in directory.split("Bradford MDC and West Yorkshire Police")] == [
        "Bradford MDC",
        "West Yorkshire Police",
    ]
