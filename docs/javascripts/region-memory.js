// 医保指南: remember the reader's region, and show its differences on the topic guides.
//
// The region comes from the URL (?region=<code>), else from localStorage (set on a region page or by
// the home page's picker). On a topic guide (#yb-here) the script fetches api/local/<code>.json and
// shows that region's own channels, steps, materials, phones and figures above the national steps,
// which stay as they are for readers without JavaScript. Text from the JSON is inserted with
// textContent, never as HTML. Storage may be missing or wiped (WeChat): the URL still carries the code.
(function () {
  "use strict";

  var KEY = "yb-region";
  var CODE = /^\d{6}$/;
  var NATIONAL = "100000";

  function remember(code) {
    try { window.localStorage.setItem(KEY, code); } catch (e) { /* private mode: the URL keeps it */ }
  }

  function forget() {
    try { window.localStorage.removeItem(KEY); } catch (e) { /* nothing to forget */ }
  }

  function remembered() {
    try { return window.localStorage.getItem(KEY); } catch (e) { return null; }
  }

  function siteBase() {
    var config = document.getElementById("__config");
    var base = ".";
    if (config) {
      try { base = JSON.parse(config.textContent).base || "."; } catch (e) { /* keep "." */ }
    }
    return new URL(base.replace(/\/?$/, "/"), window.location.href);
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function telLink(number) {
    var a = el("a", "yb-tel", number);
    a.href = "tel:" + String(number).replace(/\D/g, "");
    return a;
  }

  function grade(g) {
    return g === "C" ? el("span", "yb-grade yb-grade-c", "待核实") : null;
  }

  // One entry of the box: its text and note, the region it comes from (a parent's), its grade.
  function itemLine(item, regionCode) {
    var li = el("li");
    if (item.region && item.region !== regionCode && item.region_name) {
      li.appendChild(el("span", "yb-local__from", item.region_name));
    }
    li.appendChild(document.createTextNode(item.text + (item.note ? "（" + item.note + "）" : "")));
    var badge = grade(item.grade);
    if (badge) { li.appendChild(document.createTextNode(" ")); li.appendChild(badge); }
    if (item.flag) li.appendChild(el("span", "yb-flag", "存疑：" + item.flag));
    return li;
  }

  // The entries under their field's label, fields in the guide's order: [[label, [li, ...]], ...]
  function group(list, groups) {
    groups.forEach(function (g) {
      if (!g[1].length) return;
      var li = el("li");
      li.appendChild(el("span", "yb-local__field", g[0]));
      var ul = el("ul");
      g[1].forEach(function (entry) { ul.appendChild(entry); });
      li.appendChild(ul);
      list.appendChild(li);
    });
  }

  function costLines(cost) {
    var out = [];
    (cost.rows || []).forEach(function (row) {
      out.push(row.who + "：" + row.per + " " + row.amount + " 元" + (row.least ? "起" : ""));
    });
    if (!out.length && cost.minimum) {
      out.push("本地标准还没收录；全国最低标准：个人每年不低于 " + cost.minimum.amount + " 元");
    }
    return out;
  }

  function stayLines(stay) {
    if (!stay) return [];
    var out = [];
    stay.rows.forEach(function (row) {
      row.cells.forEach(function (cell, i) {
        if (cell) out.push(row.level + "医院 · " + stay.schemes[i] + "：住院花 " + stay.total + " 元，报 " + cell.back + " 元");
      });
    });
    return out;
  }

  var FIGURE_TOPICS = { "resident-enrolment": "cost", "payment": "cost", "reimbursement": "stay" };

  function show(box, data, topic, regionUrl) {
    var code = data.code;
    var local = (data.topics || {})[topic] || { items: [], hotlines: [], figures: [] };
    box.textContent = "";
    box.setAttribute("data-region", code);
    var heading = el("h2", null, data.name + "的不同之处");
    heading.id = "yb-here-title";
    box.appendChild(heading);

    var list = el("ul", "yb-diff");
    var groups = [];
    var byLabel = {};
    local.items.forEach(function (item) {
      if (!byLabel[item.label]) { byLabel[item.label] = []; groups.push([item.label, byLabel[item.label]]); }
      byLabel[item.label].push(itemLine(item, code));
    });
    groups.push(["电话", local.hotlines.map(function (h) {
      var li = el("li");
      li.appendChild(document.createTextNode(h.department + "："));
      li.appendChild(telLink(h.number));
      return li;
    })]);
    groups.push(["本地标准", local.figures.map(function (f) {
      var li = el("li", null, f.label + "：" + f.value);
      var badge = grade(f.grade);
      if (badge) { li.appendChild(document.createTextNode(" ")); li.appendChild(badge); }
      return li;
    })]);
    var kind = FIGURE_TOPICS[topic];
    var answers = kind === "cost" ? costLines(data.cost || {}) : kind === "stay" ? stayLines(data.stay) : [];
    groups.push([kind === "cost" ? "一年交多少" : "住院能报多少", answers.map(function (text) {
      return el("li", null, text);
    })]);
    group(list, groups);
    if (list.children.length) {
      box.appendChild(list);
    } else {
      box.appendChild(el("p", null, "这一项" + data.name + "按下面全国通用的做法办理，我们还没有收录本地的不同之处。"));
    }
    if (data.call) {
      var call = el("p");
      call.appendChild(document.createTextNode("问" + data.name + "的医保："));
      call.appendChild(telLink(data.call.number));
      call.appendChild(document.createTextNode(" " + data.call.department));
      box.appendChild(call);
    }
    var actions = el("p", "yb-here__actions");
    var page = el("a", null, "看" + data.name + "医保指南");
    page.href = regionUrl;
    var change = el("a", null, "换一个地区");
    change.href = new URL("#pick-region", siteBase()).href;
    var clear = el("a", null, "只看全国通用的做法");
    clear.href = window.location.pathname + window.location.hash;
    clear.addEventListener("click", function () { forget(); });
    actions.appendChild(page);
    actions.appendChild(change);
    actions.appendChild(clear);
    box.appendChild(actions);
    box.setAttribute("aria-labelledby", "yb-here-title");
  }

  function keepInUrl(code) {
    var url = new URL(window.location.href);
    if (url.searchParams.get("region") === code) return;
    url.searchParams.set("region", code);
    try { window.history.replaceState(window.history.state, "", url.href); } catch (e) { /* fine */ }
  }

  function onGuide(box) {
    var asked = new URL(window.location.href).searchParams.get("region");
    var code = asked && CODE.test(asked) ? asked : remembered();
    if (!code || !CODE.test(code) || code === NATIONAL) return;
    var base = siteBase();
    fetch(new URL("api/local/" + code + ".json", base))
      .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
      .then(function (data) {
        remember(code);
        keepInUrl(code);
        show(box, data, box.getAttribute("data-topic"), new URL(data.url, base).href);
      })
      .catch(function () { /* an unknown or removed region: the national steps stay */ });
  }

  function start() {
    var here = document.querySelector("[data-yb-region]");
    if (here) {
      var code = here.getAttribute("data-yb-region");
      if (CODE.test(code) && code !== NATIONAL) remember(code);
    }
    var box = document.getElementById("yb-here");
    if (box) onGuide(box);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
