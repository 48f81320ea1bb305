"""Which sectors a plan engages, and how: reached (as an audience or an institution named in an
activity) or delivering (an organisation of the sector leads or partners an activity).

Computed from the graph alone, so it works the same on a graph read back from Neo4j. Evidence is
sorted by plan (in the graph's ``plans`` order), then activity ``seq``, then relationship and
phrase, never by insertion order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from partnermap.graph import schema as S
from partnermap.graph.links import in_edges, out_edges


@dataclass(frozen=True)
class Evidence:
    """One activity that engages a sector: where it is written and the words that show it.

    ``relation`` is the relationship type behind it: REACHES (an institution named), TARGETS (an
    audience of the sector), LEADS or PARTNERS_IN (an organisation of the sector).
    """

    activity: str  # activity node id
    source: str | None
    line: int | None
    via: str  # the matched phrase, or the organisation's name
    relation: str

    def as_dict(self) -> dict:
        return {
            "activity": self.activity,
            "source": self.source,
            "line": self.line,
            "via": self.via,
            "relation": self.relation,
        }


@dataclass
class SectorEngagement:
    """How one sector is engaged: ``reached`` and ``delivering`` evidence kept apart."""

    sector: str  # sector id, e.g. "schools"
    name: str
    reached: list[Evidence] = field(default_factory=list)
    delivering: list[Evidence] = field(default_factory=list)

    @property
    def engaged(self) -> bool:
        return bool(self.reached or self.delivering)

    def as_dict(self) -> dict:
        return {
            "sector": self.sector,
            "name": self.name,
            "engaged": self.engaged,
            "reached": [e.as_dict() for e in self.reached],
            "delivering": [e.as_dict() for e in self.delivering],
        }


def _of_kind(G: nx.MultiDiGraph, node: str, kind: str) -> bool:
    return G.nodes[node].get("kind") == kind


def _evidence(activity: str, data: dict, via: str | None = None) -> Evidence:
    return Evidence(
        activity=activity,
        source=data.get("source"),
        line=data.get("line"),
        via=via or data.get("phrase") or "",
        relation=data["type"],
    )


def _reached(G: nx.MultiDiGraph, sector: str) -> list[Evidence]:
    """Activities naming an institution of the sector, or targeting an audience in it."""
    found = [
        _evidence(a, d)
        for a, _, d in in_edges(G, sector, data=True)
        if d.get("type") == S.REACHES and _of_kind(G, a, S.ACTIVITY)
    ]
    for audience, _, d in in_edges(G, sector, data=True):
        if d.get("type") == S.IN_SECTOR and _of_kind(G, audience, S.AUDIENCE):
            found.extend(_evidence(a, e) for a, _, e in in_edges(G, audience, data=True) if e.get("type") == S.TARGETS)
    return found


def _delivering(G: nx.MultiDiGraph, sector: str) -> list[Evidence]:
    """Activities led or partnered by an organisation of the sector."""
    found = []
    for org, _, d in in_edges(G, sector, data=True):
        if d.get("type") == S.IN_SECTOR and _of_kind(G, org, S.ORGANISATION):
            name = G.nodes[org].get("name") or org
            found.extend(
                _evidence(a, e, via=name)
                for _, a, e in out_edges(G, org, data=True)
                if e.get("type") in (S.LEADS, S.PARTNERS_IN)
            )
    return found


def _sorter(G: nx.MultiDiGraph):
    """Sort key: plan order, activity seq, then relationship, phrase and id (all deterministic)."""
    plan_order = {plan: i for i, plan in enumerate(G.graph.get("plans") or [])}

    def key(e: Evidence) -> tuple:
        node = G.nodes[e.activity]
        plan = node.get("plan")
        seq = node.get("seq")
        return (
            plan_order.get(plan, len(plan_order)),
            plan or "",
            seq if seq is not None else -1,
            e.activity,
            e.relation,
            e.via,
        )

    return key


def sector_engagement(G: nx.MultiDiGraph) -> dict[str, SectorEngagement]:
    """Every Sector node's engagement, keyed by sector id (in sector-node order of the graph)."""
    key = _sorter(G)
    result = {}
    for node, data in G.nodes(data=True):
        if data.get("kind") != S.SECTOR:
            continue
        sector_id = data.get("sector_id") or node.split(":", 1)[1]
        result[sector_id] = SectorEngagement(
            sector=sector_id,
            name=data.get("name") or sector_id,
            reached=sorted(_reached(G, node), key=key),
            delivering=sorted(_delivering(G, node), key=key),
        )
    return result
