"""The map's findings panel, node marks, date control, size metric, layouts and PNG download, in
real headless Chromium; the expected findings come from `partnermap gaps` run in its own process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from partnermap.graph import schema as S
from partnermap.pipeline import build
from partnermap.reference.frameworks import load_frameworks
from partnermap.viz.map import map_data, select, write_map
from tests.viz.browser import available, open_map, requests
from tests.viz.test_map import HOSTILE, hostile_graph
from tests.viz.test_map_browser import wait

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not available(), reason="needs /usr/bin/chromium and /usr/bin/chromedriver"),
]

AS_OF = "2018-07-01"
PLAN_ID = "bradford-prevent-plan-2017-19"


def gaps_json(*args) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "partnermap", "gaps", *map(str, args), "--format", "json"],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout)


def make_map(tmp_path, bradford_path, name="map.html", *options) -> str:
    path = tmp_path / name
    subprocess.run(
        [sys.executable, "-m", "partnermap", "map", str(bradford_path), "-o", str(path), *options],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return path


@pytest.fixture(scope="module")
def bradford_page(tmp_path_factory, bradford_path):
    return make_map(tmp_path_factory.mktemp("map"), bradford_path, "map.html", "--as-of", AS_OF)


@pytest.fixture
def page(driver, bradford_page):
    driver.get_log("browser")
    requests(driver)
    open_map(driver, bradford_page)
    return driver


def panel(driver) -> list[dict]:
    return driver.execute_script(
        "return [...document.querySelectorAll('#pm-findings-list .pm-finding')].map(b => "
        "({kind: b.dataset.gapKind, subject: b.dataset.subject, index: Number(b.dataset.index)}))"
    )


def test_the_panel_lists_every_finding_of_the_gap_report(page, bradford_path):
    report = gaps_json(bradford_path, "--as-of", AS_OF)
    shown = panel(page)
    assert len(shown) == len(report["gaps"]) > 20
    assert Counter(f["kind"] for f in shown) == Counter(g["kind"] for g in report["gaps"])
    assert [(f["kind"], f["subject"]) for f in shown] == [(g["kind"], g["subject"]) for g in report["gaps"]]
    headings = page.execute_script(
        "return [...document.querySelectorAll('#pm-findings-list h3')].map(h => h.textContent)"
    )
    severities = Counter(g["severity"] for g in report["gaps"])
    assert headings == [f"{s} ({severities[s]})" for s in ("high", "medium", "low") if severities[s]]
    scope = page.find_element(By.ID, "pm-findings-scope").text
    assert scope == f"{len(report['gaps'])} findings for the whole plan, as of {AS_OF}."
    assert page.get_log("browser") == [] and [u for u in requests(page) if not u.startswith(("data:", "file:"))] == []


def test_clicking_a_finding_selects_its_evidence_nodes_and_fits_them(page, bradford_path):
    report = gaps_json(bradford_path, "--as-of", AS_OF)
    target = next(g for g in report["gaps"] if g["kind"] == "sector_not_delivering")
    expected = {S.node_id(S.SECTOR, target["subject"])} | {e["activity"] for e in target["evidence"]}
    button = page.find_element(
        By.CSS_SELECTOR, f'.pm-finding[data-gap-kind="sector_not_delivering"][data-subject="{target["subject"]}"]'
    )
    scale_before = page.execute_script("return window.partnermap.network.getScale()")
    button.click()
    selected = set(page.execute_script("return window.partnermap.network.getSelectedNodes()"))
    assert selected == expected
    assert button.get_attribute("aria-pressed") == "true"
    faded = page.execute_script("return window.partnermap.nodes.get().filter(n => n.opacity === 0.15).length")
    assert faded == page.execute_script("return window.partnermap.nodes.length") - len(expected)
    assert page.execute_script("return window.partnermap.network.getScale()") > scale_before  # zoomed to them


def test_the_date_control_recolours_an_activity(page, bradford_path):
    activity = S.node_id(S.ACTIVITY, f"{PLAN_ID}:1")  # Sept/Oct 2018
    state = "return [window.partnermap.statusOf(arguments[0]), window.partnermap.borderOf(arguments[0])]"
    assert page.execute_script(state, activity) == ["not_started", "#90a4ae"]
    page.execute_script(
        "const d = document.getElementById('pm-date'); d.value = '2018-10-01';d.dispatchEvent(new Event('change'))"
    )
    assert page.execute_script(state, activity) == ["running", "#2e7d32"]
    page.execute_script(
        "const d = document.getElementById('pm-date'); d.value = '2019-01-01';d.dispatchEvent(new Event('change'))"
    )
    assert page.execute_script(state, activity) == ["overdue", "#d32f2f"]
    statuses = page.execute_script(
        "return window.partnermap.nodes.getIds().map(id => window.partnermap.statusOf(id)).filter(s => s)"
    )
    G = build([bradford_path]).graph
    done = sum(1 for _, d in G.nodes(data=True) if d["kind"] == S.ACTIVITY and d.get("achieved"))
    assert len(statuses) == 34 and statuses.count("complete") == done > 0  # the plan's "Achieved" rows


def test_the_map_date_follows_as_of_and_the_gap_reports_default(tmp_path, bradford_path):
    G = build([bradford_path]).graph
    default = map_data(G)
    report = gaps_json(bradford_path)
    assert default["as_of"] == report["as_of"] and len(default["findings"]) == len(report["gaps"])


def test_a_theme_map_counts_the_sectors_that_theme_leaves_unreached(driver, tmp_path, bradford_path):
    path = make_map(tmp_path, bradford_path, "theme.html", "--theme", "1", "--as-of", AS_OF)
    coverage = json.loads(
        subprocess.run(
            [sys.executable, "-m", "partnermap", "coverage", str(bradford_path), "--format", "json"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    # Prevent judges the plan: the courts are outside its duty (s.26(4)), so never reported
    out_of_scope = set(load_frameworks()["prevent"].out_of_scope)
    unreached = sorted(
        s["name"] for s in coverage["sectors"] if s["counts"]["1"] == 0 and s["sector"] not in out_of_scope
    )
    open_map(driver, path)
    shown = panel(driver)
    labels = driver.execute_script(  # a sector no one reaches: without engagement, or a missing statutory partner
        'return [...document.querySelectorAll(\'.pm-finding[data-gap-kind="sector_without_engagement"],'
        ' .pm-finding[data-gap-kind="statutory_partner_missing"]\')].map(b => b.children[1].textContent)'
    )
    assert set(unreached) <= set(labels) and len(unreached) > 5
    assert "Courts and prosecution" not in labels
    assert "theme_numbering_gap" not in {f["kind"] for f in shown}  # a plan-wide kind
    summary = driver.find_element(By.CSS_SELECTOR, ".pm-summary").text
    assert f"{len(unreached)} sectors without engagement in theme 1" in summary
    assert driver.find_element(By.ID, "pm-findings-scope").text.startswith(f"{len(shown)} findings for theme 1,")
    gaps_drawn = driver.execute_script(
        "return window.partnermap.nodes.get().filter(n => n.group === 'SectorGap').length"
    )
    assert gaps_drawn == len(unreached)
    assert driver.get_log("browser") == []


def test_labels_are_legible_at_the_default_zoom(page):
    sizes = page.execute_script(
        "const s = window.partnermap; return s.nodes.get().filter(n => ['Theme', 'Organisation', 'Sector', 'SectorGap']"
        ".includes(n.group)).map(n => s.labelSize(n.id))"
    )
    assert sizes and min(sizes) >= 11.9
    scale = page.execute_script("return window.partnermap.network.getScale()")
    hidden = page.execute_script(
        "return window.partnermap.nodes.get().filter(n => n.group === 'Activity' && n.label === undefined).length"
    )
    assert scale < 0.9 and hidden == 34  # activities show their names on hover, or zoomed in
    page.execute_script("window.partnermap.network.moveTo({scale: 1.5}); window.partnermap.network.emit('zoom', {})")
    wait(page, "return window.partnermap.nodes.get().filter(n => n.group === 'Activity' && n.label).length === 34")


def test_legend_counts_follow_the_theme_filter(page):
    Select(page.find_element(By.ID, "pm-theme")).select_by_index(1)
    counts = page.execute_script(
        "return Object.fromEntries([...document.querySelectorAll('.pm-legend-item')]"
        ".map(b => [b.dataset.group, Number(b.querySelector('.pm-count').textContent)]))"
    )
    visible = page.execute_script(
        "const c = {}; for (const n of window.partnermap.nodes.get()) if (!n.hidden) "
        "c[n.group] = (c[n.group] || 0) + 1; return c;"
    )
    assert counts["Activity"] == visible["Activity"] < 34
    assert {g: n for g, n in counts.items() if n} == visible


def test_size_by_metric_uses_the_partners_figures(page, bradford_path):
    partners = json.loads(
        subprocess.run(
            [sys.executable, "-m", "partnermap", "partners", str(bradford_path), "--format", "json"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    led = {r["organisation"]: r["led"] for r in partners}
    Select(page.find_element(By.ID, "pm-size")).select_by_value("led")
    sizes = page.execute_script(
        "return Object.fromEntries(window.partnermap.nodes.get()"
        ".filter(n => n.group === 'Organisation').map(n => [n.id, n.size]))"
    )
    names = page.execute_script(
        "return Object.fromEntries(window.partnermap.nodes.get()"
        ".filter(n => n.group === 'Organisation').map(n => [n.id, n.label]))"
    )
    order = sorted(sizes, key=sizes.get)
    assert [led[names[o]] for o in order] == sorted(led[names[o]] for o in order)
    assert page.execute_script("return window.partnermap.sizeMetric") == "led"


def test_download_png_of_the_current_view(page):
    page.execute_script("HTMLAnchorElement.prototype.click = function () { window.__downloaded = this.download; };")
    page.find_element(By.ID, "pm-png").click()
    png = page.execute_script("return window.partnermap.lastPng")
    assert png.startswith("data:image/png;base64,") and len(png) > 20_000
    assert page.execute_script("return window.__downloaded") == "partnermap.png"
    assert page.get_log("browser") == []


def test_lanes_opens_at_once_in_theory_of_change_order(driver, tmp_path, bradford_path):
    path = make_map(tmp_path, bradford_path, "lanes.html", "--layout", "lanes")
    open_map(driver, path)
    xs = driver.execute_script(
        "const s = window.partnermap, p = s.network.getPositions(); const x = {};"
        "for (const n of s.nodes.get()) (x[n.group] = x[n.group] || new Set()).add(Math.round(p[n.id].x));"
        "return Object.fromEntries(Object.entries(x).map(([g, v]) => [g, [...v]]));"
    )
    lane = {g: v[0] for g, v in xs.items() if len(v) == 1}
    assert lane["Organisation"] < lane["Activity"] < lane["Outcome"] < lane["Concept"]
    assert lane["Sector"] < lane["Organisation"] and lane["Audience"] < lane["Organisation"]
    assert driver.execute_script("return JSON.parse(document.getElementById('pm-data').textContent).physics") is False
    assert driver.get_log("browser") == []


def test_hostile_text_in_findings_stays_text(driver, tmp_path):
    G = hostile_graph()
    path = write_map(G, tmp_path / "hostile.html", layout="static")
    open_map(driver, path)
    text = driver.find_element(By.ID, "pm-findings-list").get_attribute("textContent")
    assert any(h in text for h in HOSTILE)
    assert (
        driver.execute_script(
            "return document.querySelectorAll('#pm-findings-list *:not(h3):not(ul):not(li)"
            ":not(button):not(span)').length"
        )
        == 0
    )
    assert driver.execute_script("return [document.images.length, document.scripts.length]") == [0, 3]
    assert driver.get_log("browser") == []


def test_the_whole_map_findings_are_the_gap_finders(bradford_path):
    from partnermap.graph.gaps import find_gaps
    from partnermap.ingest.timescale import parse_date

    G = build([bradford_path]).graph
    data = map_data(G, as_of=parse_date(AS_OF))
    assert [(f["kind"], f["subject"]) for f in data["findings"]] == [
        (g.kind, g.subject) for g in find_gaps(G, as_of=parse_date(AS_OF))
    ]
    theme = map_data(G, select(G, theme="1"), as_of=parse_date(AS_OF), scope="theme 1")
    assert theme["scope"] == "theme 1" and len(theme["findings"]) < len(data["findings"])


def test_findings_mark_their_nodes(driver, bradford_page, bradford_path):
    report = gaps_json(bradford_path, "--as-of", AS_OF)
    open_map(driver, bradford_page)
    not_delivering = [S.node_id(S.SECTOR, g["subject"]) for g in report["gaps"] if g["kind"] == "sector_not_delivering"]
    fills = driver.execute_script(
        "return arguments[0].map(id => window.partnermap.nodes.get(id).color.background)", not_delivering
    )
    assert not_delivering and set(fills) == {"#f8bbd0"}  # reached, but nobody from the sector delivers
    lead = next(g for g in report["gaps"] if g["kind"] == "lead_concentration")
    G = build([bradford_path]).graph
    org = next(n for n, d in G.nodes(data=True) if d["kind"] == S.ORGANISATION and d["name"] == lead["subject"])
    node = next(n for n in map_data(G)["nodes"] if n["id"] == org)
    assert (
        node["m"]["share"]
        and driver.execute_script("return window.partnermap.nodes.get(arguments[0]).size", org) > node["size"]
    )
    tip = [row for row in node["tip"] if row[0] == "Finding"]
    assert tip and tip[0][1].startswith("lead concentration: ")


@pytest.mark.parametrize("day", ["2017-06-01", "2018-07-01", "2019-06-01"])
def test_the_pages_statuses_follow_the_python_rule(page, bradford_path, day):
    from partnermap.viz.marks import status_on

    G = build([bradford_path]).graph
    page.execute_script(
        "const d = document.getElementById('pm-date'); d.value = arguments[0];d.dispatchEvent(new Event('change'))", day
    )
    shown = page.execute_script(
        "return Object.fromEntries(window.partnermap.nodes.getIds()"
        ".filter(id => window.partnermap.statusOf(id)).map(id => [id, window.partnermap.statusOf(id)]))"
    )
    expected = {n: status_on(d, day) for n, d in G.nodes(data=True) if d["kind"] == S.ACTIVITY}
    assert shown == expected and len(set(expected.values())) >= 2
