"""Export: GraphML and GEXF open with networkx's readers keeping labels and properties; JSON; CSV; CLI."""

from __future__ import annotations

import csv
import json

import networkx as nx
import pytest
from click.testing import CliRunner

from partnermap.cli import cli
from partnermap.graph import schema as S
from partnermap.graph.build import build_graph
from partnermap.graph.export import GEXF_EDGE_RENAMES, GEXF_NODE_RENAMES, csv_paths, export_graph
from tests.graph.test_build import PLAN_A, PLAN_B, make_plan, stub_taxonomy


@pytest.fixture(scope="module")
def graph():
    return build_graph([make_plan("a", PLAN_A), make_plan("b", PLAN_B)], stub_taxonomy())


def present(data: dict, renames: dict | None = None) -> dict:
    renames = renames or {}
    return {renames.get(k, k): v for k, v in data.items() if v is not None}


def test_graphml_round_trip_keeps_labels_and_properties(graph, tmp_path):
    (path,) = export_graph(graph, "graphml", tmp_path / "g.graphml")
    back = nx.read_graphml(path, force_multigraph=True)
    assert set(back.nodes) == set(graph.nodes)
    for node, data in graph.nodes(data=True):
        assert back.nodes[node] == {**present(data), "label": data["name"]}
    assert sorted(back.edges(keys=True)) == sorted(graph.edges(keys=True))
    for u, v, key, data in graph.edges(keys=True, data=True):
        assert back.edges[u, v, key] == present(data)
    assert back.graph["plans"] == "a;b" and back.graph["taxonomy"] == graph.graph["taxonomy"]


def test_gexf_round_trip_shows_names_as_labels(graph, tmp_path):
    (path,) = export_graph(graph, "gexf", tmp_path / "g.gexf")
    back = nx.read_gexf(path)
    assert set(back.nodes) == set(graph.nodes)
    for node, data in graph.nodes(data=True):
        expected = {**present(data, GEXF_NODE_RENAMES), "label": data["name"]}
        del expected["id"]  # the GEXF node id itself
        assert back.nodes[node] == expected
        assert back.nodes[node]["kind"] == data["kind"]
    back_edges = {(u, v, d["relationship"]): d for u, v, d in back.edges(data=True)}
    assert set(back_edges) == set(graph.edges(keys=True))
    for u, v, key, data in graph.edges(keys=True, data=True):
        got = {k: val for k, val in back_edges[u, v, key].items() if k != "id"}
        assert got == {**present(data, GEXF_EDGE_RENAMES), "label": key}
    assert "Activity:a:1" in back and back.nodes["Activity:a:1"]["start_date"] == "2018-10-01"


def test_json_is_node_link_with_every_property(graph, tmp_path):
    (path,) = export_graph(graph, "json", tmp_path / "g.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data) >= {"nodes", "edges", "graph"}
    back = nx.node_link_graph(data, edges="edges", source="from", target="to")
    for node in back:
        back.nodes[node]["id"] = node  # node-link keeps the id as the node itself
    assert nx.utils.graphs_equal(back, graph)


def test_csv_writes_nodes_and_edges(graph, tmp_path):
    nodes_path, edges_path = export_graph(graph, "csv", tmp_path / "out" / "bradford.csv")
    assert (nodes_path.name, edges_path.name) == ("bradford-nodes.csv", "bradford-edges.csv")
    with nodes_path.open(encoding="utf-8") as f:
        nodes = list(csv.DictReader(f))
    with edges_path.open(encoding="utf-8") as f:
        edges = list(csv.DictReader(f))
    assert {row["id"] for row in nodes} == set(graph.nodes)
    assert len(edges) == graph.number_of_edges()
    assert {(r["from"], r["to"], r["type"]) for r in edges} == set(graph.edges(keys=True))
    schools = next(r for r in edges if (r["from"], r["to"]) == ("Activity:a:1", "Sector:schools"))
    assert (schools["phrase"], schools["source"], schools["field"]) == ("primary schools", "a.txt", "text")


def test_csv_paths_for_a_directory(tmp_path):
    assert csv_paths(tmp_path) == (tmp_path / "nodes.csv", tmp_path / "edges.csv")
    assert csv_paths(f"{tmp_path}/new/") == (tmp_path / "new" / "nodes.csv", tmp_path / "new" / "edges.csv")
    assert csv_paths(tmp_path / "base") == (tmp_path / "base-nodes.csv", tmp_path / "base-edges.csv")


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_cli_export(bradford_path, tmp_path, fmt):
    out = tmp_path / f"bradford.{fmt}"
    result = CliRunner().invoke(cli, ["export", str(bradford_path), "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Wrote ") and result.stdout.rstrip().endswith(str(out))
    assert out.stat().st_size > 0
    if fmt == "graphml":
        back = nx.read_graphml(out, force_multigraph=True)
        activities = [d for _, d in back.nodes(data=True) if d["kind"] == S.ACTIVITY]
        source = bradford_path.read_text(encoding="utf-8")
        assert activities and all(d["text"].split()[0] in source for d in activities)


def test_cli_export_csv_into_a_directory(bradford_path, tmp_path):
    result = CliRunner().invoke(cli, ["export", str(bradford_path), "--format", "csv", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "nodes.csv").exists() and (tmp_path / "edges.csv").exists()


def test_cli_export_to_an_unwritable_place_is_an_input_error(bradford_path, tmp_path):
    out = tmp_path / "missing-dir" / "g.graphml"
    result = CliRunner().invoke(cli, ["export", str(bradford_path), "-o", str(out)])
    assert result.exit_code == 3
    assert result.stderr.startswith(f"Error: {out}: cannot write the export")
