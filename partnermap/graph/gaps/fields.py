"""Activities missing what makes them accountable: a lead, an outcome, a timescale that can be read
and that ends.

* ``missing_field``: no lead (severity high), or no outcome or no timescale (medium); a timescale
  of only "TBC"/"TBA" counts as none. One gap per activity, naming every missing field.
* ``unparsed_timescale``: a timescale written but not understood as dates (medium).
* ``open_ended_timescale``: a timescale with no end date ("Ongoing", "From Sept 2017"), or one that
  gives dates and then says ongoing ("Jan-Feb 2018 Ongoing - programme of events to be agreed": a
  start with no end), not marked achieved (low). A relative timescale ("within six months of the
  start") is reported here too, as relative.

>>> import networkx as nx
>>> G = nx.MultiDiGraph(plans=["p"])
>>> G.add_node("Activity:p:1", kind="Activity", plan="p", seq=1, timescale="TBC", unscheduled=True)
>>> G.add_node("Activity:p:2", kind="Activity", plan="p", seq=2, outcome="Done", timescale="Soonish",
...            timescale_parsed=False)
>>> G.add_node("Activity:p:3", kind="Activity", plan="p", seq=3, outcome="Done", timescale="Ongoing",
...            timescale_parsed=True, ongoing=True)
>>> G.add_node("Organisation:Council", kind="Organisation", name="Council")
>>> _ = [G.add_edge("Organisation:Council", a, "LEADS", type="LEADS") for a in ("Activity:p:2", "Activity:p:3")]
>>> [(g.subject, g.severity, g.detail) for g in missing_field(G)]
[('Activity:p:1', 'high', 'The activity has no lead, no outcome and only "TBC" as its timescale.')]
>>> [g.subject for g in unparsed_timescale(G)], [g.subject for g in open_ended_timescale(G)]
(['Activity:p:2'], ['Activity:p:3'])
"""

from __future__ import annotations

import networkx as nx

from partnermap.graph.gaps.base import Gap, activities, evidence, finder, human_date, leads_of


def _written(value) -> str:
    return (value or "").strip() if isinstance(value, str) else ""


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _gap(G: nx.MultiDiGraph, kind: str, nid: str, severity: str, detail: str) -> Gap:
    return Gap(kind, nid, G.nodes[nid].get("name") or nid, severity, detail, evidence(G, [nid]))


@finder
def missing_field(G: nx.MultiDiGraph) -> list[Gap]:
    """Activities with no lead, outcome or timescale (one gap each, naming all that are missing)."""
    gaps, led = [], leads_of(G)
    for nid, data in activities(G):
        no_lead = nid not in led
        missing = ["no lead"] if no_lead else []
        if not _written(data.get("outcome")):
            missing.append("no outcome")
        timescale = _written(data.get("timescale"))
        if not timescale:
            missing.append("no timescale")
        elif data.get("unscheduled"):
            missing.append(f'only "{timescale}" as its timescale')
        if missing:
            gaps.append(
                _gap(G, "missing_field", nid, "high" if no_lead else "medium", f"The activity has {_join(missing)}.")
            )
    return gaps


@finder
def unparsed_timescale(G: nx.MultiDiGraph) -> list[Gap]:
    """Activities whose written timescale could not be read as dates."""
    return [
        _gap(
            G,
            "unparsed_timescale",
            nid,
            "medium",
            f'The timescale "{_written(data.get("timescale"))}" could not be read as dates.',
        )
        for nid, data in activities(G)
        if _written(data.get("timescale")) and data.get("timescale_parsed") is False
    ]


@finder
def open_ended_timescale(G: nx.MultiDiGraph) -> list[Gap]:
    """Activities with a readable timescale that sets no end date, or dates and then "ongoing", not
    marked achieved; and relative timescales."""
    gaps = []
    for nid, data in activities(G):
        written = _written(data.get("timescale"))
        if not written or data.get("timescale_parsed") is False or data.get("achieved") or data.get("unscheduled"):
            continue
        if data.get("relative"):
            detail = (
                f'The timescale "{written}" is relative to something the plan does not date, so there is no '
                f"date to check progress against."
            )
        elif not data.get("end"):
            detail = f'The timescale "{written}" sets no end date to check progress against.'
        elif data.get("ongoing"):
            start = data.get("start")
            begins = f"starts in {human_date(start).split(' ', 1)[1]} and " if start else ""
            detail = (
                f'The timescale "{written}" {begins}then says ongoing: a start with no end, so there is no '
                f"date to check progress against."
            )
        else:
            continue
        gaps.append(_gap(G, "open_ended_timescale", nid, "low", detail))
    return gaps
