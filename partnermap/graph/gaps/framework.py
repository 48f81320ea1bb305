"""Framework areas (the parts of a good partnership plan, e.g. "Local risk assessment") that no
activity addresses.

>>> import networkx as nx
>>> G = nx.MultiDiGraph(plans=["p"])
>>> G.add_node("FrameworkArea:channel_panel", kind="FrameworkArea", name="Channel panel", area_id="channel_panel")
>>> G.add_node("FrameworkArea:training_programme", kind="FrameworkArea", name="Training programme")
>>> G.add_node("Activity:p:1", kind="Activity", plan="p", seq=1)
>>> G.add_edge("Activity:p:1", "FrameworkArea:training_programme", "ADDRESSES", type="ADDRESSES")
'ADDRESSES'
>>> [(g.subject, g.label) for g in framework_area_without_activity(G)]
[('channel_panel', 'Channel panel')]
"""

from __future__ import annotations

import networkx as nx

from partnermap.graph import schema as S
from partnermap.graph.gaps.base import Gap, finder, has_source, nodes_of, term_id


@finder
def framework_area_without_activity(G: nx.MultiDiGraph) -> list[Gap]:
    """Every FrameworkArea node with no ``ADDRESSES`` edge from an activity."""
    return [
        Gap("framework_area_without_activity", term_id(nid, data, "area_id"), data.get("name") or nid, "high",
            f"No activity addresses the framework area \"{data.get('name') or nid}\".")
        for nid, data in nodes_of(G, S.FRAMEWORK_AREA) if not has_source(G, nid, S.ADDRESSES)
    ]
