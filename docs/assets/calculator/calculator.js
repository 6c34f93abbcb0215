// 医保指南 calculator (main thread), loaded as a module on every page. On a page with a calculator
// (.yb-calc) it checks what this browser can do and mounts the widget, or says in one sentence that
// the calculator cannot run here. Python runs in a Web Worker (worker.js), never on this thread.
//
// The modules, one job each:
//   protocol.js            the messages between page and worker
//   page/features.js       feature detection and the fallback sentence
//   page/unavailable.js    what a browser that cannot run the calculator shows
//   page/engine.js         the page's side of the worker; asks for the snapshot after a first estimate
//   page/offline.js        the service worker (offline use)
//   page/site.js           site URLs and JSON
//   page/widget.js         one calculator widget: region, tabs, estimate, share
//   page/panels.js         the fields of each tab, as the region's data allows
//   page/bills.js          a year's bills, added one by one
//   page/fields.js page/tabs.js page/dom.js   form fields, tabs, DOM nodes
//   page/requests.js       calc requests from the form (no DOM)
//   page/share.js          the inputs in the URL (no DOM)
//   page/money.js          reading typed numbers (no DOM)
//   page/render.js page/labels.js   calc's answer on screen, and its words
//   worker.js worker/*     Pyodide boot, memory snapshot store, downloads

// Pages without a calculator load nothing more than this file.
let modules = null;
let engine = null;
const live = new Set();

function load() {
  modules = modules || Promise.all([
    import("./page/engine.js"), import("./page/features.js"), import("./page/widget.js"), import("./page/site.js"),
  ]).then(([{ Engine }, { detectFeatures }, { Calculator }, { saveData }]) => ({ Engine, detectFeatures, Calculator, saveData }));
  return modules;
}

async function init() {
  const roots = document.querySelectorAll(".yb-calc");
  if (!roots.length && !live.size) return;
  const { Engine, detectFeatures, Calculator, saveData } = await load();
  if (!engine) {
    engine = new Engine(detectFeatures(window));
    if (!engine.features.calculator) engine.start(); // says "unavailable" at once
    else engine.startIfWarm(saveData());
  }
  for (const c of live) {
    if (!document.contains(c.root)) {
      c.destroy();
      live.delete(c);
    }
  }
  for (const root of roots) {
    if (root.dataset.ybInit) continue;
    root.dataset.ybInit = "1";
    live.add(new Calculator(root, engine));
  }
}

if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(() => init());
} else if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", init);
} else {
  init();
}
