"""The classes of reading error seen on real plans not in this repository (issue 38), each on a
hand-made plan in a format such plans come in, with its negative case beside it."""

from __future__ import annotations

from datetime import date

import openpyxl

from partnermap.graph.gaps.overdue import overdue
from partnermap.ingest import read_plan
from partnermap.pipeline import build
from partnermap.reference.directory import default_directory
from tests.ingest.documents import html_table, web_page, word_document


def leads(activity) -> list[str]:
    return [o.name for o in activity.leads]


def partners(activity) -> list[str]:
    return [o.name for o in activity.partners]


def xlsx(path, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Plan"
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- lead cells: how many bodies, and which ------------------------------------------------------

def test_lead_cells_in_a_word_plan(tmp_path):
    rows = [["Action", "Lead", "By when"],
            ["Run hate crime awareness sessions", "Safer Harbourside Partnership & HBC Equalities Team", "March 2024"],
            ["Joint patrols at hotspots", "Public Health and Northshire Constabulary", "June 2024"],
            ["Update guidance for schools", "Department for Education (DfE) and headteachers", "2024"],
            ["Run the third-party reporting centres", "BRIDGE – commissioned by KBC and NCC", "2024"],
            ["Community events", "NCVS, BRIDGE, Interfaith Forum, NCC, district teams – to deliver.", "2024"],
            ["Cohesion fund grants", "Cohesion Officer – Sam Patel", "2024"],
            ["Team briefings", "Team Leaders (AB), (JK)", "2024"],
            # negatives: "and" inside one body's name stays whole
            ["Family support", "Children and Families Service", "2024"],
            ["Youth club", "Youth Service & Community Group", "2024"]]
    plan = read_plan(word_document(tmp_path / "plan.docx", [rows]))
    got = [leads(a) for a in plan.activities]
    assert got[0] == ["Safer Harbourside Partnership", "HBC Equalities Team"]
    assert got[1] == ["Public Health", "Northshire Constabulary"]
    assert got[2] == ["Department for Education", "headteachers"]
    assert got[3] == ["BRIDGE"] and partners(plan.activities[3]) == ["KBC", "NCC"]  # the commissioners partner
    assert got[4] == ["NCVS", "BRIDGE", "Interfaith Forum", "NCC", "district teams"]  # and a note
    assert got[5] == ["Cohesion Officer"] and plan.activities[5].leads[0].raw == "Cohesion Officer – Sam Patel"
    assert got[6] == ["Team Leaders"]  # one role, two people's initials; no body called "JK"
    assert got[7] == ["Children and Families Service"] and got[8] == ["Youth Service & Community Group"]


def test_a_role_with_a_person_is_the_plans_own_body():
    d = default_directory().for_plan(owner="Bradford MDC")
    (lead,) = d.lead_cell("Cohesion Officer – Sam Patel")[0]
    assert (lead.name, lead.role, lead.raw) == ("Bradford MDC", "Cohesion Officer", "Cohesion Officer – Sam Patel")
    # a body after the dash is not a person: the cell reads as before
    assert [o.name for o in d.lead_cell("Bradford MDC - Prevent Team")[0]] == ["Bradford MDC"]


def test_two_lead_columns_keep_the_officer_beside_the_agency(tmp_path):
    path = write(tmp_path, "plan.csv", "Action,Lead agency,Named lead officer,Deadline\n"
                                       "Audit the referral pathway,Northshire Constabulary,Sam Patel,March 2024\n")
    plan = read_plan(path)
    (activity,) = plan.activities
    assert leads(activity) == ["Northshire Constabulary"] and activity.extra == {"Named lead officer": "Sam Patel"}


# --- column roles and status words ----------------------------------------------------------------

def test_completed_by_is_the_deadline_and_done_is_the_status(tmp_path):
    path = xlsx(tmp_path / "plan.xlsx", [
        ["Action", "Lead", "Action completed by", "Done? (Y/N)"],
        ["Train staff", "Northshire Constabulary", "31/03/2024", "Ongoing"],
        ["Publish leaflet", "Northshire Constabulary", "31/12/2023", "Y"],
        ["Audit cases", "Northshire Constabulary", "30/06/2023", "N"]])
    plan = read_plan(path)
    assert plan.columns["timescale"] == "Action completed by" and plan.columns["status"] == "Done? (Y/N)"
    first, second, third = plan.activities
    assert first.timescale.start is None and first.timescale.end == date(2024, 3, 31)  # a deadline: the end only
    assert [first.progress, second.progress, third.progress] == ["on_track", "complete", "off_track"]
    assert not first.achieved and second.achieved


def test_status_words(tmp_path):
    path = write(tmp_path, "plan.csv", "\n".join([  # noqa: FLY002
        "Action,Lead,Timescale,RAG,Progress update",
        "Train staff,Northshire Constabulary,Jan 2018,Underway (Amber),",
        ("Audit cases,Northshire Constabulary,Jan 2018,,Completed in March: the audit found twelve cases and "
        "the panel has agreed the changes it recommends"),
        "Review policy,Northshire Constabulary,Jan 2018,On hold,",
        "Launch campaign,Northshire Constabulary,Jan 2018,Paused,",
        "Publish leaflet,Northshire Constabulary,Jan 2018,Green,",  # negative: Green past its date is overdue
        "Visit schools,Northshire Constabulary,Jan 2018,,The group met and agreed a plan for the visits next year",
    ]) + "\n")
    built = build([path])
    plan = built.plans[0]
    assert [a.progress for a in plan.activities] == ["at_risk", None, "at_risk", "at_risk", "on_track", None]
    # the status column is RAG; the narrative column is kept beside it, and read for its opening words
    assert plan.activities[1].extra["Progress update"].startswith("Completed in March")
    gaps = {g.subject.rsplit(":", 1)[1] for g in overdue(built.graph, as_of=date(2018, 7, 1))}
    assert "5" in gaps and "1" in gaps  # Green and Amber past their dates are overdue


def test_a_narrative_that_opens_complete_is_complete(tmp_path):
    path = write(tmp_path, "plan.csv", "\n".join([  # noqa: FLY002
        "Action,Lead,Timescale,Progress to date",
        ("Audit cases,Northshire Constabulary,Jan 2018,Completed in March: the audit found twelve cases and "
        "the panel has agreed the changes it recommends"),
        # negative: "met" later in a narrative says nothing about the action
        "Visit schools,Northshire Constabulary,Jan 2018,The group met and agreed a plan for the visits next year",
    ]) + "\n")
    built = build([path])
    assert [a.progress for a in built.plans[0].activities] == ["complete", "unknown"]
    gaps = {g.subject.rsplit(":", 1)[1] for g in overdue(built.graph, as_of=date(2018, 7, 1))}
    assert gaps == {"2"}


def test_a_blank_header_column_of_bodies_with_notes_is_the_lead(tmp_path):
    table = html_table([["Action", "", "Outcome"],
                        ["Hold a community event", "Youth Service – with help from the mosques", "Cohesion"],
                        ["Train volunteers", "NCVS – to deliver", "Capacity"],
                        ["Share the findings", "Community Safety Team", "Awareness"]])
    plan = read_plan(web_page(tmp_path / "plan.html", [table], title="Plan"))
    assert plan.columns["lead"] == "lead" and leads(plan.activities[1]) == ["NCVS"]
    # negative: a blank-header column of sentences is not the lead
    table = html_table([["Action", "", "Outcome"],
                        ["Hold a community event", "This will be run in the summer holidays by the team", "Cohesion"],
                        ["Train volunteers", "We will work with the volunteer centre to find people", "Capacity"]])
    plan = read_plan(web_page(tmp_path / "plan2.html", [table], title="Plan"))
    assert "lead" not in plan.columns
