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
>>> [(g.subject, g.severity) for g in sector_without_engagement(G)]  # no framework: nothing expects schools
[('schools', 'low')]
>>> [(g.subject, g.evidence[0]["line"]) for g in sector_not_delivering(G)]
[('police', 4)]
"""

from __future__ import annotations

from typing import NamedTuple

import networkx as nx

from partnermap.graph import schema as S
from partnermap.graph.gaps.base import (
    Gap,
    activities,
    evidence,
    finder,
    nodes_of,
    organisation_roles,
    shared,
    term_id,
)
from partnermap.graph.gaps.law import Group, framework_groups
from partnermap.graph.links import in_edges


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
    for member, _, rel in in_edges(G, nid, keys=True):
        kind = kinds[member]
        if rel == S.REACHES and kind == S.ACTIVITY:
            reached.add(member)
        elif rel == S.IN_SECTOR and kind == S.AUDIENCE:
            reached.update(u for u, _, key in in_edges(G, member, keys=True) if key == S.TARGETS)
        elif rel == S.IN_SECTOR and kind == S.ORGANISATION:
            delivering.update(activity for activity, _ in roles.get(member, ()))
        if first and reached and delivering:
            break
    return reached, delivering


@shared
def sector_activities(G: nx.MultiDiGraph) -> dict[str, SectorActivities]:
    """Sector id -> its name and the activities reaching it and delivered by its organisations."""
    roles = organisation_roles(G)
    return {
        term_id(nid, data, "sector_id"): SectorActivities(
            data.get("name") or nid, *_sector_sets(G, nid, roles), bool(data.get("channel"))
        )
        for nid, data in nodes_of(G, S.SECTOR)
    }


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
    return {
        term_id(nid, data, "sector_id"): (
            SectorActivities(
                data.get("name") or nid, *_sector_sets(G, nid, roles, first=True), bool(data.get("channel"))
            ),
            nid,
        )
        for nid, data in nodes_of(G, S.SECTOR)
    }


def group_engagement(G: nx.MultiDiGraph, group: Group) -> dict[str, tuple[SectorActivities, str]]:
    """Sector id -> (the activities of ``group``'s plans reaching it and delivered by its
    organisations, the sector's node id). With one group (every plan judged by one framework)
    this is :func:`sector_engaged`; with several, the full sets of :func:`sector_activities`
    kept to the group's activities."""
    if not group.several:
        return sector_engaged(G)
    mine = {n for n, d in activities(G) if d.get("plan") in group.plans}
    nids = {sector: nid for sector, (_, nid) in sector_engaged(G).items()}
    return {
        sector: (
            SectorActivities(found.name, found.reached & mine, found.delivering & mine, found.channel),
            nids[sector],
        )
        for sector, found in sector_activities(G).items()
    }


def reaching(G: nx.MultiDiGraph, group: Group, nid: str) -> set[str]:
    """Every activity of ``group``'s plans reaching the sector ``nid`` (for counts and evidence)."""
    reached, _ = _sector_sets(G, nid, organisation_roles(G))
    if not group.several:
        return reached
    plans = set(group.plans)
    return {a for a in reached if G.nodes[a].get("plan") in plans}


class Seat(NamedTuple):
    """A seat the law requires, as the plans of a group fill it."""

    key: str  # its sectors joined with "/" (the statutory finding's subject)
    sectors: tuple[str, ...]  # the sectors that can fill it and the taxonomy knows, in the framework's order
    partner: dict  # the partner as the framework gives it (provision, body, role, seat)
    filled_by: tuple[str, ...]  # those of its sectors whose organisations lead or partner an activity


def required_seats(group: Group, engaged: dict[str, tuple[SectorActivities, str]]) -> list[Seat]:
    """Each seat ``group``'s framework requires, with the sectors (of ``engaged``,
    :func:`group_engagement`) that fill it: an organisation of any one of its sectors leading or
    partnering an activity fills it. A seat none of whose sectors the taxonomy knows (a taxonomy
    of the user's own) is left out: nothing can be told about it."""
    seats = []
    for sectors, partner in group.seats("required"):
        known = tuple(sector for sector in sectors if sector in engaged)
        if known:
            seats.append(
                Seat(
                    "/".join(sectors),
                    known,
                    partner,
                    tuple(sector for sector in known if engaged[sector][0].delivering),
                )
            )
    return sorted(seats, key=lambda seat: seat.key)


def _the_sector(name: str) -> str:
    """ "the Schools sector", "the Voluntary and community sector" """
    return f"the {name}" if name.lower().endswith("sector") else f"the {name} sector"


def _relevant_sentence(partner: dict) -> str:
    """``The Police, Crime, Sentencing and Courts Act 2022, s.11 and Sch.2 names a governor of a prison a
    relevant authority.``"""
    provision = partner["provision"]
    provision = provision if provision.lower().startswith("the ") else f"the {provision}"
    role = partner["role"]
    article = "an" if role[:1].lower() in "aeiou" else "a"
    return f"{provision[0].upper()}{provision[1:]} names {partner['body']} {article} {role}."


def _seat_filled_sentence(seat: Seat, engaged: dict[str, tuple[SectorActivities, str]]) -> str:
    """``The Domestic Abuse Act 2021, s.58(2) seat it could fill is filled: an organisation of the NHS
    commissioners sector leads or partners an activity.``"""
    provision = seat.partner["provision"]
    provision = provision if provision.lower().startswith("the ") else f"the {provision}"
    names = [engaged[sector][0].name for sector in seat.filled_by]
    who = (
        f"an organisation of {_the_sector(names[0])} leads or partners an activity"
        if len(names) == 1
        else f"organisations of the {', '.join(names[:-1])} and {names[-1]} sectors lead or partner activities"
    )
    return f"{provision[0].upper()}{provision[1:]} seat it could fill is filled: {who}."


@finder
def sector_without_engagement(G: nx.MultiDiGraph) -> list[Gap]:
    """A taxonomy sector that no activity reaches and no organisation from it delivers, graded by
    the law of the plans' framework (:mod:`partnermap.graph.gaps.law`): medium where the framework
    names the sector a relevant partner (quoting the provision), low otherwise and with no
    framework; no finding where the framework puts the sector out of its scope, nor where a seat
    the framework requires, which the sector could fill, is empty (``statutory_partner_missing``
    says so instead). A sector that could fill a required seat another sector fills is low, and
    the finding says the seat is filled. A channel ("online") that no activity uses is low: a way
    of reaching people, not a partner any law names."""
    gaps = []
    for group in framework_groups(G):
        relevant, out = group.partners("relevant"), group.out_of_scope
        engaged = group_engagement(G, group)
        seats = required_seats(group, engaged)
        empty = {sector for seat in seats if not seat.filled_by for sector in seat.sectors}
        filled = {sector: seat for seat in seats if seat.filled_by for sector in seat.sectors}
        for sector, (found, _) in sorted(engaged.items()):
            if found.reached or found.delivering or sector in out or sector in empty:
                continue
            if found.channel:
                said = (
                    f"No activity works through the {found.name.lower()} channel (a way of reaching people, "
                    f"not a sector organisations belong to)."
                )
            else:
                said = (
                    f"No activity reaches {_the_sector(found.name)} and no organisation from it leads or partners one."
                )
            severity = "low"
            if sector in relevant and not found.channel:
                severity, said = "medium", f"{said} {_relevant_sentence(relevant[sector])}"
            elif sector in filled:
                said += " " + _seat_filled_sentence(filled[sector], engaged)
            elif group.framework is None:
                said += " No framework judges the plan, so no law or guidance expects the sector."
            gaps.append(
                Gap("sector_without_engagement", group.subject(sector), found.name, severity, group.detail(said))
            )
    return gaps


@finder
def sector_not_delivering(G: nx.MultiDiGraph) -> list[Gap]:
    """A sector that activities reach, but no organisation from it leads or partners any (never a
    channel such as "online": no organisation belongs to it; never a sector that could fill an
    empty seat the plans' framework requires: ``statutory_partner_missing`` says so, quoting the
    law)."""
    gaps = []
    for group in framework_groups(G):
        engaged = group_engagement(G, group)
        empty = {sector for seat in required_seats(group, engaged) if not seat.filled_by for sector in seat.sectors}
        for sector, (found, nid) in sorted(engaged.items()):
            if found.reached and not found.delivering and not found.channel and sector not in empty:
                reached = reaching(G, group, nid)  # all of them, for the count and evidence
                count = len(reached)
                gaps.append(
                    Gap(
                        "sector_not_delivering",
                        group.subject(sector),
                        found.name,
                        "medium",
                        group.detail(
                            f"{count} {'activity reaches' if count == 1 else 'activities reach'} "
                            f"{_the_sector(found.name)}, but no organisation from it leads or partners any."
                        ),
                        evidence(G, reached),
                    )
                )
    return gaps
