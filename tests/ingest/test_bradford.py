"""The Bradford plan, read for real: the 'done when' of the ingest issue."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from partnermap.ingest import read_plan


@pytest.fixture(scope="module")
def plan(bradford_path):
    return read_plan(bradford_path)


@pytest.fixture(scope="module")
def lines(bradford_path):
    return bradford_path.read_text(encoding="utf-8").splitlines()


def by_start(plan, words):
    return next(a for a in plan.activities if a.text.startswith(words))


def test_34_activities_in_themes_1_2_4_with_a_gap_warning_for_3(plan):
    assert len(plan.activities) == 34
    assert [(t.number, t.name) for t in plan.themes] == [
        (1, "EFFECTIVE LEADERSHIP"),
        (2, "CAPABILITIES"),
        (4, "WORKING IN PARTNERSHIP"),
    ]
    assert Counter(a.theme.number for a in plan.activities) == {1: 9, 2: 9, 4: 16}
    gaps = [w for w in plan.warnings if w.code == "theme_numbering_gap"]
    assert len(gaps) == 1 and "no theme 3" in gaps[0].message and gaps[0].line == 36


def test_seven_local_projects_with_markup_stripped(plan):
    local = [a for a in plan.activities if a.kind == "Local Project"]
    assert len(local) == 7
    assert {a.kind for a in plan.activities} == {None, "Local Project"}
    assert not any("<" in a.text or "Local Project" in a.text for a in plan.activities)
    assert local[0].text.startswith("Empowering mothers with awareness")


def test_leads_bradford_mdc_all_and_west_yorkshire_police_five(plan):
    leads = Counter(o.name for a in plan.activities for o in a.leads)
    assert leads == {"Bradford MDC": 34, "West Yorkshire Police": 5}
    police = [a.provenance.line for a in plan.activities if any(o.name == "West Yorkshire Police" for o in a.leads)]
    assert police == [7, 8, 9, 12, 14]
    assert all(a.lead_text in ("Bradford MDC", "Bradford MDC/ West Yorkshire Police") for a in plan.activities)


def test_page_broken_rows_are_merged_cell_by_cell(plan, lines):
    neighbours = by_start(plan, "Attend the Northern Prevent Network")
    assert neighbours.text.endswith("especially with immediate neighbours.")
    assert (neighbours.provenance.line, neighbours.provenance.line_end) == (39, 41)
    assert neighbours.timescale.text == "Ongoing"
    mosque = by_start(plan, "Mosque Management and Governance Training")
    assert mosque.text == (
        "Mosque Management and Governance Training to support policy development, provision of efficient "
        "services and management systems. This course will provide guidance on safeguarding, health and safety "
        "and raising quality standards."
    )
    assert mosque.outcome.text == (
        "Well run Mosques continue to be resilient to hate narratives and have measures in "
        "place to respond to all forms of extremism."
    )
    assert mosque.kind == "Local Project"
    assert (mosque.provenance.line, mosque.provenance.line_end) == (48, 50)
    merged = [w.line for w in plan.warnings if w.code == "row_merged"]
    assert merged == [41, 50]
    assert lines[40].startswith("immediate neighbours.") and lines[49].startswith("policy development")


def test_every_non_blank_line_is_accounted_for(plan, lines):
    report = plan.report
    assert report.rows_read == sum(1 for line in lines if line.strip())
    assert report.rows_read == (
        report.activities + report.merges + report.theme_rows + report.header_rows + report.warning_rows
    )
    assert (report.activities, report.merges, report.theme_rows, report.warning_rows) == (34, 2, 3, 0)


def test_provenance_points_at_the_source_line_and_keeps_raw_cells(plan, lines):
    for activity in plan.activities:
        line = lines[activity.provenance.line - 1]
        assert line.split("\t")[0].replace("<b>Local Project:</b> ", "").startswith(activity.text[:30])
        assert activity.provenance.file.endswith("bradford-prevent-plan-2017-19.txt")
        assert len(activity.provenance.raw) == 4


EXPECTED_TIMESCALES = {
    "Sept/ Oct 2018": (date(2018, 9, 1), date(2018, 10, 31)),
    "Oct- Dec 2018": (date(2018, 10, 1), date(2018, 12, 31)),
    "Apr-Jun 2018": (date(2018, 4, 1), date(2018, 6, 30)),
    "Ongoing": (None, None),
    "Jan-Mar 2018": (date(2018, 1, 1), date(2018, 3, 31)),
    "Sept 2017 and March 2018": (date(2017, 9, 1), date(2018, 3, 31)),
    "Achieved": (None, None),
    "Feb 2018": (date(2018, 2, 1), date(2018, 2, 28)),
    "Oct-Dec 18": (date(2018, 10, 1), date(2018, 12, 31)),
    "July 18- Dec 18": (date(2018, 7, 1), date(2018, 12, 31)),
    "Jan-Mar 2019": (date(2019, 1, 1), date(2019, 3, 31)),
    "From Sept 2017": (date(2017, 9, 1), None),
    "Oct 17 – Oct 18": (date(2017, 10, 1), date(2018, 10, 31)),
    "Achieved 2017": (date(2017, 1, 1), date(2017, 12, 31)),
    "Jan-Feb 2018 Ongoing – programme of events to be agreed": (date(2018, 1, 1), date(2018, 2, 28)),
    "From January 2018": (date(2018, 1, 1), None),
    "From April 2018": (date(2018, 4, 1), None),
    "April 2017 – March 2018": (date(2017, 4, 1), date(2018, 3, 31)),
    "Sept 2017": (date(2017, 9, 1), date(2017, 9, 30)),
    "March 2018": (date(2018, 3, 1), date(2018, 3, 31)),
}


def test_every_timescale_parses_to_the_right_dates(plan):
    seen = {a.timescale.text for a in plan.activities}
    assert seen == set(EXPECTED_TIMESCALES)
    for activity in plan.activities:
        ts = activity.timescale
        assert ts.parsed and (ts.start, ts.end) == EXPECTED_TIMESCALES[ts.text], ts.text
    assert not [w for w in plan.warnings if w.code == "unparsed_timescale"]


def test_timescale_flags(plan):
    flags = {a.timescale.text: a.timescale for a in plan.activities}
    assert flags["Ongoing"].ongoing and not flags["Ongoing"].achieved
    assert flags["Achieved"].achieved and flags["Achieved 2017"].achieved
    assert flags["Jan-Feb 2018 Ongoing – programme of events to be agreed"].ongoing
    assert flags["Sept 2017 and March 2018"].milestones == [date(2017, 9, 30), date(2018, 3, 31)]
    assert sum(a.achieved for a in plan.activities) == 2


def test_title_and_columns(plan):
    assert plan.title == "Bradford District Prevent Plan 2017-19 – Local Authority"
    assert plan.id == "bradford-prevent-plan-2017-19"
    assert plan.columns == {
        "activity": "Activities",
        "lead": "Lead Officer/Organisations",
        "outcome": "Expected Outcomes",
        "timescale": "Timescales",
    }
    assert [a.id for a in plan.activities][:2] == ["bradford-prevent-plan-2017-19:1", "bradford-prevent-plan-2017-19:2"]
