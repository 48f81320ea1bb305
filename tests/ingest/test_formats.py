"""Other councils' plans: Markdown, CSV (sniffed, BOM, cp1252, quoted newlines) and Excel, written here."""

from __future__ import annotations

from datetime import date, datetime

import openpyxl
import pytest

from partnermap.ingest import read_plan
from partnermap.reference.orgs import OrgDirectory

CSV_PLAN = """\
Ref;Theme;Action;Action owner;Supporting partners;Success measure;By when;RAG
1;Priority 1: Safeguarding;"Train 200 frontline staff
in WRAP";Leeds City Council;West Yorkshire Police & NHS Leeds;200 staff trained;Q3 2019/20;Green
2;;Brief elected members;Leeds City Council;;Members briefed;31/03/2020;Amber
3;Priority 2: Schools;Support schools with resources;;Leeds City Council;Resources used;Summer term 2020;
"""


def write_csv(tmp_path, text, encoding="utf-8", name="plan.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_csv_semicolons_theme_column_and_quoted_newlines(tmp_path):
    plan = read_plan(write_csv(tmp_path, CSV_PLAN))
    assert plan.columns == {
        "ref": "Ref",
        "theme": "Theme",
        "activity": "Action",
        "lead": "Action owner",
        "partners": "Supporting partners",
        "outcome": "Success measure",
        "timescale": "By when",
        "status": "RAG",
    }
    first, second, third = plan.activities
    assert first.text == "Train 200 frontline staff in WRAP"
    assert (first.provenance.line, first.provenance.line_end) == (2, 3)
    assert [o.name for o in first.partners] == ["West Yorkshire Police", "NHS Leeds"]
    assert first.timescale.start == date(2019, 10, 1) and first.status == "Green"
    assert second.theme == first.theme and second.theme.number == 1 and second.theme.name == "Safeguarding"
    assert second.timescale.end == date(2020, 3, 31)
    assert third.theme.number == 2 and third.leads == [] and third.timescale.start == date(2020, 4, 1)
    assert [w.code for w in plan.warnings] == ["empty_cell"]
    assert plan.report.rows_read == 4 and plan.report.activities == 3


def test_a_row_with_no_lead_but_its_own_timescale_is_an_activity_not_a_continuation(tmp_path):
    plan = read_plan(write_csv(tmp_path, CSV_PLAN))
    assert len(plan.activities) == 3 and plan.report.merges == 0


@pytest.mark.parametrize("encoding, bom", [("utf-8", True), ("utf-8", False), ("cp1252", False)])
def test_csv_encodings(tmp_path, encoding, bom):
    text = "Activity,Lead,Timescale\nCafé outreach – phase 2,Bradford MDC,Oct 2018\n"
    data = ("\ufeff" if bom else "") + text
    plan = read_plan(write_csv(tmp_path, data, encoding))
    assert plan.activities[0].text == "Café outreach – phase 2"
    assert plan.columns["activity"] == "Activity"


def test_tsv_and_comma_csv(tmp_path):
    tsv = read_plan(write_csv(tmp_path, "Task\tLead\tDeadline\nDo it\tBradford MDC\tMar-25\n", name="p.tsv"))
    assert (tsv.activities[0].timescale.start, tsv.activities[0].timescale.end) == (
        None,
        date(2025, 3, 31),
    )  # a deadline
    csv_plan = read_plan(write_csv(tmp_path, 'Activity,Lead,Outcome\n"A, B and C",Bradford MDC,Better\n'))
    assert csv_plan.activities[0].text == "A, B and C"


MARKDOWN = """\
# Kirklees Prevent Action Plan 2024-25

| Objective | Activity | Lead | Expected outcome | Timescale |
|---|---|---|---|---|
| **1. Leadership** | Refresh the partnership board | Kirklees Council | Board meets | 2024-25 |
| | Publish the risk assessment | Kirklees Council / West Yorkshire Police | Published | TBC |
| **3. Communities** | Community \\| faith roadshow | Kirklees Council | 10 events | Quarterly |
"""


def test_markdown_pipe_table_with_theme_column(tmp_path):
    path = tmp_path / "kirklees.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    plan = read_plan(path)
    assert plan.title == "Kirklees Prevent Action Plan 2024-25"
    assert [(t.number, t.name) for t in plan.themes] == [(1, "Leadership"), (3, "Communities")]
    assert [a.theme.number for a in plan.activities] == [1, 1, 3]
    assert plan.activities[1].timescale.unscheduled
    assert plan.activities[2].text == "Community | faith roadshow"
    assert [w.code for w in plan.warnings] == ["theme_numbering_gap"]
    r = plan.report
    assert r.rows_read == 6 == r.activities + r.merges + r.theme_rows + r.header_rows + r.warning_rows


def test_extracted_text_quirks(tmp_path):
    text = (
        "# Calderdale plan\n"
        "Action\tLead\tOutcome\tTimescale\n"
        "<b>THEME A: PREVENTION</b>\t\t\t\n"
        "Deliver sessions to\tCalderdale Council\tMore\tJan 2020\n"
        "Page 2 of 3\n"
        "Action\tLead\tOutcome\tTimescale\n"
        "parents of pupils\t\taware\t\n"
        "Missing lead row\t\tSomething\tFeb 2020\n"
        "\tCalderdale Council\t\t\n"
        "---\t---\t---\t---\n"
    )
    path = tmp_path / "calderdale.txt"
    path.write_text(text, encoding="utf-8")
    plan = read_plan(path)
    first, second = plan.activities
    assert first.text == "Deliver sessions to parents of pupils" and first.outcome.text == "More aware"
    assert second.leads == [] and second.timescale.start == date(2020, 2, 1)
    assert [(t.number, t.name) for t in plan.themes] == [(None, "A: PREVENTION")]
    codes = [w.code for w in plan.warnings]
    assert codes.count("row_merged") == 1 and "empty_cell" in codes and "unrecognised_row" in codes
    r = plan.report
    assert (r.rows_read, r.activities, r.merges, r.theme_rows, r.header_rows, r.warning_rows) == (10, 2, 1, 1, 5, 1)


def make_workbook(path):
    wb = openpyxl.Workbook()
    notes = wb.active
    notes.title = "Notes"
    notes["A1"] = "Read me first"
    ws = wb.create_sheet("Action plan")
    ws["A1"] = "Wakefield District Prevent Action Plan"
    ws["A2"] = "Updated March 2024"
    ws.append([])
    ws.append(["Strand", "Action", "Lead agency", "Partners", "Outcome / measure", "Target date", "Status"])
    ws.append(
        [
            "Safeguarding",
            "Train designated safeguarding leads",
            "Wakefield Council",
            "Wakefield College",
            "90% trained",
            datetime(2024, 7, 31),
            "On track",
        ]
    )
    ws.append([None, "Audit referral pathway", "Wakefield Council", None, "Audit report", "Q2 2024/25", "Complete"])
    ws.append(
        [
            "Communities",
            "Faith leaders forum",
            "Wakefield Council",
            "Interfaith Network",
            "Forum meets",
            "Spring term 2025",
            None,
        ]
    )
    ws.merge_cells("A5:A6")
    other = wb.create_sheet("Second plan")
    other.append(["Task", "Owner", "Due"])
    other.append(["Only task", "Wakefield Council", "2025"])
    wb.save(path)
    return path


def test_excel_picks_the_action_plan_sheet_with_merged_themes_and_real_dates(tmp_path):
    plan = read_plan(make_workbook(tmp_path / "wakefield.xlsx"))
    assert plan.title == "Wakefield District Prevent Action Plan"
    assert [a.text for a in plan.activities] == [
        "Train designated safeguarding leads",
        "Audit referral pathway",
        "Faith leaders forum",
    ]
    first, second, third = plan.activities
    assert first.theme.name == "Safeguarding" and second.theme is first.theme and third.theme.name == "Communities"
    assert (first.timescale.start, first.timescale.end) == (None, date(2024, 7, 31))  # a target date: the end
    assert first.timescale.text == "2024-07-31"
    assert second.achieved and second.timescale.start == date(2024, 7, 1)
    assert first.provenance.sheet == "Action plan" and first.provenance.row == 5
    assert first.provenance.location().endswith("wakefield.xlsx[Action plan]:row 5")
    assert [o.name for o in first.partners] == ["Wakefield College"]
    r = plan.report
    assert r.rows_read == 6 == r.activities + r.merges + r.theme_rows + r.header_rows + r.warning_rows


def test_excel_sheet_option(tmp_path):
    plan = read_plan(make_workbook(tmp_path / "wakefield.xlsx"), {"sheet": "Second plan"})
    assert [a.text for a in plan.activities] == ["Only task"]


def test_an_organisation_directory_changes_canonical_names(tmp_path):
    from partnermap.reference.orgs import KnownOrganisation

    path = write_csv(tmp_path, "Activity,Lead\nThing,BO / Bradford Metropolitan District Council\n")
    assert [o.name for o in read_plan(path).activities[0].leads] == ["BO", "Bradford MDC"]
    directory = OrgDirectory([KnownOrganisation("Big Org", "business", ("BO",))])
    assert [o.name for o in read_plan(path, directory=directory).activities[0].leads] == [
        "Big Org",
        "Bradford Metropolitan District Council",
    ]
