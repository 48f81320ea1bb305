"""The ``lanes`` layout: a plan read as a theory of change, left to right.

Lanes: organisations -> activities (in plan order, grouped by theme, the themes and the plan in a
lane beside them) -> outcomes -> concepts and framework areas, with sectors and audiences in
lanes of their own beside the organisations. Activities keep plan order; every other node sits at the mean height of the
nodes it links to (a barycentre pass, so links mostly run straight across), spread so no two
nodes of a lane overlap. Computed in Python in linear time after sorting, so the page opens with
the picture already in place (no physics).

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("Activity:p:1", kind="Activity", seq=1); G.add_node("Organisation:o", kind="Organisation")
>>> _ = G.add_edge("Organisation:o", "Activity:p:1", "LEADS")
>>> positions = lanes_layout(G)
>>> org, activity = positions["Organisation:o"], positions["Activity:p:1"]
>>> org[0] < activity[0], org[1] == activity[1]
(True, True)
"""

from __future__ import annotations

import networkx as nx

from partnermap.graph import schema as S
from partnermap.graph.links import out_edges

#: node label -> lane (x index)
LANES = {
    S.SECTOR: 0,
    S.AUDIENCE: 1,
    S.ORGANISATION: 2,
    S.PLAN: 3,
    S.THEME: 3,
    S.ACTIVITY: 4,
    S.OUTCOME: 5,
    S.CONCEPT: 6,
    S.FRAMEWORK_AREA: 6,
}
ACTIVITY_LANE = LANES[S.ACTIVITY]
LANE_WIDTH = 380.0
ROW = 56.0  # vertical room per node in a lane


def _neighbours(G: nx.MultiDiGraph, node: str):
    yield from G.succ[node]
    yield from G.pred[node]


def lanes_layout(G: nx.MultiDiGraph) -> dict[str, tuple[int, int]]:
    """Positions (x by lane, y by plan order and barycentres) for every node of ``G``."""
    y: dict[str, float] = {}
    row = 0.0
    kind = dict(G.nodes(data="kind"))
    plans = sorted(n for n, k in kind.items() if k == S.PLAN)
    themes = sorted(
        (n for n, k in kind.items() if k == S.THEME),
        key=lambda t: (str(G.nodes[t].get("plan")), G.nodes[t].get("number") or 0, t),
    )
    activities = sorted(
        (n for n, k in kind.items() if k == S.ACTIVITY),
        key=lambda a: (str(G.nodes[a].get("plan")), G.nodes[a].get("seq") or 0, a),
    )
    theme_of = {}
    for a in activities:
        theme_of[a] = next(
            (v for _, v, rel in out_edges(G, a, keys=True) if rel == S.PART_OF and kind.get(v) == S.THEME), None
        )
    for plan in plans:
        y[plan] = row
        row += 3.0
    placed_themes = set()
    for theme in themes + [None]:
        members = [a for a in activities if theme_of[a] == theme]
        if not members:
            continue
        if theme is not None:
            y[theme] = row
            placed_themes.add(theme)
        for a in members:
            y[a] = row
            row += 1
        row += 0.6
    for theme in themes:
        if theme not in placed_themes:
            y[theme] = row
            row += 1.2
    # every other lane: barycentres of placed neighbours (two passes reach tags of tags), then spread
    rest = [n for n in G if n not in y]
    for _ in range(2):
        for node in rest:
            near = [
                y[m] for m in _neighbours(G, node) if m in y and LANES.get(kind.get(m)) != LANES.get(kind.get(node))
            ]
            if near:
                y[node] = sum(near) / len(near)
    height = max(row, 1.0)
    for node in rest:
        y.setdefault(node, height)
    by_lane: dict[int, list[str]] = {}
    for node in G:
        by_lane.setdefault(LANES.get(kind.get(node), 5), []).append(node)
    positions = {}
    for lane, nodes in by_lane.items():
        nodes.sort(key=lambda n: (y[n], str(G.nodes[n].get("name")), n))
        last = -1e9
        for node in nodes:
            spot = max(y[node], last + (0.0 if lane == ACTIVITY_LANE else 1.4))
            positions[node] = (round(lane * LANE_WIDTH), round(spot * ROW))
            last = spot
    return positions
