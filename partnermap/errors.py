"""Errors that the CLI turns into one clear line and an exit code (a traceback only with --debug).

Exit codes (documented in the README and ``partnermap --help``):

* 0 success
* 1 ``--fail-on``: gaps of that severity or worse were found
* 2 usage error (bad option or argument; click's own code)
* 3 input error: a plan or taxonomy file that cannot be read as one
* 4 service error: Neo4j unreachable, wrong password, missing database, server not running
* 5 internal error (a bug: please report it with the ``--debug`` traceback)
"""

from __future__ import annotations

EXIT_FAIL_ON = 1
EXIT_USAGE = 2
EXIT_INPUT = 3
EXIT_SERVICE = 4
EXIT_INTERNAL = 5


class PartnermapError(Exception):
    """Base class: a message for a person, optionally naming a file and line."""

    exit_code = EXIT_INPUT

    def __init__(self, message: str, *, source: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.source = source
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.source:
            where = f"{self.source}:{self.line}: " if self.line is not None else f"{self.source}: "
        return f"{where}{self.message}"


class InputError(PartnermapError):
    """A plan, taxonomy or other input file that cannot be used."""

    exit_code = EXIT_INPUT


class UsageError(PartnermapError, ValueError):
    """An option given a value it cannot take (the CLI's own checks catch most before the library)."""

    exit_code = EXIT_USAGE


class ServiceError(PartnermapError):
    """Neo4j (or another service) cannot be reached or refuses us."""

    exit_code = EXIT_SERVICE
