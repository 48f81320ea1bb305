"""Sectors the law requires as partners that no organisation of the plan comes from.

A framework (see :mod:`partnermap.reference.frameworks`) names the sectors its Act requires:
responsible authorities (Crime and Disorder Act 1998, s.5), specified authorities, safeguarding
partners... A required sector with no organisation that leads or partners any activity of the
plans it judges is a high finding that quotes the provision, body and role as the Act names them.
Plans judged by no framework, or by one with no statutory partnership, get none.

>>> import json, networkx as nx
>>> law = {"partners": [{"sector": "fire_rescue", "kind": "required", "provision": "Crime and Disorder Act 1998, s.5",
...                      "body": "the fire and rescue authority", "role": "responsible authority"}]}
>>> G = nx.MultiDiGraph(plans=["p"])
>>> G.add_node("Plan:p", kind="Plan", plan="p", title="P", framework="community_safety",
...            framework_info=json.dumps({"id": "community_safety", "name": "Community safety", "law": law}))
>>> G.add_node("Sector:fire_rescue", kind="Sector", name="Fire and rescue", sector_id="fire_rescue")
>>> [g.detail for g in statutory_partner_missing(G)]  # doctest: +NORMALIZE_WHITESPACE
['The Crime and Disorder Act 1998, s.5 makes the fire and rescue authority a responsible authority; no fire and
  rescue organisation leads or partners any activity.']
"""

from __future__ import annotations

import networkx as nx

from partnermap.graph.gaps.base import Gap, evidence, finder, plural
from partnermap.graph.gaps.law import framework_groups
from partnermap.graph.gaps.sector import group_engagement, reaching, required_seats


def _a(role: str) -> str:
    """``a responsible authority``, ``an authority``."""
    return f"{'an' if role[:1].lower() in 'aeiou' else 'a'} {role}"


def provision_sentence(partner: dict) -> str:
    """``The Crime and Disorder Act 1998, s.5 makes the fire and rescue authority a responsible authority``."""
    provision = partner["provision"]
    provision = provision if provision.lower().startswith("the ") else f"the {provision}"
    return f"{provision[0].upper()}{provision[1:]} makes {partner['body']} {_a(partner['role'])}"


@finder
def statutory_partner_missing(G: nx.MultiDiGraph) -> list[Gap]:
    """Each seat a plan's framework requires that no organisation of its sector(s) fills by leading
    or partnering any of its plans' activities (high); the evidence is the activities that reach
    its sectors, if any. A seat any one of several sectors can fill is one finding, naming them
    all (its label joins their names with "or"; its detail quotes the framework's ``seat``)."""
    gaps = []
    for group in framework_groups(G):
        engaged = group_engagement(G, group)
        for seat in required_seats(group, engaged):  # a sector the taxonomy lacks: nothing to tell
            if seat.filled_by:
                continue
            found = [engaged[sector] for sector in seat.sectors]
            reached = set().union(*(reaching(G, group, nid) for activities, nid in found if activities.reached))
            names = [activities.name for activities, _ in found]
            who = seat.partner.get("seat") or (
                f"{names[0].lower()} organisation"
                if len(names) == 1
                else f"organisation of the {' or '.join(names)} sectors"
            )
            said = f"{provision_sentence(seat.partner)}; no {who} leads or partners any activity"
            if reached:
                said += (
                    f" ({plural(len(reached), 'activity reaches', 'activities reach')} "
                    f"{'the sector' if len(names) == 1 else 'these sectors'})"
                )
            gaps.append(
                Gap(
                    "statutory_partner_missing",
                    group.subject(seat.key),
                    " or ".join(names),
                    "high",
                    group.detail(said + "."),
                    evidence(G, reached),
                )
            )
    return gaps
