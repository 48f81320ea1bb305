"""Benchmark: the map of a 5,000-node synthetic plan (:mod:`partnermap.synthetic`).

    python3 scripts/bench_map.py [--activities N] [--runs R]

Prints the graph's size, the seconds to generate the HTML page (target: under 1 s), the page's
size, and, in headless Chromium, the time from navigation until the map is drawn and interactive
(target: under 2 s) and the time of one full redraw. Times are medians over R runs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from partnermap.graph.build import build_graph  # noqa: E402
from partnermap.reference.taxonomy_file import load_taxonomy  # noqa: E402
from partnermap.synthetic import synthetic_plan  # noqa: E402
from partnermap.viz.map import render_map, vis_assets  # noqa: E402
from tests.viz.browser import chromium, open_map, requests  # noqa: E402

REDRAW = "const n = window.partnermap.network, t = performance.now(); n.redraw(); return performance.now() - t;"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=2510, help="activities (about 2 nodes each)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    start = time.perf_counter()
    graph = build_graph([synthetic_plan(args.activities)], load_taxonomy(None))
    print(f"graph: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges "
          f"({args.activities} synthetic activities, plan and graph built in {time.perf_counter() - start:.2f} s)")

    start = time.perf_counter()
    vis_assets()
    cold = time.perf_counter() - start
    generate = []
    for _ in range(args.runs):
        start = time.perf_counter()
        page = render_map(graph)
        generate.append(time.perf_counter() - start)
    print(f"generate: {statistics.median(generate):.3f} s median of {args.runs} "
          f"(min {min(generate):.3f}, max {max(generate):.3f}; +{cold:.3f} s once to read vis-network); "
          f"page {len(page.encode()) / 1e6:.1f} MB  [target < 1 s]")

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "map.html"
        path.write_text(page, encoding="utf-8")
        driver = chromium()
        try:
            ready, redraw = [], []
            for _ in range(args.runs):
                driver.get("about:blank")
                requests(driver)
                ready.append(open_map(driver, path) / 1000)
                redraw.append(driver.execute_script(REDRAW) / 1000)
                outside = [u for u in requests(driver) if u != path.as_uri() and not u.startswith(("data:", "about:"))]
                assert not outside, outside
            errors = [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
        finally:
            driver.quit()
    print(f"interactive: {statistics.median(ready):.3f} s median of {args.runs} from navigation "
          f"(min {min(ready):.3f}, max {max(ready):.3f})  [target < 2 s]")
    print(f"redraw: {statistics.median(redraw) * 1000:.0f} ms per full frame; console errors: {len(errors)}; "
          "requests outside the page: 0")


if __name__ == "__main__":
    main()
