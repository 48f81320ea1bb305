"""The one-way pipeline every command shares: files -> ingest -> model -> graph.

>>> from partnermap.resources import sample_plan
>>> result = build([sample_plan()])
>>> len(result.plans[0].activities)
34
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from os import PathLike
from pathlib import Path

import networkx as nx

from partnermap.model import Plan


@dataclass
class Built:
    plans: list[Plan]
    taxonomy: "Taxonomy"  # noqa: F821 - partnermap.reference.taxonomy.Taxonomy
    graph: nx.MultiDiGraph
    #: plan id -> the framework it is judged by (:class:`partnermap.reference.frameworks.Choice`)
    choices: dict = None


#: plan files together at least this big (about 20,000 activities of CSV, where the build's matching
#: goes to a worker process) get that worker started before they are read
PRESTART_BYTES = 4_000_000


def _size(path: str | PathLike) -> int:
    try:
        return 0 if str(path) == "-" else Path(path).stat().st_size
    except OSError:  # the reader reports it
        return 0


def load_taxonomy(path: str | PathLike | None = None):
    """The taxonomy at ``path``, or the bundled default."""
    from partnermap.reference.taxonomy_file import load_taxonomy as _load

    return _load(path)


def read_plans(paths: Sequence[str | PathLike], *, taxonomy=None, sheet: str | None = None,
               input_format: str | None = None, table: int | None = None, columns: dict[str, str] | None = None,
               owner: str | None = None, limits=None, building: bool = False) -> list[Plan]:
    """Read each plan file (any supported format; ``-`` is standard input) into a Plan.

    With ``building`` (the plans are read to be built) big files, together :data:`PRESTART_BYTES`
    or more, get the build's matching worker started before they are read (:func:`~partnermap.perf.prestart`).

    Plan ids come from file names (``stdin`` for standard input); when two files share a name the
    later ones get ``-2``, ``-3``... ``input_format`` is the format of standard input (default sniffed);
    ``sheet`` and ``table`` pick a sheet of a workbook and a table of a document; ``columns`` and
    ``owner`` and ``limits`` are :func:`partnermap.ingest.read_plan`'s.
    """
    from partnermap.ingest import read_plan
    from partnermap.model import slugify

    if building and sum(_size(path) for path in paths) >= PRESTART_BYTES:
        from partnermap.perf import prestart

        prestart("partnermap.graph.build")
    taxonomy = taxonomy if taxonomy is not None else load_taxonomy(None)
    plans, used = [], set()
    for path in paths:
        base = "stdin" if str(path) == "-" else slugify(Path(path).stem)
        plan_id, n = base, 1
        while plan_id in used:
            n += 1
            plan_id = f"{base}-{n}"
        used.add(plan_id)
        plans.append(read_plan(path, taxonomy=taxonomy, sheet=sheet, plan_id=plan_id, input_format=input_format,
                               table=table, columns=columns, owner=owner, limits=limits))
    return plans


def choose_frameworks(plans: Sequence[Plan], taxonomy, framework: str | None = None) -> dict:
    """Plan id -> the framework each plan is judged by: ``framework`` (an id, or ``none``) for
    every plan when given, else chosen from each plan's own words
    (:func:`partnermap.reference.frameworks.choose_all`)."""
    from partnermap.reference.frameworks import choose_all

    return choose_all(plans, taxonomy, framework)


def build(paths: Sequence[str | PathLike], *, taxonomy_path: str | PathLike | None = None, sheet: str | None = None,
          input_format: str | None = None, table: int | None = None, columns: dict[str, str] | None = None,
          owner: str | None = None, limits=None, framework: str | None = None) -> Built:
    """Read plans and build the partnership graph, each plan judged by its framework (``framework``:
    an id or ``none`` for every plan; default: chosen from each plan's words)."""
    from partnermap.graph.build import build_graph

    taxonomy = load_taxonomy(taxonomy_path)
    plans = read_plans(paths, taxonomy=taxonomy, sheet=sheet, input_format=input_format, table=table,
                       columns=columns, owner=owner, limits=limits, building=True)
    choices = choose_frameworks(plans, taxonomy, framework)
    return Built(plans=plans, taxonomy=taxonomy, graph=build_graph(plans, taxonomy, choices=choices), choices=choices)
