"""Which of the UK's nations a plan is from, told by its own words (``data/nations.yaml``).

A framework's law applies in some nations only (its ``applies_to``): community safety
partnerships are the Crime and Disorder Act 1998's, in England and Wales; a Scottish plan is not
judged by that Act. The words that place a plan are data, one list per nation in
``data/nations.yaml`` (the taxonomy's phrase format, checked with its line-numbered reader): the
nation's government, its own Acts ("(Scotland) Act"), bodies that exist there only (Police
Scotland, a Local Health Board, the PSNI) and councils' names in its own language ("Comhairle nan
Eilean Siar"). Never a bare place name: "Scotland Yard" and "Scottish dancing" place nothing.

:func:`place` weighs the words as a framework's are weighed: a nation's words in the plan's title,
or in at least :data:`MINIMUM` items (theme headings and activities' rows) and :data:`SHARE` of
them, or in half the items of a small plan, place it there, unless another nation's words are as
strong (a plan citing both is placed nowhere). A plan with no nation's words is placed nowhere:
nothing is guessed, and every framework judges it as before.

>>> nations = load_nations()
>>> [n.name for n in nations]
['England', 'Wales', 'Scotland', 'Northern Ireland']
>>> items = [("Funded by the Scottish Executive", "plan.xlsx", 5), ("Staff time", "plan.xlsx", 6),
...          ("Education (Scotland) Act 1980", "plan.xlsx", 7)]
>>> found = place("Antisocial Behaviour Action Plan", items, nations)
>>> found.nation, [(e.words, e.line) for e in found.evidence]
('Scotland', [('Scottish Executive', 5), ('(Scotland) Act', 7)])
>>> place("Action Plan", [("Trip to New Scotland Yard", "p.txt", 3), ("Scottish dancing", "p.txt", 4)],
...       nations).nation is None
True
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from os import PathLike
from pathlib import Path

import yaml

from partnermap.errors import InputError
from partnermap.files import load_yaml_node
from partnermap.reference.taxonomy import Matcher, MatcherSet, Term
from partnermap.resources import data_path

#: the nations a framework's law may apply to (a framework's ``applies_to``), as named in reports
NATIONS = ("England", "Wales", "Scotland", "Northern Ireland")
#: a title phrase weighs as much as this many items' words (as for a framework's title words)
TITLE_WEIGHT = 5
#: a nation's words must be in at least this many items and this share of them (one passing
#: mention of a Scottish Act in an English plan places nothing), unless they are in half the items
#: of a small plan
MINIMUM = 2
SHARE = 0.1
HALF = 0.5
#: evidence kept per placement (``hits`` says how many items had words)
EVIDENCE_LIMIT = 5


@dataclass(frozen=True)
class Evidence:
    """Words found in a plan: where (``field`` title or text, file and line)."""

    words: str
    field: str
    source: str | None = None
    line: int | None = None

    def as_dict(self) -> dict:
        return {"words": self.words, "field": self.field, "source": self.source, "line": self.line}


@dataclass(frozen=True)
class Placement:
    """Where a plan's words place it: ``nation`` (one of :data:`NATIONS`, or None: nowhere), the
    words that did (``evidence``, the first few) and how many items held them (``hits``; the title
    counts as one). ``note`` says why words found placed the plan nowhere."""

    nation: str | None = None
    evidence: tuple[Evidence, ...] = ()
    hits: int = 0
    note: str = ""

    def as_dict(self) -> dict:
        return {
            "name": self.nation,
            "evidence": [e.as_dict() for e in self.evidence],
            "hits": self.hits,
            "note": self.note,
        }


def default_nations_path() -> Path:
    """The bundled nations file (``data/nations.yaml``)."""
    return data_path("nations.yaml")


def check_nations(path: str | PathLike | None = None):
    """Read a nations file (default: the bundled one): ``(nations, problems)``, every problem with its
    line (:class:`partnermap.reference.taxonomy_file.Problem`). Each nation is a term (id, name,
    phrases) named as in :data:`NATIONS`."""
    from partnermap.reference.taxonomy_file import _Reader

    path = Path(path) if path is not None else default_nations_path()
    root = load_yaml_node(path, what="the nations file")
    if root is None:
        raise InputError("the nations file is empty", source=str(path))
    reader = _Reader()
    fields = reader.mapping(root, ("nations",), "the nations file")
    if "nations" not in fields and isinstance(root, yaml.MappingNode):
        reader.fail(root, "the nations file has no 'nations' list")
    nations = reader.terms(fields["nations"], "nations") if "nations" in fields else []
    for item in (
        fields["nations"].value if "nations" in fields and isinstance(fields["nations"], yaml.SequenceNode) else []
    ):
        for key, value in item.value if isinstance(item, yaml.MappingNode) else []:
            if key.value == "name" and isinstance(value, yaml.ScalarNode) and value.value not in NATIONS:
                reader.fail(value, f"nation {value.value!r} is not one of: {', '.join(NATIONS)}")
    return tuple(nations), sorted(reader.problems)


def load_nations(path: str | PathLike | None = None) -> tuple[Term, ...]:
    """The nations of ``path`` (default: the bundled ``data/nations.yaml``, read once); InputError
    names the first problem with its line."""
    return _bundled() if path is None else _load(path)


@cache
def _bundled() -> tuple[Term, ...]:
    return _load(None)


def _load(path) -> tuple[Term, ...]:
    nations, problems = check_nations(path)
    if problems:
        raise InputError(problems[0].message, source=str(path or default_nations_path()), line=problems[0].line)
    return nations


def _distinct_first(found: list[Evidence]) -> list[Evidence]:
    """``found`` in line order (themes were read first), the first of each distinct words before
    the rest: the evidence shown says every kind of word that placed the plan."""
    in_order = sorted(found, key=lambda e: (e.source or "", e.line or 0))
    firsts: dict[str, Evidence] = {}
    for e in in_order:
        firsts.setdefault(e.words.lower(), e)
    chosen = set(map(id, firsts.values()))
    return [*firsts.values(), *(e for e in in_order if id(e) not in chosen)]


@cache
def nation_matcher(nations: tuple[Term, ...]) -> Matcher:
    """One matcher for every nation's phrases (the longest phrase wins: "Care Inspectorate Wales"
    is Welsh, not the Scottish "Care Inspectorate")."""
    return Matcher(nations)


@cache
def _matchers(nations: tuple[Term, ...]) -> MatcherSet:
    return MatcherSet([nation_matcher(nations)])


def place(
    title: str | None,
    items: Sequence[tuple[str, str | None, int | None]],
    nations: tuple[Term, ...] | None = None,
    source: str | None = None,
    *,
    spans: Sequence[Sequence[tuple[str, int, int]]] | None = None,
) -> Placement:
    """Where the words of a plan place it (see the module docstring): ``title`` is the plan's
    title, ``items`` the (text, file, line) of each theme heading and activity row, ``source`` the
    plan's file (for title evidence); ``spans``, each item's matches of :func:`nation_matcher`
    when already found (with other lists, in one pass over the items)."""
    nations = load_nations() if nations is None else nations
    names = {n.id: n.name for n in nations}
    matchers = _matchers(nations)
    titled: dict[str, Evidence] = {}  # nation id -> its first words in the title
    for nid, start, end in matchers.spans_of(title)[0]:
        titled.setdefault(nid, Evidence(title[start:end], "title", source, None))
    if spans is None:
        spans = [each[0] for each in matchers.spans_of_each(text for text, _, _ in items)]
    found: dict[str, list[Evidence]] = {n.id: [] for n in nations}  # nation id -> its first words in each item
    for (text, file, line), in_item in zip(items, spans):
        seen = set()
        for nid, start, end in in_item:
            if nid not in seen:
                seen.add(nid)
                found[nid].append(Evidence(text[start:end], "text", file, line))
    score = {nid: TITLE_WEIGHT * (nid in titled) + len(words) for nid, words in found.items()}
    ranked = sorted((nid for nid in found if score[nid]), key=lambda nid: -score[nid])
    if not ranked:
        return Placement()
    best = ranked[0]
    evidence = tuple(([titled[best]] if best in titled else []) + _distinct_first(found[best])[:EVIDENCE_LIMIT])
    hits = (best in titled) + len(found[best])
    if len(ranked) > 1 and score[ranked[1]] >= score[best]:
        return Placement(
            None,
            evidence,
            hits,
            note=(f"its words name both {names[best]} and {names[ranked[1]]}, so they place it in neither"),
        )
    count, text_hits = len(items), len(found[best])
    if best in titled or text_hits >= max(MINIMUM, math.ceil(SHARE * count)) or text_hits >= HALF * count:
        return Placement(names[best], evidence, hits)
    return Placement(
        None,
        evidence,
        hits,
        note=(f"only {text_hits} of {count} items use {names[best]}'s words, too few to place it there"),
    )
