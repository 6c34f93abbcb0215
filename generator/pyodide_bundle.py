"""Copy the browser calculator's runtime into docs/assets/pyodide/.

    python -m generator.pyodide_bundle            # build (called by `make browser-assets`)
    python -m generator.pyodide_bundle --measure  # print bytes and Node boot times, full vs trimmed

What it writes (all generated, ignored by git):

    docs/assets/pyodide/<pyodide version>/pyodide.mjs, pyodide.asm.mjs, pyodide.asm.wasm
    docs/assets/pyodide/<pyodide version>/pyodide-lock.json   a lock file with no packages
    docs/assets/pyodide/python_stdlib-<hash>.zip.gz  the stdlib modules the calculator uses, in a
                                                   zip of stored (uncompressed) members, gzipped here
    docs/assets/pyodide/python_stdlib-<hash>.zip   the same modules in a deflated zip, for browsers
                                                   without DecompressionStream
    docs/assets/pyodide/calc-<hash>.zip            the calc/ files, byte for byte
    docs/assets/pyodide/manifest.json              the names above, the cache version for sw.js and
                                                   the key of the browser's memory snapshot

Why the stdlib ships twice: a zip of deflated members cannot be compressed again, and whether a
host gzips `application/zip` on the wire is up to the host. A zip of stored members, gzipped at
build time and served as plain bytes, is 53 KB smaller on any host; the calculator's worker
decompresses it with DecompressionStream. Browsers without that API get the deflated zip (and never
make a memory snapshot, which needs the same stream APIs, so a snapshot always pairs with the
stored zip its key names).

The trimmed standard library is found by running the real code path in Pyodide under Node with the
full standard library (boot, unpack the calc zip, import every calc module, run sample requests of
every kind, json.dumps the results) and recording sys.modules.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYODIDE_NPM = ROOT / "node_modules" / "pyodide"
CALC_DIR = ROOT / "calc"
OUT = ROOT / "docs" / "assets" / "pyodide"
CALCULATOR_ASSETS = ROOT / "docs" / "assets" / "calculator"
REGIONS_API = ROOT / "docs" / "api" / "regions"
SW = ROOT / "docs" / "sw.js"
# The worker module that boots Pyodide and runs the Python baked into a memory snapshot.
BOOT_MODULE = CALCULATOR_ASSETS / "worker" / "pyodide-boot.js"

RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")
ZIP_DATE = (1980, 1, 1, 0, 0, 0)

# Modules kept even if the trace does not see them: what Pyodide needs to turn a Python exception
# into a readable JavaScript error, so an unexpected failure never hides behind ModuleNotFoundError.
ALWAYS_KEEP = ("traceback", "linecache", "tokenize", "token", "textwrap", "encodings.cp437")

TRACE_JS = r"""
import { loadPyodide } from %(pyodide_mjs)s;
import fs from "node:fs";
const [indexURL, calcZip, requestsFile] = process.argv.slice(2);
const py = await loadPyodide({ indexURL });
py.unpackArchive(new Uint8Array(fs.readFileSync(calcZip)), "zip", { extractDir: "/calc_pkg" });
py.globals.set("REQUESTS", fs.readFileSync(requestsFile, "utf8"));
const out = py.runPython(`
import sys
sys.path.insert(0, "/calc_pkg")
import json, os, importlib, traceback
import calc
for root, dirs, files in os.walk("/calc_pkg/calc"):
    dirs.sort()
    for f in sorted(files):
        if f.endswith(".py") and f != "__main__.py":
            rel = os.path.relpath(os.path.join(root, f), "/calc_pkg")[:-3].replace("/", ".")
            importlib.import_module(rel.removesuffix(".__init__"))
for req in json.loads(REQUESTS):
    try:
        json.dumps(calc.run(req), ensure_ascii=False, sort_keys=True)
    except Exception:
        traceback.format_exc()
json.dumps(sorted(sys.modules))
`);
process.stdout.write(out);
"""

BOOT_JS = r"""
import { loadPyodide } from %(pyodide_mjs)s;
import fs from "node:fs";
const [indexURL, stdLibURL, calcZip, request] = process.argv.slice(2);
const t0 = performance.now();
const py = await loadPyodide({ indexURL, stdLibURL });
const t1 = performance.now();
py.unpackArchive(new Uint8Array(fs.readFileSync(calcZip)), "zip", { extractDir: "/calc_pkg" });
py.globals.set("REQUEST", request);
const out = py.runPython(`
import sys
sys.path.insert(0, "/calc_pkg")
import json, calc
json.dumps(calc.run(json.loads(REQUEST)), ensure_ascii=False, sort_keys=True)
`);
const t2 = performance.now();
process.stdout.write(JSON.stringify({ boot_ms: t1 - t0, ready_ms: t2 - t0, result: out }));
"""


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def pyodide_version() -> str:
    return json.loads((PYODIDE_NPM / "package.json").read_text(encoding="utf-8"))["version"]


def calc_files(calc_dir: Path | None = None) -> list[Path]:
    """Every file of the calc package that ships, in a stable order (no caches)."""
    calc_dir = calc_dir or CALC_DIR
    files = [
        p
        for p in calc_dir.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".pyc", ".pyo")
    ]
    return sorted(files, key=lambda p: p.relative_to(calc_dir).as_posix())


def deterministic_zip(entries: list[tuple[str, bytes]], deflate: bool = True) -> bytes:
    """A zip whose bytes depend only on the entries (fixed dates and modes); members deflated or stored."""
    member_type = zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", member_type, compresslevel=9 if deflate else None) as z:
        for name, data in entries:
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.compress_type = zipfile.ZIP_STORED if name.endswith("/") else member_type
            info.external_attr = (0o40755 << 16 | 0x10) if name.endswith("/") else (0o644 << 16)
            z.writestr(info, data)
    return buf.getvalue()


def build_calc_zip(calc_dir: Path | None = None) -> bytes:
    """calc/ as a zip with paths `calc/...`; the members are the repository's files unchanged."""
    calc_dir = calc_dir or CALC_DIR
    base = calc_dir.parent
    return deterministic_zip(
        [(p.relative_to(base).as_posix(), p.read_bytes()) for p in calc_files(calc_dir)]
    )


def sample_requests(api_dir: Path | None = None, date: str = "2026-03-01") -> list[dict]:
    """Requests of every kind for every emitted region, good and bad, to walk calc's code paths."""
    api_dir = api_dir or REGIONS_API
    regions = []
    if api_dir.is_dir():
        for f in sorted(api_dir.glob("*.json")):
            if f.name == "index.json":
                continue
            try:
                data = json.loads(f.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if isinstance(data, dict) and "code" in data:
                regions.append(data)
    if not regions:
        regions = [
            {
                "schema_version": 1,
                "code": "000000",
                "name": "示例",
                "hospital_levels": ["三级"],
                "sources": {},
                "params": {},
            }
        ]
    reqs: list[dict] = []
    for region in regions:
        params = region.get("params") or {}
        levels = region.get("hospital_levels") or ["三级"]
        for scheme in ("resident", "employee", "retiree"):
            for visit in ("inpatient", "outpatient", "chronic", "two_diseases"):
                for level in levels:
                    for total in (800, 50000, 400000):
                        reqs.append(
                            {
                                "kind": "reimbursement",
                                "date": date,
                                "params": region,
                                "inputs": {
                                    "scheme": scheme,
                                    "visit": visit,
                                    "level": level,
                                    "total": total,
                                    "self_pay": 500,
                                    "class_b_self_pay": 300,
                                    "admission": 2,
                                    "fund_paid_this_year": 1000,
                                    "hardship": total > 100000,
                                    "cross_region": "long_term" if total == 800 else "none",
                                    "disease": "高血压",
                                },
                            }
                        )
        tiers = (params.get("resident_contribution") or {}).get("tiers") or {"一档": {}}
        for tier, body in tiers.items():
            for group in body.get("groups") or {"全体": {}}:
                reqs.append(
                    {
                        "kind": "contribution",
                        "date": date,
                        "params": region,
                        "inputs": {"scheme": "resident", "tier": tier, "group": group},
                    }
                )
        etiers = (params.get("employee_contribution") or {}).get("tiers") or {"一档": {}}
        for tier in etiers:
            reqs.append(
                {
                    "kind": "contribution",
                    "date": date,
                    "params": region,
                    "inputs": {"scheme": "employee", "tier": tier, "monthly_wage": 8000},
                }
            )
            reqs.append(
                {
                    "kind": "contribution",
                    "date": date,
                    "params": region,
                    "inputs": {"scheme": "flexible", "tier": tier, "base": 6000},
                }
            )
        reqs.append(
            {
                "kind": "waiting_period",
                "date": date,
                "params": region,
                "inputs": {
                    "break_years": 3,
                    "paid_back_years": 1,
                    "late_enrolment": True,
                    "exempt": False,
                },
            }
        )
        # bad requests: the error paths import things too
        reqs.append(
            {
                "kind": "reimbursement",
                "date": date,
                "params": region,
                "inputs": {
                    "scheme": "resident",
                    "visit": "inpatient",
                    "level": levels[0],
                    "total": -5,
                },
            }
        )
        reqs.append({"kind": "reimbursement", "date": "not a date", "params": region, "inputs": {}})
        reqs.append({"kind": "nonsense", "date": date, "params": region, "inputs": {}})
    reqs.append({})
    return reqs


def run_node(script: str, args: list[str], timeout: int = 300) -> str:
    with tempfile.TemporaryDirectory(prefix="pyodide-bundle-") as tmp:
        path = Path(tmp) / "script.mjs"
        path.write_text(
            script % {"pyodide_mjs": json.dumps((PYODIDE_NPM / "pyodide.mjs").as_uri())},
            encoding="utf-8",
        )
        proc = subprocess.run(
            ["node", str(path), *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            encoding="utf-8",
        )
    if proc.returncode != 0:
        raise RuntimeError(f"node failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
    return proc.stdout


def trace_modules(calc_zip: Path, requests: list[dict]) -> list[str]:
    """Run the calculator's code path in Pyodide (full stdlib) and return sys.modules."""
    with tempfile.TemporaryDirectory(prefix="pyodide-trace-") as tmp:
        req_file = Path(tmp) / "requests.json"
        req_file.write_text(json.dumps(requests, ensure_ascii=False), encoding="utf-8")
        out = run_node(TRACE_JS, [str(PYODIDE_NPM) + "/", str(calc_zip), str(req_file)])
    return json.loads(out)


def trim_stdlib(full_zip: bytes, modules: list[str], deflate: bool = True) -> bytes:
    """Keep the zip members that hold one of `modules` (and the package folders above them)."""
    src = zipfile.ZipFile(io.BytesIO(full_zip))
    names = set(src.namelist())
    keep: set[str] = set()
    for mod in [*modules, *ALWAYS_KEEP]:
        parts = mod.split(".")
        for i in range(1, len(parts) + 1):
            stem = "/".join(parts[:i])
            for cand in (stem + ".py", stem + "/__init__.py"):
                if cand in names:
                    keep.add(cand)
            if stem + "/" in names:
                keep.add(stem + "/")
    keep |= {n for n in names if n.startswith("_sysconfigdata_")}
    if "site-packages/" in names:
        keep.add("site-packages/")
    entries = [(n, src.read(n)) for n in src.namelist() if n in keep]
    return deterministic_zip(entries, deflate=deflate)


def gzip_bytes(data: bytes) -> bytes:
    """gzip at the highest level with no file name or date in the header: same input, same bytes."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def snapshot_key(version: str, stored_stdlib: bytes, calc_zip: bytes) -> str:
    """What a browser's memory snapshot depends on: Pyodide, the stdlib it read, calc and the boot code.

    The worker's boot module holds the Python run before the snapshot is taken, so it is hashed too.
    The key names the Pyodide version and the calc bundle's hash so a stored snapshot can be read.
    """
    h = hashlib.sha256(version.encode() + b"\0" + stored_stdlib + b"\0" + calc_zip)
    h.update(b"\0" + BOOT_MODULE.read_bytes())
    return f"{version}-calc-{sha(calc_zip)[:12]}-{h.hexdigest()[:12]}"


def calculator_files() -> list[str]:
    """The calculator's scripts and styles as paths relative to assets/pyodide/."""
    if not CALCULATOR_ASSETS.is_dir():
        return []
    return [
        "../calculator/" + p.relative_to(CALCULATOR_ASSETS).as_posix()
        for p in sorted(CALCULATOR_ASSETS.rglob("*"))
        if p.is_file() and p.suffix in (".js", ".css")
    ]


def tiny_lockfile() -> bytes:
    """pyodide-lock.json with Pyodide's own `info` and no packages: nothing is fetched from it."""
    info = json.loads((PYODIDE_NPM / "pyodide-lock.json").read_text(encoding="utf-8"))["info"]
    return json.dumps({"info": info, "packages": {}}, sort_keys=True).encode()


def write_if_changed(path: Path, data: bytes) -> None:
    if not path.exists() or path.read_bytes() != data:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def build(out: Path | None = None, quiet: bool = False) -> dict:
    out = out or OUT
    version = pyodide_version()
    runtime_dir = out / version
    runtime_dir.mkdir(parents=True, exist_ok=True)
    runtime_hash = hashlib.sha256()
    for name in RUNTIME_FILES:
        data = (PYODIDE_NPM / name).read_bytes()
        write_if_changed(runtime_dir / name, data)
        runtime_hash.update(name.encode() + b"\0" + data)
    lock = tiny_lockfile()
    write_if_changed(runtime_dir / "pyodide-lock.json", lock)
    runtime_hash.update(lock)

    calc_zip = build_calc_zip()
    calc_name = f"calc-{sha(calc_zip)[:12]}.zip"
    with tempfile.TemporaryDirectory(prefix="pyodide-bundle-") as tmp:
        tmp_zip = Path(tmp) / calc_name
        tmp_zip.write_bytes(calc_zip)
        modules = trace_modules(tmp_zip, sample_requests())
    full_stdlib = (PYODIDE_NPM / "python_stdlib.zip").read_bytes()
    stdlib = trim_stdlib(full_stdlib, modules)
    stdlib_name = f"python_stdlib-{sha(stdlib)[:12]}.zip"
    stored_stdlib = trim_stdlib(full_stdlib, modules, deflate=False)
    stdlib_gz = gzip_bytes(stored_stdlib)
    stdlib_gz_name = f"python_stdlib-{sha(stored_stdlib)[:12]}.zip.gz"

    # remove what earlier builds left behind
    for old in out.glob("calc-*.zip"):
        if old.name != calc_name:
            old.unlink()
    for old in out.glob("python_stdlib-*.zip*"):
        if old.name not in (stdlib_name, stdlib_gz_name):
            old.unlink()
    for old in out.iterdir():
        if old.is_dir() and old.name != version:
            shutil.rmtree(old)
    write_if_changed(out / calc_name, calc_zip)
    write_if_changed(out / stdlib_name, stdlib)
    write_if_changed(out / stdlib_gz_name, stdlib_gz)

    # The cache version covers all the calculator runs: runtime, stdlib, calc, its JS and sw.js.
    v = hashlib.sha256()
    v.update(
        runtime_hash.digest()
        + sha(stdlib).encode()
        + sha(stdlib_gz).encode()
        + sha(calc_zip).encode()
    )
    if CALCULATOR_ASSETS.is_dir():
        for p in sorted(CALCULATOR_ASSETS.rglob("*")):
            if p.is_file():
                v.update(
                    p.relative_to(CALCULATOR_ASSETS).as_posix().encode() + b"\0" + p.read_bytes()
                )
    if SW.exists():
        v.update(SW.read_bytes())
    manifest = {
        "version": v.hexdigest()[:16],
        "pyodide": version,
        "runtime": f"{version}/",
        "stdlib": stdlib_name,
        "stdlib_gz": stdlib_gz_name,
        "snapshot": snapshot_key(version, stored_stdlib, calc_zip),
        "calc": calc_name,
        "calc_files": [p.relative_to(CALC_DIR.parent).as_posix() for p in calc_files()],
        "stdlib_modules": len(zipfile.ZipFile(io.BytesIO(stdlib)).namelist()),
        # The calculator's own files (relative to this folder): the page asks the service worker to
        # keep them for offline use, the worker's modules included (the page never sees those load).
        "calculator": calculator_files(),
        # What a first visit caches for offline use; a browser without DecompressionStream caches
        # `stdlib` in place of `stdlib_gz` (the page swaps the two).
        "precache": [f"{version}/{n}" for n in (*RUNTIME_FILES, "pyodide-lock.json")]
        + [stdlib_gz_name, calc_name],
    }
    write_if_changed(
        out / "manifest.json",
        (json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode(),
    )
    if not quiet:
        full = (PYODIDE_NPM / "python_stdlib.zip").stat().st_size
        print(
            f"pyodide bundle {manifest['version']}: stdlib {full:,} -> {len(stdlib):,} bytes "
            f"({manifest['stdlib_modules']} entries; stored and gzipped {len(stdlib_gz):,}), "
            f"{calc_name} {len(calc_zip):,} bytes"
        )
    return manifest


def _sizes(files: list[Path]) -> dict:
    raw = sum(f.stat().st_size for f in files)
    gz = sum(len(gzip.compress(f.read_bytes(), compresslevel=6, mtime=0)) for f in files)
    return {"raw_bytes": raw, "gzip_bytes": gz}


def measure(runs: int = 5, out: Path | None = None) -> dict:
    """Bytes on the wire and Node boot times (median of `runs`), full stdlib vs the trimmed one.

    Returns {"full": {...}, "trimmed": {...}} with raw_bytes, gzip_bytes, stdlib_bytes,
    boot_ms (loadPyodide) and ready_ms (loadPyodide + unpack calc + import + one estimate).
    """
    out = out or OUT
    manifest_path = out / "manifest.json"
    if not manifest_path.exists():
        build(out, quiet=True)
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    runtime = out / manifest["runtime"]
    calc_zip = out / manifest["calc"]
    trimmed_stdlib = out / manifest["stdlib"]
    full_stdlib = PYODIDE_NPM / "python_stdlib.zip"
    request = next((r for r in sample_requests() if r.get("kind") == "reimbursement"), {})
    variants = {
        "full": (full_stdlib, PYODIDE_NPM / "pyodide-lock.json"),
        "trimmed": (trimmed_stdlib, runtime / "pyodide-lock.json"),
    }
    times: dict[str, dict[str, list[float]]] = {k: {"boot": [], "ready": []} for k in variants}
    answers: dict[str, str] = {}
    for _ in range(runs):  # interleaved, so that a busy machine slows both alike
        for label, (stdlib, _lock) in variants.items():
            data = json.loads(
                run_node(
                    BOOT_JS,
                    [
                        str(runtime) + "/",
                        str(stdlib),
                        str(calc_zip),
                        json.dumps(request, ensure_ascii=False),
                    ],
                )
            )
            times[label]["boot"].append(data["boot_ms"])
            times[label]["ready"].append(data["ready_ms"])
            answers[label] = data["result"]
    results: dict = {}
    for label, (stdlib, lock) in variants.items():
        files = [runtime / n for n in RUNTIME_FILES] + [stdlib, lock, calc_zip]
        results[label] = {
            **_sizes(files),
            "stdlib_bytes": stdlib.stat().st_size,
            "boot_ms": round(statistics.median(times[label]["boot"])),
            "ready_ms": round(statistics.median(times[label]["ready"])),
            "runs": runs,
            "result_sha256": sha(answers[label].encode()),
        }
    results["same_result"] = results["full"]["result_sha256"] == results["trimmed"]["result_sha256"]
    return results


def print_measure(res: dict) -> None:
    node = subprocess.run(["node", "--version"], capture_output=True, text=True, check=False)
    node_version = node.stdout.strip()
    print(
        f"{'':8} {'raw bytes':>12} {'gzip bytes':>12} {'stdlib':>11} {'boot ms':>8} {'ready ms':>9}"
    )
    for label in ("full", "trimmed"):
        r = res[label]
        print(
            f"{label:8} {r['raw_bytes']:>12,} {r['gzip_bytes']:>12,} {r['stdlib_bytes']:>11,} "
            f"{r['boot_ms']:>8} {r['ready_ms']:>9}"
        )
    print(
        f"(Node {node_version}, median of {res['full']['runs']} runs; "
        "boot = loadPyodide, ready = + calc unpacked, imported, "
        f"one estimate; same result: {res['same_result']})"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m generator.pyodide_bundle", description=__doc__.split("\n")[0]
    )
    ap.add_argument(
        "--measure", action="store_true", help="print bytes and boot times, full vs trimmed"
    )
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--json", action="store_true", help="with --measure: print JSON")
    args = ap.parse_args(argv)
    if not PYODIDE_NPM.is_dir():
        print("node_modules/pyodide is missing: run `npm ci`", file=sys.stderr)
        return 1
    if not (CALC_DIR / "__init__.py").exists():
        print("calc/__init__.py is missing", file=sys.stderr)
        return 1
    build(quiet=args.measure and args.json)
    if args.measure:
        res = measure(args.runs)
        if args.json:
            print(json.dumps(res, indent=1))
        else:
            print_measure(res)
    return 0


if __name__ == "__main__":
    sys.exit(main())
