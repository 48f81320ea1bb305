"""Read PDF plans (as Word and other tools export them) with pdfplumber.

* Tables are found from their ruling lines, page by page; a document with no ruled table at all
  falls back to the alignment of its text (pdfplumber's "text" strategy).
* A table continued on the next page is one table per page: :mod:`partnermap.ingest.document`
  keeps every page's table that shares the plan's header (or has none of its own but as many
  columns), the assembler drops the repeated header, and a row cut by the page break (its cells
  continue at the top of the next page, with no lead or date of their own) is merged into the row
  above it. The first row on each new page is marked as coming after a break.
* A cell's lines are joined with spaces (they are where the text wrapped), except lines that
  start with a bullet; a word wrapped at its hyphen is joined back whole.
* Bold text (a font whose name says Bold, Black, Heavy or Semibold) is kept as ``<b>...</b>``,
  so bold theme rows and "Local Project:" prefixes are read as in the other formats.
* Text outside the tables (headings between them, page numbers) becomes paragraphs in reading
  order; the title is the largest text on page 1.
* Provenance is the page and the row (rows are numbered through the document).
* A PDF without a text layer (a scan) is refused with a clear error: partnermap does no OCR.
"""

from __future__ import annotations

import io
import re

from partnermap.errors import InputError
from partnermap.ingest.document import Block, markup

_BOLD = re.compile(r"bold|black|heavy|semibold|demibold", re.IGNORECASE)
TEXT_SETTINGS = {"vertical_strategy": "text", "horizontal_strategy": "text"}
LINE_TOLERANCE = 3.0  # points: words whose tops differ by less are on one line


def _open(data: bytes, source: str):
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    if not data.lstrip().startswith(b"%PDF"):
        raise InputError("not a PDF file (it does not start with %PDF)", source=source)
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pdf.pages  # noqa: B018 - parses the page tree now, so a broken file fails here
        return pdf
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise InputError("the PDF is encrypted (password protected); save an unprotected copy", source=source) from None
    except PDFSyntaxError as exc:
        raise InputError(f"not a readable PDF: {exc}", source=source) from None
    except Exception as exc:  # pdfminer raises many kinds for corrupt files; pdfplumber wraps them
        causes = [exc, *exc.args, exc.__cause__, exc.__context__]
        if any(isinstance(c, (PDFPasswordIncorrect, PDFEncryptionError)) for c in causes):
            raise InputError("the PDF is encrypted (password protected); save an unprotected copy",
                             source=source) from None
        inner = next((c for c in causes[1:] if isinstance(c, Exception)), exc)
        raise InputError(f"not a readable PDF ({type(inner).__name__}: {inner})".replace(": )", ")"),
                         source=source) from None


def _bold(fontname: str | None) -> bool:
    return bool(_BOLD.search(fontname or ""))


def _lines(words: list[dict]) -> list[list[dict]]:
    """Words grouped into lines (top to bottom, left to right)."""
    lines: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1][0]["top"] - word["top"]) < LINE_TOLERANCE:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def _line_markup(line: list[dict]) -> str:
    runs = []
    for i, word in enumerate(line):
        bold = _bold(word.get("fontname"))
        runs.append(((" " if i else "") + word["text"], bold))
    return markup(runs)


def _words(page) -> list[dict]:
    return page.extract_words(extra_attrs=["fontname", "size"], keep_blank_chars=False)


def _inside(word: dict, box: tuple) -> bool:
    """True when the middle of ``word`` lies in ``box`` (a word belongs to the cell it sits in)."""
    x0, top, x1, bottom = box
    cx, cy = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
    return x0 <= cx <= x1 and top <= cy <= bottom


_WRAPPED_HYPHEN = re.compile(r"(?<=[A-Za-z])-(?:</b>)?$")
_BULLET_START = re.compile(r"^(?:<b>)?\s*[-\u2010\u2013\u2022\u25aa\u25cf\u00b7*\uf0b7\uf0a7]\s")


def _join_lines(lines: list[str]) -> str:
    r"""A cell's lines as the text they wrap: a PDF's line ends are where the text ran out of room,
    not breaks the author made, so they are joined with spaces; a word wrapped at its hyphen
    ("anti-" / "radicalisation") is joined back whole, and a line that starts with a bullet
    starts a new line (a list of items).

    >>> _join_lines(["Bradford MDC/ West", "Yorkshire Police"]), _join_lines(["anti-", "radicalisation"])
    ('Bradford MDC/ West Yorkshire Police', 'anti-radicalisation')
    >>> _join_lines(["\u2022 Council", "\u2022 Police"])
    '\u2022 Council\n\u2022 Police'
    """
    out = ""
    for line in lines:
        if not out:
            out = line
        elif _BULLET_START.match(line):
            out += "\n" + line
        elif _WRAPPED_HYPHEN.search(out) and line[:1].islower():
            out += line
        else:
            out += " " + line
    return out


def _cell(words: list[dict], bbox) -> str | None:
    if bbox is None:
        return None
    return _join_lines([_line_markup(line) for line in _lines([w for w in words if _inside(w, bbox)])])


def pdf_blocks(data: bytes, source: str) -> tuple[list[Block], str | None]:
    """The document's tables and the text between them, page by page, and its title."""
    with _open(data, source) as pdf:
        pages = pdf.pages
        if not pages:
            raise InputError("the PDF has no pages", source=source)
        if not any(page.chars for page in pages):
            raise InputError(f"the PDF has no text layer ({len(pages)} page{'s' if len(pages) != 1 else ''} of "
                             "images, as a scan gives); partnermap does no OCR: export the plan from Word or "
                             "run OCR first", source=source)
        found = [page.find_tables() for page in pages]
        if not any(found):
            found = [page.find_tables(TEXT_SETTINGS) for page in pages]
        blocks: list[Block] = []
        title, title_size = None, 0.0
        for number, (page, tables) in enumerate(zip(pages, found), start=1):
            words = _words(page)
            items: list[tuple[float, Block]] = []
            for table in tables:
                inside = [w for w in words if _inside(w, table.bbox)]
                cells = [[_cell(inside, bbox) for bbox in row.cells] for row in table.rows]
                cells = [row for row in cells if any((c or "").strip() for c in row)]
                if cells:
                    items.append((table.bbox[1], Block(cells=cells, page=number)))
            outside = [w for w in words if not any(_inside(w, t.bbox) for t in tables)]
            for line in _lines(outside):
                text = _line_markup(line)
                size = max(float(w.get("size") or 0) for w in line)
                items.append((line[0]["top"], Block(text=text, page=number,
                                                    heading=all(_bold(w.get("fontname")) for w in line))))
                if number == 1 and size > title_size + 0.5:
                    title, title_size = " ".join(w["text"] for w in line), size
            blocks.extend(block for _, block in sorted(items, key=lambda item: item[0]))
    return blocks, title
