"""Shared fixtures. The Neo4j server fixture lives here too (started once per session)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BRADFORD = ROOT / "data" / "plans" / "bradford-prevent-plan-2017-19.txt"


@pytest.fixture(scope="session")
def bradford_path() -> Path:
    return BRADFORD


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory):
    """The real local Neo4j server (partnermap.cypher.server), started once per test session in its
    own home on a free port (jars fetched from Maven Central on first use), stopped at the end."""
    from partnermap.cypher.server import LocalServer, free_port

    server = LocalServer(tmp_path_factory.mktemp("neo4j-home"))
    info = server.start(port=free_port())
    try:
        yield info
    finally:
        server.stop()


@pytest.fixture(scope="session")
def neo4j_settings(neo4j_server):
    """Connection settings (partnermap.cypher.connect.Settings) for the session's Neo4j server."""
    from partnermap.cypher.connect import Settings

    return Settings(uri=neo4j_server.uri, user=neo4j_server.user, password=neo4j_server.password())
