"""People named as leads (issue 38): a person's node is a lead with ``person`` set and no sector;
the partners table, the summary, the paper and the gap findings say "person" where it is one."""

from __future__ import annotations

from datetime import date

import pytest

from partnermap.graph import schema as S
from partnermap.graph.gaps import find_gaps
from partnermap.graph.network import partner_stats
from partnermap.pipeline import build
from partnermap.report.paper import paper_blocks, paper_data
from partnermap.report.summary import summarise

PLAN = (
    "Action,Lead,Partners,Timescale\n"
    '"Run the reporting centres","Jane Smith\nMohammed Khan",,March 2024\n'
    "Hate crime training,Jane Smith,Bradford MDC,June 2024\n"
    "Assemblies in schools,Jane Smith,West Yorkshire Police,July 2024\n"
    "Youth work,Jane Smith,,August 2024\n"
)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    path = tmp_path_factory.mktemp("people") / "plan.csv"
    path.write_text(PLAN, encoding="utf-8")
    return build([path])


def test_a_person_is_a_lead_with_no_sector(built):
    G = built.graph
    person, body = G.nodes["Organisation:Jane Smith"], G.nodes["Organisation:Bradford MDC"]
    assert (person["person"], person["sector"]) == (True, None)
    assert not any(key == S.IN_SECTOR for _, _, key in G.out_edges("Organisation:Jane Smith", keys=True))
    assert (body["person"], body["sector"]) == (False, "local_authority")  # negative: a body
    assert sum(1 for _, _, key in G.out_edges("Organisation:Jane Smith", keys=True) if key == S.LEADS) == 4


def test_partners_sector_column_says_person(built):
    rows = {r["organisation"]: r["sector"] for r in partner_stats(built.graph)}
    assert rows == {
        "Jane Smith": "person",
        "Mohammed Khan": "person",
        "Bradford MDC": "local_authority",
        "West Yorkshire Police": "police",
    }


def test_findings_name_a_person_as_one_and_no_sector_finding_is_about_them(built):
    gaps = find_gaps(built.graph, as_of=date(2024, 1, 1))
    (concentration,) = [g for g in gaps if g.kind == "lead_concentration"]
    assert concentration.subject == "Jane Smith"
    assert concentration.detail.startswith("Jane Smith (a person) leads 4 of 4 activities (100%)")
    (split,) = [g for g in gaps if g.kind == "single_point_of_failure"]
    assert split.detail.startswith("Without Jane Smith (a person) the partnership network splits: ")
    assert "Mohammed Khan (a person)" in split.detail and split.detail.endswith("only through them.")
    assert "West Yorkshire Police," in split.detail or "West Yorkshire Police are" in split.detail
    assert "West Yorkshire Police (a person)" not in split.detail  # negative: a body is not said to be one
    about_people = [g.kind for g in gaps if "Jane Smith" in g.detail or "Mohammed Khan" in g.detail]
    assert sorted(about_people) == ["lead_concentration", "single_point_of_failure"]


def test_summary_and_paper_count_people_apart(built):
    kinds = {o["name"]: o["kind"] for o in summarise(built.plans)["organisations"]}
    assert kinds == {
        "Jane Smith": "person",
        "Mohammed Khan": "person",
        "Bradford MDC": "organisation",
        "West Yorkshire Police": "organisation",
    }
    data = paper_data(built.graph, as_of=date(2024, 1, 1))
    assert (data.summary.organisations, data.summary.people) == (4, 2)
    lines = [b.text for b in paper_blocks(data, []) if b.kind == "paragraph"]
    assert any("involving 2 organisations and 2 people (2 leading)." in line for line in lines)
