"""Connection settings from options, environment or the local server; every failure one line, exit 4."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from partnermap.cli import cli
from partnermap.cypher.connect import Settings, open_driver, resolve_settings, safe_uri
from partnermap.cypher.server import free_port
from partnermap.errors import ServiceError

ENV = ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE")


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    for name in ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PARTNERMAP_NEO4J_HOME", str(tmp_path / "no-server"))


def test_options_win_over_the_environment():
    env = {"NEO4J_URI": "neo4j://db:7687", "NEO4J_USERNAME": "ana", "NEO4J_PASSWORD": "pw", "NEO4J_DATABASE": "plans"}
    assert resolve_settings(env=env) == Settings("neo4j://db:7687", "ana", "pw", "plans")
    assert resolve_settings("bolt://x:1", "bob", "pw2", "other", env=env) == Settings(
        "bolt://x:1", "bob", "pw2", "other"
    )
    assert resolve_settings(env={"NEO4J_URI": "neo4j+s://h"}) == Settings("neo4j+s://h", "neo4j", None, None)


def test_no_uri_and_no_local_server_is_a_service_error():
    with pytest.raises(ServiceError, match="partnermap neo4j start"):
        resolve_settings(env={})


def test_the_password_stays_out_of_repr_and_descriptions():
    settings = Settings("bolt://user:secret@host:7687", "neo4j", "hunter2-pass", "plans")
    assert "hunter2" not in repr(settings) and "hunter2" not in settings.describe()
    assert "secret" not in settings.describe() and safe_uri(settings.uri) == "bolt://host:7687"


def one_line_error(result, *absent: str) -> str:
    assert result.exit_code == 4, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "Traceback" not in result.output
    for text in absent:
        assert text not in result.output
    return lines[0]


@pytest.mark.neo4j
def test_local_server_is_the_default(neo4j_server, monkeypatch):
    monkeypatch.setenv("PARTNERMAP_NEO4J_HOME", str(neo4j_server.home))
    settings = resolve_settings()
    assert (settings.uri, settings.user, settings.password) == (neo4j_server.uri, "neo4j", neo4j_server.password())
    open_driver(settings).close()
    result = CliRunner().invoke(cli, ["cypher", "query", "RETURN 1 AS one", "--format", "csv"])
    assert result.exit_code == 0 and result.output == "one\n1\n"


@pytest.mark.neo4j
def test_wrong_password(neo4j_server, bradford_path):
    result = CliRunner().invoke(
        cli, ["load", str(bradford_path), "--uri", neo4j_server.uri, "--password", "not-the-password"]
    )
    line = one_line_error(result, "not-the-password", neo4j_server.password())
    assert "wrong user name or password" in line


@pytest.mark.neo4j
def test_wrong_password_from_the_environment(neo4j_server, monkeypatch):
    monkeypatch.setenv("NEO4J_URI", neo4j_server.uri)
    monkeypatch.setenv("NEO4J_PASSWORD", "env-wrong-pass")
    one_line_error(CliRunner().invoke(cli, ["cypher", "run", "plan-summary"]), "env-wrong-pass")


def test_unreachable_server(bradford_path):
    port = free_port()
    for uri in (f"bolt://127.0.0.1:{port}", f"neo4j://127.0.0.1:{port}", f"neo4j+s://127.0.0.1:{port}"):
        result = CliRunner().invoke(cli, ["load", str(bradford_path), "--uri", uri, "--password", "pw-12345678"])
        line = one_line_error(result, "pw-12345678")
        assert f"cannot reach Neo4j at {uri}: " in line  # the URI whole, then why
        assert not line.rstrip().endswith(":")
    result = CliRunner().invoke(cli, ["cypher", "list"])  # no connection needed
    assert result.exit_code == 0
    line = one_line_error(
        CliRunner().invoke(
            cli, ["cypher", "query", "RETURN 1", "--uri", f"bolt://127.0.0.1:{port}", "--password", "pw-12345678"]
        ),
        "pw-12345678",
    )
    assert line == f"Error: cannot reach Neo4j at bolt://127.0.0.1:{port}: connection refused"


def test_not_a_neo4j_uri():
    result = CliRunner().invoke(cli, ["cypher", "query", "RETURN 1", "--uri", "http://localhost:7474"])
    assert "Neo4j URI" in one_line_error(result)


@pytest.mark.neo4j
def test_missing_database(neo4j_server):
    result = CliRunner().invoke(
        cli,
        [
            "cypher",
            "run",
            "plan-summary",
            "--uri",
            neo4j_server.uri,
            "--password",
            neo4j_server.password(),
            "--database",
            "nosuchdb",
        ],
    )
    assert "no database 'nosuchdb'" in one_line_error(result, neo4j_server.password())


@pytest.mark.neo4j
def test_neo4j_scheme_with_routing_works(neo4j_server):
    settings = Settings(f"neo4j://127.0.0.1:{neo4j_server.port}", password=neo4j_server.password())
    with open_driver(settings) as driver:
        records, _, _ = driver.execute_query("RETURN 1 AS one")
    assert records[0]["one"] == 1
