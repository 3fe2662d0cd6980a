"""Every kind of view in a real headless Chromium, offline, from a file:// URL.

Each page must load without console errors, draw its canvas, hold as many nodes as the
view selected, fetch nothing, and run none of the hostile strings it shows.
"""
from __future__ import annotations

from pathlib import Path

import browser as view_browser
import pytest
from test_views_data import HOSTILE_NAMES, hostile_graph, star_graph

from kg import views
from kg.graph import schema

pytestmark = pytest.mark.browser

# Skipped per test (not per module) so that conftest's KG_REQUIRE_SERVICES sees each skip.
REASON = view_browser.missing_reason()

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"

# kind -> (selection, a name that must be on the page)
CASES = {
    "person": lambda g: views.select_ego(g, schema.PERSON, "甲乙丙"),
    "event": lambda g: views.select_ego(g, schema.EVENT, '会议"><svg onload=alert(4)>', depth=1),
    "org": lambda g: views.select_ego(g, schema.ORGANIZATION, "<i>机构</i>&amp;", depth=1),
    "place": lambda g: views.select_ego(g, schema.PLACE, "洛阳市"),
    "graph": lambda g: views.select_graph(g),
    "hostile-person": lambda g: views.select_ego(g, schema.PERSON, HOSTILE_NAMES[0], depth=2),
}


@pytest.fixture(scope="module")
def browser():
    if REASON:
        pytest.skip(f"no browser: {REASON}")
    with view_browser.open_browser() as driver:
        yield driver


@pytest.fixture(scope="module")
def graph():
    return hostile_graph()


def open_view(browser, graph, selection, path: Path):
    views.write_view(graph, selection, path)
    view_browser.console_errors(browser)   # start from empty logs
    view_browser.requested_urls(browser)
    view_browser.load_view(browser, path)


def assert_clean(browser):
    assert view_browser.console_errors(browser) == []
    assert view_browser.trapped(browser) == []
    # chrome:// is the browser's own start page, not ours
    fetched = [u for u in view_browser.requested_urls(browser)
               if not u.startswith(("file:", "data:", "chrome:", "chrome-", "about:"))]
    assert fetched == []


@pytest.mark.parametrize("kind", list(CASES))
def test_view_loads_draws_and_counts(browser, graph, tmp_path, kind):
    selection = CASES[kind](graph)
    path = tmp_path / f"{kind}.html"
    open_view(browser, graph, selection, path)
    assert view_browser.canvas_ink(browser) > 500
    assert browser.execute_script("return kg.nodes.length") == len(selection.nodes)
    # the network itself placed every node (not only the data set holding them)
    assert browser.execute_script("return Object.keys(kg.network.getPositions()).length") == len(selection.nodes)
    assert browser.execute_script("return kg.network.physics.options.enabled") is False  # settled, frozen
    names = browser.execute_script("return kg.nodes.get().map(function (n) { return n.title.textContent; })")
    for node in selection.nodes:
        assert any(views.node_name(graph, node) in text for text in names)
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / f"view-{kind}.png"))
    assert_clean(browser)


def test_hostile_names_show_literally_in_hover_details_and_menus(browser, graph, tmp_path):
    selection = views.select_graph(graph)
    open_view(browser, graph, selection, tmp_path / "hostile.html")
    # the node finder lists each name as text
    options = browser.execute_script(
        "return Array.prototype.map.call(document.querySelectorAll('#kg-find option'), o => o.textContent)")
    for name in HOSTILE_NAMES:
        assert f"人物：{name}" in options
    # hover each hostile person with the real mouse: the tooltip is text, not markup
    for name in HOSTILE_NAMES[:3]:
        node = next(n for n in selection.nodes if views.node_name(graph, n) == name)
        tooltip = view_browser.hover(browser, node)
        assert name in tooltip["text"] and "出席<img src=x onerror=alert(5)>会议" in tooltip["text"]
        assert tooltip["markup"] == 0
        browser.execute_script("kg.network.selectNodes([arguments[0]]);"
                               "kg.network.emit('click', {nodes: [arguments[0]], edges: []});", node)
        details = browser.execute_script("return document.getElementById('kg-details').textContent")
        assert name in details
    assert browser.execute_script("return document.querySelectorAll('img, iframe, object, embed').length") == 0
    assert browser.execute_script("return document.title") == "全图 — 关系网络"
    assert_clean(browser)


def test_capped_view_shows_the_note_and_draws_the_cap(browser, tmp_path):
    graph = star_graph(320)
    selection = views.select_graph(graph, max_nodes=300)
    open_view(browser, graph, selection, tmp_path / "capped.html")
    note = browser.execute_script("return document.getElementById('kg-cap-note').textContent")
    assert "未显示 21 个" in note and "--max-nodes 321" in note
    assert browser.execute_script("return kg.nodes.length") == 300
    assert view_browser.canvas_ink(browser) > 500
    assert_clean(browser)


def test_legend_checkbox_hides_a_type(browser, graph, tmp_path):
    selection = views.select_graph(graph)
    open_view(browser, graph, selection, tmp_path / "legend.html")
    people = sum(1 for n in selection.nodes if views.node_label(graph, n) == schema.PERSON)
    browser.find_element("css selector", '#kg-legend input[data-label="Person"]').click()
    hidden = browser.execute_script("return kg.nodes.get({filter: n => n.hidden}).length")
    assert hidden == people > 0
    browser.find_element("id", "kg-reset").click()
    assert browser.execute_script("return kg.nodes.get({filter: n => n.hidden}).length") == 0
    assert_clean(browser)


SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "seeds"


@pytest.mark.seeds
def test_person_view_of_the_seed_pages(browser, tmp_path):
    if not SEEDS.is_dir():
        pytest.skip(f"seed pages not found at {SEEDS}")
    from kg.graph.ingest import ingest
    from kg.graph.store import Store

    ingest([SEEDS], tmp_path / "store", jobs=1, progress=False)
    with Store(tmp_path / "store") as store:
        graph = store.to_networkx()
    person = views.most_active_person(graph)
    assert person is not None
    selection = views.select_ego(graph, schema.PERSON, person)
    open_view(browser, graph, selection, tmp_path / "person.html")
    assert browser.execute_script("return kg.nodes.length") == len(selection.nodes) > 3
    assert view_browser.canvas_ink(browser) > 2000
    # evidence names its article by title (found through the edge's article id)
    sources = browser.execute_script(
        "return kg.data.edges.map(e => e.tip.evidence.map(v => v.source)).flat()")
    assert sources and not [s for s in sources if s.startswith("《出处不明》")]
    titles = {views.node_name(graph, n) for n, a in graph.nodes(data=True) if a["label"] == schema.ARTICLE}
    assert all(any(s.startswith(f"《{title}》") for title in titles) for s in sources)
    tooltip = view_browser.hover(browser, person)
    assert views.node_name(graph, person) in tooltip["text"] and "《" in tooltip["text"]
    assert_clean(browser)
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "person-view-seeds.png"))
