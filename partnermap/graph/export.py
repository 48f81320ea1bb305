"""Export the partnership graph for other tools: GraphML, GEXF (Gephi), node-link JSON and CSV.

What each format keeps
----------------------
* **GraphML** (Cytoscape, yEd, Gephi): every node and edge property with its type (text,
  integer, boolean). GraphML cannot store a missing value, so ``None`` properties are left out;
  the graph's ``plans`` list is written as one ``;``-joined string. Each node also gets a
  ``label`` attribute equal to its ``name`` (what Gephi and Cytoscape show); ``kind`` stays an
  attribute to colour and filter by. The edge key (the relationship type) is the GraphML edge id.
* **GEXF** (Gephi): as GraphML, with the node's GEXF ``label`` set to its ``name`` and each edge's
  ``label`` set to its relationship type. GEXF reserves some attribute names, so these are renamed:
  node ``start``/``end`` become ``start_date``/``end_date`` and a theme's ``key`` becomes
  ``theme_key``; edge ``type`` becomes
  ``relationship`` and edge ``start``/``end`` become ``span_start``/``span_end``.
* **JSON**: networkx node-link data (``nodes``, ``edges``, ``graph``) with every property, ``None``
  as ``null``. An edge's endpoints are under ``from`` and ``to`` (``source`` is already the edge's
  provenance); read it back with ``networkx.node_link_graph(data, edges="edges", source="from",
  target="to")``.
* **CSV**: two files, nodes and edges. ``-o DIR`` (an existing directory, or a path ending in
  ``/``) writes ``DIR/nodes.csv`` and ``DIR/edges.csv``; any other ``-o BASE`` writes
  ``BASE-nodes.csv`` and ``BASE-edges.csv`` (a ``.csv`` suffix on BASE is dropped). Node columns:
  ``id, kind, name`` then every schema property; edge columns: ``from, to`` then the edge properties.
  Empty cells are missing values; booleans are ``yes``/``no``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from os import PathLike
from pathlib import Path

import networkx as nx

from partnermap.errors import InputError
from partnermap.graph import schema as S
from partnermap.output import to_csv

EXPORT_FORMATS = ("graphml", "gexf", "json", "csv")
GEXF_NODE_RENAMES = {"start": "start_date", "end": "end_date", "key": "theme_key"}
GEXF_EDGE_RENAMES = {"type": "relationship", "start": "span_start", "end": "span_end"}
LINK_SOURCE, LINK_TARGET = "from", "to"
NODE_COLUMNS = tuple(dict.fromkeys([*S.COMMON_NODE_PROPERTIES, *(p for ps in S.NODE_PROPERTIES.values() for p in ps)]))
EDGE_COLUMNS = (LINK_SOURCE, LINK_TARGET, *S.EDGE_PROPERTIES)


def _present(data: dict, renames: dict[str, str] | None = None) -> dict:
    """The non-None attributes, renamed where ``renames`` says."""
    renames = renames or {}
    return {renames.get(k, k): v for k, v in data.items() if v is not None}


def _graph_attrs(G: nx.MultiDiGraph) -> dict:
    """Graph attributes as scalars (the ``plans`` list joined with ``;``)."""
    return {k: ";".join(v) if isinstance(v, list) else v for k, v in G.graph.items() if v is not None}


def for_xml(G: nx.MultiDiGraph, *, gexf: bool = False) -> nx.MultiDiGraph:
    """A copy fit for GraphML/GEXF: no None values, ``label`` = name (see the module docstring)."""
    H = nx.MultiDiGraph(**_graph_attrs(G))
    node_renames = GEXF_NODE_RENAMES if gexf else None
    edge_renames = GEXF_EDGE_RENAMES if gexf else None
    H.add_nodes_from((n, {**_present(d, node_renames), "label": d.get("name") or n}) for n, d in G.nodes(data=True))
    H.add_edges_from(
        (u, v, k, {**_present(d, edge_renames), **({"label": k} if gexf else {})})
        for u, v, k, d in G.edges(keys=True, data=True)
    )
    return H


def node_link(G: nx.MultiDiGraph) -> dict:
    """Node-link data with endpoints under ``from``/``to`` (see the module docstring)."""
    return nx.node_link_data(G, edges="edges", source=LINK_SOURCE, target=LINK_TARGET)


def csv_paths(path: str | PathLike) -> tuple[Path, Path]:
    """Where the CSV export goes: (nodes file, edges file).

    >>> [str(p) for p in csv_paths("out/bradford.csv")]
    ['out/bradford-nodes.csv', 'out/bradford-edges.csv']
    """
    text = str(path)
    target = Path(text)
    if target.is_dir() or text.endswith(("/", "\\")):
        return target / "nodes.csv", target / "edges.csv"
    base = target.with_suffix("") if target.suffix.lower() == ".csv" else target
    return base.with_name(base.name + "-nodes.csv"), base.with_name(base.name + "-edges.csv")


def _write_graphml(G: nx.MultiDiGraph, path: Path) -> list[Path]:
    nx.write_graphml(for_xml(G), path)
    return [path]


def _write_gexf(G: nx.MultiDiGraph, path: Path) -> list[Path]:
    nx.write_gexf(for_xml(G, gexf=True), path)
    return [path]


def _write_json(G: nx.MultiDiGraph, path: Path) -> list[Path]:
    path.write_text(json.dumps(node_link(G), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return [path]


def _write_csv(G: nx.MultiDiGraph, path: Path) -> list[Path]:
    nodes_path, edges_path = csv_paths(path)
    nodes_path.parent.mkdir(parents=True, exist_ok=True)
    nodes_path.write_text(to_csv((d for _, d in G.nodes(data=True)), NODE_COLUMNS), encoding="utf-8")
    edges = ({**d, LINK_SOURCE: u, LINK_TARGET: v} for u, v, d in G.edges(data=True))
    edges_path.write_text(to_csv(edges, EDGE_COLUMNS), encoding="utf-8")
    return [nodes_path, edges_path]


_WRITERS: dict[str, Callable[[nx.MultiDiGraph, Path], list[Path]]] = {
    "graphml": _write_graphml,
    "gexf": _write_gexf,
    "json": _write_json,
    "csv": _write_csv,
}


def export_graph(G: nx.MultiDiGraph, fmt: str, path: str | PathLike) -> list[Path]:
    """Write ``G`` in ``fmt`` (one of :data:`EXPORT_FORMATS`) to ``path``; return the files written."""
    try:
        writer = _WRITERS[fmt.lower()]
    except KeyError:
        raise ValueError(f"unknown export format {fmt!r} (expected one of: {', '.join(EXPORT_FORMATS)})") from None
    try:
        return writer(G, Path(path))
    except OSError as exc:
        raise InputError(f"cannot write the export: {exc.strerror or exc}", source=str(path)) from None
