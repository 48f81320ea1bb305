"""Benchmark: synthetic plans through ingest, graph and every gap analysis (not a timed test).

    python3 scripts/benchmark.py [N_ACTIVITIES ...]        (default: 1000 10000 100000)
    python3 scripts/benchmark.py --kinds 100000             (also time each gap kind)

Each size runs in a fresh Python process so its peak memory (max RSS) is its own. For each size
it writes the synthetic plan (partnermap.synthetic) as CSV, then times reading it
(partnermap.ingest.read_plan), building the graph, the whole gap report (every kind), the
coverage matrix and the partners table, and prints wall times in seconds and peak memory in MB.
``total`` is the end-to-end time of ``partnermap gaps``: read + graph + gaps. Target: 100,000
activities in under 10 s and 2 GB.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

AS_OF = date(2019, 4, 1)


def _timed(func, *args, **kwargs):
    start = time.perf_counter()
    result = func(*args, **kwargs)
    return result, time.perf_counter() - start


def run_one(n: int, per_kind: bool) -> dict:
    """Time one size in this process; return the figures."""
    from partnermap.graph.build import build_graph
    from partnermap.graph.coverage import coverage
    from partnermap.graph.gaps import FINDERS, find_gaps
    from partnermap.graph.network import partner_stats
    from partnermap.ingest import read_plan
    from partnermap.reference.taxonomy_file import load_taxonomy
    from partnermap.report.tables import gap_report
    from partnermap.synthetic import write_synthetic_plan

    with tempfile.TemporaryDirectory() as tmp:
        path = write_synthetic_plan(Path(tmp) / f"synthetic-{n}.csv", n)
        taxonomy, load_s = _timed(load_taxonomy, None)
        plan, read_s = _timed(read_plan, path, taxonomy=taxonomy)
    graph, graph_s = _timed(build_graph, [plan], taxonomy)
    report, gaps_s = _timed(gap_report, graph, as_of=AS_OF)
    _, coverage_s = _timed(coverage, graph)
    _, partners_s = _timed(partner_stats, graph)
    figures = {
        "activities": len(plan.activities), "nodes": graph.number_of_nodes(), "edges": graph.number_of_edges(),
        "gaps": len(report["gaps"]), "read": read_s + load_s, "graph": graph_s, "gap_report": gaps_s,
        "coverage": coverage_s, "partners": partners_s, "total": load_s + read_s + graph_s + gaps_s,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    if per_kind:
        figures["kinds"] = {kind: _timed(find_gaps, graph, as_of=AS_OF, kinds=[kind])[1] for kind in FINDERS}
    return figures


def main(argv: list[str]) -> None:
    if argv[:1] == ["--one"]:
        print(json.dumps(run_one(int(argv[1]), per_kind=argv[2:] == ["--kinds"])))
        return
    per_kind = "--kinds" in argv
    sizes = [int(a) for a in argv if a != "--kinds"] or [1000, 10000, 100000]
    columns = ("activities", "nodes", "edges", "gaps", "read", "graph", "gap_report", "coverage", "partners",
               "total", "peak_mb")
    print(" ".join(f"{c:>10}" for c in columns))
    for n in sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(n), *(["--kinds"] if per_kind else [])],
                             check=True, capture_output=True, text=True).stdout
        figures = json.loads(out)
        print(" ".join(f"{figures[c]:>10.2f}" if isinstance(figures[c], float) else f"{figures[c]:>10}"
                       for c in columns), flush=True)
        for kind, seconds in figures.get("kinds", {}).items():
            print(f"{'':>10} {kind:<34} {seconds:>8.3f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
