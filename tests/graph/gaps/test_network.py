"""The organisation projection, partner statistics and single_point_of_failure."""

from __future__ import annotations

import networkx as nx

from partnermap.graph.gaps.network import single_point_of_failure
from partnermap.graph.network import betweenness, organisation_network, partner_stats
from tests.graph.gaps import graph_of

CHAIN = [{"text": "One", "leads": ["Council"], "partners": ["Police"]},
         {"text": "Two", "leads": ["Police"], "partners": ["School", "College"], "line": 7},
         {"text": "Three", "leads": ["School"], "partners": ["College"]}]


def test_projection_links_organisations_sharing_activities():
    P = organisation_network(graph_of(("a", CHAIN)))
    assert sorted(P.nodes) == ["Organisation:College", "Organisation:Council", "Organisation:Police",
                               "Organisation:School"]
    assert P.edges["Organisation:College", "Organisation:School"] == {
        "weight": 2, "activities": ["Activity:a:2", "Activity:a:3"]}
    assert (P.nodes["Organisation:Police"]["led"], P.nodes["Organisation:Police"]["partnered"]) == (1, 1)


def test_articulation_points_are_single_points_of_failure():
    (gap,) = single_point_of_failure(graph_of(("a", CHAIN)))
    assert (gap.subject, gap.severity) == ("Police", "medium")
    assert gap.detail == ("Without Police the partnership network splits: Council is linked to the rest only "
                          "through it.")
    assert gap.evidence == [{"activity": "Activity:a:1", "source": "a.txt", "line": 2}]


def test_no_single_point_in_a_cycle_or_a_lone_pair():
    cycle = [*CHAIN, {"text": "Four", "leads": ["Council"], "partners": ["College"]}]
    assert single_point_of_failure(graph_of(("a", cycle))) == []
    assert single_point_of_failure(graph_of(("a", CHAIN[:1]))) == []


def test_partner_stats():
    rows = partner_stats(graph_of(("a", CHAIN)))
    assert [(r["organisation"], r["led"], r["partnered"], r["degree"]) for r in rows] == [
        ("College", 0, 2, 2), ("Police", 1, 1, 3), ("School", 1, 1, 2), ("Council", 1, 0, 1)]
    assert {r["organisation"]: r["betweenness"] for r in rows}["Police"] == round(2 / 3, 4)


def test_betweenness_is_sampled_above_the_budget_with_a_fixed_seed():
    P = nx.relabel_nodes(nx.barabasi_albert_graph(120, 2, seed=1), lambda n: f"Organisation:{n:03d}")
    exact = betweenness(P)
    assert exact == nx.betweenness_centrality(P)
    sampled = betweenness(P, budget=1000)  # 120 x 236 is over: 32 sampled sources
    assert sampled != exact
    assert sampled == betweenness(P, budget=1000) == nx.betweenness_centrality(P, k=32, seed=0)


def test_partner_stats_do_not_depend_on_graph_insertion_order():
    G = graph_of(("a", CHAIN))
    H = nx.MultiDiGraph(G.graph)
    H.add_nodes_from(reversed(list(G.nodes(data=True))))
    H.add_edges_from(reversed(list(G.edges(keys=True, data=True))))
    assert partner_stats(H, budget=1) == partner_stats(G, budget=1)
