"""Screenshot of the partnership map for the README (headless Debian Chromium).

    python3 scripts/screenshot_map.py [PLAN ...] [-o docs/map.png] [--as-of DATE] [--finding KIND] [--hover NODE_ID]

Draws the plans (default: the bundled Bradford plan) as of a date, waits until the map has
settled, clicks the first finding of a kind in the findings panel (its evidence highlighted),
optionally points at a node so its tooltip shows, and saves the picture.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from partnermap.pipeline import build  # noqa: E402
from partnermap.resources import sample_plan  # noqa: E402
from partnermap.viz.map import write_map  # noqa: E402
from tests.viz.browser import chromium, open_map  # noqa: E402


def hover(driver, node: str) -> None:
    """Point the mouse at ``node`` and wait for its tooltip."""
    x, y = driver.execute_script(
        "const n = window.partnermap.network, p = n.canvasToDOM(n.getPosition(arguments[0])); return [p.x, p.y];", node
    )
    canvas = driver.find_element(By.ID, "pm-network")
    ActionChains(driver).move_to_element_with_offset(
        canvas, round(x - canvas.size["width"] / 2), round(y - canvas.size["height"] / 2)
    ).perform()
    WebDriverWait(driver, 5).until(
        lambda d: d.execute_script(
            "const t = document.querySelector('div.vis-tooltip'); return t && t.style.visibility !== 'hidden';"
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("plans", nargs="*", type=Path, default=[sample_plan()])
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "docs" / "map.png")
    parser.add_argument("--hover", default="", help="node whose tooltip to show ('' for none)")
    parser.add_argument("--as-of", default="2018-07-01", help="the report date (ISO)")
    parser.add_argument("--finding", default="", help="kind of the finding to click ('' for none)")
    parser.add_argument("--width", type=int, default=1600)
    parser.add_argument("--height", type=int, default=1050)
    args = parser.parse_args()
    graph = build(args.plans).graph
    with tempfile.TemporaryDirectory() as tmp:
        page = write_map(graph, Path(tmp) / "map.html", as_of=date.fromisoformat(args.as_of))
        driver = chromium(args.width, args.height)
        try:
            open_map(driver, page)
            if args.finding:
                driver.execute_script(
                    "const b = document.querySelector(`.pm-finding[data-gap-kind='${arguments[0]}']`);"
                    "if (b) b.click();",
                    args.finding,
                )
            if args.hover and args.hover in graph:
                hover(driver, args.hover)
            args.output.parent.mkdir(parents=True, exist_ok=True)
            driver.save_screenshot(str(args.output))
        finally:
            driver.quit()
    print(f"Wrote {args.output}")


if __name__ == "__main__":
    main()
