"""The report date every finding is judged by, and the plans' period it is chosen from.

>>> import networkx as nx
>>> from datetime import date
>>> G = nx.MultiDiGraph(plans=["p"])
>>> G.add_node("Activity:p:1", kind="Activity", plan="p", seq=1, end="2019-03-31")
>>> report_date(G, today=date(2026, 1, 1))
(datetime.date(2019, 3, 31), 'plan_end')
"""

from __future__ import annotations

from datetime import date

import networkx as nx

from partnermap.graph.query import activities


def period_end(G: nx.MultiDiGraph) -> date | None:
    """The end of the plans' whole period: the last end date any activity's timescale gives."""
    ends = [str(d["end"]) for _, d in activities(G) if d.get("end")]
    return date.fromisoformat(max(ends)) if ends else None


def report_date(G: nx.MultiDiGraph, as_of: date | None = None, *, today: date | None = None) -> tuple[date, str]:
    """The report date and how it was chosen: ``given`` (``--as-of``), ``plan_end`` (today is after
    the plans' whole period, so findings are as of its end) or ``today``."""
    if as_of is not None:
        return as_of, "given"
    today = today or date.today()
    end = period_end(G)
    if end is not None and end < today:
        return end, "plan_end"
    return today, "today"
