#!/usr/bin/env python3
"""Benchmark the Neo4j loader against LOAD CSV of the same rows on the same server, in one run.

Starts a throw-away local server (its own home and port), then for each size builds a synthetic
plan (partnermap.synthetic), loads it with partnermap.cypher.store.load_graph (one transaction,
batched UNWIND CREATE/MERGE), writes the very same node and relationship rows as CSV files into the
server's import directory and loads them into an emptied database with LOAD CSV (the same CREATE
and MERGE clauses, one transaction; the two alternately, ``--repeat`` times each, best kept, since
the server's JIT warms to whichever ran before), times the server alone creating as many bare nodes and
relationships (the ceiling), and reports activities per second for all three and the ratio. It
also times a replace (an edited copy of the plan loaded over it, best of ``--repeat``; target: no
slower than the fresh load) and `load --bulk` (Neo4j's offline importer into the emptied database,
the server's stop and start included). Finally prints the EXPLAIN plans of the load statements
(index seeks, no label scans).

    python3 scripts/bench_neo4j.py                 # 10,000 and 100,000 activities
    python3 scripts/bench_neo4j.py --sizes 2000    # a quick run
    python3 scripts/bench_neo4j.py --sizes --baseline 1f01cc4   # latency only, against that revision

First, the waits a coordinator sees on the sample plan, each command in a fresh process (best of
5): the first `load` after the server starts, a warm `load`, `gaps --source neo4j` and a named
query (targets 3 s, 1 s, 1 s and 0.5 s), with `partnermap --help` as the floor of starting
Python. With ``--baseline REV`` the same commands also run from a git worktree of REV against a
server that REV's own code starts, in the same run, and the ratios are printed.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from partnermap.cypher import bulk, store  # noqa: E402
from partnermap.cypher.connect import Settings, open_driver  # noqa: E402
from partnermap.cypher.server import LocalServer, free_port  # noqa: E402
from partnermap.graph import schema as S  # noqa: E402
from partnermap.graph.build import build_graph  # noqa: E402
from partnermap.pipeline import load_taxonomy  # noqa: E402
from partnermap.synthetic import synthetic_plan  # noqa: E402


def clear(driver) -> None:
    with driver.session() as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 20000 ROWS").consume()


def write_csvs(write: store.PlanWrite, folder: Path) -> list[str]:
    """One CSV per node label and per relationship group; the LOAD CSV statements that write them as
    the loader does (CREATE for the plan's fresh nodes and their relationships, MERGE for the rest).
    Values stay CSV strings, which spares LOAD CSV the typed values the loader writes."""
    statements = []
    for label, rows in [*write.nodes.items(), *write.shared.items()]:
        name = f"nodes-{label}.csv"
        keys = list(dict.fromkeys(k for row in rows for k in row))
        with open(folder / name, "w", newline="", encoding="utf-8") as out:
            writer = csv.DictWriter(out, keys)
            writer.writeheader()
            writer.writerows({k: ("" if v is None else v) for k, v in row.items()} for row in rows)
        write_clause = (
            f"CREATE (n:{S.check_label(label)}) SET n = row"
            if store.node_statement(label, new_plan=True) == "create_nodes"
            else f"MERGE (n:{S.check_label(label)} {{id: row.id}}) ON CREATE SET n = row ON MATCH SET n = row"
        )
        statements.append(f"LOAD CSV WITH HEADERS FROM 'file:///{name}' AS row {write_clause}")
    for (rel, start, end), lists in write.rels.items():
        rows = [{"u": row[0], "v": row[1], **store.rel_properties(row)} for row in lists]
        name = f"rels-{rel}-{start}-{end}.csv"
        keys = [k for k in dict.fromkeys(k for row in rows for k in row) if k not in ("u", "v")]
        with open(folder / name, "w", newline="", encoding="utf-8") as out:
            writer = csv.DictWriter(out, ["u", "v", *keys])
            writer.writeheader()
            writer.writerows(rows)
        props = ", ".join(f"r.{k} = row.{k}" for k in keys)
        verb = "CREATE" if store.relationship_statement(start, end) == "create_relationships" else "MERGE"
        statements.append(
            f"LOAD CSV WITH HEADERS FROM 'file:///{name}' AS row "
            f"MATCH (a:{S.check_label(start)} {{id: row.u}}) "
            f"MATCH (b:{S.check_label(end)} {{id: row.v}}) "
            f"{verb} (a)-[r:{S.check_rel_type(rel)}]->(b) SET {props}"
        )
    return statements


def run_all(tx, statements: list[str]) -> None:
    for text in statements:
        tx.run(text).consume()


def operators(plan: dict) -> list[str]:
    found = [plan["operatorType"].split("@")[0]]
    for child in plan.get("children", []):
        found += operators(child)
    return found


def ceiling(driver, nodes: int, relationships: int) -> float:
    """Seconds the server takes, in one transaction, to create as many bare nodes (one unique id
    each) and relationships (found by id, no properties) as a load writes, with no client work:
    the most any loader could do on this machine."""
    with driver.session() as session:
        session.run(
            "CREATE CONSTRAINT bench_ceiling IF NOT EXISTS FOR (n:BenchCeiling) REQUIRE n.id IS UNIQUE"
        ).consume()
        session.run("CALL db.awaitIndexes(300)").consume()
        t0 = time.perf_counter()
        session.execute_write(
            lambda tx: (
                tx.run("UNWIND range(0, $n - 1) AS i CREATE (:BenchCeiling {id: i})", n=nodes).consume(),
                tx.run(
                    "UNWIND range(0, $m - 1) AS i MATCH (a:BenchCeiling {id: i % $n}) "
                    "MATCH (b:BenchCeiling {id: (i * 7919) % $n}) CREATE (a)-[:BENCH]->(b)",
                    n=nodes,
                    m=relationships,
                ).consume(),
            )
        )
        seconds = time.perf_counter() - t0
        session.run("MATCH (n:BenchCeiling) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 20000 ROWS").consume()
        session.run("DROP CONSTRAINT bench_ceiling").consume()
    return seconds


def edited(plan):
    """The plan as its next version might be: every tenth activity reworded (so its audiences and
    sectors change), every twentieth without its leads, the last 2% deleted."""
    acts = [
        dataclasses.replace(a, text=f"{a.text} with faith leaders and mosques")
        if i % 10 == 0
        else dataclasses.replace(a, leads=[])
        if i % 20 == 5
        else a
        for i, a in enumerate(plan.activities[: len(plan.activities) * 49 // 50])
    ]
    return dataclasses.replace(plan, activities=acts)


def bench(settings, server, n: int, taxonomy, repeat: int) -> dict:
    with open_driver(settings) as driver:
        return _bench(driver, settings, server, n, taxonomy, repeat)


def _bench(driver, settings, server, n: int, taxonomy, repeat: int) -> dict:
    t0 = time.perf_counter()
    plan = synthetic_plan(n, plan_id=f"bench-{n}")
    G = build_graph([plan], taxonomy)  # as `partnermap load` builds it
    built = time.perf_counter() - t0
    (write,) = store.plan_writes(G)
    statements = write_csvs(write, server.home / "import")
    ours = csv_time = float("inf")
    for _ in range(repeat):  # alternately, best of each: the server's JIT warms to both as they run
        clear(driver)
        t0 = time.perf_counter()
        store.load_graph(driver, G)
        ours = min(ours, time.perf_counter() - t0)
        loaded = driver.execute_query("MATCH (n) RETURN count(n) AS n").records[0]["n"]
        clear(driver)
        t0 = time.perf_counter()
        with driver.session() as session:
            session.execute_write(run_all, statements)
        csv_time = min(csv_time, time.perf_counter() - t0)
        assert driver.execute_query("MATCH (n) RETURN count(n) AS n").records[0]["n"] == loaded
    changed = build_graph([edited(plan)], taxonomy)
    replace = float("inf")
    for _ in range(repeat):  # best of as many as the fresh loads had (the server's pauses hit either)
        clear(driver)
        store.load_graph(driver, G)
        t0 = time.perf_counter()
        store.load_graph(driver, changed)  # replace: an edited copy over it
        replace = min(replace, time.perf_counter() - t0)
    clear(driver)
    bare = ceiling(driver, G.number_of_nodes(), G.number_of_edges())
    clear(driver)
    t0 = time.perf_counter()
    bulk.bulk_load(server, [G])  # the server stops for the import and starts again
    bulk_s = time.perf_counter() - t0
    # a new database: the old driver's bookmarks name transactions it never had
    with open_driver(settings) as fresh:
        assert fresh.execute_query("MATCH (n) RETURN count(n) AS n").records[0]["n"] == loaded
        clear(fresh)
        store.warm_up(fresh)  # as warm for the next size as before the restart
    return {
        "activities": n,
        "nodes": G.number_of_nodes(),
        "relationships": G.number_of_edges(),
        "rows": write.rows,
        "build_s": round(built, 2),
        "load_s": round(ours, 2),
        "load_activities_per_s": round(n / ours),
        "replace_s": round(replace, 2),
        "replace_vs_fresh": round(replace / ours, 2),
        "load_csv_s": round(csv_time, 2),
        "load_csv_activities_per_s": round(n / csv_time),
        "speedup_vs_load_csv": round(csv_time / ours, 2),
        "bare_server_s": round(bare, 2),
        "bare_server_activities_per_s": round(n / bare),
        "bulk_s": round(bulk_s, 2),
        "bulk_vs_loader": round(ours / bulk_s, 2),
    }


ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "plans" / "bradford-prevent-plan-2017-19.txt"
LATENCY = {  # name -> (command arguments, target seconds)
    "first load after start": (["load", str(SAMPLE)], 3.0),
    "load (warm)": (["load", str(SAMPLE)], 1.0),
    "gaps --source neo4j": (["gaps", "--source", "neo4j"], 1.0),
    "cypher run overdue": (["cypher", "run", "overdue", "--param", "as_of=2018-06-30"], 0.5),
    "--help (floor)": (["--help"], None),
}


def _timed_command(code: Path, home: Path, args: list[str]) -> float:
    import os
    import subprocess

    env = {**os.environ, "PYTHONPATH": str(code), "PARTNERMAP_NEO4J_HOME": str(home), "NO_COLOR": "1"}
    for key in ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
        env.pop(key, None)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "partnermap", *args], env=env, cwd=code, check=True, capture_output=True)
    return time.perf_counter() - start


def latency(code: Path) -> dict[str, float]:
    """The waits of the sample plan, for the partnermap source tree at ``code`` (its own server)."""
    import os
    import subprocess

    home = Path(tempfile.mkdtemp(prefix="partnermap-bench-latency-"))
    env = {**os.environ, "PYTHONPATH": str(code), "PARTNERMAP_NEO4J_HOME": str(home)}
    subprocess.run(
        [sys.executable, "-m", "partnermap", "neo4j", "start"], env=env, cwd=code, check=True, capture_output=True
    )
    try:
        found = {}
        for name, (args, _) in LATENCY.items():
            runs = 1 if name == "first load after start" else 5
            found[name] = min(_timed_command(code, home, args) for _ in range(runs))
        return found
    finally:
        subprocess.run([sys.executable, "-m", "partnermap", "neo4j", "stop"], env=env, cwd=code, capture_output=True)
        shutil.rmtree(home, ignore_errors=True)


def print_latency(baseline: str | None) -> None:
    import subprocess

    ours = latency(ROOT)
    theirs = None
    if baseline:
        tree = Path(tempfile.mkdtemp(prefix="partnermap-baseline-")) / "tree"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), baseline],
            check=True,
            capture_output=True,
        )
        try:
            theirs = latency(tree)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], capture_output=True)
    print(
        f"\n{'sample plan, fresh process':<28} {'now s':>7} {'target':>7}"
        + (f" {baseline + ' s':>12} {'ratio':>6}" if theirs else "")
    )
    for name, (_, target) in LATENCY.items():
        verdict = "" if target is None else ("ok" if ours[name] <= target else "MISSED")
        line = f"{name:<28} {ours[name]:7.2f} {(f'<={target:g} ' + verdict) if target else '':>7}"
        if theirs:
            line += f" {theirs[name]:12.2f} {theirs[name] / ours[name]:6.2f}"
        print(line)
    if theirs:
        print(f"ratio = {baseline}'s time / this tree's time (above 1: faster now)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument(
        "--baseline",
        default=None,
        metavar="REV",
        help="also time the sample plan's commands with this git revision, in the same run",
    )
    parser.add_argument("--heap", default="8g", help="server heap (one transaction holds the whole plan)")
    parser.add_argument("--page-cache", default="2g")
    parser.add_argument("--repeat", type=int, default=2, help="loader and LOAD CSV runs per size, alternately (best)")
    parser.add_argument("--no-latency", action="store_true", help="leave out the sample plan's commands")
    args = parser.parse_args()
    if not args.no_latency:
        print_latency(args.baseline)
    if not args.sizes:
        return
    home = Path(tempfile.mkdtemp(prefix="partnermap-bench-neo4j-"))
    server = LocalServer(home)
    info = server.start(
        port=free_port(),
        allow_csv_import=True,
        heap=args.heap,
        page_cache=args.page_cache,
        log=lambda m: print(m, file=sys.stderr),
    )
    try:
        settings = Settings(info.uri, password=info.password())
        taxonomy = load_taxonomy(None)
        bench(settings, server, 1000, taxonomy, 1)  # warm up the JVM and the query caches
        results = []
        for n in args.sizes:
            results.append(bench(settings, server, n, taxonomy, args.repeat))
            print(json.dumps(results[-1]), flush=True)
        with open_driver(settings) as driver:
            print(f"\nNeo4j {info.version}, heap {args.heap}, page cache {args.page_cache}")
            print(
                f"{'activities':>10} {'rows':>9} {'loader s':>9} {'act/s':>8} {'LOAD CSV s':>10} {'act/s':>8} "
                f"{'ratio':>6} {'bare s':>7} {'act/s':>8} {'replace s':>9} {'/fresh':>6} {'bulk s':>7} {'x':>5}"
            )
            for r in results:
                print(
                    f"{r['activities']:>10} {r['rows']:>9} {r['load_s']:>9} {r['load_activities_per_s']:>8} "
                    f"{r['load_csv_s']:>10} {r['load_csv_activities_per_s']:>8} {r['speedup_vs_load_csv']:>6} "
                    f"{r['bare_server_s']:>7} {r['bare_server_activities_per_s']:>8} {r['replace_s']:>9} "
                    f"{r['replace_vs_fresh']:>6} {r['bulk_s']:>7} {r['bulk_vs_loader']:>5}"
                )
            print(
                "ratio = LOAD CSV time / loader time (above 1: the loader is faster). bare = the server creating "
                "as many\nbare nodes and relationships with no properties and no client: the ceiling on this machine."
                "\nreplace = loading an edited copy over the plan (target: /fresh <= 1). bulk = load --bulk into the "
                "emptied database,\nstopping and starting the server included; x = loader time / bulk time."
            )
            print("\nEXPLAIN of the load statements (operators, leaf first):")
            with driver.session() as session:
                texts = [
                    store.statement("create_nodes", label=S.ACTIVITY),
                    store.statement("merge_nodes", label=S.ORGANISATION),
                    store.statement("create_relationships", rel=S.LEADS, start=S.ORGANISATION, end=S.ACTIVITY),
                    store.statement("merge_relationships", rel=S.IN_SECTOR, start=S.ORGANISATION, end=S.SECTOR),
                    store.statement("delete_relationships_from_end", rel=S.LEADS, end=S.ACTIVITY),
                    store.statement("update_relationships_from_start", rel=S.PART_OF, start=S.ACTIVITY),
                    store.statement("delete_nodes", label=S.ACTIVITY),
                    store.statement("read_plan_nodes", label=S.ACTIVITY),
                ]
                for text in texts:
                    plan = session.run("EXPLAIN " + text, rows=[], plan="p").consume().plan
                    print(f"  {' '.join(text.split())[:90]}\n    -> {' <- '.join(reversed(operators(plan)))}")
    finally:
        server.stop()
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
