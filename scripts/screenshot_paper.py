"""Picture of a board paper's page for the README (headless Debian Chromium).

    python3 scripts/screenshot_paper.py [PLAN ...] [-o docs/paper.png] [--as-of DATE]

Writes the HTML paper for the plans (default: the bundled Bradford plan), opens it in headless
Chromium and saves the top of the page (summary, progress, key findings) above its first two
pictures (the coverage heatmap and the timeline), stacked in one image.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from partnermap.ingest.timescale import parse_date  # noqa: E402
from partnermap.pipeline import build  # noqa: E402
from partnermap.report.paper import draw_figures, html_page, paper_blocks, paper_data  # noqa: E402
from partnermap.resources import sample_plan  # noqa: E402
from tests.viz.browser import chromium  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("plans", nargs="*", default=[str(sample_plan())])
    parser.add_argument("-o", "--output", default=str(ROOT / "docs" / "paper.png"))
    parser.add_argument("--as-of", default="2018-07-01")
    args = parser.parse_args()
    data = paper_data(
        build(args.plans).graph,
        as_of=parse_date(args.as_of),
        title="Prevent partnership board: progress report, July 2018",
    )
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "paper.html"
        page.write_text(html_page(data, paper_blocks(data, draw_figures(data))), encoding="utf-8")
        driver = chromium(1000, 1000)
        try:
            driver.get(page.as_uri())
            top = Path(tmp) / "top.png"
            driver.save_screenshot(str(top))
            driver.execute_script("document.getElementById('figure-coverage').scrollIntoView(true)")
            figures = Path(tmp) / "figures.png"
            driver.save_screenshot(str(figures))
        finally:
            driver.quit()
        from PIL import Image

        first, second = Image.open(top), Image.open(figures)
        both = Image.new("RGB", (first.width, first.height + second.height), "white")
        both.paste(first, (0, 0))
        both.paste(second, (0, first.height))
        both.save(args.output, optimize=True)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
