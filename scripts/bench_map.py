"""Benchmark: the map of a 5,000-node synthetic plan (:mod:`partnermap.synthetic`).

    python3 scripts/bench_map.py [--activities N] [--runs R]

Prints the graph's size, the seconds to generate the HTML page (target: under 1 s), the page's
size, and, in headless Chromium, the time from navigation until the map is drawn and interactive
(target: under 2 s) and the time of one full redraw. Times are medians over R runs. Each is
also measured in the same run for a baseline page without the findings panel, node marks and
date data (``render_map(..., findings=False)``), and printed as a ratio to it.
"""

from __future__ import annotations

import argparse
import json
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
    print(
        f"graph: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges "
        f"({args.activities} synthetic activities, plan and graph built in {time.perf_counter() - start:.2f} s)"
    )

    start = time.perf_counter()
    vis_assets()
    cold = time.perf_counter() - start
    pages, generate = {}, {}
    for variant, findings in (("baseline", False), ("full", True)):
        generate[variant] = []
        for _ in range(args.runs):
            start = time.perf_counter()
            pages[variant] = render_map(graph, findings=findings)
            generate[variant].append(time.perf_counter() - start)
    ready, redraw, errors = {}, [], []
    with tempfile.TemporaryDirectory() as tmp:
        driver = chromium()
        try:
            for variant, page in pages.items():
                path = Path(tmp) / f"{variant}.html"
                path.write_text(page, encoding="utf-8")
                ready[variant] = []
                for _ in range(args.runs):
                    driver.get("about:blank")
                    requests(driver)
                    ready[variant].append(open_map(driver, path) / 1000)
                    if variant == "full":
                        redraw.append(driver.execute_script(REDRAW) / 1000)
                    outside = [
                        u for u in requests(driver) if u != path.as_uri() and not u.startswith(("data:", "about:"))
                    ]
                    assert not outside, outside
                errors += [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
        finally:
            driver.quit()
    g, b = statistics.median(generate["full"]), statistics.median(generate["baseline"])
    r, rb = statistics.median(ready["full"]), statistics.median(ready["baseline"])
    findings = len(json.loads(pages["full"].split('id="pm-data">', 1)[1].split("</script>", 1)[0])["findings"])
    print(
        f"generate: {g:.3f} s median of {args.runs} with the findings panel ({findings} findings) and marks "
        f"(min {min(generate['full']):.3f}; +{cold:.3f} s once to read vis-network); page "
        f"{len(pages['full'].encode()) / 1e6:.1f} MB  [target < 1 s: {'ok' if g < 1 else 'MISSED'}]"
    )
    print(f"  baseline without panel and marks: {b:.3f} s; ratio {g / b:.2f}")
    print(
        f"interactive: {r:.3f} s median of {args.runs} from navigation (min {min(ready['full']):.3f}, "
        f"max {max(ready['full']):.3f})  [target < 2 s: {'ok' if r < 2 else 'MISSED'}]"
    )
    print(f"  baseline without panel and marks: {rb:.3f} s; ratio {r / rb:.2f}")
    print(
        f"redraw: {statistics.median(redraw) * 1000:.0f} ms per full frame; console errors: {len(errors)}; "
        "requests outside the page: 0"
    )


if __name__ == "__main__":
    main()
