"""Hostile Word (.docx) plans: each file is made here in a few lines (python-docx, then a rewrite of
``word/document.xml`` or ``word/styles.xml``) and read by the real command in a fresh process under
an address-space cap and a time limit: a correct read, or exit 3 with one line naming the limit.
"""

from __future__ import annotations

import json

import pytest
from docx import Document

from tests.ingest.test_hostile import one_line_error, replace_part, run_bounded

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
PROLOG = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'


def cell(text: str, props: str = "", style: str = "", bold: bool = False) -> str:
    p_pr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    tc_pr = f"<w:tcPr>{props}</w:tcPr>" if props else ""
    r_pr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:tc>{tc_pr}<w:p>{p_pr}<w:r>{r_pr}<w:t xml:space="preserve">{text}</w:t></w:r></w:p></w:tc>'


def row(*cells: str) -> str:
    return "<w:tr>" + "".join(cells) + "</w:tr>"


def plan_table(n: int, style: str = "", extra: str = "") -> str:
    """A plan table of ``n`` activities (``extra``: more rows' XML after the header)."""
    rows = [row(cell("Action"), cell("Lead"), cell("Timescale"))]
    rows.append(extra)
    rows.extend(row(cell(f"Activity {i}", style=style), cell("Police"), cell("2026")) for i in range(n))
    return "<w:tbl>" + "".join(rows) + "</w:tbl>"


def word_file(path, body: str, *, prolog: str = PROLOG, encoding: str = "utf-8", styles: str | None = None):
    """A .docx whose document.xml body is ``body`` (and styles.xml gets ``styles`` before its end)."""
    Document().save(path)
    xml = f"{prolog}<w:document {W_NS}><w:body>{body}</w:body></w:document>"
    replace_part(path, "word/document.xml", xml.encode(encoding))
    if styles is not None:
        import zipfile

        old = zipfile.ZipFile(path).read("word/styles.xml").decode()
        replace_part(path, "word/styles.xml", old.replace("</w:styles>", styles + "</w:styles>").encode())
    return path


def summary_json(result) -> dict:
    assert result.returncode == 0, (result.returncode, result.stderr[-2000:])
    return json.loads(result.stdout)


def style(style_id: str, based_on: str) -> str:
    return (
        f'<w:style w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{style_id}"/>'
        f'<w:basedOn w:val="{based_on}"/></w:style>'
    )


@pytest.mark.parametrize("styles, used", [(style("Loop", "Loop"), "Loop"), (style("A", "B") + style("B", "A"), "A")])
def test_a_style_based_on_itself_is_read_not_looped(tmp_path, styles, used):
    path = word_file(tmp_path / "loop.docx", plan_table(3, style=used), styles=styles)
    data = summary_json(run_bounded("summary", path, "--format", "json", timeout=60))
    assert data["plans"][0]["activities"] == 3


@pytest.mark.parametrize("value", ["abc", "2.5", "", "-4"])
def test_a_bad_grid_span_counts_as_one_with_a_warning(tmp_path, value):
    theme = row(cell("Schools theme", props=f'<w:gridSpan w:val="{value}"/>', bold=True))
    path = word_file(tmp_path / "span.docx", plan_table(2, extra=theme))
    data = summary_json(run_bounded("summary", path, "--format", "json", timeout=60))
    assert data["plans"][0]["activities"] == 2
    assert any("gridSpan" in w["message"] and repr(value) in w["message"] for w in data["warnings"]), data["warnings"]


def test_a_huge_grid_span_is_capped_with_a_warning(tmp_path):
    theme = row(cell("Schools theme", props='<w:gridSpan w:val="2000000000"/>', bold=True))
    path = word_file(tmp_path / "span.docx", plan_table(2, extra=theme))
    data = summary_json(run_bounded("summary", path, "--format", "json", timeout=60))
    assert data["plans"][0]["activities"] == 2
    assert any("gridSpan" in w["message"] and "1000" in w["message"] for w in data["warnings"]), data["warnings"]
    # without the cap's negative: a span within it is no warning
    ok = word_file(tmp_path / "ok.docx", plan_table(2, extra=row(cell("Schools", props='<w:gridSpan w:val="3"/>'))))
    assert not any(
        "gridSpan" in w["message"] for w in summary_json(run_bounded("summary", ok, "--format", "json"))["warnings"]
    )


DTD = '<!DOCTYPE w:document [<!ENTITY a "b">]>'


@pytest.mark.parametrize(
    "prolog, encoding",
    [
        (PROLOG + "<!-- <a -->" + DTD, "utf-8"),
        (PROLOG + "<?pi <a?>" + DTD, "utf-8"),
        ('<?xml version="1.0" encoding="UTF-16"?>' + DTD, "utf-16"),
    ],
)
def test_a_dtd_anywhere_before_the_root_is_refused(tmp_path, prolog, encoding):
    path = word_file(tmp_path / "dtd.docx", plan_table(2), prolog=prolog, encoding=encoding)
    one_line_error(run_bounded("summary", path, timeout=60), path, "declares a DTD")


def test_a_utf16_part_without_a_dtd_is_read(tmp_path):
    path = word_file(
        tmp_path / "utf16.docx", plan_table(2), prolog='<?xml version="1.0" encoding="UTF-16"?>', encoding="utf-16"
    )
    assert summary_json(run_bounded("summary", path, "--format", "json"))["plans"][0]["activities"] == 2


def test_a_long_table_is_read_in_linear_time(tmp_path):
    # 20,000 rows took 52 s when python-docx looked the default style up once per paragraph
    path = word_file(tmp_path / "long.docx", plan_table(20_000))
    data = summary_json(run_bounded("summary", path, "--format", "json", timeout=60))
    assert data["plans"][0]["activities"] == 20_000


def test_a_document_part_over_the_markup_limit_is_refused_unread(tmp_path):
    # 60 MB of paragraphs in a file of a few hundred kB
    body = "<w:p><w:r><w:t>" + "x" * 1000 + "</w:t></w:r></w:p>"
    path = word_file(tmp_path / "big.docx", plan_table(2) + body * 60_000)
    assert path.stat().st_size < 1_000_000
    one_line_error(run_bounded("summary", path, timeout=60), path, "--max-markup")


def test_paragraphs_over_the_paragraph_limit_are_refused_naming_it(tmp_path):
    path = word_file(tmp_path / "many.docx", plan_table(2) + "<w:p><w:r><w:t>x</w:t></w:r></w:p>" * 5_000)
    one_line_error(run_bounded("summary", path, "--max-paragraphs", "1000"), path, "--max-paragraphs")
    assert run_bounded("summary", path, "--max-paragraphs", "10000").returncode == 0


def test_too_many_styles_are_refused_naming_the_limit(tmp_path):
    styles = "".join(
        f'<w:style w:type="paragraph" w:styleId="S{i}"><w:name w:val="S{i}"/></w:style>' for i in range(50_000)
    )
    path = word_file(tmp_path / "styles.docx", plan_table(200), styles=styles)
    one_line_error(run_bounded("summary", path, timeout=60), path, "--max-styles")
    assert run_bounded("summary", path, "--max-styles", "60000", timeout=60).returncode == 0


def test_a_cell_of_many_words_before_an_acronym_is_read_in_linear_time(tmp_path):
    words = "Ab " * 100_000 + "(XY)"
    path = word_file(tmp_path / "words.docx", plan_table(2, extra=row(cell(words), cell("Police"), cell("2026"))))
    assert summary_json(run_bounded("summary", path, "--format", "json", timeout=60))["plans"][0]["activities"] == 3


def test_a_macro_enabled_document_is_read_and_never_named_as_a_buffer(tmp_path):
    import zipfile

    path = word_file(tmp_path / "macros.docx", plan_table(2))
    types = zipfile.ZipFile(path).read("[Content_Types].xml").decode()
    types = types.replace("officedocument.wordprocessingml.document.main+xml", "ms-word.document.macroEnabled.main+xml")
    assert "macroEnabled" in types
    replace_part(path, "[Content_Types].xml", types.encode())
    result = run_bounded("summary", path, "--format", "json")
    assert "BytesIO" not in result.stderr
    assert summary_json(result)["plans"][0]["activities"] == 2
