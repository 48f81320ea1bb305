"""Reports: the gap report and its renderings, coverage, partners, compare, and the synthetic plans."""

from __future__ import annotations

from datetime import date

import pytest

from partnermap.graph.compare import compare
from partnermap.graph.coverage import coverage
from partnermap.ingest import read_plan
from partnermap.model import Timescale
from partnermap.pipeline import build
from partnermap.reference.frameworks import load_frameworks
from partnermap.report.tables import (
    coverage_table,
    gap_report,
    gap_rows,
    gaps_markdown,
    gaps_table,
    locations,
    plans_of,
)
from partnermap.synthetic import synthetic_plan, write_synthetic_plan
from tests.graph.gaps import graph_of, month

MDC = ["Bradford MDC"]
PLAN = [
    {
        "text": "Assemblies in primary schools",
        "outcome": "200 pupils reached",
        "leads": MDC,
        "partners": ["West Yorkshire Police"],
        "theme": (1, "Leadership"),
        "timescale": month("Jan-Mar 2018", 2018, 1, 3),
    },
    {
        "text": "Briefings for frontline staff",
        "outcome": "Staff aware",
        "leads": MDC,
        "theme": (2, "Capabilities"),
        "timescale": Timescale("Ongoing", ongoing=True),
    },
]
AS_OF = date(2018, 7, 1)


#: the plan is judged by Prevent, given (its words are too few to choose it)
PREVENT = {
    "id": "prevent",
    "name": "Prevent",
    "basis": load_frameworks()["prevent"].basis,
    "applies_to": list(load_frameworks()["prevent"].applies_to),
    "chosen_by": "option",
    "evidence": [],
    "title_hits": 0,
    "text_hits": 0,
    "note": "",
    "nation": {"name": None, "evidence": [], "hits": 0, "note": ""},
    "law_applies": None,
    "set_aside": None,
}


@pytest.fixture(scope="module")
def graph():
    return graph_of(("a", PLAN), framework="prevent")


def test_gap_report_shape(graph):
    report = gap_report(graph, as_of=AS_OF, kinds=["overdue", "open_ended_timescale"])
    assert report == {
        "as_of": "2018-07-01",
        "as_of_reason": "given",
        "period_end": "2018-03-31",
        "plans": [{"id": "a", "title": "Plan a", "source": "a.txt", "activities": 2, "framework": PREVENT}],
        "framework": PREVENT,
        "gaps": [
            {
                "kind": "overdue",
                "subject": "Activity:a:1",
                "label": "Assemblies in primary schools",
                "severity": "medium",
                "detail": 'The timescale "Jan-Mar 2018" ended on 31 March 2018, before 1 July 2018; the plan records '
                "no progress for it.",
                "evidence": [{"activity": "Activity:a:1", "source": "a.txt", "line": 2}],
            },
            {
                "kind": "open_ended_timescale",
                "subject": "Activity:a:2",
                "label": "Briefings for frontline staff",
                "severity": "low",
                "detail": 'The timescale "Ongoing" sets no end date to check progress against.',
                "evidence": [{"activity": "Activity:a:2", "source": "a.txt", "line": 3}],
            },
        ],
    }
    assert gap_rows(report)[0] == {
        "severity": "medium",
        "kind": "overdue",
        "subject": "Activity:a:1",
        "label": "Assemblies in primary schools",
        "detail": report["gaps"][0]["detail"],
        "activities": "Activity:a:1",
        "locations": "a.txt:2",
    }


def test_plans_in_graph_order():
    G = graph_of(("b", PLAN[:1]), ("a", PLAN))
    assert [(p["id"], p["activities"]) for p in plans_of(G)] == [("b", 1), ("a", 2)]


def test_locations():
    evidence = [{"source": "/x/a.txt", "line": n} for n in (3, 5, 9, 11)] + [{"source": "/x/b.txt", "line": 4}]
    assert locations(evidence) == "a.txt:3, 5, 9, 11; b.txt:4"
    assert locations(evidence, limit=2) == "a.txt:3, 5 (+2 more); b.txt:4"
    assert locations(evidence[:2], names=False) == "lines 3, 5"
    assert locations([{"activity": None, "source": None, "line": None}]) == ""


def test_table_is_grouped_by_severity_and_fits_80_columns(graph):
    text = gaps_table(gap_report(graph, as_of=AS_OF))
    lines = text.splitlines()
    assert lines[0] == "As of 1 July 2018. 1 plan: Plan a (2 activities)."
    assert lines[1].startswith("Framework: Prevent (Counter-Terrorism and Security Act 2015")  # wrapped to 80
    titles = [line.strip() for line in lines if line.strip().startswith(("HIGH (", "MEDIUM (", "LOW ("))]
    assert [t.split()[0] for t in titles] == ["HIGH", "MEDIUM", "LOW"]
    assert max(len(line) for line in lines) <= 80
    assert "Overdue: Assemblies in" in text and "line 2" in text


def test_markdown_for_a_board_paper(graph):
    text = gaps_markdown(gap_report(graph, as_of=AS_OF, kinds=["overdue", "theme_numbering_gap"]))
    assert text == (
        "# Gap report\n\n"
        "As of 1 July 2018. 1 plan: Plan a (2 activities).\n\n"
        f"Framework: Prevent ({PREVENT['basis']}; the law of England, Wales and Scotland), given with --framework.\n\n"
        "1 gap: 0 high, 1 medium, 0 low.\n\n"
        "## Medium (1)\n\n"
        "| Gap | Subject | Finding | Where |\n"
        "| --- | --- | --- | --- |\n"
        '| Overdue | Assemblies in primary schools | The timescale "Jan-Mar 2018" ended on 31 March 2018, before '
        "1 July 2018; the plan records no progress for it. | line 2 |\n"
    )


def test_coverage_matrix(graph):
    cov = coverage(graph)
    rows = {r["sector"] or r["name"]: r for r in cov.rows()}
    assert [c["column"] for c in cov.columns] == ["1", "2"]
    assert (rows["schools"]["1"], rows["schools"]["2"], rows["schools"]["total"]) == (1, 0, 1)
    assert (rows["local_authority"]["1"], rows["local_authority"]["2"]) == (1, 1)  # the council delivers both
    assert (rows["All activities"]["1"], rows["All activities"]["total"]) == (1, 2)
    assert ("schools", "2") in cov.empty_cells() and ("local_authority", "1") not in cov.empty_cells()
    data = cov.as_dict()
    assert data["themes"][0] == {"column": "1", "plan": "a", "key": "1", "number": 1, "name": "Leadership"}
    assert next(s for s in data["sectors"] if s["sector"] == "police") == {
        "sector": "police",
        "name": "Police",
        "total": 1,
        "counts": {"1": 1, "2": 0},
    }
    text = coverage_table(cov)
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "Themes: 1 = Leadership; 2 = Capabilities." in text


def test_coverage_columns_for_several_plans_and_no_theme():
    cov = coverage(graph_of(("a", PLAN), ("b", [{"text": "Unthemed work in mosques"}])))
    assert [c["column"] for c in cov.columns] == ["a:1", "a:2", "none"]
    assert {r["sector"]: r["none"] for r in cov.rows()}["faith"] == 1


def test_bradford_coverage(bradford_path):
    cov = coverage(build([bradford_path]).graph)
    assert [c["column"] for c in cov.columns] == ["1", "2", "4"]
    rows = {r["sector"] or r["name"]: r for r in cov.rows()}
    assert rows["All activities"]["total"] == 34
    assert all(rows["early_years"][c] == 0 for c in ("1", "2", "4"))
    assert rows["local_authority"]["total"] == 34


def test_compare_old_and_new():
    old = graph_of(
        (
            "old",
            [
                {
                    "text": "Prepare a Prevent Communications Strategy",
                    "leads": MDC,
                    "timescale": month("Apr-Jun 2018", 2018, 4, 6),
                },
                {"text": "WRAP training for primary school staff", "leads": MDC},
                {"text": "Guidance for mosques on venue hire", "leads": MDC},
            ],
        )
    )
    new = graph_of(
        (
            "new",
            [
                {"text": "Deliver the Prevent Communications Strategy", "leads": MDC},
                {"text": "WRAP training for primary school staff and governors", "leads": MDC},
                {"text": "Mentoring in further education colleges", "leads": MDC},
            ],
        )
    )
    result = compare(old, new)
    assert [(m["old"]["activity"], m["new"]["activity"]) for m in result.carried_over] == [
        ("Activity:old:1", "Activity:new:1"),
        ("Activity:old:2", "Activity:new:2"),
    ]
    assert result.carried_over[0]["old"]["timescale"] == "Apr-Jun 2018"
    assert [a["activity"] for a in result.dropped] == ["Activity:old:3"]
    assert [a["activity"] for a in result.added] == ["Activity:new:3"]
    assert result.sectors_gained == [{"sector": "further_education", "name": "Further education"}]
    assert result.sectors_lost == [{"sector": "faith", "name": "Faith institutions"}]
    assert [r["status"] for r in result.rows()] == [
        "changed",
        "carried_over",
        "dropped",
        "added",
        "sector_lost",
        "sector_gained",
    ]
    assert result.changed[0]["changes"] == {"timescale": {"before": "Apr-Jun 2018", "after": None}}
    assert result.organisations_gained == result.organisations_lost == []


def test_compare_reports_changed_leads_partners_and_status():
    old = graph_of(("old", [{"text": "Train staff", "leads": MDC, "status": "Amber", "outcome": "Staff trained"}]))
    new = graph_of(
        (
            "new",
            [
                {
                    "text": "Train staff",
                    "leads": ["West Yorkshire Police"],
                    "partners": MDC,
                    "status": "Green",
                    "outcome": "Staff trained",
                }
            ],
        )
    )
    result = compare(old, new)
    assert result.changed[0]["changes"] == {
        "lead": {"before": "Bradford MDC", "after": "West Yorkshire Police"},
        "partners": {"before": "", "after": "Bradford MDC"},
        "status": {"before": "Amber", "after": "Green"},
    }
    assert result.organisations_gained == ["West Yorkshire Police"] and result.organisations_lost == []
    same = compare(old, old)
    assert same.changed == [] and len(same.unchanged) == 1


def test_compare_a_plan_with_itself(bradford_path):
    G = build([bradford_path]).graph
    result = compare(G, G)
    assert len(result.carried_over) == 34 and not result.dropped and not result.added
    assert all(m["old"] == m["new"] and m["similarity"] == 100 for m in result.carried_over)
    assert result.sectors_gained == result.sectors_lost == []


def test_synthetic_plans_are_deterministic_and_read_back_the_same(tmp_path):
    plan = synthetic_plan(500, seed=3)
    assert [a.text for a in plan.activities] == [a.text for a in synthetic_plan(500, seed=3).activities]
    assert [a.text for a in plan.activities] != [a.text for a in synthetic_plan(500, seed=4).activities]
    read = read_plan(write_synthetic_plan(tmp_path / "synthetic.csv", 500, seed=3))
    assert len(read.activities) == 500
    assert [(t.number, t.name) for t in read.themes] == [(t.number, t.name) for t in plan.themes]
    for made, got in zip(plan.activities, read.activities):
        assert (got.text, got.provenance.line) == (made.text, made.provenance.line)
        assert [o.name for o in got.leads] == [o.name for o in made.leads]
        assert [o.name for o in got.partners] == [o.name for o in made.partners]
        assert (got.outcome and got.outcome.text) == (made.outcome and made.outcome.text)
        a, b = got.timescale, made.timescale
        assert (a.text, a.start, a.end, a.ongoing, a.achieved, a.unscheduled, a.parsed) == (
            b.text,
            b.start,
            b.end,
            b.ongoing,
            b.achieved,
            b.unscheduled,
            b.parsed,
        )


def test_a_huge_gap_table_shows_its_first_rows_and_says_how_many_more():
    from partnermap.report.tables import gaps_table

    gaps = [
        {
            "severity": "low",
            "kind": "open_ended_timescale",
            "subject": f"Activity:p:{i}",
            "label": f"Task {i}",
            "detail": "No end date.",
            "evidence": [{"activity": f"Activity:p:{i}", "source": "p.txt", "line": i}],
        }
        for i in range(1, 1203)
    ]
    report = {
        "as_of": "2019-03-31",
        "as_of_reason": "given",
        "period_end": None,
        "plans": [{"id": "p", "title": "P", "source": "p.txt", "activities": 1202}],
        "gaps": gaps,
    }
    text = gaps_table(report, width=120, limit=500)
    assert "LOW (1202)" in text and "Task 500 " in text.replace("│", " ") and "Task 501 " not in text.replace("│", " ")
    assert text.rstrip().endswith("... and 702 more low gaps: --format csv or json lists every one.")
