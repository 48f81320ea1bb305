"""Benchmark: the Bradford board paper in each format, end to end in a fresh process (not a timed test).

    python3 scripts/bench_paper.py [--repeat 3]

Prints the best wall time of `partnermap report` per format, the target (under 3 s), and the
ratio to `partnermap gaps` on the same plan measured in the same run (the reading and analysis
every paper starts from), so the figures' own cost shows.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "data" / "plans" / "bradford-prevent-plan-2017-19.txt"
TARGET = 3.0


def best(command: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "partnermap", *command], check=True, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    baseline = best(["gaps", str(PLAN), "--as-of", "2018-07-01"], args.repeat)
    print(f"{'command':<28} {'best s':>7} {'target':>7} {'x gaps':>7}")
    print(f"{'gaps (baseline)':<28} {baseline:7.2f} {'':>7} {1:7.2f}")
    with tempfile.TemporaryDirectory() as tmp:
        for suffix in ("docx", "html", "md"):
            seconds = best(
                ["report", str(PLAN), "-o", str(Path(tmp) / f"paper.{suffix}"), "--as-of", "2018-07-01"], args.repeat
            )
            verdict = "ok" if seconds < TARGET else "SLOW"
            print(
                f"{'report -o paper.' + suffix:<28} {seconds:7.2f} {f'<{TARGET:g} ' + verdict:>7} "
                f"{seconds / baseline:7.2f}"
            )


if __name__ == "__main__":
    main()
