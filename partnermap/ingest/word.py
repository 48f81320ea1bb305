"""Read Word (.docx) plans: every table of the body, in order, with the paragraphs between them (see
:mod:`partnermap.ingest.document` for which tables are the plan).

* A cell merged across columns (``gridSpan``: a theme row spanning the table) is one cell, the
  columns it covers empty; a cell merged down a column (``vMerge``: a theme beside its activities)
  gives its text to every row it spans, as the Excel reader does. A span that is not a whole
  number counts as 1, one over :data:`~partnermap.ingest.limits.MAX_SPAN` as that, each with a
  ``cell_span`` warning.
* Paragraphs inside a cell are joined with newlines; bold runs are kept as ``<b>...</b>`` (a bold
  first line is a theme heading, a bold "Local Project:" prefix the activity's kind). A run is bold
  by its own formatting, else by its paragraph's style or a style that style is based on.
* A table nested in a cell is flattened into that cell's text (each of its cells on a line of
  its own, row by row), with a ``nested_table`` warning.
* The plan's title is the document's title property, else its first heading (a paragraph styled
  Title or Heading), else its first paragraph.

The XML is read once, with lxml: the styles first (each style's boldness resolved once, a
``basedOn`` cycle ending the chain), then ``word/document.xml`` streamed, each table or paragraph
of the body read and released as it ends. The reading costs what the XML's size does; the sizes,
paragraph, cell and style counts are bounded by :class:`~partnermap.ingest.limits.Limits`.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field

from partnermap.errors import InputError
from partnermap.ingest.document import Block, markup
from partnermap.ingest.limits import (
    DEFAULT_LIMITS,
    MAX_SPAN,
    MB,
    Limits,
    human_size,
    over,
)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"
_OFF = {"0", "false", "off", "none"}
_PART = 10 * MB  # bytes of a relationships or properties part (a few kB in any document)
_HEADING_NAME = re.compile(r"Heading|Title|heading [1-9]$|title$")  # python-docx's names, and Word's own


def _parser():
    """An lxml parser that never loads a DTD, expands an entity or reaches the network."""
    import lxml.etree

    return lxml.etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False)


def _xml(archive: zipfile.ZipFile, name: str, limit: int = _PART):
    """The parsed part ``name`` (``ValueError`` when it is bigger than ``limit`` bytes unzipped)."""
    import lxml.etree

    size = archive.getinfo(name).file_size
    if size > limit:
        raise ValueError(f"part {name} is {human_size(size)} of XML, over the limit of {human_size(limit)}")
    return lxml.etree.fromstring(archive.read(name), _parser())


def _related(archive: zipfile.ZipFile, part: str, kind: str) -> str | None:
    """The part that ``part``'s relationships (``""``: the package's) name of ``kind`` (its type's last word)."""
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", f"{name}.rels")
    if rels not in archive.namelist():
        return None
    for rel in _xml(archive, rels).iter(_RELS):
        if rel.get("Type", "").rsplit("/", 1)[-1] == kind and rel.get("TargetMode") != "External":
            target = rel.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
    return None


def _on(element) -> bool | None:
    """A ``w:b``-like toggle: None when absent, else whether it is on."""
    if element is None:
        return None
    return element.get(f"{_W}val", "true").lower() not in _OFF


@dataclass
class _Styles:
    """The paragraph styles: which are bold (by themselves or a style they are based on), which are
    headings, and the default."""

    bold: dict[str, bool] = field(default_factory=dict)
    heading: set[str] = field(default_factory=set)
    default: str | None = None

    def of(self, paragraph) -> str | None:
        """The id of ``paragraph``'s style (the default for none or one that is not a paragraph style)."""
        props = paragraph.find(f"{_W}pPr")
        ref = props.find(f"{_W}pStyle") if props is not None else None
        style = ref.get(f"{_W}val") if ref is not None else None
        return style if style in self.bold else self.default


def _styles(archive: zipfile.ZipFile, part: str | None, source: str, limits: Limits) -> _Styles:
    styles = _Styles()
    if part is None or part not in archive.namelist():
        return styles
    _check_size(archive, part, source, limits)
    elements = _xml(archive, part, limits.max_markup).findall(f"{_W}style")
    if len(elements) > limits.max_styles:
        raise InputError(
            f"the Word document {over('styles', len(elements), limits.max_styles, '--max-styles')}", source=source
        )
    own: dict[str, bool] = {}
    based: dict[str, str] = {}
    for element in elements:
        if element.get(f"{_W}type", "paragraph") != "paragraph":
            continue
        style_id = element.get(f"{_W}styleId")
        if style_id is None:
            continue
        props = element.find(f"{_W}rPr")
        own[style_id] = bool(_on(props.find(f"{_W}b")) if props is not None else False)
        base = element.find(f"{_W}basedOn")
        if base is not None and base.get(f"{_W}val"):
            based[style_id] = base.get(f"{_W}val")
        name = element.find(f"{_W}name")
        if name is not None and _HEADING_NAME.match(name.get(f"{_W}val") or ""):
            styles.heading.add(style_id)
        if styles.default is None and element.get(f"{_W}default", "0").lower() in {"1", "true", "on"}:
            styles.default = style_id
    for style_id in own:  # bold when it or a style it is based on is; a cycle ends the chain
        chain, seen, bold = [], set(), False
        current = style_id
        while current in own and current not in seen and current not in styles.bold:
            chain.append(current)
            seen.add(current)
            if own[current]:
                bold = True
                break
            current = based.get(current)
        bold = bold or styles.bold.get(current, False)
        for member in chain:
            styles.bold[member] = styles.bold.get(member, False) or bold
    return styles


def _run_text(run) -> str:
    """A ``w:r``'s text as Word shows it: tabs and line breaks kept."""
    parts = []
    for child in run:
        tag = child.tag
        if tag == f"{_W}t":
            parts.append(child.text or "")
        elif tag in (f"{_W}tab", f"{_W}ptab"):
            parts.append("\t")
        elif tag == f"{_W}br":
            parts.append("\n" if child.get(f"{_W}type", "textWrapping") == "textWrapping" else "")
        elif tag == f"{_W}cr":
            parts.append("\n")
        elif tag == f"{_W}noBreakHyphen":
            parts.append("-")
    return "".join(parts)


def _run_bold(run) -> bool | None:
    props = run.find(f"{_W}rPr")
    return _on(props.find(f"{_W}b")) if props is not None else None


class _Reader:
    """One document's reading: the styles, the warnings' and the limits' counts."""

    def __init__(self, styles: _Styles, source: str, limits: Limits):
        self.styles, self.source, self.limits = styles, source, limits
        self.paragraphs = 0

    def count(self, n: int = 1) -> None:
        self.paragraphs += n
        if self.paragraphs > self.limits.max_paragraphs:
            what = over("paragraphs and table cells", self.paragraphs, self.limits.max_paragraphs, "--max-paragraphs")
            raise InputError(f"the Word document {what}", source=self.source)

    def paragraph(self, p) -> tuple[str, str]:
        """A ``w:p`` as markup (bold runs in ``<b>``) and as plain text."""
        self.count()
        style_bold = self.styles.bold.get(self.styles.of(p), False)
        runs = []
        for child in p:
            if child.tag == f"{_W}r":
                bold = _run_bold(child)
                runs.append((_run_text(child), style_bold if bold is None else bold))
            elif child.tag == f"{_W}hyperlink":  # bold when every run in it is
                inner = child.findall(f"{_W}r")
                runs.append(("".join(_run_text(r) for r in inner), bool(inner) and all(_run_bold(r) for r in inner)))
        return markup(runs), "".join(text for text, _ in runs)

    def cell_text(self, tc, warnings: list[tuple[str, str]]) -> str:
        """A ``w:tc``'s paragraphs (and any nested table, flattened) as markup lines."""
        lines = []
        for child in tc:
            if child.tag == f"{_W}p":
                lines.append(self.paragraph(child)[0])
            elif child.tag == f"{_W}tbl":
                rows = child.findall(f"{_W}tr")
                for tr in rows:
                    cells = (self.cell_text(c, warnings) for c in _row_tcs(tr))
                    lines.append("\n".join(t for t in cells if t.strip()))
                flattened = f"a table nested in a cell ({len(rows)} rows) was flattened into the cell's text"
                warnings.append(("nested_table", flattened))
        return "\n".join(line for line in lines if line.strip())

    def table(self, tbl) -> Block:
        """A ``w:tbl`` as a grid: gridSpan leaves the covered columns empty, vMerge fills down."""
        warnings: list[tuple[str, str]] = []
        grid: list[list[str | None]] = []
        cells = 0
        for tr in tbl.iterchildren(f"{_W}tr"):
            row: list[str | None] = []
            for tc in _row_tcs(tr):
                props = tc.find(f"{_W}tcPr")
                span, merge = 1, None
                if props is not None:
                    span_el = props.find(f"{_W}gridSpan")
                    if span_el is not None:
                        span = _grid_span(span_el.get(f"{_W}val", "1"), warnings)
                    merge_el = props.find(f"{_W}vMerge")
                    if merge_el is not None:
                        merge = merge_el.get(f"{_W}val", "continue")
                column = len(row)
                if merge == "continue" and grid:
                    above = grid[-1]
                    text = above[column] if column < len(above) else None
                else:
                    text = self.cell_text(tc, warnings)
                row.append(text)
                row.extend([None] * (span - 1))
            cells += len(row)
            if cells > self.limits.max_table_cells:
                what = over("cells", cells, self.limits.max_table_cells, "--max-table-cells")
                raise InputError(f"a table of the Word document {what}", source=self.source)
            self.count(len(row))
            grid.append(row)
        return Block(cells=grid, warnings=warnings)


def _grid_span(value: str, warnings: list[tuple[str, str]]) -> int:
    """The columns a ``gridSpan`` value covers: a whole number from 1 to :data:`MAX_SPAN`."""
    try:
        span = int(value)
    except ValueError:
        span = 0
    if 1 <= span <= MAX_SPAN:
        return span
    message = (
        f"a cell's gridSpan {value!r} is over {MAX_SPAN} columns; read as {MAX_SPAN}"
        if span > MAX_SPAN
        else f"a cell's gridSpan {value!r} is not a whole number of columns; read as 1"
    )
    if ("cell_span", message) not in warnings:
        warnings.append(("cell_span", message))
    return min(max(span, 1), MAX_SPAN)


def _row_tcs(tr) -> list:
    return [c for c in tr.iterchildren() if c.tag == f"{_W}tc"] + [
        tc
        for sdt in tr.iterchildren(f"{_W}sdt")
        for content in sdt.iterchildren(f"{_W}sdtContent")
        for tc in content.iterchildren(f"{_W}tc")
    ]


def _check_size(archive: zipfile.ZipFile, part: str, source: str, limits: Limits) -> None:
    size = archive.getinfo(part).file_size
    if size > limits.max_markup:
        raise InputError(
            f"the Word document's part {part} is {human_size(size)} of XML, over the limit of "
            f"{human_size(limits.max_markup)} (--max-markup)",
            source=source,
        )


def _open(data: bytes, source: str) -> zipfile.ZipFile:
    """The document's zip (not encrypted)."""
    import io

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        if data.startswith(b"\xd0\xcf\x11\xe0"):
            raise InputError(
                "an old binary .doc or an encrypted document: save it as .docx (Word 2007 or later) without a password",
                source=source,
            ) from None
        raise InputError("not a readable Word .docx document (not a zip archive)", source=source) from None
    names = set(archive.namelist())
    if "EncryptedPackage" in names or "EncryptionInfo" in names:
        raise InputError("the Word document is encrypted (password protected); save an unprotected copy", source=source)
    return archive


def _title(archive: zipfile.ZipFile) -> str:
    core = _related(archive, "", "core-properties")
    if core is None or core not in archive.namelist():
        return ""
    title = _xml(archive, core).find(_DC_TITLE)
    return (title.text or "").strip() if title is not None else ""


def _body_blocks(archive: zipfile.ZipFile, main: str, reader: _Reader) -> tuple[list[Block], str | None, str | None]:
    """The body's blocks, streamed: each body table or paragraph is read when it ends, then freed."""
    import lxml.etree

    blocks: list[Block] = []
    first_heading = first_text = None
    body_tag = f"{_W}body"
    with archive.open(main) as part:
        for _, element in lxml.etree.iterparse(
            part,
            events=("end",),
            tag=(f"{_W}p", f"{_W}tbl"),
            resolve_entities=False,
            load_dtd=False,
            no_network=True,
            huge_tree=False,
        ):
            parent = element.getparent()
            if parent is None or parent.tag != body_tag:
                continue  # a paragraph or table inside a cell: read with its table
            if element.tag == f"{_W}tbl":
                blocks.append(reader.table(element))
            else:
                text, plain = reader.paragraph(element)
                if text.strip():
                    heading = reader.styles.of(element) in reader.styles.heading
                    blocks.append(Block(text=text, heading=heading))
                    if heading and first_heading is None:
                        first_heading = plain.strip()
                    if first_text is None:
                        first_text = plain.strip()
            element.clear()
            while element.getprevious() is not None:
                del parent[0]
    return blocks, first_heading, first_text


def word_blocks(data: bytes, source: str, limits: Limits = DEFAULT_LIMITS) -> tuple[list[Block], str | None]:
    """The document's body as blocks, and its title (see the module docstring)."""
    import lxml.etree

    archive = _open(data, source)
    try:
        main = _related(archive, "", "officeDocument") or "word/document.xml"
        if main not in archive.namelist():
            raise InputError(f"not a Word .docx document (no {main} inside)", source=source)
        _check_size(archive, main, source, limits)
        styles = _styles(archive, _related(archive, main, "styles"), source, limits)
        blocks, first_heading, first_text = _body_blocks(archive, main, _Reader(styles, source, limits))
        title = _title(archive) or first_heading or first_text
    except (lxml.etree.LxmlError, zipfile.BadZipFile, OSError, EOFError, KeyError, ValueError) as exc:
        raise InputError(f"not a readable Word .docx document ({type(exc).__name__}: {exc})", source=source) from None
    return blocks, title
