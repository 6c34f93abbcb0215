// 医保指南 calculator worker: downloading the bundle's files, and naming why a download failed.

import { FAILURE } from "../protocol.js";

// An error that carries its FAILURE reason to the page.
export class BootError extends Error {
  constructor(reason, message) {
    super(message);
    this.reason = reason;
  }
}

// Why an error stopped the boot: a download, a browser that cannot run WebAssembly, or a bug.
export function failureReason(err) {
  if (err && err.reason) return err.reason;
  const name = err && err.name;
  const text = String((err && err.message) || err);
  // Pyodide's own downloads say "Failed to load '<url>': request failed."; fetch says "Failed to fetch".
  if (/Failed to (load|fetch)|NetworkError|network error|Load failed/i.test(text)) return FAILURE.network;
  if (name === "CompileError" || name === "LinkError" || /WebAssembly/.test(text)) {
    return FAILURE.unsupported;
  }
  return FAILURE.failed;
}

export async function fetchOk(url, init) {
  let resp;
  try {
    resp = await fetch(url, init);
  } catch (err) {
    throw new BootError(FAILURE.network, `下载失败（${err.message}）`);
  }
  if (!resp.ok) throw new BootError(FAILURE.network, `下载失败（${resp.status} ${new URL(url).pathname}）`);
  return resp;
}

export async function fetchBytes(url) {
  const resp = await fetchOk(url);
  return new Uint8Array(await resp.arrayBuffer());
}

export async function fetchManifest(assets) {
  // Revalidated every time: a page kept in a cache must never pair with files a new build removed.
  const resp = await fetchOk(new URL("manifest.json", assets), { cache: "no-cache" });
  return resp.json();
}

const GZIP_MAGIC = [0x1f, 0x8b];

// Bytes of a `.gz` file. A host that labels it Content-Encoding: gzip has already had the browser
// unpack it; otherwise DecompressionStream does.
export async function fetchGunzipped(url) {
  const resp = await fetchOk(url);
  const packed = new Uint8Array(await resp.arrayBuffer());
  if (packed[0] !== GZIP_MAGIC[0] || packed[1] !== GZIP_MAGIC[1]) return packed;
  const stream = new Blob([packed]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

// The trimmed standard library as a URL Pyodide can fetch. With DecompressionStream: the zip of
// stored members, gzipped at build time (smaller on the wire on any host), unpacked here and handed
// over as a blob: URL; without it: the zip of deflated members, straight from the site.
// Returns {url, stored, release}: `stored` says which of the two zips Pyodide will read.
export async function stdlibSource(manifest, assets, scope = self) {
  if (manifest.stdlib_gz && typeof scope.DecompressionStream === "function") {
    const bytes = await fetchGunzipped(new URL(manifest.stdlib_gz, assets));
    const url = URL.createObjectURL(new Blob([bytes], { type: "application/zip" }));
    return { url, stored: true, release: () => URL.revokeObjectURL(url) };
  }
  return { url: new URL(manifest.stdlib, assets).href, stored: false, release: () => {} };
}
