"""partnermap.graph.links: the edge views networkx gives, without making the graph a reference cycle."""

from __future__ import annotations

import gc
import weakref
from datetime import date

import pytest

from partnermap.graph.coverage import coverage, framework_evidence
from partnermap.graph.export import SINGLE_FILE, export_bytes
from partnermap.graph.links import degree, edges, in_edges, out_edges
from partnermap.graph.network import partner_stats
from partnermap.ingest.options import ReadOptions
from partnermap.pipeline import build
from partnermap.report.paper import paper_data
from partnermap.report.tables import gap_report
from partnermap.viz.map import map_data

AS_OF = date(2019, 4, 1)


@pytest.fixture(scope="module")
def graph(bradford_path):
    return build([str(bradford_path)], ReadOptions()).graph


def test_each_helper_gives_what_the_graph_s_own_view_gives_in_the_same_order(graph):
    H = graph.copy()  # the graph's own views are cached on it: ask them of a copy
    for node in H:
        for keys in (False, True):
            for data in (False, True, "type"):
                assert list(in_edges(graph, node, keys=keys, data=data)) == list(H.in_edges(node, keys=keys, data=data))
                assert list(out_edges(graph, node, keys=keys, data=data)) == list(
                    H.out_edges(node, keys=keys, data=data)
                )
        assert degree(graph, node) == H.degree(node)
    assert list(edges(graph, keys=True, data=True)) == list(H.edges(keys=True, data=True))
    assert len(edges(graph)) == H.number_of_edges() > 0


def _freed_by_reference_counts(path, use) -> bool:
    """Build the plan at ``path``'s graph, let ``use`` read it, drop it: is it gone without a collection?"""
    collecting = gc.isenabled()
    gc.disable()
    try:
        G = build([str(path)], ReadOptions()).graph
        use(G)
        gone = weakref.ref(G)
        del G
        return gone() is None
    finally:
        if collecting:
            gc.enable()


def _every_output(G):
    gap_report(G, as_of=AS_OF)
    coverage(G)
    framework_evidence(G)
    partner_stats(G)
    map_data(G, as_of=AS_OF)
    paper_data(G, as_of=AS_OF, today=AS_OF)
    for fmt in SINGLE_FILE:
        export_bytes(G, fmt)


def test_a_graph_read_for_every_output_is_freed_as_its_last_reference_goes(bradford_path):
    # a command ends by dropping its graph: in a cycle, freeing it would wait for a full collection
    assert _freed_by_reference_counts(bradford_path, _every_output)


def test_a_graph_whose_own_edge_view_was_used_is_not(bradford_path):
    # the negative case: networkx keeps G.in_edges on G, and the view refers back to G
    assert not _freed_by_reference_counts(bradford_path, lambda G: list(G.in_edges("Sector:police")))
    assert _freed_by_reference_counts(bradford_path, lambda G: list(in_edges(G, "Sector:police")))
