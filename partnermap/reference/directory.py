"""Read an organisation directory (``data/organisations.yaml`` format) with line-numbered errors.

The file's ``organisations`` key holds ``known`` (name, sector, aliases) and ``patterns``
(pattern, sector); a taxonomy file may carry the same section.

>>> directory = load_organisations(None)
>>> directory.canonical("Bradford Metropolitan District Council")
'Bradford MDC'
"""

from __future__ import annotations

import re
from functools import cache
from os import PathLike
from pathlib import Path

import yaml

from partnermap.errors import InputError
from partnermap.files import load_yaml_node
from partnermap.reference.orgs import KnownOrganisation, OrgDirectory, OrgPattern
from partnermap.resources import data_path


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _mapping(node: yaml.Node, allowed: set[str], what: str, source: str) -> dict[str, yaml.Node]:
    if not isinstance(node, yaml.MappingNode):
        raise InputError(f"{what} must be a mapping", source=source, line=_line(node))
    result = {}
    for key, value in node.value:
        if key.value not in allowed:
            raise InputError(
                f"unknown key {key.value!r} in {what} (expected one of: {', '.join(sorted(allowed))})",
                source=source,
                line=_line(key),
            )
        result[key.value] = value
    return result


def _sequence(node: yaml.Node, what: str, source: str) -> list[yaml.Node]:
    if isinstance(node, yaml.ScalarNode) and node.value in ("", "~", "null"):
        return []
    if not isinstance(node, yaml.SequenceNode):
        raise InputError(f"{what} must be a list", source=source, line=_line(node))
    return list(node.value)


def _text(node: yaml.Node | None, what: str, source: str, required: bool = True) -> str | None:
    if node is None or (isinstance(node, yaml.ScalarNode) and node.value in ("", "~", "null")):
        if required:
            raise InputError(f"{what} is missing", source=source, line=_line(node) if node else None)
        return None
    if not isinstance(node, yaml.ScalarNode):
        raise InputError(f"{what} must be text", source=source, line=_line(node))
    return node.value.strip()


def directory_from_node(node: yaml.Node, source: str) -> OrgDirectory:
    """The directory in an ``organisations`` YAML node (raises InputError naming the line)."""
    section = _mapping(node, {"known", "patterns"}, "organisations", source)
    known, seen = [], {}
    for item in _sequence(section["known"], "organisations.known", source) if "known" in section else []:
        fields = _mapping(item, {"name", "sector", "aliases"}, "an organisation", source)
        name = _text(fields.get("name"), "an organisation's name", source)
        aliases = tuple(
            _text(a, f"an alias of {name!r}", source)
            for a in (_sequence(fields["aliases"], "aliases", source) if "aliases" in fields else [])
        )
        for written in (name, *aliases):
            key = " ".join(written.lower().split())
            if key in seen:
                raise InputError(
                    f"{written!r} is listed twice (first at line {seen[key]})", source=source, line=_line(item)
                )
            seen[key] = _line(item)
        known.append(
            KnownOrganisation(name, _text(fields.get("sector"), "sector", source, required=False), aliases, _line(item))
        )
    patterns = []
    for item in _sequence(section["patterns"], "organisations.patterns", source) if "patterns" in section else []:
        fields = _mapping(item, {"pattern", "sector"}, "a pattern", source)
        pattern = _text(fields.get("pattern"), "pattern", source)
        try:
            re.compile(pattern)
        except re.error as exc:
            raise InputError(f"bad regular expression {pattern!r}: {exc}", source=source, line=_line(item)) from None
        patterns.append(OrgPattern(pattern, _text(fields.get("sector"), "a pattern's sector", source), _line(item)))
    return OrgDirectory(known, patterns, source=source)


def load_organisations(path: str | PathLike | None = None) -> OrgDirectory:
    """The directory in the ``organisations`` section of the YAML file at ``path`` (None = bundled)."""
    path = Path(path) if path is not None else data_path("organisations.yaml")
    source = str(path)
    root = load_yaml_node(path, what="the organisation directory")
    if not isinstance(root, yaml.MappingNode):
        raise InputError("expected a mapping with an 'organisations' key", source=source)
    for key, value in root.value:
        if key.value == "organisations":
            return directory_from_node(value, source)
    raise InputError("no 'organisations' section", source=source, line=_line(root))


@cache
def default_directory() -> OrgDirectory:
    """The bundled directory (``data/organisations.yaml``), read once."""
    return load_organisations(None)
