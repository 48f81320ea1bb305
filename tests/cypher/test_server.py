"""The local server: its generated config, the password file, and `partnermap neo4j status|stop`."""

from __future__ import annotations

import hashlib
import stat

import pytest
from click.testing import CliRunner

from partnermap.cli import cli
from partnermap.cypher.server import NEO4J_VERSION, LocalServer, auth_line, free_port


def test_auth_line_is_neo4j_s_iterated_salted_sha256():
    user, credential, flags = auth_line("neo4j", "s3cret-pass").rstrip("\n").split(":")
    scheme, digest, salt, iterations = credential.split(",")
    expected = hashlib.sha256(bytes.fromhex(salt) + b"s3cret-pass").digest()
    for _ in range(int(iterations) - 1):
        expected = hashlib.sha256(expected).digest()
    assert (user, scheme, digest, flags) == ("neo4j", "SHA-256", expected.hex(), "")


def test_free_port_prefers_the_one_asked_for():
    port = free_port()
    assert free_port(port) == port


def test_status_of_a_home_without_a_server(tmp_path, monkeypatch):
    monkeypatch.setenv("PARTNERMAP_NEO4J_HOME", str(tmp_path))
    assert LocalServer().status() is None
    result = CliRunner().invoke(cli, ["neo4j", "status"])
    assert result.exit_code == 4 and "not running" in result.output
    assert CliRunner().invoke(cli, ["neo4j", "stop"]).output == "Neo4j was not running.\n"


@pytest.mark.neo4j
def test_the_running_server(neo4j_server):
    home = neo4j_server.home
    assert neo4j_server.version == NEO4J_VERSION
    assert stat.S_IMODE(neo4j_server.password_file.stat().st_mode) == 0o600
    assert stat.S_IMODE((home / "data" / "dbms" / "auth.ini").stat().st_mode) == 0o600
    conf = dict(
        line.split("=", 1)
        for line in (home / "conf" / "neo4j.conf").read_text().splitlines()
        if line and not line.startswith("#")
    )
    assert conf["server.bolt.listen_address"] == f"127.0.0.1:{neo4j_server.port}"
    assert conf["server.http.enabled"] == conf["server.https.enabled"] == "false"
    assert conf["dbms.security.auth_enabled"] == "true" and conf["dbms.usage_report.enabled"] == "false"
    assert all(conf[f"server.directories.{d}"].startswith(str(home)) for d in ("data", "logs", "run", "import"))
    assert LocalServer(home).status() == neo4j_server


@pytest.mark.neo4j
def test_status_prints_the_settings_but_never_the_password(neo4j_server, monkeypatch):
    monkeypatch.setenv("PARTNERMAP_NEO4J_HOME", str(neo4j_server.home))
    result = CliRunner().invoke(cli, ["neo4j", "status"])
    assert result.exit_code == 0, result.output
    assert neo4j_server.uri in result.output and str(neo4j_server.password_file) in result.output
    assert neo4j_server.password() not in result.output
    result = CliRunner().invoke(cli, ["neo4j", "start"])  # already running: says so, changes nothing
    assert result.exit_code == 0 and neo4j_server.uri in result.output
