"""Hostile web-page plans, made here as strings and read by the real command in a fresh process
under an address-space cap and a time limit: a correct read, or exit 3 with one line naming the
limit.
"""

from __future__ import annotations

import json

import pytest

from tests.ingest.test_hostile import one_line_error, run_bounded

HEAD = "<tr><th>Action</th><th>Lead</th><th>Timescale</th></tr>"


def page(body: str, head: str = "<meta charset='utf-8'>") -> str:
    return f"<!DOCTYPE html><html><head>{head}<title>Plan</title></head><body>{body}</body></html>"


def plan_table(extra: str = "", n: int = 2) -> str:
    rows = "".join(f"<tr><td>Activity {i}</td><td>Police</td><td>2026</td></tr>" for i in range(n))
    return f"<table>{HEAD}{extra}{rows}</table>"


def summary_json(result) -> dict:
    assert result.returncode == 0, (result.returncode, result.stderr[-2000:])
    return json.loads(result.stdout)


def test_tables_nested_deep_in_a_cell_are_read_in_linear_time(tmp_path):
    nested = "<table><tr><td>a</td><td>" * 30 + "core" + "</td></tr></table>" * 30
    path = tmp_path / "nested.html"
    path.write_text(page(plan_table(f"<tr><td>Deep {nested}</td><td>Police</td><td>2026</td></tr>")))
    data = summary_json(run_bounded("summary", path, "--format", "json", timeout=60))
    assert data["plans"][0]["activities"] == 3
    assert any(w["code"] == "nested_table" for w in data["warnings"])


def test_a_nested_tables_rows_are_its_own(tmp_path):
    # a cell's table of two rows, one of them holding a table of its own: each row read once
    inner = "<table><tr><td>one</td></tr><tr><td>two<table><tr><td>three</td></tr></table></td></tr></table>"
    path = tmp_path / "nested.html"
    path.write_text(page(plan_table(f"<tr><td>Outer {inner}</td><td>Police</td><td>2026</td></tr>", n=0)))
    result = run_bounded("inspect", path, "--format", "json")
    assert result.returncode == 0, result.stderr[-2000:]
    texts = [r["text"] for r in json.loads(result.stdout)["rows"] if r["became"].startswith("activity")]
    assert len(texts) == 1 and texts[0].count("three") == 1 and texts[0].count("one") == 1, texts


def test_a_table_of_huge_spans_is_refused_naming_the_limit(tmp_path):
    row = "<tr>" + "<td colspan=1000>x</td>" * 1000 + "</tr>"
    path = tmp_path / "spans.html"
    path.write_text(page(plan_table(row * 200)))
    one_line_error(run_bounded("summary", path, timeout=60), path, "--max-table-cells")
    small = tmp_path / "small.html"
    small.write_text(page(plan_table(n=3)))
    one_line_error(run_bounded("summary", small, "--max-table-cells", "6"), small, "--max-table-cells")
    assert run_bounded("summary", small, "--max-table-cells", "20").returncode == 0


def test_a_page_over_the_markup_limit_is_refused_unparsed(tmp_path):
    path = tmp_path / "big.html"
    path.write_text(page(plan_table(n=2_000)))
    one_line_error(run_bounded("summary", path, "--max-markup", "50kB"), path, "--max-markup")
    assert run_bounded("summary", path, "--max-markup", "1MB").returncode == 0


def test_paragraphs_over_the_paragraph_limit_are_refused_naming_it(tmp_path):
    path = tmp_path / "many.html"
    path.write_text(page(plan_table() + "<p>x</p>" * 2_000))
    one_line_error(run_bounded("summary", path, "--max-paragraphs", "1000"), path, "--max-paragraphs")
    assert run_bounded("summary", path, "--max-paragraphs", "3000").returncode == 0


@pytest.mark.parametrize(
    "head, codec",
    [
        ("<meta charset='windows-1251'>", "cp1251"),
        ('<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-7">', "iso-8859-7"),
        ("<meta charset='koi8-r'>", "koi8-r"),
    ],
)
def test_a_declared_charset_is_honoured(tmp_path, head, codec):
    text = {"cp1251": "Обучение персонала", "iso-8859-7": "Εκπαίδευση προσωπικού", "koi8-r": "Обучение"}[codec]
    path = tmp_path / "charset.html"
    path.write_bytes(page(plan_table(f"<tr><td>{text}</td><td>Police</td><td>2026</td></tr>", n=0), head).encode(codec))
    result = run_bounded("inspect", path, "--format", "json")
    assert result.returncode == 0, result.stderr[-2000:]
    texts = [r["text"] for r in json.loads(result.stdout)["rows"] if r["became"].startswith("activity")]
    assert texts == [f"{text} | Police | 2026"]


def test_an_unknown_declared_charset_is_warned_about(tmp_path):
    path = tmp_path / "charset.html"
    path.write_text(page(plan_table(), "<meta charset='x-no-such-charset'>"))
    data = summary_json(run_bounded("summary", path, "--format", "json"))
    assert any("x-no-such-charset" in w["message"] for w in data["warnings"]), data["warnings"]
    utf8 = tmp_path / "utf8.html"
    utf8.write_text(page(plan_table()))
    assert not any(
        "charset" in w["message"] for w in summary_json(run_bounded("summary", utf8, "--format", "json"))["warnings"]
    )


def test_a_cell_of_many_words_before_an_acronym_is_read_in_linear_time(tmp_path):
    path = tmp_path / "words.html"
    path.write_text(page(plan_table("<tr><td>" + "Ab " * 100_000 + "(XY)</td><td>Police</td><td>2026</td></tr>")))
    assert summary_json(run_bounded("summary", path, "--format", "json", timeout=60))["plans"][0]["activities"] == 3
