"""The organisation projection, partner statistics and single_point_of_failure."""

from __future__ import annotations

import networkx as nx

from partnermap.graph.gaps.network import single_point_of_failure
from partnermap.graph.network import betweenness, organisation_network, partner_stats
from tests.graph.gaps import graph_of

CHAIN = [
    {"text": "One", "leads": ["Council"], "partners": ["Police"]},
    {"text": "Two", "leads": ["Police"], "partners": ["School", "College"], "line": 7},
    {"text": "Three", "leads": ["School"], "partners": ["College"]},
]


def test_projection_links_organisations_sharing_activities():
    P = organisation_network(graph_of(("a", CHAIN)))
    assert sorted(P.nodes) == [
        "Organisation:College",
        "Organisation:Council",
        "Organisation:Police",
        "Organisation:School",
    ]
    assert P.edges["Organisation:College", "Organisation:School"] == {
        "weight": 2,
        "activities": ["Activity:a:2", "Activity:a:3"],
    }
    assert (P.nodes["Organisation:Police"]["led"], P.nodes["Organisation:Police"]["partnered"]) == (1, 1)


def test_articulation_points_are_single_points_of_failure():
    (gap,) = single_point_of_failure(graph_of(("a", CHAIN)))
    assert (gap.subject, gap.severity) == ("Police", "medium")
    assert gap.detail == (
        "Without Police the partnership network splits: Council is linked to the rest only through it."
    )
    assert gap.evidence == [{"activity": "Activity:a:1", "source": "a.txt", "line": 2}]


def test_no_single_point_in_a_cycle_or_a_lone_pair():
    cycle = [*CHAIN, {"text": "Four", "leads": ["Council"], "partners": ["College"]}]
    assert single_point_of_failure(graph_of(("a", cycle))) == []
    assert single_point_of_failure(graph_of(("a", CHAIN[:1]))) == []


def test_partner_stats():
    rows = partner_stats(graph_of(("a", CHAIN)))
    assert [(r["organisation"], r["led"], r["partnered"], r["degree"]) for r in rows] == [
        ("College", 0, 2, 2),
        ("Police", 1, 1, 3),
        ("School", 1, 1, 2),
        ("Council", 1, 0, 1),
    ]
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


def _reference_single_points(G):
    """The single points worked out by brute force on the attribute-rich organisation_network:
    an organisation whose removal leaves more pieces; the pieces it alone held on, but the
    biggest (ties: the first in sorted order); the activities it shares with them."""
    P = organisation_network(G)
    found = []
    for org in sorted(P, key=lambda o: P.nodes[o]["name"]):
        without = P.copy()
        without.remove_node(org)
        if nx.number_connected_components(without) <= nx.number_connected_components(P):
            continue
        pieces = [piece for piece in nx.connected_components(without) if piece & set(P[org])]
        kept = min(pieces, key=lambda piece: (-len(piece), sorted(piece)))
        cut = set().union(*(piece for piece in pieces if piece is not kept))
        shared = [a for n in sorted(cut) if n in P[org] for a in P.edges[org, n]["activities"]]
        found.append((P.nodes[org]["name"], sorted(P.nodes[n]["name"] for n in cut), shared))
    return found


def test_single_points_found_on_the_bare_links_are_the_full_networks():
    from partnermap.graph.build import build_graph
    from partnermap.graph.network import organisation_links
    from partnermap.graph.query import evidence
    from partnermap.pipeline import load_taxonomy
    from partnermap.synthetic import synthetic_plan

    taxonomy = load_taxonomy(None)
    graphs = [
        graph_of(("a", CHAIN)),
        *(
            build_graph([synthetic_plan(n, seed=seed, plan_id="s")], taxonomy)
            for n, seed in ((10, 3), (15, 0), (300, 2))
        ),
    ]
    compared = 0
    for G in graphs:
        full, bare = organisation_network(G), organisation_links(G)
        assert sorted(bare.nodes) == sorted(full.nodes) and sorted(map(sorted, bare.edges)) == sorted(
            map(sorted, full.edges)
        )
        expected = _reference_single_points(G)
        gaps = single_point_of_failure(G)
        assert [g.subject for g in gaps] == [name for name, _, _ in expected]
        for gap, (_name, cut_off, links) in zip(gaps, expected):
            assert gap.evidence == evidence(G, links)
            assert all(n in gap.detail for n in cut_off[:3])
        compared += len(gaps)
    assert compared >= 10  # the synthetic plans have single points too, not only the chain
