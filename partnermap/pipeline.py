"""The one-way pipeline every command shares: files -> ingest -> model -> graph.

How the files are read is one :class:`~partnermap.ingest.options.ReadOptions` (or a mapping of
its fields), the same for every file:

>>> from partnermap.resources import sample_plan
>>> result = build([sample_plan()])
>>> len(result.plans[0].activities)
34
>>> [plan.id for plan in read_plans([sample_plan(), sample_plan()], {"owner": "Bradford MDC"})]
['bradford-prevent-plan-2017-19', 'bradford-prevent-plan-2017-19-2']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx

from partnermap.model import Plan

if TYPE_CHECKING:
    from partnermap.ingest.options import ReadOptions
    from partnermap.reference.taxonomy import Taxonomy


@dataclass
class Built:
    plans: list[Plan]
    taxonomy: Taxonomy
    graph: nx.MultiDiGraph
    #: plan id -> the framework it is judged by (:class:`partnermap.reference.frameworks.Choice`)
    choices: dict = None


def load_taxonomy(path: str | PathLike | None = None):
    """The taxonomy at ``path``, or the bundled default."""
    from partnermap.reference.taxonomy_file import load_taxonomy as _load

    return _load(path)


def read_plans(
    paths: Sequence[str | PathLike], options: ReadOptions | Mapping | None = None, *, taxonomy=None
) -> list[Plan]:
    """Read each plan file (any supported format; ``-`` is standard input) into a Plan.

    ``options`` say how (:class:`~partnermap.ingest.options.ReadOptions`); the taxonomy they name
    is loaded once for all the files, unless ``taxonomy`` (already loaded) is given. Plan ids come
    from file names (``stdin`` for standard input); when two files share a name the later ones get
    ``-2``, ``-3``...
    """
    from partnermap.ingest import ReadOptions, read_plan
    from partnermap.model import slugify

    options = ReadOptions.resolve(options)
    taxonomy = taxonomy if taxonomy is not None else load_taxonomy(options.taxonomy)
    plans, used = [], set()
    for path in paths:
        base = "stdin" if str(path) == "-" else slugify(Path(path).stem)
        plan_id, n = base, 1
        while plan_id in used:
            n += 1
            plan_id = f"{base}-{n}"
        used.add(plan_id)
        plans.append(read_plan(path, options, taxonomy=taxonomy, plan_id=plan_id))
    return plans


def choose_frameworks(plans: Sequence[Plan], taxonomy, framework: str | None = None) -> dict:
    """Plan id -> the framework each plan is judged by: ``framework`` (an id, or ``none``) for
    every plan when given, else chosen from each plan's own words
    (:func:`partnermap.reference.frameworks.choose_all`)."""
    from partnermap.reference.frameworks import choose_all

    return choose_all(plans, taxonomy, framework)


def build(
    paths: Sequence[str | PathLike], options: ReadOptions | Mapping | None = None, *, framework: str | None = None
) -> Built:
    """Read plans (:func:`read_plans`) and build the partnership graph, each plan judged by its
    framework (``framework``: an id or ``none`` for every plan; default: chosen from each plan's words)."""
    from partnermap.graph.build import build_graph
    from partnermap.ingest import ReadOptions

    options = ReadOptions.resolve(options)
    taxonomy = load_taxonomy(options.taxonomy)
    plans = read_plans(paths, options, taxonomy=taxonomy)
    choices = choose_frameworks(plans, taxonomy, framework)
    return Built(plans=plans, taxonomy=taxonomy, graph=build_graph(plans, taxonomy, choices=choices), choices=choices)
