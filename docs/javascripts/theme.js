// 医保指南: what the site keeps of the theme's own script (Material's bundle.js, 34 KB compressed,
// most of a page's main-thread time, not loaded). The rest of what it did is done without script:
// the menu and the search overlay open with their checkboxes, wide tables scroll by themselves,
// folded sections open for print in print.css, and search is javascripts/search/.
//
// Here: the colour switch (automatic → light → dark), kept where the theme keeps it (localStorage
// "__palette", read before the first paint by the theme's palette script), Escape to close the
// menu or the search overlay, and opening a folded section that a link points into.

(function () {
  "use strict";

  const form = document.querySelector("form[data-md-component=palette]");

  function showPalette(inputs, input) {
    // The visible button is the one after the chosen option: it switches to the next.
    for (const label of form.querySelectorAll("label")) label.hidden = true;
    const label = input.nextElementSibling;
    if (label && label.tagName === "LABEL") label.hidden = false;
    let chosen = input;
    if (input.getAttribute("data-md-color-media") === "(prefers-color-scheme)") {
      // Automatic: take the colours of the option that matches the system setting now.
      const light = matchMedia("(prefers-color-scheme: light)").matches;
      const wanted = `(prefers-color-scheme: ${light ? "light" : "dark"})`;
      chosen = inputs.find((i) => i.getAttribute("data-md-color-media") === wanted) || input;
    }
    const color = {};
    for (const key of ["media", "scheme", "primary", "accent"]) {
      color[key] = (key === "media" ? input : chosen).getAttribute(`data-md-color-${key}`);
      document.body.setAttribute(`data-md-color-${key}`, color[key]);
    }
    return { index: inputs.indexOf(input), color };
  }

  if (form) {
    const inputs = [...form.querySelectorAll("input[name=__palette]")];
    const get = window.__md_get;
    const set = window.__md_set;
    let stored = null;
    try {
      stored = get ? get("__palette") : null;
    } catch {
      stored = null; // storage may be off (private browsing, some in-app browsers)
    }
    let index = stored && Number.isInteger(stored.index) ? stored.index : 0;
    index = Math.max(0, Math.min(index, inputs.length - 1));
    inputs[index].checked = true;
    showPalette(inputs, inputs[index]);
    form.addEventListener("change", (event) => {
      const palette = showPalette(inputs, event.target);
      if (set) set("__palette", palette);
    });
    // Automatic follows the system when it changes.
    matchMedia("(prefers-color-scheme: light)").addEventListener("change", () => {
      const current = inputs.find((i) => i.checked);
      if (current && current.getAttribute("data-md-color-media") === "(prefers-color-scheme)") {
        showPalette(inputs, current);
      }
    });
  }

  // A link to something inside a folded section opens the section (older browsers do not).
  function unfoldTarget() {
    let target = null;
    try {
      target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    } catch {
      target = null; // a malformed fragment
    }
    for (let d = target && target.closest("details"); d; d = d.parentElement && d.parentElement.closest("details")) {
      d.open = true;
    }
  }
  unfoldTarget();
  window.addEventListener("hashchange", unfoldTarget);

  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    for (const id of ["__drawer", "__search"]) {
      const toggle = document.getElementById(id);
      if (toggle && toggle.checked) toggle.checked = false;
    }
  });
})();
