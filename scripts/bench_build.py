"""Benchmark: taxonomy matching and graph building on a large synthetic plan.

    python3 scripts/bench_build.py [N_ACTIVITIES ...]     (default: 1000 10000 100000)

Prints, for each size, the seconds spent reading the plan, matching the taxonomy (all four term
lists over every activity's text and outcome) as the build does it (``match s``: one automaton
pass per field, ``Taxonomy.matchers``) and by each list's regular expression in turn (``regex s``:
the reference), and building the graph, with the graph's size.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from partnermap.graph.build import build_graph
from partnermap.ingest import read_plan
from partnermap.model import Mention
from partnermap.reference.taxonomy import Match
from partnermap.reference.taxonomy_file import load_taxonomy
from partnermap.synthetic import write_synthetic_plan


def _timed(func, *args):
    start = time.perf_counter()
    result = func(*args)
    return result, time.perf_counter() - start


def _match_all(taxonomy, plan) -> int:
    find_each = taxonomy.matchers.find_each
    count = 0
    for activity in plan.activities:
        for field, text in (("text", activity.text), ("outcome", activity.outcome.text if activity.outcome else None)):
            count += sum(map(len, find_each(field, text)))
    return count


def _regex_all(taxonomy, plan) -> int:
    matchers = taxonomy.matchers.matchers
    count = 0
    for activity in plan.activities:
        for field, text in (("text", activity.text), ("outcome", activity.outcome.text if activity.outcome else "")):
            count += sum(
                len(
                    [
                        Match(term, Mention(field, start, end, text[start:end]))
                        for term, start, end in m._regex_spans(text)
                    ]
                )
                for m in matchers
            )
    return count


def main(sizes: list[int]) -> None:
    taxonomy = load_taxonomy(None)
    print(
        f"{'activities':>10} {'read s':>8} {'match s':>8} {'regex s':>8} {'build s':>8} {'matches':>9} "
        f"{'nodes':>8} {'edges':>9}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            path = Path(tmp) / f"synthetic-{n}.csv"
            write_synthetic_plan(path, n)
            plan, read_s = _timed(read_plan, path)
            matches, match_s = _timed(_match_all, taxonomy, plan)
            regex_matches, regex_s = _timed(_regex_all, taxonomy, plan)
            assert regex_matches == matches, (regex_matches, matches)
            graph, build_s = _timed(build_graph, [plan], taxonomy)
            print(
                f"{n:>10} {read_s:>8.2f} {match_s:>8.2f} {regex_s:>8.2f} {build_s:>8.2f} {matches:>9} "
                f"{graph.number_of_nodes():>8} {graph.number_of_edges():>9}"
            )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 10000, 100000])
