"""The taxonomy (sectors, audiences, outcome concepts) and the phrase matcher.

A taxonomy is data (see ``data/taxonomy.yaml``, loaded by :mod:`partnermap.reference.taxonomy_file`);
this module holds its typed form and finds its terms in free text.

Matching rules
--------------
* case-insensitive, on word boundaries ("school" never matches inside "schooling");
* multi-word phrases match across any run of whitespace; a hyphen in a phrase also matches a
  space ("on-line" finds "on line"); an apostrophe matches ``'`` or ``’``;
* the last word also matches its plural ("school" finds "schools", "nursery" finds
  "nurseries", "church" finds "churches") and possessives ("school's", "schools'");
* the longest phrase wins where phrases overlap ("madrassa teachers" beats "teachers");
* per-phrase context rules: ``unless_followed_by`` / ``unless_preceded_by`` (phrase lists) reject
  a match next to those words, ``not_within`` rejects a match lying inside one of the listed
  longer phrases, ``match_case`` makes a phrase case-sensitive (for acronyms such as "GP"), and
  ``pattern`` gives a regular expression instead of a phrase;
* after a rejected match the search resumes inside it, so a shorter phrase can still match.

Each term list compiles to one regular expression (phrases are merged into a prefix tree so the
regex engine does not try every phrase at every word), which keeps matching linear in the text.
Lists without ``pattern`` phrases are searched faster, with the same results, by an Aho-Corasick
automaton (pyahocorasick) over the text with separators collapsed; the regex is the reference and
the fallback (pattern phrases; text whose lower case changes its length).

>>> schools = Term("schools", "Schools", (Phrase("school"), Phrase("key stage")))
>>> [(m.term, m.mention.phrase) for m in Matcher([schools]).find("Pupils in Key Stage 2 at two schools'", "text")]
[('schools', 'Key Stage'), ('schools', "schools'")]
"""

from __future__ import annotations

import re
import string
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple

import ahocorasick

from partnermap.model import Mention

if TYPE_CHECKING:  # pragma: no cover
    from partnermap.reference.orgs import OrgDirectory

_APOSTROPHES = "'\u2019"
_SEPARATORS = re.compile(r"[\s\-]+")
_APOSTROPHE = re.compile(f"[{_APOSTROPHES}]")
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
_FIELD_BREAK = "\x00"  # joins fields for one regex pass: neither a word nor a phrase separator
_CONTEXT_WINDOW = 120  # characters looked at either side of a match for context rules
_BATCH_CHARS = 1 << 16  # characters of text matched in one pass by MatcherSet.spans_of_each


@dataclass(frozen=True)
class Phrase:
    """One way a term is written, with optional context rules (see the module docstring)."""

    text: str
    unless_followed_by: tuple[str, ...] = ()
    unless_preceded_by: tuple[str, ...] = ()
    not_within: tuple[str, ...] = ()
    match_case: bool = False
    pattern: bool = False  # ``text`` is a regular expression

    @property
    def has_context(self) -> bool:
        return bool(self.unless_followed_by or self.unless_preceded_by or self.not_within)


@dataclass(frozen=True)
class Term:
    """A sector, audience, concept or framework area: an id, a display name and its phrases.

    ``sectors`` is used by audiences only (the sector ids the audience belongs to); ``channel``
    by sectors only: a way of reaching people ("online") rather than a sector organisations
    belong to, so nobody is expected to deliver "from" it; ``expected_by`` by framework areas
    only (see :mod:`partnermap.reference.frameworks`). ``line`` is where the term is defined in
    its file.
    """

    id: str
    name: str
    phrases: tuple[Phrase, ...] = ()
    sectors: tuple[str, ...] = ()
    description: str = ""
    line: int | None = None
    channel: bool = False
    expected_by: str = ""  # a framework area's: the guidance (or law) that expects it


class Match(NamedTuple):
    """A term found in a field: the term id and where (a :class:`partnermap.model.Mention`).

    ``mention.phrase`` is the text as written in the source (``text[start:end]``).
    """

    term: str
    mention: Mention


# --- building the regular expression ------------------------------------------------------------


def _plurals(word: str) -> list[str]:
    """The word and its plural.

    >>> _plurals("school"), _plurals("nursery"), _plurals("church"), _plurals("pupils")
    (['school', 'schools'], ['nursery', 'nurseries'], ['church', 'churches'], ['pupils'])
    """
    lower = word.lower()
    if not word[-1:].isalpha() or lower.endswith("s"):
        return [word]
    if lower.endswith(("x", "z", "ch", "sh")):
        return [word, word + "es"]
    if lower.endswith("y") and lower[-2:-1] not in tuple("aeiou"):
        return [word, word[:-1] + "ies"]
    return [word, word + "s"]


def surface_forms(phrase: str) -> list[str]:
    """Every written form a phrase matches (before whitespace/case folding).

    >>> surface_forms("school")
    ['school', "school's", 'schools', "schools'"]
    """
    words = phrase.split()
    head = " ".join(words[:-1])
    forms = []
    for last in _plurals(words[-1]):
        base = f"{head} {last}" if head else last
        forms.append(base)
        if last[-1:].isalpha():
            forms.append(base + ("'" if last.lower().endswith("s") else "'s"))
    return forms


def phrase_keys(phrase: str) -> list[str]:
    """The folded lookup keys of every surface form of a phrase (what the matcher compares).

    >>> phrase_keys("Front-line worker")
    ['front line worker', "front line worker's", 'front line workers', "front line workers'"]
    """
    return [_key(form) for form in surface_forms(phrase)]


def _key(text: str, match_case: bool = False) -> str:
    """Normalise written text for lookup: one space for whitespace/hyphens, one apostrophe."""
    text = _SEPARATORS.sub(" ", text.strip())
    text = _APOSTROPHE.sub("'", text)
    return text if match_case else text.lower()


def fold(text: str) -> str:
    """Lower-case ``text`` keeping its length (so spans in the folded text fit the original).

    >>> fold("Key Stage"), len(fold("İstanbul")) == len("İstanbul")
    ('key stage', True)
    """
    folded = text.lower()
    return folded if len(folded) == len(text) else text.translate(_ASCII_LOWER)


def _atom(char: str) -> str:
    """The regex for one character of a normalised, folded phrase (matched against folded text)."""
    if char == " ":
        return r"[\s\-]+"
    if char == "'":
        return f"[{_APOSTROPHES}]"
    if char.isascii() or char.upper() == char:
        return re.escape(char)
    return f"[{re.escape(char)}{re.escape(char.upper())}]"  # a fallback-folded text keeps non-ASCII capitals


def _trie_regex(words: Sequence[str]) -> str:
    """One regex matching any of ``words``, longest first, factored as a prefix tree.

    >>> _trie_regex(["teacher", "teachers", "tea"])
    'tea(?:chers?)?'
    """
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _render(trie)


def _render(node: dict) -> str:
    end = "" in node
    branches = [_atom(char) + _render(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if end:
        return f"(?:{body})?" if len(branches) > 1 or len(branches[0]) > 1 else f"{body}?"
    return body


def _phrase_list_regex(phrases: Sequence[str]) -> str:
    """Regex for a list of context phrases (with plurals and possessives), word-bounded."""
    keys = sorted({key for phrase in phrases for key in phrase_keys(phrase)})
    return r"(?<!\w)" + _trie_regex(keys) + r"(?!\w)"


@dataclass(frozen=True)
class _Context:
    """Compiled context rules of one phrase."""

    followed: re.Pattern | None
    preceded: re.Pattern | None
    within: re.Pattern | None

    @classmethod
    def of(cls, phrase: Phrase) -> _Context:
        def compiled(items: tuple[str, ...], template: str) -> re.Pattern | None:
            return re.compile(template.format(_phrase_list_regex(items)), re.I) if items else None

        return cls(
            followed=compiled(phrase.unless_followed_by, r"[\s,]*{}"),
            preceded=compiled(phrase.unless_preceded_by, r"{}[\s,]*\Z"),
            within=compiled(phrase.not_within, "{}"),
        )

    def rejects(self, text: str, start: int, end: int) -> bool:
        if self.followed and self.followed.match(text, end):
            return True
        if self.preceded and self.preceded.search(text, max(0, start - _CONTEXT_WINDOW), start):
            return True
        if self.within:
            lo, hi = max(0, start - _CONTEXT_WINDOW), min(len(text), end + _CONTEXT_WINDOW)
            return any(m.start() <= start and m.end() >= end for m in self.within.finditer(text, lo, hi))
        return False


class Matcher:
    """Finds the terms of one list (e.g. all sectors) in text; see the module docstring.

    The regex runs on the folded (lower-cased) text, which is about twice as fast as a
    case-insensitive regex; ``match_case`` phrases are then checked against the original text.
    """

    def __init__(self, terms: Sequence[Term]):
        self._forms: dict[str, tuple[str, Phrase]] = {}  # folded surface form -> (term, phrase)
        self._exact: set[str] = set()  # surface forms of match_case phrases, as written
        self._patterns: dict[str, tuple[str, Phrase]] = {}  # group name -> (term, phrase)
        for term in terms:
            for phrase in term.phrases:
                self._add(term.id, phrase)
        phrases = {phrase for _, phrase in [*self._forms.values(), *self._patterns.values()]}
        self._contexts = {phrase: _Context.of(phrase) for phrase in phrases if phrase.has_context}
        self.regex = self._compile()
        self._seen: dict[str, tuple[str, Phrase]] = {}

    def _add(self, term: str, phrase: Phrase) -> None:
        if phrase.pattern:
            self._patterns[f"p{len(self._patterns)}"] = (term, phrase)
            return
        for key in phrase_keys(phrase.text):
            self._forms.setdefault(key, (term, phrase))
        if phrase.match_case:
            self._exact.update(_key(form, match_case=True) for form in surface_forms(phrase.text))

    def _compile(self) -> re.Pattern:
        parts = [_trie_regex(sorted(self._forms))] if self._forms else []
        parts.extend(f"(?P<{name}>(?i:{phrase.text}))" for name, (_, phrase) in self._patterns.items())
        if not parts:
            return re.compile(r"(?!)")
        return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")

    def _identify(self, m: re.Match) -> tuple[str, Phrase]:
        """The (term id, phrase) a match came from (cached by the folded text matched)."""
        if m.lastgroup is not None:
            return self._patterns[m.lastgroup]
        written = m.group()
        found = self._seen.get(written)
        if found is None:
            found = self._seen[written] = self._forms[_key(written)]
        return found

    def _case_differs(self, phrase: Phrase, written: str) -> bool:
        """True when a ``match_case`` phrase matched only case-insensitively."""
        if phrase.pattern:
            return re.fullmatch(phrase.text, written) is None
        return _key(written, match_case=True) not in self._exact

    def find(self, text: str | None, field: str) -> list[Match]:
        """All matches in ``text`` (in order), recorded as found in ``field``."""
        return self.find_in([(field, text)])

    def find_in(self, fields: Sequence[tuple[str, str | None]]) -> list[Match]:
        """All matches in several ``(field, text)`` pairs, field by field, in one regex pass.

        A phrase never spans two fields; spans are relative to each field's own text.
        """
        texts = [text or "" for _, text in fields]
        joined = _FIELD_BREAK.join(texts)
        found = []
        offset, bound, index = 0, len(texts[0]), 0
        for term, start, end in self._spans(joined):
            while start > bound:
                index += 1
                offset = bound + 1
                bound = offset + len(texts[index])
            found.append(Match(term, Mention(fields[index][0], start - offset, end - offset, joined[start:end])))
        return found

    def _spans(self, text: str) -> Iterator[tuple[str, int, int]]:
        """(term id, start, end) of every accepted match in ``text``."""
        folded = text.lower()
        if self._alone is None or len(folded) != len(text):
            return self._regex_spans(text)
        return self._alone.spans_each(text, folded)[0]

    @cached_property
    def _alone(self) -> MatcherSet | None:
        """This matcher as a set of one, when its list can go by the automaton (no patterns)."""
        return MatcherSet([self]) if self._forms and not self._patterns else None

    def _regex_spans(self, text: str) -> Iterator[tuple[str, int, int]]:
        """:meth:`_spans` by the regular expression (the reference implementation)."""
        pos = 0
        search = self.regex.search
        folded = fold(text)
        while (m := search(folded, pos)) is not None:
            term, phrase = self._identify(m)
            start, end = m.span()
            if (phrase.match_case or phrase.has_context) and self._rejects(phrase, text, start, end):
                pos = start + 1  # look again one character into the rejected match
                continue
            yield term, start, end
            pos = end

    def _select(
        self, text: str, longest: dict[int, tuple[int, tuple[str, Phrase]]], shift: _Shift | None
    ) -> Iterator[tuple[str, int, int]]:
        """The accepted matches among the longest bounded key at each start (collapsed positions)."""
        pos = 0
        for first in sorted(longest):
            if first < pos:
                continue
            after, (term, phrase) = longest[first]
            start, end = (first, after) if shift is None else (shift.back(first), shift.back(after - 1) + 1)
            if (phrase.match_case or phrase.has_context) and self._rejects(phrase, text, start, end):
                pos = first + 1  # look again one character into the rejected match
                continue
            yield term, start, end
            pos = after

    def _rejects(self, phrase: Phrase, text: str, start: int, end: int) -> bool:
        """True when a ``match_case`` phrase differs in case or a context rule rejects the match."""
        if phrase.match_case and self._case_differs(phrase, text[start:end]):
            return True
        context = self._contexts.get(phrase)
        return context is not None and context.rejects(text, start, end)


def _collapse(folded: str) -> tuple[str, _Shift | None]:
    """``folded`` with each run of separators one space and ``’`` as ``'``, and the position map
    back (None when positions are unchanged)."""
    hyphenless = folded.replace("-", " ").replace("\u2019", "'")
    norm = " ".join(hyphenless.split())  # str.split's whitespace is the regex's \s
    if len(norm) == len(hyphenless):
        return norm, None
    norm = _SEPARATORS.sub(" ", hyphenless)  # a run of separators, or one at either end
    return norm, (_Shift(folded) if len(norm) != len(folded) else None)


class MatcherSet:
    """Several matchers run over the same text in one automaton pass, each with its own results.

    The automaton looks for the matchers' folded keys (one space between words, one apostrophe)
    in the folded text with each run of separators made one space (word characters stay where
    they are, so word boundaries read the same). At each start the longest key bounded by
    non-word characters is what the regex would match there; each matcher then takes its matches
    left to right as its regex does (:meth:`Matcher._select`). ``find_each(field, text)`` gives, for
    each matcher in order, what its regex gives (tests check this on real plans). Lists with
    ``pattern`` phrases, and text whose lower case changes its length, go by the regexes.
    """

    def __init__(self, matchers: Sequence[Matcher]):
        self.matchers = tuple(matchers)
        keys: dict[str, list] = {}
        for index, matcher in enumerate(matchers):
            for key, found in matcher._forms.items():
                keys.setdefault(key, []).append((index, found))
        self._automaton = None
        if keys and not any(m._patterns for m in matchers):
            self._automaton = ahocorasick.Automaton()
            for key, founds in keys.items():
                self._automaton.add_word(key, (len(key), tuple(founds)))
            self._automaton.make_automaton()

    def find_each(self, field: str, text: str | None) -> list[list[Match]]:
        """Per matcher, the matches in ``text`` (in order), recorded as found in ``field``."""
        return [
            [Match(term, Mention(field, start, end, text[start:end])) for term, start, end in spans]
            for spans in self.spans_of(text)
        ]

    def spans_of(self, text: str | None) -> list[list[tuple[str, int, int]]]:
        """Per matcher, the (term id, start, end) of its matches in ``text``, in order: what
        :meth:`find_each` gives, as plain tuples (the graph build makes no match objects)."""
        if not text:
            return [[] for _ in self.matchers]
        folded = text.lower()
        if self._automaton is None or len(folded) != len(text):
            return [
                [(m.term, m.mention.start, m.mention.end) for m in matcher.find(text, "")] for matcher in self.matchers
            ]
        return [list(spans) for spans in self.spans_each(text, folded)]

    def spans_of_each(self, texts: Iterable[str | None]) -> Iterator[Sequence[Sequence[tuple[str, int, int]]]]:
        """:meth:`spans_of` of each of ``texts`` in turn (as tuples or lists: read them, do not
        change them).

        A plan has thousands of texts of a few hundred characters, and the words of few matchers
        in each; matched one by one, the work per text (folding, collapsing, one automaton pass,
        a result per matcher) is most of the cost. So the texts are matched a batch at a time,
        joined by :data:`_FIELD_BREAK`: no key holds it and it bounds a word, so no key and no
        context rule reaches across it, and each text's spans are what it gives alone.
        """
        batch: list[str] = []
        size = 0
        for text in texts:
            batch.append(text or "")
            size += len(batch[-1]) + 1
            if size >= _BATCH_CHARS:
                yield from self._spans_of_batch(batch)
                batch, size = [], 0
        if batch:
            yield from self._spans_of_batch(batch)

    def _spans_of_batch(self, texts: list[str]) -> list[Sequence[Sequence[tuple[str, int, int]]]]:
        joined = _FIELD_BREAK.join(texts)
        folded = joined.lower()
        if self._automaton is None or len(folded) != len(joined):
            return [self.spans_of(text) for text in texts]
        starts = [0]  # where each text begins in the joined text
        for text in texts[:-1]:
            starts.append(starts[-1] + len(text) + 1)
        found: list[list[list[tuple[str, int, int]]] | None] = [None] * len(texts)  # None: nothing found
        for index, spans in enumerate(self.spans_each(joined, folded)):
            for term, start, end in spans:
                which = bisect_right(starts, start) - 1
                if found[which] is None:
                    found[which] = [[] for _ in self.matchers]
                offset = starts[which]
                found[which][index].append((term, start - offset, end - offset))
        nothing = ((),) * len(self.matchers)
        return [spans or nothing for spans in found]

    def spans_each(self, text: str, folded: str) -> list[Iterable[tuple[str, int, int]]]:
        """Per matcher, its (term id, start, end) in ``text`` (``folded`` is its lower case).

        Most texts hold the words of few of the matchers, so only those with a key found are
        asked to select (the others give an empty tuple)."""
        norm, shift = _collapse(folded)
        longest: dict[int, dict] = {}  # matcher index -> start -> (end, found): its longest key there
        size = len(norm)
        for last, (length, founds) in self._automaton.iter(norm):
            # a key bounded by non-word characters, the longest yet at its start (inline: this runs per key found)
            start, end = last - length + 1, last + 1
            if (start and (norm[start - 1].isalnum() or norm[start - 1] == "_")) or (
                end < size and (norm[end].isalnum() or norm[end] == "_")
            ):
                continue
            for index, found in founds:
                starts = longest.get(index)
                if starts is None:
                    longest[index] = {start: (end, found)}
                    continue
                best = starts.get(start)
                if best is None or best[0] < end:
                    starts[start] = (end, found)
        if not longest:
            return [()] * len(self.matchers)
        return [
            matcher._select(text, longest[index], shift) if index in longest else ()
            for index, matcher in enumerate(self.matchers)
        ]


class _Shift:
    """Positions between a text and the same text with each run of separators made one character."""

    def __init__(self, text: str):
        self._norm: list[int] = [0]  # collapsed-text positions where the shift changes
        self._orig: list[int] = [0]  # the same positions in the original text
        removed = 0
        for m in _SEPARATORS.finditer(text):
            if m.end() - m.start() > 1:
                removed += m.end() - m.start() - 1
                self._norm.append(m.start() - removed + m.end() - m.start())
                self._orig.append(m.end())

    def back(self, pos: int) -> int:
        """The original position of a character of the collapsed text."""
        i = bisect_right(self._norm, pos) - 1
        return pos - self._norm[i] + self._orig[i]


@dataclass
class Taxonomy:
    """A whole taxonomy. ``source`` is the file it came from; term lists keep file order.

    ``directory`` is the organisation directory given by the taxonomy file's own ``organisations``
    section, if it has one; :attr:`organisations` falls back to the bundled directory.
    A taxonomy file may also carry a framework of its own (a ``framework:`` section, or the older
    ``framework_areas:`` list, kept in :attr:`framework_areas`): :func:`partnermap.reference.frameworks.own_framework`
    makes it a framework that judges every plan read with the taxonomy.
    """

    name: str
    source: str
    sectors: list[Term] = field(default_factory=list)
    audiences: list[Term] = field(default_factory=list)
    concepts: list[Term] = field(default_factory=list)
    framework_areas: list[Term] = field(default_factory=list)  # the file's own (older form of) framework
    directory: OrgDirectory | None = None

    @cached_property
    def organisations(self) -> OrgDirectory:
        """Organisation aliases and sectors: the taxonomy file's own, else the bundled default."""
        if self.directory is not None:
            return self.directory
        from partnermap.reference.directory import default_directory

        return default_directory()

    @cached_property
    def sector_matcher(self) -> Matcher:
        return Matcher(self.sectors)

    @cached_property
    def audience_matcher(self) -> Matcher:
        return Matcher(self.audiences)

    @cached_property
    def concept_matcher(self) -> Matcher:
        return Matcher(self.concepts)

    @cached_property
    def matchers(self) -> MatcherSet:
        """The sector, audience and concept matchers, in that order, as one set."""
        return MatcherSet([self.sector_matcher, self.audience_matcher, self.concept_matcher])

    def summary(self) -> str:
        """One line counting the parts, e.g. ``13 sectors, 20 audiences, 12 concepts``."""
        return f"{len(self.sectors)} sectors, {len(self.audiences)} audiences, {len(self.concepts)} concepts"
