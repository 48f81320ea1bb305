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


def load_taxonomy(path: str | PathLike | None = None):
    """The taxonomy at ``path``, or the bundled default."""
    from partnermap.reference.taxonomy_file import load_taxonomy as _load

    return _load(path)


def read_plans(paths: Sequence[str | PathLike], *, taxonomy=None, sheet: str | None = None,
               input_format: str | None = None, table: int | None = None, columns: dict[str, str] | None = None,
               owner: str | None = None, limits=None) -> list[Plan]:
    """Read each plan file (any supported format; ``-`` is standard input) into a Plan.

    Plan ids come from file names (``stdin`` for standard input); when two files share a name the
    later ones get ``-2``, ``-3``... ``input_format`` is the format of standard input (default sniffed);
    ``sheet`` and ``table`` pick a sheet of a workbook and a table of a document; ``columns`` and
    ``owner`` and ``limits`` are :func:`partnermap.ingest.read_plan`'s.
    """
    from partnermap.ingest import read_plan
    from partnermap.model import slugify

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


def build(paths: Sequence[str | PathLike], *, taxonomy_path: str | PathLike | None = None, sheet: str | None = None,
          input_format: str | None = None, table: int | None = None, columns: dict[str, str] | None = None,
          owner: str | None = None, limits=None) -> Built:
    """Read plans and build the partnership graph."""
    from partnermap.graph.build import build_graph

    taxonomy = load_taxonomy(taxonomy_path)
    plans = read_plans(paths, taxonomy=taxonomy, sheet=sheet, input_format=input_format, table=table,
                       columns=columns, owner=owner, limits=limits)
    return Built(plans=plans, taxonomy=taxonomy, graph=build_graph(plans, taxonomy))
