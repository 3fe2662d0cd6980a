"""Open views in the system's headless Chromium, offline: for the browser tests and screenshots.

Driven by Selenium through Debian's chromedriver (package chromium-driver), whose version
always matches Debian's chromium; both paths are given explicitly so Selenium's own
driver manager never looks anything up. The network is blocked: every host name resolves
to nothing and every proxied request goes to a closed local port, so a page that tried
to fetch anything would fail visibly (and the tests also read the request log).

Selenium is a test dependency (`pip install -e '.[test]'`), not a runtime one.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMEDRIVER_CANDIDATES = ("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver")

# Flags this machine needs (root, no GPU, no display) and flags that keep it offline.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--metrics-recording-only",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--proxy-server=127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
)

# Installed before any page script: records alert/confirm/prompt calls, uncaught errors.
TRAPS = """
window.__kgTrapped = [];
['alert', 'confirm', 'prompt'].forEach(function (name) {
  window[name] = function (message) { window.__kgTrapped.push(name + ':' + String(message)); };
});
window.addEventListener('error', function (event) {
  window.__kgTrapped.push('error:' + (event.message || (event.target && event.target.tagName)));
}, true);
"""


def find_chromium() -> tuple[str, str] | None:
    """(chromium, chromedriver) paths, or None when either is missing."""
    browser = next((p for p in CHROMIUM_CANDIDATES if os.access(p, os.X_OK)), None)
    driver = next((p for p in CHROMEDRIVER_CANDIDATES if os.access(p, os.X_OK)), None)
    if browser and driver:
        return browser, driver
    return None


def missing_reason() -> str | None:
    """Why views cannot be opened in a browser here, or None when they can."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    if not find_chromium():
        return ("Debian's chromium and chromedriver are not installed "
                "(apt-get install -y chromium chromium-driver)")
    return None


@contextmanager
def open_browser(width: int = 1400, height: int = 1000, *, flags: Iterable[str] = CHROMIUM_FLAGS,
                 traps: bool = True, prefix: str = "kg-chromium-") -> Iterator[Any]:
    """A headless Chromium driven by Selenium, with a fresh empty profile, offline.

    `traps` installs the script that records page errors and outside requests (views);
    `flags` lets a caller reach more than file:// (Neo4j Browser on localhost)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    found = find_chromium()
    if not found:
        raise RuntimeError(missing_reason() or "chromium not found")
    browser, driver_path = found
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must not go online
    profile = tempfile.mkdtemp(prefix=prefix)
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in flags:
        options.add_argument(flag)
    options.add_argument(f"--window-size={width},{height}")
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    try:
        if traps:
            driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": TRAPS})
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def load_view(driver: Any, path: str | Path, timeout: float = 60.0) -> None:
    """Open a view file and wait until its layout has settled (window.kg.ready)."""
    from selenium.common.exceptions import TimeoutException

    deadline = time.monotonic() + timeout
    driver.set_page_load_timeout(max(timeout, 1.0))
    driver.get(Path(path).resolve().as_uri())
    while time.monotonic() < deadline:
        try:
            if driver.execute_script("return !!(window.kg && window.kg.ready)"):
                return
        except TimeoutException:  # the page's script holds the main thread (a long layout): ask again
            continue
        time.sleep(0.05)
    raise TimeoutError(f"view {path} did not settle within {timeout:.0f}s")


def console_errors(driver: Any) -> list[str]:
    """Console messages of level SEVERE since the last call (JS errors land here too)."""
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def requested_urls(driver: Any) -> list[str]:
    """Every URL the page asked for since the last call (from the DevTools network log)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


CANVAS_INK = """
var canvas = document.querySelector('#kg-network canvas');
if (!canvas) { return -1; }
var ctx = canvas.getContext('2d');
var pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
var ink = 0;
for (var i = 0; i < pixels.length; i += 4) {
  if (pixels[i + 3] > 0 && (pixels[i] < 240 || pixels[i + 1] < 240 || pixels[i + 2] < 240)) { ink++; }
}
return ink;
"""


def canvas_ink(driver: Any) -> int:
    """How many pixels of the network canvas are drawn (not blank); -1 without a canvas."""
    return int(driver.execute_script(CANVAS_INK))


def trapped(driver: Any) -> list[str]:
    """alert/confirm/prompt calls and uncaught errors the page caused."""
    return list(driver.execute_script("return window.__kgTrapped || []"))


def hover(driver: Any, node: str, *, zoom: bool = True, timeout: float = 5.0) -> dict[str, Any]:
    """Move the real mouse onto a node; return the tooltip's text and how many markup
    elements (img, script, svg, i, b, u) it holds."""
    from selenium.webdriver.common.action_chains import ActionChains

    if zoom:
        driver.execute_script("kg.network.focus(arguments[0], {scale: 1.0});", node)
    x, y, w, h = driver.execute_script(
        "var p = kg.network.canvasToDOM(kg.network.getPositions([arguments[0]])[arguments[0]]);"
        "var box = document.getElementById('kg-network').getBoundingClientRect();"
        "return [p.x, p.y, box.width, box.height];", node)
    container = driver.find_element("id", "kg-network")
    ActionChains(driver).move_to_element_with_offset(container, 0, 0).perform()
    ActionChains(driver).move_to_element_with_offset(container, int(x - w / 2), int(y - h / 2)).perform()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        tip = driver.execute_script(
            "var t = document.querySelector('div.vis-tooltip');"
            "if (!t || t.style.visibility !== 'visible') { return null; }"
            "return {text: t.textContent, markup: t.querySelectorAll('img, script, svg, i, b, u').length};")
        if tip:
            return tip
        time.sleep(0.1)
    raise AssertionError(f"no tooltip over node {node}")


def screenshot(path: str | Path, out_png: str | Path, *, width: int = 1400, height: int = 1000,
               hover_node: str | None = None) -> Path:
    """Open a view and save what a reader sees first as a PNG (hovering a node if asked)."""
    out_png = Path(out_png)
    out_png.parent.mkdir(parents=True, exist_ok=True)
    with open_browser(width, height) as driver:
        load_view(driver, path)
        if hover_node:
            hover(driver, hover_node, zoom=False)
        time.sleep(0.3)  # let the last redraw land
        driver.save_screenshot(str(out_png))
    return out_png
