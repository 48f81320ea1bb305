"""The partnership network: organisations linked by the activities they work on together.

:func:`organisation_network` projects the graph onto its organisations: two organisations are
linked when they lead or partner the same activity (``weight`` = how many; ``activities`` = which).
:func:`partner_stats` reports each organisation's activities led and partnered, its degree and its
betweenness in that network. Betweenness costs about organisations x links; it is exact up to a
``budget`` of that work and above it estimated from ``budget / links`` sampled sources (at least
``MIN_SOURCES``) chosen with a fixed ``seed``, so large networks stay fast and results
reproducible. Nodes and edges are added in sorted order, so results never depend on the order the
graph was built (or read back from Neo4j) in.

>>> import networkx as nx
>>> G = nx.MultiDiGraph(plans=["p"])
>>> for n, (rel, org) in enumerate([("LEADS", "Council"), ("PARTNERS_IN", "Police"), ("LEADS", "Police"),
...                                 ("PARTNERS_IN", "School")]):
...     a = f"Activity:p:{n // 2 + 1}"
...     _ = G.add_edge(f"Organisation:{org}", a, rel, type=rel)
...     G.nodes[a].update(kind="Activity", plan="p", seq=n // 2 + 1)
...     G.nodes[f"Organisation:{org}"].update(kind="Organisation", name=org)
>>> P = organisation_network(G)
>>> sorted(P.edges(data="weight"))
[('Organisation:Council', 'Organisation:Police', 1), ('Organisation:Police', 'Organisation:School', 1)]
>>> [(r["organisation"], r["led"], r["partnered"], r["degree"], r["betweenness"]) for r in partner_stats(G)]
[('Police', 1, 1, 2, 1.0), ('Council', 1, 0, 1, 0.0), ('School', 0, 1, 1, 0.0)]
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

import networkx as nx

from partnermap.graph import schema as S
from partnermap.graph.query import organisation_roles

BUDGET = 2_000_000  # organisations x links for exact betweenness
MIN_SOURCES = 32  # sampled sources at least, above the budget
SEED = 0


def organisation_name(G: nx.MultiDiGraph, org: str) -> str:
    """An Organisation node's name (its id's name part if it has none)."""
    return G.nodes[org].get("name") or org.split(":", 1)[1]


def is_person(G: nx.MultiDiGraph, org: str) -> bool:
    """True when the Organisation node ``org`` is a person named as a lead, not a body."""
    return bool(G.nodes[org].get("person"))


def organisation_label(G: nx.MultiDiGraph, org: str) -> str:
    """An Organisation node's name as findings write it: a person's says so ("Jane Smith (a
    person)"), so that nobody reads it as a body's.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("Organisation:Jane Smith", kind="Organisation", name="Jane Smith", person=True)
    >>> G.add_node("Organisation:Council", kind="Organisation", name="Council", person=False)
    >>> organisation_label(G, "Organisation:Jane Smith"), organisation_label(G, "Organisation:Council")
    ('Jane Smith (a person)', 'Council')
    """
    name = organisation_name(G, org)
    return f"{name} (a person)" if is_person(G, org) else name


def _involved(roles: dict[str, list[tuple[str, str]]]) -> dict[str, list[str]]:
    """Activity -> its organisations, in ``roles`` order, each once (from
    :func:`~partnermap.graph.query.organisation_roles`)."""
    involved: dict[str, list[str]] = defaultdict(list)
    for org, edges in roles.items():
        for activity, _ in edges:  # an organisation's edges to one activity come together
            members = involved[activity]
            if not members or members[-1] != org:  # an organisation both leading and partnering
                members.append(org)
    return involved


def organisation_network(G: nx.MultiDiGraph) -> nx.Graph:
    """Organisations (every Organisation node) linked by shared activities.

    Node attributes: ``name``, ``sector``, ``led`` and ``partnered`` (activity counts). Edge
    attributes: ``weight`` and ``activities`` (sorted activity ids).
    """
    roles = organisation_roles(G)
    involved = _involved(roles)  # activity -> its organisations, sorted
    counts = {}
    for org, edges in roles.items():  # (activity, LEADS or PARTNERS_IN) edges
        led = sum(rel == S.LEADS for _, rel in edges)
        counts[org] = {"led": led, "partnered": len(edges) - led}
    shared: dict[tuple[str, str], list[str]] = defaultdict(list)  # each list sorted, as activities are
    for activity in sorted(involved):
        for pair in combinations(involved[activity], 2):
            shared[pair].append(activity)
    P = nx.Graph()
    P.add_nodes_from(
        (org, {"name": organisation_name(G, org), "sector": G.nodes[org].get("sector"), **counts[org]}) for org in roles
    )
    P.add_edges_from((u, v, {"weight": len(acts), "activities": acts}) for (u, v), acts in sorted(shared.items()))
    return P


def organisation_links(G: nx.MultiDiGraph) -> nx.Graph:
    """:func:`organisation_network`'s nodes and links without their attributes (no activity lists:
    a fraction of its cost on a national plan), for what needs only who is linked to whom.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> for org, a in [("A", 1), ("B", 1), ("B", 2), ("C", 2), ("D", 3)]:
    ...     _ = G.add_edge(f"Organisation:{org}", f"Activity:p:{a}", "LEADS", type="LEADS")
    ...     G.nodes[f"Organisation:{org}"]["kind"] = "Organisation"
    >>> L = organisation_links(G)
    >>> sorted(L), sorted(L.edges)  # doctest: +NORMALIZE_WHITESPACE
    (['Organisation:A', 'Organisation:B', 'Organisation:C', 'Organisation:D'],
     [('Organisation:A', 'Organisation:B'), ('Organisation:B', 'Organisation:C')])
    """
    roles = organisation_roles(G)
    pairs: set[tuple[str, str]] = set()
    for members in _involved(roles).values():
        if len(members) > 1:
            pairs.update(combinations(members, 2))
    L = nx.Graph()
    L.add_nodes_from(roles)
    L.add_edges_from(sorted(pairs))
    return L


def betweenness(P: nx.Graph, *, budget: int = BUDGET, seed: int = SEED) -> dict:
    """Normalised betweenness: exact within ``budget``, else from sampled sources (see above)."""
    nodes, links = P.number_of_nodes(), P.number_of_edges()
    if nodes * links <= budget:
        return nx.betweenness_centrality(P)
    return nx.betweenness_centrality(P, k=min(nodes, max(MIN_SOURCES, budget // links)), seed=seed)


#: what the ``sector`` column of :func:`partner_stats` says of a person named as a lead
PERSON = "person"


def partner_stats(G: nx.MultiDiGraph, **options) -> list[dict]:
    """One row per organisation: name, sector (:data:`PERSON` for a person named as a lead), led,
    partnered, degree, betweenness (rounded to 4 places).

    Sorted by activities (led + partnered), most first, then name. ``options`` go to :func:`betweenness`.
    """
    P = organisation_network(G)
    central = betweenness(P, **options)
    rows = [
        {
            "organisation": d["name"],
            "sector": PERSON if is_person(G, org) else d["sector"],
            "led": d["led"],
            "partnered": d["partnered"],
            "degree": P.degree(org),
            "betweenness": round(central[org], 4),
        }
        for org, d in P.nodes(data=True)
    ]
    return sorted(rows, key=lambda r: (-(r["led"] + r["partnered"]), r["organisation"]))
