"""The browser the map's tests share: one headless Chromium per test module."""

from __future__ import annotations

import pytest

from tests.viz.browser import available, chromium


@pytest.fixture(scope="module")
def driver():
    if not available():
        pytest.skip("needs /usr/bin/chromium and /usr/bin/chromedriver")
    browser = chromium()
    yield browser
    browser.quit()
