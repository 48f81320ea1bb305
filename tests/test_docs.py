"""The documents: the CLI reference matches the help, the Python API's examples run, links resolve."""

from __future__ import annotations

import doctest
import re
import subprocess
import sys

from tests.conftest import ROOT

DOCS = ROOT / "docs"


def test_cli_reference_matches_the_help():
    result = subprocess.run(
        [sys.executable, "scripts/cli_reference.py", "--check"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr


def test_cli_reference_check_notices_a_stale_file(tmp_path, monkeypatch):
    """The negative case: a reference that differs from the help fails the check."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import cli_reference
    finally:
        sys.path.pop(0)
    stale = tmp_path / "cli.md"
    stale.write_text(cli_reference.reference().replace("--format", "--fmt"), encoding="utf-8")
    monkeypatch.setattr(cli_reference, "REFERENCE", stale)
    monkeypatch.setattr(cli_reference, "ROOT", tmp_path)
    assert cli_reference.main(["--check"]) == 1
    assert cli_reference.main([]) == 0 and cli_reference.main(["--check"]) == 0


def test_every_command_has_a_section_in_the_cli_reference():
    from partnermap.cli import cli

    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    for name in cli.list_commands(None):
        assert f"`partnermap {name}`" in text, name


def test_python_api_examples_run(monkeypatch):
    monkeypatch.chdir(ROOT)
    failed, attempted = doctest.testfile(
        str(DOCS / "python-api.md"), module_relative=False, optionflags=doctest.ELLIPSIS
    )
    assert attempted > 10 and failed == 0


def test_python_api_exports_what_the_page_lists():
    import partnermap

    text = (DOCS / "python-api.md").read_text(encoding="utf-8")
    for name in partnermap.__all__:
        assert callable(getattr(partnermap, name)), name
        assert f"`{name}" in text, f"{name} is exported but docs/python-api.md does not list it"


def test_relative_links_in_the_documents_resolve():
    pages = [ROOT / "README.md", ROOT / "CHANGELOG.md", ROOT / "CONTRIBUTING.md", *DOCS.glob("*.md")]
    broken = []
    for page in pages:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            if "://" not in target and not (page.parent / target).exists():
                broken.append(f"{page.name}: {target}")
    assert not broken, broken
