"""Build the partnership graph from plans and a taxonomy, exactly as :mod:`partnermap.graph.schema`
describes it.

Several plans make one graph: organisations, sectors, audiences, concepts and framework areas are
shared nodes (their ids do not depend on the plan); plans, themes, activities and outcomes are
per plan. Nodes and edges are collected straight into the graph's own dicts.

Ids and names: ``Plan:<plan id>`` (name = title), ``Theme:<plan id>:<theme key>``,
``Activity:<activity id>`` and ``Outcome:<activity id>`` (names = the text, cut to 80 characters;
the full text is the ``text`` property), ``Organisation:<canonical name>``, and
``Sector|Audience|Concept:<taxonomy id>`` (name = the taxonomy's name) and
``FrameworkArea:<framework id>:<area id>``.

Frameworks: each plan is judged by the framework :func:`partnermap.reference.frameworks.choose_all`
chooses for it (or the one given); its Plan node records the choice (``framework``,
``framework_info``), and the areas of that framework are matched in its activities only.

Edge provenance: structure and match edges carry the activity's (or theme's) ``source`` file and
first ``line``; ``LEADS``/``PARTNERS_IN`` have ``field`` "lead"/"partners" and ``phrase`` = the
organisation as written; ``IN_SECTOR`` edges cite the taxonomy file (and an audience's line in it).

Taxonomy matches: sectors, audiences and (its plan's framework's) areas are searched for in an
activity's text and its outcome; concepts in its outcome and text (an ``ABOUT`` edge needs the outcome node, so an
activity without an outcome has no concepts). Where a term is found several times in one activity
the edge records the first find (text before outcome).

An organisation's ``sector`` comes from ``taxonomy.organisations.sector_of(name)``; a sector that
the taxonomy does not define is dropped (``sector`` None, no ``IN_SECTOR`` edge). A person named as
a lead (:attr:`partnermap.model.Organisation.person`) is an Organisation node with ``person`` True
and no sector.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

import networkx as nx

from partnermap.graph import schema as S
from partnermap.model import Activity, Plan, Theme
from partnermap.reference.taxonomy import MatcherSet, Taxonomy, Term

if TYPE_CHECKING:  # pragma: no cover
    from partnermap.reference.frameworks import Choice, Framework

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
_TERM_PROPERTY = {
    S.SECTOR: "sector_id",
    S.AUDIENCE: "audience_id",
    S.CONCEPT: "concept_id",
    S.FRAMEWORK_AREA: "area_id",
}


def _node(label: str, node_key: str, name: str, **props) -> tuple[str, dict]:
    """A (node id, attributes) pair with every schema property of ``label`` present."""
    nid = S.node_id(label, node_key)
    return nid, {**_NODE_TEMPLATES[label], **props, "id": nid, "kind": label, "name": name}


def _term_nodes(label: str, terms: Sequence[Term]) -> dict[str, tuple[str, dict]]:
    """Term id -> (node id, attributes) for a taxonomy list."""
    extra = (lambda t: {"channel": t.channel}) if label == S.SECTOR else (lambda t: {})
    return {t.id: _node(label, t.id, t.name, **{_TERM_PROPERTY[label]: t.id}, **extra(t)) for t in terms}


def _area_nodes(framework: Framework) -> dict[str, tuple[str, dict]]:
    """Area id -> (node id, attributes) for a framework's areas."""
    return {
        a.id: _node(
            S.FRAMEWORK_AREA,
            f"{framework.id}:{a.id}",
            a.name,
            area_id=a.id,
            framework=framework.id,
            expected_by=a.expected_by or None,
        )
        for a in framework.areas
    }


def used_frameworks(choices: dict[str, Choice]) -> list[Framework]:
    """The frameworks some plan is judged by, each once, in plan order."""
    found: dict[str, Framework] = {}
    for choice in choices.values():
        if choice.framework is not None:
            found.setdefault(choice.framework.id, choice.framework)
    return list(found.values())


def build_matchers(taxonomy: Taxonomy, frameworks: Sequence[Framework]) -> MatcherSet:
    """The taxonomy's sector, audience and concept matchers, then one area matcher per framework."""
    if not frameworks:
        return taxonomy.matchers
    return MatcherSet([*taxonomy.matchers.matchers, *(f.area_matcher for f in frameworks)])


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
            ts.text,
            ts.ongoing,
            ts.recurring,
            ts.unscheduled,
            ts.parsed,
            ts.relative,
        )
        start = ts.start.isoformat() if ts.start else None
        end = ts.end.isoformat() if ts.end else None
        milestones = ";".join(m.isoformat() for m in ts.milestones) if ts.milestones else ""
    return nid, {
        "plan": plan.id,
        "seq": seq,
        "text": activity.text,
        "activity_kind": activity.kind,
        "theme": theme.key if theme else None,
        "lead_text": activity.lead_text,
        "partners_text": activity.partners_text,
        "outcome": outcome.text if outcome else None,
        "timescale": timescale,
        "start": start,
        "end": end,
        "ongoing": ongoing,
        "achieved": activity.achieved,
        "recurring": recurring,
        "milestones": milestones,
        "unscheduled": unscheduled,
        "timescale_parsed": parsed,
        "status": activity.status,
        "source": prov.file,
        "line": prov.first_line,
        "line_end": prov.line_end if prov.line is not None else prov.row_end,
        "progress": activity.progress,
        "relative": relative,
        "ref": activity.ref,
        "id": nid,
        "kind": S.ACTIVITY,
        "name": name,
    }


def _first_finds(spans: Sequence[tuple[str, int, int]], text: str) -> tuple[tuple[str, int, int, str], ...]:
    """(term, start, end, phrase) of the first match of each term among ``spans`` of ``text``, in order."""
    first: dict[str, tuple[str, int, int, str]] = {}
    for term, start, end in spans:
        if term not in first:
            first[term] = (term, start, end, text[start:end])
    return tuple(first.values())


class _Builder:
    """Collects the nodes and edges of each plan in turn straight into the dicts a networkx
    MultiDiGraph keeps (node -> attributes; u -> v -> type -> attributes, successors and
    predecessors sharing each key dict), which :meth:`graph` hands to networkx whole.

    The first definition of a node or of a (u, v, type) edge wins.
    """

    def __init__(self, taxonomy: Taxonomy, plan_ids: list[str], choices: dict[str, Choice] | None = None):
        self.taxonomy = taxonomy
        self.choices = choices or {}
        frameworks = used_frameworks(self.choices)
        self.matchers = build_matchers(taxonomy, frameworks)
        # framework id -> (the index of its areas' finds in _finds_each's tuples, area id -> node id)
        self.area_ids = {
            f.id: (3 + k, {a: nid for a, (nid, _) in _area_nodes(f).items()}) for k, f in enumerate(frameworks)
        }
        self.plan_areas = None  # the current plan's entry of area_ids (None: no framework judges it)
        self.nothing_found = ((),) * len(self.matchers.matchers)  # what an activity without an outcome has in it
        self.outcomes: dict[str, tuple] = {}  # outcome text -> (its finds, its display name)
        self.plan_ids = plan_ids
        self.nodes: dict[str, dict] = {}
        self.succ: dict[str, dict] = {}  # u -> v -> type -> attributes
        self.pred: dict[str, dict] = {}  # v -> u -> the same key dict
        self.sectors = _term_nodes(S.SECTOR, taxonomy.sectors)
        self.audiences = _term_nodes(S.AUDIENCE, taxonomy.audiences)
        self.concepts = _term_nodes(S.CONCEPT, taxonomy.concepts)
        self.sector_ids = {term: nid for term, (nid, _) in self.sectors.items()}
        self.audience_sectors = {a.id: (a.sectors, a.line) for a in taxonomy.audiences}
        for nid, attrs in [*self.sectors.values(), *(n for f in frameworks for n in _area_nodes(f).values())]:
            self.node(nid, attrs)

    def node(self, nid: str, attrs: dict) -> str:
        if nid not in self.nodes:
            self.nodes[nid] = attrs
            self.succ[nid] = {}
            self.pred[nid] = {}
        return nid

    def edge(
        self,
        u: str,
        v: str,
        rel: str,
        source: str | None,
        line: int | None,
        field: str | None = None,
        start: int | None = None,
        end: int | None = None,
        phrase: str | None = None,
    ) -> None:
        """Add the edge ``u`` -> ``v`` keyed by its type ``rel``, unless there is one (both ends
        exist), with every schema edge property (in :data:`~S.EDGE_PROPERTIES` order): ``field``,
        ``start``, ``end`` and ``phrase`` say which words it came from."""
        succ_u = self.succ[u]
        keys = succ_u.get(v)
        if keys is None:
            keys = succ_u[v] = self.pred[v][u] = {}  # one key dict for both directions, as networkx shares it
        if rel not in keys:
            keys[rel] = {
                "type": rel,
                "source": source,
                "line": line,
                "field": field,
                "start": start,
                "end": end,
                "phrase": phrase,
            }

    def add_plan(self, plan: Plan) -> None:
        choice = self.choices.get(plan.id)
        plan_id = self.node(
            *_node(
                S.PLAN,
                plan.id,
                plan.title or plan.id,
                plan=plan.id,
                title=plan.title,
                source=plan.source,
                owner=plan.owner,
                framework=choice.id if choice else None,
                framework_info=choice.to_json() if choice else None,
            )
        )
        self.plan_areas = self.area_ids.get(choice.id) if choice is not None and choice.id is not None else None
        themes = {theme.key: self._theme(plan, theme, plan_id) for theme in plan.themes}
        self._add_outcomes(plan)
        in_texts = self._finds_each([activity.text for activity in plan.activities])
        for seq, (activity, in_text) in enumerate(zip(plan.activities, in_texts), start=1):
            theme = activity.theme
            if theme is not None and theme.key not in themes:
                themes[theme.key] = self._theme(plan, theme, plan_id)
            self._activity(plan, seq, activity, themes[theme.key] if theme is not None else plan_id, in_text)

    def _finds_each(self, texts: list[str | None]) -> Iterator[tuple]:
        """Per text of ``texts``, per matcher (the taxonomy's sectors, audiences and concepts, then
        each framework's areas: :func:`build_matchers`), the :func:`_first_finds` in it; the texts
        are matched together (:meth:`MatcherSet.spans_of_each`)."""
        for text, each in zip(texts, self.matchers.spans_of_each(texts)):
            yield tuple(_first_finds(spans, text) if spans else () for spans in each)

    def _add_outcomes(self, plan: Plan) -> None:
        """The finds and display name of each outcome of ``plan`` not seen before, worked out once
        however many activities share it."""
        texts = [activity.outcome.text for activity in plan.activities if activity.outcome]
        new = [text for text in dict.fromkeys(texts) if text is not None and text not in self.outcomes]
        for text, finds in zip(new, self._finds_each(new)):
            self.outcomes[text] = (finds, short_name(text))

    def _theme(self, plan: Plan, theme: Theme, plan_id: str) -> str:
        tid = self.node(
            *_node(S.THEME, f"{plan.id}:{theme.key}", theme.name, plan=plan.id, number=theme.number, key=theme.key)
        )
        line = theme.provenance.first_line if theme.provenance else None
        self.edge(tid, plan_id, S.PART_OF, plan.source, line)
        return tid

    def _activity(self, plan: Plan, seq: int, activity: Activity, parent: str, in_text: tuple) -> None:
        """The activity's node and edges; ``in_text`` is the taxonomy's first finds in its text
        (:meth:`_finds_each`)."""
        outcome = activity.outcome.text if activity.outcome else None
        name = short_name(activity.text)
        in_outcome, outcome_name = self.outcomes[outcome] if outcome is not None else (self.nothing_found, None)
        aid = self.node(*_activity_node(plan, seq, activity, name))
        source, line = activity.provenance.file, activity.provenance.first_line
        edge = self.edge
        edge(aid, parent, S.PART_OF, source, line)
        for rel, orgs, fld in ((S.LEADS, activity.leads, "lead"), (S.PARTNERS_IN, activity.partners, "partners")):
            for org in orgs:
                edge(
                    self._organisation(org.name, org.person),
                    aid,
                    rel,
                    source,
                    line,
                    field=fld,
                    phrase=org.raw or org.name,
                )
        links = self._links
        links(aid, S.REACHES, in_text[0], in_outcome[0], "text", "outcome", source, line, self.sector_ids)
        links(aid, S.TARGETS, in_text[1], in_outcome[1], "text", "outcome", source, line, None, self._audience)
        if self.plan_areas is not None:  # the areas of the plan's own framework only
            index, area_ids = self.plan_areas
            links(aid, S.ADDRESSES, in_text[index], in_outcome[index], "text", "outcome", source, line, area_ids)
        if outcome is not None:
            oid = self.node(*_node(S.OUTCOME, activity.id, outcome_name, plan=plan.id, text=outcome))
            edge(aid, oid, S.AIMS_FOR, source, line)
            links(oid, S.ABOUT, in_outcome[2], in_text[2], "outcome", "text", source, line, None, self._concept)

    def _links(
        self,
        u: str,
        rel: str,
        first: tuple,
        second: tuple,
        first_field: str,
        second_field: str,
        source: str | None,
        line: int | None,
        ids: dict[str, str] | None,
        resolve=None,
    ) -> None:
        """A ``rel`` edge from ``u`` to each term found (:func:`_first_finds`) in ``first`` or else in
        ``second`` (the field of the first find recorded), in that order. A term's node is
        ``ids[term]`` or, when it may need adding, ``resolve(term)``."""
        taken = {term for term, *_ in first} if second else ()
        for fld, finds, skip in ((first_field, first, ()), (second_field, second, taken)):
            for term, start, end, phrase in finds:
                if term not in skip:
                    v = ids[term] if ids is not None else resolve(term)
                    self.edge(u, v, rel, source, line, fld, start, end, phrase)

    def _concept(self, concept: str) -> str:
        return self.node(*self.concepts[concept])

    def _audience(self, audience: str) -> str:
        nid, attrs = self.audiences[audience]
        if nid not in self.nodes:
            self.node(nid, attrs)
            sectors, line = self.audience_sectors[audience]
            for sector in sectors:
                self.edge(nid, self.sector_ids[sector], S.IN_SECTOR, self.taxonomy.source, line)
        return nid

    def _organisation(self, name: str, person: bool = False) -> str:
        nid = S.node_id(S.ORGANISATION, name)
        if nid not in self.nodes:
            sector = None if person else self._sector_of(name)  # a person is of no sector
            self.node(nid, _node(S.ORGANISATION, name, name, sector=sector, person=person)[1])
            if sector is not None:
                self.edge(nid, self.sector_ids[sector], S.IN_SECTOR, self.taxonomy.source, None)
        return nid

    def graph(self) -> nx.MultiDiGraph:
        """The graph of the collected dicts. They are networkx's own structures, handed over
        whole: per edge, ``add_edge`` would cost several times the build's own dict insertion
        (about 0.4 s of a 10,000-activity build, 5 s at 100,000). This is the one place partnermap
        touches networkx's private attributes, which is why networkx is pinned to its major version
        (pyproject.toml); tests/graph/test_build.py checks the result against networkx's own
        ``add_edges_from`` of the same edges."""
        G = nx.MultiDiGraph(plans=self.plan_ids, taxonomy=self.taxonomy.name)
        G._node, G._adj, G._pred = self.nodes, self.succ, self.pred  # their setters reset networkx's cached views
        return G

    def _sector_of(self, name: str) -> str | None:
        sector = self.taxonomy.organisations.sector_of(name)
        return sector if sector in self.sectors else None


def build_graph(
    plans: Sequence[Plan], taxonomy: Taxonomy, *, choices: dict[str, Choice] | None = None
) -> nx.MultiDiGraph:
    """One graph of all ``plans`` (see the module docstring and :mod:`partnermap.graph.schema`).

    ``choices`` maps each plan id to the framework it is judged by
    (:func:`partnermap.reference.frameworks.choose_all`, which is asked when it is None)."""
    if choices is None:
        from partnermap.reference.frameworks import choose_all

        choices = choose_all(plans, taxonomy)
    builder = _Builder(taxonomy, [plan.id for plan in plans], choices=choices)
    for plan in plans:
        builder.add_plan(plan)
    return builder.graph()
