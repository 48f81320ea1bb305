"""Store the partnership graph in Neo4j, and read it back as the very graph it was built as.

Loading (:func:`load_graph`)
    Constraints and indexes first (``IF NOT EXISTS``), then one managed write transaction per plan.
    A new plan's Theme, Activity and Outcome nodes and every relationship touching them are
    created in batches of ``UNWIND $rows`` (nothing of theirs can exist yet); on Neo4j 5 the node
    statements return the nodes' internal ids and its relationships are written between those,
    with no index lookup (:func:`ids_usable`). A plan written again
    is compared with what the store holds of it, read in the same transaction: only its new or
    changed nodes and relationships are written, and only those it no longer has are deleted
    (see :func:`_write_plan`). The Plan node, the shared organisations, audiences, concepts,
    sectors and framework areas it uses and their own relationships are merged by id; shared nodes
    no plan uses any more are pruned.
    A failure rolls the whole plan back; loading again gives the same graph; an edited plan
    replaces the old one.

Statements are ``.cypher`` templates in ``partnermap/cypher/statements``, formatted only with
names from :mod:`partnermap.graph.schema`; every value travels as a query parameter.

Beyond the schema's properties the store keeps what is needed to rebuild the graph exactly:
``taxonomy`` on each Plan node (the graph attribute), and ``pos`` (build order) on nodes and
relationships. :func:`read_graph` returns a graph equal to
:func:`partnermap.graph.build.build_graph`'s, node and edge order included. A ``pos`` is local to
the activity that made the node or relationship (see :func:`positions`), so an edit renumbers
only what it touches and a replace rewrites only that.
"""

from __future__ import annotations

import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache, partial
from operator import itemgetter
from importlib import resources
from typing import TypeVar

import networkx as nx
from neo4j import READ_ACCESS, Driver
from neo4j import exceptions as neo

from partnermap.cypher.connect import Settings, connected
from partnermap.errors import InputError
from partnermap.graph import schema as S
from partnermap.graph.build import build_edge_order, edge_count
from partnermap.perf import gc_paused

T = TypeVar("T")

#: labels whose nodes belong to one plan (they carry a ``plan`` property)
PLAN_LABELS = (S.PLAN, S.THEME, S.ACTIVITY, S.OUTCOME)
#: plan labels whose nodes are created with their plan, and compared with the stored ones when it is written again
FRESH_LABELS = (S.THEME, S.ACTIVITY, S.OUTCOME)
#: labels whose nodes are shared by all plans
SHARED_LABELS = tuple(label for label in S.LABELS if label not in PLAN_LABELS)
#: shared labels present for every taxonomy term, used or not (in build order)
TAXONOMY_LABELS = (S.SECTOR, S.FRAMEWORK_AREA)
ORDER_PROPERTY = "pos"
TAXONOMY_PROPERTY = "taxonomy"
DEFAULT_BATCH = 10_000

#: schema constant names -> values, the only names a statement template may be formatted with
SCHEMA_NAMES = {name: getattr(S, name) for name in dir(S)
                if name.isupper() and isinstance(getattr(S, name), str)
                and (getattr(S, name) in S.LABELS or getattr(S, name) in S.REL_TYPES)}

Progress = Callable[[int, int], None]
DEADLOCK_RETRIES = 3  # a plan's transaction re-run after a deadlock with another load
_EDGE_KEYS = tuple(key for key in S.EDGE_PROPERTIES if key != "type")  # ``type`` is the relationship's type
_REL_PROPERTIES = (*_EDGE_KEYS, ORDER_PROPERTY)
assert not {"u", "v"} & set(_REL_PROPERTIES) and all(k.isidentifier() for k in _REL_PROPERTIES)


#: a relationship row (:attr:`PlanWrite.rels`): a list of its values in this order, as sent
REL_COLUMNS = ("u", "v", *_REL_PROPERTIES)


@cache
def node_columns(label: str) -> tuple[str, ...]:
    """The values of a ``label`` node row as sent: a list in this order (see :func:`_as_lists`)."""
    extra = (TAXONOMY_PROPERTY,) if label == S.PLAN else ()
    columns = (*S.COMMON_NODE_PROPERTIES, *S.NODE_PROPERTIES[S.check_label(label)], ORDER_PROPERTY, *extra)
    assert all(key.isidentifier() for key in columns)  # written into statements as property names
    return columns


def _as_lists(rows: list[dict], columns: tuple[str, ...]) -> list[list]:
    """Rows as lists of their values in ``columns`` order (None where a row has none): what a
    statement reads as ``row[i]``. Lists spare the server a key per value of every row (a
    10,000-activity plan's Activity nodes took about three quarters of the time)."""
    return [[row.get(key) for key in columns] for row in rows]


def _compact_nodes(rows: list[dict], columns: tuple[str, ...]) -> tuple[dict, list[list]]:
    """Node rows (dicts) as :func:`_compact` makes relationship rows: the ``columns`` after the id
    with one value (and type) in every row, with that value, and the rows as lists of the other
    columns' values, in ``columns`` order, the id first. A plan's name, its file, a kind and a
    column the plan does not have (None) go once rather than in every row.

    >>> _compact_nodes([{"id": "a", "plan": "p", "line": 2}, {"id": "b", "plan": "p", "line": 3}],
    ...                ("id", "plan", "line", "ref"))
    ({'plan': 'p', 'ref': None}, [['a', 2], ['b', 3]])
    """
    first = rows[0]
    same = {}
    for key in columns[1:]:  # never the id: it is what a row is
        value = first.get(key)
        kind = type(value)
        if all((x := row.get(key)) == value and type(x) is kind for row in rows):
            same[key] = value
    if not same:
        return same, _as_lists(rows, columns)
    return same, _as_lists(rows, tuple(key for key in columns if key not in same))


def _present(rows: list[list]) -> tuple[str, ...]:
    """The relationship properties that some of ``rows`` (:data:`REL_COLUMNS`) have a value of:
    all a CREATE needs to set (a MERGE or update sets every one, to remove what a row lacks)."""
    return tuple(key for i, key in enumerate(_REL_PROPERTIES, start=2) if any(row[i] is not None for row in rows))


def _compact(rows: list[list], properties: Sequence[str]) -> tuple[dict, Callable[[object, object, list], list]]:
    """Of ``properties``, those with one value (and type) in all ``rows`` (:data:`REL_COLUMNS`), with
    that value, and a function ``(u, v, row)`` that makes a row compact: the ends given (internal
    ids) and the other properties, in order.
    Sent once rather than in every row (a plan's file name, a lead's field), they cost neither
    side anything per row.

    >>> same, make = _compact([["a", "b", "x.csv", 2], ["c", "d", "x.csv", 3]], ["source", "line"])
    >>> same, make(7, 8, ["e", "f", "x.csv", 4])
    ({'source': 'x.csv'}, [7, 8, 4])
    """
    same, varying = {}, []
    for key in properties:
        i = REL_COLUMNS.index(key)
        value, kind = rows[0][i], type(rows[0][i])
        if all(row[i] == value and type(row[i]) is kind for row in rows):
            same[key] = value
        else:
            varying.append(i)
    if not varying:
        return same, lambda u, v, row: [u, v]
    if len(varying) == 1:
        (i,) = varying
        return same, lambda u, v, row: [u, v, row[i]]
    pick = itemgetter(*varying)
    return same, lambda u, v, row: [u, v, *pick(row)]


def rel_properties(row: list) -> dict:
    """A relationship row's properties (:data:`REL_COLUMNS` after u and v), None left out: what the
    store holds of it."""
    return {key: value for key, value in zip(_REL_PROPERTIES, row[2:]) if value is not None}


@cache
def _template(name: str) -> tuple[str, ...]:
    """The statements of ``statements/<name>.cypher`` (comment lines dropped; ``;`` separates)."""
    text = resources.files("partnermap.cypher").joinpath("statements", f"{name}.cypher").read_text("utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
    return tuple(part.strip() for part in body.split(";") if part.strip())


def statements(name: str, *, label: str | None = None, start: str | None = None, end: str | None = None,
               rel: str | None = None, rel_properties: Sequence[str] = _REL_PROPERTIES,
               same: Sequence[str] | None = None, node_same: Sequence[str] = ()) -> tuple[str, ...]:
    """The statements of a template, formatted with schema names only (checked here).

    ``{set_properties}`` sets ``rel_properties`` (default all) from a relationship row
    (:data:`REL_COLUMNS`). With ``same`` the row is compact (:func:`_compact`): the properties in
    ``same`` are set from the map parameter ``$same`` (one value for every row), the others from
    the row after u and v, in ``rel_properties`` order. ``node_same`` does the same for a node
    row (:func:`_compact_nodes`): those of the label's columns come from ``$same``."""
    if not set(rel_properties) <= set(_REL_PROPERTIES) or not set(same or ()) <= set(rel_properties):
        raise ValueError(f"not relationship properties: {rel_properties!r}, {same!r}")
    if same is None:
        sets = [f"r.{key} = row[{REL_COLUMNS.index(key)}]" for key in rel_properties]
    else:
        varying = [key for key in rel_properties if key not in same]
        sets = [f"r.{key} = $same.{key}" if key in same else f"r.{key} = row[{2 + varying.index(key)}]"
                for key in rel_properties]
    names = {**SCHEMA_NAMES, "set_properties": ", ".join(sets)}
    for key, value in (("label", label), ("start", start), ("end", end)):
        if value is not None:
            names[key] = S.check_label(value)
    if label is not None:
        columns = node_columns(label)
        if not set(node_same) <= set(columns[1:]):
            raise ValueError(f"not {label} properties after the id: {node_same!r}")
        varying = [key for key in columns if key not in node_same]
        value = {key: f"$same.{key}" if key in node_same else f"row[{varying.index(key)}]" for key in columns}
        names["properties"] = "{" + ", ".join(f"{key}: {value[key]}" for key in columns) + "}"
        names["set_node_properties"] = ", ".join(f"n.{key} = {value[key]}" for key in columns)
    if rel is not None:
        names["rel"] = S.check_rel_type(rel)
    return tuple(t.format(**names) for t in _template(name))


def statement(name: str, **names: str) -> str:
    """The single statement of a template (see :func:`statements`)."""
    (text,) = statements(name, **names)
    return text


# --- splitting a graph into per-plan writes ----------------------------------------------------
@dataclass
class PlanWrite:
    """Everything one plan's transaction writes: node rows per label (the plan's own and the
    taxonomy's), the shared nodes it uses, and relationship rows per (type, start label, end label).

    A node row is a dict of its properties (None left out); a relationship row is a list, its
    values in :data:`REL_COLUMNS` order (None where it has none: :func:`rel_properties`), as sent."""

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
        return {"plan": self.plan, "activities": self.activities,
                "nodes": sum(len(r) for part in (self.nodes, self.shared) for r in part.values()),
                "relationships": sum(map(len, self.rels.values()))}


def _node_row(label: str, data: dict, pos: int) -> dict:
    """A node's schema properties (None left out: a missing key is a missing property) and ``pos``."""
    row = {key: value for key in (*S.COMMON_NODE_PROPERTIES, *S.NODE_PROPERTIES[label])
           if (value := data.get(key)) is not None}
    row[ORDER_PROPERTY] = pos
    return row


POS_SHIFT = 24  # a position is (seq << POS_SHIFT) | index: up to 16 million things made per activity


def node_owners(G: nx.MultiDiGraph) -> dict[str, tuple[int, int]] | None:
    """Node -> (plan rank, ``seq`` of the activity whose build made it): ``build_graph`` adds a
    plan's node, its themes, then each activity's node followed by the nodes it is the first to
    use, so a node belongs to the last activity before it in node order (0 before the first; the
    taxonomy's nodes, before any plan, rank -1). None when the node order is not of that shape."""
    owners: dict[str, tuple[int, int]] = {}
    rank, seq = -1, 0
    for nid, data in G.nodes(data=True):
        kind = data.get("kind")
        if kind == S.PLAN:
            rank, seq = rank + 1, 0
        elif kind == S.ACTIVITY:
            number = data.get("seq")
            if type(number) is not int or number <= seq or number >= 1 << (62 - POS_SHIFT):
                return None
            seq = number
        owners[nid] = (rank, seq)
    return owners


def positions(items: Sequence, owner_of: Sequence[tuple[int, int]] | None) -> list[int]:
    """The stored ``pos`` of each of ``items`` (in order): ``(seq << POS_SHIFT) | i``, ``i`` its
    place among the items of the same owner (:func:`node_owners`), or the plain index when
    ``owner_of`` is None or the owners are not in order. Either way the positions increase along
    ``items``, and sorting by them (within a plan) gives ``items`` back.

    >>> positions("abcd", [(0, 0), (0, 1), (0, 1), (0, 2)])
    [0, 16777216, 16777217, 33554432]
    >>> positions("abc", [(0, 2), (0, 1), (0, 3)])
    [0, 1, 2]
    """
    if owner_of is None:
        return list(range(len(items)))
    result, previous, index = [], None, 0
    for owner in owner_of:
        if previous is not None and owner < previous:
            return list(range(len(items)))
        index = index + 1 if owner == previous else 0
        if index >= 1 << POS_SHIFT:
            return list(range(len(items)))
        result.append((owner[1] << POS_SHIFT) | index)
        previous = owner
    return result


def node_positions(G: nx.MultiDiGraph, owners: dict[str, tuple[int, int]] | None) -> dict[str, int]:
    """Node -> its stored ``pos``: :func:`positions` of the node order by ``owners``
    (:func:`node_owners` of ``G``)."""
    return dict(zip(G, positions(G, None if owners is None else list(owners.values()))))


def edge_owner(owners: dict[str, tuple[int, int]], u: str, v: str) -> tuple[int, int]:
    """The owner of the edge ``u`` -> ``v``: the later owner of its ends (the activity whose build made it)."""
    return max(owners[u], owners[v])


def edge_order(G: nx.MultiDiGraph, owners: dict[str, tuple[int, int]] | None = None) -> list[tuple[str, str, str]]:
    """The edges in an order that, added to the graph's nodes, rebuilds every node's successor,
    predecessor and key order exactly (a topological order of those per-node orders), with each
    shared node's own relationships (IN_SECTOR) straight before its first use, as ``build_graph``
    adds them.

    With ``owners`` (:func:`node_owners`) an edge belongs to the later owner of its two ends (the
    activity whose build made it), and the order is by owner where the per-node orders allow it
    (they do for ``build_graph``'s graphs, which add everything activity by activity), so a
    change to one activity moves only its own edges."""
    succ, pred = G._succ, G._pred  # networkx's own dicts of dicts: far faster than the views
    # an edge's attribute dict is one object, shared by succ[u][v][k] and pred[v][u][k]: key by its id
    edges: list[tuple[str, str, str]] = []
    index: dict[int, int] = {}
    for u, nbrs in succ.items():
        for v, keys in nbrs.items():
            for k, data in keys.items():
                index[id(data)] = len(edges)
                edges.append((u, v, k))
    group = list(range(len(edges)))  # edge -> the item (first edge of its glued group) it belongs to
    members: dict[int, list[int]] = {}
    kind = {n: d.get("kind") for n, d in G.nodes(data=True)}
    for x in G:
        if kind[x] not in SHARED_LABELS or kind[x] in TAXONOMY_LABELS:
            continue
        own = [index[id(d)] for s, keys in succ[x].items() if kind[s] in TAXONOMY_LABELS for d in keys.values()]
        if own:
            uses = [index[id(d)] for v, keys in succ[x].items() if kind[v] not in TAXONOMY_LABELS
                    for d in keys.values()]
            uses = uses or [index[id(d)] for keys in pred[x].values() for d in keys.values()]
            glued = own + uses[:1]
            members[glued[0]] = glued
            for i in glued:
                group[i] = glued[0]
    after: list[list[int]] = [[] for _ in edges]
    waiting = [0] * len(edges)
    for adjacency in (succ, pred):
        for nbrs in adjacency.values():
            prev = -1
            for keys in nbrs.values():
                for data in keys.values():
                    cur = group[index[id(data)]]
                    if prev >= 0 and prev != cur:
                        after[prev].append(cur)
                        waiting[cur] += 1
                    prev = cur
    heads = [i for i in range(len(edges)) if group[i] == i]
    owner = [()] * len(edges)  # no owners: one for all, a plain topological order
    if owners is not None:
        owner = [edge_owner(owners, *edges[g][:2]) for g in group]  # a glued group goes with its use
        if not all(owner[nxt] >= owner[item] for item in heads for nxt in after[item]):
            owner = [()] * len(edges)  # a per-node order runs against the owners
    # owner by owner; within one, from its ready edges in graph order: what it made, as it made it
    ready: dict[tuple, list[int]] = defaultdict(list)
    for i in heads:
        if not waiting[i]:
            ready[owner[i]].append(i)
    order: list[int] = []
    for key in sorted({owner[i] for i in heads}):
        queue = deque(sorted(ready.pop(key, ())))
        while queue:
            item = queue.popleft()
            order.extend(members.get(item, (item,)))
            for nxt in after[item]:
                waiting[nxt] -= 1
                if not waiting[nxt]:
                    (queue if owner[nxt] == key else ready[owner[nxt]]).append(nxt)
    return [edges[i] for i in order]


def _label(nid: str, data: dict) -> str:
    """The schema label of the node ``nid`` with attributes ``data``."""
    return S.check_label(data.get("kind") or S.label_of(nid))


def _node_writes(G: nx.MultiDiGraph, owners: dict[str, tuple[int, int]] | None,
                 pos: dict[str, int]) -> dict[str, PlanWrite]:
    """Per plan: its own nodes and the taxonomy's, each with its build-order ``pos``
    (:func:`node_positions` by ``owners``, :func:`node_owners`)."""
    plans = G.graph.get("plans") or dict.fromkeys(d["plan"] for _, d in G.nodes(data=True) if d.get("kind") == S.PLAN)
    writes = {plan: PlanWrite(plan) for plan in plans}
    taxonomy_rows: dict[str, list[dict]] = defaultdict(list)
    for at, (nid, data) in zip(pos.values(), G.nodes(data=True)):
        label = _label(nid, data)
        row = _node_row(label, data, at)
        if label == S.PLAN:
            row[TAXONOMY_PROPERTY] = G.graph.get("taxonomy")
        if label in TAXONOMY_LABELS:
            taxonomy_rows[label].append(row)
        elif label in PLAN_LABELS:
            writes[data["plan"]].nodes[label].append(row)
    for write in writes.values():
        for label, rows in taxonomy_rows.items():
            write.nodes[label].extend(rows)
    return writes


def _ordered_edges(G: nx.MultiDiGraph, owners: dict[str, tuple[int, int]] | None) -> list[tuple[str, str, str, dict]]:
    """The edges ``(u, v, key, attributes)`` in the order they are written: as ``build_graph``
    added them where it kept that order (:func:`~partnermap.graph.build.build_edge_order`: it has
    every property :func:`edge_order` asks for, at no cost), else :func:`edge_order`."""
    recorded = build_edge_order(G)
    if recorded is not None:
        return [(u, v, data["type"], data) for u, v, data in recorded]
    succ = G._succ
    return [(u, v, key, succ[u][v][key]) for u, v, key in edge_order(G, owners)]


def _add_relationships(writes: dict[str, PlanWrite], G: nx.MultiDiGraph, owners: dict[str, tuple[int, int]] | None,
                       pos: dict[str, int]) -> None:
    """Add to each plan's write its relationships, in :func:`_ordered_edges` order (``pos``), and
    the shared nodes it uses (at ``pos``, by ``owners``, as :func:`_node_writes`) with their own
    relationships."""
    nodes = G._node
    label = {nid: _label(nid, data) for nid, data in nodes.items()}
    plan_of = {nid: nodes[nid]["plan"] for nid, lab in label.items() if lab in PLAN_LABELS}
    shared = {nid for nid, lab in label.items() if lab not in PLAN_LABELS and lab not in TAXONOMY_LABELS}
    edges = _ordered_edges(G, owners)
    # edge_owner, inline: a call per edge was a fifth of this
    rel_pos = positions(edges, None if owners is None else [max(owners[u], owners[v]) for u, v, _, _ in edges])
    shared_rels: dict[str, list[tuple]] = defaultdict(list)  # shared node -> its own relationships
    used: dict[str, dict[str, None]] = {plan: {} for plan in writes}  # plan -> shared nodes it uses
    groups: dict[tuple[str, str, str, str], list[list]] = {}  # (plan, type, start, end) -> rows
    keys = _EDGE_KEYS
    for i, (u, v, rel, data) in zip(rel_pos, edges):
        row = [u, v, *map(data.get, keys), i]
        plan = plan_of.get(u) or plan_of.get(v)
        if plan is None:
            shared_rels[u].append((rel, u, v, row))
            continue
        group = (plan, rel, label[u], label[v])
        rows = groups.get(group)
        if rows is None:
            rows = groups[group] = writes[plan].rels[S.check_rel_type(rel), group[2], group[3]]
        rows.append(row)
        if u in shared:
            used[plan][u] = None
        if v in shared:
            used[plan][v] = None
    for plan, write in writes.items():
        for nid in used[plan]:
            write.shared[label[nid]].append(_node_row(label[nid], nodes[nid], pos[nid]))
            for rel, u, v, row in shared_rels.get(nid, ()):
                write.rels[S.check_rel_type(rel), label[u], label[v]].append(row)


def plan_writes(G: nx.MultiDiGraph) -> list[PlanWrite]:
    """Split a graph built by ``build_graph`` into one :class:`PlanWrite` per plan (in order)."""
    with gc_paused():
        owners = node_owners(G)
        pos = node_positions(G, owners)
        writes = _node_writes(G, owners, pos)
        _add_relationships(writes, G, owners, pos)
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


def _batches(rows: list[dict], size: int) -> Iterable[list[dict]]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


def _ahead(work: Iterable[Callable[[], T]]) -> Iterator[T]:
    """The result of each piece of ``work``, in order, the next one worked out in a thread while the
    caller uses this one: sending a batch and waiting for the server releases the interpreter, so
    making the next batch's rows (lists, internal ids) costs the load no time.

    >>> list(_ahead(partial(pow, 2, n) for n in range(4)))
    [1, 2, 4, 8]
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = None
        for job in work:
            future = pool.submit(job)
            if pending is not None:
                yield pending.result()
            pending = future
        if pending is not None:
            yield pending.result()


@cache
def _node_text(name: str, label: str, same: tuple[str, ...], returning_ids: bool) -> str:
    """The node statement ``name`` for rows of ``label`` compact with ``same`` (:func:`_compact_nodes`),
    returning the nodes' internal ids (``node_ids``) if asked."""
    text = statement(name, label=label, node_same=same)
    return f"{text}\n{statement('node_ids')}" if returning_ids else text


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


def _from_own_end(operation: str, rel: str, start: str, end: str) -> str:
    """The statement of ``operation`` on existing relationships, anchored at their end that is the
    plan's own node (few relationships), never at a shared one (maybe thousands)."""
    if start in FRESH_LABELS:
        return statement(f"{operation}_from_start", rel=rel, start=start)
    return statement(f"{operation}_from_end", rel=rel, end=end)


def _stored(tx, plan: str) -> tuple[dict[str, dict], dict[tuple[str, str, str], dict]]:
    """What the store holds of ``plan``'s own nodes (id -> properties) and of their relationships
    ((type, u, v) -> properties), read in the writing transaction itself."""
    nodes: dict[str, dict] = {}
    for label in FRESH_LABELS:
        for props in tx.run(statement("read_plan_nodes", label=label), plans=[plan]).single()["nodes"]:
            nodes[props["id"]] = props
    rels: dict[tuple[str, str, str], dict] = {}
    if nodes:
        for label in FRESH_LABELS:
            for record in tx.run(statement("read_plan_relationships", label=label), plans=[plan]):
                for u, v, rel, props in record["rels"]:
                    rels[rel, u, v] = props
    return nodes, rels


def ids_usable(driver: Driver) -> bool:
    """Whether the server's Cypher has ``id()`` (Neo4j 5, the local server's): a new plan's
    relationships are then written between the nodes' internal ids, which the node statements
    return, rather than found again through the id index (about a third of those statements' time)."""
    agent = driver.get_server_info().agent or ""
    return agent.startswith("Neo4j/5.")


def _write_plan(tx, write: PlanWrite, batch_size: int, tick: Callable[[int], None],
                relationships_ready: Callable[[], None], by_node_id: bool = False) -> None:
    """The body of one plan's managed transaction (re-run whole if the driver retries it).

    A new plan's own nodes and their relationships are created. A plan written again is compared
    with what the store holds of it (read in this transaction): only nodes and relationships that
    are new or changed are written, and only those it no longer has are deleted, so a node is
    never deleted and created again with the same id in one transaction (that makes every later
    index seek in it slower: a 10,000-activity replace once took minutes against seconds for a
    fresh load) and an edited plan costs what its edits cost.

    With ``by_node_id`` (:func:`ids_usable`) a new plan's node statements return the nodes'
    internal ids and its relationships are written between those."""
    tx.run(statement("lock_plan"), id=S.node_id(S.PLAN, write.plan)).consume()
    old_nodes, old_rels = _stored(tx, write.plan)
    new_plan = not old_nodes
    node_ids: dict[str, int] | None = {} if new_plan and by_node_id else None  # node id -> internal id
    done = 0

    def send(batches: Iterable[tuple[str, list] | tuple[str, list, dict]], skipped: int = 0) -> None:
        """Run each ``(statement, rows)`` or ``(statement, rows, more parameters)`` batch."""
        nonlocal done
        for text, batch, *more in batches:
            tx.run(text, *more, rows=batch).consume()
            done += len(batch)
            tick(done)
        if skipped:
            done += skipped
            tick(done)

    def run(text: str, rows: list, skipped: int = 0) -> None:
        """Write the lists ``rows`` in batches."""
        send(((text, batch) for batch in _batches(rows, batch_size)), skipped)

    def node_batches(name: str, label: str, rows: list[dict]) -> Iterator[tuple[str, list, dict]]:
        """Each batch of ``rows`` (dicts) compact (:func:`_compact_nodes`), with its statement
        (returning the nodes' internal ids where the plan goes by them) and ``$same``; each made
        while the one before is written."""
        columns = node_columns(label)

        def convert(batch: list[dict]) -> tuple[str, list, dict]:
            same, lists = _compact_nodes(batch, columns)
            return _node_text(name, label, tuple(same), node_ids is not None), lists, {"same": same}

        return _ahead(partial(convert, batch) for batch in _batches(rows, batch_size))

    def write_nodes(name: str, rows: list[dict], label: str, skipped: int = 0) -> None:
        """Write node rows, keeping a new plan's internal ids when it goes by them."""
        nonlocal done
        if node_ids is None:
            return send(node_batches(name, label, rows), skipped)
        for text, batch, same in node_batches(name, label, rows):
            node_ids.update(zip((row[0] for row in batch), tx.run(text, same, rows=batch).single()["ids"]))
            done += len(batch)
            tick(done)

    def by_id(rel: str, start: str, end: str, text: str, rows: list[list]) -> Iterable[Callable[[], tuple]]:
        """Work for each batch of ``rows``: its statement and rows, compact (:func:`_compact`) with
        their ends' internal ids for u and v where the nodes were written here, else as they are
        (found through the id index)."""
        @cache
        def texts() -> tuple[str, str, dict, Callable[[object, object, list], list]]:
            properties = _present(rows) if text == "create_relationships" else _REL_PROPERTIES
            same, make = _compact(rows, properties)
            return (statement(f"{text}_by_node_id", rel=rel, rel_properties=properties, same=tuple(same)),
                    statement(text, rel=rel, start=start, end=end, rel_properties=properties), same, make)

        def convert(batch: list[list]) -> tuple:
            ids, fallback, same, make = texts()
            try:
                return ids, [make(node_ids[row[0]], node_ids[row[1]], row) for row in batch], {"same": same}
            except KeyError:  # an end this transaction did not write
                return fallback, batch

        return (partial(convert, batch) for batch in _batches(rows, batch_size))

    for label, rows in write.nodes.items():
        if not new_plan and label in FRESH_LABELS:
            changed = [row for row in rows if old_nodes.get(row["id"]) != row]
            write_nodes("merge_nodes", changed, label, skipped=len(rows) - len(changed))
        else:
            write_nodes(node_statement(label, new_plan=new_plan), rows, label)
    relationships_ready()  # computed meanwhile in another thread
    for label, rows in write.shared.items():
        write_nodes(node_statement(label, new_plan=new_plan), rows, label)
    kept: set[tuple[str, str, str]] = set()
    if node_ids is not None:  # every batch's rows made while the one before is written
        send(_ahead(work for (rel, start, end), rows in write.rels.items()
                    for work in by_id(rel, start, end, relationship_statement(start, end), rows)))
    for (rel, start, end), rows in write.rels.items() if node_ids is None else ():
        text = relationship_statement(start, end)
        if text != "create_relationships":
            run(statement(text, rel=rel, start=start, end=end), rows)
            continue
        if new_plan:
            run(statement(text, rel=rel, start=start, end=end, rel_properties=_present(rows)), rows)
            continue
        created, updated = [], []
        for row in rows:
            key = (rel, row[0], row[1])
            old = old_rels.get(key)
            if old is None:
                created.append(row)
            else:
                kept.add(key)
                if old != rel_properties(row):
                    updated.append(row)
        run(statement("create_relationships", rel=rel, start=start, end=end, rel_properties=_present(created)),
            created)
        run(_from_own_end("update_relationships", rel, start, end), updated,
            skipped=len(rows) - len(created) - len(updated))
    gone: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for key in old_rels.keys() - kept:
        rel, u, v = key
        gone[S.check_rel_type(rel), S.check_label(S.label_of(u)), S.check_label(S.label_of(v))].append({"u": u, "v": v})
    for (rel, start, end), rows in gone.items():  # deletions are not rows written: no progress
        for batch in _batches(rows, batch_size):
            tx.run(_from_own_end("delete_relationships", rel, start, end), rows=batch).consume()
    new_ids = {row["id"] for label in FRESH_LABELS for row in write.nodes.get(label, ())}
    stale: dict[str, list[str]] = defaultdict(list)
    for nid in old_nodes.keys() - new_ids:
        stale[S.check_label(S.label_of(nid))].append(nid)
    for label, ids in stale.items():
        for batch in _batches(ids, batch_size):
            tx.run(statement("delete_nodes", label=label), ids=batch).consume()
    if not new_plan:  # a new plan only adds: it leaves no shared node unused
        for text in statements("prune"):
            tx.run(text).consume()


def load_graph(target: Settings | Driver, G: nx.MultiDiGraph, *, database: str | None = None,
               batch_size: int = DEFAULT_BATCH, progress: Progress | None = None) -> LoadResult:
    """Load ``G`` (from ``build_graph``) into Neo4j: one transaction per plan (see the module doc).

    ``target`` is a :class:`~partnermap.cypher.connect.Settings` (a driver is opened and closed
    here) or an open driver. ``progress(rows_done, rows_total)`` is called as batches are written.
    """
    with gc_paused():  # and the rows made for it are freed (on return) before the collector runs again:
        return _load_graph(target, G, database, batch_size, progress)  # it would walk them all, a second at 100,000


def _load_graph(target: Settings | Driver, G: nx.MultiDiGraph, database: str | None, batch_size: int,
                progress: Progress | None) -> LoadResult:
    result = LoadResult(plans=[])
    with connected(target, database) as (driver, db), ThreadPoolExecutor(max_workers=1) as pool:
        owners = node_owners(G)
        pos = node_positions(G, owners)
        writes = _node_writes(G, owners, pos)
        # counted before the thread below starts: it holds the interpreter most of the time
        estimate = sum(w.rows for w in writes.values()) + edge_count(G)
        # relationship rows (and their build order) are worked out while the nodes are written
        relationships = pool.submit(_add_relationships, writes, G, owners, pos)
        ensure_schema(driver, db)
        by_node_id = ids_usable(driver)
        base = 0
        for write in writes.values():
            def tick(done: int, _base: int = base) -> None:
                if progress is not None:
                    total = sum(w.rows for w in writes.values()) if relationships.done() else estimate
                    progress(_base + done, max(total, _base + done))

            for attempt in range(DEADLOCK_RETRIES + 1):
                try:
                    with driver.session(database=db) as session:
                        session.execute_write(_write_plan, write, batch_size, tick, relationships.result, by_node_id)
                    break
                except neo.TransientError:  # a deadlock with another load, past the driver's short retries
                    if attempt == DEADLOCK_RETRIES:
                        raise
                    time.sleep(0.2 * (attempt + 1))
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
    writes = [plan_writes(build_graph([version], taxonomy, keep_edge_order=True))[0] for version in (plan, edited)]
    ensure_schema(driver, database)
    by_node_id = ids_usable(driver)
    with driver.session(database=database) as session:
        tx = session.begin_transaction()
        try:
            for write in writes:
                _write_plan(tx, write, DEFAULT_BATCH, lambda done: None, lambda: None, by_node_id)
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
    stored = {r["plan"]: r["taxonomy"] for r in tx.run(statement("read_plans"))}
    if plan_ids is None:
        plans = list(stored)
    else:
        plans = list(dict.fromkeys(plan_ids))
        missing = [p for p in plans if p not in stored]
        if missing:
            raise InputError(f"no plan {', '.join(map(repr, missing))} in Neo4j (stored: "
                             f"{', '.join(stored) or 'none'})")
    props: dict[str, dict] = {}
    for label in PLAN_LABELS:
        for node in tx.run(statement("read_plan_nodes", label=label), plans=plans).single()["nodes"]:
            props[node["id"]] = node
    for label in SHARED_LABELS:
        for node in tx.run(statement("read_shared_nodes", label=label)).single()["nodes"]:
            props[node["id"]] = node
    plan_rels: dict[str, list[dict]] = defaultdict(list)
    for label in PLAN_LABELS[1:]:
        for record in tx.run(statement("read_plan_relationships", label=label), plans=plans):
            plan_rels[record["plan"]].extend({"u": u, "v": v, "type": rel, "props": p} for u, v, rel, p in record["rels"])
    shared_rels: dict[str, list[dict]] = defaultdict(list)
    for u, v, rel, p in tx.run(statement("read_shared_relationships")).single()["rels"]:
        shared_rels[u].append({"u": u, "v": v, "type": rel, "props": p})
    return _assemble(plans, stored, props, plan_rels, shared_rels)


def _assemble(plans, stored, props, plan_rels, shared_rels) -> nx.MultiDiGraph:
    """Rebuild the graph in ``build_graph``'s order: taxonomy nodes, then plan by plan its nodes by
    ``pos`` with each shared node it is the first to use placed after the node of its first use
    (organisations, then audiences; concepts after their outcome); relationships by ``pos``, a
    shared node's IN_SECTOR straight before its first use."""
    rank = {plan: i for i, plan in enumerate(plans)}

    def pos(item: dict) -> float:
        value = item.get(ORDER_PROPERTY)
        return float(value) if value is not None else float("inf")

    node_key = {nid: (-1, pos(p), 0, 0.0) for nid, p in props.items() if S.label_of(nid) in TAXONOMY_LABELS}
    node_key.update((nid, (rank[p["plan"]], pos(p), 0, 0.0)) for nid, p in props.items()
                    if S.label_of(nid) in PLAN_LABELS and p.get("plan") in rank)
    edges = []  # (sort key, rel)
    first_use: dict[str, tuple] = {}  # shared node -> (rank, rel pos)
    for plan in plans:
        for rel in sorted(plan_rels.get(plan, ()), key=lambda r: pos(r["props"])):
            key = (rank[plan], pos(rel["props"]), 0.0)
            edges.append((key, rel))
            for end, anchor in ((rel["u"], rel["v"]), (rel["v"], rel["u"])):
                if end not in node_key and end in props and anchor in props:
                    node_key[end] = (rank[plan], pos(props[anchor]) + 0.5, S.LABELS.index(S.label_of(end)), key[1])
                    first_use[end] = key
    for nid, (group, use) in ((n, first_use[n][:2]) for n in first_use):
        edges += [((group, use - 0.5, pos(rel["props"])), rel) for rel in shared_rels.get(nid, ())]
    G = nx.MultiDiGraph(plans=list(plans), taxonomy=stored[plans[0]] if plans else None)
    for nid in sorted(node_key, key=lambda n: (*node_key[n], n)):
        G.add_node(nid, **{key: props[nid].get(key)
                           for key in (*S.COMMON_NODE_PROPERTIES, *S.NODE_PROPERTIES[S.label_of(nid)])})
    for _, rel in sorted(edges, key=lambda kr: (*kr[0], kr[1]["u"], kr[1]["v"], kr[1]["type"])):
        if rel["type"] in S.RELATIONSHIPS and rel["u"] in G and rel["v"] in G:
            G.add_edge(rel["u"], rel["v"], rel["type"],
                       **{**{k: rel["props"].get(k) for k in S.EDGE_PROPERTIES}, "type": rel["type"]})
    return G


def read_graph(target: Settings | Driver, plan_ids: Sequence[str] | None = None, *,
               database: str | None = None) -> nx.MultiDiGraph:
    """The graph of ``plan_ids`` (default: every stored plan, by id) read back from Neo4j.

    Equal to ``build_graph`` of the same plans (same ids, attributes, edges, graph attributes and
    order), so any analysis of it matches the analysis of the files. Reads in one read transaction.
    """
    with connected(target, database) as (driver, db):
        with driver.session(database=db, default_access_mode=READ_ACCESS) as session:
            return session.execute_read(_read, plan_ids)
