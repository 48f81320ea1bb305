"""Bad input: one clear line naming the file (and line), a non-zero exit, no traceback without --debug."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from partnermap.cli import cli
from partnermap.errors import EXIT_INPUT, InputError
from partnermap.ingest import read_plan


def run(*args):
    return CliRunner().invoke(cli, list(args))


BAD = {
    "empty.txt": (b"", "the file is empty", None),
    "blank.csv": (b"\n  \n\t\n", "the file is empty", None),
    "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR" + bytes(range(256)), "binary file", None),
    "plan.pdf": (b"%PDF-1.4", "not a readable PDF", None),
    "plan.doc": (b"\xd0\xcf\x11\xe0", "unsupported file type '.doc'", None),
    "noheader.txt": (b"# A plan\nJust some prose\nand more prose\n", "no column header row found", 2),
    "nothing.csv": (b"Activity,Lead,Timescale\n", "no activities", 1),
    "fake.xlsx": (b"this is not a workbook", "not an Excel .xlsx workbook", None),
    "long.txt": (b"Activity\tLead\n" + b"x" * (5 * 1024 * 1024), "5,242,880 characters long", 2),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_is_one_clear_line(tmp_path, name):
    data, message, line = BAD[name]
    path = tmp_path / name
    path.write_bytes(data)
    result = run("summary", str(path))
    assert result.exit_code == EXIT_INPUT
    err = result.output.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    where = f"{path}:{line}: " if line else f"{path}: "
    assert err.startswith(f"Error: {where}") and message in err


def test_no_header_lists_what_was_found_and_expected(tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("Name,Colour,Size\nA,red,3\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_plan(path)
    assert "'Name', 'Colour', 'Size'" in str(err.value) and "Activity/Action/Task" in str(err.value)


def test_debug_shows_the_traceback(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    result = CliRunner().invoke(cli, ["--debug", "summary", str(path)])
    assert isinstance(result.exception, InputError)


def test_missing_file_is_a_usage_error(tmp_path):
    result = run("summary", str(tmp_path / "nope.txt"))
    assert result.exit_code == 2 and "does not exist" in result.output


def test_missing_excel_sheet_is_named(tmp_path):
    import openpyxl

    path = tmp_path / "p.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Action", "Lead"])
    wb.active.append(["Do", "Bradford MDC"])
    wb.save(path)
    result = run("summary", str(path), "--sheet", "Nope")
    assert result.exit_code == EXIT_INPUT and "no sheet 'Nope' (sheets: Sheet)" in result.output
