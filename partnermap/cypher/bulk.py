"""Load plans into an empty local database with Neo4j's own offline importer.

``neo4j-admin database import full`` (from the same jars as the server) writes the store files
directly instead of running transactions. With the server's stop and start included it is only a
little faster than :func:`partnermap.cypher.store.load_graph` for a very large plan (about 1.1
times at 100,000 activities) and slower for smaller ones. It works only on the local server that
partnermap runs (the server is stopped for the import and started again on the same port with the
same options) and only into an empty database: it replaces the database's files.

What is written is exactly what the loader would write for the same plans (the rows of
:func:`partnermap.cypher.store.plan_writes`, a shared node's row from the last plan that uses it,
as the loader's MERGE leaves it), so :func:`partnermap.cypher.store.read_graph` gives the same
graph either way (the tests compare).

The import files are CSV with typed headers (``id:ID``, ``seq:long``, ``achieved:boolean``...): a
missing property is an empty field, any string, even an empty one, is quoted.

>>> cell('say "hi" twice'), cell(None), cell(True), cell(3), cell("")
('"say ""hi"" twice"', '', 'true', '3', '""')
"""

from __future__ import annotations

import csv
import re
import shutil
import tempfile
import time
from collections.abc import Sequence
from operator import methodcaller
from pathlib import Path

import networkx as nx

from partnermap.cypher import store
from partnermap.cypher.connect import Settings, open_driver
from partnermap.cypher.server import LocalServer, Log, _quiet
from partnermap.errors import InputError, ServiceError
from partnermap.graph import schema as S

DATABASE = "neo4j"  # Community Edition's one user database
_TYPES = ((bool, "boolean"), (int, "long"), (float, "double"), (str, "string"))


def cell(value) -> str:
    """One CSV field for the importer: strings always quoted (so an empty string stays one), a
    missing value an empty field."""
    if value is None:
        return ""
    if isinstance(value, str):
        return '"' + value.replace('"', '""') + '"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    raise TypeError(f"cannot import a {type(value).__name__} property")


def _type_of(types: set[type], where: str) -> str:
    """The importer's type of a column whose values (None aside) are of ``types``."""
    found = set()
    for t in types:
        name = next((name for kind, name in _TYPES if issubclass(t, kind)), None)
        if name is None:
            raise InputError(f"cannot bulk-import {where}: a {t.__name__} value")
        found.add(name)
    if len(found) > 1:
        raise InputError(f"cannot bulk-import {where}: its values are of several types ({', '.join(sorted(found))})")
    return found.pop() if found else "string"


class _Bare:
    """A field the csv module writes as it is, unquoted: with ``QUOTE_NONNUMERIC`` it quotes every
    field but numbers, and this counts as one (it has ``__float__``)."""

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text

    def __float__(self) -> float:
        return 0.0

    def __str__(self) -> str:
        return self.text


#: a value as the csv module is given it: a missing one an empty field, a boolean true or false
_FIELDS = {None: _Bare(""), True: _Bare("true"), False: _Bare("false")}


_NONE = type(None)
_PLAIN_PATH = re.compile(r"[\w./-]+")  # a path the importer's file patterns (regular expressions) match as written


def _prepared(values: Sequence, kinds: set[type]) -> Sequence:
    """A column's values as the csv module is given them (see :data:`_FIELDS`): as they are when
    it has no missing value and no boolean (most columns: no pass over them)."""
    if _NONE not in kinds and bool not in kinds:
        return values
    fields = _FIELDS
    # None, True and False by identity (1 == True: a number must not match), the rest as they are
    return [fields[v] if v is None or v is True or v is False else v for v in values]


def _breaks(values: Sequence, kinds: set[type]) -> bool:
    """Whether a column holds a string with a line break (one pass in C)."""
    if not any(issubclass(kind, str) for kind in kinds):
        return False
    text = "".join(filter(None, values)) if _NONE in kinds or len(kinds) > 1 else "".join(values)
    return "\n" in text or "\r" in text


def _write(path: Path, head: list[str], columns: Sequence[Sequence], kinds: Sequence[set[type]] | None = None) -> bool:
    """A CSV file: the header ``head``, then the rows made of ``columns`` (each a column's values,
    all as long), each field written as :func:`cell` writes it (by the csv module, column by column:
    10 million fields cost seconds, not tens of them). ``kinds`` are the columns' sets of value
    types, if known. Returns whether a field holds a line break (the importer must be told)."""
    kinds = [set(map(type, column)) for column in columns] if kinds is None else kinds
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write(",".join(head) + "\n")
        writer = csv.writer(out, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
        writer.writerows(zip(*(_prepared(column, found) for column, found in zip(columns, kinds))))
    return any(_breaks(column, found) for column, found in zip(columns, kinds))


def import_rows(graphs: Sequence[nx.MultiDiGraph]) -> tuple[dict[str, list[dict]], dict[str, list[list]], list[dict]]:
    """The node rows per label and relationship rows per type the loader would leave after loading
    each graph (one plan each, in order): a node's row as the last plan that writes it writes it
    (the loader merges shared nodes by id), a relationship's likewise by (type, u, v); and the
    per-plan counts :func:`partnermap.cypher.store.load_graph` reports."""
    writes = [write for G in graphs for write in store.plan_writes(G)]
    if len(writes) == 1:  # one plan: its rows are all distinct, nothing to merge
        (write,) = writes
        node_lists: dict[str, list[dict]] = {}
        for part in (write.nodes, write.shared):
            for label, rows in part.items():
                node_lists.setdefault(label, []).extend(rows)
        rel_lists: dict[str, list[list]] = {}
        for (rel, _, _), rows in write.rels.items():
            rel_lists.setdefault(rel, []).extend(rows)
        return node_lists, rel_lists, [write.counts()]
    nodes: dict[str, dict[str, dict]] = {}
    rels: dict[str, dict[tuple[str, str], list]] = {}
    for write in writes:
        for part in (write.nodes, write.shared):
            for label, rows in part.items():
                nodes.setdefault(label, {}).update((row["id"], row) for row in rows)
        for (rel, _, _), rows in write.rels.items():
            rels.setdefault(rel, {}).update(((row[0], row[1]), row) for row in rows)
    return (
        {label: list(by_id.values()) for label, by_id in nodes.items()},
        {rel: list(by_pair.values()) for rel, by_pair in rels.items()},
        [w.counts() for w in writes],
    )


def write_import_files(graphs: Sequence[nx.MultiDiGraph], folder: Path) -> tuple[list[str], list[dict]]:
    """Write the import CSVs into ``folder``; returns the importer's arguments (``--nodes``,
    ``--relationships`` and, where a field holds a line break, ``--multiline-fields`` naming those
    files alone: multi-line parsing is far slower) and the per-plan counts."""
    nodes, rels, counts = import_rows(graphs)
    args, multiline = [], []
    for label, rows in nodes.items():
        keys = [k for k in dict.fromkeys(k for row in rows for k in row) if k != "id"]
        columns = [list(map(methodcaller("get", k), rows)) for k in ("id", *keys)]
        kinds = [set(map(type, column)) for column in columns]
        head = ["id:ID"] + [f"{k}:{_type_of(found - {_NONE}, f'{label}.{k}')}" for k, found in zip(keys, kinds[1:])]
        path = folder / f"nodes-{S.check_label(label)}.csv"
        if _write(path, head, columns, kinds):
            multiline.append(path)
        args.append(f"--nodes={label}={path}")
    for rel, rows in rels.items():
        columns = list(zip(*rows))  # rows are lists in store.REL_COLUMNS order
        kinds = [set(map(type, column)) for column in columns]
        keep = [i for i in range(2, len(store.REL_COLUMNS)) if kinds[i] - {_NONE}]  # columns with a value somewhere
        head = [":START_ID", ":END_ID"] + [
            f"{store.REL_COLUMNS[i]}:{_type_of(kinds[i] - {_NONE}, f'{rel}.{store.REL_COLUMNS[i]}')}" for i in keep
        ]
        path = folder / f"relationships-{S.check_rel_type(rel)}.csv"
        if _write(path, head, [columns[i] for i in (0, 1, *keep)], [kinds[i] for i in (0, 1, *keep)]):
            multiline.append(path)
        args.append(f"--relationships={rel}={path}")
    if multiline and all(_PLAIN_PATH.fullmatch(str(path)) for path in multiline):
        args += ["--multiline-fields-format=v2", "--multiline-fields=" + ",".join(map(str, multiline))]
    elif multiline:
        args.append("--multiline-fields=true")
    return args, counts


def _node_count(settings: Settings) -> int:
    with open_driver(settings) as driver:
        records, _, _ = driver.execute_query("MATCH (n) RETURN count(n) AS n", database_=DATABASE)
        return records[0]["n"]


def bulk_load(server: LocalServer, graphs: Sequence[nx.MultiDiGraph], *, log: Log = _quiet) -> store.LoadResult:
    """Import ``graphs`` (one plan each, from ``build_graph``) into the running local ``server``'s
    empty database with ``neo4j-admin database import full``; the server is stopped meanwhile and
    started again as it was, with the store's constraints and indexes. Refuses a database that
    holds any node (load those plans without ``--bulk`` to replace them)."""
    info = server.status()
    if info is None:
        raise ServiceError("--bulk imports into the local server: start it first with `partnermap neo4j start`")
    settings = Settings(info.uri, info.user, info.password())
    present = _node_count(settings)
    if present:
        raise InputError(
            f"--bulk imports into an empty database only, and {settings.describe()} holds "
            f"{present} nodes: load without --bulk to add or replace plans"
        )
    options = server.start_options()
    folder = Path(tempfile.mkdtemp(prefix="bulk-", dir=server.home / "import"))
    try:
        start = time.monotonic()
        args, counts = write_import_files(graphs, folder)
        log(f"Wrote the import files in {time.monotonic() - start:.1f} s; stopping Neo4j for the import")
        server.stop()
        try:
            server.admin(
                "database",
                "import",
                "full",
                *args,
                "--overwrite-destination=true",
                f"--report-file={folder / 'import.report'}",
                DATABASE,
            )
        finally:
            log("Starting Neo4j again")
            info = server.start(**options)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    with open_driver(Settings(info.uri, info.user, info.password())) as driver:
        store.ensure_schema(driver, DATABASE)
    return store.LoadResult(plans=counts)
