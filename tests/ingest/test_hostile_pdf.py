"""Hostile PDF plans, made here with pikepdf in a few lines and read by the real command in a fresh
process under an address-space cap and a time limit: a correct read, or exit 3 with one line naming
the limit (never exit 5, never a hang).
"""

from __future__ import annotations

import json
import zlib

import pikepdf
import pytest
from pikepdf import Dictionary, Name

from tests.ingest.test_hostile import one_line_error, run_bounded

ROWS = [
    ["Action", "Lead", "Timescale"],
    ["Train school staff", "Bradford Council", "March 2018"],
    ["Audit referrals", "West Yorkshire Police", "2019"],
    ["Faith forum", "Interfaith Network", "2019"],
]


def table_content(rows=ROWS, *, left=40.0, top=560.0, widths=(260.0, 200.0, 120.0), height=24.0) -> bytes:
    """Content-stream operators drawing ``rows`` as a ruled table (text in Helvetica as /F1)."""
    ops = ["0.5 w"]
    right, bottom = left + sum(widths), top - height * len(rows)
    for i in range(len(rows) + 1):
        ops.append(f"{left} {top - i * height} m {right} {top - i * height} l S")
    x = left
    for width in (0.0, *widths):
        x += width
        ops.append(f"{x} {top} m {x} {bottom} l S")
    for r, values in enumerate(rows):
        x = left
        for value, width in zip(values, widths):
            ops.append(f"BT /F1 10 Tf {x + 4} {top - (r + 1) * height + 8} Td ({value}) Tj ET")
            x += width
    return "\n".join(ops).encode()


def make_pdf(path, contents: list[bytes], *, box=(0, 0, 842, 595), rotate: int | None = None, forms=None, **save):
    """A PDF of one page per content stream (``forms``: name -> form XObject, on every page)."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica))
    for content in contents:
        resources = Dictionary(Font=Dictionary(F1=font))
        if forms:
            resources.XObject = Dictionary({f"/{k}": v for k, v in forms(pdf).items()})
        page = Dictionary(
            Type=Name.Page,
            MediaBox=list(box),
            Resources=resources,
            Contents=content if isinstance(content, pikepdf.Object) else pdf.make_stream(content),
        )
        if rotate is not None:
            page.Rotate = rotate
        pdf.pages.append(pikepdf.Page(page))
    pdf.save(path, **save)
    return path


def summary_json(result) -> dict:
    assert result.returncode == 0, (result.returncode, result.stderr[-2000:])
    return json.loads(result.stdout)


def activities(path, *args) -> list[str]:
    """The first cell of each row ``inspect`` says became an activity."""
    result = run_bounded("inspect", path, "--format", "json", *args, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    rows = json.loads(result.stdout)["rows"]
    return [r["text"].split(" | ")[0] for r in rows if r["became"].startswith("activity")]


def test_a_plan_table_drawn_with_pikepdf_is_read(tmp_path):
    path = make_pdf(tmp_path / "plan.pdf", [table_content()])
    assert summary_json(run_bounded("summary", path, "--format", "json"))["plans"][0]["activities"] == 3


def test_a_page_of_ruling_lines_is_refused_before_table_finding(tmp_path):
    ops = [b"BT /F1 8 Tf 20 20 Td (Action Lead) Tj ET"]
    for i in range(500):
        ops += [b"0 %d m 842 %d l S" % (i, i), b"%d 0 m %d 595 l S" % (i, i)]
    path = make_pdf(tmp_path / "lines.pdf", [b"\n".join(ops)])
    assert path.stat().st_size < 20_000
    one_line_error(run_bounded("summary", path, timeout=60), path, "--max-page-grid")


def test_a_ruled_grid_of_90_by_90_cells_is_refused_naming_the_limit(tmp_path):
    rows = [["Action", "Lead", "Timescale"] + ["x"] * 87] + [[""] * 90 for _ in range(89)]
    content = table_content(rows, left=10, top=590, widths=(9.0,) * 90, height=6.5)
    path = make_pdf(tmp_path / "grid.pdf", [content], box=(0, 0, 842, 600))
    one_line_error(run_bounded("summary", path, timeout=60), path, "--max-page-grid")
    small = make_pdf(tmp_path / "small.pdf", [table_content()])
    one_line_error(run_bounded("summary", small, "--max-page-grid", "4"), small, "--max-page-grid")


def test_a_flate_bomb_is_refused_naming_the_limit(tmp_path):
    squeeze = zlib.compressobj(9)
    data = [squeeze.compress(table_content())]
    chunk = b" " * (1 << 20)
    data += [squeeze.compress(chunk) for _ in range(300)]  # 300 MB of spaces, a few hundred kB packed
    data.append(squeeze.flush())

    path = make_pdf(tmp_path / "bomb.pdf", [b""])
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:  # the page's content: the packed stream as is
        stream = pikepdf.Stream(pdf, b"")
        stream.write(b"".join(data), filter=Name.FlateDecode)
        pdf.pages[0].obj.Contents = stream
        pdf.save(path, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.none)
    assert path.stat().st_size < 2_000_000
    one_line_error(run_bounded("summary", path, timeout=60), path, "--max-stream")


def test_a_page_of_a_million_characters_is_refused_naming_the_limit(tmp_path):
    content = table_content() + b"\nBT /F1 1 Tf 10 10 Td (" + b"x" * 1_000_000 + b") Tj ET"
    path = make_pdf(tmp_path / "chars.pdf", [content])
    one_line_error(run_bounded("summary", path, timeout=60), path, "--max-page-chars")
    small = make_pdf(tmp_path / "small.pdf", [table_content()])
    one_line_error(run_bounded("summary", small, "--max-page-chars", "20"), small, "--max-page-chars")


def test_pages_sharing_a_page_of_many_characters_are_refused_naming_the_limit(tmp_path):
    content = table_content() + b"\nBT /F1 1 Tf 10 10 Td (" + b"x" * 2_000 + b") Tj ET"
    path = make_pdf(tmp_path / "chars.pdf", [content] * 3)
    one_line_error(run_bounded("summary", path, "--max-chars", "5000"), path, "page 3 has")
    one_line_error(run_bounded("summary", path, "--max-chars", "5000"), path, "(--max-chars)")
    assert run_bounded("summary", path, "--max-chars", "8000").returncode == 0


def test_twenty_thousand_pages_sharing_one_table_are_refused_naming_the_limit(tmp_path):
    path = make_pdf(tmp_path / "pages.pdf", [table_content()])
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:  # the page tree: 20,000 kids, made at once
        page = pdf.Root.Pages.Kids[0]
        pdf.Root.Pages.Kids = pikepdf.Array(
            [
                pdf.make_indirect(
                    Dictionary(
                        Type=Name.Page,
                        Parent=pdf.Root.Pages,
                        MediaBox=page.MediaBox,
                        Resources=page.Resources,
                        Contents=page.Contents,
                    )
                )
                for _ in range(20_000)
            ]
        )
        pdf.Root.Pages.Count = 20_000
        pdf.save(path)
    one_line_error(run_bounded("summary", path, timeout=90), path, "--max-pages")
    three = make_pdf(tmp_path / "three.pdf", [table_content()] * 3)
    one_line_error(run_bounded("summary", three, "--max-pages", "2"), three, "--max-pages")
    assert run_bounded("summary", three, "--max-pages", "3").returncode == 0


def test_nested_forms_that_draw_each_other_twice_are_bounded(tmp_path):
    def forms(pdf):
        made = {}
        inner = pdf.make_stream(b"0 0 m 1 1 l S", Type=Name.XObject, Subtype=Name.Form, BBox=[0, 0, 10, 10])
        for _level in range(25):  # X24 draws a line; each X(n) draws X(n+1) twice: 2**25 lines
            form = pdf.make_stream(
                b"/X Do /X Do",
                Type=Name.XObject,
                Subtype=Name.Form,
                BBox=[0, 0, 10, 10],
                Resources=Dictionary(XObject=Dictionary(X=inner)),
            )
            inner = form
        made["X"] = inner
        return made

    path = make_pdf(tmp_path / "forms.pdf", [table_content() + b"\n/X Do"], forms=forms)
    one_line_error(run_bounded("summary", path, timeout=60), path, "--max-page-forms")


def test_a_page_of_many_lines_is_refused_naming_the_limit(tmp_path):
    lines = b"\n".join(b"10 10 m 20 20 l S" for _ in range(30))
    path = make_pdf(tmp_path / "lines.pdf", [table_content() + b"\n" + lines])
    one_line_error(run_bounded("summary", path, "--max-page-graphics", "30"), path, "--max-page-graphics")
    assert run_bounded("summary", path, "--max-page-graphics", "60").returncode == 0


def test_a_form_that_draws_itself_is_read_without_it(tmp_path):
    def forms(pdf):
        form = pdf.make_stream(b"/X Do", Type=Name.XObject, Subtype=Name.Form, BBox=[0, 0, 10, 10])
        form.Resources = Dictionary(XObject=Dictionary(X=form))
        return {"X": form}

    path = make_pdf(tmp_path / "loop.pdf", [table_content() + b"\n/X Do"], forms=forms)
    assert summary_json(run_bounded("summary", path, "--format", "json", timeout=60))["plans"][0]["activities"] == 3


def test_pdfminer_logs_stay_off_stderr_on_a_successful_run(tmp_path):
    path = make_pdf(tmp_path / "odd.pdf", [b"/x w\n" + table_content()])  # pdfminer: "Cannot set line width"
    result = run_bounded("summary", path, "--format", "json")
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stderr == ""


@pytest.mark.parametrize("rotate", [90, 180, 270])
def test_a_rotated_page_is_read_the_right_way_round(tmp_path, rotate):
    # the page shown turned (its text sideways or upside down): read in the text's own direction
    path = make_pdf(tmp_path / "turned.pdf", [table_content()], rotate=rotate)
    assert activities(path) == ["Train school staff", "Audit referrals", "Faith forum"]


@pytest.mark.parametrize("rotate", [90, 180, 270])
def test_a_page_drawn_turned_and_shown_upright_is_read(tmp_path, rotate):
    # the content drawn turned by -rotate, so the page as shown (with /Rotate) reads upright
    width, height = 842, 595
    turn = {90: f"0 1 -1 0 {height} 0", 180: f"-1 0 0 -1 {width} {height}", 270: f"0 -1 1 0 0 {width}"}[rotate]
    box = (0, 0, height, width) if rotate in (90, 270) else (0, 0, width, height)
    content = f"q {turn} cm\n".encode() + table_content() + b"\nQ"
    path = make_pdf(tmp_path / "shown.pdf", [content], box=box, rotate=rotate)
    assert activities(path) == ["Train school staff", "Audit referrals", "Faith forum"]


def test_a_landscape_table_exported_by_libreoffice_is_read(tmp_path):
    import shutil

    from tests.ingest.documents import to_pdf, word_document

    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        pytest.skip("LibreOffice is not installed")
    docx = word_document(tmp_path / "landscape.docx", [ROWS], landscape=True)
    pdf = to_pdf(docx)
    assert activities(pdf) == activities(docx) == ["Train school staff", "Audit referrals", "Faith forum"]
