"""Every command and group answers --help; library errors become one line and an exit code."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from partnermap.cli import cli


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in sorted(group.commands.items()):
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


ALL_COMMANDS = list(_commands(cli))


def test_the_documented_commands_exist():
    names = {" ".join(c) for c in ALL_COMMANDS}
    for expected in [
        "summary",
        "gaps",
        "coverage",
        "partners",
        "compare",
        "export",
        "taxonomy check",
        "load",
        "neo4j start",
        "neo4j stop",
        "neo4j status",
        "cypher list",
        "cypher show",
        "cypher run",
        "cypher query",
        "map",
    ]:
        assert expected in names


@pytest.mark.parametrize("command", ALL_COMMANDS, ids=" ".join)
def test_help_on_everything(command):
    result = CliRunner().invoke(cli, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Usage: ")
    assert " ".join(command) in result.output.splitlines()[0]


def test_unknown_command_is_a_usage_error():
    result = CliRunner().invoke(cli, ["no-such-command"])
    assert result.exit_code == 2
