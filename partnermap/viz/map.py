"""The interactive partnership map: one self-contained HTML page drawn with vis-network.

The page inlines the vis-network script and stylesheet that the installed ``pyvis`` package ships
(read at run time, never fetched), so it works offline and makes no request. Pyvis's own
``add_node``/``add_edge`` are quadratic and its templates still point at CDNs, so the node and edge
lists are built here directly and handed to a small page of our own (``map.html``, ``map.css``,
``map.js`` beside this module).

Safety: the graph travels in a JSON data island (``<script type="application/json">``) whose
``<``, ``>`` and ``&`` are escaped as ``\\u003c`` etc., so no plan text can close the script; the
page script puts plan text into the DOM only through ``textContent`` (node tooltips are DOM
elements, edge tooltips plain strings that vis-network sets as ``innerText``; the search list and
theme menu are filled through ``value``/``text``); the title is HTML-escaped; a Content Security
Policy forbids every request.

What it shows: every node type with its own colour and shape (:data:`STYLES`), sized by degree;
edges coloured by relationship type (:data:`REL_STYLES`); sectors without engagement
(:func:`partnermap.graph.engagement.sector_engagement`, computed on the whole graph) as dashed
"gap" nodes whose tooltip says why. Controls: a legend whose entries toggle their node type, a
search box that selects and focuses a node, click to highlight a neighbourhood, a theme filter.

Layout: node positions are precomputed in linear time (:func:`radial_layout`). Up to :data:`LARGE`
nodes the ``auto`` layout lets physics settle the picture from there, then turns physics off; above
it the positions are used as they are: physics and ``improvedLayout`` off, straight edges without
arrows, edges hidden while dragging or zooming, activity and outcome labels added on zooming in.
"""

from __future__ import annotations

import difflib
import importlib.util
import json
import math
import re
from collections import Counter, deque
from collections.abc import Iterable
from datetime import date
from functools import cache
from importlib import resources
from os import PathLike
from pathlib import Path
from typing import NamedTuple

import networkx as nx

from partnermap.errors import InputError
from partnermap.graph import schema as S
from partnermap.graph.build import short_name
from partnermap.graph.dates import plan_period, report_date
from partnermap.graph.engagement import SectorEngagement, sector_engagement
from partnermap.graph.links import degree, edges, in_edges, out_edges
from partnermap.graph.query import sharing, theme_node_label
from partnermap.graph.style import GAP, GAP_MIN_SIZE, NODE_STYLES, REL_STYLES, node_size
from partnermap.safe import html_text
from partnermap.viz.lanes import lanes_layout
from partnermap.viz.marks import concentration_share, map_findings, node_marks, organisation_metrics

LAYOUTS = ("auto", "force", "lanes", "static")
LARGE = 300  # above this many nodes, "auto" uses the precomputed positions without physics
#: characters of a node's name shown on the canvas (the tooltip has it all), and label font size
LABELS = {
    S.ACTIVITY: (40, 15),
    S.OUTCOME: (30, 13),
    S.PLAN: (60, 22),
    S.THEME: (40, 20),
    S.ORGANISATION: (40, 20),
    S.CONCEPT: (40, 14),
    S.FRAMEWORK_AREA: (40, 14),
}
LABEL_DEFAULT = (40, 17)
#: spring length by relationship type (physics): outcomes hug their activity; organisations, often
#: linked to everything, and the concept and framework "tags" stand further off
EDGE_LENGTHS = {S.AIMS_FOR: 40, S.PART_OF: 90, S.ABOUT: 200, S.ADDRESSES: 220, S.LEADS: 300, S.PARTNERS_IN: 300}

#: legend group -> (legend label, vis-network shape, colour), and relationship type -> (label, label
#: read backwards, colour): defined once in :mod:`partnermap.graph.style`
STYLES = NODE_STYLES

#: ``--focus`` prefixes -> node label
FOCUS_KINDS = {
    "plan": S.PLAN,
    "theme": S.THEME,
    "activity": S.ACTIVITY,
    "org": S.ORGANISATION,
    "organisation": S.ORGANISATION,
    "organization": S.ORGANISATION,
    "audience": S.AUDIENCE,
    "sector": S.SECTOR,
    "outcome": S.OUTCOME,
    "concept": S.CONCEPT,
    "area": S.FRAMEWORK_AREA,
}
_KIND_ORDER = {label: i for i, label in enumerate(S.LABELS)}


class UnknownSelection(InputError):
    """A ``focus`` or ``theme`` that names nothing in the graph; ``option`` says which."""

    def __init__(self, option: str, message: str):
        super().__init__(message)
        self.option = option


# --- selecting what to draw ------------------------------------------------------------------------


def _neighbours(G: nx.MultiDiGraph, node: str) -> Iterable[str]:
    yield from G.succ[node]
    yield from G.pred[node]


def _kind(G: nx.MultiDiGraph, node: str) -> str:
    return G.nodes[node]["kind"]


def _nodes_of(G: nx.MultiDiGraph, kind: str) -> list[str]:
    return [n for n, k in G.nodes(data="kind") if k == kind]


def theme_nodes(G: nx.MultiDiGraph, theme: str) -> set[str]:
    """The nodes of a theme: its activities, what they connect to, and the concepts and sectors
    of those outcomes, audiences and organisations (plus the theme and its plan).

    ``theme`` is a theme number or key ("2"), or a theme's name (any case); a number found in
    several plans selects that theme in each. Unknown themes raise :class:`UnknownSelection`.
    """
    wanted = theme.strip().casefold()
    themes = [
        t
        for t in _nodes_of(G, S.THEME)
        if wanted in {str(G.nodes[t].get("key")).casefold(), G.nodes[t]["name"].casefold()}
    ]
    if not themes:
        known = ", ".join(sorted({theme_node_label(G.nodes[t]) for t in _nodes_of(G, S.THEME)})) or "none"
        raise UnknownSelection("theme", f"no theme {theme!r} in the plan (themes: {known})")
    return set().union(*(_theme_members(G, t) for t in themes))


def _theme_members(G: nx.MultiDiGraph, theme: str) -> set[str]:
    """:func:`theme_nodes` of one theme node."""
    activities = [a for a in G.pred[theme] if _kind(G, a) == S.ACTIVITY]
    near = {n for a in activities for n in _neighbours(G, a)}
    tagged = {n for n in near if _kind(G, n) in (S.OUTCOME, S.AUDIENCE, S.ORGANISATION)}
    tags = {t for n in tagged for t in G.succ[n] if _kind(G, t) in (S.CONCEPT, S.SECTOR)}
    return {theme, *G.succ[theme], *activities, *near, *tags}  # G.succ[theme]: its plan


def _focus_matches(G: nx.MultiDiGraph, kind: str, wanted: str) -> list[str]:
    """Nodes of ``kind`` whose id key, name or theme key is ``wanted`` (any case); for
    organisations a unique part of a name will do."""
    key = wanted.casefold()
    candidates = _nodes_of(G, kind)
    exact = [
        n
        for n in candidates
        if key
        in {n.split(":", 1)[1].casefold(), G.nodes[n]["name"].casefold(), str(G.nodes[n].get("key") or "").casefold()}
    ]
    if exact or kind != S.ORGANISATION:
        return exact
    partial = [n for n in candidates if key in G.nodes[n]["name"].casefold()]
    return partial if len(partial) == 1 else []


def focus_nodes(G: nx.MultiDiGraph, focus: str, depth: int = 1) -> set[str]:
    """The nodes within ``depth`` steps (either direction) of the node(s) ``focus`` names.

    ``focus`` is ``KIND:NAME`` with KIND one of :data:`FOCUS_KINDS` (``sector:health``,
    ``org:"Bradford MDC"``; quotes around NAME are dropped) or a node id. Nothing found raises
    :class:`UnknownSelection` with the nearest names.
    """
    prefix, _, wanted = focus.partition(":")
    wanted = wanted.strip().strip("\"'")
    kind = FOCUS_KINDS.get(prefix.strip().casefold())
    if focus in G:
        starts = [focus]
    elif kind is None or not wanted:
        kinds = ", ".join(k for k in FOCUS_KINDS if k not in ("organisation", "organization"))
        raise UnknownSelection(
            "focus",
            f"cannot read focus {focus!r}: use KIND:NAME, e.g. sector:health or "
            f'org:"Bradford MDC" (KIND is one of {kinds})',
        )
    else:
        starts = _focus_matches(G, kind, wanted)
    if not starts:
        names = sorted({G.nodes[n]["name"] for n in _nodes_of(G, kind)})
        close = difflib.get_close_matches(wanted, names, n=4, cutoff=0.4)
        hint = (
            f"did you mean: {', '.join(close)}"
            if close
            else f"there are: {', '.join(names[:8])}{', …' if len(names) > 8 else ''}"
            if names
            else "there are none"
        )
        raise UnknownSelection("focus", f"no {STYLES[kind][0].lower()} {wanted!r} in the plan ({hint})")
    found = dict.fromkeys(starts, 0)
    queue = deque(starts)
    while queue:
        node = queue.popleft()
        if found[node] < depth:
            for near in _neighbours(G, node):
                if near not in found:
                    found[near] = found[node] + 1
                    queue.append(near)
    return set(found)


def part(G: nx.MultiDiGraph, nodes: Iterable[str]) -> nx.MultiDiGraph:
    """The subgraph of ``G`` on ``nodes``, listing its nodes and edges in ``G``'s order (a plain
    subgraph lists them in the order of a set, which changes from run to run)."""
    return nx.subgraph_view(G, filter_node=set(nodes).__contains__)


def select(
    G: nx.MultiDiGraph, *, focus: str | None = None, depth: int = 1, theme: str | None = None
) -> nx.MultiDiGraph:
    """The part of ``G`` the map draws: the theme's nodes (:func:`theme_nodes`), then the
    neighbourhood of ``focus`` within them (:func:`focus_nodes`); all of ``G`` when neither is given."""
    shown = G
    if theme is not None:
        shown = part(G, theme_nodes(G, theme))
    if focus is not None:
        shown = part(shown, focus_nodes(shown, focus, depth))
    return shown


# --- positions -------------------------------------------------------------------------------------


def _tree_parent(G: nx.MultiDiGraph, node: str) -> str | None:
    """A node's parent in the plan's hierarchy: theme or activity -> plan or theme, outcome ->
    activity; ``None`` for plans and for nodes outside the hierarchy."""
    kind = _kind(G, node)
    if kind in (S.THEME, S.ACTIVITY):
        return next((v for _, v, rel in out_edges(G, node, keys=True) if rel == S.PART_OF), None)
    if kind == S.OUTCOME:
        return next((u for u, _, rel in in_edges(G, node, keys=True) if rel == S.AIMS_FOR), None)
    return None


_TREE_KINDS = (S.PLAN, S.THEME, S.ACTIVITY, S.OUTCOME)


def radial_layout(G: nx.MultiDiGraph, *, ring: float = 170.0, spacing: float = 46.0) -> dict[str, tuple[int, int]]:
    """Deterministic positions in linear time.

    The plan hierarchy (plan -> themes -> activities -> outcomes) is drawn as a radial tree: each
    node's children share its angle in proportion to their leaves, and each ring is wide enough
    for its nodes at ``spacing`` apart (several plans share the first ring). Every other node
    (organisations, sectors, audiences, concepts, framework areas) sits a little inside the centre
    of its neighbours; nodes linked to nothing placed go in rows beneath the circle.
    """
    order = {n: (_KIND_ORDER.get(d.get("kind"), 99), str(d.get("name")), n) for n, d in G.nodes(data=True)}
    children: dict[str | None, list[str]] = {}
    roots, tags = [], []
    for node in sorted(G, key=order.__getitem__):
        if _kind(G, node) not in _TREE_KINDS:
            tags.append(node)
        elif (parent := _tree_parent(G, node)) in G:
            children.setdefault(parent, []).append(node)
        else:
            roots.append(node)
    room = 2 * spacing * math.sqrt(len(tags))  # the disc inside the second ring holds the tags
    positions = _radial_tree(roots, children, ring, spacing, room)
    _place_tags(G, tags, positions, spacing)
    return {n: (round(x), round(y)) for n, (x, y) in positions.items()}


def _radial_tree(
    roots: list[str], children: dict[str | None, list[str]], ring: float, spacing: float, room: float
) -> dict[str, tuple[float, float]]:
    """Positions of the hierarchy: a single root at the centre, several around an empty one; the
    second ring and those outside it leave a disc of radius ``room`` free."""
    top = roots[0] if len(roots) == 1 else None
    if top is None:
        children = {**children, None: roots}
    depth = {top: 0}
    visit = [top]
    for node in visit:  # breadth-first: ``visit`` grows while we walk it
        for child in children.get(node, ()):
            depth[child] = depth[node] + 1
            visit.append(child)
    leaves: dict[str | None, int] = {}
    for node in reversed(visit):
        leaves[node] = sum(leaves[c] for c in children.get(node, ())) or 1
    per_ring = Counter(depth.values())
    radius = [0.0]
    for d in range(1, max(per_ring) + 1):
        radius.append(max(radius[-1] + ring, per_ring[d] * spacing / (2 * math.pi), room if d >= 2 else 0))
    wedge = {top: (0.0, 2 * math.pi)}
    placed = {}
    for node in visit:
        start, width = wedge[node]
        r, middle = radius[depth[node]], start + width / 2
        placed[node] = (r * math.cos(middle), r * math.sin(middle))
        for child in children.get(node, ()):
            share = width * leaves[child] / leaves[node]
            wedge[child] = (start, share)
            start += share
    placed.pop(None, None)
    return placed


def _place_tags(G: nx.MultiDiGraph, tags: list[str], positions: dict, spacing: float) -> None:
    """Put each tag at 0.8 times the centre of its placed neighbours (a second pass places tags
    linked only to tags); tags falling on the same spot wind round it in a sunflower spiral. The
    rest go in rows beneath everything."""
    crowd: Counter = Counter()
    for _ in range(2):
        waiting = []
        for node in tags:
            near = [positions[n] for n in _neighbours(G, node) if n in positions]
            if not near:
                waiting.append(node)
                continue
            x = 0.8 * sum(x for x, _ in near) / len(near)
            y = 0.8 * sum(y for _, y in near) / len(near)
            spot = (round(x / spacing), round(y / spacing))
            k = crowd[spot]
            crowd[spot] += 1
            positions[node] = (
                x + spacing * math.sqrt(k) * math.cos(k * 2.39996),
                y + spacing * math.sqrt(k) * math.sin(k * 2.39996),
            )
        tags = waiting
    xs = [x for x, _ in positions.values()] or [0.0]
    top = max((y for _, y in positions.values()), default=0.0) + 2 * spacing
    columns = max(1, int((max(xs) - min(xs)) // (3 * spacing)) + 1)
    for i, node in enumerate(tags):
        positions[node] = (min(xs) + (i % columns) * 3 * spacing, top + (i // columns) * 2 * spacing)


# --- page data -------------------------------------------------------------------------------------


def _where(source: str | None, line: int | None, line_end: int | None = None) -> str | None:
    if not source:
        return None
    if line is None:
        return source
    return f"{source}:{line}" + (f"-{line_end}" if line_end not in (None, line) else "")


def _link_counts(G: nx.MultiDiGraph, nodes: Iterable[str]) -> dict[str, Counter]:
    """Per node, its edges in the whole graph by (type, 0 out / 1 in): one pass over the edges."""
    counts = {n: Counter() for n in nodes}
    for u, v, rel in edges(G, data="type"):
        if u in counts:
            counts[u][(rel, 0)] += 1
        if v in counts:
            counts[v][(rel, 1)] += 1
    return counts


def _links(counts: Counter) -> str:
    """'leads 12 · partners in 3 · in sector 1': a node's edges (:func:`_link_counts`), by type."""
    return " · ".join(f"{REL_STYLES[rel][way]} {n}" for (rel, way), n in sorted(counts.items()))


def _first_edge(G: nx.MultiDiGraph, node: str, rel: str, *, incoming: bool) -> tuple[str, dict] | None:
    found = in_edges(G, node, data=True) if incoming else out_edges(G, node, data=True)
    for u, v, d in found:
        if d["type"] == rel:
            return (u if incoming else v), d
    return None


def _engagement_rows(found: SectorEngagement) -> list[list[str]]:
    if not found.engaged:
        return [
            [
                "Gap",
                (
                    f"No activity names an institution or audience of the {found.name.lower()} sector, "
                    "and no organisation of the sector leads or partners an activity."
                ),
            ]
        ]
    rows = [
        [
            "Engagement",
            (
                f"reached by {len({e.activity for e in found.reached})} activities, "
                f"delivering in {len({e.activity for e in found.delivering})}"
            ),
        ]
    ]
    evidence = [f"“{e.via}” ({_where(e.source, e.line)})" for e in found.reached[:3]]
    if evidence:
        rows.append(["Reached via", "; ".join(evidence)])
    return rows


def _tooltip(
    G: nx.MultiDiGraph, node: str, data: dict, engagement: dict[str, SectorEngagement], gaps: set[str], links: Counter
) -> list[list[str]]:
    """Rows of plain text: [kind, full name], then [field, value] pairs (``None`` values left out)."""
    kind = data["kind"]
    rows: list[list[str | None]] = []
    if kind == S.ACTIVITY:
        theme = S.node_id(S.THEME, f"{data['plan']}:{data['theme']}") if data.get("theme") is not None else None
        timescale = data.get("timescale")
        if timescale and data.get("achieved"):
            timescale += " (achieved)"
        head = [f"Activity · {data['activity_kind']}" if data.get("activity_kind") else "Activity", data["text"]]
        rows += [
            ["Theme", theme_node_label(G.nodes[theme]) if theme in G else None],
            ["Lead", data.get("lead_text")],
            ["Partners", data.get("partners_text")],
            ["Outcome", data.get("outcome")],
            ["Timescale", timescale],
            ["Status", data.get("status")],
            ["Source", _where(data.get("source"), data.get("line"), data.get("line_end"))],
        ]
    elif kind == S.OUTCOME:
        head = ["Outcome", data["text"]]
        aim = _first_edge(G, node, S.AIMS_FOR, incoming=True)
        if aim:
            rows += [["Of activity", G.nodes[aim[0]]["name"]], ["Source", _where(aim[1]["source"], aim[1]["line"])]]
    elif kind == S.PLAN:
        head = ["Plan", data.get("title") or data["name"]]
        rows.append(["Source", data.get("source")])
    else:
        head = [STYLES[GAP if kind == S.SECTOR and node in gaps else kind][0], data["name"]]
        part = _first_edge(G, node, S.PART_OF, incoming=False) if kind == S.THEME else None
        if part:
            rows += [["Plan", G.nodes[part[0]]["name"]], ["Source", _where(part[1]["source"], part[1]["line"])]]
        elif kind == S.ORGANISATION and data.get("sector"):
            sector = S.node_id(S.SECTOR, data["sector"])
            rows.append(["Sector", G.nodes[sector]["name"] if sector in G else data["sector"]])
        elif kind == S.SECTOR:
            found = engagement.get(data.get("sector_id") or node.split(":", 1)[1])
            rows += _engagement_rows(found) if found else []
    rows.append(["Links", _links(links)])
    return [head, *([k, str(v)] for k, v in rows if v not in (None, ""))]


def _edge_tip(data: dict) -> str:
    tip = REL_STYLES[data["type"]][0]
    if data.get("phrase"):
        tip += f": “{data['phrase']}”"
    where = _where(data.get("source"), data.get("line"))
    return f"{tip} ({where})" if where else tip


def _options(physics: bool, large: bool) -> dict:
    """vis-network options (groups are added by :func:`map_data`)."""
    return {
        "autoResize": True,
        "nodes": {
            "borderWidth": 1.5,
            "widthConstraint": {"maximum": 170},
            "font": {
                "size": 15,
                "face": "system-ui, Segoe UI, Roboto, sans-serif",
                "color": "#1c2833",
                "strokeWidth": 4,
                "strokeColor": "#ffffff",
            },
            "shapeProperties": {"interpolation": False},
        },
        "edges": {
            "arrows": {"to": {"enabled": not large, "scaleFactor": 0.45}},
            "width": 0.7 if large else 1.3,
            "selectionWidth": 1.5,
            "smooth": False if large else {"enabled": True, "type": "continuous", "roundness": 0.3},
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            "keyboard": False,
            "multiselect": False,
        },
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "physics": {
            "enabled": physics,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -90,
                "centralGravity": 0.012,
                "springLength": 110,
                "springConstant": 0.06,
                "damping": 0.5,
                "avoidOverlap": 0.8,
            },
            "stabilization": {
                "enabled": physics,
                "iterations": 200 if large else 600,
                "updateInterval": 100,
                "fit": True,
            },
        },
    }


def _groups() -> dict:
    groups = {}
    for group, (_, shape, colour) in STYLES.items():
        dark = shape in ("ellipse", "box")  # light fill, dark text inside
        style = {
            "shape": shape,
            "color": {
                "background": colour,
                "border": "#ffffff" if not dark else "#6b6b6b",
                "highlight": {"background": colour, "border": "#111111"},
                "hover": {"background": colour, "border": "#111111"},
            },
        }
        style["font"] = {"size": LABELS.get(group, LABEL_DEFAULT)[1]}
        if dark:
            style["font"].update(strokeWidth=0)
            style["margin"] = 7
        groups[group] = style
    groups[GAP] = {
        "shape": "diamond",
        "borderWidth": 3,
        "shapeProperties": {"borderDashes": [6, 4]},
        "color": {
            "background": "#ffffff",
            "border": STYLES[GAP][2],
            "highlight": {"background": "#ffebee", "border": STYLES[GAP][2]},
            "hover": {"background": "#ffebee", "border": STYLES[GAP][2]},
        },
        "font": {"color": "#b71c1c"},
    }
    return groups


def _title(G: nx.MultiDiGraph) -> str:
    plans = [G.nodes[S.node_id(S.PLAN, p)]["name"] for p in G.graph.get("plans") or [] if S.node_id(S.PLAN, p) in G]
    return " · ".join(plans) if plans else "Partnership map"


class _Judged(NamedTuple):
    """The report date and the findings on the part drawn (:func:`_judge`)."""

    when: date
    reason: str  # how the date was chosen (:func:`partnermap.graph.dates.report_date`)
    found: list[dict]  # the findings panel (:func:`partnermap.viz.marks.map_findings`)
    judged: nx.MultiDiGraph  # the graph they judge: the part's scope
    shown: nx.MultiDiGraph  # the part drawn, with the sectors it leaves unreached added


def _judge(G: nx.MultiDiGraph, shown: nx.MultiDiGraph, as_of: date | None, findings: bool) -> _Judged:
    when, reason = report_date(G, as_of)
    with sharing(G):
        found, judged = map_findings(G, shown, when) if findings else ([], G)
    unreached = {f["node"] for f in found if f["kind"] in _UNREACHED_KINDS and f["node"]}
    if unreached - set(shown):
        shown = part(G, set(shown) | unreached)
    return _Judged(when, reason, found, judged, shown)


class _Drawing(NamedTuple):
    """How vis-network draws the part: physics or fixed positions, and its options."""

    physics: bool
    large: bool
    options: dict


def _drawing(shown: nx.MultiDiGraph, layout: str) -> _Drawing:
    large = shown.number_of_nodes() > LARGE
    physics = (layout == "force" or (layout == "auto" and not large)) and shown.number_of_nodes() > 0
    options = _options(physics, large)
    options["groups"] = _groups()
    return _Drawing(physics, large, options)


class _Themes(NamedTuple):
    """The themes drawn, in plan then number order, and the themes each node belongs to."""

    labels: list[str]  # for the theme menu ("plan · label" when several plans are drawn)
    members: dict[str, list[int]]  # node -> indexes into ``labels``


def _themes(shown: nx.MultiDiGraph) -> _Themes:
    themes = sorted(
        _nodes_of(shown, S.THEME), key=lambda t: (str(shown.nodes[t].get("plan")), shown.nodes[t].get("number") or 0, t)
    )
    several_plans = len({shown.nodes[t].get("plan") for t in themes}) > 1
    members: dict[str, list[int]] = {}
    for i, theme in enumerate(themes):
        for node in _theme_members(shown, theme):
            members.setdefault(node, []).append(i)
    labels = [theme_node_label(shown.nodes[t]) for t in themes]
    if several_plans:
        labels = [f"{shown.nodes[t]['plan']} · {label}" for t, label in zip(themes, labels, strict=True)]
    return _Themes(labels, members)


def _nodes(G: nx.MultiDiGraph, judged: _Judged, themes: _Themes, layout: str, findings: bool) -> list[dict]:
    """One entry per node drawn: label, group, position, size, tooltip rows, themes, and with
    ``findings`` its dates and status (for the live colours), metrics and finding marks."""
    shown, found = judged.shown, judged.found
    engagement = sector_engagement(judged.judged)
    gaps = {S.node_id(S.SECTOR, s) for s, e in engagement.items() if not e.engaged} & set(shown)
    positions = lanes_layout(shown) if layout == "lanes" else radial_layout(shown)
    marks = node_marks(found)
    links = _link_counts(G, shown)
    about: dict[str, list[dict]] = {}
    for f in found:
        if f["node"] and not f["node"].startswith(
            f"{S.ACTIVITY}:"
        ):  # activities' findings: the panel and the live date row
            about.setdefault(f["node"], []).append(f)
    metrics = organisation_metrics(G) if findings else {}
    shares = {f["node"]: concentration_share(f, judged.judged) for f in found if f["kind"] == "lead_concentration"}
    nodes = []
    for node, data in shown.nodes(data=True):
        group = GAP if node in gaps else data["kind"]
        x, y = positions[node]
        entry = {
            "id": node,
            "label": short_name(data["name"], LABELS.get(data["kind"], LABEL_DEFAULT)[0]),
            "name": data["name"],
            "group": group,
            "x": x,
            "y": y,
            "size": max(node_size(degree(shown, node)), GAP_MIN_SIZE if group == GAP else 0),
            "tip": _tooltip(G, node, data, engagement, gaps, links[node]),
            "th": themes.members.get(node, []),
        }
        if data["kind"] == S.ACTIVITY and findings:
            entry["st"] = {
                "start": data.get("start"),
                "end": data.get("end"),
                "done": bool(data.get("achieved")),
                "ongoing": bool(data.get("ongoing")),
                "progress": data.get("progress"),
                "status": data.get("status"),
            }
        if node in metrics:
            entry["m"] = {**metrics[node], "share": shares.get(node)}
        if node in marks:
            entry["mk"] = marks[node]
        entry["tip"] += [["Finding", f"{f['kind'].replace('_', ' ')}: {f['detail']}"] for f in about.get(node, [])]
        nodes.append(entry)
    return nodes


def _edges(shown: nx.MultiDiGraph) -> list[dict]:
    return [{"from": u, "to": v, "type": d["type"], "tip": _edge_tip(d)} for u, v, d in edges(shown, data=True)]


def _legend(nodes: list[dict]) -> list[dict]:
    """The node types present, each with its shape, colour and count."""
    present = Counter(n["group"] for n in nodes)
    return [
        {"group": g, "label": label, "shape": shape, "color": colour, "count": present[g]}
        for g, (label, shape, colour) in STYLES.items()
        if present[g]
    ]


def _rels(edges: list[dict]) -> list[dict]:
    """The relationship types present, each with its colour, count and spring length."""
    rels = Counter(e["type"] for e in edges)
    return [
        {"type": r, "label": label, "color": colour, "count": rels[r], "length": EDGE_LENGTHS.get(r)}
        for r, (label, _, colour) in REL_STYLES.items()
        if rels[r]
    ]


def map_data(
    G: nx.MultiDiGraph,
    shown: nx.MultiDiGraph | None = None,
    *,
    layout: str = "auto",
    as_of: date | None = None,
    scope: str = "",
    findings: bool = True,
) -> dict:
    """What the page draws, as JSON-ready data: ``nodes``, ``edges``, ``themes``, ``legend``,
    ``rels``, ``findings`` (the gap report for the scope drawn), the report date and period, and
    the vis-network ``options``.

    ``G`` is the whole graph (tooltips describe the whole plan); ``shown`` the part to draw (default
    all of ``G``, see :func:`select`); a part's findings are judged on its scope
    (:func:`partnermap.viz.marks.scope_graph`) and the sectors it leaves unreached are drawn as gaps.
    ``as_of`` is the report date (default as for ``partnermap gaps``); ``scope`` names the part.
    ``findings=False`` leaves out the panel, the marks and the date data (the map alone).
    """
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r} (choose from {', '.join(LAYOUTS)})")
    judged = _judge(G, G if shown is None else shown, as_of, findings)
    drawing = _drawing(judged.shown, layout)
    themes = _themes(judged.shown)
    nodes = _nodes(G, judged, themes, layout, findings)
    edges = _edges(judged.shown)
    return {
        "physics": drawing.physics,
        "large": drawing.large,
        "layout": layout,
        "lazy_labels": [S.ACTIVITY, S.OUTCOME],
        "as_of": judged.when.isoformat(),
        "as_of_reason": judged.reason,
        "period": plan_period(G).as_dict(),
        "scope": scope or "the whole plan",
        "findings": judged.found,
        "themes": themes.labels,
        "legend": _legend(nodes),
        "rels": _rels(edges),
        "nodes": nodes,
        "edges": edges,
        "options": drawing.options,
    }


# --- the page --------------------------------------------------------------------------------------


@cache
def vis_assets() -> tuple[str, str]:
    """The vis-network script and stylesheet shipped inside the installed pyvis package (newest
    version there), made safe to inline."""
    spec = importlib.util.find_spec("pyvis")  # found, not imported (pyvis imports IPython: slow)
    if spec is None or not spec.submodule_search_locations:
        raise InputError("the map needs the pyvis package (it ships the vis-network script): pip install pyvis")
    lib = Path(spec.submodule_search_locations[0]) / "lib"
    found = sorted(
        lib.glob("vis-*/vis-network.min.js"), key=lambda p: tuple(int(x) for x in re.findall(r"\d+", p.parent.name))
    )
    if not found:
        raise InputError(f"the pyvis package has no vis-network script under {lib}")
    folder = found[-1].parent
    script = (folder / "vis-network.min.js").read_text(encoding="utf-8")
    style = (folder / "vis-network.css").read_text(encoding="utf-8")
    return _inline(script, "script"), _inline(style, "style")


def _inline(text: str, tag: str) -> str:
    """``text`` with any ``</tag`` broken up so it cannot end the element it is inlined in."""
    return re.sub(f"</({tag})", r"<\\/\1", text, flags=re.IGNORECASE)


def _page_file(name: str) -> str:
    return resources.files("partnermap.viz").joinpath(name).read_text(encoding="utf-8")


def json_island(obj) -> str:
    """JSON for a ``<script type="application/json">`` element: ``<``, ``>``, ``&`` (and the JS line
    separators) escaped, so no text in it can end the element or open a comment."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


def _shape_svg(shape: str, colour: str, gap: bool) -> str:
    """A small legend swatch of a vis-network shape."""
    points = {
        "star": "10,1 12.6,7 19,7.4 14,11.6 15.6,18 10,14.4 4.4,18 6,11.6 1,7.4 7.4,7",
        "hexagon": "10,1 18,5.5 18,14.5 10,19 2,14.5 2,5.5",
        "diamond": "10,1 19,10 10,19 1,10",
        "triangle": "10,2 19,18 1,18",
        "triangleDown": "1,2 19,2 10,18",
        "square": "3,3 17,3 17,17 3,17",
    }
    if shape in points:
        body = f'<polygon points="{points[shape]}"/>'
    elif shape == "ellipse":
        body = '<ellipse cx="10" cy="10" rx="9" ry="6"/>'
    elif shape == "box":
        body = '<rect x="1" y="4" width="18" height="12" rx="3"/>'
    else:
        body = '<circle cx="10" cy="10" r="8"/>'
    paint = (
        f'fill="#ffffff" stroke="{colour}" stroke-width="2" stroke-dasharray="3 2"'
        if gap
        else f'fill="{colour}" stroke="#555555" stroke-width="0.6"'
    )
    return f'<svg class="pm-swatch" viewBox="0 0 20 20" aria-hidden="true" {paint}>{body}</svg>'


def _legend_html(legend: list[dict]) -> str:
    items = []
    for entry in legend:
        group = html_text(entry["group"])
        items.append(
            f'<li><button type="button" class="pm-legend-item" data-group="{group}" aria-pressed="true" '
            f'title="Show or hide: {html_text(entry["label"])}">'
            f"{_shape_svg(entry['shape'], entry['color'], entry['group'] == GAP)}"
            f'<span class="pm-legend-label">{html_text(entry["label"])}</span>'
            f'<span class="pm-count">{entry["count"]}</span></button></li>'
        )
    return "\n".join(items)


def _rels_html(rels: list[dict]) -> str:
    return "\n".join(
        f'<li><span class="pm-line" style="background:{html_text(r["color"])}"></span>{html_text(r["label"])}'
        f'<span class="pm-count">{r["count"]}</span></li>'
        for r in rels
    )


#: findings whose sector the map draws even when nothing else shown links to it
_UNREACHED_KINDS = ("sector_without_engagement", "statutory_partner_missing")


def judged_by(G: nx.MultiDiGraph) -> str:
    """Which framework judges the plans and why, in a sentence per framework (see
    :func:`partnermap.reference.frameworks.framework_sentence`)."""
    from partnermap.graph.gaps.law import framework_groups
    from partnermap.reference.frameworks import framework_sentence

    groups = framework_groups(G)
    return " ".join(
        framework_sentence(g.info or None, plan=", ".join(g.titles) if len(groups) > 1 else None) for g in groups
    )


def render_map(
    G: nx.MultiDiGraph,
    *,
    title: str | None = None,
    focus: str | None = None,
    depth: int = 1,
    theme: str | None = None,
    layout: str = "auto",
    as_of: date | None = None,
    findings: bool = True,
) -> str:
    """The interactive map of ``G`` as one self-contained HTML page (see the module docstring).

    ``focus``/``depth`` and ``theme`` narrow the drawing (:func:`select`; an unknown one raises
    :class:`UnknownSelection`); ``layout`` is ``auto``, ``force``, ``lanes`` or ``static``;
    ``as_of`` is the report date; ``title`` defaults to the plans' titles.
    """
    shown = select(G, focus=focus, depth=depth, theme=theme)
    scope = " and ".join(
        s for s in (f"theme {theme}" if theme else "", f"focus {focus} (depth {depth})" if focus else "") if s
    )
    data = map_data(G, shown, layout=layout, as_of=as_of, scope=scope, findings=findings)
    # sectors no activity reaches: without engagement, or a statutory partner missing with no activity reaching it
    gaps = sum(
        f["kind"] == "sector_without_engagement"
        or (
            f["kind"] == "statutory_partner_missing"
            and not any(str(n).startswith(f"{S.ACTIVITY}:") for n in f["nodes"])
        )
        for f in data["findings"]
    )
    summary = (
        f"{len(data['nodes'])} nodes · {len(data['edges'])} links · "
        f"{gaps} sector{'s' if gaps != 1 else ''} without engagement"
        + (f" in {scope}" if scope else "")
        + f" · {len(data['findings'])} findings as of {data['as_of']}"
        + f" · {judged_by(G)}"
    )
    script, style = vis_assets()
    fields = {
        "title": html_text(title or _title(G)),
        "summary": html_text(summary),
        "legend": _legend_html(data["legend"]),
        "rels": _rels_html(data["rels"]),
        "vis_css": style,
        "map_css": _page_file("map.css"),
        "vis_js": script,
        "map_js": _inline(_page_file("map.js"), "script"),
        "data": json_island(data),
    }
    return re.sub(r"\{\{(\w+)\}\}", lambda m: fields[m.group(1)], _page_file("map.html"))


def write_map(G: nx.MultiDiGraph, path: str | PathLike, **options) -> Path:
    """Write :func:`render_map` ``(G, **options)`` to ``path`` (UTF-8) and return the path."""
    path = Path(path)
    page = render_map(G, **options)
    try:
        path.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write the map: {exc.strerror or exc}", source=str(path)) from None
    return path
