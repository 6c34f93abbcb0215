// 医保指南 calculator worker (module worker). Python runs only here, never on the page's thread.
//
// Messages in:  {type: "boot"}                      start Pyodide (idempotent)
//               {type: "run", id, request: "<JSON>"} one estimate: calc.run(json.loads(request))
// Messages out: {type: "progress", stage: "download" | "start" | "ready"}
//               {type: "result", id, json: "<json.dumps(result, ensure_ascii=False, sort_keys=True)>"}
//               {type: "error", id?, message}

const assets = new URL("../pyodide/", import.meta.url);
let booting = null;

async function fetchBytes(url) {
  const resp = await fetch(url);
  if (!resp.ok) throw new Error(`${resp.status} ${url}`);
  return new Uint8Array(await resp.arrayBuffer());
}

async function boot() {
  self.postMessage({ type: "progress", stage: "download" });
  const resp = await fetch(new URL("manifest.json", assets), { cache: "no-cache" });
  if (!resp.ok) throw new Error(`manifest ${resp.status}`);
  const manifest = await resp.json();
  const indexURL = new URL(manifest.runtime, assets).href;
  const calcZip = fetchBytes(new URL(manifest.calc, assets));
  const { loadPyodide } = await import(new URL("pyodide.mjs", indexURL).href);
  const pyodide = await loadPyodide({
    indexURL,
    stdLibURL: new URL(manifest.stdlib, assets).href,
  });
  self.postMessage({ type: "progress", stage: "start" });
  pyodide.unpackArchive(await calcZip, "zip", { extractDir: "/calc_pkg" });
  pyodide.runPython(`
import sys
sys.path.insert(0, "/calc_pkg")
import json
import calc

def _estimate(text):
    return json.dumps(calc.run(json.loads(text)), ensure_ascii=False, sort_keys=True)
`);
  const estimate = pyodide.globals.get("_estimate");
  self.postMessage({ type: "progress", stage: "ready", version: manifest.version });
  return estimate;
}

self.onmessage = async (event) => {
  const msg = event.data || {};
  if (!booting) {
    booting = boot();
    booting.catch((err) => {
      booting = null;
      self.postMessage({ type: "error", message: String(err && err.message ? err.message : err) });
    });
  }
  if (msg.type !== "run") return;
  try {
    const estimate = await booting;
    self.postMessage({ type: "result", id: msg.id, json: estimate(msg.request) });
  } catch (err) {
    self.postMessage({ type: "error", id: msg.id, message: String(err && err.message ? err.message : err) });
  }
};
