"""Sectors the plan leaves out, or reaches without anyone from them helping to deliver.

A sector is *reached* when an activity names one of its institutions or targets one of its
audiences, and *delivering* when an organisation of the sector leads or partners an activity, as
in :func:`partnermap.graph.engagement.sector_engagement`. :func:`sector_activities` gives the same
activity sets without building every piece of evidence, which keeps 100,000 activities fast.

>>> import networkx as nx
>>> G = nx.MultiDiGraph(plans=["p"])
>>> G.add_node("Sector:schools", kind="Sector", name="Schools", sector_id="schools")
>>> G.add_node("Sector:police", kind="Sector", name="Police", sector_id="police")
>>> G.add_node("Activity:p:1", kind="Activity", plan="p", seq=1, source="p.txt", line=4)
>>> G.add_edge("Activity:p:1", "Sector:police", "REACHES", type="REACHES", source="p.txt", line=4, phrase="police")
'REACHES'
>>> [(g.subject, g.severity) for g in sector_without_engagement(G)]
[('schools', 'high')]
>>> [(g.subject, g.evidence[0]["line"]) for g in sector_not_delivering(G)]
[('police', 4)]
"""

from __future__ import annotations

from typing import NamedTuple

import networkx as nx

from partnermap.graph import schema as S
from partnermap.graph.gaps.base import Gap, evidence, finder, nodes_of, organisation_roles, shared, term_id


class SectorActivities(NamedTuple):
    name: str
    reached: set[str]  # activity ids naming an institution or targeting an audience of the sector
    delivering: set[str]  # activity ids led or partnered by an organisation of the sector
    channel: bool = False  # a way of reaching people ("online"), not a sector organisations belong to


@shared
def sector_activities(G: nx.MultiDiGraph) -> dict[str, SectorActivities]:
    """Sector id -> its name and the activities reaching it and delivered by its organisations."""
    result, roles = {}, organisation_roles(G)
    pred, nodes = G._pred, G._node  # networkx's own dicts: the edge views cost a tuple per edge
    for nid, data in nodes_of(G, S.SECTOR):
        reached, delivering = set(), set()
        for member, rels in pred[nid].items():
            kind = nodes[member].get("kind")
            for rel in rels:
                if rel == S.REACHES and kind == S.ACTIVITY:
                    reached.add(member)
                elif rel == S.IN_SECTOR and kind == S.AUDIENCE:
                    reached.update(u for u, keys in pred[member].items() if S.TARGETS in keys)
                elif rel == S.IN_SECTOR and kind == S.ORGANISATION:
                    delivering.update(activity for activity, _ in roles.get(member, ()))
        result[term_id(nid, data, "sector_id")] = SectorActivities(data.get("name") or nid, reached, delivering,
                                                                   bool(data.get("channel")))
    return result


def _the_sector(name: str) -> str:
    """ "the Schools sector", "the Voluntary and community sector" """
    return f"the {name}" if name.lower().endswith("sector") else f"the {name} sector"


@finder
def sector_without_engagement(G: nx.MultiDiGraph) -> list[Gap]:
    """A taxonomy sector that no activity reaches and no organisation from it delivers; a channel
    ("online") that no activity uses (medium: a way of reaching people, not a sector)."""
    gaps = []
    for sector, found in sorted(sector_activities(G).items()):
        if found.reached or found.delivering:
            continue
        if found.channel:
            gaps.append(Gap("sector_without_engagement", sector, found.name, "medium",
                            f"No activity works through the {found.name.lower()} channel (a way of reaching people, "
                            f"not a sector organisations belong to)."))
        else:
            gaps.append(Gap("sector_without_engagement", sector, found.name, "high",
                            f"No activity reaches {_the_sector(found.name)} and no organisation from it leads or "
                            "partners one."))
    return gaps


@finder
def sector_not_delivering(G: nx.MultiDiGraph) -> list[Gap]:
    """A sector that activities reach, but no organisation from it leads or partners any (never a
    channel such as "online": no organisation belongs to it)."""
    gaps = []
    for sector, found in sorted(sector_activities(G).items()):
        if found.reached and not found.delivering and not found.channel:
            count = len(found.reached)
            gaps.append(Gap(
                "sector_not_delivering", sector, found.name, "medium",
                f"{count} {'activity reaches' if count == 1 else 'activities reach'} {_the_sector(found.name)}, "
                "but no organisation from it leads or partners any.", evidence(G, found.reached)))
    return gaps
