// 医保指南 calculator: the messages between the page (page/engine.js) and its worker (worker.js).
//
// Page → worker
//   {type: "boot", snapshot: bool, manifest?}   start Pyodide (idempotent). `snapshot`: the page allows
//                                               a warm start from, and the making of, a memory snapshot
//                                               (Cache Storage and the stream compression APIs exist).
//                                               `manifest`: assets/pyodide/manifest.json, if the page
//                                               already has it (saves the worker one round trip).
//   {type: "run", id, request: "<JSON>"}        one estimate: calc.run(json.loads(request)); boots first
//                                               if needed (without a snapshot unless booted so before)
//   {type: "store-snapshot"}                    the page is idle after its first estimate: keep the
//                                               snapshot made at boot in Cache Storage
// Worker → page
//   {type: "progress", stage, boot?, version?}  stage: "download" | "start" | "ready";
//                                               boot: "snapshot" | "normal" (with "start" and "ready")
//   {type: "result", id, json: "<text>"}        json.dumps(result, ensure_ascii=False, sort_keys=True)
//   {type: "error", id?, reason, message}       reason: see FAILURE
//   {type: "snapshot", state, detail?}          state: "stored" | "skipped" | "failed" | "discarded"

export const TO_WORKER = Object.freeze({
  boot: "boot",
  run: "run",
  storeSnapshot: "store-snapshot",
});

export const FROM_WORKER = Object.freeze({
  progress: "progress",
  result: "result",
  error: "error",
  snapshot: "snapshot",
});

export const STAGES = Object.freeze(["download", "start", "ready"]);

// The Cache Storage cache that holds the memory snapshot (worker/snapshot-store.js); sw.js keeps it
// when it clears old caches, and the page deletes it if a restore from it hangs.
export const SNAPSHOT_CACHE_NAME = "yibao-snapshot";

export const BOOT = Object.freeze({ snapshot: "snapshot", normal: "normal" });

// Why the calculator could not start: the page says something different for each.
export const FAILURE = Object.freeze({
  network: "network", // a download failed: try again when online
  unsupported: "unsupported", // this browser cannot run it (no WebAssembly, module workers …)
  failed: "failed", // anything else: a bug to report
});
