"""Compare an older plan with a newer one: activities dropped, added or carried over, and sectors
gained or lost.

Activities are matched by :func:`partnermap.graph.gaps.duplicates.similarity` (their words, in
any order and case): every old-new pair at least ``threshold`` % alike is a candidate, and pairs
are taken best first (ties in plan order), each activity matched at most once. Sectors are compared
by engagement (reached or delivering: :func:`partnermap.graph.gaps.sector.sector_activities`).
Each side is a graph of one or more plans, so the comparison works the same on graphs read back
from Neo4j. Matching compares every old-new pair (in C), which suits plans of thousands of
activities, not hundreds of thousands.

>>> import networkx as nx
>>> def graph(plan, *texts):
...     G = nx.MultiDiGraph(plans=[plan])
...     for n, text in enumerate(texts, start=1):
...         G.add_node(f"Activity:{plan}:{n}", kind="Activity", plan=plan, seq=n, text=text, name=text)
...     return G
>>> c = compare(graph("old", "Review Channel panel", "Train madrassa teachers"),
...             graph("new", "Train madrassa teachers and students", "Map local risks"))
>>> [(a["old"]["text"], a["new"]["text"]) for a in c.carried_over]
[('Train madrassa teachers', 'Train madrassa teachers and students')]
>>> [a["text"] for a in c.dropped], [a["text"] for a in c.added]
(['Review Channel panel'], ['Map local risks'])
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx
from rapidfuzz import fuzz, process

from partnermap.graph.query import activities, plan_ids
from partnermap.graph.gaps.duplicates import signature
from partnermap.graph.gaps.sector import sector_activities


@dataclass
class Comparison:
    old_plans: list[str]
    new_plans: list[str]
    carried_over: list[dict] = field(default_factory=list)  # {"old": activity, "new": activity, "similarity"}
    dropped: list[dict] = field(default_factory=list)  # activities (see _activity)
    added: list[dict] = field(default_factory=list)
    sectors_gained: list[dict] = field(default_factory=list)  # {"sector", "name"}
    sectors_lost: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return dict(self.__dict__)

    def rows(self) -> list[dict]:
        """Flat rows: status, old and new activity (id, text, timescale, source, line), similarity;
        then one row per sector gained or lost (its name as the text)."""
        def side(prefix: str, a: dict | None) -> dict:
            return {f"{prefix}_{k}": (a or {}).get(k) for k in ("activity", "text", "timescale", "source", "line")}

        rows = [{"status": "carried_over", **side("old", m["old"]), **side("new", m["new"]),
                 "similarity": m["similarity"]} for m in self.carried_over]
        rows += [{"status": "dropped", **side("old", a), **side("new", None), "similarity": None} for a in self.dropped]
        rows += [{"status": "added", **side("old", None), **side("new", a), "similarity": None} for a in self.added]
        for status, sectors, prefix in (("sector_lost", self.sectors_lost, "old"),
                                        ("sector_gained", self.sectors_gained, "new")):
            rows += [{"status": status, **side("old", None), **side("new", None),
                      f"{prefix}_text": s["name"], "similarity": None} for s in sectors]
        return rows


def _activity(nid: str, data: dict) -> dict:
    return {"activity": nid, "text": data.get("text") or data.get("name"), "theme": data.get("theme"),
            "timescale": data.get("timescale"), "source": data.get("source"), "line": data.get("line")}


def _engaged(G: nx.MultiDiGraph) -> dict[str, str]:
    return {sector: found.name for sector, found in sector_activities(G).items() if found.reached or found.delivering}


def compare(old: nx.MultiDiGraph, new: nx.MultiDiGraph, *, threshold: float = 75) -> Comparison:
    """What ``new`` dropped from, added to and carried over from ``old`` (see the module docstring)."""
    olds, news = activities(old), activities(new)
    new_sigs = [signature(d.get("text")) for _, d in news]
    pairs = []
    for i, (_, data) in enumerate(olds):
        for _, score, j in process.extract(signature(data.get("text")), new_sigs, scorer=fuzz.ratio,
                                           processor=None, score_cutoff=threshold, limit=None):
            pairs.append((-score, i, j))
    matched_old, matched_new, carried = set(), set(), []
    for neg_score, i, j in sorted(pairs):
        if i not in matched_old and j not in matched_new:
            matched_old.add(i)
            matched_new.add(j)
            carried.append((i, j, round(-neg_score, 1)))
    old_sectors, new_sectors = _engaged(old), _engaged(new)
    return Comparison(
        old_plans=plan_ids(old), new_plans=plan_ids(new),
        carried_over=[{"old": _activity(*olds[i]), "new": _activity(*news[j]), "similarity": score}
                      for i, j, score in sorted(carried)],
        dropped=[_activity(*a) for i, a in enumerate(olds) if i not in matched_old],
        added=[_activity(*a) for j, a in enumerate(news) if j not in matched_new],
        sectors_gained=[{"sector": s, "name": new_sectors[s]} for s in sorted(new_sectors.keys() - old_sectors.keys())],
        sectors_lost=[{"sector": s, "name": old_sectors[s]} for s in sorted(old_sectors.keys() - new_sectors.keys())],
    )
