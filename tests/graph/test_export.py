"""Export: GraphML and GEXF open with networkx's readers keeping labels and properties; JSON; CSV; CLI."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET

import networkx as nx
import openpyxl
import pytest
from click.testing import CliRunner

from partnermap.cli import cli
from partnermap.graph import schema as S
from partnermap.graph.build import build_graph
from partnermap.graph.engagement import sector_engagement
from partnermap.graph.export import (
    GEXF_EDGE_RENAMES,
    GEXF_NODE_RENAMES,
    csv_paths,
    export_graph,
    from_node_link,
    kumu_labels,
)
from partnermap.graph.style import GAP, GAP_MIN_SIZE, NODE_STYLES, node_size, rgb
from tests.graph.test_build import PLAN_A, PLAN_B, make_plan, stub_taxonomy


@pytest.fixture(scope="module")
def graph():
    return build_graph([make_plan("a", PLAN_A), make_plan("b", PLAN_B)], stub_taxonomy())


def present(data: dict, renames: dict | None = None) -> dict:
    renames = renames or {}
    return {renames.get(k, k): v for k, v in data.items() if v is not None}


def test_graphml_round_trip_keeps_labels_and_properties(graph, tmp_path):
    (path,) = export_graph(graph, "graphml", tmp_path / "g.graphml").files
    back = nx.read_graphml(path, force_multigraph=True)
    assert set(back.nodes) == set(graph.nodes)
    for node, data in graph.nodes(data=True):
        assert back.nodes[node] == {**present(data), "label": data["name"]}
    assert sorted(back.edges(keys=True)) == sorted(graph.edges(keys=True))
    for u, v, key, data in graph.edges(keys=True, data=True):
        assert back.edges[u, v, key] == present(data)
    assert back.graph["plans"] == "a;b" and back.graph["taxonomy"] == graph.graph["taxonomy"]


def test_gexf_round_trip_shows_names_as_labels_with_the_maps_colours(graph, tmp_path):
    (path,) = export_graph(graph, "gexf", tmp_path / "g.gexf").files
    back = nx.read_gexf(path)
    assert set(back.nodes) == set(graph.nodes)
    gaps = {S.node_id(S.SECTOR, s) for s, e in sector_engagement(graph).items() if not e.engaged}
    assert gaps and "Sector:local_authority" not in gaps
    for node, data in graph.nodes(data=True):
        got = dict(back.nodes[node])
        viz = got.pop("viz")
        expected = {**present(data, GEXF_NODE_RENAMES), "label": data["name"]}
        del expected["id"]  # the GEXF node id itself
        assert got == expected
        colour = NODE_STYLES[GAP if node in gaps else data["kind"]][2]
        assert (viz["color"]["r"], viz["color"]["g"], viz["color"]["b"]) == rgb(colour)
        assert viz["size"] == max(node_size(graph.degree(node)), GAP_MIN_SIZE if node in gaps else 0)
    back_edges = {(u, v, d["relationship"]): d for u, v, d in back.edges(data=True)}
    assert set(back_edges) == set(graph.edges(keys=True))
    for u, v, key, data in graph.edges(keys=True, data=True):
        got = {k: val for k, val in back_edges[u, v, key].items() if k != "id"}
        assert got == {**present(data, GEXF_EDGE_RENAMES), "label": key}
    assert "Activity:a:1" in back and back.nodes["Activity:a:1"]["start_date"] == "2018-10-01"
    text = path.read_text(encoding="utf-8")
    assert "networkx_key" not in text
    root = ET.fromstring(text)
    viz = "{http://www.gexf.net/1.2draft/viz}"
    shapes = {n.get("id"): n.find(f"{viz}shape").get("value") for n in root.iter("{http://www.gexf.net/1.2draft}node")}
    assert shapes["Organisation:Bradford MDC"] == "square" and shapes["Sector:schools"] == "diamond"
    assert shapes["Activity:a:1"] == "disc"


def test_json_is_node_link_that_networkx_reads_back_as_it_is(graph, tmp_path):
    (path,) = export_graph(graph, "json", tmp_path / "g.json").files
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data) >= {"nodes", "edges", "graph", "directed", "multigraph"}
    back = nx.node_link_graph(data)  # networkx's defaults: source/target/key
    assert isinstance(back, nx.MultiDiGraph)
    assert sorted(back.edges(keys=True)) == sorted(graph.edges(keys=True))
    for u, v, key, d in graph.edges(keys=True, data=True):
        got = back.edges[u, v, key]
        assert got["source_file"] == d["source"] and "source" not in got
    for node in back:
        back.nodes[node]["id"] = node  # node-link keeps the id as the node itself
    assert nx.utils.graphs_equal(from_node_link(data), graph)


def test_csv_follows_gephis_spreadsheet_import(graph, tmp_path):
    nodes_path, edges_path = export_graph(graph, "csv", tmp_path / "out" / "bradford.csv").files
    assert (nodes_path.name, edges_path.name) == ("bradford-nodes.csv", "bradford-edges.csv")
    with nodes_path.open(encoding="utf-8") as f:
        reader = csv.DictReader(f)
        nodes = list(reader)
    assert reader.fieldnames[:3] == ["Id", "Label", "kind"]
    with edges_path.open(encoding="utf-8") as f:
        reader = csv.DictReader(f)
        edges = list(reader)
    assert reader.fieldnames[:4] == ["Source", "Target", "Type", "Label"]
    lowered = [name.lower() for name in reader.fieldnames]
    assert len(lowered) == len(set(lowered))  # no second "type" or "source" column for Gephi to confuse
    assert {row["Id"] for row in nodes} == set(graph.nodes)
    assert {row["Label"] for row in nodes} == {d["name"] for _, d in graph.nodes(data=True)}
    assert len(edges) == graph.number_of_edges() and {r["Type"] for r in edges} == {"Directed"}
    assert {(r["Source"], r["Target"], r["Label"]) for r in edges} == set(graph.edges(keys=True))
    schools = next(r for r in edges if (r["Source"], r["Target"]) == ("Activity:a:1", "Sector:schools"))
    assert (schools["phrase"], schools["source_file"], schools["field"]) == ("primary schools", "a.txt", "text")
    activity = next(r for r in nodes if r["Id"] == "Activity:a:1")
    assert (activity["start_date"], activity["end_date"]) == ("2018-10-01", "2018-10-31")


def test_kumu_workbook_has_the_sheets_and_columns_kumu_imports(graph, tmp_path):
    (path,) = export_graph(graph, "kumu", tmp_path / "g.xlsx").files
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Elements", "Connections"]
    elements = list(wb["Elements"].iter_rows(values_only=True))
    connections = list(wb["Connections"].iter_rows(values_only=True))
    assert elements[0] == ("Label", "Type", "Description", "Tags")
    assert connections[0] == ("From", "To", "Type")
    labels = [row[0] for row in elements[1:]]
    assert len(labels) == graph.number_of_nodes() == len(set(labels))  # unique, one per node
    assert len(connections) - 1 == graph.number_of_edges()
    assert {row[0] for row in connections[1:]} | {row[1] for row in connections[1:]} <= set(labels)
    assert {row[2] for row in connections[1:]} == {k for _, _, k in graph.edges(keys=True)}
    activity = next(row for row in elements if row[0] == "Training for madrassa teachers in primary schools")
    assert activity[1] == "Activity" and "Lead: Bradford MDC" in activity[2] and "Source: a.txt, line 2" in activity[2]


def test_kumu_labels_are_unique_when_names_repeat():
    G = build_graph(
        [make_plan("a", [{"text": "Same words"}, {"text": "Same words", "outcome": "Same words"}])], stub_taxonomy()
    )
    labels = kumu_labels(G)
    assert len(set(labels.values())) == len(labels)
    assert labels["Activity:a:1"] == "Same words (Activity) [1]" and labels["Outcome:a:2"] == "Same words (Outcome)"


HOSTILE = [
    {
        "text": '=HYPERLINK("http://evil.example","click") training\x07',
        "outcome": "@SUM(1+1)\x0b",
        "leads": ["Bradford MDC"],
    },
    {"text": "-2", "leads": ["+West Yorkshire Police"]},
]


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_xml_exports_stay_valid_whatever_the_plan_text_holds(tmp_path, fmt):
    G = build_graph([make_plan("h", HOSTILE)], stub_taxonomy())
    result = export_graph(G, fmt, tmp_path / f"h.{fmt}")
    assert result.cleaned >= 2  # the bell and the vertical tab
    back = nx.read_graphml(result.files[0]) if fmt == "graphml" else nx.read_gexf(result.files[0])
    assert back.nodes["Activity:h:1"]["text"] == '=HYPERLINK("http://evil.example","click") training'


def test_csv_and_kumu_cells_never_become_formulas(tmp_path):
    G = build_graph([make_plan("h", HOSTILE)], stub_taxonomy())
    nodes_path, _ = export_graph(G, "csv", tmp_path / "h.csv").files
    with nodes_path.open(encoding="utf-8") as f:
        rows = {row["Id"]: row for row in csv.DictReader(f)}
    assert rows["Activity:h:1"]["text"].startswith("'=HYPERLINK(")
    assert rows["Outcome:h:1"]["Label"].startswith("'@SUM")
    assert rows["Organisation:+West Yorkshire Police"]["Label"] == "'+West Yorkshire Police"
    assert rows["Activity:h:2"]["text"] == "-2"  # a negative number stays a number
    (book,) = export_graph(G, "kumu", tmp_path / "h.xlsx").files
    ws = openpyxl.load_workbook(book)["Elements"]
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=")]
    assert cells and all(c.data_type == "s" for c in cells)


def test_csv_paths_for_a_directory(tmp_path):
    assert csv_paths(tmp_path) == (tmp_path / "nodes.csv", tmp_path / "edges.csv")
    assert csv_paths(f"{tmp_path}/new/") == (tmp_path / "new" / "nodes.csv", tmp_path / "new" / "edges.csv")
    assert csv_paths(tmp_path / "base") == (tmp_path / "base-nodes.csv", tmp_path / "base-edges.csv")


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json", "kumu"])
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


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json", "kumu"])
def test_cli_export_to_standard_output(bradford_path, tmp_path, fmt):
    result = CliRunner().invoke(cli, ["export", str(bradford_path), "--format", fmt, "-o", "-"])
    assert result.exit_code == 0, result.output
    out = tmp_path / f"file.{fmt}"
    CliRunner().invoke(cli, ["export", str(bradford_path), "--format", fmt, "-o", str(out)])
    assert result.stdout_bytes == out.read_bytes() or fmt == "kumu"  # a workbook's zip carries a timestamp
    assert result.stderr == ""
    if fmt == "kumu":
        import io

        assert openpyxl.load_workbook(io.BytesIO(result.stdout_bytes)).sheetnames == ["Elements", "Connections"]


def test_cli_export_csv_to_standard_output_is_refused(bradford_path):
    result = CliRunner().invoke(cli, ["export", str(bradford_path), "--format", "csv", "-o", "-"])
    assert result.exit_code == 2 and "csv writes two files" in result.stderr
