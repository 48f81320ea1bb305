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
* A page is read the way its text runs: a page shown turned (``/Rotate``) or drawn turned, so
  that most of its characters run down, up or upside down, is turned back before it is read.
* Pages are read one at a time and released. What reading may cost is bounded
  (:class:`~partnermap.ingest.limits.Limits`): a document's pages and characters; the characters,
  the lines, rectangles and curves, and the forms and images one page draws, counted as they are
  drawn; the crossings of a page's ruling lines (counted before table finding, whose cost grows
  much faster than the grid); and what one stream inflates to. Whatever pdfminer cannot read is an
  input error naming the page; its log messages are its own (kept off standard error).
"""

from __future__ import annotations

import io
import logging
import re
import zlib
from collections import Counter

from partnermap.errors import InputError
from partnermap.ingest.document import Block, markup
from partnermap.ingest.limits import DEFAULT_LIMITS, Limits, human_size, over

# pdfminer logs what it skips in a damaged file (as warnings, with no handler of its own, so Python
# would print them on standard error): a handler here keeps them off the terminal of a successful
# run, and logging set up by the caller still receives them.
logging.getLogger("pdfminer").addHandler(logging.NullHandler())

_BOLD = re.compile(r"bold|black|heavy|semibold|demibold", re.IGNORECASE)
TEXT_SETTINGS = {"vertical_strategy": "text", "horizontal_strategy": "text"}
LINE_TOLERANCE = 3.0  # points: words whose tops differ by less are on one line
SNAP = 3.0  # points: ruling lines closer than this are one line to the table finder


def _open(data: bytes, source: str):
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    if not data.lstrip().startswith(b"%PDF"):
        raise InputError("not a PDF file (it does not start with %PDF)", source=source)
    try:
        return pdfplumber.open(io.BytesIO(data))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise InputError("the PDF is encrypted (password protected); save an unprotected copy", source=source) from None
    except PDFSyntaxError as exc:
        raise InputError(f"not a readable PDF: {exc}", source=source) from None
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds for corrupt files; pdfplumber wraps them
        causes = [exc, *exc.args, exc.__cause__, exc.__context__]
        if any(isinstance(c, (PDFPasswordIncorrect, PDFEncryptionError)) for c in causes):
            raise InputError(
                "the PDF is encrypted (password protected); save an unprotected copy", source=source
            ) from None
        inner = next((c for c in causes[1:] if isinstance(c, Exception)), exc)
        raise InputError(
            f"not a readable PDF ({type(inner).__name__}: {inner})".replace(": )", ")"), source=source
        ) from None


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


class _Over(Exception):
    """A page drew more than a limit allows (raised inside pdfminer's interpreter, to stop it)."""


def _device(rsrcmgr, number: int, laparams, limits: Limits, drawn: Counter):
    """pdfplumber's layout device, counting what the page draws (its characters also in ``drawn``,
    the document's count) and stopping it past the limits."""
    from pdfplumber.page import PDFPageAggregatorWithMarkedContent

    class Bounded(PDFPageAggregatorWithMarkedContent):
        chars = graphics = forms = 0

        def render_char(self, *args, **kwargs):
            self.chars += 1
            drawn["chars"] += 1
            if self.chars > limits.max_page_chars:
                raise _Over(over("characters", self.chars, limits.max_page_chars, "--max-page-chars"))
            if drawn["chars"] > limits.max_chars:
                raise _Over(
                    over("characters with the pages before it", drawn["chars"], limits.max_chars, "--max-chars")
                )
            return super().render_char(*args, **kwargs)

        def paint_path(self, *args, **kwargs):
            self.graphics += 1
            if self.graphics > limits.max_page_graphics:
                raise _Over(
                    over(
                        "lines, rectangles and curves drawn",
                        self.graphics,
                        limits.max_page_graphics,
                        "--max-page-graphics",
                    )
                )
            return super().paint_path(*args, **kwargs)

        def begin_figure(self, *args, **kwargs):  # a form or an image (each form drawn is interpreted anew)
            self.forms += 1
            if self.forms > limits.max_page_forms:
                raise _Over(over("forms and images drawn", self.forms, limits.max_page_forms, "--max-page-forms"))
            return super().begin_figure(*args, **kwargs)

    return Bounded(rsrcmgr, pageno=number, laparams=laparams)


def _layout(pdf, page_obj, number: int, limits: Limits, drawn: Counter):
    """The page's layout (pdfminer's LTPage), drawn by the bounded device, and its characters."""
    from pdfminer.pdfinterp import PDFPageInterpreter

    device = _device(pdf.rsrcmgr, number, pdf.laparams, limits, drawn)
    PDFPageInterpreter(pdf.rsrcmgr, device).process_page(page_obj)
    return device.get_result(), device.chars


def _turn(layout) -> int:
    """Degrees (counter-clockwise, 0, 90, 180 or 270) most of the page's characters run at."""
    from pdfminer.layout import LTChar, LTContainer

    directions: Counter = Counter()
    stack = [layout]
    while stack:
        item = stack.pop()
        if isinstance(item, LTChar):
            a, b = item.matrix[0], item.matrix[1]
            if not (a or b):
                continue  # a character of no size runs no way
            directions[(0 if a > 0 else 180) if abs(a) >= abs(b) else (90 if b > 0 else 270)] += 1
        elif isinstance(item, LTContainer):
            stack.extend(item)
    if not directions:
        return 0
    turn, count = directions.most_common(1)[0]
    return turn if count * 2 > sum(directions.values()) else 0


def _page(pdf, page_obj, number: int, limits: Limits, drawn: Counter):
    """A pdfplumber page whose layout was drawn by the bounded device, turned so its text runs
    left to right."""
    from pdfplumber.page import Page

    layout, chars = _layout(pdf, page_obj, number, limits, drawn)
    turn = _turn(layout)
    if turn:  # show the page turned further by the angle its text runs at
        page_obj.rotate = (page_obj.rotate + turn) % 360
        page_obj.attrs["Rotate"] = page_obj.rotate  # what pdfplumber takes the page's shape from
        drawn["chars"] -= chars  # drawn again
        layout, _ = _layout(pdf, page_obj, number, limits, drawn)

    class Read(Page):
        @property
        def layout(self):
            return layout

    return Read(pdf, page_obj, page_number=number)


def _check_grid(page, number: int, limits: Limits) -> None:
    """Refuse a page whose ruling lines cross more often than a plan's table would (the table
    finder's cost grows much faster than the grid)."""
    rows, columns = set(), set()
    for edge in page.edges:
        if edge["orientation"] == "h":
            rows.add(round(edge["top"] / SNAP))
        else:
            columns.add(round(edge["x0"] / SNAP))
    crossings = len(rows) * len(columns)
    if crossings > limits.max_page_grid:
        raise _Over(
            over("crossings of ruling lines", crossings, limits.max_page_grid, "--max-page-grid")
            + f" ({len(rows):,} across, {len(columns):,} down)"
        )


def _check_streams(doc, source: str, limits: Limits) -> None:
    """Refuse a document with a stream that inflates past ``max_stream`` (pdfminer inflates a
    stream whole, in memory)."""
    from pdfminer.pdftypes import LITERALS_FLATE_DECODE, PDFStream

    for xref in doc.xrefs:
        for objid in xref.get_objids():
            try:
                if xref.get_pos(objid)[0] is not None:
                    continue  # inside an object stream (itself checked); never a stream
                obj = doc.getobj(objid)
            except Exception:  # noqa: BLE001, S112 - a damaged object fails where pdfminer uses it
                continue
            if not isinstance(obj, PDFStream) or obj.rawdata is None:
                continue
            filters = obj.get_filters()
            if not filters or filters[0][0] not in LITERALS_FLATE_DECODE:
                continue
            data = obj.rawdata
            if obj.decipher:
                data = obj.decipher(obj.objid, obj.genno, data, obj.attrs)
            size = _inflated_size(data, limits.max_stream)
            if size > limits.max_stream:
                raise InputError(
                    f"not read: a stream (object {objid}) inflates to more than "
                    f"{human_size(limits.max_stream)} (--max-stream)",
                    source=source,
                )


def _inflated_size(data: bytes, limit: int) -> int:
    """What ``data`` inflates to, counted a megabyte at a time up to just past ``limit``."""
    inflate = zlib.decompressobj()
    size = 0
    try:
        while data and size <= limit and not inflate.eof:
            size += len(inflate.decompress(data, 1 << 20))
            data = inflate.unconsumed_tail
    except zlib.error:
        pass  # a damaged stream: pdfminer reads what it can
    return size


def _page_objects(pdf, source: str, limits: Limits):
    """The document's pdfminer page objects, after their number is checked."""
    from pdfminer.pdfpage import PDFPage

    pages = []
    try:
        for page_obj in PDFPage.create_pages(pdf.doc):
            pages.append(page_obj)
            if len(pages) > limits.max_pages:
                raise InputError(
                    f"the PDF {over('pages', len(pages), limits.max_pages, '--max-pages')} (or more)", source=source
                )
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - pdfminer fails many ways on a damaged page tree
        raise InputError(
            f"not a readable PDF: its page tree is damaged ({type(exc).__name__}: {exc})", source=source
        ) from None
    if not pages:
        raise InputError("the PDF has no pages", source=source)
    return pages


def _page_blocks(page, number: int, tables) -> tuple[list[Block], tuple[float, str | None]]:
    """The page's tables and lines of text, top to bottom, and its largest line (size, text)."""
    words = _words(page)
    items: list[tuple[float, Block]] = []
    for table in tables:
        inside = [w for w in words if _inside(w, table.bbox)]
        cells = [[_cell(inside, bbox) for bbox in row.cells] for row in table.rows]
        cells = [row for row in cells if any((c or "").strip() for c in row)]
        if cells:
            items.append((table.bbox[1], Block(cells=cells, page=number)))
    outside = [w for w in words if not any(_inside(w, t.bbox) for t in tables)]
    largest: tuple[float, str | None] = (0.0, None)
    for line in _lines(outside):
        size = max(float(w.get("size") or 0) for w in line)
        items.append(
            (
                line[0]["top"],
                Block(text=_line_markup(line), page=number, heading=all(_bold(w.get("fontname")) for w in line)),
            )
        )
        if size > largest[0] + 0.5:
            largest = (size, " ".join(w["text"] for w in line))
    return [block for _, block in sorted(items, key=lambda item: item[0])], largest


def _read_page(pdf, page_obj, number: int, limits: Limits, settings: dict | None, drawn: Counter):
    """(blocks, largest line, whether it has text, ruled tables found) of one page, read and released."""
    page = _page(pdf, page_obj, number, limits, drawn)
    try:
        has_text = bool(page.chars)
        _check_grid(page, number, limits)
        tables = page.find_tables(settings) if settings else page.find_tables()
        blocks, largest = _page_blocks(page, number, tables)
        return blocks, largest, has_text, bool(tables)
    finally:
        page.close()


def _read_pages(pdf, page_objects, source: str, limits: Limits, settings: dict | None):
    """(blocks, title, whether any page has text, whether any has a ruled table) of the pages."""
    blocks: list[Block] = []
    title, any_text, any_table = None, False, False
    drawn: Counter = Counter()  # the document's characters
    for number, page_obj in enumerate(page_objects, start=1):
        try:
            page_blocks, (_, largest), has_text, ruled = _read_page(pdf, page_obj, number, limits, settings, drawn)
        except _Over as exc:
            raise InputError(f"page {number} {exc}", source=source) from None
        except InputError:
            raise
        except Exception as exc:  # noqa: BLE001 - pdfminer and pdfplumber fail many ways on a damaged page
            cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
            if isinstance(cause, _Over):
                raise InputError(f"page {number} {cause}", source=source) from None
            raise InputError(
                f"not a readable PDF: page {number} ({type(cause).__name__}: {cause})".replace(": )", ")"),
                source=source,
            ) from None
        blocks.extend(page_blocks)
        any_text, any_table = any_text or has_text, any_table or ruled
        if number == 1:
            title = largest
    return blocks, title, any_text, any_table


def pdf_blocks(data: bytes, source: str, limits: Limits = DEFAULT_LIMITS) -> tuple[list[Block], str | None]:
    """The document's tables and the text between them, page by page, and its title.

    Each page is read with ruled tables; when no page has one, the pages are read again with
    tables found from the alignment of their text.
    """
    # never closed with pdfplumber's close(), which makes a page object of every page first: the
    # pages read are released one by one, the rest with ``pdf``
    pdf = _open(data, source)
    page_objects = _page_objects(pdf, source, limits)
    _check_streams(pdf.doc, source, limits)
    blocks, title, any_text, any_table = _read_pages(pdf, page_objects, source, limits, None)
    if not any_text:
        pages = len(page_objects)
        raise InputError(
            f"the PDF has no text layer ({pages} page{'s' if pages != 1 else ''} of "
            "images, as a scan gives); partnermap does no OCR: export the plan from Word or "
            "run OCR first",
            source=source,
        )
    if not any_table:
        blocks, title, _, _ = _read_pages(pdf, page_objects, source, limits, TEXT_SETTINGS)
    return blocks, title
