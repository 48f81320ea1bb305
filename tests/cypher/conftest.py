"""Fixtures for the Neo4j tests: a driver on the session's server and an emptied database; what a
graph read back must share with the one built from the files (:func:`same_graph`)."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date

import pytest

from partnermap.cypher.connect import open_driver
from partnermap.pipeline import build
from partnermap.synthetic import synthetic_plan


@pytest.fixture(scope="session")
def driver(neo4j_settings):
    drv = open_driver(neo4j_settings)
    yield drv
    drv.close()


@pytest.fixture
def empty_db(driver):
    """The session's database, emptied before the test (the schema's constraints stay)."""
    driver.execute_query("MATCH (n) DETACH DELETE n")
    return driver


@pytest.fixture(scope="session")
def bradford(bradford_path):
    """The Bradford plan read and built (pipeline.Built)."""
    return build([str(bradford_path)])


@pytest.fixture(scope="session")
def synthetic(bradford):
    """A synthetic plan of 400 activities and its graph, built with the default taxonomy (partnermap.synthetic)."""
    from partnermap.graph.build import build_graph

    plan = synthetic_plan(400, seed=7)
    return plan, build_graph([plan], bradford.taxonomy)


def counts(driver) -> tuple[int, int]:
    """(nodes, relationships) in the database."""
    records, _, _ = driver.execute_query(
        "MATCH (n) RETURN count(n) AS n UNION ALL MATCH ()-[r]->() RETURN count(r) AS n"
    )
    return records[0]["n"], records[1]["n"]


def contents(G) -> tuple:
    """What ``G`` holds, whatever its order: graph attributes, nodes with their attributes, and the
    multiset of edges (u, v, key) with their attributes."""
    edges = Counter((u, v, k, tuple(sorted(d.items()))) for u, v, k, d in G.edges(keys=True, data=True))
    return G.graph, dict(G.nodes(data=True)), edges


def reports(G) -> dict[str, str]:
    """The reports of ``G`` a reader sees: the gap report (table and JSON), coverage (with its
    framework evidence) and partners."""
    from partnermap.graph.coverage import coverage, framework_evidence
    from partnermap.graph.network import partner_stats
    from partnermap.report.tables import coverage_table, gap_report, gaps_table

    gaps = gap_report(G, as_of=date(2018, 6, 30))
    return {
        "gaps": gaps_table(gaps),
        "gaps_json": json.dumps(gaps),
        "coverage": coverage_table(coverage(G)),
        "framework": json.dumps(framework_evidence(G)),
        "partners": json.dumps(partner_stats(G)),
    }


def same_graph(G, H) -> None:
    """Assert ``H`` (read back) holds what ``G`` (built) holds and reports alike."""
    assert contents(H) == contents(G)
    assert reports(H) == reports(G)


#: the activities (by position) that edited_plan changes
EDITED = (5, 90, 200)


def edited_plan(plan):
    """``plan`` with three activities edited: one's text names faith leaders and mosques (new
    REACHES edges), two lose their leads."""
    from dataclasses import replace

    acts = [
        replace(a, text=a.text + " with faith leaders and mosques")
        if i == 5
        else replace(a, leads=[])
        if i in (90, 200)
        else a
        for i, a in enumerate(plan.activities)
    ]
    return replace(plan, activities=acts)
