// 医保指南 calculator: where the site's files are, and fetching its JSON once per page.

export const BASE = new URL("../../../", import.meta.url); // the site root (works under a sub-path too)
export const ASSETS = new URL("../../pyodide/", import.meta.url);
export const WORKER_URL = new URL("../worker.js", import.meta.url);

const jsonCache = new Map();

// JSON from the site, fetched once per page (a failure is not remembered, so a retry fetches again).
export function getJSON(url, init) {
  if (!jsonCache.has(url)) {
    const pending = fetch(url, init)
      .then((r) => {
        if (!r.ok) throw new Error(`${r.status}`);
        return r.json();
      })
      .catch((e) => {
        jsonCache.delete(url);
        throw e;
      });
    jsonCache.set(url, pending);
  }
  return jsonCache.get(url);
}

// assets/pyodide/manifest.json, revalidated (a page kept in a cache must not name removed files).
export function loadManifest() {
  return getJSON(new URL("manifest.json", ASSETS).href, { cache: "no-cache" });
}

export function regionURL(code) {
  return new URL(`api/regions/${code}.json`, BASE).href;
}

export function regionIndexURL() {
  return new URL("api/regions/index.json", BASE).href;
}

export function saveData(scope = globalThis) {
  return Boolean(scope.navigator && scope.navigator.connection && scope.navigator.connection.saveData);
}
