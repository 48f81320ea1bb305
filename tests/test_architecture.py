"""The layers cannot rot: import-linter's contracts (pyproject.toml) hold, and every module imports
on its own in a fresh interpreter (a circular import shows up only there, whatever order the
rest of the suite imported things in)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import partnermap
from tests.conftest import ROOT

MODULES = sorted(
    m.name for m in pkgutil.walk_packages(partnermap.__path__, "partnermap.") if m.name != "partnermap.__main__"
)  # that one runs the CLI


def test_the_import_contracts_are_kept():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "Contracts: 2 kept, 0 broken." in result.stdout


def test_the_contracts_name_every_top_level_module():
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    layers = next(c for c in config["contracts"] if c["type"] == "layers")["layers"]
    named = {name.strip() for layer in layers for name in layer.replace(":", "|").split("|")}
    top = {m for m in MODULES if m.count(".") == 1} | {"partnermap.__main__"}
    assert top <= named, f"modules outside the layers contract: {sorted(top - named)}"


def _import_alone(module: str) -> tuple[str, int, str]:
    result = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, text=True, timeout=120)
    return module, result.returncode, result.stderr[-1500:]


def test_every_module_imports_in_a_fresh_interpreter():
    assert len(MODULES) > 40
    with ThreadPoolExecutor(max_workers=4) as pool:
        failures = [(m, err) for m, code, err in pool.map(_import_alone, MODULES) if code != 0]
    assert not failures, failures


def _ruff(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args, "partnermap", "tests", "scripts"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_ruff_finds_nothing():
    """Lint (pyproject.toml's [tool.ruff]) and the formatting check, as CONTRIBUTING.md says."""
    lint = _ruff("check", "--no-cache")
    assert lint.returncode == 0, lint.stdout[-4000:] + lint.stderr[-2000:]
    formatted = _ruff("format", "--check", "--no-cache")
    assert formatted.returncode == 0, formatted.stdout[-4000:] + formatted.stderr[-2000:]


def test_ruff_would_notice_a_problem(tmp_path):
    """The negative case: the same configuration reports an unused import and unformatted code."""
    bad = tmp_path / "bad.py"
    bad.write_text("import os\nx=[1,2]\n", encoding="utf-8")
    config = ["--config", str(ROOT / "pyproject.toml")]
    lint = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", *config, str(bad)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert lint.returncode == 1 and "F401" in lint.stdout
    formatted = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", "--no-cache", *config, str(bad)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert formatted.returncode == 1
