// 医保指南 calculator: the page's side of the worker (one worker per page load, shared by widgets).
//
// start() creates the module worker and boots Pyodide in it; run(json) answers one estimate. Widgets
// follow the stages ("idle" → "download" → "start" → "ready", or "unavailable") through listeners.
// After the first estimate, when the page is idle, the worker is asked to keep its memory snapshot.

import { FAILURE, FROM_WORKER, SNAPSHOT_CACHE_NAME, TO_WORKER } from "../protocol.js";
import { cacheForOffline, registerServiceWorker } from "./offline.js";
import { loadManifest, WORKER_URL } from "./site.js";

// A snapshot boot that has not answered in this long is stuck: start again without it.
const SNAPSHOT_BOOT_LIMIT_MS = 20000;

function whenIdle(fn) {
  if (typeof requestIdleCallback === "function") requestIdleCallback(fn, { timeout: 5000 });
  else setTimeout(fn, 1000);
}

export class Engine {
  constructor(features, createWorker = (url, opts) => new Worker(url, opts)) {
    this.features = features;
    this.createWorker = createWorker;
    this.worker = null;
    this.stage = "idle";
    this.boot = null; // "snapshot" | "normal" once started
    this.failure = null; // {reason, message} after a failed start
    this.snapshot = null; // the worker's last snapshot report: {state, detail}
    this.seq = 0;
    this.pending = new Map();
    this.listeners = new Set();
    this.snapshotAsked = false;
    this.allowSnapshot = features.snapshot;
    this.watchdog = null;
    this.heard = false; // a message came from the worker: its script runs here
    this.bootPosted = Promise.resolve();
  }

  get started() {
    return Boolean(this.worker);
  }

  // Create the worker (idempotent). Never throws: a browser that cannot make it is "unavailable".
  start() {
    if (this.worker || this.stage === "unavailable") return;
    if (!this.features.calculator) {
      this.fail(FAILURE.unsupported, "module workers or WebAssembly missing");
      return;
    }
    this.failure = null;
    this.setStage("download");
    registerServiceWorker(this.features);
    try {
      this.worker = this.createWorker(WORKER_URL, { type: "module" });
    } catch (e) {
      this.fail(FAILURE.unsupported, e.message);
      return;
    }
    this.worker.onmessage = (e) => this.onMessage(e.data || {});
    // An error event: the worker's script did not load (network) or cannot run here (a syntax
    // error in a browser that ran it as a classic script).
    this.worker.onerror = (e) => {
      if (e && e.preventDefault) e.preventDefault();
      const message = (e && e.message) || "";
      const reason = /SyntaxError/.test(message) ? FAILURE.unsupported
        : this.heard ? FAILURE.failed : FAILURE.network;
      this.fail(reason, message || "计算器下载失败");
    };
    // The boot message carries the manifest when the page has it (it is fetched for the service
    // worker anyway); every later message waits for it, so the worker sees "boot" first.
    const worker = this.worker;
    this.bootPosted = loadManifest()
      .then((manifest) => manifest, () => null)
      .then((manifest) => {
        if (this.worker === worker) {
          worker.postMessage({ type: TO_WORKER.boot, snapshot: this.allowSnapshot, manifest });
        }
      });
  }

  post(message) {
    const worker = this.worker;
    this.bootPosted.then(() => {
      if (this.worker === worker) worker.postMessage(message);
    });
  }

  onMessage(msg) {
    this.heard = true;
    if (msg.type === FROM_WORKER.progress) {
      if (msg.boot) this.boot = msg.boot;
      this.armWatchdog(msg);
      this.setStage(msg.stage);
      if (msg.stage === "ready") cacheForOffline(this.features);
    } else if (msg.type === FROM_WORKER.snapshot) {
      this.snapshot = { state: msg.state, detail: msg.detail };
      this.notify();
    } else if (msg.type === FROM_WORKER.result || msg.type === FROM_WORKER.error) {
      if (msg.id !== undefined && this.pending.has(msg.id)) {
        const { resolve, reject } = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        if (msg.type === FROM_WORKER.result) resolve(msg.json);
        else reject(Object.assign(new Error(msg.message), { reason: msg.reason }));
      } else if (msg.type === FROM_WORKER.error) {
        this.fail(msg.reason || FAILURE.failed, msg.message);
      }
    }
  }

  // A restore from a snapshot that hangs must not leave a spinner: drop the snapshot, boot again.
  armWatchdog(msg) {
    clearTimeout(this.watchdog);
    this.watchdog = null;
    if (msg.stage !== "start" || msg.boot !== "snapshot") return;
    const worker = this.worker;
    this.watchdog = setTimeout(() => {
      if (this.worker !== worker || this.stage === "ready") return;
      if (typeof caches === "object" && caches) caches.delete(SNAPSHOT_CACHE_NAME).catch(() => {});
      this.allowSnapshot = false;
      const waiting = [...this.pending.entries()];
      this.pending.clear();
      worker.terminate();
      this.worker = null;
      this.start();
      for (const [, { request, resolve, reject }] of waiting) this.run(request).then(resolve, reject);
    }, SNAPSHOT_BOOT_LIMIT_MS);
  }

  fail(reason, message) {
    clearTimeout(this.watchdog);
    this.failure = { reason, message };
    if (this.worker) this.worker.terminate();
    this.worker = null;
    for (const { reject } of this.pending.values()) reject(Object.assign(new Error(message), { reason }));
    this.pending.clear();
    this.setStage(reason === FAILURE.unsupported ? "unavailable" : "idle");
  }

  setStage(stage) {
    this.stage = stage;
    this.notify();
  }

  notify() {
    for (const fn of this.listeners) fn(this);
  }

  // One estimate: resolves with calc's JSON text; rejects with {reason, message}.
  run(request) {
    this.start();
    if (!this.worker) {
      const { reason, message } = this.failure || { reason: FAILURE.failed, message: "计算器没有启动" };
      return Promise.reject(Object.assign(new Error(message), { reason }));
    }
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { request, resolve, reject });
      this.post({ type: TO_WORKER.run, id, request });
    });
  }

  // A returning reader: this browser kept a snapshot on an earlier visit, so Python starts in well
  // under a second with nothing to download. Start it once the page is idle instead of waiting for
  // the calculator to come near the screen (not when the reader asked to save data).
  startIfWarm(saveData) {
    if (this.started || saveData || !this.allowSnapshot || !this.features.calculator) return;
    whenIdle(() => {
      caches.open(SNAPSHOT_CACHE_NAME)
        .then((cache) => cache.keys())
        .then((requests) => {
          if (requests.some((r) => r.url.endsWith(".gz"))) this.start();
        })
        .catch(() => {});
    });
  }

  // After an estimate is on screen: once per page, when idle, keep the snapshot made at boot.
  afterFirstResult() {
    if (this.snapshotAsked || !this.worker || this.boot !== "normal" || !this.allowSnapshot) return;
    this.snapshotAsked = true;
    const worker = this.worker;
    whenIdle(() => {
      if (this.worker === worker) this.post({ type: TO_WORKER.storeSnapshot });
    });
  }
}
