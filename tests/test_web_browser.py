"""End to end in a real browser: `forumctl serve` as a subprocess on a free loopback port, the
system's headless Chromium driven by Selenium through the home page, the events table and a
search for 혁신 typed into the page's own form. A screenshot is kept in test-artifacts/.

Needs the distribution's `chromium` and `chromium-driver` (Debian/Ubuntu package names); `.ci/run`
installs them when it can. Without them the test is skipped, saying so.
"""

from __future__ import annotations

import os
import re
import selectors
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from forumctl import api

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
START_TIMEOUT = 120  # seconds for the server to build its database and listen

pytestmark = [
    pytest.mark.skipif(not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()),
                       reason=f"no browser: {CHROMIUM} and {CHROMEDRIVER} (apt-get install chromium chromium-driver)"),
]  # fmt: skip
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium (the test extra) is not installed")
pytest.importorskip("datasette", reason="the web extra (Datasette) is not installed")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """`forumctl serve` on a free loopback port (port 0; the server says which); stopped afterwards."""
    command = [sys.executable, "-m", "forumctl", "serve", "--host", "127.0.0.1", "--port", "0",
               "--db", str(tmp_path / "archive.db")]  # fmt: skip
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stderr is not None
        selector = selectors.DefaultSelector()
        selector.register(proc.stderr, selectors.EVENT_READ)
        deadline, line = time.monotonic() + START_TIMEOUT, ""
        while "serving" not in line:
            if (
                time.monotonic() > deadline
                or proc.poll() is not None
                or not selector.select(deadline - time.monotonic())
            ):
                pytest.fail(
                    f"forumctl serve did not start: {line}{proc.stderr.read() if proc.poll() is not None else ''}"
                )
            line = proc.stderr.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+/", line)
        assert url, line
        yield url.group(0)
    finally:
        proc.terminate()  # SIGTERM: the server stops cleanly
        try:
            assert proc.wait(timeout=30) == 0
            assert "forumctl: server stopped" in (proc.stderr.read() if proc.stderr else "")
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[object]:
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--no-first-run", "--window-size=1280,1600", "--lang=ko-KR",
                     f"--user-data-dir={tmp_path / 'chromium-profile'}"):  # fmt: skip
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def test_browse_and_search_in_a_real_browser(server: str, browser) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    driver = browser
    driver.get(server)
    assert "SME Innovation Network Forum archive" in driver.title
    assert driver.find_element(By.TAG_NAME, "h1").text.startswith("중소기업 혁신 네트워크 포럼 아카이브")

    driver.find_element(By.LINK_TEXT, "Events").click()
    WebDriverWait(driver, 30).until(ec.url_contains("/forum/events"))
    shown = {a.text for a in driver.find_elements(By.CSS_SELECTOR, "table.rows-and-columns td.col-id a")}
    assert shown == {e["id"] for e in api.list_events(every_series=True)}

    box = driver.find_element(By.ID, "forum-q")
    box.send_keys("혁신")
    box.submit()
    WebDriverWait(driver, 30).until(ec.presence_of_element_located((By.CSS_SELECTOR, "ol.forum-hits")))
    assert "/forum/search?q=" in driver.current_url
    found = [li.find_element(By.TAG_NAME, "a").text for li in driver.find_elements(By.CSS_SELECTOR, "ol.forum-hits li")]
    assert found == [hit["id"] for hit in api.search("혁신").hits]
    snippets = [td.text for td in driver.find_elements(By.CSS_SELECTOR, "td.col-snippet")]
    assert snippets and all("혁신" in s for s in snippets)

    resources = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert [r for r in resources if not r.startswith(server)] == []  # nothing from the network

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "web-search-혁신.png"
    assert driver.save_screenshot(str(shot)), "no screenshot"
    assert shot.stat().st_size > 10_000
    if os.environ.get("CI"):
        shutil.copy(shot, ARTIFACTS / "web-search.png")  # an ASCII name for CI artifact collectors
