"""What users of a command-line tool expect: standard input and output as `-`, quiet closed pipes,
UK dates, plain output to pipes. Run in fresh processes where the behaviour is the process's own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date

import pytest
from click.testing import CliRunner

from partnermap.cli import cli
from partnermap.ingest import sniff_format
from partnermap.ingest.timescale import parse_date

CSV_PLAN = "Action,Lead,Timescale\nTrain staff in schools,Bradford MDC,Jan-Mar 2018\nBrief governors,,2019\n"


def fresh(*args: str, stdin: bytes | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "partnermap", *args],
        input=stdin,
        capture_output=True,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


@pytest.mark.parametrize("fmt", [None, "csv"])
def test_a_plan_from_standard_input(fmt):
    args = ["summary", "-", "--format", "json"] + (["--input-format", fmt] if fmt else [])
    result = fresh(*args, stdin=CSV_PLAN.encode())
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)["plans"][0]
    assert (plan["source"], plan["activities"]) == ("<stdin>", 2)


def test_standard_input_as_markdown_and_text_is_sniffed(bradford_path):
    text = bradford_path.read_bytes()
    assert sniff_format(text) == "txt"
    result = CliRunner().invoke(cli, ["gaps", "-", "--as-of", "2018-07-01", "--format", "json"], input=text)
    from_file = CliRunner().invoke(cli, ["gaps", str(bradford_path), "--as-of", "2018-07-01", "--format", "json"])
    assert result.exit_code == 0, result.output
    kinds = lambda out: sorted(g["kind"] for g in json.loads(out)["gaps"])  # noqa: E731
    assert kinds(result.stdout) == kinds(from_file.stdout)
    md = "| Action | Lead | Timescale |\n|---|---|---|\n| Train staff | Bradford MDC | 2019 |\n"
    assert sniff_format(md.encode()) == "md"
    result = CliRunner().invoke(cli, ["summary", "-", "--format", "json"], input=md)
    assert json.loads(result.stdout)["plans"][0]["activities"] == 1


def test_an_unknown_input_format_is_a_usage_error():
    result = CliRunner().invoke(cli, ["summary", "-", "--input-format", "doc"], input="x")
    assert result.exit_code == 2 and "is not a plan format" in result.stderr


def test_map_to_standard_output(bradford_path, tmp_path):
    result = CliRunner().invoke(cli, ["map", str(bradford_path), "-o", "-"])
    assert result.exit_code == 0 and result.stdout.startswith("<!DOCTYPE html>")
    assert "Wrote" not in result.stdout and result.stdout.rstrip().endswith("</html>")


def test_map_into_a_missing_folder_is_one_line_exit_3(bradford_path, tmp_path):
    out = tmp_path / "missing" / "map.html"
    result = CliRunner().invoke(cli, ["map", str(bradford_path), "-o", str(out)])
    assert result.exit_code == 3
    assert result.stderr == f"Error: {out}: cannot write the map: No such file or directory\n"


def test_a_closed_pipe_ends_quietly(tmp_path):
    """`partnermap summary MANY | head -1`: after the first line the reader is gone."""
    plans = []
    for n in range(150):
        path = tmp_path / f"p{n}.csv"
        path.write_text(CSV_PLAN, encoding="utf-8")
        plans.append(str(path))
    proc = subprocess.Popen(
        [sys.executable, "-m", "partnermap", "summary", *plans], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    first = proc.stdout.readline()
    proc.stdout.close()
    code = proc.wait(timeout=120)
    stderr = proc.stderr.read().decode()
    assert first.startswith(b"p0 (")
    assert code in (-13, 141), (code, stderr)  # killed by SIGPIPE, as cat or grep would be
    assert stderr == ""


@pytest.mark.parametrize(
    "written, expected",
    [
        ("2018-03-31", date(2018, 3, 31)),
        ("31/03/2018", date(2018, 3, 31)),
        ("31 March 2018", date(2018, 3, 31)),
        ("1 Jul 2018", date(2018, 7, 1)),
        ("31.03.18", date(2018, 3, 31)),
        ("1st July 2018", date(2018, 7, 1)),
    ],
)
def test_report_dates_as_plans_write_them(written, expected, bradford_path):
    assert parse_date(written) == expected
    result = CliRunner().invoke(cli, ["gaps", str(bradford_path), "--as-of", written, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["as_of"] == expected.isoformat()


@pytest.mark.parametrize("written", ["03/31/2018", "31/02/2018", "March 2018", "soon"])
def test_dates_that_are_not_one_day_are_refused(written):
    with pytest.raises(ValueError):
        parse_date(written)
    result = CliRunner().invoke(cli, ["gaps", "-", "--as-of", written], input=CSV_PLAN)
    assert result.exit_code == 2 and "is not a date" in result.stderr


def test_output_to_a_pipe_is_plain_even_when_colour_is_forced(bradford_path):
    for env in ({"NO_COLOR": "1"}, {"FORCE_COLOR": "1", "TERM": "xterm-256color"}):
        result = fresh("gaps", str(bradford_path), "--as-of", "2018-07-01", env=env)
        assert result.returncode == 0 and b"\x1b[" not in result.stdout and result.stderr == b""


def test_the_readme_exit_code_table_matches_the_code():
    import re
    from pathlib import Path

    from partnermap import errors
    from partnermap.cypher.catalogue import CypherError, QueryTimeout, WriteRefused

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    table = dict(re.findall(r"^ *\| (\d+) \| (.+?) \|$", readme, re.M))
    assert sorted(map(int, table)) == [0, 1, 2, 3, 4, 5, 141]
    codes = {
        errors.EXIT_FAIL_ON: "--fail-on",
        errors.EXIT_USAGE: "usage error",
        errors.EXIT_INPUT: "input error",
        errors.EXIT_SERVICE: "service error",
        errors.EXIT_INTERNAL: "internal error",
    }
    for code, words in codes.items():
        assert words in table[str(code)], (code, table[str(code)])
    assert (errors.ServiceError.exit_code, QueryTimeout.exit_code) == (4, 4) and "timeout" in table["4"]
    assert WriteRefused.exit_code == 2 and "--write" in table["2"]
    assert CypherError.exit_code == 3 and "Cypher" in table["3"]
    epilog = " ".join(CliRunner().invoke(cli, ["--help"]).output.split())
    for code, words in (("3", "input error"), ("4", "Neo4j/service error"), ("5", "internal error")):
        assert f"{code} {words}" in epilog
