"""Export the partnership graph for other tools: GraphML, GEXF (Gephi), node-link JSON, CSV (Gephi's
spreadsheet import) and a Kumu workbook.

What each format keeps
----------------------
* **GraphML** (Cytoscape, yEd, Gephi): every node and edge property with its type (text,
  integer, boolean). GraphML cannot store a missing value, so ``None`` properties are left out;
  the graph's ``plans`` list is written as one ``;``-joined string. Each node also gets a
  ``label`` attribute equal to its ``name`` (what Gephi and Cytoscape show); ``kind`` stays an
  attribute to colour and filter by. The edge key (the relationship type) is the GraphML edge id.
* **GEXF** (Gephi): as GraphML, with the node's GEXF ``label`` set to its ``name``, each edge's
  ``label`` set to its relationship type, and ``viz`` colours, shapes and sizes as the map draws
  them (:mod:`partnermap.graph.style`; sectors without engagement in the gap colour). GEXF reserves
  some attribute names, so these are renamed: node ``start``/``end`` become
  ``start_date``/``end_date`` and a theme's ``key`` becomes ``theme_key``; edge ``type`` becomes
  ``relationship`` and edge ``start``/``end`` become ``span_start``/``span_end``. Edge ids are
  ``e0``, ``e1``...; no internal ``networkx_key`` attribute is written.
* **JSON**: networkx node-link data (``nodes``, ``edges``, ``graph``, ``directed``,
  ``multigraph``) that ``networkx.node_link_graph(data)`` reads back as it is. An edge's
  provenance file, ``source`` in the graph, is ``source_file`` here (node-link keeps an edge's
  endpoints under ``source`` and ``target``).
* **CSV**: Gephi's spreadsheet import, two files. Nodes: ``Id``, ``Label`` (the name), ``kind``,
  then every schema property; edges: ``Source``, ``Target``, ``Type`` (``Directed``), ``Label``
  (the relationship type), then the edge properties (``source`` as ``source_file``, ``start``/``end``
  as ``span_start``/``span_end``; node ``start``/``end`` as ``start_date``/``end_date``: Gephi would
  read those names as time intervals). ``-o DIR`` (an existing directory, or a path ending in
  ``/``) writes ``DIR/nodes.csv`` and ``DIR/edges.csv``; any other ``-o BASE`` writes
  ``BASE-nodes.csv`` and ``BASE-edges.csv`` (a ``.csv`` suffix on BASE is dropped). Empty cells are
  missing values; booleans are ``yes``/``no``; cells are neutralised for spreadsheets.
* **Kumu** (kumu.io): an ``.xlsx`` import workbook. Sheet ``Elements``: ``Label`` (unique: a name
  shared by several nodes gets its kind, then a number, in brackets), ``Type`` (the kind),
  ``Description`` (the full text, with timescale, lead and source line for activities) and
  ``Tags`` (plan, theme, sector, ``|``-separated). Sheet ``Connections``: ``From``, ``To`` (element
  labels) and ``Type`` (the relationship type).

Text the XML formats and the workbook cannot hold (control characters) is removed; every export
says how many values it changed (:attr:`Export.cleaned`).
"""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path

import networkx as nx

from partnermap.errors import InputError
from partnermap.graph import schema as S
from partnermap.graph.links import degree, edges
from partnermap.graph.style import GAP, GAP_MIN_SIZE, NODE_STYLES, node_size, rgb
from partnermap.safe import to_csv, xml_text, xml_unsafe

EXPORT_FORMATS = ("graphml", "gexf", "json", "csv", "kumu")
#: formats that write one file (and so can go to standard output)
SINGLE_FILE = ("graphml", "gexf", "json", "kumu")
GEXF_NODE_RENAMES = {"start": "start_date", "end": "end_date", "key": "theme_key"}
GEXF_EDGE_RENAMES = {"type": "relationship", "start": "span_start", "end": "span_end"}
LINK_EDGE_RENAMES = {"source": "source_file"}
CSV_NODE_RENAMES = {"start": "start_date", "end": "end_date"}
CSV_EDGE_RENAMES = {"source": "source_file", "start": "span_start", "end": "span_end"}
NODE_PROPS = tuple(dict.fromkeys(p for ps in S.NODE_PROPERTIES.values() for p in ps))
CSV_NODE_COLUMNS = ("Id", "Label", "kind", *(CSV_NODE_RENAMES.get(p, p) for p in NODE_PROPS))
CSV_EDGE_COLUMNS = (
    "Source",
    "Target",
    "Type",
    "Label",
    *(CSV_EDGE_RENAMES.get(p, p) for p in S.EDGE_PROPERTIES if p != "type"),
)
#: vis-network shapes -> GEXF viz shapes
GEXF_SHAPES = {"dot": "disc", "square": "square", "triangle": "triangle", "diamond": "diamond"}
GEXF_NS = "http://www.gexf.net/1.2draft"
GEXF_VIZ = "http://www.gexf.net/1.2draft/viz"


@dataclass
class Export:
    """What an export wrote: the files (none for standard output) and how many text values it had
    to change to keep the format valid (control characters removed)."""

    files: list[Path] = field(default_factory=list)
    cleaned: int = 0


class _Cleaner:
    """Makes text values safe for XML, counting what it changes."""

    def __init__(self) -> None:
        self.changed = 0

    def value(self, value):
        if isinstance(value, str) and xml_unsafe(value):
            self.changed += 1
            return xml_text(value)
        return value

    def attrs(self, data: dict, renames: dict[str, str] | None = None) -> dict:
        """The non-None attributes, renamed where ``renames`` says, text cleaned."""
        renames = renames or {}
        return {renames.get(k, k): self.value(v) for k, v in data.items() if v is not None}


def _graph_attrs(G: nx.MultiDiGraph, clean: _Cleaner) -> dict:
    """Graph attributes as scalars (the ``plans`` list joined with ``;``)."""
    return {k: clean.value(";".join(v) if isinstance(v, list) else v) for k, v in G.graph.items() if v is not None}


def _gap_sectors(G: nx.MultiDiGraph) -> set[str]:
    from partnermap.graph.engagement import sector_engagement

    return {S.node_id(S.SECTOR, s) for s, found in sector_engagement(G).items() if not found.engaged}


def _viz(G: nx.MultiDiGraph, node: str, kind: str, gaps: set[str]) -> dict:
    style = GAP if node in gaps else kind
    _, shape, colour = NODE_STYLES.get(style, NODE_STYLES[S.ACTIVITY])
    r, g, b = rgb(colour)
    size = max(node_size(degree(G, node)), GAP_MIN_SIZE if style == GAP else 0)
    return {"color": {"r": r, "g": g, "b": b, "a": 1.0}, "size": float(size), "shape": GEXF_SHAPES.get(shape, "disc")}


def for_xml(G: nx.MultiDiGraph, *, gexf: bool = False, clean: _Cleaner | None = None) -> nx.MultiDiGraph:
    """A copy fit for GraphML/GEXF: no None values, ``label`` = name (see the module docstring)."""
    clean = clean or _Cleaner()
    H = nx.MultiDiGraph(**_graph_attrs(G, clean))
    node_renames = GEXF_NODE_RENAMES if gexf else None
    edge_renames = GEXF_EDGE_RENAMES if gexf else None
    gaps = _gap_sectors(G) if gexf else set()
    for n, d in G.nodes(data=True):
        attrs = {**clean.attrs(d, node_renames), "label": clean.value(d.get("name") or n)}
        if gexf:
            attrs["viz"] = _viz(G, n, d.get("kind"), gaps)
        H.add_node(clean.value(n), **attrs)
    for i, (u, v, k, d) in enumerate(edges(G, keys=True, data=True)):
        attrs = clean.attrs(d, edge_renames)
        if gexf:
            attrs.update(id=f"e{i}", label=k)
        H.add_edge(clean.value(u), clean.value(v), k, **attrs)
    return H


def node_link(G: nx.MultiDiGraph) -> dict:
    """Node-link data that :func:`networkx.node_link_graph` reads back (see the module docstring)."""
    H = nx.MultiDiGraph(**G.graph)
    H.add_nodes_from(G.nodes(data=True))
    H.add_edges_from(
        (u, v, k, {LINK_EDGE_RENAMES.get(a, a): x for a, x in d.items()})
        for u, v, k, d in edges(G, keys=True, data=True)
    )
    return nx.node_link_data(H)


def from_node_link(data: dict) -> nx.MultiDiGraph:
    """The graph again from :func:`node_link` data: ``networkx.node_link_graph``, with each node's
    ``id`` property (node-link keeps it as the node itself) and the edge provenance renamed back
    (``source_file`` to ``source``)."""
    H = nx.node_link_graph(data)
    back = {v: k for k, v in LINK_EDGE_RENAMES.items()}
    G = nx.MultiDiGraph(**H.graph)
    G.add_nodes_from((n, {S.KEY_PROPERTY: n, **d}) for n, d in H.nodes(data=True))
    G.add_edges_from(
        (u, v, k, {back.get(a, a): x for a, x in d.items()}) for u, v, k, d in edges(H, keys=True, data=True)
    )
    return G


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


def gephi_tables(G: nx.MultiDiGraph) -> tuple[str, str]:
    """The nodes and edges CSV text for Gephi's spreadsheet import."""
    nodes = (
        {
            "Id": n,
            "Label": d.get("name") or n,
            "kind": d.get("kind"),
            **{CSV_NODE_RENAMES.get(p, p): d.get(p) for p in NODE_PROPS},
        }
        for n, d in G.nodes(data=True)
    )
    edge_rows = (
        {
            "Source": u,
            "Target": v,
            "Type": "Directed",
            "Label": k,
            **{CSV_EDGE_RENAMES.get(p, p): d.get(p) for p in S.EDGE_PROPERTIES if p != "type"},
        }
        for u, v, k, d in edges(G, keys=True, data=True)
    )
    return to_csv(nodes, CSV_NODE_COLUMNS), to_csv(edge_rows, CSV_EDGE_COLUMNS)


def _xml_bytes(H: nx.MultiDiGraph, writer: Callable) -> bytes:
    buf = io.BytesIO()
    writer(H, buf)
    return buf.getvalue()


def _gexf_bytes(G: nx.MultiDiGraph, clean: _Cleaner) -> bytes:
    """GEXF 1.2 with ``viz`` data and without networkx's ``networkx_key`` edge attribute."""
    data = _xml_bytes(for_xml(G, gexf=True, clean=clean), nx.write_gexf)
    ns = GEXF_NS
    ET.register_namespace("", ns)
    ET.register_namespace("viz", GEXF_VIZ)
    root = ET.fromstring(data)
    key_ids = set()
    for attributes in root.iter(f"{{{ns}}}attributes"):
        for attribute in list(attributes):
            if attribute.get("title") == "networkx_key":
                key_ids.add(attribute.get("id"))
                attributes.remove(attribute)
    for values in root.iter(f"{{{ns}}}attvalues"):
        for value in list(values):
            if value.get("for") in key_ids:
                values.remove(value)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def kumu_labels(G: nx.MultiDiGraph) -> dict[str, str]:
    """Node id -> a unique element label: the name; a name several nodes share gets the node's kind
    in brackets, and a number after that where it is still not unique."""
    names = {n: " ".join(str(d.get("name") or n).split()) or n for n, d in G.nodes(data=True)}
    counts = Counter(names.values())
    labels = {
        n: names[n] if counts[names[n]] == 1 else f"{names[n]} ({NODE_STYLES.get(d.get('kind'), ('?',))[0]})"
        for n, d in G.nodes(data=True)
    }
    totals, seen = Counter(labels.values()), Counter()
    for n, label in labels.items():
        if totals[label] > 1:
            seen[label] += 1
            labels[n] = f"{label} [{seen[label]}]"
    return labels


def _kumu_description(d: dict) -> str:
    kind = d.get("kind")
    if kind == S.ACTIVITY:
        parts = [d.get("text") or d.get("name") or ""]
        for title, prop in (
            ("Lead", "lead_text"),
            ("Partners", "partners_text"),
            ("Outcome", "outcome"),
            ("Timescale", "timescale"),
            ("Status", "status"),
        ):
            if d.get(prop):
                parts.append(f"{title}: {d[prop]}")
        if d.get("source"):
            parts.append(f"Source: {d['source']}" + (f", line {d['line']}" if d.get("line") is not None else ""))
        return "\n".join(parts)
    if kind == S.PLAN:
        return d.get("title") or ""
    return d.get("text") or ""


def kumu_workbook(G: nx.MultiDiGraph, clean: _Cleaner | None = None) -> bytes:
    """The Kumu import workbook (see the module docstring) as ``.xlsx`` bytes."""
    from openpyxl import Workbook

    clean = clean or _Cleaner()
    labels = kumu_labels(G)
    wb = Workbook()
    elements = wb.active
    elements.title = "Elements"
    elements.append(["Label", "Type", "Description", "Tags"])
    for n, d in G.nodes(data=True):
        tags = [str(d[p]) for p in ("plan", "sector") if d.get(p)]
        if d.get("kind") == S.ACTIVITY and d.get("theme"):
            tags.append(f"theme {d['theme']}")
        _append(
            elements,
            [labels[n], NODE_STYLES.get(d.get("kind"), (d.get("kind"),))[0], _kumu_description(d), "|".join(tags)],
            clean,
        )
    connections = wb.create_sheet("Connections")
    connections.append(["From", "To", "Type"])
    for u, v, k in edges(G, keys=True):
        _append(connections, [labels[u], labels[v], k], clean)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _append(ws, values: list, clean: _Cleaner) -> None:
    """A row of text cells: never a formula, whatever the text begins with."""
    row = ws.max_row + 1
    for column, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=column)
        cell.value = clean.value(value)
        if isinstance(cell.value, str) and cell.value.startswith("="):
            cell.data_type = "s"


def export_bytes(G: nx.MultiDiGraph, fmt: str) -> tuple[bytes, int]:
    """A single-file export (:data:`SINGLE_FILE`) as bytes, and how many values were cleaned."""
    clean = _Cleaner()
    fmt = fmt.lower()
    if fmt == "graphml":
        data = _xml_bytes(for_xml(G, clean=clean), nx.write_graphml)
    elif fmt == "gexf":
        data = _gexf_bytes(G, clean)
    elif fmt == "json":
        data = (json.dumps(node_link(G), indent=1, ensure_ascii=False) + "\n").encode("utf-8")
    elif fmt == "kumu":
        data = kumu_workbook(G, clean)
    else:
        raise ValueError(
            f"{fmt!r} writes several files, or is not an export format (expected one of: {', '.join(EXPORT_FORMATS)})"
        )
    return data, clean.changed


def export_graph(G: nx.MultiDiGraph, fmt: str, path: str | PathLike) -> Export:
    """Write ``G`` in ``fmt`` (one of :data:`EXPORT_FORMATS`) to ``path``."""
    fmt = fmt.lower()
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (expected one of: {', '.join(EXPORT_FORMATS)})")
    try:
        if fmt == "csv":
            nodes_path, edges_path = csv_paths(path)
            nodes_path.parent.mkdir(parents=True, exist_ok=True)
            nodes, edges = gephi_tables(G)
            nodes_path.write_text(nodes, encoding="utf-8")
            edges_path.write_text(edges, encoding="utf-8")
            return Export([nodes_path, edges_path])
        data, cleaned = export_bytes(G, fmt)
        target = Path(path)
        target.write_bytes(data)
        return Export([target], cleaned)
    except OSError as exc:
        raise InputError(f"cannot write the export: {exc.strerror or exc}", source=str(path)) from None
