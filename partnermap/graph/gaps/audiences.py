"""Audiences that only one activity reaches: one cancelled project and they are left out.

>>> import networkx as nx
>>> G = nx.MultiDiGraph(plans=["p"])
>>> G.add_node("Audience:parents_carers", kind="Audience", name="Parents and carers", audience_id="parents_carers")
>>> G.add_node("Activity:p:1", kind="Activity", plan="p", seq=1, source="p.txt", line=7)
>>> G.add_edge("Activity:p:1", "Audience:parents_carers", "TARGETS", type="TARGETS")
'TARGETS'
>>> [(g.subject, g.evidence) for g in audience_single_activity(G)]
[('parents_carers', [{'activity': 'Activity:p:1', 'source': 'p.txt', 'line': 7}])]
"""

from __future__ import annotations

import networkx as nx

from partnermap.graph import schema as S
from partnermap.graph.gaps.base import Gap, evidence, finder, nodes_of, quoted, term_id
from partnermap.graph.links import in_edges


@finder
def audience_single_activity(G: nx.MultiDiGraph) -> list[Gap]:
    """Every Audience node targeted by exactly one activity (subject = the audience id)."""
    gaps = []
    for nid, data in nodes_of(G, S.AUDIENCE):
        reaching = {a for a, _, key in in_edges(G, nid, keys=True) if key == S.TARGETS}  # from activities only
        if len(reaching) == 1:
            (activity,) = reaching
            name = data.get("name") or nid
            gaps.append(
                Gap(
                    "audience_single_activity",
                    term_id(nid, data, "audience_id"),
                    name,
                    "low",
                    f"Only one activity reaches {name.lower()}: "
                    f"{quoted(G.nodes[activity].get('text') or G.nodes[activity].get('name'))}.",
                    evidence(G, reaching),
                )
            )
    return gaps
