"""Fixtures for the Neo4j tests: a driver on the session's server and an emptied database."""

from __future__ import annotations

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
    """A synthetic plan of 400 activities built with the default taxonomy (partnermap.synthetic),
    its edge order kept as ``partnermap load`` builds it (``bradford``'s is worked out)."""
    from partnermap.graph.build import build_graph

    plan = synthetic_plan(400, seed=7)
    return plan, build_graph([plan], bradford.taxonomy, keep_edge_order=True)


def counts(driver) -> tuple[int, int]:
    """(nodes, relationships) in the database."""
    records, _, _ = driver.execute_query(
        "MATCH (n) RETURN count(n) AS n UNION ALL MATCH ()-[r]->() RETURN count(r) AS n")
    return records[0]["n"], records[1]["n"]


def same_graph(G, H) -> None:
    """Assert G and H are identical: graph attributes, nodes, edges and every order."""
    assert H.graph == G.graph
    assert list(H.nodes(data=True)) == list(G.nodes(data=True))
    assert list(H.edges(keys=True, data=True)) == list(G.edges(keys=True, data=True))
    for n in G:
        assert list(H.pred[n]) == list(G.pred[n]), n
        assert list(H.succ[n]) == list(G.succ[n]), n
