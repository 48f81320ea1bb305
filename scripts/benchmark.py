"""Benchmark: synthetic plans through ingest, graph and every gap analysis (not a timed test).

    python3 scripts/benchmark.py [N_ACTIVITIES ...]        (default: 1000 10000 100000)
    python3 scripts/benchmark.py --kinds 100000             (also time each gap kind)
    python3 scripts/benchmark.py --baseline d730700 100000  (and the same with that git revision)
    python3 scripts/benchmark.py --baseline d730700 --repeat 3 100000  (each three times, alternately; the median kept)
    python3 scripts/benchmark.py --baseline d730700 --baseline-env PARTNERMAP_WORKERS=0 100000
                                                            (that variable set for the baseline's processes only)

Each size is written once as a synthetic CSV plan (partnermap.synthetic), then measured in a
fresh Python process so its peak memory (max RSS) is its own: reading it
(partnermap.ingest.read_plan), building the graph, the whole gap report (every kind), the
coverage matrix and the partners table, in wall seconds. ``total`` is read + graph + gaps and
``peak_mb`` the peak by the end of the gap report (the plan dropped after the build, as the
command does); ``cli`` and ``cli_peak_mb`` are ``partnermap gaps FILE`` itself (the table a
coordinator reads), run in another fresh process. Target: 100,000 activities in 10 s and 1.5 GB.

With ``--baseline REV`` each size also runs with the code of git revision REV (a temporary
worktree put first on ``PYTHONPATH``) in the same run; the ratios (baseline / now) are printed, and
the run fails unless both give the same gap report, coverage matrix, partners table and graph
(nodes and edges with their attributes, in order), compared by a digest of their JSON.
``--baseline-env NAME=VALUE`` sets a variable for the baseline's processes only. With ``--repeat``
each figure is the median of the runs.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

AS_OF = date(2019, 4, 1)
ROOT = Path(__file__).resolve().parents[1]


def _timed(func, *args, **kwargs):
    start = time.perf_counter()
    result = func(*args, **kwargs)
    return result, time.perf_counter() - start


def canonical(value):
    """``value`` with dataclasses as dicts and every dict's items sorted (lists keep their order)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return sorted((repr(k), canonical(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return [canonical(v) for v in value]
    return value


def run_one(path: str, per_kind: bool) -> dict:
    """Time one plan file in this process; return the figures."""
    import partnermap
    from partnermap.graph.build import build_graph
    from partnermap.graph.coverage import coverage
    from partnermap.graph.gaps import FINDERS, find_gaps
    from partnermap.graph.network import partner_stats
    from partnermap.ingest import read_plan
    from partnermap.reference.taxonomy_file import load_taxonomy
    from partnermap.report.tables import gap_report

    taxonomy, load_s = _timed(load_taxonomy, None)
    plan, read_s = _timed(read_plan, path, taxonomy=taxonomy)
    activity_count = len(plan.activities)
    graph, graph_s = _timed(build_graph, [plan], taxonomy)
    del plan  # as in `partnermap gaps`, which keeps only the graph
    report, gaps_s = _timed(gap_report, graph, as_of=AS_OF)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    matrix, coverage_s = _timed(coverage, graph)
    partners, partners_s = _timed(partner_stats, graph)
    answer = json.dumps(
        canonical(
            [
                report,
                matrix,
                partners,
                graph.graph,
                list(graph.nodes(data=True)),
                list(graph.edges(keys=True, data=True)),
            ]
        ),
        default=str,
    )
    answer = answer.replace(str(Path(partnermap.__file__).parents[1]), "<code>")
    figures = {
        "activities": activity_count,
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "gaps": len(report["gaps"]),
        "read": read_s + load_s,
        "graph": graph_s,
        "gap_report": gaps_s,
        "coverage": coverage_s,
        "partners": partners_s,
        "total": load_s + read_s + graph_s + gaps_s,
        "peak_mb": peak_mb,
        "digest": hashlib.sha256(answer.encode()).hexdigest()[:16],
    }
    if per_kind:
        figures["kinds"] = {kind: _timed(find_gaps, graph, as_of=AS_OF, kinds=[kind])[1] for kind in FINDERS}
    return figures


def _env(code: Path | None, extra: dict[str, str] | None = None) -> dict:
    """The environment of a measured process: the code at ``code`` (or this checkout) imported first,
    whatever is installed, with the variables ``extra`` set."""
    env = {**os.environ, **(extra or {})}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(code or ROOT), env.get("PYTHONPATH")]))
    return env


def _measure(path: Path, per_kind: bool, code: Path | None = None, extra: dict[str, str] | None = None) -> dict:
    """Run one plan file in a fresh process, with the code at ``code`` (a worktree) first on the
    path and the variables ``extra`` set; then ``partnermap gaps FILE`` itself in another, timed
    with its peak memory."""
    env = _env(code, extra)
    out = subprocess.run(
        [sys.executable, __file__, "--one", str(path), *(["--kinds"] if per_kind else [])],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    ).stdout
    figures = json.loads(out)
    with tempfile.TemporaryFile() as sink:
        start = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-m", "partnermap", "gaps", str(path), "--as-of", AS_OF.isoformat()],
            stdout=sink,
            env=env,
            cwd=code or ROOT,
        )
        _, status, usage = os.wait4(child.pid, 0)
        figures["cli"] = time.perf_counter() - start
        figures["cli_peak_mb"] = usage.ru_maxrss / 1024
        child.returncode = os.waitstatus_to_exitcode(status)
        sink.seek(0)
        figures["digest"] += "/" + hashlib.sha256(sink.read()).hexdigest()[:8]
    if child.returncode:
        sys.exit(f"partnermap gaps {path} exited {child.returncode}")
    return figures


def _median(runs: list[dict]) -> dict:
    """One code's figures over its runs: each timing and size its median; the digest the runs'
    (all of them, when they differ)."""
    figures = dict(runs[0])
    for column, value in runs[0].items():
        if isinstance(value, float):
            figures[column] = statistics.median(run[column] for run in runs)
    figures["digest"] = "|".join(dict.fromkeys(run["digest"] for run in runs))
    if "kinds" in figures:
        figures["kinds"] = {kind: statistics.median(run["kinds"][kind] for run in runs) for kind in figures["kinds"]}
    return figures


def main(argv: list[str]) -> None:
    if argv[:1] == ["--one"]:
        print(json.dumps(run_one(argv[1], per_kind=argv[2:] == ["--kinds"])))
        return
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n\n", 1)[1],
    )
    parser.add_argument("sizes", type=int, nargs="*", default=[1000, 10000, 100000], metavar="N_ACTIVITIES")
    parser.add_argument("--kinds", action="store_true", help="also time each gap kind")
    parser.add_argument("--baseline", metavar="REV", help="also run the code of this git revision, in the same run")
    parser.add_argument(
        "--baseline-env",
        metavar="NAME=VALUE",
        action="append",
        default=[],
        help="set this environment variable for the baseline's processes only (repeatable)",
    )
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs of each code per size, alternately (each figure's median kept)"
    )
    args = parser.parse_args(argv)
    if any("=" not in item for item in args.baseline_env):
        parser.error("--baseline-env takes NAME=VALUE")
    baseline_env = dict(item.split("=", 1) for item in args.baseline_env)
    sys.path.insert(0, str(ROOT))  # this checkout's code (the measured processes choose theirs by _env)
    per_kind, baseline, repeat, sizes = args.kinds, args.baseline, args.repeat, args.sizes
    columns = (
        "activities",
        "nodes",
        "edges",
        "gaps",
        "read",
        "graph",
        "gap_report",
        "coverage",
        "partners",
        "total",
        "peak_mb",
        "cli",
        "cli_peak_mb",
    )
    worktree = None
    if baseline:
        worktree = Path(tempfile.mkdtemp(prefix="partnermap-baseline-")) / "code"
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(worktree), baseline], check=True, capture_output=True, cwd=ROOT
        )
    for code in filter(None, [ROOT, worktree]):  # bytecode for both, so neither pays compiling in its timings
        subprocess.run(
            [sys.executable, "-m", "compileall", "-q", str(code / "partnermap")],
            check=True,
            capture_output=True,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": ""},
        )
    try:
        print(" ".join(f"{c:>10}" for c in ("", *columns)))
        same = True
        for n in sizes:
            from partnermap.synthetic import write_synthetic_plan

            with tempfile.TemporaryDirectory() as tmp:
                # one file, measured with both codes
                path = write_synthetic_plan(Path(tmp) / f"synthetic-{n}.csv", n)
                measured: dict[str, list[dict]] = {}
                for _ in range(repeat):  # alternately: the machine's state favours neither
                    for name, code, extra in [("now", None, None)] + (
                        [(baseline[:10], worktree, baseline_env)] if worktree else []
                    ):
                        measured.setdefault(name, []).append(_measure(path, per_kind, code, extra))
                runs = [(name, _median(figures)) for name, figures in measured.items()]
            for name, figures in runs:
                print(
                    " ".join(
                        [f"{name:>10}"]
                        + [
                            f"{figures[c]:>10.2f}" if isinstance(figures[c], float) else f"{figures[c]:>10}"
                            for c in columns
                        ]
                    ),
                    flush=True,
                )
                for kind, seconds in figures.get("kinds", {}).items():
                    print(f"{'':>10} {kind:<34} {seconds:>8.3f} s")
            if worktree is not None:
                now, base = runs[0][1], runs[1][1]
                print(
                    " ".join(
                        [f"{'ratio':>10}"]
                        + [
                            f"{base[c] / now[c]:>10.2f}" if isinstance(now[c], float) and now[c] else f"{'':>10}"
                            for c in columns
                        ]
                    )
                )
                match = now["digest"] == base["digest"]
                same &= match
                print(
                    f"{'':>10} same report, coverage, partners and graph as {baseline}: {'yes' if match else 'NO'}"
                    f" ({now['digest']} / {base['digest']})",
                    flush=True,
                )
        if worktree is not None:
            print("ratio = baseline / now (above 1: now is faster or smaller)")
        if not same:
            sys.exit("the reports differ from the baseline's")
    finally:
        if worktree is not None:
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(worktree)], check=False, cwd=ROOT, capture_output=True
            )
            shutil.rmtree(worktree.parent, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
