"""Read-only helpers over the partnership graph, shared by the analyses, reports and the map.

They read node and edge attributes only (never :class:`partnermap.model.Plan` objects), with
``dict.get`` so a graph read back from Neo4j (where missing values are absent, not ``None``) gives
the same answers. Edges are told apart by their key, which the schema makes their relationship
type. Everything they return is sorted by stable keys, never by insertion order.

Helpers marked :func:`shared` compute their result once per graph inside a :func:`sharing` block.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from functools import lru_cache, wraps
from typing import TypeVar

import networkx as nx

from partnermap.graph import schema as S
from partnermap.graph.build import short_name
from partnermap.graph.links import in_edges, out_edges
from partnermap.model import theme_label

T = TypeVar("T")


_DIGITS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple:
    """Sort key putting numbers in numeric order: "2" < "10" < "a".

    >>> sorted(["10", "a", "2", "Activity:p:10", "Activity:p:9"], key=natural_key)
    ['2', '10', 'Activity:p:9', 'Activity:p:10', 'a']
    """
    # split() alternates text and digit runs, so every position compares like with like
    parts: list = _DIGITS.split(text)
    parts[1::2] = map(int, parts[1::2])
    return tuple(parts)


_SHARED: dict[int, dict] = {}


@contextmanager
def sharing(G: nx.MultiDiGraph) -> Iterator[None]:
    """While inside, helpers marked :func:`shared` compute their result for ``G`` once.

    Every gap finder runs inside one (see :func:`partnermap.graph.gaps.base.finder`), and
    :func:`partnermap.graph.gaps.find_gaps` runs them all inside one; the graph must not change
    meanwhile. Outside it nothing is kept.
    """
    owner = id(G) not in _SHARED
    if owner:
        _SHARED[id(G)] = {}
    try:
        yield
    finally:
        if owner:
            del _SHARED[id(G)]


def shared(func: Callable[[nx.MultiDiGraph], T]) -> Callable[[nx.MultiDiGraph], T]:
    """Decorator: reuse ``func(G)`` within a :func:`sharing` block (callers must not modify it)."""
    name = f"{func.__module__}.{func.__qualname__}"

    @wraps(func)
    def wrapper(G: nx.MultiDiGraph) -> T:
        store = _SHARED.get(id(G))
        if store is None:
            return func(G)
        if name not in store:
            store[name] = func(G)
        return store[name]

    return wrapper


def plan_ids(G: nx.MultiDiGraph) -> list[str]:
    """The graph's plans in the order given (``plans`` graph attribute), else sorted Plan ids."""
    plans = G.graph.get("plans")
    if plans:
        return list(plans)
    return sorted(d.get("plan") or n.split(":", 1)[1] for n, d in nodes_of(G, S.PLAN))


@shared
def _by_kind(G: nx.MultiDiGraph) -> dict[str, list[tuple[str, dict]]]:
    found: dict[str, list[tuple[str, dict]]] = {}
    for n, d in G.nodes(data=True):
        found.setdefault(d.get("kind"), []).append((n, d))
    return found


def nodes_of(G: nx.MultiDiGraph, kind: str) -> list[tuple[str, dict]]:
    """(id, attributes) of every node of ``kind``, sorted by id."""
    return sorted(_by_kind(G).get(kind, []), key=lambda nd: nd[0])


@shared
def _activity_index(G: nx.MultiDiGraph) -> dict[str, tuple[tuple, dict]]:
    """Activity id -> (sort key: plan order, plan, seq, id; attributes)."""
    order = {plan: i for i, plan in enumerate(plan_ids(G))}
    index = {}
    for n, d in _by_kind(G).get(S.ACTIVITY, []):
        plan, seq = d.get("plan"), d.get("seq")
        index[n] = ((order.get(plan, len(order)), plan or "", seq if seq is not None else -1, n), d)
    return index


@shared
def activities(G: nx.MultiDiGraph) -> list[tuple[str, dict]]:
    """(id, attributes) of every Activity node, in plan order then ``seq``."""
    return [(n, d) for n, (_, d) in sorted(_activity_index(G).items(), key=lambda item: item[1][0])]


@shared
def _activity_rank(G: nx.MultiDiGraph) -> dict[str, tuple[int, str | None, int | None]]:
    """Activity id -> (its position in :func:`activities`, source, line)."""
    return {n: (i, d.get("source"), d.get("line")) for i, (n, d) in enumerate(activities(G))}


def evidence(G: nx.MultiDiGraph, activity_ids: Iterable[str]) -> list[dict]:
    """Evidence entries for activities, deduplicated, in plan order then ``seq``."""
    rank = _activity_rank(G)
    ids = set(activity_ids)
    ordered = sorted(ids, key=rank.__getitem__) if len(ids) > 1 else ids  # positions differ: ties never reach the rest
    return [
        {"activity": a, "source": source, "line": line}
        for a, (_, source, line) in zip(ordered, map(rank.__getitem__, ordered))
    ]


@shared
def organisation_roles(G: nx.MultiDiGraph) -> dict[str, list[tuple[str, str]]]:
    """Organisation id (sorted) -> the (activity id, ``LEADS`` or ``PARTNERS_IN``) edges from it."""
    roles: dict[str, list[tuple[str, str]]] = {org: [] for org, _ in nodes_of(G, S.ORGANISATION)}
    for org, edges in roles.items():
        edges.extend(
            (activity, key)
            for _, activity, key in out_edges(G, org, keys=True)
            if key == S.LEADS or key == S.PARTNERS_IN
        )
    return roles


@shared
def leads_of(G: nx.MultiDiGraph) -> dict[str, list[str]]:
    """Activity id -> the Organisation ids leading it (sorted), for activities with a lead."""
    leads: dict[str, list[str]] = {}
    for org, edges in organisation_roles(G).items():
        for activity, key in edges:
            if key == S.LEADS:
                leads.setdefault(activity, []).append(org)
    return leads


def sources(G: nx.MultiDiGraph, node: str, *rels: str) -> list[str]:
    """Nodes with an edge of one of ``rels`` into ``node``, sorted by id."""
    return sorted({u for u, _, key in in_edges(G, node, keys=True) if key in rels})


def targets(G: nx.MultiDiGraph, node: str, *rels: str) -> list[str]:
    """Nodes an edge of one of ``rels`` from ``node`` points to, sorted by id."""
    return sorted({v for _, v, key in out_edges(G, node, keys=True) if key in rels})


def has_source(G: nx.MultiDiGraph, node: str, rel: str) -> bool:
    """True when some ``rel`` edge points into ``node``."""
    return any(key == rel for _, _, key in in_edges(G, node, keys=True))


def term_id(nid: str, data: dict, prop: str) -> str:
    """A taxonomy node's id (``sector_id``, ``area_id``, ...), falling back to the node id's key."""
    return data.get(prop) or nid.split(":", 1)[1]


def theme_node_label(data: dict) -> str:
    """The label of a Theme node (or a coverage column) from its attributes: ``1. EFFECTIVE
    LEADERSHIP``, as :func:`partnermap.model.theme_label` shows every theme."""
    return theme_label(data.get("number"), data["name"])


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """``"1 activity"``, ``"3 activities"``.

    >>> plural(1, "activity", "activities"), plural(3, "activity", "activities"), plural(2, "plan")
    ('1 activity', '3 activities', '2 plans')
    """
    return f"{count} {noun if count == 1 else (nouns or noun + 's')}"


@lru_cache(maxsize=4096)  # the same dates come up in thousands of findings
def human_date(value) -> str:
    """An ISO date (or :class:`datetime.date`) as a board paper writes it.

    >>> human_date("2018-03-01")
    '1 March 2018'
    """
    d = value if isinstance(value, date) else date.fromisoformat(str(value))
    return f"{d.day} {d:%B %Y}"


def quoted(text: str | None, limit: int = 60) -> str:
    """Short quoted text for a detail sentence.

    >>> quoted("Prepare a Prevent Communications Strategy", 20)
    '"Prepare a Prevent…"'
    """
    return f'"{short_name(text or "", limit)}"'
