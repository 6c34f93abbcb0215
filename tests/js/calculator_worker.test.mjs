// The calculator worker's modules, each on its own, in Node: why a boot failed, the snapshot store
// (against an in-memory Cache Storage), and the boot module with the real Pyodide the site ships:
// a snapshot made at boot restores and answers byte for byte like the boot that made it.
// Run by tests/test_calculator_modules.py (node --test).
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";

import { FAILURE } from "../../docs/assets/calculator/protocol.js";
import { failureReason } from "../../docs/assets/calculator/worker/downloads.js";
import { CANARY, bootFromSnapshot, bootNormally, canaryDigest } from "../../docs/assets/calculator/worker/pyodide-boot.js";
import { SnapshotStore, snapshotStoreAvailable } from "../../docs/assets/calculator/worker/snapshot-store.js";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const ASSETS = path.join(REPO, "docs/assets/pyodide");

// Cache Storage in memory, enough for the store: open, keys, match, put, delete.
function memoryCaches() {
  const caches = new Map();
  return {
    caches,
    async open(name) {
      if (!caches.has(name)) caches.set(name, new Map());
      const entries = caches.get(name);
      return {
        async keys() { return [...entries.keys()].map((url) => ({ url })); },
        async match(url) {
          const e = entries.get(String(url));
          return e ? new Response(e.body.slice(), { headers: e.headers }) : undefined;
        },
        async put(url, response) {
          entries.set(String(url), { body: new Uint8Array(await response.arrayBuffer()), headers: [...response.headers] });
        },
        async delete(url) { return entries.delete(String(url && url.url ? url.url : url)); },
      };
    },
  };
}

function scopeWith(caches) {
  return { caches, CompressionStream, DecompressionStream, crypto: globalThis.crypto };
}

test("failure reasons: network, browser, bug", () => {
  assert.equal(failureReason(new TypeError("Failed to fetch")), FAILURE.network);
  assert.equal(failureReason(new Error("Failed to load 'x/pyodide.asm.wasm': request failed.")), FAILURE.network);
  const compile = new Error("WebAssembly.instantiate(): Refused to compile or instantiate WebAssembly module");
  compile.name = "CompileError";
  assert.equal(failureReason(compile), FAILURE.unsupported);
  assert.equal(failureReason(Object.assign(new Error("x"), { reason: FAILURE.unsupported })), FAILURE.unsupported);
  assert.equal(failureReason(new Error("NameError: name 'calc' is not defined")), FAILURE.failed);
});

test("snapshot store: kept gzipped, read back whole, damage and stale keys caught", async () => {
  const caches = memoryCaches();
  const scope = scopeWith(caches);
  assert.ok(snapshotStoreAvailable(scope));
  assert.ok(!snapshotStoreAvailable({ ...scope, CompressionStream: undefined }));
  const bytes = new Uint8Array(3 * 1024 * 1024 + 17).map((_, i) => (i * 7) % 251);
  const old = new SnapshotStore("314.0.7-calc-aaaaaaaaaaaa-bbbbbbbbbbbb", "https://x.org/assets/pyodide/", scope);
  await old.save(await old.compress(bytes), bytes.length, "c".repeat(64));
  const store = new SnapshotStore("314.0.7-calc-cccccccccccc-dddddddddddd", "https://x.org/assets/pyodide/", scope);
  assert.equal(await store.find(), null); // another key: stale, and now gone
  assert.deepEqual([...caches.caches.get("yibao-snapshot").keys()], []);

  const packed = await store.compress(bytes);
  assert.ok(packed.size < bytes.length / 4);
  await store.save(packed, bytes.length, "d".repeat(64));
  const found = await store.find();
  assert.equal(found.bytes, bytes.length);
  assert.equal(found.canary, "d".repeat(64));
  assert.deepEqual(await store.read(found), bytes);

  const entries = caches.caches.get("yibao-snapshot");
  const entry = entries.get(store.url);
  const flipped = entry.body.slice();
  for (let i = flipped.length >> 1; i < (flipped.length >> 1) + 32; i++) flipped[i] ^= 0x5a;
  entries.set(store.url, { ...entry, body: flipped });
  await assert.rejects(async () => store.read(await store.find()));
  entries.set(store.url, { ...entry, body: entry.body.slice(0, entry.body.length >> 1) });
  await assert.rejects(async () => store.read(await store.find()));

  await store.markFailed("test");
  assert.ok(await store.failedBefore());
  assert.equal(await store.find(), null);
});

test("boot: a snapshot made at boot restores and answers the same", { timeout: 600000 }, async () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(ASSETS, "manifest.json"), "utf8"));
  const indexURL = path.join(ASSETS, manifest.runtime) + "/";
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "calc-boot-"));
  const stdLibURL = path.join(tmp, "python_stdlib.zip"); // the stored-member zip the browser reads
  fs.writeFileSync(stdLibURL, zlib.gunzipSync(fs.readFileSync(path.join(ASSETS, manifest.stdlib_gz))));
  const calcZip = Promise.resolve(new Uint8Array(fs.readFileSync(path.join(ASSETS, manifest.calc))));
  const { loadPyodide } = await import(path.join(indexURL, "pyodide.mjs"));
  const runtime = { loadPyodide, indexURL, stdLibURL };
  let started = 0;
  const normal = await bootNormally(runtime, calcZip, true, () => started++);
  assert.equal(started, 1);
  assert.equal(normal.boot, "normal");
  const { bytes, canary } = normal.snapshot;
  assert.ok(bytes.length > 10_000_000);
  const answers = CANARY.map((r) => normal.estimate(r));
  assert.ok(JSON.parse(answers[0]).ok);
  assert.equal(JSON.parse(answers[4]).ok, false); // the bad request is answered, not thrown

  const restored = await bootFromSnapshot(runtime, calcZip, Promise.resolve(bytes), canary);
  assert.equal(restored.boot, "snapshot");
  assert.deepEqual(CANARY.map((r) => restored.estimate(r)), answers);
  assert.equal(await canaryDigest(restored.estimate), canary);

  await assert.rejects(bootFromSnapshot(runtime, calcZip, Promise.resolve(bytes), "0".repeat(64)), /answered differently/);
  await assert.rejects(bootFromSnapshot(runtime, calcZip, Promise.resolve(new Uint8Array(64)), canary));
  fs.rmSync(tmp, { recursive: true });
});
