"""What the map marks on its network: the gap report's findings for the scope drawn, node marks,
activity dates for the page's date control, and the size metrics of ``partnermap partners``.

The findings are :func:`partnermap.graph.gaps.find_gaps`'s own, for the same report date as
``partnermap gaps`` (:func:`partnermap.graph.dates.report_date`). A theme or focus map judges
its scope (:func:`scope_graph`): the activities it draws, with every organisation, sector,
audience and framework area of the plan, so a sector the theme leaves unreached is a finding of
that map. Plan-wide kinds (theme numbering) are left to the whole-plan map.

An activity's status on a date (:func:`status_on`, mirrored by the page's script): ``complete``
(the plan records it so), ``open_ended`` (no end date, or dates and then ongoing), ``not_started``
(starts after the date), ``overdue`` (ended before it), else ``at_risk`` when the plan records it
at risk or off track, else ``running``; activities without dates are ``undated``.

>>> status_on({"start": "2018-01-01", "end": "2018-06-30"}, "2018-07-01")
'overdue'
>>> status_on({"start": "2018-01-01", "end": "2018-06-30", "achieved": True}, "2018-07-01")
'complete'
>>> status_on({"start": "2018-09-01", "end": "2019-03-31"}, "2018-07-01")
'not_started'
"""

from __future__ import annotations

from datetime import date

import networkx as nx

from partnermap.graph import schema as S
from partnermap.graph.gaps import KINDS, find_gaps
from partnermap.graph.network import betweenness, organisation_network

#: kinds about the whole plan rather than a part of it
PLAN_WIDE_KINDS = ("theme_numbering_gap",)
#: kinds whose subject is a node of the given label, by its key
_SUBJECT_LABELS = {
    "statutory_partner_missing": S.SECTOR,
    "sector_without_engagement": S.SECTOR,
    "sector_not_delivering": S.SECTOR,
    "framework_area_without_activity": S.FRAMEWORK_AREA,
    "audience_single_activity": S.AUDIENCE,
}
STATUSES = ("complete", "open_ended", "not_started", "overdue", "at_risk", "running", "undated")
#: the labels a theme or focus map judges only as drawn (everything else is the whole plan's)
_SCOPED_LABELS = {S.ACTIVITY, S.OUTCOME, S.THEME}


def status_on(data: dict, day: str) -> str:
    """An activity's status on ``day`` (ISO date) from its node data (see the module docstring)."""
    if data.get("achieved") or data.get("progress") == "complete":
        return "complete"
    end, start = data.get("end"), data.get("start")
    if data.get("ongoing") or (start and not end):
        return "open_ended"
    if not end:
        return "undated"
    if start and str(start) > day:
        return "not_started"
    if str(end) < day:
        return "overdue"
    return "at_risk" if data.get("progress") in ("at_risk", "off_track") else "running"


def scope_graph(G: nx.MultiDiGraph, shown: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The graph a theme or focus map's findings are judged on: the activities, outcomes and
    themes it draws, and every other node of ``G`` (organisations, sectors, audiences, ...)."""
    if shown is G:
        return G
    keep = [n for n, kind in G.nodes(data="kind") if kind not in _SCOPED_LABELS or n in shown]
    return G.subgraph(keep)


def _subject_node(G: nx.MultiDiGraph, gap, organisations: dict[str, str]) -> str | None:
    if gap.subject in G:
        return gap.subject
    label = _SUBJECT_LABELS.get(gap.kind)
    if label and S.node_id(label, gap.subject) in G:
        return S.node_id(label, gap.subject)
    # plans judged by different frameworks: "<framework>:<sector>" names the sector after the prefix
    if label == S.SECTOR and S.node_id(label, gap.subject.rsplit(":", 1)[-1]) in G:
        return S.node_id(label, gap.subject.rsplit(":", 1)[-1])
    return organisations.get(gap.subject)


def map_findings(G: nx.MultiDiGraph, shown: nx.MultiDiGraph, as_of: date) -> tuple[list[dict], nx.MultiDiGraph]:
    """The findings for the map of ``shown`` (JSON-ready: kind, severity, subject, label, detail
    and ``nodes``, the evidence nodes drawn), and the scope graph they were judged on."""
    scope = scope_graph(G, shown)
    kinds = None if scope is G else [k for k in KINDS if k not in PLAN_WIDE_KINDS]
    organisations = {d.get("name"): n for n, d in G.nodes(data=True) if d.get("kind") == S.ORGANISATION}
    found = []
    for gap in find_gaps(scope, as_of=as_of, kinds=kinds):
        nodes = [e["activity"] for e in gap.evidence if e.get("activity")]
        subject = _subject_node(G, gap, organisations)
        if subject:
            nodes.insert(0, subject)
        found.append(
            {
                "kind": gap.kind,
                "severity": gap.severity,
                "subject": gap.subject,
                "label": gap.label,
                "detail": gap.detail,
                "nodes": list(dict.fromkeys(nodes)),
                "node": subject,
            }
        )
    return found, scope


def node_marks(findings: list[dict]) -> dict[str, list[str]]:
    """Node id -> its marks: ``not_delivering`` (a sector reached that nobody from delivers),
    ``single_point`` (an organisation whose removal splits the network), ``concentration`` (the
    lead of a lead-concentration finding). Activities' status rings come from their dates instead."""
    marks: dict[str, list[str]] = {}
    names = {
        "sector_not_delivering": "not_delivering",
        "single_point_of_failure": "single_point",
        "lead_concentration": "concentration",
    }
    for finding in findings:
        mark = names.get(finding["kind"])
        if mark and finding["node"]:
            marks.setdefault(finding["node"], []).append(mark)
    return marks


def organisation_metrics(G: nx.MultiDiGraph) -> dict[str, dict]:
    """Organisation node -> ``{"led", "betweenness"}``, the figures of ``partnermap partners``."""
    P = organisation_network(G)
    central = betweenness(P)
    return {org: {"led": d["led"], "betweenness": round(central[org], 4)} for org, d in P.nodes(data=True)}


def concentration_share(finding: dict, G: nx.MultiDiGraph) -> float | None:
    """The share of activities the lead of a concentration finding leads (from its evidence)."""
    total = sum(1 for _, kind in G.nodes(data="kind") if kind == S.ACTIVITY)
    led = sum(1 for e in finding.get("nodes", []) if str(e).startswith(f"{S.ACTIVITY}:"))
    return round(led / total, 3) if total else None
