"""The stored build order (``pos``) without a server: it rebuilds the graph's order exactly, and an
edit renumbers only what the edited activities made (so a replace rewrites only that)."""

from __future__ import annotations

from dataclasses import replace

import networkx as nx
import pytest

from partnermap.cypher.store import edge_order, node_owners, plan_writes
from partnermap.graph.build import build_edge_order, build_graph
from partnermap.pipeline import load_taxonomy
from partnermap.synthetic import synthetic_plan


def _rows(G):
    (write,) = plan_writes(G)
    nodes = {row["id"]: row for rows in write.nodes.values() for row in rows}
    rels = {(rel, row[0], row[1]): row for (rel, _, _), rows in write.rels.items() for row in rows}
    return nodes, rels


def _rebuilt(G, order):
    H = nx.MultiDiGraph()
    H.add_nodes_from(G.nodes)
    for u, v, k in order:
        H.add_edge(u, v, k)
    return H


def _adjacency(G):
    return ([(u, list(G._succ[u]), [list(keys) for keys in G._succ[u].values()]) for u in G],
            [(v, list(G._pred[v])) for v in G])


def test_the_owner_order_rebuilds_every_nodes_successor_predecessor_and_key_order():
    taxonomy = load_taxonomy(None)
    G = build_graph([synthetic_plan(300, seed=3, plan_id="a"), synthetic_plan(200, seed=4, plan_id="b")], taxonomy)
    owners = node_owners(G)
    assert owners is not None
    order = edge_order(G, owners)
    assert sorted(order) == sorted(G.edges(keys=True))
    assert _adjacency(_rebuilt(G, order)) == _adjacency(G)
    keys = [max(owners[u], owners[v]) for u, v, _ in order]
    assert keys == sorted(keys)  # activity by activity


def test_the_order_the_build_kept_rebuilds_the_graph_and_goes_activity_by_activity():
    taxonomy = load_taxonomy(None)
    plans = [synthetic_plan(300, seed=3, plan_id="a"), synthetic_plan(200, seed=4, plan_id="b")]
    G = build_graph(plans, taxonomy, keep_edge_order=True)
    kept = build_edge_order(G)
    assert kept is not None
    order = [(u, v, data["type"]) for u, v, data in kept]
    assert all(G._succ[u][v][key] is data for (u, v, key), (_, _, data) in zip(order, kept))
    assert sorted(order) == sorted(G.edges(keys=True))
    assert _adjacency(_rebuilt(G, order)) == _adjacency(G)
    owners = node_owners(G)
    keys = [max(owners[u], owners[v]) for u, v, _ in order]
    assert keys == sorted(keys)
    # a shared node's own relationships (IN_SECTOR) come straight before its first use
    first_use = {}
    for i, (u, v, key) in enumerate(order):
        for end in (u, v):
            first_use.setdefault(end, i)
    for i, (u, v, key) in enumerate(order):
        if key == "IN_SECTOR":
            assert first_use[u] <= i and all(k == "IN_SECTOR" for _, _, k in order[first_use[u]:i + 1])
    # the same rows as a graph without the kept order (edge_order's), in positions of their own
    plain = build_graph(plans, taxonomy)
    assert build_edge_order(plain) is None
    (ours, theirs) = (plan_writes(H) for H in (G, plain))
    for a, b in zip(ours, theirs):
        assert a.nodes == b.nodes and a.shared.keys() == b.shared.keys()
        assert {key: sorted(row[:-1] for row in rows) for key, rows in a.rels.items()} == \
            {key: sorted(row[:-1] for row in rows) for key, rows in b.rels.items()}
        assert {key: [row[-1] for row in rows] for key, rows in a.rels.items()} != \
            {key: [row[-1] for row in rows] for key, rows in b.rels.items()}  # another valid order


def test_a_graph_changed_after_the_build_falls_back_to_working_the_order_out():
    taxonomy = load_taxonomy(None)
    retyped = build_graph([synthetic_plan(20, seed=5, plan_id="a")], taxonomy, keep_edge_order=True)
    assert build_edge_order(retyped) is not None
    next(iter(retyped.edges(data=True)))[2]["type"] = "LEADS"  # an edge whose type no longer is its key
    assert build_edge_order(retyped) is None
    G = build_graph([synthetic_plan(50, seed=5, plan_id="a")], taxonomy, keep_edge_order=True)
    u, v, key = next(iter(G.edges(keys=True)))
    removed = G.copy()
    removed.remove_edge(u, v, key)
    assert build_edge_order(removed) is None  # a copy keeps no order
    data = G._succ[u][v][key]
    G.remove_edge(u, v, key)
    assert build_edge_order(G) is None
    G.add_edge(u, v, key, **data)  # back, as a new attribute dict: the same count, not the same edges
    assert build_edge_order(G) is None
    (write,) = plan_writes(G)
    assert sum(map(len, write.rels.values())) == G.number_of_edges()


def test_a_graph_not_in_build_order_keeps_the_plain_topological_order():
    G = nx.MultiDiGraph()
    G.add_node("Plan:p", kind="Plan", plan="p")
    G.add_node("Activity:p:2", kind="Activity", plan="p", seq=2)
    G.add_node("Activity:p:1", kind="Activity", plan="p", seq=1)  # numbers going down
    G.add_edge("Activity:p:2", "Plan:p", "PART_OF")
    G.add_edge("Activity:p:1", "Plan:p", "PART_OF")
    assert node_owners(G) is None
    order = edge_order(G, node_owners(G))
    assert _adjacency(_rebuilt(G, order)) == _adjacency(G)


@pytest.mark.parametrize("keep", [False, True], ids=["worked-out order", "kept build order"])
def test_an_edit_renumbers_only_what_the_edited_activities_made(keep):
    taxonomy = load_taxonomy(None)
    plan = synthetic_plan(400, seed=7, plan_id="p")
    edited = {5, 90, 200}
    acts = [replace(a, text=a.text + " with faith leaders and mosques") if i == 5 else
            replace(a, leads=[]) if i in (90, 200) else a for i, a in enumerate(plan.activities)]
    before, after = (build_graph([version], taxonomy, keep_edge_order=keep)
                     for version in (plan, replace(plan, activities=acts)))
    old_nodes, old_rels = _rows(before)
    new_nodes, new_rels = _rows(after)
    old_owner, new_owner = node_owners(before), node_owners(after)
    touched = {i + 1 for i in edited}  # activity numbers (seq)
    # and where a shared node's first use moved (its IN_SECTOR goes with it): its old first user
    moved = {old_owner[n][1] for n in new_owner if n in old_owner and old_owner[n] != new_owner[n]}
    assert len(moved) <= 2
    touched |= moved

    def made_by_touched(u: str, v: str) -> bool:  # the later owner of its two ends made it
        return max(new_owner.get(u, old_owner.get(u)), new_owner.get(v, old_owner.get(v)))[1] in touched

    changed = [(u, v) for (rel, u, v), row in new_rels.items() if old_rels.get((rel, u, v)) != row]
    assert changed and all(made_by_touched(u, v) for u, v in changed)
    assert all(made_by_touched(u, v) for (_, u, v) in old_rels.keys() - new_rels.keys())
    changed_nodes = [nid for nid, row in new_nodes.items() if old_nodes.get(nid) != row]
    assert changed_nodes and all(new_owner[nid][1] in touched for nid in changed_nodes)
    assert len(changed) < len(new_rels) / 20
