"""Activities missing what makes them accountable: a lead, an outcome, a timescale that can be read
and that ends.

* ``missing_field``: no lead (severity high), or no outcome or no timescale (medium); a timescale
  of only "TBC"/"TBA" counts as none. One gap per activity, naming every missing field.
* ``unparsed_timescale``: a timescale written but not understood as dates (medium).
* ``open_ended_timescale``: a timescale with no end date ("Ongoing", "From Sept 2017") and not
  marked achieved (low).

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

from partnermap.graph.gaps.base import Gap, activities, evidence, finder, leads_of


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
            gaps.append(_gap(G, "missing_field", nid, "high" if no_lead else "medium",
                             f"The activity has {_join(missing)}."))
    return gaps


@finder
def unparsed_timescale(G: nx.MultiDiGraph) -> list[Gap]:
    """Activities whose written timescale could not be read as dates."""
    return [_gap(G, "unparsed_timescale", nid, "medium",
                 f'The timescale "{_written(data.get("timescale"))}" could not be read as dates.')
            for nid, data in activities(G)
            if _written(data.get("timescale")) and data.get("timescale_parsed") is False]


@finder
def open_ended_timescale(G: nx.MultiDiGraph) -> list[Gap]:
    """Activities with a readable timescale that sets no end date and not marked achieved."""
    return [_gap(G, "open_ended_timescale", nid, "low",
                 f'The timescale "{_written(data.get("timescale"))}" sets no end date to check progress against.')
            for nid, data in activities(G)
            if _written(data.get("timescale")) and data.get("timescale_parsed") is not False
            and not data.get("end") and not data.get("achieved") and not data.get("unscheduled")]
