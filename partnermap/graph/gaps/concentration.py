"""Lead concentration: one organisation leading more than a set share of the activities.

Each organisation's *share* is the fraction of led activities (activities with at least one lead)
that it leads; co-led activities count for every lead. The *concentration index* is the
Herfindahl-Hirschman index of lead credit, each activity's credit split equally between its leads:
1 when one organisation leads everything, 1/n when n organisations lead equally.

>>> import networkx as nx
>>> G = nx.MultiDiGraph(plans=["p"])
>>> for n, lead in enumerate(["Council", "Council", "Council", "Police"], start=1):
...     _ = G.add_edge(f"Organisation:{lead}", f"Activity:p:{n}", "LEADS", type="LEADS")
...     G.nodes[f"Activity:p:{n}"].update(kind="Activity", plan="p", seq=n, source="p.txt", line=n + 1)
...     G.nodes[f"Organisation:{lead}"].update(kind="Organisation", name=lead)
>>> [(s.organisation, s.led, s.share) for s in lead_shares(G)[0]]
[('Council', 3, 0.75), ('Police', 1, 0.25)]
>>> lead_shares(G)[1]
0.625
>>> [(g.subject, g.severity, g.detail) for g in lead_concentration(G)]
[('Council', 'medium', 'Council leads 3 of 4 activities (75%); the concentration index (HHI) of leads is 0.62.')]

A person named as a lead (an Organisation node with ``person`` set: the plan names them, not
their body) is said to be one: "Jane Smith (a person) leads 3 of 4 activities".

In a single organisation's own plan (its Plan node names it as ``owner``, or the plan's title names
the organisation's sector: "... Prevent Plan - Local Authority") that organisation leading most of
it is expected: the finding is still made, worded as such and graded low.

>>> G.add_node("Plan:p", kind="Plan", plan="p", title="Prevent Plan", owner="Council")
>>> [(g.severity, g.detail) for g in lead_concentration(G)]  # doctest: +NORMALIZE_WHITESPACE
[('low', "This is Council's own plan, so it leading most of it is expected: Council leads 3 of 4 activities (75%);
  the concentration index (HHI) of leads is 0.62.")]
"""

from __future__ import annotations

from collections import Counter, defaultdict
from math import fsum
from typing import NamedTuple

import networkx as nx

from partnermap.graph import schema as S
from partnermap.graph.gaps.base import Gap, evidence, finder, leads_of, nodes_of, targets
from partnermap.graph.network import organisation_label, organisation_name


class LeadShare(NamedTuple):
    organisation: str  # name
    node: str  # Organisation node id
    led: int  # activities it leads
    share: float  # led / activities with a lead


def lead_shares(G: nx.MultiDiGraph) -> tuple[list[LeadShare], float, int]:
    """(shares, most first then by name; concentration index; number of activities with a lead)."""
    led = leads_of(G)
    co_leads: dict[str, Counter] = defaultdict(Counter)  # org -> {number of leads: activities}
    for orgs in led.values():
        for org in orgs:
            co_leads[org][len(orgs)] += 1
    total = len(led)
    if not total:
        return [], 0.0, 0
    shares = [
        LeadShare(organisation_name(G, org), org, sum(c.values()), sum(c.values()) / total)
        for org, c in co_leads.items()
    ]
    credit = [fsum(n / k for k, n in c.items()) for c in co_leads.values()]  # fsum: exact, in any order
    hhi = round(fsum((c / total) ** 2 for c in credit), 4)
    return sorted(shares, key=lambda s: (-s.led, s.organisation, s.node)), hhi, total


@finder
def lead_concentration(
    G: nx.MultiDiGraph, *, threshold: float = 0.5, high: float = 0.8, min_activities: int = 3
) -> list[Gap]:
    """Organisations leading more than ``threshold`` of the led activities (severity high from ``high``).

    Plans with fewer than ``min_activities`` led activities are too small to judge.
    """
    shares, hhi, total = lead_shares(G)
    if total < min_activities:
        return []
    gaps = []
    for s in shares:
        if s.share <= threshold:
            continue
        finding = (
            f"{organisation_label(G, s.node)} leads {s.led} of {total} activities ({s.share:.0%}); "
            f"the concentration index (HHI) of leads is {hhi:.2f}."
        )
        why = own_plan(G, s.node)
        if why is not None:
            severity, finding = (
                "low",
                f"This is {s.organisation}'s own plan{why}, so it leading most of it is expected: " + finding,
            )
        else:
            severity = "high" if s.share >= high else "medium"
        gaps.append(
            Gap(
                "lead_concentration",
                s.organisation,
                s.organisation,
                severity,
                finding,
                evidence(G, targets(G, s.node, S.LEADS)),
            )
        )
    return gaps


def own_plan(G: nx.MultiDiGraph, org: str) -> str | None:
    """Why the graph's plans are ``org``'s own (``""`` when a plan names it as owner; `` (its title
    says Local Authority)`` when the title names its sector), or None when they are not. With
    several plans, every plan must be its own."""
    plans = nodes_of(G, S.PLAN)
    if not plans:
        return None
    name = organisation_name(G, org)
    sector = G.nodes[org].get("sector")
    sector_name = G.nodes.get(S.node_id(S.SECTOR, sector), {}).get("name") if sector else None
    reasons = []
    for _, plan in plans:
        title = f" {(plan.get('title') or '').lower()} "
        if plan.get("owner") == name:
            reasons.append("")
        elif sector_name and f" {sector_name.lower()} " in title.replace("–", " ").replace("-", " "):
            reasons.append(f" (its title says {sector_name})")
        else:
            return None
    return reasons[0]
