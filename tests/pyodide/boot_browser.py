"""Cold start of the browser calculator in Chromium: full standard library vs the trimmed one.

    python tests/pyodide/boot_browser.py [--runs 3] [--profiles desktop,4g] [--json]

Uses the real worker (docs/assets/calculator/worker.js) and the bundle written by
`python -m generator.pyodide_bundle`, served by bench/static_server.py (gzip like GitHub Pages)
from a temporary folder laid out twice: once with the shipped manifest (trimmed stdlib) and once
with a manifest pointing at Pyodide's full python_stdlib.zip and full lock file. Each run is a
fresh browser context (empty cache) with the network throttled through CDP; the time is from
`new Worker()` to the first estimate's answer.
Importable: `measure_browser(runs, profiles) -> dict`.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.chromium import CHROMIUM, CHROMIUM_FLAGS  # noqa: E402
from bench.static_server import StaticServer  # noqa: E402
from generator import pyodide_bundle  # noqa: E402

# Network.emulateNetworkConditions: throughput in bytes/s, latency in ms
PROFILES = {
    "desktop": None,
    "4g": {"latency": 60, "downloadThroughput": 9_000_000 / 8, "uploadThroughput": 9_000_000 / 8},
    "slow3g": {
        "latency": 150,
        "downloadThroughput": 1_600_000 / 8,
        "uploadThroughput": 750_000 / 8,
    },
}
HARNESS = """<!doctype html><meta charset="utf-8"><title>boot</title>
<script type="module">
const request = %s;
const t0 = performance.now();
const w = new Worker("assets/calculator/worker.js", {type: "module"});
const stages = {};
w.onmessage = (e) => {
  const m = e.data;
  if (m.type === "progress") stages[m.stage] = performance.now() - t0;
  if (m.type === "result" || m.type === "error") {
    window.__done = {ms: performance.now() - t0, stages, type: m.type, json: m.json || m.message};
  }
};
w.postMessage({type: "run", id: 1, request: JSON.stringify(request)});
</script>"""


def _layout(root: Path, variant: str, request: dict) -> None:
    """root/<variant>/ with index.html, assets/calculator/worker.js and assets/pyodide/."""
    src = REPO / "docs" / "assets" / "pyodide"
    manifest = json.loads((src / "manifest.json").read_text(encoding="utf-8"))
    site = root / variant
    (site / "assets").mkdir(parents=True)
    # the worker and the modules it imports
    shutil.copytree(REPO / "docs" / "assets" / "calculator", site / "assets" / "calculator")
    shutil.copytree(src, site / "assets" / "pyodide")
    if variant == "full":
        npm = pyodide_bundle.PYODIDE_NPM
        shutil.copy(
            npm / "python_stdlib.zip", site / "assets" / "pyodide" / "python_stdlib-full.zip"
        )
        shutil.copy(
            npm / "pyodide-lock.json",
            site / "assets" / "pyodide" / manifest["runtime"] / "pyodide-lock.json",
        )
        manifest["stdlib"] = "python_stdlib-full.zip"
        manifest.pop("stdlib_gz", None)  # the worker reads `stdlib` when there is no gzipped one
        (site / "assets" / "pyodide" / "manifest.json").write_text(
            json.dumps(manifest), encoding="utf-8"
        )
    (site / "index.html").write_text(
        HARNESS % json.dumps(request, ensure_ascii=False), encoding="utf-8"
    )


def measure_browser(runs: int = 3, profiles: tuple[str, ...] = ("desktop", "4g")) -> dict:
    from playwright.sync_api import sync_playwright

    if not (REPO / "docs" / "assets" / "pyodide" / "manifest.json").exists():
        pyodide_bundle.build(quiet=True)
    request = next(r for r in pyodide_bundle.sample_requests() if r.get("kind") == "reimbursement")
    out: dict = {}
    with tempfile.TemporaryDirectory(prefix="boot-browser-") as tmp:
        root = Path(tmp)
        for variant in ("full", "trimmed"):
            _layout(root, variant, request)
        with StaticServer(root) as srv, sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True
            )
            for profile in profiles:
                times: dict[str, list[float]] = {"full": [], "trimmed": []}
                wire: dict[str, int] = {}
                answers: dict[str, str] = {}
                for _ in range(runs):
                    for variant in ("full", "trimmed"):  # interleaved
                        ctx = browser.new_context()
                        page = ctx.new_page()
                        cdp = ctx.new_cdp_session(page)
                        cdp.send("Network.enable")
                        if PROFILES[profile]:
                            cdp.send(
                                "Network.emulateNetworkConditions",
                                {"offline": False, **PROFILES[profile]},
                            )
                        srv.clear_log()
                        page.goto(srv.url(f"/{variant}/"))
                        page.wait_for_function("() => window.__done", timeout=300_000, polling=50)
                        done = page.evaluate("window.__done")
                        assert done["type"] == "result", done
                        times[variant].append(done["ms"])
                        answers[variant] = done["json"]
                        wire[variant] = sum(r.wire_bytes for r in srv.log_snapshot())
                        ctx.close()
                out[profile] = {
                    v: {
                        "ready_ms": round(statistics.median(t)),
                        "runs": runs,
                        "wire_bytes": wire[v],
                    }
                    for v, t in times.items()
                }
                out[profile]["same_result"] = answers["full"] == answers["trimmed"]
            browser.close()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--profiles", default="desktop,4g")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    res = measure_browser(args.runs, tuple(p for p in args.profiles.split(",") if p))
    if args.json:
        print(json.dumps(res, indent=1))
        return 0
    print(f"{'profile':8} {'variant':8} {'wire bytes':>12} {'ready ms':>9}")
    for profile, r in res.items():
        for v in ("full", "trimmed"):
            print(f"{profile:8} {v:8} {r[v]['wire_bytes']:>12,} {r[v]['ready_ms']:>9}")
    print(
        "(Chromium, fresh context per run, median; "
        "ready = new Worker() to the first estimate's answer)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
