"""Where to find Neo4j and how to open a driver on it, with every failure as one clear line.

Settings come from the arguments, then the environment (``NEO4J_URI``, ``NEO4J_USERNAME``,
``NEO4J_PASSWORD``, ``NEO4J_DATABASE``); with neither a URI nor ``NEO4J_URI``, the local server of
``partnermap neo4j start`` is used while it runs. The password is never part of any message, repr
or log line made here.

The driver's own log lines (server notifications such as "relationship type does not exist",
connection warnings) are kept off stderr: the ``neo4j`` logger gets a null handler, so Python's
last-resort handler never prints them; ``partnermap --debug`` attaches a real handler.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

from neo4j import Driver, GraphDatabase
from neo4j import exceptions as neo

from partnermap.errors import ServiceError

logging.getLogger("neo4j").addHandler(logging.NullHandler())

DEFAULT_USER = "neo4j"
DATABASE_NOT_FOUND = "Neo.ClientError.Database.DatabaseNotFound"
SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


@dataclass(frozen=True)
class Settings:
    """How to reach one Neo4j database. ``database`` None means the server's default database."""

    uri: str
    user: str = DEFAULT_USER
    password: str | None = field(default=None, repr=False)
    database: str | None = None

    def describe(self) -> str:
        """``bolt://host:7687 (user neo4j, database neo4j)``: safe to print."""
        db = f", database {self.database}" if self.database else ""
        return f"{safe_uri(self.uri)} (user {self.user}{db})"


CONNECTION_TIMEOUT = 10.0  # seconds to open a connection
RETRY_TIME = 5.0  # seconds the driver goes on retrying a transaction the server dropped


def safe_uri(uri: str) -> str:
    """The URI without any ``user:password@`` part."""
    return re.sub(r"//[^/@]*@", "//", uri)


def resolve_settings(
    uri: str | None = None,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
    *,
    env: Mapping[str, str] | None = None,
) -> Settings:
    """Connection settings from arguments, else the environment, else the running local server."""
    env = os.environ if env is None else env
    database = database or env.get("NEO4J_DATABASE") or None
    uri = uri or env.get("NEO4J_URI")
    if uri:
        return Settings(
            uri=uri,
            user=user or env.get("NEO4J_USERNAME") or DEFAULT_USER,
            password=password if password is not None else env.get("NEO4J_PASSWORD"),
            database=database,
        )
    from partnermap.cypher.server import LocalServer

    info = LocalServer().status()
    if info is None:
        raise ServiceError(
            "no Neo4j to connect to: give --uri or set NEO4J_URI, "
            "or start the local server with `partnermap neo4j start`"
        )
    return Settings(
        uri=info.uri,
        user=user or info.user,
        password=password if password is not None else info.password(),
        database=database,
    )


def service_error(exc: Exception, settings: Settings) -> ServiceError:
    """A one-line :class:`ServiceError` for a driver exception."""
    where = safe_uri(settings.uri)
    if isinstance(exc, neo.AuthError):
        return ServiceError(f"Neo4j at {where} refused user {settings.user!r}: wrong user name or password")
    if isinstance(exc, neo.ClientError) and exc.code == DATABASE_NOT_FOUND:
        return ServiceError(f"Neo4j at {where} has no database {settings.database!r}")
    if isinstance(exc, (neo.ConfigurationError, ValueError)):
        return ServiceError(
            f"cannot use {where!r} as a Neo4j URI (use bolt://, neo4j:// or neo4j+s://): {_first_line(exc)}"
        )
    if isinstance(exc, (neo.ServiceUnavailable, neo.SessionExpired, OSError)):
        return ServiceError(f"cannot reach Neo4j at {where}: {_unreachable_reason(exc)}")
    return ServiceError(f"Neo4j at {where} failed: {_first_line(exc)}")


def _first_line(exc: BaseException) -> str:
    text = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return text.strip().splitlines()[0] if text.strip() else type(exc).__name__


def _unreachable_reason(exc: BaseException) -> str:
    """Why a server could not be reached, in a few words: the operating system's reason (connection
    refused, timed out, unknown host) from the exception chain, else the driver's message on one line."""
    seen, cause = set(), exc
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        if isinstance(cause, OSError) and cause.strerror:
            return cause.strerror.lower()
        if isinstance(cause, TimeoutError):
            return "timed out"
        cause = cause.__cause__ or cause.__context__
    text = " ".join((getattr(exc, "message", None) or str(exc) or type(exc).__name__).split())
    for words, reason in (
        ("refused", "connection refused"),
        ("timed out", "timed out"),
        ("Name or service not known", "unknown host"),
        ("routing information", "no server answered"),
    ):
        if words in text:
            return reason
    return text.rstrip(":")


def open_driver(settings: Settings) -> Driver:
    """A driver that has connected, logged in and found the database (else :class:`ServiceError`)."""
    auth = (settings.user, settings.password) if settings.password is not None else None
    scheme = settings.uri.split("://", 1)[0].lower() if "://" in settings.uri else ""
    if scheme not in SCHEMES:
        raise service_error(ValueError(f"the scheme must be one of {', '.join(SCHEMES)}"), settings)
    try:
        # a server that goes away is reported within seconds, not after the driver's 30 s of retries
        driver = GraphDatabase.driver(
            settings.uri, auth=auth, connection_timeout=CONNECTION_TIMEOUT, max_transaction_retry_time=RETRY_TIME
        )
    except (neo.ConfigurationError, ValueError) as exc:
        raise service_error(exc, settings) from None
    try:
        driver.verify_connectivity()  # no retries: an unreachable server fails at once
        with driver.session(database=settings.database) as session:
            session.run("RETURN 1").consume()
    except (neo.Neo4jError, neo.DriverError, OSError) as exc:
        driver.close()
        raise service_error(exc, settings) from None
    return driver


@contextmanager
def connected(target: Settings | Driver, database: str | None = None) -> Iterator[tuple[Driver, str | None]]:
    """``(driver, database)`` for a :class:`Settings` (opened and closed here) or an open driver.

    With settings, driver exceptions raised inside the block become :class:`ServiceError` naming
    the URI; Cypher errors (:class:`neo4j.exceptions.ClientError` other than auth and missing
    database) pass through. With an open driver everything passes through to its owner.
    """
    if isinstance(target, Settings):
        settings = target if database is None else Settings(target.uri, target.user, target.password, database)
        driver = open_driver(settings)
    else:  # the caller's driver: its errors are the caller's to report (it knows the URI)
        yield target, database
        return
    try:
        yield driver, settings.database
    except (neo.AuthError, neo.ServiceUnavailable, neo.SessionExpired) as exc:
        raise service_error(exc, settings) from None
    except (neo.DriverError, ConnectionError, neo.TransientError) as exc:
        # a transaction left unusable by a lost connection; a deadlock or a busy server past the retries
        raise service_error(exc, settings) from None
    except neo.ClientError as exc:
        if exc.code == DATABASE_NOT_FOUND:
            raise service_error(exc, settings) from None
        raise
    finally:
        driver.close()
