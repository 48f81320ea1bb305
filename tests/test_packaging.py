"""The wheel carries the bundled data and Cypher files, and partnermap finds them there."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (whl,) = out.glob("partnermap-*.whl")
    return whl


def test_wheel_contains_sample_plan_taxonomy_and_queries(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "partnermap/_data/plans/bradford-prevent-plan-2017-19.txt" in names
    assert "partnermap/_data/taxonomy.yaml" in names
    assert any(n.startswith("partnermap/cypher/queries/") and n.endswith(".cypher") for n in names)


def test_installed_wheel_reads_its_own_bundled_sample(wheel, tmp_path):
    """Unpacked wheel on sys.path (no checkout beside it): the sample plan and taxonomy resolve inside it."""
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "import partnermap.resources as r, partnermap.pipeline as p;"
        "print(r.data_dir());"
        "b = p.build([r.sample_plan()]);"
        "print(len(b.plans[0].activities))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    data_dir, count = result.stdout.split()
    assert Path(data_dir) == site / "partnermap" / "_data"
    assert int(count) == 34
