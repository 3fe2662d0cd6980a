"""The HTML page of a view: one self-contained file, safe for any string from text.

Why not pyvis's own template: it links bootstrap from a CDN and puts the heading in the
page unescaped. We keep pyvis for what it ships, the vis-network bundle, and inline it.

Safety rules, in one place:
- every text reaches the page either through Jinja with autoescape on, or inside the one
  JSON data block, where `<`, `>` and `&` are \\u-escaped so no `</script>` or `<!--`
  can end or change the block;
- the page's script builds every piece of text with `textContent` / DOM elements, never
  `innerHTML`; hovers are DOM elements (vis-network draws a string title as text anyway).
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

VIS_VERSION = "9.1.2"
_DATA_IMAGE = re.compile(r'background-image:\s*url\("data:image/[a-z]+;base64,[A-Za-z0-9+/=]+"\);?')


@lru_cache(maxsize=1)
def vendor_assets() -> tuple[str, str]:
    """(vis-network JavaScript, its CSS) as shipped inside the installed pyvis package."""
    import pyvis

    lib = Path(pyvis.__file__).resolve().parent / "lib" / f"vis-{VIS_VERSION}"
    try:
        js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
        css = (lib / "vis-network.css").read_text(encoding="utf-8")
    except OSError as exc:  # a pyvis without its bundle: say which file is missing
        raise RuntimeError(f"pyvis does not ship vis-network {VIS_VERSION}: {exc}") from exc
    # The stylesheet's images (navigation buttons, colour picker, manipulation toolbar:
    # 205 of its 220 kB) belong to widgets no view turns on; their rules stay, imageless.
    css = _DATA_IMAGE.sub("", css)
    # Both are inlined into <script>/<style>: a closing tag inside would end them early.
    for text, tag in ((js, "</script"), (css, "</style")):
        if tag in text.lower():
            raise RuntimeError(f"vendored vis-network asset contains {tag!r}; cannot inline it")
    return js, css


def script_json(value: Any) -> Markup:
    """JSON that is safe inside a <script> element: nothing in it can close or comment it."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return Markup(text)


_ENV = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined,
                          keep_trailing_newline=True)

PAGE = _ENV.from_string(r"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="kg view">
<title>{{ title }}</title>
<style>{{ vis_css }}</style>
<style>
  body { margin: 0; font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC",
         "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; color: #222; background: #fafafa; }
  header { padding: 10px 16px 4px; }
  h1 { font-size: 20px; margin: 0 0 2px; }
  .sub { color: #555; font-size: 13px; }
  .note { margin: 6px 16px; padding: 6px 10px; background: #fff4d6; border: 1px solid #e8c66a;
          border-radius: 4px; font-size: 13px; }
  .note code { background: #fbe7ad; padding: 0 3px; border-radius: 2px; }
  .bar { display: flex; flex-wrap: wrap; gap: 10px 18px; align-items: center; padding: 4px 16px;
         font-size: 13px; }
  .bar label { cursor: pointer; white-space: nowrap; }
  .bar input[type=date] { font-size: 13px; }
  .legend { display: flex; flex-wrap: wrap; gap: 4px 14px; align-items: center; }
  .legend .count, .bar .count { color: #777; }
  .legend svg { vertical-align: middle; }
  .find { position: relative; }
  #kg-search { font-size: 14px; width: 240px; padding: 2px 6px; }
  #kg-results { position: absolute; z-index: 10; left: 0; top: 100%; min-width: 320px; max-height: 50vh;
                overflow: auto; margin: 2px 0 0; padding: 0; list-style: none; background: #fff;
                border: 1px solid #bbb; border-radius: 4px; box-shadow: 2px 2px 8px rgba(0,0,0,.15); }
  #kg-results:empty { display: none; }
  #kg-results li { margin: 0; }
  #kg-results button { display: block; width: 100%; text-align: left; border: 0; background: none;
                       padding: 3px 8px; font-size: 13px; cursor: pointer; }
  #kg-results button:hover, #kg-results button:focus { background: #e8eef6; }
  #kg-results .off { color: #888; }
  #kg-results .msg { padding: 3px 8px; color: #777; }
  main { display: flex; gap: 8px; padding: 4px 16px 8px; }
  #kg-network { flex: 1 1 auto; height: 74vh; min-height: 420px; background: #fff;
                border: 1px solid #ddd; border-radius: 4px; }
  #kg-details { flex: 0 0 300px; height: 74vh; min-height: 420px; overflow: auto; background: #fff;
                border: 1px solid #ddd; border-radius: 4px; padding: 8px; font-size: 13px;
                box-sizing: border-box; }
  #kg-details .hint { color: #777; }
  #kg-empty { padding: 40px; color: #777; font-size: 16px; }
  footer { padding: 0 16px 10px; color: #666; font-size: 12px; }
  .kg-tip { max-width: 420px; font-size: 13px; line-height: 1.45; white-space: normal; }
  .kg-tip .head { font-weight: bold; margin-bottom: 3px; }
  .kg-tip .badge { display: inline-block; color: #fff; border-radius: 3px; padding: 0 4px;
                   margin-right: 4px; font-weight: normal; font-size: 12px; }
  .kg-tip table { border-collapse: collapse; }
  .kg-tip td { vertical-align: top; padding: 0 6px 0 0; }
  .kg-tip td.k { color: #666; white-space: nowrap; }
  .kg-tip .ev { margin-top: 4px; padding-left: 6px; border-left: 3px solid #ccc; }
  .kg-tip .src { color: #666; font-size: 12px; }
  .vis-tooltip { max-width: 440px; white-space: normal !important; }
</style>
</head>
<body>
<header>
  <h1 id="kg-title">{{ title }}</h1>
  <div class="sub" id="kg-subtitle">{{ subtitle }}</div>
</header>
{% for note in notes %}
<div class="note" id="{{ 'kg-cap-note' if note.cap else 'kg-note-' ~ loop.index }}">
  {%- for part in note.parts -%}
    {%- if part.code %}<code>{{ part.text }}</code>{% else %}{{ part.text }}{% endif -%}
  {%- endfor -%}
</div>
{% endfor %}
<div class="bar">
  <div class="legend" id="kg-legend">
    <strong>图例</strong>
    {% for item in legend %}
    <label title="显示/隐藏{{ item.name }}"><input type="checkbox" checked data-label="{{ item.label }}">
      <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">{{ item.symbol }}</svg>
      {{ item.name }} <span class="count">{{ item.count }}</span></label>
    {% endfor %}
  </div>
</div>
<div class="bar">
  <span class="find"><label for="kg-search">查找</label>
    <input type="search" id="kg-search" placeholder="输入名称，回车定位" autocomplete="off" spellcheck="false">
    <ul id="kg-results" role="listbox" aria-label="查找结果"></ul></span>
  <span id="kg-relations"><strong>关系</strong>
    {% for rel in relations %}
    <label><input type="checkbox" checked data-type="{{ rel.type }}"> {{ rel.word }} <span class="count">{{ rel.count }}</span></label>
    {% endfor %}
  </span>
</div>
<div class="bar">
  {% if date_range %}
  <span id="kg-dates"><strong>日期</strong>
    <input type="date" id="kg-from" min="{{ date_range[0] }}" max="{{ date_range[1] }}" aria-label="起始日期"> 至
    <input type="date" id="kg-to" min="{{ date_range[0] }}" max="{{ date_range[1] }}" aria-label="截止日期"></span>
  {% endif %}
  <label title="与当前显示的节点都没有关系的节点"><input type="checkbox" id="kg-unconnected"{% if show_unconnected %} checked{% endif %}> 显示无关系的节点 <span class="count" id="kg-unconnected-count"></span></label>
  <span class="count" id="kg-shown"></span>
  <button type="button" id="kg-reset">全部显示</button>
</div>
<main>
  <div id="kg-network"></div>
  <aside id="kg-details"><div class="hint">点击节点或关系查看详情：类型、职务、日期，以及每条关系的原文句子和文章标题。</div></aside>
</main>
<footer>节点形状与颜色表示类型，大小表示关联数（度）；连线文字为关系（主持、出席、讲话、调研、签约……），事件名后是日期。悬停查看出处，滚轮缩放，拖动平移。</footer>
<script type="application/json" id="kg-data">{{ data }}</script>
<script>{{ vis_js }}</script>
<script>
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var MAX_RESULTS = 30;
  var DETAIL_SCALE = 0.35;  // from this zoom on, an edge label (11px) is drawn 4px or more
  var fixed = data.layout === "fixed";

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  // Records are arrays (data.nodeFields / data.edgeFields name their fields); trailing
  // fields at their default are left off by the writer.
  function expand(rec, fields, defaults) {
    var item = {};
    fields.forEach(function (f, i) { item[f] = i < rec.length ? rec[i] : defaults[f]; });
    return item;
  }
  var nodes = data.nodes.map(function (rec) {
    return expand(rec, data.nodeFields, {centre: 0, x: null, y: null, date: -1, rows: [], evidence: [], more: 0});
  });
  var edges = data.edges.map(function (rec) {
    return expand(rec, data.edgeFields, {facts: 0, articles: 0, evidence: [], more: 0, dates: [], rows: []});
  });
  var indexOf = {};
  nodes.forEach(function (n, i) { indexOf[n.id] = i; });

  // Hovers and details are built when shown, from the tables: text only.
  // An evidence reference: [sentence, confidence %, type(, one end, other end)].
  function evidence(ev, role) {
    var sentence = data.sentences[ev[0]];
    var art = data.articles[sentence[1]];
    var text = data.texts[sentence[0]];
    var source = "\u300a" + art[0] + "\u300b";
    var extra = [];
    if (art[1] >= 0) { extra.push(data.papers[art[1]]); }
    if (art[2] >= 0) { extra.push(data.dates[art[2]]); }
    if (extra.length) { source += " " + extra.join(" "); }
    if (typeof ev[1] === "number") { source += " \u00b7 置信度 " + (ev[1] / 100).toFixed(2); }
    return {text: text, source: source, role: role};
  }
  function endName(ref) { return typeof ref === "number" ? nodes[ref].name : String(ref); }
  function rows(list) { return list.map(function (row) { return [data.keys[row[0]], row[1]]; }); }
  function nodeTip(i) {
    var n = nodes[i], kind = data.kinds[n.label];
    return {kind: kind.name, color: kind.color, name: n.name, rows: rows(n.rows),
            evidence: n.evidence.map(function (ev) {
              return evidence(ev, data.words[ev[2]] + "：" + endName(ev[3]) + " \u2192 " + endName(ev[4]));
            }),
            more: n.more ? "另有 " + n.more + " 条出处，见各条关系" : ""};
  }
  function edgeTip(j) {
    var e = edges[j];
    var head = [["关系", data.labels[e.label][0]], ["出处", e.articles + " 篇文章，" + e.facts + " 条事实"]];
    return {kind: "关系", color: "#555555", name: nodes[e.from].name + " \u2192 " + nodes[e.to].name,
            rows: head.concat(rows(e.rows)),
            evidence: e.evidence.map(function (ev) { return evidence(ev, data.words[ev[2]]); }),
            more: e.more ? "另有 " + e.more + " 条出处未列出" : ""};
  }
  function card(tip) {
    var box = el("div", "kg-tip");
    var head = el("div", "head");
    var badge = el("span", "badge", tip.kind);
    badge.style.background = tip.color;
    head.appendChild(badge);
    head.appendChild(document.createTextNode(tip.name));
    box.appendChild(head);
    if (tip.rows.length) {
      var table = el("table");
      tip.rows.forEach(function (row) {
        var tr = el("tr");
        tr.appendChild(el("td", "k", row[0]));
        tr.appendChild(el("td", "v", row[1]));
        table.appendChild(tr);
      });
      box.appendChild(table);
    }
    tip.evidence.forEach(function (ev) {
      var div = el("div", "ev");
      if (ev.role) { div.appendChild(el("div", "src", ev.role)); }
      div.appendChild(el("div", "", "\u201c" + ev.text + "\u201d"));
      div.appendChild(el("div", "src", ev.source));
      box.appendChild(div);
    });
    if (tip.more) { box.appendChild(el("div", "src", tip.more)); }
    return box;
  }

  // What is shown: types, relations and dates the reader keeps; a node with no shown
  // relation only while "显示无关系的节点" is ticked (centres and found nodes always).
  var unconnectedBox = document.getElementById("kg-unconnected");
  var state = {labels: {}, types: {}, from: "", to: "", unconnected: unconnectedBox.checked, pinned: {}};
  function inRange(date) {
    if (!date) { return false; }
    if (state.from && date.slice(0, state.from.length) < state.from) { return false; }
    return !(state.to && date.slice(0, state.to.length) > state.to);
  }
  function visibility() {
    var dating = !!(state.from || state.to);
    var kept = nodes.map(function (n) {
      if (state.labels[n.label]) { return false; }
      return !(dating && n.date >= 0) || inRange(data.dates[n.date]);
    });
    var linked = nodes.map(function () { return 0; });
    var edgeOn = edges.map(function (e) {
      if (!kept[e.from] || !kept[e.to]) { return false; }
      if (!e.types.some(function (t) { return !state.types[data.types[t]]; })) { return false; }
      if (dating && !e.dates.some(function (d) { return inRange(data.dates[d]); })) { return false; }
      linked[e.from] += 1;
      linked[e.to] += 1;
      return true;
    });
    var lonely = 0;
    var nodeOn = nodes.map(function (n, i) {
      if (state.pinned[i]) { return true; }
      if (!kept[i]) { return false; }
      if (linked[i] || n.centre) { return true; }
      lonely += 1;
      return state.unconnected;
    });
    return {nodes: nodeOn, edges: edgeOn, lonely: lonely};
  }
  var shown = visibility();

  var fonts = {size: 18};
  var nodeSet = new vis.DataSet(nodes.map(function (n, i) {
    var kind = data.kinds[n.label];
    var item = {id: n.id, label: n.canvas || n.name, shape: kind.shape, value: n.value, hidden: !shown.nodes[i],
                color: {background: kind.color, border: kind.border,
                        highlight: {background: kind.color, border: data.centreBorder},
                        hover: {background: kind.color, border: data.centreBorder}}};
    if (n.centre) { item.borderWidth = 4; item.color.border = data.centreBorder; item.font = fonts; }
    if (fixed) { item.x = n.x || 0; item.y = n.y || 0; }
    return item;
  }));
  // A big view's edges get their labels (and arrows) once zoom makes them readable: on
  // thousands of edges, measuring every label and drawing every arrow would slow the
  // first frame and every frame of the overview, where none of them can be read.
  var edgeSet = new vis.DataSet(edges.map(function (e, j) {
    var item = {id: "e" + j, from: nodes[e.from].id, to: nodes[e.to].id,
                width: Math.min(1 + 0.5 * (e.facts - 1), 5), hidden: !shown.edges[j]};
    if (!fixed) { item.label = data.labels[e.label][1]; }
    return item;
  }));

  var container = document.getElementById("kg-network");
  var details = document.getElementById("kg-details");
  function showDetails(tip) {
    details.textContent = "";
    if (tip) { details.appendChild(card(tip)); }
  }
  function counts() {
    var n = shown.nodes.filter(Boolean).length, e = shown.edges.filter(Boolean).length;
    document.getElementById("kg-shown").textContent =
      "显示 " + n + " / " + nodes.length + " 个节点、" + e + " / " + edges.length + " 条关系";
    document.getElementById("kg-unconnected-count").textContent = shown.lonely;
  }
  counts();

  window.kg = {data: data, nodes: nodeSet, edges: edgeSet, records: {nodes: nodes, edges: edges},
               card: card, nodeTip: function (id) { return nodeTip(typeof id === "number" ? id : indexOf[id]); },
               edgeTip: function (j) { return edgeTip(typeof j === "number" ? j : Number(String(j).slice(1))); },
               ready: false, readyAt: null, network: null, found: null};
  function markReady() {
    window.kg.ready = true;
    window.kg.readyAt = performance.now();
    document.body.setAttribute("data-ready", "1");
  }
  if (nodes.length === 0) {
    container.appendChild(el("div", "", "没有符合条件的节点。")).id = "kg-empty";
    markReady();
    return;
  }

  function visibleIds() {
    return nodes.filter(function (n, i) { return shown.nodes[i]; }).map(function (n) { return n.id; });
  }
  var network = new vis.Network(container, {nodes: nodeSet, edges: edgeSet}, data.options);
  window.kg.network = network;
  if (fixed) {
    // The layout came with the page: the first frame is the final one.
    network.once("afterDrawing", markReady);
    network.fit({nodes: visibleIds(), animation: false});
  } else {
    // Settle once, then freeze: the layout stays where the reader left it.
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({physics: {enabled: false}});
      // ready once the settled layout is on the canvas, not merely computed
      network.once("afterDrawing", markReady);
      network.fit();
      network.redraw();
    });
  }

  // A hover's card is made the first time it is needed.
  var titled = {};
  network.on("hoverNode", function (params) {
    if (!titled["n" + params.node]) {
      titled["n" + params.node] = true;
      nodeSet.update({id: params.node, title: card(nodeTip(indexOf[params.node]))});
    }
  });
  network.on("hoverEdge", function (params) {
    if (!titled[params.edge]) {
      titled[params.edge] = true;
      edgeSet.update({id: params.edge, title: card(window.kg.edgeTip(params.edge))});
    }
  });
  network.on("click", function (params) {
    if (params.nodes.length) { showDetails(nodeTip(indexOf[params.nodes[0]])); }
    else if (params.edges.length) { showDetails(window.kg.edgeTip(params.edges[0])); }
  });

  // Zoomed in on a big view, the edges in sight get their labels and arrows (a few
  // hundred edges: quick); zoomed out again, arrows go (labels stay, too small to draw).
  var detailed = {}, arrows = false;
  function detail() {
    if (!fixed) { return; }
    var scale = network.getScale(), changes = [];
    var turn = function (on) {
      arrows = on;
      Object.keys(detailed).forEach(function (j) { changes.push({id: "e" + j, arrows: {to: {enabled: on}}}); });
    };
    if (scale < DETAIL_SCALE * 0.8 && arrows) { turn(false); }
    if (scale >= DETAIL_SCALE) {
      if (!arrows) { turn(true); }
      var low = network.DOMtoCanvas({x: 0, y: 0});
      var high = network.DOMtoCanvas({x: container.clientWidth, y: container.clientHeight});
      edges.forEach(function (e, j) {
        if (detailed[j]) { return; }
        var x = (nodes[e.from].x + nodes[e.to].x) / 2, y = (nodes[e.from].y + nodes[e.to].y) / 2;
        if (x >= low.x && x <= high.x && y >= low.y && y <= high.y) {
          detailed[j] = true;
          changes.push({id: "e" + j, label: data.labels[e.label][1], arrows: {to: {enabled: true}}});
        }
      });
    }
    if (changes.length) { edgeSet.update(changes); }
  }
  network.on("zoom", detail);
  network.on("dragEnd", detail);

  function apply() {
    var next = visibility();
    var nodeChanges = [], edgeChanges = [];
    nodes.forEach(function (n, i) {
      if (next.nodes[i] !== shown.nodes[i]) { nodeChanges.push({id: n.id, hidden: !next.nodes[i]}); }
    });
    edges.forEach(function (e, j) {
      if (next.edges[j] !== shown.edges[j]) { edgeChanges.push({id: "e" + j, hidden: !next.edges[j]}); }
    });
    shown = next;
    if (nodeChanges.length) { nodeSet.update(nodeChanges); }
    if (edgeChanges.length) { edgeSet.update(edgeChanges); }
    counts();
  }

  // Find a node by name: any part of it, in any case or width; exact names first, then
  // names that start with it, the most connected first.
  function norm(text) {
    return String(text).normalize("NFKC").toLowerCase().replace(/[\s\u200b-\u200d\u2060\ufeff]+/g, "");
  }
  var keys = nodes.map(function (n) { return norm(n.name); });
  function search(text) {
    var wanted = norm(text);
    if (!wanted) { return []; }
    var found = [];
    keys.forEach(function (key, i) {
      var at = key.indexOf(wanted);
      if (at >= 0) { found.push([key === wanted ? 0 : at === 0 ? 1 : 2, -nodes[i].value, i]); }
    });
    found.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || a[2] - b[2]; });
    return found.map(function (f) { return f[2]; });
  }
  function pick(i) {
    state.pinned[i] = true;
    apply();
    var id = nodes[i].id;
    network.selectNodes([id]);
    network.focus(id, {scale: Math.max(network.getScale(), 1.0), animation: false});
    detail();
    showDetails(nodeTip(i));
    window.kg.found = id;
  }
  var box = document.getElementById("kg-search");
  var list = document.getElementById("kg-results");
  var hits = [];
  function showResults() {
    list.textContent = "";
    hits = search(box.value);
    if (!box.value.trim()) { return; }
    if (!hits.length) {
      list.appendChild(el("li", "msg", "没有名称含“" + box.value.trim() + "”的节点"));
      return;
    }
    hits.slice(0, MAX_RESULTS).forEach(function (i) {
      var n = nodes[i];
      var date = n.date >= 0 ? " \u00b7 " + data.dates[n.date] : "";
      var button = el("button", shown.nodes[i] ? "" : "off",
                      data.kinds[n.label].name + "：" + n.name + date + (shown.nodes[i] ? "" : "（已隐藏）"));
      button.type = "button";
      button.addEventListener("click", function () { list.textContent = ""; pick(i); });
      var item = el("li");
      item.appendChild(button);
      list.appendChild(item);
    });
    if (hits.length > MAX_RESULTS) { list.appendChild(el("li", "msg", "另有 " + (hits.length - MAX_RESULTS) + " 个")); }
  }
  box.addEventListener("input", function (event) { if (!event.isComposing) { showResults(); } });
  box.addEventListener("compositionend", showResults);  // Chinese input: once the characters are chosen
  box.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.isComposing) {
      event.preventDefault();
      hits = search(box.value);
      if (hits.length) { list.textContent = ""; pick(hits[0]); }
    } else if (event.key === "Escape") { box.value = ""; list.textContent = ""; }
  });
  window.kg.search = function (text) { return search(text).map(function (i) { return nodes[i].id; }); };
  window.kg.pick = function (id) { pick(indexOf[id]); };

  // Show or hide node types, relationship types, dates and nodes with no relation.
  document.querySelectorAll("#kg-legend input[data-label]").forEach(function (check) {
    check.addEventListener("change", function () {
      state.labels[check.getAttribute("data-label")] = !check.checked;
      apply();
    });
  });
  document.querySelectorAll("#kg-relations input[data-type]").forEach(function (check) {
    check.addEventListener("change", function () {
      state.types[check.getAttribute("data-type")] = !check.checked;
      apply();
    });
  });
  var from = document.getElementById("kg-from"), to = document.getElementById("kg-to");
  [from, to].forEach(function (input) {
    if (input) {
      input.addEventListener("change", function () { state.from = from.value; state.to = to.value; apply(); });
    }
  });
  unconnectedBox.addEventListener("change", function () { state.unconnected = unconnectedBox.checked; apply(); });
  document.getElementById("kg-reset").addEventListener("click", function () {
    document.querySelectorAll("#kg-legend input, #kg-relations input").forEach(function (check) { check.checked = true; });
    if (from) { from.value = ""; to.value = ""; }
    unconnectedBox.checked = unconnectedBox.defaultChecked;
    state = {labels: {}, types: {}, from: "", to: "", unconnected: unconnectedBox.checked, pinned: {}};
    apply();
    box.value = "";
    list.textContent = "";
    network.unselectAll();
    network.fit({nodes: visibleIds(), animation: false});
  });
})();
</script>
</body>
</html>
""")  # noqa: E501 - the template's long lines are the page's text; wrapping them would change the HTML

# Legend symbols, drawn like vis-network draws the shape (16x16 box).
_SYMBOLS: dict[str, str] = {
    "dot": '<circle cx="8" cy="8" r="6" fill="{fill}" stroke="{stroke}"/>',
    "square": '<rect x="2" y="2" width="12" height="12" fill="{fill}" stroke="{stroke}"/>',
    "triangle": '<polygon points="8,1.5 14.5,14 1.5,14" fill="{fill}" stroke="{stroke}"/>',
    "diamond": '<polygon points="8,1 15,8 8,15 1,8" fill="{fill}" stroke="{stroke}"/>',
    "star": ('<polygon points="8,1 10,6 15,6 11,9.5 12.5,15 8,11.5 3.5,15 5,9.5 1,6 6,6" '
             'fill="{fill}" stroke="{stroke}"/>'),
    "hexagon": '<polygon points="4,1.5 12,1.5 15,8 12,14.5 4,14.5 1,8" fill="{fill}" stroke="{stroke}"/>',
}


def legend_symbol(shape: str, fill: str, stroke: str) -> Markup:
    # Only fixed style constants reach this markup, never text from the corpus.
    return Markup(_SYMBOLS.get(shape, _SYMBOLS["dot"]).format(fill=fill, stroke=stroke))


def render_page(*, title: str, subtitle: str, notes: list[dict], legend: list[dict],
                relations: list[dict], data: dict, date_range: tuple[str, str] | None = None,
                show_unconnected: bool = True) -> str:
    """The whole HTML document. `notes` are [{"cap": bool, "parts": [{"text", "code"}]}];
    `date_range` (first, last day) adds the date filter; `show_unconnected` is whether
    nodes with no shown relation are drawn when the page opens."""
    js, css = vendor_assets()
    return PAGE.render(title=title, subtitle=subtitle, notes=notes, legend=legend,
                       relations=relations, data=script_json(data), date_range=date_range,
                       show_unconnected=show_unconnected, vis_js=Markup(js), vis_css=Markup(css))
