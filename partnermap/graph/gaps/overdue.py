"""Overdue activities: the timescale ended before the report date and the activity is not marked
achieved or complete. Activities marked ongoing (e.g. "Jan-Feb 2018 Ongoing") are not overdue.

>>> from datetime import date
>>> import networkx as nx
>>> G = nx.MultiDiGraph(plans=["p"])
>>> G.add_node("Activity:p:1", kind="Activity", plan="p", seq=1, timescale="Jan-Mar 2018", end="2018-03-31")
>>> G.add_node("Activity:p:2", kind="Activity", plan="p", seq=2, timescale="Achieved", achieved=True)
>>> G.add_node("Activity:p:3", kind="Activity", plan="p", seq=3, timescale="Oct 2018", end="2018-10-31")
>>> [(g.subject, g.detail) for g in overdue(G, as_of=date(2018, 7, 1))]  # doctest: +NORMALIZE_WHITESPACE
[('Activity:p:1', 'The timescale "Jan-Mar 2018" ended on 31 March 2018, before 1 July 2018,
  and the activity is not marked achieved.')]
"""

from __future__ import annotations

from datetime import date

import networkx as nx

from partnermap.graph.gaps.base import Gap, activities, evidence, finder, human_date


@finder
def overdue(G: nx.MultiDiGraph, *, as_of: date) -> list[Gap]:
    """Activities with an ``end`` before ``as_of``, not achieved and not ongoing (severity high)."""
    cutoff = as_of.isoformat()
    return [
        Gap("overdue", nid, data.get("name") or nid, "high",
            f'The timescale "{data.get("timescale") or ""}" ended on {human_date(data["end"])}, before '
            f"{human_date(as_of)}, and the activity is not marked achieved.", evidence(G, [nid]))
        for nid, data in activities(G)
        if data.get("end") and str(data["end"]) < cutoff and not data.get("achieved") and not data.get("ongoing")
    ]
