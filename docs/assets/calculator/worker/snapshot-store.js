// 医保指南 calculator worker: the Pyodide memory snapshot in Cache Storage, gzipped.
//
// One entry per key (manifest.snapshot: Pyodide version, calc bundle hash, stdlib and boot code):
//   <assets>snapshot/<key>.gz       the snapshot, gzipped with CompressionStream; headers:
//                                   x-snapshot-bytes (its length) and x-canary (the digest of the
//                                   answers the booted calculator gave just before it was taken)
//   <assets>snapshot/<key>.failed   restoring this key failed once here: do not make it again
// Entries under any other key are stale and deleted when found.

import { SNAPSHOT_CACHE_NAME } from "../protocol.js";

const CHUNK = 1 << 20;

// Everything the store needs in this worker's scope.
export function snapshotStoreAvailable(scope = self) {
  return Boolean(
    scope.caches &&
      typeof scope.caches.open === "function" &&
      typeof scope.CompressionStream === "function" &&
      typeof scope.DecompressionStream === "function" &&
      scope.crypto &&
      scope.crypto.subtle,
  );
}

// A stream of `bytes` in 1 MB views (no copy of the 30 MB snapshot).
function chunked(bytes) {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.subarray(offset, offset + CHUNK));
      offset += CHUNK;
    },
  });
}

export async function digest(text) {
  const hash = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(hash), (b) => b.toString(16).padStart(2, "0")).join("");
}

export class SnapshotStore {
  constructor(key, assets, scope = self) {
    this.key = key;
    this.scope = scope;
    this.url = new URL(`snapshot/${key}.gz`, assets).href;
    this.failedURL = new URL(`snapshot/${key}.failed`, assets).href;
  }

  open() {
    return this.scope.caches.open(SNAPSHOT_CACHE_NAME);
  }

  // The stored entry for this key ({response, bytes, canary}) or null; stale keys are deleted.
  async find() {
    const cache = await this.open();
    for (const request of await cache.keys()) {
      if (request.url !== this.url && request.url !== this.failedURL) await cache.delete(request);
    }
    const response = await cache.match(this.url);
    if (!response) return null;
    const bytes = Number(response.headers.get("x-snapshot-bytes"));
    const canary = response.headers.get("x-canary");
    if (!Number.isSafeInteger(bytes) || bytes <= 0 || !canary) {
      await cache.delete(this.url);
      return null;
    }
    return { response, bytes, canary };
  }

  // The snapshot's bytes; throws if the stored data is damaged (gzip checks its CRC and length).
  async read(found) {
    const out = new Uint8Array(found.bytes);
    const reader = found.response.body.pipeThrough(new DecompressionStream("gzip")).getReader();
    let offset = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (offset + value.length > out.length) throw new Error("the stored snapshot is longer than recorded");
      out.set(value, offset);
      offset += value.length;
    }
    if (offset !== out.length) throw new Error("the stored snapshot is shorter than recorded");
    return out;
  }

  // gzip `bytes` now (in this worker, 1 MB at a time) into a Blob to keep until save().
  async compress(bytes) {
    const stream = chunked(bytes).pipeThrough(new CompressionStream("gzip"));
    return new Response(stream).blob();
  }

  async save(packed, bytes, canary) {
    const cache = await this.open();
    for (const request of await cache.keys()) await cache.delete(request);
    await cache.put(
      this.url,
      new Response(packed, {
        headers: {
          "content-type": "application/gzip",
          "x-snapshot-bytes": String(bytes),
          "x-canary": canary,
        },
      }),
    );
  }

  // Restoring failed: drop the entry and remember not to make this key again here.
  async markFailed(reason) {
    const cache = await this.open();
    await cache.delete(this.url);
    await cache.put(this.failedURL, new Response(String(reason).slice(0, 500)));
  }

  async failedBefore() {
    const cache = await this.open();
    return Boolean(await cache.match(this.failedURL));
  }
}
