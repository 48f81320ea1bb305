"""Sectors the plan leaves out, or reaches without anyone from them helping to deliver.

A sector is *reached* when an activity names one of its institutions or targets one of its
audiences, and *delivering* when an organisation of the sector leads or partners an activity, as
in :func:`partnermap.graph.engagement.sector_engagement`. :func:`sector_activities` gives the same
activity sets without building every piece of evidence.

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


def _sector_sets(G: nx.MultiDiGraph, nid: str, roles: dict, *, first: bool = False) -> tuple[set[str], set[str]]:
    """The activities reaching the sector ``nid`` and those its organisations deliver (``roles``:
    :func:`~partnermap.graph.query.organisation_roles`); with ``first``, only as far as needed to
    tell whether each set is empty (each holds at most what was found first)."""
    reached: set[str] = set()
    delivering: set[str] = set()
    kinds = G.nodes(data="kind")
    for member, _, rel in G.in_edges(nid, keys=True):
        kind = kinds[member]
        if rel == S.REACHES and kind == S.ACTIVITY:
            reached.add(member)
        elif rel == S.IN_SECTOR and kind == S.AUDIENCE:
            reached.update(u for u, _, key in G.in_edges(member, keys=True) if key == S.TARGETS)
        elif rel == S.IN_SECTOR and kind == S.ORGANISATION:
            delivering.update(activity for activity, _ in roles.get(member, ()))
        if first and reached and delivering:
            break
    return reached, delivering


@shared
def sector_activities(G: nx.MultiDiGraph) -> dict[str, SectorActivities]:
    """Sector id -> its name and the activities reaching it and delivered by its organisations."""
    roles = organisation_roles(G)
    return {term_id(nid, data, "sector_id"): SectorActivities(data.get("name") or nid, *_sector_sets(G, nid, roles),
                                                              bool(data.get("channel")))
            for nid, data in nodes_of(G, S.SECTOR)}


@shared
def sector_engaged(G: nx.MultiDiGraph) -> dict[str, tuple[SectorActivities, str]]:
    """Sector id -> (:class:`SectorActivities` whose sets are empty exactly where
    :func:`sector_activities`' are, found no further than that needs, and the sector's node id):
    what the gap finders ask first. A sector that some activity reaches, in a big plan, stops at
    the first activity and the first organisation rather than collecting thousands.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("Sector:police", kind="Sector", name="Police", sector_id="police")
    >>> G.add_node("Organisation:P", kind="Organisation", name="P")
    >>> for n in (1, 2):
    ...     G.add_node(f"Activity:p:{n}", kind="Activity")
    ...     _ = G.add_edge(f"Activity:p:{n}", "Sector:police", "REACHES", type="REACHES")
    >>> _ = G.add_edge("Organisation:P", "Sector:police", "IN_SECTOR", type="IN_SECTOR")
    >>> _ = G.add_edge("Organisation:P", "Activity:p:2", "LEADS", type="LEADS")
    >>> found, _ = sector_engaged(G)["police"]
    >>> sorted(found.reached), sorted(found.delivering)  # no further than the organisation
    (['Activity:p:1', 'Activity:p:2'], ['Activity:p:2'])
    >>> all(bool(a) == bool(b) for a, b in zip(found, sector_activities(G)["police"]))
    True
    """
    roles = organisation_roles(G)
    return {term_id(nid, data, "sector_id"): (SectorActivities(data.get("name") or nid,
                                                               *_sector_sets(G, nid, roles, first=True),
                                                               bool(data.get("channel"))), nid)
            for nid, data in nodes_of(G, S.SECTOR)}


def _the_sector(name: str) -> str:
    """ "the Schools sector", "the Voluntary and community sector" """
    return f"the {name}" if name.lower().endswith("sector") else f"the {name} sector"


@finder
def sector_without_engagement(G: nx.MultiDiGraph) -> list[Gap]:
    """A taxonomy sector that no activity reaches and no organisation from it delivers; a channel
    ("online") that no activity uses (medium: a way of reaching people, not a sector)."""
    gaps = []
    for sector, (found, _) in sorted(sector_engaged(G).items()):
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
    for sector, (found, nid) in sorted(sector_engaged(G).items()):
        if found.reached and not found.delivering and not found.channel:
            reached, _ = _sector_sets(G, nid, organisation_roles(G))  # all of them, for the count and evidence
            count = len(reached)
            gaps.append(Gap(
                "sector_not_delivering", sector, found.name, "medium",
                f"{count} {'activity reaches' if count == 1 else 'activities reach'} {_the_sector(found.name)}, "
                "but no organisation from it leads or partners any.", evidence(G, reached)))
    return gaps
