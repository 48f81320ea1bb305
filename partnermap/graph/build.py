"""Build the partnership graph from plans and a taxonomy, exactly as :mod:`partnermap.graph.schema`
describes it.

Several plans make one graph: organisations, sectors, audiences, concepts and framework areas are
shared nodes (their ids do not depend on the plan); plans, themes, activities and outcomes are
per plan. Nodes and edges are collected straight into the graph's own dicts.

Ids and names: ``Plan:<plan id>`` (name = title), ``Theme:<plan id>:<theme key>``,
``Activity:<activity id>`` and ``Outcome:<activity id>`` (names = the text, cut to 80 characters;
the full text is the ``text`` property), ``Organisation:<canonical name>``, and
``Sector|Audience|Concept|FrameworkArea:<taxonomy id>`` (name = the taxonomy's name).

Edge provenance: structure and match edges carry the activity's (or theme's) ``source`` file and
first ``line``; ``LEADS``/``PARTNERS_IN`` have ``field`` "lead"/"partners" and ``phrase`` = the
organisation as written; ``IN_SECTOR`` edges cite the taxonomy file (and an audience's line in it).

Taxonomy matches: sectors, audiences and framework areas are searched for in an activity's text and
its outcome; concepts in its outcome and text (an ``ABOUT`` edge needs the outcome node, so an
activity without an outcome has no concepts). Where a term is found several times in one activity
the edge records the first find (text before outcome).

An organisation's ``sector`` comes from ``taxonomy.organisations.sector_of(name)``; a sector that
the taxonomy does not define is dropped (``sector`` None, no ``IN_SECTOR`` edge).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import networkx as nx

from partnermap.graph import schema as S
from partnermap.model import Activity, Plan, Theme
from partnermap.perf import Ahead, gc_paused
from partnermap.reference.taxonomy import MatcherSet, Taxonomy, Term

_NAME_LIMIT = 80  # characters of an activity's text used as its display name


def short_name(text: str, limit: int = _NAME_LIMIT) -> str:
    """Display name for long text: cut at a word boundary with an ellipsis.

    >>> short_name("Prepare a Prevent Communications Strategy", 20)
    'Prepare a Prevent…'
    >>> short_name("Short")
    'Short'
    """
    # a long text's start, spaces collapsed, is the start of the whole text so collapsed
    head = " ".join(text[: 2 * limit].split()) if len(text) > 2 * limit else ""
    text = head if len(head) > limit else " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:-") + "…"


_NODE_TEMPLATES = {label: dict.fromkeys(props) for label, props in S.NODE_PROPERTIES.items()}
_TERM_PROPERTY = {S.SECTOR: "sector_id", S.AUDIENCE: "audience_id", S.CONCEPT: "concept_id",
                  S.FRAMEWORK_AREA: "area_id"}


def _node(label: str, node_key: str, name: str, **props) -> tuple[str, dict]:
    """A (node id, attributes) pair with every schema property of ``label`` present."""
    nid = S.node_id(label, node_key)
    return nid, {**_NODE_TEMPLATES[label], **props, "id": nid, "kind": label, "name": name}


def _edge(rel: str, source: str | None, line: int | None, field: str | None = None,
          phrase: str | None = None) -> dict:
    """Edge attributes with every schema edge property present (in :data:`~S.EDGE_PROPERTIES`
    order); ``field`` and ``phrase`` say which words an organisation edge came from."""
    return {"type": rel, "source": source, "line": line, "field": field, "start": None, "end": None,
            "phrase": phrase}


def _term_nodes(label: str, terms: Sequence[Term]) -> dict[str, tuple[str, dict]]:
    """Term id -> (node id, attributes) for a taxonomy list."""
    extra = (lambda t: {"channel": t.channel}) if label == S.SECTOR else (lambda t: {})
    return {t.id: _node(label, t.id, t.name, **{_TERM_PROPERTY[label]: t.id}, **extra(t)) for t in terms}


_ACTIVITY_PREFIX = S.node_id(S.ACTIVITY, "")


def _activity_node(plan: Plan, seq: int, activity: Activity, name: str) -> tuple[str, dict]:
    """An Activity's (node id, attributes): what :func:`_node` makes, in one dict (this runs per activity)."""
    ts = activity.timescale
    prov = activity.provenance
    nid = _ACTIVITY_PREFIX + activity.id
    theme, outcome = activity.theme, activity.outcome
    if ts is None:
        timescale = start = end = ongoing = recurring = milestones = unscheduled = parsed = relative = None
    else:
        timescale, ongoing, recurring, unscheduled, parsed, relative = (
            ts.text, ts.ongoing, ts.recurring, ts.unscheduled, ts.parsed, ts.relative)
        start = ts.start.isoformat() if ts.start else None
        end = ts.end.isoformat() if ts.end else None
        milestones = ";".join(m.isoformat() for m in ts.milestones) if ts.milestones else ""
    return nid, {
        "plan": plan.id, "seq": seq, "text": activity.text, "activity_kind": activity.kind,
        "theme": theme.key if theme else None,
        "lead_text": activity.lead_text, "partners_text": activity.partners_text,
        "outcome": outcome.text if outcome else None,
        "timescale": timescale, "start": start, "end": end, "ongoing": ongoing, "achieved": activity.achieved,
        "recurring": recurring, "milestones": milestones, "unscheduled": unscheduled, "timescale_parsed": parsed,
        "status": activity.status, "source": prov.file, "line": prov.first_line,
        "line_end": prov.line_end if prov.line is not None else prov.row_end,
        "progress": activity.progress, "relative": relative, "ref": activity.ref,
        "id": nid, "kind": S.ACTIVITY, "name": name,
    }


def _first_finds(spans: Sequence[tuple[str, int, int]], text: str) -> tuple[tuple[str, int, int, str], ...]:
    """(term, start, end, phrase) of the first match of each term among ``spans`` of ``text``, in order."""
    first: dict[str, tuple[str, int, int, str]] = {}
    for term, start, end in spans:
        if term not in first:
            first[term] = (term, start, end, text[start:end])
    return tuple(first.values())


class _Builder:
    """Collects the nodes and edges plan by plan straight into networkx's own dicts (node ->
    attributes, and the successor and predecessor dicts of dicts), which become the graph's.

    The first definition of a node or of a (u, v, type) edge wins.
    """

    def __init__(self, taxonomy: Taxonomy, text_spans: Iterator[tuple]):
        self.taxonomy = taxonomy
        self.text_spans = text_spans  # each activity's, in turn (see text_spans)
        self.nodes: dict[str, dict] = {}
        self.succ: dict[str, dict] = {}  # u -> v -> type -> attributes, as MultiDiGraph._succ
        self.pred: dict[str, dict] = {}  # v -> u -> the same key dict, as MultiDiGraph._pred
        self.sectors = _term_nodes(S.SECTOR, taxonomy.sectors)
        self.audiences = _term_nodes(S.AUDIENCE, taxonomy.audiences)
        self.concepts = _term_nodes(S.CONCEPT, taxonomy.concepts)
        self.areas = _term_nodes(S.FRAMEWORK_AREA, taxonomy.framework_areas)
        self.sector_ids = {term: nid for term, (nid, _) in self.sectors.items()}
        self.area_ids = {term: nid for term, (nid, _) in self.areas.items()}
        self.audience_sectors = {a.id: (a.sectors, a.line) for a in taxonomy.audiences}
        for nid, attrs in [*self.sectors.values(), *self.areas.values()]:
            self.node(nid, attrs)

    def node(self, nid: str, attrs: dict) -> str:
        if nid not in self.nodes:
            self.nodes[nid] = attrs
            self.succ[nid] = {}
            self.pred[nid] = {}
        return nid

    def edge(self, u: str, v: str, attrs: dict) -> bool:
        """Add the edge ``u`` -> ``v`` keyed by its type, unless there is one (both ends exist);
        whether it was added."""
        succ_u = self.succ[u]
        keys = succ_u.get(v)
        if keys is None:
            keys = succ_u[v] = self.pred[v][u] = {}  # one key dict, as networkx shares it
        return keys.setdefault(attrs["type"], attrs) is attrs

    def add_plan(self, plan: Plan) -> None:
        plan_id = self.node(*_node(S.PLAN, plan.id, plan.title or plan.id, plan=plan.id, title=plan.title,
                                   source=plan.source, owner=plan.owner))
        themes = {theme.key: self._theme(plan, theme, plan_id) for theme in plan.themes}
        for seq, activity in enumerate(plan.activities, start=1):
            theme = activity.theme
            if theme is not None and theme.key not in themes:
                themes[theme.key] = self._theme(plan, theme, plan_id)
            self._activity(plan, seq, activity, themes[theme.key] if theme is not None else plan_id)

    def _theme(self, plan: Plan, theme: Theme, plan_id: str) -> str:
        tid = self.node(*_node(S.THEME, f"{plan.id}:{theme.key}", theme.name, plan=plan.id,
                               number=theme.number, key=theme.key))
        line = theme.provenance.first_line if theme.provenance else None
        self.edge(tid, plan_id, _edge(S.PART_OF, plan.source, line))
        return tid

    def _activity(self, plan: Plan, seq: int, activity: Activity, parent: str) -> None:
        # the taxonomy's first finds in the text and the outcome, and both display names (see text_spans)
        in_text, in_outcome, name, outcome_name = next(self.text_spans)
        aid = self.node(*_activity_node(plan, seq, activity, name))
        source, line = activity.provenance.file, activity.provenance.first_line
        edge = self.edge
        edge(aid, parent, _edge(S.PART_OF, source, line))
        for rel, orgs, fld in ((S.LEADS, activity.leads, "lead"), (S.PARTNERS_IN, activity.partners, "partners")):
            for org in orgs:
                edge(self._organisation(org.name), aid, _edge(rel, source, line, field=fld, phrase=org.raw or org.name))
        outcome = activity.outcome.text if activity.outcome else None
        links = self._links
        links(aid, S.REACHES, in_text[0], in_outcome[0], "text", "outcome", source, line, self.sector_ids)
        links(aid, S.TARGETS, in_text[1], in_outcome[1], "text", "outcome", source, line, None, self._audience)
        links(aid, S.ADDRESSES, in_text[2], in_outcome[2], "text", "outcome", source, line, self.area_ids)
        if outcome is not None:
            oid = self.node(*_node(S.OUTCOME, activity.id, outcome_name, plan=plan.id, text=outcome))
            edge(aid, oid, _edge(S.AIMS_FOR, source, line))
            links(oid, S.ABOUT, in_outcome[3], in_text[3], "outcome", "text", source, line, None, self._concept)

    def _links(self, u: str, rel: str, first: tuple, second: tuple, first_field: str, second_field: str,
               source: str | None, line: int | None, ids: dict[str, str] | None, resolve=None) -> None:
        """A ``rel`` edge from ``u`` to each term found (:func:`_first_finds`) in ``first`` or else in
        ``second`` (the field of the first find recorded), in that order: what :meth:`edge` would
        add, one call per kind rather than two per edge. A term's node is ``ids[term]`` or, when it
        may need adding, ``resolve(term)``."""
        if not first and not second:
            return
        succ_u, pred = self.succ[u], self.pred
        taken = {term for term, *_ in first} if second else ()
        for fld, finds, skip in ((first_field, first, ()), (second_field, second, taken)):
            for term, start, end, phrase in finds:
                if term in skip:
                    continue
                v = ids[term] if ids is not None else resolve(term)
                attrs = {"type": rel, "source": source, "line": line, "field": fld, "start": start, "end": end,
                         "phrase": phrase}
                keys = succ_u.get(v)
                if keys is None:
                    keys = succ_u[v] = pred[v][u] = {}  # one key dict, as networkx shares it
                keys.setdefault(rel, attrs)

    def _concept(self, concept: str) -> str:
        return self.node(*self.concepts[concept])

    def _audience(self, audience: str) -> str:
        nid, attrs = self.audiences[audience]
        if nid not in self.nodes:
            self.node(nid, attrs)
            sectors, line = self.audience_sectors[audience]
            for sector in sectors:
                self.edge(nid, self.sector_ids[sector], _edge(S.IN_SECTOR, self.taxonomy.source, line))
        return nid

    def _organisation(self, name: str) -> str:
        nid = S.node_id(S.ORGANISATION, name)
        if nid not in self.nodes:
            sector = self._sector_of(name)
            self.node(nid, _node(S.ORGANISATION, name, name, sector=sector)[1])
            if sector is not None:
                self.edge(nid, self.sector_ids[sector], _edge(S.IN_SECTOR, self.taxonomy.source, None))
        return nid

    def _sector_of(self, name: str) -> str | None:
        sector = self.taxonomy.organisations.sector_of(name)
        return sector if sector in self.sectors else None

    def graph(self, plan_ids: list[str]) -> nx.MultiDiGraph:
        G = nx.MultiDiGraph(plans=plan_ids, taxonomy=self.taxonomy.name)
        # the dicts add_nodes_from and add_edges_from would make, made as the plans were read
        # (networkx's setters for them reset its cached views)
        G._node, G._adj, G._pred = self.nodes, self.succ, self.pred
        return G


#: activities from which their texts are matched against the taxonomy by a worker process, ahead
#: of the build (:class:`~partnermap.perf.Ahead`), in chunks of ``_CHUNK``
BACKGROUND_AT = 20_000
_CHUNK = 4_000


def _finds(matchers: MatcherSet, text: str | None) -> tuple:
    """Per matcher, the :func:`_first_finds` in ``text``."""
    if not text:
        return ((),) * len(matchers.matchers)
    return tuple(_first_finds(spans, text) for spans in matchers.spans_of(text))


def text_spans(matchers: MatcherSet, items: list[tuple[str, str | None]]) -> list[tuple]:
    """Per (activity text, outcome text): per matcher (the taxonomy's sectors, audiences, areas,
    concepts), the (term, start, end, phrase) of each term's first match in the text, the same in
    the outcome, and the display names (:func:`short_name`) of both, as tuples: what the build
    reads (here or in a worker process). An outcome shared by many activities is worked out once."""
    outcomes: dict[str | None, tuple] = {}
    found = []
    for text, outcome in items:
        known = outcomes.get(outcome)
        if known is None:
            known = outcomes[outcome] = (_finds(matchers, outcome), short_name(outcome) if outcome is not None else None)
        found.append((_finds(matchers, text), known[0], short_name(text), known[1]))
    return found


def _all_text_spans(taxonomy: Taxonomy, plans: Sequence[Plan]) -> Iterator[tuple]:
    """:func:`text_spans` of every activity of ``plans`` in build order; a big build's are worked
    out by a worker process ahead of it (the console script; see :func:`partnermap.perf.workers_allowed`)."""
    items = [(activity.text, activity.outcome.text if activity.outcome else None)
             for plan in plans for activity in plan.activities]
    chunks = [items[i:i + _CHUNK] for i in range(0, len(items), _CHUNK)]
    here = len(items) < BACKGROUND_AT
    for spans in Ahead(text_spans, chunks, context=taxonomy.matchers, here=here):
        yield from spans


def build_graph(plans: Sequence[Plan], taxonomy: Taxonomy) -> nx.MultiDiGraph:
    """One graph of all ``plans`` (see the module docstring and :mod:`partnermap.graph.schema`)."""
    with gc_paused():
        builder = _Builder(taxonomy, _all_text_spans(taxonomy, plans))
        for plan in plans:
            builder.add_plan(plan)
        return builder.graph([plan.id for plan in plans])

