"""Organisation names: canonical names, aliases, sectors, and splitting lead/partner cells.

An :class:`OrgDirectory` is data (``data/organisations.yaml``, or the ``organisations`` section of
a taxonomy file, read by :mod:`partnermap.reference.directory`). It knows organisations by name
and alias, each with a sector id, and patterns for organisations it does not list by name
("... College", "University of ...", "HMP ...", "NHS ...").

Splitting a cell
----------------
A lead or partners cell is split on ``/``, ``;`` and ``,``. ``&`` and a standalone ``and`` split
only where both sides name organisations the directory recognises, so "Bradford MDC and West
Yorkshire Police" is two organisations but "Children and Families Service" is one.

>>> d = OrgDirectory(
...     [KnownOrganisation("Bradford MDC", "local_authority", ("Bradford Metropolitan District Council",)),
...      KnownOrganisation("West Yorkshire Police", "police", ("WYP",))],
...     [OrgPattern(r"\\bCollege$", "further_education")])
>>> [o.name for o in d.split("Bradford Metropolitan District Council/ WYP")]
['Bradford MDC', 'West Yorkshire Police']
>>> [o.name for o in d.split("Bradford MDC and Shipley College")]
['Bradford MDC', 'Shipley College']
>>> [o.name for o in d.split("Children and Families Service")]
['Children and Families Service']
>>> d.sector_of("Shipley College"), d.sector_of("Nobody Ltd")
('further_education', None)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from partnermap.model import Organisation

_ALWAYS = re.compile(r"\s*[/;,\n]\s*")
_MAYBE = re.compile(r"\s*&\s*|\s+and\s+", re.IGNORECASE)
_TRIM = " \t.-–:()"


def fold(name: str) -> str:
    """The key names are compared by: case, spacing, dots and a leading "the" ignored.

    >>> fold("  The West  Yorkshire Police. ")
    'west yorkshire police'
    """
    text = re.sub(r"[.\u2019']", "", name.lower())
    text = " ".join(text.split())
    return text[4:] if text.startswith("the ") else text


def tidy(name: str) -> str:
    """A name as written, trimmed of spacing and stray punctuation."""
    return " ".join(name.split()).strip(_TRIM)


@dataclass(frozen=True)
class KnownOrganisation:
    """An organisation listed by name, with its sector id and the aliases it goes by."""

    name: str
    sector: str | None = None
    aliases: tuple[str, ...] = ()
    line: int | None = None


@dataclass(frozen=True)
class OrgPattern:
    """A regular expression (searched case-insensitively) giving unlisted organisations a sector."""

    pattern: str
    sector: str
    line: int | None = None

    @property
    def regex(self) -> re.Pattern:
        return _compiled(self.pattern)


@cache
def _compiled(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


class OrgDirectory:
    """Known organisations and patterns; see the module docstring."""

    def __init__(self, known: Sequence[KnownOrganisation] = (), patterns: Sequence[OrgPattern] = (),
                 source: str | None = None):
        self.known = list(known)
        self.patterns = list(patterns)
        self.source = source
        self._split = lru_cache(maxsize=8192)(self._split_uncached)
        self._by_key: dict[str, KnownOrganisation] = {}
        for org in self.known:
            for written in (org.name, *org.aliases):
                self._by_key.setdefault(fold(written), org)

    def lookup(self, name: str) -> KnownOrganisation | None:
        """The listed organisation ``name`` refers to, by name or alias."""
        return self._by_key.get(fold(name))

    def canonical(self, name: str) -> str:
        """The canonical name for ``name`` (itself, tidied, when not listed)."""
        org = self.lookup(name)
        return org.name if org else tidy(name)

    def sector_of(self, name: str) -> str | None:
        """The sector id of an organisation: listed sector first, else the first matching pattern."""
        org = self.lookup(name)
        if org is not None and org.sector:
            return org.sector
        written = tidy(name)
        for pattern in self.patterns:
            if pattern.regex.search(written):
                return pattern.sector
        return None

    def recognises(self, name: str) -> bool:
        """True when ``name`` is listed or matches a pattern."""
        return self.lookup(name) is not None or self.sector_of(name) is not None

    def split(self, cell: str | None) -> list[Organisation]:
        """The organisations named in a lead or partners cell, canonical and de-duplicated."""
        return list(self._split(cell or ""))

    def _split_uncached(self, cell: str) -> tuple[Organisation, ...]:
        found: dict[str, Organisation] = {}
        for part in _ALWAYS.split(cell):
            for piece in self._split_maybe(tidy(part)):
                if piece and piece.lower() not in {"and", "&", "n/a", "none", "-", "tbc"}:
                    found.setdefault(self.canonical(piece), Organisation(self.canonical(piece), piece))
        return tuple(found.values())

    def _split_maybe(self, text: str) -> list[str]:
        """Split on ``&``/``and`` only where every side is a recognised organisation."""
        pieces = [tidy(p) for p in _MAYBE.split(text)]
        if len(pieces) > 1 and all(p and self.recognises(p) for p in pieces):
            return pieces
        return [text]
