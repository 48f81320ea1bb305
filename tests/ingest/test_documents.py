"""Word, PDF and web-page plans, made by the tests: read through the same row assembler as the rest."""

from __future__ import annotations

import json
import zipfile

import pytest
from click.testing import CliRunner

from partnermap.cli import cli
from partnermap.errors import InputError
from partnermap.ingest import read_plan, sniff_format
from partnermap.resources import sample_plan
from tests.ingest.documents import html_table, to_pdf, web_page, word_document

HEADER = ["Action", "Lead", "Outcome", "Timescale"]


@pytest.fixture(scope="module")
def bradford():
    return read_plan(sample_plan())


def bradford_rows(plan) -> list[list[str | None]]:
    """The Bradford plan as table rows: header, a theme row before each theme, then its activities
    (each with its cells as read, bold prefixes kept)."""
    rows = [["Activities", "Lead Officer/Organisations", "Expected Outcomes", "Timescales"]]
    theme = None
    for activity in plan.activities:
        if activity.theme is not theme:
            theme = activity.theme
            rows.append([f"<b>{theme.number}. {theme.name}</b>", None, None, None])
        rows.append([*activity.provenance.raw, *[None] * (4 - len(activity.provenance.raw))])
    return rows


def assert_reads_as_bradford(plan, bradford):
    assert len(plan.activities) == 34
    assert [t.number for t in plan.themes] == [1, 2, 4]
    assert plan.title == bradford.title
    leads = lambda name: sum(any(o.name == name for o in a.leads) for a in plan.activities)  # noqa: E731
    assert (leads("Bradford MDC"), leads("West Yorkshire Police")) == (34, 5)
    assert sum(a.kind == "Local Project" for a in plan.activities) == 7
    for got, want in zip(plan.activities, bradford.activities):
        assert got.text == want.text
        assert got.lead_text == want.lead_text and [o.name for o in got.leads] == [o.name for o in want.leads]
        assert (got.outcome.text if got.outcome else None) == (want.outcome.text if want.outcome else None)
        assert got.timescale.as_dict() == want.timescale.as_dict()
        assert (got.theme.number, got.kind) == (want.theme.number, want.kind)
    assert {w.code for w in plan.warnings} <= {"theme_numbering_gap", "row_merged"}


@pytest.fixture(scope="module")
def bradford_docx(tmp_path_factory, bradford):
    folder = tmp_path_factory.mktemp("bradford-docs")
    return word_document(folder / "bradford-prevent-plan-2017-19.docx", [bradford_rows(bradford)], title=bradford.title)


@pytest.fixture(scope="module")
def bradford_pdf(bradford_docx):
    return to_pdf(bradford_docx)


def test_bradford_as_word_reads_exactly_as_the_extracted_text(bradford_docx, bradford):
    plan = read_plan(bradford_docx)
    assert_reads_as_bradford(plan, bradford)
    assert plan.report.merges == 0 and plan.report.theme_rows == 3
    assert plan.activities[0].provenance.location() == f"{bradford_docx}:table 1, row 4"


def test_bradford_as_pdf_reads_exactly_as_the_extracted_text(bradford_pdf, bradford):
    """LibreOffice's PDF repeats the header on every page and breaks long rows across pages."""
    plan = read_plan(bradford_pdf)
    assert_reads_as_bradford(plan, bradford)
    pages = {a.provenance.page for a in plan.activities}
    assert len(pages) >= 3 and min(pages) == 1
    merged = [w for w in plan.warnings if w.code == "row_merged"]
    assert plan.report.merges == len(merged) > 0  # rows cut by a page break, put back together
    assert plan.report.rows_read == (
        plan.report.activities
        + plan.report.merges
        + plan.report.theme_rows
        + plan.report.header_rows
        + plan.report.warning_rows
    )
    # the repeated header rows are dropped, not read as activities
    assert not any(a.text.startswith("Activities") for a in plan.activities)


def test_gaps_on_word_and_pdf_equal_gaps_on_the_text(bradford_docx, bradford_pdf):
    def kinds(path):
        result = CliRunner().invoke(cli, ["gaps", str(path), "--as-of", "2018-07-01", "--format", "json"])
        assert result.exit_code == 0, result.output
        return sorted((g["kind"], g["subject"].split(":")[-1]) for g in json.loads(result.stdout)["gaps"])

    text = kinds(sample_plan())
    assert kinds(bradford_docx) == text
    assert kinds(bradford_pdf) == text


def test_a_plan_split_over_tables_with_headings_between(tmp_path):
    tables = [
        [HEADER, ["Train staff", "Bradford MDC", "Staff trained", "Jan 2019"]],
        [
            HEADER,
            ["Brief governors", "Bradford MDC", "Governors briefed", "Feb 2019"],
            ["Visit mosques", "West Yorkshire Police", "Visits made", "March 2019"],
        ],
    ]
    path = word_document(
        tmp_path / "split.docx",
        tables,
        title="Split plan",
        between=[["<b>Theme 1: Leadership</b>"], ["<b>Theme 2: Schools</b>"]],
    )
    plan = read_plan(path)
    assert [a.text for a in plan.activities] == ["Train staff", "Brief governors", "Visit mosques"]
    assert [(a.theme.number, a.theme.name) for a in plan.activities] == [
        (1, "Leadership"),
        (2, "Schools"),
        (2, "Schools"),
    ]
    assert plan.title == "Split plan"
    assert not [w for w in plan.warnings if w.code == "table_skipped"]


def test_an_unrelated_table_before_the_plan_is_skipped_and_said(tmp_path):
    unrelated = [["Version", "Date", "Author"], ["0.3", "1 May 2018", "Prevent team"]]
    path = word_document(
        tmp_path / "with-key.docx",
        [[HEADER, ["Train staff", "Bradford MDC", "Done", "2019"]]],
        unrelated=unrelated,
        title="Plan",
    )
    plan = read_plan(path)
    assert [a.text for a in plan.activities] == ["Train staff"]
    skipped = [w for w in plan.warnings if w.code == "table_skipped"]
    assert len(skipped) == 1 and "table 1 (2 rows; first row: 'Version | Date | Author')" in skipped[0].message
    assert plan.report.warning_rows == 2  # its rows are accounted for, not silently dropped
    with pytest.raises(InputError, match="no column header row found"):
        read_plan(path, {"table": 1})
    assert [a.text for a in read_plan(path, {"table": 2}).activities] == ["Train staff"]
    with pytest.raises(InputError, match="there is no table 3"):
        read_plan(path, {"table": 3})


def test_theme_rows_merged_across_and_a_theme_merged_down(tmp_path):
    import docx

    document = docx.Document()
    table = document.add_table(rows=5, cols=4)
    for cell, text in zip(table.rows[0].cells, ["Priority", "Action", "Lead", "By when"]):
        cell.text = text
    rows = [
        ["Safer schools", "Train staff", "Bradford MDC", "Jan 2019"],
        [None, "Brief governors", "Bradford MDC", "Feb 2019"],
        ["Safer streets", "Patrols", "West Yorkshire Police", "Mar 2019"],
        [None, "Visits", "West Yorkshire Police", "Apr 2019"],
    ]
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values):
            if value:
                table.cell(r, c).text = value
    table.cell(1, 0).merge(table.cell(2, 0))  # the theme merged down its two activities
    table.cell(3, 0).merge(table.cell(4, 0))
    path = tmp_path / "merged.docx"
    document.save(path)
    plan = read_plan(path)
    assert [(a.text, a.theme.name) for a in plan.activities] == [
        ("Train staff", "Safer schools"),
        ("Brief governors", "Safer schools"),
        ("Patrols", "Safer streets"),
        ("Visits", "Safer streets"),
    ]


def test_a_nested_table_is_flattened_with_a_warning(tmp_path):
    import docx

    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ["Action", "Lead", "Timescale"]):
        cell.text = text
    table.cell(1, 0).text = "Train staff"
    inner = table.cell(1, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "Bradford MDC"
    inner.cell(0, 1).text = "West Yorkshire Police"
    table.cell(1, 2).text = "2019"
    path = tmp_path / "nested.docx"
    document.save(path)
    plan = read_plan(path)
    assert [o.name for o in plan.activities[0].leads] == ["Bradford MDC", "West Yorkshire Police"]
    assert any(w.code == "nested_table" for w in plan.warnings)


def test_the_title_property_wins(tmp_path):
    path = word_document(
        tmp_path / "t.docx",
        [[HEADER, ["Train staff", "Bradford MDC", "Done", "2019"]]],
        title="First heading",
        core_title="Community Safety Plan 2024-25",
    )
    assert read_plan(path).title == "Community Safety Plan 2024-25"


def test_bradford_as_a_saved_web_page(tmp_path, bradford):
    rows = []
    for row in bradford_rows(bradford):
        if row[1] is None:  # a theme row across the table
            rows.append([f"<td colspan='4'><strong>{row[0][3:-4]}</strong></td>"])
        else:
            rows.append([(c or "").replace("\n", "<br>") for c in row])
    path = web_page(tmp_path / "bradford.html", [html_table(rows)], title="Bradford page", h1=bradford.title)
    assert sniff_format(path.read_bytes()) == "html"
    assert_reads_as_bradford(read_plan(path), bradford)


def test_web_rowspan_colspan_and_title(tmp_path):
    table = (
        "<table><thead><tr><th>Objective</th><th>Action</th><th>Lead</th><th>Timescale</th></tr></thead>"
        "<tbody><tr><td rowspan='2'>Safer schools</td><td>Train staff</td><td>Bradford MDC</td>"
        "<td>Jan 2019</td></tr><tr><td>Brief governors</td><td>Bradford MDC</td><td>Feb 2019</td></tr>"
        "<tr><td colspan='4'><b>2. SAFER STREETS</b></td></tr>"
        "<tr><td></td><td>Patrols &amp; visits</td><td>West Yorkshire Police</td><td>Mar 2019</td></tr>"
        "</tbody></table>"
    )
    path = web_page(tmp_path / "page.htm", ["<table><tr><td>Skip me</td></tr></table>", table], title="The page title")
    plan = read_plan(path)
    assert plan.title == "The page title"
    assert [(a.text, a.theme.name) for a in plan.activities] == [
        ("Train staff", "Safer schools"),
        ("Brief governors", "Safer schools"),
        ("Patrols & visits", "SAFER STREETS"),
    ]
    assert any(w.code == "table_skipped" for w in plan.warnings)


def test_a_pdf_table_without_ruling_lines_is_read_from_its_text_alignment(tmp_path):
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen import canvas

    path = tmp_path / "unruled.pdf"
    pdf = canvas.Canvas(str(path), pagesize=landscape(A4))
    pdf.setFont("Helvetica-Bold", 16)
    pdf.drawString(40, 540, "Unruled Plan 2019")
    rows = [
        HEADER,
        ["Train staff", "Bradford MDC", "Staff trained", "Jan 2019"],
        ["Brief governors", "West Yorkshire Police", "Governors briefed", "Feb 2019"],
    ]
    for r, row in enumerate(rows):
        pdf.setFont("Helvetica-Bold" if r == 0 else "Helvetica", 10)
        for c, text in enumerate(row):
            pdf.drawString(40 + 190 * c, 500 - 24 * r, text)
    pdf.save()
    plan = read_plan(path)
    assert plan.title == "Unruled Plan 2019"
    assert [(a.text, a.lead_text, a.timescale.text) for a in plan.activities] == [
        ("Train staff", "Bradford MDC", "Jan 2019"),
        ("Brief governors", "West Yorkshire Police", "Feb 2019"),
    ]


def _image_only_pdf(path):
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path))
    pdf.rect(100, 100, 300, 300, fill=1)  # shapes, no text: what a scan looks like to a reader
    pdf.showPage()
    pdf.save()


def _encrypted_pdf(path):
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), encrypt=pdfencrypt.StandardEncryption("user-secret", "owner-secret"))
    pdf.drawString(100, 700, "Action Lead Timescale")
    pdf.save()


@pytest.mark.parametrize(
    "name, make, message",
    [
        (
            "scan.pdf",
            _image_only_pdf,
            "the PDF has no text layer (1 page of images, as a scan gives); partnermap does no OCR",
        ),
        ("locked.pdf", _encrypted_pdf, "the PDF is encrypted (password protected)"),
        ("broken.pdf", lambda p: p.write_bytes(b"%PDF-1.7\n garbage that is not a PDF\n"), "not a readable PDF"),
        ("fake.pdf", lambda p: p.write_bytes(b"hello, not a pdf"), "not a PDF file"),
        ("empty.pdf", lambda p: p.write_bytes(b""), "the file is empty"),
        ("broken.docx", lambda p: p.write_bytes(b"PK\x03\x04 not really a zip"), "not a readable Word .docx document"),
        (
            "old.docx",
            lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600),
            "an old binary .doc or an encrypted document",
        ),
        ("other.docx", lambda p: zipfile.ZipFile(p, "w").writestr("hello.txt", "hi"), "not a Word .docx document"),
        ("empty.docx", lambda p: word_document(p, [], title="Only a title"), "no table in the document"),
        (
            "no-tables.html",
            lambda p: p.write_text("<html><body><p>No plan here</p></body></html>"),
            "no table in the document",
        ),
    ],
)
def test_bad_documents_are_one_line_errors_exit_3(tmp_path, name, make, message):
    path = tmp_path / name
    make(path)
    result = CliRunner().invoke(cli, ["gaps", str(path)])
    assert result.exit_code == 3, result.output
    assert result.stderr.startswith(f"Error: {path}: ") and message in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_the_cli_reads_documents_from_standard_input_and_takes_table(bradford_docx):
    data = bradford_docx.read_bytes()
    assert sniff_format(data) == "docx"
    result = CliRunner().invoke(cli, ["summary", "-", "--format", "json"], input=data)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["plans"][0]["activities"] == 34
    result = CliRunner().invoke(cli, ["summary", str(bradford_docx), "--table", "2"])
    assert result.exit_code == 3 and "there is no table 2: the document has 1 table" in result.stderr
