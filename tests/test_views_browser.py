"""Every kind of view in a real headless Chromium, offline, from a file:// URL.

Each page must load without console errors, draw its canvas, hold as many nodes as the
view selected, fetch nothing, and run none of the hostile strings it shows. Big views
(laid out in Python) must draw at once where their data puts the nodes, hide unconnected
nodes until asked, and answer the search box, the type and the date filters.
"""
from __future__ import annotations

import re
from pathlib import Path

import browser as view_browser
import pytest
from test_views_data import HOSTILE_NAMES, city_graph, hostile_graph, official, star_graph

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


def search_results(browser, text: str) -> list[str]:
    """What the search box lists once `text` is in it (set as a paste would)."""
    return browser.execute_script(
        "var box = document.getElementById('kg-search'); box.value = arguments[0];"
        "box.dispatchEvent(new Event('input', {bubbles: true}));"
        "return Array.prototype.map.call(document.querySelectorAll('#kg-results li'), li => li.textContent);",
        text)


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
    # every hover card, as the page builds it on demand
    names = browser.execute_script("return kg.records.nodes.map(function (n) {"
                                   "  return kg.card(kg.nodeTip(n.id)).textContent; })")
    for node in selection.nodes:
        assert any(views.node_name(graph, node) in text for text in names)
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / f"view-{kind}.png"))
    assert_clean(browser)


def test_hostile_names_show_literally_in_hover_details_and_menus(browser, graph, tmp_path):
    selection = views.select_graph(graph)
    open_view(browser, graph, selection, tmp_path / "hostile.html")
    # the search box lists each name as text
    for name in HOSTILE_NAMES:
        assert f"人物：{name}" in search_results(browser, name)
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




@pytest.mark.seeds
def test_person_view_of_the_seed_pages(browser, tmp_path, seed_store_dir):
    from kg.graph.store import Store

    with Store(seed_store_dir) as store:
        graph = store.to_networkx()
    person = views.most_active_person(graph)
    assert person is not None
    selection = views.select_ego(graph, schema.PERSON, person)
    open_view(browser, graph, selection, tmp_path / "person.html")
    assert browser.execute_script("return kg.nodes.length") == len(selection.nodes) > 3
    assert view_browser.canvas_ink(browser) > 2000
    # evidence names its article by title (found through the edge's article id)
    sources = browser.execute_script(
        "return kg.records.edges.map((e, j) => kg.edgeTip(j).evidence.map(v => v.source)).flat()")
    assert sources and not [s for s in sources if s.startswith("《出处不明》")]
    titles = {views.node_name(graph, n) for n, a in graph.nodes(data=True) if a["label"] == schema.ARTICLE}
    assert all(any(s.startswith(f"《{title}》") for title in titles) for s in sources)
    tooltip = view_browser.hover(browser, person)
    assert views.node_name(graph, person) in tooltip["text"] and "《" in tooltip["text"]
    assert_clean(browser)
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "person-view-seeds.png"))


# --------------------------------------------------------------------------- big views

def shown_nodes(browser) -> set[str]:
    return set(browser.execute_script("return kg.nodes.get({filter: n => !n.hidden}).map(n => n.id)"))


@pytest.fixture(scope="module")
def city():
    graph = city_graph()
    return graph, views.select_graph(graph)


def test_big_view_draws_at_once_where_the_data_says_and_hides_unconnected_nodes(browser, city, tmp_path):
    graph, selection = city
    open_view(browser, graph, selection, tmp_path / "big.html")
    assert browser.execute_script("return kg.data.layout") == "fixed"
    assert browser.execute_script("return kg.network.physics.options.enabled") is False
    assert view_browser.canvas_ink(browser) > 2000
    # every node is where Python put it: the page moved nothing
    given = browser.execute_script("return kg.records.nodes.map(n => [n.id, n.x, n.y])")
    placed = browser.execute_script("return kg.network.getPositions()")  # the nodes drawn
    assert all(placed[node] == {"x": x, "y": y} for node, x, y in given if node in placed)
    lonely = {n for n in selection.nodes if "科技有限公司" in views.node_name(graph, n)}
    assert len(lonely) == 12 and not lonely & shown_nodes(browser)
    assert set(placed) == set(selection.nodes) - lonely
    assert browser.execute_script("return document.getElementById('kg-unconnected-count').textContent") == "12"
    browser.find_element("id", "kg-unconnected").click()
    assert shown_nodes(browser) == set(selection.nodes)
    placed = browser.execute_script("return kg.network.getPositions()")
    assert all(placed[node] == {"x": x, "y": y} for node, x, y in given)
    browser.find_element("id", "kg-unconnected").click()
    assert not lonely & shown_nodes(browser)
    assert_clean(browser)


def test_search_box_finds_focuses_and_highlights_a_chinese_name(browser, city, tmp_path):
    from selenium.webdriver.common.keys import Keys

    graph, selection = city
    open_view(browser, graph, selection, tmp_path / "search.html")
    box = browser.find_element("id", "kg-search")
    box.send_keys(official(7)[:2])  # typed, in Chinese: part of a name lists the candidates
    listed = browser.execute_script(
        "return Array.prototype.map.call(document.querySelectorAll('#kg-results li'), li => li.textContent)")
    assert f"人物：{official(7)}" in listed
    box.send_keys(official(7)[2:], Keys.ENTER)
    target = next(n for n in selection.nodes if views.node_name(graph, n) == official(7))
    assert browser.execute_script("return kg.network.getSelectedNodes()") == [target]
    # focused: the node is in the middle of the canvas, drawn at a readable size
    x, y, w, h, scale = browser.execute_script(
        "var p = kg.network.canvasToDOM(kg.network.getPositions([arguments[0]])[arguments[0]]);"
        "var box = document.getElementById('kg-network').getBoundingClientRect();"
        "return [p.x, p.y, box.width, box.height, kg.network.getScale()];", target)
    assert abs(x - w / 2) < 5 and abs(y - h / 2) < 5 and scale >= 1.0
    assert official(7) in browser.execute_script("return document.getElementById('kg-details').textContent")
    # a name hidden by the filters is found too, and shown
    company = next(n for n in selection.nodes if "科技有限公司" in views.node_name(graph, n))
    assert company not in shown_nodes(browser)
    box.clear()
    box.send_keys(views.node_name(graph, company), Keys.ENTER)
    assert company in shown_nodes(browser)
    assert browser.execute_script("return kg.network.getSelectedNodes()") == [company]
    # one meeting name, many dates: the list tells them apart
    listed = search_results(browser, "全市工作会议")
    meetings = [item for item in listed if item.startswith("事件：全市工作会议 · 2022-")]
    assert len(meetings) == len(set(meetings)) == 16
    assert search_results(browser, "不存在的名字") == ["没有名称含“不存在的名字”的节点"]
    # with a Chinese input method the box holds pinyin until the characters are chosen:
    # nothing is searched for then, and the chosen name is searched for at once
    listed = browser.execute_script(
        "var box = document.getElementById('kg-search'), list = () => Array.prototype.map.call("
        "  document.querySelectorAll('#kg-results li'), li => li.textContent);"
        "box.value = ''; box.dispatchEvent(new Event('input'));"
        "box.value = 'zhao'; box.dispatchEvent(new InputEvent('input', {isComposing: true}));"
        "var composing = list();"
        "box.value = arguments[0]; box.dispatchEvent(new CompositionEvent('compositionend', {data: arguments[0]}));"
        "return [composing, list()];", official(0))
    assert listed == [[], [f"人物：{official(0)}"]]
    assert_clean(browser)


def test_type_and_date_filters_in_the_page(browser, city, tmp_path):
    graph, selection = city
    open_view(browser, graph, selection, tmp_path / "filters.html")
    everyone = shown_nodes(browser)
    browser.execute_script(
        "var from = document.getElementById('kg-from'), to = document.getElementById('kg-to');"
        "from.value = '2022-04-01'; to.value = '2022-04-30';"
        "to.dispatchEvent(new Event('change', {bubbles: true}));")
    april = shown_nodes(browser)
    events = {n for n in selection.nodes if views.node_label(graph, n) == schema.EVENT}
    in_april = {n for n in events if graph.nodes[n]["date"].startswith("2022-04")}
    assert april & events == in_april and in_april
    # an official shows in April only with a meeting in April
    people = {n for n in selection.nodes if views.node_label(graph, n) == schema.PERSON}
    busy = {p for p in people if any(v in in_april for v in graph.successors(p))}
    assert april & people == busy and busy < people
    # edges of April only
    dates = browser.execute_script(
        "return kg.edges.get({filter: e => !e.hidden}).map(e => kg.records.edges[Number(e.id.slice(1))].dates"
        ".map(d => kg.data.dates[d]))")
    assert dates and all(any(d.startswith("2022-04") for d in ds) for ds in dates)
    # and a type hidden on top of it
    browser.find_element("css selector", '#kg-legend input[data-label="Place"]').click()
    assert not {n for n in shown_nodes(browser) if views.node_label(graph, n) == schema.PLACE}
    browser.find_element("id", "kg-reset").click()
    assert shown_nodes(browser) == everyone
    assert_clean(browser)


def test_big_view_hover_is_built_when_shown(browser, city, tmp_path):
    graph, selection = city
    open_view(browser, graph, selection, tmp_path / "hover.html")
    person = next(n for n in selection.nodes if views.node_name(graph, n) == official(0))
    assert browser.execute_script("return kg.nodes.get(arguments[0]).title", person) is None
    tooltip = view_browser.hover(browser, person)
    assert official(0) in tooltip["text"] and "职务副市长（许昌市人民政府）" in tooltip["text"]
    # a fact, its sentence, its article's title, paper and date, its confidence
    assert re.search(r"出席：赵一明 → 第\d+次专题工作会议“副市长..明主持会议，[^”]*赵一明[^”]*出席。”"
                     r"《第\d+次专题工作会议召开》 许昌日报 2022-\d\d-\d\d · 置信度 0.90", tooltip["text"])
    assert tooltip["markup"] == 0
    assert_clean(browser)


def test_big_view_labels_edges_and_draws_arrows_once_zoom_makes_them_readable(browser, city, tmp_path):
    graph, selection = city
    open_view(browser, graph, selection, tmp_path / "zoom.html")
    labelled = "return kg.edges.get({filter: e => !!e.label}).map(e => [e.from, e.to, e.label])"
    arrowed = ("return kg.edges.getIds().filter(id => kg.network.body.edges[id].options.arrows.to.enabled)"
               ".length")
    assert browser.execute_script("return kg.network.getScale()") < 0.35
    assert browser.execute_script(labelled) == [] and browser.execute_script(arrowed) == 0
    person = next(n for n in selection.nodes if views.node_name(graph, n) == official(0))
    browser.execute_script("kg.pick(arguments[0])", person)  # as the search box does: zoomed in on it
    shown = browser.execute_script(labelled)
    assert any(u == person and label == "副市长" for u, _, label in shown)  # its position, named
    assert 0 < len(shown) < len(browser.execute_script("return kg.records.edges"))  # those in view only
    assert browser.execute_script(arrowed) == len(shown)
    browser.execute_script("kg.network.moveTo({scale: 0.1}); kg.network.emit('zoom', {scale: 0.1})")
    assert browser.execute_script(arrowed) == 0
    assert_clean(browser)
