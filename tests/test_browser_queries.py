"""Neo4j Browser as a user meets it: the Browser the project's server serves, in headless
Chromium, connected through its form, on the seed pages loaded with `kg build` + `kg load`.

- On connect the server's `browser.post_connect_cmd` applies queries/style.grass and opens
  the guide (queries/guide.html), and Browser takes telemetry as switched off by the server.
- Every file of queries/ pasted whole into the editor runs: Browser runs it as a script,
  the `:param` lines then the query, and every statement succeeds. Browser 5.24 shows only
  the status of a script's statements, so the answer is then read from the query run on its
  own (with the parameters the script set): its rows, or the graph it draws in the
  project's style, checked against the same query run through the driver.
"""
from __future__ import annotations

import json
import re
import time
from pathlib import Path

import neo4j_browser as nb
import pytest
from seed_neo4j import SEEDS, load_seeds

from kg.graph.schema import EVENT, PERSON, PLACE
from kg.loaders.neo4j_connection import connect
from kg.queries import guide, runner

pytestmark = [pytest.mark.neo4j, pytest.mark.browser, pytest.mark.seeds]

# Skipped per test (not per module) so that conftest's KG_REQUIRE_SERVICES sees each skip.
REASON = nb.missing_reason()
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
STYLE = runner.QUERY_DIR / "style.grass"
LIBRARY = runner.list_queries()

# What Browser 5.24 still asks for with telemetry off (docs/neo4j.md says why each is harmless):
# fonts, the Segment and Canny script loaders (no events follow: api.segment.io is never
# asked), and Sentry's sampled page-load timings.
HARMLESS = {"fonts.googleapis.com", "cdn.segment.com", "canny.io", "o110884.ingest.sentry.io"}
SEEN_HOSTS: set[str] = set()  # every host but this machine's that Browser asked for, over the module


def squeeze(text: str) -> str:
    """A name or a caption without spaces and Browser's ellipsis (captions wrap at spaces)."""
    return re.sub(r"\s+", "", text).removesuffix("…")


RULE = re.compile(r"""\s*([^{}\s]+)\s*\{((?:[^{}'"]|'[^']*'|"[^"]*")*)\}""")
DECLARATION = re.compile(r"""\s*([\w-]+)\s*:\s*('[^']*'|"[^"]*"|[^;]*?)\s*(?:;|$)""")


def grass(text: str) -> dict[str, dict[str, str]]:
    """A GRASS file as {selector: {property: value}}, quotes dropped (how Browser keeps it)."""
    return {selector: {key: value.strip("'\"") for key, value in DECLARATION.findall(body) if key}
            for selector, body in RULE.findall(text)}


@pytest.fixture(scope="module")
def seeds(neo4j_settings, tmp_path_factory):
    if not SEEDS.is_dir():
        pytest.skip(f"seed pages not found at {SEEDS}")
    load_seeds(neo4j_settings, tmp_path_factory.mktemp("browser-seeds"))
    return neo4j_settings


@pytest.fixture(scope="module")
def session(seeds):
    """One Browser connected as the test user, kept for the module (as a user keeps a tab)."""
    if REASON:
        pytest.skip(f"no browser: {REASON}")
    with nb.open_chromium() as driver:
        nb.requested_hosts(driver)  # start from an empty request log
        nb.connect(driver, seeds.user, seeds.password)
        yield driver


def expected(settings, query: runner.Query) -> tuple[int, set[str]]:
    """Rows of the query with its defaults, and the names of the nodes in its graph column."""
    with connect(settings) as driver:
        records, _, keys = driver.execute_query(query.cypher, query.defaults, database_=settings.database)
    names: set[str] = set()

    def collect(value) -> None:
        if isinstance(value, list):
            for item in value:
                collect(item)
        elif hasattr(value, "nodes"):  # a path
            for node in value.nodes:
                names.add(node.get("name"))
        elif hasattr(value, "labels"):
            names.add(value.get("name"))

    if runner.GRAPH_COLUMN in keys:
        for record in records:
            collect(record[runner.GRAPH_COLUMN])
    return len(records), names


def test_connecting_applies_the_style_and_opens_the_guide(session):
    # post_connect_cmd's `:style <url>`: Browser fetched the file and keeps it as its style.
    style = nb.wait_for("the project's style", lambda: json.loads(nb.storage(session, "neo4j.grass") or "null"),
                        timeout=60)
    assert style == grass(STYLE.read_text(encoding="utf-8"))
    commands = [nb.frame_command(f) for f in nb.frames(session)]
    assert any(c.startswith(":style http") and c.endswith("/browser/kg/style.grass") for c in commands)
    # ... and `:guide <url>`: the guide is open in the sidebar, on its first slide.
    drawer = nb.wait_for("the guide", lambda: nb.css(session, "[data-testid=guidesDrawer]"), timeout=60)[0]
    nb.wait_for("the guide's title", lambda: guide.TITLE in drawer.text, timeout=30)
    assert "The news graph" in drawer.text
    # Its blocks go into the editor with a click.
    nb.css(drawer, "pre.runnable")[0].click()
    editor = nb.wait_for("the editor", lambda: nb.css(session, "#monaco-main-editor"))[0]
    nb.wait_for("the block in the editor", lambda: "db.schema.visualization" in editor.text, timeout=10)
    SEEN_HOSTS.update(nb.requested_hosts(session))


def test_the_style_file_applies_with_style_on_any_server(session):
    # Elsewhere (Aura, a server without post_connect_cmd): `:style` and the file's content,
    # pasted as one command. Reset first, so only the paste can bring the style back.
    nb.paste_and_run(session, ":style reset")
    nb.wait_for("the reset", lambda: json.loads(nb.storage(session, "neo4j.grass") or "null")
                != grass(STYLE.read_text(encoding="utf-8")), timeout=30)
    before = next(iter(nb.frames(session)), None)
    nb.paste_and_run(session, ":style " + STYLE.read_text(encoding="utf-8"))
    applied = nb.wait_for("the style", lambda: json.loads(nb.storage(session, "neo4j.grass") or "null")
                          == grass(STYLE.read_text(encoding="utf-8")), timeout=30)
    frame = nb.newest_frame(session, before)
    assert applied and frame is not None and nb.frame_command(frame).startswith(":style node {")
    assert "Could not parse" not in frame.text and nb.error_codes(frame) == []


def test_the_guide_walks_through_a_query(session, seeds):
    # The search slide: a click puts `:params {…}` into the editor, run; then the query, run.
    query = runner.get("search")
    position = [q.name for q in guide.ordered(LIBRARY)].index(query.name) + 2  # after the overview
    nb.paste_and_run(session, ":guide " + nb.BROWSER_URL + "kg/guide.html")  # as docs/neo4j.md says
    drawer = nb.wait_for("the guide", lambda: [d for d in nb.css(session, "[data-testid=guidesDrawer]")
                                               if guide.TITLE in d.text], timeout=30)[0]
    for _ in range(position - 1):
        next_button = [b for b in nb.css(drawer, "button") if b.text.strip() == "Next"]
        next_button[0].click()
    nb.wait_for("the search slide", lambda: query.title in drawer.text, timeout=10)
    blocks = nb.css(drawer, "pre.runnable")
    assert [b.text.strip() for b in blocks] == [guide.params_command(query), query.cypher]
    editor = nb.css(session, "#monaco-main-editor")[0]
    before = next(iter(nb.frames(session)), None)
    blocks[0].click()
    nb.wait_for("the block", lambda: ":params" in editor.text, timeout=10)
    nb.css(session, "[data-testid=editor-Run]")[0].click()
    params = nb.wait_for("the parameters", lambda: nb.newest_frame(session, before), timeout=30)
    nb.wait_for("the parameters set", lambda: "Successfully set your parameters" in params.text, timeout=30)
    before = params
    blocks[1].click()
    nb.wait_for("the block", lambda: "queryNodes" in editor.text, timeout=10)
    nb.css(session, "[data-testid=editor-Run]")[0].click()
    answer = nb.wait_for("the answer", lambda: nb.newest_frame(session, before), timeout=30)
    drawn = nb.wait_for("the graph", lambda: nb.drawn_nodes(answer), timeout=30)
    _, names = expected(seeds, query)
    assert {squeeze(n.caption) for n in drawn} == {squeeze(n) for n in names}


def test_telemetry_is_off_by_the_servers_setting(session):
    nb.css(session, "[data-testid=navigationSettings]")[0].click()
    body = session.find_element("tag name", "body")
    try:
        # Browser's words when client.allow_telemetry=false; it then offers no switch of its own.
        nb.wait_for("the settings", lambda: "not configured to send product analytics data" in body.text,
                    timeout=20)
        assert "Send anonymous usage statistics" not in body.text
    finally:
        nb.css(session, "[data-testid=navigationSettings]")[0].click()


@pytest.mark.parametrize("name", [q.name for q in LIBRARY])
def test_a_library_file_pasted_whole_runs_and_answers(session, seeds, name):
    query = runner.get(name)
    rows, names = expected(seeds, query)
    assert rows, f"{name}: its defaults find nothing on the seed pages"

    # The whole file, as it is: Browser runs the :param lines, then the query.
    frame, statements = nb.run_script(session, query.text)
    assert [s.status for s in statements] == ["success"] * (len(query.params) + 1), statements
    assert query.cypher.splitlines()[0] in statements[-1].command, statements
    assert nb.error_codes(frame) == []

    # The answer: the query on its own, with the parameters the script set.
    answer = nb.run_single(session, query.cypher)
    assert nb.error_codes(answer) == []
    if names:  # a picture: Browser draws the nodes of the graph column, in the project's style
        drawn = nb.wait_for("the graph", lambda: nb.drawn_nodes(answer), timeout=30)
        captions = {squeeze(node.caption) for node in drawn}
        assert all(any(squeeze(n).startswith(c) for n in names) for c in captions), (captions, names)
        assert len(drawn) >= len(names)
    assert len(nb.table_rows(answer)) == rows
    ARTIFACTS.mkdir(exist_ok=True)
    if names:
        nb.drawn_nodes(answer)  # back to the picture for the screenshot
    session.save_screenshot(str(ARTIFACTS / f"browser-{name}.png"))
    SEEN_HOSTS.update(nb.requested_hosts(session))


def test_a_graph_result_is_drawn_in_the_project_style(session, seeds):
    query = runner.get("event_participants")   # an event, its people and its places
    nb.run_script(session, query.text)
    answer = nb.run_single(session, query.cypher)
    drawn = nb.wait_for("the graph", lambda: nb.drawn_nodes(answer), timeout=30)
    style = grass(STYLE.read_text(encoding="utf-8"))
    _, names = expected(seeds, query)
    by_label = {}
    for label in (PERSON, EVENT, PLACE):
        rule = style[f"node.{label}"]
        by_label[label] = [n for n in drawn if n.fill == rule["color"].upper()]
        assert by_label[label], label
        assert {n.radius for n in by_label[label]} == {float(rule["diameter"].removesuffix("px")) / 2}, label
        assert {n.font_size for n in by_label[label]} == {rule["font-size"]}, label
    # People and events stand out: larger than the places and than Browser's default 50 px.
    assert by_label[EVENT][0].radius > by_label[PERSON][0].radius > by_label[PLACE][0].radius > 25
    # Captions are the names, whole (Browser's default size cuts an event's name to a few characters).
    assert {n.caption for n in by_label[PERSON]} <= names
    assert all(n.caption in names for n in by_label[EVENT]), [n.caption for n in by_label[EVENT]]
    # What docs/img/browser-graph.png shows: the frame alone, wide, the inspector folded away.
    if nb.css(session, "[data-testid=guidesDrawer]"):
        nb.css(session, "[data-testid=navigationGuides]")[0].click()
    for fold in nb.css(answer, "button[title='Collapse the node properties display']"):
        fold.click()
    time.sleep(1)  # the drawer and the inspector slide away
    ARTIFACTS.mkdir(exist_ok=True)
    answer.screenshot(str(ARTIFACTS / "browser-graph.png"))


def test_browser_fetched_nothing_but_the_known_harmless(session):
    hosts = SEEN_HOSTS | nb.requested_hosts(session)
    assert "api.segment.io" not in hosts  # no analytics event was sent
    assert hosts <= HARMLESS, hosts - HARMLESS
