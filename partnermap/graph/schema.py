"""The graph schema: the single source of truth for node labels, relationship types,
node ids and the properties each carries.

The NetworkX graph (:func:`partnermap.graph.build.build_graph`), the Neo4j store
(:mod:`partnermap.cypher`) and the map (:mod:`partnermap.viz`) all use these names; no label or
relationship type ever comes from input text.

Graph shape
-----------
A :class:`networkx.MultiDiGraph`. Every node has a stable string id ``"<Label>:<key>"`` (see
:func:`node_id`), a ``kind`` attribute (its label) and a ``name`` (display text), plus the
label's properties from :data:`NODE_PROPERTIES` (missing values are ``None``). Every edge is keyed
by its relationship type, has a ``type`` attribute equal to that key, and carries its provenance
(``source`` and ``line``) plus, for taxonomy matches, the ``field``, ``start``, ``end`` and
``phrase`` of the matched words. Edge directions::

    (Theme)-[:PART_OF]->(Plan)
    (Activity)-[:PART_OF]->(Theme)          or ->(Plan) when the activity has no theme
    (Organisation)-[:LEADS]->(Activity)
    (Organisation)-[:PARTNERS_IN]->(Activity)
    (Activity)-[:TARGETS]->(Audience)       audience named in the activity's text or outcome
    (Activity)-[:REACHES]->(Sector)         an institution of that sector named in the text
    (Audience)-[:IN_SECTOR]->(Sector)       from the taxonomy
    (Organisation)-[:IN_SECTOR]->(Sector)   from the taxonomy's organisation list / patterns
    (Activity)-[:AIMS_FOR]->(Outcome)
    (Outcome)-[:ABOUT]->(Concept)           outcome concept named in the outcome (or activity) text
    (Activity)-[:ADDRESSES]->(FrameworkArea)

Every taxonomy Sector, and every area of the frameworks the plans are judged by, is a node even
when nothing links to it (that is what makes a gap visible); Audience and Concept nodes exist only
when matched. A FrameworkArea's id is ``FrameworkArea:<framework id>:<area id>``. Graph attributes:
``plans`` (list of plan ids, in the order given) and ``taxonomy`` (the taxonomy's name).
"""

from __future__ import annotations

from typing import Final

# --- node labels -------------------------------------------------------------------------------
PLAN: Final = "Plan"
THEME: Final = "Theme"
ACTIVITY: Final = "Activity"
ORGANISATION: Final = "Organisation"
AUDIENCE: Final = "Audience"
SECTOR: Final = "Sector"
OUTCOME: Final = "Outcome"
CONCEPT: Final = "Concept"
FRAMEWORK_AREA: Final = "FrameworkArea"

LABELS: Final = (PLAN, THEME, ACTIVITY, ORGANISATION, AUDIENCE, SECTOR, OUTCOME, CONCEPT, FRAMEWORK_AREA)

# --- relationship types ------------------------------------------------------------------------
PART_OF: Final = "PART_OF"
LEADS: Final = "LEADS"
PARTNERS_IN: Final = "PARTNERS_IN"
TARGETS: Final = "TARGETS"
REACHES: Final = "REACHES"
IN_SECTOR: Final = "IN_SECTOR"
AIMS_FOR: Final = "AIMS_FOR"
ABOUT: Final = "ABOUT"
ADDRESSES: Final = "ADDRESSES"

#: relationship type -> the (source label(s), target label(s)) it may connect
RELATIONSHIPS: Final[dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    PART_OF: ((THEME, ACTIVITY), (PLAN, THEME)),
    LEADS: ((ORGANISATION,), (ACTIVITY,)),
    PARTNERS_IN: ((ORGANISATION,), (ACTIVITY,)),
    TARGETS: ((ACTIVITY,), (AUDIENCE,)),
    REACHES: ((ACTIVITY,), (SECTOR,)),
    IN_SECTOR: ((AUDIENCE, ORGANISATION), (SECTOR,)),
    AIMS_FOR: ((ACTIVITY,), (OUTCOME,)),
    ABOUT: ((OUTCOME,), (CONCEPT,)),
    ADDRESSES: ((ACTIVITY,), (FRAMEWORK_AREA,)),
}
REL_TYPES: Final = tuple(RELATIONSHIPS)

# --- properties ----------------------------------------------------------------------------------
#: properties every node has
COMMON_NODE_PROPERTIES: Final = ("id", "kind", "name")

#: per-label properties (beyond id/kind/name); values are str, int, float, bool or None
NODE_PROPERTIES: Final[dict[str, tuple[str, ...]]] = {
    PLAN: ("plan", "title", "source", "owner", "framework", "framework_info"),
    THEME: ("plan", "number", "key"),
    ACTIVITY: (
        "plan",
        "seq",
        "text",
        "activity_kind",
        "theme",
        "lead_text",
        "partners_text",
        "outcome",
        "timescale",
        "start",
        "end",
        "ongoing",
        "achieved",
        "recurring",
        "milestones",
        "unscheduled",
        "timescale_parsed",
        "status",
        "source",
        "line",
        "line_end",
        "progress",
        "relative",
        "ref",
    ),
    ORGANISATION: ("sector", "person"),
    AUDIENCE: ("audience_id",),
    SECTOR: ("sector_id", "channel"),
    OUTCOME: ("plan", "text"),
    CONCEPT: ("concept_id",),
    FRAMEWORK_AREA: ("area_id", "framework", "expected_by"),
}
# Activity notes: ``theme`` is the theme key ("1", or a slug); ``start``/``end`` are ISO dates;
# ``milestones`` is a ";"-joined string of ISO dates ("" when none); ``achieved`` is True when the
# timescale or status marks the activity complete; ``progress`` is what the status cell records
# (complete, on_track, at_risk, off_track, not_started, unknown; None without one); ``relative``
# marks a timescale relative to something undated; ``ref`` is the row's own number.
# Plan notes: ``framework`` is the id of the framework the plan is judged by (None: none) and
# ``framework_info`` a JSON string of how it was chosen and the law the gap finders need
# (:meth:`partnermap.reference.frameworks.Choice.to_json`). A FrameworkArea belongs to one
# framework (``framework``); ``expected_by`` is the guidance that expects it.
# Organisation notes: ``person`` is True for a lead named by a person's name whose body the plan
# does not say ("Jane Smith"; :attr:`partnermap.model.Organisation.person`), which has no sector,
# and False for a body.

#: properties every edge has (``type`` = the relationship type = the MultiDiGraph edge key)
EDGE_PROPERTIES: Final = ("type", "source", "line", "field", "start", "end", "phrase")

#: the key property that identifies a node of each label (unique in Neo4j)
KEY_PROPERTY: Final = "id"


def node_id(label: str, key: str) -> str:
    """The stable id of a node.

    >>> node_id(SECTOR, "schools")
    'Sector:schools'
    >>> node_id(ACTIVITY, "bradford-plan:3")
    'Activity:bradford-plan:3'
    """
    if label not in LABELS:
        raise ValueError(f"unknown label {label!r}")
    return f"{label}:{key}"


def label_of(nid: str) -> str:
    """The label part of a node id.

    >>> label_of("Organisation:Bradford MDC")
    'Organisation'
    """
    label = nid.split(":", 1)[0]
    if label not in LABELS:
        raise ValueError(f"not a partnermap node id: {nid!r}")
    return label


def check_label(label: str) -> str:
    """Return ``label`` if it is a schema label, else raise (guards Cypher text building)."""
    if label not in LABELS:
        raise ValueError(f"unknown label {label!r}")
    return label


def check_rel_type(rel_type: str) -> str:
    """Return ``rel_type`` if it is a schema relationship type, else raise."""
    if rel_type not in RELATIONSHIPS:
        raise ValueError(f"unknown relationship type {rel_type!r}")
    return rel_type
