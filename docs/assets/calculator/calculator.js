// 医保指南 calculator (main thread), loaded as a module on every page. Where a page has a calculator
// (.yb-calc) it loads the widget's modules and builds the form once the page is idle, so that none
// of it competes with the page's first paint; sooner where the calculator is wanted at once: on the
// standalone calculator page, for a shared link that holds inputs, a link to the calculator itself,
// when it comes within a screen or so, when the reader touches it, or at the first Tab key. On a
// region page the calculator is folded (自己算一算): nothing more is loaded until the reader opens
// it. The build-time worked examples answer meanwhile. Pages without a calculator load nothing more.
// Python runs in a Web Worker (worker.js), never on this thread (and starts only when wanted).
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

const NEAR = "1200px 0px";
// protocol.js's SNAPSHOT_CACHE_NAME, written out so that pages need not load protocol.js
// (tests/js/calculator_page.test.mjs checks that the two agree).
const SNAPSHOT_CACHE = "yibao-snapshot"; // build the widget at once when it is this close to the screen
const INTENT_EVENTS = ["focusin", "pointerdown", "touchstart", "keydown"];

let modules = null;
let engine = null;
let snapshotFound = false; // this browser keeps the calculator's snapshot: start it without waiting
const live = new Set();

// Every page module is asked for at once, so they download side by side instead of one level of
// imports after another (tests/js/calculator_page.test.mjs checks that this lists page/ whole).
const PAGE_MODULES = ["bills", "dom", "engine", "features", "fields", "labels", "money", "offline", "panels",
  "render", "requests", "share", "site", "tabs", "unavailable", "widget"];

function load() {
  if (!modules) {
    modules = Promise.all(PAGE_MODULES.map((name) => import(`./page/${name}.js`))).then((loaded) => {
      const page = Object.fromEntries(PAGE_MODULES.map((name, i) => [name, loaded[i]]));
      return {
        Engine: page.engine.Engine, detectFeatures: page.features.detectFeatures,
        Calculator: page.widget.Calculator, saveData: page.site.saveData,
      };
    });
  }
  return modules;
}

async function mount() {
  const { Engine, detectFeatures, Calculator, saveData } = await load();
  if (!engine) {
    engine = new Engine(detectFeatures(window));
    if (!engine.features.calculator) engine.start(); // says "unavailable" at once
    else if (snapshotFound && !saveData()) engine.start(); // from the snapshot: nothing to download
    else engine.startIfWarm(saveData());
  }
  for (const c of live) {
    if (!document.contains(c.root)) {
      c.destroy();
      live.delete(c);
    }
  }
  for (const root of document.querySelectorAll(".yb-calc")) {
    if (root.dataset.ybInit) continue;
    root.dataset.ybInit = "1";
    live.add(new Calculator(root, engine));
  }
}

function whenIdle(fn) {
  if (typeof requestIdleCallback === "function") requestIdleCallback(fn, { timeout: 5000 });
  else setTimeout(fn, 1000);
}

// A reader who has used the calculator keeps its memory snapshot: starting from it downloads nothing.
function snapshotKept() {
  if (typeof caches !== "object" || !caches) return Promise.resolve(false);
  return caches.has(SNAPSHOT_CACHE)
    .then((has) => has && caches.open(SNAPSHOT_CACHE).then((c) => c.keys()))
    .then((requests) => Boolean(requests) && requests.some((r) => r.url.endsWith(".gz")))
    .catch(() => false);
}

function unfold(root) {
  for (let d = root.closest("details"); d; d = d.parentElement && d.parentElement.closest("details")) d.open = true;
}

function init() {
  const roots = [...document.querySelectorAll(".yb-calc")];
  if (!roots.length && !live.size) return;
  const target = location.hash && document.getElementById(location.hash.slice(1));
  const linked = !!target && roots.some((r) => target.contains(r)
    || (target.nextElementSibling && target.nextElementSibling.contains(r)));
  const shared = new URLSearchParams(location.search).has("tab");
  // A link to the calculator, or a shared link with inputs, opens the fold it sits in.
  if (linked || shared) for (const r of roots) unfold(r);
  const now = roots.some((r) => r.hasAttribute("data-standalone")) || shared
    || linked || typeof IntersectionObserver !== "function";
  if (now || live.size) {
    mount();
    return;
  }
  let done = false;
  const go = () => {
    if (done) return;
    done = true;
    if (observer) observer.disconnect();
    mount();
  };
  const observer = new IntersectionObserver((entries) => {
    if (entries.some((e) => e.isIntersecting)) go();
  }, { rootMargin: NEAR });
  for (const root of roots) {
    observer.observe(root);
    for (const ev of INTENT_EVENTS) root.addEventListener(ev, go, { once: true, passive: true });
    const fold = root.closest("details");
    if (fold) fold.addEventListener("toggle", go, { once: true }); // opening the fold is intent
  }
  const onTab = (e) => {
    if (e.key !== "Tab") return;
    document.removeEventListener("keydown", onTab);
    go();
  };
  document.addEventListener("keydown", onTab);
  // A calculator in view is built once the page is idle; one folded away waits until it is opened,
  // unless the reader has used it before: then Python starts from its snapshot while they read.
  if (roots.some((r) => !r.closest("details:not([open])"))) whenIdle(go);
  else {
    snapshotKept().then((kept) => {
      snapshotFound = kept;
      if (kept) go();
    });
  }
}

if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(() => init());
} else if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", init);
} else {
  init();
}
