"""Outcomes without a measurable target: no number, percentage, count or date to check them by.

When a plan has the same finding for many activities (``aggregate_at`` or more) it is reported
once for the plan (subject = the plan id), with every activity as evidence; otherwise once per
activity (subject = the activity id). Activities with no outcome at all are ``missing_field``.

>>> import networkx as nx
>>> G = nx.MultiDiGraph(plans=["p"])
>>> G.add_node("Activity:p:1", kind="Activity", plan="p", seq=1, outcome="Greater resilience", name="Train staff")
>>> G.add_node("Activity:p:2", kind="Activity", plan="p", seq=2, outcome="200 staff trained by March 2019")
>>> [(g.subject, g.detail) for g in outcome_without_indicator(G)]
[('Activity:p:1', 'The outcome "Greater resilience" has no measurable target (a number, percentage, count or date).')]
>>> [g.subject for g in outcome_without_indicator(G, aggregate_at=1)]
['p']
>>> has_indicator("Referrals up 10% on 2017"), has_indicator("Increase referrals by March"), has_indicator("More trust")
(True, True, False)
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

import networkx as nx

from partnermap.graph import schema as S
from partnermap.graph.gaps.base import Gap, activities, evidence, finder, nodes_of, plan_ids, quoted

_MEASURABLE = re.compile(
    r"\d|%|\bper\s?cent\b|\b(?:January|February|March|April|June|July|August|September|October|November|"
    r"December|Q[1-4])\b",
    re.IGNORECASE,
)
_WHAT = "(a number, percentage, count or date)"


@lru_cache(maxsize=65536)  # activities often share an outcome's words
def has_indicator(text: str) -> bool:
    """True when the text names a number, percentage, count or date (a month name counts)."""
    return bool(_MEASURABLE.search(text))


@finder
def outcome_without_indicator(G: nx.MultiDiGraph, *, aggregate_at: int = 5) -> list[Gap]:
    """Activities whose outcome has no measurable target, aggregated per plan at ``aggregate_at``."""
    written, unmeasured = defaultdict(int), defaultdict(list)
    for nid, data in activities(G):
        outcome = (data.get("outcome") or "").strip()
        if outcome:
            written[data.get("plan")] += 1
            if not has_indicator(outcome):
                unmeasured[data.get("plan")].append(nid)
    titles = {d.get("plan"): d.get("title") or d.get("name") for _, d in nodes_of(G, S.PLAN)}
    gaps = []
    for plan in plan_ids(G):
        found = unmeasured.get(plan, [])
        if len(found) >= aggregate_at:
            title = titles.get(plan) or plan
            gaps.append(
                Gap(
                    "outcome_without_indicator",
                    plan,
                    f"Outcomes in {title}",
                    "low",
                    f"{len(found)} of {written[plan]} outcomes in {title} have no measurable target {_WHAT}.",
                    evidence(G, found),
                )
            )
            continue
        for nid in found:
            data = G.nodes[nid]
            gaps.append(
                Gap(
                    "outcome_without_indicator",
                    nid,
                    data.get("name") or nid,
                    "low",
                    f"The outcome {quoted(data['outcome'])} has no measurable target {_WHAT}.",
                    evidence(G, [nid]),
                )
            )
    return gaps
