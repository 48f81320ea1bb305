"""The classes of reading error seen on real plans not in this repository (issue 38), each on a
hand-made plan in a format such plans come in, with its negative case beside it."""

from __future__ import annotations

from datetime import date

import openpyxl

from partnermap.graph.gaps.overdue import overdue
from partnermap.ingest import read_plan
from partnermap.pipeline import build
from partnermap.reference.directory import default_directory
from tests.ingest.documents import html_table, to_pdf, web_page, word_document


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


def lines(*rows: str) -> str:
    """A CSV or text file's rows, one a line."""
    return "".join(f"{row}\n" for row in rows)


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- lead cells: how many bodies, and which ------------------------------------------------------


def test_lead_cells_in_a_word_plan(tmp_path):
    rows = [
        ["Action", "Lead", "By when"],
        ["Run hate crime awareness sessions", "Safer Harbourside Partnership & HBC Equalities Team", "March 2024"],
        ["Joint patrols at hotspots", "Public Health and Northshire Constabulary", "June 2024"],
        ["Update guidance for schools", "Department for Education (DfE) and headteachers", "2024"],
        ["Run the third-party reporting centres", "BRIDGE – commissioned by KBC and NCC", "2024"],
        ["Community events", "NCVS, BRIDGE, Interfaith Forum, NCC, district teams – to deliver.", "2024"],
        ["Cohesion fund grants", "Cohesion Officer – Sam Patel", "2024"],
        ["Team briefings", "Team Leaders (AB), (JK)", "2024"],
        # negatives: "and" inside one body's name stays whole
        ["Family support", "Children and Families Service", "2024"],
        ["Youth club", "Youth Service & Community Group", "2024"],
    ]
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
    path = write(
        tmp_path,
        "plan.csv",
        "Action,Lead agency,Named lead officer,Deadline\n"
        "Audit the referral pathway,Northshire Constabulary,Sam Patel,March 2024\n",
    )
    plan = read_plan(path)
    (activity,) = plan.activities
    assert leads(activity) == ["Northshire Constabulary"] and activity.extra == {"Named lead officer": "Sam Patel"}


def test_peoples_names_one_per_line_are_people(tmp_path):
    rows = [
        ["Action", "Lead", "By when"],
        ["Run the reporting centres", "Jane Smith\nMohammed Khan\nChris O'Neill", "March 2024"],
        ["Brief members", "Cllr Jane Smith", "2024"],
        ["Audit the referrals", "J. Smith", "2024"],
        ["Health checks", "Dr A. Patel", "2024"],
        ["Review the service", "Jane Smith (Head of Service)", "2024"],
        # negatives: bodies stay bodies
        ["Awareness sessions", "Safer Harbourside Partnership", "2024"],
        ["Joint patrols", "Bradford MDC", "2024"],
        ["Diversion scheme", "Youth Offending Team", "2024"],
    ]
    path = word_document(tmp_path / "plan.docx", [rows])
    plan = read_plan(path)
    got = [[(o.name, o.person) for o in a.leads] for a in plan.activities]
    assert got[0] == [("Jane Smith", True), ("Mohammed Khan", True), ("Chris O'Neill", True)]  # three people
    assert got[1:5] == [
        [("Cllr Jane Smith", True)],
        [("J. Smith", True)],
        [("Dr A. Patel", True)],
        [("Jane Smith", True)],
    ]
    assert plan.activities[4].leads[0].role == "Head of Service"
    assert got[5:] == [
        [("Safer Harbourside Partnership", False)],
        [("Bradford MDC", False)],
        [("Youth Offending Team", False)],
    ]
    # the plan's own body leads where the plan says whose it is, as for bare role titles
    owned = read_plan(path, {"owner": "Bradford MDC"})
    assert [(o.name, o.role) for o in owned.activities[0].leads] == [
        ("Bradford MDC", "Jane Smith"),
        ("Bradford MDC", "Mohammed Khan"),
        ("Bradford MDC", "Chris O'Neill"),
    ]


# --- column roles and status words ----------------------------------------------------------------


def test_completed_by_is_the_deadline_and_done_is_the_status(tmp_path):
    path = xlsx(
        tmp_path / "plan.xlsx",
        [
            ["Action", "Lead", "Action completed by", "Done? (Y/N)"],
            ["Train staff", "Northshire Constabulary", "31/03/2024", "Ongoing"],
            ["Publish leaflet", "Northshire Constabulary", "31/12/2023", "Y"],
            ["Audit cases", "Northshire Constabulary", "30/06/2023", "N"],
        ],
    )
    plan = read_plan(path)
    assert plan.columns["timescale"] == "Action completed by" and plan.columns["status"] == "Done? (Y/N)"
    first, second, third = plan.activities
    assert first.timescale.start is None and first.timescale.end == date(2024, 3, 31)  # a deadline: the end only
    assert [first.progress, second.progress, third.progress] == ["on_track", "complete", "off_track"]
    assert not first.achieved and second.achieved


def test_status_words(tmp_path):
    path = write(
        tmp_path,
        "plan.csv",
        lines(
            "Action,Lead,Timescale,RAG,Progress update",
            "Train staff,Northshire Constabulary,Jan 2018,Underway (Amber),",
            (
                "Audit cases,Northshire Constabulary,Jan 2018,,Completed in March: the audit found twelve cases and "
                "the panel has agreed the changes it recommends"
            ),
            "Review policy,Northshire Constabulary,Jan 2018,On hold,",
            "Launch campaign,Northshire Constabulary,Jan 2018,Paused,",
            "Publish leaflet,Northshire Constabulary,Jan 2018,Green,",  # negative: Green past its date is overdue
            "Visit schools,Northshire Constabulary,Jan 2018,,The group met and agreed a plan for the visits next year",
        ),
    )
    built = build([path])
    plan = built.plans[0]
    assert [a.progress for a in plan.activities] == ["at_risk", None, "at_risk", "at_risk", "on_track", None]
    # the status column is RAG; the narrative column is kept beside it, and read for its opening words
    assert plan.activities[1].extra["Progress update"].startswith("Completed in March")
    gaps = {g.subject.rsplit(":", 1)[1] for g in overdue(built.graph, as_of=date(2018, 7, 1))}
    assert "5" in gaps and "1" in gaps  # Green and Amber past their dates are overdue


def test_a_narrative_that_opens_complete_is_complete(tmp_path):
    path = write(
        tmp_path,
        "plan.csv",
        lines(
            "Action,Lead,Timescale,Progress to date",
            (
                "Audit cases,Northshire Constabulary,Jan 2018,Completed in March: the audit found twelve cases and "
                "the panel has agreed the changes it recommends"
            ),
            # negative: "met" later in a narrative says nothing about the action
            "Visit schools,Northshire Constabulary,Jan 2018,The group met and agreed a plan for the visits next year",
        ),
    )
    built = build([path])
    assert [a.progress for a in built.plans[0].activities] == ["complete", "unknown"]
    gaps = {g.subject.rsplit(":", 1)[1] for g in overdue(built.graph, as_of=date(2018, 7, 1))}
    assert gaps == {"2"}


def test_a_blank_header_column_of_bodies_with_notes_is_the_lead(tmp_path):
    table = html_table(
        [
            ["Action", "", "Outcome"],
            ["Hold a community event", "Youth Service – with help from the mosques", "Cohesion"],
            ["Train volunteers", "NCVS – to deliver", "Capacity"],
            ["Share the findings", "Community Safety Team", "Awareness"],
        ]
    )
    plan = read_plan(web_page(tmp_path / "plan.html", [table], title="Plan"))
    assert plan.columns["lead"] == "lead" and leads(plan.activities[1]) == ["NCVS"]
    # negative: a blank-header column of sentences is not the lead
    table = html_table(
        [
            ["Action", "", "Outcome"],
            ["Hold a community event", "This will be run in the summer holidays by the team", "Cohesion"],
            ["Train volunteers", "We will work with the volunteer centre to find people", "Capacity"],
        ]
    )
    plan = read_plan(web_page(tmp_path / "plan2.html", [table], title="Plan"))
    assert "lead" not in plan.columns


# --- themes: what is a theme and what is not ------------------------------------------------------


def themes_of(plan) -> list[str | None]:
    return [a.theme.name if a.theme else None for a in plan.activities]


def test_a_theme_above_each_sections_repeated_header(tmp_path):
    path = write(
        tmp_path,
        "plan.csv",
        lines(
            "Community Cohesion Action Plan 2023-24",
            "Bringing communities together",
            "Action,Lead,Timescale",
            "Hold a street party,Northshire Constabulary,Summer 2023",
            "Run a cohesion forum,Northshire Constabulary,2023/24",
            "Tackling hate crime",
            "Action,Lead,Timescale",
            "Open a reporting centre,Northshire Constabulary,2023/24",
        ),
    )
    plan = read_plan(path)
    assert plan.title == "Community Cohesion Action Plan 2023-24"
    assert themes_of(plan) == ["Bringing communities together"] * 2 + ["Tackling hate crime"]
    rules = {r.text: r.rule for r in plan.rows}
    assert rules["Tackling hate crime"] == "section_theme" and rules["Bringing communities together"] == "section_theme"
    # negative: a single line above the only header is the title, not a theme
    path = write(
        tmp_path,
        "one.csv",
        "Community Cohesion Action Plan 2023-24\nAction,Lead,Timescale\n"
        "Hold a street party,Northshire Constabulary,Summer 2023\n",
    )
    plan = read_plan(path)
    assert plan.title == "Community Cohesion Action Plan 2023-24" and plan.themes == []


def test_a_heading_before_each_table_is_its_theme(tmp_path):
    tables = [
        html_table([["Action", "Lead", "Timescale"], ["Hold a street party", "Northshire Constabulary", "2023"]]),
        html_table([["Action", "Lead", "Timescale"], ["Open a reporting centre", "NCVS", "2024"]]),
    ]
    page = web_page(
        tmp_path / "plan.html",
        tables,
        h1="Cohesion plan",
        between=["<h2>Bringing communities together</h2><p>Our first aim.</p>", "<h2>Tackling hate crime</h2>"],
    )
    plan = read_plan(page)
    assert themes_of(plan) == ["Bringing communities together", "Tackling hate crime"]
    doc = word_document(
        tmp_path / "plan.docx",
        [
            [["Action", "Lead", "Timescale"], ["Hold a party", "NCVS", "2023"]],
            [["Action", "Lead", "Timescale"], ["Open a centre", "NCVS", "2024"]],
        ],
        title="Cohesion plan",
        between=[["<b>Bringing communities together</b>"], ["<b>Tackling hate crime</b>"]],
    )
    assert themes_of(read_plan(doc)) == ["Bringing communities together", "Tackling hate crime"]
    # negative: an ordinary paragraph between the tables is not a theme
    page = web_page(
        tmp_path / "plain.html",
        tables,
        h1="Cohesion plan",
        between=["<p>Our first aim is set out below in the table.</p>", "<p>Continued from above.</p>"],
    )
    assert themes_of(read_plan(page)) == [None, None]


def test_two_levels_of_headings(tmp_path):
    path = xlsx(
        tmp_path / "plan.xlsx",
        [
            ["Serious Violence Strategy 2023-26: action plan"],
            ["Action", "Lead", "Timescale"],
            ["Goal 2 - fewer young people carrying weapons"],
            ["Objective 2.3 We will reach young people at risk early"],
            ["Objective lead - Youth Justice Service"],
            ["Run knife crime workshops in schools", "Youth Justice Service", "2023/24"],
            ["Objective 2.4 We will make public spaces safer"],
            ["Improve lighting in the park", "Northshire Constabulary", "2024/25"],
        ],
    )
    plan = read_plan(path)
    assert themes_of(plan) == ["2.3 We will reach young people at risk early", "2.4 We will make public spaces safer"]
    assert len(plan.activities) == 2  # the lead line is neither an activity nor a theme
    record = next(r for r in plan.rows if r.text.startswith("Objective lead"))
    assert record.kind == "text" and record.rule == "lead_line"
    assert not any(w.code == "theme_by_number" for w in plan.warnings)  # 2.3 is inside goal 2: not moved


def test_numbered_headings_listed_before_their_rows(tmp_path):
    # a PDF's reading order: the headings of a page come out together, then the rows that carry their numbers
    path = write(
        tmp_path,
        "plan.txt",
        lines(
            "# Prevent plan",
            "Ref\tAction\tLead\tTimescale",
            "<b>3.1 Safeguarding</b>",
            "<b>3.2 Training</b>",
            "3.1.1\tReview the referral pathway\tNorthshire Constabulary\t2024",
            "3.2.1\tTrain all front-line staff\tNCVS\t2024",
        ),
    )
    plan = read_plan(path)
    assert themes_of(plan) == ["3.1 Safeguarding", "3.2 Training"]
    assert any(w.code == "theme_by_number" for w in plan.warnings)


def test_section_titles_and_the_title_block_are_not_themes(tmp_path):
    path = write(
        tmp_path,
        "plan.txt",
        lines(
            "Action plan - statutory duties of local bodies under the Serious Violence Act",
            "Action\tLead\tTimescale",
            "<b>PRIORITY 1: PREVENTION</b>",
            "Map the local problem\tNorthshire Constabulary\t2023",
            "Section 4: Delivery",
            "Action plan - statutory duties of local bodies under the Serious Violence Act",
            "Action\tLead\tTimescale",
            "Publish the strategy\tNorthshire Constabulary\t2024",
            "Annex B",
            "Agree the data-sharing protocol\tNorthshire Constabulary\t2024",
        ),
    )
    plan = read_plan(path)
    assert [t.name for t in plan.themes] == ["PREVENTION"]
    assert themes_of(plan) == ["PREVENTION"] * 3


def test_a_per_row_column_is_not_a_theme(tmp_path):
    path = xlsx(
        tmp_path / "plan.xlsx",
        [
            ["Aim", "Action", "Lead", "Delivery type", "Timescale"],
            ["Fewer young people carry knives", "Run workshops", "Youth Justice Service", "BAU", "2023"],
            ["Safer town centre at night", "Street pastors", "NCVS", "Project", "2023"],
            ["Victims get support quickly", "Fund an advocate", "Northshire Constabulary", "BAU", "2024"],
            ["Fewer repeat offenders", "Mentoring scheme", "Youth Justice Service", "Project", "2024"],
        ],
    )
    plan = read_plan(path)
    assert plan.themes == [] and plan.activities[0].extra["Aim"] == "Fewer young people carry knives"
    assert any(w.code == "theme_column_per_row" for w in plan.warnings)
    assert next(c for c in plan.column_roles if c["header"] == "Aim")["role"] == "extra"
    # negative: the same column grouping consecutive rows is the theme
    path = xlsx(
        tmp_path / "grouped.xlsx",
        [
            ["Aim", "Action", "Lead", "Timescale"],
            ["Fewer young people carry knives", "Run workshops", "Youth Justice Service", "2023"],
            ["Fewer young people carry knives", "Mentoring scheme", "Youth Justice Service", "2023"],
            ["Safer town centre at night", "Street pastors", "NCVS", "2023"],
            ["", "Better lighting", "NCVS", "2024"],
        ],
    )
    plan = read_plan(path)
    assert themes_of(plan) == ["Fewer young people carry knives"] * 2 + ["Safer town centre at night"] * 2


# --- strategy years ----------------------------------------------------------------------------------


def test_strategy_years_resolve_to_financial_years(tmp_path):
    rows = [
        ["Action", "Lead", "Year"],
        ["Map the local problem", "Northshire Constabulary", 1],
        ["Commission mentoring", "Youth Justice Service", "Yr 3"],
        ["Share data monthly", "Northshire Constabulary", "ongoing"],
        ["Review the strategy", "Northshire Constabulary", "Years 2-3"],
    ]
    plan = read_plan(xlsx(tmp_path / "plan.xlsx", [["Serious Violence Strategy 2023-26: action plan"], *rows]))
    spans = [(a.timescale.start, a.timescale.end) for a in plan.activities]
    assert spans[0] == (date(2023, 4, 1), date(2024, 3, 31)) and spans[1] == (date(2025, 4, 1), date(2026, 3, 31))
    assert plan.activities[2].timescale.ongoing and spans[3] == (date(2024, 4, 1), date(2026, 3, 31))
    # negative: without the period the years stay relative, kept as written, never guessed or dropped
    plan = read_plan(xlsx(tmp_path / "undated.xlsx", [["Serious Violence Strategy: action plan"], *rows]))
    first, second = plan.activities[:2]
    assert first.timescale.relative and first.timescale.start is None and first.timescale.text == "1"
    assert second.timescale.relative and second.timescale.text == "Yr 3"
    assert not any(w.code == "unparsed_timescale" for w in plan.warnings)


# --- sub-action rows ---------------------------------------------------------------------------------


def test_a_sub_action_row_is_an_activity_under_its_action(tmp_path):
    rows = [
        ["Action", "Sub-action", "Lead", "Timescale"],
        ["Improve the referral pathway", "review the referral form", "Northshire Constabulary", "2024"],
        ["", "train the duty team", "", ""],
        ["Run a campaign", "", "NCVS", "2024"],
    ]
    plan = read_plan(word_document(tmp_path / "plan.docx", [rows]))
    assert [a.text for a in plan.activities] == [
        "Improve the referral pathway",
        "Improve the referral pathway – train the duty team",
        "Run a campaign",
    ]
    assert [a.subaction for a in plan.activities] == ["review the referral form", "train the duty team", None]
    assert plan.report.merges == 0 and leads(plan.activities[1]) == ["Northshire Constabulary"]
    # negative: after a page break (the header repeated) a row with no lead or date is still merged
    rows = [
        ["Action", "Lead", "Timescale"],
        ["Work with the GP practices and", "NCVS", "2024"],
        ["Action", "Lead", "Timescale"],
        ["the hospital trust", "", ""],
    ]
    plan = read_plan(word_document(tmp_path / "broken.docx", [rows]))
    assert len(plan.activities) == 1 and plan.activities[0].text == "Work with the GP practices and the hospital trust"


def test_listed_items_are_sub_actions_not_continuations(tmp_path):
    path = write(
        tmp_path,
        "plan.csv",
        lines(
            "Action,Lead,Timescale",
            "Improve the referral pathway by,Northshire Constabulary,2024",
            "a) reviewing the referral form,,",
            "b) training the duty team,,",
            "Work with the GP practices and,NCVS,2024",
            "the hospital trust,,",  # negative: the sentence goes on: a continuation
        ),
    )
    plan = read_plan(path)
    assert [a.text for a in plan.activities] == [
        "Improve the referral pathway by",
        "Improve the referral pathway by – a) reviewing the referral form",
        "Improve the referral pathway by – b) training the duty team",
        "Work with the GP practices and the hospital trust",
    ]
    assert [a.subaction for a in plan.activities][1:3] == [
        "a) reviewing the referral form",
        "b) training the duty team",
    ]
    assert leads(plan.activities[2]) == ["Northshire Constabulary"] and plan.report.merges == 1


def test_one_cell_rows_before_a_page_break_are_not_sections(tmp_path):
    # a PDF's text: the header repeated on each page; the last row of page 1 has no lead or date
    path = write(
        tmp_path,
        "plan.txt",
        lines(
            "# Northshire Prevent Plan 2023-24",
            "Action\tLead\tTimescale",
            "Train staff\tNorthshire Constabulary\t2023",
            "Review the referral policy",
            "Action\tLead\tTimescale",
            "Audit the cases\tNCVS\t2024",
        ),
    )
    plan = read_plan(path)
    assert [a.text for a in plan.activities] == ["Train staff", "Review the referral policy", "Audit the cases"]
    assert plan.themes == []


def test_a_plan_that_opens_with_its_first_section(tmp_path):
    path = write(
        tmp_path,
        "plan.csv",
        lines(
            "Bringing communities together",
            "Action,Lead,Timescale",
            "Hold a street party,Northshire Constabulary,Summer 2023",
            "Tackling hate crime",
            "Action,Lead,Timescale",
            "Open a reporting centre,Northshire Constabulary,2023/24",
        ),
    )
    plan = read_plan(path)
    assert themes_of(plan) == ["Bringing communities together", "Tackling hate crime"] and plan.title == plan.id


def test_a_tag_repeated_across_unrelated_rows_is_not_a_theme(tmp_path):
    path = write(
        tmp_path,
        "plan.csv",
        lines(
            "Strategy pillar,Action,Lead,Timescale",
            "Prevent,Run workshops,Youth Justice Service,2023",
            "Pursue,Disrupt county lines,Northshire Constabulary,2023",
            "Prevent,Mentoring scheme,Youth Justice Service,2024",
            "Protect,Victim advocates,NCVS,2024",
            "Pursue,Knife arches at stations,Northshire Constabulary,2024",
        ),
    )
    plan = read_plan(path)
    assert plan.themes == [] and [a.extra["Strategy pillar"] for a in plan.activities][:2] == ["Prevent", "Pursue"]
    # negative: the same tags in blocks of rows are the plan's themes
    path = write(
        tmp_path,
        "blocks.csv",
        lines(
            "Strategy pillar,Action,Lead,Timescale",
            "Prevent,Run workshops,Youth Justice Service,2023",
            ",Mentoring scheme,Youth Justice Service,2024",
            "Pursue,Disrupt county lines,Northshire Constabulary,2023",
            ",Knife arches at stations,Northshire Constabulary,2024",
            "Protect,Victim advocates,NCVS,2024",
        ),
    )
    plan = read_plan(path)
    assert themes_of(plan) == ["Prevent", "Prevent", "Pursue", "Pursue", "Protect"]


def test_sections_and_part_titles_in_a_pdf_from_word(tmp_path):
    header = ["Action", "Lead", "Timescale"]
    first = [
        ["<b>Bringing communities together</b>"],
        header,
        ["Hold a street party", "Northshire Constabulary", "Summer 2023"],
        ["Section 4: Delivery"],
        ["Run a cohesion forum", "NCVS", "2023/24"],
    ]
    second = [["Tackling hate crime"], header, ["Open a reporting centre", "NCVS", "2023/24"]]
    doc = word_document(tmp_path / "plan.docx", [first, second], title="Northshire Cohesion Action Plan 2023-24")
    pdf = to_pdf(doc)
    plan = read_plan(pdf)
    assert [a.text for a in plan.activities] == [
        "Hold a street party",
        "Run a cohesion forum",
        "Open a reporting centre",
    ]
    assert themes_of(plan) == ["Bringing communities together"] * 2 + ["Tackling hate crime"]
    assert next(r for r in plan.rows if r.text == "Section 4: Delivery").rule == "document_part"


def test_inspect_says_which_rule_decided(tmp_path):
    from partnermap.report.inspect import inspection

    path = write(
        tmp_path,
        "plan.csv",
        lines(
            "Community Cohesion Action Plan 2023-24",
            "Bringing communities together",
            "Action,Lead,Timescale",
            "Hold a street party,Northshire Constabulary,Summer 2023",
            "Section 4: Delivery",
            "Tackling hate crime",
            "Action,Lead,Timescale",
            "Open a reporting centre,NCVS,2023/24",
        ),
    )
    rows = inspection(read_plan(path))["rows"]
    assert [r["rule"] for r in rows] == [
        "title",
        "section_theme",
        "column_header",
        "activity",
        "document_part",
        "section_theme",
        "page_marker",
        "activity",
    ]
