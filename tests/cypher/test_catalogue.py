"""The named queries: well-formed headers, schema names only, and on the real server the same answers
as the NetworkX analysis (on Bradford and on a synthetic plan)."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from itertools import combinations

import networkx as nx
import pytest

from partnermap.cypher.catalogue import (
    CypherError,
    WriteRefused,
    catalogue,
    named_query,
    parse_query,
    run_cypher,
    run_named,
)
from partnermap.cypher.store import load_graph
from partnermap.errors import InputError
from partnermap.graph import schema as S
from partnermap.graph.coverage import coverage
from partnermap.graph.engagement import sector_engagement
from partnermap.graph.gaps.concentration import lead_shares
from partnermap.graph.gaps.indicators import has_indicator
from partnermap.graph.gaps.overdue import overdue

REQUIRED = (
    "sectors-without-engagement",
    "coverage-matrix",
    "lead-concentration",
    "overdue",
    "activities-for-sector",
    "partnership-network",
    "audiences-reached",
    "outcomes-by-concept",
    "shortest-path-between-organisations",
    "activities-without-indicator",
    "plan-summary",
    "unscheduled-activities",
)


def test_the_library_has_every_required_query_with_a_description():
    queries = catalogue()
    assert set(REQUIRED) <= set(queries)
    for name, query in queries.items():
        assert query.name == name and query.description
    assert [p.name for p in named_query("overdue").parameters] == ["as_of"]
    assert [p.name for p in named_query("shortest-path-between-organisations").parameters] == ["from", "to"]


def test_queries_use_schema_labels_and_relationship_types_only():
    for query in catalogue().values():
        body = "\n".join(line for line in query.text.splitlines() if not line.startswith("//"))
        body = re.sub(r"'[^']*'", "''", body)  # string literals
        for name in re.findall(r"[(\[]\w*:(\w+)", body) + re.findall(r"\|(\w+)", body) + re.findall(r"\bn:(\w+)", body):
            assert name in S.LABELS or name in S.REL_TYPES, (query.name, name)


def test_header_parsing_and_parameter_binding():
    query = parse_query(
        "// name: q\n// description: d\n// param: n (int, default 3) - how many\n"
        "// param: day (date) - when\nRETURN $n, $day\n"
    )
    assert query.bind({"day": "2018-01-02"}) == {"n": 3, "day": "2018-01-02"}
    assert query.bind({"n": "7", "day": "today"}) == {"n": 7, "day": date.today().isoformat()}
    for given, message in (
        ({}, "needs --param day"),
        ({"day": "soon"}, "not a date"),
        ({"day": "2018-01-01", "x": "1"}, "takes no parameter x"),
    ):
        with pytest.raises(InputError, match=message):
            query.bind(given)
    with pytest.raises(InputError, match="no query named"):
        named_query("nope")


# --- against the server -------------------------------------------------------------------------


@pytest.fixture(params=["bradford", "synthetic"])
def loaded(request, empty_db, bradford, synthetic):
    """(driver, graph) with the graph loaded."""
    G = bradford.graph if request.param == "bradford" else synthetic[1]
    load_graph(empty_db, G)
    return empty_db, G


def rows(driver, name, **params):
    return run_named(driver, name, {k: str(v) for k, v in params.items()}).rows


def activities(G):
    return [(n, d) for n, d in G.nodes(data=True) if d["kind"] == S.ACTIVITY]


@pytest.mark.neo4j
def test_sectors_without_engagement(loaded):
    driver, G = loaded
    expected = {s for s, e in sector_engagement(G).items() if not e.engaged}
    assert {r["sector"] for r in rows(driver, "sectors-without-engagement")} == expected


@pytest.mark.neo4j
def test_coverage_matrix(loaded):
    driver, G = loaded
    matrix = coverage(G)
    found = rows(driver, "coverage-matrix")
    themes = [d for _, d in G.nodes(data=True) if d["kind"] == S.THEME]
    assert len(found) == len(themes) * len(matrix.sectors)
    for r in found:
        assert r["activities"] == matrix.counts.get((r["sector"], r["theme"]), 0), r


@pytest.mark.neo4j
def test_lead_concentration(loaded):
    driver, G = loaded
    shares = lead_shares(G)[0]
    assert [(r["organisation"], r["led"], r["share"]) for r in rows(driver, "lead-concentration")] == [
        (s.organisation, s.led, round(s.share, 4)) for s in shares
    ]


@pytest.mark.neo4j
@pytest.mark.parametrize("as_of", ["2018-01-01", "2018-06-30", "2030-01-01"])
def test_overdue(loaded, as_of):
    driver, G = loaded
    expected = [g.subject for g in overdue(G, as_of=date.fromisoformat(as_of))]
    assert [r["activity"] for r in rows(driver, "overdue", as_of=as_of)] == expected


@pytest.mark.neo4j
def test_activities_for_sector(loaded):
    driver, G = loaded
    for sector, engagement in sector_engagement(G).items():
        expected = {(e.activity, e.relation, e.via) for e in engagement.reached + engagement.delivering}
        found = rows(driver, "activities-for-sector", sector=sector)
        assert {(r["activity"], r["relation"], r["via"]) for r in found} == expected
        assert rows(driver, "activities-for-sector", sector=engagement.name.upper()) == found


@pytest.mark.neo4j
def test_partnership_network(loaded):
    driver, G = loaded
    shared = Counter()
    for a, _ in activities(G):
        orgs = sorted({G.nodes[u]["name"] for u, _, k in G.in_edges(a, keys=True) if k in (S.LEADS, S.PARTNERS_IN)})
        shared.update(combinations(orgs, 2))
    assert {(r["organisation"], r["partner"]): r["activities"] for r in rows(driver, "partnership-network")} == shared


@pytest.mark.neo4j
def test_audiences_reached(loaded):
    driver, G = loaded
    expected = {
        d["audience_id"]: (
            sum(1 for _, _, k in G.in_edges(n, keys=True) if k == S.TARGETS),
            {G.nodes[s]["sector_id"] for _, s in G.out_edges(n)},
        )
        for n, d in G.nodes(data=True)
        if d["kind"] == S.AUDIENCE
    }
    assert {r["audience"]: (r["activities"], set(r["sectors"])) for r in rows(driver, "audiences-reached")} == expected


@pytest.mark.neo4j
def test_outcomes_by_concept(loaded):
    driver, G = loaded
    expected = {d["concept_id"]: G.in_degree(n) for n, d in G.nodes(data=True) if d["kind"] == S.CONCEPT}
    found = rows(driver, "outcomes-by-concept")
    assert {r["concept"]: r["outcomes"] for r in found} == expected
    assert all(len(r["examples"]) == min(3, r["outcomes"]) for r in found)


@pytest.mark.neo4j
def test_shortest_path_between_organisations(loaded):
    driver, G = loaded
    P = nx.Graph((u, v) for u, v, k in G.edges(keys=True) if k in (S.LEADS, S.PARTNERS_IN))
    orgs = sorted(n for n in P if G.nodes[n]["kind"] == S.ORGANISATION)
    for a, b in [(orgs[0], orgs[-1])] + ([(orgs[1], orgs[len(orgs) // 2])] if len(orgs) > 3 else []):
        found = rows(
            driver, "shortest-path-between-organisations", **{"from": G.nodes[a]["name"], "to": G.nodes[b]["name"]}
        )
        assert found[0]["steps"] == nx.shortest_path_length(P, a, b) // 2
        assert found[0]["path"][0] == G.nodes[a]["name"] and found[0]["path"][-1] == G.nodes[b]["name"]
    assert rows(driver, "shortest-path-between-organisations", **{"from": "Nobody", "to": "Nowhere"}) == []
    assert (
        rows(
            driver,
            "shortest-path-between-organisations",
            **{"from": G.nodes[orgs[0]]["name"], "to": G.nodes[orgs[0]]["name"]},
        )
        == []
    )


@pytest.mark.neo4j
def test_activities_without_indicator(loaded):
    driver, G = loaded
    expected = [
        n
        for n, d in sorted(activities(G), key=lambda nd: nd[1]["seq"])
        if (d["outcome"] or "").strip() and not has_indicator(d["outcome"])
    ]
    assert [r["activity"] for r in rows(driver, "activities-without-indicator")] == expected


@pytest.mark.neo4j
def test_unscheduled_activities(loaded):
    driver, G = loaded
    expected = [
        n
        for n, d in sorted(activities(G), key=lambda nd: nd[1]["seq"])
        if not (d["timescale"] or "").strip() or d["unscheduled"]
    ]
    assert [r["activity"] for r in rows(driver, "unscheduled-activities")] == expected


@pytest.mark.neo4j
def test_plan_summary(loaded):
    driver, G = loaded
    (row,) = rows(driver, "plan-summary")
    kinds = Counter(d["kind"] for _, d in G.nodes(data=True))
    engaged = sum(1 for e in sector_engagement(G).values() if e.engaged)
    assert (
        row["plan"],
        row["themes"],
        row["activities"],
        row["outcomes"],
        row["organisations"],
        row["audiences"],
        row["sectors_engaged"],
    ) == (
        G.graph["plans"][0],
        kinds[S.THEME],
        kinds[S.ACTIVITY],
        kinds[S.OUTCOME],
        kinds[S.ORGANISATION],
        kinds[S.AUDIENCE],
        engaged,
    )


@pytest.mark.neo4j
def test_writing_is_refused_unless_asked_for(empty_db, bradford):
    load_graph(empty_db, bradford.graph)
    for text in (
        "CREATE (:Plan {id: 'x'})",
        "MATCH (n) DETACH DELETE n",
        "MATCH (a:Activity) SET a.text = 'x'",
        "CREATE INDEX extra IF NOT EXISTS FOR (n:Plan) ON (n.title)",
        "CALL db.createLabel('Other')",
    ):
        with pytest.raises(WriteRefused, match="--write"):
            run_cypher(empty_db, text)
    assert run_cypher(empty_db, "MATCH (n:Plan) RETURN count(n) AS plans").rows == [{"plans": 1}]
    run_cypher(empty_db, "MATCH (p:Plan) SET p.note = $note", {"note": "checked"}, write=True)
    assert run_cypher(empty_db, "MATCH (p:Plan) RETURN p.note AS note").rows == [{"note": "checked"}]


@pytest.mark.neo4j
def test_cypher_errors_are_input_errors(empty_db):
    with pytest.raises(CypherError, match="Cypher error"):
        run_cypher(empty_db, "MATCH (n RETURN n")
    with pytest.raises(CypherError):
        run_cypher(empty_db, "RETURN nosuchfunction(1)")
