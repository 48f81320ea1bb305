"""A locked-down local Neo4j: the read-only guard judged by the server's own plan, LOAD CSV off,
transaction timeouts, private folders, concurrent first loads and a server that dies mid-load.

The last two use a spare server of their own (a fresh database, killed at the end).
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from partnermap.cli import cli
from partnermap.cypher.catalogue import CypherError, WriteRefused, refusal, run_cypher
from partnermap.errors import EXIT_SERVICE, EXIT_USAGE

pytestmark = pytest.mark.neo4j

REFUSED = {
    "TERMINATE TRANSACTIONS 'neo4j-transaction-1'": "acts on the server's transactions",
    "LOAD CSV FROM 'http://127.0.0.1:9/plan.csv' AS row RETURN row": "LOAD CSV",
    "LOAD CSV WITH HEADERS FROM 'file:///plan.csv' AS row RETURN count(row)": "LOAD CSV",
    "CALL { LOAD CSV FROM 'file:///x.csv' AS r RETURN r } RETURN 1": "LOAD CSV",
    "CALL db.clearQueryCaches()": "procedure db.clearQueryCaches runs in dbms mode",
    "CALL tx.setMetaData({a: 1})": "procedure tx.setMetaData",
    "ALTER CURRENT USER SET PASSWORD FROM 'a' TO 'b'": "administration command",
    "CREATE INDEX guard_test IF NOT EXISTS FOR (n:Plan) ON (n.title)": "changes the schema",
    "CALL db.createLabel('Other')": "writes",
    "MATCH (n) DETACH DELETE n": "writes",
}
ALLOWED = [
    "CALL dbms.components()",
    "CALL dbms.components() YIELD name RETURN name",
    "SHOW TRANSACTIONS",
    "SHOW DATABASES",
    "SHOW CURRENT USER",
    "SHOW PROCEDURES YIELD name RETURN count(*) AS n",
    "SHOW INDEXES",
    "CALL db.labels()",
    "CALL dbms.info()",
    "// a comment first\nSHOW DATABASES",
]


def env_for(settings) -> dict:
    return {
        **os.environ,
        "NEO4J_URI": settings.uri,
        "NEO4J_USERNAME": settings.user,
        "NEO4J_PASSWORD": settings.password,
        "NO_COLOR": "1",
    }


@pytest.mark.parametrize("text", sorted(REFUSED))
def test_the_guard_refuses_what_acts_on_the_server_without_write(driver, text):
    with pytest.raises(WriteRefused, match="give --write") as caught:
        run_cypher(driver, text)
    assert REFUSED[text] in caught.value.message


@pytest.mark.parametrize("text", ALLOWED)
def test_the_guard_allows_reporting_procedures_and_show_commands(driver, text):
    assert run_cypher(driver, text).columns


def test_refused_on_the_command_line_is_a_usage_error_in_one_line(neo4j_settings, monkeypatch):
    for key, value in env_for(neo4j_settings).items():
        monkeypatch.setenv(key, value)
    result = CliRunner().invoke(cli, ["cypher", "query", "TERMINATE TRANSACTIONS 'neo4j-transaction-1'"])
    assert result.exit_code == EXIT_USAGE
    assert result.output.strip().splitlines() == [
        "Error: TerminateTransactions acts on the server's transactions; give --write to run it"
    ]


def test_the_judgement_is_the_servers_plan_not_keywords():
    # a query that names LOAD CSV in a string but plans as a plain read is allowed
    plan = {"operatorType": "ProduceResults@neo4j", "children": [{"operatorType": "Projection@neo4j"}]}
    assert refusal("r", plan, "RETURN 'LOAD CSV FROM x' AS text", {}) is None
    assert refusal("s", {"operatorType": "AdministrationCommand@system"}, "DROP USER bob", {}) is not None
    call = {
        "operatorType": "ProduceResults@neo4j",
        "children": [{"operatorType": "ProcedureCall@neo4j", "args": {"Details": "db.custom() :: (x :: STRING)"}}],
    }
    assert refusal("s", call, "CALL db.custom()", {"db.custom": "READ"}) is None
    assert "write mode" in refusal("s", call, "CALL db.custom()", {"db.custom": "WRITE"})
    assert refusal("s", call, "CALL db.custom()", {}) is not None  # a procedure the server does not list


def test_load_csv_is_off_in_the_server_even_with_write(driver):
    with pytest.raises(CypherError, match="allow_csv_import_from_file_urls"):
        run_cypher(driver, "LOAD CSV FROM 'file:///plan.csv' AS row RETURN row", write=True)
    with pytest.raises(CypherError, match="blocked|block"):
        run_cypher(driver, "LOAD CSV FROM 'http://127.0.0.1:9/plan.csv' AS row RETURN row", write=True)


def test_a_long_query_is_stopped_by_its_timeout_exit_4(neo4j_settings):
    start = time.monotonic()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "partnermap",
            "cypher",
            "query",
            "--timeout",
            "1",
            "UNWIND range(1, 10000000000) AS x WITH x WHERE x < 0 RETURN count(*)",
        ],
        capture_output=True,
        text=True,
        env=env_for(neo4j_settings),
        timeout=60,
    )
    assert result.returncode == EXIT_SERVICE, result.stderr
    assert result.stderr.strip().splitlines() == [
        "Error: the query ran longer than its 1 s limit (--timeout) and the server stopped it"
    ]
    assert time.monotonic() - start < 20


def test_the_generated_config_and_private_folders(neo4j_server):
    home = neo4j_server.home
    conf = (home / "conf" / "neo4j.conf").read_text()
    assert "dbms.security.allow_csv_import_from_file_urls=false\n" in conf
    assert "internal.dbms.cypher_ip_blocklist=0.0.0.0/0,::/0\n" in conf
    assert "db.transaction.timeout=600s\n" in conf
    for folder in (home, home / "data", home / "logs", home / "run", home / "conf"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert stat.S_IMODE((home / "conf" / "neo4j.conf").stat().st_mode) == 0o600


def test_allow_csv_import_writes_the_open_config(tmp_path):
    from partnermap.cypher.server import LocalServer

    server = LocalServer(tmp_path)
    (tmp_path / "conf").mkdir()
    server._write_conf(7999, "1g", "256m", allow_csv_import=True, transaction_timeout=30)
    conf = (tmp_path / "conf" / "neo4j.conf").read_text()
    assert "dbms.security.allow_csv_import_from_file_urls=true\n" in conf
    assert "internal.dbms.cypher_ip_blocklist=\n" in conf and "db.transaction.timeout=30s\n" in conf


# --- a spare server: concurrent first loads, and death mid-load ---------------------------------
@pytest.fixture(scope="module")
def spare(tmp_path_factory):
    from partnermap.cypher.connect import Settings
    from partnermap.cypher.server import LocalServer, free_port

    server = LocalServer(tmp_path_factory.mktemp("spare-neo4j"))
    info = server.start(port=free_port(), heap="512m", page_cache="64m")
    try:
        yield server, info, Settings(uri=info.uri, user=info.user, password=info.password())
    finally:
        server.stop(timeout=10)


def _reset(settings):
    """An empty database with no schema, as before the first load ever."""
    from partnermap.cypher.connect import open_driver

    with open_driver(settings) as drv:
        drv.execute_query("MATCH (n) DETACH DELETE n")
        for record in drv.execute_query("SHOW CONSTRAINTS YIELD name RETURN name").records:
            drv.execute_query(f"DROP CONSTRAINT `{record['name']}`")
        for record in drv.execute_query("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name").records:
            drv.execute_query(f"DROP INDEX `{record['name']}`")


def test_two_first_loads_of_the_same_plan_at_once_both_succeed(spare, bradford_path):
    from partnermap.cypher.connect import open_driver

    _, _, settings = spare
    for _ in range(3):
        _reset(settings)
        command = [sys.executable, "-m", "partnermap", "load", str(bradford_path)]
        procs = [
            subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env_for(settings))
            for _ in range(2)
        ]
        outcomes = [(p.wait(timeout=120), p.stderr.read()) for p in procs]
        for code, err in outcomes:
            assert code == 0, err
        with open_driver(settings) as drv:
            records = drv.execute_query("MATCH (a:Activity) RETURN count(a) AS n, count(DISTINCT a.id) AS ids").records
            assert (records[0]["n"], records[0]["ids"]) == (34, 34)
            plans = drv.execute_query("MATCH (p:Plan) RETURN count(p) AS n").records[0]["n"]
            assert plans == 1


def test_the_server_dying_mid_load_is_one_line_exit_4_within_15s(spare, tmp_path):
    from partnermap.cypher.connect import open_driver
    from partnermap.synthetic import write_synthetic_plan

    server, info, settings = spare
    _reset(settings)
    plan = write_synthetic_plan(tmp_path / "big.csv", 30_000)
    load = subprocess.Popen(
        [sys.executable, "-m", "partnermap", "load", str(plan)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env_for(settings),
    )
    try:
        with open_driver(settings) as drv:  # wait until the load's transaction is writing
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and load.poll() is None:
                records = drv.execute_query("SHOW TRANSACTIONS YIELD currentQuery RETURN currentQuery").records
                if any("UNWIND $rows" in (r["currentQuery"] or "") for r in records):
                    break
                time.sleep(0.05)
            else:
                pytest.fail(f"the load never started writing: {load.stderr.read() if load.poll() is not None else ''}")
        killed = time.monotonic()
        os.kill(info.pid, signal.SIGKILL)
        code = load.wait(timeout=60)
        elapsed = time.monotonic() - killed
        err = load.stderr.read()
    finally:
        if load.poll() is None:
            load.kill()
        server.stop(timeout=5)  # clears the state file of the killed server
    assert code == EXIT_SERVICE, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and info.uri in lines[0], err
    assert "Traceback" not in err and "WARNING" not in err
    assert elapsed < 15, elapsed
