"""What every gap finder shares: the :class:`Gap` record, severities and the :func:`finder` decorator.

Finders read the graph through the helpers of :mod:`partnermap.graph.query` (re-exported here
for the finders' convenience).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps

import networkx as nx

from partnermap.graph.query import (  # noqa: F401 - re-exported for the finders
    activities,
    evidence,
    has_source,
    human_date,
    leads_of,
    natural_key,
    nodes_of,
    organisation_roles,
    plan_ids,
    plural,
    quoted,
    shared,
    sharing,
    sources,
    targets,
    term_id,
)

SEVERITIES = ("high", "medium", "low")  # most severe first
SEVERITY_RANK = {severity: rank for rank, severity in enumerate(SEVERITIES)}


@dataclass(frozen=True)
class Gap:
    """One finding: what is missing (``kind``), about what (``subject``, a stable id) and why.

    ``evidence`` lists the activities (or, for theme numbering, the theme rows) that show it, as
    ``{"activity": node id or None, "source": file, "line": first line}`` dicts.

    >>> gap = Gap("missing_field", "Activity:p:3:lead", "No lead", "high", "Activity 3 has no lead.")
    >>> gap.as_dict()["severity"], SEVERITY_RANK[gap.severity] < SEVERITY_RANK["low"]
    ('high', True)
    """

    kind: str
    subject: str
    label: str
    severity: str
    detail: str
    evidence: list[dict] = field(default_factory=list)

    def __post_init__(self):
        if self.severity not in SEVERITY_RANK:
            raise ValueError(f"unknown severity {self.severity!r}")

    def as_dict(self) -> dict:
        """The gap as plain data (a new evidence list holding the same entry dicts)."""
        return {
            "kind": self.kind,
            "subject": self.subject,
            "label": self.label,
            "severity": self.severity,
            "detail": self.detail,
            "evidence": list(self.evidence),
        }


def finder(func: Callable[..., list[Gap]]) -> Callable[..., list[Gap]]:
    """Decorator for a gap finder ``func(G, **options)``: runs it inside :func:`sharing`."""

    @wraps(func)
    def wrapper(G: nx.MultiDiGraph, *args, **kwargs) -> list[Gap]:
        with sharing(G):
            return func(G, *args, **kwargs)

    return wrapper
