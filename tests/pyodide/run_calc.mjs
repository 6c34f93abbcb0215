// Run calc.run inside Pyodide under Node.js, many requests in one boot.
//
//   node tests/pyodide/run_calc.mjs --index <pyodide dir> [--stdlib <python_stdlib.zip>]
//        (--calc-dir <repo>/calc | --calc-zip <calc-*.zip>)  < requests.json
//
// stdin: a JSON array of request objects. stdout: a JSON array with, for each request, the text of
// json.dumps(calc.run(request), ensure_ascii=False, sort_keys=True), i.e. what the browser worker returns.
// The calc files are copied into Pyodide's file system byte for byte (or unpacked from the zip the
// site ships, exactly as the worker does).
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, dirname, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, "")] = process.argv[i + 1];
if (!args.index || !(args["calc-dir"] || args["calc-zip"])) {
  console.error("usage: run_calc.mjs --index DIR [--stdlib ZIP] (--calc-dir DIR | --calc-zip ZIP) < requests.json");
  process.exit(2);
}
const indexURL = resolve(args.index) + "/";
const { loadPyodide } = await import(pathToFileURL(join(indexURL, "pyodide.mjs")).href);
const t0 = performance.now();
const pyodide = await loadPyodide({ indexURL, ...(args.stdlib ? { stdLibURL: resolve(args.stdlib) } : {}) });
const bootMs = performance.now() - t0;

const root = "/calc_pkg";
if (args["calc-zip"]) {
  pyodide.unpackArchive(new Uint8Array(readFileSync(args["calc-zip"])), "zip", { extractDir: root });
} else {
  const calcDir = resolve(args["calc-dir"]);
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        if (name !== "__pycache__") walk(path);
      } else if (!name.endsWith(".pyc")) {
        const target = join(root, relative(dirname(calcDir), path));
        pyodide.FS.mkdirTree(dirname(target));
        pyodide.FS.writeFile(target, new Uint8Array(readFileSync(path)));
      }
    }
  };
  walk(calcDir);
}
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
pyodide.globals.set("REQUESTS", Buffer.concat(chunks).toString("utf8"));
const out = pyodide.runPython(`
import sys
sys.path.insert(0, ${JSON.stringify(root)})
import json
import calc
assert calc.__file__.startswith(${JSON.stringify(root)}), calc.__file__
json.dumps([json.dumps(calc.run(r), ensure_ascii=False, sort_keys=True) for r in json.loads(REQUESTS)],
           ensure_ascii=False)
`);
process.stdout.write(out);
process.stderr.write(JSON.stringify({ boot_ms: Math.round(bootMs), python: pyodide.runPython("import sys; sys.version.split()[0]") }) + "\n");
