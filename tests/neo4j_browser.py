"""Neo4j Browser, served by the project's server, driven in headless Chromium as a user would.

Connect through Browser's own form, paste text into its editor (a real paste event, so
the editor takes it as one piece, newlines and all), press its run button, and read the
frame it renders: a script's statement list, a table, or a drawn graph.

Chromium is tests/browser.py's, with one difference: the machine's own server must be
reachable, so loopback bypasses the dead proxy and `localhost` resolves; every other host
still resolves to nothing, and requested_urls() shows what Browser tried to fetch.
"""
from __future__ import annotations

import os
import re
import time
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

import browser as view_browser

HTTP_PORT = int(os.environ.get("KG_NEO4J_HTTP_PORT", "7474"))
BROWSER_URL = f"http://localhost:{HTTP_PORT}/browser/"

FLAGS = tuple(f for f in view_browser.CHROMIUM_FLAGS
              if not f.startswith(("--proxy-bypass-list", "--host-resolver-rules"))) + (
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost",)

PASTE = """
var data = new DataTransfer();
data.setData('text/plain', arguments[0]);
document.activeElement.dispatchEvent(
  new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
"""

# A script statement is finished in one of these states (Browser's own words).
FINAL = ("success", "error", "skipped", "ignored")
ERROR_CODE = re.compile(r"Neo\.\w+Error\.[\w.]+")


def missing_reason() -> str | None:
    return view_browser.missing_reason()


def open_chromium(width: int = 1400, height: int = 1000) -> AbstractContextManager[Any]:
    """A headless Chromium with a fresh profile that reaches localhost and nothing else."""
    return view_browser.open_browser(width, height, flags=FLAGS, traps=False, prefix="kg-neo4j-browser-")


def wait_for(what: str, check: Any, timeout: float = 60.0, every: float = 0.25) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(every)
    raise TimeoutError(f"{what}: not within {timeout:.0f}s")


def css(root: Any, selector: str) -> list[Any]:
    return root.find_elements("css selector", selector)


def connect(driver: Any, user: str, password: str, url: str = BROWSER_URL) -> None:
    """Open Browser and log in through its connect form, as a user does."""
    driver.get(url)
    wait_for("Browser's connect form", lambda: css(driver, "input[data-testid=password]"), timeout=90)
    css(driver, "input[data-testid=username]")[0].send_keys(user)
    css(driver, "input[data-testid=password]")[0].send_keys(password)
    css(driver, "[data-testid=connect]")[0].click()
    wait_for("the connection", lambda: "You are connected" in driver.find_element("tag name", "body").text,
             timeout=90)


def frames(driver: Any) -> list[Any]:
    """The frames of the stream, newest first (as Browser shows them)."""
    return css(driver, "[data-testid=stream] [data-testid=frame]")


def frame_command(frame: Any) -> str:
    found = css(frame, "[data-testid=frameCommand]")
    return found[0].text if found else ""


def paste_and_run(driver: Any, text: str) -> None:
    """Paste `text` over whatever the editor holds, as one piece, and press the run button."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    editor = wait_for("the editor", lambda: css(driver, "#monaco-main-editor"))[0]
    editor.click()
    ActionChains(driver).key_down(Keys.CONTROL).send_keys("a").key_up(Keys.CONTROL).perform()
    driver.execute_script(PASTE, text)
    css(driver, "[data-testid=editor-Run]")[0].click()


@dataclass
class Statement:
    command: str
    status: str


def script_statements(frame: Any) -> list[Statement]:
    """A script frame's statements and their status (success, error, skipped, ...)."""
    titles = css(frame, "[data-testid=multi-statement-list-title]")
    out = []
    for title in titles:
        icon = css(title, "[data-testid=multi-statement-list-icon]")
        status = icon[0].get_attribute("title").removeprefix("Status: ") if icon else "?"
        out.append(Statement(title.text.strip(), status))
    return out


def newest_frame(driver: Any, before: Any) -> Any:
    """The frame on top of the stream if it is not `before` (Browser drops the oldest frames
    past its maximum, so counting them does not tell a new one)."""
    current = frames(driver)
    return current[0] if current and current[0] != before else None


def run_script(driver: Any, text: str, timeout: float = 120.0) -> tuple[Any, list[Statement]]:
    """Paste a text of several statements, run it; the script frame and its finished statements."""
    before = next(iter(frames(driver)), None)
    paste_and_run(driver, text)

    def finished() -> Any:
        frame = newest_frame(driver, before)
        if frame is None:
            return None
        statements = script_statements(frame)
        if statements and all(s.status in FINAL for s in statements):
            return frame, statements
        return None

    return wait_for("the script", finished, timeout=timeout)


def run_single(driver: Any, text: str, timeout: float = 120.0) -> Any:
    """Paste one statement, run it; its frame once the result (or an error) is rendered."""
    before = next(iter(frames(driver)), None)
    paste_and_run(driver, text)

    def rendered() -> Any:
        frame = newest_frame(driver, before)
        if frame is None:
            return None
        if error_codes(frame) or css(frame, "[data-testid=frame-loaded-contents]"):
            return frame
        return None

    return wait_for("the query's result", rendered, timeout=timeout)


def error_codes(frame: Any) -> list[str]:
    return ERROR_CODE.findall(frame.text)


@dataclass
class DrawnNode:
    caption: str
    fill: str
    radius: float
    font_size: str


# Read in the page, in one call: a Selenium round trip per element is slow on a busy machine.
DRAWN_NODES = """
return Array.from(arguments[0].querySelectorAll('svg g.node')).map(function (node) {
  var circle = node.querySelector('circle.b-outline');
  var captions = Array.from(node.querySelectorAll('text.caption'));
  return circle && [captions.map(function (c) { return c.textContent; }).join(' '),
                    circle.getAttribute('fill') || '', circle.getAttribute('r') || '0',
                    captions.length ? captions[0].getAttribute('font-size') : ''];
}).filter(Boolean);
"""
TABLE_ROWS = """
return Array.from(arguments[0].querySelectorAll('table[role=table] tbody tr')).map(function (row) {
  return Array.from(row.querySelectorAll('td[role=cell]')).map(function (cell) { return cell.textContent; });
});
"""


def drawn_nodes(frame: Any) -> list[DrawnNode]:
    """The nodes Browser drew in a graph result: caption, colour, radius, caption size.

    Switches to the Graph view first: Browser opens a result in the view last chosen."""
    tab = css(frame, "[data-testid=cypherFrameSidebarVisualization]")
    if tab:
        tab[0].click()
    found = frame.parent.execute_script(DRAWN_NODES, frame)
    return [DrawnNode(caption.strip(), fill.upper(), float(radius), size) for caption, fill, radius, size in found]


def table_rows(frame: Any) -> list[list[str]]:
    """The rows of a result's table view (switching to it), cells as Browser shows them."""
    tab = css(frame, "[data-testid=cypherFrameSidebarTable]")
    if tab:
        tab[0].click()
    return wait_for("the table", lambda: frame.parent.execute_script(TABLE_ROWS, frame), timeout=30)


def storage(driver: Any, key: str) -> str | None:
    return driver.execute_script("return window.localStorage.getItem(arguments[0]);", key)


def requested_hosts(driver: Any) -> set[str]:
    """Hosts other than this machine that Browser asked for since the last call."""
    hosts = set()
    for url in view_browser.requested_urls(driver):
        match = re.match(r"^(?:https?|wss?)://([^/:]+)", url)
        if match and match.group(1) not in ("localhost", "127.0.0.1"):
            hosts.add(match.group(1))
    return hosts
