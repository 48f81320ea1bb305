"""Documents the tests make themselves: Word files with python-docx, PDFs from them with LibreOffice
(``soffice --headless --convert-to pdf``, installed by scripts/test) or reportlab, and web pages.

Cells are given as text with ``<b>...</b>`` for bold, as the readers give them back.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

BOLD = re.compile(r"(<b>.*?</b>)", re.DOTALL)


def add_runs(paragraph, text: str) -> None:
    """``text`` into a paragraph, ``<b>`` parts as bold runs (entities unescaped)."""
    for part in BOLD.split(text):
        if not part:
            continue
        bold = part.startswith("<b>")
        body = html.unescape(part[3:-4] if bold else part)
        run = paragraph.add_run(body)
        run.bold = bold or None


def fill_cell(cell, text: str | None) -> None:
    lines = (text or "").split("\n")
    cell.paragraphs[0].text = ""
    add_runs(cell.paragraphs[0], lines[0])
    for line in lines[1:]:
        add_runs(cell.add_paragraph(), line)


def mark_header(row) -> None:
    """Repeat this row at the top of every page (Word's "Repeat as header row")."""
    props = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    props.append(element)


def add_table(document, rows: list[list[str | None]], *, header: bool = True, merge_single: bool = True):
    """A table of ``rows``; a row with one filled cell (a theme row) is merged across the table."""
    width = max(len(r) for r in rows)
    table = document.add_table(rows=0, cols=width)
    table.style = "Table Grid"
    for index, values in enumerate(rows):
        row = table.add_row()
        filled = [i for i, v in enumerate(values) if (v or "").strip()]
        if merge_single and index > 0 and len(filled) == 1 and filled[0] == 0 and width > 1:
            merged = row.cells[0].merge(row.cells[width - 1])
            fill_cell(merged, values[0])
        else:
            for i in range(width):
                fill_cell(row.cells[i], values[i] if i < len(values) else None)
        if header and index == 0:
            mark_header(row)
    return table


def word_document(
    path: Path,
    tables: list[list[list[str | None]]],
    *,
    title: str | None = None,
    before: list[str] = (),
    between: list[list[str]] | None = None,
    unrelated: list[list[str]] = (),
    landscape: bool = True,
    core_title: str | None = None,
) -> Path:
    """A .docx: an optional Title heading, paragraphs, an unrelated table, then the plan's tables
    (``between[i]`` paragraphs before table i; a paragraph in ``<b>`` is bold)."""
    document = docx.Document()
    section = document.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
        section.left_margin = section.right_margin = Cm(1.5)
    if core_title:
        document.core_properties.title = core_title
    if title:
        document.add_heading(title, level=1)
    for text in before:
        add_runs(document.add_paragraph(), text)
    if unrelated:
        add_table(document, unrelated, header=False, merge_single=False)
        document.add_paragraph("")
    for i, rows in enumerate(tables):
        for text in between[i] if between and i < len(between) else []:
            add_runs(document.add_paragraph(), text)
        add_table(document, rows)
    document.save(path)
    return path


def to_pdf(docx_path: Path) -> Path:
    """The .docx converted by LibreOffice, as Word's "Save as PDF" would (ruled tables, header rows
    repeated on each page, rows allowed to break across pages)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice (soffice) is needed for the PDF tests: scripts/test installs libreoffice-writer-nogui"
    out = docx_path.parent
    profile = out / "lo-profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(docx_path),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    pdf = docx_path.with_suffix(".pdf")
    assert pdf.exists()
    return pdf


def web_page(path: Path, tables: list[str], *, title: str = "", h1: str = "", between: list[str] = ()) -> Path:
    """A saved page: ``tables`` are the tables' HTML, ``between[i]`` HTML before table i."""
    body = []
    if h1:
        body.append(f"<h1>{h1}</h1>")
    for i, table in enumerate(tables):
        if i < len(between):
            body.append(between[i])
        body.append(table)
    path.write_text(
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body>{''.join(body)}</body></html>",
        encoding="utf-8",
    )
    return path


def html_table(rows: list[list[str]], *, header: bool = True) -> str:
    """Rows of cell HTML (already HTML) as a table; the first row in ``th`` cells when ``header``."""
    out = []
    for index, row in enumerate(rows):
        tag = "th" if header and index == 0 else "td"
        out.append(
            "<tr>" + "".join(c if c.startswith(("<td", "<th")) else f"<{tag}>{c}</{tag}>" for c in row) + "</tr>"
        )
    return "<table border='1'>" + "".join(out) + "</table>"
