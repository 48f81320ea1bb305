"""Near-identical activities, within one plan or across plans.

Texts are compared by :func:`similarity`: rapidfuzz's ``ratio`` (0-100) of their words in sorted
order, so case, punctuation and word order do not matter. Comparing every pair is quadratic, so
candidates are blocked by *prefix filtering*: near-identical texts share most words, so they share
at least one of their few rarest words; only texts sharing one of their ``prefix`` rarest words
are compared (see :func:`near_duplicates`), which keeps the work about linear in the number of texts.
Matches are grouped transitively; one gap per group (subject = its first activity's id), every
activity in the group as evidence.

>>> import networkx as nx
>>> G = nx.MultiDiGraph(plans=["a", "b"])
>>> G.add_node("Activity:a:1", kind="Activity", plan="a", seq=1, text="Prepare a Prevent Communications Strategy")
>>> G.add_node("Activity:a:2", kind="Activity", plan="a", seq=2, text="Review the Channel panel")
>>> G.add_node("Activity:b:1", kind="Activity", plan="b", seq=1, text="Prepare a Prevent communications strategy.")
>>> [(g.subject, [e["activity"] for e in g.evidence]) for g in duplicate_activity(G)]
[('Activity:a:1', ['Activity:a:1', 'Activity:b:1'])]
>>> similarity("Brief school staff on Prevent", "Prevent: brief school staff on")
100.0
"""

from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from itertools import chain, combinations

import networkx as nx
from rapidfuzz import fuzz
from rapidfuzz.process import cpdist

from partnermap.graph.gaps.base import Gap, activities, evidence, finder, quoted

_WORD = re.compile(r"\w+")
_MANY_PAIRS = 50_000  # candidate pairs from which near_duplicates scores them all in one cpdist call
_CHARACTERS = sys.maxunicode + 1  # distinct words that near_duplicates can write one character each


def words(text: str | None) -> list[str]:
    """The lower-cased words of a text."""
    return _WORD.findall((text or "").lower())


def signature(text: str | None) -> str:
    """The words of a text in sorted order: what :func:`similarity` compares."""
    return " ".join(sorted(words(text)))


def similarity(a: str | None, b: str | None, *, cutoff: float = 0) -> float:
    """How alike two texts are, 0-100 (0 below ``cutoff``)."""
    return fuzz.ratio(signature(a), signature(b), score_cutoff=cutoff)


class _Groups:
    """Union-find over indexes; each root remembers the lowest score that joined its group."""

    def __init__(self):
        self.parent: dict[int, int] = {}
        self.score: dict[int, float] = {}

    def find(self, i: int) -> int:
        while self.parent.get(i, i) != i:
            i = self.parent[i]
        return i

    def join(self, i: int, j: int, score: float) -> None:
        ri, rj = sorted((self.find(i), self.find(j)))
        low = min(score, self.score.get(ri, 100.0), self.score.get(rj, 100.0))
        self.parent[rj] = ri
        self.parent.setdefault(ri, ri)
        self.score[ri] = low


def near_duplicates(
    texts: list[str], *, threshold: float = 90, prefix: int = 2, bucket: int = 16, window: int = 4
) -> list[tuple[list[int], float]]:
    """Groups of indexes of near-identical ``texts`` (each sorted) with their lowest joining score.

    Candidates share one of their ``prefix`` rarest words. Buckets of up to ``bucket`` texts are
    compared pair by pair; bigger ones (a word many texts share) are sorted by their words rarest
    first and each text compared with the next ``window``. The candidate pairs are scored together
    by rapidfuzz (``cpdist``, in C on every core); the groups do not depend on the order.

    >>> near_duplicates(["Train school staff", "train the school staff", "Review the panel"])
    [([0, 1], 90.0)]
    """
    tokens = [_WORD.findall(text.lower()) for text in texts]
    sigs = [" ".join(sorted(ws)) for ws in tokens]
    distinct = [set(ws) for ws in tokens]
    df = Counter(chain.from_iterable(distinct))
    # each text's distinct words rarest first, as a string of one character per word (rank i is
    # chr(i)): it sorts as the list of ranks would, and much faster
    by_rarity = sorted(df, key=lambda w: (df[w], w))
    if len(by_rarity) <= _CHARACTERS:
        code = {w: chr(i) for i, w in enumerate(by_rarity)}
        keys = ["".join(sorted(map(code.__getitem__, ws))) for ws in distinct]
    else:  # more words than characters: tuples of ranks
        rank = {w: i for i, w in enumerate(by_rarity)}
        keys = [tuple(sorted(map(rank.__getitem__, ws))) for ws in distinct]
    buckets = defaultdict(list)
    for i, key in enumerate(keys):
        for word in key[:prefix]:
            buckets[word].append(i)
    place: list[int] | None = None  # each text's place among all, by its words rarest first
    first: list[int] = []  # the candidate pairs (first[k], second[k])
    second: list[int] = []
    for word in sorted(buckets):
        members = buckets[word]
        if len(members) <= bucket:
            for i, j in combinations(members, 2):
                first.append(i)
                second.append(j)
            continue
        if place is None:  # one sort of all texts orders every big bucket by integers
            place = [0] * len(texts)
            for at, i in enumerate(sorted(range(len(texts)), key=keys.__getitem__)):  # stable: ties by index
                place[i] = at
        members = sorted(members, key=place.__getitem__)
        for step in range(1, window + 1):
            first.extend(members[:-step])
            second.extend(members[step:])
    groups = _Groups()
    if len(first) >= _MANY_PAIRS:  # worth numpy's import and the threads
        scores = cpdist(
            [sigs[i] for i in first],
            [sigs[j] for j in second],
            scorer=fuzz.ratio,
            score_cutoff=threshold,
            dtype="float64",
            workers=-1,
        )
        for k in scores.nonzero()[0].tolist():
            groups.join(first[k], second[k], scores[k].item())
    else:
        for i, j in zip(first, second):
            if score := fuzz.ratio(sigs[i], sigs[j], score_cutoff=threshold):
                groups.join(i, j, score)
    members = defaultdict(list)
    for i in groups.parent:
        members[groups.find(i)].append(i)
    return sorted((sorted(m), groups.score[root]) for root, m in members.items() if len(m) > 1)


@finder
def duplicate_activity(G: nx.MultiDiGraph, *, threshold: float = 90, **blocking) -> list[Gap]:
    """Groups of activities whose texts are at least ``threshold`` % alike (severity low).

    ``blocking`` options (``prefix``, ``bucket``, ``window``) go to :func:`near_duplicates`.
    """
    acts = activities(G)
    found = near_duplicates([d.get("text") or "" for _, d in acts], threshold=threshold, **blocking)
    gaps = []
    for group, score in found:
        ids = [acts[i][0] for i in group]
        first = acts[group[0]][1]
        plans = sorted({acts[i][1].get("plan") or "" for i in group})
        where = f"in {plans[0]}" if len(plans) == 1 else "across plans " + ", ".join(plans)
        gaps.append(
            Gap(
                "duplicate_activity",
                ids[0],
                first.get("name") or ids[0],
                "low",
                f"{len(ids)} activities {where} are near-identical ({score:.0f}% alike): {quoted(first.get('text'))}.",
                evidence(G, ids),
            )
        )
    return gaps
