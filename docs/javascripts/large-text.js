/* 大字模式: a switch in the header that enlarges text and tap targets; remembered in localStorage.
   The class on <html> is also set by a tiny inline script in the page head (before first paint),
   when the theme has it; this file then only adds the button and keeps the two in step. */
(function () {
  "use strict";
  var KEY = "yb-large-text";
  var CLASS = "yb-large";
  var root = document.documentElement;

  function stored() {
    try {
      return window.localStorage.getItem(KEY) === "1";
    } catch (e) {
      return false; // storage blocked (private mode): the switch still works for this page
    }
  }

  function store(on) {
    try {
      if (on) window.localStorage.setItem(KEY, "1");
      else window.localStorage.removeItem(KEY);
    } catch (e) {
      /* not remembered, nothing else to do */
    }
  }

  function apply(on) {
    root.classList.toggle(CLASS, on);
    var buttons = document.querySelectorAll(".yb-large-toggle");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", on ? "true" : "false");
      buttons[i].title = on ? "关闭大字模式" : "打开大字模式：放大文字和按钮";
    }
  }

  function makeButton() {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "yb-large-toggle";
    button.textContent = "大字模式";
    button.addEventListener("click", function () {
      var on = !root.classList.contains(CLASS);
      store(on);
      apply(on);
    });
    return button;
  }

  function insert() {
    if (document.querySelector(".yb-large-toggle")) {
      apply(root.classList.contains(CLASS));
      return;
    }
    var button = makeButton();
    var header = document.querySelector(".md-header__inner");
    if (header) {
      var before = header.querySelector(".md-search") || header.querySelector(".md-header__source");
      var anchor = header.querySelector("form[data-md-component=palette]") || before;
      if (anchor && anchor.parentNode === header) header.insertBefore(button, anchor);
      else header.appendChild(button);
    } else {
      var content = document.querySelector(".md-content__inner") || document.body;
      content.insertBefore(button, content.firstChild);
    }
    apply(root.classList.contains(CLASS));
  }

  // Before first paint where this runs early enough; the head script covers the rest.
  root.classList.toggle(CLASS, stored());

  // Another tab switched it: follow.
  window.addEventListener("storage", function (event) {
    if (event.key === KEY) apply(stored());
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", insert);
  else insert();
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(insert); // instant navigation swaps the page body
  }
})();
