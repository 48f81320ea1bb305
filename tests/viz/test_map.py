"""The map page: self-contained, injection-proof, complete legend and gaps, focus/theme filters, large graphs."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from partnermap.cli import cli
from partnermap.graph import schema as S
from partnermap.graph.build import build_graph
from partnermap.graph.engagement import sector_engagement
from partnermap.pipeline import build
from partnermap.reference.taxonomy_file import load_taxonomy
from partnermap.synthetic import synthetic_plan
from partnermap.viz.map import (
    GAP,
    REL_STYLES,
    STYLES,
    UnknownSelection,
    focus_nodes,
    map_data,
    render_map,
    select,
    theme_nodes,
    vis_assets,
    write_map,
)
from tests.graph.test_build import PLAN_A, PLAN_B, make_plan, stub_taxonomy

HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"]


def hostile_graph():
    """A plan whose every free-text field carries markup."""
    rows = [
        {
            "text": f"Training for parents {HOSTILE[0]}",
            "outcome": f"Greater resilience {HOSTILE[1]}",
            "leads": [f"Evil {HOSTILE[1]} Ltd"],
            "partners": ["West Yorkshire Police"],
            "theme": (1, f"Leadership {HOSTILE[0]}"),
        }
    ]
    plan = make_plan("hostile", rows)
    plan.title = f"Plan {HOSTILE[0]} {HOSTILE[1]}"
    return build_graph([plan], stub_taxonomy())


def island(page: str) -> dict:
    (text,) = re.findall(r'<script type="application/json" id="pm-data">(.*?)</script>', page, re.S)
    return json.loads(text)


@pytest.fixture(scope="module")
def small():
    return build_graph([make_plan("a", PLAN_A), make_plan("b", PLAN_B)], stub_taxonomy())


@pytest.fixture(scope="module")
def bradford(bradford_path):
    return build([bradford_path]).graph


@pytest.fixture(scope="module")
def bradford_page(bradford):
    return render_map(bradford)


# --- a self-contained, safe page ------------------------------------------------------------------


def test_the_page_loads_nothing_from_anywhere(bradford_page):
    tags = re.findall(r"<(?:script|link|img|iframe|source|object|embed)\b[^>]*>", bradford_page, re.I)
    sources = [v for t in tags for v in re.findall(r"\b(?:src|href)\s*=\s*[\"']?([^\"'\s>]*)", t, re.I)]
    assert len(tags) == 5 and sources == ["data:,"], tags  # three inline scripts, the data island, an empty icon
    assert not re.search(r"url\(\s*[\"']?https?:", bradford_page, re.I)
    assert not re.search(r"@import", bradford_page, re.I)
    assert "default-src 'none'" in bradford_page  # the browser refuses any request too


def test_vis_network_comes_from_the_installed_pyvis_package(bradford_page):
    script, style = vis_assets()
    assert "vis-network" in script[:300] and ".vis-network" in style
    assert script in bradford_page and style in bradford_page
    pyvis = Path(importlib.util.find_spec("pyvis").origin).parent
    shipped = sorted((pyvis / "lib").glob("vis-*/vis-network.min.js"))
    assert shipped and script.startswith(shipped[-1].read_text(encoding="utf-8")[:200])
    assert not re.search(r"</script", script, re.I)
    root = Path(__file__).resolve().parents[2]
    for folder in ("partnermap", "tests", "scripts", "docs", "data"):  # no copy of vis-network in ours
        assert not list((root / folder).glob("**/vis-network*"))


def test_hostile_plan_text_appears_only_escaped():
    G = hostile_graph()
    page = render_map(G)
    for markup in HOSTILE:
        assert markup not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # the default title, escaped
    data = island(page)
    tips = json.dumps([n["tip"] for n in data["nodes"]], ensure_ascii=False)
    assert HOSTILE[0] in tips and HOSTILE[1] in tips  # kept as text, for textContent
    assert any(HOSTILE[0] in label for label in data["themes"])
    assert "<" not in re.search(r'id="pm-data">(.*?)</script>', page, re.S).group(1)


def test_a_hostile_title_is_escaped(small):
    page = render_map(small, title="</title><script>alert(1)</script>")
    assert "<script>alert(1)" not in page
    assert page.count("&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;") == 2  # <title> and <h1>


# --- what the page shows ----------------------------------------------------------------------------


def test_legend_lists_every_kind_present_with_its_count(bradford, bradford_page):
    data = island(bradford_page)
    groups = {n["group"] for n in data["nodes"]}
    kinds = {d["kind"] for _, d in bradford.nodes(data=True)}
    assert groups - {GAP} == kinds
    buttons = dict(re.findall(r'data-group="(\w+)".*?class="pm-count">(\d+)<', bradford_page))
    assert set(buttons) == groups
    for group, count in buttons.items():
        assert int(count) == sum(n["group"] == group for n in data["nodes"])
    assert len({STYLES[g][1] for g in kinds}) == len({STYLES[g][2] for g in kinds}) == len(kinds)  # own shape, colour


def test_sectors_without_engagement_are_gap_nodes_saying_why(bradford, bradford_page):
    data = island(bradford_page)
    engagement = sector_engagement(bradford)
    gaps = {n["id"] for n in data["nodes"] if n["group"] == GAP}
    assert gaps == {S.node_id(S.SECTOR, s) for s, e in engagement.items() if not e.engaged}
    assert {"Sector:early_years", "Sector:prisons", "Sector:probation"} <= gaps
    for node in data["nodes"]:
        rows = dict(map(tuple, node["tip"][1:]))
        if node["id"] in gaps:
            assert rows["Gap"].startswith("No activity names an institution or audience of the")
        elif node["group"] == S.SECTOR:
            assert rows["Engagement"].startswith("reached by")


def test_activity_tooltips_carry_the_full_text_lead_outcome_timescale_and_source(bradford, bradford_page):
    data = island(bradford_page)
    for node in data["nodes"]:
        if node["group"] != S.ACTIVITY:
            continue
        attrs = bradford.nodes[node["id"]]
        assert node["tip"][0][1] == attrs["text"]  # in full, not the cut label
        rows = dict(map(tuple, node["tip"][1:]))
        assert rows["Lead"] == attrs["lead_text"]
        assert rows["Source"].startswith(f"{attrs['source']}:{attrs['line']}")
        assert rows.get("Outcome") == attrs["outcome"]
        assert rows.get("Timescale", "").startswith(attrs["timescale"] or "")


def test_size_follows_degree_and_edges_are_coloured_by_type(bradford, bradford_page):
    data = island(bradford_page)
    size = {n["id"]: n["size"] for n in data["nodes"] if n["group"] == S.ACTIVITY}
    by_degree = sorted(size, key=bradford.degree)
    assert [size[n] for n in by_degree] == sorted(size.values())
    assert size[by_degree[-1]] > size[by_degree[0]]
    colours = {r["type"]: r["color"] for r in data["rels"]}
    assert set(colours) == {k for _, _, k in bradford.edges(keys=True)}
    assert len(set(colours.values())) == len(colours) and set(colours) <= set(REL_STYLES)


def test_node_and_edge_counts_match_the_graph(bradford, bradford_page):
    data = island(bradford_page)
    assert len(data["nodes"]) == bradford.number_of_nodes()
    assert len(data["edges"]) == bradford.number_of_edges()
    assert f"{bradford.number_of_nodes()} nodes · {bradford.number_of_edges()} links" in bradford_page


# --- focus and theme ----------------------------------------------------------------------------------


def undirected_neighbours(G, node):
    return set(G.successors(node)) | set(G.predecessors(node))


def test_focus_on_a_sector_is_its_undirected_neighbourhood(bradford):
    health = "Sector:health"
    assert focus_nodes(bradford, "sector:health", 0) == {health}
    one = focus_nodes(bradford, "sector:Health", 1)
    assert one == {health} | undirected_neighbours(bradford, health)
    two = focus_nodes(bradford, "sector:health", 2)
    assert two == one | set().union(*(undirected_neighbours(bradford, n) for n in one))
    shown = select(bradford, focus="sector:health", depth=1)
    assert set(shown) == one and shown.number_of_edges() < bradford.number_of_edges()


def test_focus_on_an_organisation_by_name_or_part_of_it(bradford):
    police = "Organisation:West Yorkshire Police"
    assert focus_nodes(bradford, 'org:"West Yorkshire Police"', 1) == {police} | undirected_neighbours(bradford, police)
    assert focus_nodes(bradford, "org:yorkshire police", 0) == {police}


@pytest.mark.parametrize(
    "focus, words",
    [
        ("sector:helth", "no sector 'helth' in the plan (did you mean: Health)"),
        ("org:Nobody", "no organisation 'Nobody' in the plan"),
        ("health", "cannot read focus 'health': use KIND:NAME"),
        ("planet:earth", "cannot read focus"),
    ],
)
def test_an_unknown_focus_is_one_clear_error(bradford, focus, words):
    with pytest.raises(UnknownSelection) as raised:
        render_map(bradford, focus=focus)
    assert raised.value.option == "focus" and words in str(raised.value) and "\n" not in str(raised.value)


def test_theme_keeps_its_activities_and_what_they_connect_to(bradford):
    kept = theme_nodes(bradford, "2")
    activities = {n for n in kept if bradford.nodes[n]["kind"] == S.ACTIVITY}
    assert activities and {bradford.nodes[a]["theme"] for a in activities} == {"2"}
    assert activities == {a for a, d in bradford.nodes(data=True) if d["kind"] == S.ACTIVITY and d["theme"] == "2"}
    for activity in activities:
        assert undirected_neighbours(bradford, activity) <= kept
    assert "Theme:bradford-prevent-plan-2017-19:1" not in kept
    assert theme_nodes(bradford, "capabilities") == kept
    assert not set(theme_nodes(bradford, "1")) - set(bradford)


def test_theme_and_focus_together(bradford):
    shown = select(bradford, theme="4", focus="org:Bradford MDC", depth=1)
    activities = {n for n in shown if bradford.nodes[n]["kind"] == S.ACTIVITY}
    assert activities and {bradford.nodes[a]["theme"] for a in activities} == {"4"}
    with pytest.raises(UnknownSelection, match="no theme '9' in the plan"):
        select(bradford, theme="9")


def test_a_part_of_the_map_lists_its_nodes_and_edges_in_the_graphs_order(bradford):
    """So the page of a theme or focus map is the same on every run (a set's order is not)."""
    shown = select(bradford, theme="1", focus="org:Bradford MDC", depth=2)
    kept = set(shown)
    assert 1 < len(kept) < bradford.number_of_nodes()
    assert list(shown) == [n for n in bradford if n in kept]
    assert list(shown.edges(keys=True)) == [
        (u, v, k) for u, v, k in bradford.edges(keys=True) if u in kept and v in kept
    ]
    drawn = [n["id"] for n in map_data(bradford, shown)["nodes"]]
    assert drawn == [n for n in bradford if n in set(drawn)] and set(drawn) >= kept


def test_the_page_offers_each_theme_and_knows_its_nodes(bradford, bradford_page):
    data = island(bradford_page)
    assert data["themes"] == ["1. EFFECTIVE LEADERSHIP", "2. CAPABILITIES", "4. WORKING IN PARTNERSHIP"]
    for index, key in enumerate(["1", "2", "4"]):
        assert {n["id"] for n in data["nodes"] if index in n["th"]} == theme_nodes(bradford, key)


# --- layout and large graphs --------------------------------------------------------------------------


def test_an_empty_graph_still_makes_a_page():
    data = island(render_map(nx.MultiDiGraph(plans=[])))
    assert data["nodes"] == data["edges"] == [] and data["physics"] is False


def test_small_maps_settle_with_physics_unless_asked_not_to(small):
    assert map_data(small)["physics"] is True
    static = map_data(small, layout="static")
    assert static["physics"] is False and static["options"]["physics"]["enabled"] is False
    with pytest.raises(ValueError):
        map_data(small, layout="spring")


def test_a_5000_node_graph_renders_with_precomputed_positions(tmp_path):
    G = build_graph([synthetic_plan(2510)], load_taxonomy(None))
    assert G.number_of_nodes() >= 5000
    path = write_map(G, tmp_path / "big.html")
    data = island(path.read_text(encoding="utf-8"))
    assert len(data["nodes"]) == G.number_of_nodes() and len(data["edges"]) == G.number_of_edges()
    assert data["physics"] is False and data["large"] is True
    options = data["options"]
    assert options["layout"]["improvedLayout"] is False and options["interaction"]["hideEdgesOnDrag"] is True
    assert options["edges"]["smooth"] is False
    positions = {(n["x"], n["y"]) for n in data["nodes"]}
    assert len(positions) > 0.95 * len(data["nodes"])  # spread out, not piled up


# --- the command ---------------------------------------------------------------------------------------


def test_cli_map_writes_the_page(tmp_path, bradford_path):
    out = tmp_path / "map.html"
    result = CliRunner().invoke(
        cli,
        [
            "map",
            str(bradford_path),
            "-o",
            str(out),
            "--focus",
            "sector:health",
            "--depth",
            "2",
            "--title",
            "Health <b>map</b>",
            "--layout",
            "static",
        ],
    )
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "<h1>Health &lt;b&gt;map&lt;/b&gt;</h1>" in page
    assert "focus sector:health (depth 2)" in page and island(page)["physics"] is False


@pytest.mark.parametrize("option, value", [("--focus", "sector:helth"), ("--theme", "9")])
def test_cli_unknown_focus_or_theme_is_a_usage_error(tmp_path, bradford_path, option, value):
    result = CliRunner().invoke(cli, ["map", str(bradford_path), "-o", str(tmp_path / "m.html"), option, value])
    assert result.exit_code == 2
    assert f"Invalid value for '{option}': no " in result.output
    assert not (tmp_path / "m.html").exists()
