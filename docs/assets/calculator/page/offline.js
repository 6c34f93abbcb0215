// 医保指南 calculator: the service worker (docs/sw.js) that keeps the calculator working offline.
// Offline use is a bonus: every failure here is silent, and the calculator works without it.

import { ASSETS, BASE, loadManifest } from "./site.js";

let registration = null;

export function registerServiceWorker(features) {
  if (!features.offline || registration) return registration;
  registration = loadManifest()
    .then((manifest) => navigator.serviceWorker.register(
      new URL(`sw.js?v=${encodeURIComponent(manifest.version)}`, BASE).href,
      { scope: BASE.pathname },
    ))
    .catch(() => {
      registration = null;
      return null;
    });
  return registration;
}

// What this visit needs offline: the page, the runtime, the stdlib this browser reads, the
// calculator's own files (the worker's modules too), and every file the page loaded from this site. Sent once the calculator is ready, so that a first visit made
// before the service worker took control is also kept.
function offlineURLs(manifest, features) {
  const urls = new Set([location.href.split("#")[0], new URL("manifest.json", ASSETS).href]);
  for (const f of manifest.precache) {
    const name = f === manifest.stdlib_gz && !features.stdlibGz ? manifest.stdlib : f;
    urls.add(new URL(name, ASSETS).href);
  }
  for (const f of manifest.calculator || []) urls.add(new URL(f, ASSETS).href);
  for (const entry of performance.getEntriesByType("resource")) {
    if (entry.name.startsWith(location.origin)) urls.add(entry.name.split("#")[0]);
  }
  return [...urls];
}

export async function cacheForOffline(features) {
  if (!features.offline) return;
  try {
    await registerServiceWorker(features);
    const reg = await navigator.serviceWorker.ready;
    const manifest = await loadManifest();
    if (reg.active) reg.active.postMessage({ type: "cache", urls: offlineURLs(manifest, features) });
  } catch (e) {
    // offline support is a bonus
  }
}
