"""The rows a load writes (no server needed): every node and edge once, by natural keys, so an edit
changes only the rows of what it touches; and the reports do not depend on the graph's order, so
a graph read back in an order of its own reports as the one built from the files."""

from __future__ import annotations

import random

import networkx as nx

from partnermap.cypher.store import plan_writes
from partnermap.graph import schema as S
from partnermap.graph.build import build_graph
from partnermap.pipeline import load_taxonomy
from partnermap.synthetic import synthetic_plan
from tests.cypher.conftest import EDITED, contents, edited_plan, reports


def _rows(G):
    (write,) = plan_writes(G)
    nodes = {row["id"]: row for rows in write.nodes.values() for row in rows}
    rels = {(rel, row[0], row[1]): row for (rel, _, _), rows in write.rels.items() for row in rows}
    return nodes, rels


def _reordered(G, seed: int) -> nx.MultiDiGraph:
    """A copy of ``G`` with its nodes and edges added in a shuffled order."""
    rnd = random.Random(seed)
    nodes, edges = list(G.nodes(data=True)), list(G.edges(keys=True, data=True))
    rnd.shuffle(nodes)
    rnd.shuffle(edges)
    H = nx.MultiDiGraph(**G.graph)
    H.add_nodes_from(nodes)
    H.add_edges_from(edges)
    return H


def test_a_plans_rows_hold_every_node_and_edge_once(bradford):
    G = bradford.graph
    (write,) = plan_writes(G)
    nodes = [row["id"] for part in (write.nodes, write.shared) for rows in part.values() for row in rows]
    assert sorted(nodes) == sorted(G.nodes)
    rels = [(rel, row[0], row[1]) for (rel, _, _), rows in write.rels.items() for row in rows]
    assert sorted(rels) == sorted((k, u, v) for u, v, k in G.edges(keys=True))
    assert write.counts() == {
        "plan": bradford.plans[0].id,
        "activities": 34,
        "nodes": G.number_of_nodes(),
        "relationships": G.number_of_edges(),
    }


def test_two_plans_each_write_the_shared_nodes_they_use_and_the_taxonomy(bradford):
    taxonomy = load_taxonomy(None)
    G = build_graph([synthetic_plan(50, seed=1, plan_id="a"), synthetic_plan(50, seed=2, plan_id="b")], taxonomy)
    a, b = plan_writes(G)
    for write in (a, b):
        own = {row["plan"] for label in (S.PLAN, S.ACTIVITY) for row in write.nodes[label]}
        assert own == {write.plan}
        assert len(write.nodes[S.SECTOR]) == len(taxonomy.sectors)
    shared = [{row["id"] for rows in write.shared.values() for row in rows} for write in (a, b)]
    assert shared[0] & shared[1] and shared[0] != shared[1]  # some organisations in both, not all


def test_an_edit_changes_only_the_rows_of_what_it_touches():
    taxonomy = load_taxonomy(None)
    plan = synthetic_plan(400, seed=7, plan_id="p")
    old_nodes, old_rels = _rows(build_graph([plan], taxonomy))
    new_nodes, new_rels = _rows(build_graph([edited_plan(plan)], taxonomy))
    touched = {f"{kind}:{plan.activities[i].id}" for i in EDITED for kind in (S.ACTIVITY, S.OUTCOME)}
    changed_nodes = {nid for nid, row in new_nodes.items() if old_nodes.get(nid) != row}
    assert changed_nodes == {f"{S.ACTIVITY}:{plan.activities[5].id}"}  # the reworded one
    changed = {key for key, row in new_rels.items() if old_rels.get(key) != row}
    gone = old_rels.keys() - new_rels.keys()
    assert changed and gone  # audiences found in the new text; the leads removed
    assert all(u in touched or v in touched for _, u, v in changed | gone)
    assert len(changed | gone) < len(new_rels) / 50


def test_the_reports_do_not_depend_on_the_graphs_order(bradford):
    """What lets read_graph return its own order: a shuffled copy reports exactly alike."""
    taxonomy = load_taxonomy(None)
    G = build_graph([*bradford.plans, synthetic_plan(300, seed=5, plan_id="s")], taxonomy)
    H = _reordered(G, seed=1)
    assert list(H.nodes) != list(G.nodes) and list(H.edges) != list(G.edges)
    assert any(list(H.succ[n]) != list(G.succ[n]) for n in G)
    assert contents(H) == contents(G)
    assert reports(H) == reports(G)
    u, v, k = next((u, v, k) for u, v, k in H.edges(keys=True) if k == S.LEADS)
    H.remove_edge(u, v, k)  # and a graph that differs reports otherwise
    assert contents(H) != contents(G) and reports(H) != reports(G)
