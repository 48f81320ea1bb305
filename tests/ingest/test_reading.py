"""The reading rules, each beside its negative case, on plans the tests write themselves."""

from __future__ import annotations

import json
from datetime import date

import openpyxl
import pytest
from click.testing import CliRunner

from partnermap.cli import cli
from partnermap.errors import InputError
from partnermap.ingest import read_plan
from partnermap.ingest.columns import roles_of
from partnermap.ingest.progress import progress_of
from partnermap.ingest.timescale import parse_timescale
from partnermap.pipeline import build
from partnermap.report.tables import gap_report


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def tsv(*rows: str) -> str:
    return "\n".join("\t".join(c.strip() for c in r.split("|")) for r in rows) + "\n"


# --- column roles ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header, role",
    [
        ("Action owner", "lead"),
        ("Responsible", "lead"),
        ("Accountable officer", "lead"),
        ("Who?", "lead"),
        ("Person responsible for delivery", "lead"),
        ("Lead partner", "lead"),
        ("Delivery Led By", "lead"),
        ("Partners", "partners"),
        ("Supported by", "partners"),
        ("Key partners", "partners"),
        ("Deadline", "timescale"),
        ("Due", "timescale"),
        ("Target date", "timescale"),
        ("Completion date:", "timescale"),
        ("When", "timescale"),
        ("By when?", "timescale"),
        ("To be achieved by", "timescale"),
        ("Priority", "theme"),
        ("Objective", "theme"),
        ("Strand", "theme"),
        ("Workstream", "theme"),
        ("Expected outcome", "outcome"),
        ("Success measure", "outcome"),
        ("KPI", "outcome"),
        ("Impact", "outcome"),
        ("Output", "outcome"),
        ("RAG", "status"),
        ("Progress", "status"),
        ("Update", "status"),
        ("Specific Actions", "activity"),
        ("ACTION REQUIRED", "activity"),
        ("Sub-actions", "subaction"),
    ],
)
def test_the_names_real_plans_give_their_columns(header, role):
    assert roles_of(header)[0][0] == role


@pytest.mark.parametrize("header", ["Work to date", "Progress to date"])
def test_to_date_is_not_a_timescale(header):
    assert "timescale" not in dict(roles_of(header))


def test_a_header_naming_two_roles_gets_both_the_second_only_where_free(tmp_path):
    both = read_plan(
        write(tmp_path, "a.txt", tsv("Action | Timescale/ Target | Lead", "Train staff | By May 2019 | Council"))
    )
    assert both.columns == {
        "activity": "Action",
        "timescale": "Timescale/ Target",
        "outcome": "Timescale/ Target",
        "lead": "Lead",
    }
    assert both.activities[0].outcome.text == "By May 2019" and both.activities[0].timescale.end == date(2019, 5, 31)
    taken = read_plan(
        write(
            tmp_path,
            "b.txt",
            tsv("Action | Timescale/ Target | Lead | Outcome", "Train staff | May 2019 | Council | Staff trained"),
        )
    )
    assert taken.columns["outcome"] == "Outcome"


def test_the_best_scoring_row_is_the_header_after_titles_and_a_key(tmp_path):
    text = tsv(
        "Community Safety Plan 2024",
        "Some words of introduction to the plan that run on.",
        "Status: | Not started | On track | Complete",
        "",
        "Ref | Action | Lead | Partners | Outcome | Deadline | RAG",
        "1.1 | Train staff | Council | Police | Staff trained | March 2025 | Green",
    )
    plan = read_plan(write(tmp_path, "p.txt", text))
    assert plan.header["line"] == 5 and plan.title == "Community Safety Plan 2024"
    assert len(plan.activities) == 1 and plan.activities[0].lead_text == "Council"


def test_a_blank_header_column_is_found_by_its_content_and_said(tmp_path):
    text = tsv("Action | Lead | ", "Train staff | Council | March 2019", "Brief governors | Council | Apr-Jun 2019")
    plan = read_plan(write(tmp_path, "p.txt", text))
    assert plan.activities[1].timescale.end == date(2019, 6, 30)
    (warning,) = [w for w in plan.warnings if w.code == "column_inferred"]
    assert "column 3 (no header) is read as the timescale" in warning.message
    # negative: a blank-headed column of prose is not taken for a timescale; it is kept, not dropped
    prose = read_plan(
        write(
            tmp_path,
            "q.txt",
            tsv(
                "Action | Lead | Timescale | ",
                "Train staff | Council | 2019 | funded by the lottery grant",
                "Brief governors | Council | 2019 | needs a venue",
            ),
        )
    )
    assert prose.activities[0].extra == {"column 4": "funded by the lottery grant"}
    assert not [w for w in prose.warnings if w.code == "column_inferred"]


def test_column_overrides_and_a_columns_file(tmp_path):
    text = tsv("What | Body | Comments", "Train staff | Council | March 2019")
    plan = read_plan(write(tmp_path, "p.txt", text), {"columns": {"lead": "Body", "timescale": "Comments"}})
    assert plan.activities[0].lead_text == "Council" and plan.activities[0].timescale.end == date(2019, 3, 31)
    assert {c["header"]: c["evidence"] for c in plan.column_roles}["Body"] == "override"
    mapping = write(tmp_path, "columns.yaml", "lead: Body\ntimescale: Comments\n")
    result = CliRunner().invoke(
        cli, ["summary", str(tmp_path / "p.txt"), "--columns", str(mapping), "--format", "json"]
    )
    assert json.loads(result.stdout)["plans"][0]["columns"]["lead"] == "Body"
    bad = CliRunner().invoke(cli, ["summary", str(tmp_path / "p.txt"), "--column", "leader=Body"])
    assert bad.exit_code == 2 and "is not ROLE=HEADER" in bad.stderr


def test_no_header_names_the_best_candidate_and_suggests_column(tmp_path):
    path = write(tmp_path, "p.txt", tsv("Plan", "Thing to do | Body | Cost", "Train staff | Council | 2019"))
    with pytest.raises(InputError) as info:
        read_plan(path)
    message = str(info.value)
    assert message.startswith(
        f"{path}:2: no column header row found; the best candidate is ['Thing to do', "
        f"'Body', 'Cost']: it lacks an activity column"
    )
    assert "--column ROLE=HEADER" in message
    assert (
        read_plan(path, {"columns": {"activity": "Thing to do", "lead": "Body"}}).activities[0].lead_text == "Council"
    )


# --- themes --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "heading, number, name",
    [
        ("1. Community engagement", 1, "Community engagement"),
        ("Theme 2 - Safer schools", 2, "Safer schools"),
        ("Priority 3: Online harms", 3, "Online harms"),
        ("Objective: Reduce reoffending", None, "Reduce reoffending"),
        ("Strategic Goal 4 Resilient communities", 4, "Resilient communities"),
        ("SAFER STREETS", None, "SAFER STREETS"),
        ("<b>Working together</b>", None, "Working together"),
    ],
)
def test_theme_headings_in_the_styles_people_use(tmp_path, heading, number, name):
    plan = read_plan(
        write(tmp_path, "p.txt", tsv("Action | Lead | Timescale", heading, "Train staff | Council | 2019"))
    )
    assert [(t.number, t.name) for t in plan.themes] == [(number, name)]
    assert plan.activities[0].theme.name == name


def test_an_ordinary_sentence_is_not_a_theme(tmp_path):
    plan = read_plan(
        write(
            tmp_path,
            "p.txt",
            tsv(
                "Action | Lead | Timescale",
                "Train staff | Council | 2019",
                "Review the plan with partners. | Council | 2020",
            ),
        )
    )
    assert plan.themes == [] and len(plan.activities) == 2


def test_excel_themes_merged_across_the_row_and_down_a_column(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Safer Doncaster Plan"])
    ws.append(["Action", "Lead", "Timescale"])
    ws.append(["Theme 1: Safer streets"])
    ws.merge_cells("A3:C3")
    ws.append(["Patrols", "Police", "2019"])
    ws.append(["Theme 2: Safer schools"])
    ws.merge_cells("A5:C5")
    ws.append(["Assemblies", "Council", "2020"])
    path = tmp_path / "across.xlsx"
    wb.save(path)
    plan = read_plan(path)
    assert [(a.text, a.theme.number) for a in plan.activities] == [("Patrols", 1), ("Assemblies", 2)]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Priority", "Action", "Lead", "Timescale"])
    ws.append(["Safer streets", "Patrols", "Police", "2019"])
    ws.append([None, "Lighting", "Council", "2019"])
    ws.merge_cells("A2:A3")
    path = tmp_path / "down.xlsx"
    wb.save(path)
    assert [a.theme.name for a in read_plan(path).activities] == ["Safer streets", "Safer streets"]


def test_numbered_activities_go_under_their_theme_out_of_reading_order(tmp_path):
    """PDF extraction listed the headings first: 2.1 still belongs to theme 2."""
    text = tsv(
        "Ref | Action | Lead | Timescale",
        "1. Leadership",
        "2. Capabilities",
        "1.1 | Review governance | Council | 2019",
        "2.1 | Train staff | Council | 2019",
        " | Brief governors | Council | 2019",
    )
    plan = read_plan(write(tmp_path, "p.txt", text))
    assert [(a.ref, a.theme.number) for a in plan.activities] == [("1.1", 1), ("2.1", 2), (None, 2)]
    moved = [w for w in plan.warnings if w.code == "theme_by_number"]
    assert len(moved) == 1 and "numbered '1.1': placed under theme 1 (Leadership)" in moved[0].message
    # negative: an unnumbered activity stays where it was read
    assert plan.activities[2].text == "Brief governors"


def test_a_heading_above_the_table_is_its_theme(tmp_path):
    plan = read_plan(
        write(
            tmp_path,
            "p.md",
            "# Business plan\n\n## Priority 1a Early Help\n\n"
            "| Action | Lead | Timescale |\n|---|---|---|\n| Train staff | Board | 2019 |\n",
        )
    )
    assert plan.title == "Business plan" and plan.activities[0].theme.name == "Early Help"


# --- continuations -------------------------------------------------------------------------------


def test_a_row_after_a_page_marker_continues_the_row_above(tmp_path):
    text = tsv(
        "Action | Lead | Timescale",
        "Train staff across the district in the new | Council | 2019",
        "Page 1 of 2",
        "Action | Lead | Timescale",
        "Safeguarding procedures | | ",
    )
    plan = read_plan(write(tmp_path, "p.txt", text))
    assert [a.text for a in plan.activities] == ["Train staff across the district in the new Safeguarding procedures"]
    assert "right after a page break" in next(w.message for w in plan.warnings if w.code == "row_merged")


def test_an_unfinished_sentence_going_on_in_lower_case_continues(tmp_path):
    text = tsv(
        "Action | Lead | Timescale", "Train staff across the district in | Council | 2019", "the new procedures. | | "
    )
    plan = read_plan(write(tmp_path, "p.txt", text))
    assert [a.text for a in plan.activities] == ["Train staff across the district in the new procedures."]


def test_a_row_with_its_own_action_is_its_own_activity_even_without_lead_or_date(tmp_path):
    text = tsv(
        "Action | Lead | Timescale",
        "Train staff across the district. | Council | 2019",
        "Brief school governors | | ",
        "Review the plan in | Council | 2020",
        "Schools and colleges | | ",
    )
    plan = read_plan(write(tmp_path, "p.txt", text))
    assert [a.text for a in plan.activities] == [
        "Train staff across the district.",
        "Brief school governors",
        "Review the plan in",
        "Schools and colleges",
    ]
    assert plan.report.merges == 0
    assert len([w for w in plan.warnings if w.code == "empty_cell" and "'Lead'" in w.message]) == 2


def test_sub_action_rows_keep_their_actions_text_and_lead(tmp_path):
    text = tsv(
        "Action | Sub-action | Lead | Timescale",
        "Deliver training | Design the course | Council | 2019",
        " | Run six sessions | | 2020",
        "Review the plan | | Police | 2021",
    )
    plan = read_plan(write(tmp_path, "p.txt", text))
    assert [(a.text, a.subaction, a.lead_text) for a in plan.activities] == [
        ("Deliver training", "Design the course", "Council"),
        ("Deliver training – Run six sessions", "Run six sessions", "Council"),
        ("Review the plan", None, "Police"),
    ]
    assert plan.activities[1].timescale.text == "2020"


# --- progress and timescale words ------------------------------------------------------------------


def test_rag_as_uk_public_bodies_use_it():
    assert [progress_of(w) for w in ("Green", "Amber", "Red", "Blue", "Complete", "Not started")] == [
        "on_track",
        "at_risk",
        "off_track",
        "complete",
        "complete",
        "not_started",
    ]


def test_green_past_its_date_is_overdue_and_blue_is_not(tmp_path):
    text = (
        "Action,Lead,Timescale,RAG\nTrain staff,Council,March 2018,Green\nBrief governors,Council,March 2018,Blue\n"
        "Visit mosques,Council,March 2018,Red\n"
    )
    built = build([write(tmp_path, "p.csv", text)])
    plan = built.plans[0]
    assert [(a.progress, a.achieved) for a in plan.activities] == [
        ("on_track", False),
        ("complete", True),
        ("off_track", False),
    ]
    overdue = [g for g in gap_report(built.graph, as_of=date(2018, 7, 1))["gaps"] if g["kind"] == "overdue"]
    assert sorted(g["subject"] for g in overdue) == ["Activity:p:1", "Activity:p:3"]


def test_complete_by_is_a_deadline_completed_is_done():
    deadline = parse_timescale("Complete by 31 Jan 2026")
    assert (deadline.achieved, deadline.start, deadline.end) == (False, None, date(2026, 1, 31))
    assert not parse_timescale("To be completed by March 2019").achieved
    assert not parse_timescale("Due by June 2020").achieved
    done = parse_timescale("Completed March 2019")
    assert done.achieved and done.end == date(2019, 3, 31)
    assert parse_timescale("Achieved").achieved


def test_relative_timescales_are_kept_and_reported(tmp_path):
    ts = parse_timescale("Within six months of the plan's start")
    assert ts.relative and ts.parsed and ts.start is None and ts.end is None and not ts.open_ended
    plan = read_plan(
        write(tmp_path, "p.csv", "Action,Lead,Timescale\nTrain staff,Council,Within six months of the plan's start\n")
    )
    assert [w.code for w in plan.warnings] == ["relative_timescale"]


def test_a_deadline_column_gives_an_end_only(tmp_path):
    plan = read_plan(write(tmp_path, "p.csv", "Action,Lead,To be achieved by\nTrain staff,Council,August 05\n"))
    assert (plan.activities[0].timescale.start, plan.activities[0].timescale.end) == (None, date(2005, 8, 31))
    plan = read_plan(write(tmp_path, "q.csv", "Action,Lead,Timescale\nTrain staff,Council,August 05\n"))
    assert plan.activities[0].timescale.start == date(2005, 8, 1)  # negative: a plain timescale is the month


# --- organisations -------------------------------------------------------------------------------


def test_an_acronym_the_plan_defines_resolves(tmp_path):
    text = (
        "Action,Lead,Timescale\nTrain staff,Warrington Borough Council (WBC),2019\nBrief governors,WBC,2019\n"
        "Visit schools,Jill King (WBC),2019\n"
    )
    plan = read_plan(write(tmp_path, "p.csv", text))
    assert [[(o.name, o.role) for o in a.leads] for a in plan.activities] == [
        [("Warrington Borough Council", "")],
        [("Warrington Borough Council", "")],
        [("Warrington Borough Council", "Jill King")],
    ]  # a person of the body
    assert [o.raw for o in plan.activities[1].leads] == ["WBC"]  # what was written is kept


@pytest.mark.parametrize(
    "written, sector",
    [
        ("Bradford Districts CCG", "nhs_commissioner"),
        ("West Yorkshire ICB", "nhs_commissioner"),
        ("Keighley CVS", "voluntary_community"),
        ("Bradford YOT", "youth_justice"),
        ("Shipley College", "further_education"),
        ("Slough LSCB", "social_care"),
        ("all schools", "schools"),
        ("the district councils", "local_authority"),
        ("Northumbria CRC", "probation"),
    ],
)
def test_common_sector_acronyms_and_groups(written, sector):
    from partnermap.reference.directory import default_directory

    directory = default_directory()
    (org,) = directory.split(written)
    assert directory.sector_of(org.name) == sector


def test_role_titles_are_the_plans_own_organisations_leads(tmp_path):
    text = "Action,Lead,Timescale\nTrain staff,Prevent Lead,2019\nBrief governors,Head of Safeguarding; WYP,2019\n"
    path = write(tmp_path, "p.csv", text)
    owned = read_plan(path, {"owner": "Bradford Metropolitan District Council"})
    assert owned.owner == "Bradford MDC"
    assert [[(o.name, o.role) for o in a.leads] for a in owned.activities] == [
        [("Bradford MDC", "Prevent Lead")],
        [("Bradford MDC", "Head of Safeguarding"), ("West Yorkshire Police", "")],
    ]
    # negative: without an owner a role stays as written
    assert [o.name for o in read_plan(path).activities[0].leads] == ["Prevent Lead"]
    titled = read_plan(write(tmp_path, "t.csv", "Bradford Council Prevent Plan\n" + text))
    assert titled.owner == "Bradford MDC" and titled.activities[0].leads[0].name == "Bradford MDC"


def test_bullet_and_line_lists_in_one_cell_are_several_bodies(tmp_path):
    md = (
        "| Action | Lead | Timescale |\n|---|---|---|\n"
        "| Train staff | - Bradford MDC<br>- West Yorkshire Police | 2019 |\n"
    )
    plan = read_plan(write(tmp_path, "p.md", md))
    assert [o.name for o in plan.activities[0].leads] == ["Bradford MDC", "West Yorkshire Police"]


# --- how it was read -----------------------------------------------------------------------------


def test_inspect_shows_the_header_columns_and_every_row(tmp_path):
    text = tsv(
        "Safer Plan",
        "Action | Lead | ",
        "1. Streets",
        "Patrols in the town | Police | 2019",
        "centre at night | | ",
        "Nothing here |  | | extra words",
    )
    path = write(tmp_path, "p.txt", text)
    result = CliRunner().invoke(cli, ["inspect", str(path)], terminal_width=100)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"Safer Plan ({path})"
    assert lines[1] == "6 rows read = 2 activities + 1 merged + 1 theme + 2 header/title + 0 skipped"
    assert lines[2] == (f"Column header: {path}:2 (score 5.0; roles activity, lead): Action | Lead")
    body = "\n".join(lines)
    assert "│ 3 │          │ timescale │ its content │ its cells read as timescales ('2019')   │" in body
    assert "│ 4 │ column 4 │ extra     │ its content │ kept on each activity as an extra field │" in body
    for where, became in (
        ("1", "title"),
        ("2", "header"),
        ("3", "theme 1. Streets"),
        ("4", "activity 1"),
        ("5", "merged into 1"),
        ("6", "activity 2"),
    ):
        assert any(line.startswith(f"│ {where} ") and f"│ {became} " in line for line in lines), (where, became)
    data = json.loads(CliRunner().invoke(cli, ["inspect", str(path), "--format", "json"]).stdout)
    assert [r["became"] for r in data["rows"]] == [
        "title",
        "header",
        "theme 1. Streets",
        "activity 1",
        "merged into 1",
        "activity 2",
    ]
    assert [(c["column"], c["role"], c["evidence"]) for c in data["columns"]] == [
        (1, "activity", "its header"),
        (2, "lead", "its header"),
        (3, "timescale", "its content"),
        (4, "extra", "its content"),
    ]


def test_first_lines_are_those_of_the_whole_text():
    import random

    from partnermap.ingest.delimited import _first_lines

    rng = random.Random(3)
    breaks = ["\n", "\r\n", "\r", "\u2028", "\x0c"]
    for _ in range(300):
        text = "".join(
            rng.choice(["x" * rng.randrange(0, 400), rng.choice(breaks)]) for _ in range(rng.randrange(0, 200))
        )
        for count in (1, 50):
            assert _first_lines(text, count) == text.splitlines()[:count]
