"""Organisation names: canonical names, aliases, sectors, and splitting lead/partner cells.

An :class:`OrgDirectory` is data (``data/organisations.yaml``, or the ``organisations`` section of
a taxonomy file, read by :mod:`partnermap.reference.directory`). It knows organisations by name
and alias, each with a sector id, and patterns for organisations it does not list by name
("... College", "University of ...", "HMP ...", "NHS ...").

Splitting a cell
----------------
A lead or partners cell is split on ``/``, ``;``, line breaks and ``,`` (a comma only between
names: "Tees, Esk and Wear Valleys NHS Foundation Trust" is one name). ``&`` and a standalone
``and`` split only where the sides are whole bodies: where one side is a body the directory lists
and every other is a body too (listed, given a sector by a pattern, an acronym, or a name that
ends as bodies' and roles' names do: Council, Police, Trust, Partnership, Sub Group, Officer ...),
or where the sides are bodies of one kind (two Sub Groups). So "Bradford MDC and West Yorkshire
Police" and "Pan-Berkshire Training SubGroup and Early Intervention Sub Group of Children's
Partnership" are two, while "Children and Families Service", "Youth Service & Community Group",
"NHS Bradford District and Craven CCG" and "Safer Stockton and Hartlepool Partnership" are one.
Role titles run together without a separator ("Health Improvement Officer Health Improvement
Worker HAP Partners") are split after each title.

What a cell names
-----------------
Each piece becomes an :class:`~partnermap.model.Organisation` with the canonical name, the words
as written (``raw``) and, where the piece is a role, the ``role``:

* "DMBC Hate Crime Lead" (a listed body's name or acronym, then a role) is DMBC, role "Hate Crime
  Lead"; "Chair of SLSCB" (a role of a body) is SLSCB, role "Chair";
* a bare role ("Prevent Lead", "Head of Safeguarding") is a lead of the plan's own organisation
  when the plan says whose it is (:meth:`OrgDirectory.for_plan`), else it stays as written;
* a person's name ("Jane Smith", "Cllr Jane Smith", "Dr A. Patel"; :meth:`OrgDirectory.is_person`)
  is a person (``person`` set: a lead by name, of no sector), with a role in brackets or after a
  dash as ``role``; a person of a body the directory recognises ("Jill King (WBC)") is that body
  with the person as ``role``, and so is a person in a plan that says whose it is (its owner,
  as for a bare role title);
* "Warrington Borough Council (WBC)" names the council, and a plan that defines an acronym so can
  use it alone afterwards (:meth:`OrgDirectory.for_plan` with the plan's ``defined`` acronyms);
* names the directory does not list are kept as first written, whatever their case later.

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
from functools import cache, cached_property, lru_cache

from partnermap.model import Organisation

_ALWAYS = re.compile(r"\s*[/;\n]\s*")
_COMMA = re.compile(r"\s*,\s*")
_MAYBE = re.compile(r"\s*&\s*|\s+and\s+", re.IGNORECASE)
_TRIM = " \t.-–:()"
#: the last words of bodies' and roles' names
HEADS = (
    r"council|police|constabulary|service|services|trust|ccg|icb|board|partnership|partnerships|group|groups"
    r"|sub ?group|subgroup|team|teams|unit|panel|forum|network|college|university|school|schools|academy"
    r"|agency|authority|department|directorate|office|committee|commission|centre|center|society|association"
    r"|charity|homes|housing|rescue|hospital|practice|practices|executive|government|ministry|cic|ltd|limited"
    r"|plc|officer|officers|lead|leads|manager|managers|coordinator|co-ordinator|worker|workers|partners|chair"
    r"|director|head|commissioner|adviser|advisor|champion|communications|mdc|mbc|cvs|yot|yos|crc|lscb|lsab"
    r"|csp|nhs|probation|prison|consortium|alliance|collaborative|company|foundation"
)
_HEAD = re.compile(rf"\b(?:{HEADS})$", re.IGNORECASE)
_HEAD_WORD = re.compile(rf"\b(?:{HEADS})s?\b", re.IGNORECASE)
_ACRONYM = re.compile(r"^[A-Z][A-Za-z&]{0,2}[A-Z&]{1,6}s?$")
ROLE_WORDS = (
    r"lead|leads|officer|officers|manager|managers|coordinator|co-ordinator|worker|workers|partners|chair"
    r"|vice[- ]chair|director|head|commissioner|adviser|advisor|champion|communications|team|co-ordinators"
    r"|coordinators|administrator|analyst|specialist"
)
_ROLE_END = re.compile(rf"\b(?:{ROLE_WORDS})$", re.IGNORECASE)
_ROLE_START = re.compile(
    r"^(?:head|chair|vice[- ]chair|director|chief|deputy|assistant|senior|principal|lead)\b", re.IGNORECASE
)
_ROLE_OF = re.compile(
    rf"^((?:[\w-]+ ){{0,3}}?(?:{ROLE_WORDS}|head|chair|director))\s+(?:of|for|at)\s+(?:the\s+)?(.+)$", re.IGNORECASE
)
_ROLE_WORD = re.compile(rf"^(?:{ROLE_WORDS})$", re.IGNORECASE)


# --- people named in a cell ----------------------------------------------------------------------
# A person's name is known by its shape alone: an optional title, then two or three capitalised
# words or initials ending in a surname ("Jane Smith", "J. Smith", "Dr A. Patel", "Chris O'Neill"),
# or a title and a surname ("Cllr Khan"). Never a name the directory knows or gives a sector, nor
# one with a word of bodies' or roles' names (HEADS, ROLE_WORDS) or of NOT_NAME_WORDS.

#: titles written before a person's name
PERSON_TITLES = (
    "Cllr",
    "Councillor",
    "Dr",
    "Mr",
    "Mrs",
    "Ms",
    "Miss",
    "Mx",
    "Prof",
    "Professor",
    "Rev",
    "Revd",
    "Sir",
    "Dame",
    "PC",
    "PCSO",
    "Sgt",
    "DS",
    "DI",
    "DCI",
    "Insp",
    "Supt",
)
#: words (regular expressions) of services', places' and groups' names that people's names are not
#: made of, so that two or three capitalised words with one of them are a body's name ("Community
#: Safety", "Early Help", "Ward Councillors", "Thames Valley", "North Yorkshire"); a person with
#: such a name reads as a body, as a name nobody recognises does
NOT_NAME_WORDS = (
    r"access|action|active|adult|adults|advice|agencies|aid|alcohol|all|anti|area|areas|behaviour|british"
    r"|business|cabinet|care|carers|central|change|children|choice|citizens|city|cohesion|communities"
    r"|community|contact|councillor|councillors|county|crime|customer|cyber|digital|district|division"
    r"|domestic|drug|drugs|early|east|economic|education|elected|employers|employment|enforcement"
    r"|environmental|equalities|equality|estates|events|faith|families|family|finance|forward|fraud"
    r"|governors|greater|grow|health|help|highways|holder|hub|human|inclusion|integrated|intelligence"
    r"|interfaith|key|landlords|learning|legal|leisure|libraries|licensing|live|local|media|member|members"
    r"|mental|migration|misuse|moving|national|neighbourhood|neighbourhoods|new|north|not|on|online"
    r"|operations|other|parents|parks|partner|pastors|people|planning|point|policing|portfolio"
    r"|practitioners|prevent|prevention|programme|project|projects|providers|public|pupils|racism|red"
    r"|regeneration|regional|relevant|residents|resources|safe|safeguarding|safer|safety|saint|scheme"
    r"|\w+shire|show|skills|social|south|sport|sports|st|staff|standards|start|steering|strategic|strategy"
    r"|street|stronger|students|substance|support|sustainable|teachers|trading|transport|turning|vale"
    r"|valley|various|victim|victims|violence|voluntary|volunteers|watch|welfare|wellbeing|west|women"
    r"|workforce|youth"
)
_TITLE = re.compile(rf"^(?:{'|'.join(PERSON_TITLES)})\.?$")
_NOT_NAME = re.compile(rf"^(?:{NOT_NAME_WORDS})$", re.IGNORECASE)
_INITIAL = re.compile(r"^(?:[A-Z]\.?|(?:[A-Z]\.){2,3})$")  # "J", "J.", "A.B."
_NAME_WORD = re.compile(
    r"^(?:(?:Mc|Mac|O['’]|D['’])(?=[A-Z]))?[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+(?:[-'’][A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+)*$"
)
# "Jane Smith (Head of Service)", "Jill King (WBC)", "Sam Patel – Cohesion Officer"
_WITH_NOTE = re.compile(r"^(.*?\S)(?:\s*\((.+)\)|\s+[-–—]\s+(.+))$")


def person_shaped(text: str) -> bool:
    """Shaped like a person's name (see above), whether or not a directory knows it as a body's.

    >>> [person_shaped(t) for t in ("Jane Smith", "J. Smith", "Cllr Khan", "Dr A. Patel", "Chris O'Neill")]
    [True, True, True, True, True]
    >>> [person_shaped(t) for t in ("Prevent Team", "Community Safety", "Smith", "to deliver", "Bradford MDC")]
    [False, False, False, False, False]
    """
    words = tidy(text).split()
    titled = bool(words) and bool(_TITLE.match(words[0]))
    names = words[1:] if titled else words
    if not (1 if titled else 2) <= len(names) <= 3:
        return False
    *given, surname = names
    return (
        bool(_NAME_WORD.match(surname))
        and all(_NAME_WORD.match(w) or _INITIAL.match(w) for w in given)
        and not any(_NOT_NAME.match(part) for w in names for part in re.split(r"[-'’]", w))
        and not _HEAD_WORD.search(text)
        and not _ROLE_END.search(text)
        and not _ROLE_START.match(" ".join(names))
    )


def looks_like_org(value: str) -> bool:
    """A short cell shaped like a body's or a role's name ("Community Safety Team", "Prevent Lead",
    "WYP"): a word bodies' and roles' names end with, or one or two words in capitals.

    >>> looks_like_org("Community Safety Team"), looks_like_org("WYP"), looks_like_org("Train all staff.")
    (True, True, False)
    """
    words = value.split()
    if not words or len(words) > 8 or value.endswith("."):
        return False
    return bool(_HEAD_WORD.search(value)) or (len(words) <= 2 and value.replace(" ", "").isupper())


def _after_dash(part: str) -> tuple[str, str | None]:
    """A cell part split at its first spaced dash: the names, and what follows (None without one)."""
    pieces = _NOTE_DASH.split(part.strip(), maxsplit=1)
    if len(pieces) < 2 or not pieces[0].strip(_TRIM) or not pieces[1].strip(_TRIM):
        return part, None
    return pieces[0], pieces[1].strip(_TRIM + " ")


def _head_of(name: str) -> str | None:
    """The kind of body a name ends with, for parallel names ("... Sub-Group and ... Sub Group of
    the Children's Partnership")."""
    m = _HEAD.search(re.sub(r"\s+(?:of|for)\s+.*$", "", tidy(name)))
    if not m:
        return None
    word = m.group(0).lower().replace("-", "").replace(" ", "")
    return {
        "subgroup": "group",
        "groups": "group",
        "services": "service",
        "teams": "team",
        "schools": "school",
        "partnerships": "partnership",
        "officers": "officer",
        "leads": "lead",
    }.get(word, word)


#: groups of office-holders named beside a body ("DfE and headteachers"): people in posts, not one body
OFFICE_HOLDERS = (
    r"head ?teachers|heads of (?:school|service)s?|governors|teachers|school leaders|principals"
    r"|designated safeguarding leads|dsls|gps|practitioners|councillors|elected members|employers"
    r"|landlords|providers|commissioners|managers|clinicians|social workers|staff"
)
_OFFICE_HOLDERS = re.compile(rf"^(?:all |local |school |our )?(?:{OFFICE_HOLDERS})$", re.IGNORECASE)
#: what a dash after the names can lead into: the bodies that commission or support them (partners)
_PARTNER_PHRASE = re.compile(
    r"^(?:(?:commissioned|funded|supported|assisted|hosted|overseen) by|with (?:help|support|input) from"
    r"|in partnership with|working with|with|alongside|via)\s+",
    re.IGNORECASE,
)
_NOTE_DASH = re.compile(r"\s+[-–—]\s+")
_INITIALS = re.compile(r"^\(([A-Z]{2,3})\)$")  # "(JK)": a person's initials after a role
_TRAILING_INITIALS = re.compile(r"(?:\s*\([A-Z]{2,3}\),?)+\s*$")
_ONE_NHS_BODY = re.compile(r"^NHS\b.*\b(?:CCG|ICB|Trust|Board|Partnership)$")  # "NHS Bradford District and Craven CCG"
_DEFINED = re.compile(r"^(.*?\S)\s*\(([A-Z][A-Za-z&]{1,9})\)$")
_COMPOUND = re.compile(
    r"^[A-Z][\w'’.-]*(?:\s[A-Z][\w'’.-]*)*(?:,\s*[A-Z][\w'’.-]*(?:\s[A-Z][\w'’.-]*)*)+"
    r",?\s+(?:and|&)\s+[A-Z].*$"
)


@lru_cache(maxsize=65536)
def fold(name: str) -> str:
    """The key names are compared by: case, spacing, dots and a leading "the" ignored.

    >>> fold("  The West  Yorkshire Police. ")
    'west yorkshire police'
    """
    text = re.sub(r"[.\u2019']", "", name.lower())
    text = " ".join(text.split())
    return text.removeprefix("the ")


def tidy(name: str) -> str:
    """A name as written, trimmed of spacing and stray punctuation (a closing bracket stays when
    the name opened it: "Warrington Borough Council (WBC)").

    >>> tidy(" - Bradford MDC. "), tidy("Warrington Borough Council (WBC)"), tidy("(Police)")
    ('Bradford MDC', 'Warrington Borough Council (WBC)', 'Police')
    """
    text = " ".join(name.split()).strip(_TRIM)
    if "(" in text and name.rstrip().endswith(")") and text.count("(") > text.count(")"):
        text += ")"
    return text


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

    def __init__(
        self,
        known: Sequence[KnownOrganisation] = (),
        patterns: Sequence[OrgPattern] = (),
        source: str | None = None,
        owner: str | None = None,
    ):
        self.known = list(known)
        self.patterns = list(patterns)
        self.source = source
        self.owner = owner  # the organisation whose plan it is: bare roles are its leads
        self._split = lru_cache(maxsize=8192)(self._split_uncached)
        self._part = lru_cache(maxsize=65536)(self._part_uncached)
        self._by_key: dict[str, KnownOrganisation] = {}
        self._written: dict[str, str] = {}  # fold -> the first way an unlisted name was written
        for org in self.known:
            for written in (org.name, *org.aliases):
                self._by_key.setdefault(fold(written), org)

    def for_plan(self, *, owner: str | None = None, defined: dict[str, str] | None = None) -> OrgDirectory:
        """This directory for one plan: ``owner`` (whose plan it is: bare role titles are its leads)
        and the acronyms the plan ``defined`` ("Warrington Borough Council (WBC)": WBC -> the name).

        >>> d = OrgDirectory([KnownOrganisation("Bradford MDC", "local_authority")]).for_plan(
        ...     owner="Bradford MDC", defined={"WBC": "Warrington Borough Council"})
        >>> [(o.name, o.role) for o in d.split("Prevent Lead; WBC")]
        [('Bradford MDC', 'Prevent Lead'), ('Warrington Borough Council', '')]
        """
        directory = OrgDirectory(
            self.known, self.patterns, source=self.source, owner=self.canonical(owner) if owner else self.owner
        )
        for acronym, name in (defined or {}).items():
            if directory.lookup(acronym) is None:  # a listed acronym keeps its listed meaning
                org = self.lookup(name) or KnownOrganisation(tidy(name), self.sector_of(name), (acronym,))
                directory._by_key[fold(acronym)] = directory._by_key.setdefault(fold(org.name), org)
        return directory

    def find_in(self, text: str) -> str | None:
        """The canonical name of the first listed organisation named in ``text`` (a plan's title)."""
        folded = f" {fold(text)} "
        best = None
        for key, org in self._by_key.items():
            if len(key) >= 3 and f" {key} " in folded and (best is None or len(key) > len(best[0])):
                best = (key, org)
        return best[1].name if best else None

    def lookup(self, name: str) -> KnownOrganisation | None:
        """The listed organisation ``name`` refers to, by name or alias."""
        return self._by_key.get(fold(name))

    def canonical(self, name: str) -> str:
        """The canonical name for ``name``: the listed one, else as it was first written (so "SLHD
        Hate Crime lead" and "SLHD Hate Crime Lead" are one)."""
        org = self.lookup(name)
        if org:
            return org.name
        written = tidy(name)
        return self._written.setdefault(fold(written), written)

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
        """The organisations named in a lead or partners cell, canonical and de-duplicated (see
        the module docstring)."""
        leads, partners = self._split(cell or "")
        return list({(o.name, o.role): o for o in (*leads, *partners)}.values())

    def lead_cell(self, cell: str | None) -> tuple[list[Organisation], list[Organisation]]:
        """A lead cell's leads, and the partners it names after a dash ("BRIDGE – commissioned by
        KBC and NCC": BRIDGE leads, KBC and NCC are partners); see the module docstring."""
        leads, partners = self._split(cell or "")
        return list(leads), list(partners)

    def _split_uncached(self, cell: str) -> tuple[tuple[Organisation, ...], tuple[Organisation, ...]]:
        leads: dict[tuple[str, str], Organisation] = {}
        partners: dict[tuple[str, str], Organisation] = {}
        for part in _ALWAYS.split(cell):
            names, after = _after_dash(part)
            if after is None or self.is_body(after) and not self.is_person(after):
                names, after = part, None  # no dash, or a dash inside a name ("Bradford MDC - Prevent Team")
            orgs = self._part(names)
            if after is not None and self.is_person(after):  # "Cohesion Officer – Sam Patel": the person kept
                orgs = tuple(Organisation(o.name, tidy(part), o.role) for o in orgs)
            elif after is not None and _PARTNER_PHRASE.match(after):
                for org in self._part(_PARTNER_PHRASE.sub("", after)):
                    partners.setdefault((org.name, org.role), org)
            for org in orgs:
                leads.setdefault((org.name, org.role), org)
        return tuple(leads.values()), tuple(o for k, o in partners.items() if k not in leads)

    def _part_uncached(self, part: str) -> tuple[Organisation, ...]:
        """The organisations of one part of a cell (between ``/``, ``;`` or line breaks), in order.

        Cached by part (cells differ more than their parts do): a part's answer depends only on the
        directory, and on the first way each unlisted name was written, which its first answer
        recorded.
        """
        found = []
        for chunk in self._split_commas(tidy(part)):
            for piece in self._split_maybe(tidy(chunk)):
                for name in self._split_run(piece):
                    if name and name.lower() not in {"and", "&", "n/a", "none", "-", "tbc", "all"}:
                        found.append(self.resolve(name))
        return tuple(found)

    def is_person(self, text: str) -> bool:
        """A person's name (:func:`person_shaped`) that the directory does not know as a body's, and
        whose first word (without a title) starts no name the directory lists.

        >>> d = OrgDirectory([KnownOrganisation("Sharing Voices", "voluntary_community"),
        ...                   KnownOrganisation("Bradford MDC", "local_authority")])
        >>> d.is_person("Jane Smith"), d.is_person("Sharing Voices"), d.is_person("Safer Harbourside Partnership")
        (True, False, False)
        >>> d.is_person("Bradford Trident"), d.is_person("Leeds Trident")  # a place the directory names
        (False, True)
        """
        text = tidy(text)
        return (
            person_shaped(text)
            and not self.recognises(text)
            and (bool(_TITLE.match(text.split()[0])) or fold(text.split()[0]) not in self._first_words)
        )

    @cached_property
    def _first_words(self) -> frozenset[str]:
        """The first words of the names and aliases the directory lists, mostly places ("bradford",
        "thames"): an untitled name that starts with one is a body's ("Bradford Trident")."""
        return frozenset(key.split()[0] for key in self._by_key if key)

    def person(self, piece: str) -> Organisation | None:
        """A piece of a cell that names a person, as the lead it is (None when it names none):

        * a person of a body the directory recognises, named in brackets: that body, with the
          person as ``role`` ("Jill King (WBC)");
        * a person of the plan's own body, when the plan says whose it is: that body, with the
          person's role (in brackets or after a dash), or else the person, as ``role`` (as for a
          bare role title);
        * otherwise the person by name (``person`` set), with that role if any ("Jane Smith (Head
          of Service)", "Sam Patel – Cohesion Officer").

        >>> d = OrgDirectory([KnownOrganisation("West Yorkshire Police", "police", ("WYP",))])
        >>> d.person("Jane Smith (WYP)"), d.person("Prevent Team")
        (Organisation(name='West Yorkshire Police', raw='Jane Smith (WYP)', role='Jane Smith', person=False), None)
        >>> d.person("Dr A. Patel (Head of Service)")
        Organisation(name='Dr A. Patel', raw='Dr A. Patel (Head of Service)', role='Head of Service', person=True)
        >>> d.for_plan(owner="West Yorkshire Police").person("Dr A. Patel")
        Organisation(name='West Yorkshire Police', raw='Dr A. Patel', role='Dr A. Patel', person=False)
        """
        name, note = tidy(piece), ""
        m = _WITH_NOTE.match(name)
        if m:
            name, note = m.group(1), tidy(m.group(2) or m.group(3))
        if not self.is_person(name):
            return None
        role = note if note and (_ROLE_END.search(note) or _ROLE_START.match(note) or _ROLE_OF.match(note)) else ""
        if note and not role and self.recognises(note):
            return Organisation(self.canonical(note), piece, name)
        if self.owner:
            return Organisation(self.owner, piece, role or name)
        return Organisation(self.canonical(name), piece, role, person=True)

    def is_body(self, text: str) -> bool:
        """A whole body's name: listed, or shaped like one (ends as bodies' and roles' names do, or
        is an acronym)."""
        text = tidy(text)
        m = _DEFINED.match(text)
        if m:
            text = m.group(1)
        return bool(text) and (
            self.lookup(text) is not None
            or bool(_HEAD.search(text))
            or bool(_ACRONYM.match(text))
            or self.sector_of(text) is not None
        )

    def _split_commas(self, text: str) -> list[str]:
        """Split on commas between names, not inside one ("Tees, Esk and Wear Valleys NHS ..."),
        nor before a person's initials ("Team Leaders (AB), (JK)" is one role)."""
        if "," not in text or self.lookup(text) is not None:
            return [text]
        pieces = []
        for piece in (p for p in _COMMA.split(text) if p):
            if pieces and _INITIALS.match(piece):
                pieces[-1] = f"{pieces[-1]}, {piece}"
            else:
                pieces.append(piece)
        if _COMPOUND.match(text) and not all(self.is_body(p) for p in pieces[:-1]) and self.is_body(text):
            return [text]
        return pieces

    def _split_maybe(self, text: str) -> list[str]:
        """Split on ``&``/``and`` only where every side is a whole body (see the module docstring)."""
        if self.lookup(text) is not None or _ONE_NHS_BODY.match(text):
            return [text]
        pieces = [tidy(p) for p in _MAYBE.split(text)]
        if len(pieces) < 2 or not all(pieces):
            return [text]
        if any(rule(self, pieces) for rule in _SPLIT_RULES):
            return pieces
        return [text]

    def recognised_whole(self, text: str) -> bool:
        """Listed or given a sector by a pattern, and a name on its own: an acronym or two words or
        more ("Northshire Constabulary"; not "Health", which ends other names)."""
        return self.recognises(text) and (bool(_ACRONYM.match(text)) or len(text.split()) >= 2)

    def _split_run(self, text: str) -> list[str]:
        """Role titles run together ("... Officer Health Improvement Worker HAP Partners"), split
        after each title when every part is a title of two words or more."""
        if self.lookup(text) is not None or len(text.split()) < 4:
            return [text]
        parts, current = [], []
        words = text.split()
        for i, word in enumerate(words):
            current.append(word)
            if _ROLE_WORD.match(word) and i + 1 < len(words) and words[i + 1][:1].isupper():
                parts.append(" ".join(current))
                current = []
        if current:
            parts.append(" ".join(current))
        if len(parts) > 1 and all(len(p.split()) >= 2 and _ROLE_END.search(p) for p in parts):
            return parts
        return [text]

    def resolve(self, piece: str) -> Organisation:
        """One piece of a cell as an organisation, with the role it names (module docstring)."""
        written = piece
        person = self.person(piece)
        if person is not None:
            return person
        initials = _TRAILING_INITIALS.search(piece)  # "Team Leaders (AB), (JK)": the role, and people's initials
        if (
            initials
            and "," in initials.group(0)
            and not any(self.lookup(a) for a in re.findall(r"[A-Z]{2,3}", initials.group(0)))
        ):
            piece = piece[: initials.start()] or piece
        m = _DEFINED.match(piece)
        if m and self.lookup(piece) is None:
            body = self.lookup(m.group(2))
            if body is not None and self.lookup(m.group(1)) is not body:  # "Jill King (WBC)": a person of WBC
                return Organisation(body.name, written, m.group(1))
            piece = m.group(1)
        if self.lookup(piece) is not None:
            return Organisation(self.canonical(piece), written)
        words = piece.split()
        for cut in range(min(len(words) - 1, 4), 0, -1):  # "DMBC Hate Crime Lead": a body, then its role
            body, role = " ".join(words[:cut]), " ".join(words[cut:])
            if self.lookup(body) is not None and _ROLE_END.search(role):
                return Organisation(self.canonical(body), written, role)
        of = _ROLE_OF.match(piece)  # "Chair of SLSCB": a role of a body
        if of and (
            self.lookup(of.group(2)) is not None
            or _ACRONYM.match(of.group(2))
            or (_HEAD.search(of.group(2)) and not _ROLE_END.search(of.group(2)))
        ):
            return Organisation(self.canonical(of.group(2)), written, of.group(1))
        if (
            self.owner
            and self.lookup(piece) is None
            and self.sector_of(piece) is None
            and (_ROLE_END.search(piece) or _ROLE_START.match(piece))
            and len(words) <= 6
        ):
            return Organisation(self.owner, written, piece)
        return Organisation(self.canonical(piece), written)


# --- when "and" / "&" joins two bodies rather than naming one ------------------------------------
# Each rule sees the pieces of a name split at "and"/"&"; the first that holds splits it.


def _listed_and_bodies(d: OrgDirectory, pieces: list[str]) -> bool:
    """One piece is a listed body and every other is a body or a person ("Bradford MDC and Shipley
    College", "Bradford MDC and Jane Smith")."""
    return any(d.lookup(p) is not None for p in pieces) and all(d.is_body(p) or d.is_person(p) for p in pieces)


def _same_kind(d: OrgDirectory, pieces: list[str]) -> bool:
    """Bodies of one kind ("... Sub Group and ... Sub Group")."""
    heads = {_head_of(p) for p in pieces}
    return len(heads) == 1 and None not in heads


def _each_recognised(d: OrgDirectory, pieces: list[str]) -> bool:
    """Every piece is a body the directory recognises on its own ("Public Health and Northshire
    Constabulary"); "Children and Families Service" is not ("Children" is nothing alone)."""
    return all(d.recognised_whole(p) for p in pieces)


def _acronyms_or_team_of_one(d: OrgDirectory, pieces: list[str]) -> bool:
    """Every piece a body and at least one an acronym or a team of one ("Safer Harbourside
    Partnership & HBC Equalities Team", "KBC and NCC")."""
    return all(d.is_body(p) for p in pieces) and any(
        _ACRONYM.match(p.split()[0]) and (len(p.split()) == 1 or _HEAD.search(p)) for p in pieces
    )


def _body_and_office_holders(d: OrgDirectory, pieces: list[str]) -> bool:
    """A body and a group of office-holders ("Department for Education (DfE) and headteachers")."""
    holders = [bool(_OFFICE_HOLDERS.match(p)) for p in pieces]
    return any(holders) and not all(holders) and all(h or d.is_body(p) for h, p in zip(holders, pieces))


def _people(d: OrgDirectory, pieces: list[str]) -> bool:
    """Every piece a person ("Jane Smith and Mohammed Khan")."""
    return all(d.is_person(p) for p in pieces)


_SPLIT_RULES = (
    _listed_and_bodies,
    _same_kind,
    _each_recognised,
    _acronyms_or_team_of_one,
    _body_and_office_holders,
    _people,
)
