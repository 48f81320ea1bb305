"""Reports a partnership board can act on: gaps, coverage, partners and plan comparison, as data
and as rows/text for :mod:`partnermap.report.formats`'s formats.

Everything here works from the graph alone (never from :class:`partnermap.model.Plan`), so a
graph read back from Neo4j gives the same report as one built from files.
"""

from __future__ import annotations

import textwrap
from collections import Counter
from collections.abc import Iterable
from datetime import date
from pathlib import PurePath

import networkx as nx

from partnermap.graph import schema as S
from partnermap.graph.compare import Comparison
from partnermap.graph.coverage import Coverage
from partnermap.graph.dates import plan_period, report_date
from partnermap.graph.gaps import SEVERITIES, find_gaps
from partnermap.graph.query import activities, human_date, nodes_of, plan_ids, plural, sharing
from partnermap.reference.frameworks import choice_from_json, framework_sentence
from partnermap.report.formats import to_markdown, to_table
from partnermap.safe import markdown_text

GAP_COLUMNS = ("severity", "kind", "subject", "label", "detail", "activities", "locations")
PARTNER_COLUMNS = ("organisation", "sector", "led", "partnered", "degree", "betweenness")
COMPARE_COLUMNS = (
    "status",
    "old_activity",
    "old_text",
    "old_timescale",
    "old_source",
    "old_line",
    "new_activity",
    "new_text",
    "new_timescale",
    "new_source",
    "new_line",
    "similarity",
    "changes",
)


# --- gaps ----------------------------------------------------------------------------------------


def plans_of(G: nx.MultiDiGraph) -> list[dict]:
    """The graph's plans in order: id, title, source, number of activities and the framework each
    is judged by (id, name, basis, chosen_by, evidence: :meth:`partnermap.reference.frameworks.Choice.as_dict`)."""
    counts = Counter(data.get("plan") for _, data in activities(G))
    found = {d.get("plan"): d for _, d in nodes_of(G, S.PLAN)}
    return [
        {
            "id": plan,
            "title": found.get(plan, {}).get("title"),
            "source": found.get(plan, {}).get("source"),
            "activities": counts.get(plan, 0),
            "framework": plan_framework(found.get(plan, {})),
        }
        for plan in plan_ids(G)
    ]


def plan_framework(data: dict) -> dict:
    """A Plan node's framework as the report shows it (its JSON without the law the finders read)."""
    info = choice_from_json(data.get("framework_info")) or {
        "id": None,
        "name": None,
        "basis": None,
        "chosen_by": "none",
        "evidence": [],
        "note": "the plan was built without a framework choice",
    }
    return {k: v for k, v in info.items() if k != "law"}


def report_framework(plans: list[dict]) -> dict | None:
    """The framework every plan of a report is judged by (None when they differ: each plan has its own)."""
    found = [p["framework"] for p in plans]
    return found[0] if found and all(f.get("id") == found[0].get("id") for f in found) else None


def framework_lines(report: dict) -> list[str]:
    """A line per plan (one for them all when they share it): which framework judges it and why."""
    plans = report["plans"]
    if len(plans) == 1:
        return [framework_sentence(plans[0]["framework"])]
    return [framework_sentence(p["framework"], plan=p["title"] or p["id"]) for p in plans]


def gap_report(
    G: nx.MultiDiGraph,
    *,
    as_of: date | None = None,
    kinds: Iterable[str] | None = None,
    options: dict[str, dict] | None = None,
    today: date | None = None,
) -> dict:
    """``{"as_of": ISO date, "as_of_reason", "period_end", "plans": [...], "gaps": [...]}`` (see
    :func:`partnermap.graph.gaps.find_gaps` and :func:`report_date`)."""
    with sharing(G):
        when, reason = report_date(G, as_of, today=today)
        end = plan_period(G).as_dict()["end"]
        gaps = find_gaps(G, as_of=when, kinds=kinds, options=options)
        plans = plans_of(G)
        return {
            "as_of": when.isoformat(),
            "as_of_reason": reason,
            "period_end": end,
            "plans": plans,
            "framework": report_framework(plans),
            "gaps": [g.as_dict() for g in gaps],
        }


def date_note(report: dict) -> str:
    """One sentence on how the report date was chosen, when it was not given and not today."""
    if report.get("as_of_reason") != "plan_end":
        return ""
    many = len(report["plans"]) > 1
    return (
        f"The plan{'s’' if many else '’s'} period ended on {human_date(report['period_end'])} (the last date "
        f"{'their' if many else 'its'} timescales give); findings are as of that date unless --as-of is given."
    )


def locations(evidence: list[dict], *, limit: int | None = None, names: bool = True) -> str:
    """Where the evidence is written, per file: ``a.txt:3, 5, 9`` (file names without folders), or
    ``lines 3, 5, 9`` without ``names``; at most ``limit`` lines per file, then ``(+N more)``.

    >>> ev = [{"source": "/p/a.txt", "line": n} for n in (3, 5, 9)] + [{"source": "b.txt", "line": None}]
    >>> locations(ev), locations(ev, limit=2), locations(ev[:1], names=False), locations(ev[:3], names=False)
    ('a.txt:3, 5, 9; b.txt', 'a.txt:3, 5 (+1 more); b.txt', 'line 3', 'lines 3, 5, 9')
    """
    by_file: dict[str, dict[int, None]] = {}  # lines in order, each once (a dict: evidence may be 100,000 long)
    for e in evidence:
        if e.get("source"):
            lines = by_file.setdefault(e["source"], {})
            if e.get("line") is not None:
                lines[e["line"]] = None
    parts = []
    for source, found in by_file.items():
        lines = list(found)
        shown = lines if limit is None else lines[:limit]
        text = ", ".join(map(str, shown)) + (f" (+{len(lines) - len(shown)} more)" if len(lines) > len(shown) else "")
        if names:
            parts.append(f"{PurePath(source).name}:{text}" if lines else PurePath(source).name)
        elif lines:
            parts.append(f"{'line' if len(lines) == 1 else 'lines'} {text}")
    return "; ".join(parts)


def gap_rows(report: dict) -> list[dict]:
    """One flat row per gap (:data:`GAP_COLUMNS`): activities and full locations joined with ``; ``."""
    return [
        {
            **{k: g[k] for k in ("severity", "kind", "subject", "label", "detail")},
            "activities": "; ".join(e["activity"] for e in g["evidence"] if e.get("activity")),
            "locations": "; ".join(
                f"{e['source']}:{e['line']}" if e.get("line") is not None else e["source"]
                for e in g["evidence"]
                if e.get("source")
            ),
        }
        for g in report["gaps"]
    ]


def kind_name(kind: str) -> str:
    """``"sector_without_engagement"`` -> ``"Sector without engagement"``."""
    return kind.replace("_", " ").capitalize()


def _summary(report: dict, width: int | None = None) -> str:
    gaps = report["gaps"]
    counts = ", ".join(f"{sum(g['severity'] == s for g in gaps)} {s}" for s in SEVERITIES)
    plans = "; ".join(
        f"{p['title'] or p['id']} ({plural(p['activities'], 'activity', 'activities')})" for p in report["plans"]
    )
    note = date_note(report)
    lines = framework_lines(report) if report["plans"] and "framework" in report["plans"][0] else []
    judged = "".join((textwrap.fill(line, width) if width else line) + "\n" for line in lines)
    return (
        (f"{note}\n" if note else "")
        + f"As of {human_date(report['as_of'])}. {plural(len(report['plans']), 'plan')}: {plans}.\n"
        + judged
        + f"{plural(len(gaps), 'gap')}: {counts}."
    )


def _display_rows(report: dict, severity: str, limit: int, rows: int | None = None) -> tuple[list[dict], int]:
    """The first ``rows`` rows (all by default) for one severity, and how many gaps it has; locations
    name the file only when the report covers several plans."""
    names = len(report["plans"]) > 1
    gaps = [g for g in report["gaps"] if g["severity"] == severity]
    return [
        {
            "gap": f"{kind_name(g['kind'])}: {g['label']}",
            "kind": kind_name(g["kind"]),
            "label": g["label"],
            "detail": g["detail"],
            "where": locations(g["evidence"], limit=limit, names=names),
        }
        for g in gaps[:rows]
    ], len(gaps)


#: rows a terminal table shows per severity; the rest are counted under it (CSV and JSON have all)
TABLE_ROWS = 500


def _gap_table(rows: list[dict], title: str, width: int) -> str:
    return to_table(rows, ("gap", "detail", "where"), ("Gap", "Finding", "Where"), title=title, width=width)


def gaps_table(report: dict, *, width: int = 80, limit: int = TABLE_ROWS) -> str:
    """Plain-text report: a summary, then one table per severity (fits ``width`` columns), each
    of at most ``limit`` rows with a line saying how many more there are and where they are."""
    tables = []  # (rows, title, the line under it)
    for severity in SEVERITIES:
        rows, count = _display_rows(report, severity, limit=3, rows=limit)
        if rows:
            more = (
                f"... and {count - limit:,} more {severity} gaps: --format csv or json lists every one.\n"
                if count > limit
                else None
            )
            tables.append((rows, f"{severity.upper()} ({count})", more))
    parts = [_summary(report, width) + "\n"]
    for rows, title, more in tables:
        text = _gap_table(rows, title, width)
        parts.extend([text, more] if more else [text])
    return "\n".join(parts)


def gaps_markdown(report: dict) -> str:
    """A Markdown section ready to paste into a board paper: summary, then a table per severity."""
    summary = "\n\n".join(markdown_text(line) for line in _summary(report).splitlines())
    parts = ["# Gap report\n", summary + "\n"]
    for severity in SEVERITIES:
        rows, count = _display_rows(report, severity, limit=8)
        if rows:
            parts.append(f"## {severity.capitalize()} ({count})\n")
            parts.append(
                to_markdown(rows, ("kind", "label", "detail", "where"), ("Gap", "Subject", "Finding", "Where"))
            )
    return "\n".join(parts)


# --- coverage, partners, compare -----------------------------------------------------------------


def coverage_columns(cov: Coverage) -> list[str]:
    """CSV columns of :meth:`Coverage.rows`: sector, name, one per theme, total."""
    return ["sector", "name", *cov.column_ids, "total"]


def coverage_table(cov: Coverage, *, width: int = 80) -> str:
    """The matrix as a table: a row per sector, a column per theme (``-`` = no activity), a key below."""
    rows = [{k: "-" if v == 0 and k in cov.column_ids else v for k, v in r.items()} for r in cov.rows()]
    table = to_table(
        rows,
        ["name", *cov.column_ids, "total"],
        ["Sector", *cov.column_ids, "Total"],
        title="Activities by sector and theme",
        width=width,
    )
    key = "; ".join(f"{c['column']} = {c['name']}" for c in cov.columns)
    return table + f"Themes: {key}.\n{plural(len(cov.empty_cells()), 'empty cell')} (-).\n"


def framework_rows(areas: list[dict], *, limit: int = 3) -> list[dict]:
    """One row per framework area: covered or not, and by which activities with the words matched."""
    rows = []
    for area in areas:
        shown = area["evidence"][:limit]
        words = "; ".join(f'{e["activity"].rsplit(":", 1)[-1]}: "{e["phrase"]}" ({e["field"]})' for e in shown)
        more = len(area["evidence"]) - len(shown)
        rows.append(
            {
                "area": area["area"],
                "name": area["name"],
                "covered": area["covered"],
                "activities": len(area["evidence"]),
                "evidence": (words + (f" (+{more} more)" if more > 0 else "")) if shown else "no activity",
                "where": locations(area["evidence"], limit=limit, names=False),
            }
        )
    return rows


def compare_table(cmp: Comparison, *, width: int = 80, changes_only: bool = False) -> str:
    """What changed, first: sectors and organisations gained and lost; then the activities changed
    (with before and after), dropped and added; then those carried over unchanged (left out with
    ``changes_only``)."""
    lines = [
        f"{', '.join(cmp.old_plans)} -> {', '.join(cmp.new_plans)}: {len(cmp.changed)} changed, "
        f"{len(cmp.dropped)} dropped, {len(cmp.added)} added, {len(cmp.unchanged)} carried over unchanged."
    ]
    for label, names in (
        ("Sectors gained", [s["name"] for s in cmp.sectors_gained]),
        ("Sectors lost", [s["name"] for s in cmp.sectors_lost]),
        ("Organisations gained", cmp.organisations_gained),
        ("Organisations lost", cmp.organisations_lost),
    ):
        lines.append(f"{label}: {', '.join(names) or 'none'}.")
    text = "\n".join(lines) + "\n"
    order = {"changed": 0, "dropped": 1, "added": 2, "carried_over": 3}
    rows = [
        r
        for r in cmp.rows()
        if not r["status"].startswith("sector") and not (changes_only and r["status"] == "carried_over")
    ]
    rows.sort(key=lambda r: order[r["status"]])
    shown = [
        {
            "status": r["status"].replace("_", " "),
            "old": r["old_text"],
            "new": r["new_text"],
            "changes": r.get("changes") or "",
            "similarity": r["similarity"],
        }
        for r in rows
    ]
    if shown:
        text += to_table(
            shown,
            ("status", "old", "new", "changes", "similarity"),
            ("Status", "Old", "New", "What changed", "%"),
            width=width,
        )
    return text


# --- frameworks ------------------------------------------------------------------------------------


def framework_text(framework) -> str:
    """``partnermap frameworks show``: what the framework is, its legal basis, its statutory
    partners with the provision naming each, its areas with the guidance expecting each, and its
    sources, as plain lines (a provision is never cut across lines)."""
    lines = [f"{framework.name} ({framework.id}): {', '.join(framework.applies_to) or 'anywhere'}"]
    if framework.summary:
        lines.append(framework.summary)
    lines += ["", f"Legal basis: {framework.basis}", "", "Statutory partners:"]
    if framework.no_statutory_partnership:
        lines.append("  none required: no statutory partnership, so no finding says a partner is missing")
    for partner in (*framework.required, *framework.relevant):
        if len(partner.sectors) == 1:
            lines.append(f"  {partner.kind} {partner.sector}: {partner.body} ({partner.role}) - {partner.provision}")
        else:  # a seat any one of several sectors fills
            lines.append(
                f"  {partner.kind} {' or '.join(partner.sectors)} (any one fills the seat): {partner.body} "
                f"({partner.role}) - {partner.provision}"
            )
    if not (framework.required or framework.relevant or framework.no_statutory_partnership):
        lines.append("  none named")
    if framework.out_of_scope:
        lines.append(f"Out of scope (never reported): {', '.join(framework.out_of_scope)}")
    lines += ["", "Areas:"]
    lines += [
        f"  {a.id}: {a.name}" + (f" - expected by {a.expected_by}" if a.expected_by else "") for a in framework.areas
    ] or ["  none"]
    lines += ["", "Sources:"]
    lines += [f"  {c.cite()}" + (f" <{c.url}>" if c.url else "") for c in (*framework.legal_basis, *framework.guidance)]
    if framework.notes:
        lines += ["", f"Notes: {framework.notes}"]
    return "\n".join(lines) + "\n"
