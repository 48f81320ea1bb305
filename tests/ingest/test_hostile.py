"""Hostile and broken input: bounded memory and time, one line naming the file, exit 3.

The memory tests run the real command in a fresh process under an address-space limit, so a
reader that expands a declared sheet size or a merge cell by cell dies (MemoryError, exit 5 or a
kill) instead of passing.
"""

from __future__ import annotations

import io
import os
import resource
import subprocess
import sys
import zipfile

import openpyxl
import pytest

from partnermap.errors import EXIT_INPUT
from partnermap.ingest import read_plan
from partnermap.ingest.limits import Limits

MEMORY_CAP = 1_500 * 1024 * 1024  # bytes of address space for the child process


def _cap_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def run_capped(*args, stdin=None, timeout=120):
    """`python -m partnermap ARGS` in a fresh process with at most MEMORY_CAP of address space."""
    return subprocess.run(
        [sys.executable, "-m", "partnermap", *map(str, args)],
        capture_output=True,
        text=True,
        preexec_fn=_cap_memory,
        timeout=timeout,
        stdin=stdin,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "200"},
    )


def run_bounded(*args, stdin=None, timeout=30):
    """:func:`run_capped`, failing the test (not erroring) when the command outlives ``timeout`` seconds."""
    try:
        return run_capped(*args, stdin=stdin, timeout=timeout)
    except subprocess.TimeoutExpired:
        pytest.fail(f"partnermap {' '.join(map(str, args))[:200]} ran past {timeout} s")


def plan_workbook(path, mutate=None):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Plan"
    ws.append(["Theme", "Action", "Lead", "Timescale"])
    ws.append(["Schools", "Train school staff", "Bradford Council", "March 2018"])
    ws.append([None, "Audit referrals", "Police", "2018"])
    if mutate:
        mutate(ws)
    wb.save(path)
    return path


def replace_part(path, name, data: bytes):
    """The zip at ``path`` rewritten with part ``name`` replaced by (or added as) ``data``."""
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename != name:
                target.writestr(item, source.read(item.filename))
        target.writestr(name, data)
    path.write_bytes(buffer.getvalue())
    return path


def one_line_error(result, path, message):
    assert result.returncode == EXIT_INPUT, (result.returncode, result.stderr[-2000:])
    err = result.stderr.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    assert err.startswith(f"Error: {path}: ") and message in err, err


# --- spreadsheets ------------------------------------------------------------------------------
def test_formatting_to_the_last_cell_of_the_sheet_costs_nothing(tmp_path):
    from openpyxl.styles import Font

    def far_format(ws):
        ws["XFD1048576"].font = Font(bold=True)  # a styled empty cell: the sheet's dimension is A1:XFD1048576

    path = plan_workbook(tmp_path / "far.xlsx", far_format)
    result = run_capped("summary", path, "--format", "json")
    assert result.returncode == 0, result.stderr[-2000:]
    assert '"activities": 2' in result.stdout


def test_data_in_the_last_cell_of_the_sheet_is_refused_by_the_row_limit(tmp_path):
    def far_value(ws):
        ws["XFD1048576"] = "x"

    path = plan_workbook(tmp_path / "far.xlsx", far_value)
    one_line_error(run_capped("summary", path), path, "has data in row 1,048,576, beyond the limit of 100,000 rows")


def test_data_beyond_the_column_limit_is_refused_naming_it(tmp_path):
    def wide(ws):
        ws["ZZ2"] = "x"  # column 702

    path = plan_workbook(tmp_path / "wide.xlsx", wide)
    one_line_error(run_capped("summary", path), path, "has data in column 702, beyond the limit of 200 columns")
    assert run_capped("summary", path, "--max-columns", "800").returncode == 0


def test_the_row_limit_is_configurable(tmp_path):
    path = plan_workbook(tmp_path / "plan.xlsx")
    one_line_error(run_capped("summary", path, "--max-rows", "2"), path, "has data in row 3, beyond the limit of 2")


def test_a_merge_over_the_whole_sheet_is_clipped_to_the_data(tmp_path):
    def merge_all(ws):
        ws.merge_cells("A2:XFD1048576")

    path = plan_workbook(tmp_path / "merged.xlsx")
    # openpyxl itself would create a cell object for every merged cell on saving such a merge,
    # so the merge is written into the sheet's XML directly, as another program could
    data = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    data = data.replace(
        "</sheetData>", '</sheetData><mergeCells count="1"><mergeCell ref="A2:XFD1048576"/></mergeCells>'
    )
    replace_part(path, "xl/worksheets/sheet1.xml", data.encode())
    result = run_capped("summary", path, "--format", "json")
    assert result.returncode == 0, result.stderr[-2000:]
    plan = read_plan(path)
    assert [a.theme.name for a in plan.activities] == ["Schools", "Schools"]  # filled down, as a merge is


def test_a_sheet_that_unpacks_to_gigabytes_is_refused_unread(tmp_path):
    path = plan_workbook(tmp_path / "bomb.xlsx")
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                target.writestr(item, source.read(item.filename))
        with target.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(source.read("xl/worksheets/sheet1.xml").replace(b"</worksheet>", b""))
            chunk = b" " * (1 << 20)
            for _ in range(1100):  # 1.1 GB of whitespace, about a megabyte compressed
                part.write(chunk)
            part.write(b"</worksheet>")
    path.write_bytes(buffer.getvalue())
    assert path.stat().st_size < 5_000_000
    one_line_error(run_capped("summary", path), path, "unpacks to 1.2 GB (limit 1 GB)")
    with pytest.raises(Exception, match="unpacks to"):
        read_plan(path, {"limits": Limits(max_unpacked=10_000_000)})


def test_a_part_that_holds_more_than_it_declares_is_a_damaged_file(tmp_path):
    path = plan_workbook(tmp_path / "liar.xlsx")
    data = bytearray(path.read_bytes())
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = archive.getinfo("xl/worksheets/sheet1.xml")
    # shrink the declared size in both the local header and the central directory
    local = info.header_offset
    data[local + 22 : local + 26] = (10).to_bytes(4, "little")
    start = 0
    while True:  # find the central directory entry of the sheet
        central = bytes(data).find(b"PK\x01\x02", start)
        name_len = int.from_bytes(data[central + 28 : central + 30], "little")
        if bytes(data[central + 46 : central + 46 + name_len]) == b"xl/worksheets/sheet1.xml":
            break
        start = central + 4
    data[central + 24 : central + 28] = (10).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    one_line_error(run_capped("summary", path), path, "not a readable Excel workbook")


BAD_PARTS = {
    "sheet.xlsx": ("xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row r='1'><c r='A1' t='s'><v>oops"),
    "styles.xlsx": (
        "xl/styles.xml",
        b"<styleSheet xmlns='http://schemas.openxmlformats.org/spreadsheetml/2006/main'>"
        b"<cellXfs count='1'><xf numFmtId='banana'/></cellXfs></styleSheet>",
    ),
    "workbook.xlsx": ("xl/workbook.xml", b"\x00\x01 not xml"),
    "entities.xlsx": (
        "xl/sharedStrings.xml",
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i else b"&lol;") * 10) for i in range(9))
        + b']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<si><t>&lol8;</t></si></sst>",
    ),
    "late-doctype.xlsx": (
        "xl/styles.xml",
        b'<?xml version="1.0"?>' + b"<!-- padding -->" * 300 + b'<!DOCTYPE x [<!ENTITY a "b">]><styleSheet/>',
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_PARTS))
def test_malformed_workbook_parts_are_input_errors_not_internal_ones(tmp_path, name):
    part, data = BAD_PARTS[name]
    path = plan_workbook(tmp_path / name)
    replace_part(path, part, data)
    result = run_capped("summary", path)
    one_line_error(result, path, "not a readable Excel workbook")
    if "entities" in name or "doctype" in name:
        assert "declares a DTD" in result.stderr


def test_a_zip_bomb_word_document_is_refused(tmp_path):
    from docx import Document

    path = tmp_path / "bomb.docx"
    Document().save(path)
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        with target.open("word/padding.bin", "w", force_zip64=True) as part:
            for _ in range(1100):
                part.write(bytes(1 << 20))
    path.write_bytes(buffer.getvalue())
    one_line_error(run_capped("summary", path), path, "unpacks to 1.2 GB (limit 1 GB)")


# --- plain files -------------------------------------------------------------------------------
def test_a_file_over_the_size_limit_is_refused_unread(tmp_path, bradford_path):
    path = tmp_path / "plan.txt"
    path.write_bytes(bradford_path.read_bytes())
    one_line_error(run_capped("summary", path, "--max-size", "4kB"), path, "the file is 9.2 kB, over the limit of 4 kB")
    assert run_capped("summary", path, "--max-size", "1MB").returncode == 0


def test_standard_input_over_the_size_limit_is_refused(bradford_path):
    with open(bradford_path, "rb") as stdin:
        result = run_capped("summary", "-", "--max-size", "4kB", stdin=stdin)
    one_line_error(result, "<stdin>", "standard input holds more than 4 kB")


def test_a_fifo_is_refused_without_being_opened(tmp_path):
    fifo = tmp_path / "plan.txt"
    os.mkfifo(fifo)
    result = run_capped("summary", fifo, timeout=20)  # opening it would block until a writer came
    one_line_error(result, fifo, "not a regular file but a FIFO (named pipe)")


def test_a_device_is_refused(tmp_path):
    result = run_capped("summary", "/dev/zero", "--input-format", "txt", timeout=20)
    one_line_error(result, "/dev/zero", "not a regular file but a device")


def test_the_size_option_is_validated():
    result = run_capped("summary", "-", "--max-size", "lots")
    assert result.returncode == 2 and "'lots' is not a size" in result.stderr


# --- text: physical lines and encodings --------------------------------------------------------
def _plan_lines():
    return [
        "Action\tLead\tTimescale",
        "Train school staff\tBradford Council\t2018",
        "Audit referrals\tPolice\t2019",
        "Faith forum\tInterfaith Network\t2019",
    ]


@pytest.mark.parametrize("separator", ["\f", "\v", "\u2028", "\x85", "\x1c"])
def test_line_numbers_stay_physical_whatever_separators_a_line_holds(tmp_path, separator):
    lines = _plan_lines()
    lines[1] = f"Train school{separator} staff\tBradford Council\t2018"
    lines.insert(2, separator)  # a line holding only a page break or separator
    path = tmp_path / "plan.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    plan = read_plan(path)
    assert [(a.text, a.provenance.line) for a in plan.activities] == [
        ("Train school staff", 2),
        ("Audit referrals", 4),
        ("Faith forum", 5),
    ]


def test_a_form_feed_is_a_page_break_for_continuations(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(
        "Action\tLead\tTimescale\nTrain school staff in the\tBradford Council\t2018\n"
        "\fnew referral pathway\t\t\nAudit referrals\tPolice\t2019\n",
        encoding="utf-8",
    )
    plan = read_plan(path)
    assert [a.text for a in plan.activities] == ["Train school staff in the new referral pathway", "Audit referrals"]
    assert "page" in next(w.message for w in plan.warnings if w.code == "row_merged")


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_text_is_read(tmp_path, codec):
    text = (
        "\r\n".join(
            ["Action\tLead\tTimescale", "Café outreach\tBradford Council\t2018", "Audit referrals\tPolice\t2019"]
        )
        + "\r\n"
    )
    path = tmp_path / "unicode.txt"
    path.write_bytes(text.encode(codec))
    plan = read_plan(path)
    assert [(a.text, a.provenance.line) for a in plan.activities] == [("Café outreach", 2), ("Audit referrals", 3)]
    csv_path = tmp_path / "unicode.csv"
    csv_path.write_bytes(text.replace("\t", ",").encode(codec))
    assert [a.text for a in read_plan(csv_path).activities] == ["Café outreach", "Audit referrals"]


def test_mixed_utf8_and_windows_1252_is_decoded_line_by_line_with_a_warning(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_bytes(
        "Action,Lead,Timescale\n".encode()
        + "Café outreach,Bradford Council,2018\n".encode()
        + "Crèche “drop-in”,Police,2019\n".encode("cp1252")
        + "Audit,Police,2019\n".encode()
    )
    plan = read_plan(path)
    assert [a.text for a in plan.activities] == ["Café outreach", "Crèche “drop-in”", "Audit"]
    warning = next(w for w in plan.warnings if w.code == "mixed_encoding")
    assert warning.line == 3 and "line 3 read as Windows-1252" in warning.message


def test_a_windows_1252_file_throughout_is_read_without_a_mixed_warning(tmp_path):
    path = tmp_path / "ansi.csv"
    path.write_bytes("Action,Lead,Timescale\nCrèche outreach,Bradford Council,2018\n".encode("cp1252"))
    plan = read_plan(path)
    assert plan.activities[0].text == "Crèche outreach"
    assert "mixed_encoding" not in [w.code for w in plan.warnings]


def test_a_long_line_of_words_before_an_acronym_is_read_in_linear_time(tmp_path):
    # the search for acronyms a plan defines ("Warrington Borough Council (WBC)") was quadratic in words
    path = tmp_path / "plan.txt"
    path.write_text(
        "Action\tLead\tTimescale\n"
        + "Ab " * 30_000
        + "(XY)\tPolice\t2019\n"
        + "Warrington Borough Council (WBC) training\tWBC\t2019\n",
        encoding="utf-8",
    )
    result = run_bounded("summary", path, "--format", "json", timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    assert '"activities": 2' in result.stdout
