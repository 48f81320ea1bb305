"""Which framework judges which plans: the graph's plans grouped by the framework each is judged by.

Each Plan node records its framework (``framework``, the id, and ``framework_info``, the JSON of
:meth:`partnermap.reference.frameworks.Choice.to_json`, which carries the law the finders need), so
a graph read back from Neo4j is judged as the one built from files. Plans judged by the same
framework are judged together (as the partnership the plans make); plans judged by different
frameworks are judged apart, and then every finding that depends on the framework names its plans.

>>> import networkx as nx
>>> G = nx.MultiDiGraph(plans=["a", "b"])
>>> G.add_node("Plan:a", kind="Plan", plan="a", title="A", framework=None, framework_info=None)
>>> G.add_node("Plan:b", kind="Plan", plan="b", title="B", framework="prevent",
...            framework_info='{"id": "prevent", "name": "Prevent", "law": {"partners": []}}')
>>> [(g.framework, g.plans, g.name) for g in framework_groups(G)]
[(None, ('a',), None), ('prevent', ('b',), 'Prevent')]
"""

from __future__ import annotations

import json
from typing import NamedTuple

import networkx as nx

from partnermap.graph import schema as S
from partnermap.graph.query import nodes_of, plan_ids, shared


class Group(NamedTuple):
    """Plans judged by one framework (``framework`` None: by none), with what its law says."""

    framework: str | None
    plans: tuple[str, ...]
    titles: tuple[str, ...]
    info: dict  # the Plan node's framework_info (empty without a framework)
    several: bool  # the graph has other groups: findings name these plans

    @property
    def name(self) -> str | None:
        return self.info.get("name")

    def seats(self, kind: str) -> list[tuple[tuple[str, ...], dict]]:
        """The seats of ``kind`` (required or relevant) the law names, each as (the sectors any one
        of which fills it, the partner as the framework gives it), in the framework's order."""
        return [
            (seat_sectors(partner), partner)
            for partner in (self.info.get("law") or {}).get("partners") or []
            if partner.get("kind") == kind and seat_sectors(partner)
        ]

    def partners(self, kind: str) -> dict[str, dict]:
        """Sector id -> the first seat of ``kind`` (required or relevant) the sector can fill."""
        found: dict[str, dict] = {}
        for sectors, partner in self.seats(kind):
            for sector in sectors:
                found.setdefault(sector, partner)
        return found

    @property
    def out_of_scope(self) -> set[str]:
        return set((self.info.get("law") or {}).get("out_of_scope") or [])

    def subject(self, key: str) -> str:
        """A finding's subject: ``key``, prefixed with the framework when the graph has several groups."""
        return f"{self.framework or 'none'}:{key}" if self.several else key

    def detail(self, text: str) -> str:
        """A finding's detail, naming the plans first when the graph has several groups."""
        if not self.several:
            return text
        return f"In {', '.join(self.titles)} (judged by {self.name or 'no framework'}): {text}"


def seat_sectors(partner: dict) -> tuple[str, ...]:
    """The sectors that can fill a partner's seat: its ``sector``, one id or a list of them.

    >>> seat_sectors({"sector": "police"}), seat_sectors({"sector": ["health", "nhs_commissioner"]})
    (('police',), ('health', 'nhs_commissioner'))
    """
    sector = partner.get("sector")
    if isinstance(sector, str):
        return (sector,)
    return tuple(s for s in sector or () if isinstance(s, str))


def _info(data: dict) -> dict:
    try:
        info = json.loads(data.get("framework_info") or "{}")
    except ValueError:
        info = {}
    return info if isinstance(info, dict) else {}


@shared
def framework_groups(G: nx.MultiDiGraph) -> list[Group]:
    """The graph's plans grouped by framework, in plan order (a plan without a Plan node, or one
    built before frameworks, is judged by none)."""
    found = {d.get("plan"): d for _, d in nodes_of(G, S.PLAN)}
    groups: dict[str | None, list[tuple[str, str, dict]]] = {}
    for plan in plan_ids(G):
        data = found.get(plan, {})
        groups.setdefault(data.get("framework"), []).append((plan, data.get("title") or plan, _info(data)))
    several = len(groups) > 1
    return [
        Group(
            fid,
            tuple(p for p, _, _ in members),
            tuple(t for _, t, _ in members),
            members[0][2] if fid else _none_info([info for _, _, info in members]),
            several,
        )
        for fid, members in groups.items()
    ]


def _none_info(infos: list[dict]) -> dict:
    """What the plans judged by no framework say of it: one plan's own choice (why none, and the
    words that set a framework aside), or for several their reasons together; empty for plans
    built before frameworks. It carries no law, so no finder judges these plans by one.

    >>> _none_info([{"id": None, "chosen_by": "none", "note": "No words"}])["note"]
    'No words'
    >>> _none_info([{"id": None, "note": "No words"}, {"id": None, "note": "A tie"}, {}])["note"]
    'No words; A tie'
    """
    infos = [info for info in infos if info]
    if len(infos) == 1:
        return {key: value for key, value in infos[0].items() if key != "law"}
    notes = list(dict.fromkeys(info.get("note") for info in infos if info.get("note")))
    return {"id": None, "chosen_by": "none", "note": "; ".join(notes)} if notes else {}
