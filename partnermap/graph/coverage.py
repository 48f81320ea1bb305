"""Coverage: how many activities engage each sector under each theme (empty cells are gaps).

An activity engages a sector when it reaches it (names an institution of the sector or targets one
of its audiences) or an organisation of the sector leads or partners it, as in
:func:`partnermap.graph.engagement.sector_engagement` (computed by
:func:`partnermap.graph.gaps.sector.sector_activities`). Columns are the plans' themes in plan order
then theme number (``key``; ``plan:key`` when the graph holds several plans), plus a ``none``
column when some activities have no theme. Sectors are sorted by name.

>>> import networkx as nx
>>> G = nx.MultiDiGraph(plans=["p"])
>>> G.add_node("Sector:schools", kind="Sector", name="Schools", sector_id="schools")
>>> G.add_node("Sector:faith", kind="Sector", name="Faith", sector_id="faith")
>>> for n in (1, 2):
...     _ = G.add_edge(f"Theme:p:{n}", "Plan:p", "PART_OF", type="PART_OF")
...     G.nodes[f"Theme:p:{n}"].update(kind="Theme", plan="p", number=n, key=str(n), name=f"Theme {n}")
>>> _ = G.add_edge("Activity:p:1", "Theme:p:2", "PART_OF", type="PART_OF")
>>> _ = G.add_edge("Activity:p:1", "Sector:schools", "REACHES", type="REACHES")
>>> G.nodes["Activity:p:1"].update(kind="Activity", plan="p", seq=1)
>>> [(r["name"], r["1"], r["2"]) for r in coverage(G).rows()]
[('Faith', 0, 0), ('Schools', 0, 1), ('All activities', 0, 1)]
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import networkx as nx

from partnermap.graph import schema as S
from partnermap.graph.gaps.sector import sector_activities
from partnermap.graph.links import in_edges
from partnermap.graph.query import activities, natural_key, nodes_of, plan_ids, sharing, targets

NO_THEME = "none"
ALL = "All activities"


@dataclass
class Coverage:
    """The matrix: ``columns`` (theme descriptions), ``sectors`` (id, name) and ``counts``."""

    columns: list[dict] = field(default_factory=list)  # {"column", "plan", "key", "number", "name"}
    sectors: list[tuple[str, str]] = field(default_factory=list)
    counts: dict[tuple[str, str], int] = field(default_factory=dict)  # (sector id or ALL, column) -> n
    totals: dict[str, int] = field(default_factory=dict)  # sector id or ALL -> distinct activities

    @property
    def column_ids(self) -> list[str]:
        return [c["column"] for c in self.columns]

    def rows(self) -> list[dict]:
        """One row per sector, then the ``All activities`` row (sector None): sector, name, a count per
        column, total."""
        return [
            {
                "sector": None if sector == ALL else sector,
                "name": name,
                **{c: self.counts.get((sector, c), 0) for c in self.column_ids},
                "total": self.totals.get(sector, 0),
            }
            for sector, name in [*self.sectors, (ALL, ALL)]
        ]

    def empty_cells(self) -> list[tuple[str, str]]:
        """(sector id, column) of every cell no activity fills."""
        return [(s, c) for s, _ in self.sectors for c in self.column_ids if not self.counts.get((s, c))]

    def as_dict(self) -> dict:
        rows = self.rows()
        return {
            "themes": self.columns,
            "sectors": [
                {
                    "sector": r["sector"],
                    "name": r["name"],
                    "total": r["total"],
                    "counts": {c: r[c] for c in self.column_ids},
                }
                for r in rows[:-1]
            ],
            "activities": {c: rows[-1][c] for c in self.column_ids},
            "total": rows[-1]["total"],
            "empty_cells": [{"sector": s, "theme": c} for s, c in self.empty_cells()],
        }


def coverage(G: nx.MultiDiGraph) -> Coverage:
    """The sector x theme matrix of activity counts."""
    with sharing(G):
        return _coverage(G)


def _coverage(G: nx.MultiDiGraph) -> Coverage:
    plans = plan_ids(G)
    several = len(plans) > 1
    order = {plan: i for i, plan in enumerate(plans)}
    themes = sorted(
        nodes_of(G, S.THEME),
        key=lambda nd: (order.get(nd[1].get("plan"), len(order)), natural_key(nd[1].get("key") or nd[0])),
    )
    column_of, columns = {}, []
    for nid, d in themes:
        key = d.get("key") or nid.rsplit(":", 1)[1]
        column_of[nid] = f"{d.get('plan')}:{key}" if several else key
        columns.append(
            {
                "column": column_of[nid],
                "plan": d.get("plan"),
                "key": key,
                "number": d.get("number"),
                "name": d.get("name"),
            }
        )
    activity_column = {}
    for nid, _ in activities(G):
        parents = [t for t in targets(G, nid, S.PART_OF) if t in column_of]
        activity_column[nid] = column_of[parents[0]] if parents else NO_THEME
    if NO_THEME in activity_column.values():
        columns.append({"column": NO_THEME, "plan": None, "key": None, "number": None, "name": "No theme"})
    result = Coverage(columns=columns)
    result.counts.update(Counter((ALL, c) for c in activity_column.values()))
    result.totals[ALL] = len(activity_column)
    for sector, found in sector_activities(G).items():
        result.sectors.append((sector, found.name))
        engaged = (found.reached | found.delivering) & activity_column.keys()
        result.counts.update(Counter((sector, activity_column[a]) for a in engaged))
        result.totals[sector] = len(engaged)
    result.sectors.sort(key=lambda s: (s[1], s[0]))
    return result


def framework_evidence(G: nx.MultiDiGraph) -> list[dict]:
    """Each area of the plans' frameworks, and the words of each activity that count it as covered:
    ``{"area", "name", "framework", "covered", "evidence": [{"activity", "phrase", "field", "source",
    "line"}]}`` (activities in
    plan order). An area is covered only by an activity whose action or outcome names it.

    >>> G = nx.MultiDiGraph(plans=["p"])
    >>> G.add_node("FrameworkArea:channel_panel", kind="FrameworkArea", name="Channel panel", area_id="channel_panel")
    >>> G.add_node("Activity:p:1", kind="Activity", plan="p", seq=1, source="p.txt", line=4)
    >>> _ = G.add_edge("Activity:p:1", "FrameworkArea:channel_panel", "ADDRESSES", type="ADDRESSES", field="text",
    ...                phrase="Channel", source="p.txt", line=4)
    >>> [(a["area"], a["covered"], a["evidence"][0]["phrase"]) for a in framework_evidence(G)]
    [('channel_panel', True, 'Channel')]
    """
    with sharing(G):
        order = {nid: i for i, (nid, _) in enumerate(activities(G))}
        result = []
        for nid, data in nodes_of(G, S.FRAMEWORK_AREA):
            found = [
                (
                    order.get(u, len(order)),
                    {
                        "activity": u,
                        "phrase": d.get("phrase"),
                        "field": d.get("field"),
                        "source": d.get("source"),
                        "line": d.get("line"),
                    },
                )
                for u, _, key, d in in_edges(G, nid, keys=True, data=True)
                if key == S.ADDRESSES
            ]
            evidence = [e for _, e in sorted(found, key=lambda item: (item[0], item[1]["activity"]))]
            result.append(
                {
                    "area": data.get("area_id") or nid.split(":", 1)[1],
                    "name": data.get("name") or nid,
                    "framework": data.get("framework"),
                    "covered": bool(evidence),
                    "evidence": evidence,
                }
            )
        return result
