"""Load and validate a taxonomy YAML file (see ``data/taxonomy.yaml`` for the format).

The file is read with PyYAML's node API so every problem names its line. :func:`check_taxonomy`
returns every problem found; :func:`load_taxonomy` raises :class:`partnermap.errors.InputError`
for the first one.

>>> taxonomy = load_taxonomy(None)
>>> [s.id for s in taxonomy.sectors][:3]
['local_authority', 'police', 'schools']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from partnermap.errors import InputError
from partnermap.files import load_yaml_node
from partnermap.reference.taxonomy import Phrase, Taxonomy, Term, phrase_keys
from partnermap.resources import data_path

if TYPE_CHECKING:  # pragma: no cover
    from partnermap.reference.orgs import OrgDirectory

#: top-level sections (``organisations`` is read and validated by
#: :func:`partnermap.reference.directory.load_organisations`, from the same file)
#: (a taxonomy's own framework, ``framework`` in the format of ``data/frameworks/*.yaml``, is read and
#: checked by :func:`partnermap.reference.frameworks.own_framework`, from the same file; the older
#: ``framework_areas`` list is read here)
TOP_KEYS = ("name", "description", "sectors", "audiences", "concepts", "framework", "framework_areas", "organisations")
TERM_KEYS = ("id", "name", "description", "phrases")
SECTOR_KEYS = (*TERM_KEYS, "channel")
AUDIENCE_KEYS = (*TERM_KEYS, "sectors")
AREA_KEYS = (*TERM_KEYS, "expected_by")
#: sections every taxonomy has (a framework, of either form, is optional)
REQUIRED_SECTIONS = ("sectors", "audiences", "concepts")
PHRASE_KEYS = ("phrase", "pattern", "unless_followed_by", "unless_preceded_by", "not_within", "match_case")
_ID = re.compile(r"[a-z][a-z0-9_]*\Z")
#: section name -> singular word used in messages
_SECTIONS = {
    "sectors": "sector",
    "audiences": "audience",
    "concepts": "concept",
    "framework_areas": "framework area",
    "nations": "nation",
}


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a taxonomy file."""

    line: int
    message: str


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


class _Reader:
    """Walks the YAML node tree, collecting problems and building the taxonomy's terms."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def fail(self, node: yaml.Node, message: str) -> None:
        self.problems.append(Problem(_line(node), message))

    # --- node shapes -----------------------------------------------------------------------------

    def mapping(self, node: yaml.Node, allowed: tuple[str, ...], what: str) -> dict[str, yaml.Node]:
        """The mapping's values by key; reports non-mappings, unknown and duplicate keys."""
        if not isinstance(node, yaml.MappingNode):
            self.fail(node, f"{what} must be a mapping")
            return {}
        found: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key not in allowed:
                self.fail(key_node, f"unknown key {key!r} in {what} (expected one of: {', '.join(allowed)})")
            elif key in found:
                self.fail(key_node, f"duplicate key {key!r} in {what}")
            else:
                found[key] = value_node
        return found

    def sequence(self, node: yaml.Node, what: str) -> list[yaml.Node]:
        if not isinstance(node, yaml.SequenceNode):
            self.fail(node, f"{what} must be a list")
            return []
        return list(node.value)

    def text(self, node: yaml.Node, what: str) -> str | None:
        """A non-empty string scalar (as written: ``no`` stays the word "no")."""
        if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
            self.fail(node, f"{what} must be a non-empty string")
            return None
        return str(node.value).strip()

    def items(self, node: yaml.Node, what: str) -> list[yaml.Node]:
        """The items of a list that must not be empty."""
        items = self.sequence(node, what)
        if not items and isinstance(node, yaml.SequenceNode):
            self.fail(node, f"{what} must not be empty")
        return items

    def texts(self, node: yaml.Node, what: str) -> tuple[str, ...]:
        found = (self.text(item, f"each entry of {what}") for item in self.items(node, what))
        return tuple(item for item in found if item)

    # --- taxonomy parts --------------------------------------------------------------------------

    def phrase(self, node: yaml.Node, owner: str) -> Phrase | None:
        """A phrase: a string, or a mapping with ``phrase`` or ``pattern`` and context rules."""
        what = f"a phrase of {owner}"
        if isinstance(node, yaml.ScalarNode):
            text = self.text(node, what)
            return Phrase(text) if text else None
        fields = self.mapping(node, PHRASE_KEYS, what)
        if not isinstance(node, yaml.MappingNode):
            return None
        if ("phrase" in fields) == ("pattern" in fields):
            self.fail(node, f"{what} needs exactly one of 'phrase' or 'pattern'")
            return None
        is_pattern = "pattern" in fields
        text_node = fields["pattern" if is_pattern else "phrase"]
        text = self.text(text_node, what)
        if text is None or (is_pattern and not self.valid_pattern(text_node, text)):
            return None
        rules = {
            key: self.texts(fields[key], f"{key} of {text!r}")
            for key in ("unless_followed_by", "unless_preceded_by", "not_within")
            if key in fields
        }
        match_case = self.flag(fields["match_case"], "match_case") if "match_case" in fields else False
        return Phrase(text, match_case=match_case, pattern=is_pattern, **rules)

    def valid_pattern(self, node: yaml.Node, pattern: str) -> bool:
        try:
            compiled = re.compile(pattern)
        except re.error as exc:
            self.fail(node, f"bad regular expression {pattern!r}: {exc}")
            return False
        if compiled.groupindex:
            self.fail(node, f"pattern {pattern!r} must not define named groups")
            return False
        if compiled.fullmatch(""):
            self.fail(node, f"pattern {pattern!r} matches the empty string")
            return False
        return True

    def term(self, node: yaml.Node, section: str, sector_ids: set[str] | None) -> Term | None:
        """One sector, audience, concept or framework area (None when unusable)."""
        what = _SECTIONS[section]
        keys = {"audiences": AUDIENCE_KEYS, "sectors": SECTOR_KEYS, "framework_areas": AREA_KEYS}.get(
            section, TERM_KEYS
        )
        fields = self.mapping(node, keys, f"a {what}")
        if not isinstance(node, yaml.MappingNode):
            return None
        if "id" not in fields:
            self.fail(node, f"a {what} needs an 'id'")
            return None
        term_id = self.text(fields["id"], f"the id of a {what}")
        if term_id is None:
            return None
        if not _ID.match(term_id):
            self.fail(fields["id"], f"{what} id {term_id!r} must be lower_snake_case (a-z, 0-9, _)")
        owner = f"{what} {term_id!r}"
        if "phrases" not in fields:
            self.fail(node, f"{owner} needs 'phrases'")
        phrase_nodes = self.items(fields["phrases"], f"the phrases of {owner}") if "phrases" in fields else []
        return Term(
            id=term_id,
            name=self.text(fields["name"], f"the name of {owner}") if "name" in fields else term_id.replace("_", " "),
            phrases=tuple(p for p in (self.phrase(n, owner) for n in phrase_nodes) if p is not None),
            sectors=self.term_sectors(fields.get("sectors"), owner, sector_ids),
            description=self.text(fields["description"], "description") if "description" in fields else "",
            line=_line(node),
            channel=self.flag(fields["channel"], f"the channel flag of {owner}") if "channel" in fields else False,
            expected_by=self.text(fields["expected_by"], f"expected_by of {owner}") or ""
            if "expected_by" in fields
            else "",
        )

    def flag(self, node: yaml.Node, what: str) -> bool:
        value = self.text(node, what)
        if value not in ("true", "false", "yes", "no"):
            self.fail(node, f"{what} must be true or false")
        return value in ("true", "yes")

    def term_sectors(self, node: yaml.Node | None, owner: str, sector_ids: set[str] | None) -> tuple[str, ...]:
        if node is None:
            return ()
        items = [(n, self.text(n, f"each sector of {owner}")) for n in self.sequence(node, f"the sectors of {owner}")]
        for item, sector in items:
            if sector and sector_ids is not None and sector not in sector_ids:
                self.fail(item, f"{owner} names unknown sector {sector!r}")
        return tuple(sector for _, sector in items if sector)

    def terms(self, node: yaml.Node, section: str, sector_ids: set[str] | None = None) -> list[Term]:
        what = _SECTIONS[section]
        terms, seen = [], {}
        for item in self.sequence(node, section):
            term = self.term(item, section, sector_ids)
            if term is None:
                continue
            if term.id in seen:
                self.fail(item, f"duplicate {what} id {term.id!r} (first defined on line {seen[term.id]})")
                continue
            seen[term.id] = term.line
            terms.append(term)
        self.overlapping_phrases(terms, what)
        return terms

    def overlapping_phrases(self, terms: list[Term], what: str) -> None:
        """Report a phrase (or its plural) listed under two different terms of one section."""
        owners: dict[str, Term] = {}
        for term in terms:
            for phrase in term.phrases:
                if phrase.pattern:
                    continue
                for key in phrase_keys(phrase.text):
                    first = owners.setdefault(key, term)
                    if first.id != term.id:
                        self.problems.append(
                            Problem(
                                term.line or 0,
                                (
                                    f"phrase {phrase.text!r} of {what} {term.id!r} is already a phrase of "
                                    f"{what} {first.id!r} (line {first.line})"
                                ),
                            )
                        )
                        break


def _compose(path: Path) -> yaml.Node:
    root = load_yaml_node(path, what="the taxonomy")
    if root is None:
        raise InputError("the taxonomy file is empty", source=str(path))
    return root


def _organisations(path: Path) -> OrgDirectory:
    """The organisation directory in a taxonomy file's ``organisations`` section (same format as
    ``data/organisations.yaml``), read and validated by the organisation loader."""
    from partnermap.reference.directory import load_organisations

    return load_organisations(path)


def _parse(path: Path) -> tuple[Taxonomy, list[Problem]]:
    source = str(path)
    root = _compose(path)
    reader = _Reader()
    sections = reader.mapping(root, TOP_KEYS, "the taxonomy")
    for section in REQUIRED_SECTIONS:
        if section not in sections:
            reader.problems.append(Problem(_line(root), f"the taxonomy has no {section!r} section"))
    sectors = reader.terms(sections["sectors"], "sectors") if "sectors" in sections else []
    sector_ids = {s.id for s in sectors}
    taxonomy = Taxonomy(
        name=reader.text(sections["name"], "name") if "name" in sections else path.stem,
        source=source,
        sectors=sectors,
        audiences=reader.terms(sections["audiences"], "audiences", sector_ids) if "audiences" in sections else [],
        concepts=reader.terms(sections["concepts"], "concepts") if "concepts" in sections else [],
        framework_areas=(
            reader.terms(sections["framework_areas"], "framework_areas") if "framework_areas" in sections else []
        ),
        directory=_organisations(path) if "organisations" in sections else None,
    )
    return taxonomy, sorted(reader.problems)


def default_taxonomy_path() -> Path:
    """The bundled default taxonomy file."""
    return data_path("taxonomy.yaml")


def check_taxonomy(path: str | PathLike) -> tuple[Taxonomy, list[Problem]]:
    """Read a taxonomy and return it with every problem found (sorted by line).

    Unreadable or non-YAML files raise :class:`InputError` straight away.
    """
    return _parse(Path(path))


def load_taxonomy(path: str | PathLike | None = None) -> Taxonomy:
    """The taxonomy at ``path`` (None = the bundled default); InputError names the first problem."""
    taxonomy, problems = check_taxonomy(default_taxonomy_path() if path is None else path)
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1} more problems; run 'partnermap taxonomy check')" if len(problems) > 1 else ""
        raise InputError(first.message + more, source=taxonomy.source, line=first.line)
    return taxonomy
