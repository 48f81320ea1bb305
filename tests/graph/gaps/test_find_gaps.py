"""find_gaps: the kinds, their order, options; results from the graph alone; runnable docstrings."""

from __future__ import annotations

import doctest
import importlib
import json
import pkgutil
from datetime import date

import pytest

import partnermap.graph.gaps as gaps_package
from partnermap.graph.export import from_node_link, node_link
from partnermap.graph.gaps import KINDS, Gap, find_gaps
from partnermap.model import Timescale
from partnermap.report.tables import gap_report
from tests.graph.gaps import graph_of, month

AS_OF = date(2018, 7, 1)
MDC, WYP = ["Bradford MDC"], ["West Yorkshire Police"]
PLAN_A = [
    {
        "text": "Assemblies in primary schools",
        "outcome": "Pupils more resilient",
        "leads": MDC,
        "partners": ["Council"],
        "theme": (1, "Leadership"),
        "timescale": month("Jan-Mar 2018", 2018, 1, 3),
    },
    {
        "text": "Briefings for frontline staff",
        "leads": MDC,
        "partners": WYP,
        "theme": (1, "Leadership"),
        "timescale": Timescale("Ongoing", ongoing=True),
    },
    {
        "text": "Assemblies in primary schools.",
        "outcome": "200 pupils reached",
        "theme": (3, "Partnership"),
        "timescale": Timescale("Soon", parsed=False),
    },
]
PLAN_B = [
    {
        "text": "Mentoring for young people in supported housing",
        "outcome": "Young people supported",
        "leads": WYP,
        "partners": ["Youth Service"],
        "timescale": Timescale("TBC", unscheduled=True),
    }
]


@pytest.fixture(scope="module")
def graph():
    return graph_of(("a", PLAN_A), ("b", PLAN_B), framework="prevent")


def test_the_kinds():
    assert KINDS == (
        "statutory_partner_missing",
        "sector_without_engagement",
        "sector_not_delivering",
        "framework_area_without_activity",
        "theme_numbering_gap",
        "theme_without_activity",
        "lead_concentration",
        "single_point_of_failure",
        "audience_single_activity",
        "outcome_without_indicator",
        "missing_field",
        "unparsed_timescale",
        "open_ended_timescale",
        "overdue",
        "duplicate_activity",
    )


def test_every_kind_is_found_on_a_small_plan_but_theme_without_activity(graph):
    found = {g.kind for g in find_gaps(graph, as_of=AS_OF)}
    assert found == set(KINDS) - {"theme_without_activity"}


def test_sorted_by_severity_then_kind_then_subject(graph):
    found = find_gaps(graph, as_of=AS_OF)
    keys = [(("high", "medium", "low").index(g.severity), KINDS.index(g.kind)) for g in found]
    assert keys == sorted(keys)
    missing = [(g.kind, g.subject) for g in found if g.kind == "missing_field"]
    assert missing == [
        ("missing_field", "Activity:a:3"),
        ("missing_field", "Activity:a:2"),
        ("missing_field", "Activity:b:1"),
    ]  # high (no lead) before medium


def test_kinds_and_options(graph):
    only = find_gaps(graph, as_of=AS_OF, kinds=["overdue", "theme_numbering_gap"])
    assert [(g.kind, g.subject) for g in only] == [("overdue", "Activity:a:1"), ("theme_numbering_gap", "2")]
    assert find_gaps(graph, as_of=AS_OF, kinds=[]) == []
    lead = find_gaps(graph, as_of=AS_OF, kinds=["lead_concentration"], options={"lead_concentration": {"high": 1.0}})
    assert [(g.subject, g.severity) for g in lead] == [("Bradford MDC", "medium")]
    with pytest.raises(ValueError, match="unknown gap kind"):
        find_gaps(graph, as_of=AS_OF, kinds=["no_such_kind"])
    with pytest.raises(ValueError, match="unknown gap kind"):
        find_gaps(graph, as_of=AS_OF, options={"typo": {}})


def test_gap_records():
    where = [{"activity": "Activity:a:1", "source": "a.txt", "line": 2}]
    gap = Gap("overdue", "Activity:a:1", "Train staff", "high", "Late.", where)
    assert gap.as_dict() == {
        "kind": "overdue",
        "subject": "Activity:a:1",
        "label": "Train staff",
        "severity": "high",
        "detail": "Late.",
        "evidence": where,
    }
    with pytest.raises(ValueError, match="severity"):
        Gap("overdue", "x", "x", "urgent", "x")


def test_the_report_comes_from_the_graph_alone(graph):
    """Rebuilt through JSON in reverse insertion order (as a store might return it): the same report."""
    data = json.loads(json.dumps(node_link(graph)))
    data["nodes"].reverse()
    data["edges"].reverse()
    H = from_node_link(data)
    for attrs in (d for _, d in H.nodes(data=True)):  # Neo4j keeps no null properties
        for key in [k for k, v in attrs.items() if v is None]:
            del attrs[key]
    assert gap_report(H, as_of=AS_OF) == gap_report(graph, as_of=AS_OF)


MODULES = sorted(m.name for m in pkgutil.iter_modules(gaps_package.__path__, "partnermap.graph.gaps."))


@pytest.mark.parametrize(
    "module",
    [
        "partnermap.graph.gaps",
        *MODULES,
        "partnermap.graph.network",
        "partnermap.graph.query",
        "partnermap.graph.coverage",
        "partnermap.graph.compare",
        "partnermap.report.tables",
        "partnermap.synthetic",
    ],
)
def test_docstring_examples_run(module):
    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0
