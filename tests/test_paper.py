"""`partnermap report`: the board paper in Word, HTML and Markdown, its figures checked against the
other commands' JSON (each run in its own process), the HTML in real headless Chromium."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.viz.browser import available, chromium, requests

AS_OF = "2018-07-01"


def run(*args, check=True):
    result = subprocess.run(
        [sys.executable, "-m", "partnermap", *map(str, args)],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
        timeout=120,
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


def as_json(*args):
    return json.loads(run(*args, "--format", "json").stdout)


@pytest.fixture(scope="module")
def gaps(bradford_path):
    return as_json("gaps", bradford_path, "--as-of", AS_OF)


@pytest.fixture(scope="module")
def docx_paper(tmp_path_factory, bradford_path):
    from docx import Document

    path = tmp_path_factory.mktemp("paper") / "paper.docx"
    run("report", bradford_path, "-o", path, "--as-of", AS_OF, "--title", "Prevent board, July 2018")
    return Document(str(path))


@pytest.fixture(scope="module")
def data(bradford_path):
    from partnermap.ingest.timescale import parse_date
    from partnermap.pipeline import build
    from partnermap.report.paper import paper_data

    return paper_data(build([bradford_path]).graph, as_of=parse_date(AS_OF))


def _table_rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_the_word_paper_has_real_headings_tables_and_pictures(docx_paper, gaps):
    doc = docx_paper
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings[0] == ("Title", "Prevent board, July 2018")
    level1 = [text for style, text in headings if style == "Heading 1"]
    assert level1 == ["Summary", "Key findings", "Pictures", "Appendix: every activity"]
    medium = sum(g["severity"] == "medium" for g in gaps["gaps"])
    low = sum(g["severity"] == "low" for g in gaps["gaps"])
    # themes, progress, one table per medium/low severity present, the appendix
    assert len(doc.tables) == 2 + (medium > 0) + (low > 0) + 1
    assert all(t.style.name == "Light Grid Accent 1" for t in doc.tables)
    shapes = doc.inline_shapes
    assert len(shapes) == 4
    alts = [s._inline.docPr.get("descr") for s in shapes]
    assert all(alt and len(alt) > 40 for alt in alts) and alts[0].startswith("Heatmap of")
    assert doc.core_properties.title == "Prevent board, July 2018"


def test_the_word_paper_counts_are_the_gap_reports(docx_paper, gaps, bradford_path):
    doc = docx_paper
    progress = dict(_table_rows(doc.tables[1])[1:])
    overdue = sum(g["kind"] == "overdue" for g in gaps["gaps"])
    assert overdue > 0 and progress["Overdue"] == str(overdue)
    # Bradford's plan has no status column; two timescales say the work is done (lines 15 and 31)
    assert (progress["Complete"], progress["No status recorded"], progress["On track"]) == ("2", "32", "0")
    themes = dict(_table_rows(doc.tables[0])[1:])
    summary = as_json("summary", bradford_path)
    assert themes == {f"{t['number']}. {t['name']}": str(t["activities"]) for t in summary["themes"]}
    assert sum(map(int, themes.values())) == 34
    highs = [p.text for p in doc.paragraphs if p.style.name == "List Bullet"]
    assert len(highs) == sum(g["severity"] == "high" for g in gaps["gaps"])
    summary = " ".join(p.text for p in doc.paragraphs)
    assert "Findings are as of 1 July 2018, the date asked for (--as-of)." in summary
    medium_rows = _table_rows(doc.tables[2])
    assert medium_rows[0] == ["Gap", "Subject", "Finding", "Where"]
    assert len(medium_rows) - 1 == sum(g["severity"] == "medium" for g in gaps["gaps"])


def test_the_word_appendix_lists_every_activity_in_a_landscape_section(docx_paper, bradford_path):
    from docx.enum.section import WD_ORIENT

    doc = docx_paper
    rows = _table_rows(doc.tables[-1])
    assert rows[0] == ["No.", "Theme", "Activity", "Lead", "Timescale", "Status", "Source"]
    assert len(rows) == 35
    first = rows[1]
    assert first[2].startswith("Review CONTEST Governance") and first[4] == "Sept/ Oct 2018"
    assert first[6] == f"{bradford_path.name}:7"
    assert doc.sections[-1].orientation == WD_ORIENT.LANDSCAPE and len(doc.sections) == 2
    footer = doc.sections[0].footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "fldChar" in footer


def test_the_figures_draw_the_other_commands_figures(data, bradford_path, gaps):
    figures = data.figures
    cov = as_json("coverage", bradford_path)
    assert figures.coverage["sectors"] == [s["name"] for s in cov["sectors"]]
    assert figures.coverage["counts"] == [list(s["counts"].values()) for s in cov["sectors"]]
    # the sectors no activity reaches: without engagement, or a missing statutory partner nothing reaches
    unreached = [
        g["label"]
        for g in gaps["gaps"]
        if g["kind"] == "sector_without_engagement" or (g["kind"] == "statutory_partner_missing" and not g["evidence"])
    ]
    assert figures.network["unreached"] == unreached and "Early years" in unreached
    assert "Schools" not in unreached  # reached (assemblies), though no school delivers: statutory, not unreached
    overdue = {g["subject"] for g in gaps["gaps"] if g["kind"] == "overdue"}
    drawn = {r["activity"] for r in figures.timeline["rows"] if r["overdue"]}
    assert drawn == overdue
    partners = as_json("partners", bradford_path)
    assert {r["organisation"]: r["led"] for r in figures.led["rows"]} == {r["organisation"]: r["led"] for r in partners}
    assert data.summary.gaps == {s: sum(g["severity"] == s for g in gaps["gaps"]) for s in ("high", "medium", "low")}


def test_markdown_writes_its_figures_beside_it(tmp_path, bradford_path):
    path = tmp_path / "paper.md"
    result = run("report", bradford_path, "-o", path, "--as-of", AS_OF)
    assert result.stdout == (
        f"Wrote the paper to {path} and its pictures beside it (paper-coverage.png, "
        "paper-timeline.png, paper-network.png, paper-led.png)\n"
    )
    text = path.read_text()
    for name in ("coverage", "timeline", "network", "led"):
        png = tmp_path / f"paper-{name}.png"
        assert png.read_bytes().startswith(b"\x89PNG") and f"](paper-{name}.png)" in text
    assert text.startswith("# Board paper: Bradford District Prevent Plan 2017-19")
    assert "## Key findings" in text and "| No. | Theme | Activity |" in text


def test_hostile_plan_text_stays_text_in_every_format(tmp_path):
    plan = tmp_path / "hostile.csv"
    plan.write_text(
        'Action,Lead,Timescale\n"<script>alert(1)</script> <img src=x onerror=alert(2)>",'
        '"=HYPERLINK(""http://x"")",March 2018\n"Ring | pipe \x0b tab",Police,2019\n',
        encoding="utf-8",
    )
    page = run("report", plan, "-o", "-").stdout
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page and "\x0b" not in page
    run("report", plan, "-o", tmp_path / "hostile.docx")
    md = tmp_path / "hostile.md"
    run("report", plan, "-o", md)
    assert "Ring \\| pipe" in md.read_text()


def test_output_errors_are_one_line(tmp_path, bradford_path):
    missing = tmp_path / "no" / "paper.docx"
    result = run("report", bradford_path, "-o", missing, check=False)
    assert result.returncode == 3 and result.stderr.strip().splitlines() == [
        f"Error: {missing}: cannot write the paper: No such file or directory"
    ]
    result = run("report", bradford_path, "-o", tmp_path / "paper.pdf", check=False)
    assert result.returncode == 2 and "name it .docx, .html or .md" in result.stderr
    result = run("report", bradford_path, "-o", "-", "--format", "docx", check=False)
    assert result.returncode == 2 and "only an HTML paper" in result.stderr


def test_compare_adds_what_changed(tmp_path, bradford_path):
    old = Path(__file__).parent / "fixtures" / "bradford-prevent-plan-2019-21.txt"
    path = tmp_path / "paper.html"
    run("report", bradford_path, "--compare", old, "-o", path)
    cmp = as_json("compare", old, bradford_path)
    page = path.read_text()
    assert "<h2>What changed</h2>" in page
    added = len(cmp["added"])
    assert f"{added} added" in page


@pytest.mark.skipif(not available(), reason="needs Debian's chromium and chromedriver")
def test_the_html_paper_renders_offline_in_chromium(tmp_path, bradford_path):
    path = tmp_path / "paper.html"
    run("report", bradford_path, "-o", path, "--as-of", AS_OF)
    driver = chromium(1200, 900)
    try:
        driver.get(path.resolve().as_uri())
        loaded = driver.execute_script(
            "return Array.from(document.images).map(i => [i.complete && i.naturalWidth > 0, i.alt.length])"
        )
        assert len(loaded) == 4 and all(ok and alt > 40 for ok, alt in loaded)
        errors = [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
        assert errors == []
        asked = [u for u in requests(driver) if not u.startswith(("data:", path.resolve().as_uri()))]
        assert asked == []
        headings = driver.execute_script("return Array.from(document.querySelectorAll('h2')).map(h => h.textContent)")
        assert headings == ["Summary", "Key findings", "Pictures", "Appendix: every activity"]
        rows = driver.execute_script(
            "return document.querySelectorAll('table')[document.querySelectorAll('table').length - 1].rows.length"
        )
        assert rows == 35
    finally:
        driver.quit()


def test_several_plans_make_one_paper(tmp_path, bradford_path):
    other = Path(__file__).parent / "fixtures" / "bradford-prevent-plan-2019-21.txt"
    path = tmp_path / "both.md"
    run("report", bradford_path, other, "-o", path, "--as-of", "2020-01-01")
    text = path.read_text()
    report = as_json("gaps", bradford_path, other, "--as-of", "2020-01-01")
    assert "2 plans: Bradford District Prevent Plan 2017-19" in text
    high = sum(g["severity"] == "high" for g in report["gaps"])
    assert text.count("\n- ") == high
    appendix = text.split("## Appendix: every activity\n", 1)[1]
    rows = [line for line in appendix.splitlines() if line.startswith("| ") and not line.startswith("| --- ")]
    assert len(rows) - 1 == sum(p["activities"] for p in report["plans"])  # less the header row
