"""Gap analysis tests: each kind on small hand-made plans, then the Bradford plan."""

from __future__ import annotations

from datetime import date

from partnermap.graph.build import build_graph
from partnermap.model import Timescale
from partnermap.reference.frameworks import choose_all
from tests.graph.test_build import make_plan, stub_taxonomy

_TAXONOMY = stub_taxonomy()


def graph_of(*plans: tuple[str, list[dict]], taxonomy=None, framework: str | None = None):
    """The graph of hand-made plans given as (plan id, rows) pairs (rows as for make_plan), each
    plan judged by ``framework`` (an id, or "none") when given, else by its own words."""
    made = [make_plan(pid, rows) for pid, rows in plans]
    taxonomy = taxonomy or _TAXONOMY
    return build_graph(made, taxonomy, choices=choose_all(made, taxonomy, framework))


def month(text: str, year: int, first: int, last: int | None = None) -> Timescale:
    """A parsed month or month-range timescale."""
    last = last or first
    end = date(year + (last == 12), last % 12 + 1, 1).toordinal() - 1
    return Timescale(text, start=date(year, first, 1), end=date.fromordinal(end))


def subjects(gaps) -> list[str]:
    return [g.subject for g in gaps]
