"""Shared fixtures. The Neo4j server fixture lives here too (started once per session)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BRADFORD = ROOT / "data" / "plans" / "bradford-prevent-plan-2017-19.txt"


@pytest.fixture(scope="session")
def bradford_path() -> Path:
    return BRADFORD
