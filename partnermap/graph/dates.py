"""The plans' period, and the report date every finding is judged by (chosen from the period).

>>> import networkx as nx
>>> from datetime import date
>>> G = nx.MultiDiGraph(plans=["p"])
>>> G.add_node("Activity:p:1", kind="Activity", plan="p", seq=1, end="2019-03-31")
>>> report_date(G, today=date(2026, 1, 1))
(datetime.date(2019, 3, 31), 'plan_end')
>>> plan_period(G)
Period(start=None, end=datetime.date(2019, 3, 31))
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

import networkx as nx

from partnermap.graph.query import activities


class Period(NamedTuple):
    """The plans' whole period: the first start and the last end date any activity's timescale
    gives (None when no timescale gives one)."""

    start: date | None
    end: date | None

    def as_dict(self) -> dict[str, str | None]:
        """``{"start": ISO date or None, "end": ...}``, as the reports and the map write it."""
        return {
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
        }


def plan_period(G: nx.MultiDiGraph) -> Period:
    """The :class:`Period` of the plans in ``G``."""
    acts = activities(G)
    starts = [str(d["start"]) for _, d in acts if d.get("start")]
    ends = [str(d["end"]) for _, d in acts if d.get("end")]
    return Period(date.fromisoformat(min(starts)) if starts else None, date.fromisoformat(max(ends)) if ends else None)


def report_date(G: nx.MultiDiGraph, as_of: date | None = None, *, today: date | None = None) -> tuple[date, str]:
    """The report date and how it was chosen: ``given`` (``--as-of``), ``plan_end`` (today is after
    the plans' whole period, so findings are as of its end) or ``today``."""
    if as_of is not None:
        return as_of, "given"
    today = today or date.today()
    end = plan_period(G).end
    if end is not None and end < today:
        return end, "plan_end"
    return today, "today"
