"""Themes: numbers skipped in a plan's theme list, and themes with no activities under them.

Read from Theme nodes (``plan``, ``number``, ``key``) and their ``PART_OF`` edges; the theme row's
line is on its ``PART_OF`` edge to the plan.

>>> import networkx as nx
>>> G = nx.MultiDiGraph(plans=["p"])
>>> G.add_node("Plan:p", kind="Plan", plan="p", title="Prevent plan")
>>> for n in (1, 2, 4):
...     _ = G.add_edge(f"Theme:p:{n}", "Plan:p", "PART_OF", type="PART_OF", source="p.txt", line=10 * n)
...     G.nodes[f"Theme:p:{n}"].update(kind="Theme", plan="p", number=n, key=str(n), name=f"Theme {n}")
>>> _ = G.add_edge("Activity:p:1", "Theme:p:1", "PART_OF", type="PART_OF")
>>> G.nodes["Activity:p:1"].update(kind="Activity", plan="p", seq=1)
>>> [(g.subject, [e["line"] for e in g.evidence]) for g in theme_numbering_gap(G)]
[('3', [20, 40])]
>>> [g.subject for g in theme_without_activity(G)]
['2', '4']
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from partnermap.graph import schema as S
from partnermap.graph.gaps.base import Gap, finder, natural_key, nodes_of, plan_ids, sources
from partnermap.graph.links import out_edges


def _plan_names(G: nx.MultiDiGraph) -> dict[str, str]:
    return {d.get("plan"): d.get("title") or d.get("name") or d.get("plan") for _, d in nodes_of(G, S.PLAN)}


def _themes_by_plan(G: nx.MultiDiGraph) -> dict[str, list[tuple[str, dict]]]:
    themes = defaultdict(list)
    for nid, data in nodes_of(G, S.THEME):
        themes[data.get("plan")].append((nid, data))
    return themes


def _row(G: nx.MultiDiGraph, theme: str) -> dict:
    """Where a theme row is written (its ``PART_OF`` edge to the plan)."""
    edges = sorted(
        (d.get("source") or "", d.get("line") or 0)
        for _, v, key, d in out_edges(G, theme, keys=True, data=True)
        if key == S.PART_OF and G.nodes[v].get("kind") == S.PLAN
    )
    source, line = edges[0] if edges else (None, None)
    return {"activity": None, "source": source or None, "line": line or None}


def _label(text: str, plan: str, several: bool) -> str:
    return f"{text} ({plan})" if several else text


@finder
def theme_numbering_gap(G: nx.MultiDiGraph) -> list[Gap]:
    """Each number missing from 1 to a plan's highest theme number (subject = the number).

    Evidence: the theme rows either side of the gap.
    """
    names, plans = _plan_names(G), plan_ids(G)
    gaps = []
    for plan in plans:
        numbered = {int(d["number"]): nid for nid, d in _themes_by_plan(G)[plan] if d.get("number") is not None}
        present = sorted(numbered)
        for missing in sorted(set(range(1, max(present, default=0) + 1)) - set(present)):
            around = [
                n
                for n in (
                    max((p for p in present if p < missing), default=None),
                    min((p for p in present if p > missing), default=None),
                )
                if n is not None
            ]
            gaps.append(
                Gap(
                    "theme_numbering_gap",
                    str(missing),
                    _label(f"Theme {missing}", plan, len(plans) > 1),
                    "low",
                    f'The themes of "{names.get(plan, plan)}" are numbered {", ".join(map(str, present))}: '
                    f"there is no theme {missing}.",
                    [_row(G, numbered[n]) for n in around],
                )
            )
    return gaps


@finder
def theme_without_activity(G: nx.MultiDiGraph) -> list[Gap]:
    """A theme with no activities under it (subject = the theme's key: its number, or a slug)."""
    plans = plan_ids(G)
    gaps = []
    for plan in plans:
        for nid, data in sorted(_themes_by_plan(G)[plan], key=lambda nd: natural_key(nd[1].get("key") or nd[0])):
            if not any(G.nodes[a].get("kind") == S.ACTIVITY for a in sources(G, nid, S.PART_OF)):
                name = data.get("name") or nid
                key = data.get("key") or nid.rsplit(":", 1)[1]
                gaps.append(
                    Gap(
                        "theme_without_activity",
                        key,
                        _label(name, plan, len(plans) > 1),
                        "medium",
                        f'The theme "{name}" has no activities under it.',
                        [_row(G, nid)],
                    )
                )
    return gaps
