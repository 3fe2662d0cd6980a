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
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

VIS_VERSION = "9.1.2"


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
  .bar select { font-size: 13px; max-width: 320px; }
  .legend { display: flex; flex-wrap: wrap; gap: 4px 14px; align-items: center; }
  .legend .count { color: #777; }
  .legend svg { vertical-align: middle; }
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
  <label>查找节点 <select id="kg-find"><option value="">（选择一个节点）</option></select></label>
  <span id="kg-relations"><strong>关系</strong>
    {% for rel in relations %}
    <label><input type="checkbox" checked data-type="{{ rel.type }}"> {{ rel.word }} <span class="count">{{ rel.count }}</span></label>
    {% endfor %}
  </span>
  <button type="button" id="kg-reset">全部显示</button>
</div>
<main>
  <div id="kg-network"></div>
  <aside id="kg-details"><div class="hint">点击节点或关系查看详情：类型、职务、日期，以及每条关系的原文句子和文章标题。</div></aside>
</main>
<footer>节点形状与颜色表示类型，大小表示关联数（度）；连线文字为关系（主持、出席、讲话、调研、签约……）。悬停查看出处，滚轮缩放，拖动平移。</footer>
<script type="application/json" id="kg-data">{{ data }}</script>
<script>{{ vis_js }}</script>
<script>
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  // A hover or details card from the structured tip the page was given: text only.
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

  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var item = Object.assign({}, n.vis);
    item.id = n.id;
    item.title = card(n.tip);
    return item;
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    var item = Object.assign({}, e.vis);
    item.id = e.id;
    item.title = card(e.tip);
    return item;
  }));
  var tips = {};
  data.nodes.forEach(function (n) { tips["n" + n.id] = n.tip; });
  data.edges.forEach(function (e) { tips["e" + e.id] = e.tip; });

  var container = document.getElementById("kg-network");
  var details = document.getElementById("kg-details");
  function showDetails(tip) {
    details.textContent = "";
    if (tip) { details.appendChild(card(tip)); }
  }

  window.kg = { data: data, nodes: nodes, edges: edges, ready: false, network: null };
  if (data.nodes.length === 0) {
    container.appendChild(el("div", "", "没有符合条件的节点。")).id = "kg-empty";
    window.kg.ready = true;
    return;
  }

  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  window.kg.network = network;
  // Settle once, then freeze: the layout stays where the reader left it.
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: { enabled: false } });
    // ready once the settled layout is on the canvas, not merely computed
    network.once("afterDrawing", function () {
      window.kg.ready = true;
      document.body.setAttribute("data-ready", "1");
    });
    network.fit();
    network.redraw();
  });

  network.on("click", function (params) {
    if (params.nodes.length) { showDetails(tips["n" + params.nodes[0]]); }
    else if (params.edges.length) { showDetails(tips["e" + params.edges[0]]); }
  });

  // Find a node: options are text, sorted by type then name.
  var find = document.getElementById("kg-find");
  data.nodes.slice().sort(function (a, b) {
    return a.order - b.order || (a.tip.name < b.tip.name ? -1 : a.tip.name > b.tip.name ? 1 : 0);
  }).forEach(function (n) {
    var option = el("option", "", n.tip.kind + "：" + n.tip.name);
    option.value = n.id;
    find.appendChild(option);
  });
  find.addEventListener("change", function () {
    if (!find.value) { network.unselectAll(); return; }
    var id = find.value;
    var node = nodes.get(id);
    if (node && node.hidden) { nodes.update({ id: id, hidden: false }); }
    network.selectNodes([id]);
    network.focus(id, { scale: 1.2, animation: false });
    showDetails(tips["n" + id]);
  });

  // Show or hide node types and relationship types.
  var hiddenLabels = {}, hiddenTypes = {};
  function applyFilters() {
    nodes.update(data.nodes.map(function (n) { return { id: n.id, hidden: !!hiddenLabels[n.label] }; }));
    edges.update(data.edges.map(function (e) { return { id: e.id, hidden: !!hiddenTypes[e.type] }; }));
  }
  document.querySelectorAll("#kg-legend input[data-label]").forEach(function (box) {
    box.addEventListener("change", function () {
      hiddenLabels[box.getAttribute("data-label")] = !box.checked;
      applyFilters();
    });
  });
  document.querySelectorAll("#kg-relations input[data-type]").forEach(function (box) {
    box.addEventListener("change", function () {
      hiddenTypes[box.getAttribute("data-type")] = !box.checked;
      applyFilters();
    });
  });
  document.getElementById("kg-reset").addEventListener("click", function () {
    document.querySelectorAll(".bar input[type=checkbox]").forEach(function (box) { box.checked = true; });
    hiddenLabels = {}; hiddenTypes = {};
    applyFilters();
    find.value = "";
    network.unselectAll();
    network.fit();
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
                relations: list[dict], data: dict) -> str:
    """The whole HTML document. `notes` are [{"cap": bool, "parts": [{"text", "code"}]}]."""
    js, css = vendor_assets()
    return PAGE.render(title=title, subtitle=subtitle, notes=notes, legend=legend,
                       relations=relations, data=script_json(data),
                       vis_js=Markup(js), vis_css=Markup(css))
