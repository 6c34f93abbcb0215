// Runs in <head>, before the first paint. The theme's inline boot scripts live here instead, so the
// Content-Security-Policy of every page (generator/theme/main.html) can allow scripts from this site
// only, with no inline script, no hash to keep in step with the theme, and the same file under
// MkDocs and Zensical.
(function () {
  // The theme's storage helpers, scoped to the site root (this file is <root>/javascripts/).
  var scope = new URL("..", document.currentScript.src);
  window.__md_scope = scope;
  window.__md_hash = function (text) {
    return Array.from(text).reduce(function (h, c) { return (h << 5) - h + c.charCodeAt(0); }, 0);
  };
  window.__md_get = function (key, storage, base) {
    storage = storage || localStorage;
    base = base || scope;
    return JSON.parse(storage.getItem(base.pathname + "." + key));
  };
  window.__md_set = function (key, value, storage, base) {
    storage = storage || localStorage;
    base = base || scope;
    try {
      storage.setItem(base.pathname + "." + key, JSON.stringify(value));
    } catch (e) {
      // storage full or disabled (private mode): the setting is not remembered
    }
  };
  document.documentElement.setAttribute("data-platform", navigator.platform);

  // JavaScript is on: script-driven parts (the home page's region picker) take their place at once.
  document.documentElement.classList.replace("no-js", "js");
  // 大字模式 before the first paint (javascripts/large-text.js keeps the same key).
  try {
    if (localStorage.getItem("yb-large-text") === "1") document.documentElement.classList.add("yb-large");
  } catch (e) {
    // storage disabled: normal text size
  }

  // A link to a tab of tabbed content opens that tab (the theme's content script).
  document.addEventListener("DOMContentLoaded", function () {
    var target = document.getElementById(location.hash.slice(1));
    if (target && target.name) target.checked = target.name.indexOf("__tabbed_") === 0;
  });
})();
