"""Plan text is data everywhere it is printed or written: never rich markup, never a terminal
control sequence, never raw HTML or Markdown syntax in a Markdown file, never a bidirectional
override that shows one name as another. Reference files (--columns, --taxonomy) get the same
file checks as plans, and an output that cannot be written is one line and exit 3.

Every command runs in a fresh process (``python -m partnermap``), as a user would run it.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys

import pytest

from tests.ingest.test_hostile import one_line_error, run_capped

MARKUP = "Train staff [bold]now[/bold] [/] [/note] [link=https://example.org]x[/link]"
ESCAPES = (
    "Brief \x1b]52;c;ZXZpbA==\x07clipboard \x1b]8;;https://example.org\x1b\\link\x1b]8;;\x1b\\ "
    "\x1bP1$r\x1b\\dcs \x9b31m"
)
HTML = "Staff &lt;script&gt;alert(1)&lt;/script&gt; **all** [x](javascript:alert(1)) # not a heading"
SPOOF = "Bradford \u202eCDM\u202c"


def _plan(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Action", "Lead", "Outcome", "Timescale"])
        writer.writerows(rows)
    return path


@pytest.fixture
def hostile(tmp_path):
    return _plan(
        tmp_path / "hostile.csv",
        [
            [MARKUP, "Bradford MDC", "Staff trained", "March 2018"],
            [ESCAPES, "West Yorkshire Police", "Briefed", "April 2018"],
            [HTML, "Bradford MDC", "Staff aware", "May 2018"],
            ["Spoofed lead", SPOOF, "x", "May 2018"],
        ],
    )


def _ok(result):
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stderr == "", result.stderr[-2000:]
    return result.stdout


@pytest.mark.parametrize(
    "command",
    [
        ["gaps"],
        ["inspect"],
        ["summary"],
        ["partners"],
        ["coverage"],
        ["gaps", "--format", "csv"],
        ["inspect", "--format", "json"],
    ],
)
def test_printed_output_holds_no_markup_or_control_sequence(hostile, command):
    out = _ok(run_capped(command[0], hostile, *command[1:]))
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
    assert "\u202e" not in out and "\u202c" not in out


def test_rich_markup_in_plan_text_is_shown_as_written(hostile):
    table = _ok(run_capped("inspect", hostile))
    assert "[bold]" in table and "[/bold]" in table  # shown, not taken as markup (nor a crash on "[/]")
    rows = json.loads(_ok(run_capped("inspect", hostile, "--format", "json")))["rows"]
    assert any(row["text"].startswith(MARKUP + " |") for row in rows)  # kept as written


def test_escape_sequences_are_removed_and_their_words_kept(hostile):
    from partnermap.safe import terminal_text

    assert terminal_text(ESCAPES) == "Brief clipboard link dcs "  # the OSC 52 payload, link target and DCS gone
    assert terminal_text("Plain words\tand a tab\n") == "Plain words\tand a tab\n"  # the negative case
    out = _ok(run_capped("gaps", hostile, "--format", "csv"))
    assert "Brief clipboard link" in " ".join(out.split()) and "ZXZpbA" not in out
    # JSON keeps the data as it was read, every control character written as an escape
    rows = json.loads(_ok(run_capped("inspect", hostile, "--format", "json")))["rows"]
    assert any(row["text"].startswith(ESCAPES) for row in rows)


def test_markdown_outputs_hold_no_raw_html_or_markdown_syntax(hostile, tmp_path):
    report = _ok(run_capped("gaps", hostile, "--format", "markdown", "--as-of", "2018-06-30"))
    paper = tmp_path / "paper.md"
    _ok(run_capped("report", hostile, "-o", paper, "--as-of", "2018-06-30"))
    for text in (report, paper.read_text(encoding="utf-8")):
        assert "<script" not in text and "&lt;script&gt;" in text
        assert "[x](javascript" not in text and "\\[x\\](javascript" in text
    # the negative case: the report's own Markdown is still Markdown
    assert report.startswith("# Gap report") and "\n| Gap | Subject | Finding | Where |" in report


def test_a_bidi_override_does_not_make_one_organisation_look_like_another(hostile):
    rows = json.loads(_ok(run_capped("partners", hostile, "--format", "json")))
    names = [row["organisation"] for row in rows]
    assert "Bradford CDM" in names and "Bradford MDC" in names  # two organisations, each shown as written
    assert not any("\u202e" in name for name in names)


def test_json_escapes_what_a_terminal_would_act_on():
    from partnermap.report.formats import to_json

    text = to_json({"a": "x\x9b31m \u202ey", "b": "plain"})
    assert "\x9b" not in text and "\u202e" not in text
    assert json.loads(text) == {"a": "x\x9b31m \u202ey", "b": "plain"}  # the data itself is unchanged


# --- reference files get the plan files' checks ------------------------------------------------
@pytest.mark.parametrize("option", ["--columns", "--taxonomy"])
def test_a_device_as_a_reference_file_is_refused(option, bradford_path):
    one_line_error(
        run_capped("summary", bradford_path, option, "/dev/zero", timeout=30),
        "/dev/zero",
        "not a regular file but a device",
    )


@pytest.mark.parametrize("option", ["--columns", "--taxonomy"])
def test_a_fifo_as_a_reference_file_is_refused_unopened(option, bradford_path, tmp_path):
    fifo = tmp_path / "reference.yaml"
    os.mkfifo(fifo)
    one_line_error(
        run_capped("summary", bradford_path, option, fifo, timeout=30), fifo, "not a regular file but a FIFO"
    )


@pytest.mark.parametrize("option", ["--columns", "--taxonomy"])
def test_deeply_nested_yaml_is_refused(option, bradford_path, tmp_path):
    deep = tmp_path / "deep.yaml"
    deep.write_text("a: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    one_line_error(run_capped("summary", bradford_path, option, deep, timeout=60), deep, "nests deeper than 50")


def test_a_big_reference_file_is_refused(bradford_path, tmp_path):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"# " + b"x" * 6_000_000 + b"\n")
    one_line_error(run_capped("summary", bradford_path, "--columns", big, timeout=60), big, "over the limit of 5 MB")


def test_ordinary_reference_files_still_work(bradford_path, tmp_path):
    """The negative case of the checks above."""
    columns = tmp_path / "columns.yaml"
    columns.write_text("lead: Lead\n", encoding="utf-8")
    assert "34 activities" in _ok(run_capped("summary", bradford_path, "--columns", columns))
    assert "34 activities" in _ok(run_capped("summary", bradford_path, "--taxonomy", "data/taxonomy.yaml"))


# --- output that cannot be written --------------------------------------------------------------
@pytest.mark.parametrize(
    "command",
    [["gaps"], ["summary"], ["map", "-o", "-"], ["export", "--format", "json", "-o", "-"], ["report", "-o", "-"]],
)
def test_a_full_disk_is_one_line_and_exit_3(command, bradford_path):
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "partnermap", command[0], str(bradford_path), *command[1:]],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    assert result.returncode == 3, result.stderr[-2000:]
    err = result.stderr.strip()
    assert len(err.splitlines()) == 1 and "No space left on device" in err and "internal error" not in err


def test_output_to_an_ordinary_file_still_works(bradford_path, tmp_path):
    """The negative case: the same commands writing where there is room."""
    with open(tmp_path / "out.txt", "w") as out:
        result = subprocess.run(
            [sys.executable, "-m", "partnermap", "gaps", str(bradford_path)],
            stdout=out,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    assert result.returncode == 0 and (tmp_path / "out.txt").stat().st_size > 1000


def test_matplotlib_says_nothing_on_a_successful_paper(tmp_path):
    plan = _plan(
        tmp_path / "glyphs.csv", [["Costs $5k to $\\frac{1}{0} 中文 \x1b[31m", "Bradford MDC", "x", "March 2018"]]
    )
    _ok(run_capped("report", plan, "-o", tmp_path / "paper.md", "--as-of", "2018-06-30"))
