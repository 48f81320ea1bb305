"""Compare an older plan with a newer one: activities dropped, added, carried over unchanged or
changed (the same activity with a different lead, partners, timescale, status or outcome, each
change with its before and after values), and the sectors and organisations gained or lost.

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
>>> old, new = graph("old", "Train madrassa teachers"), graph("new", "Train madrassa teachers")
>>> old.nodes["Activity:old:1"]["timescale"], new.nodes["Activity:new:1"]["timescale"] = "March 2018", "March 2019"
>>> compare(old, new).changed[0]["changes"]
{'timescale': {'before': 'March 2018', 'after': 'March 2019'}}
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx
from rapidfuzz import fuzz, process

from partnermap.graph import schema as S
from partnermap.graph.gaps.duplicates import signature
from partnermap.graph.gaps.sector import sector_activities
from partnermap.graph.links import edges, in_edges
from partnermap.graph.network import organisation_name
from partnermap.graph.query import activities, plan_ids


@dataclass
class Comparison:
    old_plans: list[str]
    new_plans: list[str]
    carried_over: list[dict] = field(default_factory=list)  # {"old": activity, "new": activity, "similarity"}
    dropped: list[dict] = field(default_factory=list)  # activities (see _activity)
    added: list[dict] = field(default_factory=list)
    sectors_gained: list[dict] = field(default_factory=list)  # {"sector", "name"}
    sectors_lost: list[dict] = field(default_factory=list)
    organisations_gained: list[str] = field(default_factory=list)  # leading or partnering, by name
    organisations_lost: list[str] = field(default_factory=list)

    @property
    def changed(self) -> list[dict]:
        """The carried-over activities whose lead, partners, timescale, status or outcome changed."""
        return [m for m in self.carried_over if m.get("changes")]

    @property
    def unchanged(self) -> list[dict]:
        return [m for m in self.carried_over if not m.get("changes")]

    def as_dict(self) -> dict:
        return {**self.__dict__, "changed": self.changed}

    def rows(self) -> list[dict]:
        """Flat rows: status, old and new activity (id, text, timescale, source, line), similarity;
        then one row per sector gained or lost (its name as the text)."""

        def side(prefix: str, a: dict | None) -> dict:
            return {f"{prefix}_{k}": (a or {}).get(k) for k in ("activity", "text", "timescale", "source", "line")}

        rows = [
            {
                "status": "changed" if m.get("changes") else "carried_over",
                **side("old", m["old"]),
                **side("new", m["new"]),
                "similarity": m["similarity"],
                "changes": describe(m.get("changes")),
            }
            for m in self.carried_over
        ]
        rows += [{"status": "dropped", **side("old", a), **side("new", None), "similarity": None} for a in self.dropped]
        rows += [{"status": "added", **side("old", None), **side("new", a), "similarity": None} for a in self.added]
        for status, sectors, prefix in (
            ("sector_lost", self.sectors_lost, "old"),
            ("sector_gained", self.sectors_gained, "new"),
        ):
            rows += [
                {
                    "status": status,
                    **side("old", None),
                    **side("new", None),
                    f"{prefix}_text": s["name"],
                    "similarity": None,
                }
                for s in sectors
            ]
        return rows


#: the fields compared for an activity carried over
FIELDS = ("lead", "partners", "timescale", "status", "outcome")


def describe(changes: dict | None) -> str:
    """``lead: A -> B; timescale: X -> Y`` (``-`` for an empty value)."""
    return "; ".join(f"{name}: {c['before'] or '-'} -> {c['after'] or '-'}" for name, c in (changes or {}).items())


def _organisations(G: nx.MultiDiGraph, nid: str, rel: str) -> str:
    names = sorted(organisation_name(G, u) for u, _, key in in_edges(G, nid, keys=True) if key == rel)
    return "; ".join(names)


def _activity(G: nx.MultiDiGraph, nid: str, data: dict) -> dict:
    return {
        "activity": nid,
        "text": data.get("text") or data.get("name"),
        "theme": data.get("theme"),
        "timescale": data.get("timescale"),
        "source": data.get("source"),
        "line": data.get("line"),
        "lead": _organisations(G, nid, S.LEADS),
        "partners": _organisations(G, nid, S.PARTNERS_IN),
        "status": data.get("status"),
        "outcome": data.get("outcome"),
    }


def _changes(old: dict, new: dict) -> dict:
    return {
        name: {"before": old.get(name), "after": new.get(name)}
        for name in FIELDS
        if (old.get(name) or "") != (new.get(name) or "")
    }


def _involved(G: nx.MultiDiGraph) -> set[str]:
    return {organisation_name(G, u) for u, _, key in edges(G, keys=True) if key in (S.LEADS, S.PARTNERS_IN)}


def _engaged(G: nx.MultiDiGraph) -> dict[str, str]:
    return {sector: found.name for sector, found in sector_activities(G).items() if found.reached or found.delivering}


def compare(old: nx.MultiDiGraph, new: nx.MultiDiGraph, *, threshold: float = 75) -> Comparison:
    """What ``new`` dropped from, added to and carried over from ``old`` (see the module docstring)."""
    olds, news = activities(old), activities(new)
    new_sigs = [signature(d.get("text")) for _, d in news]
    pairs = []
    for i, (_, data) in enumerate(olds):
        for _, score, j in process.extract(
            signature(data.get("text")), new_sigs, scorer=fuzz.ratio, processor=None, score_cutoff=threshold, limit=None
        ):
            pairs.append((-score, i, j))
    matched_old, matched_new, carried = set(), set(), []
    for neg_score, i, j in sorted(pairs):
        if i not in matched_old and j not in matched_new:
            matched_old.add(i)
            matched_new.add(j)
            carried.append((i, j, round(-neg_score, 1)))
    old_sectors, new_sectors = _engaged(old), _engaged(new)
    old_orgs, new_orgs = _involved(old), _involved(new)
    carried_over = []
    for i, j, score in sorted(carried):
        before, after = _activity(old, *olds[i]), _activity(new, *news[j])
        carried_over.append({"old": before, "new": after, "similarity": score, "changes": _changes(before, after)})
    return Comparison(
        old_plans=plan_ids(old),
        new_plans=plan_ids(new),
        carried_over=carried_over,
        dropped=[_activity(old, *a) for i, a in enumerate(olds) if i not in matched_old],
        added=[_activity(new, *a) for j, a in enumerate(news) if j not in matched_new],
        organisations_gained=sorted(new_orgs - old_orgs),
        organisations_lost=sorted(old_orgs - new_orgs),
        sectors_gained=[{"sector": s, "name": new_sectors[s]} for s in sorted(new_sectors.keys() - old_sectors.keys())],
        sectors_lost=[{"sector": s, "name": old_sectors[s]} for s in sorted(old_sectors.keys() - new_sectors.keys())],
    )
