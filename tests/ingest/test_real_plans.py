"""Five excerpts of real published plans (tests/fixtures/real-plans, transcribed with their own
wording and quirks), read as a careful reader reads them by hand (the README beside them)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from partnermap.ingest import read_plan

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "real-plans"


def plan_of(name: str):
    return read_plan(FIXTURES / name)


def leads(activity) -> list[str]:
    return [o.name for o in activity.leads]


def accounted(plan) -> bool:
    r = plan.report
    return r.rows_read == r.activities + r.merges + r.theme_rows + r.header_rows + r.warning_rows == len(plan.rows)


def test_slough_priority_1a():
    plan = plan_of("slough-lscb-business-plan-2012-13-priority-1a.txt")
    assert len(plan.activities) == 2 and accounted(plan)
    assert [t.name for t in plan.themes] == ["Early Help and Prevention"] and plan.themes[0].number == 1
    first, second = plan.activities
    # the lone "1" at the foot of the page is a page number, not part of action 2
    assert plan.report.merges == 0 and not second.text.endswith(" 1")
    assert any(r.kind == "header" and r.text == "1" for r in plan.rows)
    # "Chair of SLSCB" is a role of the board; action 2 names two bodies joined by "and"
    assert [(o.name, o.role) for o in first.leads] == [("Slough Local Safeguarding Children Board", "Chair")]
    assert leads(second) == [
        "Pan-Berkshire Training SubGroup",
        "Early Intervention Sub Group of Children’s Partnership",
    ]
    assert all(a.leads and a.outcome and a.timescale for a in plan.activities)  # no missing field
    assert [a.progress for a in plan.activities] == [None, None]  # the RAG column is empty
    # a date inside a sentence gives an end only; a financial year runs April to March
    assert (first.timescale.start, first.timescale.end) == (None, date(2012, 4, 30))
    assert (second.timescale.start, second.timescale.end) == (date(2012, 4, 1), date(2013, 3, 31))
    assert plan.columns["timescale"] == "Timescale/ Target" and plan.columns["status"] == "RAG rating"


def test_salford_objective_1():
    plan = plan_of("salford-community-action-plan-objective-1.txt")
    assert len(plan.activities) == 1 and accounted(plan)
    (activity,) = plan.activities
    # the theme is the full-width "Objective 1: ..." row; the Objective column is the row's own text
    assert [(t.number, t.name) for t in plan.themes] == [(1, "Improving Health IN Salford")]
    assert activity.theme.number == 1 and "Objective" in activity.extra
    assert any(w.code == "theme_column_demoted" for w in plan.warnings)
    # the continuation after the repeated header (only its Objective cell) is merged into 1.1
    assert plan.report.merges == 1
    assert activity.extra["Objective"].endswith("Emotional Health and Wellbeing")
    assert activity.ref == "1.1" and activity.text.startswith("Engage with the HAP")
    # three roles in one cell with no separator, no organisation named
    assert leads(activity) == ["Health Improvement Officer", "Health Improvement Worker", "HAP Partners"]
    assert activity.outcome.text == "See HAP"
    assert "timescale" not in plan.columns and activity.timescale is None  # no timescale column at all
    assert activity.progress is None  # no status recorded
    assert activity.extra["New Item?"] == "No" and "budget??" in activity.extra["Resources Allocated"]
    # the status key and the colouring note above the header are not read as the title
    assert plan.title == plan.id


def test_doncaster_hate_crime_q2():
    plan = plan_of("doncaster-hate-crime-delivery-plan-2017-q2.md")
    assert len(plan.activities) == 2 and accounted(plan)
    assert len(plan.themes) == 1 and plan.themes[0].name.startswith("We want to improve public understanding")
    assert all(a.theme is plan.themes[0] for a in plan.activities)  # the OBJECTIVE cell spans both rows
    assert plan.columns["lead"] == "Lead Officer / Agency" and "partners" not in plan.columns
    first, second = plan.activities
    assert [(o.name, o.role) for o in first.leads] == [
        ("Doncaster MBC", "Hate Crime Lead"),
        ("Doncaster MBC", "Communications"),
        ("St Leger Homes of Doncaster", "Hate Crime Lead"),
    ]
    assert len(second.leads) == 4 and second.leads[-1].name == "South Yorkshire Police"
    assert {o.name for a in plan.activities for o in a.leads} == {
        "Doncaster MBC",
        "St Leger Homes of Doncaster",
        "South Yorkshire Police",
    }
    assert all(a.outcome is None for a in plan.activities) and "outcome" not in plan.columns
    assert [(a.timescale.start, a.timescale.end) for a in plan.activities] == [
        (date(2017, 7, 1), date(2017, 7, 31))
    ] * 2


def test_bathnes_prevent_self_assessment():
    plan = plan_of("bathnes-prevent-action-plan-2017-02.csv")
    assert len(plan.activities) == 4 and accounted(plan)
    assert plan.title == "Prevent action plan February 2017" and plan.themes == []
    assert plan.columns["activity"] == "Action required"  # not the guidance column
    assert "timescale" not in plan.columns  # "Work to date" is narrative, not a date
    assert all(a.timescale is None and not a.leads for a in plan.activities)
    assert [a.ref for a in plan.activities] == ["1", "2", "3", "4"]  # the blank-headed numbering column
    assert all("Guidance- summary of activity required" in a.extra for a in plan.activities)
    assert {a.progress for a in plan.activities} <= {"unknown"}  # narrative, no rating claimed
    assert not [w for w in plan.warnings if w.code == "unparsed_timescale"]


def test_western_isles_prevention():
    plan = plan_of("western-isles-asb-action-plan-2005-08-prevention.xlsx")
    assert len(plan.activities) == 8 and accounted(plan)
    per_theme = {}
    for activity in plan.activities:
        per_theme[activity.theme.name] = per_theme.get(activity.theme.name, 0) + 1
    assert per_theme == {"Part 1": 6, "Part 8": 1, "Education (Scotland) Act 1980 Children (Scotland) Act 1995": 1}
    led = {
        name: sum(name in leads(a) for a in plan.activities)
        for name in ("Comhairle nan Eilean Siar", "Northern Constabulary")
    }
    assert led == {"Comhairle nan Eilean Siar": 7, "Northern Constabulary": 3}
    assert sum(len(a.leads) == 2 for a in plan.activities) == 2  # two joint leads, names on two lines
    assert all(a.leads and a.timescale and a.outcome is None for a in plan.activities)
    # "To be Achieved by" gives an end only
    assert {(a.timescale.start, a.timescale.end.year) for a in plan.activities} == {
        (None, 2005),
        (None, 2006),
        (None, 2007),
        (None, 2008),
    }
    assert all("Funding Source" in a.extra for a in plan.activities)  # funders, not partners
    assert not any(a.partners for a in plan.activities)
    assert [r.kind for r in plan.rows].count("theme") == 1  # the "Part 8" row heads the action under it


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.iterdir() if p.name != "README.md"))
def test_every_row_and_column_with_content_is_accounted_for(name):
    plan = plan_of(name)
    assert accounted(plan)
    roles = {c["index"] for c in plan.column_roles}
    for activity in plan.activities:
        for index, cell in enumerate(activity.provenance.raw):
            if cell.strip() and index < len(plan.header["cells"]):
                assert index in roles, (name, index, cell[:40])
