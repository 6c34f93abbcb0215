// 医保指南: the home page's province → city picker.
// Without JavaScript the page shows a plain list of links (docs/includes/home-regions.md); this script
// builds two <select>s from that list, or, if the list is missing, from api/regions/index.json.
// Region names are inserted with textContent, never as HTML.
(function () {
  "use strict";

  function siteBase() {
    var config = document.getElementById("__config");
    var base = ".";
    if (config) {
      try { base = JSON.parse(config.textContent).base || "."; } catch (e) { /* keep "." */ }
    }
    return new URL(base.replace(/\/?$/, "/"), window.location.href);
  }

  // [{name, url, children: [...]}] from the nested list of links.
  function fromList(list) {
    function items(ul) {
      var out = [];
      Array.prototype.forEach.call(ul.children, function (li) {
        var a = li.querySelector(":scope > a, :scope > p > a");
        if (!a) return;
        var sub = li.querySelector(":scope > ul");
        out.push({ name: a.textContent.trim(), url: a.href, children: sub ? items(sub) : [] });
      });
      return out;
    }
    var ul = list.querySelector("ul");
    return ul ? items(ul) : [];
  }

  // The same shape from api/regions/index.json: [{code, name, level, parent, url}].
  function fromIndex(rows, base) {
    var byCode = {};
    rows.forEach(function (r) { byCode[r.code] = { name: r.name, url: new URL(r.url, base).href, children: [], parent: r.parent }; });
    var tops = [];
    rows.forEach(function (r) {
      var node = byCode[r.code];
      if (r.parent && byCode[r.parent]) byCode[r.parent].children.push(node);
      else tops.push(node);
    });
    return tops;
  }

  function option(value, text) {
    var o = document.createElement("option");
    o.value = value;
    o.textContent = text;
    return o;
  }

  function setUp(form, provinces) {
    var province = form.querySelector("#yb-province");
    var city = form.querySelector("#yb-city");
    var hint = form.querySelector("#yb-picker-hint");
    provinces.forEach(function (p, i) { province.appendChild(option(String(i), p.name)); });

    function fillCities() {
      city.textContent = "";
      var p = provinces[Number(province.value)];
      if (!p || province.value === "") {
        city.appendChild(option("", "先选省份"));
        city.disabled = true;
        return;
      }
      city.appendChild(option(p.url, p.children.length ? p.name + "（全省通用）" : p.name));
      p.children.forEach(function (c) {
        city.appendChild(option(c.url, c.name));
        c.children.forEach(function (d) { city.appendChild(option(d.url, "　" + d.name)); });
      });
      city.disabled = false;
    }

    province.addEventListener("change", function () { fillCities(); hint.textContent = ""; });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!city.value) {
        hint.textContent = "请先选择省份。";
        province.focus();
        return;
      }
      var code = /regions\/(\d{6})-/.exec(city.value);
      if (code) {  // remembered for the topic guides (javascripts/region-memory.js reads it)
        try { window.localStorage.setItem("yb-region", code[1]); } catch (e) { /* the URL will do */ }
      }
      window.location.href = city.value;
    });
    form.hidden = false;
  }

  function start() {
    var form = document.getElementById("yb-picker");
    if (!form) return;
    var list = document.querySelector(".yb-region-list");
    var provinces = list ? fromList(list) : [];
    if (provinces.length) {
      setUp(form, provinces);
      return;
    }
    var base = siteBase();
    fetch(new URL("api/regions/index.json", base))
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (rows) { setUp(form, fromIndex(rows, base)); })
      .catch(function () { /* the list of links stays the way in */ });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
