"""Single points of failure: organisations whose removal splits the partnership network.

These are the articulation points of :func:`partnermap.graph.network.organisation_network` (found
on :func:`~partnermap.graph.network.organisation_links`, its links alone). The
evidence is the activities that link the organisation to the part it alone connects.

A person named as a lead (an Organisation node with ``person`` set) is named as one ("Jane Smith
(a person)"), whether the network splits without them or they are among those cut off.

>>> import networkx as nx
>>> G = nx.MultiDiGraph(plans=["p"])
>>> for n, orgs in enumerate([("Council", "Police"), ("Police", "School")], start=1):
...     for org in orgs:
...         _ = G.add_edge(f"Organisation:{org}", f"Activity:p:{n}", "PARTNERS_IN", type="PARTNERS_IN")
...         G.nodes[f"Organisation:{org}"].update(kind="Organisation", name=org)
...     G.nodes[f"Activity:p:{n}"].update(kind="Activity", plan="p", seq=n, source="p.txt", line=n)
>>> [(g.subject, g.detail, [e["line"] for e in g.evidence]) for g in single_point_of_failure(G)]
[('Police', 'Without Police the partnership network splits: School is linked to the rest only through it.', [2])]
"""

from __future__ import annotations

import networkx as nx

from partnermap.graph.gaps.base import Gap, evidence, finder, organisation_roles
from partnermap.graph.network import is_person, organisation_label, organisation_links, organisation_name


def _names(G: nx.MultiDiGraph, nodes, limit: int = 3) -> str:
    names = sorted(organisation_label(G, n) for n in nodes)
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


@finder
def single_point_of_failure(G: nx.MultiDiGraph) -> list[Gap]:
    """Each articulation point of the organisation network (subject = the organisation's name)."""
    P = organisation_links(G)
    roles = organisation_roles(G)
    gaps = []
    for org in sorted(nx.articulation_points(P)):
        rest = nx.node_connected_component(P, org) - {org}
        parts = sorted((sorted(c) for c in nx.connected_components(P.subgraph(rest))), key=lambda c: (-len(c), c))
        cut_off = [n for part in parts[1:] for n in part]
        own = {activity for activity, _ in roles[org]}
        # the activities it shares with each one cut off, sorted (organisation_network's ``activities``)
        links = [
            a
            for n in cut_off
            if P.has_edge(org, n)
            for a in sorted(own.intersection(activity for activity, _ in roles[n]))
        ]
        name = organisation_name(G, org)
        verb = "is" if len(cut_off) == 1 else "are"
        gaps.append(
            Gap(
                "single_point_of_failure",
                name,
                name,
                "medium",
                f"Without {organisation_label(G, org)} the partnership network splits: {_names(G, cut_off)} "
                f"{verb} linked to the rest only through {'them' if is_person(G, org) else 'it'}.",
                evidence(G, links),
            )
        )
    return gaps
