/* Glossary terms on every page: the first mention of each term (and every <abbr> that Markdown's abbr
   extension made) becomes a focusable term that shows its definition on tap, click, Enter or Space.
   A title tooltip alone never shows on a touch screen, and Markdown's abbr misses terms inside Chinese
   sentences (no word boundaries), so the terms come from glossary/terms.json, generated from
   data/glossary.yaml. */
(function () {
  "use strict";
  var script = document.currentScript;
  var TERMS_URL = script && script.src
    ? script.src.replace(/javascripts\/glossary\.js(\?.*)?$/, "glossary/terms.json")
    : null;
  var SKIP = "a, abbr, code, pre, kbd, script, style, button, select, option, label, summary, " +
    "h1, h2, h3, h4, h5, h6, .yb-grade, .yb-flag, .yb-term-tip, .headerlink, [lang='en']";
  var tip = null;
  var current = null;
  var counter = 0;
  var shownAt = 0;

  function tipElement() {
    if (tip) return tip;
    tip = document.createElement("div");
    tip.id = "yb-term-tip";
    tip.className = "yb-term-tip";
    tip.setAttribute("role", "tooltip");
    tip.hidden = true;
    document.body.appendChild(tip);
    return tip;
  }

  function hide() {
    if (!current) return;
    current.setAttribute("aria-expanded", "false");
    current.removeAttribute("aria-describedby");
    tipElement().hidden = true;
    current = null;
  }

  function show(term) {
    if (current === term) return;
    hide();
    var box = tipElement();
    box.textContent = "";
    var strong = document.createElement("strong");
    strong.textContent = term.getAttribute("data-term") || term.textContent;
    box.appendChild(strong);
    var en = term.getAttribute("data-en");
    if (en) {
      var span = document.createElement("span");
      span.lang = "en";
      span.textContent = "（" + en + "）";
      box.appendChild(span);
    }
    box.appendChild(document.createTextNode("：" + term.getAttribute("data-definition")));
    box.hidden = false;
    var r = term.getBoundingClientRect();
    var width = box.offsetWidth;
    var left = Math.max(8, Math.min(r.left, document.documentElement.clientWidth - width - 8));
    box.style.left = left + window.scrollX + "px";
    box.style.top = r.bottom + window.scrollY + 6 + "px";
    term.setAttribute("aria-expanded", "true");
    term.setAttribute("aria-describedby", box.id);
    current = term;
    shownAt = Date.now();
  }

  function toggle(term) {
    // A tap first focuses (and shows); the click that follows must not close it again.
    if (current === term && Date.now() - shownAt > 400) hide();
    else show(term);
  }

  function enhance(el, entry) {
    if (el.classList.contains("yb-term")) return;
    el.classList.add("yb-term");
    el.setAttribute("data-term", entry.term);
    el.setAttribute("data-definition", entry.definition);
    if (entry.en) el.setAttribute("data-en", entry.en);
    el.removeAttribute("title"); // the definition is shown by this script, not twice
    el.tabIndex = 0;
    el.setAttribute("role", "button");
    el.setAttribute("aria-expanded", "false");
    el.addEventListener("click", function (event) {
      event.preventDefault();
      event.stopPropagation();
      toggle(el);
    });
    el.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        toggle(el);
      } else if (event.key === "Escape") {
        hide();
      }
    });
    el.addEventListener("mouseenter", function () { show(el); });
    el.addEventListener("mouseleave", function () { if (document.activeElement !== el) hide(); });
    el.addEventListener("focus", function () { show(el); });
    el.addEventListener("blur", function () { if (current === el) hide(); });
  }

  function textNodes(root) {
    var out = [];
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        if (!node.nodeValue.trim()) return NodeFilter.FILTER_REJECT;
        var parent = node.parentElement;
        if (!parent || parent.closest(SKIP)) return NodeFilter.FILTER_REJECT;
        return NodeFilter.FILTER_ACCEPT;
      }
    });
    while (walker.nextNode()) out.push(walker.currentNode);
    return out;
  }

  function mark(root, terms) {
    var byWord = {};
    var words = [];
    terms.forEach(function (entry) {
      entry.words.forEach(function (w) {
        if (!byWord[w]) {
          byWord[w] = entry;
          words.push(w);
        }
      });
    });
    var done = {};
    // Markdown's own <abbr> elements first: they already sit on whole words.
    Array.prototype.forEach.call(root.querySelectorAll("abbr"), function (el) {
      var entry = byWord[el.textContent.trim()];
      if (entry) {
        if (!el.classList.contains("yb-term")) {
          // A fresh copy: the theme's own hover tooltip stays bound to the old element.
          var copy = el.cloneNode(true);
          el.parentNode.replaceChild(copy, el);
          el = copy;
        }
        enhance(el, entry);
        done[entry.term] = true;
      }
    });
    // Then the first mention of every other term, in one pass over the page's text: a single
    // pattern with longer words first (异地备案 before 备案), so a long page costs one scan.
    words = words.filter(function (w) { return !done[byWord[w].term]; });
    if (!words.length) return;
    words.sort(function (a, b) { return b.length - a.length; });
    var pattern = new RegExp(words.map(function (w) {
      return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }).join("|"), "g");
    var nodes = textNodes(root);
    for (var i = 0; i < nodes.length; i++) {
      var node = nodes[i];
      pattern.lastIndex = 0;
      var match;
      while ((match = pattern.exec(node.nodeValue))) {
        var entry = byWord[match[0]];
        if (done[entry.term]) continue;
        var rest = node.splitText(match.index);
        node = rest.splitText(match[0].length);
        var abbr = document.createElement("abbr");
        abbr.textContent = match[0];
        abbr.id = "yb-term-" + ++counter;
        rest.parentNode.replaceChild(abbr, rest);
        enhance(abbr, entry);
        done[entry.term] = true;
        pattern.lastIndex = 0; // the rest of this text node is now `node`
      }
    }
  }

  function run(terms) {
    var root = document.querySelector("article.md-content__inner") || document.querySelector("main");
    if (root && terms.length) mark(root, terms);
  }

  var loaded = null;
  function load() {
    if (!loaded) {
      loaded = !TERMS_URL || !window.fetch
        ? Promise.resolve([])
        : fetch(TERMS_URL, { credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : { terms: [] }; })
          .then(function (data) { return data.terms || []; })
          .catch(function () { return []; });
    }
    return loaded;
  }

  function start() {
    // Marking terms is a nicety: do it when the phone is idle, never in the way of the first paint.
    var later = window.requestIdleCallback || function (fn) { return setTimeout(fn, 200); };
    load().then(function (terms) { later(function () { run(terms); }); });
  }

  document.addEventListener("click", function (event) {
    if (current && !current.contains(event.target)) hide();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") hide();
  });
  window.addEventListener("resize", hide);

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start); // instant navigation swaps the page body
  }
})();
