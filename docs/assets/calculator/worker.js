// 医保指南 calculator worker (a module worker). Python runs only here, never on the page's thread.
// The messages are described in protocol.js. One boot per worker; every "run" waits for it.

import { BOOT, FAILURE, FROM_WORKER, TO_WORKER } from "./protocol.js";
import { BootError, failureReason, fetchBytes, fetchManifest, stdlibSource } from "./worker/downloads.js";
import { bootFromSnapshot, bootNormally } from "./worker/pyodide-boot.js";
import { SnapshotStore, snapshotStoreAvailable } from "./worker/snapshot-store.js";

const assets = new URL("../pyodide/", import.meta.url);
let booting = null;
let madeSnapshot = null; // a Promise of {packed, bytes, canary} from this worker's normal boot
let store = null;

function post(message) {
  self.postMessage(message);
}

function progress(stage, extra = {}) {
  post({ type: FROM_WORKER.progress, stage, ...extra });
}

function messageOf(err) {
  return String(err && err.message ? err.message : err);
}

function snapshotReport(state, detail) {
  post({ type: FROM_WORKER.snapshot, state, detail: detail === undefined ? undefined : String(detail) });
}

async function boot({ snapshot: allowed = false, manifest: given = null } = {}) {
  progress("download");
  if (typeof WebAssembly !== "object") throw new BootError(FAILURE.unsupported, "no WebAssembly");
  const manifest = given || (await fetchManifest(assets));
  const indexURL = new URL(manifest.runtime, assets).href;
  // Everything that does not depend on another download starts now, side by side.
  const pyodideModule = import(new URL("pyodide.mjs", indexURL).href);
  const calcZip = fetchBytes(new URL(manifest.calc, assets));
  for (const pending of [pyodideModule, calcZip]) pending.catch(() => {}); // reported where awaited
  const stdlib = await stdlibSource(manifest, assets);
  // A snapshot pairs with the stored-member stdlib it was made with, and needs the stream APIs.
  store = allowed && stdlib.stored && manifest.snapshot && snapshotStoreAvailable(self)
    ? new SnapshotStore(manifest.snapshot, assets)
    : null;
  const found = store ? await store.find().catch(() => null) : null;
  const { loadPyodide } = await pyodideModule;
  const runtime = { loadPyodide, indexURL, stdLibURL: stdlib.url };
  try {
    if (found) {
      progress("start", { boot: BOOT.snapshot });
      try {
        const booted = await bootFromSnapshot(runtime, calcZip, store.read(found), found.canary);
        progress("ready", { boot: booted.boot, version: manifest.version });
        return booted.estimate;
      } catch (err) {
        // Damaged, stale in a way the key missed, or refused by Pyodide: start from scratch instead.
        await store.markFailed(messageOf(err)).catch(() => {});
        snapshotReport("discarded", messageOf(err));
        progress("download");
      }
    }
    const make = Boolean(store) && !found && !(await store.failedBefore().catch(() => true));
    const booted = await bootNormally(runtime, calcZip, make, () => progress("start", { boot: BOOT.normal }));
    if (booted.snapshot) {
      const { bytes, canary } = booted.snapshot;
      madeSnapshot = store.compress(bytes).then((packed) => ({ packed, bytes: bytes.length, canary }));
      madeSnapshot.catch(() => {});
    }
    progress("ready", { boot: booted.boot, version: manifest.version });
    return booted.estimate;
  } finally {
    stdlib.release();
  }
}

// The page is idle after its first estimate: keep the snapshot made at boot.
async function storeSnapshot() {
  if (!madeSnapshot) {
    snapshotReport("skipped", store ? "booted from a snapshot, or none made" : "not allowed here");
    return;
  }
  const made = madeSnapshot;
  madeSnapshot = null;
  try {
    const { packed, bytes, canary } = await made;
    await store.save(packed, bytes, canary);
    snapshotReport("stored", `${bytes} bytes, ${packed.size} gzipped`);
  } catch (err) {
    snapshotReport("failed", messageOf(err)); // e.g. storage full: the next visit tries again
  }
}

function start(options) {
  if (!booting) {
    booting = boot(options);
    booting.catch((err) => {
      booting = null;
      post({ type: FROM_WORKER.error, reason: failureReason(err), message: messageOf(err) });
    });
  }
  return booting;
}

self.onmessage = async (event) => {
  const msg = event.data || {};
  if (msg.type === TO_WORKER.storeSnapshot) {
    storeSnapshot();
    return;
  }
  const ready = start(msg.type === TO_WORKER.boot ? msg : {});
  if (msg.type !== TO_WORKER.run) return;
  try {
    const estimate = await ready;
    post({ type: FROM_WORKER.result, id: msg.id, json: estimate(msg.request) });
  } catch (err) {
    post({ type: FROM_WORKER.error, id: msg.id, reason: failureReason(err), message: messageOf(err) });
  }
};
