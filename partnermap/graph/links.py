"""The edges of the partnership graph, as networkx's edge views give them, without a reference cycle.

``in_edges(G, node, ...)`` is ``G.in_edges(node, ...)``, ``out_edges`` and ``edges`` likewise,
``degree(G, node)`` is ``G.degree(node)``: the same networkx view classes, the same results in
the same order. The difference is where the view lives. ``G.in_edges`` makes the view once and
keeps it on the graph, and the view refers back to the graph, so after one use the graph is a
reference cycle that only the cyclic collector frees: a command on 100,000 activities would end
with a collection over the graph's 1.7 million objects (3.7 s, against 1.2 s to free them as its
last reference goes). Here each call makes its own view, dropped after use, so the graph stays
free of cycles. Small graphs derived from it (the partner network) use the views as usual.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> _ = G.add_edge("Organisation:police", "Activity:p:1", "LEADS", type="LEADS")
>>> _ = G.add_edge("Activity:p:1", "Theme:p:1", "PART_OF", type="PART_OF")
>>> list(in_edges(G, "Activity:p:1", keys=True)), list(out_edges(G, "Activity:p:1", keys=True))
([('Organisation:police', 'Activity:p:1', 'LEADS')], [('Activity:p:1', 'Theme:p:1', 'PART_OF')])
>>> list(edges(G, keys=True)) == list(G.edges(keys=True)), degree(G, "Activity:p:1")
(True, 2)
"""

from __future__ import annotations

import networkx as nx
from networkx.classes.reportviews import DiMultiDegreeView, InMultiEdgeView, OutMultiEdgeView


def in_edges(G: nx.MultiDiGraph, nbunch=None, data=False, keys=False):
    """``G.in_edges(nbunch, data=data, keys=keys)``."""
    return InMultiEdgeView(G)(nbunch, data=data, keys=keys)


def out_edges(G: nx.MultiDiGraph, nbunch=None, data=False, keys=False):
    """``G.out_edges(nbunch, data=data, keys=keys)`` (and ``G.edges(...)``, the same view)."""
    return OutMultiEdgeView(G)(nbunch, data=data, keys=keys)


edges = out_edges


def degree(G: nx.MultiDiGraph, node: str) -> int:
    """``G.degree(node)``: the edges into and out of ``node``."""
    return DiMultiDegreeView(G)[node]
