"""duplicate_activity: near-identical activities within and across plans, blocked to stay fast."""

from __future__ import annotations

import random

from partnermap.graph.gaps.duplicates import duplicate_activity, near_duplicates, similarity
from tests.graph.gaps import graph_of


def test_within_and_across_plans():
    G = graph_of(
        (
            "a",
            [
                {"text": "Prepare a Prevent Communications Strategy"},
                {"text": "Review the Channel panel"},
                {"text": "Prepare a Prevent communications strategy."},
            ],
        ),
        ("b", [{"text": "Review the Channel panels", "line": 8}, {"text": "Map local risks"}]),
    )
    gaps = duplicate_activity(G)
    assert [(g.subject, [e["activity"] for e in g.evidence]) for g in gaps] == [
        ("Activity:a:1", ["Activity:a:1", "Activity:a:3"]),
        ("Activity:a:2", ["Activity:a:2", "Activity:b:1"]),
    ]
    assert {g.severity for g in gaps} == {"low"}
    assert gaps[0].detail == (
        '2 activities in a are near-identical (100% alike): "Prepare a Prevent Communications Strategy".'
    )
    assert gaps[1].detail.startswith("2 activities across plans a, b are near-identical (")
    assert gaps[1].evidence[1] == {"activity": "Activity:b:1", "source": "b.txt", "line": 8}


def test_threshold_option_and_different_activities():
    G = graph_of(
        (
            "a",
            [
                {"text": "Deliver WRAP training to school staff"},
                {"text": "Deliver WRAP training to college staff"},
                {"text": "Review arrangements for room bookings"},
            ],
        )
    )
    assert similarity("Deliver WRAP training to school staff", "Deliver WRAP training to college staff") < 90
    assert duplicate_activity(G) == []
    assert len(duplicate_activity(G, threshold=80)) == 1


def test_groups_are_transitive():
    texts = [
        "Run ten awareness sessions in mosques",
        "Run ten awareness session in mosques",
        "Run ten awareness session in mosque",
        "Something else entirely",
    ]
    assert [group for group, _ in near_duplicates(texts)] == [[0, 1, 2]]


def test_planted_rewordings_are_found_among_many_activities():
    rng = random.Random(7)
    vocabulary = [f"w{i}" for i in range(30000)]
    texts = [" ".join(rng.sample(vocabulary, 10)) for _ in range(20000)]
    for i in range(0, 20000, 1000):  # plant a reworded copy: one word changed, order shuffled
        copy = texts[i].split()
        copy[3] = f"changed{i}"
        rng.shuffle(copy)
        texts.append(" ".join(copy))
    groups = near_duplicates(texts, threshold=80)
    assert sorted(group for group, _ in groups) == [[i, 20000 + i // 1000] for i in range(0, 20000, 1000)]


def test_big_buckets_of_common_words_fall_back_to_sorted_neighbours():
    texts = ["Deliver Prevent training", "Review the Channel panel"] * 100
    groups = near_duplicates(texts, bucket=16)
    assert [(len(group), score) for group, score in groups] == [(100, 100.0), (100, 100.0)]


def test_more_distinct_words_than_characters_gives_the_same_groups(monkeypatch):
    from partnermap.graph.gaps import duplicates

    texts = [
        "Run ten awareness sessions in mosques",
        "Run ten awareness session in mosques",
        "Deliver Prevent training",
        "Review the Channel panel",
        "deliver prevent training.",
    ] * 20
    expected = near_duplicates(texts, bucket=4)
    monkeypatch.setattr(duplicates, "_CHARACTERS", 3)  # too few: ranks go in tuples instead
    assert near_duplicates(texts, bucket=4) == expected
    assert [len(group) for group, _ in expected] == [40, 40, 20]


def test_pairs_scored_together_or_one_by_one_give_the_same_groups(monkeypatch):
    from partnermap.graph.gaps import duplicates

    rng = random.Random(3)
    vocabulary = [f"w{i}" for i in range(300)]
    texts = [" ".join(rng.sample(vocabulary, 8)) for _ in range(3000)]
    texts += [text.replace(text.split()[2], "changed") for text in texts[:100]]  # near copies
    one_by_one = near_duplicates(texts, threshold=80)
    monkeypatch.setattr(duplicates, "_MANY_PAIRS", 0)
    together = near_duplicates(texts, threshold=80)
    assert together == one_by_one and len(one_by_one) >= 90
