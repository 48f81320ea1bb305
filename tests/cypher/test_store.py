"""load_graph / read_graph against the real server: idempotent, atomic per plan, literal text, a
replace that writes only what changed, and a graph read back holding what build_graph's holds and
reporting alike."""

from __future__ import annotations

from dataclasses import replace

import pytest
from neo4j.exceptions import Neo4jError

from partnermap.cypher import store
from partnermap.cypher.store import (
    FRESH_LABELS,
    PLAN_LABELS,
    load_graph,
    node_statement,
    plan_writes,
    read_graph,
    relationship_statement,
    statement,
    statements,
)
from partnermap.errors import InputError
from partnermap.graph import schema as S
from partnermap.graph.build import build_graph
from partnermap.model import Activity, Outcome, Provenance
from tests.cypher.conftest import EDITED, counts, edited_plan, reports, same_graph
from tests.graph.test_build import PLAN_A, PLAN_B, make_plan, stub_taxonomy

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def taxonomy():
    return stub_taxonomy()


def test_statements_are_formatted_with_schema_names_only():
    assert "MERGE (n:Activity {id: row[0]})" in statement("merge_nodes", label=S.ACTIVITY)
    assert all("{" not in s.replace("{id", "").replace("{plan", "") or "EXISTS {" in s for s in statements("prune"))
    with pytest.raises(ValueError):
        statement("merge_nodes", label="Activity {id: 1}) DETACH DELETE n //")
    with pytest.raises(ValueError):
        statement("merge_relationships", rel="LEADS]->() DELETE r //", start=S.ORGANISATION, end=S.ACTIVITY)


def test_values_the_same_in_every_row_go_once_by_value_and_type():
    rows = [["a", 1, True, "x", None], ["b", True, True, "x", 4]]
    same, rows = store._compact(rows, ("id", "n", "b", "p", "line"), 1)
    assert same == {"b": True, "p": "x"} and rows == [["a", 1, None], ["b", True, 4]]
    same, rows = store._compact([["a", "a", 1], ["a", "a", 2]], ("u", "v", "line"), 2)
    assert same == {} and rows == [["a", "a", 1], ["a", "a", 2]]  # the ends never go: they say what a row is
    text = statement("create_nodes", label=S.ACTIVITY, same=("plan", "source"))
    assert "n.id = row[0]" in text and "n.plan = $same.plan" in text and "n.source = $same.source" in text
    assert "n.name = row[2]" in text  # id, kind, name: the row skips what $same holds
    assert "{id: row[0]}" in statement("merge_nodes", label=S.ACTIVITY, same=("kind",))
    text = statement("create_relationships", rel=S.LEADS, start=S.ORGANISATION, end=S.ACTIVITY, same=("source",))
    assert "r.source = $same.source" in text and "r.line = row[2]" in text and "{id: row[1]}" in text
    for bad in (("id",), ("$x} DETACH DELETE n //",)):  # a row is its id; only column names
        with pytest.raises(ValueError):
            statement("merge_nodes", label=S.ACTIVITY, same=bad)
    with pytest.raises(ValueError):
        statement("merge_relationships", rel=S.IN_SECTOR, start=S.ORGANISATION, end=S.SECTOR, same=("u",))


def test_batches_compact_each_in_their_own_way_read_back_the_same(empty_db, synthetic, bradford):
    """Batches of 7: a value the same in one batch varies in the next, a column empty in one is not
    in another; the graph reads back the same, fresh and replaced by an edited copy."""
    load_graph(empty_db, synthetic[1], batch_size=7)
    same_graph(synthetic[1], read_graph(empty_db))
    plan = replace(
        synthetic[0],
        activities=[
            replace(a, text=a.text + " in mosques", status=None) if i % 3 == 0 else a
            for i, a in enumerate(synthetic[0].activities)
        ],
    )
    edited = build_graph([plan], bradford.taxonomy)
    load_graph(empty_db, edited, batch_size=7)
    same_graph(edited, read_graph(empty_db))


def test_bradford_reads_back_as_build_graph_in_an_order_of_its_own(empty_db, bradford):
    result = load_graph(empty_db, bradford.graph)
    assert result.activities == 34
    back = read_graph(empty_db)
    same_graph(bradford.graph, back)
    assert list(back) == sorted(back) and list(back.edges(keys=True)) == sorted(back.edges(keys=True))
    assert list(back) != list(bradford.graph)  # the build's order is not kept, nor needed


def test_loading_twice_gives_the_same_graph(empty_db, bradford):
    load_graph(empty_db, bradford.graph)
    first = counts(empty_db)
    load_graph(empty_db, bradford.graph)
    assert counts(empty_db) == first
    same_graph(bradford.graph, read_graph(empty_db))


def test_settings_work_as_well_as_a_driver(empty_db, neo4j_settings, bradford):
    load_graph(neo4j_settings, bradford.graph)
    same_graph(bradford.graph, read_graph(neo4j_settings, [bradford.plans[0].id]))


def test_an_edited_plan_replaces_its_activities_and_drops_what_it_no_longer_uses(empty_db, taxonomy):
    load_graph(empty_db, build_graph([make_plan("a", PLAN_A), make_plan("b", PLAN_B)], taxonomy))
    edited = [{**PLAN_A[0], "text": "Training for nursery staff", "partners": []}]  # one activity, new text
    load_graph(empty_db, build_graph([make_plan("a", edited)], taxonomy))
    both = build_graph([make_plan("a", edited), make_plan("b", PLAN_B)], taxonomy)
    same_graph(both, read_graph(empty_db, ["a", "b"]))
    records, _, _ = empty_db.execute_query("MATCH (a:Activity {plan: 'a'}) RETURN a.id AS id, a.text AS text")
    assert [(r["id"], r["text"]) for r in records] == [("Activity:a:1", "Training for nursery staff")]
    # the police were only a partner in the old version, madrassa teachers only its audience
    records, _, _ = empty_db.execute_query(
        "MATCH (n) WHERE n.id IN ['Organisation:West Yorkshire Police', 'Audience:madrassa_teachers'] RETURN n.id"
    )
    assert records == []


def test_a_replaced_plan_keeps_its_nodes_in_place_and_reads_back_as_the_edited_plan(empty_db, synthetic, bradford):
    plan, G = synthetic
    load_graph(empty_db, G)
    ids = dict(empty_db.execute_query("MATCH (a:Activity) RETURN a.id AS id, elementId(a) AS element").records)
    acts = [
        replace(a, text=a.text + " for faith leaders in mosques", status="Amber", progress="at_risk")
        if i % 7 == 0
        else replace(a, timescale=None, leads=[])
        if i % 11 == 0
        else a
        for i, a in enumerate(plan.activities[:-30])
    ]  # edited, fewer properties, the last 30 gone
    edited = build_graph([replace(plan, activities=acts)], bradford.taxonomy)
    assert set(edited.edges(keys=True)) - set(G.edges(keys=True)) and set(G.edges(keys=True)) - set(
        edited.edges(keys=True)
    )
    assert reports(edited) != reports(G)
    load_graph(empty_db, edited)
    same_graph(edited, read_graph(empty_db))
    after = dict(empty_db.execute_query("MATCH (a:Activity) RETURN a.id AS id, elementId(a) AS element").records)
    assert set(after) == {S.node_id(S.ACTIVITY, a.id) for a in acts} and set(after) < set(ids)
    assert all(after[i] == ids[i] for i in after)  # updated in place, not deleted and created again
    load_graph(empty_db, G)  # and back: the removed activities are created again
    same_graph(G, read_graph(empty_db))


def test_any_set_of_separately_loaded_plans_reads_back_as_build_graph(empty_db, bradford, synthetic):
    plan, graph = synthetic
    load_graph(empty_db, graph)
    load_graph(empty_db, bradford.graph)
    tax = bradford.taxonomy
    same_graph(build_graph([plan, bradford.plans[0]], tax), read_graph(empty_db, [plan.id, bradford.plans[0].id]))
    same_graph(build_graph([bradford.plans[0]], tax), read_graph(empty_db, [bradford.plans[0].id]))
    assert read_graph(empty_db).graph["plans"] == sorted([plan.id, bradford.plans[0].id])


def test_plans_loaded_together_read_back_together(empty_db, bradford, synthetic):
    G = build_graph([synthetic[0], bradford.plans[0]], bradford.taxonomy)
    load_graph(empty_db, G)
    same_graph(G, read_graph(empty_db, G.graph["plans"]))


def test_reading_a_plan_that_is_not_there_is_an_input_error(empty_db, bradford):
    load_graph(empty_db, bradford.graph)
    with pytest.raises(InputError, match="no plan 'nope'"):
        read_graph(empty_db, ["nope"])


HOSTILE = [
    'Quote\'s "double" `backtick` {braces} $param \\ backslash',
    "x'}) DETACH DELETE n //",
    "MATCH (n) DETACH DELETE n; CREATE (:Plan {id: 'pwned'})",
    "`Activity`]->(x) RETURN 1 /* comment */ {{ }} \u2019\u00e9\u4e2d",
]


def test_hostile_text_loads_literally(empty_db, taxonomy):
    rows = [
        {"text": text, "outcome": text, "leads": [text], "partners": ["Bradford MDC"], "theme": (1, text)}
        for text in HOSTILE
    ]
    plan = replace(make_plan("x'}) //", rows), title=HOSTILE[0], source=HOSTILE[1])
    G = build_graph([plan], taxonomy)
    load_graph(empty_db, G)
    same_graph(G, read_graph(empty_db, ["x'}) //"]))
    records, _, _ = empty_db.execute_query("MATCH (a:Activity) RETURN a.text AS text ORDER BY a.seq")
    assert [r["text"] for r in records] == HOSTILE
    records, _, _ = empty_db.execute_query("MATCH (p:Plan) RETURN p.id AS id")
    assert [r["id"] for r in records] == ["Plan:x'}) //"]


def test_a_failing_plan_leaves_the_stored_version_untouched(empty_db, taxonomy, monkeypatch):
    good = build_graph([make_plan("a", PLAN_A)], taxonomy)
    load_graph(empty_db, good)
    before = counts(empty_db)
    edited = build_graph([make_plan("a", PLAN_A + PLAN_B)], taxonomy)
    real = store._write_plan

    def failing(tx, *args):
        real(tx, *args)  # everything written, then the last statement fails
        tx.run("RETURN 1 / 0").consume()

    monkeypatch.setattr(store, "_write_plan", failing)
    with pytest.raises(Neo4jError):
        load_graph(empty_db, edited)
    assert counts(empty_db) == before
    same_graph(good, read_graph(empty_db))


def test_progress_reports_every_row(empty_db, synthetic):
    seen = []
    load_graph(empty_db, synthetic[1], batch_size=500, progress=lambda done, total: seen.append((done, total)))
    total = sum(w.rows for w in plan_writes(synthetic[1]))
    assert seen[-1] == (total, total) and len(seen) > 10
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_load_statements_seek_by_index(empty_db, bradford):
    load_graph(empty_db, bradford.graph)
    with empty_db.session() as session:
        for text in (
            statement("merge_nodes", label=S.ORGANISATION),
            statement("create_relationships", rel=S.LEADS, start=S.ORGANISATION, end=S.ACTIVITY),
            statement("merge_relationships", rel=S.IN_SECTOR, start=S.ORGANISATION, end=S.SECTOR),
            statement("delete_relationships_from_end", rel=S.LEADS, end=S.ACTIVITY),
            statement("update_relationships_from_start", rel=S.PART_OF, start=S.ACTIVITY),
            statement("delete_nodes", label=S.ACTIVITY),
            statement("read_plan_nodes", label=S.ACTIVITY),
        ):
            plan = str(session.run("EXPLAIN " + text, rows=[], plan="p").consume().plan)
            assert "NodeUniqueIndexSeek" in plan or "NodeIndexSeek" in plan, text
            assert "NodeByLabelScan" not in plan and "AllNodesScan" not in plan and "NodeIndexScan" not in plan, text
        plan = str(session.run("EXPLAIN " + statement("create_nodes", label=S.ACTIVITY), rows=[]).consume().plan)
        assert "Create" in plan and "Scan" not in plan


def _spy_on_rows(monkeypatch) -> list[tuple[str, ...]]:
    """The rows load_graph sends from now on, each as its natural key: (id,) or (u, v)."""
    sent = []
    real = store._Sender._send

    def spy(self, rows, columns, keys, text):
        sent.extend(tuple(row[:keys]) for row in rows)
        return real(self, rows, columns, keys, text)

    monkeypatch.setattr(store._Sender, "_send", spy)
    return sent


def test_a_replace_writes_only_the_rows_of_what_the_edit_touched(empty_db, synthetic, bradford, monkeypatch):
    """Rows are matched by natural keys (a node's id; a relationship's type and end ids): of the
    plan's own nodes and their relationships only those an edit changed are sent (the shared and
    taxonomy nodes it uses and their own relationships are merged every time)."""
    plan, G = synthetic
    load_graph(empty_db, G)
    edited = build_graph([edited_plan(plan)], bradford.taxonomy)
    sent = _spy_on_rows(monkeypatch)
    load_graph(empty_db, edited)
    same_graph(edited, read_graph(empty_db))
    own = {nid for nid in edited if S.label_of(nid) in PLAN_LABELS}
    touched = {f"{kind}:{plan.activities[i].id}" for i in EDITED for kind in (S.ACTIVITY, S.OUTCOME)}
    plans_rows = [key for key in sent if own & set(key)]
    assert plans_rows and all(touched & set(key) or key == (S.node_id(S.PLAN, plan.id),) for key in plans_rows)
    sent.clear()
    load_graph(empty_db, edited)  # again, unchanged: none of the plan's own rows but its Plan node
    assert sent and [key for key in sent if own & set(key)] == [(S.node_id(S.PLAN, plan.id),)]


def test_a_store_written_with_build_positions_is_rewritten_once(empty_db, synthetic, monkeypatch):
    """An earlier version stored a ``pos`` on every node and relationship: loading again rewrites
    the nodes without it, and does not count it as a change of a relationship (that would rewrite
    them all at every load)."""
    _, G = synthetic
    load_graph(empty_db, G)
    empty_db.execute_query("MATCH (n) SET n.pos = 1")
    empty_db.execute_query("MATCH ()-[r]->() SET r.pos = 2")
    sent = _spy_on_rows(monkeypatch)
    load_graph(empty_db, G)
    assert len([key for key in sent if len(key) == 1]) == G.number_of_nodes()
    relationships = [key for key in sent if len(key) == 2]
    assert relationships and all(S.label_of(u) not in PLAN_LABELS for u, _ in relationships)  # shared nodes' own
    assert empty_db.execute_query("MATCH (n) WHERE n.pos IS NOT NULL RETURN count(n) AS n").records[0]["n"] == 0
    same_graph(G, read_graph(empty_db))


def test_only_a_new_plans_own_nodes_and_all_their_relationships_are_created_not_merged():
    assert {label for label in S.LABELS if node_statement(label, new_plan=True) == "create_nodes"} == {
        S.THEME,
        S.ACTIVITY,
        S.OUTCOME,
    }
    assert {node_statement(label, new_plan=False) for label in S.LABELS} == {"merge_nodes"}
    assert relationship_statement(S.ORGANISATION, S.ACTIVITY) == "create_relationships"
    assert relationship_statement(S.THEME, S.PLAN) == "create_relationships"
    assert relationship_statement(S.OUTCOME, S.CONCEPT) == "create_relationships"
    assert relationship_statement(S.ORGANISATION, S.SECTOR) == "merge_relationships"
    assert set(FRESH_LABELS) < set(PLAN_LABELS) and S.PLAN not in FRESH_LABELS


def test_activities_without_outcomes_or_themes_round_trip(empty_db, taxonomy):
    bare = make_plan("bare", [{"text": "A thing with no theme"}, {"text": "Another", "outcome": "Safer communities"}])
    bare.activities.append(
        Activity(
            id="bare:3",
            text="Later row",
            provenance=Provenance("bare.txt", row=9),
            outcome=Outcome("100 referrals by March"),
        )
    )
    G = build_graph([bare], taxonomy)
    load_graph(empty_db, G)
    same_graph(G, read_graph(empty_db))
