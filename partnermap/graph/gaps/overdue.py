"""Overdue activities: the timescale ended before the report date and the plan does not record the
activity as complete (by its status, or a timescale such as "Achieved 2017").

Severity follows the evidence. Past its date with a status of off track (Red), at risk (Amber) or
not started: **high**. Past its date and on track (Green) as of the plan: **medium**, and the finding
says the status was on track, since Green is not complete. Past its date with no status recorded,
or one that says nothing known: **medium**, worded "the plan records no progress for it".
Activities whose timescale says ongoing ("Jan-Feb 2018 Ongoing") are not overdue: they are open
ended (:mod:`partnermap.graph.gaps.fields`).

>>> from datetime import date
>>> import networkx as nx
>>> G = nx.MultiDiGraph(plans=["p"])
>>> G.add_node("Activity:p:1", kind="Activity", plan="p", seq=1, timescale="Jan-Mar 2018", end="2018-03-31")
>>> G.add_node("Activity:p:2", kind="Activity", plan="p", seq=2, timescale="Achieved", achieved=True)
>>> G.add_node("Activity:p:3", kind="Activity", plan="p", seq=3, timescale="Oct 2017", end="2017-10-31",
...            status="Red", progress="off_track")
>>> [(g.subject, g.severity, g.detail) for g in overdue(G, as_of=date(2018, 7, 1))]  # doctest: +NORMALIZE_WHITESPACE
[('Activity:p:1', 'medium', 'The timescale "Jan-Mar 2018" ended on 31 March 2018, before 1 July 2018;
  the plan records no progress for it.'),
 ('Activity:p:3', 'high', 'The timescale "Oct 2017" ended on 31 October 2017, before 1 July 2018,
  and its status is "Red" (off track).')]
"""

from __future__ import annotations

from datetime import date

import networkx as nx

from partnermap.graph.gaps.base import Gap, activities, evidence, finder, human_date

HIGH = ("off_track", "at_risk", "not_started")
LABELS = {"off_track": "off track", "at_risk": "at risk", "not_started": "not started", "on_track": "on track"}


def _finding(data: dict, as_of: date) -> tuple[str, str]:
    """(severity, detail) for an activity past its end date."""
    ended = (
        f'The timescale "{data.get("timescale") or ""}" ended on {human_date(data["end"])}, before {human_date(as_of)}'
    )
    progress, status = data.get("progress"), (data.get("status") or "").strip()
    if progress in HIGH:
        return "high", f'{ended}, and its status is "{status}" ({LABELS[progress]}).'
    if progress == "on_track":
        return "medium", (
            f'{ended}; its status was "{status}" (on track) as of the plan, which does not record it as complete.'
        )
    if status:
        return "medium", f'{ended}; its status, "{status}", does not say it is complete.'
    return "medium", f"{ended}; the plan records no progress for it."


@finder
def overdue(G: nx.MultiDiGraph, *, as_of: date) -> list[Gap]:
    """Activities with an ``end`` before ``as_of``, not complete and not ongoing (see the module docstring)."""
    cutoff = as_of.isoformat()
    gaps = []
    for nid, data in activities(G):
        if data.get("end") and str(data["end"]) < cutoff and not data.get("achieved") and not data.get("ongoing"):
            severity, detail = _finding(data, as_of)
            gaps.append(Gap("overdue", nid, data.get("name") or nid, severity, detail, evidence(G, [nid])))
    return gaps
