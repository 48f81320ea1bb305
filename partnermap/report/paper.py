"""The board paper: ``partnermap report PLAN... -o paper.docx|paper.html|paper.md``.

:func:`paper_data` gathers everything the paper says into a :class:`Paper`, one small function
per section, from the same functions as the other commands (the gap report of ``partnermap gaps``,
the matrix of ``coverage``, the figures of ``partners``, ``compare``), so no figure is computed
twice or differently:

1. summary: the plans, their period, activities by theme, organisations, progress counts and the
   report date with how it was chosen;
2. key findings: high-severity gaps as sentences, medium and low as tables;
3. pictures (:mod:`partnermap.report.figures`): coverage heatmap, timeline, partnership network,
   activities led;
4. appendix: every activity with its lead, timescale, status and source line;
5. with ``old``: what changed since the older plan.

The writers (:func:`write_docx`, :func:`html_page`, :func:`write_markdown`) only lay that data out,
through the same :class:`Block` s (:func:`paper_blocks`).
"""

from __future__ import annotations

import base64
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePath
from typing import NamedTuple

import networkx as nx

from partnermap.graph import schema as S
from partnermap.graph.compare import compare as compare_graphs
from partnermap.graph.compare import describe
from partnermap.graph.coverage import coverage
from partnermap.graph.dates import Period, plan_period
from partnermap.graph.links import in_edges
from partnermap.graph.network import PERSON, organisation_network, partner_stats
from partnermap.graph.query import activities, human_date, nodes_of, plural, sharing, targets, theme_node_label
from partnermap.report import figures as F
from partnermap.report.formats import to_markdown
from partnermap.report.tables import date_note, framework_lines, gap_report, kind_name, locations
from partnermap.safe import html_text, markdown_text, xml_text

FORMATS = {".docx": "docx", ".html": "html", ".htm": "html", ".md": "md"}
PROGRESS_ORDER = ("complete", "on_track", "at_risk", "off_track", "not_started", "overdue", "no_status")
PROGRESS_LABELS = {
    "complete": "Complete",
    "on_track": "On track",
    "at_risk": "At risk",
    "off_track": "Off track",
    "not_started": "Not started",
    "overdue": "Overdue",
    "no_status": "No status recorded",
}
REASONS = {
    "given": "the date asked for (--as-of)",
    "today": "today's date",
    "plan_end": "the end of the plans' period (the last date their timescales give), which has passed",
}
FINDING_COLUMNS = ("Gap", "Subject", "Finding", "Where")
APPENDIX_COLUMNS = ("No.", "Theme", "Activity", "Lead", "Timescale", "Status", "Source")


# --- the data ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Summary:
    """The paper's first section: what the plans are and what the gap report found."""

    plans: list[dict]  # the gap report's plans: id, title, activities
    period: Period
    activities: int
    themes: dict[str, int]  # theme label -> activities, in the plans' order ("No theme" last)
    organisations: int  # bodies and people named as leads or partners (``partnermap partners``' rows)
    leading_organisations: int
    progress: dict[str, int]  # :data:`PROGRESS_ORDER` -> activities (:func:`progress_counts`)
    as_of: str  # ISO date
    as_of_reason: str  # a key of :data:`REASONS`
    as_of_note: str  # how the report date was chosen, as a sentence
    gaps: dict[str, int]  # severity -> gaps
    people: int = 0  # of ``organisations``, the people named as leads rather than bodies


class Figures(NamedTuple):
    """The data of the four pictures (:mod:`partnermap.report.figures` draws each)."""

    coverage: dict
    timeline: dict
    network: dict
    led: dict


@dataclass(frozen=True)
class Changes:
    """What changed since an older plan (:func:`partnermap.graph.compare.compare`)."""

    old_plans: list[str]
    new_plans: list[str]
    counts: dict[str, int]  # carried over, changed, added, dropped
    sectors_gained: list[str]
    sectors_lost: list[str]
    organisations_gained: list[str]
    organisations_lost: list[str]
    rows: list[dict]  # Change, Activity, Detail


@dataclass(frozen=True)
class Paper:
    """Everything the paper says (the figures' data included, the PNGs not)."""

    title: str
    report: dict  # the gap report (:func:`partnermap.report.tables.gap_report`)
    summary: Summary
    key_findings: list[str]  # the high-severity gaps as sentences
    findings: dict[str, list[dict]]  # "medium"/"low" -> rows of :data:`FINDING_COLUMNS`
    figures: Figures
    appendix: list[dict]  # one row of :data:`APPENDIX_COLUMNS` per activity
    changes: Changes | None = None


NO_THEME = "No theme"


def _activity_themes(G: nx.MultiDiGraph) -> dict[str, str]:
    """Activity id -> its theme's label ("1. EFFECTIVE LEADERSHIP", or "No theme")."""
    labels = {nid: theme_node_label(d) for nid, d in nodes_of(G, S.THEME)}
    found = {}
    for nid, _ in activities(G):
        parents = [labels[t] for t in targets(G, nid, S.PART_OF) if t in labels]
        found[nid] = parents[0] if parents else NO_THEME
    return found


def _theme_counts(G: nx.MultiDiGraph, themes: dict[str, str]) -> dict[str, int]:
    """Theme label -> its activities, every theme of the plans in order, then "No theme" if used."""
    by_theme = Counter(themes.values())
    labels = [theme_node_label(d) for _, d in nodes_of(G, S.THEME)] + ([NO_THEME] if NO_THEME in by_theme else [])
    return {label: by_theme.get(label, 0) for label in labels}


def _leads(G: nx.MultiDiGraph, nid: str) -> str:
    return "; ".join(sorted(G.nodes[u].get("name") or u for u, _, k in in_edges(G, nid, keys=True) if k == S.LEADS))


def progress_counts(G: nx.MultiDiGraph, report: dict) -> dict[str, int]:
    """Activities by progress as the plans record it (complete, on track, at risk, off track,
    not started, no status), and ``overdue`` = the gap report's overdue findings."""
    counts = Counter()
    for _, d in activities(G):
        if d.get("achieved") or d.get("progress") == "complete":
            counts["complete"] += 1
        elif d.get("progress") in ("on_track", "at_risk", "off_track", "not_started"):
            counts[d["progress"]] += 1
        else:
            counts["no_status"] += 1
    counts["overdue"] = sum(g["kind"] == "overdue" for g in report["gaps"])
    return {k: counts.get(k, 0) for k in PROGRESS_ORDER}


def _overdue(report: dict) -> set[str]:
    return {g["subject"] for g in report["gaps"] if g["kind"] == "overdue"}


def _summary(G: nx.MultiDiGraph, report: dict, themes: dict[str, str], stats: list[dict]) -> Summary:
    return Summary(
        plans=report["plans"],
        period=plan_period(G),
        activities=len(activities(G)),
        themes=_theme_counts(G, themes),
        organisations=len(stats),
        leading_organisations=sum(1 for r in stats if r["led"]),
        progress=progress_counts(G, report),
        as_of=report["as_of"],
        as_of_reason=report["as_of_reason"],
        as_of_note=date_note(report)
        or f"Findings are as of {human_date(report['as_of'])}, {REASONS[report['as_of_reason']]}.",
        gaps={s: sum(g["severity"] == s for g in report["gaps"]) for s in ("high", "medium", "low")},
        people=sum(r["sector"] == PERSON for r in stats),
    )


def _key_findings(report: dict, names: bool) -> list[str]:
    """The high-severity gaps as sentences, each with where the plan shows it."""
    return [
        f"{kind_name(g['kind'])}: {g['label']}. {g['detail']}"
        + (f" ({locations(g['evidence'], limit=8, names=names)})" if g["evidence"] else "")
        for g in report["gaps"]
        if g["severity"] == "high"
    ]


def _finding_row(gap: dict, names: bool) -> dict:
    return {
        "Gap": kind_name(gap["kind"]),
        "Subject": gap["label"],
        "Finding": gap["detail"],
        "Where": locations(gap["evidence"], limit=8, names=names),
    }


def _findings(report: dict, names: bool) -> dict[str, list[dict]]:
    """The medium and low severity gaps as table rows."""
    return {s: [_finding_row(g, names) for g in report["gaps"] if g["severity"] == s] for s in ("medium", "low")}


def _coverage_figure(G: nx.MultiDiGraph) -> dict:
    """The sector x theme matrix of ``partnermap coverage``."""
    cov = coverage(G)
    label = {c["column"]: (theme_node_label(c) if c["name"] != NO_THEME else NO_THEME) for c in cov.columns}
    return {
        "sectors": [name for _, name in cov.sectors],
        "columns": [label[c] for c in cov.column_ids],
        "counts": [[cov.counts.get((s, c), 0) for c in cov.column_ids] for s, _ in cov.sectors],
    }


def _timeline_figure(G: nx.MultiDiGraph, report: dict, themes: dict[str, str], order: list[str]) -> dict:
    """The dated activities, by theme (in ``order``) then start, each marked overdue or not."""
    acts = activities(G)
    overdue = _overdue(report)
    rank = {label: i for i, label in enumerate(order)}
    dated = [(themes[nid], nid, d) for nid, d in acts if d.get("start") and d.get("end")]
    dated.sort(key=lambda item: (rank.get(item[0], len(rank)), str(item[2]["start"])))
    return {
        "as_of": report["as_of"],
        "undated": len(acts) - len(dated),
        "rows": [
            {
                "activity": nid,
                "label": d.get("name") or "",
                "theme": theme,
                "start": str(d["start"]),
                "end": str(d["end"]),
                "overdue": nid in overdue,
            }
            for theme, nid, d in dated
        ],
    }


def _network_figure(G: nx.MultiDiGraph, report: dict) -> dict:
    """The organisations that work together, and the sectors no activity reaches."""
    P = organisation_network(G)
    return {
        "nodes": [{"id": n, "name": d["name"], "led": d["led"]} for n, d in P.nodes(data=True)],
        "edges": [{"source": u, "target": v, "weight": d["weight"]} for u, v, d in P.edges(data=True)],
        # without engagement, or a missing statutory partner that no activity reaches either
        "unreached": [
            g["label"]
            for g in report["gaps"]
            if g["kind"] == "sector_without_engagement"
            or (g["kind"] == "statutory_partner_missing" and not g["evidence"])
        ],
    }


def _led_figure(stats: list[dict]) -> dict:
    """Activities led by each organisation (``partnermap partners``), most first."""
    return {
        "rows": sorted(
            ({"organisation": r["organisation"], "led": r["led"]} for r in stats),
            key=lambda r: (-r["led"], r["organisation"]),
        )
    }


def _source(d: dict) -> str:
    if d.get("source") and d.get("line"):
        return f"{PurePath(d['source']).name}:{d['line']}"
    return PurePath(d.get("source") or "").name


def _appendix(G: nx.MultiDiGraph, report: dict, themes: dict[str, str]) -> list[dict]:
    """Every activity with its theme, lead, timescale, status and source line."""
    overdue = _overdue(report)
    return [
        {
            "No.": d.get("ref") or str(d.get("seq", "")),
            "Theme": themes[nid],
            "Activity": d.get("text") or d.get("name") or "",
            "Lead": _leads(G, nid) or d.get("lead_text") or "",
            "Timescale": d.get("timescale") or "",
            "Status": d.get("status") or ("overdue" if nid in overdue else ""),
            "Source": _source(d),
        }
        for nid, d in activities(G)
    ]


def _changes(old: nx.MultiDiGraph, G: nx.MultiDiGraph) -> Changes:
    cmp = compare_graphs(old, G)
    return Changes(
        old_plans=cmp.old_plans,
        new_plans=cmp.new_plans,
        counts={
            "carried over": len(cmp.carried_over),
            "changed": sum(bool(c["changes"]) for c in cmp.carried_over),
            "added": len(cmp.added),
            "dropped": len(cmp.dropped),
        },
        sectors_gained=[s["name"] for s in cmp.sectors_gained],
        sectors_lost=[s["name"] for s in cmp.sectors_lost],
        organisations_gained=cmp.organisations_gained,
        organisations_lost=cmp.organisations_lost,
        rows=(
            [{"Change": "added", "Activity": a["text"], "Detail": a["timescale"] or ""} for a in cmp.added]
            + [{"Change": "dropped", "Activity": a["text"], "Detail": a["timescale"] or ""} for a in cmp.dropped]
            + [
                {"Change": "changed", "Activity": c["new"]["text"], "Detail": describe(c["changes"])}
                for c in cmp.carried_over
                if c["changes"]
            ]
        ),
    )


def paper_data(
    G: nx.MultiDiGraph,
    *,
    as_of: date | None = None,
    title: str | None = None,
    old: nx.MultiDiGraph | None = None,
    today: date | None = None,
) -> Paper:
    """Everything the paper says (:class:`Paper`), section by section."""
    with sharing(G):
        report = gap_report(G, as_of=as_of, today=today)
        themes = _activity_themes(G)
        stats = partner_stats(G)
        names = len(report["plans"]) > 1  # several plans: evidence names its file
        summary = _summary(G, report, themes, stats)
        figures = Figures(
            _coverage_figure(G),
            _timeline_figure(G, report, themes, list(summary.themes)),
            _network_figure(G, report),
            _led_figure(stats),
        )
        return Paper(
            title=title or "Board paper: " + "; ".join(p["title"] or p["id"] for p in report["plans"]),
            report=report,
            summary=summary,
            key_findings=_key_findings(report, names),
            findings=_findings(report, names),
            figures=figures,
            appendix=_appendix(G, report, themes),
            changes=_changes(old, G) if old is not None else None,
        )


def draw_figures(data: Paper) -> list[F.Figure]:
    """The paper's four pictures, from its data."""
    fig = data.figures
    return [
        F.coverage_heatmap(fig.coverage),
        F.timeline(fig.timeline),
        F.partnership_network(fig.network),
        F.activities_led(fig.led),
    ]


# --- shared text ------------------------------------------------------------------------------
def _involving(s: Summary) -> str:
    """``"4 organisations"``, or with people named as leads ``"4 organisations and 2 people"``."""
    bodies = plural(s.organisations - s.people, "organisation")
    return f"{bodies} and {plural(s.people, 'person', 'people')}" if s.people else bodies


def _summary_lines(data: Paper) -> list[str]:
    s = data.summary
    plans = "; ".join(f"{p['title'] or p['id']} ({plural(p['activities'], 'activity', 'activities')})" for p in s.plans)
    period = (
        f"{human_date(s.period.start)} to {human_date(s.period.end)}"
        if s.period.start and s.period.end
        else "not given by the timescales"
    )
    gaps = s.gaps
    return [
        (f"{len(s.plans)} plans: " if len(s.plans) > 1 else "Plan: ") + f"{plans}.",
        *framework_lines(data.report),
        f"Period: {period}.",
        (
            f"{plural(s.activities, 'activity', 'activities').capitalize()} in {plural(len(s.themes), 'theme')}, "
            f"involving {_involving(s)} ({s.leading_organisations} leading)."
        ),
        s.as_of_note,
        f"The gap report finds {gaps['high']} high, {gaps['medium']} medium and {gaps['low']} low severity gaps.",
    ]


def _progress_rows(data: Paper) -> list[dict]:
    return [{"Progress": PROGRESS_LABELS[k], "Activities": str(v)} for k, v in data.summary.progress.items()]


def _theme_table(data: Paper) -> list[dict]:
    return [{"Theme": label, "Activities": str(count)} for label, count in data.summary.themes.items()]


def _change_lines(changes: Changes) -> list[str]:
    c = changes.counts
    lines = [
        (
            f"Compared with {', '.join(changes.old_plans)}: {c['carried over']} activities carried over "
            f"({c['changed']} changed), {c['added']} added, {c['dropped']} dropped."
        )
    ]
    for key, words in (
        ("sectors_gained", "Sectors now reached"),
        ("sectors_lost", "Sectors no longer reached"),
        ("organisations_gained", "Organisations joining"),
        ("organisations_lost", "Organisations leaving"),
    ):
        if getattr(changes, key):
            lines.append(f"{words}: {', '.join(getattr(changes, key))}.")
    return lines


@dataclass(frozen=True)
class Block:
    """One piece of the paper, in reading order: a ``heading`` (``level`` 0-3), a ``paragraph``,
    ``bullets``, a ``table`` (``rows`` of dicts, ``columns``), a ``figure``, or ``appendix``
    (the landscape part begins). Every writer lays out the same blocks."""

    kind: str
    text: str = ""
    level: int = 0
    items: tuple = ()
    columns: tuple = ()
    figure: F.Figure | None = None
    css: str = ""


def paper_blocks(data: Paper, figures: list[F.Figure]) -> list[Block]:
    """The paper's contents as :class:`Block` s (see the module docstring for the sections)."""
    B = Block
    blocks = [B("heading", data.title, 0), B("heading", "Summary", 1)]
    blocks += [B("paragraph", line) for line in _summary_lines(data)]
    blocks += [
        B("heading", "Activities by theme", 2),
        B("table", items=tuple(_theme_table(data)), columns=("Theme", "Activities")),
        B("heading", "Progress", 2),
        B("table", items=tuple(_progress_rows(data)), columns=("Progress", "Activities")),
        B("heading", "Key findings", 1),
    ]
    blocks.append(
        B("bullets", items=tuple(data.key_findings), css="high")
        if data.key_findings
        else B("paragraph", "The gap report finds no high-severity gaps.")
    )
    for severity in ("medium", "low"):
        rows = data.findings[severity]
        if rows:
            blocks += [
                B("heading", f"{severity.capitalize()} severity ({len(rows)})", 2),
                B("table", items=tuple(rows), columns=FINDING_COLUMNS),
            ]
    if data.changes is not None:
        blocks.append(B("heading", "What changed", 1))
        blocks += [B("paragraph", line) for line in _change_lines(data.changes)]
        if data.changes.rows:
            blocks.append(B("table", items=tuple(data.changes.rows), columns=("Change", "Activity", "Detail")))
    blocks.append(B("heading", "Pictures", 1))
    for figure in figures:
        blocks += [B("heading", figure.title, 2), B("figure", figure=figure)]
    blocks += [
        B("appendix"),
        B("heading", "Appendix: every activity", 1, css="appendix"),
        B("table", items=tuple(data.appendix), columns=APPENDIX_COLUMNS),
    ]
    return blocks


def write_paper(data: Paper, output: str, fmt: str) -> list[Path]:
    """Write the paper as ``fmt`` (docx, html or md) to ``output`` (``-``: standard output, html
    only). Returns the files written (the Markdown paper's figures beside it included)."""
    blocks = paper_blocks(data, draw_figures(data))
    if fmt == "docx":
        return [write_docx(data, blocks, Path(output))]
    if fmt == "md":
        return write_markdown(blocks, Path(output))
    page = html_page(data, blocks)
    if output == "-":
        import sys

        sys.stdout.write(page)
        return []
    Path(output).write_text(page, encoding="utf-8")
    return [Path(output)]


# --- Word -------------------------------------------------------------------------------------
def _docx_table(doc, rows, columns, style: str = "Light Grid Accent 1"):
    table = doc.add_table(rows=1, cols=len(columns))
    try:
        table.style = doc.styles[style]
    except KeyError:
        table.style = doc.styles["Table Grid"]
    for cell, name in zip(table.rows[0].cells, columns):
        cell.text = xml_text(name)
    for row in rows:
        cells = table.add_row().cells
        for cell, name in zip(cells, columns):
            cell.text = xml_text(str(row.get(name, "") or ""))
    return table


def _page_number_footer(section) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = section.footer.paragraphs[0]
    paragraph.text = "Page "
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == "PAGE":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = " PAGE "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def write_docx(data: Paper, blocks: list[Block], path: Path) -> Path:
    """A Word document with real headings and table styles (a template can restyle it), page
    numbers in the footer, the pictures with alt text, and the appendix in a landscape section."""
    import io

    from docx import Document
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.shared import Cm

    doc = Document()
    doc.core_properties.title = xml_text(data.title)
    section = doc.sections[0]
    _page_number_footer(section)
    width = min(section.page_width - section.left_margin - section.right_margin, Cm(16))
    for block in blocks:
        if block.kind == "heading":
            doc.add_heading(xml_text(block.text), level=block.level)
        elif block.kind == "paragraph":
            doc.add_paragraph(xml_text(block.text))
        elif block.kind == "bullets":
            for item in block.items:
                doc.add_paragraph(xml_text(item), style="List Bullet")
        elif block.kind == "table":
            _docx_table(doc, block.items, block.columns)
        elif block.kind == "figure":
            shape = doc.add_picture(io.BytesIO(block.figure.png), width=width)
            shape._inline.docPr.set("descr", xml_text(block.figure.alt))
            shape._inline.docPr.set("title", xml_text(block.figure.title))
            doc.add_paragraph(xml_text(block.figure.caption), style="Caption")
        elif block.kind == "appendix":
            appendix = doc.add_section(WD_SECTION.NEW_PAGE)
            appendix.orientation = WD_ORIENT.LANDSCAPE
            appendix.page_width, appendix.page_height = section.page_height, section.page_width
    doc.save(path)
    return path


# --- HTML -------------------------------------------------------------------------------------
_CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Arial,sans-serif;color:#1d2430;max-width:60rem;
margin:2rem auto;padding:0 1rem}
h1{font-size:1.7rem}h2{margin-top:2rem;border-bottom:1px solid #d0d5dd}h3{margin-top:1.4rem}
table{border-collapse:collapse;width:100%;margin:.6rem 0;font-size:.9rem}
th,td{border:1px solid #c9ced6;padding:.3rem .45rem;text-align:left;vertical-align:top}th{background:#eef1f5}
figure{margin:1rem 0;page-break-inside:avoid}figure img{max-width:100%;height:auto}
figcaption{font-size:.85rem;color:#4a5260}
li{margin:.3rem 0}.high{color:#b71c1c}
@media print{body{margin:0;max-width:none;font-size:11pt}h2{page-break-after:avoid}tr,figure{page-break-inside:avoid}
.appendix{page-break-before:always}@page{size:A4;margin:18mm}}
"""


def _html_table(rows, columns) -> str:
    head = "".join(f"<th>{html_text(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{html_text(r.get(c, ''))}</td>" for c in columns) + "</tr>" for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _html_block(block: Block) -> str:
    if block.kind == "heading":
        level = block.level + 1  # the title is h1
        css = f' class="{block.css}"' if block.css else ""
        return f"<h{level}{css}>{html_text(block.text)}</h{level}>"
    if block.kind == "paragraph":
        return f"<p>{html_text(block.text)}</p>"
    if block.kind == "bullets":
        return "<ul>" + "".join(f'<li class="{block.css}">{html_text(s)}</li>' for s in block.items) + "</ul>"
    if block.kind == "table":
        return _html_table(block.items, block.columns)
    if block.kind == "figure":
        figure = block.figure
        src = "data:image/png;base64," + base64.b64encode(figure.png).decode("ascii")
        return (
            f'<figure id="figure-{figure.name}"><img src="{src}" alt="{html_text(figure.alt)}">'
            f"<figcaption>{html_text(figure.caption)}</figcaption></figure>"
        )
    return ""


def html_page(data: Paper, blocks: list[Block]) -> str:
    """One self-contained printable page: no scripts, no requests (figures inline as PNG data)."""
    body = "\n".join(part for part in map(_html_block, blocks) if part)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; img-src data:; '
        "style-src 'unsafe-inline'\">"
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{html_text(data.title)}</title>'
        f"<style>{_CSS}</style></head><body>\n" + body + "\n</body></html>\n"
    )


# --- Markdown ---------------------------------------------------------------------------------
def write_markdown(blocks: list[Block], path: Path) -> list[Path]:
    """Text and tables in ``path``; each figure a PNG beside it (``<stem>-<figure>.png``)."""
    written, parts = [], []
    for block in blocks:
        if block.kind == "heading":
            parts.append(f"{'#' * (block.level + 1)} {markdown_text(block.text)}\n")
        elif block.kind == "paragraph":
            parts.append(markdown_text(block.text) + "\n")
        elif block.kind == "bullets":
            parts.append("\n".join(f"- {markdown_text(s)}" for s in block.items) + "\n")
        elif block.kind == "table":
            parts.append(to_markdown(block.items, block.columns))
        elif block.kind == "figure":
            figure = block.figure
            image = path.with_name(f"{path.stem}-{figure.name}.png")
            image.write_bytes(figure.png)
            written.append(image)
            parts.append(f"![{markdown_text(figure.alt)}]({image.name})\n\n{markdown_text(figure.caption)}\n")
    path.write_text("\n".join(parts), encoding="utf-8")
    return [path, *written]
