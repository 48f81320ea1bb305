"""The map in a real browser (headless Debian Chromium): offline, complete, and its controls work."""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

from partnermap.graph import schema as S
from partnermap.pipeline import build
from partnermap.viz.map import theme_nodes, write_map
from tests.viz.browser import available, open_map, requests
from tests.viz.test_map import HOSTILE, hostile_graph

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not available(), reason="needs /usr/bin/chromium and /usr/bin/chromedriver"),
]

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


@pytest.fixture(scope="module")
def bradford_map(tmp_path_factory, bradford_path):
    G = build([bradford_path]).graph
    return G, write_map(G, tmp_path_factory.mktemp("map") / "bradford.html")


@pytest.fixture
def page(driver, bradford_map):
    """The Bradford map freshly loaded, its logs read and cleared first."""
    G, path = bradford_map
    driver.get_log("browser")
    requests(driver)
    open_map(driver, path)
    return G


def wait(driver, script: str, *args, timeout: float = 10):
    return WebDriverWait(driver, timeout).until(lambda d: d.execute_script(script, *args))


def visible_nodes(driver) -> set[str]:
    return set(driver.execute_script("return window.partnermap.network.body.nodeIndices"))


def neighbours(G, node: str) -> set[str]:
    return set(G.successors(node)) | set(G.predecessors(node))


def point_at(driver, node: str) -> None:
    """Move the mouse over a node (checking that it is that node the canvas finds there)."""
    spot = driver.execute_script(
        "const n = window.partnermap.network, p = n.canvasToDOM(n.getPosition(arguments[0]));"
        "return [p.x, p.y, n.getNodeAt(p)];",
        node,
    )
    assert spot[2] == node
    canvas = driver.find_element(By.ID, "pm-network")
    size = canvas.size
    ActionChains(driver).move_to_element_with_offset(
        canvas, round(spot[0] - size["width"] / 2), round(spot[1] - size["height"] / 2)
    ).perform()


def test_bradford_map_loads_offline_without_errors_and_holds_every_node(page, driver, bradford_map):
    G, path = bradford_map
    assert driver.get_log("browser") == []  # no console errors (or any console output)
    assert all(url == path.resolve().as_uri() or url.startswith("data:") for url in requests(driver))
    assert driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)") == []
    counts = driver.execute_script(
        "const p = window.partnermap; return [p.nodes.length, p.edges.length, p.network.body.nodeIndices.length]"
    )
    assert counts == [G.number_of_nodes(), G.number_of_edges(), G.number_of_nodes()]
    assert set(driver.execute_script("return window.partnermap.nodes.getIds()")) == set(G)
    ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / "map.png"))


def test_toggling_a_type_in_the_legend_hides_those_nodes(page, driver):
    G = page
    activities = {n for n, kind in G.nodes(data="kind") if kind == S.ACTIVITY}
    button = driver.find_element(By.CSS_SELECTOR, '.pm-legend-item[data-group="Activity"]')
    button.click()
    assert button.get_attribute("aria-pressed") == "false"
    wait(driver, "return window.partnermap.network.body.nodeIndices.length === arguments[0]", len(G) - len(activities))
    assert visible_nodes(driver) == set(G) - activities
    drawn_edges = driver.execute_script("return window.partnermap.network.body.edgeIndices.length")
    assert drawn_edges == sum(1 for u, v in G.edges() if u not in activities and v not in activities)
    button.click()
    wait(driver, "return window.partnermap.network.body.nodeIndices.length === arguments[0]", len(G))
    assert visible_nodes(driver) == set(G)


def test_search_selects_and_focuses_the_node(page, driver):
    box = driver.find_element(By.ID, "pm-search-input")
    box.send_keys("health", Keys.ENTER)
    wait(driver, "return window.partnermap.network.getSelectedNodes()[0] === 'Sector:health'")
    centred = (
        "const n = window.partnermap.network, v = n.getViewPosition(), p = n.getPosition('Sector:health');"
        "return Math.hypot(v.x - p.x, v.y - p.y) < 5 && n.getScale() > 1;"
    )  # centred, zoomed in
    wait(driver, centred)
    assert driver.find_element(By.ID, "pm-search-status").text == "Found: Health"
    box.clear()
    box.send_keys("no such thing", Keys.ENTER)
    assert "No shown node matches" in driver.find_element(By.ID, "pm-search-status").text


def test_clicking_a_node_highlights_its_neighbourhood(page, driver):
    G = page
    node = "Organisation:West Yorkshire Police"
    point_at(driver, node)
    ActionChains(driver).click().perform()
    wait(driver, "return window.partnermap.highlighted === arguments[0]", node)
    faded = driver.execute_script("return window.partnermap.nodes.get({filter: n => n.opacity < 1}).map(n => n.id)")
    assert set(faded) == set(G) - neighbours(G, node) - {node}


def test_the_theme_filter_shows_that_theme(page, driver):
    G = page
    menu = Select(driver.find_element(By.ID, "pm-theme"))
    menu.select_by_visible_text("2. CAPABILITIES")
    expected = theme_nodes(G, "2")
    wait(driver, "return window.partnermap.network.body.nodeIndices.length === arguments[0]", len(expected))
    assert visible_nodes(driver) == expected
    menu.select_by_visible_text("All themes")
    wait(driver, "return window.partnermap.network.body.nodeIndices.length === arguments[0]", len(G))


def test_a_hostile_plan_triggers_no_dialog_and_shows_its_text(driver, tmp_path):
    G = hostile_graph()
    path = write_map(G, tmp_path / "hostile.html", layout="static")
    driver.get_log("browser")
    open_map(driver, path)
    org = next(n for n, kind in G.nodes(data="kind") if kind == S.ORGANISATION and "Evil" in n)
    point_at(driver, org)  # its tooltip is built and shown
    tip = wait(
        driver,
        "const t = document.querySelector('div.vis-tooltip');"
        "return t && t.style.visibility !== 'hidden' && t.textContent;",
    )
    assert HOSTILE[1] in tip
    driver.find_element(By.ID, "pm-search-input").send_keys("evil", Keys.ENTER)
    wait(driver, "return document.getElementById('pm-search-status').textContent.startsWith('Found')")
    assert HOSTILE[1] in driver.find_element(By.ID, "pm-search-status").text
    themes = driver.execute_script("return [...document.querySelectorAll('#pm-theme option')].map(o => o.text)")
    assert any(HOSTILE[0] in text for text in themes)
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018 - raises when no dialog is open
    assert driver.execute_script("return [document.images.length, document.scripts.length]") == [0, 3]
    assert driver.get_log("browser") == []
    assert driver.execute_script("return window.partnermap.nodes.length") == G.number_of_nodes()
