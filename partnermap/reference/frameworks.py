"""The frameworks plans are judged by: one YAML file per framework in ``data/frameworks/``.

A framework is a domain of partnership work with its own law: Prevent, community safety, serious
violence, children's safeguarding, ... Each file gives the framework's legal basis and guidance,
the words that recognise a plan of its domain, the **areas** its guidance expects a good plan to
cover and the **statutory partners** the law names: the sectors it *requires* (responsible,
specified or safeguarding partners) and those it names as *relevant* (must co-operate, duty to
refer), each with the provision that names it. A seat the law names by the interest represented
rather than by a body (the Domestic Abuse Act 2021, s.58(2): "health care") may be filled by any
one of several sectors (:class:`Partner`). The format is ``docs``' FRAMEWORKS schema; the
files are read with the taxonomy reader's line-numbered checks (:class:`~partnermap.reference.taxonomy_file._Reader`)
and their phrases are the taxonomy's (one :class:`~partnermap.reference.taxonomy.Matcher`).

Which framework judges a plan is chosen from its words by :func:`choose` (title words weigh
most; see there), or given (``--framework ID`` or ``none``). Its words may also place the plan in
a nation (:mod:`partnermap.reference.nations`) where the law of the framework they fit does not
apply (``applies_to``): that framework is then set aside, and the choice says why.

>>> frameworks = load_frameworks()
>>> "prevent" in frameworks
True
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from os import PathLike
from pathlib import Path

import yaml

from partnermap.errors import InputError
from partnermap.files import load_yaml_node
from partnermap.model import Plan
from partnermap.reference.nations import NATIONS, Evidence, Placement, load_nations, nation_matcher, place
from partnermap.reference.taxonomy import Matcher, MatcherSet, Phrase, Term
from partnermap.resources import data_path

FRAMEWORK_KEYS = (
    "id",
    "name",
    "applies_to",
    "summary",
    "legal_basis",
    "guidance",
    "recognise",
    "areas",
    "statutory_partners",
    "out_of_scope",
    "no_statutory_partnership",
    "notes",
)
REQUIRED_KEYS = ("id", "name", "applies_to", "legal_basis", "recognise", "statutory_partners")
LEGAL_KEYS = ("act", "provision", "title", "url")
GUIDANCE_KEYS = ("title", "year", "url")
RECOGNISE_KEYS = ("title", "text")
PARTNER_KINDS = ("required", "relevant")
PARTNER_KEYS = ("sector", "body", "role", "provision")
#: optional: who fills a seat, in words (needed when its ``sector`` is a list)
PARTNER_OPTIONAL = ("seat",)
_ID = re.compile(r"[a-z][a-z0-9_]*\Z")

#: how ``--framework`` asks for no framework at all
NONE = "none"
#: how a choice was made: the plan's title, its text, the ``--framework`` option, the taxonomy
#: file's own framework, or none (no domain words, or two domains equally)
CHOSEN_BY = ("title", "text", "option", "taxonomy", "none")
#: a title phrase counts as this many activities' words
TITLE_WEIGHT = 5
#: the share of a plan's items (activities and themes) a domain's words must reach, from text alone
TEXT_SHARE = 0.1
#: ... and at least this many items (one passing mention never makes a plan of a domain), unless
#: they are at least half of a small plan's items (a one-activity plan about health is a health plan)
TEXT_MINIMUM = 2
TEXT_HALF = 0.5
#: text evidence kept per choice (the count says how many there were)
EVIDENCE_LIMIT = 5


# --- the typed framework ------------------------------------------------------------------------


@dataclass(frozen=True)
class Citation:
    """An Act's provision (``act``, ``provision``) or a guidance document (``year``), with its address."""

    title: str
    url: str = ""
    act: str = ""
    provision: str = ""
    year: int | None = None

    def cite(self) -> str:
        """``Crime and Disorder Act 1998, s.5``, or the guidance's title and year."""
        if self.act:
            return f"{self.act}, {self.provision}" if self.provision else self.act
        return f"{self.title} ({self.year})" if self.year else self.title

    def as_dict(self) -> dict:
        return {
            "act": self.act or None,
            "provision": self.provision or None,
            "title": self.title,
            "year": self.year,
            "url": self.url or None,
        }


@dataclass(frozen=True)
class Partner:
    """A seat the law names: the sector(s) that can fill it, the body as the Act names it, its role
    and the provision. Most seats name one sector; a seat the Act names by interest rather than by
    body (the Domestic Abuse Act 2021, s.58(2): "persons who provide, or have functions relating to,
    health care services") can be filled by an organisation of any one of several (``sectors``),
    and ``seat`` then says who fills it in words (a finding quotes it).

    >>> seat = Partner(("health", "nhs_commissioner"), "a person representing health care", "member",
    ...                "Domestic Abuse Act 2021, s.58(2)", seat="organisation providing health care")
    >>> seat.sector, seat.as_dict()["sector"]
    ('health/nhs_commissioner', ['health', 'nhs_commissioner'])
    """

    sectors: tuple[str, ...]
    body: str
    role: str
    provision: str
    kind: str = "required"  # or "relevant"
    seat: str = ""  # who fills the seat, in words (needed when several sectors can)

    @property
    def sector(self) -> str:
        """The seat's key: its sector id, or its sector ids joined with ``/`` when any one of
        several fills it (a statutory finding's subject)."""
        return "/".join(self.sectors)

    def as_dict(self) -> dict:
        """As in the framework file: ``sector`` is one id, or the list of ids any one of which fills the seat."""
        return {
            "sector": self.sectors[0] if len(self.sectors) == 1 else list(self.sectors),
            "body": self.body,
            "role": self.role,
            "provision": self.provision,
            "kind": self.kind,
            "seat": self.seat or None,
        }


@dataclass(frozen=True)
class Framework:
    """One framework (see the module docstring); ``source`` and ``line`` say where it is defined."""

    id: str
    name: str
    applies_to: tuple[str, ...] = ()
    summary: str = ""
    legal_basis: tuple[Citation, ...] = ()
    guidance: tuple[Citation, ...] = ()
    recognise_title: tuple[Phrase, ...] = ()
    recognise_text: tuple[Phrase, ...] = ()
    areas: tuple[Term, ...] = ()
    required: tuple[Partner, ...] = ()
    relevant: tuple[Partner, ...] = ()
    out_of_scope: tuple[str, ...] = ()
    no_statutory_partnership: bool = False
    notes: str = ""
    source: str = ""
    line: int | None = None

    @property
    def basis(self) -> str:
        """The legal basis in one line: ``Crime and Disorder Act 1998, s.5; ...`` (or the guidance,
        for a framework with no statute)."""
        if not self.legal_basis:
            return "; ".join(c.cite() for c in self.guidance) or "no legal basis given"
        by_act: dict[str, list[str]] = {}  # each Act once, its provisions in file order
        for c in self.legal_basis:
            by_act.setdefault(c.act or c.title, []).extend([c.provision] if c.provision else [])
        return "; ".join(f"{act}, {', '.join(provisions)}" if provisions else act for act, provisions in by_act.items())

    @property
    def law_name(self) -> str:
        """The law a reader knows the framework by: its first Act (``the Crime and Disorder Act
        1998``), or for a framework with no statutory partnership its first guidance."""
        if self.legal_basis and not self.no_statutory_partnership:
            act = self.legal_basis[0].act or self.legal_basis[0].title
            return act if act.lower().startswith("the ") else f"the {act}"
        cited = (*self.guidance, *self.legal_basis)
        return cited[0].cite() if cited else f"the law of {self.name}"

    def partner(self, sector: str) -> Partner | None:
        """The first required, else relevant, seat ``sector`` can fill (None when the law names none)."""
        return next((p for p in (*self.required, *self.relevant) if sector in p.sectors), None)

    def law(self) -> dict:
        """What the gap finders need, as plain data (kept on each Plan node, so a graph read back
        from Neo4j is judged the same): partners, out of scope and the areas' guidance."""
        return {
            "partners": [p.as_dict() for p in (*self.required, *self.relevant)],
            "out_of_scope": list(self.out_of_scope),
            "no_statutory_partnership": self.no_statutory_partnership,
        }

    def as_dict(self) -> dict:
        """Everything ``frameworks show`` shows, as plain data."""
        return {
            "id": self.id,
            "name": self.name,
            "applies_to": list(self.applies_to),
            "summary": self.summary,
            "basis": self.basis,
            "legal_basis": [c.as_dict() for c in self.legal_basis],
            "guidance": [c.as_dict() for c in self.guidance],
            "areas": [
                {"id": a.id, "name": a.name, "description": a.description, "expected_by": a.expected_by}
                for a in self.areas
            ],
            "statutory_partners": {
                "required": [p.as_dict() for p in self.required],
                "relevant": [p.as_dict() for p in self.relevant],
            },
            "out_of_scope": list(self.out_of_scope),
            "no_statutory_partnership": self.no_statutory_partnership,
            "notes": self.notes,
            "source": self.source,
        }

    @cached_property
    def title_matcher(self) -> Matcher:
        return Matcher([Term(self.id, self.name, self.recognise_title)])

    @cached_property
    def text_matcher(self) -> Matcher:
        return Matcher([Term(self.id, self.name, self.recognise_text)])

    @cached_property
    def area_matcher(self) -> Matcher:
        return Matcher(self.areas)


class Frameworks(dict):
    """Framework id -> :class:`Framework`, in id order (what :func:`load_frameworks` gives)."""


# --- reading and checking -----------------------------------------------------------------------


def framework_from_node(
    reader, node: yaml.Node, source: str, sector_ids: set[str] | None, stem: str | None = None
) -> Framework | None:
    """The framework in a YAML mapping node, its problems added to ``reader`` (a taxonomy file
    reader, :class:`partnermap.reference.taxonomy_file._Reader`); None when unusable. ``stem``, when
    given, is the file's name without ``.yaml``, which the id must equal."""
    from partnermap.reference.taxonomy_file import Problem, _line

    fields = reader.mapping(node, FRAMEWORK_KEYS, "a framework")
    if not isinstance(node, yaml.MappingNode):
        return None
    for key in REQUIRED_KEYS:
        if key not in fields:
            reader.fail(node, f"the framework has no {key!r}")
    framework_id = reader.text(fields["id"], "the framework's id") if "id" in fields else None
    if framework_id is None:
        return None
    if not _ID.match(framework_id) or framework_id == NONE:
        reader.fail(fields["id"], f"framework id {framework_id!r} must be lower_snake_case (a-z, 0-9, _), not 'none'")
    if stem is not None and framework_id != stem:
        reader.fail(fields["id"], f"framework id {framework_id!r} must be the file's name ({stem!r})")
    no_partnership = "no_statutory_partnership" in fields and reader.flag(
        fields["no_statutory_partnership"], "no_statutory_partnership"
    )
    title, text = _recognise(reader, fields.get("recognise"))
    required, relevant = _partners(reader, fields.get("statutory_partners"), sector_ids)
    out_of_scope = _sectors(reader, fields.get("out_of_scope"), "out_of_scope", sector_ids)
    legal = _citations(
        reader, fields.get("legal_basis"), LEGAL_KEYS, "legal_basis", ("act", "provision", "title", "url")
    )
    if no_partnership and required:
        reader.fail(fields["statutory_partners"], "no_statutory_partnership is true, so no partner can be required")
    if not legal and not no_partnership and "legal_basis" in fields:
        reader.fail(
            fields["legal_basis"],
            "legal_basis must cite at least one provision (or say no_statutory_partnership: true)",
        )
    named = {sector for p in (*required, *relevant) for sector in p.sectors}
    for sector in out_of_scope:
        if sector in named:
            reader.fail(fields["out_of_scope"], f"sector {sector!r} is out of scope and also a statutory partner")
    areas = tuple(reader.terms(fields["areas"], "framework_areas")) if "areas" in fields else ()
    for area in areas:  # a finding about an area names the guidance that expects it
        if not area.expected_by:
            reader.problems.append(Problem(area.line or _line(node), f"framework area {area.id!r} needs 'expected_by'"))
    applies = reader.texts(fields["applies_to"], "applies_to") if "applies_to" in fields else ()
    for nation in applies:
        if nation not in NATIONS:
            reader.fail(fields["applies_to"], f"applies_to names {nation!r} (expected some of: {', '.join(NATIONS)})")
    return Framework(
        id=framework_id,
        name=reader.text(fields["name"], "the framework's name") or framework_id if "name" in fields else framework_id,
        applies_to=applies,
        summary=reader.text(fields["summary"], "summary") or "" if "summary" in fields else "",
        legal_basis=legal,
        guidance=_citations(reader, fields.get("guidance"), GUIDANCE_KEYS, "guidance", ("title", "url")),
        recognise_title=title,
        recognise_text=text,
        areas=areas,
        required=required,
        relevant=relevant,
        out_of_scope=out_of_scope,
        no_statutory_partnership=no_partnership,
        notes=reader.text(fields["notes"], "notes") or "" if "notes" in fields else "",
        source=source,
        line=_line(node),
    )


def framework_of_areas(name: str, areas: Sequence[Term], source: str, line: int | None) -> Framework:
    """A taxonomy file's older ``framework_areas:`` list as a framework of areas alone (no law)."""
    framework_id = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_") or "taxonomy"
    if not framework_id[0].isalpha():
        framework_id = "taxonomy_" + framework_id
    return Framework(
        id=framework_id,
        name=name,
        areas=tuple(areas),
        source=source,
        line=line,
        summary="The framework areas of the taxonomy file; it names no law.",
    )


def _empty(node: yaml.Node | None) -> bool:
    return node is None or (isinstance(node, yaml.ScalarNode) and node.value in ("", "~", "null", "[]"))


def _list(reader, node: yaml.Node | None, what: str) -> list[yaml.Node]:
    """A list that may be empty (``[]`` or left blank)."""
    return [] if _empty(node) else reader.sequence(node, what)


def _entry(reader, item: yaml.Node, keys: tuple[str, ...], needed: tuple[str, ...], what: str) -> dict | None:
    """One list entry's fields (``keys`` allowed, ``needed`` required), or None when it is not a
    mapping or lacks a required key (the problem recorded with its line)."""
    fields = reader.mapping(item, keys, what)
    if not isinstance(item, yaml.MappingNode):
        return None
    missing = [key for key in needed if key not in fields]
    if missing:
        reader.fail(item, f"{what} needs {', '.join(repr(k) for k in missing)}")
        return None
    return fields


def _citations(
    reader, node: yaml.Node | None, keys: tuple[str, ...], what: str, needed: tuple[str, ...]
) -> tuple[Citation, ...]:
    found = []
    for item in _list(reader, node, what):
        fields = _entry(reader, item, keys, needed, f"an entry of {what}")
        if fields is None:
            continue
        values = {key: reader.text(fields[key], f"{key} of an entry of {what}") for key in fields}
        if values.get("url") and not values["url"].startswith("https://"):
            reader.fail(fields["url"], f"the url of an entry of {what} must start with https://")
        year = None
        if values.get("year"):
            if not values["year"].isdigit():
                reader.fail(fields["year"], f"the year of an entry of {what} must be a year, e.g. 2018")
            else:
                year = int(values["year"])
        if values.get("title") is None and "title" in needed:
            continue
        found.append(
            Citation(
                title=values.get("title") or "",
                url=values.get("url") or "",
                act=values.get("act") or "",
                provision=values.get("provision") or "",
                year=year,
            )
        )
    return tuple(found)


def _recognise(reader, node: yaml.Node | None) -> tuple[tuple[Phrase, ...], tuple[Phrase, ...]]:
    if node is None:
        return (), ()
    fields = reader.mapping(node, RECOGNISE_KEYS, "recognise")
    if isinstance(node, yaml.MappingNode) and not fields:
        reader.fail(node, "recognise needs 'title' or 'text' phrases")
    return tuple(
        tuple(
            p
            for p in (reader.phrase(n, f"recognise {key}") for n in _list(reader, fields.get(key), f"recognise {key}"))
            if p is not None
        )
        for key in RECOGNISE_KEYS
    )


def _sectors(reader, node: yaml.Node | None, what: str, sector_ids: set[str] | None) -> tuple[str, ...]:
    found = []
    for item in _list(reader, node, what):
        sector = reader.text(item, f"each sector of {what}")
        if sector and sector_ids is not None and sector not in sector_ids:
            reader.fail(item, f"{what} names unknown sector {sector!r}")
        elif sector:
            found.append(sector)
    return tuple(found)


def _partners(
    reader, node: yaml.Node | None, sector_ids: set[str] | None
) -> tuple[tuple[Partner, ...], tuple[Partner, ...]]:
    """The required and relevant seats. A seat's ``sector`` is one sector id, or (a required seat
    only) a list of them any one of which fills it, with ``seat`` saying who in words. One sector
    is one seat of one kind (a second relevant entry of the same sector, e.g. prisons and young
    offender institutions, adds nothing); a list may share sectors with other seats (a voluntary
    organisation can represent victims as well as charities) but not repeat another list."""
    if node is None:
        return (), ()
    fields = reader.mapping(node, PARTNER_KINDS, "statutory_partners")
    kinds: dict[str, list[Partner]] = {kind: [] for kind in PARTNER_KINDS}
    alone: dict[str, str] = {}  # sector named on its own -> the kind naming it
    lists: set[frozenset[str]] = set()  # the sectors of each seat several can fill (in any order)
    for kind in PARTNER_KINDS:
        for item in _list(reader, fields.get(kind), f"statutory_partners.{kind}"):
            values = _entry(reader, item, (*PARTNER_KEYS, *PARTNER_OPTIONAL), PARTNER_KEYS, f"a {kind} partner")
            if values is None:
                continue
            texts = {
                key: reader.text(values[key], f"the {key} of a {kind} partner")
                for key in (*PARTNER_KEYS, *PARTNER_OPTIONAL)
                if key in values and key != "sector"
            }
            sectors = _seat_sectors(reader, values["sector"], kind, sector_ids)
            if None in texts.values() or not sectors:
                continue
            if len(sectors) > 1:
                if kind != "required":
                    reader.fail(
                        values["sector"],
                        f"a {kind} partner names one sector (only a required seat can be filled by any one of several)",
                    )
                    continue
                if "seat" not in texts:
                    reader.fail(
                        item,
                        "a required partner that any one of several sectors can fill needs 'seat' "
                        "(who fills it, in words)",
                    )
                    continue
                if frozenset(sectors) in lists:
                    reader.fail(values["sector"], f"sectors {', '.join(sectors)} already fill a required seat")
                    continue
                lists.add(frozenset(sectors))
            else:
                (sector,) = sectors
                if sector in alone:
                    if alone[sector] != kind or kind == "required":
                        reader.fail(values["sector"], f"sector {sector!r} is already a {alone[sector]} partner")
                    continue  # a second body of the same sector and kind (e.g. prisons and young offender institutions)
                alone[sector] = kind
            kinds[kind].append(
                Partner(sectors, texts["body"], texts["role"], texts["provision"], kind, texts.get("seat") or "")
            )
    return tuple(kinds["required"]), tuple(kinds["relevant"])


def _seat_sectors(reader, node: yaml.Node, kind: str, sector_ids: set[str] | None) -> tuple[str, ...]:
    """A partner's ``sector``: one id, or a list of different ids (empty when unusable; each
    problem named on the line of the sector it is about)."""
    many = isinstance(node, yaml.SequenceNode)
    items = reader.items(node, f"the sectors of a {kind} partner") if many else [node]
    found: list[str] = []
    for item in items:
        sector = reader.text(item, f"the sector of a {kind} partner")
        if sector is None:
            return ()
        if sector_ids is not None and sector not in sector_ids:
            reader.fail(item, f"a {kind} partner names unknown sector {sector!r}")
            return ()
        if sector in found:
            reader.fail(item, f"a {kind} partner names sector {sector!r} twice")
            return ()
        found.append(sector)
    return tuple(found)


def default_frameworks_folder() -> Path:
    """The bundled frameworks folder (``data/frameworks``)."""
    return data_path("frameworks")


def _sector_ids() -> set[str]:
    from partnermap.reference.taxonomy_file import load_taxonomy

    return {s.id for s in load_taxonomy(None).sectors}


def check_framework(path: str | PathLike, sector_ids: set[str] | None = None):
    """Read one framework file: ``(framework or None, problems)`` with every problem found, sorted
    by line (:class:`partnermap.reference.taxonomy_file.Problem`). Sectors are checked against
    ``sector_ids`` (default: the bundled taxonomy's). Unreadable or non-YAML files raise InputError."""
    from partnermap.reference.taxonomy_file import _Reader

    path = Path(path)
    root = load_yaml_node(path, what="the framework file")
    if root is None:
        raise InputError("the framework file is empty", source=str(path))
    reader = _Reader()
    framework = framework_from_node(
        reader, root, str(path), _sector_ids() if sector_ids is None else sector_ids, stem=path.stem
    )
    return framework, sorted(reader.problems)


def check_frameworks(folder: str | PathLike | None = None, sector_ids: set[str] | None = None):
    """Every framework file of ``folder`` (default: the bundled one) checked: a list of
    ``(path, framework or None, problems)``, in file-name order."""
    folder = Path(folder) if folder is not None else default_frameworks_folder()
    ids = _sector_ids() if sector_ids is None else sector_ids
    return [(path, *check_framework(path, ids)) for path in sorted(folder.glob("*.yaml"))]


def load_frameworks(folder: str | PathLike | None = None, sector_ids: set[str] | None = None) -> Frameworks:
    """The frameworks of ``folder`` (default: the bundled ``data/frameworks``); InputError names the
    first problem with its file and line."""
    if folder is None and sector_ids is None:
        return _bundled()
    return _load(folder, sector_ids)


@cache
def _bundled() -> Frameworks:
    return _load(None, None)


def _load(folder, sector_ids) -> Frameworks:
    found = Frameworks()
    for path, framework, problems in check_frameworks(folder, sector_ids):
        if problems:
            first = problems[0]
            more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
            raise InputError(first.message + more, source=str(path), line=first.line)
        found[framework.id] = framework
    return Frameworks(sorted(found.items()))


def check_own_framework(taxonomy) -> tuple[Framework | None, list]:
    """A taxonomy's own framework: its file's ``framework:`` section (the format of
    ``data/frameworks/*.yaml``, read here) or its older ``framework_areas:`` list (read with the
    taxonomy) made a framework of areas alone, as ``(framework or None, problems)``. None, and
    no problems, when the file carries neither."""
    from partnermap.reference.taxonomy_file import _Reader

    path = Path(taxonomy.source)
    root = load_yaml_node(path, what="the taxonomy") if path.is_file() else None
    section = (
        next((value for key, value in root.value if key.value == "framework"), None)
        if isinstance(root, yaml.MappingNode)
        else None
    )
    reader = _Reader()
    if section is not None and taxonomy.framework_areas:
        reader.fail(section, "give either 'framework' or 'framework_areas', not both")
    if section is not None:
        framework = framework_from_node(reader, section, str(path), {s.id for s in taxonomy.sectors})
        return framework, sorted(reader.problems)
    if taxonomy.framework_areas:
        return framework_of_areas(
            taxonomy.name, taxonomy.framework_areas, str(path), taxonomy.framework_areas[0].line
        ), []
    return None, []


def own_framework(taxonomy) -> Framework | None:
    """The framework a taxonomy's file carries (see :func:`check_own_framework`), read once per
    taxonomy; InputError names the first problem. The bundled taxonomy carries none."""
    if taxonomy is None or not getattr(taxonomy, "source", None):
        return None
    cached = _OWN.get(id(taxonomy))
    if cached is not None and cached[0] is taxonomy:
        return cached[1]
    framework, problems = check_own_framework(taxonomy)
    if problems:
        raise InputError(problems[0].message, source=taxonomy.source, line=problems[0].line)
    _OWN[id(taxonomy)] = (taxonomy, framework)
    return framework


_OWN: dict[int, tuple[object, Framework | None]] = {}


def frameworks_for(taxonomy=None) -> Frameworks:
    """The bundled frameworks, with a taxonomy file's own framework (if it carries one) added."""
    bundled = load_frameworks()
    own = own_framework(taxonomy)
    if own is None:
        return bundled
    return Frameworks({**bundled, own.id: own})


# --- choosing a plan's framework ----------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    """The framework a plan is judged by (None: no framework), how it was chosen (:data:`CHOSEN_BY`)
    and why: the words found (``evidence``, the first few) and how many items had them (``hits``),
    and where the plan's words place it (``placement``, :func:`partnermap.reference.nations.place`)."""

    framework: Framework | None
    chosen_by: str
    evidence: tuple[Evidence, ...] = ()
    title_hits: int = 0
    text_hits: int = 0
    note: str = ""
    placement: Placement = field(default_factory=Placement)
    set_aside: Framework | None = None  # the framework its words fit, whose law does not apply where it is from

    @property
    def id(self) -> str | None:
        return self.framework.id if self.framework is not None else None

    @property
    def law_applies(self) -> bool | None:
        """False when the plan's words place it in a nation where its framework's law does not
        apply (a framework given with ``--framework``, or a taxonomy's own); None when that cannot
        be told (no framework, a framework that names no nation, a plan placed nowhere)."""
        f, nation = self.framework, self.placement.nation
        if f is None or not f.applies_to or nation is None:
            return None
        return nation in f.applies_to

    def as_dict(self) -> dict:
        """The JSON ``framework`` object: id, name, basis, chosen_by, evidence, a note, the plan's
        ``nation`` (:class:`~partnermap.reference.nations.Placement`) and ``law_applies``."""
        f = self.framework
        return {
            "id": f.id if f else None,
            "name": f.name if f else None,
            "basis": f.basis if f else None,
            "applies_to": list(f.applies_to) if f else [],
            "chosen_by": self.chosen_by,
            "evidence": [e.as_dict() for e in self.evidence],
            "title_hits": self.title_hits,
            "text_hits": self.text_hits,
            "note": self.note,
            "nation": self.placement.as_dict(),
            "law_applies": self.law_applies,
            "set_aside": (
                {"id": self.set_aside.id, "name": self.set_aside.name, "applies_to": list(self.set_aside.applies_to)}
                if self.set_aside
                else None
            ),
        }

    def sentence(self) -> str:
        """One line for a report header: which framework and why (:func:`framework_sentence`)."""
        return framework_sentence(self.as_dict())

    def to_json(self) -> str:
        """:meth:`as_dict` with the framework's law (:meth:`Framework.law`) and areas, as one JSON
        string: what a Plan node keeps."""
        data = self.as_dict()
        if self.framework is not None:
            data["law"] = self.framework.law()
        return json.dumps(data, ensure_ascii=False, sort_keys=True)


_WHY = {
    "title": "chosen from its title",
    "text": "chosen from its text",
    "option": "given with --framework",
    "taxonomy": "the taxonomy file's own framework",
}


def _where(evidence: dict) -> str:
    if evidence.get("field") == "title":
        return "title"
    name = Path(evidence["source"]).name if evidence.get("source") else "text"
    return f"{name}:{evidence['line']}" if evidence.get("line") is not None else name


def _nations(names: Sequence[str]) -> str:
    """``England``, ``England and Wales``, ``England, Wales and Scotland``."""
    names = list(names)
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _words(evidence: Sequence[dict] | None) -> str:
    """The first few words found, each with where: ``"Prevent Plan" (title), "CTLP" (plan.csv:4)``."""
    return ", ".join(f'"{e["words"]}" ({_where(e)})' for e in (evidence or [])[:3])


def framework_sentence(info: dict | None, plan: str | None = None) -> str:
    """One line saying which framework a plan is judged by, where its law applies and why, from
    :meth:`Choice.as_dict` data (what a report has, also from a graph read back from Neo4j);
    ``plan`` names the plan. A plan whose words place it in a nation where the law of the
    framework its words fit does not apply is judged by none, and the line says so with the
    words; one given such a framework (``--framework``) is judged by it, and the line says that its
    law does not apply there.

    >>> prevent = {"id": "prevent", "name": "Prevent", "basis": "CTSA 2015, s.26", "chosen_by": "title",
    ...            "applies_to": ["England", "Wales"], "evidence": [{"words": "Prevent Plan", "field": "title"}]}
    >>> framework_sentence(prevent)  # doctest: +NORMALIZE_WHITESPACE
    'Framework: Prevent (CTSA 2015, s.26; the law of England and Wales), chosen from its title:
     "Prevent Plan" (title).'
    >>> framework_sentence({"id": None, "chosen_by": "none", "note": "No words were found"})
    "Framework: none (No words were found): no finding depends on a framework's law or guidance."
    >>> scottish = {"name": "Scotland", "evidence": [{"words": "Scottish Executive", "field": "text",
    ...                                               "source": "plan.xlsx", "line": 5}]}
    >>> framework_sentence({"id": "community_safety", "name": "Community safety", "basis": "CDA 1998, s.5",
    ...                     "applies_to": ["England", "Wales"], "chosen_by": "option", "nation": scottish,
    ...                     "law_applies": False})  # doctest: +NORMALIZE_WHITESPACE
    'Framework: Community safety (CDA 1998, s.5; the law of England and Wales), given with --framework; the plan
     appears to be from Scotland ("Scottish Executive" (plan.xlsx:5)), where that law does not apply.'
    """
    who = f" of {plan}" if plan else ""
    nation = (info or {}).get("nation") or {}
    if not info or not info.get("id"):
        note = (info or {}).get("note") or "the plan was read before frameworks were chosen"
        if info and info.get("set_aside") and nation.get("evidence"):
            note += f": {_words(nation['evidence'])}"
        return f"Framework{who}: none ({note}): no finding depends on a framework's law or guidance."
    where = info.get("applies_to") or []
    law = f"{info.get('basis')}; the law of {_nations(where)}" if where else info.get("basis")
    said = f"Framework{who}: {info.get('name')} ({law}), {_WHY.get(info.get('chosen_by'), 'chosen')}"
    words = _words(info.get("evidence"))
    if words and info.get("chosen_by") in ("title", "text"):
        said += ": " + words
    if info.get("law_applies") is False:
        said += (
            f"; the plan appears to be from {nation.get('name')} ({_words(nation.get('evidence'))}), "
            "where that law does not apply"
        )
    return said + "."


@dataclass
class _Score:
    framework: Framework
    title: list[Evidence] = field(default_factory=list)
    text: list[Evidence] = field(default_factory=list)

    @property
    def value(self) -> int:
        return TITLE_WEIGHT * len(self.title) + len(self.text)


def _items(plan: Plan) -> list[tuple[str, str | None, int | None]]:
    """(text, file, line) of each theme heading and each activity: its whole row as read (every
    cell: an objective or resources column says what the plan is about too), else its text and
    outcome."""
    items = []
    for theme in plan.themes:
        prov = theme.provenance
        items.append((theme.name, prov.file if prov else plan.source, prov.first_line if prov else None))
    for activity in plan.activities:
        prov = activity.provenance
        cells = [cell for cell in prov.raw if cell]
        text = (
            "\n".join(cells)
            if cells
            else activity.text + ("\n" + activity.outcome.text if activity.outcome and activity.outcome.text else "")
        )
        items.append((text, prov.file, prov.first_line))
    return items


def _with_text(frameworks: Mapping[str, Framework]) -> list[Framework]:
    """The frameworks whose text phrases recognise a plan (not only its title)."""
    return [f for f in frameworks.values() if f.recognise_text]


@cache
def _text_matchers(matchers: tuple[Matcher, ...]) -> MatcherSet:
    return MatcherSet(matchers)


def _item_words(items, frameworks: Mapping[str, Framework], nations) -> tuple[list, list]:
    """Each item's matches of the text-recognising frameworks' phrases (:func:`scores`) and of the
    nations' (:func:`partnermap.reference.nations.place`), found in one pass over the items."""
    matchers = _text_matchers((*(f.text_matcher for f in _with_text(frameworks)), nation_matcher(nations)))
    framework_spans, nation_spans = [], []
    for each in matchers.spans_of_each(text for text, _, _ in items):
        framework_spans.append(each[:-1])
        nation_spans.append(each[-1])
    return framework_spans, nation_spans


def scores(plan: Plan, frameworks: Mapping[str, Framework], items=None, spans=None) -> list[_Score]:
    """Each framework's words in ``plan``: title phrases (each distinct phrase once) and the items
    (activities, themes; ``items``: :func:`_items` of the plan, when already made) holding any
    text phrase (each item once), best first. ``spans``: each item's matches of the text matchers
    of the frameworks that recognise text, in order, when already found (:func:`_item_words`)."""
    found = {fid: _Score(f) for fid, f in frameworks.items()}
    title = plan.title or ""
    for fid, framework in frameworks.items():
        seen = set()
        for match in framework.title_matcher.find(title, "title"):
            key = match.mention.phrase.lower()
            if key not in seen:
                seen.add(key)
                found[fid].title.append(Evidence(match.mention.phrase, "title", plan.source, None))
    with_text = _with_text(frameworks)
    items = _items(plan) if items is None else items
    if spans is None:
        spans = _text_matchers(tuple(f.text_matcher for f in with_text)).spans_of_each(text for text, _, _ in items)
    for (text, source, line), each in zip(items, spans):
        for framework, in_item in zip(with_text, each):
            if in_item:
                _, start, end = in_item[0]
                found[framework.id].text.append(Evidence(text[start:end], "text", source, line))
    return sorted(found.values(), key=lambda s: (-s.value, -len(s.title), s.framework.id))


def choose(
    plan: Plan,
    frameworks: Mapping[str, Framework],
    *,
    override: str | None = None,
    own: Framework | None = None,
    nations=None,
) -> Choice:
    """The framework ``plan`` is judged by.

    ``override`` (``--framework``) is a framework id, or :data:`NONE` for none. Else a taxonomy
    file's ``own`` framework judges every plan. Else the plan's words decide: each framework
    scores :data:`TITLE_WEIGHT` per distinct title phrase in the plan's title plus one per item
    (activity or theme) whose text holds any of its text phrases. The best score wins when it
    has a title phrase, or text phrases in at least :data:`TEXT_MINIMUM` items and
    :data:`TEXT_SHARE` of them, or in half of them (one passing mention of Prevent in a community
    safety plan does not make it a Prevent plan; a one-activity plan about health is a health
    plan); two frameworks with the same best score are a tie, and a tie or
    no domain words gives none. ``frameworks`` must hold ``override``; ``nations`` are the words that
    place a plan (default: ``data/nations.yaml``).

    Where the plan is from (:func:`partnermap.reference.nations.place`) is told from its words too:
    a framework its words would choose whose law does not apply there (its ``applies_to``) is
    set aside, and the plan is judged by none, saying why; a framework given (``override`` or
    ``own``) judges it all the same, and its choice says the law does not apply there
    (:attr:`Choice.law_applies`). A plan placed nowhere is judged as if the law applied.
    """
    items = _items(plan)
    nations = load_nations() if nations is None else nations
    framework_spans, nation_spans = _item_words(items, frameworks, nations)
    placement = place(plan.title, items, nations, source=plan.source, spans=nation_spans)
    if override is not None:
        if override == NONE:
            return Choice(None, "option", note="--framework none was given", placement=placement)
        if override not in frameworks:
            raise InputError(f"unknown framework {override!r} (known: {', '.join([*frameworks, NONE])})")
        return Choice(frameworks[override], "option", placement=placement)
    if own is not None:
        return Choice(own, "taxonomy", placement=placement)
    choice = _by_words(plan, frameworks, items, framework_spans)
    chosen, nation = choice.framework, placement.nation
    if chosen is not None and chosen.applies_to and nation is not None and nation not in chosen.applies_to:
        return replace(
            choice,
            framework=None,
            chosen_by="none",
            placement=placement,
            set_aside=chosen,
            note=(
                f"The plan's words fit {chosen.name} but place it in {nation}, where {chosen.law_name} does not apply"
            ),
        )
    return replace(choice, placement=placement)


def _by_words(plan: Plan, frameworks: Mapping[str, Framework], items, spans) -> Choice:
    """The framework the plan's words choose (see :func:`choose`), wherever the plan is from."""
    ranked = [s for s in scores(plan, frameworks, items, spans) if s.value]
    if not ranked:
        return Choice(None, "none", note="No framework's words were found in the plan")
    best = ranked[0]
    evidence = tuple(best.title + best.text[:EVIDENCE_LIMIT])
    counts = {"title_hits": len(best.title), "text_hits": len(best.text)}
    if len(ranked) > 1 and ranked[1].value == best.value and len(ranked[1].title) == len(best.title):
        return Choice(
            None,
            "none",
            evidence,
            **counts,
            note=f"The plan's words fit {best.framework.name} and {ranked[1].framework.name} equally",
        )
    if best.title:
        return Choice(best.framework, "title", evidence, **counts)
    count = len(plan.activities) + len(plan.themes)
    hits = len(best.text)
    if hits >= max(TEXT_MINIMUM, math.ceil(TEXT_SHARE * count)) or hits >= TEXT_HALF * count:
        return Choice(best.framework, "text", evidence, **counts)
    return Choice(
        None,
        "none",
        evidence,
        **counts,
        note=(
            f"Only {len(best.text)} of {count} items of the plan use {best.framework.name}'s words, "
            "too few to judge it by that framework"
        ),
    )


def choose_all(plans: Iterable[Plan], taxonomy=None, framework: str | None = None) -> dict[str, Choice]:
    """Plan id -> :func:`choose` for each plan, among the bundled frameworks and the taxonomy's own."""
    known = frameworks_for(taxonomy)
    own = own_framework(taxonomy)
    return {plan.id: choose(plan, known, override=framework, own=own) for plan in plans}


def choice_from_json(text: str | None) -> dict | None:
    """A Plan node's framework JSON (:meth:`Choice.to_json`) as data (None when there is none)."""
    if not text:
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None
