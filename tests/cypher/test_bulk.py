"""`partnermap load --bulk`: Neo4j's offline importer on a spare local server of its own, read back
as the same graph the plans build (and the loader writes), refused on a database holding data."""

from __future__ import annotations

import csv
import os
import subprocess
import sys

import pytest

from partnermap.cypher.store import load_graph, read_graph
from partnermap.graph.build import build_graph
from partnermap.pipeline import load_taxonomy, read_plans
from partnermap.synthetic import write_synthetic_plan
from tests.cypher.conftest import same_graph

pytestmark = pytest.mark.neo4j

HOSTILE = [
    ["Activity", "Lead", "Outcome", "Timescale"],
    [
        'Brief "head teachers", governors, and staff\non Prevent; 50% by March',
        "Bradford MDC",
        "Schools are confident, safe",
        "March 2018",
    ],
    ["Café owners' network — ∑ & <b>bold</b> \\ back\\slash", "", "", ""],
]


@pytest.fixture(scope="module")
def spare(tmp_path_factory):
    from partnermap.cypher.connect import Settings
    from partnermap.cypher.server import LocalServer, free_port

    server = LocalServer(tmp_path_factory.mktemp("bulk-neo4j"))
    info = server.start(port=free_port(), heap="512m", page_cache="64m")
    try:
        yield server, Settings(uri=info.uri, user=info.user, password=info.password())
    finally:
        server.stop(timeout=10)


@pytest.fixture(scope="module")
def plan_files(tmp_path_factory, bradford_path):
    folder = tmp_path_factory.mktemp("bulk-plans")
    with open(folder / "hostile.csv", "w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows(HOSTILE)
    return [bradford_path, write_synthetic_plan(folder / "synthetic.csv", 3000), folder / "hostile.csv"]


def run_load(server, *args):
    env = {**os.environ, "PARTNERMAP_NEO4J_HOME": str(server.home)}
    for name in ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
        env.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "partnermap", "load", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )


def test_bulk_import_reads_back_as_the_plans_build_and_the_server_runs_on(spare, plan_files):
    server, settings = spare
    port = server.status().port
    done = run_load(server, "--bulk", *plan_files)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "Loaded bradford-prevent-plan-2017-19: 34 activities (134 nodes, 257 relationships written)"
    assert lines[1].startswith("Loaded synthetic: 3000 activities (") and lines[2].startswith("Loaded hostile: 2 ")
    assert done.stdout.splitlines()[-1].endswith("(bulk import)")
    assert server.status().port == port  # started again where it was
    taxonomy = load_taxonomy(None)
    plans = read_plans(plan_files, taxonomy=taxonomy)
    same_graph(build_graph(plans, taxonomy), read_graph(settings, [plan.id for plan in plans]))
    from partnermap.cypher.connect import open_driver
    from partnermap.cypher.store import schema_names

    with open_driver(settings) as driver:
        names = {r["name"] for r in driver.execute_query("SHOW INDEXES YIELD name").records}
        text = driver.execute_query("MATCH (a:Activity {plan: 'hostile'}) RETURN a.text AS t ORDER BY a.seq").records
    assert set(schema_names()) <= names
    assert [r["t"] for r in text] == [a.text for a in plans[2].activities]
    assert '"head teachers"' in text[0]["t"] and "back\\slash" in text[1]["t"]


def test_bulk_refuses_a_database_that_holds_anything_and_leaves_it_be(spare, bradford_path):
    server, settings = spare
    taxonomy = load_taxonomy(None)
    load_graph(settings, build_graph(read_plans([bradford_path], taxonomy=taxonomy), taxonomy))  # it holds a plan
    before = read_graph(settings)
    refused = run_load(server, "--bulk", bradford_path)
    assert refused.returncode == 3 and refused.stdout == ""
    assert refused.stderr.strip().count("\n") == 0 and "empty database only" in refused.stderr
    assert "load without --bulk" in refused.stderr
    same_graph(before, read_graph(settings))


def test_bulk_is_for_the_local_server_only(bradford_path, tmp_path):
    env = {**os.environ, "PARTNERMAP_NEO4J_HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "partnermap", "load", "--bulk", "--uri", "bolt://example.org:7687", str(bradford_path)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 2 and "--bulk imports into the local server" in done.stderr
    done = subprocess.run(
        [sys.executable, "-m", "partnermap", "load", "--bulk", str(bradford_path)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 4 and "start it first with `partnermap neo4j start`" in done.stderr
