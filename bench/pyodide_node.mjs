// Time calc.run inside Pyodide under Node.js, with the same npm package the site ships.
//
//   node bench/pyodide_node.mjs <job.json>
//
// job.json: {"calc_dir": ".../calc", "request": {...}, "repeat": 200}
// Prints one JSON line: boot and import times, the median and best time of one estimate (ms),
// and the result of the first estimate (so the caller can check it against CPython).
import { readFileSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join, dirname, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const pyodideDir = join(here, "..", "node_modules", "pyodide");
const { loadPyodide } = require(join(pyodideDir, "pyodide.js"));

const job = JSON.parse(readFileSync(process.argv[2], "utf8"));

function* pyFiles(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== "__pycache__") yield* pyFiles(path);
    } else if (name.endsWith(".py")) {
      yield path;
    }
  }
}

const t0 = performance.now();
const pyodide = await loadPyodide({ indexURL: pyodideDir + "/" });
const tBoot = performance.now();

const root = "/home/pyodide/src";
const base = dirname(job.calc_dir);
for (const file of pyFiles(job.calc_dir)) {
  const target = join(root, relative(base, file));
  pyodide.FS.mkdirTree(dirname(target));
  pyodide.FS.writeFile(target, readFileSync(file));
}
pyodide.runPython(`import sys; sys.path.insert(0, ${JSON.stringify(root)})`);
pyodide.runPython("import calc, json");
const tImport = performance.now();

pyodide.globals.set("request_json", JSON.stringify(job.request));
const run = pyodide.runPython("lambda: json.dumps(calc.run(json.loads(request_json)), ensure_ascii=False, sort_keys=True)");
const first = run();
const times = [];
for (let i = 0; i < (job.repeat ?? 200); i++) {
  const s = performance.now();
  run();
  times.push(performance.now() - s);
}
times.sort((a, b) => a - b);
console.log(JSON.stringify({
  boot_ms: tBoot - t0,
  import_ms: tImport - tBoot,
  estimate_ms_median: times[Math.floor(times.length / 2)],
  estimate_ms_best: times[0],
  runs: times.length,
  python: pyodide.runPython("import sys; sys.version.split()[0]"),
  result: JSON.parse(first),
}));
