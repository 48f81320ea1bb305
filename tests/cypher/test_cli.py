"""`partnermap load`, `partnermap cypher ...` and `partnermap gaps --source neo4j` against the real server."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from partnermap.cli import cli
from partnermap.cypher.catalogue import catalogue
from tests.cypher.conftest import counts

pytestmark = pytest.mark.neo4j


@pytest.fixture
def neo4j_env(monkeypatch, neo4j_settings, empty_db):
    """NEO4J_* variables pointing at the (emptied) session server."""
    monkeypatch.setenv("NEO4J_URI", neo4j_settings.uri)
    monkeypatch.setenv("NEO4J_USERNAME", neo4j_settings.user)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_settings.password)
    monkeypatch.delenv("NEO4J_DATABASE", raising=False)
    return neo4j_settings


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_load_with_options_twice(neo4j_settings, empty_db, bradford_path):
    args = [
        "load",
        str(bradford_path),
        "--uri",
        neo4j_settings.uri,
        "--user",
        "neo4j",
        "--password",
        neo4j_settings.password,
    ]
    first = invoke(*args)
    assert first.exit_code == 0, first.output
    lines = first.output.splitlines()
    assert [line.split(":")[0] for line in lines] == ["Loaded bradford-prevent-plan-2017-19", "into bolt"], lines
    assert "34 activities" in lines[0] and lines[1] == f"into {neo4j_settings.uri} (user neo4j)"
    assert neo4j_settings.password not in first.output
    stored = counts(empty_db)
    assert invoke(*args).exit_code == 0 and counts(empty_db) == stored


def test_gaps_from_neo4j_equal_gaps_from_the_file(neo4j_env, bradford_path):
    assert invoke("load", str(bradford_path)).exit_code == 0
    for extra in ([], ["--kind", "overdue", "--kind", "sector_without_engagement"]):
        from_file = invoke("gaps", str(bradford_path), "--as-of", "2018-06-30", "--format", "json", *extra)
        from_neo4j = invoke("gaps", "--source", "neo4j", "--as-of", "2018-06-30", "--format", "json", *extra)
        assert from_file.exit_code == from_neo4j.exit_code == 0, from_neo4j.output
        assert json.loads(from_neo4j.output) == json.loads(from_file.output)
        assert json.loads(from_file.output)["gaps"]
    plan_id = json.loads(from_file.output)["plans"][0]["id"]
    with_plan = invoke("gaps", "--source", "neo4j", "--plan", plan_id, "--as-of", "2018-06-30", "--format", "json")
    assert json.loads(with_plan.output) == json.loads(
        invoke("gaps", str(bradford_path), "--as-of", "2018-06-30", "--format", "json").output
    )
    missing = invoke("gaps", "--source", "neo4j", "--plan", "no-such-plan")
    assert missing.exit_code == 3 and "no plan 'no-such-plan'" in missing.output


def test_cypher_list_and_show():
    listed = invoke("cypher", "list", "--format", "json")
    assert listed.exit_code == 0
    assert [r["name"] for r in json.loads(listed.output)] == list(catalogue())
    shown = invoke("cypher", "show", "overdue")
    assert shown.output.startswith("// name: overdue") and "$as_of" in shown.output
    assert invoke("cypher", "show", "nope").exit_code == 3


def test_cypher_run_in_every_format(neo4j_env, bradford_path):
    invoke("load", str(bradford_path))
    as_json = json.loads(invoke("cypher", "run", "overdue", "--param", "as_of=2018-06-30", "--format", "json").output)
    as_csv = list(
        csv.DictReader(
            io.StringIO(invoke("cypher", "run", "overdue", "--param", "as_of=2018-06-30", "--format", "csv").output)
        )
    )
    table = invoke("cypher", "run", "overdue", "--param", "as_of=2018-06-30")
    assert as_json and [r["activity"] for r in as_json] == [r["activity"] for r in as_csv]
    assert table.exit_code == 0 and as_json[0]["ended"] in table.output
    assert invoke("cypher", "run", "overdue").exit_code == 0  # as_of defaults to today
    bad = invoke("cypher", "run", "activities-for-sector")
    assert bad.exit_code == 3 and "needs --param sector" in bad.output


def test_cypher_query_with_parameters(neo4j_env, bradford_path):
    invoke("load", str(bradford_path))
    result = invoke(
        "cypher",
        "query",
        "MATCH (a:Activity) WHERE a.seq <= $n AND a.theme = $theme RETURN a.seq AS seq ORDER BY seq",
        "--param",
        "n:=2",
        "--param",
        "theme=1",
        "--format",
        "json",
    )
    assert json.loads(result.output) == [{"seq": 1}, {"seq": 2}]
    assert invoke("cypher", "query", "MATCH (n:Nothing) RETURN n").output == "(no rows)\n"
    assert invoke("cypher", "query", "RETURN 1", "--param", "oops").exit_code == 2


def test_writing_queries_are_refused_cleanly(neo4j_env, bradford_path, empty_db):
    invoke("load", str(bradford_path))
    before = counts(empty_db)
    refused = invoke("cypher", "query", "MATCH (n) DETACH DELETE n")
    assert (
        refused.exit_code == 2
        and refused.output.strip() == "Error: this query writes to the database; give --write to run it"
    )
    assert counts(empty_db) == before
    allowed = invoke(
        "cypher", "query", "MATCH (n:Plan) SET n.checked = true RETURN count(n) AS plans", "--write", "--format", "csv"
    )
    assert allowed.exit_code == 0 and allowed.output == "plans\n1\n"


def test_cypher_syntax_error_is_one_line(neo4j_env):
    result = invoke("cypher", "query", "MATCH (n RETURN n")
    assert result.exit_code == 3 and result.output.startswith("Error: Cypher error:")
    assert len(result.output.strip().splitlines()) == 1


def test_server_notifications_stay_off_stderr_unless_debug(neo4j_env):
    """A query on a label and a type the database has never seen: the server's warnings are not
    printed (a query prints its result, nothing else), in a fresh process as a user runs it."""
    import os
    import subprocess
    import sys

    query = "MATCH (n:NoSuchLabel)-[:NO_SUCH_TYPE]->() RETURN n"
    env = {**os.environ}
    quiet = subprocess.run(
        [sys.executable, "-m", "partnermap", "cypher", "query", query],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert quiet.returncode == 0, quiet.stderr
    assert quiet.stdout == "(no rows)\n" and quiet.stderr == ""
    loud = subprocess.run(
        [sys.executable, "-m", "partnermap", "--debug", "cypher", "query", query],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert loud.returncode == 0 and "does not exist" in loud.stderr
