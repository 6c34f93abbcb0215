// 医保指南 calculator worker: start Python, either from a memory snapshot or from scratch.
//
// From scratch (a "normal" boot): Pyodide starts, the calc zip is unpacked into /calc_pkg, PRELUDE
// imports every calc module and defines _estimate, and the canary requests run once. When the page
// allows a snapshot, Pyodide was started with _makeSnapshot and the heap is copied right then, so the
// snapshot holds calc ready to answer and nothing the reader typed (and the heap is still the size
// Pyodide starts with, which a restore needs: pyodide/pyodide#6254).
// From a snapshot: the heap is put back (_loadSnapshot), the calc files are unpacked again for any
// module Python has not imported yet, and the canary must give the answers recorded with the
// snapshot, or the snapshot is not used.
//
// pyodide_bundle.py hashes this file into the snapshot key: changing PRELUDE or CANARY here makes
// every stored snapshot stale.

import { BOOT } from "../protocol.js";
import { digest } from "./snapshot-store.js";

const CALC_DIR = "/calc_pkg";

export const PRELUDE = `
import importlib, json, os, sys
if ${JSON.stringify(CALC_DIR)} not in sys.path:
    sys.path.insert(0, ${JSON.stringify(CALC_DIR)})
import calc
for _root, _dirs, _files in os.walk(${JSON.stringify(CALC_DIR + "/calc")}):
    _dirs.sort()
    for _f in sorted(_files):
        if _f.endswith(".py") and _f != "__main__.py":
            _rel = os.path.relpath(os.path.join(_root, _f), ${JSON.stringify(CALC_DIR)})[:-3]
            importlib.import_module(_rel.replace("/", ".").removesuffix(".__init__"))

def _estimate(text):
    return json.dumps(calc.run(json.loads(text)), ensure_ascii=False, sort_keys=True)
`;

// A tiny made-up region and one request of each kind: run before a snapshot is taken (so the code
// they need is imported and in it) and after it is restored (the answers must be the same).
function fact(value) {
  const entry = { from: "2024-01-01", value, source: "canary", grade: "A", verified: "2026-01-01" };
  return { values: [{ ...entry, flag: null, note: null, file: "canary.yaml", line: 1 }], bound: null };
}
const CANARY_REGION = {
  schema_version: 1, code: "000000", name: "自检", short_name: "自检", level: "city", parents: [],
  file: "canary.yaml", hospital_levels: ["三级"],
  sources: { canary: { title: "自检", url: null, document: "自检", publisher: "自检", date: "2024-01-01", grade: "A" } },
  params: {
    inpatient: { resident: { levels: { 三级: { deductible: fact(800), ratio: fact(0.6) } }, annual_cap: fact(200000) } },
    outpatient: { resident: { deductible: fact(100), ratio: fact(0.5), annual_limit: fact(800) } },
    critical_illness: { resident: { deductible: fact(15000), segments: fact([{ from: 15000, ratio: 0.6 }]), cap: fact(null) } },
    resident_contribution: { tiers: { 一档: { groups: { 全体: { individual: { amount: fact(400) }, fiscal: { amount: fact(670) } } } } } },
    waiting_period: {
      fixed_months: fact(3), variable_months_per_break_year: fact(1), free_break_years: fact(1),
      payback_months_per_year: fact(1), long_break_years: fact(4), long_break_min_months: fact(6),
    },
  },
};
const CANARY_DATE = "2026-03-01";
export const CANARY = [
  { kind: "reimbursement", inputs: { scheme: "resident", visit: "inpatient", level: "三级", total: "50000.5", self_pay: 1000 } },
  { kind: "year", inputs: { scheme: "resident", bills: [
    { visit: "inpatient", level: "三级", total: 30000 }, { visit: "outpatient", total: 1200 }] } },
  { kind: "contribution", inputs: { scheme: "resident", tier: "一档", group: "全体" } },
  { kind: "waiting_period", inputs: { break_years: 3, paid_back_years: 1, late_enrolment: true } },
  { kind: "reimbursement", inputs: { scheme: "resident", visit: "inpatient", level: "三级", total: -5 } },
].map((r) => JSON.stringify({ ...r, date: CANARY_DATE, params: CANARY_REGION }));

// The digest of calc's answers to CANARY: equal before a snapshot and after its restore.
export async function canaryDigest(estimate) {
  return digest(CANARY.map((request) => estimate(request)).join("\n"));
}

function readyCalc(pyodide, calcZip) {
  pyodide.unpackArchive(calcZip, "zip", { extractDir: CALC_DIR });
  pyodide.runPython(PRELUDE);
  return pyodide.globals.get("_estimate");
}

// Pyodide from the snapshot bytes (a Promise): {pyodide, estimate, boot}. Throws if the snapshot
// cannot be restored or answers differently from when it was made.
export async function bootFromSnapshot({ loadPyodide, indexURL, stdLibURL }, calcZip, snapshot, canary) {
  snapshot.catch(() => {}); // a damaged snapshot rejects before Pyodide awaits it: reported there
  const pyodide = await loadPyodide({ indexURL, stdLibURL, _loadSnapshot: snapshot });
  const estimate = readyCalc(pyodide, await calcZip);
  const got = await canaryDigest(estimate);
  if (got !== canary) throw new Error("the restored calculator answered differently from when it was saved");
  return { pyodide, estimate, boot: BOOT.snapshot };
}

// Pyodide from scratch: {pyodide, estimate, boot, snapshot?: {bytes, canary}} (snapshot when asked).
export async function bootNormally({ loadPyodide, indexURL, stdLibURL }, calcZip, makeSnapshot, onStart) {
  const pyodide = await loadPyodide({ indexURL, stdLibURL, _makeSnapshot: makeSnapshot });
  onStart();
  const estimate = readyCalc(pyodide, await calcZip);
  const out = { pyodide, estimate, boot: BOOT.normal };
  if (makeSnapshot) {
    const canary = await canaryDigest(estimate); // runs the code paths before the heap is copied
    out.snapshot = { bytes: pyodide.makeMemorySnapshot(), canary };
  }
  return out;
}
