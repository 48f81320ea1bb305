"""Gap analysis: what a partnership plan misses, found on the graph alone.

Every finder takes the graph (as built by :func:`partnermap.graph.build.build_graph`, or read back
from Neo4j) and returns :class:`Gap` records; it never looks at :class:`partnermap.model.Plan`
objects, so both sources give the same report. :func:`find_gaps` runs the finders for the kinds
asked for and sorts the gaps by severity (high first), kind (in :data:`KINDS` order) and subject
(numbers in numeric order).

=================================  ========  =====================================================
kind                               severity  found when
=================================  ========  =====================================================
statutory_partner_missing          high      a seat the plan's framework requires (its Act's
                                             responsible/specified/safeguarding partners) has no
                                             organisation of its sector (or of any one of its
                                             sectors) leading or partnering any activity
sector_without_engagement          med/low   no activity reaches a sector, nobody from it delivers
                                             (medium: the framework names it a relevant partner;
                                             none: its required seat is empty, or out of the
                                             framework's scope)
sector_not_delivering              medium    a sector is reached, but nobody from it delivers
framework_area_without_activity    high      no activity addresses an area of the plan's framework
theme_numbering_gap                low       a plan's theme numbers skip one (subject = number)
theme_without_activity             medium    a theme has no activities
lead_concentration                 med/high  one organisation leads more than a share (HHI given)
single_point_of_failure            medium    removing an organisation splits the network
audience_single_activity           low       only one activity reaches an audience
outcome_without_indicator          low       an outcome has no number, percentage, count or date
missing_field                      high/med  no lead (high), outcome or timescale (medium)
unparsed_timescale                 medium    a timescale could not be read as dates
open_ended_timescale               low       a timescale sets no end date (or dates, then ongoing)
overdue                            high/med  ended before ``as_of``, not complete (high: off track,
                                             at risk or not started; medium: on track or no status)
duplicate_activity                 low       near-identical activities, within or across plans
=================================  ========  =====================================================

>>> import networkx as nx
>>> from datetime import date
>>> G = nx.MultiDiGraph(plans=["p"])
>>> G.add_node("Sector:schools", kind="Sector", name="Schools", sector_id="schools")
>>> G.add_node("Activity:p:1", kind="Activity", plan="p", seq=1, name="Brief staff", text="Brief staff",
...            outcome="Staff aware", timescale="Jan 2018", end="2018-01-31", source="p.txt", line=3)
>>> [(g.severity, g.kind, g.subject) for g in find_gaps(G, as_of=date(2018, 7, 1))]  # doctest: +NORMALIZE_WHITESPACE
[('high', 'missing_field', 'Activity:p:1'), ('medium', 'overdue', 'Activity:p:1'),
 ('low', 'sector_without_engagement', 'schools'), ('low', 'outcome_without_indicator', 'Activity:p:1')]
>>> [g.kind for g in find_gaps(G, as_of=date(2018, 1, 1), kinds=["overdue"])]
[]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from functools import partial

import networkx as nx

from partnermap.graph.gaps.audiences import audience_single_activity
from partnermap.graph.gaps.base import SEVERITIES, SEVERITY_RANK, Gap, natural_key, sharing
from partnermap.graph.gaps.concentration import lead_concentration
from partnermap.graph.gaps.duplicates import duplicate_activity
from partnermap.graph.gaps.fields import missing_field, open_ended_timescale, unparsed_timescale
from partnermap.graph.gaps.framework import framework_area_without_activity
from partnermap.graph.gaps.indicators import outcome_without_indicator
from partnermap.graph.gaps.network import single_point_of_failure
from partnermap.graph.gaps.overdue import overdue
from partnermap.graph.gaps.sector import sector_not_delivering, sector_without_engagement
from partnermap.graph.gaps.statutory import statutory_partner_missing
from partnermap.graph.gaps.themes import theme_numbering_gap, theme_without_activity

__all__ = ["FINDERS", "KINDS", "SEVERITIES", "Gap", "find_gaps", "sort_gaps"]

#: kind -> finder (every finder but ``overdue`` takes only the graph and its own options)
FINDERS: dict[str, Callable[..., list[Gap]]] = {
    "statutory_partner_missing": statutory_partner_missing,
    "sector_without_engagement": sector_without_engagement,
    "sector_not_delivering": sector_not_delivering,
    "framework_area_without_activity": framework_area_without_activity,
    "theme_numbering_gap": theme_numbering_gap,
    "theme_without_activity": theme_without_activity,
    "lead_concentration": lead_concentration,
    "single_point_of_failure": single_point_of_failure,
    "audience_single_activity": audience_single_activity,
    "outcome_without_indicator": outcome_without_indicator,
    "missing_field": missing_field,
    "unparsed_timescale": unparsed_timescale,
    "open_ended_timescale": open_ended_timescale,
    "overdue": overdue,
    "duplicate_activity": duplicate_activity,
}
KINDS: tuple[str, ...] = tuple(FINDERS)
_KIND_RANK = {kind: rank for rank, kind in enumerate(KINDS)}


def sort_gaps(gaps: Iterable[Gap]) -> list[Gap]:
    """Severity (high first), then kind (:data:`KINDS` order), subject, label and detail."""
    return sorted(
        gaps,
        key=lambda g: (
            SEVERITY_RANK[g.severity],
            _KIND_RANK.get(g.kind, len(_KIND_RANK)),
            g.kind,
            natural_key(g.subject),
            g.label,
            g.detail,
        ),
    )


def find_gaps(
    G: nx.MultiDiGraph, *, as_of: date, kinds: Iterable[str] | None = None, options: dict[str, dict] | None = None
) -> list[Gap]:
    """Every gap of the given ``kinds`` (default: all), sorted (see :func:`sort_gaps`).

    ``options`` maps a kind to keyword options of its finder, e.g.
    ``{"lead_concentration": {"threshold": 0.4}, "duplicate_activity": {"threshold": 95}}``.
    """
    wanted = list(dict.fromkeys(kinds)) if kinds is not None else list(KINDS)
    unknown = [k for k in [*wanted, *(options or {})] if k not in FINDERS]
    if unknown:
        raise ValueError(f"unknown gap kind(s): {', '.join(unknown)} (expected: {', '.join(KINDS)})")
    gaps = []
    with sharing(G):
        for kind in wanted:
            finder = partial(FINDERS[kind], as_of=as_of) if kind == "overdue" else FINDERS[kind]
            gaps.extend(finder(G, **(options or {}).get(kind, {})))
    return sort_gaps(gaps)
