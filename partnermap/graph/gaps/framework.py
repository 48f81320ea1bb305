"""The areas of a plan's framework (the parts of a good plan its guidance expects, e.g. the Prevent
toolkit's "Local risk assessment") that no activity of the plan addresses.

Only the framework each plan is judged by has areas in the graph (see
:mod:`partnermap.graph.build`), and its areas are matched only in the activities of its plans, so a
hate crime plan is never asked for a Channel panel. The finding names the guidance that expects
the area; its subject is ``<framework id>:<area id>``.

>>> import networkx as nx
>>> G = nx.MultiDiGraph(plans=["p"])
>>> G.add_node("FrameworkArea:prevent:channel_panel", kind="FrameworkArea", name="Channel panel",
...            area_id="channel_panel", framework="prevent", expected_by="the Prevent duty toolkit")
>>> G.add_node("FrameworkArea:prevent:training_programme", kind="FrameworkArea", name="Training programme",
...            area_id="training_programme", framework="prevent")
>>> G.add_node("Activity:p:1", kind="Activity", plan="p", seq=1)
>>> G.add_edge("Activity:p:1", "FrameworkArea:prevent:training_programme", "ADDRESSES", type="ADDRESSES")
'ADDRESSES'
>>> [(g.subject, g.detail) for g in framework_area_without_activity(G)]
[('prevent:channel_panel', 'No activity addresses "Channel panel", expected by the Prevent duty toolkit.')]
"""

from __future__ import annotations

import networkx as nx

from partnermap.graph import schema as S
from partnermap.graph.gaps.base import Gap, finder, has_source, nodes_of, term_id
from partnermap.graph.gaps.law import framework_groups


@finder
def framework_area_without_activity(G: nx.MultiDiGraph) -> list[Gap]:
    """Every FrameworkArea node with no ``ADDRESSES`` edge from an activity, worded with the guidance
    that expects it (high)."""
    groups = {g.framework: g for g in framework_groups(G)}
    gaps = []
    for nid, data in nodes_of(G, S.FRAMEWORK_AREA):
        if has_source(G, nid, S.ADDRESSES):
            continue
        name, framework = data.get("name") or nid, data.get("framework")
        expected = data.get("expected_by")
        said = (
            f'No activity addresses "{name}", expected by {expected}.'
            if expected
            else f'No activity addresses the framework area "{name}".'
        )
        group = groups.get(framework)
        subject = f"{framework}:{term_id(nid, data, 'area_id')}" if framework else term_id(nid, data, "area_id")
        gaps.append(
            Gap(
                "framework_area_without_activity",
                subject,
                name,
                "high",
                group.detail(said) if group is not None else said,
            )
        )
    return gaps
