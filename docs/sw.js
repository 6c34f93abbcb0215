// 医保指南 service worker: the calculator keeps working offline after its first use.
//
// Registered by assets/calculator/calculator.js as sw.js?v=<version>, where <version> is the hash that
// `python -m generator.pyodide_bundle` writes into assets/pyodide/manifest.json. A new bundle (new
// runtime, stdlib, calc code, calculator JS or this file) gives a new version: a new worker installs,
// takes over at once and deletes the old caches, so stale calc code is never served for long.
//
// - assets/pyodide/** except manifest.json: cache first. Those names are versioned (the runtime folder
//   is named after the Pyodide version, the zips after their content hash), so a cached copy is right.
// - everything else in scope (pages, region JSON, manifest.json, CSS, JS): network first, and the
//   cached copy only when the network fails.
// - the calculator's memory snapshot lives in a cache of its own (SNAPSHOT_CACHE, written and read by
//   the calculator's worker, never fetched): it is keyed by what it was made from and outlives a new
//   version of this worker.

const VERSION = new URL(self.location.href).searchParams.get("v") || "dev";
const PREFIX = "yibao-";
const CACHE = `${PREFIX}${VERSION}`;
const SNAPSHOT_CACHE = "yibao-snapshot"; // assets/calculator/protocol.js SNAPSHOT_CACHE_NAME
const SCOPE = new URL(self.registration.scope);
const PYODIDE = new URL("assets/pyodide/", SCOPE).pathname;

self.addEventListener("install", () => {
  self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE && name !== SNAPSHOT_CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

function versioned(url) {
  return url.pathname.startsWith(PYODIDE) && !url.pathname.endsWith("/manifest.json");
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request, { ignoreSearch: true });
  if (hit) return hit;
  const resp = await fetch(request);
  if (resp.ok && resp.status === 200) await cache.put(request, resp.clone());
  return resp;
}

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const resp = await fetch(request);
    if (resp.ok && resp.status === 200 && resp.type === "basic") await cache.put(request, resp.clone());
    return resp;
  } catch (err) {
    const hit = await cache.match(request);
    if (hit) return hit;
    if (request.mode === "navigate") {
      // a shared link with a query string: the page itself is the same
      const page = await cache.match(request, { ignoreSearch: true });
      if (page) return page;
    }
    throw err;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) return;
  event.respondWith(versioned(url) ? cacheFirst(request) : networkFirst(request));
});

// The page sends what it loaded (page, theme assets, region JSON, runtime) once the calculator is
// ready, so that a first visit made before this worker took control is also available offline.
self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type !== "cache" || !Array.isArray(data.urls)) return;
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    for (const href of data.urls) {
      let url;
      try {
        url = new URL(href);
      } catch (e) {
        continue;
      }
      if (url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) continue;
      if (versioned(url) && (await cache.match(url.href, { ignoreSearch: true }))) continue;
      if (!versioned(url) && (await cache.match(url.href))) continue;
      try {
        const resp = await fetch(url.href, { cache: versioned(url) ? "default" : "no-cache" });
        if (resp.ok && resp.status === 200) await cache.put(url.href, resp);
      } catch (e) {
        // offline right now: try again next time
      }
    }
  })());
});
