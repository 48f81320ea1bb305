"""Read Word (.docx) plans with python-docx: every table of the body, in order, with the paragraphs
between them (see :mod:`partnermap.ingest.document` for which tables are the plan).

* A cell merged across columns (``gridSpan``: a theme row spanning the table) is one cell, the
  columns it covers empty; a cell merged down a column (``vMerge``: a theme beside its activities)
  gives its text to every row it spans, as the Excel reader does.
* Paragraphs inside a cell are joined with newlines; bold runs are kept as ``<b>...</b>`` (a bold
  first line is a theme heading, a bold "Local Project:" prefix the activity's kind).
* A table nested in a cell is flattened into that cell's text (each of its cells on a line of
  its own, row by row), with a ``nested_table`` warning.
* The plan's title is the document's title property, else its first heading (a paragraph styled
  Title or Heading), else its first paragraph.
"""

from __future__ import annotations

import io
import zipfile

from partnermap.errors import InputError
from partnermap.ingest.document import Block, markup

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _open(data: bytes, source: str):
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "EncryptedPackage" in names or "EncryptionInfo" in names:
                raise InputError("the Word document is encrypted (password protected); save an unprotected copy",
                                 source=source)
            if "word/document.xml" not in names:
                raise InputError("not a Word .docx document (no word/document.xml inside)", source=source)
        return docx.Document(io.BytesIO(data))
    except zipfile.BadZipFile:
        if data.startswith(b"\xd0\xcf\x11\xe0"):
            raise InputError("an old binary .doc or an encrypted document: save it as .docx (Word 2007 or later) "
                             "without a password", source=source) from None
        raise InputError("not a readable Word .docx document (not a zip archive)", source=source) from None
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise InputError(f"not a readable Word .docx document: {exc}", source=source) from None
    except Exception as exc:  # lxml's XMLSyntaxError and the like: a corrupt part
        if isinstance(exc, InputError):
            raise
        raise InputError(f"not a readable Word .docx document ({type(exc).__name__}: {exc})", source=source) from None


def _style_bold(paragraph) -> bool:
    style = paragraph.style
    while style is not None:
        if style.font is not None and style.font.bold:
            return True
        style = style.base_style
    return False


def _is_heading(paragraph) -> bool:
    name = (paragraph.style.name or "") if paragraph.style is not None else ""
    return name.startswith(("Heading", "Title"))


def _paragraph_markup(paragraph) -> str:
    style_bold = _style_bold(paragraph)
    runs = []
    for run in paragraph.iter_inner_content() if hasattr(paragraph, "iter_inner_content") else paragraph.runs:
        text = run.text
        bold = getattr(run, "bold", None)
        if bold is None and hasattr(run, "runs"):  # a hyperlink holds runs
            bold = all(r.bold for r in run.runs) if run.runs else False
        runs.append((text, bool(style_bold if bold is None else bold)))
    return markup(runs)


def _cell_text(tc, document, warnings: list[tuple[str, str]]) -> str:
    """A ``w:tc`` element's paragraphs (and any nested table, flattened) as markup lines."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines = []
    for child in tc.iterchildren():
        if child.tag == f"{_W}p":
            lines.append(_paragraph_markup(Paragraph(child, document)))
        elif child.tag == f"{_W}tbl":
            nested = Table(child, document)
            rows = ["\n".join(t for t in (_cell_text(c, document, warnings) for c in _row_tcs(r)) if t.strip())
                    for r in child.iterchildren(f"{_W}tr")]
            lines.extend(r for r in rows if r.strip())
            warnings.append(("nested_table", f"a table nested in a cell ({len(nested.rows)} rows) was flattened "
                                             f"into the cell's text"))
    return "\n".join(line for line in lines if line.strip())


def _row_tcs(tr) -> list:
    return [c for c in tr.iterchildren() if c.tag == f"{_W}tc"] + [
        tc for sdt in tr.iterchildren(f"{_W}sdt") for content in sdt.iterchildren(f"{_W}sdtContent")
        for tc in content.iterchildren(f"{_W}tc")]


def _table_block(tbl, document) -> Block:
    """A ``w:tbl`` as a grid: gridSpan leaves the covered columns empty, vMerge fills down."""
    warnings: list[tuple[str, str]] = []
    grid: list[list[str | None]] = []
    for tr in tbl.iterchildren(f"{_W}tr"):
        row: list[str | None] = []
        for tc in _row_tcs(tr):
            props = tc.find(f"{_W}tcPr")
            span, merge = 1, None
            if props is not None:
                span_el = props.find(f"{_W}gridSpan")
                if span_el is not None:
                    span = max(1, int(span_el.get(f"{_W}val", "1")))
                merge_el = props.find(f"{_W}vMerge")
                if merge_el is not None:
                    merge = merge_el.get(f"{_W}val", "continue")
            column = len(row)
            if merge == "continue" and grid:
                above = grid[-1]
                text = above[column] if column < len(above) else None
            else:
                text = _cell_text(tc, document, warnings)
            row.append(text)
            row.extend([None] * (span - 1))
        grid.append(row)
    return Block(cells=grid, warnings=warnings)


def word_blocks(data: bytes, source: str) -> tuple[list[Block], str | None]:
    """The document's body as blocks, and its title (see the module docstring)."""
    from docx.text.paragraph import Paragraph

    document = _open(data, source)
    body = document.element.body
    blocks: list[Block] = []
    first_heading = first_text = None
    for child in body.iterchildren():
        if child.tag == f"{_W}tbl":
            blocks.append(_table_block(child, document))
        elif child.tag == f"{_W}p":
            paragraph = Paragraph(child, document)
            text = _paragraph_markup(paragraph)
            if not text.strip():
                continue
            heading = _is_heading(paragraph)
            blocks.append(Block(text=text, heading=heading))
            if heading and first_heading is None:
                first_heading = paragraph.text.strip()
            if first_text is None:
                first_text = paragraph.text.strip()
    title = (document.core_properties.title or "").strip() or first_heading or first_text
    return blocks, title
