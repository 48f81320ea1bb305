"""Headless Chromium for the map's browser tests, screenshot and benchmark: Debian's ``chromium``
and ``chromedriver`` through Selenium (never a downloaded driver)."""

from __future__ import annotations

import json
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")


def available() -> bool:
    """True when Debian's chromium and chromedriver are installed."""
    return CHROMIUM.exists() and CHROMEDRIVER.exists()


def chromium(width: int = 1600, height: int = 1000) -> webdriver.Chrome:
    """A headless Chromium with a ``width`` x ``height`` viewport, keeping console and network logs."""
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--no-first-run",
        "--disable-extensions",
        f"--window-size={width},{height}",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
    )
    return driver


def open_map(driver: webdriver.Chrome, path: Path, timeout: float = 60) -> float:
    """Load a map page and wait until it is drawn and interactive, and its findings panel built;
    return the time it became interactive (ms since navigation)."""
    driver.get(Path(path).resolve().as_uri())
    return WebDriverWait(driver, timeout).until(
        lambda d: d.execute_script(
            "const s = window.partnermap; return s && s.ready && s.panelReady !== false && s.ready"
        )
    )


def requests(driver: webdriver.Chrome) -> list[str]:
    """The URLs the page asked for since the last call (from Chromium's performance log)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls
