"""Store the partnership graph in Neo4j, and read it back.

Loading (:func:`load_graph`)
    Constraints and indexes first (``IF NOT EXISTS``), then one managed write transaction per plan
    (:func:`_write_plan`). The graph is split into one :class:`PlanWrite` per plan (its rows), and
    every batch of rows is one ``UNWIND $rows`` statement. A new plan's Theme, Activity and Outcome
    nodes and every relationship touching them are created (nothing of theirs can exist yet). A
    plan written again is compared with what the store holds of it, read in the same transaction,
    by natural keys (a node's id, a relationship's type and end ids): only its new or changed nodes
    and relationships are written, and only those it no longer has are deleted. The Plan node, the
    shared organisations, audiences, concepts, sectors and framework areas it uses and their own
    relationships are merged by id; shared nodes no plan uses any more are pruned.
    A failure rolls the whole plan back; loading again gives the same graph; an edited plan
    replaces the old one.

Reading (:func:`read_graph`)
    The graph of some or all stored plans, with the same nodes, attributes, edges and graph
    attributes as :func:`partnermap.graph.build.build_graph` of the same plans, in an order of its
    own (nodes and edges sorted by id): every analysis and report sorts by stable keys, so its
    output is the same as from the files.

Statements are ``.cypher`` templates in ``partnermap/cypher/statements``, formatted only with
names from :mod:`partnermap.graph.schema`; every value travels as a query parameter. Beyond the
schema's properties the store keeps ``taxonomy`` on each Plan node (the graph attribute).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, partial
from importlib import resources
from operator import itemgetter

import networkx as nx
from neo4j import READ_ACCESS, Driver
from neo4j import exceptions as neo

from partnermap.cypher.connect import Settings, connected
from partnermap.errors import InputError
from partnermap.graph import schema as S
from partnermap.graph.links import edges

#: labels whose nodes belong to one plan (they carry a ``plan`` property)
PLAN_LABELS = (S.PLAN, S.THEME, S.ACTIVITY, S.OUTCOME)
#: plan labels whose nodes are created with their plan, and compared with the stored ones when it is written again
FRESH_LABELS = (S.THEME, S.ACTIVITY, S.OUTCOME)
#: labels whose nodes are shared by all plans
SHARED_LABELS = tuple(label for label in S.LABELS if label not in PLAN_LABELS)
#: shared labels present for every taxonomy term, used or not
TAXONOMY_LABELS = (S.SECTOR, S.FRAMEWORK_AREA)
TAXONOMY_PROPERTY = "taxonomy"
DEFAULT_BATCH = 10_000

#: schema constant names -> values, the only names a statement template may be formatted with
SCHEMA_NAMES = {
    name: getattr(S, name)
    for name in dir(S)
    if name.isupper()
    and isinstance(getattr(S, name), str)
    and (getattr(S, name) in S.LABELS or getattr(S, name) in S.REL_TYPES)
}

Progress = Callable[[int, int], None]
DEADLOCK_RETRIES = 3  # a plan's transaction re-run after a deadlock with another load
#: a relationship's stored properties: the schema's edge properties but ``type`` (the relationship's type)
REL_PROPERTIES = tuple(key for key in S.EDGE_PROPERTIES if key != "type")
#: a relationship row (:attr:`PlanWrite.rels`): a list of its values in this order
REL_COLUMNS = ("u", "v", *REL_PROPERTIES)
assert all(key.isidentifier() for key in REL_COLUMNS)  # written into statements as property names


@cache
def node_columns(label: str) -> tuple[str, ...]:
    """The values of a ``label`` node row as sent: a list in this order, the id first."""
    extra = (TAXONOMY_PROPERTY,) if label == S.PLAN else ()
    columns = (*S.COMMON_NODE_PROPERTIES, *S.NODE_PROPERTIES[S.check_label(label)], *extra)
    assert columns[0] == "id" and all(key.isidentifier() for key in columns)  # written into statements
    return columns


def _compact(rows: list[list], columns: Sequence[str], keys: int) -> tuple[dict, list[list]]:
    """The values of ``columns`` (after the first ``keys``, which say what a row is) that are the
    same, value and type, in every one of ``rows``, by column name; and the rows without them.
    Those values are sent once (``$same``) rather than in every row: a plan's name and file, a
    column the plan lacks (None everywhere).

    >>> _compact([["a", "p", 2], ["b", "p", 3]], ("id", "plan", "line"), 1)
    ({'plan': 'p'}, [['a', 2], ['b', 3]])
    >>> _compact([["a", "b", 1], ["c", "d", True]], ("u", "v", "line"), 2)  # 1 == True, but not the same
    ({}, [['a', 'b', 1], ['c', 'd', True]])
    """
    same, varying = {}, list(range(keys))
    for i in range(keys, len(columns)):
        column = list(map(itemgetter(i), rows))
        if column.count(column[0]) == len(column) and len(set(map(type, column))) == 1:
            same[columns[i]] = column[0]
        else:
            varying.append(i)
    if len(varying) == len(columns):
        return same, rows
    if len(varying) == 1:
        return same, [[row[0]] for row in rows]
    return same, list(map(list, map(itemgetter(*varying), rows)))


def rel_properties(row: list) -> dict:
    """A relationship row's properties (:data:`REL_COLUMNS` after u and v), None left out: what the
    store holds of it."""
    return {key: value for key, value in zip(REL_PROPERTIES, row[2:]) if value is not None}


@cache
def _template(name: str) -> tuple[str, ...]:
    """The statements of ``statements/<name>.cypher`` (comment lines dropped; ``;`` separates)."""
    text = resources.files("partnermap.cypher").joinpath("statements", f"{name}.cypher").read_text("utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
    return tuple(part.strip() for part in body.split(";") if part.strip())


def _assignments(columns: Sequence[str], keys: int, same: Sequence[str]) -> dict[str, str]:
    """Column -> the Cypher expression of its value: ``$same.<column>`` for those in ``same``, else
    ``row[i]``, ``i`` its place among the row's columns (:func:`_compact`; the first ``keys`` never
    go to ``same``)."""
    if not set(same) <= set(columns[keys:]):
        raise ValueError(f"not properties of these rows: {sorted(set(same) - set(columns[keys:]))!r}")
    varying = [key for key in columns if key not in same]
    return {key: f"$same.{key}" if key in same else f"row[{varying.index(key)}]" for key in columns}


@cache
def statements(
    name: str,
    *,
    label: str | None = None,
    start: str | None = None,
    end: str | None = None,
    rel: str | None = None,
    same: tuple[str, ...] = (),
) -> tuple[str, ...]:
    """The statements of a template, formatted with schema names only (checked here).

    A node template's ``{properties}`` (a map) and ``{set_node_properties}`` (``n.<p> = ...``) take
    the ``label`` node's columns (:func:`node_columns`) from a row; a relationship template's
    ``{set_properties}`` (``r.<p> = ...``) takes :data:`REL_PROPERTIES` from a row
    (:data:`REL_COLUMNS`). The columns in ``same`` come from the map parameter ``$same`` instead,
    and the row holds the others, in order (:func:`_compact`)."""
    names = dict(SCHEMA_NAMES)
    for key, value in (("label", label), ("start", start), ("end", end)):
        if value is not None:
            names[key] = S.check_label(value)
    if rel is not None:
        names["rel"] = S.check_rel_type(rel)
    if label is not None:
        value = _assignments(node_columns(label), 1, same)
        names["properties"] = "{" + ", ".join(f"{key}: {value[key]}" for key in node_columns(label)) + "}"
        names["set_node_properties"] = ", ".join(f"n.{key} = {value[key]}" for key in node_columns(label))
    else:
        value = _assignments(REL_COLUMNS, 2, same)
        names["set_properties"] = ", ".join(f"r.{key} = {value[key]}" for key in REL_PROPERTIES)
    return tuple(t.format(**names) for t in _template(name))


def statement(name: str, **names) -> str:
    """The single statement of a template (see :func:`statements`)."""
    (text,) = statements(name, **names)
    return text


# --- splitting a graph into per-plan writes ----------------------------------------------------
@dataclass
class PlanWrite:
    """Everything one plan's transaction writes: node rows per label (the plan's own and the
    taxonomy's), the shared nodes it uses, and relationship rows per (type, start label, end label).

    A node row is a dict of its properties (None left out); a relationship row is a list, its
    values in :data:`REL_COLUMNS` order (None where it has none: :func:`rel_properties`)."""

    plan: str
    nodes: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    shared: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    rels: dict[tuple[str, str, str], list[list]] = field(default_factory=lambda: defaultdict(list))

    @property
    def rows(self) -> int:
        return sum(len(rows) for part in (self.nodes, self.shared, self.rels) for rows in part.values())

    @property
    def activities(self) -> int:
        return len(self.nodes.get(S.ACTIVITY, ()))

    def counts(self) -> dict:
        """What writing it writes: ``plan``, ``activities``, ``nodes`` and ``relationships`` (rows)."""
        return {
            "plan": self.plan,
            "activities": self.activities,
            "nodes": sum(len(r) for part in (self.nodes, self.shared) for r in part.values()),
            "relationships": sum(map(len, self.rels.values())),
        }


def _label(nid: str, data: dict) -> str:
    """The schema label of the node ``nid`` with attributes ``data``."""
    return S.check_label(data.get("kind") or S.label_of(nid))


def _node_row(label: str, data: dict) -> dict:
    """A node's schema properties, None left out (a missing key is a missing property)."""
    return {
        key: value
        for key in (*S.COMMON_NODE_PROPERTIES, *S.NODE_PROPERTIES[label])
        if (value := data.get(key)) is not None
    }


def plan_writes(G: nx.MultiDiGraph) -> list[PlanWrite]:
    """Split a graph built by ``build_graph`` into one :class:`PlanWrite` per plan (in order): its
    own nodes, the taxonomy's, the shared nodes its relationships touch with their own
    relationships (IN_SECTOR), and its relationships."""
    plans = G.graph.get("plans") or dict.fromkeys(d["plan"] for _, d in G.nodes(data=True) if d.get("kind") == S.PLAN)
    writes = {plan: PlanWrite(plan) for plan in plans}
    labels = {nid: _label(nid, data) for nid, data in G.nodes(data=True)}
    plan_of: dict[str, str] = {}  # a plan node -> its plan
    for nid, data in G.nodes(data=True):
        label = labels[nid]
        if label in PLAN_LABELS:
            plan_of[nid] = data["plan"]
            row = _node_row(label, data)
            if label == S.PLAN:
                row[TAXONOMY_PROPERTY] = G.graph.get("taxonomy")
            writes[data["plan"]].nodes[label].append(row)
        elif label in TAXONOMY_LABELS:
            for write in writes.values():
                write.nodes[label].append(_node_row(label, data))
    shared = {nid for nid, label in labels.items() if label not in PLAN_LABELS and label not in TAXONOMY_LABELS}
    shared_rels: dict[str, list[tuple]] = defaultdict(list)  # shared node -> its own relationships
    used: dict[str, dict[str, None]] = {plan: {} for plan in writes}  # plan -> shared nodes it uses
    groups: dict[tuple[str, str, str, str], list[list]] = {}  # (plan, type, start, end) -> its rows
    for u, v, rel, data in edges(G, keys=True, data=True):
        row = [u, v, *map(data.get, REL_PROPERTIES)]
        plan = plan_of.get(u) or plan_of.get(v)
        if plan is None:  # between shared nodes: written with each plan that uses u
            shared_rels[u].append(((S.check_rel_type(rel), labels[u], labels[v]), row))
            continue
        key = (plan, rel, labels[u], labels[v])
        rows = groups.get(key)
        if rows is None:
            rows = groups[key] = writes[plan].rels[S.check_rel_type(rel), key[2], key[3]]
        rows.append(row)
        if u in shared:
            used[plan][u] = None
        if v in shared:
            used[plan][v] = None
    for plan, write in writes.items():
        for nid in used[plan]:
            write.shared[labels[nid]].append(_node_row(labels[nid], G.nodes[nid]))
            for group, row in shared_rels.get(nid, ()):
                write.rels[group].append(row)
    return list(writes.values())


# --- loading ----------------------------------------------------------------------------------
@dataclass
class LoadResult:
    """What a load wrote: per plan, its activities and the node and relationship rows written."""

    plans: list[dict]

    @property
    def activities(self) -> int:
        return sum(p["activities"] for p in self.plans)


def schema_names() -> dict[str, str]:
    """Name -> statement of every constraint and index the store needs."""
    names = {f"{label}_id": statement("constraints", label=label) for label in S.LABELS}
    names.update({f"{label}_plan": statement("plan_index", label=label) for label in PLAN_LABELS})
    return names


def ensure_schema(driver: Driver, database: str | None = None) -> None:
    """Create the key constraints and plan indexes that are missing (``IF NOT EXISTS``) and wait
    for them to be online. A database that has them all costs one ``SHOW INDEXES`` round trip."""
    wanted = schema_names()
    with driver.session(database=database) as session:
        present = {r["name"]: r["state"] for r in session.run("SHOW INDEXES YIELD name, state RETURN name, state")}
        missing = [text for name, text in wanted.items() if name not in present]
        for text in missing:
            for attempt in range(5):
                try:
                    session.run(text).consume()
                    break
                except neo.ClientError as exc:  # another load created the same rule a moment ago
                    if "AlreadyExists" in (exc.code or "") or "EquivalentSchemaRule" in (exc.code or ""):
                        break
                    raise
                except neo.TransientError:  # schema changes of two loads at once: try again
                    if attempt == 4:
                        raise
                    time.sleep(0.1 * (attempt + 1))
        if missing or any(present.get(name) != "ONLINE" for name in wanted):
            session.run("CALL db.awaitIndexes(300)").consume()


def _batches(rows: list, size: int) -> Iterator[list]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def node_statement(label: str, *, new_plan: bool) -> str:
    """The template that writes nodes of ``label``: a plan's own nodes are created when the plan is
    new (it had none), everything else is merged by id (a replaced plan's new or changed nodes, the
    Plan node, shared and taxonomy nodes)."""
    return "create_nodes" if new_plan and label in FRESH_LABELS else "merge_nodes"


def relationship_statement(start: str, end: str) -> str:
    """The template that writes relationships from ``start`` to ``end`` nodes: created when one end
    is a plan's own node (a new plan's, or a replaced plan's relationship the store does not hold
    yet), merged between nodes that outlive it."""
    return "create_relationships" if start in FRESH_LABELS or end in FRESH_LABELS else "merge_relationships"


def _from_own_end(operation: str, rel: str, start: str, end: str, same: tuple[str, ...] = ()) -> str:
    """The statement of ``operation`` on existing relationships, anchored at their end that is the
    plan's own node (few relationships), never at a shared one (maybe thousands)."""
    if start in FRESH_LABELS:
        return statement(f"{operation}_from_start", rel=rel, start=start, same=same)
    return statement(f"{operation}_from_end", rel=rel, end=end, same=same)


@dataclass
class Stored:
    """What the store holds of one plan's own nodes (id -> properties) and of their relationships
    ((type, u, v) -> properties): what writing the plan again is compared with."""

    nodes: dict[str, dict]
    rels: dict[tuple[str, str, str], dict]


def _stored(tx, plan: str) -> Stored:
    """:class:`Stored` of ``plan``, read in the writing transaction itself. Relationship properties
    outside the schema's are left out (a store written by an earlier version has a ``pos``)."""
    nodes: dict[str, dict] = {}
    for label in FRESH_LABELS:
        for props in tx.run(statement("read_plan_nodes", label=label), plans=[plan]).single()["nodes"]:
            nodes[props["id"]] = props
    rels: dict[tuple[str, str, str], dict] = {}
    if nodes:
        for label in FRESH_LABELS:
            for record in tx.run(statement("read_plan_relationships", label=label), plans=[plan]):
                for u, v, rel, props in record["rels"]:
                    rels[rel, u, v] = {key: props[key] for key in REL_PROPERTIES if key in props}
    return Stored(nodes, rels)


@dataclass
class _Sender:
    """Sends rows in batches of ``batch_size`` within one transaction, each batch compact
    (:func:`_compact`), and reports the rows done so far to ``tick``."""

    tx: object
    batch_size: int
    tick: Callable[[int], None]
    done: int = 0

    def nodes(self, name: str, label: str, rows: list[dict]) -> None:
        """Write node rows (dicts) of ``label`` with the node template ``name``."""
        columns = node_columns(label)
        lists = [list(map(row.get, columns)) for row in rows]
        self._send(lists, columns, 1, partial(statement, name, label=label))

    def rels(self, text: Callable[..., str], rows: list[list]) -> None:
        """Write relationship rows (:data:`REL_COLUMNS`) with the statement ``text(same=...)``."""
        self._send(rows, REL_COLUMNS, 2, text)

    def skipped(self, count: int) -> None:
        """Count rows found unchanged in the store as done."""
        self.done += count
        self.tick(self.done)

    def _send(self, rows: list[list], columns: Sequence[str], keys: int, text: Callable[..., str]) -> None:
        for batch in _batches(rows, self.batch_size):
            same, lists = _compact(batch, columns, keys)
            self.tx.run(text(same=tuple(same)), same=same, rows=lists).consume()
            self.skipped(len(batch))


def _write_nodes(send: _Sender, write: PlanWrite, stored: Stored) -> None:
    """A new plan's own nodes created; a plan written again, those new or changed merged. The Plan
    node, the taxonomy's and the shared nodes the plan uses merged."""
    new_plan = not stored.nodes
    for label, rows in [*write.nodes.items(), *write.shared.items()]:
        if not new_plan and label in FRESH_LABELS:
            changed = [row for row in rows if stored.nodes.get(row["id"]) != row]
            send.skipped(len(rows) - len(changed))
            rows = changed
        send.nodes(node_statement(label, new_plan=new_plan), label, rows)


def _write_relationships(send: _Sender, write: PlanWrite, stored: Stored) -> None:
    """Relationships touching the plan's own nodes created, unless the store holds them already
    (then updated if their properties changed); those between shared nodes merged."""
    for (rel, start, end), rows in write.rels.items():
        if relationship_statement(start, end) == "merge_relationships":
            send.rels(partial(statement, "merge_relationships", rel=rel, start=start, end=end), rows)
            continue
        created = [row for row in rows if (rel, row[0], row[1]) not in stored.rels]
        updated = [
            row
            for row in rows
            if (old := stored.rels.get((rel, row[0], row[1]))) is not None and old != rel_properties(row)
        ]
        send.skipped(len(rows) - len(created) - len(updated))
        send.rels(partial(statement, "create_relationships", rel=rel, start=start, end=end), created)
        send.rels(partial(_from_own_end, "update_relationships", rel, start, end), updated)


def _delete_gone(tx, write: PlanWrite, stored: Stored, batch_size: int) -> None:
    """Delete the relationships and own nodes the store holds of the plan and the plan no longer has."""
    kept = {(rel, row[0], row[1]) for (rel, _, _), rows in write.rels.items() for row in rows}
    gone: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for rel, u, v in stored.rels.keys() - kept:
        gone[S.check_rel_type(rel), S.check_label(S.label_of(u)), S.check_label(S.label_of(v))].append({"u": u, "v": v})
    for (rel, start, end), rows in gone.items():
        for batch in _batches(rows, batch_size):
            tx.run(_from_own_end("delete_relationships", rel, start, end), rows=batch).consume()
    ids = {row["id"] for label in FRESH_LABELS for row in write.nodes.get(label, ())}
    stale: dict[str, list[str]] = defaultdict(list)
    for nid in stored.nodes.keys() - ids:
        stale[S.check_label(S.label_of(nid))].append(nid)
    for label, nids in stale.items():
        for batch in _batches(nids, batch_size):
            tx.run(statement("delete_nodes", label=label), ids=batch).consume()


def _write_plan(tx, write: PlanWrite, batch_size: int, tick: Callable[[int], None]) -> None:
    """The body of one plan's managed transaction (re-run whole if the driver retries it).

    The plan is locked, then compared with what the store holds of it: a new plan's own nodes and
    their relationships are created; a plan written again gets only its new or changed nodes and
    relationships written, and those it no longer has deleted, so a node is never deleted and
    created again with the same id in one transaction (that slows every later index seek in it)
    and an edited plan costs what its edits cost. Shared nodes no plan uses any more are pruned."""
    tx.run(statement("lock_plan"), id=S.node_id(S.PLAN, write.plan)).consume()
    stored = _stored(tx, write.plan)
    send = _Sender(tx, batch_size, tick)
    _write_nodes(send, write, stored)
    _write_relationships(send, write, stored)
    if stored.nodes:  # a new plan only adds: nothing of it to delete, no shared node left unused
        _delete_gone(tx, write, stored, batch_size)
        for text in statements("prune"):
            tx.run(text).consume()


def _write_with_retries(
    driver: Driver, database: str | None, write: PlanWrite, batch_size: int, tick: Callable[[int], None]
) -> None:
    """Write one plan in its own transaction, run again after a deadlock with another load."""
    for attempt in range(DEADLOCK_RETRIES + 1):
        try:
            with driver.session(database=database) as session:
                session.execute_write(_write_plan, write, batch_size, tick)
            return
        except neo.TransientError:  # past the driver's own short retries
            if attempt == DEADLOCK_RETRIES:
                raise
            time.sleep(0.2 * (attempt + 1))


def load_graph(
    target: Settings | Driver,
    G: nx.MultiDiGraph,
    *,
    database: str | None = None,
    batch_size: int = DEFAULT_BATCH,
    progress: Progress | None = None,
) -> LoadResult:
    """Load ``G`` (from ``build_graph``) into Neo4j: one transaction per plan (see the module doc).

    ``target`` is a :class:`~partnermap.cypher.connect.Settings` (a driver is opened and closed
    here) or an open driver. ``progress(rows_done, rows_total)`` is called as batches are written.
    """
    writes = plan_writes(G)
    total = sum(write.rows for write in writes)
    result = LoadResult(plans=[])
    with connected(target, database) as (driver, db):
        ensure_schema(driver, db)
        base = 0
        for write in writes:

            def tick(done: int, base: int = base) -> None:
                if progress is not None:
                    progress(base + done, total)

            _write_with_retries(driver, db, write, batch_size, tick)
            base += write.rows
            result.plans.append(write.counts())
    return result


def warm_up(driver: Driver, database: str | None = None) -> None:
    """Make the server ready for a quick first load: create the schema, then in a transaction that
    is rolled back write the bundled sample plan, write an edited copy over it (so a replace's
    statements run too) and read it back: the server has then compiled every statement a load and
    a read run (a cold server spends seconds planning them). Nothing is left in the database but
    the schema."""
    from dataclasses import replace

    from partnermap.graph.build import build_graph
    from partnermap.ingest import read_plan
    from partnermap.reference.taxonomy_file import load_taxonomy
    from partnermap.resources import sample_plan

    taxonomy = load_taxonomy(None)
    plan = read_plan(sample_plan(), taxonomy=taxonomy, plan_id="partnermap-warm-up")
    first, *rest = plan.activities[:-1]  # the copy: one activity reworded, the last one gone
    edited = replace(plan, activities=[replace(first, text=first.text + " in schools", leads=[]), *rest])
    writes = [plan_writes(build_graph([version], taxonomy))[0] for version in (plan, edited)]
    ensure_schema(driver, database)
    with driver.session(database=database) as session:
        tx = session.begin_transaction()
        try:
            for write in writes:
                _write_plan(tx, write, DEFAULT_BATCH, lambda done: None)
            _read(tx, [plan.id])
        finally:
            tx.rollback()


def warm_up_server(info) -> float:
    """:func:`warm_up` the local server ``info`` (a :class:`partnermap.cypher.server.ServerInfo`)
    just started; returns the seconds it took."""
    from partnermap.cypher.connect import Settings, open_driver

    start = time.monotonic()
    with open_driver(Settings(info.uri, info.user, info.password())) as driver:
        warm_up(driver)
    return time.monotonic() - start


# --- reading back -----------------------------------------------------------------------------
def _read(tx, plan_ids: Sequence[str] | None) -> nx.MultiDiGraph:
    """The graph of ``plan_ids`` (default all, by id) from what ``tx`` reads (see :func:`read_graph`)."""
    stored = {r["plan"]: r["taxonomy"] for r in tx.run(statement("read_plans"))}
    if plan_ids is None:
        plans = list(stored)
    else:
        plans = list(dict.fromkeys(plan_ids))
        missing = [p for p in plans if p not in stored]
        if missing:
            raise InputError(
                f"no plan {', '.join(map(repr, missing))} in Neo4j (stored: {', '.join(stored) or 'none'})"
            )
    nodes: dict[str, dict] = {}  # id -> properties
    for label in PLAN_LABELS:
        for props in tx.run(statement("read_plan_nodes", label=label), plans=plans).single()["nodes"]:
            nodes[props["id"]] = props
    shared: dict[str, dict] = {}
    for label in SHARED_LABELS:
        for props in tx.run(statement("read_shared_nodes", label=label)).single()["nodes"]:
            shared[props["id"]] = props
    rels = [
        rel
        for label in PLAN_LABELS[1:]
        for record in tx.run(statement("read_plan_relationships", label=label), plans=plans)
        for rel in record["rels"]
    ]
    shared_rels = tx.run(statement("read_shared_relationships")).single()["rels"]
    return _assemble(plans, stored[plans[0]] if plans else None, nodes, shared, rels, shared_rels)


def _assemble(
    plans: list[str],
    taxonomy: str | None,
    nodes: dict[str, dict],
    shared: dict[str, dict],
    rels: list[list],
    shared_rels: list[list],
) -> nx.MultiDiGraph:
    """The graph of the plans' ``nodes`` and relationships ``rels`` (``[u, v, type, properties]``),
    with the shared nodes those touch and their own ``shared_rels`` (IN_SECTOR) and the taxonomy's
    nodes (present whether used or not), nodes and edges sorted by id. Attributes are the schema's,
    None where the store holds no value, as ``build_graph`` has them."""
    used = {end for u, v, _, _ in rels for end in (u, v) if end in shared}
    used.update(nid for nid in shared if S.label_of(nid) in TAXONOMY_LABELS)
    everything = {**nodes, **{nid: shared[nid] for nid in used}}
    G = nx.MultiDiGraph(plans=plans, taxonomy=taxonomy)
    for nid in sorted(everything):
        props = everything[nid]
        keys = (*S.COMMON_NODE_PROPERTIES, *S.NODE_PROPERTIES[S.label_of(nid)])
        G.add_node(nid, **{key: props.get(key) for key in keys})
    own_rels = [rel for rel in shared_rels if rel[0] in used]
    for u, v, rel, props in sorted([*rels, *own_rels], key=lambda r: (r[0], r[1], r[2])):
        if rel in S.RELATIONSHIPS and u in G and v in G:
            G.add_edge(u, v, rel, **{key: props.get(key) for key in REL_PROPERTIES}, type=rel)
    return G


def read_graph(
    target: Settings | Driver, plan_ids: Sequence[str] | None = None, *, database: str | None = None
) -> nx.MultiDiGraph:
    """The graph of ``plan_ids`` (default: every stored plan, by id) read back from Neo4j.

    The same nodes, attributes, edges and graph attributes as ``build_graph`` of the same plans, in
    an order of its own (nodes, then edges, sorted by id): every analysis and report of it matches
    the one of the files. Reads in one read transaction.
    """
    with (
        connected(target, database) as (driver, db),
        driver.session(database=db, default_access_mode=READ_ACCESS) as session,
    ):
        return session.execute_read(_read, plan_ids)
