"""The analysts' Cypher library: named queries shipped as ``partnermap/cypher/queries/*.cypher``,
and running any Cypher read-only unless writing is asked for.

Each file starts with a header of ``//`` comments::

    // name: overdue
    // description: Activities whose timescale ended before the given date ...
    // param: as_of (date, default today) - the date to judge by, YYYY-MM-DD

A parameter's type is ``str`` (the default), ``int``, ``float``, ``bool`` or ``date`` (an ISO date,
passed as a string; ``today`` is today's date); one without a default must be given.

Queries run in read transactions (``execute_read``) by default. Before running, the query is
planned with ``EXPLAIN`` and judged by the server's own plan (:func:`refusal`): one that would
write, change the schema, run an administration command other than ``SHOW``, act on
transactions (``TERMINATE TRANSACTIONS``), call a procedure the server does not class as READ
(bar a few reporting DBMS procedures) or ``LOAD CSV`` is refused unless ``write=True``; the read
transaction is the server-side guard behind that check. A ``timeout`` bounds the transaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from neo4j import READ_ACCESS, WRITE_ACCESS, Driver
from neo4j import exceptions as neo
from neo4j.graph import Node, Path, Relationship

from partnermap.cypher.connect import Settings, connected
from partnermap.errors import EXIT_SERVICE, EXIT_USAGE, InputError, PartnermapError

_HEADER = re.compile(r"^//\s*(name|description|param):\s*(.*)$")
_PARAM = re.compile(
    r"^(?P<name>\w+)\s*(?:\((?P<type>\w+)(?:\s*,\s*default\s+(?P<default>[^)]*))?\))?"
    r"\s*(?:-\s*(?P<help>.*))?$"
)
TYPES = ("str", "int", "float", "bool", "date")


class WriteRefused(PartnermapError):
    """A query that would write, run without ``--write`` (a usage error, exit 2)."""

    exit_code = EXIT_USAGE


class QueryTimeout(PartnermapError):
    """A query stopped by its transaction timeout (a service error, exit 4)."""

    exit_code = EXIT_SERVICE


class CypherError(InputError):
    """Cypher the server rejects (syntax, types, unknown function): the query is the bad input."""


@dataclass(frozen=True)
class Parameter:
    """One ``$name`` a named query takes."""

    name: str
    type: str = "str"
    default: str | None = None
    help: str = ""

    def convert(self, text: str) -> Any:
        """The value of ``text`` as this parameter's type (``InputError`` if it is not one)."""
        try:
            if self.type == "int":
                return int(text)
            if self.type == "float":
                return float(text)
            if self.type == "bool":
                if text.lower() not in ("true", "false", "yes", "no", "1", "0"):
                    raise ValueError(text)
                return text.lower() in ("true", "yes", "1")
            if self.type == "date":
                return date.today().isoformat() if text == "today" else date.fromisoformat(text).isoformat()
        except ValueError:
            raise InputError(f"parameter {self.name}: {text!r} is not a {self.type}") from None
        return text


@dataclass(frozen=True)
class NamedQuery:
    """A query of the library: its name, description, parameters and Cypher text (header included)."""

    name: str
    description: str
    parameters: tuple[Parameter, ...]
    text: str

    def bind(self, given: dict[str, str]) -> dict[str, Any]:
        """Parameter values from ``given`` strings and defaults (``InputError`` if one is unknown or missing)."""
        known = {p.name: p for p in self.parameters}
        unknown = sorted(set(given) - set(known))
        if unknown:
            raise InputError(
                f"{self.name} takes no parameter {', '.join(unknown)} (it takes: {', '.join(known) or 'none'})"
            )
        values = {}
        for p in self.parameters:
            if p.name in given:
                values[p.name] = p.convert(given[p.name])
            elif p.default is not None:
                values[p.name] = p.convert(p.default)
            else:
                raise InputError(f"{self.name} needs --param {p.name}=VALUE ({p.help or p.type})")
        return values


def parse_query(text: str, source: str = "<query>") -> NamedQuery:
    """A :class:`NamedQuery` from a ``.cypher`` file's text (header as in the module docstring)."""
    fields: dict[str, str] = {}
    params = []
    for line in text.splitlines():
        match = _HEADER.match(line.strip())
        if not line.strip().startswith("//"):
            break
        if not match:
            continue
        key, value = match.groups()
        if key == "param":
            p = _PARAM.match(value.strip())
            if not p or (p["type"] or "str") not in TYPES:
                raise InputError(f"bad parameter line: {value!r}", source=source)
            params.append(
                Parameter(
                    p["name"], p["type"] or "str", (p["default"] or "").strip() or None, (p["help"] or "").strip()
                )
            )
        else:
            fields[key] = value.strip()
    if "name" not in fields:
        raise InputError("no '// name:' header line", source=source)
    return NamedQuery(fields["name"], fields.get("description", ""), tuple(params), text)


@cache
def catalogue() -> dict[str, NamedQuery]:
    """Every named query shipped with partnermap, by name (sorted)."""
    folder = resources.files("partnermap.cypher").joinpath("queries")
    found = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".cypher"):
            query = parse_query(entry.read_text("utf-8"), source=entry.name)
            found[query.name] = query
    return found


def named_query(name: str) -> NamedQuery:
    """The named query ``name`` (``InputError`` naming the known ones if there is none)."""
    queries = catalogue()
    if name not in queries:
        raise InputError(f"no query named {name!r}; known: {', '.join(queries)}")
    return queries[name]


@dataclass
class QueryResult:
    """Column names and rows (dicts of plain JSON-friendly values)."""

    columns: list[str]
    rows: list[dict]


def plain(value: Any) -> Any:
    """A driver value as plain data: nodes and relationships as property dicts, paths as node lists,
    temporal values as ISO strings."""
    if isinstance(value, Node):
        return dict(value.items())
    if isinstance(value, Relationship):
        return {"type": value.type, **dict(value.items())}
    if isinstance(value, Path):
        return [plain(n) for n in value.nodes]
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value


#: DBMS-mode procedures that only report (the server classes every DBMS procedure alike, so
#: these are named; any other DBMS-mode procedure, e.g. ``db.clearQueryCaches``, needs --write)
READ_ONLY_DBMS_PROCEDURES = frozenset(
    {
        "dbms.components",
        "dbms.info",
        "dbms.listCapabilities",
        "dbms.listConfig",
        "dbms.listConnections",
        "dbms.queryJmx",
        "dbms.showCurrentUser",
        "dbms.routing.getRoutingTable",
        "dbms.cluster.routing.getRoutingTable",
        "tx.getMetaData",
    }
)
_COMMENT = re.compile(r"^(\s+|//[^\n]*\n?|/\*.*?\*/)*", re.DOTALL)


def _operators(plan: dict | None) -> list[tuple[str, str]]:
    """(operator type without its ``@database``, details) of every operator of an EXPLAIN plan."""
    found, stack = [], [plan] if plan else []
    while stack:
        node = stack.pop()
        found.append((str(node.get("operatorType", "")).split("@")[0], str(node.get("args", {}).get("Details") or "")))
        stack.extend(node.get("children", []))
    return found


def refusal(query_type: str, plan: dict | None, text: str, modes: dict[str, str]) -> str | None:
    """Why a query may not run without ``--write``, from the server's plan of it; None if it only reads.

    ``query_type`` and ``plan`` are EXPLAIN's (``r`` read, ``rw``/``w`` write, ``s`` schema or
    administration); ``modes`` maps procedure names to the server's modes (READ, WRITE, SCHEMA, DBMS).
    LOAD CSV plans as a read but fetches files or URLs from the server, and TERMINATE TRANSACTIONS
    plans as a read but stops other people's work: both are refused by their operators.

    >>> refusal("r", {"operatorType": "LoadCSV@neo4j"}, "LOAD CSV FROM 'http://x' AS r RETURN r", {})
    'LOAD CSV makes the server read a file or URL'
    >>> refusal("s", {"operatorType": "AdministrationCommand@system"}, "SHOW DATABASES", {}) is None
    True
    """
    operators = _operators(plan)
    kinds = {kind for kind, _ in operators}
    if "LoadCSV" in kinds:
        return "LOAD CSV makes the server read a file or URL"
    acting = sorted(k for k in kinds if k.endswith("Transactions") and not k.startswith("Show"))
    if acting:
        return f"{acting[0]} acts on the server's transactions"
    if query_type in ("rw", "w"):
        return "this query writes to the database"
    if query_type == "r":
        return None
    if kinds <= {"AdministrationCommand", "ProduceResults"} and "AdministrationCommand" in kinds:
        statement = _COMMENT.sub("", text, count=1).lstrip().upper()
        return None if statement.startswith("SHOW ") else "this is an administration command"
    procedures = [details.split("(")[0].strip() for kind, details in operators if kind == "ProcedureCall"]
    if procedures and kinds <= {
        "ProcedureCall",
        "ProduceResults",
        "EmptyResult",
        "Projection",
        "Filter",
        "EagerAggregation",
        "Sort",
        "Limit",
        "Top",
        "Distinct",
    }:
        unsafe = [p for p in procedures if modes.get(p) not in ("READ", None) and p not in READ_ONLY_DBMS_PROCEDURES]
        if not unsafe and all(p in modes for p in procedures):
            return None
        if unsafe:
            return f"procedure {unsafe[0]} runs in {modes.get(unsafe[0], 'an unknown').lower()} mode"
    return "this query changes the schema or the server"


def _explain(tx, text: str, params: dict) -> tuple[str, dict | None]:
    summary = tx.run(f"EXPLAIN {text}", params).consume()
    return summary.query_type or "r", summary.plan


def _procedure_modes(tx) -> dict[str, str]:
    return {r["name"]: r["mode"] for r in tx.run("SHOW PROCEDURES YIELD name, mode RETURN name, mode")}


def _run(tx, text: str, params: dict) -> QueryResult:
    result = tx.run(text, params)
    columns = list(result.keys())
    return QueryResult(columns, [{k: plain(v) for k, v in record.items()} for record in result])


def run_cypher(
    target: Settings | Driver,
    text: str,
    params: dict | None = None,
    *,
    write: bool = False,
    database: str | None = None,
    timeout: float | None = None,
) -> QueryResult:
    """Run ``text`` with ``params``: read-only unless ``write`` (a query the server plans as
    writing, changing the schema or acting on the server is then refused with :class:`WriteRefused`,
    see :func:`refusal`, and the query runs in a read transaction, which the server enforces);
    Cypher errors become :class:`CypherError`. ``timeout`` (seconds) bounds the transaction."""
    from neo4j import unit_of_work

    params = params or {}
    body = unit_of_work(timeout=timeout)(_run) if timeout else _run
    with connected(target, database) as (driver, db):
        mode = WRITE_ACCESS if write else READ_ACCESS
        with driver.session(database=db, default_access_mode=mode) as session:
            try:
                if not write:
                    kind, plan = session.execute_read(_explain, text, params)
                    calls = any(kind == "ProcedureCall" for kind, _ in _operators(plan))
                    modes = session.execute_read(_procedure_modes) if calls else {}
                    why = refusal(kind, plan, text, modes)
                    if why:
                        raise WriteRefused(f"{why}; give --write to run it")
                    return session.execute_read(body, text, params)
                return session.execute_write(body, text, params)
            except (neo.ClientError, neo.DatabaseError, neo.TransientError) as exc:
                code = exc.code or ""
                if code == "Neo.ClientError.Statement.AccessMode":
                    raise WriteRefused("this query writes to the database; give --write to run it") from None
                if "TransactionTimedOut" in code or "Transaction.TransactionTimedOut" in code:
                    raise QueryTimeout(
                        f"the query ran longer than its {timeout or 0:g} s limit (--timeout) and the server stopped it"
                    ) from None
                if code == "Neo.DatabaseError.Transaction.TransactionStartFailed":  # e.g. CALL {} IN TRANSACTIONS
                    raise CypherError(
                        f"Cypher error: {(exc.message or code).strip().splitlines()[0]} "
                        "(partnermap runs each query in one transaction)"
                    ) from None
                if code.startswith(
                    ("Neo.ClientError.Statement.", "Neo.ClientError.Procedure.", "Neo.DatabaseError.Statement.")
                ):
                    raise CypherError(f"Cypher error: {(exc.message or code).strip().splitlines()[0]}") from None
                raise


def run_named(
    target: Settings | Driver,
    name: str,
    given: dict[str, str] | None = None,
    *,
    write: bool = False,
    database: str | None = None,
    timeout: float | None = None,
) -> QueryResult:
    """Run the named query ``name`` with parameter strings ``given`` (converted by its header)."""
    query = named_query(name)
    return run_cypher(target, query.text, query.bind(given or {}), write=write, database=database, timeout=timeout)
