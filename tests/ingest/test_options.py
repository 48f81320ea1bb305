"""ReadOptions: the one validated object that says how plans are read, from the CLI or from Python."""

from dataclasses import fields

import pytest
from click.testing import CliRunner

from partnermap.cli import cli, plan_arguments, read_options
from partnermap.errors import EXIT_USAGE, UsageError
from partnermap.ingest import ReadOptions, read_plan
from partnermap.ingest.limits import Limits
from partnermap.pipeline import build, read_plans


def test_the_defaults_read_a_plan_and_a_mapping_resolves_to_the_same_options(bradford_path):
    assert ReadOptions.resolve(None) == ReadOptions()
    assert ReadOptions.resolve({"table": 2, "owner": "Bradford MDC"}) == ReadOptions(table=2, owner="Bradford MDC")
    assert len(read_plan(bradford_path).activities) == len(read_plan(bradford_path, ReadOptions()).activities) == 34


@pytest.mark.parametrize(
    ("given", "named"),
    [
        ({"table": 0}, "table (--table)"),
        ({"table": "2"}, "table (--table)"),
        ({"input_format": "docx2"}, "input_format (--input-format)"),
        ({"columns": {"colour": "Lead"}}, "column (--column)"),
        ({"columns": {"lead": "  "}}, "column (--column)"),
        ({"sheet": ""}, "sheet (--sheet)"),
        ({"owner": 3}, "owner (--owner)"),
        ({"limits": {"max_rows": 5}}, "limits"),
        ({"tables": 2}, "unknown reading option tables"),
    ],
)
def test_a_bad_option_fails_at_once_in_one_line_naming_it(given, named):
    with pytest.raises(UsageError) as caught:
        ReadOptions.resolve(given)
    assert named in str(caught.value) and "\n" not in str(caught.value)
    assert caught.value.exit_code == EXIT_USAGE


def test_columns_are_normalised_and_copied():
    given = {" Lead ": " Body "}
    options = ReadOptions(columns=given)
    given["lead"] = "Changed"
    assert options.columns == {"lead": "Body"}


def test_a_limit_must_be_a_whole_number_of_one_or_more():
    assert Limits(max_rows=1).max_rows == 1
    for bad in (0, -5, 2.5, True):
        with pytest.raises(UsageError, match="max_rows"):
            Limits(max_rows=bad)
    assert Limits(max_unpacked=None).unpacked >= Limits().max_size


def test_the_command_line_defaults_are_the_library_defaults(bradford_path):
    """Every limit has its option, and the reading options' defaults give ReadOptions()."""
    import click

    command = click.command()(plan_arguments(lambda plans, options: None))

    def parsed(*args: str) -> dict:
        params = command.make_context("probe", [*args, str(bradford_path)]).params
        return {name: value for name, value in params.items() if name != "plans"}

    assert {f.name for f in fields(Limits) if f.name != "max_unpacked"} <= set(parsed())
    assert read_options(**parsed()) == ReadOptions()
    changed = read_options(**parsed("--max-rows", "7", "--table", "2"))
    assert changed.limits.max_rows == 7 and changed.table == 2 and changed != ReadOptions()


def test_options_reach_the_reader_from_the_command_line(tmp_path):
    path = tmp_path / "p.txt"
    path.write_text("Thing to do\tBody\tWhen\nTrain staff\tCouncil\tMarch 2019\n", encoding="utf-8")
    runner = CliRunner()
    refused = runner.invoke(cli, ["summary", str(path)])
    assert refused.exit_code == 3
    read = runner.invoke(
        cli, ["summary", "--format", "json", "--column", "activity=Thing to do", "--column", "lead=Body", str(path)]
    )
    assert read.exit_code == 0, read.output
    assert '"activities": 1' in read.output


def test_the_python_api_takes_the_same_options(tmp_path, bradford_path):
    path = tmp_path / "p.txt"
    path.write_text("Thing to do\tBody\tWhen\nTrain staff\tCouncil\tMarch 2019\n", encoding="utf-8")
    options = ReadOptions(columns={"activity": "Thing to do", "lead": "Body"})
    assert [p.activities[0].lead_text for p in read_plans([path], options)] == ["Council"]
    assert build([path], {"columns": {"activity": "Thing to do", "lead": "Body"}}).graph.number_of_nodes() > 0
    with pytest.raises(UsageError):
        build([bradford_path], {"table": -1})
